"""GraphML export: the map as a graph for Gephi, yEd, networkx and other graph tools.

Each node is a GraphML node with the data keys ``kind`` (thesis, claim, evidence), ``type`` (the
evidence type; empty for others), ``text`` and ``label`` (the text, for tools that show a label),
``tags`` and ``note``, and ``fields``: the evidence's typed fields as JSON. Each premise of a relation
is one directed edge from the premise to the relation's target, with the data keys ``kind``
(supports, attacks, undercuts), ``relation`` (the relation's id: edges sharing it are linked premises)
and the relation's ``warrant``, ``qualifier``, ``strength`` and ``note``. An undercut attacks an
inference, which GraphML cannot point at: its edges go to the undercut relation's target node (for
an undercut of an undercut, the node at the end of the chain), with ``undercuts`` naming the
relation. The map's title and its sources (JSON) are graph data.
"""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from argmap.interchange import Exported, Loss
from argmap.model import ArgMap

__all__ = ["export_graphml"]

_NODE_KEYS = ("kind", "type", "text", "label", "tags", "note", "fields")
_EDGE_KEYS = ("kind", "relation", "undercuts", "warrant", "qualifier", "strength", "note")
_GRAPH_KEYS = ("title", "sources")


def _xml_text(value: str) -> str:
    """Text as XML character data: characters XML 1.0 cannot hold are dropped (the caller reports them)."""
    return escape("".join(c for c in value if _allowed(c))).replace("\r", "&#13;")


def _allowed(c: str) -> bool:
    o = ord(c)
    return o in (9, 10, 13) or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o >= 0x10000


def export_graphml(m: ArgMap) -> Exported:
    """The map as GraphML (directed; every node, one edge per premise of each relation)."""
    losses: list[Loss] = []
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
        ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    for key in _GRAPH_KEYS:
        out.append(f'  <key id="g_{key}" for="graph" attr.name="{key}" attr.type="string"/>')
    for key in _NODE_KEYS:
        out.append(f'  <key id="n_{key}" for="node" attr.name="{key}" attr.type="string"/>')
    for key in _EDGE_KEYS:
        kind = "double" if key == "strength" else "string"
        out.append(f'  <key id="e_{key}" for="edge" attr.name="{key}" attr.type="{kind}"/>')
    out.append('  <graph id="map" edgedefault="directed">')
    graph: dict[str, Any] = {"title": m.title}
    if m.sources:
        graph["sources"] = json.dumps([s.model_dump(mode="json", exclude_defaults=True) for s in m.sources])
    out += _data("    ", "g", graph, "(map)", losses)
    for n in m.nodes:
        full = n.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        fields = {k: v for k, v in full.items() if k not in ("id", "kind", "type", "text", "tags", "note")}
        data: dict[str, Any] = {
            "kind": n.kind,
            "type": getattr(n, "type", None) or "",  # an evidence type, or a claim type when one is given
            "text": n.text,
            "label": n.text,
            "tags": ", ".join(n.tags),
            "note": n.note or "",
            "fields": json.dumps(fields, ensure_ascii=False) if fields else "",
        }
        out.append(f"    <node id={quoteattr(n.id)}>")
        out += _data("      ", "n", data, n.id, losses)
        out.append("    </node>")
    rel_by_id = {r.id: r for r in m.relations}
    for r in m.relations:
        target, undercuts = r.target, ""
        if r.kind == "undercuts":
            undercuts = r.target
            while target in rel_by_id:  # an undercut of an undercut ends at the node the chain attacks
                target = rel_by_id[target].target
        for p in r.premises:
            data = {
                "kind": r.kind,
                "relation": r.id,
                "undercuts": undercuts,
                "warrant": r.warrant or "",
                "qualifier": r.qualifier or "",
                "strength": "" if r.strength is None else repr(r.strength),
                "note": r.note or "",
            }
            out.append(f"    <edge id={quoteattr(f'{r.id}/{p}')} source={quoteattr(p)} target={quoteattr(target)}>")
            out += _data("      ", "e", data, r.id, losses)
            out.append("    </edge>")
        if r.ignore:
            losses.append(Loss("relation-field", r.id, "ignore (rule codes) not kept"))
        if r.formats:
            losses.append(Loss("relation-field", r.id, f"formats (what {', '.join(r.formats)} said of it) not kept"))
    for n in m.nodes:
        if n.ignore:
            losses.append(Loss("node-field", n.id, "ignore (rule codes) not kept"))
        if n.formats:
            losses.append(Loss("node-field", n.id, f"formats (what {', '.join(n.formats)} said of it) not kept"))
    out += ["  </graph>", "</graphml>"]
    return Exported("\n".join(out) + "\n", losses)


def _data(indent: str, prefix: str, data: dict[str, Any], subject: str, losses: list[Loss]) -> list[str]:
    lines = []
    for key, value in data.items():
        if value in ("", None):
            continue
        text = str(value)
        if any(not _allowed(c) for c in text):
            losses.append(Loss("text", subject, f"{key}: characters XML cannot hold were dropped"))
        lines.append(f'{indent}<data key="{prefix}_{key}">{_xml_text(text)}</data>')
    return lines
