"""How long an edit in the browser editor of ``argmap serve`` takes to be on the page (issue 28): target
300 ms for the shipped map and 1 s for a 1,000-node map.

    .venv/bin/python tests/bench_editor.py [--edits 10] [--sizes 1000] [--json]

For the shipped map and synthetic maps (``tests/benchlib/synthetic.py``) of each size, the real command
serves the map and Debian's chromium (Playwright) edits one node's text ``--edits`` times through the
node form, as a person does. Two times per edit, from the click on Save:

* on the page: the edit is written and the editor shows it (the node list holds the new text, the
  findings beside it are the new file's);
* redrawn: the diagram shows the new text too (laid out again by Graphviz in the background).

Also in process, the library's part of one edit: ``apply_ops`` (rewrite the item, check that the result
still validates) and the check of the new file whose findings are returned. Median and maximum.
Not collected by pytest (the file name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from benchlib.synthetic import write_synthetic  # noqa: E402

SHIPPED = ROOT / "claims" / "north-korea-seeking-new-friends.yaml"


def _summary(times: list[float]) -> dict[str, float]:
    return {"median_ms": round(statistics.median(times) * 1000, 1), "max_ms": round(max(times) * 1000, 1)}


def in_process(path: Path, edits: int) -> dict[str, Any]:
    from argmap.api import check
    from argmap.edit import Document, apply_ops

    text = path.read_text(encoding="utf-8")
    node = next(n for n in Document(text).items("nodes") if n.get("kind") == "claim")
    ops_times, check_times = [], []
    for i in range(edits):
        start = time.perf_counter()
        new, _ = apply_ops(text, [{"op": "set", "id": node["id"], "fields": {"text": f"Edited claim number {i}."}}])
        ops_times.append(time.perf_counter() - start)
        path.write_text(new, encoding="utf-8")
        start = time.perf_counter()
        check(path)
        check_times.append(time.perf_counter() - start)
        text = new
    return {"apply_ops": _summary(ops_times), "check": _summary(check_times)}


# When the words first stand in the node list and in the diagram, seen by mutation observers (not by
# polling, which would add its own period), from just before the click on Save.
WATCH = """(words) => {
    const seen = window.benchSeen = {on_page: null, redrawn: null};
    const start = performance.now();
    const watch = (id, key, probe) => {
        const box = document.getElementById(id);
        const mo = new MutationObserver(() => {
            if (seen[key] !== null || !box.textContent.includes(probe)) { return; }
            seen[key] = performance.now() - start;
            mo.disconnect();
        });
        mo.observe(box, {subtree: true, childList: true, characterData: true});
    };
    watch('node-list', 'on_page', words);
    watch('diagram', 'redrawn', words.slice(0, 20));
}"""


def in_browser(path: Path, edits: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    proc = subprocess.Popen(
        [sys.executable, "-m", "argmap", "serve", str(path), "--no-open"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    on_page, redrawn = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium"))
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            page.goto(url, timeout=120_000)
            page.wait_for_selector("body.ready", timeout=120_000)
            page.wait_for_selector("#node-list li", timeout=60_000)
            first = page.get_attribute("#node-list li:nth-child(2)", "data-id")
            page.click(f'#node-list button[data-edit="{first}"]')
            for i in range(edits):
                words = f"Edited in the browser, take {i}."
                page.fill("#f-text", words)
                page.evaluate(WATCH, words)
                page.click("#ed-save")
                page.wait_for_function("() => window.benchSeen.redrawn !== null", timeout=120_000)
                seen = page.evaluate("window.benchSeen")
                on_page.append(seen["on_page"] / 1000)
                redrawn.append(seen["redrawn"] / 1000)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return {"on_page": _summary(on_page), "redrawn": _summary(redrawn)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        maps = {"shipped": Path(tmp) / "shipped.yaml"}
        shutil.copy(SHIPPED, maps["shipped"])
        for size in (int(s) for s in args.sizes.split(",") if s):
            maps[f"synthetic-{size}"] = write_synthetic(Path(tmp) / f"synthetic-{size}.yaml", size)
        for name, path in maps.items():
            results[name] = {"browser": in_browser(path, args.edits), "library": in_process(path, args.edits)}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, r in results.items():
        b, lib = r["browser"], r["library"]
        print(
            f"{name:16} on the page {b['on_page']['median_ms']:7.1f} ms (max {b['on_page']['max_ms']:7.1f})   "
            f"redrawn {b['redrawn']['median_ms']:7.1f} ms (max {b['redrawn']['max_ms']:7.1f})   "
            f"apply_ops {lib['apply_ops']['median_ms']:6.1f} ms   check {lib['check']['median_ms']:6.1f} ms"
        )


if __name__ == "__main__":
    main()
