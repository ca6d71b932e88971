"""The README's tables of rules, schemes, claim types and evidence types are the catalogue's, and its guide
to adding a rule matches the code: a new rule, scheme or type cannot land without its line in the README."""

from __future__ import annotations

import inspect
import re
import typing
from pathlib import Path

from argmap.model import EVIDENCE_CLASSES, ClaimType
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
