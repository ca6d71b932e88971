"""What a diagram node says, line by line, before any format-specific escaping.

DOT and Mermaid both draw a node from these lines, so the two diagrams say the same thing.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from argmap.view.build import ViewNode
from argmap.view.text import shorten, wrap

__all__ = ["TEXT_LIMIT", "WIDTH", "Line", "node_lines", "relation_label"]

WIDTH = 34
"""Characters per line of a node's text."""
TEXT_LIMIT = 320
"""A node's text is cut (with an ellipsis) beyond this; the full text stays in the map and the outline."""

Kind = Literal["header", "text", "fact", "source", "status", "note"]


class Line(NamedTuple):
    kind: Kind
    text: str


_KIND_NAMES = {"thesis": "THESIS", "claim": "claim"}


def node_lines(node: ViewNode, width: int = WIDTH) -> list[Line]:
    """Header (id and kind), wrapped text, key facts, source in small type, status, notes."""
    lines = [Line("header", f"{_KIND_NAMES.get(node.kind, node.kind)} {node.id}")]
    lines += [Line("text", t) for t in wrap(shorten(node.text, TEXT_LIMIT), width)]
    for fact in node.facts:
        lines += [Line("fact", t) for t in wrap(fact, width + 6)]
    if node.source:
        lines += [Line("source", t) for t in wrap("source: " + node.source, width + 10)]
    if node.status:
        lines.append(Line("status", node.status.upper()))
    for note in node.notes:
        lines += [Line("note", t) for t in wrap(f"({note})", width + 6)]
    return lines


def relation_label(warrant: str | None, qualifier: str | None, width: int = WIDTH) -> list[str]:
    """Lines of the text written on a relation's arrow: qualifier, then warrant."""
    text = " — ".join(x for x in (qualifier, shorten(warrant, 160) if warrant else None) if x)
    return wrap(text, width) if text else []
