"""Proposed fix, measured by tests/bench.py: locate only the paths that are reported.

``argmap.positions.build_index`` composes the whole file with PyYAML and records every node: on a
10,000-node map that is ~20x the cost of parsing it with yaml_rs, and it is paid as soon as a single
finding is reported (every rule finding is). Most findings point at a list item (``("nodes", 7)``)
or a field inside one. In a block-style map those items are found with a line scan, and only the
items that hold a deeper path are composed (a few lines each). The result is checked against the
parsed data (item count, each located item's ``id``); when the layout is anything else (flow style,
JSON, anchors at the top level, several documents) it returns None and the caller falls back to the
full index, so positions never get worse, only cheaper.

Tested against ``build_index`` for every path of every YAML file under tests/ and claims/ (identical
results or a fallback), see ``same_as_full_index``.
"""

from __future__ import annotations

import re
from typing import Any

from argmap.positions import PositionIndex, build_index

__all__ = ["same_as_full_index", "targeted_index"]

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?=[ \t]|$)", re.M)
_FIRST_ITEM = re.compile(r"^( *)-(?=[ \t\n])", re.M)
_ITEM_ID = re.compile(r"^[ \t]*(?:-[ \t]+)?id[ \t]*:[ \t]*['\"]?([^'\"\s#,}]+)", re.M)
_CONTENT = re.compile(r"^([ \t]*)[^ \t\n#]", re.M)
Path = tuple[Any, ...]


def _sections(text: str) -> dict[str, tuple[int, int]] | None:
    """Top-level key -> (start, end) offsets of its section; None on a duplicate top-level key."""
    found: dict[str, tuple[int, int]] = {}
    matches = list(_TOP_KEY.finditer(text))
    for k, m in enumerate(matches):
        if m.group(1) in found:
            return None
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        found[m.group(1)] = (m.start(), end)
    return found


def _item_starts(text: str, start: int, end: int, count: int) -> list[int] | None:
    """Offsets of the ``count`` items of the block sequence under a top-level key, or None."""
    nl = text.find("\n", start, end)
    if nl < 0:
        return None
    first = _FIRST_ITEM.search(text, nl + 1, end)
    if first is None:
        return None
    between = text[nl + 1 : first.start()]
    if any(line.strip() and not line.lstrip().startswith("#") for line in between.splitlines()):
        return None
    indent = len(first.group(1))
    item = re.compile(rf"^ {{{indent}}}-(?=[ \t\n])", re.M)
    starts = [m.start() for m in item.finditer(text, first.start(), end)]
    return starts if len(starts) == count else None


def _value_of_top_key(text: str, start: int, end: int, line: int) -> tuple[int, int]:
    """Where the value of a top-level key starts: after the colon, or on the next content line."""
    k = text.index(":", start) + 1
    while k < end and text[k] in " \t":
        k += 1
    if k < end and text[k] not in "\n#":
        return (line, k - start + 1)
    nl = text.find("\n", k, end)
    m = _CONTENT.search(text, nl + 1, end) if nl >= 0 else None
    if m is None:
        return (line, k - start + 1)
    return (line + text.count("\n", start, m.start()), len(m.group(1)) + 1)


def targeted_index(text: str, data: Any, paths: list[Path]) -> PositionIndex | None:
    """Positions of ``paths`` (each located as ``PositionIndex.locate`` would); None to fall back."""
    if not isinstance(data, dict) or text.lstrip().startswith(("{", "[", "---", "%")):
        return None
    sections = _sections(text)
    if sections is None:
        return None
    starts: dict[str, list[int]] = {}
    units: dict[Path, tuple[int, int]] = {}  # (key,) or (key, i) -> its text span
    deep: set[Path] = set()  # units that hold a deeper path: composed
    for p in paths:
        if not p or p[0] not in sections:
            continue
        key = p[0]
        start, end = sections[key]
        items = data.get(key)
        if len(p) >= 2 and isinstance(p[1], int) and isinstance(items, list):
            if key not in starts:
                found = _item_starts(text, start, end, len(items))
                if found is None:
                    return None
                starts[key] = found
            i = p[1]
            if i >= len(starts[key]):
                return None
            unit: Path = (key, i)
            span = starts[key]
            units.setdefault(unit, (span[i], span[i + 1] if i + 1 < len(span) else end))
        else:
            unit = (key,)
            units.setdefault(unit, (start, end))
        if len(p) > len(unit):
            deep.add(unit)
    # Line numbers of every unit start in one pass over the text.
    lines: dict[int, int] = {}
    line, pos = 1, 0
    for offset in sorted({s for s, _ in units.values()}):
        line += text.count("\n", pos, offset)
        pos = offset
        lines[offset] = line
    index = PositionIndex()
    index.composed = True
    for unit, (start, end) in units.items():
        line = lines[start]
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        if len(unit) == 1:
            index.keys[unit] = (line, col)
            index.values[unit] = _value_of_top_key(text, start, end, line)
        else:
            k = text.index("-", start) + 1
            while k < end and text[k] in " \t":
                k += 1
            index.values[unit] = (line, col) if k >= end or text[k] == "\n" else (line, col + k - start)
            item = data[unit[0]][unit[1]]
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                m = _ITEM_ID.search(text, start, end)
                if m is None or m.group(1) != item["id"]:
                    return None  # the scan and the parser disagree: let the full index decide
        if unit in deep:
            sub = build_index(text[start:end])
            if not sub.composed:
                return None
            for table in ("keys", "values"):
                source, target = getattr(sub, table), getattr(index, table)
                for p, (ln, cl) in source.items():
                    if len(unit) == 2:
                        if not p or p[0] != 0:
                            continue
                        p = (*unit, *p[1:])
                    target.setdefault(p, (ln + line - 1, cl))
    return index


def same_as_full_index(text: str, data: Any, paths: list[Path]) -> bool | None:
    """True when every path is located as the full index locates it; None when it falls back."""
    fast = targeted_index(text, data, paths)
    if fast is None:
        return None
    full = build_index(text)
    return all(fast.locate(p, prefer_value=v) == full.locate(p, prefer_value=v) for p in paths for v in (True, False))
