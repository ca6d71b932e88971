"""Where things stand in a map file: a table from model path to (line, column).

Built only when there is something to report, with PyYAML's composer (C-accelerated where
available), which keeps a mark for every node. It also finds duplicate keys, which the fast parser
refuses without saying where, and explicit tags, which it ignores. Aliases are not expanded: an alias
is located at its anchor. Composing builds no objects, whatever the tags say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from argmap.diagnostics import Path
from argmap.fieldscan import KEY, scan_fields
from argmap.fieldscan import content_after as _content_after

if TYPE_CHECKING:
    import yaml

__all__ = [
    "DuplicateKey",
    "Outline",
    "PositionIndex",
    "Tag",
    "build_index",
    "document_starts",
    "outline",
    "targeted_index",
]


def _loader() -> type:
    """PyYAML's C loader (pure Python if libyaml is missing), imported on first use.

    PyYAML is only needed to compose a file when something must be located; importing it costs
    about 30 ms of every run, which a clean check does not pay.
    """
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    key: str
    path: Path
    line: int
    col: int
    first_line: int


@dataclass(frozen=True, slots=True)
class Tag:
    """An explicit YAML tag other than the core ones (str, int, float, bool, null, seq, map)."""

    tag: str
    line: int
    col: int

    @property
    def shown(self) -> str:
        """The tag as written in the usual shorthand (``!!python/...`` rather than the full URI)."""
        return "!!" + self.tag.removeprefix(_CORE) if self.tag.startswith(_CORE) else self.tag


_CORE = "tag:yaml.org,2002:"
# Tags the composer assigns to plain data, implicitly or when written out (`!!str 12`).
_PLAIN_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "merge", "value")}
# Line breaks to PyYAML (YAML 1.1) but not to the YAML 1.2 parser, JSON or editors: kept as spaces so
# that line numbers agree with what the user sees.
_NOT_BREAKS = str.maketrans({"\x85": " ", "\u2028": " ", "\u2029": " "})


@dataclass
class PositionIndex:
    """Key and value positions (1-based line, column) by model path."""

    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[DuplicateKey] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    composed: bool = False
    """False when the text could not be composed (then nothing is known and everything is at 1:1)."""

    def locate(self, path: Path, *, prefer_value: bool = False) -> tuple[int, int]:
        """Position of ``path``, or of its nearest located ancestor; (1, 1) if nothing is known."""
        p = tuple(path)
        while True:
            first, second = (self.values, self.keys) if prefer_value else (self.keys, self.values)
            if p in first:
                return first[p]
            if p in second:
                return second[p]
            if not p:
                return (1, 1)
            p = p[:-1]


def build_index(text: str) -> PositionIndex:
    """Compose ``text`` and record positions; an unparsable document yields an empty index."""
    import yaml

    index = PositionIndex()
    try:
        root = yaml.compose(text.translate(_NOT_BREAKS), Loader=_loader())
    except (yaml.YAMLError, RecursionError, ValueError):
        return index
    index.composed = True
    if root is None:
        return index
    index.values[()] = (root.start_mark.line + 1, root.start_mark.column + 1)
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, Path]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            index.tags.append(Tag(node.tag, node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            first_at: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(id(key_node))
                key_pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if key in first_at:
                    index.duplicates.append(DuplicateKey(key, path, key_pos[0], key_pos[1], first_at[key]))
                    continue
                first_at[key] = key_pos[0]
                child = (*path, key)
                index.keys[child] = key_pos
                index.values[child] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                child = (*path, i)
                index.values[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
                stack.append((item, child))
    index.duplicates.sort(key=lambda d: (d.line, d.col))
    index.tags.sort(key=lambda t: (t.line, t.col))
    return index


def document_starts(text: str) -> list[int]:
    """1-based line of each document's start in a YAML stream (its `---`, or its first node)."""
    import yaml

    starts: list[int] = []
    try:
        for event in yaml.parse(text.translate(_NOT_BREAKS), Loader=_loader()):
            if isinstance(event, yaml.DocumentStartEvent) and event.start_mark is not None:
                starts.append(event.start_mark.line + 1)
    except (yaml.YAMLError, RecursionError, ValueError):
        pass
    return starts


# --------------------------------------------------------------------------- targeted positions

# Patterns anchored on a newline rather than on ``^`` with MULTILINE: the regex engine then jumps
# from newline to newline instead of trying every character (six times faster on a 15 MB map).
_TOP_KEY_NL = re.compile("\n" + KEY.pattern)


def _top_keys(text: str) -> list[tuple[str, int]]:
    """Each top-level ``key:`` (at the start of a line) with the offset of its line."""
    first = KEY.match(text)
    found = [(first.group(1), 0)] if first else []
    found.extend((m.group(1), m.start() + 1) for m in _TOP_KEY_NL.finditer(text))
    return found


