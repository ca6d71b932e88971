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
from argmap.interchange._build import IdMaker, NodeRec, RelRec, finish, imported_title
from argmap.interchange.aif_dialogue import dialogue_losses, illocution_edge_losses, locution_speakers
from argmap.interchange.aif_export import (
    AifEdge,
    AifGraph,
    AifNode,
    export_aif,
    render_fields,
)
from argmap.interchange.aif_formats import keep_node_id, s_node_formats
from argmap.interchange.jsonshape import kind_of, parse_json
from argmap.schemes import scheme_from_name

__all__ = ["AifEdge", "AifGraph", "AifNode", "export_aif", "load_aif", "render_fields"]


S_TYPES = ("RA", "CA")
DIALOGUE = ("L", "TA", "YA")
_USED_KEYS = {"nodes", "edges", "locutions", "participants"}


# --------------------------------------------------------------------------- import


def _as_id(value: Any) -> str | None:
    """A JSON string or integer as an id (stripped), or None for anything else or a blank one."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
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
    g = _Graph(r)
    g.read_nodes(doc["nodes"])
    g.read_edges(doc.get("edges", []))
    b = _Builder(g)
    b.propositions()
    b.relations()
    b.dialogue(doc)
    b.unkept_nodes()
    b.unlinked_propositions()
    b.renamed_ids()
    result = finish(
        title=options.title or imported_title(file, "AIF map"),
        nodes=list(b.node_recs.values()),
        relations=b.rels,
        file=file,
        thesis=options.thesis,
        losses=r.losses,
        diagnostics=r.diagnostics,
    )
    b.dropped_transitions(result)
    _locate(text, result)
    return result


class _Graph:
    """The file's nodes (each with a usable id and a type) and its edges between them, both ways."""

    def __init__(self, r: _Reader) -> None:
        self.r = r
        self.nodes: dict[str, dict[str, Any]] = {}
        self.types: dict[str, str] = {}
        self.out: dict[str, list[str]] = {}
        self.inc: dict[str, list[str]] = {}
        self.edge_ids: dict[tuple[str, str], Any] = {}
        """The ``edgeID`` of each kept edge as the file wrote it (None when it has no usable one)."""

    def read_nodes(self, raws: list[Any]) -> None:
        """Keep each node with a usable id and a type; report the others and the timestamps lost."""
        for i, raw in enumerate(raws):
            nid = _as_id(raw.get("nodeID")) if isinstance(raw, dict) else None
            if nid is None or not isinstance(raw, dict):
                self.r.diag("AMI108", f"node #{i + 1} has no usable nodeID; skipped", f"#{i + 1}")
            elif nid in self.nodes:
                self.r.diag("AMI107", f"node id {nid} appears twice; the second (#{i + 1}) is skipped", nid)
            elif not isinstance(raw.get("type"), str):
                self.r.diag("AMI108", f"node {nid} has no type; skipped", nid)
            else:
                self.nodes[nid] = raw
                self.types[nid] = raw["type"]
        stamps = sum(1 for raw in self.nodes.values() if raw.get("timestamp"))
        if stamps:
            self.r.loss("timestamp", "(all)", f"{stamps} node timestamps not kept")

    def read_edges(self, raws: list[Any]) -> None:
        """Keep each edge between two different nodes once; report the others."""
        for i, raw in enumerate(raws):
            if isinstance(raw, dict):
                given, a, b = _as_id(raw.get("edgeID")), _as_id(raw.get("fromID")), _as_id(raw.get("toID"))
            else:
                given = a = b = None
            eid = given or f"#{i + 1}"
            if a is None or b is None:
                self.r.diag("AMI101", f"edge {eid} lacks fromID or toID; skipped", eid, edge=True)
            elif a not in self.nodes or b not in self.nodes:
                missing = a if a not in self.nodes else b
                message = f"edge {eid} from {a} to {b}: node {missing} does not exist; skipped"
                self.r.diag("AMI101", message, eid, edge=True)
            elif a == b:
                self.r.diag("AMI102", f"edge {eid} goes from node {a} to itself; skipped", eid, edge=True)
            elif (a, b) in self.edge_ids:
                self.r.loss("edge", eid, f"edge {eid} from {a} to {b} repeats edge {self.edge_ids[a, b]}; not kept")
            else:
                self.edge_ids[a, b] = raw.get("edgeID") if given is not None else None
                self.out.setdefault(a, []).append(b)
                self.inc.setdefault(b, []).append(a)

    def of_type(self, *types: str) -> list[str]:
        """The ids of the nodes of these types, in the file's order."""
        return [nid for nid, t in self.types.items() if t in types]

    def argued(self, nid: str) -> bool:
        """Whether the node is part of the argument (an I-node, an RA or a CA), not of the dialogue."""
        t = self.types[nid]
        return t == "I" or t in S_TYPES


