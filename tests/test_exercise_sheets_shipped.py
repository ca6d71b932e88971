"""Every exercise made from the shipped map grades its own sheets: the blank one 0, the key's own 100.

This mirrors ``../shared/smoke``: features meet in use. Typed claims (``type: cause``) once crashed the
aligner on these very sheets (issue 26) because no test graded the shipped map's own worksheets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import app

HERE = Path(__file__).parent
SHIPPED = HERE.parent / "claims" / "north-korea-seeking-new-friends.yaml"
KINDS = ("fill-evidence", "match", "find-gaps", "starter")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shipped")
    for kind in KINDS:
        out = CliRunner().invoke(app, ["exercise", "make", str(SHIPPED), "--kind", kind, "-o", str(root / kind)])
        assert out.exit_code == 0, out.output
    return root


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("sheet", "want"), [("student", 0.0), ("teacher", 100.0)])
def test_shipped_map_sheets_grade_blank_zero_and_key_full(made: Path, kind: str, sheet: str, want: float) -> None:
    answers = sorted((made / kind / sheet).glob("answers.*"))
    if sheet == "teacher" and not answers:
        pytest.fail(f"{kind}: the key has no answer sheet")
    if not answers:  # find-gaps hands out no answer sheet to fill in
        assert kind == "find-gaps"
        return
    out = CliRunner().invoke(
        app, ["exercise", "grade", str(answers[0]), "--key", str(made / kind / "teacher"), "--format", "json"]
    )
    assert "internal error" not in out.output and "Traceback" not in out.output, out.output
    assert out.exit_code in (0, 1), out.output
    student = json.loads(out.stdout)["students"][0]
    assert student["percent"] == pytest.approx(want, abs=0.5), (kind, sheet, student.get("feedback"))


def test_a_partly_typed_student_map_grades(tmp_path: Path) -> None:
    """One ``type: cause`` among untyped claims stopped the whole class run."""
    text = SHIPPED.read_text(encoding="utf-8")
    student = tmp_path / "typed.yaml"
    student.write_text(text, encoding="utf-8")
    out = CliRunner().invoke(app, ["exercise", "grade", str(student), "--key", str(SHIPPED), "--format", "json"])
    assert out.exit_code in (0, 1), out.output
    assert json.loads(out.stdout)["students"][0]["percent"] == pytest.approx(100.0, abs=0.5)
