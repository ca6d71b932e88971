"""The match worksheet names every step a numbered piece of evidence could attack or undercut, and
the grader takes a step by that id or by the words the sheet uses (issue 26).

The shipped map's sheet shows each claim's step as ``supports C5 (step R10)`` and its undercut as
``undercuts step R32 (from C13 to C6), itself step R33``. A copy of the shipped map with two pieces
of evidence that undercut (one the step C13 -> C6, one the student's own step from numbered evidence
to C1) is answered by id, by id in lower case, by the step's ends in words and with an arrow.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from argmap.exercises.api import grade_paths
from argmap.exercises.layout import build_files
from argmap.load import load_map
from argmap.model import ArgMap

SHIPPED = Path(__file__).parent.parent / "claims" / "north-korea-seeking-new-friends.yaml"


def _shipped() -> ArgMap:
    m = load_map(SHIPPED).map
    assert m is not None
    return m


def _undercutting_evidence() -> ArgMap:
    """The shipped map and two pieces of evidence that undercut: R90 the step C13 -> C6 (R32),
    R91 the step from the missiles (numbered evidence) to C1 (R5)."""
    data = _shipped().model_dump(mode="json", by_alias=True, exclude_none=True)
    data["nodes"] += [
        {"id": "E_border", "kind": "evidence", "type": "event", "text": "Border officials met to reopen a bridge."},
        {"id": "E_drills", "kind": "evidence", "type": "event", "text": "The missiles were drills announced ahead."},
    ]
    data["relations"] += [
        {"id": "R90", "kind": "undercuts", "from": ["E_border"], "to": "R32"},
        {"id": "R91", "kind": "undercuts", "from": ["E_drills"], "to": "R5"},
    ]
    return ArgMap.model_validate(data)


def _write(m: ArgMap, root: Path) -> Path:
    made = build_files(m, "match", diagrams=False, html=True)
    for rel, body in made.files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body if isinstance(body, bytes) else body.encode())
    return root


def test_the_worksheet_shows_every_step_by_its_id(tmp_path: Path) -> None:
    m = _shipped()
    out = _write(m, tmp_path)
    sheet = (out / "student" / "worksheet.md").read_text(encoding="utf-8")
    claims = {n.id for n in m.nodes if n.kind != "evidence"}
    for r in m.relations:
        if set(r.premises) <= claims and r.kind != "undercuts":
            assert f"{r.kind} `{r.target}`" in sheet and f"(step `{r.id}`)" in sheet, r.id
    assert "— undercuts step `R32` (from `C13` to `C6`), itself step `R33`" in sheet
    assert "— attacks `C6` (step `R32`)" in sheet
    assert not any(n.id in sheet for n in m.nodes if n.kind == "evidence")
    blank = (out / "student" / "answers.txt").read_text(encoding="utf-8")
    assert "# the thesis, or a step's id as the worksheet shows it (step R3); then supports," in blank
    assert max(len(line) for line in blank.splitlines()) <= 80
    page = (out / "student" / "worksheet.html").read_text(encoding="utf-8")
    form = json.loads(html.unescape(re.search(r'data-form="([^"]*)"', page).group(1)))  # type: ignore[union-attr]
    targets = {t["id"]: t["text"] for t in form["targets"]}
    assert targets["R32"] == "the step from C13 to C6 (attacks)"
    assert targets["R33"] == "the step from C15 to step R32 (undercuts)"
    assert "R3" not in targets  # the instructions' example is no step of this sheet


def test_the_key_names_a_step_the_student_draws_by_its_ends(tmp_path: Path) -> None:
    out = _write(_undercutting_evidence(), tmp_path)
    items = {v: k for k, v in _items(out).items()}
    key = (out / "teacher" / "answers.txt").read_text(encoding="utf-8").splitlines()
    assert f"{items['E_border']}: R32 undercuts" in key
    assert f"{items['E_drills']}: undercuts the step from {items['E_missiles']} to C1" in key
    key_md = (out / "teacher" / "key.md").read_text(encoding="utf-8")
    assert f"undercuts step `R5` (from `{items['E_missiles']}` to `C1`), itself step `R91`" in key_md


def _items(out: Path) -> dict[str, str]:
    import yaml

    manifest = yaml.safe_load((out / "teacher" / "exercise.yaml").read_text(encoding="utf-8"))
    return dict(manifest["versions"]["1"]["items"])


@pytest.mark.parametrize(
    ("border", "drills"),
    [
        ("R32 undercuts", "R5 undercuts"),
        ("r32 undercuts", "r5 Undercuts"),
        ("undercuts the step from C13 to C6", "undercuts the step from {missiles} to C1"),
        ("C13 -> C6 attacks", "{missiles} → C1 undercuts"),
        ("undercuts step `R32` (from `C13` to `C6`)", "undercuts the step from `{missiles}` to `C1`"),
    ],
    ids=["id", "lower-case", "words", "arrows", "copied-from-the-sheet"],
)
def test_a_step_is_taken_by_its_id_or_its_words(border: str, drills: str, tmp_path: Path) -> None:
    out = _write(_undercutting_evidence(), tmp_path)
    number = {v: k for k, v in _items(out).items()}
    key = (out / "teacher" / "answers.txt").read_text(encoding="utf-8")
    lines = [
        f"{number['E_border']}: {border}"
        if ln.startswith(f"{number['E_border']}:")
        else f"{number['E_drills']}: {drills.format(missiles=number['E_missiles'])}"
        if ln.startswith(f"{number['E_drills']}:")
        else ln
        for ln in key.splitlines()
    ]
    sheet = out / "student.txt"
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (report,) = grade_paths(out / "teacher", [sheet]).students
    assert report.percent == 100.0 and report.items["R90"] and report.items["R91"]


def test_a_wrong_step_loses_its_mark_and_is_named(tmp_path: Path) -> None:
    out = _write(_undercutting_evidence(), tmp_path)
    number = {v: k for k, v in _items(out).items()}
    key = (out / "teacher" / "answers.txt").read_text(encoding="utf-8")
    sheet = out / "student.txt"
    sheet.write_text(key.replace(f"{number['E_border']}: R32 undercuts", f"{number['E_border']}: R31 undercuts"))
    (report,) = grade_paths(out / "teacher", [sheet]).students
    assert not report.items["R90"] and report.items["R91"]
    said = " ".join(f.message for f in report.feedback)
    assert '"Border officials met to reopen a bridge." undercuts the step R32 from "There are still' in said
    assert 'not the step R31 from "China cannot easily cut North Korea' in said


def test_an_undercut_of_a_step_the_student_drew_wrong_names_that_step(tmp_path: Path) -> None:
    """`undercuts the step from N to C1` where the student linked N to C1 and the key does not: the
    undercut is on the student's own step, and the feedback says so."""
    out = _write(_undercutting_evidence(), tmp_path)
    number = {v: k for k, v in _items(out).items()}
    japan, drills = number["E_japan_talks"], number["E_drills"]
    lines = []
    for ln in (out / "teacher" / "answers.txt").read_text(encoding="utf-8").splitlines():
        if ln.startswith(f"{japan}:"):
            ln = f"{japan}: C1 supports"
        elif ln.startswith(f"{drills}:"):
            ln = f"{drills}: undercuts the step from {japan} to C1"
        lines.append(ln)
    sheet = out / "student.txt"
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (report,) = grade_paths(out / "teacher", [sheet]).students
    assert not report.items["R91"] and not report.items["R25"] and report.items["R90"]
    said = " ".join(f.message for f in report.feedback)
    assert 'not your step from "Japan and North Korea have been meeting..." to "North Korea\'s conduct' in said