class _Builder:
    """The map's records from the graph, step by step: propositions, relations, the dialogue kept as
    notes, then a loss or a diagnostic for everything else."""

    def __init__(self, g: _Graph) -> None:
        self.g = g
        self.r = g.r
        self.ids = IdMaker()
        self.node_recs: dict[str, NodeRec] = {}
        self.rel_id: dict[str, str] = {}
        self.rels: list[RelRec] = []
        self.kept_dialogue: set[str] = set()

    # -- propositions

    def propositions(self) -> None:
        """A claim for each I-node; I-nodes with the same text are reported."""
        texts: dict[str, list[str]] = {}
        for nid in self.g.of_type("I"):
            raw = self.g.nodes[nid]
            body = raw.get("text")
            if not isinstance(body, str) or not body.strip():
                self.r.diag("AMI108", f"I-node {nid} has no text; its id is used as text", nid)
                body = f"(I-node {nid})"
            self.node_recs[nid] = NodeRec(self.ids.make(nid, "n"), nid, {"kind": "claim", "text": body})
            keep_node_id(self.node_recs[nid], raw)
            texts.setdefault(" ".join(body.split()).lower(), []).append(nid)
        for same in texts.values():
            if len(same) > 1:
                message = f"I-nodes {', '.join(same)} have the same text; imported as separate claims"
                self.r.diag("AMI106", message, same[0])

    # -- inferences and conflicts

    def relations(self) -> None:
        """A relation for each RA (supports) and CA (attacks, or undercuts when it points at an S-node);
        an S-node with several conclusions becomes one relation each."""
        s_nodes = self.g.of_type(*S_TYPES)
        for nid in s_nodes:
            self.rel_id[nid] = self.ids.make(nid, self.g.types[nid].lower())
        first_part: dict[str, str] = {}
        for nid in s_nodes:
            premises = self._premises(nid)
            conclusions = self._conclusions(nid)
            if self._has_ends(nid, premises, conclusions):
                self._parts(nid, premises, conclusions, first_part)
        for rel in self.rels:
            if rel.kind == "undercuts":
                rel.target = first_part.get(rel.target, self.rel_id.get(rel.target, rel.target))

    def _premises(self, nid: str) -> list[str]:
        """The ids of the claims an S-node's I-nodes become; an edge from a node of another type is lost
        (but one from an S-node or an illocution, which is seen from that side)."""
        t, types = self.g.types[nid], self.g.types
        premises: list[str] = []
        for src in self.g.inc.get(nid, []):
            st = types[src]
            if st == "I":
                premises.append(self.node_recs[src].id)
            elif st not in S_TYPES and st != "YA":  # S and YA edges are handled from the other side
                self.r.loss("edge", src, f"edge from {st} node {src} into {t} node {nid} not kept")
        return premises

    def _conclusions(self, nid: str) -> list[str]:
        """The I-nodes (and, for a CA, the S-nodes) an S-node points at; its other edges are lost."""
        t, types = self.g.types[nid], self.g.types
        conclusions: list[str] = []
        for x in self.g.out.get(nid, []):
            if self.g.argued(x):
                conclusions.append(x)
            else:
                self.r.loss("edge", nid, f"edge from {t} node {nid} to {types[x]} node {x} not kept")
        if t != "RA":
            return conclusions
        for x in conclusions:
            if types[x] in S_TYPES:
                message = f"RA {nid} supports the {types[x]} node {x}: argmap cannot support a relation; not kept"
                self.r.loss("support-of-inference", nid, message)
        return [c for c in conclusions if types[c] == "I"]

    def _has_ends(self, nid: str, premises: list[str], conclusions: list[str]) -> bool:
        """Whether an S-node has both ends (reported when not), reporting one with several conclusions."""
        t = self.g.types[nid]
        if not premises:
            self.r.diag("AMI103", f"{t} node {nid} has no premise (no I-node points to it); skipped", nid)
            return False
        if not conclusions:
            self.r.diag("AMI104", f"{t} node {nid} has no conclusion (it points to no node); skipped", nid)
            return False
        if len(conclusions) > 1:
            self.r.diag(
                "AMI112",
                f"{t} node {nid} has {len(conclusions)} conclusions ({', '.join(conclusions)}); "
                "imported as one relation each",
                nid,
            )
        return True

    def _parts(self, nid: str, premises: list[str], conclusions: list[str], first_part: dict[str, str]) -> None:
        """One relation per conclusion: the first keeps the S-node's id, an undercut's target is the
        foreign id of the S-node it attacks until every S-node has its id."""
        raw, t = self.g.nodes[nid], self.g.types[nid]
        extra: dict[str, Any] = {}
        scheme = raw.get("scheme")
        if isinstance(scheme, str) and scheme.strip():
            known = scheme_from_name(scheme)
            if known is not None:
                extra["scheme"] = known
        ends = [x for x in self.g.inc.get(nid, []) if self.g.argued(x)]
        for k, c in enumerate(conclusions):
            rid = self.rel_id[nid] if k == 0 else self.ids.make(f"{self.rel_id[nid]}-{k + 1}", "r")
            first_part.setdefault(nid, rid)
            if self.g.types[c] == "I":
                kind, target = ("supports" if t == "RA" else "attacks"), self.node_recs[c].id
            else:
                kind, target = "undercuts", c
            formats = s_node_formats(raw, ends, c, self.g.edge_ids, first=k == 0)
            self.rels.append(RelRec(rid, nid, kind, list(premises), target, {**extra, "formats": formats}))

    # -- dialogue: provenance where it attaches to a proposition or an inference

    def dialogue(self, doc: dict[str, Any]) -> None:
        """Keep a locution asserting an I-node as a line of the claim's note, and an illocution in a
        transition arguing an inference as a line of the relation's note; itemise what they leave behind."""
        g = self.g
        participants, speakers = locution_speakers(doc)
        rel_by_foreign = {rel.foreign: rel for rel in self.rels}
        notes: dict[str, list[str]] = {}
        used_edges: set[tuple[str, str]] = set()
        for nid in g.of_type("YA"):
            force = str(g.nodes[nid].get("text") or g.nodes[nid].get("scheme") or "YA")
            for src in g.inc.get(nid, []):
                for dst in g.out.get(nid, []):
                    if g.types[src] == "L" and dst in self.node_recs:
                        who = f" by {speakers[src]}" if speakers.get(src) else ""
                        notes.setdefault(dst, []).append(
                            f"AIF locution {src}{who} ({force}): {g.nodes[src].get('text', '')}"
                        )
                    elif g.types[src] == "TA" and dst in rel_by_foreign:
                        _add_note(rel_by_foreign[dst].extra, f"AIF {force} ({nid}) in transition {src}")
                    else:
                        continue
                    self.kept_dialogue.update((src, nid))
                    used_edges.update(((src, nid), (nid, dst)))
        for nid, lines in notes.items():
            self.node_recs[nid].data["note"] = "\n".join(lines)
        self.r.losses += dialogue_losses(doc, g.nodes, g.inc, g.out, self.kept_dialogue, participants)
        self.r.losses += illocution_edge_losses(g.nodes, g.inc, g.out, self.kept_dialogue, (used_edges, g.edge_ids))

    # -- what is not kept

    def unkept_nodes(self) -> None:
        """A loss for each node that is neither a proposition, an S-node nor kept dialogue."""
        for nid, t in self.g.types.items():
            inc, out = self.g.inc.get(nid, []), self.g.out.get(nid, [])
            if t in DIALOGUE and nid not in self.kept_dialogue:
                what = {"L": "locution", "TA": "transition", "YA": "illocution"}[t]
                label = str(self.g.nodes[nid].get("text", ""))[:80]
                self.r.loss(what, nid, f"{t} node {label!r} not kept (dialogue structure)")
            elif t == "MA":
                pairs = f"{', '.join(inc) or '?'} -> {', '.join(out) or '?'}"
                self.r.loss("rephrase", nid, f"MA (rephrase) {pairs} not kept: argmap has no rephrase relation")
            elif t == "PA":
                pairs = f"{', '.join(inc) or '?'} over {', '.join(out) or '?'}"
                self.r.loss("preference", nid, f"PA (preference) {pairs} not kept: argmap has no preference relation")
            elif t not in ("I", *S_TYPES, *DIALOGUE):
                self.r.loss("node", nid, f"node of type {t} not kept")

    def unlinked_propositions(self) -> None:
        """An I-node pointing straight at another I-node: AIF needs an RA or CA between them."""
        types = self.g.types
        for a, bs in self.g.out.items():
            if types[a] == "I":
                for b in bs:
                    if types[b] == "I":
                        self.r.diag("AMI113", f"edge from I-node {a} to I-node {b} has no RA or CA between; skipped", a)

    def renamed_ids(self) -> None:
        """A loss for each id made for a part of a split S-node that is not the one it asked for (an AIF
        node's own id is kept in its ``formats``: see :func:`keep_node_id`)."""
        for foreign, new in self.ids.renamed.items():
            if foreign not in self.g.nodes:
                self.r.loss("id", foreign, f"AIF id {foreign!r} imported as {new}")

    def dropped_transitions(self, result: Imported) -> None:
        """A loss for the dialogue noted on a relation that :func:`finish` dropped."""
        if result.map is None:
            return
        kept = {rel.id for rel in result.map.relations}
        for rel in self.rels:
            if rel.id not in kept and "transition" in str(rel.extra.get("note", "")):
                self.r.loss(
                    "transition", rel.foreign, f"dialogue attached to the dropped relation {rel.foreign} not kept"
                )


