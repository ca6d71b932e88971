"""IC4xx internal consistency, computed from the typed fields: anniversaries, percentages, counts, dates."""

from __future__ import annotations

from collections.abc import Iterable

from argmap.dates import DateSpan, parse_date
from argmap.diagnostics import Severity
from argmap.model import SCALE_FACTOR, Absence, Count, Event, Occasion, Statement, Statistic
from argmap.rules.base import Context, Finding, rule

__all__ = ["anniversary_range", "ordinal"]


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def anniversary_range(event: DateSpan, when: DateSpan) -> tuple[int, int]:
    """The anniversary ordinals that ``when`` may fall on for an event at ``event``.

    With both dates exact to the day: ``when.year - event.year``. Otherwise the lower bound also
    allows the number of *completed* years, which is one less when the month or day is uncertain.
    """
    hi = when.latest.year - event.earliest.year
    d, c = when.earliest, event.latest
    if event.earliest == event.latest and when.earliest == when.latest:
        return hi, hi
    lo = d.year - c.year - ((d.month, d.day) < (c.month, c.day))
    return min(lo, hi), hi


@rule(
    "IC401",
    "anniversary-mismatch",
    Severity.WARNING,
    "An anniversary ordinal that does not match the commemorated date and the evidence's date.",
    bad="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang courts Moscow.}
          - id: E1
            kind: evidence
            type: statement
            text: Media called for stronger ties with Russia.
            speaker: North Korean media
            date: 2014-07
            sources: [S1]
            occasion: {anniversary: 11, commemorates: Kim Jong-il–Putin summit, commemorated_date: 2000-07-19}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
    good="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang courts Moscow.}
          - id: E1
            kind: evidence
            type: statement
            text: Media called for stronger ties with Russia.
            speaker: North Korean media
            date: 2014-07
            sources: [S1]
            occasion: {anniversary: 14, commemorates: Kim Jong-il–Putin summit, commemorated_date: 2000-07-19}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
)
def anniversary_mismatch(ctx: Context) -> Iterable[Finding]:
    """The printed ordinal should equal ``date.year - commemorated_date.year``. When either date is
    given only to the month or year, one less is also accepted (the anniversary day may not have come
    yet). A mismatch is often a slip in the source: keep what the source prints, and let this finding
    record the discrepancy.
    """
    for e in ctx.evidence:
        if not isinstance(e, Statement | Absence) or e.occasion is None:
            continue
        occ: Occasion = e.occasion
        when = e.when()
        if occ.anniversary is None or occ.commemorated_date is None or when is None:
            continue
        event = parse_date(occ.commemorated_date)
        if event.definitely_after(when):
            continue  # IC405 reports the impossible order
        lo, hi = anniversary_range(event, when)
        if lo <= occ.anniversary <= hi:
            continue
        expected = f"{ordinal(hi)} anniversary"
        if lo != hi:
            expected += f" ({ordinal(lo)} if counted in completed years)"
        what = occ.commemorates or occ.description or "the commemorated event"
        yield Finding(
            f"{e.id}: '{ordinal(occ.anniversary)} anniversary' of {what} ({occ.commemorated_date}) "
            f"does not fit the {e.type}'s date {e.date}: that is the {expected}",
            subject=e.id,
            field=("occasion", "anniversary"),
            extra={"printed": occ.anniversary, "expected": [lo, hi]},
        )


# --------------------------------------------------------------------------- changes


def _half_ulp(x: float) -> float:
    """Half a unit in the last printed digit: the rounding a printed figure may hide."""
    if isinstance(x, int):
        return 0.5
    text = repr(float(x))
    if "e" in text or "." not in text:
        return abs(float(x)) * 1e-9
    decimals = len(text.split(".")[1])
    return 0.5 / 10.0**decimals


def _ratio_bounds(num: tuple[float, float], den: tuple[float, float]) -> tuple[float, float]:
    corners = [a / b for a in num for b in den]
    return min(corners), max(corners)


def _factor(scale: str | None, default: float) -> float | None:
    if scale is None:
        return default
    return SCALE_FACTOR.get(scale.strip().lower())


def _comparable_baseline(s: Statistic) -> tuple[float, float] | None:
    """Baseline value in the statistic's units, and its rounding, when it measures the same thing earlier."""
    b, c = s.baseline, s.change
    if b is None or c is None or b.period is None:
        return None
    if s.unit and b.unit and s.unit.strip().lower() != b.unit.strip().lower():
        return None
    own = SCALE_FACTOR[s.scale] if s.scale else 1.0
    factor = _factor(b.scale, own)
    if factor is None:
        return None
    period = parse_date(b.period)
    if c.since is not None:
        since = parse_date(c.since)
        if since.definitely_before(period) or since.definitely_after(period):
            return None  # the baseline is another period than the change's
    elif b.label is not None or s.period is None or not period.definitely_before(parse_date(s.period)):
        return None
    scale = factor / own
    return b.value * scale, _half_ulp(b.value) * scale


