"""Sentences of a text, with their offsets: paragraphs (line breaks) first, then pysbd within each.

pysbd (Python Sentence Boundary Disambiguation, rule-based, no model to load) knows abbreviations,
initials, decimals and quotations that a split on ". " gets wrong ("Prof. Mishra", "U.S. policy",
"US$10.5 billion"); it is imported on first use, so commands that read no sentence do not pay for it.
A line break always ends a sentence: a heading or a byline has no full stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

__all__ = ["Sentence", "sentence_around", "sentences"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``text[start:end]`` of the text it was read from, without surrounding spaces."""

    start: int
    end: int
    text: str


_LINE = re.compile(r"[^\n]+")


@cache
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _split_line(line: str, offset: int) -> list[Sentence]:
    out: list[Sentence] = []
    if not line.strip():
        return out
    for span in _segmenter().segment(line):
        raw: str = span.sent
        start = offset + span.start
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if body:
            out.append(Sentence(start + lead, start + lead + len(body), body))
    return out


@cache
def _cached(text: str) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    for m in _LINE.finditer(text):
        out.extend(_split_line(m.group(), m.start()))
    return tuple(out)


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order; offsets index ``text``. Read once per text and kept."""
    if len(text) > 2_000_000:  # beyond any article: read without the cache
        return [s for m in _LINE.finditer(text) for s in _split_line(m.group(), m.start())]
    return list(_cached(text))


def sentence_around(text: str, start: int, end: int | None = None) -> Sentence | None:
    """The sentence holding ``text[start:end]``; a selection across sentences gets them all as one.

    None when the offsets lie outside the text or on nothing but spaces.
    """
    end = start if end is None else end
    if start < 0 or end > len(text) or start > end:
        return None
    found = [s for s in sentences(text) if s.start < max(end, start + 1) and s.end > start]
    if not found:
        return None
    first, last = found[0], found[-1]
    return Sentence(first.start, last.end, text[first.start : last.end])
