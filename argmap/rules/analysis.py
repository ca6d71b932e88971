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
from functools import cached_property

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


def evidence_of(graph: MapGraph) -> list[Evidence]:
    """The evidence nodes of a graph, in map order (the first of a repeated id)."""
    return [n for n in graph.nodes.values() if n.kind == "evidence"]


def types_of(mask: int) -> list[str]:
    """Evidence type names present in a type bit mask, in a fixed order."""
    return [name for name, b in TYPE_BITS.items() if mask & b]


class SupportIndex:
    """Per node: supporting relations, evidence beneath it, their types and (capped) sources."""

    def __init__(
        self, m: ArgMap, graph: MapGraph, acceptability: Acceptability, evidence: list[Evidence] | None = None
    ) -> None:
        self.map = m
        self.graph = graph
        grounded = acceptability.grounded
        nodes = graph.nodes
        self.evidence: list[Evidence] = evidence if evidence is not None else evidence_of(graph)
        """The evidence nodes, in map order (the first of a repeated id)."""
        ids = [e.id for e in self.evidence]
        self.position: dict[str, int] = dict(zip(ids, range(len(ids)), strict=True))
        """Evidence id -> its place in ``evidence`` (its bit in the bit sets is ``1 << position``)."""
        self.supports: dict[str, list[str]] = {}
        """Node id -> ids of every supports relation into it (live or defeated)."""
        self.defeated: dict[str, list[str]] = {}
        """Node id -> ids of its supports relations rejected under grounded semantics."""
        self.direct: dict[str, list[str]] = {}
        """Node id -> evidence ids that are premises of its live supports relations."""
        succ: dict[str, list[str]] = {}
        indeg: dict[str, int] = dict.fromkeys(nodes, 0)
        position = self.position
        supports, direct = self.supports, self.direct
        for r in m.relations:
            target = r.target
            if r.kind != "supports" or target not in nodes:
                continue
            rid = r.id
            into = supports.get(target)
            if into is None:
                supports[target] = [rid]
            else:
                into.append(rid)
            if grounded.get(rid) == "rejected":
                self.defeated.setdefault(target, []).append(rid)
                continue
            premises = r.premises
            for p in premises if len(premises) == 1 else dict.fromkeys(premises):
                if p not in nodes or p == target:
                    continue
                out = succ.get(p)
                if out is None:
                    succ[p] = [target]
                else:
                    out.append(target)
                indeg[target] += 1
                if p in position:
                    here = direct.get(target)
                    if here is None:
                        direct[target] = [p]
                    else:
                        here.append(p)
        self.reached: set[str] = set()
        """Node ids that some evidence reaches through live support (an evidence item: when
        something supports it)."""
        self.types: dict[str, int]
        """Node id -> bit mask (TYPE_BITS) of the types of evidence below it."""
        self.sources: dict[str, tuple[str, ...]]
        """Node id -> up to SOURCE_CAP distinct source ids cited by evidence below it."""
        self.unsourced: set[str] = set()
        """Node ids with some evidence below that cites no source."""
        types = self.types = dict.fromkeys(nodes, 0)
        sources = self.sources = dict.fromkeys(nodes, ())
        reached, unsourced = self.reached, self.unsourced
        for e in self.evidence:
            eid = e.id
            types[eid] = TYPE_BITS[e.type]
            srcs = e.sources
            if len(srcs) == 1:
                sources[eid] = (srcs[0],)
            elif srcs:
                sources[eid] = tuple(dict.fromkeys(srcs))[:SOURCE_CAP]
            else:
                unsourced.add(eid)
        self._walk_budget = _WALK_BUDGET * len(nodes) + 1_000
        self.order: list[str] = []
        """Nodes in the order support was propagated (topological, then nodes on cycles)."""
        self.succ = succ
        order = self.order
        # Kahn's algorithm; each node carries what reaches it to its targets when it is taken, all
        # that reaches it having been carried to it before.
        queue = deque([nid for nid, d in indeg.items() if d == 0])
        take, put, visit = queue.popleft, queue.append, order.append
        while queue:
            nid = take()
            visit(nid)
            targets = succ.get(nid)
            if targets is None:
                continue
            if nid in position or nid in reached:
                ty, src = types[nid], sources[nid]
                uns = nid in unsourced
                for t in targets:
                    reached.add(t)
                    types[t] |= ty
                    if src:
                        known = sources[t]
                        if not known:
                            sources[t] = src  # distinct and capped already
                        elif len(known) < SOURCE_CAP and known != src:
                            sources[t] = tuple(dict.fromkeys((*known, *src)))[:SOURCE_CAP]
                    if uns:
                        unsourced.add(t)
            for t in targets:
                indeg[t] -= 1
                if not indeg[t]:
                    put(t)
        self._acyclic = acyclic = len(order)
        """How many nodes of ``order`` come in topological order; the rest lie on or beyond a cycle."""
        if acyclic < len(nodes):  # support cycles (AM111): visit them last, in map order
            seen = set(order)
            order.extend(nid for nid in nodes if nid not in seen)
        if acyclic < len(order):
            # On a cycle a node can be visited before what reaches it: repeat until nothing changes.
            work = deque(nid for nid in order[acyclic:] if nid in position or nid in reached)
            queued = set(work)
            while work:
                nid = work.popleft()
                queued.discard(nid)
                for t in self._push(nid):
                    if t not in queued:
                        queued.add(t)
                        work.append(t)

    def _push(self, nid: str) -> list[str]:
        """Carry what reaches ``nid`` to the targets of its live supports; return the targets that changed."""
        changed: list[str] = []
        targets = self.succ.get(nid)
        if not targets:
            return changed
        reached, types, sources, unsourced = self.reached, self.types, self.sources, self.unsourced
        ty, src, uns = types[nid], sources[nid], nid in unsourced
        for t in targets:
            before = (types[t], sources[t], t in reached, t in unsourced)
            reached.add(t)
            types[t] |= ty
            if src and len(sources[t]) < SOURCE_CAP and sources[t] != src:
                sources[t] = tuple(dict.fromkeys((*sources[t], *src)))[:SOURCE_CAP]
            if uns:
                unsourced.add(t)
            if before != (types[t], sources[t], True, t in unsourced):
                changed.append(t)
        return changed

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
        pred = self._pred
        position = self.position
        seen = {node_id}
        stack = [node_id]
        count = 0
        while stack:
            nid = stack.pop()
            if nid in position:
                count += 1
            for p in pred.get(nid, ()):
                if p not in seen:
                    seen.add(p)
                    stack.append(p)
        self._walk_budget -= len(seen)
        return count

    @cached_property
    def _pred(self) -> dict[str, list[str]]:
        """Target -> premises of its live supports relations (the support graph reversed)."""
        pred: dict[str, list[str]] = {}
        for nid, targets in self.succ.items():
            for t in targets:
                if t in pred:
                    pred[t].append(nid)
                else:
                    pred[t] = [nid]
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
            nid: tuple(dict.fromkeys(n.sources))[:cap] if n.kind == "evidence" else ()
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
