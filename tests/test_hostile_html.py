"""The HTML page with ids that are names of JavaScript object properties (issue 16): lookups by id
must not reach Object.prototype, so `toString`, `constructor` and `__proto__` behave as any id."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.html import render_html
from argmap.load import load_map

CLICK = """id => document.querySelector(`g.argmap-node[data-id="${id}"]`)
    .dispatchEvent(new MouseEvent("click", {bubbles: true}))"""
HOSTILE = Path(__file__).parent / "hostile" / "prototype-ids.yaml"


def test_prototype_named_ids_keep_their_relations_and_gaps(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    from tools.screenshot import find_chromium, launch

    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium not found")
    result = load_map(HOSTILE)
    assert result.map is not None and not result.has_errors
    page_file = tmp_path / "page.html"
    page_file.write_text(render_html(result.map), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = launch(p, chromium)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(page_file.as_uri())
        page.wait_for_selector("body.ready", timeout=10_000)
        # The premise of relation `toString` is listed under the thesis, with its relation id.
        page.evaluate(CLICK, "T")
        panel = page.inner_text("#panel-body")
        assert "toString" in panel and "__proto__" in panel and "constructor" in panel, panel
        # The node `__proto__` is a node: it opens, and its evidence `valueOf` is listed.
        page.evaluate(CLICK, "__proto__")
        assert "A claim named like the prototype." in page.inner_text("#panel-body")
        assert "valueOf" in page.inner_text("#panel-body")
        # Search finds it.
        page.fill("#search", "__proto__")
        assert page.locator('g.argmap-node[data-id="__proto__"].search-hit').count() == 1
        assert page.inner_text("#search-count") == "1 match"
        browser.close()
    assert not errors, errors
