"""Reference and structure checks on a shape-valid map (codes AM103-AM115).

These are the problems that make a map wrong rather than weak: dangling ids, duplicate ids,
self-loops, relations whose ends make no sense, a missing or doubled thesis, circles of support.
Weaknesses (missing evidence and the like) are the rule engine's business.
"""

from __future__ import annotations

import difflib
from collections import Counter
from typing import TYPE_CHECKING

from argmap.diagnostics import Diagnostic, Path, Severity
from argmap.graph import MapGraph
from argmap.model import ArgMap, Relation
from argmap.provenance import check_provenance

if TYPE_CHECKING:
    from argmap.load import LoadResult

__all__ = ["check_structure", "suggest_closest", "support_cycles"]


def _suggest(name: str, candidates: list[str]) -> str:
    """The closest candidate, case ignored (``c1`` finds ``C1`` before ``E1``)."""
    return suggest_closest(name, candidates, " (did you mean {}?)", cutoff=0.5)


def suggest_closest(name: str, candidates: list[str], template: str, *, cutoff: float) -> str:
    """``template`` filled with the candidate closest to ``name``, comparing case-insensitively (an exact
    match but for case wins), or '' when none is close."""
    folded: dict[str, str] = {}
    for c in candidates:
        folded.setdefault(c.casefold(), c)
    key = name.casefold()
    if key in folded:
        return template.format(folded[key])
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=cutoff)
    return template.format(folded[close[0]]) if close else ""


def check_structure(result: LoadResult) -> None:
    """Append structure diagnostics for ``result.map`` to ``result``."""
    m = result.map
    if m is None:
        return
    graph = result.graph
    assert graph is not None
    known_invalid = result.invalid_ids
    for d in _duplicates(m, result.index_map, graph):
        result.add(d)
    node_ids = list(graph.nodes)
    relation_ids = list(graph.relations)

    _check_sources(result, m, graph)
    check_provenance(result, m, graph)
    nodes = graph.nodes
    for i, r in enumerate(m.relations):
        # The common case, inline (a call per relation was a third of this loop): one premise, both
        # ends known and distinct, evidence not concluded, the thesis not a premise of support.
        kind, premises, target = r.kind, r.premises, r.target
        if kind != "undercuts" and len(premises) == 1:
            premise = premises[0]
            end, start = nodes.get(target), nodes.get(premise)
            if (
                end is not None
                and start is not None
                and premise != target
                and (kind != "supports" or (end.kind != "evidence" and start.kind != "thesis"))
            ):
                continue
        _check_relation(result, graph, i, r, node_ids, relation_ids)

    theses = [(i, n) for i, n in enumerate(m.nodes) if n.kind == "thesis"]
    if not theses and _all_nodes_valid(result) and not any(x for x in known_invalid if x not in graph.nodes):
        result.add(
            Diagnostic(
                "AM109",
                "the map has no thesis: mark its main conclusion with `kind: thesis`",
                path=("nodes",),
            )
        )
    for i, n in theses[1:]:
        result.add(
            Diagnostic(
                "AM110",
                f"node {n.id} is a second thesis (the first is {theses[0][1].id}); a map has exactly one: "
                "make the others claims that support it",
                path=("nodes", i, "kind"),
                subject=n.id,
            )
        )

    for cycle in support_cycles(m, graph):
        first = cycle[0]
        shown = " -> ".join([*cycle, first])
        result.add(
            Diagnostic(
                "AM111",
                f"support cycle {shown}: each node supports the next, so none is grounded; break the circle",
                path=graph.node_path(first),
                subject=first,
            )
        )


def _check_sources(result: LoadResult, m: ArgMap, graph: MapGraph) -> None:
    """Every source an evidence node cites exists, and so does the one its anchor names."""
    source_ids = list(graph.sources)
    known_invalid = result.invalid_ids
    for i, n in enumerate(m.nodes):
        if n.kind != "evidence":
            continue
        for j, sid in enumerate(n.sources):
            if sid not in graph.sources and sid not in known_invalid:
                result.add(
                    Diagnostic(
                        "AM104",
                        f"node {n.id} cites unknown source {sid}{_suggest(sid, source_ids)}",
                        path=("nodes", i, "sources", j),
                        subject=n.id,
                    )
                )
        if n.anchor and n.anchor.source and n.anchor.source not in n.sources:
            result.add(
                Diagnostic(
                    "AM104",
                    f"node {n.id}: anchor names source {n.anchor.source}, which the node does not cite; "
                    "add it to `sources` or fix the anchor",
                    path=("nodes", i, "anchor", "source"),
                    subject=n.id,
                )
            )


