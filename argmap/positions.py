"""Where things stand in a map file: a table from model path to (line, column).

Built only when there is something to report, with PyYAML's composer (C-accelerated where
available), which keeps a mark for every node. It also finds duplicate keys, which the fast parser
refuses without saying where. Aliases are not expanded: an alias is located at its anchor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from argmap.diagnostics import Path

__all__ = ["DuplicateKey", "PositionIndex", "build_index"]

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


@dataclass
class PositionIndex:
    """Key and value positions (1-based line, column) by model path."""

    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[DuplicateKey] = field(default_factory=list)

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
        root = yaml.compose(text, Loader=_Loader)  # noqa: S506 - compose builds no objects
    except (yaml.YAMLError, RecursionError, ValueError):
        return index
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
    return index
