"""The evidence-gap report: per claim, its evidence, standing, grounding and gaps; then the whole map.

Two verdicts per claim, kept apart: its *standing* under the attacks drawn in the map (stands,
defeated, undecided: grounded semantics, :mod:`argmap.semantics`) and its *grounding* (evidenced,
partly, asserted: :mod:`argmap.rules.grounding`). A claim may stand because nothing attacks it and
still rest on nothing; the summary says so plainly for the thesis.

:func:`build_report` turns a loaded map whose diagnostics are located into a :class:`GapsReport`
(plain data, no terminal); :func:`report_json` and :func:`render_report` serialise it. The order is
the thesis first, then claims in map order; each claim's gaps are ranked by severity, then line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from argmap import __version__
from argmap.diagnostics import Diagnostic, Severity
from argmap.gapsrender import render_report
from argmap.rules.base import Context
from argmap.rules.grounding import GROUNDING_WORDS, Ground, grounding
from argmap.semantics import standing

if TYPE_CHECKING:
    from collections.abc import Iterable

    from argmap.graph import MapGraph
    from argmap.load import LoadResult
    from argmap.model import Relation

__all__ = [
    "LIST_LIMIT",
    "ClaimReport",
    "Gap",
    "GapsReport",
    "MapSummary",
    "SchemeUse",
    "build_report",
    "render_report",
    "report_json",
]

LIST_LIMIT = 50
"""Longest list of evidence or source ids per claim: keeps the report linear in the map's size."""


@dataclass
class Gap:
    """One finding as shown under a claim."""

    code: str
    severity: str
    message: str
    line: int
    subject: str | None


@dataclass
class SchemeUse:
    """A relation into the claim that names an argument scheme, and the state of its critical questions."""

    relation: str
    scheme: str
    questions: list[dict[str, str | None]]
    """Each question: id (SCHEME.ID), ask, status (open, answered, ignored), answered_by."""


@dataclass
class ClaimReport:
    id: str
    kind: str
    text: str
    line: int
    type: str | None
    """The claim's type (comparison, cause...), when the map gives one."""
    standing: str
    """Under the map's attacks (grounded semantics): stands, defeated or undecided."""
    reason: str
    """Why it has that standing."""
    preferred: str | None
    """How preferred semantics differs, when it does."""
    grounding: str
    """evidenced, partly or asserted."""
    grounding_reason: str
    evidence: int
    """Evidence items reaching the claim through live support, directly or via sub-claims."""
    direct: list[str]
    via: list[str]
    """Evidence reaching it only via sub-claims (the first LIST_LIMIT; ``via_count`` says how many)."""
    via_count: int
    types: dict[str, int]
    sources: list[str]
    """Sources cited by that evidence (the first LIST_LIMIT)."""
    supporters: list[str]
    """Claims that directly support it."""
    attackers: list[str]
    defeated_supports: list[str]
    schemes: list[SchemeUse] = field(default_factory=list)
    """Scheme relations into the claim (supports, attacks) with their critical questions."""
    gaps: list[Gap] = field(default_factory=list)
    mapper: dict[str, list[str]] = field(default_factory=dict)
    """The mapper's part in what bears on it: ``inferences`` (relations ``by: mapper``) and ``warrants``
    (relations whose warrant the mapper words), by relation id."""
    notes: list[dict[str, str]] = field(default_factory=list)
    """The map's notes that bear on the claim, each ``{"on": id, "note": text}``: its own first, then
    those of the relations into it (and the undercuts on them), of the evidence they draw directly,
    and of anything else a finding under it names (see :func:`_notes`)."""


@dataclass
class MapSummary:
    title: str
    claims: int
    evidence: int
    evidence_types: dict[str, int]
    sources: list[dict[str, Any]]
    standing: dict[str, int]
    """Claims and thesis by standing."""
    grounding: dict[str, int]
    """Claims and thesis by grounding."""
    thesis: str | None
    thesis_standing: str | None
    thesis_grounding: str | None
    verdict: str
    """One sentence on the thesis: its standing and its grounding, said plainly."""
    preferred_extensions: int | None
    findings: dict[str, int]
    by_code: dict[str, int]
    unsupported: list[str]
    without_evidence: list[str]
    map_gaps: list[Gap] = field(default_factory=list)
    """Findings that belong to no single claim (sources, config, stray nodes)."""


