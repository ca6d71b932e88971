"""How each kind of node is presented: one entry per kind (thesis, claim, each evidence type).

An entry says everything a view needs about its kind: the short label (page, worksheets), the legend's
label, the shape in DOT and Mermaid, the fill in each theme, the key facts drawn under evidence (short
lines) and the labelled fields of the page's details panel. The model declares the types
(:data:`argmap.model.EVIDENCE_CLASSES`); this table presents them, and a test checks that every type
has its entry here. Adding an evidence type is its class in the model and its entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from argmap.model import (
    EVIDENCE_CLASSES,
    Absence,
    Count,
    Event,
    Node,
    Occasion,
    RelationKind,
    Statement,
    Statistic,
    own_fields,
)
from argmap.view.text import clean, format_number

__all__ = [
    "KINDS",
    "NODE_KINDS",
    "RELATION_MEANINGS",
    "Field",
    "KindPresentation",
    "NodeShape",
    "evidence_facts",
    "evidence_fields",
    "kind_of",
    "presentation",
]

_UNITS = {"percent": "%", "%": "%"}

Field = dict[str, Any]
"""``{"label": str, "value": str | list[str]}``: one line of a node's evidence fields."""


@dataclass(frozen=True, slots=True)
class NodeShape:
    dot_shape: str
    dot_style: str
    """Comma-separated Graphviz styles besides ``filled``."""
    peripheries: int
    mermaid_open: str
    mermaid_close: str
    mermaid_dashed: bool = False
    dot_margin: str | None = None
    """Room around the label where the shape's decoration (arrow end, 3-D edge) needs more than a box."""


def _no_facts(node: Any) -> list[str]:
    return []


def _no_fields(node: Any) -> list[Field]:
    return []


@dataclass(frozen=True, slots=True)
class KindPresentation:
    """The presentation of one kind of node."""

    name: str
    label: str
    """Short name: ``Statistic``."""
    legend: str
    """What the diagram's legend says: ``Evidence: statistic``."""
    shape: NodeShape
    fills: Mapping[str, str]
    """Fill colour by theme name (``color``, ``print``)."""
    facts: Callable[[Any], list[str]] = _no_facts
    """Key facts drawn under an evidence node, each whole (wrapped by the diagram, never cut: a list of
    five countries shows five)."""
    fields: Callable[[Any], list[Field]] = _no_fields
    """Every typed field, labelled, in reading order (the page's details panel)."""
    shown: frozenset[str] = field(default_factory=frozenset)
    """The model fields that ``facts`` shows: an outline that prints the facts lists the others as losses."""
    meaning: str = ""
    """What the kind is, in a student's words: the printed worksheet's glossary (a test requires it)."""
    gloss: str = ""
    """What makes evidence of this type, in a few words for a grader's remark ("a figure with a
    unit"); empty: the head of ``meaning`` is said."""


def _quantity(value: float | int, unit: str | None, scale: str | None) -> str:
    text = format_number(value)
    if scale and scale != "one":
        text += f" {scale}"
    if unit:
        symbol = _UNITS.get(unit.lower())
        text += symbol if symbol and not scale else f" {clean(unit)}"
    return text


def _signed(value: float | int) -> str:
    return ("+" if value > 0 else "") + format_number(value)


def _statistic_facts(n: Statistic) -> list[str]:
    head = ("about " if n.approximate else "") + _quantity(n.value, n.unit, n.scale)
    if n.period:
        head += f" ({n.period})"
    facts = [head]
    if n.change:
        parts = []
        if n.change.percent is not None:
            parts.append(f"{_signed(n.change.percent)}%")
        if n.change.absolute is not None:
            parts.append(_signed(n.change.absolute) + (f" {clean(n.unit)}" if n.unit else ""))
        if parts:
            facts.append("change " + ", ".join(parts) + (f" since {n.change.since}" if n.change.since else ""))
    if n.baseline:
        b = n.baseline
        text = "vs " + _quantity(b.value, b.unit or n.unit, b.scale or n.scale)
        extra = ", ".join(x for x in (b.period, clean(b.label) if b.label else None) if x)
        facts.append(text + (f" ({extra})" if extra else ""))
    return facts


def _count_facts(n: Count) -> list[str]:
    head = ("about " if n.approximate else "") + f"{format_number(n.number)} {clean(n.what)}"
    if n.period:
        head += f" ({n.period})"
    facts = [head]
    if n.items:
        facts.append(", ".join(clean(x) for x in n.items))
    return facts


def _statement_facts(n: Statement) -> list[str]:
    who = ", ".join(clean(x) for x in (n.speaker, n.medium, n.date) if x)
    facts = [who]
    if n.quote:  # the words themselves first, then what the mapper says they amount to
        facts.append(f"“{clean(n.quote)}”")
    if n.said:
        facts.append(f"said: {clean(n.said)}")
    if n.occasion and n.occasion.anniversary and n.occasion.commemorates:
        facts.append(_occasion_fact(n.occasion.anniversary, n.occasion.commemorates))
    return facts


