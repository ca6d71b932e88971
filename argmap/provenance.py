"""The author apart from the mapper: what the map-maker added, and the author's argument alone.

A map says what the text argues, and usually more: an inference the text leaves unsaid, a warrant
the mapper supplies, a record looked up to check a date. The format marks these with ``by: mapper``
(on nodes, relations and sources) and ``warrant_by: mapper`` (a relation the author draws, a warrant
the mapper words). :func:`author_only` takes the mapper's part out, so that ``argmap gaps
--author-only`` judges the argument as the author made it; :func:`provenance_losses` lists what a
format that cannot hold these marks (or the author's own weighing: a condition, a concession) drops.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from argmap.diagnostics import Diagnostic
from argmap.model import ArgMap, Relation

if TYPE_CHECKING:
    from argmap.graph import MapGraph
    from argmap.interchange import Loss
    from argmap.load import LoadResult

__all__ = ["AuthorOnly", "author_only", "check_provenance", "mapper_items", "provenance_losses"]


@dataclass
class AuthorOnly:
    """The author's argument alone, and what was taken out to get it."""

    map: ArgMap
    removed: list[str] = field(default_factory=list)
    """One line per item taken out: ``relation R34 (the mapper's inference)``."""


def mapper_items(m: ArgMap) -> list[str]:
    """Ids of the nodes, relations and sources the mapper added (``by: mapper``), in map order."""
    return [x.id for x in (*m.sources, *m.nodes, *m.relations) if x.by == "mapper"]


def author_only(m: ArgMap) -> AuthorOnly:
    """The map without the mapper's nodes, relations, warrants and records.

    A relation that loses a premise or its target with a mapper's node goes too (and so does an undercut
    of a relation that goes); evidence keeps only the author's sources, and a ``contradicted_by`` entry
    naming a mapper's record is dropped with the record. The result is a valid map whenever ``m`` is
    (the thesis is the author's by definition: a ``by: mapper`` thesis is kept).
    """
    removed: list[str] = []
    sources = {s.id for s in m.sources if s.by == "mapper"}
    nodes = {n.id for n in m.nodes if n.by == "mapper" and n.kind != "thesis"}
    for sid in sources:
        removed.append(f"source {sid} (a record the mapper looked up)")
    for nid in nodes:
        removed.append(f"node {nid} (the mapper's)")
    gone = _relations_gone(m, nodes, removed)
    data: dict[str, Any] = m.model_dump(by_alias=True, exclude_defaults=True)
    data["sources"] = [s for s in data.get("sources", []) if s["id"] not in sources]
    data["nodes"] = [_author_node(n, sources) for n in data.get("nodes", []) if n["id"] not in nodes]
    rels = []
    for r, raw in zip(m.relations, data.get("relations", []), strict=True):
        if r.id in gone:
            continue
        if r.warrant and r.warrant_maker == "mapper":
            raw.pop("warrant", None)
            removed.append(f"warrant of {r.id} (the mapper's)")
        raw.pop("warrant_by", None)
        rels.append(raw)
    data["relations"] = rels
    return AuthorOnly(ArgMap.model_validate(data, strict=False), removed)


def _relations_gone(m: ArgMap, nodes: set[str], removed: list[str]) -> set[str]:
    gone: set[str] = set()
    changed = True
    while changed:  # an undercut of a relation that goes goes too
        changed = False
        for r in m.relations:
            if r.id in gone:
                continue
            why = None
            if r.by == "mapper":
                why = "the mapper's inference"
            elif nodes.intersection(r.premises) or r.target in nodes:
                why = "it joins a node of the mapper's"
            elif r.target in gone:
                why = f"it undercuts {r.target}, which goes"
            if why is not None:
                gone.add(r.id)
                removed.append(f"relation {r.id} ({why})")
                changed = True
    return gone


