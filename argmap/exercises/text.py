"""Text tools for grading meaning rather than wording.

* :class:`Lexicon` turns a text into stemmed content words (Snowball), with the key's glossary folded
  in (``Pyongyang`` and ``North Korea`` become one term) and numbers written one way (``1,200``);
* :class:`Corpus` weighs words by rarity in the article itself (TF-IDF over its sentences), numbers,
  names and dates weighing most, and compares texts by cosine;
* :class:`Article` finds where a quotation stands in the article, by position (word trigrams vote for
  a place, so a slightly misquoted passage is still found), and which sentence a text is closest to;
* :func:`polarity` and :func:`roles` tell when a text says the opposite of another (a negation) or
  swaps who does what to whom.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from argmap.anchors import normalise

__all__ = ["Article", "Corpus", "Lexicon", "Span", "opposite", "pasted", "polarity", "roles", "sentences", "span_score"]


def _words(text: str) -> list[str]:
    return text.split()


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|\d[\d,]*(?:\.\d+)?")
_STOP = frozenset(
    _words(
        "a an and are as at be been being but by for from had has have he her his how i if in into is it "
        "its itself me more most my of on once or our out over she so some such than that the their them "
        "then there these they this those to too us very was we were what when where which while who whom "
        "why will with would you your also about since after again against all any because before both "
        "during each few further here just nor only other own same should through under until up down s t "
        "can could did do does doing may might must shall has been"
    )
)
_NEGATORS = frozenset(
    {"not", "no", "never", "none", "nothing", "neither", "nor", "cannot", "without", "nobody", "hardly"}
)
_MONTHS = frozenset(_words("january february march april may june july august september october november december"))
_STEMMER = snowballstemmer.stemmer("english")


def _fold(text: str) -> str:
    return normalise(text).replace("’", "'")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def _raw_words(text: str) -> list[str]:
    """Words and numbers of a text, lower case; ``n't`` becomes ``not``; ``1,200`` becomes ``1200``."""
    return [w.lower() for w in _raw_cased(text)]


_UN_WORDS = frozenset({"unable", "unlikely", "unwilling", "unhurt", "unsure", "untrue"})
# Verbs that say 'not': "rejects" is "does not accept", "fails to" is "does not".
_NEGATIVE_VERBS = frozenset({"reject", "deni", "refus", "fail", "lack"})
_NOT_UN = frozenset({"united", "unified", "unnamed"})
# 'disagrees' is 'does not agree': a synonym of a negation, not the opposite of one
_DIS_WORDS = frozenset({"disagre", "dislik", "disapprov", "distrust", "disallow", "disbeliev", "dishonest"})


def _negates(word: str) -> bool:
    """A negator, or a participle negated by its prefix (unchanged, unaffected), or unable, unlikely..."""
    if word in _NEGATORS or word in _UN_WORDS or _stem(word) in _NEGATIVE_VERBS or _stem(word) in _DIS_WORDS:
        return True
    return word.startswith("un") and word.endswith("ed") and not word.startswith("under") and word not in _NOT_UN


def polarity(text: str) -> int:
    """0 for an affirmation, 1 for a negation (an odd number of negations: not, no, never, unchanged).
    'Without' is left out: 'without phones, pupils learn better' affirms that they learn better."""
    return sum(_negates(w) and w != "without" for w in _raw_words(text)) % 2


def negated(lex: Lexicon, text: str, *, scope: bool = False) -> set[str]:
    """The terms a text negates: the first content term after each 'not', 'no', 'never' (what is
    denied: 'does not *stop* pupils learning' denies stopping, not pupils); the word itself for
    'unchanged' or 'rejects'. 'X cannot make up for Y' negates 'make up for Y',
    not X: a text that says only X does not say its opposite.

    With ``scope``, every term a negation reaches (the five words after it, 'without' included):
    what the text does not affirm, rather than what it denies."""
    words = _raw_words(text)
    out: set[str] = set()
    for i, w in enumerate(words):
        if w == "without" and not scope:
            continue
        if w in _NEGATORS:
            reached = lex.terms(" ".join(words[i + 1 : i + 6]))
            out.update(reached if scope else reached[:1])
        elif _negates(w):
            out.update(lex.terms(w[2:] if w.startswith("un") else w[3:] if w.startswith("dis") else w))
    return out


def opposite(lex: Lexicon, a: str, b: str) -> bool:
    """Whether ``b`` says the opposite of ``a``: one denies what the other affirms. A term both
    deny is no such thing, however each words it ('changed nothing in US policy' and 'without
    changing US policy'): only a term the other text says outside any negation's reach counts."""
    if polarity(a) == polarity(b):
        return False
    ta, tb = set(lex.terms(a)), set(lex.terms(b))
    unsaid_a, unsaid_b = negated(lex, a, scope=True), negated(lex, b, scope=True)
    return bool(negated(lex, a) & (tb - unsaid_b)) or bool(negated(lex, b) & (ta - unsaid_a))


