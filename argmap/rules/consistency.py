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
    """The anniversary ordinals that ``when`` may be for an event at ``event``.

    The occasion *is* the anniversary day, so the ordinal is the difference of the years, exactly:
    a July 2014 occasion of a July 2000 summit is the 14th anniversary, never the 13th. Only dates
    given as a span of years (``2013/2014``, or an event dated ``2000/2001``) leave a range.
    """
    lo = when.earliest.year - event.latest.year
    hi = when.latest.year - event.earliest.year
    return lo, hi


@rule(
    "IC401",
    "anniversary-mismatch",
    Severity.WARNING,
    "An anniversary ordinal that does not match the commemorated date and the evidence's date.",
)
def anniversary_mismatch(ctx: Context) -> Iterable[Finding]:
    """The printed ordinal should equal ``date.year - commemorated_date.year``, exactly: the occasion
    is the anniversary day itself, so counting completed years (one less) is no excuse. Only a date
    given as a span of years leaves a range. A mismatch is often a slip in the source: keep what the
    source prints, note what a public record says, and let this finding record the discrepancy.
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
            expected = f"{ordinal(lo)} to {ordinal(hi)} anniversary"
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
                    f"{s.id}: change {c.absolute:+g} does not fit the figures: {v:g} - {base[0]:g} = {diff:+g}",
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
                        f"{e.id}: change is measured since {since}, which is not before the figure's period {period}",
                        subject=e.id,
                        field=("change", "since"),
                    )
            if e.change and e.baseline and e.baseline.period:
                bp = parse_date(e.baseline.period)
                if bp.definitely_after(period):
                    yield Finding(
                        f"{e.id}: reported as a change, but its baseline ({bp}) is after the figure's period {period}",
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
