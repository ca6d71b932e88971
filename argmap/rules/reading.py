"""RD801, RD802, RD806: the evidence's figures and dates held to the sentence its anchor stands in
(RD803-RD805, speakers, quotations and the anchor's topic, are :mod:`argmap.rules.wording`).

These rules run when ``check`` has the source texts (``--texts DIR``, or a source's ``text:`` file next
to the map): each anchor found is read with :mod:`argmap.reader` (its sentence's figures, dates,
ordinals, speakers and quotations) and compared with what the map says. Without the texts they find
nothing: the anchors are then unchecked, and AM203 says so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from argmap.anchors import AnchorPlace, anchor_places
from argmap.dates import DateSpan, parse_date
from argmap.diagnostics import Severity
from argmap.model import SCALE_FACTOR, Absence, Count, Evidence, Statement, Statistic
from argmap.rules.base import Context, Finding, rule
from argmap.rules.consistency import anniversary_range, ordinal

if TYPE_CHECKING:
    from argmap.reader import Number, Reading, Sentence, When

__all__ = ["AnchorReading", "anchor_date", "anchor_readings", "clip"]


@dataclass(frozen=True)
class AnchorReading:
    """An evidence node's anchor, its sentence and clause, and what the sentence says."""

    place: AnchorPlace
    sentence: Sentence
    reading: Reading
    clause: tuple[int, int]

    @property
    def words(self) -> str:
        """The anchor's words as found in the source."""
        return self.place.text[self.place.start : self.place.end]

    def near(self, items: Iterable[_Item]) -> list[_Item]:
        """The items inside the anchor; else those in its clause; else all of the sentence's."""
        items = list(items)
        p = self.place
        for lo, hi in ((p.start, p.end), self.clause):
            found = [x for x in items if x.start < hi and x.end > lo]
            if found:
                return found
        return items


if TYPE_CHECKING:
    from typing import TypeVar

    from argmap.reader import Ordinal

    _Item = TypeVar("_Item", Number, When, Ordinal)


def _read_all(ctx: Context) -> dict[str, AnchorReading]:
    places = anchor_places(ctx.graph)
    if not places:
        return {}
    from argmap.reader import clause_around, read, sentence_around, sentences
    from argmap.reader.split import sentence_index

    out: dict[str, AnchorReading] = {}
    for e in ctx.evidence:
        place = places.get(e.id)
        if place is None:
            continue
        sentence = sentence_around(place.text, place.start, place.end)
        if sentence is None:
            continue
        at = sentence_index(place.text, sentence.start) - 1  # the sentence before, if any
        previous = sentences(place.text)[at].text if at >= 0 else ""
        reading = read(sentence.text, previous=previous, base=sentence.start)
        out[e.id] = AnchorReading(place, sentence, reading, clause_around(sentence, place.start, place.end))
    return out


def anchor_readings(ctx: Context) -> dict[str, AnchorReading]:
    """Evidence id -> its anchor's reading, for the anchors found in a source text (computed once)."""
    return ctx.once("rules.reading", lambda: _read_all(ctx))


def clip(text: str, limit: int = 70) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------- figures


_UNITS = {"usd": "USD", "us$": "USD", "$": "USD", "dollars": "USD", "us dollars": "USD", "dollar": "USD"}
_UNITS |= {"%": "percent", "per cent": "percent", "percent": "percent", "pct": "percent"}
_UNITS |= {"eur": "EUR", "euros": "EUR", "€": "EUR", "gbp": "GBP", "£": "GBP", "pounds": "GBP"}
_UNITS |= {"jpy": "JPY", "yen": "JPY", "krw": "KRW", "won": "KRW"}


def _unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    key = unit.strip().lower()
    return _UNITS.get(key, key)


def _half_ulp(x: float) -> float:
    text = repr(float(x))
    if "e" in text or "." not in text or text.endswith(".0"):
        return 0.5
    return 0.5 / 10.0 ** len(text.split(".")[1])


def _same(value: float, scale: str | None, n: Number) -> bool:
    """Whether the map's figure is the printed one, allowing for the rounding of either."""
    mine_factor = SCALE_FACTOR.get(scale or "one", 1.0)
    theirs_factor = SCALE_FACTOR.get(n.scale or "one", 1.0)
    slack = min(_half_ulp(value) * mine_factor, _half_ulp(n.value) * theirs_factor)
    return abs(value * mine_factor - n.magnitude) <= slack * 1.000001


