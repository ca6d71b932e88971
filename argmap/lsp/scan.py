"""A fast index of block-style YAML maps, checked against the parsed data.

Composing a 300-node map with PyYAML to learn where its ids stand takes some 80 ms, too long to
pay on the first hover or outline request after each keystroke. Maps are written in block style,
one key per line, so the lines themselves say where each ``id`` and each reference stands. The data
parsed by argmap's own fast parser (:func:`argmap.load.parse_data`) then confirms what the lines
said: the same items with the same ids, the same references in the same order. When anything
differs (flow mappings over several lines, JSON, anchors and aliases) the caller composes instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from argmap.lsp.mapindex import LIST_KINDS, Item, MapIndex, Ref, Span
from argmap.lsp.schema import FieldSpec, IdTarget, item_models, merged_fields

__all__ = ["scan_index"]

_KEY_LINE = re.compile(r"^( *)(-[ ]+)?([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*))?$")
_DASH_SCALAR = re.compile(r"^( *)-[ ]+(.*)$")
_FLOW_ITEM = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^']|'')*)'|([^\s,\[\]\"'][^,\[\]]*?)(?=\s*[,\]]|\s*$)")
_COMMENT = re.compile(r"(?:^|[ \t])#.*$")
_BLOCK_SCALAR = re.compile(r"^[>|][+-]?\d*$")


_BLOCK_START = (">", "|")


def _bare(value: str) -> str:
    """A value without its comment and surrounding blanks (most values have no ``#`` at all)."""
    return (_COMMENT.sub("", value) if "#" in value else value).strip()


@dataclass
class _Open:
    """An item being read: its index entry, the column of its keys, its nested mapping (if any)."""

    item: Item
    indent: int
    nested: tuple[str, int] | None = None
    list_key: tuple[str, int, FieldSpec] | None = None
    refs: dict[str, list[str]] = field(default_factory=dict)


@cache
def _fields(section: str) -> dict[str, FieldSpec]:
    return merged_fields(item_models(section))


@cache
def _id_fields(section: str) -> dict[str, FieldSpec]:
    return {k: s for k, s in merged_fields(item_models(section)).items() if s.id_target is not None}


@cache
def _nested_id_fields(section: str, key: str) -> dict[str, FieldSpec]:
    spec = merged_fields(item_models(section)).get(key)
    if spec is None or not spec.models:
        return {}
    return {k: s for k, s in merged_fields(spec.models).items() if s.id_target is not None}


def _value_tokens(value: str, col: int) -> list[tuple[str, int, int, bool]]:
    """(text, start, end, quoted) of a scalar or of each item of a one-line flow list."""
    value = _bare(value)
    if value.startswith("["):
        if not value.endswith("]"):
            return []
        out = []
        inner = value[1:-1]
        for m in _FLOW_ITEM.finditer(inner):
            g = 1 if m.group(1) is not None else 2 if m.group(2) is not None else 3
            text = m.group(g).strip()
            start = col + 1 + m.start(g)
            if text:
                out.append((text, start, start + len(text), g != 3))
        return out
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return [(value[1:-1], col + 1, col + len(value) - 1, True)]
    return [(value, col, col + len(value), False)] if value else []


def scan_index(text: str) -> MapIndex | None:
    """The index of a block-style map, or None when the lines cannot be trusted to say it."""
    from argmap.load import LoadResult, parse_data

    if text.lstrip().startswith("{") or ("&" in text and re.search(r"[\s:\-\[,]&\w", text)):
        return None  # JSON, or YAML anchors: compose
    data = parse_data(text, LoadResult(file="<buffer>"))
    if not isinstance(data, dict):
        return None
    try:
        index = _Scanner(text, data).scan()
    except _Untrusted:
        return None
    return index if _agrees(index, data) else None


class _Untrusted(Exception):
    """A line the scan does not follow (a tab, a document marker, a flow mapping, deeper nesting than
    the format has): the caller composes instead."""


def _opens_block(value: str) -> bool:
    """Whether a bare value starts a block scalar (``>``, ``|-`` ...), whose lines follow deeper."""
    return value[:1] in _BLOCK_START and _BLOCK_SCALAR.match(value) is not None


class _Scanner:
    """One pass over the lines of a map: each line is a top-level key, a line of ``config``, or a
    line of a source, node or relation (a new item, one of its keys, or an entry of a block list)."""

    def __init__(self, text: str, data: dict[str, Any]) -> None:
        self.data = data
        self.lines = text.split("\n")
        self.index = MapIndex()
        self.section: str | None = None
        self.dash_indent: int | None = None
        self.current: _Open | None = None
        self.block: int | None = None
        """The indent a block scalar's lines are deeper than."""
        self.config_key: str | None = None
        self.last = 0
        """The last row read that belongs to the current item."""
        self.counts: dict[str, int] = {}

    def scan(self) -> MapIndex:
        for row, line in enumerate(self.lines):
            self.read_line(row, line)
        self.close(self.last)
        return self.index

    def close(self, end_row: int) -> None:
        """The current item ends at ``end_row``."""
        if self.current is not None:
            span = self.current.item.span
            self.current.item.span = Span(span.line, span.col, end_row, len(self.lines[end_row]))

    def read_line(self, row: int, line: str) -> None:
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            return
        ind = len(line) - len(stripped)
        if self.block is not None and ind > self.block:
            self.last = row
            return
        self.block = None
        if "\t" in line[:ind] or stripped.startswith(("---", "...")):
            raise _Untrusted
        m = _KEY_LINE.match(line)
        section = self.section
        if ind == 0:
            self.top_key(row, m)
        elif section == "config":
            self.config_line(row, line, ind, m)
        elif section is None or section not in LIST_KINDS:
            self.last = row
        else:
            self.item_line(row, line, ind, m, section)

    def top_key(self, row: int, m: re.Match[str] | None) -> None:
        if m is None or m.group(2):
            raise _Untrusted
        self.close(self.last)
        self.current, self.dash_indent = None, None
        self.section = section = m.group(3)
        self.config_key = None
        self.index.top_keys.setdefault(section, Span(row, 0, row, len(section)))
        value = _bare(m.group(4) or "")
        if _opens_block(value):
            self.block = 0
        elif section == "config" and value:
            raise _Untrusted  # a flow mapping: compose
        self.last = row

    def config_line(self, row: int, line: str, ind: int, m: re.Match[str] | None) -> None:
        """A line of ``config``: the codes of ``select``, ``ignore`` and ``severity``."""
        if m is not None and not m.group(2):
            key, value = m.group(3), m.group(4) or ""
            if self.config_key == "severity" and ind > 2 and key:
                self.index.codes.append((key, Span(row, ind, row, ind + len(key))))
                return
            self.config_key = key
            if key in ("select", "ignore"):
                col = m.start(4) if m.group(4) else len(line)
                self.add_codes(row, _value_tokens(value, col))
        elif (d := _DASH_SCALAR.match(line)) and self.config_key in ("select", "ignore"):
            self.add_codes(row, _value_tokens(d.group(2), d.start(2)))

    def add_codes(self, row: int, tokens: list[tuple[str, int, int, bool]]) -> None:
        self.index.codes.extend((tx, Span(row, s, row, e)) for tx, s, e, _ in tokens)

    def item_line(self, row: int, line: str, ind: int, m: re.Match[str] | None, section: str) -> None:
        """A line under ``sources``, ``nodes`` or ``relations``."""
        dash = m.group(2) if m is not None else None
        if m is not None and dash and (self.dash_indent is None or ind == self.dash_indent):
            self.open_item(row, line, ind, dash, section)
        elif m is None and self.dash_indent is not None and ind <= self.dash_indent:
            raise _Untrusted
        self.last = row
        current = self.current
        if current is None:
            raise _Untrusted
        if m is not None and (not m.group(2) or ind == self.dash_indent):
            self.item_key(row, line, ind, m, current, section)
        else:
            self.list_entry(row, line, ind, current, section)

    def open_item(self, row: int, line: str, ind: int, dash: str, section: str) -> None:
        self.dash_indent = ind
        self.close(self.last)
        i = self.counts[section] = self.counts.get(section, -1) + 1
        item = Item(LIST_KINDS[section], i, None, Span(row, ind + len(dash), row, len(line)), None)
        self.index.items.append(item)
        self.current = _Open(item, ind + len(dash))

    def item_key(self, row: int, line: str, ind: int, m: re.Match[str], current: _Open, section: str) -> None:
        """A key of the item, or of the mapping nested in one of its fields (an anchor's ``source``)."""
        key_col = ind + len(m.group(2) or "")
        ids = self.id_fields_at(key_col, current, section)
        key, value = m.group(3), m.group(4) or ""
        col = m.start(4) if m.group(4) is not None else len(line)
        bare = _bare(value)
        if _opens_block(bare):
            self.block = key_col
        elif key_col == current.indent and key == "id":
            self.definition(row, _value_tokens(value, col), current)
        elif key in ids:
            target = _target(ids[key], current.item, self.data, section)
            if not bare:
                current.list_key = (key, key_col, ids[key])
            for tx, s, e, q in _value_tokens(value, col):
                self.reference(current, key, tx, Span(row, s, row, e), target, q)
        elif key == "ignore":
            if not bare:
                current.list_key = (key, key_col, _fields(section)[key])
            self.add_codes(row, _value_tokens(value, col))
        elif not bare and key_col == current.indent:
            current.nested = (key, key_col)
            current.list_key = None

    def id_fields_at(self, key_col: int, current: _Open, section: str) -> dict[str, FieldSpec]:
        """The fields holding ids of the mapping whose keys stand at ``key_col``."""
        if key_col == current.indent:
            current.nested = current.list_key = None
            return _id_fields(section)
        if current.nested is not None and key_col > current.nested[1]:
            return _nested_id_fields(section, current.nested[0])
        raise _Untrusted  # deeper nesting than the format has: compose

    def definition(self, row: int, tokens: list[tuple[str, int, int, bool]], current: _Open) -> None:
        if len(tokens) != 1:
            raise _Untrusted
        tx, s, e, q = tokens[0]
        current.item.id, current.item.id_span = tx, Span(row, s, row, e)
        self.index.refs.append(Ref(tx, current.item.id_span, "id", None, q))

    def reference(self, current: _Open, key: str, name: str, span: Span, target: IdTarget, quoted: bool) -> None:
        current.refs.setdefault(key, []).append(name)
        self.index.refs.append(Ref(name, span, key, target, quoted))

    def list_entry(self, row: int, line: str, ind: int, current: _Open, section: str) -> None:
        """An entry (``- C1``) of the block list the item's last key opened, ids or rule codes."""
        d = _DASH_SCALAR.match(line)
        if d is None or current.list_key is None or ind < current.list_key[1]:
            return
        key, _, spec = current.list_key
        tokens = _value_tokens(d.group(2), d.start(2))
        if key == "ignore":
            self.add_codes(row, tokens)
            return
        for tx, s, e, q in tokens:
            self.reference(current, key, tx, Span(row, s, row, e), _target(spec, current.item, self.data, section), q)


def _target(spec: FieldSpec, item: Item, data: dict[str, Any], section: str) -> IdTarget:
    assert spec.id_target is not None
    if spec.id_target != "node-or-relation":
        return spec.id_target
    written = data.get(section)
    raw = written[item.index] if isinstance(written, list) and item.index < len(written) else None
    return "relation" if isinstance(raw, dict) and raw.get("kind") == "undercuts" else "node"


def _agrees(index: MapIndex, data: dict[str, Any]) -> bool:
    """Whether the lines said what the parser read: items, ids and references. Fills each item's
    values (kind, type, text, ...) from the parsed data."""
    by_section: dict[str, list[Item]] = {}
    for item in index.items:
        by_section.setdefault(item.what, []).append(item)
    refs: dict[tuple[str, int], list[str]] = {}
    for r in index.refs:
        if r.field != "id":
            refs.setdefault((r.field, r.span.line), []).append(r.name)
    for key, what in LIST_KINDS.items():
        written = data.get(key)
        items = by_section.get(what, [])
        if not isinstance(written, list):
            if items:
                return False
            continue
        if len(written) != len(items):
            return False
        for raw, item in zip(written, items, strict=True):
            if not isinstance(raw, dict) or (str(raw.get("id")) != str(item.id) and item.id is not None):
                return False
            if item.id is None and raw.get("id") is not None:
                return False
            item.values = {
                k: v if isinstance(v, str | int | float | list) else str(v)
                for k, v in raw.items()
                if isinstance(k, str) and not isinstance(v, dict) and (not isinstance(v, list) or _ids(v))
            }
    expected = []
    for key in LIST_KINDS:
        for raw in data.get(key) or []:
            if isinstance(raw, dict):
                expected.extend(_written_refs(raw, key))
    found = [r.name for r in index.refs if r.field != "id"]
    return expected == found


def _ids(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _written_refs(raw: dict[str, Any], section: str) -> list[str]:
    """The references of one parsed item, in the order they stand in the file."""
    out: list[str] = []
    ids = _id_fields(section)
    for k, v in raw.items():
        if k in ids:
            out.extend(str(x) for x in (v if isinstance(v, list) else [v]) if x is not None and x != "")
        elif isinstance(v, dict):
            nested = _nested_id_fields(section, k)
            for nk, nv in v.items():
                if nk in nested:
                    out.extend(str(x) for x in (nv if isinstance(nv, list) else [nv]) if x is not None and x != "")
    return out
