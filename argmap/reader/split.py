"""Sentences of a text, with their offsets: paragraphs (line breaks) first, then pysbd within each.

pysbd (Python Sentence Boundary Disambiguation, rule-based, no model to load) knows abbreviations,
initials, decimals and quotations that a split on ". " gets wrong ("Prof. Mishra", "U.S. policy",
"US$10.5 billion"); it is imported on first use, so commands that read no sentence do not pay for it.
A line break always ends a sentence: a heading or a byline has no full stop.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

__all__ = ["Sentence", "sentence_around", "sentence_index", "sentences"]


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


@lru_cache(maxsize=16)  # a map's few source texts, each read once however many anchors and rules ask
def _cached(text: str) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    for m in _LINE.finditer(text):
        out.extend(_split_line(m.group(), m.start()))
    return tuple(out)


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order; offsets index ``text``. Read once per text and kept (a text of
    megabytes too: pysbd reads about a megabyte a second, and every anchor and rule asks again)."""
    return list(_cached(text))


@lru_cache(maxsize=16)
def _ends(text: str) -> list[int]:
    return [s.end for s in _cached(text)]


def sentence_index(text: str, at: int) -> int:
    """The place in :func:`sentences` of the first sentence that ends after offset ``at``."""
    return bisect_right(_ends(text), at)


def sentence_around(text: str, start: int, end: int | None = None) -> Sentence | None:
    """The sentence holding ``text[start:end]``; a selection across sentences gets them all as one.

    None when the offsets lie outside the text or on nothing but spaces.
    """
    end = start if end is None else end
    if start < 0 or end > len(text) or start > end:
        return None
    every = sentences(text)
    found = []
    for s in every[sentence_index(text, start) :]:
        if s.start >= max(end, start + 1):
            break
        if s.end > start:
            found.append(s)
    if not found:
        return None
    first, last = found[0], found[-1]
    return _clipped(text, first.start, last.end, start, end)


LONGEST = 1_500
"""A 'sentence' longer than this (a text without full stops, a table flattened to one line) is read only
around the selection: no sentence of prose is that long, and reading megabytes per anchor is not."""


def _clipped(text: str, first: int, last: int, start: int, end: int) -> Sentence:
    if last - first <= max(LONGEST, end - start + 2 * 200):
        return Sentence(first, last, text[first:last])
    lo = max(first, start - LONGEST // 2)
    hi = min(last, max(end, lo + LONGEST))
    while lo > first and not text[lo - 1].isspace() and lo > start - LONGEST:  # whole words at both ends
        lo -= 1
    while hi < last and not text[hi].isspace() and hi < end + LONGEST:
        hi += 1
    body = text[lo:hi]
    lead = len(body) - len(body.lstrip())
    return Sentence(lo + lead, lo + lead + len(body.strip()), body.strip())
