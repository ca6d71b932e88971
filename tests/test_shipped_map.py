"""The map shipped in claims/: it must stay valid, its anchors must pin the source, and breaking a copy
must be reported by the CLI at the right line.

Expected line numbers are computed from the text each test inserts or changes, so the tests hold
when the map itself is edited.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.anchors import find_anchor, normalise, resolve_source_text
from argmap.cli import app
from argmap.diagnostics import Severity
from argmap.load import load_map
from argmap.pipeline import CheckOptions, check_file

ROOT = Path(__file__).resolve().parents[1]
MAP = ROOT / "claims" / "north-korea-seeking-new-friends.yaml"
TEXTS = ROOT.parent / "shared" / "sources"

needs_texts = pytest.mark.skipif(
    not (TEXTS / "north-korea-seeking-new-friends.txt").is_file(),
    reason=f"source texts not present in {TEXTS}",
)


def _errors(diags: list) -> list:
    return [d for d in diags if d.severity is Severity.ERROR]


# --------------------------------------------------------------------------- the map as shipped


def test_shipped_map_loads_without_errors() -> None:
    result = load_map(MAP)
    assert result.map is not None
    assert _errors(result.diagnostics) == [], [str(d) for d in result.diagnostics]
    m = result.map
    assert [n.id for n in m.nodes if n.kind == "thesis"] == ["T"]
    # every item is anchored in the article; a public record, where cited, comes second and unanchored
    assert all(n.sources[0] == "mishra2014" and n.anchor is not None for n in m.evidence())
    assert all(n.anchor.source in (None, "mishra2014") for n in m.evidence() if n.anchor)
    kinds = {r.kind for r in m.relations}
    assert {"supports", "attacks", "undercuts"} <= kinds


def test_source_text_is_found_by_file_name_not_by_relative_path() -> None:
    m = load_map(MAP).map
    assert m is not None
    source = m.sources[0]
    # claims/ must work wherever the shared texts live: a bare file name, looked up in --texts dirs.
    assert source.text == "north-korea-seeking-new-friends.txt"
    assert [s.text for s in m.sources[1:]] == [None, None]  # public records: cited, not held


def test_ordinals_are_recorded_as_printed() -> None:
    """The article's anniversary ordinals disagree with history; the map keeps what it prints."""
    m = load_map(MAP).map
    assert m is not None
    nodes = {n.id: n for n in m.nodes}
    russia, treaty = nodes["E_russia_anniversary"], nodes["E_treaty_silence"]
    assert (russia.occasion.anniversary, russia.occasion.commemorated_date) == (11, "2000-07-19")
    assert (treaty.occasion.anniversary, treaty.occasion.commemorated_date) == (33, "1961-07-11")
    trade = nodes["E_trade_russia"]
    assert trade.baseline is None  # the article gives none; none may be invented
    assert nodes["E_japan_delegation"].date == "2013-04"  # as printed; the note gives the record


KEY_EVIDENCE = [
    "E_jang_execution", "E_insults_park_us", "E_insult_china", "E_missiles", "E_tests_2013", "E_tension_2013",
    "E_exercise_opposition", "E_china_sanctions", "E_summits_china_sk", "E_no_visits_china_nk",
    "E_treaty_silence", "E_japan_delegation", "E_japan_talks", "E_loan_writeoff", "E_visits_russia",
    "E_russia_anniversary", "E_trade_russia", "E_fm_tour",
]  # fmt: skip
NODE_IDS = ["T", *(f"C{i}" for i in range(1, 16))]


def test_ids_and_key_evidence_are_stable() -> None:
    """The exercises use this map as their answer key: its ids must not move."""
    m = load_map(MAP).map
    assert m is not None
    assert [n.id for n in m.nodes if n.kind != "evidence"] == NODE_IDS
    assert [n.id for n in m.evidence()] == KEY_EVIDENCE
    assert [r.id for r in m.relations] == [f"R{i}" for i in range(1, 36)]


