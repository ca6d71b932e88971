"""``argmap serve`` in a real browser (Playwright driving Debian's chromium, as tests/test_html_browser.py):
an edit to the file is redrawn on the open page within 5 s without a reload, keeping zoom and the
selected node; a broken edit shows its located error and keeps the drawing. Also: the HTML page opens
at a readable zoom. The server binds 127.0.0.1 on a free port and is stopped by the fixture.

Skipped when Playwright or Chromium is missing, unless ARGMAP_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import unavailable

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips the tests
    expect = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SHIPPED = Path(__file__).parent.parent / "claims" / "north-korea-seeking-new-friends.yaml"
C6_TEXT = "Relations between Beijing and Pyongyang have cooled and the two are drifting apart."


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    if shutil.which("dot") is None:
        unavailable("Graphviz not installed")
    live = tmp_path / "live.yaml"
    shutil.copy(SHIPPED, live)
    proc = subprocess.Popen(
        [sys.executable, "-m", "argmap", "serve", str(live), "--no-open"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    try:
        assert proc.stdout is not None
        yield live, proc.stdout.readline().strip()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def open_live(browser: Browser, url: str) -> Page:
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(url)
    page.wait_for_selector("body.ready", timeout=20_000)
    expect(page.locator("#live-state")).to_contain_text("redrawn", timeout=10_000)
    return page


def view_box(page: Page) -> list[float]:
    return [float(x) for x in (page.get_attribute("#diagram", "viewBox") or "").split()]


def test_an_edit_is_redrawn_in_place_keeping_zoom_and_selection(browser: Browser, server: tuple[Path, str]) -> None:
    live, url = server
    page = open_live(browser, url)
    page.evaluate("window.notReloaded = true")
    page.click("#zoom-in")
    page.locator('g.argmap-node[data-id="C6"]').click()
    assert "cooled" in page.inner_text("#panel-body")
    page.wait_for_timeout(200)  # the panel has opened: the drawing keeps its zoom in the narrower room
    zoomed = view_box(page)
    live.write_text(
        live.read_text(encoding="utf-8").replace(C6_TEXT, "Beijing and Pyongyang are now openly estranged."),
        encoding="utf-8",
    )
    expect(page.locator("#diagram")).to_contain_text("openly estranged", timeout=5_000)
    assert page.evaluate("window.notReloaded") is True  # redrawn in place, not reloaded
    assert view_box(page) == pytest.approx(zoomed)
    assert "openly estranged" in page.inner_text("#panel-body")  # the selected node, updated
    assert page.locator('g.argmap-node[data-id="C6"]').get_attribute("class") is not None
    assert "selected" in (page.locator('g.argmap-node[data-id="C6"]').get_attribute("class") or "")
    page.context.close()


def test_a_broken_edit_shows_the_located_error_and_keeps_the_drawing(
    browser: Browser, server: tuple[Path, str]
) -> None:
    live, url = server
    page = open_live(browser, url)
    text = live.read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.strip() == "- id: C6")
    lines[number - 1] = lines[number - 1].replace("C6", "C1")
    live.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.wait_for_selector("#live-errors li", timeout=5_000)
    errors = page.inner_text("#live-errors")
    assert f"live.yaml:{number}:" in errors and "C1" in errors
    assert page.locator("g.argmap-node").count() > 30  # the last good drawing stays
    assert "does not validate" in page.inner_text("#live-state")
    live.write_text(text, encoding="utf-8")  # fixed again: the error goes
    expect(page.locator("#live-errors li")).to_have_count(0, timeout=5_000)
    assert page.locator("#live-findings li").count() > 0  # findings listed, each with its line
    assert "line " in (page.text_content("#live-findings") or "")
    assert page.get_attribute("#live-details", "open") is None  # opened for the error, closed after the fix
    page.context.close()


def test_the_shipped_map_opens_at_a_readable_zoom(browser: Browser, tmp_path: Path) -> None:
    from argmap.api import load_valid
    from argmap.html import render_html

    m = load_valid(SHIPPED).map
    assert m is not None
    path = tmp_path / "map.html"
    path.write_text(render_html(m), encoding="utf-8")
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("body.ready")
    box = view_box(page)
    viewport = page.locator("#viewport").bounding_box()
    assert viewport is not None
    assert box[2] == pytest.approx(viewport["width"], rel=0.01)  # one drawing point per CSS pixel: 100 %
    thesis = page.locator("g.argmap-node.kind-thesis").bounding_box()
    assert thesis is not None  # the thesis is in view
    assert viewport["x"] <= thesis["x"] and thesis["x"] + thesis["width"] <= viewport["x"] + viewport["width"]
    assert viewport["y"] <= thesis["y"] < viewport["y"] + viewport["height"]
    page.click("#zoom-fit")
    assert view_box(page)[2] > 2 * box[2]  # the whole map would have been squeezed; Fit still shows it
    page.context.close()


def test_the_drawing_keeps_the_chosen_zoom_while_bars_and_lists_open_and_close(
    browser: Browser, server: tuple[Path, str]
) -> None:
    live, url = server
    page = open_live(browser, url)
    page.click("#zoom-in")
    page.wait_for_timeout(200)

    def thesis_width() -> float:
        box = page.locator("g.argmap-node.kind-thesis").bounding_box()
        assert box is not None
        return box["width"]

    chosen = thesis_width()
    text = live.read_text(encoding="utf-8")
    live.write_text(text.replace("- id: C6", "- id: C1", 1), encoding="utf-8")  # the error bar opens
    page.wait_for_selector("#live-errors li", timeout=5_000)
    page.wait_for_timeout(200)
    assert thesis_width() == pytest.approx(chosen, abs=1)
    page.locator('g.argmap-node[data-id="C6"]').click()  # the details panel opens
    page.wait_for_timeout(200)
    assert thesis_width() == pytest.approx(chosen, abs=1)
    live.write_text(text, encoding="utf-8")  # fixed: the list closes again
    expect(page.locator("#live-errors li")).to_have_count(0, timeout=5_000)
    page.wait_for_timeout(200)
    assert page.get_attribute("#live-details", "open") is None
    assert thesis_width() == pytest.approx(chosen, abs=1)
    page.context.close()
