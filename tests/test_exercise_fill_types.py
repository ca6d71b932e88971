"""Fill-evidence grades each blank's evidence type like its other answers (a tester's report): a
wrong type loses the type's share and says, by the blank, what was written and what the type is; a
word that is no type is named as such with the types there are; a blank sheet stays 0, the key's
own 100, and the answer's other parts are untouched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.exercises.api import grade_paths, load_key
from argmap.exercises.feedback import for_student
from argmap.exercises.layout import build_files, source_text_for
from argmap.exercises.rubric import Rubric
from argmap.model import EVIDENCE_CLASSES

BIKES = Path(__file__).parent / "eval" / "bike-lanes"
KEY_FILE = BIKES / "key.yaml"
TYPES = list(EVIDENCE_CLASSES)
W = Rubric().weights
FILL_POINTS = W.evidence + W.types + W.links + W.polarity + W.direction
"""What a fill-evidence sheet is marked out of: the evidence, its type and the links."""


@pytest.fixture(scope="module")
def exercise(tmp_path_factory: pytest.TempPathFactory) -> Path:
    key = load_key(KEY_FILE)
    made = build_files(key, "fill-evidence", html=False, source_text=source_text_for(key, KEY_FILE))
    out = tmp_path_factory.mktemp("fill")
    for rel, data in made.files.items():
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode())
    return out


def _key_answers(out: Path) -> dict[str, dict[str, str]]:
    data = yaml.safe_load((out / "teacher" / "answers.yaml").read_text(encoding="utf-8"))
    return dict(data["answers"])


def _grade(out: Path, answers: dict[str, Any], name: str = "sheet") -> Any:
    sheet = out / f"{name}.yaml"
    data = {"exercise": "fill-evidence", "version": "1", "name": "Ana Ruiz", "answers": answers}
    sheet.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (report,) = grade_paths(out / "teacher", [sheet]).students
    return report


def _parts(report: Any) -> dict[str, float]:
    return {c.name: round(100 * c.earned / c.out_of, 1) for c in report.criteria if c.out_of and c.weight}


def _with_types(answers: dict[str, dict[str, str]], types: dict[str, str]) -> dict[str, dict[str, str]]:
    return {b: {**a, "type": types.get(b, a["type"])} for b, a in answers.items()}


def test_a_wrong_type_and_a_word_that_is_no_type_lose_their_share_and_say_why(exercise: Path) -> None:
    answers = _key_answers(exercise)
    statistic = next(b for b, a in answers.items() if a["type"] == "statistic")
    other = next(b for b, a in answers.items() if a["type"] == "statement")
    report = _grade(exercise, _with_types(answers, {statistic: "count", other: "number"}))
    n = len(answers)
    assert _parts(report) == {
        "evidence": 100.0,
        "types": round(100 * (n - 2) / n, 1),
        "links": 100.0,
        "polarity": 100.0,
        "direction": 100.0,
    }
    assert report.percent == round(100 * (1 - 2 / n * W.types / FILL_POINTS), 1)
    said = [f.message for f in report.feedback if f.topic == "type"]
    assert sorted(said) == sorted(
        [
            f"{statistic}: you called it a count; it is a statistic: a figure with a unit or currency",
            f'{other}: "number" is not one of the evidence types (statistic, count, statement, event, '
            "absence); it is a statement: what someone said or published",
        ]
    )
    lines = [ln for ln in for_student(report.feedback) if ln.startswith((f"{statistic}: ", f"{other}: "))]
    assert len(lines) == 2 and sum("The type says what kind of check the evidence needs" in ln for ln in lines) == 1


def test_a_blank_without_a_type_says_so_and_a_type_in_capitals_counts(exercise: Path) -> None:
    answers = _key_answers(exercise)
    first, second = list(answers)[:2]
    kind = answers[first]["type"]
    loose = _with_types(answers, {first: "", second: f"  {answers[second]['type'].upper()} "})
    report = _grade(exercise, loose)
    (said,) = [f.message for f in report.feedback if f.topic == "type"]
    gloss = {"statistic": "a figure with a unit or currency", "count": "how many of something"}
    assert said.startswith(f"{first}: you gave no type; it is a")
    assert said.endswith(gloss.get(kind, said.rsplit(": ", 1)[-1]))
    assert report.items[_items(exercise)[second]] is True
    assert _parts(report)["types"] == round(100 * (len(answers) - 1) / len(answers), 1)


def test_the_blank_sheet_is_zero_and_the_keys_sheet_full_marks_with_the_type_marked(exercise: Path) -> None:
    blank = grade_paths(exercise / "teacher", [exercise / "student" / "answers.yaml"]).students[0]
    full = grade_paths(exercise / "teacher", [exercise / "teacher" / "answers.yaml"]).students[0]
    assert (blank.percent, full.percent) == (0.0, 100.0)
    assert "types" in _parts(full) and _parts(full)["types"] == 100.0


def test_a_type_on_evidence_that_is_not_there_costs_nothing_more(exercise: Path) -> None:
    """The type is marked on the evidence found: a blank answered with another passage loses its
    evidence and its type, and the remark is about the passage, not the type."""
    answers = _key_answers(exercise)
    first, second = list(answers)[:2]
    swapped = {**answers, first: {**answers[second]}, second: {**answers[first]}}
    report = _grade(exercise, swapped)
    assert not [f for f in report.feedback if f.topic == "type"]
    n = len(answers)
    assert _parts(report)["types"] == _parts(report)["evidence"] == round(100 * (n - 2) / n, 1)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_type_share_is_the_share_of_blanks_typed_as_in_the_key(exercise: Path, data: st.DataObject) -> None:
    answers = _key_answers(exercise)
    types = {b: data.draw(st.sampled_from([*TYPES, "number", ""]), label=b) for b in answers}
    report = _grade(exercise, _with_types(answers, types), name="drawn")
    right = sum(types[b] == a["type"] for b, a in answers.items())
    assert _parts(report)["types"] == round(100 * right / len(answers), 1)
    assert _parts(report)["evidence"] == 100.0 and report.items == {k: True for k in report.items}
    wrong = sorted(f.message.split(":")[0] for f in report.feedback if f.topic == "type")
    assert wrong == sorted(b for b, a in answers.items() if types[b] != a["type"])


def test_the_cli_report_at_80_columns_shows_the_type_and_the_remark(exercise: Path) -> None:
    answers = _key_answers(exercise)
    blank = next(b for b, a in answers.items() if a["type"] == "statistic")
    sheet = exercise / "cli.yaml"
    data = {"exercise": "fill-evidence", "version": "1", "answers": _with_types(answers, {blank: "number"})}
    sheet.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "argmap", "exercise", "grade", str(sheet), "--key", str(exercise / "teacher")],
        capture_output=True,
        text=True,
        env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80, run.stdout
    assert any(line.strip().startswith("evidence 100%  types ") for line in lines), run.stdout
    said = " ".join(line.strip() for line in lines)
    assert (
        f'- {blank}: "number" is not one of the evidence types (statistic, count, statement, event, absence);' in said
    )
    assert "it is a statistic: a figure with a unit or currency." in said


def _items(out: Path) -> dict[str, str]:
    manifest = yaml.safe_load((out / "teacher" / "exercise.yaml").read_text(encoding="utf-8"))
    return dict(manifest["versions"]["1"]["items"])
