"""What an AIF file said that argmap's own fields do not hold, kept in a map's ``formats`` for the way back.

Import keeps an I-node's ``nodeID`` as written (a number stays a number), and for an RA or CA node its
id, type, text, ``scheme`` and ``schemeID`` and the ids of its edges, on the relation it becomes; export
(:mod:`argmap.interchange.aif_export`) writes them again.
"""

from __future__ import annotations

from typing import Any

from argmap.interchange._build import NodeRec

__all__ = ["keep_node_id", "s_node_formats"]


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
    kept: dict[str, Any] = {"nodeID": raw["nodeID"]} if first else {}
    for key in ("type", "text", "scheme", "schemeID"):
        value = raw.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            kept[key] = value
    if first:
        nid = str(raw["nodeID"]).strip()
        pairs = [(src, nid) for src in sources] + [(nid, conclusion)]
        listed = [{"edgeID": edges[a, b], "fromID": a, "toID": b} for a, b in pairs if edges.get((a, b)) is not None]
        if listed:
            kept["edges"] = listed
    return {"aif": kept}
