"""SADFace JSON (the Simple Argument Description Format, Simon Wells) into argmap.

A SADFace document has ``metadata`` (``core``: title, analyst, dates, ...), ``resources`` (the texts
analysed), ``nodes`` and ``edges``. An ``atom`` node is a proposition (its ``text``); a ``scheme`` node
named ``support`` is an inference, one named ``attack`` (or ``conflict``) a conflict: edges
(``source_id`` -> ``target_id``) run from premises into the scheme and from the scheme to its
conclusion. An attack scheme that points at another scheme attacks that inference: an undercut.
``rephrase`` and ``preference`` schemes have no argmap relation and are reported, as are resources,
atoms' source offsets and metadata. The thesis is the node named with ``--thesis``, else the atom with
the largest argument tree.
"""

from __future__ import annotations

from typing import Any

from argmap.diagnostics import CODES, Diagnostic
from argmap.interchange import Imported, ImportOptions, Loss, shown
from argmap.interchange._build import IdMaker, NodeRec, RelRec, finish, imported_title
from argmap.interchange.jsonshape import kind_of, parse_json

__all__ = ["load_sadface"]

_SCHEMES = {"support": "supports", "attack": "attacks", "conflict": "attacks"}


def load_sadface(text: str, *, file: str = "<input>", options: ImportOptions | None = None) -> Imported:
    """Read a SADFace document; each defect is reported with the foreign node or edge id."""
    options = options or ImportOptions()
    r = _Reader(file)
    doc = r.parse(text)
    if doc is None:
        return Imported(None, r.losses, r.diagnostics)
    core = doc["metadata"].get("core", {})
    core = core if isinstance(core, dict) else {}
    _metadata_losses(doc, core, r.losses)
    r.read_nodes(doc["nodes"])
    r.read_edges(doc.get("edges") or [])
    r.atoms()
    r.relations()
    return finish(
        title=options.title or str(core.get("title") or "").strip() or imported_title(file, "SADFace map"),
        nodes=list(r.recs.values()),
        relations=r.rels,
        file=file,
        thesis=options.thesis,
        losses=r.losses,
        diagnostics=r.diagnostics,
        extra=_map_fields(core),
    )


