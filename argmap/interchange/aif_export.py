"""AIF export: I-nodes for the map's nodes, RA and CA nodes for its relations, losses itemised.

See :mod:`argmap.interchange.aif` for the mapping between the two formats.
"""

from __future__ import annotations

import json
from typing import Any, NotRequired, TypedDict

from argmap.interchange import Exported, Loss
from argmap.interchange._build import pick_thesis
from argmap.model import ArgMap, Node, Relation
from argmap.provenance import provenance_losses
from argmap.schemes import get_scheme, scheme_from_name

__all__ = ["AifEdge", "AifGraph", "AifId", "AifNode", "export_aif", "render_fields"]


AifId = str | int
"""An AIF id as the file wrote it: AIFdb writes strings, other tools numbers."""


class AifNode(TypedDict):
    nodeID: AifId
    text: str
    type: str
    timestamp: NotRequired[str]
    scheme: NotRequired[str]
    schemeID: NotRequired[AifId]


class AifEdge(TypedDict):
    edgeID: AifId
    fromID: AifId
    toID: AifId
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
    losses = _map_losses(m)
    aif_id = _aif_ids(m, losses)
    edge = _EdgeMaker(m)
    nodes: list[AifNode] = []
    edges: list[AifEdge] = []
    for n in m.nodes:
        nodes.append(_i_node(n, aif_id[n.id], losses))
    for r in m.relations:
        if r.answers:
            losses.append(Loss("answers", r.id, f"answers {', '.join(r.answers)} not kept"))
        nodes.append(_s_node(r, aif_id[r.id], losses))
        edges += [edge(aif_id[p], aif_id[r.id]) for p in r.premises]
        edges.append(edge(aif_id[r.id], aif_id[r.target]))
        losses += _relation_losses(r)
    losses += _thesis_loss(m)
    graph: AifGraph = {"nodes": nodes, "edges": edges, "locutions": []}
    losses += provenance_losses(m)
    return Exported(json.dumps(graph, indent=2, ensure_ascii=False) + "\n", losses)


def _map_losses(m: ArgMap) -> list[Loss]:
    """What AIF cannot hold of the map as a whole: its title and metadata, rule settings and sources."""
    losses = [Loss("map-field", "(map)", f"title {m.title!r} not kept: AIF has no map title")]
    for key in ("authors", "description", "created"):
        if getattr(m, key):
            losses.append(Loss("map-field", "(map)", f"{key} not kept: AIF has no map metadata"))
    if m.config.select or m.config.ignore or m.config.severity or m.config.evidence != "expected":
        losses.append(Loss("map-field", "(map)", "config (rule settings) not kept"))
    for s in m.sources:
        losses.append(Loss("source", s.id, f"source {s.title!r} not kept: AIF has no sources"))
    return losses


def _i_node(n: Node, nid: AifId, losses: list[Loss]) -> AifNode:
    """The I-node of a node: its text, with an evidence node's typed fields in brackets; the rest is lost."""
    text, fields = render_fields(n)
    if n.kind == "evidence":
        shown = ", ".join(fields) if fields else "no fields"
        detail = f"{n.type} evidence becomes a plain I-node; typed fields only as text: {shown}"
        losses.append(Loss("evidence-field", n.id, detail))
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
    _other_formats(n.formats, n.id, losses)
    return {"nodeID": nid, "text": text, "type": "I"}


def _relation_losses(r: Relation) -> list[Loss]:
    """What an RA or CA node cannot hold of a relation: warrant, qualifier, strength, note, ignore codes."""
    losses: list[Loss] = []
    for name in ("warrant", "qualifier", "strength", "note"):
        value = getattr(r, name)
        if value is not None:
            losses.append(Loss(name, r.id, f"{name} {_fmt(value)[:60]!r} not kept"))
    if r.ignore:
        losses.append(Loss("ignore", r.id, f"ignore codes {', '.join(r.ignore)} not kept"))
    _other_formats(r.formats, r.id, losses)
    return losses


def _thesis_loss(m: ArgMap) -> list[Loss]:
    """AIF has no thesis marker: a loss when import would not pick the map's thesis again."""
    thesis = next((n.id for n in m.nodes if n.kind == "thesis"), None)
    if thesis is None:
        return []
    order = [n.id for n in m.nodes if n.kind != "evidence"]
    picked, _ = pick_thesis(order, [(r.id, r.premises, r.target, r.kind) for r in m.relations])
    if picked == thesis:
        return []
    detail = f"AIF has no thesis marker and import would pick {picked}; import with --thesis {thesis}"
    return [Loss("thesis", thesis, detail)]


