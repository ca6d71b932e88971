"""The neutral view of a map: what every diagram, the terminal tree and the outline read.

A :class:`View` holds the nodes and relations to draw, with their texts already reduced to plain
lines (key facts of evidence, source in small type), which relations meet at a junction, and an account
of everything left out (by ``focus``) or folded (by ``collapse``), so no serialiser drops anything silently.
Building it is linear in the size of the map.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import get_args

from argmap.gcpause import gc_paused
from argmap.graph import MapGraph
from argmap.model import ArgMap, Node, Relation, RelationKind
from argmap.view.kinds import NODE_KINDS, evidence_facts
from argmap.view.text import clean, contradiction_line, source_line

__all__ = [
    "NODE_KINDS",
    "STATUSES",
    "View",
    "ViewError",
    "ViewNode",
    "ViewOptions",
    "ViewRelation",
    "build_view",
]

RELATION_KINDS: tuple[str, ...] = get_args(RelationKind)
"""supports, attacks, undercuts: the model's relation kinds."""
STATUSES = ("accepted", "rejected", "undecided")


class ViewError(ValueError):
    """The view cannot be built as asked (e.g. an unknown focus id); the message says what to do."""


@dataclass(slots=True)
class ViewNode:
    id: str
    kind: str
    """thesis, claim or the evidence type."""
    text: str
    facts: list[str] = field(default_factory=list)
    source: str | None = None
    status: str | None = None
    grounding: str | None = None
    """With a status, for a thesis or claim: how far it rests on evidence (evidenced, partly, asserted)."""
    notes: list[str] = field(default_factory=list)
    """What the view did to this node: evidence folded into it, links not shown."""
    remark: str | None = None
    """The map's own ``note`` on it, for the tree of ``argmap show`` (diagrams do not draw it)."""
    reference: bool = False
    """Drawn in full elsewhere on the same page (a page layout's part going on from it): only its kind,
    id and notes, in a dotted box."""


@dataclass(slots=True)
class ViewRelation:
    id: str
    kind: str
    premises: list[str]
    target: str
    """A node id, or for an undercut the id of the relation it attacks."""
    warrant: str | None = None
    qualifier: str | None = None
    """The author's hedge, with the relation's condition and weighing ("may; conceded, outweighed")."""
    junction: bool = False
    """Premises meet at a junction node first: linked premises, or a relation that is undercut."""
    by: str = "author"
    """Who draws the inference: the author, or the mapper (an inference the text leaves unsaid)."""
    warrant_by: str = "author"
    condition: str | None = None
    outweighed: bool = False
    remark: str | None = None
    """The map's own ``note`` on the relation, for the tree of ``argmap show``."""


@dataclass(frozen=True, slots=True)
class ViewOptions:
    focus: str | None = None
    depth: int = 2
    collapse: bool = False
    statuses: Mapping[str, str] | None = None
    grounding: Mapping[str, str] | None = None
    """Thesis and claim id -> evidenced, partly or asserted (:mod:`argmap.rules.grounding`), shown beside
    the status."""


