"""Estimated sizes of a page layout's parts (used by :mod:`argmap.view.split`): no layout engine runs.

Each node's box comes from its lines of text (:func:`argmap.view.pagebase.node_box`); a part's size from
its ranks, as Graphviz draws them: nodes under their targets, leaves stacked as
:func:`argmap.view.dot._stacks` stacks them, arrow texts between ranks, and a rank of junction points
where an arrow has linked premises or an undercut.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from argmap.view.build import View, ViewRelation
from argmap.view.dot import stack_width
from argmap.view.pagebase import NODESEP, RANKSEP, Settings, label_box, node_box

__all__ = ["POINT", "Estimator"]

POINT = 0.09 * 72
"""A junction point's size in points (as :mod:`argmap.view.dot` draws it)."""


@dataclass(slots=True)
class _Ranks:
    """A part's nodes in ranks, as :meth:`Planner.estimate` places them."""

    depth: dict[str, int] = field(default_factory=dict)
    labels: dict[int, list[tuple[float, float]]] = field(default_factory=dict)
    """Arrow texts between a rank and the next."""
    points: dict[int, int] = field(default_factory=dict)
    """Junction points in each rank."""


class Estimator:
    """The estimated size of any part of ``view``, laid out with ``settings`` on pages whose room for a
    part is ``budgets`` (first page, others)."""

    def __init__(
        self, view: View, budgets: tuple[tuple[float, float], tuple[float, float]], settings: Settings
    ) -> None:
        self.view = view
        self.budgets = budgets
        """Room for one part on the first page and on the others, in drawing points (the page's room
        divided by the scale aimed at); the first page holds the legend too."""
        self.settings = settings
        self.by_id = view.by_id
        self.rel_by_id = view.relation_by_id
        self.into: dict[str, list[ViewRelation]] = {}
        """Relations by target (a node, or for undercuts a relation id)."""
        for rel in view.relations:
            self.into.setdefault(rel.target, []).append(rel)
        self.rank = {rel.id: i for i, rel in enumerate(view.relations)}
        self.outof: dict[str, list[ViewRelation]] = {}
        for rel in view.relations:
            for p in rel.premises:
                self.outof.setdefault(p, []).append(rel)
        self._boxes: dict[str, tuple[float, float]] = {}
        self._labels: dict[str, tuple[float, float]] = {}
        self.across = settings.direction in ("LR", "RL")
        """Ranks run left to right (or right to left): the estimate turns its ranks a quarter."""
        self.stack = max(2, min(4, int(budgets[1][0] / budgets[1][1] * 2)))
        if settings.direction in ("LR", "RL"):
            self.stack = max(2, min(4, int(budgets[1][1] / budgets[1][0] * 4)))
        """Leaf evidence side by side under its claim: more on a wide page (a slide) than a tall one."""

    def into_within(self, node: str, inside: set[str]) -> list[ViewRelation]:
        """The relations into ``node`` with a premise in ``inside``, found from whichever side is
        smaller (a thesis with a thousand reasons, in a part of twenty nodes)."""
        into = self.into.get(node, [])
        if len(into) <= len(inside):
            return [rel for rel in into if any(p in inside for p in rel.premises)]
        found = {rel.id: rel for m in inside for rel in self.outof.get(m, []) if rel.target == node}
        return sorted(found.values(), key=lambda r: self.rank[r.id])

    def box(self, node_id: str) -> tuple[float, float]:
        found = self._boxes.get(node_id)
        if found is None:
            links = len(self.into.get(node_id, [])) + len(self.outof.get(node_id, []))
            w, h = node_box(self.by_id[node_id], self.settings.width, min(links, 1))
            found = self._boxes[node_id] = (h, w) if self.across else (w, h)
        return found

    def label_box(self, rel: ViewRelation) -> tuple[float, float]:
        found = self._labels.get(rel.id)
        if found is None:
            found = self._labels[rel.id] = label_box(rel, self.settings.width)
        return found

    def estimate(self, nodes: Iterable[str]) -> tuple[float, float]:
        """Estimated size of a part's drawing in points: its nodes in ranks under their targets, leaf
        evidence two a row as :func:`argmap.view.dot._stacks` draws it, arrow texts between ranks,
        and a rank of junction points where an arrow has linked premises or an undercut."""
        members = list(dict.fromkeys(nodes))
        ranks = self._ranks(members)
        rows = self._rows(members, ranks)
        for d, count in ranks.points.items():
            rows.setdefault(d, []).extend([(POINT, POINT)] * count)
        width, height = self._extent(rows, ranks.labels)
        if self.across:  # ranks run across the page: what is width in the ranks is height on it
            width, height = height, width
        return width + 8, height + 8

    def _lands(self, rel: ViewRelation) -> str:
        """The node ``rel``'s arrow ends at: its target, or for an undercut the target of the relation
        it undercuts."""
        under = self.rel_by_id.get(rel.target) if rel.kind == "undercuts" else None
        return under.target if under is not None else rel.target

    def _ranks(self, members: list[str]) -> _Ranks:
        """Each member's rank under the part's roots (breadth first), the arrow texts drawn under each
        rank, and the junction points."""
        inside = set(members)
        ranks = _Ranks()
        for root in members:
            if root in ranks.depth or any(self._lands(rel) in inside for rel in self.outof.get(root, [])):
                continue
            ranks.depth[root] = 0
            queue = [root]
            while queue:
                node_id = queue.pop(0)
                for rel in self.into_within(node_id, inside):
                    queue += self._under(rel, ranks, inside, ranks.depth[node_id])
        for node_id in members:  # in a cycle only: under nothing, put at the top
            ranks.depth.setdefault(node_id, 0)
        return ranks

    def _under(self, rel: ViewRelation, ranks: _Ranks, inside: set[str], d: int) -> list[str]:
        """Ranks for the premises of ``rel`` (into a node at rank ``d``) and of its undercuts, one
        further down for a junction; the premises placed."""
        unders = [u for u in self.into.get(rel.id, []) if any(p in inside for p in u.premises)]
        joined = len(rel.premises) > 1 or bool(unders)
        step = 2 if joined else 1
        if joined:
            ranks.points[d + 1] = ranks.points.get(d + 1, 0) + 1
        placed: list[str] = []
        for r, at in [(rel, d), *((u, d + 1) for u in unders)]:
            here = [p for p in r.premises if p in inside and p not in ranks.depth]
            if here and (r.warrant or r.qualifier):
                w, h = self.label_box(r)
                ranks.labels.setdefault(at, []).append((h, w) if self.across else (w, h))
            for p in here:
                ranks.depth[p] = d + step
            placed += here
        return placed

    def _leaf_target(self, node_id: str, inside: set[str]) -> str | None:
        """The node under which ``node_id`` is stacked with its siblings, as :func:`argmap.view.dot._stacks`
        draws a part: the one target of its one arrow in the part, of one premise, with no arrow into
        it in the part (what bears on it elsewhere is a note); None when it has its own place in a rank."""
        if self.by_id[node_id].kind == "thesis":
            return None
        outs = [rel for rel in self.outof.get(node_id, []) if rel.target in inside or rel.target in self.rel_by_id]
        if len(outs) != 1 or len(outs[0].premises) != 1 or outs[0].target not in inside:
            return None
        if self.into_within(node_id, inside):
            return None
        return outs[0].target

    def _rows(self, members: list[str], ranks: _Ranks) -> dict[int, list[tuple[float, float]]]:
        """The boxes of each rank: a node's own, or one box per row of a stack of leaves under one target."""
        inside, depth = set(members), ranks.depth
        leaves: dict[tuple[int, str], list[str]] = {}
        rows: dict[int, list[tuple[float, float]]] = {}
        for node_id in members:
            target = self._leaf_target(node_id, inside)
            if target is not None:
                leaves.setdefault((depth[node_id], target), []).append(node_id)
            else:
                rows.setdefault(depth[node_id], []).append(self.box(node_id))
        for (d, _), group in leaves.items():
            boxes = [self.box(n) for n in group]
            wide, high = max(b[0] for b in boxes), max(b[1] for b in boxes)
            per_row = stack_width(self.stack, len(boxes))
            for k, start in enumerate(range(0, len(boxes), per_row)):
                # Each row of the stack is a rank of its own, beside what else lies that far down.
                across = min(per_row, len(boxes) - start)
                rows.setdefault(d + k, []).append((wide * across + NODESEP * (across - 1), high))
                if k:
                    self._beside(group[start : start + across], rows[d + k - 1], ranks.labels.get(d - 1, []))
        return rows

    def _beside(self, leaves: list[str], row: list[tuple[float, float]], texts: list[tuple[float, float]]) -> None:
        """The arrow texts of a stack's lower row: their arrows pass the rows above, and Graphviz puts
        the texts half way, beside the boxes of the row above rather than between ranks."""
        for n in leaves:
            rel = self.outof[n][0]
            if rel.warrant or rel.qualifier:
                w, h = self.label_box(rel)
                box = (h, w) if self.across else (w, h)
                if box in texts:
                    texts.remove(box)
                row.append(box)

    @staticmethod
    def _extent(
        rows: dict[int, list[tuple[float, float]]], labels: dict[int, list[tuple[float, float]]]
    ) -> tuple[float, float]:
        """Width and height of the ranks one under the other, the arrow texts between them."""
        width = height = 0.0
        for d in sorted(rows):
            row = rows[d]
            width = max(width, sum(b[0] for b in row) + NODESEP * (len(row) - 1))
            height += max(b[1] for b in row) + RANKSEP
            texts = labels.get(d - 1, [])
            if texts:
                width = max(width, sum(b[0] for b in texts) + NODESEP * len(texts))
                height += max(b[1] for b in texts) + RANKSEP
        return width, height
