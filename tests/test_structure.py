"""The shape of the code a maintainer reads (issue 32): short, simple functions; no import circles; no private names
borrowed across modules.

Complexity is radon's cyclomatic complexity (grade E starts above 30); a function's length counts the functions
nested in it. Imports are read from the source, imports inside functions included; those under
``if TYPE_CHECKING:`` are for the type checker only and do not count. A planted offender shows that each check
can fail.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from pathlib import Path

from radon.complexity import cc_visit
from radon.visitors import Function

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "argmap"
MAX_COMPLEXITY = 30
MAX_LINES = 80


def _modules(package: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_checking_only(tree: ast.Module) -> set[int]:
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hidden.update(id(inner) for statement in node.body for inner in ast.walk(statement))
    return hidden


def _imported(module: str, path: Path, modules: dict[str, Path]) -> Iterator[tuple[str, str, int]]:
    """(module imported, name taken from it or "", line) for every import of the package's own modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hidden = _type_checking_only(tree)
    top = module.split(".")[0]
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    yield alias.name, "", node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            if source.split(".")[0] != top:
                continue
            for alias in node.names:
                if f"{source}.{alias.name}" in modules:
                    yield f"{source}.{alias.name}", "", node.lineno
                elif source in modules:
                    yield source, alias.name, node.lineno


def _circles(package: Path) -> list[list[str]]:
    """Every strongly connected group of modules (Tarjan), each as the modules in it."""
    modules = _modules(package)
    graph = {m: sorted({target for target, _, _ in _imported(m, p, modules)} - {m}) for m, p in modules.items()}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for target in graph[module]:
            if target not in order:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], order[target])
        if low[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in graph:
        if module not in order:
            visit(module)
    return groups


def _private_borrowing(package: Path) -> list[str]:
    modules = _modules(package)
    return [
        f"{modules[module].relative_to(package.parent)}:{line}: {name} from {source}"
        for module, path in modules.items()
        for source, name, line in _imported(module, path, modules)
        if name.startswith("_") and not name.startswith("__") and source != module
    ]


def _too_complex(source: str, where: str) -> list[str]:
    return [
        f"{where}:{f.lineno} {f.fullname}: complexity {f.complexity}"
        for f in cc_visit(source)  # functions and methods, each once, with the classes
        if isinstance(f, Function) and f.complexity > MAX_COMPLEXITY
    ]


def _too_long(source: str, where: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if lines > MAX_LINES:
                found.append(f"{where}:{node.lineno} {node.name}: {lines} lines")
    return found


def _each_source() -> Iterator[tuple[str, str]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))


def test_no_function_is_above_complexity_30() -> None:
    assert [line for source, where in _each_source() for line in _too_complex(source, where)] == []


def test_no_function_is_over_80_lines() -> None:
    assert [line for source, where in _each_source() for line in _too_long(source, where)] == []


def test_no_import_circles() -> None:
    assert _circles(PACKAGE) == []


def test_no_private_name_is_imported_from_another_module() -> None:
    assert _private_borrowing(PACKAGE) == []


# --------------------------------------------------------------------------- the checks can fail


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    package = tmp_path / "pkg"
    for name, text in files.items():
        target = package / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return package


def test_a_circle_through_an_import_inside_a_function_is_found(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from pkg.b import shown\n",
            "b.py": "def shown():\n    from . import a\n    return a\n",
            "c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n",
            "d/__init__.py": "from .e import x\n",
            "d/e.py": "x = 1\n",
        },
    )
    assert _circles(package) == [["pkg.a", "pkg.b"]]


def test_a_private_name_from_another_module_is_found(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {"__init__.py": "", "a.py": "def _helper(): ...\n", "b.py": "from pkg.a import _helper, __doc__\n"},
    )
    assert _private_borrowing(package) == ["pkg/b.py:1: _helper from pkg.a"]


def test_complexity_and_length_are_measured_on_methods_and_nested_functions() -> None:
    branches = "".join(f"        if x == {i}:\n            return {i}\n" for i in range(31))
    source = f"class C:\n    def m(self, x):\n{branches}        return -1\n"
    assert _too_complex(source, "f.py") == ["f.py:2 C.m: complexity 32"]
    nested = "def outer():\n    def inner():\n" + "        pass\n" * 79 + "    return inner\n"
    assert _too_long(nested, "f.py") == ["f.py:1 outer: 82 lines"]
