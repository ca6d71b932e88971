"""Align a student's map to the key: which student node stands for which key node.

Three passes, each one-to-one and deterministic, each only over nodes the earlier passes left:

1. **id**: a student node with the same id as a key node is that node, unless the two plainly say
   different things (fewer shared words than ``id_floor`` and no overlapping quotation): students
   number their nodes C1, C2, ... in their own order, and an id alone must not pair unrelated nodes;
2. **anchor**: evidence whose quotations overlap (after :func:`argmap.anchors.normalise`, case folded)
   is the same evidence, whatever the ids and wording;
3. **text**: nodes whose texts share enough words (token Jaccard over content words) are the same;
4. **thesis**: the two theses, if still apart, are paired when they share ``id_floor`` of their words.

Passes 2 and 3 score every candidate pair and assign greedily by best score; ties fall to the earlier
key node, then the earlier student node, so that the same maps always align the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from argmap.anchors import normalise
from argmap.model import ArgMap, Node

__all__ = ["Alignment", "Match", "align", "anchor_overlap", "text_similarity", "tokens"]

Method = Literal["id", "anchor", "text"]

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_STOP = frozenset(
    {
        *("a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has"),
        *("have", "in", "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was"),
        *("were", "which", "with", "s"),
    }
)


@lru_cache(maxsize=8192)
def tokens(text: str) -> frozenset[str]:
    """Content words of a text: lower case, typography folded, common function words dropped."""
    return frozenset(w for w in _WORD.findall(normalise(text).lower()) if w not in _STOP)


def text_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Token Jaccard: shared words over all words (0 when either side is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True, slots=True)
class _Quote:
    """A quotation prepared for comparison: folded text and its word pairs."""

    text: str
    pairs: frozenset[tuple[str, ...]]


@lru_cache(maxsize=8192)
def _quote(text: str) -> _Quote:
    words = _WORD.findall(normalise(text).lower())
    folded = " ".join(words)
    pairs = frozenset(pairwise(words)) if len(words) > 1 else frozenset({tuple(words)})
    return _Quote(folded, pairs)


def _overlap(x: _Quote, y: _Quote) -> float:
    if not x.text or not y.text:
        return 0.0
    if x.text in y.text or y.text in x.text:
        return 1.0
    return len(x.pairs & y.pairs) / min(len(x.pairs), len(y.pairs))


def anchor_overlap(a: str, b: str) -> float:
    """How much two quotations overlap (0..1): 1 when one contains the other, else the share of the
    shorter one's word pairs that the other has too. Case, typography and punctuation are ignored."""
    return _overlap(_quote(a), _quote(b))


@dataclass(frozen=True, slots=True)
class Match:
    """One aligned pair."""

    key_id: str
    student_id: str
    method: Method
    score: float


@dataclass
class Alignment:
    """The result of :func:`align`: matches both ways, and what was left on each side."""

    matches: list[Match]
    key_to_student: dict[str, str]
    student_to_key: dict[str, str]
    unmatched_key: list[str]
    unmatched_student: list[str]

    def method_of(self, key_id: str) -> Method | None:
        for m in self.matches:
            if m.key_id == key_id:
                return m.method
        return None


def _anchor_text(node: Node) -> str | None:
    anchor = getattr(node, "anchor", None)
    return anchor.exact if anchor is not None else None


def _greedy(
    pairs: list[tuple[float, int, int]], key_nodes: list[Node], student_nodes: list[Node], method: Method
) -> list[Match]:
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_k: set[int] = set()
    used_s: set[int] = set()
    out: list[Match] = []
    for score, ki, si in pairs:
        if ki in used_k or si in used_s:
            continue
        used_k.add(ki)
        used_s.add(si)
        out.append(Match(key_nodes[ki].id, student_nodes[si].id, method, round(score, 4)))
    return out


