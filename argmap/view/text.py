"""Plain-text pieces of a view: key facts of evidence, source lines, word wrapping.

Everything here returns unescaped text; each serialiser escapes for its own format.
"""

from __future__ import annotations

from collections.abc import Mapping

from argmap.model import Absence, Count, Event, Node, Source, Statement, Statistic

__all__ = [
    "ITEMS_SHOWN",
    "QUOTE_LIMIT",
    "clean",
    "evidence_facts",
    "format_number",
    "shorten",
    "source_line",
    "wrap",
    "wrap_clean",
]

_UNITS = {"percent": "%", "%": "%"}
QUOTE_LIMIT = 120
"""Quotes and paraphrases in the key facts are cut beyond this many characters."""
ITEMS_SHOWN = 3


_CONTROLS = str.maketrans({c: " " for c in [*range(32), 0x7F]})


def clean(text: str) -> str:
    """Collapse whitespace (newlines included) and turn control characters into spaces."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # the common case, checked in C
    return " ".join(text.translate(_CONTROLS).split())


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, marked with an ellipsis."""
    text = clean(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap; words longer than ``width`` are split. Linear in the length of ``text``.

    Words are what ``str.split()`` finds once control characters are spaces; a line holds as many
    whole words, one space apart, as fit in ``width``. A word longer than ``width`` starts a line of
    its own and is cut every ``width`` characters; its last piece may share a line with the words
    after it. Text that is already short and printable comes back unchanged, spaces and all.
    """
    if len(text) <= width and text.isprintable():
        return [text]
    return wrap_clean(clean(text), width)


def wrap_clean(text: str, width: int) -> list[str]:
    """:func:`wrap` for text that is already clean (as :func:`clean` and :func:`shorten` return it).

    Saves cleaning it a second time; for such text the result is the same as ``wrap``'s.
    """
    # The words of clean text are exactly one space apart, so a line is a slice of it and each step
    # finds its end with one C-level search instead of a Python loop over words: diagrams wrap tens
    # of thousands of texts, almost all into one to three lines.
    end = len(text)
    if end <= width:
        return [text]  # also the empty text: one empty line
    lines: list[str] = []
    start = 0  # text[start] begins a word, or the rest of a word cut at the width
    while end - start > width:
        limit = start + width
        space = text.rfind(" ", start, limit + 1)
        if space < 0:  # the word at start is longer than a line: cut it
            lines.append(text[start:limit])
            start = limit
        else:  # whole words up to that space fit
            lines.append(text[start:space])
            start = space + 1
    lines.append(text[start:])
    return lines


def format_number(value: float | int) -> str:
    """``1234567`` -> ``1,234,567``; ``2.50`` -> ``2.5``; integral floats print without ``.0``."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.6g}"


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


def _statistic(n: Statistic) -> list[str]:
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
            facts.append(
                "change " + ", ".join(parts) + (f" since {n.change.since}" if n.change.since else "")
            )
    if n.baseline:
        b = n.baseline
        text = "vs " + _quantity(b.value, b.unit or n.unit, b.scale or n.scale)
        extra = ", ".join(x for x in (b.period, clean(b.label) if b.label else None) if x)
        facts.append(text + (f" ({extra})" if extra else ""))
    return facts


def _count(n: Count) -> list[str]:
    head = ("about " if n.approximate else "") + f"{format_number(n.number)} {clean(n.what)}"
    if n.period:
        head += f" ({n.period})"
    facts = [head]
    if n.items:
        shown = ", ".join(shorten(x, 40) for x in n.items[:ITEMS_SHOWN])
        more = len(n.items) - ITEMS_SHOWN
        facts.append(shown + (f" and {more} more" if more > 0 else ""))
    return facts


def _statement(n: Statement) -> list[str]:
    who = ", ".join(clean(x) for x in (n.speaker, n.medium, n.date) if x)
    facts = [who]
    if n.quote:
        facts.append(f"“{shorten(n.quote, QUOTE_LIMIT)}”")
    elif n.said:
        facts.append(f"said: {shorten(n.said, QUOTE_LIMIT)}")
    if n.occasion and n.occasion.anniversary and n.occasion.commemorates:
        facts.append(_occasion(n.occasion.anniversary, n.occasion.commemorates))
    return facts


def _event(n: Event) -> list[str]:
    parts = []
    if n.actors:
        parts.append(", ".join(shorten(a, 40) for a in n.actors[:4]) + (" …" if len(n.actors) > 4 else ""))
    if n.date:
        parts.append(n.date)
    if n.status != "occurred":
        parts.append(n.status)
    return ["; ".join(parts)] if parts else []


def _absence(n: Absence) -> list[str]:
    text = f"expected: {shorten(n.expected, 80)}"
    if n.expected_from:
        text += f" (from {shorten(n.expected_from, 40)})"
    facts = [text]
    if n.date:
        facts.append(f"not by {n.date}")
    if n.reason:
        facts.append(f"why expected: {shorten(n.reason, QUOTE_LIMIT)}")
    if n.occasion and n.occasion.anniversary and n.occasion.commemorates:
        facts.append(_occasion(n.occasion.anniversary, n.occasion.commemorates))
    return facts


def _occasion(anniversary: int, commemorates: str) -> str:
    return f"occasion: {_ordinal(anniversary)} anniversary of {shorten(commemorates, 60)}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def evidence_facts(node: Node) -> list[str]:
    """The key fields of an evidence node as short lines: figure, speaker and date, count, ..."""
    if isinstance(node, Statistic):
        return _statistic(node)
    if isinstance(node, Count):
        return _count(node)
    if isinstance(node, Statement):
        return _statement(node)
    if isinstance(node, Event):
        return _event(node)
    if isinstance(node, Absence):
        return _absence(node)
    return []


def source_line(node: Node, sources: Mapping[str, Source], *, limit: int = 2) -> str | None:
    """``publisher, date`` (or the title) of the node's first sources, for small type under evidence."""
    ids: list[str] = list(getattr(node, "sources", ()) or ())
    if not ids:
        return None
    names = []
    for sid in ids[:limit]:
        s = sources.get(sid)
        if s is None:
            names.append(sid)
            continue
        who = s.publisher or s.author or shorten(s.title, 50)
        names.append(", ".join(clean(x) for x in (who, s.date) if x))
    more = f" +{len(ids) - limit} more" if len(ids) > limit else ""
    return "; ".join(names) + more
