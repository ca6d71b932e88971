"""Splitting a view into parts that each fit a page at a readable size (used by :mod:`argmap.view.pages`).

A part is a list of node ids, drawn as one Graphviz layout. Planning runs no layout engine: each
node's box is estimated from its lines of text (:func:`argmap.view.pagebase.node_box`), and a part's
size from its ranks (:meth:`Planner.estimate`), so that deciding where to split costs nothing next to
the layouts. Each final part is then laid out once, all new parts in one run of the engine
(:meth:`Planner.draw_all`); only a part that turns out bigger than its estimate is split again. The
number of layouts therefore grows with the number of parts (pages), not with nodes times pages.

Where the argument goes on in another part, a note in the node says where (``-> C6 continues on
page 2``). Page numbers are not known while parts are measured: the notes hold a token per node
(:func:`argmap.view.pagebase.token`), and the parts are laid out again with the numbers once placed
on pages. A relation drawn in no part (its premises and its target in different parts) has its
warrant and qualifier written in the note beside its premise, so that no text of the map is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from argmap.view.build import View, ViewNode, ViewRelation
from argmap.view.dot import to_dot
from argmap.view.labels import relation_label
from argmap.view.pagebase import (
    FILL,
    NODESEP,
    RANKSEP,
    SMALL_PT,
    TIGHT,
    Drawn,
    Settings,
    finish,
    label_box,
    measure,
    node_box,
    run,
    split_svgs,
    token,
)

__all__ = ["Planner"]

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


class Planner:
    """Splits a view into parts that each fit a page, and draws them."""

    def __init__(
        self, view: View, budgets: tuple[tuple[float, float], tuple[float, float]], settings: Settings
    ) -> None:
        self.view = view
        self.budgets = budgets
        """Room for one part on the first page and on the others, in drawing points (the page's room
        divided by the scale aimed at); the first page holds the legend too."""
        self.count = 0
        """Parts made so far: the first goes on the first page."""
        self.fill = FILL
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
        self._premises: dict[str, list[str]] = {}
        self._cursor: dict[str, int] = {}
        self._planned: tuple[tuple[object, ...], list[list[str]], dict[str, int], int, dict[str, list[int]]] | None = (
            None
        )
        """Per node, how many of its premises (from the first) are taken: see :meth:`untaken`."""
        self._labels: dict[str, tuple[float, float]] = {}
        self._most = 0
        self._svgs: dict[str, bytes] = {}
        self.owner: dict[str, int] = {}
        """Index of the part that draws each node with what bears on it."""
        self.layouts = 0
        self.continued: dict[str, list[int]] = {}
        """Node id -> the later parts that go on from it (it is drawn again there, as their root)."""
        self.across = settings.direction in ("LR", "RL")
        """Ranks run left to right (or right to left): the estimate turns its ranks a quarter."""
        self.correction = (1.0, 1.0)
        """Factors on the estimates, from parts laid out bigger than estimated (see pages._calibrate)."""
        self.cramped: set[frozenset[str]] = set()
        """Parts found, once laid out, too big for their page: never planned again, nor anything holding them."""
        self.stack = max(2, min(4, int(budgets[1][0] / budgets[1][1] * 2)))
        if settings.direction in ("LR", "RL"):
            self.stack = max(2, min(4, int(budgets[1][1] / budgets[1][0] * 4)))
        """Leaf evidence side by side under its claim: more on a wide page (a slide) than a tall one."""

    # ------------------------------------------------------------------ structure

    def premises_of(self, node_id: str) -> list[str]:
        found = self._premises.get(node_id)
        if found is None:
            found = self._premises[node_id] = []
            for rel in self.into.get(node_id, []):
                found += rel.premises
                for under in self.into.get(rel.id, []):  # undercuts of this relation go with its target
                    found += under.premises
        return found

    def untaken(self, node_id: str, taken: set[str]) -> list[str]:
        """``node_id``'s premises from the first not in ``taken`` on. ``taken`` only grows while a
        map is split, so the premises before that first one are skipped for good: a thesis with a
        thousand reasons, at the head of a hundred parts, is not read a thousand premises a part."""
        premises = self.premises_of(node_id)
        start = self._cursor.get(node_id, 0)
        while start < len(premises) and premises[start] in taken:
            start += 1
        self._cursor[node_id] = start
        return premises[start:]

    def subtree(self, root: str, taken: set[str], limit: int = 0) -> list[str]:
        """``root`` and what bears on it, not in ``taken``, breadth first; ``limit``: at most so many."""
        order, seen = [root], {root}
        for node_id in order:
            for p in self.untaken(node_id, taken):
                if p not in seen and p not in taken:
                    seen.add(p)
                    order.append(p)
                    if len(order) == limit:
                        return order
        return order

    def most(self) -> int:
        """More nodes than any page holds: the page's room over the smallest box (bounds the work of
        finding a part in a long chain)."""
        if not self._most:
            smallest = min((w * h for w, h in map(self.box, self.by_id)), default=1.0)
            room = max(w * h for w, h in self.budgets)
            self._most = max(8, int(room / smallest) + 2)
        return self._most

    # ------------------------------------------------------------------ estimates

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
        rows = self._rows(members, ranks.depth)
        for d, count in ranks.points.items():
            rows.setdefault(d, []).extend([(POINT, POINT)] * count)
        width, height = self._extent(rows, ranks.labels)
        if self.across:  # ranks run across the page: what is width in the ranks is height on it
            width, height = height, width
        return (width + 8) * self.correction[0], (height + 8) * self.correction[1]

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

    def _rows(self, members: list[str], depth: dict[str, int]) -> dict[int, list[tuple[float, float]]]:
        """The boxes of each rank: a node's own, or one box per stack of leaves under one target."""
        inside = set(members)
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
            across = min(len(boxes), self.stack)
            w = max(b[0] for b in boxes) * across + NODESEP * (across - 1)
            high = max(b[1] for b in boxes)
            count = -(-len(boxes) // self.stack)
            rows.setdefault(d, []).append((w, count * high + (count - 1) * RANKSEP))
        return rows

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

    def fits(self, nodes: Iterable[str]) -> bool:
        nodes = list(nodes)
        if self.cramped:
            members = frozenset(nodes)
            if any(c <= members for c in self.cramped):
                return False
        w, h = self.estimate(nodes)
        room = self.budgets[self.count > 0]
        return w <= room[0] * self.fill and h <= room[1] * self.fill

    # ------------------------------------------------------------------ splitting

    def parts(self) -> list[list[str]]:
        """The view in parts that each fit a page by the estimates, in the argument's order.

        Planned again only when what planning reads has changed (the room, the corrections, the
        parts found cramped): choosing the orientation plans the parts the layout then draws."""
        key = (self.budgets, self.correction, self.fill, frozenset(self.cramped))
        if self._planned is None or self._planned[0] != key:
            out = self._plan()
            self._planned = (key, out, dict(self.owner), self.count, {k: list(v) for k, v in self.continued.items()})
        _, out, owner, self.count, continued = self._planned
        self.owner, self.continued = dict(owner), {k: list(v) for k, v in continued.items()}
        return [list(part) for part in out]

    def _plan(self) -> list[list[str]]:
        view = self.view
        self.owner, self.count, self.continued, self._cursor = {}, 0, {}, {}
        everything = [n.id for n in view.nodes]
        if self.fits(everything):
            self.owner = dict.fromkeys(everything, 0)
            return [everything]
        roots = [n.id for n in view.nodes if n.kind == "thesis"] or everything[:1]
        taken: set[str] = set()
        out: list[list[str]] = []
        for root in roots:
            self.split(root, taken, out)
        rest = [n for n in everything if n not in taken]
        while rest:  # nodes not connected to a thesis: their own parts
            self.split(rest[0], taken, out)
            rest = [n for n in rest if n not in taken]
        return out

    def _own(self, nodes: Iterable[str], part: int) -> None:
        self.count = part + 1
        for n in nodes:
            self.owner.setdefault(n, part)

    def split(self, root: str, taken: set[str], out: list[list[str]]) -> None:
        """``root`` and what bears on it, not yet taken, in parts: the longest run of it in
        breadth-first order that fits (the root, its premises, theirs...), then the same again from
        each node of that part whose premises did not all fit (drawn again there, as the root)."""
        stack = [root]  # depth first, without recursion: a chain of a thousand claims goes deep
        while stack:
            node = stack.pop()
            if node in taken and not self.untaken(node, taken):
                continue  # what bears on it went into a part meanwhile
            members = self.subtree(node, taken, self.most())
            if node in taken:  # going on from a part that holds it already
                self.continued.setdefault(node, []).append(len(out))
            part = members[: self._longest_fit(members)]
            taken.update(part)
            self._own(part, len(out))
            out.append(part)
            stack += reversed([n for n in part if self.untaken(n, taken)])

    def _longest_fit(self, members: list[str]) -> int:
        """How many of ``members`` (from the first) fit a page: at least the root and one premise.

        Doubling from two, then halving the last step: the cost follows the part, not what is left
        of the map (a chain of a thousand claims is not estimated whole for each page)."""
        low, high = min(2, len(members)), 4
        while high < len(members) and self.fits(members[:high]):
            low, high = high, high * 2
        if high >= len(members):
            if self.fits(members):
                return len(members)
            high = len(members)
        high -= 1  # members[:high + 1] does not fit
        while low < high:
            mid = (low + high + 1) // 2
            if self.fits(members[:mid]):
                low = mid
            else:
                high = mid - 1
        return low

    # ------------------------------------------------------------------ drawing one part

    def into_within(self, node: str, inside: set[str]) -> list[ViewRelation]:
        """The relations into ``node`` with a premise in ``inside``, found from whichever side is
        smaller (a thesis with a thousand reasons, in a part of twenty nodes)."""
        into = self.into.get(node, [])
        if len(into) <= len(inside):
            return [rel for rel in into if any(p in inside for p in rel.premises)]
        found = {rel.id: rel for m in inside for rel in self.outof.get(m, []) if rel.target == node}
        return sorted(found.values(), key=lambda r: self.rank[r.id])

    def touching(self, part: list[str], skipped: set[str] | None = None) -> list[ViewRelation]:
        """The relations into or out of ``part``'s nodes, and the undercuts of those, in map order.

        Into a node that goes on in later parts, only those with a premise in this part: a thesis
        with a thousand reasons, repeated at the head of each part, would otherwise cost a thousand
        relations a part. Such nodes with relations left out are added to ``skipped``."""
        found: dict[str, ViewRelation] = {}
        members = set(part)
        for n in part:
            into = self.into.get(n, [])
            if n in self.continued and len(into) > 8:
                kept = self.into_within(n, members)
                if len(kept) < len(into) and skipped is not None:
                    skipped.add(n)
                into = kept
            for rel in into:
                found[rel.id] = rel
            for rel in self.outof.get(n, []):
                found[rel.id] = rel
        for rel_id in list(found):
            for under in self.into.get(rel_id, []):
                found[under.id] = under
        return sorted(found.values(), key=lambda r: self.rank[r.id])

    def drawn_anywhere(self, parts: list[list[str]]) -> set[str]:
        """Ids of the relations some part draws as an arrow (its target and a premise in the part)."""
        out: set[str] = set()
        for part in parts:
            inside = set(part)
            here: set[str] = set()
            touching = self.touching(part)
            for rel in touching:
                if rel.kind != "undercuts" and rel.target in inside and any(p in inside for p in rel.premises):
                    here.add(rel.id)
            for rel in touching:  # in the order _contents draws them
                if rel.kind == "undercuts" and rel.target in here and any(p in inside for p in rel.premises):
                    here.add(rel.id)
            out |= here
        return out

    def draw_all(self, parts: list[list[str]], pages: list[int] | None = None) -> list[Drawn]:
        """Every part laid out, with notes where its argument goes on: page numbers as tokens while
        the parts are measured, or, given the page of each part (``pages``), the numbers themselves.

        The parts not laid out before go to the layout engine in one run (one graph after another
        on its input, one SVG document after another on its output): starting ``dot`` costs more
        than laying out a part of a page."""
        drawn_rels = self.drawn_anywhere(parts)
        page_of: dict[str, int | str] | None = None
        if pages is not None:
            page_of = {node: pages[i] for node, i in self.owner.items()}
            page_of |= {f"#{i}": page for i, page in enumerate(pages)}
            page_of |= {
                f"@{node}": ", ".join(map(str, sorted({pages[i] for i in later})))
                for node, later in self.continued.items()
            }
        sources = [self._source(i, part, drawn_rels, page_of, pages[i] if pages else 0) for i, part in enumerate(parts)]
        new = list(dict.fromkeys(src for src, _ in sources if src not in self._svgs))
        if new:
            svgs = split_svgs(run("\n".join(new), "svg", self.settings))
            if len(svgs) != len(new):  # an engine that draws only the first graph: one run each
                svgs = [run(src, "svg", self.settings) for src in new]
            self.layouts += 1 if len(svgs) == len(new) else len(new)
            self._svgs.update(zip(new, svgs, strict=True))
        out = []
        for part, (source, markers) in zip(parts, sources, strict=True):
            svg = self._svgs[source]
            w, h = measure(svg)
            out.append(Drawn(part, svg, source, w, h, markers))
        return out

    def _source(
        self, index: int, part: list[str], drawn: set[str], page_of: Mapping[str, int | str] | None, page: int
    ) -> tuple[str, list[str]]:
        members = set(part)
        nodes, relations, notes = self._contents(index, part, members, drawn)
        if page_of is not None:
            notes = {n: [t for t in (finish(x, page_of, page) for x in texts) if t] for n, texts in notes.items()}
        markers = [m for n in part for m in notes.get(n, [])]
        nodes = [replace(n, notes=list(dict.fromkeys([*n.notes, *notes[n.id]]))) if n.id in notes else n for n in nodes]
        view = View(title="", nodes=nodes, relations=relations, total_nodes=len(nodes), total_relations=len(relations))
        s = self.settings
        source = to_dot(
            view,
            theme=s.theme,
            direction=s.direction,
            legend=False,
            small=SMALL_PT,
            width=s.width,
            extra=TIGHT,
            stack=self.stack,
            stack_claims=True,
        )
        return source, markers

    def _contents(
        self, index: int, part: list[str], members: set[str], drawn: set[str]
    ) -> tuple[list[ViewNode], list[ViewRelation], dict[str, list[str]]]:
        nodes = [self.by_id[n] for n in part]
        relations: list[ViewRelation] = []
        here_rels: set[str] = set()
        incoming: dict[tuple[str, str], list[str]] = {}
        notes: dict[str, list[str]] = {}
        skipped: set[str] = set()
        for rel in self.touching(part, skipped):
            under = self.rel_by_id.get(rel.target) if rel.kind == "undercuts" else None
            target_here = rel.target in here_rels if under is not None else rel.target in members
            here = [p for p in rel.premises if p in members]
            if target_here and here:
                relations.append(rel if len(here) == len(rel.premises) else replace(rel, premises=here, junction=True))
                here_rels.add(rel.id)
            node = under.target if under is not None else rel.target
            if target_here:
                away = [p for p in rel.premises if p not in members]
                if away:
                    incoming.setdefault((node, rel.kind), []).extend(away)
            elif here:
                for p in here:
                    notes.setdefault(p, []).append(self._outgoing(rel, node, under, drawn))
        for target in skipped:  # it goes on elsewhere: the note says where, whatever the kind
            kind = self.into[target][0].kind
            if (target, kind) not in incoming and not any(t == target for t, _ in incoming):
                incoming[target, kind] = []
        for (target, kind), away in incoming.items():
            notes.setdefault(target, []).append(self._incoming(index, target, kind, away))
        return nodes, relations, notes

    def _outgoing(self, rel: ViewRelation, node: str, under: ViewRelation | None, drawn: set[str]) -> str:
        what = f"{rel.kind} {under.id if under is not None else node}"
        text = f"-> {what}, page {token(node)}"
        if rel.id not in drawn and (rel.warrant or rel.qualifier):
            text += ": " + " ".join(relation_label(rel.warrant, rel.qualifier, 10_000))
        return text

    def _incoming(self, index: int, target: str, kind: str, away: list[str]) -> str:
        later = [i for i in self.continued.get(target, []) if i != index]
        if later:  # the pages, once known, are filled in whole (see finish)
            return f"-> {target} continues on page {token('@' + target)}"
        what = {"supports": "support", "attacks": "attacks", "undercuts": "undercuts"}.get(kind, kind)
        where = ", ".join(f"{p} (page {token(p)})" for p in dict.fromkeys(away))
        return f"more {what}: {where}"