def align(
    key: ArgMap,
    student: ArgMap,
    *,
    text_threshold: float = 0.5,
    anchor_threshold: float = 0.6,
    id_floor: float = 0.25,
) -> Alignment:
    """Align the nodes of ``student`` to those of ``key`` (see the module docstring)."""
    key_nodes = _unique(key.nodes)
    student_nodes = _unique(student.nodes)
    by_id = {n.id: n for n in student_nodes}
    matches: list[Match] = [
        Match(n.id, n.id, "id", 1.0)
        for n in key_nodes
        if n.id in by_id and _same_thing(n, by_id[n.id], id_floor, anchor_threshold)
    ]
    done_k = {m.key_id for m in matches}
    done_s = {m.student_id for m in matches}

    # Pass 2: quotations. Only evidence carries anchors.
    rest_k = [
        (i, _quote(q)) for i, n in enumerate(key_nodes) if n.id not in done_k and (q := _anchor_text(n))
    ]
    rest_s = [
        (j, _quote(q)) for j, n in enumerate(student_nodes) if n.id not in done_s and (q := _anchor_text(n))
    ]
    pairs: list[tuple[float, int, int]] = []
    for i, kq in rest_k:
        for j, sq in rest_s:
            score = _overlap(kq, sq)
            if score >= anchor_threshold:
                pairs.append((score, i, j))
    for m in _greedy(pairs, key_nodes, student_nodes, "anchor"):
        matches.append(m)
        done_k.add(m.key_id)
        done_s.add(m.student_id)

    # Pass 3: words. Evidence is compared with evidence, propositions with propositions.
    key_tok = {i: tokens(n.text) for i, n in enumerate(key_nodes) if n.id not in done_k}
    stu_tok = {j: tokens(n.text) for j, n in enumerate(student_nodes) if n.id not in done_s}
    pairs = []
    for i, kt in key_tok.items():
        k_is_ev = key_nodes[i].kind == "evidence"
        for j, st in stu_tok.items():
            if (student_nodes[j].kind == "evidence") != k_is_ev:
                continue
            score = text_similarity(kt, st)
            if score >= text_threshold:
                pairs.append((score, i, j))
    for m in _greedy(pairs, key_nodes, student_nodes, "text"):
        matches.append(m)
        done_k.add(m.key_id)
        done_s.add(m.student_id)

    # Pass 4: a map has one thesis; two theses left over are paired on a lower bar (``id_floor``).
    k_thesis = next((n for n in key_nodes if n.kind == "thesis" and n.id not in done_k), None)
    s_thesis = next((n for n in student_nodes if n.kind == "thesis" and n.id not in done_s), None)
    if k_thesis is not None and s_thesis is not None:
        score = text_similarity(tokens(k_thesis.text), tokens(s_thesis.text))
        if score >= id_floor:
            matches.append(Match(k_thesis.id, s_thesis.id, "text", round(score, 4)))

    key_order = {n.id: i for i, n in enumerate(key_nodes)}
    matches.sort(key=lambda m: key_order[m.key_id])
    k2s = {m.key_id: m.student_id for m in matches}
    s2k = {m.student_id: m.key_id for m in matches}
    return Alignment(
        matches=matches,
        key_to_student=k2s,
        student_to_key=s2k,
        unmatched_key=[n.id for n in key_nodes if n.id not in k2s],
        unmatched_student=[n.id for n in student_nodes if n.id not in s2k],
    )


def _same_thing(a: Node, b: Node, floor: float, anchor_threshold: float) -> bool:
    """Whether two nodes that share an id may be taken for the same node."""
    if floor <= 0 or text_similarity(tokens(a.text), tokens(b.text)) >= floor:
        return True
    qa, qb = _anchor_text(a), _anchor_text(b)
    return bool(qa and qb and anchor_overlap(qa, qb) >= anchor_threshold)


def _unique(nodes: list[Node]) -> list[Node]:
    """First node of each id (validation reports duplicates; grading must not double count)."""
    seen: set[str] = set()
    out: list[Node] = []
    for n in nodes:
        if n.id not in seen:
            seen.add(n.id)
            out.append(n)
    return out
