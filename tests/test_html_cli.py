"""The HTML export reached from the CLI: `render -o map.html` and `exercise make --html`."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from argmap.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "html"
runner = CliRunner()


def _data(page: str) -> dict:  # type: ignore[type-arg]
    m = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)
    assert m, "no data block in the page"
    return json.loads(m.group(1))  # type: ignore[no-any-return]


def test_render_html_writes_one_self_contained_page(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    result = runner.invoke(app, ["render", str(FIXTURES / "small.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page
    assert "default-src &#x27;none&#x27;" in page
    assert not re.search(r'(src|href)="https?://', page)
    assert "<svg" in page
    data = _data(page)
    assert data, "page holds the map's data"


def test_render_html_refuses_partial_views(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    result = runner.invoke(app, ["render", str(FIXTURES / "small.yaml"), "-o", str(out), "--collapse"])
    assert result.exit_code == 2
    assert "leave out --focus and --collapse" in result.output
    assert not out.exists()


def test_render_html_escapes_hostile_text(tmp_path: Path) -> None:
    out = tmp_path / "hostile.html"
    result = runner.invoke(app, ["render", str(FIXTURES / "hostile.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    # Only the page's own script blocks: no script element smuggled in by map text.
    assert page.count("<script") == 2


def test_exercise_make_html(tmp_path: Path) -> None:
    out = tmp_path / "ex"
    result = runner.invoke(
        app,
        [
            "exercise",
            "make",
            str(FIXTURES / "small.yaml"),
            "--kind",
            "fill-evidence",
            "-o",
            str(out),
            "--html",
            "--no-diagrams",
        ],
    )
    assert result.exit_code == 0, result.output
    # The student's page (issue 13) carries the worksheet and an answer box, and no map data: the
    # interactive map page holds the key, so it is no longer what students get.
    page = (out / "student" / "worksheet.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page
    assert 'id="answers"' in page and "application/json" not in page
