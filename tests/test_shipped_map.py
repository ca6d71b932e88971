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
    # every item is anchored in the article and backed by it alone; the public records only contradict
    assert all(n.sources == ["mishra2014"] and n.anchor is not None for n in m.evidence())
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
    assert nodes["E_japan_delegation"].date == "2013-04"  # as printed; the record contradicts it


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


def _gaps_json(*options: str) -> dict:
    result = CliRunner().invoke(app, ["gaps", "--format", "json", *options, str(MAP)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_model_answer_report() -> None:
    """What a careful reader should learn from `gaps` on the shipped map (issue 14's done-when)."""
    doc = _gaps_json()
    claims = {c["id"]: c for c in doc["claims"]}
    t = claims["T"]
    # the thesis stands (nothing defeats it) but is not evidenced: it rests on asserted claims too. Both
    # sides of its comparison have evidence about them (the China side: sanctions, summits, no visits)
    assert (t["standing"], t["grounding"], t["type"]) == ("stands", "partly", "comparison")
    assert t["grounding_reason"] == "it rests on claims not all evidenced: C9 partly, C3 asserted"
    assert [g["code"] for g in t["gaps"]] == ["SR203"]  # one source for everything: said once, on the thesis
    assert doc["summary"]["verdict"].startswith(
        "the thesis stands (nothing in the map defeats it) but is not evidenced"
    )
    # the concession is written as the author weighs it: granted (it stands) and outweighed
    assert (claims["C13"]["standing"], claims["C14"]["standing"]) == ("stands", "stands")
    assert "R32 is outweighed (conceded by the author, not a defeat)" in claims["C6"]["reason"]
    assert doc["summary"]["standing"] == {"stands": 16}
    codes = {(d["code"], d["id"]) for d in doc["diagnostics"]}
    assert ("IC401", "E_treaty_silence") in codes and ("IC401", "E_russia_anniversary") in codes
    assert ("EQ306", "R17") in codes  # the treaty silence stands alone behind C6
    # the public records that contradict the article are findings, never corroboration
    assert {i for c, i in codes if c == "SR207"} == {"E_japan_delegation", "E_loan_writeoff"}
    assert not any(code in ("SR202", "DL502", "DL501", "CT601") for code, _ in codes)


def test_the_closing_conditional_leaves_the_concession_open_not_defeated() -> None:
    from argmap.semantics import analyse

    m = load_map(MAP).map
    assert m is not None
    acc = analyse(m)
    assert acc.grounded["R33"] == "accepted" and acc.grounded["R32"] == "undecided"
    assert "holds only if North Korea crosses the Rubicon with Japan, which has not been met" in acc.reasons["R32"]
    assert acc.grounded["C6"] == acc.grounded["T"] == "accepted"


def test_show_prints_records_as_contradictions_not_as_sources() -> None:
    result = CliRunner().invoke(app, ["show", str(MAP)], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "Wikipedia" not in "".join(line for line in result.output.splitlines() if "source:" in line)
    assert "(contradicted by Wikipedia (record_iijima): the visit was made on 14-17 May 2013" in result.output
    assert "[+] supports R34 [mapper's]" in result.output
    assert "[-] attacks R32 (may; conceded, outweighed)" in result.output
    assert "(if North Korea crosses the Rubicon with Japan, not yet met)" in result.output


def test_author_only_shows_what_the_mappers_inferences_hide() -> None:
    """Without the mapper's inferences (R34, R35) the closing prediction has nothing behind it."""
    full, alone = _gaps_json(), _gaps_json("--author-only")
    assert [(c["grounding"], c["mapper"]) for c in full["claims"] if c["id"] == "C15"] == [
        ("partly", {"inferences": ["R34", "R35"]})
    ]
    c15 = next(c for c in alone["claims"] if c["id"] == "C15")
    assert c15["grounding"] == "asserted" and [g["code"] for g in c15["gaps"]] == ["ST102"]
    # C5 (China alienated) is evidenced only through the mapper's R12; the author's C1 and C4 are
    # evidenced, but nothing of the author's bears on C5's own content
    c5 = next(c for c in alone["claims"] if c["id"] == "C5")
    assert (c5["grounding"], c5["grounding_reason"]) == (
        "partly",
        "every claim it rests on is evidenced (C1, C4), but no evidence bears on it directly",
    )
    left = alone["author_only"]["left_out"]
    assert {"relation R12 (the mapper's inference)", "relation R34 (the mapper's inference)"} <= set(left)
    assert "source record_iijima (a record the mapper looked up)" in left
    assert not any(d["code"] == "SR207" for d in alone["diagnostics"])  # the records are the mapper's


def test_hedges_are_kept_as_qualifiers() -> None:
    m = load_map(MAP).map
    assert m is not None
    rels = {r.id: r for r in m.relations}
    assert {rels[r].qualifier for r in ("R2", "R3", "R4", "R5")} == {"appears"}
    assert {rels[r].qualifier for r in ("R7", "R8", "R9")} == {"it seems"}
    assert (rels["R15"].qualifier, rels["R29"].qualifier) == ("symbolic", "it has been reported")
    assert "in a way" in (rels["R15"].warrant or "")
    nodes = {n.id: n for n in m.nodes}
    assert "it seems" in nodes["C7"].text and "probably" in nodes["C7"].text
    assert "appears" in nodes["C1"].text and "It seems" in nodes["C4"].text
    assert nodes["E_no_visits_china_nk"].type == "absence"
    assert nodes["E_trade_russia"].approximate  # "reached up to US $104 million"


def test_nothing_is_said_beyond_the_text() -> None:
    m = load_map(MAP).map
    assert m is not None
    nodes = {n.id: n for n in m.nodes}
    silence = nodes["E_treaty_silence"]
    # "there was no official statement": the article names no one who failed to make it
    assert silence.expected_from is None and "North Korea issued" not in silence.text
    assert "regular" not in nodes["E_japan_talks"].text


def test_the_mappers_part_is_marked() -> None:
    m = load_map(MAP).map
    assert m is not None
    assert [s.id for s in m.sources if s.by == "mapper"] == ["record_iijima", "record_nk_russia"]
    assert [r.id for r in m.relations if r.by == "mapper"] == ["R12", "R34", "R35"]
    mapper_warrants = [r.id for r in m.relations if r.warrant and r.warrant_maker == "mapper"]
    assert mapper_warrants == ["R1", "R11", "R12", "R14", "R16", "R17", "R19", "R23", "R28", "R29", "R34", "R35"]


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
    assert "SR207 statistic E_loan_writeoff is contradicted on its period by record_nk_russia" in excerpt
    assert "R32 is outweighed (conceded by the author, not a defeat)" in excerpt
