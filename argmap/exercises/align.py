"""Align a student's map to the key by meaning: which student node stands for which key node.

Ids are never looked at. Every key node is compared with every student node on evidence that does
not depend on wording (see :mod:`argmap.exercises.text`):

* **where in the article**: two quotations that cover the same words of the source are the same
  passage (by word position, not by string containment); a node without a quotation is placed at the
  sentence its text is closest to, a weaker sign;
* **what it says**: cosine of stemmed TF-IDF vectors, words weighted by rarity in the article, numbers,
  dates and names most, the key's glossary and aliases folded in;
* **where in the argument**: a pair whose neighbours (premises and conclusions) are matched gains
  (one round of similarity flooding), so a claim in other words is found through its evidence.

A pair that says the opposite (a negation, or roles swapped) scores 0 and is remembered for feedback.
The pairs are chosen together (an optimal assignment, in :mod:`argmap.exercises.pairing`);
a student node left over that is close to an already matched key node is a *split* of it, a key node
left over close to a matched student node is *merged* into it. Pairs chosen on weak grounds are
listed for the teacher's review; a teacher's overrides decide pairs outright.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np

from argmap.exercises.alignment import Alignment, Match, Opposite, Thresholds
from argmap.exercises.pairing import Scores, Side
from argmap.exercises.text import (
    Article,
    Corpus,
    Lexicon,
    Span,
    names_in,
    opposite,
    pasted,
    polarity,
    roles,
    sentences,
    span_score,
)
from argmap.model import ArgMap, Node

__all__ = ["Alignment", "Match", "Matcher", "Opposite", "Thresholds"]


def _unique(nodes: list[Node]) -> list[Node]:
    seen: set[str] = set()
    out: list[Node] = []
    for n in nodes:
        if n.id not in seen:
            seen.add(n.id)
            out.append(n)
    return out


def _anchor(node: Node) -> str | None:
    anchor = getattr(node, "anchor", None)
    return anchor.exact if anchor is not None else None


def _facts(node: Node) -> str:
    if node.kind != "evidence":
        return ""
    from argmap.view.kinds import evidence_facts

    return " ".join(evidence_facts(node))


def _own_facts(node: Node) -> str:
    """The facts a student wrote on an evidence node; none for a worksheet's blank, which is built
    from its answer's words, type and quotation alone (no figure fields to read)."""
    try:
        return _facts(node)
    except AttributeError:
        return ""


def _shapes(m: ArgMap) -> dict[str, tuple[tuple[str, bool], ...]]:
    """Each node's place in the relations: how it is linked (in- or out-, the kind) and whether
    with other premises, as a sorted tuple (a claim linked alone and again with another is not
    that other)."""
    out: dict[str, list[tuple[str, bool]]] = {n.id: [] for n in m.nodes}
    for r in m.relations:
        linked = len(r.premises) > 1
        if r.target in out:
            out[r.target].append((f"in-{r.kind}", linked))
        for p in r.premises:
            if p in out:
                out[p].append((f"out-{r.kind}", linked))
    return {nid: tuple(sorted(places)) for nid, places in out.items()}


def _words_of(text: str) -> str:
    return " ".join(text.lower().split())


def _twins(k: Side, i: int, s: Side, j: int) -> float:
    """How alike two nodes are beyond their words (0 to 1): the same facts, the very same text, the
    same place in the relations. Weighted 1e-6 in a pair's score, it only tells twins apart."""
    facts = Corpus.cosine(k.facts[i], s.facts[j]) if k.facts[i] and s.facts[j] else 0.0
    text = float(_words_of(k.nodes[i].text) == _words_of(s.nodes[j].text))
    return (facts + text + float(k.shape[i] == s.shape[j])) / 3


_QUANTITY = frozenset(
    Lexicon().terms(
        "number amount share less fewer nearly almost roughly twice doubled tripled quadrupled halved "
        "increased decreased rose risen fell fallen dropped grew"
    )
)
"""Words that restate a figure of the text ('has nearly tripled'), not a new subject: not counted
when asking whether a claim says something the text does not."""