# --------------------------------------------------------------------------- ids and schemes kept from import


def _said(formats: dict[str, Any], key: str) -> AifId | None:
    """What AIF said of an item under ``key`` (kept by import in its ``formats``), when it is an id."""
    aif = formats.get("aif")
    value = aif.get(key) if isinstance(aif, dict) else None
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
        return value
    return None


def _aif_ids(m: ArgMap, losses: list[Loss]) -> dict[str, AifId]:
    """The AIF ``nodeID`` of each node and relation: the one it was imported with (a number stays a
    number), else its argmap id; never two alike (a clash is itemised)."""
    items = [(x.id, _said(x.formats, "nodeID")) for x in (*m.nodes, *m.relations)]
    out: dict[str, AifId] = {}
    used: set[str] = set()
    for aid, said in items:
        if said is not None and str(said) not in used:
            out[aid] = said
            used.add(str(said))
    for aid, said in items:
        if aid in out:
            continue
        new, n = aid, 1
        while new in used:
            n += 1
            new = f"{aid}-{n}"
        out[aid] = new
        used.add(new)
        if said is not None:
            losses.append(Loss("id", aid, f"AIF id {said!r} is another item's too; exported as {new}"))
    return out


class _EdgeMaker:
    """Edges with the ids they were imported with (kept in the relations' ``formats``), new ones ``e1``,
    ``e2``... skipping every id already taken."""

    def __init__(self, m: ArgMap) -> None:
        self.kept: dict[tuple[str, str], AifId] = {}
        for r in m.relations:
            aif = r.formats.get("aif")
            listed = aif.get("edges") if isinstance(aif, dict) else None
            for e in listed if isinstance(listed, list) else []:
                said = _said({"aif": e}, "edgeID") if isinstance(e, dict) else None
                if said is not None and isinstance(e, dict):
                    self.kept.setdefault((str(e.get("fromID")), str(e.get("toID"))), said)
        self.used = {str(v) for v in self.kept.values()}
        self.given: set[str] = set()
        self.count = 0

    def __call__(self, a: AifId, b: AifId) -> AifEdge:
        said = self.kept.get((str(a), str(b)))
        if said is not None and str(said) not in self.given:
            self.given.add(str(said))
            return {"edgeID": said, "fromID": a, "toID": b}
        while True:
            self.count += 1
            new = f"e{self.count}"
            if new not in self.used:
                self.used.add(new)
                return {"edgeID": new, "fromID": a, "toID": b}


def _s_node(r: Relation, nid: AifId, losses: list[Loss]) -> AifNode:
    """The RA or CA node of a relation: with the text, scheme and schemeID it was imported with while
    its kind and scheme are unchanged; else named after argmap's scheme (a change is itemised)."""
    stype = "RA" if r.kind == "supports" else "CA"
    node: AifNode = {"nodeID": nid, "text": "Default Inference" if stype == "RA" else "Default Conflict", "type": stype}
    aif = r.formats.get("aif")
    said: dict[str, Any] = aif if isinstance(aif, dict) else {}
    said_scheme = said.get("scheme")
    imported_as = scheme_from_name(said_scheme) if isinstance(said_scheme, str) else None
    if said.get("type", stype) == stype and imported_as == r.scheme:
        if isinstance(said.get("text"), str) and said["text"].strip():
            node["text"] = said["text"]
        if isinstance(said_scheme, str):
            node["scheme"] = said_scheme
        if (scheme_id := _said(r.formats, "schemeID")) is not None:
            node["schemeID"] = scheme_id
        return node
    scheme = get_scheme(r.scheme) if r.scheme else None
    if scheme is not None:  # AIFdb names the scheme on the S-node
        node["text"] = node["scheme"] = scheme.name
    if said_scheme is not None or "schemeID" in said or "text" in said:
        was = ", ".join(f"{k} {said[k]!r}" for k in ("type", "text", "scheme", "schemeID") if k in said)
        now = f"{stype} {scheme.name if scheme else node['text']!r}"
        losses.append(Loss("scheme", r.id, f"changed in argmap since import: {was} written as {now}"))
    return node


def _other_formats(formats: dict[str, Any], subject: str, losses: list[Loss]) -> None:
    if others := sorted(k for k in formats if k != "aif"):
        losses.append(Loss("formats", subject, f"what {', '.join(others)} said of it not kept"))