def _gaps_json() -> dict:
    result = CliRunner().invoke(app, ["gaps", "--format", "json", str(MAP)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_model_answer_report() -> None:
    """What a careful reader should learn from `gaps` on the shipped map (issue 14's done-when)."""
    doc = _gaps_json()
    claims = {c["id"]: c for c in doc["claims"]}
    t = claims["T"]
    # the thesis stands (nothing defeats it) but is not evidenced: the China side of its comparison is missing
    assert (t["standing"], t["grounding"], t["type"]) == ("stands", "partly", "comparison")
    assert "no evidence below it is about China" in t["grounding_reason"]
    assert [g["code"] for g in t["gaps"] if g["severity"] == "warning"] == ["CT601"]
    assert doc["summary"]["verdict"].startswith(
        "the thesis stands (nothing in the map defeats it) but is not evidenced"
    )
    # the concession is drawn as the article leaves it: it stands; only its force against C6 is taken away
    assert (claims["C13"]["standing"], claims["C14"]["standing"]) == ("stands", "stands")
    assert doc["summary"]["standing"] == {"stands": 16}
    codes = {(d["code"], d["id"]) for d in doc["diagnostics"]}
    assert ("IC401", "E_treaty_silence") in codes and ("IC401", "E_russia_anniversary") in codes
    assert ("EQ306", "R17") in codes  # the treaty silence stands alone behind C6
    assert not any(code in ("SR202", "DL502") for code, _ in codes)  # inferable dates filled; nothing defeated


def test_hedges_are_kept_as_qualifiers() -> None:
    m = load_map(MAP).map
    assert m is not None
    rels = {r.id: r for r in m.relations}
    assert {rels[r].qualifier for r in ("R2", "R3", "R4", "R5")} == {"appears"}
    assert {rels[r].qualifier for r in ("R7", "R8", "R9")} == {"it seems"}
    nodes = {n.id: n for n in m.nodes}
    assert "it seems" in nodes["C7"].text and "probably" in nodes["C7"].text
    assert nodes["E_no_visits_china_nk"].type == "absence"


def test_anchors_are_a_clause_at_most() -> None:
    m = load_map(MAP).map
    assert m is not None
    longest = max(m.evidence(), key=lambda n: len(n.anchor.exact.split()) if n.anchor else 0)
    assert longest.anchor is not None and len(longest.anchor.exact.split()) <= 12, longest.id


@needs_texts
def test_every_anchor_occurs_exactly_once() -> None:
    result = check_file(MAP, CheckOptions(texts=[TEXTS], rules=False))
    codes = [d.code for d in result.diagnostics]
    assert not {"AM201", "AM202", "AM203"} & set(codes), [str(d) for d in result.diagnostics]
    assert _errors(result.diagnostics) == []

    m = result.map
    assert m is not None
    path = resolve_source_text(m.sources[0], MAP.parent, [TEXTS])
    assert path is not None
    text = normalise(path.read_text(encoding="utf-8"))
    for node in m.evidence():
        assert node.anchor is not None
        match = find_anchor(node.anchor, text)
        assert match.count == 1, f"{node.id}: {node.anchor.exact!r} found {match.count} times"


@needs_texts
def test_full_check_reports_no_errors() -> None:
    result = check_file(MAP, CheckOptions(texts=[TEXTS], rules=True))
    assert _errors(result.diagnostics) == [], [str(d) for d in result.diagnostics]


# --------------------------------------------------------------------------- broken copies via the CLI


def _lines() -> list[str]:
    return MAP.read_text(encoding="utf-8").splitlines()


def _index(lines: list[str], line: str) -> int:
    """Index of the one line equal to ``line`` (the tests anchor their edits on top-level keys)."""
    found = [i for i, ln in enumerate(lines) if ln == line]
    assert len(found) == 1, f"expected one line {line!r} in the map, found {len(found)}"
    return found[0]


def _check(tmp_path: Path, lines: list[str]) -> tuple[int, list[dict]]:
    broken = tmp_path / "broken.yaml"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--no-rules", "--format", "json", str(broken)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def _lines_of(diags: list[dict], code: str) -> list[int]:
    return [d["line"] for d in diags if d["code"] == code]


def test_unmodified_copy_passes(tmp_path: Path) -> None:
    code, diags = _check(tmp_path, _lines())
    assert code == 0
    assert [d for d in diags if d["severity"] == "error"] == []


def test_relation_to_unknown_node_is_am103_at_its_line(tmp_path: Path) -> None:
    lines = _lines()
    at = _index(lines, "relations:") + 1
    lines[at:at] = [
        "  - id: R_broken",
        "    kind: supports",
        "    from: C1",
        "    to: NO_SUCH_NODE",
    ]
    code, diags = _check(tmp_path, lines)
    assert code == 1
    assert _lines_of(diags, "AM103") == [at + 4]


def test_duplicate_node_id_is_am106_at_the_second_id(tmp_path: Path) -> None:
    lines = _lines()
    m = load_map(MAP).map
    assert m is not None
    first_id = m.nodes[0].id
    # The copy goes after the last node, so it is the second occurrence of the id.
    at = _index(lines, "relations:")
    lines[at:at] = [
        f"  - id: {first_id}",
        "    kind: claim",
        "    text: A second node with an id already taken.",
        "",
    ]
    code, diags = _check(tmp_path, lines)
    assert code == 1
    assert _lines_of(diags, "AM106") == [at + 1]


def test_misspelt_field_is_am101_at_its_line(tmp_path: Path) -> None:
    lines = _lines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("    warrant:"))
    lines[at] = lines[at].replace("warrant:", "warant:", 1)
    code, diags = _check(tmp_path, lines)
    assert code == 1
    assert _lines_of(diags, "AM101") == [at + 1]
    assert "warant" in next(d["message"] for d in diags if d["code"] == "AM101")


def test_duplicate_key_in_a_node_is_am004_at_the_second_key(tmp_path: Path) -> None:
    lines = _lines()
    kind_line = _index(lines, "  - id: C1") + 1
    assert lines[kind_line] == "    kind: claim"
    at = kind_line + 1
    lines[at:at] = ["    kind: claim"]
    code, diags = _check(tmp_path, lines)
    assert code == 1
    assert _lines_of(diags, "AM004") == [at + 1]


def test_readme_gaps_excerpt_is_the_program_output() -> None:
    """The README's excerpt is regenerated by tests/tools/readme_gaps.py, never edited by hand."""
    import runpy

    script = runpy.run_path(str(ROOT / "tests" / "tools" / "readme_gaps.py"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert script["rewrite"](readme) == readme, "README gaps excerpt is stale: run python tests/tools/readme_gaps.py"
    assert script["main"](["--check"]) == 0
    excerpt = script["excerpt"]()
    assert "THESIS T  stands, partly evidenced  (comparison)" in excerpt
    assert "CT601 comparison T: no evidence below it is about China" in excerpt
