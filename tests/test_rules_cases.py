"""Data-driven rule tests: every case in argmap/rules/cases/*.yaml (one file per rule).

A case is a small map (inline YAML), the source texts its anchors are read against (``texts``, file
name -> text, for the rules that read anchors), and the findings the file's rule must produce on it, as
``CODE@line`` strings or "no findings". Only that rule runs, so other rules' findings do not
matter. Adding a case needs no Python.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from argmap.diagnostics import Severity
from argmap.rules import all_rules, load_example, run_rules

CASES_DIR = Path(__file__).parent.parent / "argmap" / "rules" / "cases"


def _cases() -> list[Any]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(doc["cases"]):
            out.append(pytest.param(doc["rule"], case, id=f"{path.stem}-{i + 1}-{case['name'][:40]}"))
    return out


def _expected(value: Any) -> list[str]:
    if value == "no findings":
        return []
    assert isinstance(value, list) and value, "expect must be a list of CODE@line or 'no findings'"
    return sorted(value)


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, Any]) -> None:
    result = load_example(case["map"], case.get("texts"), file="case.yaml")  # texts: for RD8xx
    assert result.map is not None
    errors = [str(d) for d in result.diagnostics if d.severity is Severity.ERROR]
    assert errors == [], "a rule case must be a valid map"
    result.diagnostics = run_rules(result.map, result.graph, select=[code])
    result.locate()
    found = sorted(f"{d.code}@{d.line}" for d in result.diagnostics)
    assert found == _expected(case["expect"]), [d.message for d in result.diagnostics]
    assert all(d.code == code for d in result.diagnostics)


def test_every_rule_has_a_case_file_with_failing_and_passing_cases() -> None:
    files = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in CASES_DIR.glob("*.yaml")}
    codes = {r.code for r in all_rules()}
    assert set(files) == codes
    for code, doc in files.items():
        assert doc["rule"] == code
        outcomes = {case["expect"] == "no findings" for case in doc["cases"]}
        assert outcomes == {True, False}, f"{code} needs a failing and a passing case"


def test_each_rules_examples_are_two_of_its_cases() -> None:
    """`argmap rules CODE` shows the cases marked ``example: failing`` and ``example: passing`` of the case
    file, which the tests above run: the documentation's examples cannot drift from what the rule does."""
    for r in all_rules():
        doc = yaml.safe_load((CASES_DIR / f"{r.code}.yaml").read_text(encoding="utf-8"))
        marked = [(c["example"], c["expect"]) for c in doc["cases"] if "example" in c]
        assert sorted(m for m, _ in marked) == ["failing", "passing"], r.code
        assert dict(marked)["passing"] == "no findings" and dict(marked)["failing"] != "no findings", r.code
        assert r.example("bad") == next(c["map"] for c in doc["cases"] if c.get("example") == "failing")