@dataclass
class Lexicon:
    """How a map's texts become terms: stems, with the glossary's equivalents made one term."""

    glossary: Mapping[str, Sequence[str]] = field(default_factory=dict)
    _phrases: dict[tuple[str, ...], str] = field(init=False, default_factory=dict)
    _longest: int = field(init=False, default=1)

    def __post_init__(self) -> None:
        for term, equivalents in self.glossary.items():
            canon = "_".join(_stem(w) for w in _raw_words(term))
            for phrase in (term, *equivalents):
                stems = tuple(_stem(w) for w in _raw_words(phrase))
                if stems:
                    self._phrases[stems] = canon
                    self._longest = max(self._longest, len(stems))

    def _merged(self, words: Sequence[str]) -> list[tuple[str, int, int]]:
        """Stems with glossary phrases joined: (term, first word, end word) in order."""
        stems = [_stem(w.lower()) for w in words]
        out: list[tuple[str, int, int]] = []
        i = 0
        while i < len(stems):
            for n in range(min(self._longest, len(stems) - i), 0, -1):
                canon = self._phrases.get(tuple(stems[i : i + n]))
                if canon is not None:
                    out.append((canon, i, i + n))
                    i += n
                    break
            else:
                out.append((stems[i], i, i + 1))
                i += 1
        return out

    def terms(self, text: str) -> list[str]:
        """Stemmed terms in order, glossary phrases joined; function words and negators left out."""
        merged = [t for t, _, _ in self._merged(_raw_words(text)) if t not in _NEGATORS]
        content = [t for t in merged if t not in _STOP]
        return content or merged  # a text of function words only is still itself

    def names(self, text: str, known: frozenset[str] = frozenset()) -> list[tuple[str, int, int]]:
        """The proper names of a text (glossary-folded), in order, with their word positions; a
        capital that starts the text is a name when it is in ``known``."""
        raw = _raw_cased(text)
        out = []
        canon = set(self._phrases.values())
        for term, a, b in self._merged(raw):
            if term in _STOP or term in _NEGATORS or not raw[a][:1].isupper():
                continue
            if a > 0 or term in canon or term in known:  # a capital that only starts the sentence names nothing
                out.append((term, a, b))
        return out


_SYMMETRIC = frozenset({"and", "with", "between", "or", "both", "each", "other", "apart", "relations", "ties"})


def roles(lex: Lexicon, a: str, b: str) -> bool:
    """Whether ``b`` swaps the roles of the first two names of ``a`` (``Russia courts North Korea``
    for ``North Korea courts Russia``). Symmetric wording (``China and Japan``) swaps nothing."""
    na, nb = (frozenset(t for t, _, _ in lex.names(x)) for x in (a, b))
    pa, pb = _first_two(lex, a, nb), _first_two(lex, b, na)
    if pa is None or pb is None or pa[0] != pb[0][::-1]:
        return False
    return bool(pa[1]) and bool(pb[1])


def _first_two(lex: Lexicon, text: str, known: frozenset[str]) -> tuple[tuple[str, str], bool] | None:
    """The first two distinct names and whether the words between them are one-way (not 'and')."""
    names = lex.names(text, known)
    if not names:
        return None
    first = names[0]
    second = next((n for n in names[1:] if n[0] != first[0]), None)
    if second is None:
        return None
    between = [w.lower() for w in _raw_cased(text)[first[2] : second[1]]]
    one_way = bool(between) and not any(w in _SYMMETRIC for w in between)
    return (first[0], second[0]), one_way


_UNITS = {
    w: i
    for i, w in enumerate(
        _words(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
            "sixteen seventeen eighteen nineteen twenty"
        )
    )
}
_UNITS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90})


def _numbers(words: list[str]) -> list[str]:
    """Number words as digits: 'five' -> '5', 'one hundred' and 'a hundred' -> '100'."""
    out: list[str] = []
    for w in words:
        lw = w.lower()
        if lw in _UNITS:
            out.append(str(_UNITS[lw]))
        elif lw == "hundred":
            if out and out[-1].isdigit():
                out[-1] = str(int(out[-1]) * 100)
            elif out and out[-1].lower() in ("a", "one"):
                out[-1] = "100"
            else:
                out.append("100")
        else:
            out.append(w)
    return out


def _raw_cased(text: str) -> list[str]:
    out: list[str] = []
    for w in _WORD.findall(_fold(text)):
        if w[0].isdigit():
            out.append(w.replace(",", "").rstrip("."))
        elif w.lower().endswith("n't"):
            out += [w[:-3], "not"]
        else:
            out += [p for p in w.replace("'s", "").split("-") if p]
    return _numbers(out)


