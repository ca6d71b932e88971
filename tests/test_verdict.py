"""One verdict for one map: check, gaps and render report the same errors for every map of the hostile
corpus and the validation cases (issue 17)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import app

HERE = Path(__file__).parent
MAPS = sorted(p for p in (HERE / "hostile").iterdir() if p.is_file())
MAPS += sorted((HERE / "fixtures" / "view").glob("*.yaml"))
_FINDING = re.compile(r"^.*?:(\d+):(\d+): error (AM\w+|[A-Z]{2}\d{3})\b", re.MULTILINE)


def _errors(args: list[str]) -> tuple[int, set[str]]:
    done = CliRunner().invoke(app, args)
    return done.exit_code, {f"{m.group(3)}@{m.group(1)}" for m in _FINDING.finditer(done.output)}


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_check_gaps_and_render_agree_on_errors(path: Path) -> None:
    check_code, check = _errors(["check", "-f", "parsable", str(path)])
    gaps_code, gaps = _errors(["gaps", "-f", "parsable", str(path)])
    render_code, render = _errors(["render", str(path), "-f", "dot"])
    assert gaps == check and render == check, (check, gaps, render)
    failed = {check_code != 0, gaps_code != 0, render_code != 0}
    assert len(failed) == 1, (check_code, gaps_code, render_code)