def _fmt(x: float) -> str:
    return f"{x:+.1f}%"


@rule(
    "IC402",
    "change-mismatch",
    Severity.WARNING,
    "A percentage or absolute change that does not fit the figure and its baseline.",
    bad="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Trade with Russia grew.}
          - {id: E1, kind: evidence, type: statistic, text: Trade rose 37.3% to $104 million., value: 104,
             unit: USD, scale: million, period: 2013, change: {percent: 37.3, since: 2012}, sources: [S1],
             baseline: {value: 90, unit: USD, scale: million, period: 2012}}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
    good="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Trade with Russia grew.}
          - {id: E1, kind: evidence, type: statistic, text: Trade rose 37.3% to $104 million., value: 104,
             unit: USD, scale: million, period: 2013, change: {percent: 37.3, since: 2012}, sources: [S1],
             baseline: {value: 75.7, unit: USD, scale: million, period: 2012}}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
)
def change_mismatch(ctx: Context) -> Iterable[Finding]:
    """Checks, with a tolerance of half a unit in the last printed digit of every number:

    - ``change.percent`` against ``value`` and ``baseline.value``: (value / baseline - 1) * 100;
    - ``change.absolute`` against value - baseline;
    - ``change.percent`` against ``change.absolute`` alone: absolute / (value - absolute) * 100.

    The baseline is used only when it measures the same thing at the start of the change: its period
    matches ``change.since`` (or, without ``since`` and without a ``label``, lies before the figure's
    period), its unit is the figure's and its scale is known. ``change.absolute`` is in the figure's
    unit and scale. Approximate figures are not checked.
    """
    for s in ctx.evidence:
        if not isinstance(s, Statistic) or s.change is None or s.approximate:
            continue
        c = s.change
        v, hv = float(s.value), _half_ulp(s.value)
        value_range = (v - hv, v + hv)
        base = _comparable_baseline(s)
        if base is not None and c.percent is not None and base[0] - base[1] > 0:
            lo, hi = _ratio_bounds(value_range, (base[0] - base[1], base[0] + base[1]))
            lo, hi = (lo - 1) * 100, (hi - 1) * 100
            hp = _half_ulp(c.percent)
            if c.percent + hp < lo or c.percent - hp > hi:
                actual = (v / base[0] - 1) * 100
                yield Finding(
                    f"{s.id}: change {c.percent:+g}% does not fit the figures: from {base[0]:g} to {v:g} "
                    f"is {_fmt(actual)} (between {_fmt(lo)} and {_fmt(hi)} allowing for rounding)",
                    subject=s.id,
                    field=("change", "percent"),
                )
        if base is not None and c.absolute is not None:
            diff = v - base[0]
            if abs(diff - c.absolute) > hv + base[1] + _half_ulp(c.absolute):
                yield Finding(
                    f"{s.id}: change {c.absolute:+g} does not fit the figures: "
                    f"{v:g} - {base[0]:g} = {diff:+g}",
                    subject=s.id,
                    field=("change", "absolute"),
                )
        if c.percent is not None and c.absolute is not None:
            ha = _half_ulp(c.absolute)
            start = (v - hv - (c.absolute + ha), v + hv - (c.absolute - ha))
            if start[0] <= 0:
                continue
            lo, hi = _ratio_bounds((c.absolute - ha, c.absolute + ha), start)
            lo, hi = lo * 100, hi * 100
            hp = _half_ulp(c.percent)
            if c.percent + hp < lo or c.percent - hp > hi:
                actual = c.absolute / (v - c.absolute) * 100
                yield Finding(
                    f"{s.id}: change {c.percent:+g}% does not fit {c.absolute:+g} on a figure of {v:g} "
                    f"(that is {_fmt(actual)} of the starting value {v - c.absolute:g})",
                    subject=s.id,
                    field=("change", "percent"),
                )


