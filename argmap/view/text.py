"""Plain-text pieces of a view: key facts of evidence, source lines, word wrapping.

Everything here returns unescaped text; each serialiser escapes for its own format.
"""

from __future__ import annotations

from collections.abc import Mapping

from argmap.model import Contradiction, Node, Source

__all__ = [
    "clean",
    "contradiction_line",
    "format_number",
    "shorten",
    "source_line",
    "wrap",
    "wrap_clean",
]


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


def contradiction_line(c: Contradiction, sources: Mapping[str, Source]) -> str:
    """``contradicted by Wikipedia (record_x): what it says`` for a record that says otherwise."""
    s = sources.get(c.source)
    who = (s.publisher or s.author or shorten(s.title, 50)) if s is not None else None
    name = f"{clean(who)} ({c.source})" if who else c.source
    return f"contradicted by {name}: {clean(c.says)}"


def source_line(node: Node, sources: Mapping[str, Source], *, limit: int = 2) -> str | None:
    """``publisher, date`` (or the title) of the node's first sources, for small type under evidence."""
    ids: list[str] = list(node.backing()) if node.kind == "evidence" else []
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
