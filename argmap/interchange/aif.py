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

import re
from dataclasses import replace
from typing import Any

from argmap.diagnostics import CODES, Diagnostic
from argmap.interchange import Imported, ImportOptions, Loss
from argmap.interchange._build import IdMaker, NodeRec, RelRec, finish
from argmap.interchange.aif_export import (
    AifEdge,
    AifGraph,
    AifNode,
    export_aif,
    render_fields,
)
from argmap.interchange.aif_formats import illocution_edge_losses, keep_node_id, s_node_formats
from argmap.interchange.jsonshape import kind_of, parse_json
from argmap.schemes import scheme_from_name

__all__ = ["AifEdge", "AifGraph", "AifNode", "export_aif", "load_aif", "render_fields"]


S_TYPES = ("RA", "CA")
DIALOGUE = ("L", "TA", "YA")
_USED_KEYS = {"nodes", "edges", "locutions", "participants"}


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
        self.diagnostics.append(Diagnostic(code, message, CODES[code][1], file=self.file, subject=subject, extra=extra))

    def loss(self, kind: str, subject: str, detail: str) -> None:
        self.losses.append(Loss(kind, subject, detail))


def _parse(text: str, r: _Reader) -> dict[str, Any] | None:
    doc, why = parse_json(text, r.file, "AIF")
    if why is not None:
        r.diagnostics.append(why)
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
    return _dialogue_lists(doc, r)


def _dialogue_lists(doc: dict[str, Any], r: _Reader) -> dict[str, Any]:
    """``doc`` with its ``locutions`` and ``participants`` as lists: one that is not a list is reported
    as lost and read as empty."""
    for key in ("locutions", "participants"):
        value = doc.get(key)
        if value is not None and not isinstance(value, list):
            r.loss("aif-part", key, f"AIF part {key!r} is {kind_of(value)}, not a list; not kept")
            doc = {**doc, key: []}
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
    seen_edges: dict[tuple[str, str], Any] = {}
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
            r.loss("edge", eid, f"edge {eid} from {a} to {b} repeats edge {seen_edges[a, b]}; not kept")
            continue
        seen_edges[a, b] = raw.get("edgeID") if _as_id(raw.get("edgeID")) else None
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
        node_recs[nid] = NodeRec(ids.make(nid, "n"), nid, {"kind": "claim", "text": body})
        keep_node_id(node_recs[nid], raw)
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
        for k, c in enumerate(conclusions):
            rid = rel_id[nid] if k == 0 else ids.make(f"{rel_id[nid]}-{k + 1}", "r")
            first_part.setdefault(nid, rid)
            if typ(c) == "I":
                kind, target = ("supports" if t == "RA" else "attacks"), node_recs[c].id
            else:
                kind, target = "undercuts", c  # resolved below, once every S-node has its id
            ends = [x for x in inc.get(nid, []) if typ(x) == "I" or typ(x) in S_TYPES]
            formats = s_node_formats(nodes[nid], ends, c, seen_edges, first=k == 0)
            rels.append(RelRec(rid, nid, kind, list(premises), target, {**extra, "formats": formats}))
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
    used_edges: set[tuple[str, str]] = set()
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
                    used_edges.update(((src, nid), (nid, dst)))
                elif typ(src) == "TA" and dst in rel_by_foreign:
                    rel = rel_by_foreign[dst]
                    line = f"AIF {force} ({nid}) in transition {src}"
                    rel.extra["note"] = f"{rel.extra['note']}\n{line}" if "note" in rel.extra else line
                    kept_dialogue.update((src, nid))
                    used_edges.update(((src, nid), (nid, dst)))
    for nid, lines in notes.items():
        node_recs[nid].data["note"] = "\n".join(lines)
    _dialogue_losses(doc, nodes, inc, out, kept_dialogue, participants, r)
    r.losses += illocution_edge_losses(nodes, inc, out, kept_dialogue, (used_edges, seen_edges))
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
        if foreign not in nodes:  # an AIF node's own id is kept in its `formats` (see keep_node_id)
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
    if result.map is not None:
        kept = {rel.id for rel in result.map.relations}
        for rel in rels:
            if rel.id not in kept and "transition" in str(rel.extra.get("note", "")):
                r.loss("transition", rel.foreign, f"dialogue attached to the dropped relation {rel.foreign} not kept")
    _locate(text, result)
    return result


_LOCUTION_KEYS = ("nodeID", "personID")


def _dialogue_losses(
    doc: dict[str, Any],
    nodes: dict[str, dict[str, Any]],
    inc: dict[str, list[str]],
    out: dict[str, list[str]],
    kept: set[str],
    participants: dict[str, str],
    r: _Reader,
) -> None:
    """Itemise what a kept locution or transition leaves behind: its edges and its metadata."""
    for nid in sorted(kept, key=lambda x: (len(x), x)):
        if nodes[nid]["type"] != "TA":
            continue
        for a in inc.get(nid, []):
            if nid in kept and a not in kept:
                r.loss("edge", nid, f"edge {a} ({nodes[a]['type']}) -> transition {nid} not kept")
        for b in out.get(nid, []):
            if b not in kept:
                r.loss("edge", nid, f"edge transition {nid} -> {b} ({nodes[b]['type']}) not kept")
    for loc in doc.get("locutions", []) or []:
        if not isinstance(loc, dict):
            continue
        lid = str(loc.get("nodeID", "?"))
        if lid not in kept:
            continue  # the locution itself is reported as lost
        named = str(loc.get("personID")) in participants
        meta = {
            k: v for k, v in loc.items() if v not in (None, "") and k != "nodeID" and not (named and k == "personID")
        }
        if meta:
            fields = ", ".join(f"{k}={str(v)[:40]}" for k, v in meta.items())
            r.loss("locution-metadata", lid, f"locution metadata not kept: {fields}")


_ID_KEY = re.compile(r'"(nodeID|edgeID)"\s*:\s*"?([^",}\s]+)')


def _locate(text: str, result: Imported) -> None:
    """Give each finding the line where its node or edge is defined in the JSON text."""
    seen: dict[tuple[str, str], list[tuple[int, int]]] = {}
    line, pos, start = 1, 0, 0
    for m in _ID_KEY.finditer(text):
        breaks = text.count("\n", pos, m.start())
        if breaks:
            line += breaks
            start = text.rindex("\n", pos, m.start()) + 1
        pos = m.start()
        # the column of the object holding the id: in a one-line file this is what tells defects apart
        opening = text.rfind("{", start, m.start())
        seen.setdefault((m.group(1), m.group(2)), []).append(
            (line, (opening if opening >= 0 else m.start()) - start + 1)
        )
    lines = {key: found[0][0] for key, found in seen.items()}
    for d in result.diagnostics:
        if d.subject and not d.line:
            key = ("edgeID" if d.extra.pop("edge", False) else "nodeID", d.subject)
            found = seen.get(key, [(0, 0)])
            d.line, d.col = found[1] if d.code == "AMI107" and len(found) > 1 else found[0]  # the duplicate itself
    result.losses = [replace(x, line=lines.get(("nodeID", x.subject), 0)) if not x.line else x for x in result.losses]


def _title_of(file: str) -> str:
    from pathlib import Path

    stem = Path(file).stem if file and not file.startswith("<") else ""
    return f"Imported from {stem}" if stem else "Imported AIF map"