def _add_note(extra: dict[str, Any], line: str) -> None:
    extra["note"] = f"{extra['note']}\n{line}" if "note" in extra else line


_ID_KEY = re.compile(r'"(nodeID|edgeID)"\s*:\s*"?([^",}\s]+)')


def _locate(text: str, result: Imported) -> None:
    """Give each finding the line where its node or edge is defined in the JSON text."""
    unplaced = [
        (d, ("edgeID" if d.extra.pop("edge", False) else "nodeID", d.subject))
        for d in result.diagnostics
        if d.subject and not d.line
    ]
    wanted = {key for _, key in unplaced}
    wanted.update(("nodeID", x.subject) for x in result.losses if not x.line)
    seen = _places(text, wanted)
    lines = {key: found[0][0] for key, found in seen.items()}
    for d, key in unplaced:
        found = seen.get(key, [(0, 0)])
        d.line, d.col = found[1] if d.code == "AMI107" and len(found) > 1 else found[0]  # the duplicate itself
    result.losses = [replace(x, line=lines.get(("nodeID", x.subject), 0)) if not x.line else x for x in result.losses]


def _places(text: str, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """The line and column of each ``nodeID`` or ``edgeID`` in ``wanted``, at each place it is written;
    the column is that of the object holding the id: in a one-line file this is what tells defects apart."""
    seen: dict[tuple[str, str], list[tuple[int, int]]] = {}
    line, pos, start = 1, 0, 0
    for m in _ID_KEY.finditer(text):
        key = m.group(1, 2)
        if key not in wanted:
            continue
        at = m.start()
        breaks = text.count("\n", pos, at)
        if breaks:
            line += breaks
            start = text.rindex("\n", pos, at) + 1
        pos = at
        opening = text.rfind("{", start, at)
        seen.setdefault(key, []).append((line, (opening if opening >= 0 else at) - start + 1))
    return seen
