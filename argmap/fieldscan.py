"""Where the fields of one list item of a block-style YAML map stand, read from its lines.

:func:`argmap.positions.targeted_index` locates list items with a line scan; most findings point at a
field of an item (``("nodes", 7, "date")``) and would otherwise need PyYAML to compose the item, and
importing PyYAML costs some 20 ms of a run. :func:`scan_fields` reads the item's block mapping the way
the composer places its nodes, and gives up (the caller composes the item) on any layout it does not
follow: flow style, quoted or complex keys, anchors, aliases, tags, tabs, list indices below the
item, or a quoted or bracketed value that goes on past its line (whose later lines could look like
keys). tests/test_positions_targeted.py holds it to the composer on every map of the repository and
on random maps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from argmap.diagnostics import Path

__all__ = ["KEY", "content_after", "scan_fields"]

KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?=[ \t\n]|$)")
"""A plain key and its colon, as the map format's keys are written (used with ``match``)."""
_OPENERS = "\"'[{"
_REFUSED = "&*!?%@`\t"
"""Anchors, aliases, tags, complex keys, reserved characters, tabs: the item is composed instead."""


class _Unsure(Exception):
    """A line this reading does not follow."""


def content_after(text: str, k: int, end: int) -> int | None:
    """Offset of the first character of a node that starts at or after ``k`` (skipping blanks and
    comments), or None when there is none before ``end``."""
    while k < end:
        c = text[k]
        if c in " \t\n":
            k += 1
        elif c == "#":
            nl = text.find("\n", k, end)
            if nl < 0:
                return None
            k = nl + 1
        else:
            return k
    return None


def scan_fields(text: str, start: int, end: int, unit: Path, paths: list[Path]) -> dict[Path, tuple[int, int]] | None:
    """The offsets of the key and of the value of each of ``paths`` (and of the fields on the way to
    them) below the list item ``unit``, whose text spans ``start`` (the start of its ``-`` line) to
    ``end``; None when unsure. A field the item does not have is left out: it is located at its
    parent, as the composer's index does."""
    try:
        return _scan(text, start, end, unit, paths)
    except _Unsure:
        return None


def _scan(text: str, start: int, end: int, unit: Path, paths: list[Path]) -> dict[Path, tuple[int, int]]:
    if len(unit) != 2:
        raise _Unsure
    dash = text.index("-", start) + 1
    at = dash
    while at < end and text[at] == " ":
        at += 1
    if at == dash or at >= end or text[at] in "\n#" + _OPENERS + _REFUSED:
        raise _Unsure
    found: dict[Path, tuple[int, int]] = {}
    for p in paths:
        lo, col, hi = at, at - start, end
        for depth in range(len(unit), len(p)):
            key = p[depth]
            if not isinstance(key, str):
                raise _Unsure
            place = found.get(p[: depth + 1])
            if place is None:
                k = _find_key(text, lo, hi, col, key)
                if k is None:
                    break  # no such field
                place = found[p[: depth + 1]] = (k, _value_at(text, k, hi, col))
            k, v = place
            if depth + 1 < len(p):  # down into the value, which must be a block mapping
                if text.rfind("\n", 0, v) < k or not KEY.match(text, v):
                    raise _Unsure
                col = v - (text.rfind("\n", 0, v) + 1)
                lo, hi = v, _block_end(text, v, hi, col)
    return found


def _find_key(text: str, lo: int, hi: int, col: int, key: str) -> int | None:
    """Offset of ``key:`` in the block mapping whose first key is at ``lo`` (column ``col``) and which
    ends by ``hi``; None when the mapping has no such key."""
    k = lo
    while k < hi:
        m = KEY.match(text, k)
        if m is None:
            raise _Unsure
        if m.group(1) == key:
            _check_value(text, m.end(), hi)
            return k
        block = col if _check_value(text, m.end(), hi) else -1  # a block scalar's lines are skipped
        k = hi
        for s, e, indent, content in _lines_after(text, m.end(), hi):
            # the next line at the mapping's column; deeper lines belong to the value
            if not content or indent > block >= 0:
                continue
            block = -1
            if content.startswith("#"):
                continue
            if indent < col:
                return None  # the mapping ends here
            if content[0] in _REFUSED:
                raise _Unsure
            j = s + indent
            while text.startswith(("- ", "-\n"), j):
                j += 1
                while j < e and text[j] == " ":
                    j += 1
            if indent == col and j == s + indent:
                k = j
                break
            inner = KEY.match(text, j, e)
            if _check_value(text, inner.end() if inner else j, e):
                block = j - s if inner else indent
    return None


def _lines_after(text: str, k: int, hi: int) -> Iterator[tuple[int, int, int, str]]:
    """(start, end, indent, content) of each line after the one holding offset ``k``, up to ``hi``;
    ``content`` is the line less its leading spaces."""
    nl = text.find("\n", k, hi)
    while nl >= 0:
        s = nl + 1
        e = text.find("\n", s, hi)
        end = hi if e < 0 else e
        body = text[s:end]
        content = body.lstrip(" ")
        yield s, end, len(body) - len(content), content
        nl = e


def _check_value(text: str, k: int, hi: int) -> bool:
    """Whether what follows offset ``k`` on its line is a block scalar (``|``, ``>-``...), whose lines
    are skipped. Raise :class:`_Unsure` when it is quoted or bracketed and goes on past the line, or
    is something this reading does not follow (an anchor, a tag...)."""
    e = text.find("\n", k, hi)
    rest = text[k : hi if e < 0 else e].lstrip(" ")
    if not rest or rest[0] == "#":
        return False
    c = rest[0]
    if c in _REFUSED:
        raise _Unsure
    if c in "|>":
        if any(ch.isdigit() for ch in rest[1:3]):
            raise _Unsure  # an explicit indentation: its lines are not told apart here
        return True
    if c == '"':
        i = 1
        while i < len(rest) and rest[i] != '"':
            i += 2 if rest[i] == "\\" else 1
        if i >= len(rest):
            raise _Unsure
    elif c == "'":
        if rest.replace("''", "").count("'") < 2:
            raise _Unsure
    elif c in "[{":
        opened = rest.count("[") + rest.count("{")
        if any(q in rest for q in "\"'") or opened != rest.count("]") + rest.count("}"):
            raise _Unsure
    return False


def _value_at(text: str, k: int, hi: int, col: int) -> int:
    """Where the value of the key at ``k`` (column ``col``) starts, as the composer marks it."""
    colon = text.index(":", k) + 1
    v = colon
    while v < hi and text[v] == " ":
        v += 1
    if v < hi and text[v] not in "\n#":
        return v
    nxt = content_after(text, v, hi)
    if nxt is not None:
        indent = nxt - (text.rfind("\n", 0, nxt) + 1)
        if indent > col or (indent == col and text.startswith("- ", nxt)):
            if text[nxt] in _REFUSED:
                raise _Unsure
            return nxt
    if v >= hi or text[v] == "\n":
        return colon  # an empty value: marked right after its colon
    raise _Unsure


def _block_end(text: str, lo: int, hi: int, col: int) -> int:
    """Where the block of lines indented by ``col`` or more that starts at ``lo`` ends (by ``hi``)."""
    for s, _, indent, content in _lines_after(text, lo, hi):
        if content and not content.startswith("#") and indent < col:
            return s - 1
    return hi