@pytest.mark.parametrize("keep", ["second", "first"])
def test_evidence_on_two_claims_linked_to_one_earns_that_one(keep: str, tmp_path: Path) -> None:
    """Jang's execution supports C1 (R2) and C6 (R15); the spineless insult C1 (R4) and C5 (R12). A
    student who links each to one of its two claims earns that link, whichever it is, and is told the
    other is missing, not that the one made is "not" where it belongs."""
    out = _write(_shipped(), tmp_path)
    number = {v: k for k, v in _items(out).items()}
    jang, insult = number["E_jang_execution"], number["E_insult_china"]
    kept = {jang: "C6" if keep == "second" else "C1", insult: "C5" if keep == "second" else "C1"}
    lines = []
    for ln in (out / "teacher" / "answers.txt").read_text(encoding="utf-8").splitlines():
        n = ln.split(":")[0]
        if n in kept and not ln.startswith(f"{n}: {kept[n]} "):
            continue
        lines.append(ln)
    sheet = out / "student.txt"
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (report,) = grade_paths(out / "teacher", [sheet]).students
    made, left = (("R15", "R12"), ("R2", "R4")) if keep == "second" else (("R2", "R4"), ("R15", "R12"))
    assert all(report.items[r] for r in made) and not any(report.items[r] for r in left)
    assert report.percent == 90.0  # 18 of the 20 links
    said = [f.message for f in report.feedback]
    assert not any(", not " in m for m in said), said
    assert sum(m.startswith("missing link: ") for m in said) == 2, said


@pytest.mark.parametrize(
    "line",
    ["{jang}: C1, C6 supports", "{jang}: C1 supports, C6 supports", "{jang}: c1 and c6", "{jang}: C1; C6"],
)
def test_one_line_may_name_both_claims_a_piece_of_evidence_bears_on(line: str, tmp_path: Path) -> None:
    """The sheet asks for a line each, but a student who writes both on one line means both."""
    out = _write(_shipped(), tmp_path)
    jang = {v: k for k, v in _items(out).items()}["E_jang_execution"]
    sheet = out / "student.txt"
    sheet.write_text("# version: 1\n" + line.format(jang=jang) + "\n", encoding="utf-8")
    (report,) = grade_paths(out / "teacher", [sheet]).students
    assert report.items["R2"] and report.items["R15"]
    assert report.status == "graded"


def test_a_reason_after_the_answer_is_no_second_answer(tmp_path: Path) -> None:
    out = _write(_shipped(), tmp_path)
    jang = {v: k for k, v in _items(out).items()}["E_jang_execution"]
    sheet = out / "student.txt"
    sheet.write_text(f"# version: 1\n{jang}: C1 supports, as it shows how desperate they are\n", encoding="utf-8")
    (report,) = grade_paths(out / "teacher", [sheet]).students
    assert report.items["R2"] and not report.items["R15"] and report.status == "graded"
