"""``argmap exercise grade`` and ``make`` from the command line: reports, gradebooks, exit codes."""

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
BIKES = HERE / "eval" / "bike-lanes"
KEY = BIKES / "key.yaml"
STUDENTS = BIKES / "students"
SHIPPED = HERE.parent / "claims" / "north-korea-seeking-new-friends.yaml"


def _grade(*args: str) -> tuple[int, str, str]:
    out = CliRunner().invoke(app, ["exercise", "grade", *args])
    return out.exit_code, out.stdout, out.stderr


def test_class_report_fits_80_columns_and_names_students_by_author(tmp_path: Path) -> None:
    code, out, _ = _grade(str(STUDENTS), "--key", str(KEY))
    assert code == 1  # two students' maps have validation errors: graded in part
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Amira Haddad  91.8%" in out and "Class: 7 students" in out
    assert "Who got each item of the key:" in out
    names = str(tmp_path / "names.csv")  # the key to names goes to its own file, not beside the report
    anonymous = _grade(str(STUDENTS), "--key", str(KEY), "--anonymise", "--names-key", names)[1]
    assert "Amira" not in anonymous and "Student 1 " in anonymous
    gradebook = _grade(str(STUDENTS), "--key", str(KEY), "--anonymise", "--names-key", names, "-f", "csv")[1]
    assert "amira" not in gradebook.lower() and "Student 7" in gradebook


