"""The data the interactive page reads: every node's details, relations, sources and gaps, as plain JSON.

Everything here is plain, unescaped text; the page puts it into the document with ``textContent`` only.
The map itself is included in argmap's own JSON form (:func:`argmap.interchange.native.dump_data`), so
that the page can hand a student's answers back as a map file that ``argmap check`` reads.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from argmap.diagnostics import Diagnostic
from argmap.graph import MapGraph
from argmap.interchange.native import dump_data
from argmap.model import (
    ArgMap,
    Node,
    Relation,
    Source,
)
from argmap.view.kinds import KINDS, evidence_fields, kind_of, presentation
from argmap.view.text import clean, shorten

__all__ = [
    "KIND_LABELS",
    "Gaps",
    "aria_label",
    "collect_gaps",
    "collect_statuses",
    "evidence_fields",
    "json_for_script",
    "page_data",
]

KIND_LABELS: dict[str, str] = {name: k.label for name, k in KINDS.items()}
"""Short label of each node kind (from :data:`argmap.view.kinds.KINDS`)."""


class Gaps:
    """Findings of the rule engine, or why there are none to show."""

    def __init__(self, findings: Sequence[Diagnostic], available: bool, note: str | None = None) -> None:
        self.findings = list(findings)
        self.available = available
        self.note = note


node_kind = kind_of


def aria_label(n: Node, *, veiled: bool = False) -> str:
    """What a screen reader announces for a node of the diagram."""
    label = f"{presentation(node_kind(n)).label} {n.id}"
    if veiled:
        return f"{label}, hidden evidence: open to reveal and answer"
    return f"{label}: {shorten(n.text, 240)}"


def collect_gaps(m: ArgMap, graph: MapGraph) -> Gaps:
    """Run the evidence-gap rules when this build has them."""
    try:
        from argmap import rules
    except ModuleNotFoundError as exc:
        if exc.name != "argmap.rules":
            raise
        return Gaps([], False, "The gap checks (argmap.rules) are not part of this build.")
    run: Callable[..., list[Diagnostic]] | None = getattr(rules, "run_rules", None)
    if run is None:
        return Gaps([], False, "This build's rule engine has no run_rules().")
    return Gaps(run(m, graph), True)


def collect_statuses(m: ArgMap) -> dict[str, dict[str, str | None]] | None:
    """Acceptability of each node (grounded semantics) with the reason, or None when not in this build."""
    try:
        from argmap import semantics
    except ModuleNotFoundError as exc:
        if exc.name != "argmap.semantics":
            raise
        return None
    analyse = getattr(semantics, "analyse", None)
    if analyse is not None:
        result = analyse(m)
        reasons: Mapping[str, str] = getattr(result, "reasons", {}) or {}
        note = getattr(result, "preferred_note", None)
        out: dict[str, dict[str, str | None]] = {
            str(k): {"status": str(v), "reason": reasons.get(k), "note": note(k) if note else None}
            for k, v in result.statuses().items()
        }
        _add_standing_and_grounding(m, out)
        return out
    fn: Callable[[ArgMap], Mapping[str, str]] | None = getattr(semantics, "statuses", None)
    if fn is None:
        return None
    return {str(k): {"status": str(v), "reason": None, "note": None} for k, v in fn(m).items()}


def _add_standing_and_grounding(m: ArgMap, out: dict[str, dict[str, str | None]]) -> None:
    """The words people read: standing (stands/defeated/undecided) and, for claims, grounding."""
    from argmap.rules.base import Context
    from argmap.rules.grounding import GROUNDING_WORDS, grounding
    from argmap.semantics import standing

    grounds = grounding(Context(m))
    for k, entry in out.items():
        entry["standing"] = standing(entry["status"])
        g = grounds.get(k)
        if g is not None:
            entry["grounding"], entry["grounding_reason"] = GROUNDING_WORDS[g.level], g.reason


def _rule_info(code: str) -> dict[str, str]:
    try:
        from argmap.rules import get_rule

        rule = get_rule(code)
    except (ImportError, KeyError, LookupError, ValueError):
        from argmap.diagnostics import CODES

        if code in CODES:
            name, _, doc = CODES[code]
            return {"name": name, "summary": doc, "doc": ""}
        return {}
    if rule is None:
        return {}
    return {
        "name": str(getattr(rule, "name", "") or ""),
        "summary": str(getattr(rule, "summary", "") or ""),
        "doc": str(getattr(rule, "doc", "") or ""),
    }


def _gap_entry(d: Diagnostic, info: dict[str, str]) -> dict[str, Any]:
    severity = getattr(d.severity, "value", d.severity)
    return {"code": d.code, "severity": str(severity), "message": d.message, "hint": d.hint, **info}


def citation(s: Source) -> str:
    """``Author, "Title", Publisher, Date.``: one line to cite the source by."""
    parts = [clean(x) for x in (s.author,) if x] + [f"“{clean(s.title)}”"]
    parts += [clean(x) for x in (s.publisher, s.date) if x]
    return ", ".join(parts) + "."


def _source_entry(sid: str, sources: Mapping[str, Source]) -> dict[str, Any]:
    s = sources.get(sid)
    if s is None:
        return {"id": sid, "missing": True}
    return {
        "id": s.id,
        "citation": citation(s),
        "title": s.title,
        "author": s.author,
        "publisher": s.publisher,
        "date": s.date,
        "kind": s.kind,
        "url": s.url,
        "note": s.note,
    }


def _endpoint(item_id: str, graph: MapGraph) -> dict[str, Any]:
    node = graph.nodes.get(item_id)
    if node is not None:
        return {"id": item_id, "type": "node", "kind": node_kind(node), "text": shorten(node.text, 160)}
    rel = graph.relations.get(item_id)
    if rel is not None:
        text = f"{rel.kind}: {', '.join(rel.premises)} → {rel.target}"
        return {"id": item_id, "type": "relation", "kind": rel.kind, "text": text}
    return {"id": item_id, "type": "missing", "kind": None, "text": ""}


def _relation_entry(r: Relation, graph: MapGraph, gaps: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {
        "id": r.id,
        "kind": r.kind,
        "premises": [_endpoint(p, graph) for p in dict.fromkeys(r.premises)],
        "target": _endpoint(r.target, graph),
        "warrant": r.warrant,
        "qualifier": r.qualifier,
        "scheme": r.scheme,
        "strength": r.strength,
        "note": r.note,
        "gaps": gaps.get(r.id, []),
        "undercut_by": [u.id for u in graph.incoming.get(r.id, ()) if u.kind == "undercuts"],
    }


def _node_entry(
    n: Node,
    graph: MapGraph,
    gaps: Mapping[str, list[dict[str, Any]]],
    statuses: Mapping[str, Mapping[str, str | None]] | None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": n.id,
        "kind": n.kind,
        "type": node_kind(n),
        "label": presentation(node_kind(n)).label,
        "text": n.text,
        "aria": aria_label(n),
        "note": n.note,
        "tags": list(n.tags),
        "fields": evidence_fields(n),
        "anchor": None,
        "sources": [],
        "incoming": [r.id for r in graph.incoming.get(n.id, ())],
        "outgoing": list(dict.fromkeys(r.id for r in graph.outgoing.get(n.id, ()))),
        "gaps": gaps.get(n.id, []),
        "status": dict((statuses or {}).get(n.id) or {}) or None,
    }
    if n.kind == "evidence":
        entry["sources"] = [_source_entry(sid, graph.sources) for sid in n.sources]
        if n.anchor is not None:
            a = n.anchor
            entry["anchor"] = {
                "exact": a.exact,
                "prefix": a.prefix,
                "suffix": a.suffix,
                "source": _source_entry(a.source or (n.sources[0] if n.sources else ""), graph.sources)
                if (a.source or n.sources)
                else None,
            }
    return entry


def page_data(
    m: ArgMap,
    *,
    graph: MapGraph | None = None,
    gaps: Gaps | None = None,
    statuses: Mapping[str, Mapping[str, str | None]] | None = None,
    exercise: bool = False,
    download_name: str = "answers.json",
) -> dict[str, Any]:
    """Everything the page script needs, as JSON-ready data."""
    graph = graph or MapGraph(m)
    gaps = gaps if gaps is not None else Gaps([], False, "Gap checks were not run.")
    info_cache: dict[str, dict[str, str]] = {}
    by_subject: dict[str, list[dict[str, Any]]] = {}
    general: list[dict[str, Any]] = []
    for d in gaps.findings:
        if d.code not in info_cache:
            info_cache[d.code] = _rule_info(d.code)
        entry = _gap_entry(d, info_cache[d.code])
        if d.subject and (d.subject in graph.nodes or d.subject in graph.relations):
            by_subject.setdefault(d.subject, []).append(entry)
        else:
            general.append({**entry, "subject": d.subject})
    nodes = {n.id: _node_entry(n, graph, by_subject, statuses) for n in graph.nodes.values()}
    relations = [_relation_entry(r, graph, by_subject) for r in graph.relations.values()]
    return {
        "title": m.title,
        "description": m.description,
        "authors": list(m.authors),
        "created": m.created,
        "exercise": exercise,
        "download_name": download_name,
        "rules": {"available": gaps.available, "note": gaps.note, "general": general},
        "statuses": statuses is not None,
        "thesis": graph.thesis.id if graph.thesis else None,
        "nodes": nodes,
        "relations": relations,
        "sources": [_source_entry(s.id, graph.sources) for s in graph.sources.values()],
        "map": dump_data(m),
    }


_SCRIPT_ESCAPES = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def json_for_script(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, no ``<!--``, no raw U+2028."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # These characters can only occur inside JSON strings, where the \\u escapes mean the same.
    return text.translate(_SCRIPT_ESCAPES)
