"""Words compared as a reader compares them: a map's glossary applied, possessives and demonyms folded,
stems for content words (Snowball, as the exercises' grader stems).

Used by the rules that read anchors (speakers, the anchor's topic) and open to the editor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

from argmap.anchors import normalise

__all__ = ["fold", "speakers_agree", "stem_of", "stems", "tokens"]


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_NAME_STOP = _wordset("the a an of and s its their his her to in on for with by from at as or")
_FUNCTION = _wordset(
    "about above after again against also although among and any are because been before being between both "
    "but can could did does doing down during each few for from further had has have having here how into its "
    "itself more most much must not now off once only other our out over own same should since some such than "
    "that the their them then there these they this those through too under until upon very was were what when "
    "where which while who whom why will with would"
)


@cache
def _glossary_pattern(pairs: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[re.Pattern[str], dict[str, str]] | None:
    table = {v.lower(): term.lower() for term, variants in pairs for v in variants}
    if not table:
        return None
    alternatives = "|".join(re.escape(v) for v in sorted(table, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE), table


def fold(text: str, glossary: Mapping[str, list[str]] | None = None) -> str:
    """Lower case, typography folded, possessive 's dropped, and each of the glossary's words replaced by
    its term ("Pyongyang's" -> "north korea" with ``North Korea: [Pyongyang]``)."""
    text = re.sub(r"(?<=\w)'s\b", "", normalise(text))
    found = _glossary_pattern(tuple((t, tuple(v)) for t, v in (glossary or {}).items()))
    if found is not None:
        pattern, table = found
        text = pattern.sub(lambda m: table[m.group().lower()], text)
    return text.lower()


def tokens(text: str, glossary: Mapping[str, list[str]] | None = None) -> list[str]:
    """The words of a name, folded, without articles and prepositions; "-ese" demonyms cut to their
    stem ("Japanese" -> "japan", "Chinese" -> "chin", which :func:`speakers_agree` likens to "china")."""
    out = []
    for t in re.findall(r"[a-z][a-z-]*", fold(text, glossary)):
        if t not in _NAME_STOP:
            out.append(t[:-3] if t.endswith("ese") and len(t) > 6 else t)
    return out


def _alike(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def speakers_agree(mine: str, read: str, glossary: Mapping[str, list[str]] | None = None) -> bool:
    """Whether two names of a speaker can be one: every word of the shorter has its like in the longer
    ("North Korea" and "the North Korean media"; "Pyongyang" and "North Korea" through the glossary)."""
    a, b = tokens(mine, glossary), tokens(read, glossary)
    if not a or not b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(_alike(x, y) for y in long_) for x in short)


@cache
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """One word's stem (Snowball is pure Python: a text's words mostly repeat, so each is stemmed once)."""
    return str(_stemmer().stemWord(word))


def stem_of(word: str) -> str:
    """The stem of one folded word, or "" for a function word or one under three letters."""
    if len(word) < 3 or word in _FUNCTION or not word.isalpha():
        return ""
    return _stem(word)


def stems(text: str, glossary: Mapping[str, list[str]] | None = None) -> set[str]:
    """The stems of the content words of ``text`` (three letters or more, function words left out)."""
    words = [w for w in re.findall(r"[a-z]{3,}", fold(text, glossary)) if w not in _FUNCTION]
    return {_stem(w) for w in words}