def _all_nodes_valid(result: LoadResult) -> bool:
    """False when some node was dropped as invalid (it may be the thesis: do not guess)."""
    raw = result.data.get("nodes") if isinstance(result.data, dict) else None
    if raw is None:
        return True
    return isinstance(raw, list) and result.map is not None and len(raw) == len(result.map.nodes)


def _duplicates(m: ArgMap, kept: dict[str, list[int]], graph: MapGraph) -> list[Diagnostic]:
    def number(key: str, i: int) -> int:
        """1-based place in the file (items that failed validation are not in a partial model)."""
        where = kept.get(key)
        return (where[i] if where and i < len(where) else i) + 1

    out: list[Diagnostic] = []
    lists = (("nodes", m.nodes, graph.nodes), ("relations", m.relations, graph.relations))
    for key, items, first_of in (*lists, ("sources", m.sources, graph.sources)):
        if len(first_of) == len(items):
            continue  # the graph kept every item: no id repeats
        counts = Counter(x.id for x in items)
        first: dict[str, int] = {}
        for i, item in enumerate(items):
            if counts[item.id] < 2:
                continue
            if item.id not in first:
                first[item.id] = i
                continue
            out.append(
                Diagnostic(
                    "AM106",
                    f"duplicate id {item.id}: {key} #{number(key, first[item.id])} and #{number(key, i)} "
                    "share it; ids must be unique",
                    path=(key, i, "id"),
                    subject=item.id,
                )
            )
    # A node and a relation sharing an id would make undercut targets ambiguous.
    node_ids = graph.nodes
    if graph.relations.keys().isdisjoint(node_ids):  # the usual case, found at C speed
        return out
    for i, r in enumerate(m.relations):
        if r.id in node_ids:
            out.append(
                Diagnostic(
                    "AM106",
                    f"relation id {r.id} is also a node id; give the relation its own id",
                    path=("relations", i, "id"),
                    subject=r.id,
                )
            )
    return out


def _plainly_valid(r: Relation, graph: MapGraph) -> bool:
    """A supports or attacks relation with nothing to report (the common case), decided without
    building the paths and messages the full check makes for each premise."""
    nodes = graph.nodes
    target = nodes.get(r.target)
    supports = r.kind == "supports"
    if target is None or (supports and target.kind == "evidence"):
        return False
    premises = r.premises
    for p in premises:
        node = nodes.get(p)
        if node is None or p == r.target or (supports and node.kind == "thesis"):
            return False
    return len(premises) == 1 or len(set(premises)) == len(premises)


def _check_relation(
    result: LoadResult, graph: MapGraph, i: int, r: Relation, node_ids: list[str], relation_ids: list[str]
) -> None:
    if r.kind != "undercuts" and _plainly_valid(r, graph):
        return
    _check_premises(result, graph, i, r, node_ids)
    if r.kind == "undercuts":
        _check_undercut_target(result, graph, i, r, relation_ids)
    else:
        _check_target(result, graph, i, r, node_ids)


def _finding(r: Relation, code: str, message: str, path: Path, severity: Severity = Severity.ERROR) -> Diagnostic:
    """A finding about relation ``r``, at ``path``."""
    return Diagnostic(code, message, severity, path=path, subject=r.id)


def _check_premises(result: LoadResult, graph: MapGraph, i: int, r: Relation, node_ids: list[str]) -> None:
    """Each premise (``from``) is a node of the map, named once, not the target, not the thesis of a support."""
    seen: set[str] = set()
    for j, p in enumerate(r.premises):
        path = ("relations", i, "from", j) if len(r.premises) > 1 else ("relations", i, "from")
        if p in seen:
            result.add(_finding(r, "AM115", f"relation {r.id} lists premise {p} twice", path, Severity.WARNING))
        seen.add(p)
        if p not in graph.nodes:
            if p in result.invalid_ids:
                continue
            if p in graph.relations:
                message = f"relation {r.id} has relation {p} as a premise; premises must be nodes"
                result.add(_finding(r, "AM108", message, path))
            else:
                message = f"relation {r.id} points to unknown node {p}{_suggest(p, node_ids)}"
                result.add(_finding(r, "AM103", message, path))
            continue
        if p == r.target:
            message = f"relation {r.id} goes from {p} to itself; a node cannot {r.kind.rstrip('s')} itself"
            result.add(_finding(r, "AM107", message, path))
        if graph.nodes[p].kind == "thesis" and r.kind == "supports":
            message = (
                f"relation {r.id} uses the thesis {p} as a premise; the thesis is the conclusion, "
                "so make the premise a claim"
            )
            result.add(_finding(r, "AM108", message, path))