_ITEM_ID = re.compile(r"^[ \t]*(?:-[ \t]+)?(?:\{[ \t]*)?id[ \t]*:[ \t]*['\"]?([^'\"\s#,}]+)", re.MULTILINE)


def _node_start(text: str, k: int, end: int) -> int | None:
    """Where the node after an indicator (``key:`` or ``-`` ending just before ``k``) starts.

    An empty node starts right after its indicator; when blanks or a comment follow it, PyYAML's
    mark is not predicted here (None: the caller falls back to the full index)."""
    at = _content_after(text, k, end)
    if at is not None:
        return at
    return k if k >= len(text) or text[k] == "\n" else None


class _NoId:
    """Stands for an item without an ``id`` key in an :class:`Outline`."""

    def __repr__(self) -> str:
        return "NO_ID"


NO_ID = _NoId()


@dataclass(frozen=True)
class Outline:
    """What :func:`targeted_index` needs of the parsed data, so that the data itself can be dropped.

    The loader frees each list item of the parsed file once it is validated (at 50,000 nodes the
    parsed data is some 150 MB); this keeps the top-level keys and, for each top-level list, the
    ``id`` value of every item (``NO_ID`` when an item has none or is not a mapping).
    """

    keys: frozenset[Any]
    lists: dict[Any, list[Any]]


def outline(data: Any) -> Outline | None:
    """The outline of parsed data; None when it is not a mapping."""
    if not isinstance(data, dict):
        return None
    lists: dict[Any, list[Any]] = {}
    for key, items in data.items():
        if isinstance(items, list):
            lists[key] = [item.get("id", NO_ID) if isinstance(item, dict) else NO_ID for item in items]
    return Outline(frozenset(data), lists)


def targeted_index(text: str, data: Any, paths: Iterable[Path]) -> PositionIndex | None:
    """Positions of ``paths`` only, as :func:`build_index` would give them; None when unsure.

    :func:`build_index` composes the whole file, some twenty times the cost of parsing it, and is
    paid as soon as a single finding is reported. Most findings point at a list item
    (``("nodes", 7)``) or a field inside one. In a map written in block style the top-level keys
    and list items are found with a line scan and only the items (or top-level sections) that hold
    a deeper path are composed, a few lines each. The scan is checked against ``data`` (the parsed
    map: its top-level keys, each list's length, the ``id`` of each located item); any other layout
    (flow style or JSON at the top, several documents, directives, anchors or odd indentation)
    returns None, so that the caller uses the full index: positions never differ, they are only
    cheaper. The result answers :meth:`PositionIndex.locate` for ``paths`` (and their ancestors)
    only; it records no duplicates or tags. ``data`` may be given as its :class:`Outline`.
    """
    shape = data if isinstance(data, Outline) else outline(data)
    if shape is None or not text or text.lstrip().startswith(("{", "[", "---", "%")):
        return None
    found = _sections(text, shape)
    if found is None:
        return None
    root, sections = found
    units = _units(text, shape, sections, paths)
    if units is None:
        return None
    spans, deep = units
    index = PositionIndex(composed=True)
    index.values[()] = (1 + text.count("\n", 0, root), 1)
    lines = _start_lines(text, spans)
    for unit, (start, end) in spans.items():
        if not _locate_unit(index, text, shape, unit, start, end, lines[start], deep.get(unit)):
            return None
    return index


def _sections(text: str, shape: Outline) -> tuple[int, dict[str, tuple[int, int]]] | None:
    """Where the map's content starts and the text span of each top-level section, found by a line
    scan; None when the scan and the parser disagree on the top-level keys."""
    matches = _top_keys(text)
    sections: dict[str, tuple[int, int]] = {}
    for k, (name, offset) in enumerate(matches):
        if name in sections:
            return None
        sections[name] = (offset, matches[k + 1][1] if k + 1 < len(matches) else len(text))
    if sections.keys() != shape.keys:
        return None  # a key the scan did not see (quoted, complex) or a line it misread
    root = _content_after(text, 0, len(text))
    if root is None or not matches or root != matches[0][1]:
        return None
    return root, sections


