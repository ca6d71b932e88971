"""SR2xx sourcing: where the evidence comes from, and when it is dated."""

from __future__ import annotations

from collections.abc import Iterable

from argmap.diagnostics import Severity
from argmap.model import Source
from argmap.rules.base import Context, Finding, rule

__all__: list[str] = []


def describe_source(s: Source | None, sid: str) -> str:
    """``S1 ("Title", secondary)`` for messages."""
    if s is None:
        return sid
    kind = f", {s.kind}" if s.kind else ""
    return f'{sid} ("{s.title}"{kind})'


@rule(
    "SR201",
    "evidence-without-source",
    Severity.WARNING,
    "Evidence that cites no source.",
)
def evidence_without_source(ctx: Context) -> Iterable[Finding]:
    """Evidence nobody can check: add the document it is taken from to ``sources``."""
    for e in ctx.evidence:
        if not e.sources:
            yield Finding(f"{e.type} {e.id} cites no source", subject=e.id, hint="add `sources: [ID]`")


@rule(
    "SR202",
    "evidence-without-date",
    Severity.WARNING,
    "Evidence without the date it is about (statistic/count: period; statement/event/absence: date).",
)
def evidence_without_date(ctx: Context) -> Iterable[Finding]:
    """Undated evidence cannot be placed in time: figures need a ``period``; statements, events and
    absences need a ``date``. Without it, the consistency rules (IC4xx) cannot check it either.
    Partial dates (``2014``, ``2014-07``) and ranges (``2014-06/2014-07``) are fine.
    """
    for e in ctx.evidence:
        name = e.DATE_FIELD  # the type's partial-date field; a type without one is not dated
        if name is not None and e.when() is None:
            yield Finding(f"{e.type} {e.id} has no {name}", subject=e.id, field=(name,))


@rule(
    "SR203",
    "single-source",
    Severity.INFO,
    "A claim whose evidence all comes from one source (once per map when the map has only one source).",
)
def single_source(ctx: Context) -> Iterable[Finding]:
    """Every evidence item below the claim (directly or via sub-claims) cites the same one source,
    so nothing corroborates it independently.

    When the whole map cites a single source, this is reported once, on the thesis, rather than on
    every claim (which would all say the same thing); ``argmap gaps`` still names the source for each
    claim. Claims with evidence lacking a source are left to SR201.
    """
    sup = ctx.support
    cited = ctx.cited_sources
    if len(cited) == 1:
        (sid,) = cited
        what = describe_source(ctx.graph.sources.get(sid), sid)
        total = len(sup.evidence)
        thesis = ctx.graph.thesis
        lead = f"all {total} evidence items in the map come"
        if total == 1:
            lead = "the only evidence item in the map comes"
        message = f"{lead} from one source, {what}: no claim is corroborated independently"
        if thesis is not None and sup.has_evidence(thesis.id):
            yield Finding(message, subject=thesis.id)
        elif sid in ctx.graph.sources:
            yield Finding(message, subject=sid)
        return
    described: dict[str, str] = {}  # a big map cites a few sources thousands of times
    for n in sup.conclusions:
        sources = sup.sources.get(n.id, ())
        if len(sources) != 1 or n.id in sup.unsourced:
            continue
        count = sup.count_below(n.id)
        sid = sources[0]
        what = described.get(sid) or described.setdefault(sid, describe_source(ctx.graph.sources.get(sid), sid))
        lead = "its only evidence comes" if count == 1 else f"all {count} evidence items below it come"
        yield Finding(f"{n.id}: {lead} from one source, {what}", subject=n.id)


@rule(
    "SR204",
    "secondary-sources-only",
    Severity.WARNING,
    "All the evidence in the map rests on secondary (or tertiary) sources.",
)
def secondary_only(ctx: Context) -> Iterable[Finding]:
    """No evidence item is backed by a primary source (the actor's own words or data).

    Reported once for the map, and only when every cited source declares its ``kind`` (SR206 reports
    sources that do not).
    """
    cited = [s for s in ctx.cited_sources if s in ctx.graph.sources]
    if not cited:
        return
    kinds = [ctx.graph.sources[s].kind for s in cited]
    if all(k in ("secondary", "tertiary") for k in kinds):
        names = ", ".join(describe_source(ctx.graph.sources[s], s) for s in cited[:3])
        more = f" and {len(cited) - 3} more" if len(cited) > 3 else ""
        yield Finding(
            f"all evidence rests on secondary sources ({names}{more}); no primary source is cited",
            path=("sources",),
            hint="cite the original statement, data set or report where one exists",
        )


@rule(
    "SR205",
    "unused-source",
    Severity.INFO,
    "A source that no evidence cites.",
)
def unused_source(ctx: Context) -> Iterable[Finding]:
    """A listed source that no evidence node cites: evidence taken from it is missing, or it is left over."""
    cited = set(ctx.cited_sources) | {c.source for e in ctx.evidence for c in e.contradicted_by}
    for s in ctx.graph.sources.values():
        if s.id not in cited:
            yield Finding(f"source {s.id} is cited by no evidence", subject=s.id)


@rule(
    "SR206",
    "source-without-kind",
    Severity.INFO,
    "A cited source that does not say whether it is primary, secondary or tertiary.",
)
def source_without_kind(ctx: Context) -> Iterable[Finding]:
    """Without ``kind`` a reader cannot tell first-hand data from reporting about it; SR204 stays silent."""
    cited = set(ctx.cited_sources)
    for s in ctx.graph.sources.values():
        if s.id in cited and s.kind is None:
            yield Finding(f"source {s.id} does not say whether it is primary or secondary", subject=s.id)


@rule(
    "SR207",
    "contradicted-by-record",
    Severity.WARNING,
    "Evidence that a cited record contradicts: the text prints one thing, the record says another.",
)
def contradicted_by_record(ctx: Context) -> Iterable[Finding]:
    """A source named in the evidence's ``contradicted_by`` says otherwise than the text (a date, a
    figure, who did it). The evidence is kept as the text prints it, and the record never counts as
    corroboration (not in the source line, not against SR203); the finding says what the record says,
    so that a reader weighs the item knowing it is disputed.
    """
    for e in ctx.evidence:
        for c in e.contradicted_by:
            s = ctx.graph.sources.get(c.source)
            what = describe_source(s, c.source)
            on = f" on its {c.field}" if c.field else ""
            yield Finding(
                f"{e.type} {e.id} is contradicted{on} by {what}: {c.says}",
                subject=e.id,
                field=("contradicted_by",),
                hint="keep the item as the text prints it; weigh the claims it supports knowing it is disputed",
            )