def _event_facts(n: Event) -> list[str]:
    parts = []
    if n.actors:
        parts.append(", ".join(clean(a) for a in n.actors))
    if n.date:
        parts.append(n.date)
    if n.status != "occurred":
        parts.append(n.status)
    return ["; ".join(parts)] if parts else []


def _absence_facts(n: Absence) -> list[str]:
    text = f"expected: {clean(n.expected)}"
    if n.expected_from:
        text += f" (from {clean(n.expected_from)})"
    facts = [text]
    if n.date:
        facts.append(f"not by {n.date}")
    if n.reason:
        facts.append(f"why expected: {clean(n.reason)}")
    if n.occasion and n.occasion.anniversary and n.occasion.commemorates:
        facts.append(_occasion_fact(n.occasion.anniversary, n.occasion.commemorates))
    return facts


def _occasion_fact(anniversary: int, commemorates: str) -> str:
    return f"occasion: {_ordinal(anniversary)} anniversary of {clean(commemorates)}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _f(label: str, value: str | list[str] | None) -> list[Field]:
    if value is None or value == [] or value == "":
        return []
    return [{"label": label, "value": value}]


def _field_quantity(value: float | int, unit: str | None, scale: str | None) -> str:
    parts = [format_number(value)]
    if scale and scale != "one":
        parts.append(scale)
    if unit:
        parts.append(unit)
    return " ".join(parts)


def _occasion_field(o: Occasion | None) -> list[Field]:
    if o is None:
        return []
    bits = []
    if o.description:
        bits.append(o.description)
    if o.anniversary:
        what = f" of {o.commemorates}" if o.commemorates else ""
        bits.append(f"anniversary no. {o.anniversary}{what}")
    elif o.commemorates:
        bits.append(f"commemorates {o.commemorates}")
    if o.commemorated_date:
        bits.append(f"(held {o.commemorated_date})")
    return _f("Occasion", " ".join(bits) or None)


def _statistic_fields(n: Statistic) -> list[Field]:
    out: list[Field] = []
    figure = ("about " if n.approximate else "") + _field_quantity(n.value, n.unit, n.scale)
    out += _f("Figure", figure) + _f("Unit", n.unit) + _f("Scale", n.scale) + _f("Period", n.period)
    if n.change:
        c = n.change
        bits = []
        if c.percent is not None:
            bits.append(f"{'+' if c.percent > 0 else ''}{format_number(c.percent)}%")
        if c.absolute is not None:
            bits.append(f"{'+' if c.absolute > 0 else ''}{_field_quantity(c.absolute, n.unit, n.scale)}")
        out += _f("Change", ", ".join(bits) + (f" since {c.since}" if c.since else ""))
    if n.baseline:
        b = n.baseline
        text = _field_quantity(b.value, b.unit or n.unit, b.scale or n.scale)
        extra = ", ".join(x for x in (b.label, b.period) if x)
        out += _f("Baseline", text + (f" ({extra})" if extra else ""))
    return out


def _count_fields(n: Count) -> list[Field]:
    out: list[Field] = []
    out += _f("Count", ("about " if n.approximate else "") + format_number(n.number))
    out += _f("Of", n.what) + _f("Period", n.period) + _f("Items", list(n.items))
    return out


def _statement_fields(n: Statement) -> list[Field]:
    out: list[Field] = []
    out += _f("Speaker", n.speaker) + _f("Medium", n.medium) + _f("Date", n.date)
    out += _f("Said", n.said) + _f("Quote", n.quote) + _occasion_field(n.occasion)
    return out


def _event_fields(n: Event) -> list[Field]:
    out: list[Field] = []
    out += _f("Actors", list(n.actors)) + _f("Date", n.date) + _f("Status", n.status)
    return out


def _absence_fields(n: Absence) -> list[Field]:
    out: list[Field] = []
    out += _f("Expected", n.expected) + _f("Expected from", n.expected_from) + _f("By", n.date)
    out += _f("Reason", n.reason) + _occasion_field(n.occasion)
    return out


_EVIDENCE_FILL = {"color": "#FBE6BF", "print": "#F0F0F0"}