class Matcher:
    """Everything about the key that grading a class needs once: vectors, places, neighbours."""

    def __init__(self, key: ArgMap, article: str | None = None, thresholds: Thresholds | None = None) -> None:
        self.key = key
        self.t = thresholds or Thresholds()
        self.lex = Lexicon(dict(key.glossary))
        docs = [n.text for n in key.nodes]
        sents = sentences(article) if article else []
        self.corpus = Corpus(self.lex, sents + docs, names_in(sents + docs))
        self.article = Article(article, self.corpus) if article else None
        self.known = (self.article.vocabulary if self.article else frozenset()) | {
            t for n in key.nodes for x in (n.text, *n.aliases) for t in self.lex.terms(x)
        }
        """Every term the article or the key says: a claim saying little of it is not in the text."""
        self.key_side = self._side(key, key_side=True)

    # ------------------------------------------------------------------ preparation

    def _side(self, m: ArgMap, *, key_side: bool) -> Side:
        nodes = _unique(m.nodes)
        shape = _shapes(m)
        if not key_side:  # the order a student wrote nodes in must not change the result
            nodes.sort(
                key=lambda n: (
                    n.kind,
                    getattr(n, "type", None) or "",
                    n.text,
                    _anchor(n) or "",
                    _own_facts(n),
                    shape[n.id],
                )
            )
        index = {n.id: i for i, n in enumerate(nodes)}
        vectors: list[list[dict[str, float]]] = []
        sizes: list[int] = []
        spans: list[Span | None] = []
        sentence: list[int] = []
        facts: list[dict[str, float]] = []
        for n in nodes:
            quote = _anchor(n)
            texts = [n.text, *n.aliases] if key_side else [n.text]
            if quote:
                texts.append(quote)
            if key_side and n.kind == "evidence":
                texts.append(f"{n.text} {_facts(n)}")
            vectors.append([self.corpus.vector(t) for t in texts])
            facts.append(self.corpus.vector(_own_facts(n)) if n.kind == "evidence" else {})
            sizes.append(len(self.lex.terms(n.text)))
            span = self.article.locate(quote) if self.article and quote else None
            spans.append(span)
            if self.article is not None and span is None:
                best, score = self.article.best_sentence(vectors[-1][0])
                sentence.append(best if score >= 0.3 else -1)
            else:
                sentence.append(-1)
        neighbours: list[list[tuple[int, str]]] = [[] for _ in nodes]
        for r in m.relations:
            t = index.get(r.target)
            for p in r.premises:
                pi = index.get(p)
                if pi is None or t is None:
                    continue
                # linked twice the same way (alone and with another premise) is one neighbour
                for a, b, how in ((t, pi, f"in-{r.kind}"), (pi, t, f"out-{r.kind}")):
                    if (b, how) not in neighbours[a]:
                        neighbours[a].append((b, how))
        usable = [key_side or not (self.pasted(n) or self.invented(n)) for n in nodes]
        return Side(nodes, vectors, sizes, spans, sentence, neighbours, usable, facts, [shape[n.id] for n in nodes])

    def pasted(self, node: Node) -> bool:
        """Evidence of two sentences or more copied from the article (or, with no article to
        compare, of 30 words or more), or any node whose quotation is a passage of two sentences
        or more: it covers several points and pins none."""
        quote = _anchor(node)
        if quote and len(sentences(quote)) >= 2 and len(quote.split()) >= 25:
            return self.article is None or self.article.locate(quote) is not None
        if node.kind != "evidence" or len(sentences(node.text)) < 2:
            return False
        if self.article is not None and self.article.locate(node.text) is not None:
            return True
        return pasted(node.text)

    def invented(self, node: Node) -> bool:
        """A claim that says something the text never does: most of what it says beyond the names
        (who) appears in neither the article nor the key, and no sentence of the article comes close
        (cosine under 0.25). A paraphrase shares the subject; 'Russia as protector' shares a name."""
        if node.kind != "claim" or self.article is None:
            return False
        terms = set(self.lex.terms(node.text))
        said = terms - {t for t, _, _ in self.lex.names(node.text)} - _QUANTITY
        if not said or len(said - self.known) / len(said) <= 0.5:
            return False
        return self.closest_sentence(node.text)[1] < 0.25

    def topic(self, text: str) -> bool:
        """Whether a thesis is the text's topic (its headline or opening sentence) rather than the
        author's conclusion: closer to the headline than to the key's thesis."""
        thesis = next((n for n in self.key.nodes if n.kind == "thesis"), None)
        heads = [s.title for s in self.key.sources if s.title]
        if self.article is not None and self.article.sentences:
            heads.append(self.article.sentences[0])
        if thesis is None or not heads:
            return False
        head = max(self.similarity(text, h) for h in heads)
        return head >= 0.5 and head > self.similarity(text, thesis.text)

    def similarity(self, a: str, b: str) -> float:
        """Cosine of two texts as the grader sees them (for messages and tests)."""
        return Corpus.cosine(self.corpus.vector(a), self.corpus.vector(b))

    # ------------------------------------------------------------------ scoring

    def _text(self, k: Side, i: int, s: Side, j: int) -> float:
        best = max((Corpus.cosine(a, b) for a in k.vectors[i] for b in s.vectors[j]), default=0.0)
        if not best and _words_of(k.nodes[i].text) and _words_of(k.nodes[i].text) == _words_of(s.nodes[j].text):
            return 1.0  # the very same words, though none of them is a term ('No no')
        size, room = s.sizes[j], max(3 * k.sizes[i], 12)
        return best * min(1.0, room / size) if size else best

    def _base(self, k: Side, s: Side) -> tuple[np.ndarray, list[Opposite]]:
        base = np.zeros((len(k.nodes), len(s.nodes)))
        opposites: list[Opposite] = []
        for i, kn in enumerate(k.nodes):
            for j, sn in enumerate(s.nodes):
                if not s.usable[j]:
                    continue  # a pasted passage or an invented claim stands for nothing in the key
                cos = text = self._text(k, i, s, j)
                place = 0.0
                ks, ss = k.spans[i], s.spans[j]
                if ks is not None and ss is not None:
                    place = 0.95 * span_score(ks, ss)
                elif self._same_sentence(k, i, s, j):
                    text += 0.1
                score = max(text, place)
                if (kn.kind == "evidence") != (sn.kind == "evidence"):
                    score *= 0.5  # the wrong kind: only a close paraphrase counts
                elif kn.kind == "evidence" and getattr(kn, "type", None) == getattr(sn, "type", None):
                    score += 0.01  # between equals, the same type of evidence
                elif kn.kind == "thesis" and sn.kind == "thesis":
                    score += 0.25
                elif "thesis" in (kn.kind, sn.kind):
                    score *= 0.8
                score += 1e-6 * _twins(k, i, s, j)  # decides between twins in words, nothing else
                why = self._reversed(kn, sn, cos)
                if why is not None:
                    opposites.append(Opposite(kn.id, sn.id, why, cos))
                    score = 0.0
                base[i, j] = score
        return base, opposites

    def _reversed(self, kn: Node, sn: Node, cos: float) -> Literal["negation", "roles"] | None:
        """Whether a student claim says the opposite of a key claim: the same statement negated
        (close otherwise), or the same two names the other way round (who does what to whom: close
        enough to be taken for it)."""
        if kn.kind == "evidence" or sn.kind == "evidence" or cos < self.t.accept:
            return None
        if (
            cos >= self.t.opposite
            and opposite(self.lex, kn.text, sn.text)
            and not any(polarity(a) == polarity(sn.text) for a in kn.aliases)
        ):
            return "negation"
        return "roles" if roles(self.lex, kn.text, sn.text) else None

    def _same_sentence(self, k: Side, i: int, s: Side, j: int) -> bool:
        """A weak sign of place: one side's quotation lies in the sentence the other side's text is
        closest to, or both texts are closest to the same sentence."""
        if self.article is None:
            return False
        spans = self.article.sentence_spans
        ks, ss, ki, sj = k.spans[i], s.spans[j], k.sentence[i], s.sentence[j]
        if ks is not None and sj >= 0:
            sent = spans[sj]
            return sent is not None and sent.overlap(ks) > 0
        if ss is not None and ki >= 0:
            sent = spans[ki]
            return sent is not None and sent.overlap(ss) > 0
        return ki >= 0 and ki == sj

    def _flood(self, base: np.ndarray, k: Side, s: Side) -> np.ndarray:
        out = base.copy()
        sure = np.where(base >= self.t.accept, base, 0.0)
        for i in range(len(k.nodes)):
            kn = k.neighbours[i]
            if not kn:
                continue
            for j in range(len(s.nodes)):
                sn = s.neighbours[j]
                if not sn or (k.nodes[i].kind == "evidence") != (s.nodes[j].kind == "evidence"):
                    continue
                gain = 0.0
                for ki, how in kn:
                    gain += max((sure[ki, sj] for sj, show in sn if show == how), default=0.0)
                out[i, j] += self.t.flood * gain / ((len(kn) + len(sn)) / 2)
        return out

    # ------------------------------------------------------------------ alignment

    def align(
        self,
        student: ArgMap,
        overrides: Mapping[str, str | None] | None = None,
        stands_for: Mapping[str, str] | None = None,
    ) -> Alignment:
        """Pair the student's nodes with the key's. ``overrides`` decide pairs outright (student id to
        key id, or None for no pair); ``stands_for`` says which key node a student node answers for
        (a worksheet's blank): it may pair with that node only, and only when close enough."""
        k, s = self.key_side, self._side(student, key_side=False)
        if not k.nodes or not s.nodes:
            return Alignment([], [], [n.id for n in k.nodes], [n.id for n in s.nodes])
        base, opposites = self._base(k, s)
        scores = Scores(k, s, base, self._flood(base, k, s), opposites, self.t)
        scores.restrict(stands_for)
        scores.force(overrides)
        return scores.choose(set(overrides or {}) | set(stands_for or {}))

    def closest_sentence(self, text: str) -> tuple[str | None, float]:
        """The article's sentence closest to a text, and how close (for 'invented' feedback)."""
        if self.article is None:
            return None, 0.0
        i, score = self.article.best_sentence(self.corpus.vector(text))
        return (self.article.sentences[i] if i >= 0 else None), score
