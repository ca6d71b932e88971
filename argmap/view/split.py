"""Splitting a view into parts that each fit a page at a readable size (used by :mod:`argmap.view.pages`).

A part is a set of node ids. The planner draws a part with Graphviz to measure it (the same DOT as the
final page, with stand-in page numbers in its markers), so a part "fits" exactly when its drawing,
scaled to the page, keeps its smallest type at or above the page's minimum.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from argmap.errors import ArgmapError
from argmap.view.build import View, ViewRelation
from argmap.view.dot import to_dot
from argmap.view.layout import layout

__all__ = ["MAX_SCALE", "SMALL_PT", "PagesError", "Planner", "Settings", "measure", "run"]

SMALL_PT = 10
"""Small type (ids, sources, arrow texts, legend) in a page layout: close to the body size, so that
the drawing can be scaled down further before its smallest words reach the minimum."""
GAP = 8.0
"""Points between the drawing and the legend under it."""
MAX_SCALE = 1.6
TIGHT = ['  graph [ranksep="0.3", nodesep="0.18"];']
"""A small part is enlarged at most this much to fill its page."""


class PagesError(ArgmapError):
    """The map cannot be laid out on the page asked for; the message says what to do."""


@dataclass(frozen=True, slots=True)
class Settings:
    theme: str
    direction: str
    legend: bool
    prefer: str | None
    timeout: float
    width: int = 34
    """Characters per line of a node's text."""


