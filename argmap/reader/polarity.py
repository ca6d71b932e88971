"""What a text says is not so: the words a negation governs ("did not meet", "no official statement",
"never visited", "denied sending", "failed to hold talks", "refused to cooperate"), and the words it
affirms, so that two texts about one thing can be caught saying opposite things.

A negation governs its first content word and the one right after it, if any ("no official statement":
*official*, *statement*; "did not execute Jang": *execute*, *Jang*), skipping auxiliaries, articles,
pronouns and adverbs ("has not yet been meeting": *meeting*). Words are compared as stems, with the
map's glossary (:mod:`argmap.reader.words`). Phrases that do not negate ("not only", "no doubt",
"no more than", "nothing but") are left alone, and so are "neither ... nor" (a negation that lists),
which would otherwise deny each name it lists, and "without" ("pupils learn better without phones"
states a condition, not a denial).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

from argmap.anchors import normalise
from argmap.reader.words import fold, stem_of

__all__ = ["Negated", "Polarity", "contradiction", "polarity"]


@dataclass(frozen=True, slots=True)
class Negated:
    """One negation: its marker as written and the stems of the words it governs."""

    marker: str
    heads: frozenset[str]
    words: str
    """The marker and the words it governs, as folded text ("not been meeting")."""


@dataclass(frozen=True, slots=True)
class Polarity:
    """A text's negations, and the stems it uses outside them (what it affirms)."""

    negated: tuple[Negated, ...]
    affirmed: frozenset[str]


_MARKER = re.compile(
    r"\b(?:never|no longer|no|none|nothing|nobody|cannot|not|\w+n't|"
    r"den(?:y|ies|ied|ying)(?:\s+that)?|(?:fail|refus|declin)(?:e|es|ed|s|ing)?\s+to|"
    r"lack(?:s|ed|ing)?(?:\s+of)?|absence\s+of)\b"
)
_NOT_NEGATING = re.compile(
    r"\b(?:not (?:only|just|least|merely|to mention)|no (?:doubt|less|more than|fewer than|sooner|matter)|"
    r"nothing (?:but|less|short of)|if not|or not|none the less)\b"
)


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SKIP = _set(
    "a an the any be been being is are was were am has have had having do does did doing to yet ever even "
    "so very much more most quite really also just still all it its he him his she her they them their we "
    "us our you your i me my one single that this those these there"
)
_IRREGULAR = {
    past: verb
    for past, _, verb in (
        pair.partition(":")
        for pair in _set(
            "wrote:write written:write held:hold met:meet took:take taken:take gave:give given:give made:make "
            "sent:send went:go gone:go came:come saw:see seen:see told:tell said:say spoke:speak spoken:speak "
            "sought:seek brought:bring bought:buy sold:sell won:win lost:lose left:leave led:lead fought:fight "
            "thought:think began:begin begun:begin knew:know known:know threw:throw thrown:throw broke:break "
            "broken:break chose:choose chosen:choose drew:draw drawn:draw grew:grow grown:grow rose:rise "
            "risen:rise fell:fall fallen:fall paid:pay kept:keep struck:strike stood:stand spent:spend built:build"
        )
    )
}
"""Irregular past forms, so that "wrote off" and "did not write off" are one verb (Snowball stems
only endings)."""
_WORD = re.compile(r"[a-z][a-z'-]*|[,;:.!?()\"]")


def _tokens(text: str, glossary: Mapping[str, list[str]] | None) -> list[str]:
    return _WORD.findall(fold(text, glossary))


_CLAUSE_END = frozenset(',;:.!?()"') | _set("but while whereas although though however")


def polarity(text: str, glossary: Mapping[str, list[str]] | None = None) -> Polarity:
    """The negations of ``text`` and the stems it affirms: the content words of its clauses that hold no
    negation ("No top leader has visited Pyongyang" affirms nothing: its negation reaches the whole
    clause, whichever word it stands before). A negation's ``words`` are the text's own, not the
    glossary's ("not cooled", though the glossary makes *cooled* *estranged*)."""
    negated, affirmed = _scan(_tokens(text, glossary))
    own = _scan(_tokens(text, None))[0] if glossary else negated
    if len(own) == len(negated):
        negated = [Negated(n.marker, n.heads, _as_written(text, o.words)) for n, o in zip(negated, own, strict=True)]
    return Polarity(tuple(negated), affirmed)


def _as_written(text: str, words: str) -> str:
    """``words`` (folded) as ``text`` writes them, capitals and all, when they can be found there."""
    pattern = r"\W+".join(re.escape(w) for w in words.split())
    found = re.search(rf"(?<!\w){pattern}(?!\w)", normalise(text), re.IGNORECASE)
    return found.group() if found else words


def _scan(words: list[str]) -> tuple[list[Negated], frozenset[str]]:
    cleared = _NOT_NEGATING.sub(lambda m: "_" * len(m.group()), " ".join(words))
    starts, clause, clauses = [], [], 0
    at = 0
    for w in words:
        starts.append(at)
        at += len(w) + 1
        clauses += w in _CLAUSE_END
        clause.append(clauses)
    negative: set[int] = set()
    negated: list[Negated] = []
    for m in _MARKER.finditer(cleared):
        negative.add(clause[bisect_right(starts, m.start()) - 1])
        after = bisect_left(starts, m.end())
        heads = _heads(words, after)
        if heads:
            said = " ".join([m.group(), *words[after : heads[-1] + 1]])
            negated.append(Negated(m.group(), frozenset(_stem(words[i]) for i in heads), said))
    affirmed = {_stem(w) for i, w in enumerate(words) if clause[i] not in negative and _content(w)}
    return negated, frozenset(affirmed)


def _stem(word: str) -> str:
    return stem_of(_IRREGULAR.get(word, word))


def _content(word: str) -> bool:
    return len(word) >= 3 and word.isalpha() and word not in _SKIP and _stem(word) != ""


def _heads(words: list[str], at: int) -> list[int]:
    """The indexes of the words a negation governs from ``at``: its first content word (past skipped
    words and adverbs) and the next word if it is one too; none past a clause's end."""
    i = at
    while i < len(words) and (words[i] in _SKIP or (words[i].endswith("ly") and len(words[i]) > 4)):
        i += 1
    if i >= len(words) or not _content(words[i]):
        return []
    heads = [i]
    if i + 1 < len(words) and _content(words[i + 1]):
        heads.append(i + 1)
    return heads


def contradiction(a: str, b: str, glossary: Mapping[str, list[str]] | None = None) -> tuple[str, str] | None:
    """A negation of one text whose words the other affirms, and does not negate: ``(negation, "a" or
    "b")``, naming the text that negates; None when the two agree so far as negations go."""
    if not (_MARKER.search(a.lower()) or _MARKER.search(b.lower())):
        return None  # neither negates anything: the common case, found without reading either
    pa, pb = polarity(a, glossary), polarity(b, glossary)
    for mine, theirs, which in ((pa, pb, "a"), (pb, pa, "b")):
        denied_there = {h for n in theirs.negated for h in n.heads}
        for n in mine.negated:
            if n.heads <= theirs.affirmed and not n.heads & denied_there:
                return n.words, which
    return None
