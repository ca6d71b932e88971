"""The HTML export in a real browser: headless Chromium driven by Playwright, page opened from file://.

Skipped when Playwright or Chromium is missing, unless ARGMAP_REQUIRE_BROWSER=1 (as in CI): then they fail.
One browser serves the whole module; each test gets a fresh page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from argmap.html import render_html
from argmap.load import load_map, load_text
from argmap.model import ArgMap, Count, Statistic

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def load(name: str) -> ArgMap:
    result = load_map(FIXTURES / name)
    assert result.map is not None and not result.has_errors
    return result.map


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html")
    out = {
        "small": render_html(load("small.yaml")),
        "hostile": render_html(load("hostile.yaml")),
        "exercise": render_html(load("small.yaml"), exercise=True),
    }
    for name, text in out.items():
        (folder / f"{name}.html").write_text(text, encoding="utf-8")
    return {name: folder / f"{name}.html" for name in out}


@dataclass
class Tab:
    page: Page
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def panel_text(self) -> str:
        return self.page.inner_text("#panel-body")

    def visible(self, selector: str) -> bool:
        return self.page.locator(selector).first.is_visible()

    def view_box(self) -> list[float]:
        return [float(x) for x in (self.page.get_attribute("#diagram", "viewBox") or "").split()]


@pytest.fixture
def open_page(browser: Browser, pages: dict[str, Path]) -> Iterator[Any]:
    contexts = []

    def opener(name: str) -> Tab:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        tab = Tab(page)

        def on_console(msg: Any) -> None:
            if msg.type in ("error", "warning"):
                tab.errors.append(msg.text)

        def on_dialog(dialog: Any) -> None:
            tab.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("console", on_console)
        page.on("pageerror", lambda exc: tab.errors.append(str(exc)))
        page.on("dialog", on_dialog)
        page.goto(pages[name].as_uri())
        page.wait_for_selector("body.ready", timeout=10_000)
        return tab

    yield opener
    for c in contexts:
        c.close()


def test_clicking_a_node_shows_its_details(open_page: Any) -> None:
    tab = open_page("small")
    assert not tab.visible("#panel")
    tab.page.click("#node-E1")
    assert tab.visible("#panel")
    assert tab.page.inner_text("#panel-heading") == "Statistic E1"
    assert tab.page.inner_text("#panel-text") == "Trade fell to 104 million dollars in 2013."
    text = tab.panel_text()
    for expected in ("104 million USD", "Period", "2013", "-42% since 2012", "Standing: stands"):
        assert expected in text
    assert tab.page.inner_text("#panel-quote mark") == "fell to 104 million dollars"
    assert "“Annual trade report”, Statistics Office, 2014." in tab.page.inner_text("#panel-sources")
    assert "This supports C1: Their trade shrank sharply in 2013." in tab.page.inner_text("#panel-out")
    # Gaps come from the rule engine, with the rule's explanation.
    from argmap.rules import get_rule, run_rules

    codes = sorted(d.code for d in run_rules(load("small.yaml")) if d.subject == "E1")
    assert codes, "the fixture should have a gap on E1"
    gaps = tab.page.inner_text("#panel-gaps")
    for code in codes:
        rule = get_rule(code)
        assert rule is not None and code in gaps and rule.name in gaps and rule.summary in gaps
    # Relations lead on to other nodes.
    tab.page.click('#panel-out [data-goto="C1"]')
    assert tab.page.inner_text("#panel-heading") == "Claim C1"
    incoming = tab.page.inner_text("#panel-in")
    assert "E1" in incoming and "E4" in incoming and "C3" in incoming and "attacks" in incoming
    assert "Grounding: " in tab.panel_text()  # claims carry their grounding beside their standing
    assert "Undercut by C4: The 2013 drop is far larger than the usual swings. (R8)" in incoming
    assert (tab.page.get_attribute("#node-C1", "class") or "").split().count("selected") == 1
    tab.page.click("#panel-close")
    assert not tab.visible("#panel")
    assert tab.errors == [] and tab.dialogs == []


def test_keyboard_tab_to_a_node_enter_opens_escape_closes(open_page: Any) -> None:
    tab = open_page("small")
    page = tab.page
    page.focus("#about")
    focused = None
    for _ in range(10):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.getAttribute('data-id')")
        if focused:
            break
    assert focused is not None, "Tab never reached a node of the diagram"
    assert page.evaluate("document.activeElement.getAttribute('role')") == "button"
    page.keyboard.press("Enter")
    assert tab.visible("#panel")
    assert page.inner_text("#panel-heading").endswith(" " + focused)
    page.keyboard.press("Escape")
    assert not tab.visible("#panel")
    assert page.evaluate("document.activeElement.getAttribute('data-id')") == focused
    # The next Tab moves on to another node.
    page.keyboard.press("Tab")
    following = page.evaluate("document.activeElement.getAttribute('data-id')")
    assert following and following != focused
    assert tab.errors == []


def test_search_highlights_matches_and_enter_opens_the_first(open_page: Any) -> None:
    tab = open_page("small")
    page = tab.page
    page.fill("#search", "104 million")
    assert page.inner_text("#search-count") == "1 match"
    hits = page.eval_on_selector_all("g.search-hit", "els => els.map(e => e.getAttribute('data-id'))")
    assert hits == ["E1"]
    dimmed = page.eval_on_selector("#node-C1", "e => getComputedStyle(e).opacity")
    assert float(dimmed) < 0.5
    assert page.eval_on_selector("#node-E1", "e => getComputedStyle(e).opacity") == "1"
    page.fill("#search", "summit")  # matches the count's items, not only node text
    assert page.inner_text("#search-count") == "1 match"
    page.fill("#search", "trade")  # E3 by its item "Trade forum"
    hits = page.eval_on_selector_all("g.search-hit", "els => els.map(e => e.getAttribute('data-id'))")
    assert sorted(hits) == ["C1", "C3", "E1", "E3"]
    assert page.inner_text("#search-count") == "4 matches"
    page.press("#search", "Enter")
    assert page.inner_text("#panel-heading") == "Claim C1"
    page.fill("#search", "")
    assert page.eval_on_selector_all("g.search-hit", "els => els.length") == 0
    assert page.eval_on_selector("#node-C1", "e => getComputedStyle(e).opacity") == "1"
    assert tab.errors == []


def test_toggles_hide_evidence_attacks_gap_markers_and_show_status(open_page: Any) -> None:
    tab = open_page("small")
    page = tab.page
    evidence = ["E1", "E2", "E3", "E4", "E5"]
    page.uncheck("#show-evidence")
    for nid in evidence:
        assert not tab.visible(f"#node-{nid}")
    for nid in ("T", "C1", "C2", "C3", "C4"):
        assert tab.visible(f"#node-{nid}")
    for edge in ("#rel-R3", "#rel-R5", "#premise-R4-1", "#rel-R4", "#junction-R4"):
        assert not tab.visible(edge)
    assert tab.visible("#rel-R1") and tab.visible("#rel-R7")
    page.check("#show-evidence")
    for nid in evidence:
        assert tab.visible(f"#node-{nid}")
    assert tab.visible("#rel-R3")

    page.uncheck("#show-attacks")
    for hidden in ("#rel-R7", "#junction-R7", "#premise-R7-1", "#node-C3", "#rel-R8", "#node-C4"):
        assert not tab.visible(hidden), hidden
    for shown in ("#node-C1", "#node-T", "#node-E1", "#rel-R3"):
        assert tab.visible(shown), shown
    page.check("#show-attacks")
    assert tab.visible("#node-C3") and tab.visible("#rel-R8")

    markers = page.locator("#node-E1 .gap-marker")
    assert markers.count() == 1 and markers.is_visible()
    page.uncheck("#show-gaps")
    assert not markers.is_visible()
    page.check("#show-gaps")

    stroke = "e => getComputedStyle(e.querySelector('path, polygon')).stroke"
    plain = page.eval_on_selector("#node-T", stroke)
    page.check("#show-status")
    assert page.eval_on_selector("#node-T", stroke) == "rgb(0, 158, 115)"  # accepted
    assert tab.visible("#status-legend")
    page.uncheck("#show-status")
    assert page.eval_on_selector("#node-T", stroke) == plain
    assert tab.errors == []


def test_zoom_and_pan_move_the_view_box(open_page: Any) -> None:
    tab = open_page("small")
    page = tab.page
    page.click("#zoom-fit")  # the page may open zoomed in to a readable size (test_serve_browser.py)
    home = tab.view_box()
    page.click("#zoom-in")
    zoomed = tab.view_box()
    assert zoomed[2] == pytest.approx(home[2] / 1.25) and zoomed[3] == pytest.approx(home[3] / 1.25)
    page.click("#map-title")
    page.keyboard.press("-")
    assert tab.view_box()[2] == pytest.approx(home[2])
    page.keyboard.press("+")
    assert tab.view_box()[2] == pytest.approx(home[2] / 1.25)
    page.keyboard.press("0")
    assert tab.view_box() == pytest.approx(home)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert tab.view_box() == pytest.approx([home[0] + home[2] / 10, home[1] + home[3] / 10, home[2], home[3]])
    page.keyboard.press("0")
    box = page.locator("#viewport").bounding_box()
    assert box is not None
    x, y = box["x"] + 8, box["y"] + 8  # a corner of the diagram, away from the nodes
    page.mouse.move(x, y)
    page.mouse.wheel(0, -300)
    assert tab.view_box()[2] < home[2]
    page.keyboard.press("0")
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y + 60, steps=6)
    page.mouse.up()
    moved = tab.view_box()
    assert moved[0] < home[0] and moved[1] < home[1] and moved[2] == pytest.approx(home[2])
    assert not tab.visible("#panel")  # a drag is not a click
    assert tab.errors == []


def test_hostile_map_text_is_shown_literally_and_runs_nothing(open_page: Any) -> None:
    m = load("hostile.yaml")
    tab = open_page("hostile")
    page = tab.page
    assert page.inner_text("#map-title") == m.title
    assert page.title() == m.title
    page.click("#node-T")
    assert page.inner_text("#panel-text") == "<script>alert(1)</script> is a claim about scripts"
    page.click("#node-C1")
    c1 = page.eval_on_selector("#panel-text", "e => e.textContent")
    assert c1 == m.nodes[1].text and "</script><!--" in c1
    page.click("#node-E1")
    assert page.inner_text("#panel-text") == "<svg onload=alert(4)>said</svg>"
    assert "</textarea><script>alert(5)</script>" in tab.panel_text()
    assert page.locator("#panel-sources a").count() == 0  # a javascript: URL is shown, never linked
    page.click("#about")
    assert "<img src=x onerror=alert(2)>" in tab.panel_text()
    counts = page.evaluate(
        "() => [document.scripts.length, document.images.length,"
        " document.querySelectorAll('iframe, object, embed').length]"
    )
    assert counts == [2, 0, 0]
    assert tab.dialogs == []
    assert tab.errors == []


def test_csp_is_enforced_and_the_page_itself_breaks_none_of_it(open_page: Any) -> None:
    tab = open_page("small")
    page = tab.page
    assert tab.errors == []  # the page loaded and ran under its own policy
    page.evaluate(
        """() => {
            const s = document.createElement('script');
            s.textContent = 'window.injected = 1';
            document.body.appendChild(s);
            const st = document.createElement('style');
            st.textContent = 'body { background: rgb(255, 0, 0); }';
            document.head.appendChild(st);
        }"""
    )
    assert page.evaluate("() => window.injected") is None
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    refused = [e for e in tab.errors if "Content Security Policy" in e]
    assert len(refused) == 2 and len(tab.errors) == 2


def test_exercise_answers_download_as_a_valid_map(open_page: Any) -> None:
    original = load("small.yaml")
    tab = open_page("exercise")
    page = tab.page
    texts = "e => [...e.querySelectorAll('text:not(.veil-mark)')].map(t => getComputedStyle(t).visibility)"
    assert set(page.eval_on_selector("#node-E1", texts)) == {"hidden"}
    mark = "e => getComputedStyle(e).visibility"
    assert page.eval_on_selector("#node-E1 text.veil-mark", mark) == "visible"
    assert set(page.eval_on_selector("#node-C1", texts)) == {"visible"}
    assert page.inner_text("#answer-count") == "0 of 5 answered"
    warrant = "A fall to that level is a sharp shrink."
    label = "e => getComputedStyle(e.querySelector('text')).visibility"
    assert page.eval_on_selector("#rel-R3", label) == "hidden"
    page.click("#node-C1")
    assert warrant not in tab.panel_text() and "shown once the evidence is revealed" in tab.panel_text()
    page.click("#node-E1")
    assert page.locator("#panel-text").count() == 0
    assert "104" not in tab.panel_text()
    page.fill("#answer", "Trade with the neighbour dropped by 42% in 2013.")
    page.fill("#answer-quote", "fell to 104 million")
    page.click("#reveal-one")
    assert page.inner_text("#panel-text") == "Trade fell to 104 million dollars in 2013."
    assert page.input_value("#answer") == "Trade with the neighbour dropped by 42% in 2013."
    assert set(page.eval_on_selector("#node-E1", texts)) == {"visible"}
    assert page.eval_on_selector("#rel-R3", label) == "visible"
    assert warrant in tab.panel_text()  # E1's own panel, now revealed, lists R3 with its warrant
    page.click("#node-E3")
    page.fill("#answer", "  Three summits </script> were called off.  ")
    page.click("#node-E1")  # answers survive moving between nodes
    assert page.input_value("#answer-quote") == "fell to 104 million"
    assert page.inner_text("#answer-count") == "2 of 5 answered"
    page.fill("#student-name", "Student <One>")
    with page.expect_download() as info:
        page.click("#download")
    download = info.value
    assert download.suggested_filename == "trade-between-the-neighbours-shrank.answers.json"
    path = download.path()
    assert path is not None
    raw = Path(path).read_bytes()
    result = load_text(raw, file="answers.json", json_hint=True)
    assert result.map is not None and [str(d) for d in result.diagnostics] == []
    answered = {n.id: n for n in result.map.nodes}
    assert answered["E1"].text == "Trade with the neighbour dropped by 42% in 2013."
    e1, e3 = answered["E1"], answered["E3"]
    assert isinstance(e1, Statistic) and isinstance(e3, Count)
    assert e1.anchor is not None and e1.anchor.exact == "fell to 104 million"
    assert answered["E3"].text == "Three summits </script> were called off."
    assert e3.anchor is None
    assert result.map.authors == ["Student <One>"]
    # Unanswered evidence is left out, with the links it was in: the key is not handed back.
    assert set(answered) == {"T", "C1", "C2", "C3", "C4", "E1", "E3"}
    assert b"under strain" not in raw and b"congratulations" not in raw
    for n in original.nodes:
        if n.kind != "evidence":
            assert answered[n.id] == n
    relations = {r.id: r for r in result.map.relations}
    assert set(relations) == {"R1", "R2", "R3", "R4", "R7", "R8"}
    assert relations["R4"].premises == ["E3"]
    page.click("#reveal-all")
    assert page.eval_on_selector_all("g.veiled", "els => els.length") == 0
    assert tab.errors == [] and tab.dialogs == []
