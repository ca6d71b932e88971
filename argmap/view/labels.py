"""What a diagram node says, line by line, before any format-specific escaping.

DOT and Mermaid both draw a node from these lines, so the two diagrams say the same thing. A label is
made of sections in a fixed order (:func:`node_lines`); each section has its own function here, so that
a serialiser can format a section once and reuse it for every node that repeats it (a source, a fact).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from argmap.view.build import ViewNode
from argmap.view.text import clean, wrap, wrap_clean

__all__ = [
    "GROUNDING_BADGES",
    "WIDTH",
    "Line",
    "fact_lines",
    "header_line",
    "header_lines",
    "node_lines",
    "note_lines",
    "relation_label",
    "source_lines",
    "status_line",
    "text_lines",
]

WIDTH = 34
"""Characters per line of a node's text."""

Kind = Literal["header", "text", "fact", "more", "source", "status", "note"]
"""``fact``: the first key fact (bold in diagrams); ``more``: the others (regular type)."""


class Line(NamedTuple):
    kind: Kind
    text: str


_KIND_NAMES = {"thesis": "THESIS", "claim": "claim"}


def header_line(node: ViewNode) -> str:
    """Kind and id, e.g. ``claim C1``."""
    return f"{_KIND_NAMES.get(node.kind, node.kind)} {node.id}"


def header_lines(node: ViewNode, width: int = WIDTH) -> list[str]:
    """The header, in small type, wrapped like a source line: an id of sixty characters (a student's
    ``C_0_a_rather_long_identifier...``) is cut rather than widening its box past a slide."""
    return wrap(header_line(node), width + 10)


def text_lines(text: str, width: int = WIDTH) -> list[str]:
    """A node's own text, whole, wrapped (diagrams never cut what the map says)."""
    return wrap_clean(clean(text), width)


def fact_lines(fact: str, width: int = WIDTH) -> list[str]:
    """One key fact of evidence; bold in the diagrams, so a little wider than the text."""
    return wrap(fact, width + 6)


def source_lines(source: str, width: int = WIDTH) -> list[str]:
    """The source line, in small type, hence wider."""
    return wrap("source: " + source, width + 10)


GROUNDING_BADGES = {"evidenced": "evidenced", "partly": "partly evidenced", "asserted": "asserted"}
"""A thesis's or claim's grounding (:mod:`argmap.rules.grounding`) as its badge says it."""


def status_line(status: str, grounding: str | None = None) -> str:
    """The badge for a grounded label, in standing words (STANDS, DEFEATED, UNDECIDED), and for a
    thesis or claim its grounding beside it: ``STANDS · EVIDENCED``, ``DEFEATED · ASSERTED``."""
    from argmap.semantics import standing

    badge = standing(status).upper()
    if grounding:
        badge += " · " + GROUNDING_BADGES.get(grounding, grounding).upper()
    return badge


def note_lines(note: str, width: int = WIDTH) -> list[str]:
    """What the view did to the node (folded evidence, links not shown), in brackets."""
    return wrap(f"({note})", width + 6)


def node_lines(node: ViewNode, width: int = WIDTH) -> list[Line]:
    """Header (id and kind), wrapped text, key facts (the first one stressed), source in small type, status, notes;
    for a reference to a node drawn in full beside it, the header and notes only."""
    lines = [Line("header", t) for t in header_lines(node, width)]
    if node.reference:
        return lines + [Line("note", t) for note in node.notes for t in note_lines(note, width)]
    lines += [Line("text", t) for t in text_lines(node.text, width)]
    for i, fact in enumerate(node.facts):
        lines += [Line("fact" if i == 0 else "more", t) for t in fact_lines(fact, width)]
    if node.source:
        lines += [Line("source", t) for t in source_lines(node.source, width)]
    if node.status:
        lines.append(Line("status", status_line(node.status, node.grounding)))
    for note in node.notes:
        lines += [Line("note", t) for t in note_lines(note, width)]
    return lines


def relation_label(warrant: str | None, qualifier: str | None, width: int = WIDTH) -> list[str]:
    """Lines of the text written on a relation's arrow: qualifier, then warrant."""
    if not warrant and not qualifier:
        return []  # most relations: no text, nothing to build
    text = " — ".join(x for x in (qualifier, clean(warrant) if warrant else None) if x)
    return wrap(text, width) if text else []