def _shown(n: Number) -> str:
    parts = [f"{n.value:g}"]
    if n.scale:
        parts.append(n.scale)
    if n.unit:
        parts.append(n.unit)
    return " ".join(parts)


def _mine(value: float, scale: str | None, unit: str | None) -> str:
    return " ".join(p for p in (f"{value:g}", scale if scale and scale != "one" else None, unit) if p)


def _statistic_findings(e: Statistic, r: AnchorReading) -> Iterable[Finding]:
    percent = _unit(e.unit) == "percent"
    figures = [n for n in r.reading.numbers if (n.unit == "percent") == percent]
    near = r.near(figures)
    if not r.reading.numbers:
        yield Finding(
            f"{e.id}: value {_mine(e.value, e.scale, e.unit)}, but its anchor's sentence gives no figure: "
            f'"{clip(r.words)}"',
            subject=e.id,
            field=("value",),
        )
        return
    if not near:
        return
    match = next((n for n in [*near, *figures] if _same(e.value, e.scale, n)), None)
    if match is None:
        read = "; ".join(f'"{n.text}" ({_shown(n)})' for n in near[:3])
        yield Finding(
            f'{e.id}: value {_mine(e.value, e.scale, e.unit)}, but its anchor "{clip(r.words)}" reads {read}',
            subject=e.id,
            field=("value",),
        )
        return
    if match.unit and e.unit and _unit(match.unit) != _unit(e.unit):
        yield Finding(
            f'{e.id}: unit {e.unit}, but its anchor reads "{match.text}" ({match.unit})',
            subject=e.id,
            field=("unit",),
        )
    if match.approximate and not e.approximate:
        yield _hedge(e.id, match)
    if e.change is not None and e.change.percent is not None:
        changes = [n for n in r.reading.numbers if n.unit == "percent" and n is not match]
        if changes and not any(
            math.isclose(abs(e.change.percent), n.value, abs_tol=_half_ulp(n.value)) for n in changes
        ):
            yield Finding(
                f"{e.id}: change {e.change.percent:+g}%, but its anchor's sentence reads "
                + ", ".join(f'"{n.text}"' for n in changes[:3]),
                subject=e.id,
                field=("change", "percent"),
            )


def _hedge(eid: str, n: Number) -> Finding:
    return Finding(
        f'{eid}: the figure is given as exact, but its anchor\'s sentence reads "{n.text}" ("{n.hedge}"): '
        "mark it `approximate: true`",
        subject=eid,
        field=("approximate",),
    )


def _count_findings(e: Count, r: AnchorReading) -> Iterable[Finding]:
    counts = [n for n in r.reading.numbers if n.unit is None and n.scale is None and n.is_integer]
    near = r.near(counts)
    if not near:
        return
    match = next((n for n in [*near, *counts] if n.value == e.number), None)
    if match is None:
        read = "; ".join(f'"{n.text}" ({n.value:g})' for n in near[:3])
        yield Finding(
            f'{e.id}: number {e.number} ({clip(e.what, 40)}), but its anchor "{clip(r.words)}" reads {read}',
            subject=e.id,
            field=("number",),
        )
    elif match.approximate and not e.approximate:
        yield _hedge(e.id, match)


def _ordinal_findings(e: Statement | Absence, r: AnchorReading) -> Iterable[Finding]:
    occ = e.occasion
    if occ is None or occ.anniversary is None:
        return
    printed = [o for o in r.reading.ordinals if o.anniversary]
    if printed and not any(o.value == occ.anniversary for o in printed):
        yield Finding(
            f"{e.id}: {ordinal(occ.anniversary)} anniversary, but its anchor's sentence reads "
            + ", ".join(f'"{o.text} anniversary"' for o in printed[:3]),
            subject=e.id,
            field=("occasion", "anniversary"),
        )


