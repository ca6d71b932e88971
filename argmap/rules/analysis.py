"""Evidence reach: which evidence stands beneath each claim, computed once for all rules and reports.

Support flows from premises to the target of each ``supports`` relation that is not rejected under
grounded semantics (an undercut that is accepted defeats the inference, see :mod:`argmap.semantics`).
Claims are visited in topological order of the support graph (Kahn's algorithm, linear time);
nodes caught in a support cycle, which validation reports as AM111 (and what lies beyond them), are
visited afterwards from a work list until nothing changes, so that reach is exact on cycles too.

What every rule needs is linear and computed at once: whether any evidence reaches a node, the
types of that evidence (a bit mask) and up to two of its sources. The exact set of evidence below
each node (a bit set: a Python int over the evidence list) is only needed by ``argmap gaps`` and
by a few messages, and costs time and memory that grow with nodes times evidence (at 50,000
nodes, 0.7 s and 100 MB): it is built on first use (:attr:`SupportIndex.below`), and a count for
one node is found by a walk down from that node until many nodes have asked.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress, repeat
from operator import attrgetter, eq, not_

from argmap.graph import MapGraph
from argmap.model import EVIDENCE_CLASSES, ArgMap, Evidence, Node
from argmap.semantics import Acceptability

__all__ = ["TYPE_BITS", "SupportIndex", "evidence_of", "types_of"]

TYPE_BITS: dict[str, int] = {name: 1 << i for i, name in enumerate(EVIDENCE_CLASSES)}
"""A bit per evidence type (from the model's registry), for sets of types as integers."""
_WALK_BUDGET = 4
"""Counts are found by walking down from the node until the walks have visited this many times the
number of nodes in all; then the bit sets are built instead. Walks cost what lies below each node
asked about, which is small for most claims; the budget keeps many walks over one deep chain linear."""
SOURCE_CAP = 2
"""How many distinct sources are tracked below a node: enough to tell one source from several."""
_ID, _KIND, _TARGET, _PREMISES = (attrgetter(a) for a in ("id", "kind", "target", "premises"))


def evidence_of(graph: MapGraph) -> list[Evidence]:
    """The evidence nodes of a graph, in map order (the first of a repeated id)."""
    return [n for n in graph.nodes.values() if n.kind == "evidence"]


def types_of(mask: int) -> list[str]:
    """Evidence type names present in a type bit mask, in a fixed order."""
    return [name for name, b in TYPE_BITS.items() if mask & b]


@dataclass(slots=True)
class _Links:
    """The live supports relations on node numbers, and by id what the index reports of them."""

    supports: dict[str, list[str]] = field(default_factory=dict)
    """Node id -> ids of every supports relation into it (live or defeated)."""
    defeated: dict[str, list[str]] = field(default_factory=dict)
    """Node id -> ids of its supports relations rejected under grounded semantics."""
    direct: dict[str, list[str]] = field(default_factory=dict)
    """Node id -> evidence ids that are premises of its live supports relations."""
    succ: list[list[int] | None] = field(default_factory=list)
    """Node number -> numbers of the targets of its live supports relations."""
    indeg: list[int] = field(default_factory=list)
    """Node number -> how many live premise links lead into it."""


def _links(m: ArgMap, index: dict[str, int], grounded: Mapping[str, str], position: dict[str, int], n: int) -> _Links:
    """Every supports relation of the map, filed by target; the live ones also as numbered links."""
    links = _Links(succ=[None] * n, indeg=[0] * n)
    supports, direct, defeated, succ, indeg = links.supports, links.direct, links.defeated, links.succ, links.indeg
    rels = list(compress(m.relations, map(eq, map(_KIND, m.relations), repeat("supports"))))
    rids = list(map(_ID, rels))
    targets = list(map(_TARGET, rels))
    for rid, target, t, label, premises in zip(
        rids, targets, map(index.get, targets), map(grounded.get, rids), map(_PREMISES, rels), strict=True
    ):
        if t is None:
            continue
        into = supports.get(target)
        if into is None:
            supports[target] = [rid]
        else:
            into.append(rid)
        if label == "rejected":
            defeated.setdefault(target, []).append(rid)
            continue
        for p in premises if len(premises) == 1 else dict.fromkeys(premises):
            i = index.get(p)
            if i is None or i == t:
                continue
            out = succ[i]
            if out is None:
                succ[i] = [t]
            else:
                out.append(t)
            indeg[t] += 1
            if p in position:
                here = direct.get(target)
                if here is None:
                    direct[target] = [p]
                else:
                    here.append(p)
    return links


class _Reach:
    """What evidence carries up the live supports, per node number: the types of the evidence below,
    up to SOURCE_CAP of its sources, whether some of it cites none, and whether any reaches the node."""

    def __init__(self, evidence: list[Evidence], places: Iterable[int], n: int) -> None:
        self.types = [0] * n
        self.sources: list[tuple[str, ...]] = [()] * n
        self.unsourced = bytearray(n)
        self.carries = bytearray(n)  # evidence, and nodes that evidence reaches: what they have goes up
        self.reached = bytearray(n)
        types, sources, unsourced, carries, bits = self.types, self.sources, self.unsourced, self.carries, TYPE_BITS
        for e, i in zip(evidence, places, strict=True):
            carries[i] = 1
            types[i] = bits[e.type]
            srcs = e.backing()
            if len(srcs) == 1:
                sources[i] = (srcs[0],)
            elif srcs:
                sources[i] = tuple(dict.fromkeys(srcs))[:SOURCE_CAP]
            else:
                unsourced[i] = 1

    def in_order(self, succ: list[list[int] | None], indeg: list[int]) -> list[int]:
        """Kahn's algorithm; each node carries what reaches it to its targets when it is taken, all
        that reaches it having been carried to it before. Returns the order (the queue itself): the
        nodes on or beyond a support cycle are not in it."""
        types, sources, unsourced, carries, reached = (
            self.types,
            self.sources,
            self.unsourced,
            self.carries,
            self.reached,
        )
        order = list(compress(range(len(indeg)), map(not_, indeg)))
        visit = order.append
        for i in order:
            ts = succ[i]
            if ts is None:
                continue
            if carries[i]:
                ty, src, uns = types[i], sources[i], unsourced[i]
                for t in ts:
                    reached[t] = carries[t] = 1
                    types[t] |= ty
                    if src:
                        known = sources[t]
                        if not known:
                            sources[t] = src  # distinct and capped already
                        elif len(known) < SOURCE_CAP and known != src:
                            sources[t] = tuple(dict.fromkeys((*known, *src)))[:SOURCE_CAP]
                    if uns:
                        unsourced[t] = 1
            for t in ts:
                indeg[t] -= 1
                if not indeg[t]:
                    visit(t)
        return order

    def on_cycles(self, succ: list[list[int] | None], rest: list[int]) -> None:
        """Carry what reaches the nodes ``rest`` (on or beyond a support cycle, where a node can be
        visited before what reaches it) from a work list until nothing changes."""
        types, sources, unsourced, carries, reached = (
            self.types,
            self.sources,
            self.unsourced,
            self.carries,
            self.reached,
        )
        work = deque(i for i in rest if carries[i])
        queued = set(work)
        while work:
            i = work.popleft()
            queued.discard(i)
            ty, src, uns = types[i], sources[i], unsourced[i]
            for t in succ[i] or ():
                before = (types[t], sources[t], reached[t], unsourced[t])
                reached[t] = carries[t] = 1
                types[t] |= ty
                if src and len(sources[t]) < SOURCE_CAP and sources[t] != src:
                    sources[t] = tuple(dict.fromkeys((*sources[t], *src)))[:SOURCE_CAP]
                if uns:
                    unsourced[t] = 1
                if before != (types[t], sources[t], 1, unsourced[t]) and t not in queued:
                    queued.add(t)
                    work.append(t)


class SupportIndex:
    """Per node: supporting relations, evidence beneath it, their types and (capped) sources."""

    def __init__(
        self, m: ArgMap, graph: MapGraph, acceptability: Acceptability, evidence: list[Evidence] | None = None
    ) -> None:
        self.map = m
        self.graph = graph
        self.evidence: list[Evidence] = evidence if evidence is not None else evidence_of(graph)
        """The evidence nodes, in map order (the first of a repeated id)."""
        ids = [e.id for e in self.evidence]
        self.position: dict[str, int] = dict(zip(ids, range(len(ids)), strict=True))
        """Evidence id -> its place in ``evidence`` (its bit in the bit sets is ``1 << position``)."""
        # The propagation runs on node numbers (places in ``_ids``) and flat lists: at 50,000 nodes
        # a dict lookup by id costs a cache miss or two, and the string-keyed results are made at
        # the end in bulk (zip, compress), at C speed.
        node_ids = self._ids = list(graph.nodes)
        n = len(node_ids)
        # Without repeated ids the graph's own index is these numbers (places in the map).
        same = len(graph.node_index) == n == len(m.nodes)
        index = self._index = graph.node_index if same else dict(zip(node_ids, range(n), strict=True))
        links = _links(m, index, acceptability.grounded, self.position, n)
        self.supports, self.defeated, self.direct = links.supports, links.defeated, links.direct
        self._succ = links.succ
        reach = _Reach(self.evidence, map(index.__getitem__, ids), n)
        self._evidence_at = bytes(reach.carries)
        """Node number -> 1 for evidence, else 0."""
        order = reach.in_order(links.succ, links.indeg)
        self._acyclic = acyclic = len(order)
        """How many nodes of ``order`` come in topological order; the rest lie on or beyond a cycle."""
        if acyclic < n:  # support cycles (AM111): visit them last, in map order
            seen = set(order)
            order.extend(i for i in range(n) if i not in seen)
            reach.on_cycles(links.succ, order[acyclic:])
        self._order = order
        self.reached: set[str] = set(compress(node_ids, reach.reached))
        """Node ids that some evidence reaches through live support (an evidence item: when
        something supports it)."""
        self._types = reach.types
        self.sources: dict[str, tuple[str, ...]] = dict(zip(node_ids, reach.sources, strict=True))
        """Node id -> up to SOURCE_CAP distinct source ids cited by evidence below it."""
        self.unsourced: set[str] = set(compress(node_ids, reach.unsourced))
        """Node ids with some evidence below that cites no source."""
        self._walk_budget = _WALK_BUDGET * n + 1_000

    @cached_property
    def types(self) -> dict[str, int]:
        """Node id -> bit mask (TYPE_BITS) of the types of evidence below it (made on first use: no
        rule asks for it)."""
        return dict(zip(self._ids, self._types, strict=True))

    @cached_property
    def order(self) -> list[str]:
        """Nodes in the order support was propagated (topological, then nodes on cycles)."""
        return list(map(self._ids.__getitem__, self._order))

    @cached_property
    def succ(self) -> dict[str, list[str]]:
        """Node id -> targets of the live supports relations it is a premise of (relation order)."""
        ids = self._ids
        return {ids[i]: [ids[t] for t in ts] for i, ts in enumerate(self._succ) if ts is not None}

    def carried(self, start: Iterable[str]) -> set[str]:
        """Ids of the nodes that a node of ``start``, or a node found so, supports through live
        support, in one pass in the propagation order (on a cycle, what comes back is not followed)."""
        index, succ, n = self._index, self._succ, len(self._ids)
        on = bytearray(n)
        for i in map(index.__getitem__, start):
            on[i] = 1
        out = bytearray(n)
        for i in self._order:
            ts = succ[i]
            if ts is not None and (on[i] or out[i]):
                for t in ts:
                    out[t] = 1
        return set(compress(self._ids, out))

    def has_evidence(self, node_id: str) -> bool:
        """Whether any evidence reaches ``node_id`` through live support."""
        return node_id in self.reached

    @cached_property
    def below(self) -> dict[str, int]:
        """Node id (thesis or claim) -> bit set of evidence that reaches it through live support.

        Evidence items are in it only when something supports them (validation reports that):
        see :meth:`below_of`. Built on first use, in one pass over the propagation order.
        """
        position, succ, order, acyclic = self.position, self.succ, self.order, self._acyclic
        below = {nid: 0 for nid, n in self.graph.nodes.items() if n.kind != "evidence"}

        def push(nid: str) -> list[str]:
            """Carry ``nid``'s bits to its targets; return the targets that changed."""
            changed: list[str] = []
            b = below[nid] if nid in below else 1 << position[nid]
            if not b:
                return changed
            for t in succ.get(nid, ()):
                old = below.get(t)
                below[t] = below[t] | b if t in below else b | 1 << position[t]
                if below[t] != old:
                    changed.append(t)
            return changed

        for nid in order if acyclic == len(order) else order[:acyclic]:
            targets = succ.get(nid)
            if not targets:
                continue
            b = below[nid] if nid in below else 1 << position[nid]
            if not b:
                continue
            for t in targets:
                if t in below:
                    below[t] |= b
                else:  # evidence as a target (validation reports it): its own bit and what reaches it
                    below[t] = b | 1 << position[t]
        work = deque(order[acyclic:])  # on or beyond a support cycle: repeat until nothing changes
        queued = set(work)
        while work:
            nid = work.popleft()
            queued.discard(nid)
            for t in push(nid):
                if t not in queued:
                    queued.add(t)
                    work.append(t)
        return below

    def below_of(self, node_id: str) -> int:
        """Bit set of the evidence reaching ``node_id`` (an evidence item: its own bit)."""
        below = self.below
        if node_id in below:
            return below[node_id]
        return 1 << self.position[node_id] if node_id in self.position else 0

    def evidence_below(self, node_id: str) -> list[Evidence]:
        """Evidence reaching ``node_id`` through live support, in map order."""
        digits = bin(self.below_of(node_id))[:1:-1]
        return [self.evidence[i] for i, d in enumerate(digits) if d == "1"]

    def count_below(self, node_id: str) -> int:
        """How many evidence items reach ``node_id`` (an evidence item counts itself)."""
        if "below" in self.__dict__ or self._walk_budget <= 0:
            return self.below_of(node_id).bit_count()
        start = self._index.get(node_id)
        if start is None:  # not a node: nothing reaches it
            self._walk_budget -= 1
            return 0
        pred, evidence = self._pred, self._evidence_at
        seen = {start}
        stack = [start]
        add, push, pop = seen.add, stack.append, stack.pop
        count = 0
        while stack:
            i = pop()
            count += evidence[i]
            for p in pred[i] or ():
                if p not in seen:
                    add(p)
                    push(p)
        self._walk_budget -= len(seen)
        return count

    @cached_property
    def _pred(self) -> list[list[int] | None]:
        """Node number -> numbers of the premises of its live supports relations (the support graph
        reversed)."""
        pred: list[list[int] | None] = [None] * len(self._ids)
        for i, targets in enumerate(self._succ):
            if targets is None:
                continue
            for t in targets:
                into = pred[t]
                if into is None:
                    pred[t] = [i]
                else:
                    into.append(i)
        return pred

    def first_evidence(self, bits: int, limit: int) -> list[str]:
        """Ids of the first ``limit`` evidence items in a bit set, in map order."""
        out: list[str] = []
        digits = bin(bits)[:1:-1]  # least significant bit first; one conversion instead of a shift per bit
        i = digits.find("1")
        while i >= 0 and len(out) < limit:
            out.append(self.evidence[i].id)
            i = digits.find("1", i + 1)
        return out

    @cached_property
    def type_bits(self) -> dict[str, int]:
        """Evidence type -> bit set of the evidence of that type."""
        digits: dict[str, list[str]] = {t: ["0"] * len(self.evidence) for t in TYPE_BITS}
        for i, e in enumerate(self.evidence):
            digits[e.type][-1 - i] = "1"
        return {t: int("".join(d) or "0", 2) for t, d in digits.items()}

    def sources_upto(self, cap: int) -> dict[str, tuple[str, ...]]:
        """Node id -> up to ``cap`` distinct source ids cited by evidence below it (linear time)."""
        out: dict[str, tuple[str, ...]] = {
            nid: tuple(dict.fromkeys(n.backing()))[:cap] if n.kind == "evidence" else ()
            for nid, n in self.graph.nodes.items()
        }
        for nid in self.order:
            mine = out[nid]
            if not mine:
                continue
            for t in self.succ.get(nid, ()):
                if len(out[t]) < cap:
                    out[t] = tuple(dict.fromkeys((*out[t], *mine)))[:cap]
        return out

    @cached_property
    def pro(self) -> set[str]:
        """The thesis and every node or relation that supports it through a chain of supports relations."""
        thesis = self.graph.thesis
        if thesis is None:
            return set()
        incoming, nodes = self.graph.incoming, self.graph.nodes
        seen = {thesis.id}
        stack = [thesis.id]
        add, push, pop = seen.add, stack.append, stack.pop
        while stack:
            for r in incoming.get(pop(), ()):
                if r.kind != "supports":
                    continue
                add(r.id)
                for p in r.premises:
                    if p not in seen and p in nodes:
                        add(p)
                        if p in incoming:  # what nothing targets has nothing to visit
                            push(p)
        return seen

    @cached_property
    def conclusions(self) -> list[Node]:
        """The thesis and the claims, thesis first, then claims in map order."""
        items = [n for n in self.graph.nodes.values() if n.kind in ("thesis", "claim")]
        return sorted(items, key=lambda n: n.kind != "thesis")
