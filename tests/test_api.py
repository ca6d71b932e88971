"""The library API: what the README shows works, without typer or rich, and the layers hold."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import argmap

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "argmap"
SHIPPED = ROOT / "claims" / "north-korea-seeking-new-friends.yaml"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_nothing_outside_the_cli_imports_the_cli_or_typer() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "cli" in path.relative_to(PACKAGE).parts or path.name == "__main__.py":
            continue
        bad = {m for m in _imports(path) if m == "typer" or m.startswith(("typer.", "argmap.cli"))}
        if bad:
            offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert offenders == []


def test_no_module_is_over_450_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > 450}
    assert long == {}


def test_drawing_from_python_leaves_typer_and_rich_out() -> None:
    code = (
        "import sys, argmap\n"
        f"d = argmap.draw({str(SHIPPED)!r}, 'dot', collapse=True)\n"
        "assert d.data.startswith('// argmap diagram'), d.data[:40]\n"
        f"e = argmap.export({str(SHIPPED)!r}, 'argdown')\n"
        "assert e.text and isinstance(e.losses, list)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]"


def test_errors_carry_the_cli_message_and_exit_code(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("argmap: 1\ntitle: x\nnodes:\n  - {id: T, kind: thesis}\n")
    with pytest.raises(argmap.InvalidMap) as caught:
        argmap.draw(bad, "dot")
    assert caught.value.code == 1
    fix = f"fix them first (argmap check {bad})"
    assert caught.value.message == f"{bad}: the map does not validate: it has errors; {fix}"
    assert [d.code for d in caught.value.diagnostics] == ["AM112"]
    with pytest.raises(argmap.ArgmapError) as unknown:
        argmap.draw(SHIPPED, "gif")
    assert unknown.value.code == 2 and "svg, png, pdf, dot, mmd, html" in unknown.value.message
    with pytest.raises(argmap.ArgmapError, match="cannot read the map"):
        argmap.export(tmp_path / "missing.yaml", "json")


def test_check_and_view_from_python() -> None:
    result = argmap.check(SHIPPED)
    assert result.map is not None and not result.has_errors
    assert {d.code for d in result.diagnostics} >= {"ST102", "SR204"}
    view = argmap.view_map(SHIPPED, focus="C6", depth=1)
    assert "C6" in {n.id for n in view.nodes} and len(view.nodes) < view.total_nodes


def test_the_command_line_starts_without_the_model() -> None:
    """`argmap --help` stays fast: no command module loads pydantic, rich or the model at import.
    (The stand-in for pydantic's plugin loader, argmap.cli.plugins, is no file and loads nothing.)"""
    code = (
        "import sys, argmap.cli\nprint(sorted(m for m, mod in sys.modules.items()"
        " if m.split('.')[0] in ('pydantic', 'rich') and getattr(mod, '__file__', None)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[]"


def test_commands_that_transform_a_map_give_it_checks_verdict_on_its_quotations(tmp_path: Path) -> None:
    """A misquoted anchor is an error for check, and so for render, show and export (issue 17)."""
    (tmp_path / "article.txt").write_text("The council voted for the lanes in May. Shops were consulted.\n")
    (tmp_path / "map.yaml").write_text(
        "argmap: 1\ntitle: Lanes\nsources:\n  - {id: s, title: Report, text: article.txt}\nnodes:\n"
        "  - {id: T, kind: thesis, text: The lanes were agreed.}\n"
        "  - {id: E1, kind: evidence, type: event, text: A vote., sources: [s], anchor: the council voted against}\n"
        "relations:\n  - {id: R1, kind: supports, from: E1, to: T}\n"
    )
    from typer.testing import CliRunner

    from argmap.cli import app

    runner = CliRunner()
    for args in (["check"], ["render", "-f", "dot"], ["show"], ["export", "--to", "json"]):
        done = runner.invoke(app, [*args, str(tmp_path / "map.yaml")])
        assert done.exit_code == 1, (args, done.output)
        assert 'error AM201 node E1: anchor "the council voted against" not found in source s' in done.output


def test_exercises_from_python(tmp_path: Path) -> None:
    """make_exercise returns every file in memory, student and teacher apart; grade marks by meaning."""
    key = ROOT / "tests" / "eval" / "bike-lanes" / "key.yaml"
    made = argmap.make_exercise(key, "starter", diagrams=False)
    names = sorted(str(p) for p in made.files)
    assert any(n.startswith("student/") for n in names) and any(n.startswith("teacher/") for n in names)
    assert not any("key" in n for n in names if n.startswith("student/"))
    students = sorted((ROOT / "tests" / "eval" / "bike-lanes" / "students").glob("*.yaml"))
    graded = argmap.grade(key, students[:2])
    assert len(graded.students) == 2
    with pytest.raises(argmap.ArgmapError):
        argmap.make_exercise(key, "crossword")
