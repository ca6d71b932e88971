"""Splitting a view into parts that each fit a page at a readable size (used by :mod:`argmap.view.pages`).

A part is a list of node ids, drawn as one Graphviz layout. Planning runs no layout engine: each
node's box is estimated from its lines of text (:func:`argmap.view.pagebase.node_box`), and a part's
size from its ranks (:meth:`argmap.view.estimate.Estimator.estimate`), so that deciding where to split
costs nothing next to the layouts. Each final part is then laid out once, all new parts together
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
from dataclasses import replace

from argmap.view.build import View, ViewNode, ViewRelation
from argmap.view.dot import to_dot
from argmap.view.estimate import Estimator
from argmap.view.labels import relation_label
from argmap.view.pagebase import FILL, SMALL_PT, TIGHT, Drawn, Settings, finish, measure, run_all, token

__all__ = ["REFERENCE_NOTE", "Planner"]

REFERENCE_NOTE = "shown in full on this page"
"""The note of a part's root drawn as a reference: the same page draws it in full in another part."""


class Planner(Estimator):
    """Splits a view into parts that each fit a page, and draws them."""

    def __init__(
        self, view: View, budgets: tuple[tuple[float, float], tuple[float, float]], settings: Settings
    ) -> None:
        super().__init__(view, budgets, settings)
        self.count = 0
        """Parts made so far: the first goes on the first page."""
        self.fill = FILL
        self._premises: dict[str, list[str]] = {}
        self._cursor: dict[str, int] = {}
        """Per node, how many of its premises (from the first) are taken: see :meth:`untaken`."""
        self._planned: tuple[tuple[object, ...], list[list[str]], dict[str, int], int, dict[str, list[int]]] | None = (
            None
        )
        self._most = 0
        self._svgs: dict[str, bytes] = {}
        self.owner: dict[str, int] = {}
        """Index of the part that draws each node with what bears on it."""
        self.layouts = 0
        self.continued: dict[str, list[int]] = {}
        """Node id -> the later parts that go on from it (it is drawn again there, as their root)."""
        self.cramped: set[frozenset[str]] = set()
        """Parts found, once laid out, too big for their page: never planned again, nor anything holding them."""
        self._seen: dict[str, dict[int, float]] = {}
        """Root -> size of a part from it found too big -> how many times too big."""
        self.caps: dict[str, int] = {}
        """Root -> at most so many nodes in a part going on from it: set where a part from that root came
        out too big (see :meth:`shrink`); the other parts stay as planned."""
        self.rows: dict[tuple[str, ...], int] = {}
        """Parts merged from several (see ``merging.Merger``) -> leaf evidence side by side in them: as
        many as the parts they were made of stood side by side on their page."""

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

        Planned again only when what planning reads has changed (the room, the caps, the parts found
        cramped): choosing the orientation plans the parts the layout then draws."""
        key = (self.budgets, self.fill, frozenset(self.cramped), tuple(sorted(self.caps.items())))
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
            part = members[: min(self._longest_fit(members), self.caps.get(node, len(members)))]
            taken.update(part)
            self._own(part, len(out))
            out.append(part)
            stack += reversed([n for n in part if self.untaken(n, taken)])

    def shrink(self, part: list[str], over: float) -> None:
        """``part`` (from its root on) came out ``over`` times too big for its page: the parts going on
        from that root are planned again with fewer nodes, at least one less. The first time as if its
        area grew with its nodes (each side as the square root); then along the line through this size
        and the nearest other size tried from that root (a drawing has a width of its own, the root's
        and its arrows', whatever the number of nodes under it)."""
        root, n = part[0], len(part)
        seen = self._seen.setdefault(root, {})
        seen[n] = max(over, seen.get(n, over))
        cap = int(n / over**2)
        others = [m for m in seen if m != n]
        if others:
            m = min(others, key=lambda k: abs(k - n))
            slope = (seen[m] - over) / (m - n)
            if slope > 0:
                cap = int(n - (over - FILL) / slope)
        self.caps[root] = max(2, min(cap, n - 1, self.caps.get(root, n)))

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

    def merge(
        self, parts: list[list[str]], into: dict[int, int], owner: dict[str, int], continued: dict[str, list[int]]
    ) -> list[list[str]]:
        """``parts`` with each joined to the part given by ``into`` (two parts going on from one node
        on one page, see ``pages._Sheet._merged``); the owners and continuations (``owner``,
        ``continued``: as planned) told the new part numbers."""
        kept = sorted(set(into.values()))
        index = {i: n for n, i in enumerate(kept)}
        merged = [list(parts[i]) for i in kept]
        for i, j in into.items():
            if i != j:
                merged[index[j]] += [n for n in parts[i] if n not in merged[index[j]]]
        self.owner = {n: index[into[i]] for n, i in owner.items()}
        self.continued = {}
        for n, later in continued.items():
            moved = [m for m in dict.fromkeys(index[into[i]] for i in later) if m != self.owner.get(n)]
            if moved:
                self.continued[n] = moved
        return merged

    # ------------------------------------------------------------------ drawing one part

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

    def drawn_anywhere(self, parts: list[list[str]]) -> dict[str, int]:
        """The relations some part draws as an arrow (its target and a premise in the part): id -> the
        first part that draws it."""
        out: dict[str, int] = {}
        for index, part in enumerate(parts):
            inside = set(part)
            here: set[str] = set()
            touching = self.touching(part)
            for rel in touching:
                if rel.kind != "undercuts" and rel.target in inside and any(p in inside for p in rel.premises):
                    here.add(rel.id)
            for rel in touching:  # in the order _contents draws them
                if rel.kind == "undercuts" and rel.target in here and any(p in inside for p in rel.premises):
                    here.add(rel.id)
            for rel_id in here:
                out.setdefault(rel_id, index)
        return out

    def draw_all(
        self, parts: list[list[str]], pages: list[int] | None = None, references: frozenset[int] = frozenset()
    ) -> list[Drawn]:
        """Every part laid out, with notes where its argument goes on: page numbers as tokens while
        the parts are measured, or, given the page of each part (``pages``), the numbers themselves.
        The parts in ``references`` draw their root as a reference (:attr:`ViewNode.reference`): its
        page draws it in full in another part.

        The parts not laid out before go to the layout engine together (:func:`run_all`)."""
        drawn_rels = self.drawn_anywhere(parts)
        page_of: dict[str, int | str] | None = None
        if pages is not None:
            page_of = {node: pages[i] for node, i in self.owner.items()}
            page_of |= {f"#{i}": page for i, page in enumerate(pages)}
            page_of |= {
                f"@{node}": ", ".join(map(str, sorted({pages[i] for i in later})))
                for node, later in self.continued.items()
            }
        sources = [
            self._source(i, part, drawn_rels, page_of, pages[i] if pages else 0, i in references)
            for i, part in enumerate(parts)
        ]
        new = list(dict.fromkeys(src for src, _ in sources if src not in self._svgs))
        if new:
            svgs, runs = run_all(new, self.settings)
            self.layouts += runs
            self._svgs.update(zip(new, svgs, strict=True))
        out = []
        for part, (source, markers) in zip(parts, sources, strict=True):
            svg = self._svgs[source]
            w, h = measure(svg)
            out.append(Drawn(part, svg, source, w, h, markers))
        return out

    def _source(
        self,
        index: int,
        part: list[str],
        drawn: Mapping[str, int],
        page_of: Mapping[str, int | str] | None,
        page: int,
        reference: bool = False,
    ) -> tuple[str, list[str]]:
        members = set(part)
        nodes, relations, notes = self._contents(index, part, members, drawn)
        if page_of is not None:
            notes = {n: [t for t in (finish(x, page_of, page) for x in texts) if t] for n, texts in notes.items()}
        markers = [m for n in part for m in notes.get(n, [])]
        nodes = [replace(n, notes=list(dict.fromkeys([*n.notes, *notes[n.id]]))) if n.id in notes else n for n in nodes]
        if reference:
            own = dict.fromkeys([REFERENCE_NOTE, *notes.get(part[0], [])])
            nodes[0] = replace(nodes[0], reference=True, notes=list(own))
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
            stack=self.rows.get(tuple(part), self.stack),
            stack_claims=True,
        )
        return source, markers

    def _contents(
        self, index: int, part: list[str], members: set[str], drawn: Mapping[str, int]
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

    def _outgoing(self, rel: ViewRelation, node: str, under: ViewRelation | None, drawn: Mapping[str, int]) -> str:
        """The note beside a premise whose arrow goes to another part: what it bears on, and the page
        that draws it. An undercut names the step it attacks by its ends too (an arrow's id is printed
        nowhere), on the page that draws that arrow, or else its target's."""
        if under is None:
            text = f"-> {rel.kind} {node}, page {token(node)}"
        else:
            step = f"{under.id} ({', '.join(under.premises)} {under.kind} {under.target})"
            where = token(f"#{drawn[under.id]}") if under.id in drawn else token(node)
            text = f"-> {rel.kind} {step}, page {where}"
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
