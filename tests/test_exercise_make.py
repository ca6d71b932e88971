"""Making worksheets and keys: golden Markdown, diagram content, seeds, and the CLI's file handling.

Refresh the golden files after an intended change with::

    ARGMAP_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_exercise_make.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from argmap.cli import app
from argmap.diagnostics import Diagnostic, Severity
from argmap.exercises.findgaps import grade_gaps, parse_answers
from argmap.exercises.make import ExerciseError, make_exercise, student_seed
from argmap.load import load_map, load_text
from argmap.model import ArgMap

HERE = Path(__file__).parent
KEY_FILE = HERE / "fixtures" / "exercises" / "key.yaml"
GOLDEN = HERE / "golden" / "exercises"
SHIPPED = HERE.parent / "claims" / "north-korea-seeking-new-friends.yaml"
UPDATE = bool(os.environ.get("ARGMAP_UPDATE_GOLDEN"))
EVIDENCE = ("E_missiles", "E_trade", "E_loans", "E_treaty_silence", "E_no_visit", "E_not_lost")


@pytest.fixture(scope="module")
def key() -> ArgMap:
    m = load_map(KEY_FILE).map
    assert m is not None
    return m


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden {path}; run with ARGMAP_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("kind", ["fill-evidence", "match", "starter"])
def test_markdown_goldens(key: ArgMap, kind: str) -> None:
    ex = make_exercise(key, kind, seed=0)
    _golden(f"{kind}-worksheet.md", ex.texts["worksheet.md"])
    _golden(f"{kind}-key.md", ex.texts["key.md"])
    if kind == "starter":
        _golden("starter.yaml", ex.texts["answers.yaml"])


def test_fill_evidence_hides_every_answer(key: ArgMap) -> None:
    ex = make_exercise(key, "fill-evidence", seed=0)
    sheet_dot = next(d.dot for d in ex.diagrams if d.name == "worksheet")
    worksheet = ex.texts["worksheet.md"]
    for node in key.evidence():
        for giveaway in (node.id, node.text, node.anchor.exact if node.anchor else node.text):
            assert giveaway not in sheet_dot and giveaway not in worksheet, giveaway
    assert "104" not in sheet_dot and "37.3" not in sheet_dot  # facts of the blanked statistic
    for blank in ("B1", "B2", "B3", "B4", "B5", "B6"):
        assert f'"{blank}"' in sheet_dot and f"### {blank}:" in worksheet
    for claim in ("C_china", "C_russia", "C_desperate"):
        assert f'"{claim}"' in sheet_dot
    key_md = ex.texts["key.md"]
    assert all(f"`{eid}`" in key_md for eid in EVIDENCE)
    assert "“there was no official statement on China-North Korea relations”" in key_md


def test_match_key_links_every_number(key: ArgMap) -> None:
    ex = make_exercise(key, "match", seed=0)
    rows = [ln for ln in ex.texts["key.md"].splitlines() if re.match(r"\| \d+ \|", ln)]
    assert len(rows) == 6
    assert any("`E_not_lost`" in r and r.endswith("| attacks `C_china` (step `R9`) |") for r in rows)
    sheet_dot = next(d.dot for d in ex.diagrams if d.name == "worksheet")
    assert not any(f'"{e}"' in sheet_dot for e in EVIDENCE)  # the diagram has the claims only
    assert '"C_desperate"' in sheet_dot


def _numbers(ex_text: str) -> list[str]:
    return re.findall(r"^\d+\. (.+?)(?: \(|  )", ex_text, flags=re.M)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**6))
def test_same_seed_same_bytes_and_every_item_once(seed: int) -> None:
    m = load_map(KEY_FILE).map
    assert m is not None
    a, b = make_exercise(m, "match", seed=seed), make_exercise(m, "match", seed=seed)
    assert a.texts == b.texts and a.diagrams == b.diagrams
    listed = _numbers(a.texts["worksheet.md"])
    assert sorted(listed) == sorted(n.text for n in m.evidence())


def test_seeds_shuffle_differently(key: ArgMap) -> None:
    orders = {tuple(_numbers(make_exercise(key, "match", seed=s).texts["worksheet.md"])) for s in range(6)}
    assert len(orders) >= 4
    seeds = [student_seed(0, k) for k in range(1, 31)]
    assert len(set(seeds)) == 30 and seeds == [student_seed(0, k) for k in range(1, 31)]


def test_find_gaps_key_round_trips_through_grading(key: ArgMap) -> None:
    findings = [
        Diagnostic("ST102", "claim C_desperate has one support", Severity.WARNING, subject="C_desperate"),
        Diagnostic("SR204", "all evidence is secondary", Severity.WARNING),
    ]
    ex = make_exercise(key, "find-gaps", findings=findings)
    assert ex.texts["gaps.yaml"] == (
        "# Gaps in: North Korea turns from China to new partners\n- ST102 C_desperate\n- SR204\n"
    )
    assert "| ST102 | `C_desperate` | warning | claim C\\_desperate has one support |" in ex.texts["key.md"]
    answers, problems = parse_answers(ex.texts["gaps.yaml"])
    assert problems == []
    assert grade_gaps(findings, answers).score == 100.0


def test_find_gaps_with_the_rule_engine() -> None:
    m = load_map(SHIPPED).map
    assert m is not None
    from argmap.rules import run_rules

    findings = run_rules(m)
    ex = make_exercise(m, "find-gaps")
    answers, _ = parse_answers(ex.texts["gaps.yaml"])
    assert len(answers) == len(findings) > 0
    assert grade_gaps(findings, answers).score == 100.0
    assert "IC401 E_treaty_silence" in ex.texts["gaps.yaml"]


def test_starter_map_checks_clean(key: ArgMap) -> None:
    ex = make_exercise(key, "starter")
    result = load_text(ex.texts["answers.yaml"], file="answers.yaml")
    assert result.map is not None and not result.has_errors
    assert [n.id for n in result.map.nodes] == ["T"]
    assert result.map.sources == key.sources and result.map.relations == []
    from argmap.rules import run_rules

    assert [d for d in run_rules(result.map) if d.severity is Severity.ERROR] == []


def test_a_map_without_evidence_cannot_make_fill_evidence() -> None:
    thesis = {"id": "T", "kind": "thesis", "text": "x"}
    bare = ArgMap.model_validate({"argmap": 1, "title": "t", "nodes": [thesis]})
    with pytest.raises(ExerciseError, match="no evidence"):
        make_exercise(bare, "fill-evidence")
    with pytest.raises(ExerciseError, match="unknown kind"):
        make_exercise(bare, "crossword")


# --------------------------------------------------------------------------- CLI


def _make(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(app, ["exercise", "make", *args])
    return out.exit_code, out.output


def test_cli_writes_worksheet_key_and_diagrams(tmp_path: Path) -> None:
    code, output = _make(str(KEY_FILE), "--kind", "fill-evidence", "-o", str(tmp_path / "a"))
    assert code == 0, output
    names = sorted(str(p.relative_to(tmp_path / "a")) for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert {"student/worksheet.md", "teacher/key.md", "teacher/key.yaml", "student/worksheet.svg"} <= set(names)
    assert {"student/answers.yaml", "teacher/answers.yaml", "teacher/exercise.yaml", "student/worksheet.pdf"} <= set(
        names
    )
    svg = (tmp_path / "a" / "student" / "worksheet.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith(("<?xml", "<svg")) and svg.rstrip().endswith("</svg>")
    assert "B1" in svg and "C_china" in svg and "E_trade" not in svg
    from argmap.view.layout import pdf_available

    if pdf_available():
        assert (tmp_path / "a" / "teacher" / "key.pdf").read_bytes().startswith(b"%PDF-")
    key_map = load_map(tmp_path / "a" / "teacher" / "key.yaml")
    assert key_map.map == load_map(KEY_FILE).map  # the key map is the input, exported
    # the same inputs again: byte for byte the same files
    code, output = _make(str(KEY_FILE), "--kind", "fill-evidence", "-o", str(tmp_path / "b"))
    assert code == 0
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_cli_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "ws"
    assert _make(str(KEY_FILE), "-k", "match", "-o", str(out), "--no-diagrams")[0] == 0
    before = (out / "student" / "worksheet.md").read_bytes()
    code, output = _make(str(KEY_FILE), "-k", "match", "-o", str(out), "--no-diagrams", "--seed", "7")
    assert code == 2 and "already in" in output and "--force" in output
    assert (out / "student" / "worksheet.md").read_bytes() == before
    code, output = _make(str(KEY_FILE), "-k", "match", "-o", str(out), "--no-diagrams", "--seed=7", "--force")
    assert code == 0 and (out / "student" / "worksheet.md").read_bytes() != before


def test_cli_one_version_per_student(tmp_path: Path) -> None:
    code, output = _make(str(KEY_FILE), "-k", "match", "-o", str(tmp_path), "--students=3", "--no-diagrams")
    assert code == 0, output
    folders = sorted(p.name for p in tmp_path.iterdir())
    assert folders == ["student-01", "student-02", "student-03", "teacher"]
    folders = folders[:3]
    assert sorted(p.name for p in (tmp_path / "teacher").iterdir()) == [
        "exercise.yaml",
        "key.yaml",
        "student-01",
        "student-02",
        "student-03",
    ]
    sheets = {(tmp_path / f / "worksheet.md").read_text(encoding="utf-8") for f in folders}
    assert len(sheets) == 3
    second = (tmp_path / "student-02" / "worksheet.md").read_text(encoding="utf-8")
    assert f"seed {student_seed(0, 2)}" in second


def test_cli_bad_inputs_exit_cleanly(tmp_path: Path) -> None:
    code, output = _make(str(tmp_path / "absent.yaml"), "-k", "match", "-o", str(tmp_path / "o"))
    assert code == 2 and "cannot read file" in output
    broken = tmp_path / "broken.yaml"
    broken.write_text("argmap: 1\ntitle: t\nnodes:\n  - {id: T, kind: thesis}\n", encoding="utf-8")
    code, output = _make(str(broken), "-k", "match", "-o", str(tmp_path / "o"))
    assert code == 1 and "AM112" in output and "does not validate" in output
    bare = tmp_path / "bare.yaml"
    bare.write_text("argmap: 1\ntitle: t\nnodes:\n  - {id: T, kind: thesis, text: x}\n", encoding="utf-8")
    code, output = _make(str(bare), "-k", "fill-evidence", "-o", str(tmp_path / "o"))
    assert code == 1 and "error ST101 thesis T has no support" in output  # check fails it too: one verdict
    lone = tmp_path / "lone.yaml"
    lone.write_text(
        "argmap: 1\ntitle: t\nnodes:\n  - {id: T, kind: thesis, text: x}\n  - {id: C1, kind: claim, text: y}\n"
        "relations:\n  - {id: R1, kind: supports, from: C1, to: T}\n",
        encoding="utf-8",
    )
    code, output = _make(str(lone), "-k", "fill-evidence", "-o", str(tmp_path / "o2"))
    assert code == 1 and "no evidence" in output
    code, output = _make(str(KEY_FILE), "-k", "crossword", "-o", str(tmp_path / "o"))
    assert code == 2
    assert not (tmp_path / "o").exists()
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    code, output = _make(str(KEY_FILE), "-k", "match", "-o", str(a_file), "--no-diagrams")
    assert code == 2 and "is a file" in output
    own = tmp_path / "own"
    own.mkdir()
    (own / "key.yaml").write_bytes(KEY_FILE.read_bytes())
    code, output = _make(str(own / "key.yaml"), "-k", "match", "-o", str(own), "--no-diagrams", "--force")
    assert code == 0  # the key goes to own/teacher/key.yaml: the input map is left as it was
    assert (own / "key.yaml").read_bytes() == KEY_FILE.read_bytes()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_worksheet_pdf_lays_the_diagram_out_on_pages_as_render_page_does(tmp_path: Path) -> None:
    """The printable worksheet's diagram is split along the argument with continuation markers (the page
    layout of `render --page`), not tiled by rows and columns."""
    shipped = Path(__file__).parent.parent / "claims" / "north-korea-seeking-new-friends.yaml"
    code, output = _make(str(shipped), "-k", "match", "-o", str(tmp_path / "o"))
    assert code == 0, output
    pdf = tmp_path / "o" / "student" / "worksheet.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "continues on page" in text and "row 1, column" not in text
    assert "(page 1 of " in text
