"""The editor of ``argmap serve`` in a real browser (Playwright driving Debian's chromium).

A scripted teacher builds the bike-lanes key of tests/eval from the `starter` exercise's answer sheet by
selecting passages of the source text and linking the nodes; the file validates and grades at least 95
against the key. An external save during a session loses nothing; an untouched file, and one edited
and undone, is byte-identical afterwards.

Skipped when Playwright or Chromium is missing, unless ARGMAP_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import unavailable

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips the tests
    expect = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

BIKE = Path(__file__).parent / "eval" / "bike-lanes"
KEY = BIKE / "key.yaml"


def make_starter(tmp_path: Path) -> Path:
    """The starter exercise made from the key: its teacher folder and the student's answer sheet."""
    out = tmp_path / "exercise"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "argmap",
            "exercise",
            "make",
            str(KEY),
            "-k",
            "starter",
            "-o",
            str(out),
            "--no-diagrams",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[Any]:
    if shutil.which("dot") is None:
        unavailable("Graphviz not installed")
    procs: list[subprocess.Popen[str]] = []

    def start(path: Path) -> str:
        proc = subprocess.Popen(
            [sys.executable, "-m", "argmap", "serve", str(path), "--no-open"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
        )
        procs.append(proc)
        assert proc.stdout is not None
        return proc.stdout.readline().strip()

    yield start
    for proc in procs:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
        assert "Traceback" not in err


def open_editor(browser: Browser, url: str) -> Page:
    page = browser.new_context(viewport={"width": 1500, "height": 1000}).new_page()
    page.goto(url)
    page.wait_for_selector("body.ready", timeout=20_000)
    expect(page.locator("#node-list li").first).to_be_visible(timeout=10_000)
    expect(page.locator("#source-text")).to_contain_text("Elm Street", timeout=10_000)
    return page


def select_passage(page: Page, words: str) -> None:
    """Select ``words`` in the reading pane as a person would with the mouse."""
    found = page.evaluate(
        """(words) => {
            // The pane is text with the map's anchors marked: find the words across its text nodes.
            const pane = document.getElementById('source-text');
            const at = pane.textContent.indexOf(words);
            if (at < 0) { return false; }
            const walk = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
            const place = (offset) => {
                let seen = 0;
                for (let n = walk.firstChild() || walk.currentNode; n; n = walk.nextNode()) {
                    if (seen + n.length >= offset) { return [n, offset - seen]; }
                    seen += n.length;
                }
                return null;
            };
            walk.currentNode = pane;
            const start = place(at);
            walk.currentNode = pane;
            const end = place(at + words.length);
            const range = document.createRange();
            range.setStart(start[0], start[1]);
            range.setEnd(end[0], end[1]);
            const sel = window.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
            return true;
        }""",
        words,
    )
    assert found, words


def saved(page: Page, what: str) -> None:
    expect(page.locator("#ed-status")).to_have_text(f"{what}: saved.", timeout=10_000)


def add_from_passage(page: Page, node: dict[str, Any]) -> None:
    anchor = node["anchor"] if isinstance(node["anchor"], str) else node["anchor"]["exact"]
    select_passage(page, anchor)
    page.keyboard.press("Alt+n")  # the keyboard way to "Node from selection"
    expect(page.locator("#node-form")).to_be_visible()
    page.fill("#f-id", node["id"])
    page.select_option("#f-kind", node["kind"])
    if node["kind"] == "evidence":
        page.select_option("#f-type", node["type"])
    assert page.input_value("#f-anchor_exact")  # the anchor comes from the selection
    page.fill("#f-text", node["text"])
    for name, value in node.items():
        if name in {"id", "kind", "type", "text", "anchor", "sources", "aliases"}:
            continue
        box = page.locator(f"#f-{name}")
        if box.get_attribute("type") == "checkbox":
            box.set_checked(bool(value))
        else:
            box.fill(json.dumps(value) if isinstance(value, dict) else str(value))
    page.click("#ed-save")
    saved(page, f"add {node['id']}")


def link(page: Page, rel: dict[str, Any]) -> None:
    page.locator(f'#node-list button[data-edit="{rel["from"]}"]').click()
    page.select_option("#f-link_kind", rel["kind"])
    page.select_option("#f-link_to", rel["to"])
    page.click("#ed-link")
    saved(page, f"link {rel['from']} {rel['kind']} {rel['to']}")


def test_a_teacher_builds_the_bike_lanes_key_from_a_starter(browser: Browser, serving: Any, tmp_path: Path) -> None:
    import yaml

    key = yaml.safe_load(KEY.read_text(encoding="utf-8"))
    exercise = make_starter(tmp_path)
    answers = exercise / "student" / "answers.yaml"
    page = open_editor(browser, serving(answers))
    for node in key["nodes"]:
        if node["id"] != "T":
            add_from_passage(page, node)
    for rel in key["relations"]:
        link(page, rel)
    page.locator('#node-list button[data-edit="T"]').click()  # the thesis is supported now: its ignore goes
    page.context.close()

    text = answers.read_text(encoding="utf-8")
    assert text.startswith("# Your map: add claims")  # the sheet's comments are kept
    check = subprocess.run(
        [sys.executable, "-m", "argmap", "check", str(answers)], capture_output=True, text=True, timeout=60
    )
    assert " error " not in check.stdout, check.stdout
    graded = subprocess.run(
        [
            sys.executable,
            "-m",
            "argmap",
            "exercise",
            "grade",
            str(answers),
            "--key",
            str(exercise / "teacher"),
            "-f",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert graded.returncode == 0, graded.stderr
    score = json.loads(graded.stdout)["students"][0]["percent"]
    assert score >= 95, graded.stdout


def test_an_external_save_during_a_session_loses_nothing(browser: Browser, serving: Any, tmp_path: Path) -> None:
    live = tmp_path / "key.yaml"
    shutil.copy(KEY, live)
    shutil.copy(BIKE / "elm-street-bike-lanes.txt", tmp_path)
    page = open_editor(browser, serving(live))
    page.locator('#node-list button[data-edit="C_safer"]').click()
    page.fill("#f-text", "Elm Street is safer since the lanes.")
    page.click("#ed-save")
    saved(page, "edit C_safer")
    # Another editor saves the file; the page has not seen it yet when the teacher edits again.
    page.evaluate("window.stop()")
    outside = live.read_text(encoding="utf-8").replace(
        "text: More people cycle on Elm Street since the lanes opened.",
        "text: Cycling on Elm Street has grown since the lanes opened.",
    )
    live.write_text(outside, encoding="utf-8")
    page.locator('#node-list button[data-edit="C_shops_ok"]').click()
    page.fill("#f-text", "Local shops have not suffered.")
    page.click("#ed-save")
    status = page.locator("#ed-status")
    expect(status).to_contain_text("changed on disk", timeout=10_000)
    assert live.read_text(encoding="utf-8") == outside  # the refused edit wrote nothing
    expect(page.locator("#node-list")).to_contain_text("Cycling on Elm Street has grown")
    page.locator('#node-list button[data-edit="C_shops_ok"]').click()
    page.fill("#f-text", "Local shops have not suffered.")
    page.click("#ed-save")
    saved(page, "edit C_shops_ok")
    final = live.read_text(encoding="utf-8")
    assert "Elm Street is safer since the lanes." in final  # the page's first edit
    assert "Cycling on Elm Street has grown" in final  # the other editor's save
    assert "Local shops have not suffered." in final  # the page's edit made again on the new file
    page.context.close()


def test_an_untouched_file_and_an_undone_edit_leave_the_bytes_as_they_were(
    browser: Browser, serving: Any, tmp_path: Path
) -> None:
    live = tmp_path / "key.yaml"
    shutil.copy(KEY, live)
    shutil.copy(BIKE / "elm-street-bike-lanes.txt", tmp_path)
    before = live.read_bytes()
    page = open_editor(browser, serving(live))
    page.locator('#node-list button[data-edit="E_counter"]').click()
    page.click("#ed-save")  # saving an unchanged node
    expect(page.locator("#ed-status")).to_contain_text("Nothing changed")
    assert live.read_bytes() == before
    page.fill("#f-text", "The library counter tripled.")
    page.click("#ed-save")
    saved(page, "edit E_counter")
    assert live.read_bytes() != before
    page.locator("#source-text").focus()  # out of the form: Ctrl+Z is the page's undo, not the field's
    page.keyboard.press("Control+z")
    saved(page, "undo edit E_counter")
    assert live.read_bytes() == before
    page.click("#ed-redo")
    saved(page, "edit E_counter")
    assert b"The library counter tripled." in live.read_bytes()
    edited = live.read_bytes()
    page.locator('#node-list button[data-edit="C_shoppers"]').click()
    page.click("#ed-delete")  # the node and the two links that need it
    saved(page, "delete C_shoppers")
    assert b"C_shoppers" not in live.read_bytes()
    expect(page.locator('#node-list li[data-id="C_shoppers"]')).to_have_count(0)
    page.click("#ed-undo")
    saved(page, "undo delete C_shoppers")
    assert live.read_bytes() == edited
    page.context.close()


def test_a_passage_is_selected_and_proposed_from_the_keyboard(browser: Browser, serving: Any, tmp_path: Path) -> None:
    live = tmp_path / "key.yaml"
    shutil.copy(KEY, live)
    shutil.copy(BIKE / "elm-street-bike-lanes.txt", tmp_path)
    before = live.read_bytes()
    page = open_editor(browser, serving(live))
    pane = page.locator("#source-text")
    pane.focus()
    page.keyboard.press("Control+Home")
    for _ in range(2):
        page.keyboard.press("Control+Shift+ArrowRight")  # "Keep the"
    page.keyboard.type("typing changes nothing")
    page.keyboard.press("Alt+n")
    expect(page.locator("#node-form")).to_be_visible()
    assert page.input_value("#f-anchor_exact") == "Keep the"
    assert page.input_value("#f-anchor_prefix") == ""  # "Keep the" occurs once: the words alone
    assert pane.text_content().startswith("Keep the Elm Street bike lanes\nRiverton Courier")
    assert live.read_bytes() == before
    page.context.close()
