"""worksheet.html's answer form in a real browser (Debian's Chromium through Playwright, page opened from
file://, no server, no network): a scripted student fills each kind's form and saves; the saved file
grades exactly as the same answers written by hand (issue 27); starter's form is the map editor (issue
28), whose saved map grades as the same map written by hand.

Skipped when Playwright or Chromium is missing, unless ARGMAP_REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from argmap.api import load_valid
from argmap.exercises.api import grade_paths
from argmap.exercises.layout import build_files

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

HERE = Path(__file__).parent
BIKES = HERE / "eval" / "bike-lanes"
TEXT = BIKES / "elm-street-bike-lanes.txt"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    m = load_valid(BIKES / "key.yaml").map
    assert m is not None
    out = {}
    for kind in ("fill-evidence", "match", "find-gaps", "starter"):
        root = tmp_path_factory.mktemp(kind)
        files = build_files(
            m, kind, diagrams=False, html=True, source_text=(TEXT.name, TEXT.read_text(encoding="utf-8"))
        ).files
        for rel, data in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        out[kind] = root
    return out


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True, offline=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type in ("error", "warning") else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None)
    yield tab
    assert errors == [] and requests == []
    context.close()


def _save(page: Page, folder: Path) -> Path:
    with page.expect_download() as info:
        page.click("#download")
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def _same_grade(teacher: Path, saved: Path, by_hand: Path) -> None:
    a, b = grade_paths(teacher, [saved]).students[0], grade_paths(teacher, [by_hand]).students[0]
    assert a.status == b.status == "graded"
    assert (a.percent, getattr(a, "items", None)) == (b.percent, getattr(b, "items", None))
    assert getattr(a, "name", "") == getattr(b, "name", "") != ""
    assert 0 < a.percent < 100  # some right, some wrong: the comparison means something


def _select_in_text(page: Page, words: str) -> None:
    page.evaluate(
        """(words) => {
            const node = document.getElementById('article').firstChild;
            const at = node.textContent.indexOf(words);
            if (at < 0) throw new Error('not in the text: ' + words);
            const range = document.createRange();
            range.setStart(node, at); range.setEnd(node, at + words.length);
            const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        }""",
        words,
    )


def test_fill_evidence_form_saves_what_grades_as_a_hand_written_sheet(
    page: Page, made: dict[str, Path], tmp_path: Path
) -> None:
    page.goto((made["fill-evidence"] / "student" / "worksheet.html").as_uri())
    page.fill("#name", "Mia Novak")
    b2 = page.locator('fieldset[data-blank="B2"]')
    b2.locator(".evidence").fill("Crashes with injuries on Elm Street went down from 14 to 5.")
    b2.locator(".type").select_option("statistic")
    b2.locator('input[data-field="period"]').fill("two years before and after")
    _select_in_text(page, "police recorded 14 injury crashes on Elm Street")
    b2.locator(".take").click()
    b5 = page.locator('fieldset[data-blank="B5"]')
    b5.locator(".evidence").fill("The head of the traders now says footfall is better than he feared.")
    b5.locator(".type").select_option("event")  # wrong: it is a statement
    _select_in_text(page, "the footfall is better than I feared")
    b5.locator(".take").click()
    assert b2.locator(".quote").input_value() == "police recorded 14 injury crashes on Elm Street"
    saved = _save(page, tmp_path)
    assert saved.name == "answers-mia-novak.yaml"
    by_hand = tmp_path / "mia-by-hand.yaml"
    by_hand.write_text(
        "exercise: fill-evidence\n"
        "version: 1\n"
        "name: Mia Novak\n"
        "answers:\n"
        "  B2:\n"
        "    evidence: >-\n"
        "      Crashes with injuries on Elm Street went down from 14 to 5.\n"
        "      (period: two years before and after)\n"
        "    type: statistic\n"
        "    quote: police recorded 14 injury crashes on Elm Street\n"
        "  B5:\n"
        "    evidence: The head of the traders now says footfall is better than he feared.\n"
        "    type: event\n"
        "    quote: the footfall is better than I feared\n",
        encoding="utf-8",
    )
    _same_grade(made["fill-evidence"] / "teacher", saved, by_hand)


def test_match_form_saves_what_grades_as_a_hand_written_sheet(
    page: Page, made: dict[str, Path], tmp_path: Path
) -> None:
    page.goto((made["match"] / "student" / "worksheet.html").as_uri())
    page.fill("#name", "Omar Reyes")
    one = page.locator('fieldset[data-number="1"]')
    one.locator(".target").select_option("C_shops_ok")
    one.locator(".how").select_option("supports")
    two = page.locator('fieldset[data-number="2"]')
    two.locator(".target").select_option("C_more_riders")  # wrong claim
    two.locator(".more").click()
    two.locator(".target").nth(1).select_option("C_safer")
    two.locator(".how").nth(1).select_option("supports")
    eight = page.locator('fieldset[data-number="8"]')
    eight.locator(".target").select_option("C_objection")
    eight.locator(".how").select_option("attacks")  # wrong direction of bearing
    saved = _save(page, tmp_path)
    assert saved.name == "answers-omar-reyes.txt"
    by_hand = tmp_path / "omar.txt"
    by_hand.write_text(
        "# name: Omar Reyes\n1: C_shops_ok supports\n2: C_more_riders\n2: C_safer supports\n8: C_objection attacks\n",
        encoding="utf-8",
    )
    _same_grade(made["match"] / "teacher", saved, by_hand)


def test_find_gaps_form_saves_what_grades_as_a_hand_written_list(
    page: Page, made: dict[str, Path], tmp_path: Path
) -> None:
    page.goto((made["find-gaps"] / "student" / "worksheet.html").as_uri())
    page.fill("#name", "Lea Park")
    rows = page.locator("p.gap")
    rows.nth(0).locator(".id").select_option("E_crashes")
    rows.nth(0).locator(".weakness").select_option("EQ302")
    rows.nth(0).locator(".why").fill("no unit: 14 of what? # crashes")
    rows.nth(1).locator(".id").select_option("R7")
    rows.nth(1).locator(".weakness").select_option("EQ301")
    rows.nth(2).locator(".id").select_option("C_safer")
    rows.nth(2).locator(".weakness").select_option("ST101")  # not in the key
    page.click("button.more")
    rows.nth(3).locator(".weakness").select_option("SR201")
    saved = _save(page, tmp_path)
    by_hand = tmp_path / "lea.txt"
    by_hand.write_text(
        "# name: Lea Park\n- EQ302 E_crashes   # no unit\n- EQ306 R7\n- ST102 C_safer\n- SR204\n", encoding="utf-8"
    )
    a = grade_paths(made["find-gaps"] / "teacher", [saved]).students[0]
    b = grade_paths(made["find-gaps"] / "teacher", [by_hand]).students[0]
    assert a.status == b.status == "graded" and a.problems == b.problems == []
    assert (a.percent, a.hits, a.answers) == (b.percent, b.hits, b.answers)
    assert 0 < a.percent < 100
    assert "no unit: 14 of what? crashes" in saved.read_text(encoding="utf-8")


def _make_node(page: Page, words: str, text: str, kind: str | None = None, type_: str | None = None) -> None:
    """Select ``words`` in the article, make a node of them, and say it as ``text``."""
    _select_in_text(page, words)
    page.click("#make")
    node = page.locator("fieldset.node").last
    if kind:
        node.locator("select.kind").select_option(kind)
    if type_:
        node.locator("select.type").select_option(type_)
    node.locator("textarea.text").fill(text)


def _link(page: Page, source: str, how: str, target: str) -> None:
    page.select_option("#from", source)
    page.select_option("#how", how)
    page.select_option("#to", target)
    page.click("#link")


def test_starter_map_editor_saves_what_grades_as_a_hand_written_map(
    page: Page, made: dict[str, Path], tmp_path: Path
) -> None:
    page.goto((made["starter"] / "student" / "worksheet.html").as_uri())
    assert page.locator("#answers").get_attribute("readonly") is not None
    page.fill("#name", "Noor Haddad")
    _make_node(page, "the street is safer", "Elm Street is safer with the lanes.")
    ids = page.locator("fieldset.node legend").all_inner_texts()
    _make_node(page, "police recorded 14 injury crashes", "Police counted 14 crashes with injuries before the lanes.")
    crashes = page.locator("fieldset.node").last
    assert crashes.locator("select.kind").input_value() == "evidence"  # proposed from the sentence
    assert crashes.locator("input.anchor").input_value() == "police recorded 14 injury crashes"
    assert crashes.locator("select.type").input_value() == "count"  # the reader's figure the words overlap
    assert crashes.locator('input[data-field="number"]').input_value() == "14"
    assert crashes.locator('input[data-field="what"]').input_value() == "injury crashes"
    crashes.locator("select.type").select_option("statistic")
    crashes.locator('input[data-field="value"]').fill("14")
    _make_node(page, "the lanes are killing trade", "Shop owners said the lanes kill trade.")
    _make_node(page, "the lanes", "The lanes.")  # made, then thought better of
    anchor = page.locator("fieldset.node").last.locator("input.anchor").input_value()
    article = " ".join(TEXT.read_text(encoding="utf-8").split())
    assert anchor.startswith("the lanes ") and article.count(anchor) == 1  # made unique in the text
    page.locator("fieldset.node").last.locator("button.delete").click()
    page.click("#make")  # nothing selected: an empty node, waiting for its words
    empty = page.locator("fieldset.node").last
    assert empty.locator(".warn").inner_text() == "Not saved yet: say it in your own words."
    empty.locator("select.kind").select_option("evidence")
    empty.locator("textarea.text").fill("Card spending rose.")
    assert empty.locator(".warn").inner_text() == "Not saved yet: choose its type."
    empty.locator("select.type").select_option("statistic")
    assert empty.locator(".warn").inner_text() == "Not saved yet: fill in value."
    assert "Card spending rose." not in page.locator("#answers").input_value()
    unlabelled = page.evaluate(
        "() => [...document.querySelectorAll('#editor input, #editor select, #editor textarea')]"
        ".filter(e => e.labels.length === 0).length"
    )
    assert unlabelled == 0
    ids = page.locator("fieldset.node legend").all_inner_texts()
    assert len(ids) == 4
    safer, crash, trade, _ = ids
    _link(page, safer, "supports", "T")
    _link(page, crash, "supports", safer)
    _link(page, trade, "supports", "T")  # wrong: the objection attacks the thesis
    _link(page, trade, "attacks", "R2")  # refused: a step is undercut, not attacked
    assert page.locator("#status").inner_text() == "attacks goes to a node; to a step it undercuts."
    _link(page, trade, "undercuts", "R2")
    assert page.locator("#links li").count() == 4 and page.locator("#status").inner_text() == ""
    saved = _save(page, tmp_path)
    assert saved.name == "answers-noor-haddad.yaml"
    sheet = (made["starter"] / "student" / "answers.yaml").read_text(encoding="utf-8")
    by_hand = tmp_path / "noor-by-hand.yaml"
    by_hand.write_text(
        sheet.replace("- Your Name", "- Noor Haddad").rstrip("\n")
        + "\n"
        + f"- id: {safer}\n  kind: claim\n  text: Elm Street is safer with the lanes.\n  anchor: the street is safer\n"
        + f"- id: {crash}\n  kind: evidence\n  text: Police counted 14 crashes with injuries before the lanes.\n"
        + "  type: statistic\n  value: 14\n  sources: [okafor2024]\n  anchor: police recorded 14 injury crashes\n"
        + f"- id: {trade}\n  kind: claim\n  text: Shop owners said the lanes kill trade.\n"
        + "  anchor: the lanes are killing trade\n"
        + "relations:\n"
        + f"- {{id: R1, kind: supports, from: {safer}, to: T}}\n"
        + f"- {{id: R2, kind: supports, from: {crash}, to: {safer}}}\n"
        + f"- {{id: R3, kind: supports, from: {trade}, to: T}}\n"
        + f"- {{id: R4, kind: undercuts, from: {trade}, to: R2}}\n",
        encoding="utf-8",
    )
    _same_grade(made["starter"] / "teacher", saved, by_hand)


def test_starter_saved_untouched_grades_zero(page: Page, made: dict[str, Path], tmp_path: Path) -> None:
    page.goto((made["starter"] / "student" / "worksheet.html").as_uri())
    page.fill("#name", "Sam Lee")
    saved = _save(page, tmp_path)
    result = grade_paths(made["starter"] / "teacher", [saved]).students[0]
    assert (result.status, result.percent) == ("graded", 0)


def test_the_form_holds_nothing_of_the_key(made: dict[str, Path]) -> None:
    html = (made["fill-evidence"] / "student" / "worksheet.html").read_text(encoding="utf-8")
    for hidden in ("E_crashes", "E_no_closures", "Injury crashes on Elm Street fell"):
        assert hidden not in html
    page_text: Any = (made["match"] / "student" / "worksheet.html").read_text(encoding="utf-8")
    assert "E_crashes" not in page_text
    starter = (made["starter"] / "student" / "worksheet.html").read_text(encoding="utf-8")
    for hidden in ("C_safer", "E_crashes", "C_shoppers", "Injury crashes on Elm Street fell"):
        assert hidden not in starter


def test_starter_editor_makes_a_loadable_map_of_any_selection(
    page: Page, made: dict[str, Path], tmp_path: Path
) -> None:
    """Selections across the whole article, made into nodes untouched: each anchor is the selected
    words (snapped to whole words), lengthened until it occurs once, and the saved map loads."""
    page.goto((made["starter"] / "student" / "worksheet.html").as_uri())
    text = TEXT.read_text(encoding="utf-8")
    folded = " ".join(text.split())
    spans = [(at, min(len(text), at + 3 + (at * 7) % 60)) for at in range(0, len(text) - 3, 41)]
    for start, end in spans:
        page.evaluate(
            """([start, end]) => {
                const node = document.getElementById('article').firstChild;
                const range = document.createRange(); range.setStart(node, start); range.setEnd(node, end);
                const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
            }""",
            [start, end],
        )
        page.click("#make")
        anchor = page.locator("fieldset.node").last.locator("input.anchor").input_value()
        inner = " ".join(text[start:end].split()).strip(" .,;:")
        assert folded.count(anchor) == 1, (start, end, anchor)
        assert inner in anchor or not any(c.isalnum() for c in inner), (start, end, anchor)
    saved = _save(page, tmp_path)
    loaded = load_valid(saved)
    assert loaded.map is not None, [str(d) for d in loaded.diagnostics][:5]
    assert len(loaded.map.nodes) == 1 + len(spans)


def test_starter_editor_by_keyboard_alone(page: Page, made: dict[str, Path]) -> None:
    """Without a mouse to select with: make an empty node, type the words of the text, and Tab to the
    button that proposes the node from them."""
    page.goto((made["starter"] / "student" / "worksheet.html").as_uri())
    page.focus("#make")
    page.keyboard.press("Enter")
    page.keyboard.type("Card spending went up.")  # the new node's words have the focus
    node = page.locator("fieldset.node").last
    node.locator("input.anchor").focus()
    page.keyboard.type("not in the (text)")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert node.locator(".warn").inner_text() == "These words are not in the text."
    node.locator("input.anchor").fill("")
    page.keyboard.type("no  shop on the street")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    node = page.locator("fieldset.node").last
    assert node.locator("select.type").input_value() == "absence"
    assert node.locator('input[data-field="expected"]').input_value() == "shop on the street has closed"
    assert node.locator("textarea.text").input_value() == "Card spending went up."  # the student's words kept
    assert node.locator("input.anchor").input_value() == "no shop on the street"
    assert "Card spending went up." in page.locator("#answers").input_value()
