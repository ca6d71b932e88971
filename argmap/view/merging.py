"""Parts that go on from one node and land on one page, drawn as one part (used by :mod:`argmap.view.pages`).

A claim with hundreds of pieces of evidence is planned in many small parts, each going on from it;
packed a dozen to a page, each would draw the claim again (as a dotted reference). Such parts of one
page are merged, so that the page draws the claim once with all it holds there. A merged part too
big for its page is merged in consecutive runs instead, more of them the more it was too big (a few
rounds); each page's group is decided on its own, and none is merged where merging would take more
pages than the parts as they were.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from argmap.view.pagebase import Drawn, consecutive
from argmap.view.split import Planner

__all__ = ["ROUNDS", "Merger", "groups", "runs"]

ROUNDS = 3
"""Times a group's merged runs found too big for the page are merged again in more, shorter runs."""

Packer = Callable[[list[tuple[float, float]], bool], list[list[list[int]]]]
"""Sizes (in drawing points) -> pages of rows of their indexes; True: from the first page on (else
every page as the others, for packing one page's parts again)."""


def groups(parts: list[list[str]], packed: list[list[list[int]]]) -> list[tuple[int, list[int]]]:
    """Per page, the parts going on from one node (two or more of them), each group in the parts' order
    with its page's index."""
    out: list[tuple[int, list[int]]] = []
    for p, page in enumerate(packed):
        by_root: dict[str, list[int]] = {}
        for i in sorted(i for row in page for i in row):
            by_root.setdefault(parts[i][0], []).append(i)
        out += [(p, group) for group in by_root.values() if len(group) > 1]
    return out


def runs(group: list[int], count: int, parts: list[list[str]]) -> list[list[int]]:
    """``group`` in ``count`` consecutive runs holding about as many nodes each (fewer if it is short)."""
    return consecutive(group, count, lambda i: max(1, len(parts[i]) - 1))


