"""Each kind's answer sheet: blank 0, the key's own sheet 100; student and teacher files apart,
for every kind and version; the student's files leak nothing of the key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from argmap.exercises.api import grade_paths, load_key
from argmap.exercises.feedback import for_student
from argmap.exercises.layout import build_files, source_text_for
from argmap.exercises.make import KINDS
from argmap.exercises.sheets import SHEET_NAMES

BIKES = Path(__file__).parent / "eval" / "bike-lanes"
KEY_FILE = BIKES / "key.yaml"
KEY = load_key(KEY_FILE)
EVIDENCE_IDS = [n.id for n in KEY.nodes if n.kind == "evidence"]


def _write(tmp: Path, kind: str, students: int = 0, html: bool = True) -> Path:
    made = build_files(KEY, kind, students=students, html=html, source_text=source_text_for(KEY, KEY_FILE))
    for rel, data in made.files.items():
        p = tmp / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode())
    return tmp


def _percent(report: object) -> float:
    return float(report.percent)  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", KINDS)
def test_blank_is_zero_and_the_keys_sheet_is_full_marks(tmp_path: Path, kind: str) -> None:
    out = _write(tmp_path, kind)
    sheet = SHEET_NAMES[kind]
    blank = grade_paths(out / "teacher", [out / "student" / sheet]).students[0]
    full = grade_paths(out / "teacher", [out / "teacher" / sheet]).students[0]
    assert (_percent(blank), _percent(full)) == (0.0, 100.0)
    assert blank.status == full.status == "graded"


@pytest.mark.parametrize("kind", KINDS)
def test_student_and_teacher_files_apart(tmp_path: Path, kind: str) -> None:
    out = _write(tmp_path, kind)
    sheet = SHEET_NAMES[kind]
    student = {p.name for p in (out / "student").iterdir()}
    teacher = {p.name for p in (out / "teacher").iterdir()}
    assert {"worksheet.md", "worksheet.pdf", "worksheet.html", sheet, "elm-street-bike-lanes.txt"} <= student
    assert not {n for n in student if n.startswith("key")}
    assert {"key.yaml", "key.md", "key.pdf", sheet, "exercise.yaml", "elm-street-bike-lanes.txt"} <= teacher


@pytest.mark.parametrize("kind", ["fill-evidence", "match"])
def test_student_files_leak_no_hidden_evidence(tmp_path: Path, kind: str) -> None:
    out = _write(tmp_path, kind)
    for f in (out / "student").iterdir():
        if f.suffix in (".md", ".html", ".svg", ".yaml", ".txt") and f.name != "elm-street-bike-lanes.txt":
            text = f.read_text(encoding="utf-8")
            leaked = [e for e in EVIDENCE_IDS if e in text]
            assert leaked == [], f"{f.name} names {leaked}"
    page = (out / "student" / "worksheet.html").read_text(encoding="utf-8")
    if kind == "match":  # no arrow from hidden evidence: the diagram has only the claims
        assert "kind-statistic" not in page and "kind-absence" not in page
    if kind == "fill-evidence":  # blank boxes are all alike, not sized to their answers
        assert {len(b) for b in re.findall(r"_{8,}", page)} <= {32, 64}


def test_find_gaps_page_shows_no_gap_markers(tmp_path: Path) -> None:
    out = _write(tmp_path, "find-gaps")
    page = (out / "student" / "worksheet.html").read_text(encoding="utf-8")
    assert "gap-" not in page and "data-gap" not in page and "argmap-gap" not in page
    for code in ("EQ306", "SR202"):
        assert f"{code} E_" not in page and f"{code} R" not in page


@pytest.mark.parametrize("kind", KINDS)
def test_every_version_has_its_key_in_the_one_teacher_folder(tmp_path: Path, kind: str) -> None:
    out = _write(tmp_path, kind, students=3, html=False)
    sheet = SHEET_NAMES[kind]
    assert sorted(p.name for p in out.iterdir()) == ["student-01", "student-02", "student-03", "teacher"]
    for k in ("01", "02", "03"):
        assert not any(p.name.startswith("key") for p in (out / f"student-{k}").iterdir())
        full = grade_paths(out / "teacher", [out / "teacher" / f"student-{k}" / sheet]).students[0]
        blank = grade_paths(out / "teacher", [out / f"student-{k}" / sheet]).students[0]
        assert (_percent(blank), _percent(full)) == (0.0, 100.0)


def test_match_lines_grade_and_wrong_lines_lose(tmp_path: Path) -> None:
    out = _write(tmp_path, "match")
    key_lines = (out / "teacher" / "answers.txt").read_text(encoding="utf-8").splitlines()
    answers = [ln for ln in key_lines if re.match(r"^\d+: ", ln)]
    assert answers and all(re.match(r"^\d+: \S+ (supports|attacks|undercuts)$", ln) for ln in answers)
    wrong = [re.sub(r" supports$", " attacks", answers[0]), *answers[1:]]
    sheet = out / "mine.txt"
    sheet.write_text("# version: 1\n" + "\n".join(wrong) + "\n", encoding="utf-8")
    report = grade_paths(out / "teacher", [sheet]).students[0]
    assert 80 < _percent(report) < 100
    assert any(f.topic == "polarity" for f in report.feedback)


def test_find_gaps_takes_any_code_of_the_weakness_and_plain_words(tmp_path: Path) -> None:
    out = _write(tmp_path, "find-gaps")
    sheet = out / "words.txt"
    sheet.write_text(
        "EQ301 E_no_cyclist\nE_no_closures: an argument from silence\nE_survey has no baseline to compare with\n",
        encoding="utf-8",
    )
    report = grade_paths(out / "teacher", [sheet]).students[0]
    assert report.hits == 3 and report.precision == 1.0


def test_an_untouched_starter_is_zero_and_a_folder_of_txt_answers_is_graded(tmp_path: Path) -> None:
    out = _write(tmp_path, "starter")
    assert _percent(grade_paths(out / "teacher", [out / "student" / "answers.yaml"]).students[0]) == 0.0
    gaps = _write(tmp_path / "gaps", "find-gaps")
    folder = tmp_path / "handed-in"
    folder.mkdir()
    (folder / "ana.txt").write_text("ST102 C_shoppers\n", encoding="utf-8")
    (folder / "bo.txt").write_text("", encoding="utf-8")
    graded = grade_paths(gaps / "teacher", [folder])
    assert [Path(r.student).name for r in graded.students] == ["ana.txt", "bo.txt"]


@pytest.mark.parametrize("paper,size", [("a4", b"595.2756 841.8898"), ("letter", b"612 792")])
def test_worksheet_pdf_paper(paper: str, size: bytes) -> None:
    made = build_files(KEY, "fill-evidence", paper=paper)
    pdf = made.files["student/worksheet.pdf"]
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 " + size in pdf


def test_a_downloaded_sheet_is_named_after_the_student(tmp_path: Path) -> None:
    out = _write(tmp_path, "match", html=False)
    mine = out / "answers-hana-sato.txt"
    mine.write_text((out / "teacher" / "answers.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert grade_paths(out / "teacher", [mine]).students[0].name == "hana-sato"


def test_a_find_gaps_sheet_is_named_by_its_name_line(tmp_path: Path) -> None:
    out = _write(tmp_path, "find-gaps")
    sheet = out / "dk.txt"
    sheet.write_text("# exercise: find-gaps\n# name: Dana Kim\nST102 C_shoppers\n", encoding="utf-8")
    (report,) = grade_paths(out / "teacher", [sheet]).students
    assert report.name == "Dana Kim"


def test_a_fill_evidence_sheet_with_yaml_aliases_is_not_graded(tmp_path: Path) -> None:
    """Nine nested aliases would make one blank's evidence megabytes of text to compare."""
    out = _write(tmp_path, "fill-evidence")
    lines = ['exercise: fill-evidence\nversion: "1"', 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcde", "bcdef", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    sheet = out / "bomb.yaml"
    sheet.write_text("\n".join([*lines, "answers: {B1: {evidence: *f, type: event}}"]) + "\n", encoding="utf-8")
    (report,) = grade_paths(out / "teacher", [sheet]).students
    assert report.status == "invalid"
    said = "not valid YAML: an alias (*name) where an answer should be written out"
    assert report.reason == f"not graded: {sheet}:4: {said}"


def test_a_match_sheet_whose_header_lost_its_hashes_is_read_whole(tmp_path: Path) -> None:
    """`name: Cara` is the student's name (the report shows it), not an unreadable answer; a line
    that is no answer is said with what to do on the sheet, not with `argmap check`."""
    out = _write(tmp_path, "match")
    key = (out / "teacher" / "answers.txt").read_text(encoding="utf-8")
    answers = [ln for ln in key.splitlines() if ln and not ln.startswith("#")]
    sheet = out / "cara.txt"
    sheet.write_text("exercise: match\nversion: 1\nname: Cara Diaz\n" + "\n".join(answers) + "\n", encoding="utf-8")
    (report,) = grade_paths(out / "teacher", [sheet]).students
    assert (report.status, report.name, _percent(report)) == ("graded", "Cara Diaz", 100.0)
    sheet.write_text("# version: 1\nI did not understand\n" + "\n".join(answers) + "\n", encoding="utf-8")
    (report,) = grade_paths(out / "teacher", [sheet]).students
    said = for_student(report.feedback)
    assert report.status == "partial" and "argmap check" not in " ".join(said), said
    assert any("Write each answer as the sheet shows it" in line for line in said), said


@pytest.mark.parametrize("kind", ["match", "find-gaps"])
def test_a_sheet_saved_with_a_byte_order_mark_and_crlf_is_read_whole(kind: str, tmp_path: Path) -> None:
    """Notepad's UTF-8 starts with a byte-order mark: it made the first line an unreadable answer."""
    out = _write(tmp_path, kind)
    key = (out / "teacher" / SHEET_NAMES[kind]).read_text(encoding="utf-8")
    if kind == "find-gaps":  # plain lines, as a student types them, not the key's YAML list
        key = "\n".join(ln.removeprefix("- ") for ln in key.splitlines() if not ln.startswith("#")) + "\n"
    sheet = out / "win.txt"
    sheet.write_bytes(b"\xef\xbb\xbf" + key.replace("\n", "\r\n").encode("utf-8"))
    (report,) = grade_paths(out / "teacher", [sheet]).students
    assert report.status == "graded" and _percent(report) == 100.0


def test_fill_evidence_answers_written_loosely_are_read_or_said(tmp_path: Path) -> None:
    """`b2`, `B 3` and `B4: text alone` are the student's answers; a list under a blank, or a blank
    the worksheet does not have, is said, never dropped without a word."""
    import yaml

    out = _write(tmp_path, "fill-evidence")
    key = yaml.safe_load((out / "teacher" / "answers.yaml").read_text(encoding="utf-8"))["answers"]
    loose = {"b2": key["B2"], "B 3": key["B3"], "B4": key["B4"]["evidence"], "B5": [key["B5"]["evidence"]]}
    loose["B99"] = key["B6"]
    sheet = out / "loose.yaml"
    sheet.write_text(yaml.safe_dump({"exercise": "fill-evidence", "version": "1", "answers": loose}), encoding="utf-8")
    (report,) = grade_paths(out / "teacher", [sheet]).students
    items = _items_of(out)
    assert [report.items[items[b]] for b in ("B2", "B3", "B4", "B5", "B6")] == [True, True, True, False, False]
    assert report.status == "partial"
    said = " ".join(f.message for f in report.feedback)
    assert "2 line(s) could not be read" in said and f"{sheet}: B5: a list where the blank's" in said


def _items_of(out: Path) -> dict[str, str]:
    import yaml

    manifest = yaml.safe_load((out / "teacher" / "exercise.yaml").read_text(encoding="utf-8"))
    return dict(manifest["versions"]["1"]["items"])
