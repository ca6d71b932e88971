"""Take a PNG picture of a map's HTML page in headless Chromium (through Playwright for Python).

    python tests/tools/screenshot.py MAP OUT.png [--open NODE_ID] [--zoom 2.5] [--width 1600] [--height 1000]

Uses the system's Chromium (``/usr/bin/chromium`` on Debian, or ``$ARGMAP_CHROMIUM``); it never
downloads a browser. The page is opened from a temporary file, as a user would open it.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

__all__ = ["CHROMIUM_ARGS", "find_chromium", "launch", "main", "screenshot"]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """Path of a Chromium executable: ``$ARGMAP_CHROMIUM``, then ``chromium`` on PATH, then Debian's."""
    env = os.environ.get("ARGMAP_CHROMIUM")
    if env:
        return env if Path(env).is_file() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def launch(p: Playwright, executable: str | None = None) -> Browser:
    """Start headless Chromium with no network side channels (no updates, sync or QUIC)."""
    path = executable or find_chromium()
    if path is None:
        raise RuntimeError("no Chromium: install it (`apt-get install chromium`) or set ARGMAP_CHROMIUM")
    return p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


def screenshot(
    page_html: str,
    out: str | os.PathLike[str],
    *,
    open_node: str | None = None,
    zoom: float = 1.0,
    width: int = 1600,
    height: int = 1000,
) -> list[str]:
    """Write a PNG of the page; return the console errors the page logged (none expected)."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "map.html"
        path.write_text(page_html, encoding="utf-8")
        with sync_playwright() as p:
            browser = launch(p)
            try:
                page = browser.new_page(viewport={"width": width, "height": height})

                def on_console(msg: Any) -> None:
                    if msg.type == "error":
                        problems.append(msg.text)

                page.on("console", on_console)
                page.on("pageerror", lambda exc: problems.append(str(exc)))
                page.goto(path.as_uri())
                page.wait_for_selector("body.ready", timeout=10_000)
                if open_node:
                    node = page.locator(f'g.argmap-node[data-id="{open_node}"]')
                    node.click()
                    page.wait_for_selector("#panel:not([hidden])")
                    box = node.bounding_box()
                    if box and zoom != 1.0:
                        # The wheel zooms about the pointer, so the node stays where it is.
                        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                        page.mouse.wheel(0, -math.log(zoom) / 0.0015)
                elif zoom != 1.0:
                    page.locator("#zoom-fit").focus()
                    for _ in range(max(0, round(math.log(zoom) / math.log(1.25)))):
                        page.keyboard.press("+")
                page.screenshot(path=str(out))
            finally:
                browser.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    doc = (__doc__ or "").split("\n")[0]
    parser = argparse.ArgumentParser(prog="python tests/tools/screenshot.py", description=doc)
    parser.add_argument("map", help="map file (YAML or JSON)")
    parser.add_argument("out", help="PNG file to write")
    parser.add_argument("--open", dest="open_node", help="node id whose details panel to show")
    parser.add_argument("--exercise", action="store_true", help="picture the exercise page")
    parser.add_argument("--zoom", type=float, default=1.0, help="zoom factor (about the opened node)")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args(argv)

    from argmap.html.page import render_html
    from argmap.load import load_map

    result = load_map(args.map)
    if result.map is None or result.has_errors:
        for d in result.diagnostics:
            print(d, file=sys.stderr)
        print(f"{args.map}: has errors; fix them first", file=sys.stderr)
        return 1
    page = render_html(result.map, exercise=args.exercise)
    problems = screenshot(
        page, args.out, open_node=args.open_node, zoom=args.zoom, width=args.width, height=args.height
    )
    for text in problems:
        print(f"page error: {text}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
