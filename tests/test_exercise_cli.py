"""``argmap exercise grade`` from the command line: reports, gradebook formats, exit codes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import app
from argmap.exercises.rubric import RubricError, load_rubric

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "exercises"
KEY = FIXTURES / "key.yaml"
STUDENT = FIXTURES / "student-north-korea.yaml"
SHIPPED = HERE.parent / "claims" / "north-korea-seeking-new-friends.yaml"


def _grade(*args: str) -> tuple[int, str, str]:
    out = CliRunner().invoke(app, ["exercise", "grade", *args])
    return out.exit_code, out.stdout, out.stderr


def _class(tmp_path: Path) -> list[Path]:
    """Three students of the fixture key: perfect, one missing piece of evidence, broken."""
    perfect = tmp_path / "perfect.yaml"
    shutil.copy(KEY, perfect)
    text = KEY.read_text(encoding="utf-8")
    cut = text.index("  - id: E_treaty_silence")
    end = text.index("  - id: E_no_visit")
    missing = tmp_path / "missing.yaml"
    rest = text[end:].replace("  - {id: R7, kind: supports, from: E_treaty_silence, to: C_china}\n", "")
    missing.write_text(text[:cut] + rest, encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("argmap: 1\ntitle: [oops\n", encoding="utf-8")
    return [perfect, missing, broken]


def test_class_report_in_text(tmp_path: Path) -> None:
    files = _class(tmp_path)
    code, out, _ = _grade(*map(str, files), "--key", str(KEY))
    assert code == 1  # one file could not be graded
    assert "perfect.yaml  100 / 100 (100%)" in out
    assert "missing.yaml  90 / 100 (90%)" in out
    assert 'missing evidence (absence): "No official statement on relations with China on the 33rd..."' in out
    assert "broken.yaml  0 / 100 (0%)  (invalid)" in out
    assert "not graded: YAML syntax error" in out
    assert "Class summary: 3 students" in out
    assert "mean 63.3%  median 90%  lowest 0%  highest 100%" in out
    assert "most often missed: E_treaty_silence (1 of 3)" in out


def test_json_and_csv_gradebooks(tmp_path: Path) -> None:
    files = _class(tmp_path)[:2]
    code, out, _ = _grade(*map(str, files), "--key", str(KEY), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert [s["score"] for s in doc["students"]] == [100.0, 90.0]
    assert doc["rubric"]["weights"]["links"] == 25
    assert doc["students"][1]["feedback"][0]["topic"] == "missing"
    assert doc["students"][1]["feedback"][0]["about"] == "E_treaty_silence"
    target = tmp_path / "grades.csv"
    code, out, _ = _grade(*map(str, files), "--key", str(KEY), "--format", "csv", "-o", str(target))
    assert code == 0 and out == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["percent"] for r in rows] == ["100.0", "90.0"]
    assert rows[1]["evidence"] == "16.67" and rows[1]["links"] == "22.22"
    assert rows[1]["feedback"].startswith("missing evidence (absence)")


def test_rubric_option(tmp_path: Path) -> None:
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text("weights: {evidence: 80}\n", encoding="utf-8")
    files = _class(tmp_path)[:2]
    code, out, _ = _grade(str(files[1]), "--key", str(KEY), "--rubric", str(rubric), "-f", "json")
    assert code == 0
    student = json.loads(out)["students"][0]
    assert (student["max"], student["score"]) == (160.0, 140.0)  # lost 80/6 + 10/6 + 45/9
    rubric.write_text("weights: {evidense: 80}\n", encoding="utf-8")
    code, out, err = _grade(str(files[1]), "--key", str(KEY), "--rubric", str(rubric))
    assert code == 2 and "weights.evidense: unknown field" in err


def test_report_never_overwrites_an_input(tmp_path: Path) -> None:
    files = _class(tmp_path)[:1]
    before = files[0].read_bytes()
    code, _, err = _grade(str(files[0]), "--key", str(KEY), "-f", "json", "-o", str(files[0]))
    assert code == 2 and "refusing to write over the input" in err
    assert files[0].read_bytes() == before


def test_folders_expand_and_the_key_is_not_a_student(tmp_path: Path) -> None:
    _class(tmp_path)
    shutil.copy(KEY, tmp_path / "key.yaml")
    code, out, _ = _grade(str(tmp_path), "--key", str(tmp_path / "key.yaml"), "-f", "json")
    assert code == 1
    assert sorted(Path(s["student"]).name for s in json.loads(out)["students"]) == [
        "broken.yaml",
        "missing.yaml",
        "perfect.yaml",
    ]


def test_bad_key_and_missing_students(tmp_path: Path) -> None:
    code, _, err = _grade(str(STUDENT), "--key", str(tmp_path / "nokey.yaml"))
    assert code == 2 and "cannot read file" in err
    bad_key = tmp_path / "badkey.yaml"
    bad_key.write_text("argmap: 1\ntitle: t\nnodes: []\n", encoding="utf-8")
    code, _, err = _grade(str(STUDENT), "--key", str(bad_key))
    assert code == 1 and "AM109" in err and "the key does not validate" in err
    code, _, err = _grade(str(tmp_path / "ghost.yaml"), "--key", str(KEY))
    assert code == 2 and "no such file" in err


def test_find_gaps_grading(tmp_path: Path) -> None:
    answers = tmp_path / "answers.txt"
    lines = ["IC401 E_treaty_silence", "IC401 E_russia_anniversary", "ST102 C2", "ST101 T"]
    answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = _grade(str(answers), "--key", str(SHIPPED), "--kind", "find-gaps", "-f", "json")
    assert code == 0
    (student,) = json.loads(out)["students"]
    assert (student["credit"], student["answers"], student["precision"]) == (3.0, 4, 0.75)
    assert student["findings"] > 3 and student["recall"] == round(3 / student["findings"], 4)
    assert "not in the key's report: ST101 on T" in student["feedback"]
    assert any(f.startswith("missed: ST102 on C3:") for f in student["feedback"])
    code, out, _ = _grade(str(answers), "--key", str(SHIPPED), "--kind", "find-gaps")
    assert code == 0 and "precision 75% (3 of 4 right)" in out
    garbled = tmp_path / "garbled.txt"
    garbled.write_text("IC401 E_treaty_silence\nthe treaty thing\n", encoding="utf-8")
    code, out, _ = _grade(str(garbled), "--key", str(SHIPPED), "--kind", "find-gaps", "-f", "csv")
    assert code == 1  # a line that is not a code: reported, the rest graded
    assert "line 2: 'the treaty thing' does not start with a rule code" in out


def test_answer_sheets_and_rubrics_are_read_only_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A device given as an answer sheet or a rubric used to be read until memory ran out; it is now
    refused by its type, before it is opened."""
    import argmap.load

    monkeypatch.setattr(argmap.load.reading, "MAX_BYTES", 2**20)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    code, out, _ = _grade(str(zero), "--key", str(SHIPPED), "--kind", "find-gaps", "-f", "json")
    (student,) = json.loads(out)["students"]
    refused = "is a device, not a file; save it to a file (or pipe it to standard input)"
    assert (code, student["status"], student["problems"]) == (1, "invalid", [refused])
    with pytest.raises(RubricError, match=r"cannot read rubric: is a device, not a file"):
        load_rubric(zero)


def test_crlf_answer_sheets_and_rubrics_read_as_before(tmp_path: Path) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_bytes(b"IC401 E_treaty_silence\r\nST102 C2\r\n")
    code, out, _ = _grade(str(answers), "--key", str(SHIPPED), "--kind", "find-gaps", "-f", "json")
    (student,) = json.loads(out)["students"]
    assert (code, student["answers"], student["problems"]) == (0, 2, [])
    rubric = tmp_path / "rubric.yaml"
    rubric.write_bytes(b"weights:\r\n  evidence: 30\r\n")
    assert load_rubric(rubric).weights.evidence == 30