class _Reader:
    """A SADFace document read step by step: its shape, nodes, edges, atoms and schemes."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.losses: list[Loss] = []
        self.diagnostics: list[Diagnostic] = []
        self.nodes: dict[str, dict[str, Any]] = {}
        self.inc: dict[str, list[str]] = {}
        self.out: dict[str, list[str]] = {}
        self.ids = IdMaker()
        self.recs: dict[str, NodeRec] = {}
        self.rels: list[RelRec] = []

    def diag(self, code: str, message: str, subject: str = "") -> None:
        self.diagnostics.append(Diagnostic(code, message, CODES[code][1], file=self.file, subject=subject))

    def parse(self, text: str) -> dict[str, Any] | None:
        """The document with its parts shaped (see :func:`_shaped`), or None (reported) when it is not
        SADFace."""
        doc, why = parse_json(text, self.file, "SADFace")
        if why is not None:
            self.diagnostics.append(why)
            return None
        if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
            self.diag("AMI001", "not SADFace: expected a JSON object with a 'nodes' list (and 'edges')")
            return None
        if not isinstance(doc.get("edges") or [], list):
            self.diag("AMI001", f"not SADFace: 'edges' must be a list, not {kind_of(doc['edges'])}")
            return None
        return _shaped(doc, self.losses)

    def read_nodes(self, raws: list[Any]) -> None:
        """Keep each node with an id, once."""
        for i, raw in enumerate(raws):
            nid = str(raw.get("id", "")).strip() if isinstance(raw, dict) else ""
            if not nid:
                self.diag("AMI108", f"node #{i + 1} has no id; skipped", f"#{i + 1}")
            elif nid in self.nodes:
                self.diag("AMI107", f"node id {nid} appears twice; the second (#{i + 1}) is skipped", nid)
            else:
                self.nodes[nid] = raw

    def read_edges(self, raws: list[Any]) -> None:
        """Keep each edge between two kept nodes, both ways."""
        for i, raw in enumerate(raws):
            eid = str(raw.get("id", f"#{i + 1}")) if isinstance(raw, dict) else f"#{i + 1}"
            a = str(raw.get("source_id", "")) if isinstance(raw, dict) else ""
            b = str(raw.get("target_id", "")) if isinstance(raw, dict) else ""
            if a not in self.nodes or b not in self.nodes:
                self.diag("AMI101", f"edge {eid} from {a or '?'} to {b or '?'}: a node does not exist; skipped", eid)
                continue
            self.out.setdefault(a, []).append(b)
            self.inc.setdefault(b, []).append(a)

    def atoms(self) -> None:
        """A claim for each atom; what else an atom says (its source offsets, say) is lost."""
        for nid, raw in self.nodes.items():
            if raw.get("type") != "atom":
                continue
            body = raw.get("text")
            if not isinstance(body, str) or not body.strip():
                self.diag("AMI108", f"atom {nid} has no text; its id is used as text", nid)
                body = f"(atom {nid})"
            self.recs[nid] = NodeRec(self.ids.make(nid, "n"), nid, {"kind": "claim", "text": body})
            extra = {k: v for k, v in raw.items() if k not in ("id", "type", "text") and v not in (None, "", [], {})}
            if extra:
                self.losses.append(Loss("atom-data", nid, f"{', '.join(sorted(extra))} not kept"))

    def relations(self) -> None:
        """A relation for each support or attack scheme with premises and a conclusion (one per conclusion);
        an attack on another scheme is an undercut of the first relation that scheme became."""
        first: dict[str, str] = {}
        for nid, raw in self.nodes.items():
            if raw.get("type") == "atom":
                continue
            kind = self._relation_kind(nid, raw)
            premises = [self.recs[x].id for x in self.inc.get(nid, []) if x in self.recs]
            if kind is not None and self._has_ends(nid, premises):
                self._parts(nid, kind, premises, first)
        for rel in self.rels:
            if rel.kind == "undercuts":
                rel.target = first.get(rel.target, f"(missing {rel.target})")

    def _relation_kind(self, nid: str, raw: dict[str, Any]) -> str | None:
        """``supports`` or ``attacks`` for a support or attack scheme; None (lost) for any other node."""
        if raw.get("type") != "scheme":
            self.losses.append(Loss("node", nid, f"node of type {shown(raw.get('type'))} not kept"))
            return None
        name = str(raw.get("name") or "").strip().lower()
        if name not in _SCHEMES:
            self.losses.append(Loss("scheme", nid, f"{name or 'unnamed'} scheme not kept: argmap has no such relation"))
            return None
        return _SCHEMES[name]

    def _has_ends(self, nid: str, premises: list[str]) -> bool:
        """Whether a scheme has premises and a conclusion (reported when not, and when it has several
        conclusions)."""
        targets = self.out.get(nid, [])
        if not premises:
            self.diag("AMI103", f"scheme {nid} has no premise (no atom points to it); skipped", nid)
            return False
        if not targets:
            self.diag("AMI104", f"scheme {nid} has no conclusion (it points to no node); skipped", nid)
            return False
        if len(targets) > 1:
            self.diag("AMI112", f"scheme {nid} has {len(targets)} conclusions; imported as one relation each", nid)
        return True

    def _parts(self, nid: str, kind: str, premises: list[str], first: dict[str, str]) -> None:
        """One relation per conclusion of a scheme; an undercut's target is the scheme's id until every
        scheme has its relation; support of a scheme is lost."""
        for k, t in enumerate(self.out.get(nid, [])):
            rid = self.ids.make(nid if k == 0 else f"{nid}-{k + 1}", "s")
            first.setdefault(nid, rid)
            if t in self.recs:
                self.rels.append(RelRec(rid, nid, kind, premises, self.recs[t].id))
            elif kind == "attacks":
                self.rels.append(RelRec(rid, nid, "undercuts", premises, t))
            else:
                self.losses.append(Loss("support-of-inference", nid, f"support of the scheme {t} not kept"))


def _map_fields(core: dict[str, Any]) -> dict[str, Any]:
    """The map's authors and description, from the document's core metadata."""
    fields: dict[str, Any] = {}
    if isinstance(core.get("analyst_name"), str) and core["analyst_name"].strip():
        fields["authors"] = [core["analyst_name"].strip()]
    if isinstance(core.get("description"), str) and core["description"].strip():
        fields["description"] = core["description"].strip()
    return fields


def _shaped(doc: dict[str, Any], losses: list[Loss]) -> dict[str, Any]:
    """``doc`` with ``metadata`` an object and ``resources`` a list: a part that is absent or null is read
    as empty; a part of another kind is lost, and read as empty."""
    for key, kind in (("metadata", dict), ("resources", list)):
        value = doc.get(key)
        if value is None:
            doc = {**doc, key: kind()}
        elif not isinstance(value, kind):
            want = "an object" if kind is dict else "a list"
            losses.append(Loss("sadface-part", key, f"part {key!r} is {kind_of(value)}, not {want}; not kept"))
            doc = {**doc, key: kind()}
    return doc


def _metadata_losses(doc: dict[str, Any], core: dict[str, Any], losses: list[Loss]) -> None:
    kept = {"title", "analyst_name", "description"}
    for key, value in core.items():
        if key not in kept and value not in (None, "", [], {}):
            losses.append(Loss("metadata", key, f"metadata {key}={shown(str(value))} not kept"))
    for key, value in doc["metadata"].items():
        if key != "core" and value not in (None, "", [], {}):
            losses.append(Loss("metadata", key, f"metadata block {key!r} not kept"))
    for res in doc["resources"]:
        rid = str(res.get("id", "?")) if isinstance(res, dict) else "?"
        losses.append(Loss("resource", rid, "resource (the analysed text) not kept"))
    for key, value in doc.items():
        if key not in ("metadata", "resources", "nodes", "edges") and value not in (None, "", [], {}):
            losses.append(Loss("sadface-part", key, f"part {key!r} not kept"))