@dataclass
class View:
    title: str
    nodes: list[ViewNode]
    relations: list[ViewRelation]
    total_nodes: int
    total_relations: int
    folded: int = 0
    """Evidence nodes folded into their claims by ``collapse``."""
    folded_relations: int = 0
    focus: str | None = None
    depth: int = 0
    by_id: dict[str, ViewNode] = field(init=False)
    relation_by_id: dict[str, ViewRelation] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {n.id: n for n in self.nodes}
        self.relation_by_id = {r.id: r for r in self.relations}

    @property
    def omitted_nodes(self) -> int:
        return self.total_nodes - len(self.nodes) - self.folded

    @property
    def omitted_relations(self) -> int:
        return self.total_relations - len(self.relations) - self.folded_relations

    def note(self) -> str | None:
        """One sentence on what is not drawn, or None when the diagram shows the whole map."""
        parts = []
        if self.focus is not None and (self.omitted_nodes or self.omitted_relations):
            parts.append(
                f"Focus on {self.focus}, {self.depth} step{'s' * (self.depth != 1)}: "
                f"{_n(self.omitted_nodes, 'node')} and {_n(self.omitted_relations, 'relation')} not shown"
            )
        if self.folded:
            parts.append(f"{_n(self.folded, 'evidence node')} folded into the claims they bear on")
        return "; ".join(parts) + "." if parts else None

    def node_kinds(self) -> list[str]:
        used = {n.kind for n in self.nodes}
        return [k for k in NODE_KINDS if k in used] + sorted(used.difference(NODE_KINDS))

    def relation_kinds(self) -> list[str]:
        used = {r.kind for r in self.relations}
        return [k for k in RELATION_KINDS if k in used]

    def statuses(self) -> list[str]:
        used = {n.status for n in self.nodes}
        return [s for s in STATUSES if s in used]

    def has_junctions(self) -> bool:
        return any(r.junction for r in self.relations)

    def element_count(self) -> int:
        """Nodes a layout engine has to place (map nodes and junctions)."""
        return len(self.nodes) + sum(1 for r in self.relations if r.junction)


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def build_view(m: ArgMap, options: ViewOptions | None = None, graph: MapGraph | None = None) -> View:
    """The view of ``m`` to draw. Raises :class:`ViewError` for an unknown focus id."""
    # A view holds several containers per node that live as long as the map and form no cycles; the
    # cyclic collector would walk them, and the whole map with them, again and again while they are
    # made (50,000 nodes: 0.86 -> 0.58 s). See argmap.gcpause.
    with gc_paused():
        return _build_view(m, options or ViewOptions(), graph or MapGraph(m))


def _build_view(m: ArgMap, options: ViewOptions, graph: MapGraph) -> View:
    keep_nodes: set[str] | None = None
    if options.focus is not None:
        if options.focus not in graph.nodes:
            raise ViewError(_unknown_focus(options.focus, graph))
        if options.depth < 0:
            raise ViewError("--depth must be 0 or more")
        keep_nodes = _neighbourhood(graph, options.focus, options.depth)
    kept_rels = _kept_relations(graph, keep_nodes)
    folded_nodes: set[str] = set()
    folded_rels: set[str] = set()
    if options.collapse:
        folded_nodes, folded_rels = _foldable(graph, kept_rels, options.focus)

    statuses = {k: v for k, v in (options.statuses or {}).items() if v in STATUSES}
    sources_seen: dict[tuple[str, ...], str | None] = {}
    nodes: list[ViewNode] = []
    index: dict[str, ViewNode] = {}
    for n in graph.nodes.values():
        if (keep_nodes is not None and n.id not in keep_nodes) or n.id in folded_nodes:
            continue
        # Only evidence has facts and sources; asking a thesis or claim for them costs a failed
        # attribute lookup in pydantic, a third of this loop's time on a big map.
        if n.kind == "evidence":
            vn = ViewNode(
                id=n.id,
                kind=n.type,
                text=clean(n.text),
                facts=evidence_facts(n),
                source=_source(n, graph, sources_seen),
                status=statuses.get(n.id),
                notes=[contradiction_line(c, graph.sources) for c in n.contradicted_by],
                remark=clean(n.note) if n.note else None,
            )
        else:
            status = statuses.get(n.id)
            vn = ViewNode(
                id=n.id,
                kind=n.kind,
                text=clean(n.text),
                status=status,
                grounding=(options.grounding or {}).get(n.id) if status else None,
                remark=clean(n.note) if n.note else None,
            )
        nodes.append(vn)
        index[n.id] = vn

    relations = _view_relations(graph, kept_rels, folded_rels)
    _annotate(graph, index, kept_rels, folded_rels, keep_nodes)
    view = View(
        title=clean(m.title),
        nodes=nodes,
        relations=relations,
        total_nodes=len(graph.nodes),
        total_relations=len(graph.relations),
        folded=len(folded_nodes),
        folded_relations=len(folded_rels),
        focus=options.focus,
        depth=options.depth,
    )
    return view


