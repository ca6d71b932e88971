"""AIF JSON (AIFdb, OVA, xAIF): the Argument Interchange Format of ARG-tech, Dundee.

A map becomes I-nodes (propositions), RA nodes (inference: our ``supports``) and CA nodes (conflict:
``attacks``; a CA pointing at another S-node is an ``undercuts``), joined by edges. AIF has no thesis,
no typed evidence, no sources and no warrants, so those are listed as losses on export.

Import reads AIFdb JSON (``nodes``, ``edges``, ``locutions``) and the xAIF wrapper (``{"AIF": {...}}``).
Dialogue nodes are kept as provenance where they can be: a locution (L) that asserts an I-node through
an illocution (YA) becomes a line in the claim's ``note``; an illocution anchored in a transition (TA)
that argues an inference becomes a line in the relation's ``note``. Everything else is reported.

Ids: a foreign id that is a valid argmap id starting with a letter is kept; other ids get a prefix
(``n`` for I-nodes, ``ra``/``ca`` for S-nodes: AIFdb's ``29045`` becomes ``n29045``). Any other renaming
is listed in the loss report. The thesis is the node named with ``--thesis``; otherwise the I-node that
supports nothing and has the largest argument tree (see :func:`argmap.interchange._build.pick_thesis`).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any, NotRequired, TypedDict

from argmap.diagnostics import Diagnostic
from argmap.interchange import Exported, Imported, ImportOptions, Loss
from argmap.interchange._build import IMPORT_CODES, IdMaker, NodeRec, RelRec, finish, pick_thesis
from argmap.model import ArgMap, Node
from argmap.schemes import get_scheme, scheme_from_name

__all__ = ["AifEdge", "AifGraph", "AifNode", "export_aif", "load_aif", "render_fields", "synthetic_aif"]


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


S_TYPES = ("RA", "CA")
DIALOGUE = ("L", "TA", "YA")
_USED_KEYS = {"nodes", "edges", "locutions", "participants"}
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
    if m.config.select or m.config.ignore or m.config.severity:
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
    return Exported(json.dumps(graph, indent=2, ensure_ascii=False) + "\n", losses)


# --------------------------------------------------------------------------- import


def _as_id(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | str) and str(value).strip():
        return str(value).strip()
    return None


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.losses: list[Loss] = []
        self.diagnostics: list[Diagnostic] = []

    def diag(self, code: str, message: str, subject: str | None = None, *, edge: bool = False) -> None:
        extra: dict[str, Any] = {"edge": True} if edge else {}
        self.diagnostics.append(
            Diagnostic(code, message, IMPORT_CODES[code][1], file=self.file, subject=subject, extra=extra)
        )

    def loss(self, kind: str, subject: str, detail: str) -> None:
        self.losses.append(Loss(kind, subject, detail))


def _parse(text: str, r: _Reader) -> dict[str, Any] | None:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        r.diagnostics.append(
            Diagnostic("AMI001", f"not valid JSON: {exc.msg}", file=r.file, line=exc.lineno, col=exc.colno)
        )
        return None
    except RecursionError:
        r.diag("AMI001", "JSON nested too deeply to be AIF")
        return None
    if isinstance(doc, dict) and isinstance(doc.get("AIF"), dict):
        for key in doc:
            if key != "AIF":
                r.loss("xaif", key, f"xAIF part {key!r} not kept (only the AIF graph is imported)")
        doc = doc["AIF"]
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
        r.diag("AMI001", "not AIF: expected a JSON object with a 'nodes' list (and 'edges')")
        return None
    if not isinstance(doc.get("edges", []), list):
        r.diag("AMI001", "not AIF: 'edges' must be a list")
        return None
    for key, value in doc.items():
        if key not in _USED_KEYS and value not in (None, [], {}, ""):
            r.loss("aif-part", key, f"AIF part {key!r} not kept")
    return doc


def load_aif(text: str, *, file: str = "<input>", options: ImportOptions | None = None) -> Imported:
    """Read AIF JSON into a map, reporting each defect of the file with its foreign id."""
    options = options or ImportOptions()
    r = _Reader(file)
    doc = _parse(text, r)
    if doc is None:
        return Imported(None, r.losses, r.diagnostics)

    # -- nodes
    nodes: dict[str, dict[str, Any]] = {}
    for i, raw in enumerate(doc["nodes"]):
        nid = _as_id(raw.get("nodeID")) if isinstance(raw, dict) else None
        if nid is None or not isinstance(raw, dict):
            r.diag("AMI108", f"node #{i + 1} has no usable nodeID; skipped", f"#{i + 1}")
            continue
        if nid in nodes:
            r.diag("AMI107", f"node id {nid} appears twice; the second (#{i + 1}) is skipped", nid)
            continue
        ntype = raw.get("type")
        if not isinstance(ntype, str):
            r.diag("AMI108", f"node {nid} has no type; skipped", nid)
            continue
        nodes[nid] = raw
    stamps = sum(1 for raw in nodes.values() if raw.get("timestamp"))
    if stamps:
        r.loss("timestamp", "(all)", f"{stamps} node timestamps not kept")

    # -- edges
    out: dict[str, list[str]] = {}
    inc: dict[str, list[str]] = {}
    seen_edges: set[tuple[str, str]] = set()
    for i, raw in enumerate(doc.get("edges", [])):
        eid: str = (_as_id(raw.get("edgeID")) if isinstance(raw, dict) else None) or f"#{i + 1}"
        a = _as_id(raw.get("fromID")) if isinstance(raw, dict) else None
        b = _as_id(raw.get("toID")) if isinstance(raw, dict) else None
        if a is None or b is None:
            r.diag("AMI101", f"edge {eid} lacks fromID or toID; skipped", eid, edge=True)
            continue
        missing = [x for x in (a, b) if x not in nodes]
        if missing:
            r.diag(
                "AMI101",
                f"edge {eid} from {a} to {b}: node {missing[0]} does not exist; skipped",
                eid,
                edge=True,
            )
            continue
        if a == b:
            r.diag("AMI102", f"edge {eid} goes from node {a} to itself; skipped", eid, edge=True)
            continue
        if (a, b) in seen_edges:
            continue
        seen_edges.add((a, b))
        out.setdefault(a, []).append(b)
        inc.setdefault(b, []).append(a)

    def typ(nid: str) -> str:
        return str(nodes[nid]["type"])

    # -- propositions
    ids = IdMaker()
    node_recs: dict[str, NodeRec] = {}
    texts: dict[str, list[str]] = {}
    for nid, raw in nodes.items():
        if typ(nid) != "I":
            continue
        body = raw.get("text")
        if not isinstance(body, str) or not body.strip():
            r.diag("AMI108", f"I-node {nid} has no text; its id is used as text", nid)
            body = f"(I-node {nid})"
        node_recs[nid] = NodeRec(ids.make(nid, "n"), nid, {"kind": "claim", "text": body.strip()})
        texts.setdefault(" ".join(body.split()).lower(), []).append(nid)
    for same in texts.values():
        if len(same) > 1:
            r.diag(
                "AMI106",
                f"I-nodes {', '.join(same)} have the same text; imported as separate claims",
                same[0],
            )

    # -- inferences and conflicts
    rel_id: dict[str, str] = {}
    for nid in nodes:
        if typ(nid) in S_TYPES:
            rel_id[nid] = ids.make(nid, typ(nid).lower())
    rels: list[RelRec] = []
    first_part: dict[str, str] = {}
    kept_dialogue: set[str] = set()
    notes: dict[str, list[str]] = {}
    for nid in nodes:
        t = typ(nid)
        if t not in S_TYPES:
            continue
        scheme = nodes[nid].get("scheme")
        premises: list[str] = []
        for src in inc.get(nid, []):
            st = typ(src)
            if st == "I":
                premises.append(node_recs[src].id)
            elif st in S_TYPES or st == "YA":
                continue  # handled from the other side
            else:
                r.loss("edge", src, f"edge from {st} node {src} into {t} node {nid} not kept")
        conclusions = [x for x in out.get(nid, []) if typ(x) == "I" or typ(x) in S_TYPES]
        for x in out.get(nid, []):
            if x not in conclusions:
                r.loss("edge", nid, f"edge from {t} node {nid} to {typ(x)} node {x} not kept")
        if t == "RA":
            for x in [c for c in conclusions if typ(c) in S_TYPES]:
                r.loss(
                    "support-of-inference",
                    nid,
                    f"RA {nid} supports the {typ(x)} node {x}: argmap cannot support a relation; not kept",
                )
            conclusions = [c for c in conclusions if typ(c) == "I"]
        if not premises:
            r.diag("AMI103", f"{t} node {nid} has no premise (no I-node points to it); skipped", nid)
            continue
        if not conclusions:
            r.diag("AMI104", f"{t} node {nid} has no conclusion (it points to no node); skipped", nid)
            continue
        if len(conclusions) > 1:
            r.diag(
                "AMI112",
                f"{t} node {nid} has {len(conclusions)} conclusions ({', '.join(conclusions)}); "
                "imported as one relation each",
                nid,
            )
        extra: dict[str, Any] = {}
        if isinstance(scheme, str) and scheme.strip():
            known = scheme_from_name(scheme)
            if known is not None:
                extra["scheme"] = known
            else:
                extra["note"] = f"AIF scheme: {scheme.strip()}"
        for k, c in enumerate(conclusions):
            rid = rel_id[nid] if k == 0 else ids.make(f"{rel_id[nid]}-{k + 1}", "r")
            first_part.setdefault(nid, rid)
            if typ(c) == "I":
                kind, target = ("supports" if t == "RA" else "attacks"), node_recs[c].id
            else:
                kind, target = "undercuts", c  # resolved below, once every S-node has its id
            rels.append(RelRec(rid, nid, kind, list(premises), target, dict(extra)))
    for rel in rels:
        if rel.kind == "undercuts":
            rel.target = first_part.get(rel.target, rel_id.get(rel.target, rel.target))

    # -- dialogue: provenance where it attaches to a proposition or an inference
    participants = {
        str(p.get("participantID")): " ".join(str(p.get(k, "")) for k in ("firstname", "surname")).strip()
        for p in doc.get("participants", []) or []
        if isinstance(p, dict)
    }
    speakers = {
        str(loc.get("nodeID")): participants.get(str(loc.get("personID")), "")
        for loc in doc.get("locutions", []) or []
        if isinstance(loc, dict)
    }
    rel_by_foreign = {rel.foreign: rel for rel in rels}
    for nid in nodes:
        if typ(nid) != "YA":
            continue
        force = str(nodes[nid].get("text") or nodes[nid].get("scheme") or "YA")
        for src in inc.get(nid, []):
            for dst in out.get(nid, []):
                if typ(src) == "L" and dst in node_recs:
                    who = f" by {speakers[src]}" if speakers.get(src) else ""
                    line = f"AIF locution {src}{who} ({force}): {nodes[src].get('text', '')}"
                    notes.setdefault(dst, []).append(line)
                    kept_dialogue.update((src, nid))
                elif typ(src) == "TA" and dst in rel_by_foreign:
                    rel = rel_by_foreign[dst]
                    line = f"AIF {force} ({nid}) in transition {src}"
                    rel.extra["note"] = f"{rel.extra['note']}\n{line}" if "note" in rel.extra else line
                    kept_dialogue.update((src, nid))
    for nid, lines in notes.items():
        node_recs[nid].data["note"] = "\n".join(lines)
    for nid in nodes:
        t = typ(nid)
        label = str(nodes[nid].get("text", ""))[:80]
        if t in DIALOGUE and nid not in kept_dialogue:
            what = {"L": "locution", "TA": "transition", "YA": "illocution"}[t]
            r.loss(what, nid, f"{t} node {label!r} not kept (dialogue structure)")
        elif t == "MA":
            pairs = f"{', '.join(inc.get(nid, [])) or '?'} -> {', '.join(out.get(nid, [])) or '?'}"
            r.loss("rephrase", nid, f"MA (rephrase) {pairs} not kept: argmap has no rephrase relation")
        elif t == "PA":
            pairs = f"{', '.join(inc.get(nid, [])) or '?'} over {', '.join(out.get(nid, [])) or '?'}"
            r.loss("preference", nid, f"PA (preference) {pairs} not kept: argmap has no preference relation")
        elif t not in ("I", *S_TYPES, *DIALOGUE):
            r.loss("node", nid, f"node of type {t} not kept")
    for a, bs in out.items():
        for b in bs:
            if typ(a) == "I" and typ(b) == "I":
                r.diag("AMI113", f"edge from I-node {a} to I-node {b} has no RA or CA between; skipped", a)
    for foreign, new in ids.renamed.items():
        plain = new in (f"n{foreign}", f"ra{foreign}", f"ca{foreign}")
        if not plain:
            r.loss("id", foreign, f"AIF id {foreign!r} imported as {new}")
    title = options.title or _title_of(file)
    result = finish(
        title=title,
        nodes=list(node_recs.values()),
        relations=rels,
        file=file,
        thesis=options.thesis,
        losses=r.losses,
        diagnostics=r.diagnostics,
    )
    _locate(text, result)
    return result


_ID_KEY = re.compile(r'"(nodeID|edgeID)"\s*:\s*"?([^",}\s]+)')


def _locate(text: str, result: Imported) -> None:
    """Give each finding the line where its node or edge is defined in the JSON text."""
    seen: dict[tuple[str, str], list[int]] = {}
    line, pos = 1, 0
    for m in _ID_KEY.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        seen.setdefault((m.group(1), m.group(2)), []).append(line)
    lines = {key: found[0] for key, found in seen.items()}
    for d in result.diagnostics:
        if d.subject and not d.line:
            key = ("edgeID" if d.extra.pop("edge", False) else "nodeID", d.subject)
            found = seen.get(key, [0])
            d.line = found[1] if d.code == "AMI107" and len(found) > 1 else found[0]  # the duplicate itself
            d.col = 1 if d.line else 0
    result.losses = [replace(x, line=lines.get(("nodeID", x.subject), 0)) if not x.line else x for x in result.losses]


def _title_of(file: str) -> str:
    from pathlib import Path

    stem = Path(file).stem if file and not file.startswith("<") else ""
    return f"Imported from {stem}" if stem else "Imported AIF map"


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
