"""What an AIF file said that argmap's own fields do not hold, kept in a map's ``formats`` for the way back.

Import keeps an I-node's ``nodeID`` as written (a number stays a number), and for an RA or CA node its
id, type, text, ``scheme`` and ``schemeID`` and the ids of its edges, on the relation it becomes; export
(:mod:`argmap.interchange.aif_export`) writes them again. The edges of the dialogue that argmap does not
keep are itemised here as losses.
"""

from __future__ import annotations

from typing import Any

from argmap.interchange import Loss
from argmap.interchange._build import NodeRec

__all__ = ["illocution_edge_losses", "keep_node_id", "s_node_formats"]


def _illocution_edges_lost(
    nodes: dict[str, dict[str, Any]],
    inc: dict[str, list[str]],
    out: dict[str, list[str]],
    kept: set[str],
    used: set[tuple[str, str]],
) -> list[tuple[str, str]]:
    """The edges into and out of a kept illocution (YA) that its note does not stand for."""
    lost: list[tuple[str, str]] = []
    for nid in kept:
        if nodes[nid]["type"] == "YA":
            lost += [(a, nid) for a in inc.get(nid, []) if (a, nid) not in used]
            lost += [(nid, b) for b in out.get(nid, []) if (nid, b) not in used]
    return lost


def illocution_edge_losses(
    nodes: dict[str, dict[str, Any]],
    inc: dict[str, list[str]],
    out: dict[str, list[str]],
    kept: set[str],
    edges: tuple[set[tuple[str, str]], dict[tuple[str, str], Any]],
) -> list[Loss]:
    """Itemise each edge of a kept illocution that is not kept (an I-node pointing at a YA, say);
    ``edges`` are the edges its note stands for and the id of every edge."""
    used, ids = edges
    losses: list[Loss] = []
    for a, b in sorted(_illocution_edges_lost(nodes, inc, out, kept, used)):
        eid = ids.get((a, b))
        what = f"from {nodes[a]['type']} node {a} to {nodes[b]['type']} node {b}"
        losses.append(Loss("edge", str(eid) if eid is not None else a, f"edge {what} not kept (dialogue structure)"))
    return losses


# --------------------------------------------------------------------------- what AIF said, kept for the way back


def keep_node_id(rec: NodeRec, raw: dict[str, Any]) -> None:
    """An I-node's ``nodeID`` as AIF wrote it (a number stays a number) when argmap's id is not it."""
    value = raw.get("nodeID")
    if value != rec.id:
        rec.data["formats"] = {"aif": {"nodeID": value}}


def s_node_formats(
    raw: dict[str, Any], sources: list[str], conclusion: str, edges: dict[tuple[str, str], Any], *, first: bool
) -> dict[str, Any]:
    """What an RA or CA node said, for its relation: its id, text, scheme and schemeID as written, and the
    ids of its edges to the premises and the conclusion (``first``: the part of a split node that keeps
    the node's own id; the other parts are new S-nodes)."""
    nid = str(raw["nodeID"]).strip()
    kept: dict[str, Any] = {"nodeID": raw["nodeID"]} if first else {}
    for key in ("type", "text", "scheme", "schemeID"):
        value = raw.get(key)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            kept[key] = value
    pairs = [(src, nid) for src in sources] + [(nid, conclusion)]
    listed = [
        {"edgeID": edges[a, b], "fromID": a, "toID": b} for a, b in pairs if edges.get((a, b)) is not None and first
    ]
    if listed:
        kept["edges"] = listed
    return {"aif": kept}