def _check_undercut_target(result: LoadResult, graph: MapGraph, i: int, r: Relation, relation_ids: list[str]) -> None:
    """An undercut's ``to`` is another relation of the map."""
    tpath = ("relations", i, "to")
    if r.target in graph.relations:
        if r.target == r.id:
            result.add(_finding(r, "AM107", f"relation {r.id} undercuts itself", tpath))
    elif r.target in graph.nodes:
        message = (
            f"undercut {r.id} targets node {r.target}; an undercut attacks a relation's inference: "
            "point `to` at a relation id, or use `kind: attacks` to rebut the node"
        )
        result.add(_finding(r, "AM108", message, tpath))
    elif r.target not in result.invalid_ids:
        message = f"undercut {r.id} points to unknown relation {r.target}{_suggest(r.target, relation_ids)}"
        result.add(_finding(r, "AM105", message, tpath))


def _check_target(result: LoadResult, graph: MapGraph, i: int, r: Relation, node_ids: list[str]) -> None:
    """A support's or attack's ``to`` is a node of the map, and a support's is not evidence."""
    tpath = ("relations", i, "to")
    if r.target in graph.nodes:
        if graph.nodes[r.target].kind == "evidence" and r.kind == "supports":
            message = (
                f"relation {r.id} supports evidence node {r.target}; "
                "evidence is reported, not concluded: "
                "make the target a claim"
            )
            result.add(_finding(r, "AM108", message, tpath))
    elif r.target in graph.relations:
        message = f"relation {r.id} ({r.kind}) targets relation {r.target}; only `undercuts` may target a relation"
        result.add(_finding(r, "AM108", message, tpath))
    elif r.target not in result.invalid_ids:
        message = f"relation {r.id} points to unknown node {r.target}{_suggest(r.target, node_ids)}"
        result.add(_finding(r, "AM103", message, tpath))


def support_cycles(m: ArgMap, graph: MapGraph | None = None) -> list[list[str]]:
    """Elementary circles in the support graph, one per strongly connected component.

    Each cycle is returned starting at its smallest id, so output is deterministic.
    """
    graph = graph or MapGraph(m)
    supports = [(r.premises, r.target) for r in m.relations if r.kind == "supports"]
    # A node on a circle both supports and is supported: only such nodes (about a third of them in a
    # big map) are taken into the search, and the circles among them are all the graph's circles.
    targets = {t for _, t in supports}
    on = {p for ps, _ in supports for p in ps if p in targets}.intersection(graph.nodes)
    succ: dict[str, list[str]] = {}
    for ps, t in supports:
        if t not in on:
            continue
        for p in ps:
            if p != t and p in on:
                if p in succ:
                    succ[p].append(t)
                else:
                    succ[p] = [t]
    components = _strongly_connected(_cyclic_part(succ))
    cycles: list[list[str]] = []
    for comp in components:
        if len(comp) < 2:
            continue
        members = set(comp)
        start = min(comp)
        # Walk inside the component back to start: BFS for a shortest circle through `start`.
        prev: dict[str, str] = {}
        queue = [start]
        found = False
        while queue and not found:
            nxt: list[str] = []
            for u in queue:
                for v in sorted(succ.get(u, ())):
                    if v not in members:
                        continue
                    if v == start:
                        prev[start] = u
                        found = True
                        break
                    if v not in prev:
                        prev[v] = u
                        nxt.append(v)
                if found:
                    break
            queue = nxt
        path = [start]
        cur = prev.get(start)
        while cur is not None and cur != start:
            path.append(cur)
            cur = prev.get(cur)
        cycles.append([path[0], *reversed(path[1:])])
    cycles.sort()
    return cycles


def _cyclic_part(succ: dict[str, list[str]]) -> dict[str, list[str]]:
    """The graph less the nodes that no cycle can pass through, peeled in linear time (Kahn).

    A node whose every predecessor has been peeled cannot be on a cycle; what is left holds every
    cycle (and the nodes downstream of one), usually nothing: Tarjan then has little or no work.
    """
    indeg: dict[str, int] = dict.fromkeys(succ, 0)
    for targets in succ.values():
        for w in targets:
            indeg[w] = indeg.get(w, 0) + 1
    queue = [v for v, d in indeg.items() if d == 0]
    peeled: set[str] = set()
    while queue:
        v = queue.pop()
        peeled.add(v)
        for w in succ.get(v, ()):
            indeg[w] -= 1
            if indeg[w] == 0:
                queue.append(w)
    if len(peeled) == len(indeg):
        return {}
    return {v: [w for w in ws if w not in peeled] for v, ws in succ.items() if v not in peeled}


def _strongly_connected(succ: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (maps can be deep)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(succ):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack.add(v)
            children = succ.get(v, [])
            if i < len(children):
                work.append((v, i + 1))
                w = children[i]
                if w not in index:
                    work.append((w, 0))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                comp: list[str] = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return out
