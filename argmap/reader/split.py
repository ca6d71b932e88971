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


PIECE = 4_000
"""The most pysbd is given at once. Its abbreviation pass takes time quadratic in what it reads: a
source text of 267 KB on one line (a paragraph per file, a scraped page) took `check` 35 s, and a
megabyte would take minutes. A longer line is cut after sentence ends (a full stop after a word of
three letters or more, then a capital: not "U.S. President" or "Mr. Kim") and read piece by piece."""

_CUT = re.compile(r"(?<=\w\w\w)[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")


def _pieces(line: str) -> list[tuple[int, str]]:
    """``line`` as (offset, piece), each piece ending at a sentence's end: the last in the second half
    of the next :data:`PIECE` characters, else the first after them. A line with no sentence end is
    one piece (without full stops pysbd reads fast)."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(line) - start > PIECE:
        ends = [m.end() for m in _CUT.finditer(line, start + PIECE // 2, start + PIECE)]
        later = _CUT.search(line, start + PIECE) if not ends else None
        cut = ends[-1] if ends else later.end() if later is not None else len(line)
        out.append((start, line[start:cut]))
        start = cut
    if start < len(line) or not out:
        out.append((start, line[start:]))
    return out


def _split_line(line: str, offset: int) -> list[Sentence]:
    out: list[Sentence] = []
    if not line.strip():
        return out
    for at, piece in _pieces(line):
        for span in _segmenter().segment(piece):
            raw: str = span.sent
            start = offset + at + span.start
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
