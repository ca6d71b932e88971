"""EQ3xx evidence quality: arguments from silence, figures without unit or comparison, hedges dropped."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from argmap.diagnostics import Severity
from argmap.model import SCALE_FACTOR, Count, Node, Statistic
from argmap.rules.analysis import TYPE_BITS
from argmap.rules.base import Context, Finding, rule

__all__ = ["comparative_word", "figure", "stated_numbers"]

_COMPARATIVE = re.compile(
    r"\b(more|less|fewer|than|compared?|comparison|relative|versus|vs|"
    r"grow|grows|grew|grown|growing|growth|rise|rises|rose|risen|rising|"
    r"fall|falls|fell|fallen|falling|increase[sd]?|increasing|decrease[sd]?|decreasing|"
    r"decline[sd]?|declining|drop(?:s|ped|ping)?|doubled?|tripled?|halved?|surge[sd]?|jump(?:s|ed)?|"
    r"larger|smaller|bigger|greater|higher|lower|most|least|increasingly|outpac\w*|exceed\w*|overtak\w*|"
    r"widen(?:s|ed|ing)?|deepen(?:s|ed|ing)?|narrow(?:s|ed|ing)|mounting|closer|further)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w])")
_HEDGE = re.compile(
    r"(about|around|approximately|approx\.?|roughly|nearly|almost|some|over|under|more than|less than|"
    r"fewer than|up to|at least|at most|close to|circa|c\.|an estimated|estimated|~|some)\s*\$?\s*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def comparative_word(text: str) -> str | None:
    """The first comparative word in ``text`` ("growing", "more", "than"...), or None."""
    m = _COMPARATIVE.search(text)
    return m.group(0) if m else None


def stated_numbers(text: str) -> Iterator[tuple[float, bool]]:
    """Numbers written in digits in ``text``, each with whether a hedge word precedes it."""
    for m in _NUMBER.finditer(text):
        value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        hedged = bool(_HEDGE.search(text[max(0, m.start() - 20) : m.start()]))
        yield value, hedged


def figure(s: Statistic) -> str:
    """``USD 104 million (2013, +37.3%)`` for messages."""
    parts = [s.unit or "", f"{s.value:g}", s.scale if s.scale and s.scale != "one" else ""]
    extra = [s.period] if s.period else []
    if s.change and s.change.percent is not None:
        extra.append(f"{s.change.percent:+g}%")
    text = " ".join(p for p in parts if p)
    return f"{text} ({', '.join(extra)})" if extra else text


def _supported(ctx: Context, node_id: str) -> list[Node]:
    """Claims and thesis that ``node_id`` directly supports, in relation order."""
    out: dict[str, Node] = {}
    for r in ctx.graph.outgoing.get(node_id, ()):
        t = ctx.graph.nodes.get(r.target)
        if r.kind == "supports" and t is not None and t.kind != "evidence":
            out.setdefault(t.id, t)
    return list(out.values())


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@rule(
    "EQ301",
    "argument-from-silence",
    Severity.WARNING,
    "A claim whose only evidence is something that did not happen (absence evidence).",
    bad="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang is cooling on Beijing.}
          - {id: E1, kind: evidence, type: absence, text: No statement on the treaty anniversary.,
             expected: an official statement, date: 2014-07, sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
    good="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang is cooling on Beijing.}
          - {id: E1, kind: evidence, type: absence, text: No statement on the treaty anniversary.,
             expected: an official statement, date: 2014-07, sources: [S1]}
          - {id: E2, kind: evidence, type: statement, text: Media called China spineless., speaker: KCNA,
             date: 2014-07, sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: [E1, E2], to: T}
        """,
)
def argument_from_silence(ctx: Context) -> Iterable[Finding]:
    """Silence has many explanations; on its own it is weak evidence.

    Reported on a claim that has absence evidence as a direct premise and no other kind of evidence
    anywhere below it. Add positive evidence, or state in a ``warrant`` why the silence is telling.
    """
    sup = ctx.support
    absence = TYPE_BITS["absence"]
    for n in sup.conclusions:
        if sup.types.get(n.id) != absence:
            continue
        direct = [e for e in sup.direct.get(n.id, ()) if sup.types.get(e) == absence]
        if direct:
            node = ctx.graph.nodes[direct[0]]
            yield Finding(
                f"{n.id} rests only on an argument from silence: {', '.join(direct)} "
                f"({_short(node.text)}); silence alone is weak evidence",
                subject=n.id,
                hint="add positive evidence, or a warrant explaining why the silence is telling",
            )


