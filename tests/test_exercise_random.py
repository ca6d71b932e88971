"""Random maps: grading and making never raise, a key always gets full marks against itself, and
a broken student file is graded as far as it goes."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_core import corrupted_maps
from strategies_maps import arg_maps

from argmap.exercises.grade import grade_map, grade_result
from argmap.exercises.make import KINDS, ExerciseError, make_exercise
from argmap.load import load_map, load_text
from argmap.model import ArgMap

_KEY = load_map(Path(__file__).parent / "fixtures" / "exercises" / "key.yaml").map
assert _KEY is not None
KEY: ArgMap = _KEY


@settings(max_examples=30, deadline=None)
@given(key=arg_maps(), student=arg_maps())
def test_grading_random_maps(key: ArgMap, student: ArgMap) -> None:
    itself = grade_map(key, key)
    assert itself.percent == 100.0 and [f for f in itself.feedback if not f.good] == []
    report = grade_map(key, student)
    assert 0.0 <= report.score <= report.max_score
    assert all(0 <= c.earned <= c.out_of for c in report.criteria)
    json.dumps(report.to_dict())


@settings(max_examples=25, deadline=None)
@given(m=arg_maps(), kind=st.sampled_from(KINDS), seed=st.integers(0, 1000))
def test_making_from_random_maps(m: ArgMap, kind: str, seed: int) -> None:
    try:
        ex = make_exercise(m, kind, seed=seed, findings=[])
    except ExerciseError as exc:
        assert "no evidence" in str(exc) and not m.evidence()
        return
    assert ex.texts["worksheet.md"].startswith("# ") and ex.texts["key.md"].startswith("# Key: ")
    assert load_text(ex.texts["key.yaml"], file="key.yaml").map == m
    if kind == "starter":
        starter = load_text(ex.texts["answers.yaml"], file="answers.yaml")
        assert starter.map is not None and not starter.has_errors


@settings(max_examples=30, deadline=None)
@given(case=corrupted_maps())
def test_broken_student_files_are_graded_as_far_as_they_go(case: tuple[str, dict[str, object]]) -> None:
    _, data = case
    result = load_text(json.dumps(data), file="student.json", json_hint=True)
    report = grade_result(KEY, result)
    assert report.status in ("partial", "invalid", "graded")
    if result.has_errors:
        assert report.status != "graded" and report.diagnostics
    if report.status == "invalid":
        assert report.score == 0.0 and report.reason
