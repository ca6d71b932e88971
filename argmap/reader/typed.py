"""The typed fields a proposal's words give, one named step per kind of evidence: a statistic's value,
unit, scale and period; a count's number and what is counted; a statement's speaker, date, quote and
occasion; an absence's expected event; an event's actors, date and status. Nothing is invented: a
field the words do not give is left out (:mod:`argmap.reader.proposals` makes the node around them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from argmap.reader.numbers import Number
from argmap.reader.reading import Reading, clause_around
from argmap.reader.speech import PRONOUNS, subject_of
from argmap.reader.split import Sentence
from argmap.reader.when import When

__all__ = ["FIELD_KINDS", "Place", "typed_fields"]

_PLANNED = re.compile(r"\b(?:is|are) (?:to|due to|set to|scheduled to|expected to)\b|\bwill\b|\bplans? to\b", re.I)


def _figure(n: Number) -> int | float:
    return int(n.value) if n.is_integer else n.value


def _named(words: str) -> bool:
    """A subject that names someone ("North Korea", "the North Korean media"), not "Military tension"."""
    parts = words.split()
    if words.lower() in PRONOUNS:
        return False
    return 0 < len(parts) <= 5 and (all(p[:1].isupper() for p in parts) or any(p[:1].isupper() for p in parts[1:]))


def _occasion(whole: Reading, sentence: Sentence, lo: int, hi: int) -> dict[str, Any] | None:
    c_lo, c_hi = clause_around(sentence, lo, hi)
    found = [o for o in whole.ordinals if o.anniversary and c_lo <= o.start < c_hi]
    return {"anniversary": found[0].value} if found else None


@dataclass(frozen=True, slots=True)
class Place:
    """Where a proposal's words stand: their reading, the sentence's, the span and the date they are about."""

    part: Reading
    whole: Reading
    sentence: Sentence
    span: tuple[int, int]
    previous: str
    """The sentence before, to resolve a pronoun."""
    when: When | None


def _statistic_fields(p: Place) -> dict[str, Any]:
    n = p.part.numbers[0]
    out: dict[str, Any] = {"value": _figure(n)}
    if n.unit or n.per:
        out["unit"] = n.unit or f"{n.what or 'times'} a {n.per}"
    if n.scale:
        out["scale"] = n.scale
    if p.when is not None:
        out["period"] = p.when.date
    if n.approximate:
        out["approximate"] = True
    return out


def _count_fields(p: Place) -> dict[str, Any]:
    n = p.part.numbers[0]
    out: dict[str, Any] = {"what": n.what or "(what is counted)", "number": int(n.value)}
    if p.when is not None:
        out["period"] = p.when.date
    if n.approximate:
        out["approximate"] = True
    return out


def _statement_fields(p: Place) -> dict[str, Any]:
    lo, hi = p.span
    speakers = [a for a in p.whole.attributions if a.start <= hi]
    out: dict[str, Any] = {
        "speaker": speakers[-1].speaker if speakers else subject_of(p.sentence.text) or "(who said it)"
    }
    if p.when is not None:
        out["date"] = p.when.date
    if p.part.quotations:
        out["quote"] = " … ".join(q.text for q in p.part.quotations)
    occasion = _occasion(p.whole, p.sentence, lo, hi)
    if occasion:
        out["occasion"] = occasion
    return out


def _absence_fields(p: Place) -> dict[str, Any]:
    lo, hi = p.span
    out: dict[str, Any] = {"expected": p.part.negations[0].what}
    if p.when is not None:
        out["date"] = p.when.date
    occasion = _occasion(p.whole, p.sentence, lo, hi)
    if occasion:
        out["occasion"] = occasion
    return out


def _event_fields(p: Place) -> dict[str, Any]:
    lo, hi = p.span
    sentence = p.sentence
    actor = subject_of(sentence.text)
    if actor.lower() in PRONOUNS and p.previous:
        actor = subject_of(p.previous)
    out: dict[str, Any] = {}
    if _named(actor):
        out["actors"] = [actor]
    if p.when is not None:
        out["date"] = p.when.date
    if _PLANNED.search(sentence.text[lo - sentence.start : hi - sentence.start + 40]):
        out["status"] = "planned"
    elif p.when is not None and p.when.since:
        out["status"] = "ongoing"
    return out


_MAKERS: dict[str, Callable[[Place], dict[str, Any]]] = {
    "statistic": _statistic_fields,
    "count": _count_fields,
    "statement": _statement_fields,
    "absence": _absence_fields,
    "event": _event_fields,
}
"""The typed fields of each kind of proposal, read from its place in the sentence."""


FIELD_KINDS = frozenset(_MAKERS)


def typed_fields(kind: str, place: Place) -> dict[str, Any]:
    """The fields of a ``kind`` of evidence (one of :data:`FIELD_KINDS`) that the words at ``place`` give."""
    return _MAKERS[kind](place)