def test_gradebook_csv_items_and_json() -> None:
    _, out, _ = _grade(str(STUDENTS), "--key", str(KEY), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 7 and rows[0]["student"] == "Amira Haddad" and rows[0]["percent"] == "91.8"
    assert {"thesis", "claims", "evidence", "links", "status", "needs_review"} <= set(rows[0])
    _, out, _ = _grade(str(STUDENTS), "--key", str(KEY), "-f", "items")
    items = {r["item"]: int(r["students"]) for r in csv.DictReader(io.StringIO(out))}
    assert items["E_crashes"] == 6 and items["E_hassan"] == 2
    _, out, _ = _grade(str(STUDENTS), "--key", str(KEY), "-f", "json")
    doc = json.loads(out)
    assert doc["summary"]["count"] == 7 and set(doc["summary"]["parts"]) >= {"claims", "links"}
    ella = next(s for s in doc["students"] if s["name"] == "Ella Brooks")
    assert len(ella["feedback"]) <= 11 and any("copies" in f for f in ella["feedback"])


def test_overrides_are_applied_on_regrade(tmp_path: Path) -> None:
    before = json.loads(_grade(str(STUDENTS / "finn.yaml"), "--key", str(KEY), "-f", "json")[1])
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text("finn.yaml:\n  PARKING: none\n", encoding="utf-8")
    after = json.loads(
        _grade(str(STUDENTS / "finn.yaml"), "--key", str(KEY), "--overrides", str(overrides), "-f", "json")[1]
    )
    assert after["students"][0]["percent"] < before["students"][0]["percent"]
    overrides.write_text("finn.yaml: [oops\n", encoding="utf-8")
    code, _, err = _grade(str(STUDENTS / "finn.yaml"), "--key", str(KEY), "--overrides", str(overrides))
    assert code == 2 and err.startswith(f"argmap: {overrides}:") and "overrides are not valid YAML" in err


def test_make_then_grade_a_class_end_to_end(tmp_path: Path) -> None:
    out = CliRunner().invoke(
        app, ["exercise", "make", str(KEY), "-k", "fill-evidence", "-o", str(tmp_path), "--students", "2"]
    )
    assert out.exit_code == 0, out.output
    shutil.copy(tmp_path / "teacher" / "student-02" / "answers.yaml", tmp_path / "student-02" / "answers.yaml")
    code, text, _ = _grade(
        str(tmp_path / "student-01"), str(tmp_path / "student-02"), "--key", str(tmp_path / "teacher")
    )
    assert code == 0
    assert "student-01  0%" in text and "student-02  100%" in text


def test_report_never_overwrites_an_input() -> None:
    target = STUDENTS / "amira.yaml"
    before = target.read_bytes()
    code, _, err = _grade(str(target), "--key", str(KEY), "-f", "json", "-o", str(target))
    assert code == 2 and "refusing to write over the input" in err
    assert target.read_bytes() == before


def test_report_never_overwrites_a_file_it_read_in_a_folder(tmp_path: Path) -> None:
    """A folder of answers (or the teacher's folder) is an input: `-o class/ana.yaml` replaced Ana's
    map with the gradebook. Writing a new report into the folder stays allowed, again and again."""
    import shutil

    folder = tmp_path / "class"
    shutil.copytree(STUDENTS, folder)
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text("amira.yaml: {}\n", encoding="utf-8")
    for target in (folder / "amira.yaml", overrides):
        before = target.read_bytes()
        code, _, err = _grade(
            str(folder), "--key", str(KEY), "--overrides", str(overrides), "-f", "csv", "-o", str(target)
        )
        assert code == 2 and f"{target}: refusing to write over the input" in err, err
        assert target.read_bytes() == before
    for _ in range(2):
        code, _, err = _grade(str(folder), "--key", str(KEY), "-f", "csv", "-o", str(folder / "grades.csv"))
        assert code == 1, err  # two maps are graded in part, as always
    assert (folder / "grades.csv").read_text(encoding="utf-8").startswith("student,file,percent")


def test_bad_key_and_missing_students(tmp_path: Path) -> None:
    code, _, err = _grade(str(STUDENTS / "amira.yaml"), "--key", str(tmp_path / "nokey.yaml"))
    assert code == 2 and "cannot read file" in err and len(err.strip().splitlines()) == 1
    bad_key = tmp_path / "badkey.yaml"
    bad_key.write_text("argmap: 1\ntitle: t\nnodes: []\n", encoding="utf-8")
    code, _, err = _grade(str(STUDENTS / "amira.yaml"), "--key", str(bad_key))
    assert code == 2 and "AM109" in err and "the key does not validate" in err
    code, _, err = _grade(str(tmp_path / "ghost.yaml"), "--key", str(KEY))
    assert code == 2 and "no such file" in err


def test_find_gaps_against_a_key_map(tmp_path: Path) -> None:
    answers = tmp_path / "answers.txt"
    lines = ["IC401 E_treaty_silence", "EQ301 E_treaty_silence", "ST102 C2", "ST101 T"]
    answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = _grade(str(answers), "--key", str(SHIPPED), "--kind", "find-gaps", "-f", "json")
    assert code == 0
    (student,) = json.loads(out)["students"]
    assert student["percent"] > 0
    # ST101 names the same weakness as ST102 (no support), found on other claims: half credit
    assert "ST101 is right, but the key finds it on C3, not T" in student["remarks"]
    garbled = tmp_path / "garbled.txt"
    garbled.write_text("IC401 E_treaty_silence\nthe treaty thing\n", encoding="utf-8")
    code, out, _ = _grade(str(garbled), "--key", str(SHIPPED), "--kind", "find-gaps")
    assert code == 1 and "line 2: 'the treaty thing' names no weakness" in out


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
    assert (code, student["status"], student["remarks"]) == (1, "invalid", [refused])
    with pytest.raises(RubricError, match=r"cannot read rubric: is a device, not a file"):
        load_rubric(zero)


def test_rubric_weights_and_thresholds(tmp_path: Path) -> None:
    gus = str(STUDENTS / "gus.yaml")
    base = json.loads(_grade(gus, "--key", str(KEY), "-f", "json")[1])["students"][0]
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text("weights: {types: 0}\nreview: 0.99\n", encoding="utf-8")
    tuned = json.loads(_grade(gus, "--key", str(KEY), "--rubric", str(rubric), "-f", "json")[1])["students"][0]
    assert "types" not in tuned["parts"] and "types" in base["parts"]
    assert len(tuned["needs_review"]) > len(base["needs_review"])
    rubric.write_text("id_floor: 0.3\n", encoding="utf-8")
    code, _, err = _grade(gus, "--key", str(KEY), "--rubric", str(rubric))
    assert code == 2 and "id_floor: unknown field (allowed: weights, accept, review)" in err


def test_an_answer_sheet_over_a_mebibyte_is_refused_at_once(tmp_path: Path) -> None:
    """A pasted book is not an answer sheet: refused by size before any matching (it took minutes)."""
    huge = tmp_path / "huge.txt"
    huge.write_text("E1 SR201\n" * 200_000, encoding="utf-8")
    code, out, _ = _grade(str(huge), "--key", str(SHIPPED), "--kind", "find-gaps", "-f", "json")
    (student,) = json.loads(out)["students"]
    assert (code, student["status"], student["remarks"]) == (
        1,
        "invalid",
        ["over the 1.0 MiB limit for an answer sheet"],
    )