KINDS: dict[str, KindPresentation] = {
    k.name: k
    for k in (
        KindPresentation(
            "thesis",
            "Thesis",
            "Thesis",
            NodeShape("box", "bold", 2, "[[", "]]"),
            {"color": "#F9F3B9", "print": "#D9D9D9"},
            meaning="The author's main conclusion: what the whole text argues for.",
        ),
        KindPresentation(
            "claim",
            "Claim",
            "Claim",
            NodeShape("box", "rounded", 1, "(", ")"),
            {"color": "#DDEFFA", "print": "#FFFFFF"},
            meaning="A statement the author argues for, on the way to the thesis (or against it).",
        ),
        KindPresentation(
            "statistic",
            "Statistic",
            "Evidence: statistic",
            NodeShape("note", "", 1, "[(", ")]"),
            _EVIDENCE_FILL,
            _statistic_facts,
            _statistic_fields,
            frozenset({"value", "unit", "scale", "period", "change", "baseline", "approximate"}),
            meaning="A figure: a value with a unit or currency, a period, maybe a change or a comparison.",
            gloss="a figure with a unit or currency",
        ),
        KindPresentation(
            "count",
            "Count",
            "Evidence: count",
            NodeShape("tab", "", 1, "([", "])"),
            _EVIDENCE_FILL,
            _count_facts,
            _count_fields,
            frozenset({"what", "number", "period", "items", "approximate"}),
            meaning="A number of things: how many of what, when (e.g. two summits, no visits).",
            gloss="how many of something",
        ),
        KindPresentation(
            "statement",
            "Statement",
            "Evidence: statement",
            NodeShape("cds", "", 1, "[/", "/]", dot_margin="0.2,0.1"),
            _EVIDENCE_FILL,
            _statement_facts,
            _statement_fields,
            frozenset({"speaker", "medium", "date", "said", "quote", "occasion"}),
            meaning="Something someone said or published: who, where, when, what.",
            gloss="what someone said or published",
        ),
        KindPresentation(
            "event",
            "Event",
            "Evidence: event",
            NodeShape("box3d", "", 1, "{{", "}}", dot_margin="0.15,0.1"),
            _EVIDENCE_FILL,
            _event_facts,
            _event_fields,
            frozenset({"actors", "date", "status"}),
            meaning="Something that happened, or is announced to happen: who, and when.",
            gloss="something that happened or is to happen",
        ),
        KindPresentation(
            "absence",
            "Absence",
            "Evidence: absence (expected, did not happen)",
            NodeShape("folder", "dashed", 1, "[\\", "\\]", mermaid_dashed=True),
            {"color": "#FFFFFF", "print": "#FFFFFF"},
            _absence_facts,
            _absence_fields,
            frozenset({"expected", "expected_from", "date", "reason", "occasion"}),
            meaning="Something expected that did not happen: no statement made, no shop closed.",
            gloss="something expected that did not happen",
        ),
    )
}

NODE_KINDS: tuple[str, ...] = tuple(KINDS)
"""thesis, claim and every evidence type, in the order legends list them."""

RELATION_MEANINGS: dict[RelationKind, str] = {
    "supports": "A reason or evidence for a claim: if it is true, the claim is more likely.",
    "attacks": "A reason against a claim: if it is true, the claim is less likely.",
    "undercuts": "A reason against a step: it questions why a premise would support its claim.",
}
"""What each kind of relation (the model's ``RelationKind``) means, in a student's words: the printed
worksheet's glossary; a test holds its keys to the model."""


def presentation(kind: str) -> KindPresentation:
    """The entry of ``kind``; a type with no entry yet (a test fails for it) is shown plainly, not lost."""
    found = KINDS.get(kind)
    return found if found is not None else _plain(kind)


def _plain(kind: str) -> KindPresentation:
    model = EVIDENCE_CLASSES.get(kind)
    own = own_fields(model) if model is not None else []

    def facts(node: Any) -> list[str]:
        return [f"{name}: {clean(str(getattr(node, name)))}" for name in own if getattr(node, name) not in _EMPTY]

    def fields(node: Any) -> list[Field]:
        return [f for name in own for f in _f(name.replace("_", " ").capitalize(), _plain_value(getattr(node, name)))]

    return KindPresentation(
        kind,
        kind.capitalize(),
        f"Evidence: {kind}",
        NodeShape("box", "", 1, "[", "]"),
        _EVIDENCE_FILL,
        facts,
        fields,
        frozenset(own),
        (model.__doc__ or "").strip() if model is not None else "",
    )


_EMPTY: tuple[Any, ...] = (None, "", [], False)


def _plain_value(value: Any) -> str | list[str] | None:
    if value is None or value is False:
        return None
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value)


def kind_of(n: Node) -> str:
    """thesis, claim or the evidence type: the kind the diagram and the page name."""
    return n.type if n.kind == "evidence" else n.kind


def evidence_facts(node: Node) -> list[str]:
    """The key fields of an evidence node as short lines: figure, speaker and date, count, ..."""
    if node.kind != "evidence":
        return []
    return presentation(node.type).facts(node)


def evidence_fields(node: Node) -> list[Field]:
    """The typed fields of an evidence node, labelled, in reading order."""
    if node.kind != "evidence":
        return []
    return presentation(node.type).fields(node)
