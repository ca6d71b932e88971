"""The shipped sample attempt (tests/fixtures/exercises/student-north-korea.yaml) graded against the
shipped map: the README's worked example. Its mistakes are deliberate; see the file's header."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import app
from argmap.exercises.grade import GradeReport, grade_result
from argmap.load import load_map

HERE = Path(__file__).parent
STUDENT = HERE / "fixtures" / "exercises" / "student-north-korea.yaml"
KEY = HERE.parent / "claims" / "north-korea-seeking-new-friends.yaml"


@pytest.fixture(scope="module")
def report() -> GradeReport:
    key = load_map(KEY).map
    assert key is not None
    return grade_result(key, load_map(STUDENT))


def test_sample_attempt_validates() -> None:
    result = load_map(STUDENT)
    assert result.map is not None and not result.has_errors


def test_sample_attempt_score(report: GradeReport) -> None:
    assert (report.status, report.score, report.percent) == ("graded", 72.38, 72.4)
    parts = {c.name: (c.earned, c.out_of) for c in report.criteria}
    assert parts == {
        "thesis": (1.0, 1),
        "claims": (10, 15),
        "evidence": (14, 18),
        "types": (13, 18),
        "links": (25, 38),
        "polarity": (25, 38),
        "direction": (25, 38),
    }


def test_sample_attempt_alignment(report: GradeReport) -> None:
    assert report.alignment is not None
    by = {m.key_id: (m.student_id, m.method) for m in report.alignment.matches}
    # Every id is the student's own: the thesis by its words (thesis pass), evidence by quotation.
    assert by["T"] == ("main", "text")
    assert by["E_missiles"] == ("ev4", "anchor")
    assert by["E_trade_russia"] == ("ev13", "anchor")
    assert by["C11"] == ("russia", "text")
    assert not any(method == "id" for _, method in by.values())


def test_sample_attempt_feedback(report: GradeReport) -> None:
    messages = [f.message for f in report.feedback]
    assert messages == [
        "missing claim: \"China's new leadership rejects Pyongyang's strategy of raising...\"",
        'missing claim: "Beijing weighs the wider regional balance: an assertive Japan, an..."',
        'missing claim: "China-North Korea relations are not beyond repair."',
        'missing claim: "China cannot easily cut North Korea loose altogether."',
        "missing claim: \"Pyongyang's approach to Japan is the decisive test, watched...\"",
        "ev4 is typed statistic; the key has a count",
        'missing evidence (event): "North Korea escalated military tension on the peninsula."',
        'missing evidence (absence): "North Korea issued no official statement on its relations with..."',
        'missing evidence (event): "Japan and North Korea have held regular meetings on the abductee..."',
        'missing evidence (event): "North Korea and Russia have exchanged several significant official..."',
        "missing link: ev3 supports the claim "
        '"North Korea\'s provocations left US and South Korean policy..."',
        'ev13 supports the claim "Since 2013 North Korea has been cultivating Russia, as its ties...", '
        "not the thesis directly",
        'japan supports the claim "Pyongyang\'s approach to Japan is the decisive test, watched...", '
        "which your map lacks",
    ]
    about = {f.about for f in report.feedback}
    assert {"E_treaty_silence", "E_missiles", "R29"} <= about


def test_sample_attempt_json_gradebook() -> None:
    out = CliRunner().invoke(app, ["exercise", "grade", str(STUDENT), "--key", str(KEY), "--format", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    (student,) = doc["students"]
    assert (student["score"], student["percent"], student["status"]) == (72.38, 72.4, "graded")
    assert student["criteria"]["types"] == {"earned": 13, "out_of": 18, "weight": 10.0, "points": 7.22}
    assert doc["summary"]["most_missed"][0] == {"id": "C13", "students": 1}