def _is_number(term: str) -> bool:
    return term[:1].isdigit() or term in _MONTHS


@dataclass
class Corpus:
    """TF-IDF over the article's sentences (and the key's texts): rare words weigh most."""

    lex: Lexicon
    documents: Sequence[str]
    names: frozenset[str] = frozenset()
    _idf: dict[str, float] = field(init=False, default_factory=dict)
    _default: float = field(init=False, default=1.0)

    def __post_init__(self) -> None:
        df: Counter[str] = Counter()
        for d in self.documents:
            df.update(set(self.lex.terms(d)))
        n = max(len(self.documents), 1)
        self._idf = {t: math.log((n + 1) / (c + 1)) + 1 for t, c in df.items()}
        self._default = math.log(n + 1) + 1

    def weight(self, term: str) -> float:
        w = self._idf.get(term, self._default)
        if _is_number(term):
            return w * 2.5
        if term in self.names or "_" in term:
            return w * 1.5
        return w

    def vector(self, text: str) -> dict[str, float]:
        counts = Counter(self.lex.terms(text))
        vec = {t: (1 + math.log(c)) * self.weight(t) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    @staticmethod
    def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        return sum(v * b.get(t, 0.0) for t, v in a.items())


def sentences(text: str) -> list[str]:
    """The sentences of a text (a plain split at . ! ? followed by a space and a capital, or a line)."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z‘“\"'])|\n+", text)
    return [p.strip() for p in parts if len(p.split()) >= 3]


PASTED_WORDS = 30


def pasted(text: str) -> bool:
    """Whether an evidence text is a pasted passage (two sentences or more, 30 words or more) rather
    than one fact: it covers several points and pins none."""
    return len(text.split()) >= PASTED_WORDS and len(sentences(text)) >= 2


@dataclass(frozen=True, slots=True)
class Span:
    """Word positions [start, end) in the article."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def overlap(self, other: Span) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


class Article:
    """The source text: word positions for quotations, sentences for claims without one."""

    def __init__(self, text: str, corpus: Corpus) -> None:
        self.words = [w.lower() for w in _raw_words(text)]
        self._trigrams: dict[tuple[str, ...], list[int]] = {}
        for i in range(len(self.words) - 2):
            self._trigrams.setdefault(tuple(self.words[i : i + 3]), []).append(i)
        self.sentences = sentences(text)
        self.sentence_spans = [self.locate(x) for x in self.sentences]
        self.corpus = corpus
        self.vocabulary = frozenset(t for x in self.sentences for t in corpus.lex.terms(x))
        self._vectors = [corpus.vector(s) for s in self.sentences]

    def locate(self, quote: str) -> Span | None:
        """Where a quotation stands: the place most of its word trigrams agree on, or None."""
        words = [w.lower() for w in _raw_words(quote)]
        if len(words) < 3:
            hits = [i for i in range(len(self.words)) if self.words[i : i + len(words)] == words]
            return Span(hits[0], hits[0] + len(words)) if len(hits) == 1 else None
        votes: Counter[int] = Counter()
        for k in range(len(words) - 2):
            for pos in self._trigrams.get(tuple(words[k : k + 3]), ()):
                votes[pos - k] += 1
        if not votes:
            return None
        start, count = max(votes.items(), key=lambda kv: (kv[1], -kv[0]))
        if count < max(1, (len(words) - 2) // 3):
            return None
        return Span(max(0, start), min(len(self.words), start + len(words)))

    def best_sentence(self, vec: Mapping[str, float]) -> tuple[int, float]:
        """The sentence a text is closest to, and how close (cosine); (-1, 0) for an empty text."""
        best, score = -1, 0.0
        for i, sv in enumerate(self._vectors):
            s = Corpus.cosine(vec, sv)
            if s > score:
                best, score = i, s
        return best, score


def span_score(key: Span, student: Span) -> float:
    """How far a student's quotation is the key's passage: the share of the key's words it covers,
    discounted when it is far longer than the passage (a pasted paragraph pins nothing)."""
    if not len(key) or not len(student):
        return 0.0
    cover = key.overlap(student) / len(key)
    room = max(3 * len(key), 25)
    return cover * min(1.0, room / len(student))


def names_in(texts: Iterable[str]) -> frozenset[str]:
    """Words written with a capital inside sentences: the names a text mentions (stemmed)."""
    out: set[str] = set()
    for t in texts:
        words = _WORD.findall(_fold(t))
        for prev, w in itertools.pairwise(words):
            if w[:1].isupper() and prev[-1:] not in ".!?" and w.lower() not in _STOP:
                out.add(_stem(w.lower()))
    return frozenset(out)
