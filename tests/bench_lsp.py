"""Per-edit latency of the language server (`argmap lsp`, issue 19): target 100 ms for a 300-node map.

    .venv/bin/python tests/bench_lsp.py [--edits 40] [--sizes 300,1000,3000] [--json]

For the shipped map (its article text from ../shared/sources when present) and synthetic maps
(``tests/benchlib/synthetic.py``) of each size, two measurements:

* end to end: the real server over stdio, driven by pytest-lsp's client as an editor would. Each
  edit types one character into a node's text (an incremental ``didChange``) ``--gap-ms`` after the
  previous one's diagnostics came, and the latency is the time until the server publishes that
  document's diagnostics. Measured with ``--debounce 0`` (the work alone) and with the default
  debounce (what a user waits after a keystroke);
* in process, the work of one edit split in phases: the check (as ``argmap check``), turning the
  findings into LSP diagnostics, and the index for navigation (built on the first hover, definition
  or outline request after an edit, not per keystroke); and an unchanged text (undo back to a text
  just checked), which is answered from memory.

Median, 90th percentile and maximum of ``--edits`` edits; every text is new, so no check is skipped
except where said. Not collected by pytest (the file name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lsprotocol import types as t  # noqa: E402

from argmap.lsp.analysis import Checker, to_lsp  # noqa: E402
from argmap.lsp.index import build_map_index  # noqa: E402
from argmap.lsp.server import DEBOUNCE_SECONDS, lines_of  # noqa: E402
from tests.benchlib.synthetic import synthetic_yaml  # noqa: E402
from tests.lsp_session import replace_line, start  # noqa: E402

SHIPPED = ROOT / "claims" / "north-korea-seeking-new-friends.yaml"
SOURCES = ROOT.parent / "shared" / "sources"
TARGET_MS = 100.0


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def _edit_row(lines: list[str]) -> int:
    """A node's text line near the middle of the map: where a person would be typing."""
    rows = [i for i, line in enumerate(lines) if line.lstrip().startswith("text:") and "txt" not in line]
    return rows[len(rows) // 2]


def _keystrokes(line: str, n: int) -> list[str]:
    """``n`` successive versions of ``line``, one character typed each time."""
    word = "meanwhile and also " * (n // 19 + 1)
    return [line + " " + word[: i + 1] for i in range(n)]


async def _end_to_end(
    path: Path, text: str, edits: int, debounce_ms: int, texts: list[str], cache: Path, gap: float
) -> Any:
    args = ["--debounce", str(debounce_ms)]
    for d in texts:
        args += ["--texts", d]
    client = await start(cache, *args)
    try:
        uri = path.resolve().as_uri()
        item = t.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        client.text_document_did_open(t.DidOpenTextDocumentParams(text_document=item))
        await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        shown = len(client.diagnostics.get(uri, []))
        lines = text.split("\n")
        row = _edit_row(lines)
        before = lines[row]
        samples = []
        for version, after in enumerate(_keystrokes(before, edits), start=2):
            await asyncio.sleep(gap)  # the typist's pause between keys, not counted
            began = time.perf_counter()
            replace_line(client, uri, version, row, before, after)
            await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            samples.append(time.perf_counter() - began)
            before = after
        await client.shutdown_session()
        return {**_stats(samples), "diagnostics": shown}
    finally:
        await client.stop()


def _in_process(path: Path, text: str, edits: int, texts: list[Path]) -> dict[str, Any]:
    checker = Checker(texts)
    lines = text.split("\n")
    row = _edit_row(lines)
    checker.check(str(path), text)  # warm: imports, the rule registry, the source text read once
    check, convert, index, same = [], [], [], []
    for after in _keystrokes(lines[row], edits):
        edited = "\n".join([*lines[:row], after, *lines[row + 1 :]])
        began = time.perf_counter()
        found = checker.check(str(path), edited)
        check.append(time.perf_counter() - began)
        began = time.perf_counter()
        shown = lines_of(edited)
        for d in found:
            to_lsp(d, shown, None)
        convert.append(time.perf_counter() - began)
        began = time.perf_counter()
        build_map_index(edited)
        index.append(time.perf_counter() - began)
        began = time.perf_counter()
        checker.check(str(path), text)  # undo to a text checked before
        same.append(time.perf_counter() - began)
        checker.check(str(path), edited)
    return {
        "check": _stats(check),
        "to_lsp": _stats(convert),
        "index_on_request": _stats(index),
        "unchanged_text": _stats(same),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edits", type=int, default=40)
    ap.add_argument("--sizes", default="300", help="Synthetic map sizes (nodes), comma-separated.")
    ap.add_argument("--gap-ms", type=int, default=150, help="Pause between keystrokes (150: 400 keys a minute).")
    ap.add_argument("--json", action="store_true", help="Print the results as JSON.")
    opts = ap.parse_args()
    results: dict[str, Any] = {"target_ms": TARGET_MS, "default_debounce_ms": DEBOUNCE_SECONDS * 1000, "maps": {}}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        maps: list[tuple[str, Path, str, list[Path]]] = []
        shipped_texts = [SOURCES] if SOURCES.is_dir() else []
        label = "shipped" + ("" if shipped_texts else " (no ../shared: anchors unchecked)")
        maps.append((label, SHIPPED, SHIPPED.read_text(encoding="utf-8"), shipped_texts))
        for size in (int(s) for s in opts.sizes.split(",") if s):
            path = work / f"synthetic-{size}.argmap.yaml"
            text = synthetic_yaml(size, seed=1)
            path.write_text(text, encoding="utf-8")
            maps.append((f"synthetic {size} nodes", path, text, []))
        for label, path, text, texts in maps:
            row: dict[str, Any] = {"lines": text.count("\n") + 1}
            row["in_process"] = _in_process(path, text, opts.edits, texts)
            for debounce in (0, int(DEBOUNCE_SECONDS * 1000)):
                cache = work / "cache"
                row[f"end_to_end_debounce_{debounce}ms"] = asyncio.run(
                    _end_to_end(path, text, opts.edits, debounce, [str(d) for d in texts], cache, opts.gap_ms / 1000)
                )
            results["maps"][label] = row
            if not opts.json:
                _print(label, row)
    if opts.json:
        print(json.dumps(results, indent=2))


def _print(label: str, row: dict[str, Any]) -> None:
    def fmt(s: dict[str, float]) -> str:
        return f"median {s['median_ms']:6.1f} ms   p90 {s['p90_ms']:6.1f} ms   max {s['max_ms']:6.1f} ms"

    print(f"{label} ({row['lines']} lines)")
    for key, value in row.items():
        if key.startswith("end_to_end"):
            print(f"  {key.replace('_', ' '):34} {fmt(value)}   ({value['diagnostics']} diagnostics)")
    for phase, value in row["in_process"].items():
        print(f"  in process: {phase.replace('_', ' '):22} {fmt(value)}")
    print()


if __name__ == "__main__":
    main()
