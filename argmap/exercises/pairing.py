"""Choosing the pairs of an alignment from its scores (the scoring is :class:`argmap.exercises.align.Matcher`'s).

One to one first (an optimal assignment, :func:`scipy.optimize.linear_sum_assignment`), each pair
named by what made it (the same passage, close words, or links alone); then, for claims only, a
student claim left over that is a part of a matched key claim is a *split* of it, and a key claim
left over, *merged* into a matched student claim. A teacher's overrides decide pairs outright; a
worksheet's blank competes for the key item it stands for alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from argmap.exercises.alignment import Alignment, Match, Method, Opposite, Thresholds
from argmap.exercises.text import Span, polarity, span_score
from argmap.model import Node

__all__ = ["Scores", "Side"]


@dataclass
class Side:
    """One map's nodes prepared for comparison."""

    nodes: list[Node]
    vectors: list[list[dict[str, float]]]
    sizes: list[int]
    spans: list[Span | None]
    """Located quotation."""
    sentence: list[int]
    """Closest sentence of the article (-1 when none or no article)."""
    neighbours: list[list[tuple[int, str]]]
    usable: list[bool]
    """False for a node that can stand for nothing: pasted passages, claims the text never makes."""
    facts: list[dict[str, float]]
    """Vector of an evidence node's facts (its figure, what, who, when): between twins in words,
    which is which (empty for claims)."""
    shape: list[tuple[tuple[str, bool], ...]]
    """Each node's place in the relations (how linked, whether with other premises)."""


