"""The README's tables of rules, schemes, claim types, evidence types and formats are the catalogue's, and
its guide to extending argmap (adding a rule, a scheme; what each concept touches) matches the code: a new
rule, scheme, type or format cannot land without its line in the README."""

from __future__ import annotations

import importlib
import inspect
import re
import typing
from pathlib import Path

from argmap.formats import get, names
from argmap.model import EVIDENCE_CLASSES, ClaimType
from argmap.report import FORMATS as REPORT_FORMATS
from argmap.rules import all_rules
from argmap.rules.base import rule
from argmap.schemes import catalogue

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _section(heading: str) -> str:
    start = README.index(heading)
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else len(README)]


def test_the_rule_table_is_the_catalogue() -> None:
    rows = re.findall(r"^\| ([A-Z]{2}\d{3}) \| `([a-z0-9-]+)` \| (\w+) \| (.+?) \|$", README, re.MULTILINE)
    rules = all_rules()
    assert {code: (name, severity) for code, name, severity, _ in rows} == {
        r.code: (r.name, r.severity.value) for r in rules
    }
    assert len(rows) == len(rules), "a rule is listed twice"


def test_the_scheme_list_is_the_catalogue() -> None:
    section = _section("### Argument schemes and critical questions")
    listed = section.split("shipped with argmap", 1)[1].split("`argmap schemes`", 1)[0]
    assert re.findall(r"`([a-z-]+)`", listed) == list(catalogue())


def test_the_claim_type_table_is_the_model() -> None:
    section = _section("### Typed claims")
    listed = re.findall(r"^\| `([a-z]+)`(?:, `([a-z]+)`)? \|", section, re.MULTILINE)
    names = [n for pair in listed for n in pair if n]
    assert sorted(names) == sorted(typing.get_args(ClaimType))


def test_every_evidence_type_is_named_in_the_format_section() -> None:
    section = _section("## The map format")
    for name in EVIDENCE_CLASSES:
        assert f"`{name}`" in section, f"evidence type {name} is not described in README › The map format"


def test_the_guide_to_adding_a_rule_calls_rule_as_the_code_takes_it() -> None:
    guide = README.split("**Adding a rule.**", 1)[1].split("\n\n", 1)[0]
    call = re.search(r"`@rule\((.*?)\)`", guide)
    assert call is not None
    written = [a.strip().split("=")[0].lower() for a in call.group(1).split(",")]
    assert written == list(inspect.signature(rule).parameters)


def _commands_row(command: str) -> str:
    row = re.search(rf"^\| `argmap {re.escape(command)}.*$", README, re.MULTILINE)
    assert row is not None, f"no row for argmap {command} in README › Commands"
    return row.group(0)


def test_the_command_table_names_every_registered_format() -> None:
    def listed(row: str, option: str) -> list[str]:
        found = re.search(rf"{option} \[?([a-z]+(?:\\\|[a-z]+)*)", row)
        assert found is not None, row
        return found.group(1).split("\\|")

    assert listed(_commands_row("export MAP --to"), "--to") == names("export")
    assert listed(_commands_row("import FILE"), "--from") == names("import")
    assert listed(_commands_row("check PATH"), "-f") == list(REPORT_FORMATS)
    suffixes = re.search(r"diagrams: `([^`]*)`", _commands_row("render MAP -o OUT"))
    assert suffixes is not None
    assert suffixes.group(1).split() == [get("diagram", n).suffix for n in names("diagram")]


def test_the_format_table_has_a_row_for_every_exchange_format() -> None:
    """Each import format has its row (`import --from NAME`), and each export format for other tools
    (`export --to NAME`); argmap's own JSON and YAML and its Markdown outline are told of elsewhere."""
    section = _section("## Exchanging maps with other tools")
    table = section.split("| format | direction |", 1)[1].split("\n\n", 1)[0]
    directions = re.findall(r"^\| [^|]+ \| (import|export) `--(?:from|to) ([a-z]+)`", table, re.MULTILINE)
    assert sorted(n for d, n in directions if d == "import") == sorted(names("import"))
    exported = {n for d, n in directions if d == "export"}
    assert exported <= set(names("export"))
    assert set(names("export")) - exported == {"json", "yaml", "markdown"}


def test_the_extension_guide_names_what_exists() -> None:
    """Every file and every name the table "One place per concept" tells a developer to touch exists: a
    path (from the repository, argmap/ or tests/), a ``module.NAME``, or a name in a file its row names."""
    root = Path(__file__).parent.parent
    section = README.split("### One place per concept", 1)[1].split("\n## ", 1)[0]
    rows = [r for r in section.splitlines() if r.startswith("| ") and not r.startswith(("| to add", "| ---"))]
    assert len(rows) >= 6
    for row in rows:
        ticked = re.findall(r"`([^`]+)`", row)
        paths = [t for t in ticked if re.fullmatch(r"[\w/]+\.(py|yaml|js)", t)]
        files = [p for t in paths for p in (root / t, root / "argmap" / t, root / "tests" / t) if p.is_file()]
        assert len(files) == len(paths), f"README › One place per concept names a missing file: {paths}"
        for t in ticked:
            if re.fullmatch(r"[a-z]+\.[A-Z_]+", t):
                module, name = t.split(".")
                assert hasattr(importlib.import_module(f"argmap.{module}"), name), t
            elif re.fullmatch(r"_?[A-Z]\w*", t):  # a class, a table or a constant: in a file of the row
                word = re.compile(rf"\b{t}\b")
                assert any(word.search(f.read_text(encoding="utf-8")) for f in files), f"{t} is in none of {paths}"


def test_the_guide_to_adding_a_scheme_names_its_fields() -> None:
    """The fields the guide lists for a scheme entry are what the shipped catalogue's entries hold."""
    import yaml

    row = next(r for r in README.splitlines() if r.startswith("| an argument scheme |"))
    named = set(re.findall(r"`(\w+)`", row.split("schemes.yaml`", 1)[1].split("|", 1)[0]))
    raw = yaml.safe_load((Path(__file__).parent.parent / "argmap" / "schemes.yaml").read_text(encoding="utf-8"))
    held = {k for entry in raw.values() for k in entry} | {k for e in raw.values() for q in e["questions"] for k in q}
    assert named == held