def _view_relations(graph: MapGraph, kept_rels: set[str], folded_rels: set[str]) -> list[ViewRelation]:
    """The relations drawn: kept by the focus and not folded, their texts cleaned."""
    undercut_targets = {r.target for r in graph.relations.values() if r.kind == "undercuts" and r.id in kept_rels}
    relations: list[ViewRelation] = []
    for r in graph.relations.values():
        if r.id not in kept_rels or r.id in folded_rels:
            continue
        premises = list(dict.fromkeys(r.premises))  # a premise named twice is drawn once
        relations.append(
            ViewRelation(
                id=r.id,
                kind=r.kind,
                premises=premises,
                target=r.target,
                warrant=clean(r.warrant) if r.warrant else None,
                qualifier=_hedge(r),
                junction=len(premises) > 1 or r.id in undercut_targets,
                by=r.by,
                warrant_by=r.warrant_maker,
                condition=clean(r.condition) if r.condition and r.condition_met is None else None,
                outweighed=r.outweighed,
                remark=clean(r.note) if r.note else None,
            )
        )
    return relations


_CONDITION_STATE = {None: "not yet met", True: "met", False: "not met"}


def _hedge(r: Relation) -> str | None:
    """What is written on the arrow before the warrant: the author's qualifier, the condition the
    relation holds under and whether it is met, and a concession's weighing ("may; conceded,
    outweighed"), so that no diagram draws a conditional or an outweighed attack as a plain one."""
    parts = [clean(r.qualifier)] if r.qualifier else []
    if r.condition:
        parts.append(f"if {clean(r.condition)}, {_CONDITION_STATE[r.condition_met]}")
    if r.outweighed:
        parts.append("conceded, outweighed")
    return "; ".join(parts) or None


def _source(node: Node, graph: MapGraph, seen: dict[tuple[str, ...], str | None]) -> str | None:
    # Many evidence nodes cite the same sources: format each combination once.
    key = tuple(node.backing()) if node.kind == "evidence" else ()
    if key not in seen:
        seen[key] = source_line(node, graph.sources)
    return seen[key]


def _unknown_focus(focus: str, graph: MapGraph) -> str:
    import difflib

    close = difflib.get_close_matches(focus, list(graph.nodes), n=1, cutoff=0.5)
    hint = f" (did you mean {close[0]}?)" if close else ""
    what = "is a relation, not a node" if focus in graph.relations else "is not a node of this map"
    return f"--focus {focus} {what}{hint}; give the id of a node"


def _participants(graph: MapGraph, r: Relation) -> list[str]:
    """Nodes a relation connects; an undercut reaches the nodes of the relation it attacks."""
    out = list(r.premises)
    seen = {r.id}
    while True:
        if r.target in graph.nodes:
            out.append(r.target)
            return out
        nxt = graph.relations.get(r.target)
        if nxt is None or nxt.id in seen:
            return out
        seen.add(nxt.id)
        out.extend(nxt.premises)
        r = nxt


def _touching(graph: MapGraph, node_id: str) -> list[Relation]:
    """Relations a node takes part in, with the undercuts of each (transitively)."""
    rels = [*graph.outgoing.get(node_id, ()), *graph.incoming.get(node_id, ())]
    out: list[Relation] = []
    seen: set[str] = set()
    while rels:
        r = rels.pop()
        if r.id in seen:
            continue
        seen.add(r.id)
        out.append(r)
        rels.extend(graph.incoming.get(r.id, ()))
    return out