@rule(
    "EQ306",
    "inference-from-silence",
    Severity.INFO,
    "A support relation whose only premises are absence evidence, for a claim that has other evidence too.",
    bad="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang is cooling on Beijing.}
          - {id: E1, kind: evidence, type: absence, text: No statement on the treaty anniversary.,
             expected: an official statement, date: 2014-07, sources: [S1]}
          - {id: E2, kind: evidence, type: statement, text: Media called China spineless., speaker: KCNA,
             date: 2014-07, sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
          - {id: R2, kind: supports, from: E2, to: T}
        """,
    good="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang is cooling on Beijing.}
          - {id: E2, kind: evidence, type: statement, text: Media called China spineless., speaker: KCNA,
             date: 2014-07, sources: [S1]}
        relations:
          - {id: R2, kind: supports, from: E2, to: T}
        """,
)
def inference_from_silence(ctx: Context) -> Iterable[Finding]:
    """The relation argues from silence: something expected did not happen, therefore the claim.
    The claim has other kinds of evidence as well (else EQ301 reports the claim), so this is a note:
    the inference is only as strong as the expectation it rests on. Give the expectation in the
    absence's ``reason``, or a ``warrant`` on the relation.
    """
    sup = ctx.support
    absence = TYPE_BITS["absence"]
    silent = {e.id for e in sup.evidence if e.type == "absence"}
    if not silent:
        return
    for r in ctx.map.relations:
        if r.kind != "supports" or r.premises[0] not in silent or not silent.issuperset(r.premises):
            continue
        if sup.types.get(r.target, absence) != absence:
            node = ctx.graph.nodes[r.premises[0]]
            yield Finding(
                f"{r.id} infers {r.target} from silence alone: {', '.join(r.premises)} ({_short(node.text)})",
                subject=r.id,
            )


@rule(
    "EQ302",
    "statistic-without-unit",
    Severity.WARNING,
    "A statistic without a unit or currency.",
    bad="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Trade with Russia matters.}
          - {id: E1, kind: evidence, type: statistic, text: Trade was 104 million., value: 104,
             scale: million, period: 2013, sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
    good="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Trade with Russia matters.}
          - {id: E1, kind: evidence, type: statistic, text: Trade was $104 million., value: 104, unit: USD,
             scale: million, period: 2013, sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
)
def statistic_without_unit(ctx: Context) -> Iterable[Finding]:
    """A number without a unit cannot be compared with anything: 104 what? Set ``unit`` (USD, tonnes,
    percent...). A missing ``period`` is reported by SR202.
    """
    for e in ctx.evidence:
        if isinstance(e, Statistic) and not e.unit:
            yield Finding(f"statistic {e.id} ({e.value:g}) has no unit", subject=e.id, field=("value",))


def _comparisons(ctx: Context, e: Statistic) -> list[tuple[str, str]]:
    """(where, comparative word) for each claim ``e`` supports that is worded as a comparison, or whose
    supporting relation's warrant is."""
    out: list[tuple[str, str]] = []
    for r in ctx.graph.outgoing.get(e.id, ()):
        t = ctx.graph.nodes.get(r.target)
        if r.kind != "supports" or t is None or t.kind == "evidence":
            continue
        word = comparative_word(t.text)
        if word:
            out.append((f"comparative {t.kind} {t.id}", word))
        elif r.warrant and (word := comparative_word(r.warrant)):
            out.append((f"{t.kind} {t.id} through {r.id}, whose warrant is comparative", word))
    return out


def _rise(e: Statistic) -> str:
    if e.change and e.change.percent is not None:
        return f"; the {e.change.percent:+g}% change does not say from what, or against what"
    return ""


@rule(
    "EQ303",
    "statistic-without-baseline",
    Severity.INFO,
    "A statistic with no baseline or comparison figure.",
    bad="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang trades with Moscow.}
          - {id: E1, kind: evidence, type: statistic, text: Trade was $104 million., value: 104, unit: USD,
             scale: million, period: 2013, sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
    good="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang trades with Moscow.}
          - {id: E1, kind: evidence, type: statistic, text: Trade was $104 million., value: 104, unit: USD,
             scale: million, period: 2013, sources: [S1],
             baseline: {value: 6.5, unit: USD, scale: billion, period: 2013, label: trade with China}}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
)
def statistic_without_baseline(ctx: Context) -> Iterable[Finding]:
    """A total or a growth rate means little without something to set it against: last year's figure,
    another country's, a share of the whole. Add a ``baseline``. When the statistic supports a claim
    worded as a comparison, EQ304 reports it instead (at a higher severity).
    """
    for e in ctx.evidence:
        if isinstance(e, Statistic) and e.baseline is None and not _comparisons(ctx, e):
            message = f"statistic {e.id} ({figure(e)}) has no baseline or comparison{_rise(e)}"
            yield Finding(message, subject=e.id)


@rule(
    "EQ304",
    "comparison-without-baseline",
    Severity.WARNING,
    "A statistic without baseline that supports a claim worded as a comparison (more, growing, than...).",
    bad="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Russia is a growing partner for Pyongyang.}
          - {id: E1, kind: evidence, type: statistic, text: Trade rose 37.3% to $104 million., value: 104,
             unit: USD, scale: million, period: 2013, change: {percent: 37.3}, sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
    good="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Russia is a growing partner for Pyongyang.}
          - {id: E1, kind: evidence, type: statistic, text: Trade rose 37.3% to $104 million., value: 104,
             unit: USD, scale: million, period: 2013, change: {percent: 37.3, since: 2012}, sources: [S1],
             baseline: {value: 76, unit: USD, scale: million, period: 2012}}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
)
def comparison_without_baseline(ctx: Context) -> Iterable[Finding]:
    """A comparative claim ("growing", "more than", "closer to X than to Y") needs the other side of the
    comparison. The wording of the claims the statistic directly supports, and of the warrants of
    those supports relations, is matched against a fixed list of comparative words (more, less, than,
    compared, grow/growing, rise, fall, increase, decline, widen, deepen, larger, higher...).
    """
    for e in ctx.evidence:
        if isinstance(e, Statistic) and e.baseline is None:
            comparative = _comparisons(ctx, e)
            if comparative:
                where, word = comparative[0]
                yield Finding(
                    f"statistic {e.id} ({figure(e)}) has no baseline or comparison figure, yet it supports "
                    f"{where} (\"{word}\"){_rise(e)}",
                    subject=e.id,
                    hint="add `baseline:` (the previous period, or the same measure for another partner)",
                )


_FIGURES = (Statistic, Count)


def _matches(stated: float, e: Statistic | Count) -> bool:
    if isinstance(e, Count):
        return stated == e.number
    values = {float(e.value)}
    if e.scale:
        values.add(float(e.value) * SCALE_FACTOR[e.scale])
    return any(abs(stated - v) <= 1e-9 * max(1.0, abs(v)) for v in values)


@rule(
    "EQ305",
    "approximate-as-exact",
    Severity.WARNING,
    "An approximate figure restated as an exact number in a claim (or in the evidence's own text).",
    bad="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: North Korea fired 100 missiles to signal defiance.}
          - {id: E1, kind: evidence, type: count, text: Around one hundred short-range missiles were fired.,
             what: short-range missiles fired, number: 100, approximate: true, period: 2014-06/2014-07,
             sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
    good="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: North Korea fired about 100 missiles to signal defiance.}
          - {id: E1, kind: evidence, type: count, text: Around one hundred short-range missiles were fired.,
             what: short-range missiles fired, number: 100, approximate: true, period: 2014-06/2014-07,
             sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
)
def approximate_as_exact(ctx: Context) -> Iterable[Finding]:
    """The evidence is marked ``approximate: true`` but a claim it directly supports (or the evidence's
    own ``text``) writes the same number in digits with no hedge before it.

    Deterministic definition: a number written in digits (``100``, ``1,000``, ``104.5``; a statistic
    also matches its scaled value, ``104000000`` for 104 million) equal to the figure, not preceded
    within 20 characters by about, around, approximately, roughly, nearly, almost, some, over, under,
    more/less/fewer than, up to, at least, at most, close to, circa, estimated or ``~``. Numbers
    written in words are not read.
    """
    for e in ctx.evidence:
        if not isinstance(e, _FIGURES) or not e.approximate:
            continue
        shown = e.number if isinstance(e, Count) else f"{e.value:g}"
        for t in (e, *_supported(ctx, e.id)):
            if any(_matches(v, e) and not hedged for v, hedged in stated_numbers(t.text)):
                where = "its own text" if t is e else f"{t.kind} {t.id}"
                yield Finding(
                    f"{e.id} is approximate (about {shown}) but {where} states {shown} as exact",
                    subject=t.id,
                    field=("text",),
                    hint="add a hedge (about, around...) or mark the figure exact if it is",
                )