@rule(
    "RD801",
    "figure-against-anchor",
    Severity.WARNING,
    "A figure, count, unit, hedge, change or anniversary ordinal that its anchor's sentence does not print.",
)
def figure_against_anchor(ctx: Context) -> Iterable[Finding]:
    """Read against the sentence the evidence's anchor stands in (the figures inside the anchor first,
    then those of its clause, then the whole sentence's):

    - a statistic's ``value`` (with its ``scale``) must be a figure printed in the sentence (an anchor
      may quote the baseline's words), in the same ``unit``;
      a ``change.percent`` must be one of its percentages;
    - a count's ``number`` must be a number printed there, in figures or words ("two", "around one
      hundred");
    - a figure printed with a hedge ("around", "up to", "over") is ``approximate: true``;
    - an anniversary ordinal must be the one printed ("33rd anniversary").

    A statistic whose anchor's sentence gives no figure at all is reported too: the anchor does not
    show the figure. Runs only where the source text is at hand (``check --texts DIR``).
    """
    for eid, r in anchor_readings(ctx).items():
        e = ctx.graph.nodes[eid]
        if isinstance(e, Statistic):
            yield from _statistic_findings(e, r)
        elif isinstance(e, Count):
            yield from _count_findings(e, r)
        if isinstance(e, Statement | Absence):
            yield from _ordinal_findings(e, r)


# --------------------------------------------------------------------------- dates


_OF_EVENT = re.compile(r"\s+anniversary\s+of\b(?:(?!\b(?:in|on|at|during|when|and)\b)[^,;.])*$", re.IGNORECASE)


def _commemorated(r: AnchorReading, d: When) -> bool:
    """A date inside the "anniversary of ..." phrase ("the 60th anniversary of the 1953 armistice")
    dates the event commemorated, not the occasion ("... of the treaty in July 2014")."""
    text, base = r.sentence.text, r.sentence.start
    return any(
        o.anniversary and o.end <= d.start and _OF_EVENT.match(text[o.end - base : d.start - base])
        for o in r.reading.ordinals
    )


_OPENER = re.compile(r"(?:In|On|Since|By|During|After|Before|From|Until|Last|This|Earlier)\b[^,]{0,60},")


def anchor_date(r: AnchorReading) -> When | None:
    """The date the anchor's words are about: one inside the anchor, else its clause's, else a
    sentence opener's ("In May 2014, ..."), else the sentence's only one; commemorated dates left out."""
    dates = [d for d in r.reading.dates if not _commemorated(r, d)]
    p = r.place
    for lo, hi in ((p.start, p.end), r.clause):
        found = [d for d in dates if d.start < hi and d.end > lo]
        if found:
            return found[0]
    opener = _OPENER.match(r.sentence.text)
    if opener is not None:
        lead = [d for d in dates if d.end <= r.sentence.start + opener.end()]
        if lead:
            return lead[-1]
    return dates[0] if len(dates) == 1 else None


def _dates_of(e: Evidence) -> list[DateSpan]:
    """Every date the node gives: its own, and a baseline's period, a change's start, a commemorated
    date (an anchor may quote the words of any of them: "14 crashes in the two years before")."""
    found = [e.when()]
    if isinstance(e, Statistic):
        found += [parse_date(p) for p in (e.baseline and e.baseline.period, e.change and e.change.since) if p]
    if isinstance(e, Statement | Absence) and e.occasion and e.occasion.commemorated_date:
        found.append(parse_date(e.occasion.commemorated_date))
    return [d for d in found if d is not None]


@rule(
    "RD802",
    "date-against-anchor",
    Severity.WARNING,
    "An evidence date or period that its anchor's sentence contradicts.",
)
def date_against_anchor(ctx: Context) -> Iterable[Finding]:
    """The evidence's ``date`` (or ``period``; or the period of its baseline or change, whose words the
    anchor may quote) must overlap the date its anchor's sentence gives for those words: one inside
    the anchor ("Jang Song-thaek in December 2013"), else in its clause ("...
    and fired around one hundred missiles in June-July 2014"), else the sentence's opener ("In May
    2014, ..."), else the sentence's only date. Prose is read into spans: "early 2013" is January to
    April, "mid-2013" May to August, "since May 2014" May 2014 onwards. The date of the event an
    anniversary commemorates is not the occasion's. A sentence that dates nothing checks nothing.
    """
    for eid, r in anchor_readings(ctx).items():
        e = ctx.graph.nodes[eid]
        assert isinstance(e, Evidence)
        when = e.when()
        read = anchor_date(r)
        if when is None or read is None or any(read.overlaps(d) for d in _dates_of(e)):
            continue
        field = e.DATE_FIELD or "date"
        inside = read.start >= r.place.start and read.end <= r.place.end
        where = (
            f'its anchor reads "{clip(r.words)}"' if inside else f'its anchor "{clip(r.words)}" is dated "{read.text}"'
        )
        shown = f" ({'since ' if read.since else ''}{read.date})" if read.text != read.date else ""
        yield Finding(
            f"{e.id}: {field} {when}, but {where}{shown}",
            subject=e.id,
            field=(field,),
        )


