"""AIF export: I-nodes for the map's nodes, RA and CA nodes for its relations, losses itemised.

See :mod:`argmap.interchange.aif` for the mapping between the two formats.
"""

from __future__ import annotations

import json
from typing import Any, NotRequired, TypedDict

from argmap.interchange import Exported, Loss
from argmap.interchange._build import pick_thesis
from argmap.model import ArgMap, Node
from argmap.provenance import provenance_losses
from argmap.schemes import get_scheme

__all__ = ["AifEdge", "AifGraph", "AifNode", "export_aif", "render_fields"]


class AifNode(TypedDict):
    nodeID: str
    text: str
    type: str
    timestamp: NotRequired[str]
    scheme: NotRequired[str]
    schemeID: NotRequired[str]


class AifEdge(TypedDict):
    edgeID: str
    fromID: str
    toID: str
    formEdgeID: NotRequired[str | None]


class AifLocution(TypedDict):
    nodeID: str
    personID: NotRequired[str | int]
    timestamp: NotRequired[str]
    start: NotRequired[str | None]


class AifParticipant(TypedDict):
    participantID: str | int
    firstname: NotRequired[str]
    surname: NotRequired[str]


class AifGraph(TypedDict):
    nodes: list[AifNode]
    edges: list[AifEdge]
    locutions: list[AifLocution]
    participants: NotRequired[list[AifParticipant]]


_BASE_FIELDS = {"id", "kind", "type", "text", "tags", "note", "ignore", "answers", "sources", "anchor"}


# --------------------------------------------------------------------------- export


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_fmt(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_fmt(v)}" for k, v in value.items())
    return str(value)


def render_fields(node: Node) -> tuple[str, list[str]]:
    """The node's text with its typed evidence fields in brackets, and the names of those fields."""
    if node.kind != "evidence":
        return node.text, []
    data = node.model_dump(mode="json", exclude_defaults=True)
    fields = {k: v for k, v in data.items() if k not in _BASE_FIELDS}
    if not fields:
        return f"{node.text} [{node.type}]", []
    inner = "; ".join(f"{k} {_fmt(v)}" for k, v in fields.items())
    return f"{node.text} [{node.type}: {inner}]", list(fields)


def export_aif(m: ArgMap) -> Exported:
    """The map as AIFdb JSON; everything AIF cannot hold is itemised as a loss."""
    losses: list[Loss] = []
    nodes: list[AifNode] = []
    edges: list[AifEdge] = []
    for key in ("authors", "description", "created"):
        if getattr(m, key):
            losses.append(Loss("map-field", "(map)", f"{key} not kept: AIF has no map metadata"))
    losses.insert(0, Loss("map-field", "(map)", f"title {m.title!r} not kept: AIF has no map title"))
    if m.config.select or m.config.ignore or m.config.severity or m.config.evidence != "expected":
        losses.append(Loss("map-field", "(map)", "config (rule settings) not kept"))
    for s in m.sources:
        losses.append(Loss("source", s.id, f"source {s.title!r} not kept: AIF has no sources"))
    for n in m.nodes:
        text, fields = render_fields(n)
        nodes.append({"nodeID": n.id, "text": text, "type": "I"})
        if n.kind == "evidence":
            shown = ", ".join(fields) if fields else "no fields"
            losses.append(
                Loss(
                    "evidence-field",
                    n.id,
                    f"{n.type} evidence becomes a plain I-node; typed fields only as text: {shown}",
                )
            )
            if n.sources:
                losses.append(Loss("source", n.id, f"cites {', '.join(n.sources)}: not kept"))
            if n.anchor:
                losses.append(Loss("anchor", n.id, f"anchor {n.anchor.exact[:60]!r} not kept"))
        if n.tags:
            losses.append(Loss("tags", n.id, f"tags {', '.join(n.tags)} not kept"))
        if n.kind != "evidence" and n.type:
            losses.append(Loss("claim-type", n.id, f"claim type {n.type} not kept"))
        if n.answers:
            losses.append(Loss("answers", n.id, f"answers {', '.join(n.answers)} not kept"))
        if n.note:
            losses.append(Loss("note", n.id, "note not kept"))
        if n.ignore:
            losses.append(Loss("ignore", n.id, f"ignore codes {', '.join(n.ignore)} not kept"))
    edge_no = 0

    def edge(a: str, b: str) -> None:
        nonlocal edge_no
        edge_no += 1
        edges.append({"edgeID": f"e{edge_no}", "fromID": a, "toID": b})

    for r in m.relations:
        stype = "RA" if r.kind == "supports" else "CA"
        s_node: AifNode = {
            "nodeID": r.id,
            "text": "Default Inference" if stype == "RA" else "Default Conflict",
            "type": stype,
        }
        scheme = get_scheme(r.scheme) if r.scheme else None
        if scheme is not None:  # AIFdb names the scheme on the S-node
            s_node["text"] = s_node["scheme"] = scheme.name
        if r.answers:
            losses.append(Loss("answers", r.id, f"answers {', '.join(r.answers)} not kept"))
        nodes.append(s_node)
        for p in r.premises:
            edge(p, r.id)
        edge(r.id, r.target)
        for name in ("warrant", "qualifier", "strength", "note"):
            value = getattr(r, name)
            if value is not None:
                losses.append(Loss(name, r.id, f"{name} {_fmt(value)[:60]!r} not kept"))
        if r.ignore:
            losses.append(Loss("ignore", r.id, f"ignore codes {', '.join(r.ignore)} not kept"))
    thesis = next((n.id for n in m.nodes if n.kind == "thesis"), None)
    if thesis is not None:
        order = [n.id for n in m.nodes if n.kind != "evidence"]
        picked, _ = pick_thesis(order, [(r.id, r.premises, r.target, r.kind) for r in m.relations])
        if picked != thesis:
            losses.append(
                Loss(
                    "thesis",
                    thesis,
                    f"AIF has no thesis marker and import would pick {picked}; import with --thesis {thesis}",
                )
            )
    graph: AifGraph = {"nodes": nodes, "edges": edges, "locutions": []}
    losses += provenance_losses(m)
    return Exported(json.dumps(graph, indent=2, ensure_ascii=False) + "\n", losses)
