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
from argmap.interchange._build import IdMaker, NodeRec, RelRec, finish
from argmap.interchange.jsonshape import kind_of, parse_json

__all__ = ["load_sadface"]

_SCHEMES = {"support": "supports", "attack": "attacks", "conflict": "attacks"}


def load_sadface(text: str, *, file: str = "<input>", options: ImportOptions | None = None) -> Imported:
    """Read a SADFace document; each defect is reported with the foreign node or edge id."""
    options = options or ImportOptions()
    losses: list[Loss] = []
    diagnostics: list[Diagnostic] = []

    def diag(code: str, message: str, subject: str = "") -> None:
        diagnostics.append(Diagnostic(code, message, CODES[code][1], file=file, subject=subject))

    doc, why = parse_json(text, file, "SADFace")
    if why is not None:
        return Imported(None, losses, [why])
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
        diag("AMI001", "not SADFace: expected a JSON object with a 'nodes' list (and 'edges')")
        return Imported(None, losses, diagnostics)
    if not isinstance(doc.get("edges") or [], list):
        diag("AMI001", f"not SADFace: 'edges' must be a list, not {kind_of(doc['edges'])}")
        return Imported(None, losses, diagnostics)
    doc = _shaped(doc, losses)
    core = doc["metadata"].get("core", {})
    core = core if isinstance(core, dict) else {}
    _metadata_losses(doc, core, losses)
    nodes: dict[str, dict[str, Any]] = {}
    for i, raw in enumerate(doc["nodes"]):
        nid = str(raw.get("id", "")).strip() if isinstance(raw, dict) else ""
        if not nid:
            diag("AMI108", f"node #{i + 1} has no id; skipped", f"#{i + 1}")
        elif nid in nodes:
            diag("AMI107", f"node id {nid} appears twice; the second (#{i + 1}) is skipped", nid)
        else:
            nodes[nid] = raw
    inc: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    for i, raw in enumerate(doc.get("edges") or []):
        eid = str(raw.get("id", f"#{i + 1}")) if isinstance(raw, dict) else f"#{i + 1}"
        a = str(raw.get("source_id", "")) if isinstance(raw, dict) else ""
        b = str(raw.get("target_id", "")) if isinstance(raw, dict) else ""
        if a not in nodes or b not in nodes:
            diag("AMI101", f"edge {eid} from {a or '?'} to {b or '?'}: a node does not exist; skipped", eid)
            continue
        out.setdefault(a, []).append(b)
        inc.setdefault(b, []).append(a)
    ids = IdMaker()
    recs: dict[str, NodeRec] = {}
    for nid, raw in nodes.items():
        if raw.get("type") != "atom":
            continue
        body = raw.get("text")
        if not isinstance(body, str) or not body.strip():
            diag("AMI108", f"atom {nid} has no text; its id is used as text", nid)
            body = f"(atom {nid})"
        recs[nid] = NodeRec(ids.make(nid, "n"), nid, {"kind": "claim", "text": body})
        extra = {k: v for k, v in raw.items() if k not in ("id", "type", "text") and v not in (None, "", [], {})}
        if extra:
            losses.append(Loss("atom-data", nid, f"{', '.join(sorted(extra))} not kept"))
    rels = _relations(nodes, inc, out, recs, ids, diag, losses)
    title = options.title or str(core.get("title") or "").strip() or _title_of(file)
    extra_map: dict[str, Any] = {}
    if isinstance(core.get("analyst_name"), str) and core["analyst_name"].strip():
        extra_map["authors"] = [core["analyst_name"].strip()]
    if isinstance(core.get("description"), str) and core["description"].strip():
        extra_map["description"] = core["description"].strip()
    return finish(
        title=title,
        nodes=list(recs.values()),
        relations=rels,
        file=file,
        thesis=options.thesis,
        losses=losses,
        diagnostics=diagnostics,
        extra=extra_map,
    )


def _relations(
    nodes: dict[str, dict[str, Any]],
    inc: dict[str, list[str]],
    out: dict[str, list[str]],
    recs: dict[str, NodeRec],
    ids: IdMaker,
    diag: Any,
    losses: list[Loss],
) -> list[RelRec]:
    rels: list[RelRec] = []
    first: dict[str, str] = {}
    for nid, raw in nodes.items():
        if raw.get("type") == "atom":
            continue
        name = str(raw.get("name") or "").strip().lower()
        if raw.get("type") != "scheme":
            losses.append(Loss("node", nid, f"node of type {shown(raw.get('type'))} not kept"))
            continue
        if name not in _SCHEMES:
            losses.append(Loss("scheme", nid, f"{name or 'unnamed'} scheme not kept: argmap has no such relation"))
            continue
        premises = [recs[x].id for x in inc.get(nid, []) if x in recs]
        targets = out.get(nid, [])
        if not premises:
            diag("AMI103", f"scheme {nid} has no premise (no atom points to it); skipped", nid)
            continue
        if not targets:
            diag("AMI104", f"scheme {nid} has no conclusion (it points to no node); skipped", nid)
            continue
        if len(targets) > 1:
            diag("AMI112", f"scheme {nid} has {len(targets)} conclusions; imported as one relation each", nid)
        for k, t in enumerate(targets):
            rid = ids.make(nid if k == 0 else f"{nid}-{k + 1}", "s")
            first.setdefault(nid, rid)
            if t in recs:
                rels.append(RelRec(rid, nid, _SCHEMES[name], premises, recs[t].id))
            elif _SCHEMES[name] == "attacks":
                rels.append(RelRec(rid, nid, "undercuts", premises, t))
            else:
                losses.append(Loss("support-of-inference", nid, f"support of the scheme {t} not kept"))
    for rel in rels:
        if rel.kind == "undercuts":
            rel.target = first.get(rel.target, f"(missing {rel.target})")
    return rels


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


def _title_of(file: str) -> str:
    from pathlib import Path

    stem = Path(file).stem if file and not file.startswith("<") else ""
    return f"Imported from {stem}" if stem else "Imported SADFace map"