@rule(
    "IC403",
    "count-items-mismatch",
    Severity.WARNING,
    "A count whose number differs from the number of items it lists.",
    bad="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang looks to South-East Asia.}
          - {id: E1, kind: evidence, type: count, text: The minister will visit five countries.,
             what: countries to visit, number: 5, items: [Vietnam, Laos, Singapore, Indonesia],
             period: 2014-08, sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
    good="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang looks to South-East Asia.}
          - {id: E1, kind: evidence, type: count, text: The minister will visit five countries.,
             what: countries to visit, number: 5, items: [Vietnam, Laos, Singapore, Indonesia, Myanmar],
             period: 2014-08, sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
)
def count_items_mismatch(ctx: Context) -> Iterable[Finding]:
    """When ``items`` are listed, their number should equal ``number``. Approximate counts are not
    checked; list every item, or drop ``items`` if they are only examples.
    """
    for e in ctx.evidence:
        if isinstance(e, Count) and e.items and not e.approximate and len(e.items) != e.number:
            yield Finding(
                f"count {e.id} says {e.number} {e.what} but lists {len(e.items)}",
                subject=e.id,
                field=("number",),
            )


# --------------------------------------------------------------------------- dates


@rule(
    "IC404",
    "evidence-after-source",
    Severity.WARNING,
    "Evidence dated after the source that reports it (unless an event is marked planned).",
    bad="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang looks to South-East Asia.}
          - {id: E1, kind: evidence, type: event, text: The minister visits Vietnam., date: 2014-09,
             sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
    good="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang looks to South-East Asia.}
          - {id: E1, kind: evidence, type: event, text: The minister is to visit Vietnam., date: 2014-09,
             status: planned, sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
)
def evidence_after_source(ctx: Context) -> Iterable[Finding]:
    """A source cannot report what happened after it was published. Either the date is wrong, or the
    event is only announced: then give it ``status: planned``. Dates are compared as spans: ``2014``
    is not after ``2014-08-04``.
    """
    published_on = {sid: s.date_span for sid, s in ctx.graph.sources.items() if s.date}
    if not published_on:
        return
    for e in ctx.evidence:
        when = e.when()
        if when is None or (isinstance(e, Event) and e.status == "planned"):
            continue
        for sid in e.sources:
            published = published_on.get(sid)
            if published is not None and when.definitely_after(published):
                tip = "; if the event is only announced, mark it `status: planned`"
                tip = tip if isinstance(e, Event) else ""
                yield Finding(
                    f"{e.id} is dated {when} but its source {sid} is dated {published}{tip}",
                    subject=e.id,
                    field=(e.DATE_FIELD or "date",),
                )


@rule(
    "IC405",
    "date-order",
    Severity.WARNING,
    "Dates in impossible order: a change since a later period, a growth baseline after the figure, "
    "an anniversary of a later event.",
    bad="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Trade with Russia grew.}
          - {id: E1, kind: evidence, type: statistic, text: Trade rose 37.3%., value: 104, unit: USD,
             scale: million, period: 2013, change: {percent: 37.3, since: 2014}, sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
    good="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Trade with Russia grew.}
          - {id: E1, kind: evidence, type: statistic, text: Trade rose 37.3%., value: 104, unit: USD,
             scale: million, period: 2013, change: {percent: 37.3, since: 2012}, sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
)
def date_order(ctx: Context) -> Iterable[Finding]:
    """Checked orders (as date spans, so that partial dates are compared honestly):

    - a statistic's ``change.since`` must not be after its ``period``, nor the very same period;
    - when a statistic reports a change, its ``baseline.period`` must not be after its ``period``;
    - an occasion's ``commemorated_date`` must not be after the statement's or absence's ``date``.
    """
    for e in ctx.evidence:
        if isinstance(e, Statistic):
            if e.period is None:
                continue
            period = parse_date(e.period)
            if e.change and e.change.since:
                since = parse_date(e.change.since)
                same = (since.earliest, since.latest) == (period.earliest, period.latest)
                if same or since.definitely_after(period):
                    yield Finding(
                        f"{e.id}: change is measured since {since}, "
                        f"which is not before the figure's period {period}",
                        subject=e.id,
                        field=("change", "since"),
                    )
            if e.change and e.baseline and e.baseline.period:
                bp = parse_date(e.baseline.period)
                if bp.definitely_after(period):
                    yield Finding(
                        f"{e.id}: reported as a change, but its baseline ({bp}) "
                        f"is after the figure's period {period}",
                        subject=e.id,
                        field=("baseline", "period"),
                    )
        elif isinstance(e, Statement | Absence) and e.occasion and e.occasion.commemorated_date:
            when = e.when()
            event = parse_date(e.occasion.commemorated_date)
            if when is not None and event.definitely_after(when):
                yield Finding(
                    f"{e.id}: commemorates an event of {event}, after the {e.type}'s own date {when}",
                    subject=e.id,
                    field=("occasion", "commemorated_date"),
                )