def _units(
    text: str, shape: Outline, sections: dict[str, tuple[int, int]], paths: Iterable[Path]
) -> tuple[dict[Path, tuple[int, int]], dict[Path, list[Path]]] | None:
    """The units holding ``paths`` (a list item, ``(key, i)``, or else a top-level section, ``(key,)``)
    with their text spans, and for each unit that holds a deeper path, those paths (scanned, or else
    composed). None when a path names an item the parsed list does not have."""
    starts: dict[str, list[int]] = {}
    spans: dict[Path, tuple[int, int]] = {}
    deep: dict[Path, list[Path]] = {}
    for p in paths:
        if not p:
            continue
        key = p[0]
        if not isinstance(key, str) or key not in sections:
            continue  # not in the file: located at the document, as the full index does
        start, end = sections[key]
        items = shape.lists.get(key)
        i = p[1] if len(p) >= 2 and isinstance(p[1], int) else None
        if i is not None and items is not None:
            if not 0 <= i < len(items):
                return None
            if key not in starts:
                # Not a plain block sequence (flow style, say): its section is composed instead.
                starts[key] = _item_starts(text, start, end, len(items)) or []
        unit: Path
        if i is not None and starts.get(key):
            span = starts[key]
            unit = (key, i)
            spans.setdefault(unit, (span[i], span[i + 1] if i + 1 < len(span) else end))
        else:
            unit = (key,)
            spans.setdefault(unit, (start, end))
        if len(p) > len(unit):
            deep.setdefault(unit, []).append(p)
    return spans, deep


def _start_lines(text: str, spans: dict[Path, tuple[int, int]]) -> dict[int, int]:
    """The line of each unit's start offset, counted in one pass."""
    lines: dict[int, int] = {}
    line, pos = 1, 0
    for offset in sorted({s for s, _ in spans.values()}):
        line += text.count("\n", pos, offset)
        pos = offset
        lines[offset] = line
    return lines


def _locate_unit(
    index: PositionIndex,
    text: str,
    shape: Outline,
    unit: Path,
    start: int,
    end: int,
    line: int,
    deep: list[Path] | None,
) -> bool:
    """Add the positions of one unit, and of the deeper paths it holds; False when unsure."""
    if len(unit) == 1:
        colon = text.index(":", start) + 1
        at = _node_start(text, colon, end)
        if at is None:
            return False
        index.keys[unit] = (line, 1)
        index.values[unit] = _line_col(text, start, line, at)
    else:
        dash = text.index("-", start) + 1
        at = _node_start(text, dash, end)
        if at is None:
            return False
        index.values[unit] = _line_col(text, start, line, at)
        item_id = shape.lists[unit[0]][int(unit[1])]
        if item_id is not NO_ID:
            m = _ITEM_ID.search(text, start, end)
            if m is None or m.group(1) != item_id:
                return False  # the scan and the parser disagree
    return deep is None or (
        _merge_scanned(index, text, start, end, unit, line, deep)
        or _merge_composed(index, text, start, end, unit, line)
    )


def _item_starts(text: str, start: int, end: int, count: int) -> list[int] | None:
    """Line-start offsets of the ``count`` items of the block sequence in one top-level section."""
    nl = text.find("\n", start, end)
    if nl < 0:
        return None
    colon = text.index(":", start) + 1
    if _content_after(text, colon, nl + 1) is not None:
        return None  # something after `key:` on its line: a flow sequence, an anchor, a tag
    first = _content_after(text, nl + 1, end)
    if first is None or text[first] != "-" or text[first + 1 : first + 2] not in (" ", "\n", "\t"):
        return None
    line_start = text.rfind("\n", 0, first) + 1
    indent = first - line_start
    if text[line_start:first].strip(" "):
        return None
    item = re.compile(rf"\n {{{indent}}}-(?=[ \t\n])")
    found = [m.start() + 1 for m in item.finditer(text, max(line_start - 1, 0), end)]
    return found if len(found) == count else None


def _line_col(text: str, start: int, line: int, at: int) -> tuple[int, int]:
    """1-based line and column of offset ``at``, given that ``start`` begins line ``line``."""
    return (line + text.count("\n", start, at), at - (text.rfind("\n", 0, at) + 1) + 1)


def _merge_composed(index: PositionIndex, text: str, start: int, end: int, unit: Path, line: int) -> bool:
    """Compose the text of one unit and add its positions, shifted to where the unit stands."""
    sub = build_index(text[start:end])
    if not sub.composed:
        return False
    shift = line - 1
    for source, target in ((sub.keys, index.keys), (sub.values, index.values)):
        for p, (ln, cl) in source.items():
            if not p:
                continue
            if len(unit) == 2:
                if p[0] != 0:
                    return False
                p = (*unit, *p[1:])
            target.setdefault(p, (ln + shift, cl))
    return True


def _merge_scanned(
    index: PositionIndex, text: str, start: int, end: int, unit: Path, line: int, paths: list[Path]
) -> bool:
    """Locate ``paths`` below one item by reading its lines (:func:`argmap.fieldscan.scan_fields`)."""
    found = scan_fields(text, start, end, unit, paths)
    if found is None:
        return False
    for p, (k, v) in found.items():
        index.keys[p] = _line_col(text, start, line, k)
        index.values[p] = _line_col(text, start, line, v)
    return True
