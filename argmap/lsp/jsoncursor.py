"""The completion context in a map written as JSON, read from the brackets and strings before the cursor.

JSON says its nesting with brackets, not with indentation, so the reading of :mod:`argmap.lsp.context`
does not apply: here the text up to the cursor is walked once, keeping a stack of the objects and
arrays open there and the key each object is at. Half-typed text (an unclosed string, a missing
value) is the normal case and is read as far as it goes.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field

from argmap.lsp.context import Cursor, cursor_at

__all__ = ["cursor_in", "json_cursor"]

_PAIR = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d[\d.eE+-]*|true|false|null))?')


@dataclass
class _Frame:
    array: bool
    start: int
    key: str | None = None
    index: int = 0
    expect_key: bool = True
    pending: str | None = None
    keys: list[str] = field(default_factory=list)


def json_cursor(text: str, offset: int) -> Cursor:
    """The context at ``offset`` (a code-point index into ``text``) of a JSON map."""
    before = text[:offset]
    stack, partial = _open_frames(before)
    if not stack:
        return Cursor("none")
    prefix, start = _typed_word(before, offset, partial)
    return _cursor_of(text, stack, prefix, start)


def _open_frames(before: str) -> tuple[list[_Frame], tuple[int, str] | None]:
    """The objects and arrays open at the end of ``before``, outermost first, and, when it ends
    inside a string, where that string's text starts and the text typed so far."""
    stack: list[_Frame] = []
    i = 0
    while i < len(before):
        if before[i] != '"':
            _punctuation(stack, before[i], i)
            i += 1
            continue
        end = _string_end(before, i)
        if end is None:
            newline = before.find("\n", i)
            if newline < 0:  # the cursor is inside this string
                return stack, (i + 1, before[i + 1 :])
            i = newline + 1  # a string left open on an earlier line: read on from the next
            continue
        if stack and not stack[-1].array and stack[-1].expect_key:
            stack[-1].pending = before[i + 1 : end]
        i = end + 1
    return stack, None


def _punctuation(stack: list[_Frame], ch: str, i: int) -> None:
    """What a character outside strings at ``i`` does to the open objects and arrays."""
    if ch in "{[":
        stack.append(_Frame(array=ch == "[", start=i))
    elif ch in "}]" and stack:
        stack.pop()
    elif ch == ":" and stack and not stack[-1].array:
        top = stack[-1]
        top.key, top.expect_key = top.pending, False
        if top.key is not None:
            top.keys.append(top.key)
    elif ch == "," and stack:
        top = stack[-1]
        if top.array:
            top.index += 1
        else:
            top.key, top.expect_key, top.pending = None, True, None


def _typed_word(before: str, offset: int, partial: tuple[int, str] | None) -> tuple[str, int]:
    """What is being typed at the cursor and where it starts: the open string's text, else the word."""
    if partial is not None:
        return partial[1], partial[0]
    word = re.search(r"[\w.:-]*$", before)
    prefix = word.group(0) if word else ""
    return prefix, offset - len(prefix)


def _cursor_of(text: str, stack: list[_Frame], prefix: str, start: int) -> Cursor:
    """The context in the innermost object open at the cursor (or the object holding the array open there)."""
    top = stack[-1]
    obj = top if not top.array else (stack[-2] if len(stack) > 1 and not stack[-2].array else None)
    if obj is None:
        return Cursor("none")
    path: list[str | int] = []
    for frame in stack[: stack.index(obj)]:
        if frame.array:
            path.append(frame.index)
        elif frame.key is not None:
            path.append(frame.key)
    written = _object_values(text, obj.start)
    if not top.array and top.expect_key:
        written.pop(prefix, None)
        siblings = {k: v for k, v in written.items() if v}
        return Cursor("key", path, siblings, set(written), None, prefix, start)
    key = obj.key
    if key is None:
        return Cursor("none")
    written.pop(key, None)
    siblings = {k: v for k, v in written.items() if v}
    return Cursor("value", path, siblings, set(written), key, prefix, start)


def cursor_in(lines: list[str], row: int, col: int) -> Cursor:
    """The completion context at ``row``, ``col`` of a map in either form (JSON when it opens with ``{``)."""
    first = next((line.strip() for line in lines if line.strip()), "")
    if not first.startswith("{"):
        return cursor_at(lines, row, col)
    offset = sum(len(line) + 1 for line in lines[:row]) + col
    cursor = json_cursor("\n".join(lines), offset)
    # an offset into the text, made a column of the line (nothing to replace when nothing fits)
    cursor.start = max(0, col - (offset - cursor.start)) if cursor.mode != "none" else col
    cursor.json_form = True
    return cursor


def _string_end(text: str, start: int) -> int | None:
    """The closing quote of the string opening at ``start``; None when the line or text ends first
    (a JSON string holds no line break)."""
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == '"':
            return i
        if ch == "\n":
            return None
        i += 1
    return None


def _object_values(text: str, start: int) -> dict[str, str]:
    """The keys of the object opening at ``start``, with their scalar values as text (only its own
    keys: nested objects and arrays are skipped)."""
    depth, i = 0, start
    out: dict[str, str] = {}
    while i < len(text):
        ch = text[i]
        if ch == '"':
            end = _string_end(text, i)
            if end is None:  # left open on this line (being typed): read on from the next
                newline = text.find("\n", i)
                if newline < 0:
                    break
                i = newline + 1
                continue
            if depth == 1:
                m = _PAIR.match(text, i)
                if m is not None and m.start() == i:
                    value = m.group(2) if m.group(2) is not None else (m.group(3) or "")
                    if m.group(2) is not None and "\\" in value:
                        with contextlib.suppress(ValueError):  # an escape half-typed: keep it as written
                            value = json.loads(f'"{value}"')
                    out.setdefault(m.group(1), value)
                    i = m.end()
                    continue
            i = end + 1
            continue
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                break
        i += 1
    return out
