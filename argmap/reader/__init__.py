"""The reader of sentences: one place that reads what a source's words say, for every command.

``check`` reads each anchor's sentence to hold the evidence's typed fields to it (:mod:`argmap.rules.reading`),
``argmap suggest`` proposes typed evidence and claims from a text, and the editor prefills the node a
selection would make. All of them read through this API::

    from argmap.reader import sentences, sentence_around, read, propose
    s = sentence_around(text, start, end)        # the sentence holding a selection, with offsets
    r = read(s.text)                             # its numbers, dates, ordinals, speakers, quotations
    node = propose(text, start, end)             # the evidence or claim node, as written in a map

Offsets index the text given. Reading is plain English prose; nothing here guesses beyond the words:
a field the sentence does not give is left out of a proposal, never invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from argmap.reader.numbers import Number, read_numbers, read_ordinals
from argmap.reader.speech import Attribution, Quotation, read_attributions, read_quotations, subject_of
from argmap.reader.split import Sentence, sentence_around, sentences
from argmap.reader.when import When, read_dates

__all__ = [
    "Attribution",
    "Cue",
    "Negation",
    "Number",
    "Ordinal",
    "Quotation",
    "Reading",
    "Sentence",
    "When",
    "anchor_for",
    "clause_around",
    "propose",
    "read",
    "sentence_around",
    "sentences",
    "subject_of",
    "suggest",
]


@dataclass(frozen=True, slots=True)
class Ordinal:
    """An ordinal ("11th", "sixtieth"); ``anniversary`` when it counts one."""

    value: int
    start: int
    end: int
    text: str
    anniversary: bool = False


@dataclass(frozen=True, slots=True)
class Negation:
    """Something said not to exist or happen: "no official statement", "there has been no visit"."""

    start: int
    end: int
    text: str
    what: str
    """What is missing ("official statement on China-North Korea relations")."""


@dataclass(frozen=True, slots=True)
class Cue:
    """A discourse cue ("However", "because", "therefore") and the role it gives its clause."""

    word: str
    start: int
    end: int
    role: str
    """``contrast``, ``reason`` or ``conclusion``."""


_T = TypeVar("_T", Number, When, Ordinal, Attribution, Quotation, Negation, Cue)


@dataclass(frozen=True, slots=True)
class Reading:
    """What one sentence says, item by item; offsets are ``base`` + index into the sentence."""

    text: str
    base: int
    numbers: tuple[Number, ...]
    dates: tuple[When, ...]
    ordinals: tuple[Ordinal, ...]
    attributions: tuple[Attribution, ...]
    quotations: tuple[Quotation, ...]
    negations: tuple[Negation, ...]
    cues: tuple[Cue, ...]

    def within(self, start: int, end: int) -> Reading:
        """The items of this reading that begin inside ``[start, end)`` (offsets as the reading's)."""

        def inside(items: tuple[_T, ...]) -> tuple[_T, ...]:
            return tuple(x for x in items if start <= x.start < end)

        return Reading(
            self.text,
            self.base,
            inside(self.numbers),
            inside(self.dates),
            inside(self.ordinals),
            inside(self.attributions),
            inside(self.quotations),
            inside(self.negations),
            inside(self.cues),
        )


_NEGATION = re.compile(
    r"\b(?P<neg>no|never|without|nor|not (?:a|any|one))\s"
    r"(?P<what>[^,.;:]{3,120})",
    re.IGNORECASE,
)
_NEG_CUT = re.compile(
    r"\s(?:in on|but|and there|which|who|although|though|while|because|since)\s|"
    r"\s(?:in|on|during|by|until)\s(?:the\s)?(?:early\s|mid-?|late\s)?(?:\d{4}|\d{1,2}\s)?(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s\d{4}|\d{4})\b"
)
_CUES = {
    "however": "contrast",
    "but": "contrast",
    "yet": "contrast",
    "although": "contrast",
    "though": "contrast",
    "nevertheless": "contrast",
    "still": "contrast",
    "because": "reason",
    "since": "reason",
    "as": "reason",
    "for": "reason",
    "therefore": "conclusion",
    "thus": "conclusion",
    "hence": "conclusion",
    "so": "conclusion",
    "consequently": "conclusion",
    "accordingly": "conclusion",
}
_CUE = re.compile(
    r"(?:^|(?<=[,;]\s))(?P<word>however|but|yet|although|though|nevertheless|still|because|since|as|for|therefore|"
    r"thus|hence|so|consequently|accordingly)\b(?!\s(?:well|long|much|many|far|to|if|of|a result|the same))"
    r"|\b(?P<inner>because|therefore|thus|hence|consequently)\b",
    re.IGNORECASE,
)


def _cues(text: str, dates: tuple[When, ...], base: int) -> tuple[Cue, ...]:
    out: list[Cue] = []
    for m in _CUE.finditer(text):
        word = (m.group("word") or m.group("inner")).lower()
        if word == "since" and any(
            d.since and d.start - base - m.end() < 8 for d in dates if d.start >= base + m.end()
        ):
            continue  # "Since 2013": a date, not a reason
        out.append(Cue(word, base + m.start(), base + m.end(), _CUES[word]))
    return tuple(out)


def _negations(text: str, base: int) -> tuple[Negation, ...]:
    out: list[Negation] = []
    for m in _NEGATION.finditer(text):
        what = m.group("what").strip()
        cut = _NEG_CUT.search(" " + what + " ")
        if cut is not None:
            what = what[: max(0, cut.start() - 1)].strip()
        out.append(
            Negation(
                base + m.start("neg"),
                base + m.start("what") + len(what),
                m.group()[: m.start("what") - m.start()] + what,
                what,
            )
        )
    return tuple(out)


def read(text: str, *, previous: str = "", base: int = 0) -> Reading:
    """Read one sentence (or any stretch of text): numbers, dates, ordinals, attributions, quotations,
    negations and discourse cues. ``previous``: the sentence before, to resolve a pronoun speaker;
    ``base``: added to every offset (the sentence's place in its text)."""
    dates = tuple(read_dates(text, base))
    ords = tuple(
        Ordinal(v, s, e, t, bool(re.match(r"\s+anniversary", text[e - base : e - base + 14], re.I)))
        for v, s, e, t in read_ordinals(text, base)
    )
    blocked = [(d.start, d.end) for d in dates] + [(o.start, o.end) for o in ords]
    numbers = tuple(n for n in read_numbers(text, base) if not any(n.start < e and n.end > s for s, e in blocked))
    return Reading(
        text,
        base,
        numbers,
        dates,
        ords,
        tuple(read_attributions(text, base, previous)),
        tuple(read_quotations(text, base)),
        _negations(text, base),
        _cues(text, dates, base),
    )


_CLAUSE_CUT = re.compile(r",\s|;\s|\s[–—-]\s|\sbut\s")


def clause_around(sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    """The clause of ``sentence`` (split at commas, semicolons, dashes and "but") holding ``[start, end)``,
    as offsets in the sentence's text; a selection across clauses gets them all."""
    text = sentence.text
    cuts = list(_CLAUSE_CUT.finditer(text))
    clauses = list(zip([0] + [m.end() for m in cuts], [m.start() for m in cuts] + [len(text)], strict=True))
    lo, hi = start - sentence.start, end - sentence.start
    hit = [(s, e) for s, e in clauses if s < max(hi, lo + 1) and e > lo]
    if not hit:
        return sentence.start, sentence.end
    return sentence.start + hit[0][0], sentence.start + hit[-1][1]


from argmap.reader.propose import anchor_for, propose, suggest  # noqa: E402 - it reads with the types above