@dataclass
class GapsReport:
    file: str
    claims: list[ClaimReport]
    summary: MapSummary
    diagnostics: list[Diagnostic]

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": __version__,
            "file": self.file,
            "summary": asdict(self.summary),
            "claims": [asdict(c) for c in self.claims],
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


def _gap(d: Diagnostic) -> Gap:
    return Gap(d.code, d.severity.value, d.message, d.line, d.subject)


def _rank(g: Gap) -> tuple[int, int, str]:
    return (Severity(g.severity).rank, g.line, g.code)


def build_report(result: LoadResult) -> GapsReport:
    """Report on ``result`` (a valid map whose rule diagnostics have been added and located)."""
    m = result.map
    graph = result.graph
    if m is None or graph is None:
        raise ValueError("build_report needs a loaded map")
    ctx = Context.shared(m, graph)
    sup, acc, grounds = ctx.support, ctx.acceptability, grounding(ctx)
    conclusions = sup.conclusions
    positions = result.index_for([graph.node_path(n.id) for n in conclusions]) if result.text else None
    claims: dict[str, ClaimReport] = {}
    sources = sup.sources_upto(LIST_LIMIT)
    for n in conclusions:
        below = sup.below.get(n.id, 0)
        direct = list(dict.fromkeys(sup.direct.get(n.id, ())))
        via_bits = below
        for e in direct:
            via_bits &= ~(1 << sup.position[e])
        supporters = [
            p
            for rid in sup.supports.get(n.id, ())
            for p in graph.relations[rid].premises
            if p in graph.nodes and graph.nodes[p].kind != "evidence"
        ]
        attackers = [p for r in graph.incoming.get(n.id, ()) if r.kind == "attacks" for p in r.premises]
        line = positions.locate(graph.node_path(n.id), prefer_value=True)[0] if positions else 0
        types = {t: (below & tb).bit_count() for t, tb in sup.type_bits.items()}
        claims[n.id] = ClaimReport(
            id=n.id,
            kind=n.kind,
            text=n.text,
            line=line,
            type=getattr(n, "type", None),
            standing=standing(acc.grounded.get(n.id)),
            reason=acc.reasons.get(n.id, ""),
            preferred=acc.preferred_note(n.id),
            grounding=grounds.get(n.id, _ASSERTED).level,
            grounding_reason=grounds.get(n.id, _ASSERTED).reason,
            evidence=below.bit_count(),
            direct=direct,
            via=sup.first_evidence(via_bits, LIST_LIMIT),
            via_count=via_bits.bit_count(),
            types={t: k for t, k in types.items() if k},
            sources=list(sources.get(n.id, ())),
            supporters=list(dict.fromkeys(supporters)),
            attackers=list(dict.fromkeys(attackers)),
            defeated_supports=sup.defeated.get(n.id, []),
            mapper=_mappers_part(graph.incoming.get(n.id, ())),
        )
    from argmap.rules.questions import question_states

    for rid, states in question_states(ctx).items():
        rel = graph.relations[rid]
        if rel.target in claims and rel.scheme:
            use = SchemeUse(rid, rel.scheme, [st.to_dict() for st in states])
            claims[rel.target].schemes.append(use)
    map_gaps: list[Gap] = []
    diagnostics = sorted(result.diagnostics, key=lambda d: (d.line, d.col, d.code))
    for d in diagnostics:
        owners = _owners(ctx, d.subject, claims)
        for owner in owners:
            claims[owner].gaps.append(_gap(d))
        if not owners:
            map_gaps.append(_gap(d))
    for c in claims.values():
        c.gaps.sort(key=_rank)
        c.notes = _notes(graph, c)
    map_gaps.sort(key=_rank)
    summary = _summary(ctx, list(claims.values()), diagnostics, map_gaps)
    return GapsReport(result.file, list(claims.values()), summary, diagnostics)


_ASSERTED = Ground("asserted", "nothing supports it")


def _verdict(thesis: ClaimReport | None) -> str:
    if thesis is None:
        return "the map has no thesis"
    ground = GROUNDING_WORDS[thesis.grounding]
    if thesis.standing == "stands" and thesis.grounding != "evidenced":
        return (
            f"the thesis stands (nothing in the map defeats it) but is not evidenced ({ground}): "
            f"{thesis.grounding_reason}"
        )
    if thesis.standing == "stands":
        return f"the thesis stands and is evidenced: {thesis.grounding_reason}"
    return f"the thesis is {thesis.standing} ({thesis.reason}); grounding: {ground}"


