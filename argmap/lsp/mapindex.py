"""What an index of a map holds: its items, the ids written in it and the rule codes, with where each stands.

Two readers fill it: :mod:`argmap.lsp.scan` from the lines of a block-style map, and
:mod:`argmap.lsp.index` from the composed YAML of any other. Positions are 0-based lines and
code-point columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from argmap.lsp.schema import IdTarget

__all__ = ["LIST_KINDS", "Item", "MapIndex", "Ref", "Span"]

LIST_KINDS = {"sources": "source", "nodes": "node", "relations": "relation"}


@dataclass(slots=True)
class Span:
    """A range on one line or over several: (line, column) to (line, column), end exclusive."""

    line: int
    col: int
    end_line: int
    end_col: int

    def contains(self, line: int, col: int) -> bool:
        return (self.line, self.col) <= (line, col) <= (self.end_line, self.end_col)


@dataclass(slots=True)
class Ref:
    """One id written in the map: its definition (``field == "id"``) or a reference to it."""

    name: str
    span: Span
    field: str
    target: IdTarget | None
    """For a reference: what it may point to; None for a definition."""
    quoted: bool = False


@dataclass
class Item:
    """A source, node or relation of the map, as written."""

    what: str
    """source, node or relation."""
    index: int
    id: str | None
    span: Span
    id_span: Span | None
    values: dict[str, Any] = field(default_factory=dict)
    """Its scalar fields (kind, type, text, title, ...) and its id lists (from, sources) as written."""

    @property
    def kind(self) -> str:
        return str(self.values.get("kind") or self.what)

    @property
    def type(self) -> str | None:
        value = self.values.get("type")
        return str(value) if value is not None else None


@dataclass
class MapIndex:
    items: list[Item] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    codes: list[tuple[str, Span]] = field(default_factory=list)
    """Rule codes written in ``ignore`` lists and the ``config`` section."""
    top_keys: dict[str, Span] = field(default_factory=dict)

    def definitions(self) -> dict[str, Item]:
        """Item by id (the first one, when an id is duplicated)."""
        out: dict[str, Item] = {}
        for item in self.items:
            if item.id is not None:
                out.setdefault(item.id, item)
        return out

    def at(self, line: int, col: int) -> Ref | None:
        """The id written at a position, definition or reference."""
        return next((r for r in self.refs if r.span.contains(line, col)), None)

    def code_at(self, line: int, col: int) -> str | None:
        return next((c for c, s in self.codes if s.contains(line, col)), None)

    def occurrences(self, name: str) -> list[Ref]:
        """The definition(s) and references of an id, in file order."""
        return [r for r in self.refs if r.name == name]
