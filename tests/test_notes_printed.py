"""The map's notes that a reader needs are printed: by ``argmap show`` under the node or relation they
are on, and by ``argmap gaps`` under the claim they bear on (text and JSON), wrapped at 80 columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import app

MAP = """\
argmap: 1
title: Harbour
sources:
  - {id: S1, title: Port report, publisher: Kestrel Gazette, date: 2020-03, kind: secondary}
  - id: W1
    title: Kestrel harbour
    publisher: Wikipedia
    kind: tertiary
    by: mapper
    note: The harbour's own figures, read by the mapper; they put the quay's opening in 2018.
nodes:
  - id: T
    kind: thesis
    text: Kestrel's harbour is thriving.
    note: The article never says what thriving would mean; the map reads it as more cargo.
  - {id: C1, kind: claim, text: Cargo through Kestrel grew.}
  - {id: C2, kind: claim, text: The harbour lost its ferry.}
  - id: E1
    kind: evidence
    type: statistic
    text: The port handled 4.2 million tonnes of cargo in 2019.
    value: 4.2
    unit: tonnes
    scale: million
    period: 2019
    sources: [S1]
    note: Printed "some 4.2 million"; recorded as printed, without the hedge.
  - id: E2
    kind: evidence
    type: event
    text: The new quay opened.
    date: 2019
    sources: [S1]
    contradicted_by: [{source: W1, field: date, says: the quay opened in 2018}]