@dataclass(slots=True)
class Merger:
    """Merging one layout's parts: ``pack`` places sizes on pages, ``over`` says how many times too big
    for any page a drawing is at the size aimed at (1 or less: it fits)."""

    planner: Planner
    pack: Packer
    over: Callable[[Drawn], float]
    rounds: int = ROUNDS
    """Times the runs found too big are made shorter (0: each group merged whole or not at all)."""
    sizes: dict[tuple[int, ...], tuple[float, float]] = field(default_factory=dict)
    """Parts merged into one (their indexes) -> the merged drawing's size, as measured."""
    in_runs: bool = False
    """Some group was merged in more than one run."""
    packed: list[list[list[int]]] = field(default_factory=list)
    """The parts as they were, on pages."""

    def merged(self, parts: list[list[str]], drawn: list[Drawn]) -> tuple[list[list[str]], list[Drawn]]:
        """``parts`` with those of one page going on from one node merged, and their drawings; the
        parts as they were where nothing is merged."""
        packed = self.packed = self.pack([(d.width, d.height) for d in drawn], True)
        found = groups(parts, packed)
        planner = self.planner
        owner, continued = planner.owner, planner.continued
        counts = self._counts(parts, drawn, found, packed)
        chosen = self._within_pages(parts, drawn, [g for _, g in found], counts, len(packed))
        into = self._into(parts, [found[g][1] for g in chosen], [counts[g] for g in chosen])
        self.in_runs = any(counts[g] > 1 for g in chosen)
        if any(i != j for i, j in into.items()):
            merged, again = self._draw(parts, into, owner, continued)
            if len(self.pack([(d.width, d.height) for d in again], True)) <= len(packed):
                return merged, again
        planner.owner, planner.continued = owner, continued
        return parts, drawn

    def _draw(
        self, parts: list[list[str]], into: dict[int, int], owner: dict[str, int], continued: dict[str, list[int]]
    ) -> tuple[list[list[str]], list[Drawn]]:
        """The parts merged by ``into`` and drawn, each merged part's leaf evidence side by side as many
        as the parts it is made of stood side by side on their page (at least as many as planned)."""
        merged = self.planner.merge(parts, into, owner, continued)
        members: dict[int, list[int]] = {}
        for i, j in into.items():
            members.setdefault(j, []).append(i)
        row_of = {i: row for page in self.packed for row in page for i in row}
        for part, (_, run) in zip(merged, sorted(members.items()), strict=True):
            if len(run) > 1:
                inside = set(run)
                across = max(sum(i in inside for i in row_of[j]) for j in run)
                self.planner.rows[tuple(part)] = max(self.planner.stack, across)
        return merged, self.planner.draw_all(merged)

    def _into(self, parts: list[list[str]], found: list[list[int]], counts: list[int]) -> dict[int, int]:
        """Part index -> the part it joins (the first of its run): the groups in so many runs each."""
        into = {i: i for i in range(len(parts))}
        for group, count in zip(found, counts, strict=True):
            for run in runs(group, count, parts):
                into.update(dict.fromkeys(run, run[0]))
        return into

    def _sizes(
        self, drawn: list[Drawn], into: dict[int, int], only: set[int] | None = None
    ) -> list[tuple[float, float]]:
        """The sizes of the parts merged by ``into`` (those of ``only``), as measured."""
        members: dict[int, list[int]] = {}
        for i, j in into.items():
            if only is None or i in only:
                members.setdefault(j, []).append(i)
        return [
            self.sizes.get(tuple(run), (drawn[j].width, drawn[j].height))
            if len(run) > 1
            else (drawn[j].width, drawn[j].height)
            for j, run in sorted(members.items())
        ]

    def _counts(
        self,
        parts: list[list[str]],
        drawn: list[Drawn],
        found: list[tuple[int, list[int]]],
        packed: list[list[list[int]]],
    ) -> list[int]:
        """Per group, in how many runs it is merged so that each fits a page, and its page still holds
        them with its other parts: one at first, then more by how much the longest run was too big (or
        one more); a group still too big after a few rounds is not merged (as many runs as parts). The
        merged drawings' sizes are kept (:attr:`sizes`) for choosing the groups."""
        planner = self.planner
        owner, continued = planner.owner, planner.continued
        counts = [1] * len(found)
        first_fit: dict[int, int] = {}
        """Group -> the fewest runs tried that each fit a page (if its page does not hold them)."""
        self.sizes = {}
        settled: set[int] = set()
        for last in [False] * self.rounds + [True]:
            live = [g for g, (_, group) in enumerate(found) if counts[g] < len(group) and g not in settled]
            if not live:
                break
            into = self._into(parts, [found[g][1] for g in live], [counts[g] for g in live])
            _, again = self._draw(parts, into, owner, continued)
            group_of = {i: g for g in live for i in found[g][1]}
            worst = dict.fromkeys(live, 0.0)
            members: dict[int, list[int]] = {}
            for i, j in into.items():
                members.setdefault(j, []).append(i)
            for (j, run), d in zip(sorted(members.items()), again, strict=True):
                if len(run) > 1:
                    self.sizes[tuple(run)] = (d.width, d.height)
                    worst[group_of[j]] = max(worst[group_of[j]], self.over(d))
            fitting = {g: counts[g] for g in live if worst[g] <= 1}
            for g, count in fitting.items():
                first_fit.setdefault(g, count)
            big = {
                g: worst[g] for g in live if g not in fitting or self._spills(parts, drawn, found[g], counts[g], packed)
            }
            settled |= set(live) - set(big)
            if not big:
                break
            for g, over in big.items():
                more = max(counts[g] + 1, math.ceil(counts[g] * over**2))
                counts[g] = len(found[g][1]) if last else min(more, len(found[g][1]))
        # A page that holds its group in no runs tried: the longest runs that fit, if the pages allow.
        return [
            first_fit.get(g, count) if count == len(group) else count
            for g, (count, (_, group)) in enumerate(zip(counts, found, strict=True))
        ]

    def _spills(
        self,
        parts: list[list[str]],
        drawn: list[Drawn],
        found: tuple[int, list[int]],
        count: int,
        packed: list[list[list[int]]],
    ) -> bool:
        """Whether the page of ``found`` no longer holds its parts with that group merged in ``count`` runs."""
        page, group = found
        into = self._into(parts, [group], [count])
        on_page = {i for row in packed[page] for i in row}
        return len(self.pack(self._sizes(drawn, into, on_page), page == 0)) > 1

    def _within_pages(
        self, parts: list[list[str]], drawn: list[Drawn], found: list[list[int]], counts: list[int], pages: int
    ) -> list[int]:
        """The groups to merge, by the sizes measured: all if that takes no more than ``pages`` pages,
        else each in turn kept merged where, with those kept before it, the parts still take no more."""
        mergeable = [g for g, group in enumerate(found) if counts[g] < len(group)]

        def count(chosen: list[int]) -> int:
            into = self._into(parts, [found[g] for g in chosen], [counts[g] for g in chosen])
            return len(self.pack(self._sizes(drawn, into), True))

        if count(mergeable) <= pages:
            return mergeable
        chosen: list[int] = []
        for g in mergeable:
            if count([*chosen, g]) <= pages:
                chosen.append(g)
        return chosen