def _author_node(n: dict[str, Any], sources: set[str]) -> dict[str, Any]:
    if "sources" in n:
        n["sources"] = [s for s in n["sources"] if s not in sources]
        if not n["sources"]:
            del n["sources"]
    if "contradicted_by" in n:
        n["contradicted_by"] = [c for c in n["contradicted_by"] if c["source"] not in sources]
        if not n["contradicted_by"]:
            del n["contradicted_by"]
    if n.get("anchor", {}).get("source") in sources:
        del n["anchor"]
    return n


def provenance_losses(m: ArgMap) -> list[Loss]:
    """What a format without provenance or weighing drops: ``by``, ``warrant_by``, ``condition``,
    ``condition_met``, ``outweighed`` and ``contradicted_by``, one loss per item that has any."""
    from argmap.interchange import Loss

    losses: list[Loss] = []
    for s in m.sources:
        if s.by == "mapper":
            losses.append(Loss("provenance", s.id, "by: mapper (a record the mapper looked up) not kept"))
    for n in m.nodes:
        if n.by == "mapper":
            losses.append(Loss("provenance", n.id, "by: mapper (the mapper added it) not kept"))
        if n.kind == "evidence" and n.contradicted_by:
            names = ", ".join(c.source for c in n.contradicted_by)
            losses.append(Loss("contradicted-by", n.id, f"contradicted_by {names} not kept"))
    for r in m.relations:
        if r.by == "mapper" or r.warrant_by is not None:
            what = "by: mapper (the mapper's inference)" if r.by == "mapper" else f"warrant_by: {r.warrant_by}"
            losses.append(Loss("provenance", r.id, f"{what} not kept"))
        if r.condition:
            met = {None: "not yet met", True: "met", False: "failed"}[r.condition_met]
            losses.append(Loss("condition", r.id, f"condition {r.condition[:60]!r} ({met}) not kept"))
        if r.outweighed:
            losses.append(
                Loss("outweighed", r.id, "outweighed (a conceded attack) not kept: it reads as a plain attack")
            )
    return losses


def check_provenance(result: LoadResult, m: ArgMap, graph: MapGraph) -> None:
    """Validation of the records and weighing fields: every ``contradicted_by`` source exists,
    ``outweighed`` is on an attack or undercut, ``condition_met`` goes with a ``condition``."""
    _check_contradictions(result, m, graph)
    for i, r in enumerate(m.relations):
        if r.outweighed or r.condition_met is not None:
            _check_weighing(result, i, r)


def _check_contradictions(result: LoadResult, m: ArgMap, graph: MapGraph) -> None:
    """Every source a ``contradicted_by`` entry names exists (a record that says otherwise)."""
    source_ids = list(graph.sources)
    for i, n in enumerate(m.nodes):
        if n.kind != "evidence" or not n.contradicted_by:
            continue
        for j, c in enumerate(n.contradicted_by):
            if c.source not in graph.sources and c.source not in result.invalid_ids:
                result.add(
                    Diagnostic(
                        "AM104",
                        f"node {n.id}: contradicted_by names unknown source {c.source}{_closest(c.source, source_ids)}",
                        path=("nodes", i, "contradicted_by", j, "source"),
                        subject=n.id,
                    )
                )


def _check_weighing(result: LoadResult, i: int, r: Relation) -> None:
    """``outweighed`` belongs to attacks and undercuts; ``condition_met`` to a relation with a condition."""
    if r.outweighed and r.kind == "supports":
        result.add(
            Diagnostic(
                "AM102",
                f"relation {r.id}: `outweighed` marks a conceded attack; a supports relation cannot be outweighed "
                "(remove it, or make the relation an attack)",
                path=("relations", i, "outweighed"),
                subject=r.id,
            )
        )
    if r.condition_met is not None and not r.condition:
        result.add(
            Diagnostic(
                "AM102",
                f"relation {r.id} has `condition_met` but no `condition`; write the condition it depends on",
                path=("relations", i, "condition_met"),
                subject=r.id,
            )
        )


def _closest(name: str, candidates: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.5)
    return f" (did you mean {close[0]}?)" if close else ""