# --------------------------------------------------------------------------- anniversaries


def _stated_date(r: AnchorReading) -> When | None:
    return anchor_date(r)


def _commemorated_date(r: AnchorReading) -> When | None:
    dates = [d for d in r.reading.dates if _commemorated(r, d)]
    return dates[0] if dates else None


@rule(
    "RD806",
    "anniversary-against-sentence",
    Severity.WARNING,
    "An anniversary ordinal that does not fit the dates its anchor's sentence gives, where the map gives none.",
)
def anniversary_against_sentence(ctx: Context) -> Iterable[Finding]:
    """IC401 checks an ordinal against the map's own dates. Where the map leaves one out, the sentence
    supplies it: the occasion's date from the anchor's sentence ("In July 2014, ... on the 11th
    anniversary") when the statement or absence has no ``date``, and the commemorated event's date
    from the words after the ordinal ("the 60th anniversary of the 1953 armistice") when
    ``commemorated_date`` is missing. The ordinal must be exactly the years between the two.
    """
    for eid, r in anchor_readings(ctx).items():
        e = ctx.graph.nodes[eid]
        if not isinstance(e, Statement | Absence) or e.occasion is None or e.occasion.anniversary is None:
            continue
        occ, printed = e.occasion, e.occasion.anniversary
        when: DateSpan | None = e.when()
        event: DateSpan | None = parse_date(occ.commemorated_date) if occ.commemorated_date else None
        if when is not None and event is not None:
            continue  # IC401's case
        borrowed: list[str] = []
        if when is None and (stated := _stated_date(r)) is not None:
            when = stated.span
            borrowed.append(f'the occasion "{stated.text}"')
        if event is None and (past := _commemorated_date(r)) is not None:
            event = past.span
            borrowed.append(f'the commemorated "{past.text}"')
        if when is None or event is None or not borrowed or event.definitely_after(when):
            continue
        lo, hi = anniversary_range(event, when)
        if lo <= printed <= hi:
            continue
        expected = f"{ordinal(hi)}" if lo == hi else f"{ordinal(lo)} to {ordinal(hi)}"
        yield Finding(
            f"{e.id}: '{ordinal(printed)} anniversary' does not fit the dates its anchor's sentence gives "
            f"({' and '.join(borrowed)}): that is the {expected} anniversary",
            subject=e.id,
            field=("occasion", "anniversary"),
        )


@rule(
    "RD808",
    "anniversary-unchecked",
    Severity.INFO,
    "An anniversary ordinal that nothing can check: no commemorated date in the map nor in its anchor's sentence.",
)
def anniversary_unchecked(ctx: Context) -> Iterable[Finding]:
    """An ordinal ("the 33rd anniversary") claims a number of years since the event it commemorates;
    IC401 checks it against the map's ``commemorated_date`` and RD806 against a date the anchor's
    sentence gives. When neither gives one, nothing holds the ordinal to anything: it is reported as
    unchecked, with what would check it (the event's date, looked up and written as
    ``commemorated_date``). Without the source text, the sentence is not read and the map's date alone
    can check it.
    """
    readings = anchor_readings(ctx)
    for e in ctx.evidence:
        if not isinstance(e, Statement | Absence) or e.occasion is None or e.occasion.anniversary is None:
            continue
        if e.occasion.commemorated_date:
            continue
        r = readings.get(e.id)
        if r is not None and _commemorated_date(r) is not None:
            continue  # RD806's case
        what = e.occasion.commemorates or e.occasion.description or "the event"
        why = (
            "neither the map nor its anchor's sentence gives the date of what it commemorates"
            if r is not None
            else "the map does not give the date of what it commemorates (its anchor's sentence was not read)"
        )
        yield Finding(
            f"{e.id}: '{ordinal(e.occasion.anniversary)} anniversary' of {clip(what, 60)} is not checked: {why}; "
            "add `commemorated_date`",
            subject=e.id,
            field=("occasion", "anniversary"),
        )
