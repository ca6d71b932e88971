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

from argmap.lsp.index import LIST_KINDS, Item, MapIndex, Ref, Span
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
    index = MapIndex()
    lines = text.split("\n")
    section: str | None = None
    dash_indent: int | None = None
    current: _Open | None = None
    block: int | None = None  # the indent a block scalar's lines are deeper than
    config_key: str | None = None
    last = 0
    counts: dict[str, int] = {}

    def close(end_row: int) -> None:
        if current is not None:
            span = current.item.span
            current.item.span = Span(span.line, span.col, end_row, len(lines[end_row]))

    for row, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        ind = len(line) - len(stripped)
        if block is not None and ind > block:
            last = row
            continue
        block = None
        if "\t" in line[:ind] or stripped.startswith(("---", "...")):
            return None
        m = _KEY_LINE.match(line)
        if ind == 0:
            if m is None or m.group(2):
                return None
            close(last)
            current, dash_indent = None, None
            section = m.group(3)
            config_key = None
            index.top_keys.setdefault(section, Span(row, 0, row, len(section)))
            value = _bare(m.group(4) or "")
            if value[:1] in _BLOCK_START and _BLOCK_SCALAR.match(value):
                block = 0
            elif section == "config" and value:
                return None  # a flow mapping: compose
            last = row
            continue
        if section == "config":
            if m is not None and not m.group(2):
                key, value = m.group(3), m.group(4) or ""
                if config_key == "severity" and ind > 2 and key:
                    index.codes.append((key, Span(row, ind, row, ind + len(key))))
                    continue
                config_key = key
                if key in ("select", "ignore"):
                    col = m.start(4) if m.group(4) else len(line)
                    index.codes.extend((tx, Span(row, s, row, e)) for tx, s, e, _ in _value_tokens(value, col))
            elif (d := _DASH_SCALAR.match(line)) and config_key in ("select", "ignore"):
                for tx, s, e, _ in _value_tokens(d.group(2), d.start(2)):
                    index.codes.append((tx, Span(row, s, row, e)))
            continue
        if section not in LIST_KINDS:
            last = row
            continue
        dash = m.group(2) if m is not None else None
        if m is not None and dash and (dash_indent is None or ind == dash_indent):
            dash_indent = ind
            close(last)
            i = counts[section] = counts.get(section, -1) + 1
            item = Item(LIST_KINDS[section], i, None, Span(row, ind + len(dash), row, len(line)), None)
            index.items.append(item)
            current = _Open(item, ind + len(dash))
        elif m is None and dash_indent is not None and ind <= dash_indent:
            return None
        last = row
        if current is None:
            return None
        if m is not None and (not m.group(2) or ind == dash_indent):
            key_col = ind + len(m.group(2) or "")
            if key_col == current.indent:
                current.nested = current.list_key = None
                ids = _id_fields(section)
            elif current.nested is not None and key_col > current.nested[1]:
                ids = _nested_id_fields(section, current.nested[0])
            else:
                return None  # deeper nesting than the format has: compose
            key, value = m.group(3), m.group(4) or ""
            col = m.start(4) if m.group(4) is not None else len(line)
            bare = _bare(value)
            if bare[:1] in _BLOCK_START and _BLOCK_SCALAR.match(bare):
                block = key_col
                continue
            if key_col == current.indent and key == "id":
                tokens = _value_tokens(value, col)
                if len(tokens) != 1:
                    return None
                tx, s, e, q = tokens[0]
                current.item.id, current.item.id_span = tx, Span(row, s, row, e)
                index.refs.append(Ref(tx, current.item.id_span, "id", None, q))
            elif key in ids:
                target = _target(ids[key], current.item, data, section)
                if not bare:
                    current.list_key = (key, key_col, ids[key])
                for tx, s, e, q in _value_tokens(value, col):
                    current.refs.setdefault(key, []).append(tx)
                    index.refs.append(Ref(tx, Span(row, s, row, e), key, target, q))
            elif key == "ignore":
                if not bare:
                    current.list_key = (key, key_col, _fields(section)[key])
                for tx, s, e, _ in _value_tokens(value, col):
                    index.codes.append((tx, Span(row, s, row, e)))
            elif not bare and key_col == current.indent:
                current.nested = (key, key_col)
                current.list_key = None
            continue
        d = _DASH_SCALAR.match(line)
        if d is not None and current.list_key is not None and ind >= current.list_key[1]:
            key, _, spec = current.list_key
            for tx, s, e, q in _value_tokens(d.group(2), d.start(2)):
                if key == "ignore":
                    index.codes.append((tx, Span(row, s, row, e)))
                else:
                    current.refs.setdefault(key, []).append(tx)
                    index.refs.append(Ref(tx, Span(row, s, row, e), key, _target(spec, current.item, data, section), q))
    close(last)
    return index if _agrees(index, data) else None


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
