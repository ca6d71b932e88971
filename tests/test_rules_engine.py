"""The rule engine: registry, documentation examples, selection, severities, per-item ignores."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.diagnostics import Severity
from argmap.load import load_text
from argmap.pipeline import CheckOptions, check_file
from argmap.report import format_sarif
from argmap.rules import ALIASES, FAMILIES, all_rules, get_rule, load_example, run_rules, unknown_patterns
from argmap.rules.base import Finding, rule

# A map on which several rules fire: ST102 (C2), SR201 (E1), EQ302 (E1), EQ303 (E1).
MAP = """\
argmap: 1
title: t
nodes:
  - {id: T, kind: thesis, text: Trade with Moscow matters.}
  - {id: C1, kind: claim, text: Economic ties.}
  - {id: C2, kind: claim, text: Bare.}
  - {id: E1, kind: evidence, type: statistic, text: Trade., value: 104, period: 2013}
relations:
  - {id: R1, kind: supports, from: [C1, C2], to: T}
  - {id: R2, kind: supports, from: E1, to: C1}
"""


def codes(text: str = MAP, **options: object) -> list[str]:
    result = load_text(text)
    assert result.map is not None and not result.has_errors
    return sorted(d.code for d in run_rules(result.map, result.graph, **options))  # type: ignore[arg-type]


def with_config(config: str) -> str:
    return MAP.replace("title: t\n", f"title: t\nconfig: {config}\n")


def test_registry_codes_families_and_docs() -> None:
    rules = all_rules()
    assert [r.code for r in rules] == sorted(r.code for r in rules)
    assert len({r.name for r in rules}) == len(rules)
    for r in rules:
        assert r.code[:2] in FAMILIES and r.code[2:].isdigit() and len(r.code) == 5
        assert r.family and r.summary and r.doc and r.severity in Severity
        assert r.code not in ALIASES
    assert {r.code[:2] for r in rules} == set(FAMILIES)


@pytest.mark.parametrize("code", [r.code for r in all_rules()])
def test_documented_examples_fail_and_pass(code: str) -> None:
    r = get_rule(code)
    assert r is not None
    for which, should_fire in (("bad", True), ("good", False)):
        result = load_example(r.example(which), r.example_texts(which))
        assert result.map is not None and not result.has_errors, f"{code} {which} example is not a valid map"
        found = [d.code for d in run_rules(result.map, result.graph, select=[code])]
        assert bool(found) is should_fire, f"{code} {which} example"


def test_get_rule_is_case_insensitive_and_knows_nothing_else() -> None:
    rule_ = get_rule("eq304")
    assert rule_ is not None and rule_.name == "comparison-without-baseline"
    assert get_rule("EQ399") is None
    assert get_rule("AM111") is None


def test_retired_codes_resolve_through_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ALIASES, "EQ399", "EQ302")
    rule_ = get_rule("EQ399")
    assert rule_ is not None and rule_.code == "EQ302"
    assert codes(select=["EQ399"]) == ["EQ302"]
    assert "EQ302" not in codes(ignore=["EQ399"])
    with pytest.raises(ValueError, match="already taken"):
        rule("EQ399", "x", Severity.INFO, "x")(lambda ctx: iter(()))


def test_codes_are_never_reused_and_families_are_known() -> None:
    def check(ctx: object) -> list[Finding]:
        return []

    with pytest.raises(ValueError, match="already taken"):
        rule("ST101", "again", Severity.INFO, "x")(check)
    with pytest.raises(ValueError, match="family"):
        rule("ZZ101", "new", Severity.INFO, "x")(check)


def test_default_run() -> None:
    assert codes() == ["EQ302", "EQ303", "SR201", "ST102"]


def test_select_by_code_prefix_name_and_all() -> None:
    assert codes(select=["EQ302"]) == ["EQ302"]
    assert codes(select=["EQ"]) == ["EQ302", "EQ303"]
    assert codes(select=["eq3"]) == ["EQ302", "EQ303"]
    assert codes(select=["unsupported-claim"]) == ["ST102"]
    assert codes(select=["ALL"]) == codes()


def test_ignore_wins_over_select() -> None:
    assert codes(select=["EQ"], ignore=["EQ303"]) == ["EQ302"]
    assert codes(ignore=["EQ", "SR"]) == ["ST102"]


def test_severity_overrides_longest_key_wins_and_off_disables() -> None:
    result = load_text(MAP)
    assert result.map is not None
    diags = run_rules(result.map, result.graph, severity={"EQ": "error", "EQ303": "warning", "ST102": "off"})
    by_code = {d.code: d.severity for d in diags}
    assert by_code == {"EQ302": Severity.ERROR, "EQ303": Severity.WARNING, "SR201": Severity.WARNING}


def test_config_section_and_how_the_command_line_combines_with_it() -> None:
    assert codes(with_config("{select: [EQ]}")) == ["EQ302", "EQ303"]
    # the command line's select replaces the map's; its ignore adds to the map's
    assert codes(with_config("{select: [EQ]}"), select=["ST"]) == ["ST102"]
    assert codes(with_config("{ignore: [EQ302]}"), ignore=["SR201"]) == ["EQ303", "ST102"]
    result = load_text(with_config("{severity: {EQ302: info, ST102: off}}"))
    assert result.map is not None
    diags = run_rules(result.map, result.graph, severity={"EQ302": "error"})
    expected = {"EQ302": "error", "EQ303": "info", "SR201": "warning"}
    assert {d.code: d.severity.value for d in diags} == expected


def test_a_mistyped_select_does_not_hide_itself() -> None:
    assert codes(with_config("{select: [EQ39]}")) == ["RL001"]
    assert codes(with_config("{select: [EQ39], ignore: [RL]}")) == []
    assert codes(select=["EQ302"]) == ["EQ302"]  # a valid selection: RL001 has nothing to say


def test_item_ignore_silences_only_that_item() -> None:
    text = MAP.replace("text: Bare.}", "text: Bare., ignore: [ST1]}")
    assert codes(text) == ["EQ302", "EQ303", "SR201"]
    text = MAP.replace("period: 2013}", "period: 2013, ignore: [EQ302, sr201]}")
    assert codes(text) == ["EQ303", "ST102"]


def test_relation_ignore() -> None:
    text = MAP + "  - {id: R3, kind: attacks, from: C2, to: T, ignore: [DL501]}\n"
    assert "DL501" not in codes(text)
    assert "DL501" in codes(text.replace(", ignore: [DL501]", ""))


def test_diagnostics_carry_paths_and_subjects_not_lines() -> None:
    result = load_text(MAP)
    assert result.map is not None
    diags = {d.code: d for d in run_rules(result.map, result.graph)}
    assert diags["ST102"].path == ("nodes", 2) and diags["ST102"].subject == "C2"
    assert diags["EQ302"].path == ("nodes", 3, "value")
    assert all(d.line == 0 for d in diags.values())


def test_unknown_patterns() -> None:
    assert unknown_patterns(["EQ", "ST101", "single-source", "ALL", "XX9", "EQ399", "", "AM111"]) == [
        "XX9",
        "EQ399",
        "",
        "AM111",
    ]


def test_check_pipeline_runs_the_rules_located(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(MAP, encoding="utf-8")
    result = check_file(path, CheckOptions(select=["ST", "EQ302"], severity={"EQ302": "error"}))
    found = sorted((d.code, d.line, d.severity.value) for d in result.diagnostics)
    assert found == [("EQ302", 7, "error"), ("ST102", 6, "warning")]
    assert all(d.file == str(path) for d in result.diagnostics)
    sarif = format_sarif(result.diagnostics, 1)
    assert '"name": "statistic-without-unit"' in sarif and '"name": "unsupported-claim"' in sarif


def test_rules_do_not_run_on_a_broken_map(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(MAP.replace("to: C1}", "to: C9}"), encoding="utf-8")
    result = check_file(path)
    assert [d.code for d in result.diagnostics] == ["AM103"]


def test_every_claim_type_has_its_need_and_every_need_a_type() -> None:
    from typing import get_args

    from argmap.model import ClaimType
    from argmap.rules.claimtypes import _NEEDS

    types = set(get_args(ClaimType))
    assert set(_NEEDS) == types - {"fact"}  # a fact needs evidence, like any claim (ST1xx)


def test_scheme_catalogue_ids_and_questions_are_well_formed() -> None:
    import re

    from argmap.schemes import catalogue, scheme_from_name

    schemes = catalogue()
    assert len(schemes) >= 12
    for sid, s in schemes.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", sid), sid
        ids = [q.id for q in s.questions]
        assert len(ids) >= 2 and len(set(ids)) == len(ids), sid
        assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", q) for q in ids), sid
        assert all(q.ask.endswith("?") for q in s.questions), sid
        assert scheme_from_name(s.name) == sid  # AIF import finds every scheme by its name
