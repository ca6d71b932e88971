"""The targeted position index locates every path exactly as the full index does, or declines.

``argmap.positions.targeted_index`` scans a block-style map for the items that are reported and
composes only those; when the layout is anything it does not recognise it returns None and the
caller builds the full index. These tests hold it to the full index on every YAML map of the
repository (the maps inside the test cases too) and on random valid maps as ``argmap export`` writes
them, for every path the full index knows and for missing fields below them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from benchlib.synthetic import synthetic_data, to_yaml
from hypothesis import given
from hypothesis import strategies as st
from strategies_maps import arg_maps

from argmap.diagnostics import Path as ModelPath
from argmap.fieldscan import scan_fields
from argmap.interchange.native import export_yaml
from argmap.load import load_text
from argmap.model import ArgMap
from argmap.positions import build_index, targeted_index

ROOT = Path(__file__).resolve().parent.parent
MAPS = sorted(p for d in ("tests", "claims") for p in (ROOT / d).rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def _text_and_data(raw: bytes | str) -> tuple[str, Any] | None:
    result = load_text(raw)
    data = result.data
    if isinstance(data, dict) and "expect" in data and isinstance(data.get("text"), str):
        result = load_text(data["text"])  # a test case: the map is its `text`
    if result.text is None or result.data is None:
        return None
    # The loader frees the parsed items once validated and keeps their outline for the index.
    return result.text, result.outline if result.outline is not None else result.data


def _paths(text: str) -> list[ModelPath]:
    full = build_index(text)
    known = list(dict.fromkeys([*full.keys, *full.values]))
    return [*known, *((*p, "no-such-field") for p in known), ("no-such-key",), ()]


def _compare(text: str, data: Any, paths: list[ModelPath]) -> bool:
    """True when the targeted index answers like the full one, False when it declined."""
    fast = targeted_index(text, data, paths)
    if fast is None:
        return False
    full = build_index(text)
    for p in paths:
        for prefer_value in (True, False):
            assert fast.locate(p, prefer_value=prefer_value) == full.locate(p, prefer_value=prefer_value), p
    return True


def _composable(path: Path) -> tuple[str, Any] | None:
    found = _text_and_data(path.read_bytes())
    return found if found is not None and build_index(found[0]).composed else None


# Broken, flow-style or non-map YAML files (hostile cases, rule cases) have no index to compare with:
# they are left out when collecting, not skipped, so that a skip always means a missing tool or file.
COMPOSABLE = [p for p in MAPS if _composable(p) is not None]


def test_most_maps_of_the_repository_are_compared() -> None:
    assert len(COMPOSABLE) >= 0.6 * len(MAPS), (len(COMPOSABLE), len(MAPS))
    assert ROOT / "claims" / "north-korea-seeking-new-friends.yaml" in COMPOSABLE


@pytest.mark.parametrize("path", COMPOSABLE, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_as_full_index_on_every_map(path: Path) -> None:
    found = _composable(path)
    assert found is not None
    text, data = found
    paths = _paths(text)
    _compare(text, data, paths)
    # Fewer paths, as in a real report: items and fields of items only.
    _compare(text, data, [p for p in paths if len(p) <= 2])
    for p in paths[:: max(1, len(paths) // 25)]:
        _compare(text, data, [p])


def test_block_style_maps_do_not_fall_back() -> None:
    """The maps argmap writes, the synthetic benchmark maps and the shipped map use the fast path."""
    text = to_yaml(synthetic_data(300, seed=3))
    found = _text_and_data(text)
    assert found is not None
    assert _compare(*found, _paths(found[0]))
    shipped = _text_and_data((ROOT / "claims" / "north-korea-seeking-new-friends.yaml").read_bytes())
    assert shipped is not None
    assert _compare(*shipped, [p for p in _paths(shipped[0]) if len(p) >= 2])


@given(arg_maps(max_nodes=12, max_sources=3))
def test_same_as_full_index_on_exported_maps(m: ArgMap) -> None:
    found = _text_and_data(export_yaml(m).text)
    if found is None:
        return
    text, data = found
    paths = _paths(text)
    _compare(text, data, paths)
    _compare(text, data, [p for p in paths if len(p) == 2 or (len(p) > 2 and p[-1] == "no-such-field")])


_ITEM = "argmap: 1\ntitle: t\nnodes:\n  - id: T\n    kind: thesis\n    text: t\n  - id: E\n    kind: claim\n"


@pytest.mark.parametrize(
    "text",
    [
        "argmap: 1\ntitle: t\nnodes: [{id: T, kind: thesis, text: x}]\n",  # flow sequence
        '{"argmap": 1, "title": "t", "nodes": []}\n',  # JSON
        "---\nargmap: 1\ntitle: t\n",  # explicit document start
        "argmap: 1\ntitle:   \nnodes:\n  - id: T\n",  # blanks after an empty value
        "argmap: 1\n'title': t\nnodes:\n  - id: T\n    kind: thesis\n",  # quoted top-level key
        "argmap: 1\ntitle: t\nnodes:\n  - id: A\n  - id: B\n    text: >\n  - id: C\n",  # odd indentation
        "# only a comment first\nargmap: 1\ntitle: t\nnodes:\n- id: T\n  kind: thesis\n  text: x\n",
        # Inside items, read line by line (argmap.fieldscan) or composed when a line could mislead:
        _ITEM + '    text: "a quoted text\n    note: that goes on"\n    note: n\n',
        _ITEM + "    text: 'it''s quoted\n    note: and goes on'\n    note: n\n",
        _ITEM + "    tags: [a,\n    note: b]\n    note: n\n",
        _ITEM + "    text: |\n      note: inside the block\n    note: n\n",
        _ITEM + "    note:\n    tags: [a]\n    text: x\n",
        _ITEM + "    note:   # a comment\n    text: x\n",
        _ITEM + "    tags:\n    - a\n    - b\n    text: x\n",
        _ITEM + "    tags:\n      - a\n    text : x\n",
        _ITEM + "    text: &t x\n    note: *t\n",
        _ITEM + "    text: !!str x\n",
        _ITEM + '    "text": x\n',
        _ITEM + "    text: a plain text\n      that goes on\n    note: n\n",
        _ITEM + "    occasion:\n      # about it\n      anniversary: 11\n      commemorates: a summit\n    note: n\n",
        _ITEM + "    occasion: {anniversary: 11}\n    note: n\n",
        _ITEM + "    sources:\n    - s1\n    - s2\n    note: n\n",
        _ITEM + "    text: >-\n      note: a folded text\n\n      # not a comment\n    note: n\n",
        _ITEM + "    text: |2\n       note: indented\n    note: n\n",
        _ITEM + "    items:\n      - |\n        note: in an item\n      - b\n    note: n\n",
        _ITEM + "    occasion:\n      description: >\n        anniversary: no\n      anniversary: 11\n",
        _ITEM + "    tags:\n    - a\n    -   ",  # an empty last entry at the end of the file
    ],
)
def test_odd_layouts_are_located_like_the_full_index_or_declined(text: str) -> None:
    found = _text_and_data(text)
    if found is None:
        return
    _compare(*found, _paths(found[0]))


def test_fields_of_items_are_located_without_composing() -> None:
    """The shipped map's findings point at items and their fields: located by reading lines, with
    no PyYAML (its import alone costs some 20 ms of every check that reports anything)."""
    code = (
        "import sys\n"
        "from argmap.pipeline import CheckOptions, check_file\n"
        "r = check_file(sys.argv[1], CheckOptions())\n"
        "assert any(len(d.path) > 2 for d in r.diagnostics), 'a finding on a field'\n"
        "print('yaml' in sys.modules)\n"
    )
    shipped = ROOT / "claims" / "north-korea-seeking-new-friends.yaml"
    out = subprocess.run([sys.executable, "-c", code, str(shipped)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr


_PIECES = [
    "- ",
    "-",
    " ",
    "  ",
    "\n",
    "a:",
    "b: x",
    "occasion:",
    "'",
    '"',
    "[",
    "]",
    "{",
    "}",
    "|",
    ">-",
    "#",
    "text",
    ": ",
    "x",
    "\t",
    "&a",
    "*a",
    "!t",
    "|2",
    "\n    ",
    "\n      ",
    "a: 'q\n",
    'b: "q\n',
]


@given(st.lists(st.sampled_from(_PIECES), max_size=25), st.sampled_from(["a", "b", "text", "occasion", "note"]))
def test_reading_an_item_never_raises_and_agrees_with_the_composer(pieces: list[str], field: str) -> None:
    """Any text in an item: the line reader answers as the composer does, or declines; it never fails."""
    text = "nodes:\n  - id: X\n    " + "".join(pieces)
    paths: list[ModelPath] = [("nodes", 0, field), ("nodes", 0, "occasion", "a")]
    found = scan_fields(text, 7, len(text), ("nodes", 0), paths)
    full = build_index(text)
    if found is None or not full.composed or ("nodes", 0) not in full.values:
        return

    def line_col(at: int) -> tuple[int, int]:
        return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)

    for p, (k, v) in found.items():
        assert (full.keys[p], full.values[p]) == (line_col(k), line_col(v)), p
    for p in paths:  # a field the reader calls absent is absent
        assert all(p[:i] in found for i in range(3, len(p) + 1) if p[:i] in full.keys), p