relations:
  - {id: R1, kind: supports, from: C1, to: T}
  - {id: R2, kind: supports, from: E1, to: C1, note: The mapper's reading; the article only implies it.}
  - {id: R3, kind: supports, from: E2, to: C1}
  - id: R4
    kind: attacks
    from: C2
    to: T
    outweighed: true
    note: Conceded in one line, then set aside ("still, the cargo counts").
"""

SHOW = """\
Harbour
=======
THESIS T: Kestrel's harbour is thriving.
      note: The article never says what thriving would mean; the map reads it as
        more cargo.
    [+] supports R1 | claim C1: Cargo through Kestrel grew.
        [+] supports R2 | statistic E1: The port handled 4.2 million tonnes of
              cargo in 2019.
              note on R2: The mapper's reading; the article only implies it.
              4.2 million tonnes (2019)
              source: Kestrel Gazette, 2020-03
              note: Printed "some 4.2 million"; recorded as printed, without the
                hedge.
        [+] supports R3 | event E2: The new quay opened.
              2019
              source: Kestrel Gazette, 2020-03
              (contradicted by Wikipedia (W1): the quay opened in 2018)
    [-] attacks R4 (conceded, outweighed) | claim C2: The harbour lost its
          ferry.
          note on R4: Conceded in one line, then set aside ("still, the cargo
            counts").
"""

THESIS_BLOCK = """\
THESIS T  stands, partly evidenced  line 12
  Kestrel's harbour is thriving.
  note: The article never says what thriving would mean; the map reads it as
      more cargo.
"""

C1_NOTES = """\
  note on R2: The mapper's reading; the article only implies it.
  note on E1: Printed "some 4.2 million"; recorded as printed, without the
      hedge.
"""

SOURCES = """\
  source S1: Port report (secondary, 2020-03), cited by 2
  source W1: Kestrel harbour (tertiary, undated), contradicts 1
    note: The harbour's own figures, read by the mapper; they put the quay's
        opening in 2018.
"""


@pytest.fixture
def harbour(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"ARGMAP_WIDTH": "80"})
    return result.exit_code, result.stdout


def test_show_prints_notes_of_nodes_and_relations_at_80_columns(harbour: Path) -> None:
    code, out = run("show", str(harbour))
    assert code == 0
    assert out == SHOW
    assert max(len(line) for line in out.splitlines()) <= 80


def test_gaps_prints_the_notes_bearing_on_each_claim_at_80_columns(harbour: Path) -> None:
    code, out = run("gaps", str(harbour))
    assert code == 0
    assert THESIS_BLOCK in out
    block_c1 = out[out.index("\nC1 ") : out.index("\nC2 ")]
    assert block_c1.endswith("\n" + C1_NOTES)  # after the findings they qualify
    # The outweighed concession's note is under the claim it attacks, once.
    block_t = out[: out.index("\nC1 ")]
    assert block_t.count("note on R4: Conceded in one line, then set aside") == 1
    assert SOURCES in out
    notes = [line for line in out.splitlines() if line.lstrip().startswith("note")]
    assert len(notes) == 5
    assert all(len(line) <= 80 for line in notes)


def test_gaps_json_holds_the_notes(harbour: Path) -> None:
    code, out = run("gaps", str(harbour), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    claims = {c["id"]: c for c in doc["claims"]}
    assert claims["T"]["notes"] == [
        {"on": "T", "note": "The article never says what thriving would mean; the map reads it as more cargo."},
        {"on": "R4", "note": 'Conceded in one line, then set aside ("still, the cargo counts").'},
    ]
    assert claims["C1"]["notes"] == [
        {"on": "R2", "note": "The mapper's reading; the article only implies it."},
        {"on": "E1", "note": 'Printed "some 4.2 million"; recorded as printed, without the hedge.'},
    ]
    assert claims["C2"]["notes"] == []
    sources = {s["id"]: s for s in doc["summary"]["sources"]}
    assert "note" not in sources["S1"]
    assert sources["W1"]["note"].startswith("The harbour's own figures, read by the mapper; they put")


def test_author_only_leaves_out_the_mappers_records_and_their_notes(harbour: Path) -> None:
    code, out = run("gaps", str(harbour), "--author-only")
    assert code == 0
    assert "The harbour's own figures" not in out
    assert "note on E1: Printed" in out


WEIGHED = """\
argmap: 1
title: Weighed
nodes:
  - {id: T, kind: thesis, text: The harbour is thriving.}
  - {id: C1, kind: claim, text: The ferry left.}
  - {id: C2, kind: claim, text: A new ferry is coming.}
  - {id: C3, kind: claim, text: The quay is full.}
relations:
  - {id: R1, kind: attacks, from: C1, to: T, qualifier: may, outweighed: true}
  - {id: R2, kind: undercuts, from: C2, to: R1, condition: the ferry company signs}
  - {id: R3, kind: supports, from: C3, to: T, condition: cargo keeps coming, condition_met: true}
"""


@pytest.mark.parametrize(
    ("fmt", "words"),
    [
        ("mmd", ["may; conceded, outweighed", "if the ferry company signs, not yet met", "if cargo keeps coming, met"]),
        ("dot", ["may; conceded, outweighed", "if the ferry company signs, not yet met", "if cargo keeps coming, met"]),
    ],
)
def test_diagrams_write_a_relations_condition_and_weighing(tmp_path: Path, fmt: str, words: list[str]) -> None:
    """A conditional or an outweighed attack is never drawn as a plain one: the arrow says so."""
    path = tmp_path / "weighed.yaml"
    path.write_text(WEIGHED, encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(path), "-f", fmt, "-o", "-"])
    assert result.exit_code == 0, result.output
    for w in words:
        assert w in result.stdout.replace("<br/>", " ").replace("\\n", " ")


def test_show_writes_a_relations_condition_and_weighing(tmp_path: Path) -> None:
    path = tmp_path / "weighed.yaml"
    path.write_text(WEIGHED, encoding="utf-8")
    code, out = run("show", str(path))
    assert code == 0
    assert out == (
        "Weighed\n"
        "=======\n"
        "THESIS T: The harbour is thriving.\n"
        "    [-] attacks R1 (may; conceded, outweighed):\n"
        "        claim C1: The ferry left.\n"
        "        [x] undercuts R2 (inference of R1) (if the ferry company signs, not yet\n"
        "              met) | claim C2: A new ferry is coming.\n"
        "    [+] supports R3 (if cargo keeps coming, met) | claim C3: The quay is full.\n"
    )