def _owners(ctx: Context, subject: str | None, claims: dict[str, ClaimReport]) -> list[str]:
    """The claims a finding about ``subject`` belongs to (none: a map-wide finding)."""
    graph = ctx.graph
    if subject is None:
        return []
    if subject in claims:
        return [subject]
    if subject in graph.nodes:
        rels = graph.outgoing.get(subject, ())
        return list(dict.fromkeys(r.target for r in rels if r.kind == "supports" and r.target in claims))
    rel = graph.relations.get(subject)
    for _ in range(len(graph.relations) + 1):  # an undercut belongs to where the undercut relation points
        if rel is None:
            return []
        if rel.target in claims:
            return [rel.target]
        if rel.target in graph.nodes:
            return []
        rel = graph.relations.get(rel.target)
    return []


def _notes(graph: MapGraph, c: ClaimReport) -> list[dict[str, str]]:
    """The notes a reader weighing ``c`` needs: the claim's own; each relation's into it, with its
    undercuts' (the author's weighing: a concession, a condition); the evidence's it draws directly
    (how a field was read: "printed 'early 2013'", "reported second-hand"); and the note of any other
    item a finding under the claim names. A note already given is not repeated in the block."""
    from argmap.view.text import clean

    on: list[str] = [c.id]
    seen: set[str] = set()
    todo = list(reversed(graph.incoming.get(c.id, ())))  # depth first, in map order
    while todo:
        r = todo.pop()
        if r.id in seen:
            continue  # a circle of undercuts
        seen.add(r.id)
        on.append(r.id)
        on += [p for p in r.premises if p in graph.nodes and graph.nodes[p].kind == "evidence"]
        todo += [u for u in reversed(graph.incoming.get(r.id, ())) if u.kind == "undercuts"]
    on += [g.subject for g in c.gaps if g.subject]
    out: list[dict[str, str]] = []
    for key in dict.fromkeys(on):
        item = graph.nodes.get(key) or graph.relations.get(key)
        if item is not None and item.note:
            out.append({"on": key, "note": clean(item.note)})
    return out


def _mappers_part(incoming: Iterable[Relation]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in incoming:
        if r.by == "mapper":
            out.setdefault("inferences", []).append(r.id)
        elif r.warrant and r.warrant_maker == "mapper":
            out.setdefault("warrants", []).append(r.id)
    return out


def _summary(ctx: Context, claims: list[ClaimReport], diags: list[Diagnostic], map_gaps: list[Gap]) -> MapSummary:
    from argmap.view.text import clean

    sup, graph, acc = ctx.support, ctx.graph, ctx.acceptability
    cited = Counter(s for e in sup.evidence for s in dict.fromkeys(e.backing()))
    against = Counter(c.source for e in sup.evidence for c in e.contradicted_by)
    sources = [
        {"id": s.id, "title": s.title, "kind": s.kind, "date": s.date, "cited_by": cited.get(s.id, 0)}
        | ({"contradicts": against[s.id]} if against.get(s.id) else {})
        | ({"note": clean(s.note)} if s.note else {})
        for s in graph.sources.values()
    ]
    thesis = graph.thesis
    thesis_report = next((c for c in claims if thesis is not None and c.id == thesis.id), None)
    types: Counter[str] = Counter(e.type for e in sup.evidence)
    return MapSummary(
        title=ctx.map.title,
        claims=len(claims),
        evidence=len(sup.evidence),
        evidence_types={t: types[t] for t in sup.type_bits if types[t]},
        sources=sources,
        standing=dict(Counter(c.standing for c in claims)),
        grounding=dict(Counter(c.grounding for c in claims)),
        thesis=thesis.id if thesis else None,
        thesis_standing=standing(acc.grounded.get(thesis.id)) if thesis else None,
        thesis_grounding=thesis_report.grounding if thesis_report else None,
        verdict=_verdict(thesis_report),
        preferred_extensions=acc.extensions,
        findings={s.value: sum(1 for d in diags if d.severity is s) for s in Severity},
        by_code=dict(sorted(Counter(d.code for d in diags).items())),
        unsupported=[c.id for c in claims if not sup.supports.get(c.id)],
        without_evidence=[c.id for c in claims if c.evidence == 0],
        map_gaps=map_gaps,
    )


def report_json(report: GapsReport, *, author_only: list[str] | None = None) -> str:
    """The report as JSON; with ``author_only`` (what ``--author-only`` left out) under that key."""
    from argmap.report import json_text

    data = report.to_dict()
    if author_only is not None:
        data["author_only"] = {"left_out": author_only}
    return json_text(data)
