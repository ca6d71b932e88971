"""Where things stand in a map file: a table from model path to (line, column).

Built only when there is something to report, with PyYAML's composer (C-accelerated where
available), which keeps a mark for every node. It also finds duplicate keys, which the fast parser
refuses without saying where, and explicit tags, which it ignores. Aliases are not expanded: an alias
is located at its anchor. Composing builds no objects, whatever the tags say.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from argmap.diagnostics import Path

__all__ = ["DuplicateKey", "PositionIndex", "Tag", "build_index", "document_starts"]

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


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
    index = PositionIndex()
    try:
        root = yaml.compose(text.translate(_NOT_BREAKS), Loader=_Loader)
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
    starts: list[int] = []
    try:
        for event in yaml.parse(text.translate(_NOT_BREAKS), Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent) and event.start_mark is not None:
                starts.append(event.start_mark.line + 1)
    except (yaml.YAMLError, RecursionError, ValueError):
        pass
    return starts
