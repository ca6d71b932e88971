"""Derived lookups over a validated map: ids, incoming and outgoing relations, reachability.

Built once per map and shared by validation, rules, views, grading and interchange, so that none of
them re-derives structure on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from argmap.model import ArgMap, Evidence, Node, Relation, Source, Thesis

__all__ = ["MapGraph"]

_Item = TypeVar("_Item", Node, Relation, Source)


def _by_id(items: list[_Item]) -> tuple[dict[str, _Item], dict[str, int]]:
    """Item and place by id; the first occurrence wins for duplicate ids (validation reports them)."""
    ids = [x.id for x in items]
    by_id = dict(zip(ids, items, strict=True))
    if len(by_id) == len(ids):  # no duplicates: built at C speed
        return by_id, dict(zip(ids, range(len(ids)), strict=True))
    by_id, place = {}, {}
    for i, (key, x) in enumerate(zip(ids, items, strict=True)):
        if key not in by_id:
            by_id[key] = x
            place[key] = i
    return by_id, place


@dataclass
class MapGraph:
    """Index of a map. Dangling references are tolerated (validation reports them)."""

    map: ArgMap
    nodes: dict[str, Node] = field(init=False)
    relations: dict[str, Relation] = field(init=False)
    sources: dict[str, Source] = field(init=False)
    node_index: dict[str, int] = field(init=False)
    relation_index: dict[str, int] = field(init=False)
    source_index: dict[str, int] = field(init=False)
    cache: dict[str, object] = field(init=False, default_factory=dict, repr=False, compare=False)
    """Analyses derived from this graph by other modules (the rule context), computed once, by name."""

    def __post_init__(self) -> None:
        m = self.map
        self.nodes, self.node_index = _by_id(m.nodes)
        self.relations, self.relation_index = _by_id(m.relations)
        self.sources, self.source_index = _by_id(m.sources)

    # Made on first use: validation does not need them (``check --no-rules`` of a 50,000-node map
    # would spend a tenth of a second on them), the rules and the views do.
    @cached_property
    def incoming(self) -> dict[str, list[Relation]]:
        """Relations whose target is this node or relation id."""
        incoming: dict[str, list[Relation]] = {}  # filled in place: no defaultdict to copy afterwards
        for r in self.map.relations:
            t = r.target
            if t in incoming:
                incoming[t].append(r)
            else:
                incoming[t] = [r]
        return incoming

    @cached_property
    def outgoing(self) -> dict[str, list[Relation]]:
        """Relations in which this node is a premise."""
        outgoing: dict[str, list[Relation]] = {}
        for r in self.map.relations:
            for p in r.premises:
                if p in outgoing:
                    outgoing[p].append(r)
                else:
                    outgoing[p] = [r]
        return outgoing

    @cached_property
    def thesis(self) -> Thesis | None:
        for n in self.map.nodes:
            if isinstance(n, Thesis):
                return n
        return None

    @cached_property
    def evidence(self) -> list[Evidence]:
        return self.map.evidence()

    def node_path(self, node_id: str) -> tuple[str | int, ...]:
        """The model path of a node, for locating it in the file."""
        return ("nodes", self.node_index[node_id])

    def relation_path(self, relation_id: str) -> tuple[str | int, ...]:
        return ("relations", self.relation_index[relation_id])

    def source_path(self, source_id: str) -> tuple[str | int, ...]:
        return ("sources", self.source_index[source_id])

    def path_of(self, item_id: str) -> tuple[str | int, ...]:
        """Path of a node, relation or source id (in that order of preference); () if unknown."""
        if item_id in self.node_index:
            return self.node_path(item_id)
        if item_id in self.relation_index:
            return self.relation_path(item_id)
        if item_id in self.source_index:
            return self.source_path(item_id)
        return ()

    def connected_to_thesis(self) -> set[str]:
        """Ids of nodes and relations from which the thesis can be reached through relations."""
        thesis = self.thesis
        if thesis is None:
            return set()
        incoming = self.incoming
        seen: set[str] = {thesis.id}
        stack = [thesis.id]
        add, push, pop = seen.add, stack.append, stack.pop
        while stack:
            for r in incoming.get(pop(), ()):
                # An item that nothing targets has nothing to visit: it is seen, never stacked.
                rid = r.id
                if rid not in seen:
                    add(rid)
                    if rid in incoming:
                        push(rid)
                for p in r.premises:
                    if p not in seen:
                        add(p)
                        if p in incoming:
                            push(p)
        return seen
