"""Worksheets as printed (issue 27): every kind, on A4 and Letter, for the shipped map and every key in
tests/eval. What is measured is read back from the PDF with poppler's ``pdftotext -bbox`` (word
boxes, calibrated on Helvetica of a known size), not taken from what the code meant to draw."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from pdfwords import box_height_per_point, page_words

from argmap.api import load_valid
from argmap.exercises.layout import build_files
from argmap.rules import run_rules

HERE = Path(__file__).parent
MAPS = {
    "shipped": HERE.parent / "claims" / "north-korea-seeking-new-friends.yaml",
    "bike-lanes": HERE / "eval" / "bike-lanes" / "key.yaml",
}
KINDS = ("fill-evidence", "match", "find-gaps", "starter")
PAPERS = ("a4", "letter")
TYPES = ("statistic", "count", "statement", "event", "absence")

_MISSING = shutil.which("pdftotext") is None or shutil.which("dot") is None
if _MISSING and os.environ.get("ARGMAP_REQUIRE_PDF") == "1":
    raise RuntimeError("ARGMAP_REQUIRE_PDF=1 but poppler-utils (pdftotext) or Graphviz is missing")
pytestmark = pytest.mark.skipif(_MISSING, reason="needs poppler-utils (pdftotext) and Graphviz")


def _pages(pdf: bytes, tmp: Path) -> list[list[tuple[float, str]]]:
    path = tmp / "sheet.pdf"
    path.write_bytes(pdf)
    return page_words(path)


@pytest.fixture(scope="module")
def box_per_pt(tmp_path_factory: pytest.TempPathFactory) -> float:
    return box_height_per_point(tmp_path_factory.mktemp("calibrate"))


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], dict[str, object]]:
    out: dict[tuple[str, str, str], dict[str, object]] = {}
    for name, path in MAPS.items():
        m = load_valid(path).map
        assert m is not None
        for kind in KINDS:
            for paper in PAPERS:
                out[name, kind, paper] = dict(build_files(m, kind, paper=paper).files)
    return out


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(MAPS))
def test_every_page_has_content_and_words_are_readable(
    made: dict[tuple[str, str, str], dict[str, object]],
    box_per_pt: float,
    tmp_path: Path,
    name: str,
    kind: str,
    paper: str,
) -> None:
    pdf = made[name, kind, paper]["student/worksheet.pdf"]
    assert isinstance(pdf, bytes)
    pages = _pages(pdf, tmp_path)
    assert all(len(words) >= 3 for words in pages), [len(w) for w in pages]  # no page empty but for a box edge
    sizes = [h / box_per_pt for words in pages for h, _ in words]
    assert sum(s >= 5.95 for s in sizes) / len(sizes) >= 0.9
    if kind == "match":  # an item and the line to answer it on are never parted by a page
        assert not any(words[0][1] == "Bears" for words in pages)
    if kind == "fill-evidence":
        # a card is whole on its page: its first and its last field on the same page, every time
        for words in pages:
            text = " ".join(w for _, w in words)
            assert text.count("Evidence, in your words") == text.count("Words of the text")
        if name == "shipped":
            assert len(pages) <= 6


@pytest.mark.parametrize("name", list(MAPS))
def test_fill_evidence_gives_no_type_away(made: dict[tuple[str, str, str], dict[str, object]], name: str) -> None:
    files = made[name, "fill-evidence", "a4"]
    md = str(files["student/worksheet.md"])
    headings = [line for line in md.splitlines() if line.startswith("### B")]
    assert headings and not any(t in h for h in headings for t in TYPES)
    fields = {tuple(re.findall(r"^- ([^:]+):", block, re.M)) for block in md.split("### B")[1:]}
    assert len(fields) == 1  # every blank asks the same: boxes of one size
    svg = files["student/worksheet.svg"]
    assert isinstance(svg, bytes)
    drawn = " ".join(re.findall(r">([^<>]+)</text>", svg.decode()))
    assert not re.search(r"\b(" + "|".join(TYPES) + r") B\d+", drawn)


@pytest.mark.parametrize("name", list(MAPS))
def test_find_gaps_sheet_prints_every_id_its_key_names(
    made: dict[tuple[str, str, str], dict[str, object]], tmp_path: Path, name: str
) -> None:
    m = load_valid(MAPS[name]).map
    assert m is not None
    wanted = {d.subject for d in run_rules(m) if d.subject}
    pdf = made[name, "find-gaps", "a4"]["student/worksheet.pdf"]
    assert isinstance(pdf, bytes)
    printed = {w.strip("`.,;:()") for words in _pages(pdf, tmp_path) for _, w in words}
    assert wanted and wanted <= printed, sorted(wanted - printed)


def test_nothing_of_the_keys_records_or_notes_reaches_the_students(
    made: dict[tuple[str, str, str], dict[str, object]],
) -> None:
    m = load_valid(MAPS["shipped"]).map
    assert m is not None
    records = [s.title for s in m.sources if s.kind == "tertiary"]
    notes = [" ".join(x.note.split())[:40] for x in [*m.sources, *m.nodes, *m.relations] if x.note]
    assert records and notes
    for kind in ("fill-evidence", "match", "starter"):
        for rel, data in made["shipped", kind, "a4"].items():
            if not rel.startswith("student/") or rel.endswith((".pdf", ".txt")):
                continue
            text = data.decode() if isinstance(data, bytes) else str(data)
            text = " ".join(text.split())
            assert not any(r in text for r in records), (kind, rel)
            assert not any(n in text for n in notes), (kind, rel)


def test_critical_questions_read_with_the_roles_the_map_fills() -> None:
    from argmap.exercises.questions import ROLES, filled_question
    from argmap.schemes import catalogue

    schemes = catalogue()
    for sid, roles in ROLES.items():  # the table names schemes and letters that exist
        assert sid in schemes
        assert all(re.search(rf"\b{letter}\b", schemes[sid].pattern) for letter in roles), sid
    m = load_valid(MAPS["shipped"]).map
    assert m is not None
    r23 = next(r for r in m.relations if r.id == "R23")
    goals = next(q.ask for q in schemes["practical-reasoning"].questions if q.id == "goals")
    assert filled_question(goals, r23, m) == (
        "Does North Korea have other goals that conflict with the goal this step assumes and should be weighed?"
    )
    r17 = next(r for r in m.relations if r.id == "R17")
    search = next(q.ask for q in schemes["ignorance"].questions if q.id == "search")
    assert "would “an official statement on China-North Korea relations" in filled_question(search, r17, m)


def test_the_find_gaps_key_asks_with_roles_filled(made: dict[tuple[str, str, str], dict[str, object]]) -> None:
    key = str(made["shipped", "find-gaps", "a4"]["teacher/key.md"])
    asks = [line for line in key.splitlines() if "practical-reasoning) asks" in line]
    assert asks and all(" G " not in line and "G's" not in line for line in asks)
    assert any("Does North Korea have other goals" in line for line in asks)
