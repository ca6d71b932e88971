"""Synthetic maps as AIF JSON (the Argument Interchange Format as AIFdb and OVA write it).

Claims and evidence become I-nodes; each supports relation an RA-node, each attack a CA-node (premises
-> S-node -> conclusion); an undercut is a CA-node whose target is the RA-node of the relation it
undercuts. Evidence fields beyond the text have no place in AIF and are left out.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["aif_json", "to_aif"]

_STAMP = "2014-08-04 12:00:00"


def to_aif(data: dict[str, Any]) -> dict[str, Any]:
    """AIF document (``nodes``, ``edges``, ``locutions``) for synthetic map data."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    node_ids: dict[str, str] = {}
    for n in data["nodes"]:
        aid = str(len(nodes) + 1)
        node_ids[n["id"]] = aid
        nodes.append({"nodeID": aid, "text": n["text"], "type": "I", "timestamp": _STAMP})
    scheme_ids: dict[str, str] = {}
    for r in data["relations"]:
        aid = str(len(nodes) + 1)
        scheme_ids[r["id"]] = aid
        kind = "RA" if r["kind"] == "supports" else "CA"
        text = "Default Inference" if kind == "RA" else "Default Conflict"
        nodes.append({"nodeID": aid, "text": text, "type": kind, "timestamp": _STAMP})

    def edge(src: str, dst: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": src, "toID": dst, "formEdgeID": None})

    for r in data["relations"]:
        sid = scheme_ids[r["id"]]
        premises = r["from"] if isinstance(r["from"], list) else [r["from"]]
        for p in premises:
            edge(node_ids[p], sid)
        target = scheme_ids[r["to"]] if r["kind"] == "undercuts" else node_ids[r["to"]]
        edge(sid, target)
    return {"nodes": nodes, "edges": edges, "locutions": []}


def aif_json(data: dict[str, Any]) -> str:
    return json.dumps(to_aif(data), indent=1, ensure_ascii=False) + "\n"


def synthetic_aif(n: int) -> dict[str, Any]:
    """A deterministic AIFdb-style graph with ``n`` nodes (I-, RA- and CA-nodes, numeric ids as strings).

    About half the nodes are I-nodes in a tree under node ``"1"``; every fifth inference has a second,
    linked premise, every seventh S-node is a conflict and every eleventh conflict undercuts an inference.
    For benchmarks and tests of the importer.
    """
    n_i = (n + 1) // 2 if n >= 3 else n
    nodes: list[dict[str, Any]] = [
        {"nodeID": str(i + 1), "text": f"Proposition {i + 1} of a synthetic map", "type": "I"} for i in range(n_i)
    ]
    edges: list[dict[str, Any]] = []
    s_ids: list[str] = []
    for k in range(n - n_i):
        child = k + 2  # I-node ids 2..n_i, each argues for its parent
        if child > n_i:
            child = (k % max(1, n_i - 1)) + 2 if n_i > 1 else 1
        parent = child // 2
        sid = str(n_i + k + 1)
        conflict = k % 7 == 6
        nodes.append(
            {
                "nodeID": sid,
                "text": "Default Conflict" if conflict else "Default Inference",
                "type": "CA" if conflict else "RA",
            }
        )
        premises = [str(child)]
        if not conflict and k % 5 == 4 and 2 * child <= n_i:
            premises.append(str(2 * child))
        for p in premises:
            edges.append({"edgeID": str(len(edges) + 1), "fromID": p, "toID": sid})
        target = str(max(parent, 1))
        if conflict and k % 11 == 6 and s_ids:
            target = s_ids[-1]
        edges.append({"edgeID": str(len(edges) + 1), "fromID": sid, "toID": target})
        if not conflict:
            s_ids.append(sid)
    return {"nodes": nodes, "edges": edges, "locutions": []}
