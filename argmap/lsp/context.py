"""Where the cursor is in a map being typed: which mapping, which key, which value.

Completion runs while the text is half-written and often not valid YAML (``    ty`` under a node),
so the context is read from the lines themselves, by indentation, as a person reads block YAML:
the keys leading from the top to the mapping being edited, the keys and scalar values already in
that mapping (``kind: evidence``, ``type: count``), and whether a key or a value is being typed.
A JSON map, or a layout this reading does not follow, still gets the value being typed and its key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Cursor", "cursor_at"]

_LINE = re.compile(r"^(?P<ind>[ ]*)(?P<dash>-[ ]+)?(?:(?P<key>[\w.-]+|\"[^\"]*\")[ \t]*:(?:[ \t]+(?P<value>.*))?)?")
_KEY_TYPING = re.compile(r"^(?P<ind>[ ]*)(?P<dash>-[ ]+)?(?P<prefix>[\w-]*)$")
_VALUE_TYPING = re.compile(r"(?P<key>[\w-]+|\"[\w-]+\")[ \t]*:[ \t]*(?P<value>[^:]*)$")
_DASH_VALUE = re.compile(r"^(?P<ind>[ ]*)-[ ]+(?P<prefix>[\w.:-]*)$")
_LAST_WORD = re.compile(r"[\w.:-]*$")


@dataclass
class Cursor:
    mode: Literal["key", "value", "none"]
    path: list[str | int] = field(default_factory=list)
    """Keys (and list positions, as 0) from the top of the map to the mapping edited."""
    siblings: dict[str, str] = field(default_factory=dict)
    """Scalar values already written in that mapping, the key under the cursor left out."""
    keys: set[str] = field(default_factory=set)
    """Keys already written in that mapping."""
    key: str | None = None
    """In value mode: the key whose value is typed."""
    prefix: str = ""
    start: int = 0
    """Column where the word being typed starts (what a completion replaces)."""
    json_form: bool = False
    """In a JSON map: a key is completed inside its quotes (``"sc`` becomes ``"scale": ``)."""


def _parts(line: str) -> tuple[int, bool, str | None, str | None]:
    """Content indent, whether the line starts a list item, its key and its value (or None)."""
    m = _LINE.match(line)
    assert m is not None  # every group is optional
    ind = len(m.group("ind"))
    dash = m.group("dash")
    key = m.group("key")
    if key is not None:
        key = key.strip('"')
    value = m.group("value")
    if value is not None and re.match(r"\s*(#|$)", value):
        value = None
    return ind + (len(dash) if dash else 0), dash is not None, key, value


def _blank(line: str) -> bool:
    s = line.strip()
    return not s or s.startswith("#")


def _enclosing(lines: list[str], row: int, indent: int) -> list[str | int]:
    """The keys leading to the mapping whose keys stand at ``indent``, seen from line ``row``."""
    path: list[str | int] = []
    in_list = False
    for i in range(row, -1, -1):
        line = lines[i] if i < len(lines) else ""
        if _blank(line) or (i == row and not line.lstrip(" ").startswith("-")):
            continue
        content, dash, key, value = _parts(line)
        dash_ind = len(line) - len(line.lstrip(" "))
        if not in_list and dash and content == indent:
            path.insert(0, 0)
            in_list, indent = True, dash_ind
        elif in_list and key is not None and value is None and content <= indent and not dash:
            path.insert(0, key)
            in_list, indent = False, content
        elif in_list and dash and dash_ind == indent:
            continue  # an earlier item of the same list
        elif not in_list and key is not None and value is None and content < indent:
            path.insert(0, key)
            indent = content
            if dash:  # `- key:` opens a nested mapping inside a list item
                path.insert(0, 0)
                in_list, indent = True, dash_ind
        elif in_list and content < indent:
            break  # a layout this reading does not follow
        if indent == 0 and not in_list:
            break
    return path


def _mapping_keys(lines: list[str], row: int, indent: int) -> dict[str, str]:
    """Keys at ``indent`` of the mapping around line ``row``, with their scalar values."""
    found: dict[str, str] = {}

    def take(i: int) -> bool:
        line = lines[i]
        if _blank(line):
            return True
        content, dash, key, value = _parts(line)
        if content < indent:
            if dash and content - 2 < indent and key is not None:
                found.setdefault(key, (value or "").strip().strip("\"'"))
            return False
        if content == indent and key is not None:
            found.setdefault(key, (value or "").strip().strip("\"'"))
        return not (dash and content == indent) or i == row

    for i in range(row - 1, -1, -1):
        content, dash, _, _ = _parts(lines[i])
        if not take(i) or (dash and content == indent):
            break
    for i in range(row + 1, len(lines)):
        content, dash, _, _ = _parts(lines[i])
        if (dash and content <= indent) or not take(i):
            break
    return found


def cursor_at(lines: list[str], row: int, col: int) -> Cursor:
    """The completion context at ``row``, ``col`` (0-based, code points)."""
    line = lines[row] if row < len(lines) else ""
    before = line[:col]
    typing_key = _KEY_TYPING.match(before)
    if typing_key:
        indent = len(typing_key.group("ind")) + len(typing_key.group("dash") or "")
        prefix = typing_key.group("prefix")
        dash_value = _DASH_VALUE.match(before)
        if dash_value is not None:
            owner = _list_owner(lines, row, len(dash_value.group("ind")))
            if owner is not None and owner[0] not in ("sources", "nodes", "relations"):
                return _value_cursor(lines, row, owner[0], owner[1], dash_value.group("prefix"), col)
        path = _enclosing(lines, row, indent)
        mapping = _mapping_keys(lines, row, indent)
        mapping.pop(prefix, None)
        siblings = {k: v for k, v in mapping.items() if v}
        return Cursor("key", path, siblings, set(mapping), None, prefix, col - len(prefix))
    value = _VALUE_TYPING.search(before)
    if value is None:
        return Cursor("none")
    key = value.group("key").strip('"')
    content, _, _, _ = _parts(line)
    written = value.group("value")
    prefix = _LAST_WORD.search(written.lstrip("[{\"' "))
    word = prefix.group(0) if prefix else ""
    return _value_cursor(lines, row, key, content, word, col)


def _list_owner(lines: list[str], row: int, dash_ind: int) -> tuple[str, int] | None:
    """The key whose block list an item at ``dash_ind`` belongs to, with that key's indent."""
    for i in range(row - 1, -1, -1):
        if _blank(lines[i]):
            continue
        content, dash, key, value = _parts(lines[i])
        ind = len(lines[i]) - len(lines[i].lstrip(" "))
        if dash and ind == dash_ind:
            continue
        if key is not None and value is None and content <= dash_ind:
            return key, content
        if content <= dash_ind or ind < dash_ind:
            return None
    return None


def _value_cursor(lines: list[str], row: int, key: str, indent: int, word: str, col: int) -> Cursor:
    path = _enclosing(lines, row, indent)
    mapping = _mapping_keys(lines, row, indent)
    mapping.pop(key, None)
    siblings = {k: v for k, v in mapping.items() if v}
    return Cursor("value", path, siblings, set(mapping), key, word, col - len(word))