@dataclass
class Scores:
    """A key and a student side with their scores: ``base`` (words and place) and ``score`` (with
    matched neighbours), and the pairs chosen from them so far."""

    k: Side
    s: Side
    base: np.ndarray
    score: np.ndarray
    opposites: list[Opposite]
    t: Thresholds
    kpos: dict[str, int] = field(init=False)
    spos: dict[str, int] = field(init=False)
    forced: dict[int, int] = field(default_factory=dict)
    matches: list[Match] = field(default_factory=list)
    used_k: set[int] = field(default_factory=set)
    used_s: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.kpos = {n.id: i for i, n in enumerate(self.k.nodes)}
        self.spos = {n.id: j for j, n in enumerate(self.s.nodes)}
        for o in self.opposites:  # an opposite stays an opposite, however well its neighbours match
            self.score[self.kpos[o.key_id], self.spos[o.student_id]] = 0.0
        unusable = [j for j, ok in enumerate(self.s.usable) if not ok]
        self.score[:, unusable] = 0.0  # not even through its neighbours
        self.against = {self.spos[o.student_id] for o in self.opposites}

    # ------------------------------------------------------------------ what decides pairs outright

    def restrict(self, stands_for: Mapping[str, str] | None) -> None:
        """A student node that answers for one key node competes for that node alone, and that key
        node is answered by it alone; by its words and place only, since the worksheet, not the
        student, put it where it stands in the argument."""
        score, base = self.score, self.base
        for sid, kid in (stands_for or {}).items():
            j, i = self.spos.get(sid), self.kpos.get(kid)
            if j is None:
                continue
            keep = base[i, j] if i is not None else -1.0
            score[:, j] = -1.0
            if i is not None:
                score[i, :] = np.minimum(score[i, :], -1.0)
                score[i, j] = keep

    def force(self, overrides: Mapping[str, str | None] | None) -> None:
        """The teacher's overrides: a student node paired with the key node named, or with none."""
        score = self.score
        for j, sn in enumerate(self.s.nodes):
            if overrides and sn.id in overrides:
                target = overrides[sn.id]
                score[:, j] = -1.0
                if target is not None and target in self.kpos:
                    i = self.kpos[target]
                    score[i, :] = np.minimum(score[i, :], -1.0)
                    score[i, j] = 100.0
                    self.forced[i] = j

    # ------------------------------------------------------------------ choosing

    def choose(self, pinned: set[str]) -> Alignment:
        """The alignment: one to one, then splits and merges of claims; ``pinned`` student ids (an
        override's or a blank's) take part in neither."""
        self._one_to_one()
        primary = set(self.used_s)
        pairs = {(self.kpos[m.key_id], self.spos[m.student_id]) for m in self.matches}
        blocked = {j for j, sn in enumerate(self.s.nodes) if sn.id in pinned} | self.against
        self._splits(pairs, blocked)
        contradicted = {o.key_id for o in self.opposites if self.spos[o.student_id] not in primary}
        self._merges(pairs, blocked, contradicted)
        return self._alignment()

    def _one_to_one(self) -> None:
        rows, cols = linear_sum_assignment(self.score, maximize=True)
        chosen = list(zip(rows.tolist(), cols.tolist(), strict=True))
        sure = {(i, j) for i, j in chosen if self.base[i, j] >= self.t.accept}
        for i, j in chosen:
            method = self._method(i, j, sure)
            if method is None:
                continue
            score = round(float(min(self.score[i, j], 1.0)), 3)
            self.matches.append(Match(self.k.nodes[i].id, self.s.nodes[j].id, method, score))
            self.used_k.add(i)
            self.used_s.add(j)

    def _method(self, i: int, j: int, sure: set[tuple[int, int]]) -> Method | None:
        """What made the assignment's pair (i, j) a match, or None when it is none."""
        base, score, accept = self.base, self.score, self.t.accept
        if self.forced.get(i) == j:
            return "override"
        if score[i, j] < accept or (j in self.against and base[i, j] < accept):
            return None  # a node that contradicts a key claim is not placed elsewhere by links alone
        if base[i, j] < accept:
            if self._elsewhere_below(i, j, sure):
                return None  # its own evidence says it is another claim (a part of that one, perhaps)
            return "structure"
        a, b = self.k.spans[i], self.s.spans[j]
        if a is not None and b is not None and span_score(a, b) > 0.5:
            return "position"
        return "text"

    def _elsewhere_below(self, i: int, j: int, sure: set[tuple[int, int]]) -> bool:
        """Whether the student node's evidence, paired with the key's, stands below other key claims
        and none below this one: a pair made by links alone that its own evidence contradicts."""
        below_k = {pi for pi, how in self.k.neighbours[i] if how.startswith("in-")}
        theirs = {pi for sj, how in self.s.neighbours[j] if how.startswith("in-") for pi, x in sure if x == sj}
        return bool(theirs) and not theirs & below_k

    def _splits(self, pairs: set[tuple[int, int]], blocked: set[int]) -> None:
        """A student claim left over whose pair with a matched key claim would have been accepted is
        a split of it."""
        score = self.score
        for j, sn in enumerate(self.s.nodes):
            if j in self.used_s or j in blocked or sn.kind != "claim":
                continue
            cands = [i for i in self.used_k if score[i, j] >= self.t.accept and self._part(i, j, pairs)]
            if cands:
                i = max(cands, key=lambda c: (score[c, j], -c))
                self.matches.append(Match(self.k.nodes[i].id, sn.id, "split", round(float(score[i, j]), 3)))
                self.used_s.add(j)

    def _merges(self, pairs: set[tuple[int, int]], blocked: set[int], contradicted: set[str]) -> None:
        """A key claim left over, close to a matched student claim, is merged into it."""
        score = self.score
        for i, kn in enumerate(self.k.nodes):
            if i in self.used_k or kn.kind != "claim" or kn.id in contradicted:
                continue  # no credit, through a merge, for a claim the student contradicts
            cands = [
                j for j in self.used_s if j not in blocked and score[i, j] >= self.t.accept and self._part(i, j, pairs)
            ]
            if cands:
                j = max(cands, key=lambda c: (score[i, c], -c))
                self.matches.append(Match(kn.id, self.s.nodes[j].id, "merge", round(float(score[i, j]), 3)))
                self.used_k.add(i)

    def _part(self, i: int, j: int, pairs: set[tuple[int, int]]) -> bool:
        """Whether two claims may be parts of one another (a split or a merge): the same evidence
        stands below both (a claim in the student's own words, however worded), or the words are
        close and neither says the opposite. A shared conclusion alone is not enough."""
        k, s = self.k, self.s
        if k.nodes[i].kind != "claim" or s.nodes[j].kind != "claim":
            return False
        below_k = {pi for pi, how in k.neighbours[i] if how.startswith("in-")}
        below_s = {sj for sj, how in s.neighbours[j] if how.startswith("in-")}
        if any((pi, sj) in pairs for pi in below_k for sj in below_s):
            return True
        return self.base[i, j] >= self.t.review and polarity(k.nodes[i].text) == polarity(s.nodes[j].text)

    def _alignment(self) -> Alignment:
        order = {n.id: i for i, n in enumerate(self.k.nodes)}
        matches = sorted(self.matches, key=lambda m: (order[m.key_id], m.method in ("split", "merge")))
        matched_s = {m.student_id for m in matches}
        return Alignment(
            matches,
            [o for o in self.opposites if o.student_id not in matched_s],
            [n.id for i, n in enumerate(self.k.nodes) if i not in self.used_k],
            [n.id for n in self.s.nodes if n.id not in matched_s],
            self.t.review,
        )