SVG_SIZE = re.compile(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def measure(svg: bytes) -> tuple[float, float]:
    found = SVG_SIZE.search(svg[:2000])
    if found is None:
        raise PagesError("the layout engine wrote an SVG without a size in points")
    return float(found.group(1)), float(found.group(2))


class Planner:
    """Splits a view into parts that each fit a page, and draws them."""

    def __init__(self, view: View, area: tuple[float, float], min_scale: float, settings: Settings) -> None:
        self.view = view
        self.area = area
        self.min_scale = min_scale
        self.settings = settings
        self.by_id = view.by_id
        self.rel_by_id = view.relation_by_id
        self.into: dict[str, list[ViewRelation]] = {}
        """Relations by target (a node, or for undercuts a relation id)."""
        for rel in view.relations:
            self.into.setdefault(rel.target, []).append(rel)
        self._cache: dict[tuple[frozenset[str], str], tuple[bytes, str, list[str]]] = {}
        self.home: dict[str, int] = {}
        """Page number of the part that owns each node (drawn in full there, with what bears on it)."""

    # ------------------------------------------------------------------ structure

    def premises_of(self, node_id: str) -> list[str]:
        out: list[str] = []
        for rel in self.into.get(node_id, []):
            out += rel.premises
            for under in self.into.get(rel.id, []):  # undercuts of this relation go with its target
                out += under.premises
        return out

    def subtree(self, root: str, taken: set[str]) -> list[str]:
        order, seen = [root], {root}
        for node_id in order:
            for p in self.premises_of(node_id):
                if p not in seen and p not in taken:
                    seen.add(p)
                    order.append(p)
        return order

    # ------------------------------------------------------------------ drawing one part

    def draw(self, nodes: Iterable[str], title: str, page_of: dict[str, int] | None) -> tuple[bytes, str, list[str]]:
        members = frozenset(nodes)
        key = (members, title if page_of is not None else "")
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._draw(members, title, page_of)
        return found

    def _draw(
        self, members: frozenset[str], title: str, page_of: dict[str, int] | None
    ) -> tuple[bytes, str, list[str]]:
        view = self.view
        nodes = [n for n in view.nodes if n.id in members]
        relations: list[ViewRelation] = []
        incoming: dict[tuple[str, str, int], list[str]] = {}
        outgoing: dict[tuple[str, str, str, int], None] = {}

        def where(node_id: str) -> int:
            return (page_of or {}).get(node_id, 99)  # 99: a stand-in while measuring

        drawn_rels: set[str] = set()
        for rel in view.relations:
            target_here = rel.target in members if rel.kind != "undercuts" else rel.target in drawn_rels
            here = [p for p in rel.premises if p in members]
            if target_here and here:
                relations.append(rel if len(here) == len(rel.premises) else replace(rel, premises=here, junction=True))
                drawn_rels.add(rel.id)
            if target_here:
                for p in rel.premises:
                    if p not in members:
                        incoming.setdefault((rel.target, rel.kind, where(p)), []).append(p)
            elif here:
                target = rel.target
                if rel.kind == "undercuts":
                    under = self.rel_by_id.get(rel.target)
                    target = under.target if under is not None else rel.target
                for p in here:
                    outgoing[(p, rel.kind, target, where(target))] = None
        # Markers go into the labels of the nodes they are about, as notes: a marker box of its own
        # would take a rank of height. While measuring (no page numbers yet), a long stand-in.
        markers: list[str] = []
        notes: dict[str, list[str]] = {}
        this = (page_of or {}).get("\x00this", 0)
        groups: dict[tuple[str, str], list[int]] = {}
        for (target, kind, page), _premises in incoming.items():
            groups.setdefault((target, kind), []).append(page)
        for (target, kind), pages in groups.items():
            owner = self.home.get(target)
            if page_of is not None and owner is not None and owner != this and owner in pages:
                text = f"-> {target} continues on page {owner}"
            else:
                shown = sorted(set(pages)) if page_of is not None else [99, 99, 99]
                what = {"supports": "support", "attacks": "attacks", "undercuts": "undercuts"}.get(kind, kind)
                text = f"more {what}: page{'s' * (len(shown) > 1)} {', '.join(map(str, shown))}"
            markers.append(text)
            under = self.rel_by_id.get(target)
            notes.setdefault(under.target if under is not None else target, []).append(text)
        for premise, kind, target, page in outgoing:
            text = f"-> {kind} {target}, page {page}"
            markers.append(text)
            notes.setdefault(premise, []).append(text)
        nodes = [replace(n, notes=list(dict.fromkeys([*n.notes, *notes[n.id]]))) if n.id in notes else n for n in nodes]
        part = View(
            title=title, nodes=nodes, relations=relations, total_nodes=len(nodes), total_relations=len(relations)
        )
        s = self.settings
        source = to_dot(
            part, theme=s.theme, direction=s.direction, legend=False, small=SMALL_PT, width=s.width, extra=TIGHT
        )
        svg = run(source, "svg", s)
        return svg, source, markers

    def scale_of(self, svg: bytes) -> float:
        w, h = measure(svg)
        return min(self.area[0] / w, self.area[1] / h, MAX_SCALE)

    def fits(self, nodes: Iterable[str]) -> bool:
        svg, _, _ = self.draw(nodes, self.view.title, None)
        return self.scale_of(svg) >= self.min_scale

    # ------------------------------------------------------------------ splitting

    def parts(self) -> list[list[str]]:
        view = self.view
        everything = [n.id for n in view.nodes]
        if self.fits(everything):
            return [everything]
        roots = [n.id for n in view.nodes if n.kind == "thesis"] or everything[:1]
        taken: set[str] = set()
        out: list[list[str]] = []
        for root in roots:
            out += self.split(root, taken)
        rest = [n for n in everything if n not in taken]
        while rest:  # nodes not connected to a thesis: their own parts
            out += self.split(rest[0], taken)
            rest = [n for n in rest if n not in taken]
        return out

    def split(self, root: str, taken: set[str]) -> list[list[str]]:
        members = self.subtree(root, taken)
        if self.fits(members):
            taken.update(members)
            return [members]
        taken.add(root)
        direct = [p for p in dict.fromkeys(self.premises_of(root)) if p not in taken]
        claims = [p for p in direct if self.by_id[p].kind in ("claim", "thesis")]
        leaves = [p for p in direct if p not in claims]
        taken.update(leaves)
        # The root with its evidence and its claims (whose own support goes on later pages).
        head = [root, *leaves, *claims]
        out = [head] if self.fits(head) else self.chunks(root, leaves, claims)
        for claim in claims:
            if claim not in taken:
                out += self.split(claim, taken)
        return out

    def chunks(self, root: str, leaves: list[str], claims: list[str]) -> list[list[str]]:
        """The root's direct premises a few at a time: as many as fit beside it on a page."""
        out: list[list[str]] = []
        current: list[str] = [root]
        for p in [*claims, *leaves]:
            if len(current) > 1 and not self.fits([*current, p]):
                out.append(current)
                current = [root]
            if len(current) == 1 and not self.fits([*current, p]):
                out.append([p])  # too big to share a page even with its claim: a page of its own
                continue
            current.append(p)
        if len(current) > 1 or not out:
            out.append(current)
        return out

    def pack(self, parts: list[list[str]]) -> list[list[str]]:
        """Parts share a page when they fit on it together. The biggest parts are placed first, each
        small one on the first page with room (first fit decreasing), and the pages then follow the
        argument's order (the page holding its earliest part first)."""
        order = {n: i for i, part in enumerate(parts) for n in reversed(part)}
        kept = [part for i, part in enumerate(parts) if not any(set(part) <= set(p) for p in parts[:i])]
        pages: list[list[str]] = []
        for part in sorted(kept, key=self.drawn_area, reverse=True):
            if any(set(part) <= set(page) for page in pages):
                continue  # drawn already (a top-level claim with nothing under it)
            for i, page in enumerate(pages):
                merged = list(dict.fromkeys([*page, *part]))
                if self.fits(merged):
                    pages[i] = merged
                    break
            else:
                pages.append(part)
        pages = [sorted(page, key=lambda n: order.get(n, 0)) for page in pages]
        return sorted(pages, key=lambda page: min(order.get(n, 0) for n in page))

    def drawn_area(self, nodes: list[str]) -> float:
        w, h = measure(self.draw(nodes, self.view.title, None)[0])
        return w * h


def _ids(ids: list[str]) -> str:
    return ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")


def run(source: str, fmt: str, s: Settings) -> bytes:
    from argmap.view.layout import LayoutError

    try:
        return layout(source, fmt, timeout=s.timeout, prefer=s.prefer)
    except LayoutError as exc:
        raise PagesError(str(exc)) from None