def _neighbourhood(graph: MapGraph, focus: str, depth: int) -> set[str]:
    dist = {focus: 0}
    queue = deque([focus])
    while queue:
        u = queue.popleft()
        if dist[u] >= depth:
            continue
        for r in _touching(graph, u):
            for v in _participants(graph, r):
                if v not in dist and v in graph.nodes:
                    dist[v] = dist[u] + 1
                    queue.append(v)
    return set(dist)


def _kept_relations(graph: MapGraph, keep: set[str] | None) -> set[str]:
    """Relations whose every end is drawn (an undercut needs the relation it attacks)."""
    drawn = set(graph.nodes) if keep is None else keep & graph.nodes.keys()
    memo: dict[str, bool] = {}

    def kept(r: Relation) -> bool:
        chain: list[str] = []
        cur: Relation | None = r
        ok = True
        while cur is not None:
            if cur.id in memo:
                ok = memo[cur.id]
                break
            if cur.id in chain:  # undercuts undercutting each other in a circle: draw them
                break
            chain.append(cur.id)
            if not drawn.issuperset(cur.premises):
                ok = False
                break
            if cur.kind != "undercuts":
                ok = cur.target in drawn
                break
            cur = graph.relations.get(cur.target)
            if cur is None:
                ok = False
        for rid in chain:
            memo[rid] = ok
        return ok

    # Supports and attacks (nearly all relations) need only their own ends drawn: checked inline,
    # without the chain walk that undercuts need.
    return {
        r.id
        for r in graph.relations.values()
        if (r.target in drawn and drawn.issuperset(r.premises) if r.kind != "undercuts" else kept(r))
    }


def _foldable(graph: MapGraph, kept: set[str], focus: str | None) -> tuple[set[str], set[str]]:
    """Evidence that only supports or attacks nodes, alone or linked with other such evidence."""
    undercut = {r.target for r in graph.relations.values() if r.kind == "undercuts" and r.id in kept}
    candidates: set[str] = set()
    for e in graph.evidence:
        if e.id != focus and e.id in graph.nodes and graph.nodes[e.id] is e and not graph.incoming.get(e.id):
            out = [r for r in graph.outgoing.get(e.id, ()) if r.id in kept]
            if out and len(out) == len(graph.outgoing.get(e.id, ())):
                candidates.add(e.id)
    changed = True
    while changed:  # an evidence node stays if a relation it is in cannot fold; that may unfold others
        changed = False
        for eid in list(candidates):
            for r in graph.outgoing[eid]:
                if (
                    r.kind == "undercuts"
                    or r.id in undercut
                    or r.target not in graph.nodes
                    or any(p not in candidates for p in r.premises)
                ):
                    candidates.discard(eid)
                    changed = True
                    break
    rels = {r.id for eid in candidates for r in graph.outgoing[eid]}
    return candidates, rels


def _annotate(
    graph: MapGraph,
    index: dict[str, ViewNode],
    kept: set[str],
    folded: set[str],
    keep_nodes: set[str] | None,
) -> None:
    counts: dict[str, dict[str, set[str]]] = {}
    for rid in folded:
        r = graph.relations[rid]
        counts.setdefault(r.target, {"supports": set(), "attacks": set()})[r.kind].update(r.premises)
    for target_id, by_kind in counts.items():  # each node gets only its own note: order is irrelevant
        vn = index[target_id]  # folded relations target drawn nodes only
        pro, con = len(by_kind["supports"]), len(by_kind["attacks"])
        if pro or con:
            parts = [f"{pro} for"] if pro else []
            parts += [f"{con} against"] if con else []
            vn.notes.append(f"evidence folded: {', '.join(parts)}")
    if keep_nodes is None:
        return
    for node_id, vn in index.items():
        hidden = {
            r.id for r in (*graph.outgoing.get(node_id, ()), *graph.incoming.get(node_id, ())) if r.id not in kept
        }
        if hidden:
            vn.notes.append(f"{_n(len(hidden), 'link')} not shown")
