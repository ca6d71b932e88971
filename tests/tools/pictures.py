"""Redraw the README's pictures from the current code: ``python tests/tools/pictures.py``.

Writes, next to the shipped map in claims/:

- ``north-korea-seeking-new-friends.svg``: the default diagram (``argmap render MAP -o ….svg``);
- ``north-korea-seeking-new-friends.a4.svg`` (and ``.a4-2.svg``, …): the map laid out on A4 pages
  (``argmap render MAP --page a4 -o ….a4.svg``);
- ``north-korea-seeking-new-friends.html.png``: a screenshot of the HTML page in headless Chromium;
- ``tests/pictures.json``: a fingerprint of what each picture was drawn from (the Graphviz source, and for the
  screenshot also the page's script and style). tests/test_pictures.py recomputes the fingerprints
  from the current code and fails when a picture is stale, naming this command.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAP = ROOT / "claims" / "north-korea-seeking-new-friends.yaml"
STEM = MAP.with_suffix("")
MANIFEST = ROOT / "tests" / "pictures.json"
COMMAND = "python tests/tools/pictures.py"


def _sha(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:16]


def fingerprints() -> dict[str, str]:
    """What each picture is drawn from, hashed: equal fingerprints mean the picture is current."""
    from argmap.api import load_valid
    from argmap.html.page import _asset
    from argmap.view.build import build_view
    from argmap.view.dot import to_dot
    from argmap.view.pages import lay_out

    m = load_valid(MAP).map
    assert m is not None
    view = build_view(m)
    dot = to_dot(view)
    pages = lay_out(view, "a4")
    out = {f"{STEM.name}.svg": _sha(dot)}
    for number, page in enumerate(pages.pages, 1):
        suffix = ".a4.svg" if number == 1 else f".a4-{number}.svg"
        out[f"{STEM.name}{suffix}"] = _sha(page.dot, pages.legend_dot if page.legend else "", f"{pages.orientation}")
    out[f"{STEM.name}.html.png"] = _sha(to_dot(view, direction="BT"), _asset("page.js"), _asset("page.css"))
    return out


def _screenshot(page_html: str, out: Path) -> list[str]:
    """The page as it opens in a 1400 x 900 window (at its readable zoom), then the trade figure
    found by the search box and opened with Enter, as a reader would, and the search cleared."""
    import tempfile

    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from tools.screenshot import launch

    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        path = Path(tmp) / "map.html"
        path.write_text(page_html, encoding="utf-8")
        browser = launch(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            page.goto(path.as_uri())
            page.wait_for_selector("body.ready", timeout=10_000)
            page.fill("#search", "trade with Russia")
            page.press("#search", "Enter")
            page.wait_for_selector("#panel:not([hidden])")
            page.fill("#search", "")  # the search found it; clear it so nothing stays dimmed
            page.screenshot(path=str(out))
        finally:
            browser.close()
    return problems


def main() -> int:
    from typer.testing import CliRunner

    from argmap.cli import app

    runner = CliRunner()
    for args in (
        ["render", str(MAP), "-o", f"{STEM}.svg"],
        ["render", str(MAP), "--page", "a4", "-o", f"{STEM}.a4.svg"],
    ):
        result = runner.invoke(app, args)
        if result.exit_code != 0:
            sys.stderr.write(result.stderr)
            return 1
        sys.stderr.write(result.stderr)
    from argmap.api import load_valid
    from argmap.html import render_html

    m = load_valid(MAP).map
    assert m is not None
    problems = _screenshot(render_html(m), Path(f"{STEM}.html.png"))
    if problems:
        sys.stderr.write("the page logged errors: " + "; ".join(problems) + "\n")
        return 1
    MANIFEST.write_text(json.dumps(fingerprints(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    sys.stderr.write(f"wrote {STEM}.html.png and {MANIFEST}\n")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
