"""EQ3xx evidence quality: arguments from silence, figures without unit or comparison, hedges dropped."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from argmap.diagnostics import Severity
from argmap.model import SCALE_FACTOR, Count, Node, Statistic
from argmap.rules.base import Context, Finding, rule

__all__ = ["comparative_word", "figure", "is_silence", "stated_numbers"]

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


_WORD = re.compile(r"\w+")
_STARTS = frozenset(
    {
        "mo",
        "le",
        "fe",
        "th",
        "co",
        "re",
        "ve",
        "vs",
        "gr",
        "ri",
        "ro",
        "fa",
        "in",
        "de",
        "dr",
        "do",
        "tr",
        "ha",
        "su",
        "ju",
        "la",
        "sm",
        "bi",
        "hi",
        "lo",
        "ou",
        "ex",
        "ov",
        "wi",
        "na",
        "cl",
        "fu",
    }
)
"""The first two letters of every comparative word (a test checks them against the pattern)."""


@lru_cache(maxsize=8192)
def comparative_word(text: str) -> str | None:
    """The first comparative word in ``text`` ("growing", "more", "than"...), or None.

    Every match of the pattern is a whole word, so in ASCII text each word is matched alone, and only
    a word that begins as a comparative word can: a search of the whole pattern at every position
    costs some 13 µs a claim, which a 50,000-node map pays 16,000 times.
    """
    if not text.isascii():  # case folding beyond ASCII: the pattern decides
        m = _COMPARATIVE.search(text)
        return m.group(0) if m else None
    words: list[str] = _WORD.findall(text)
    for word in words:
        if word[:2].lower() in _STARTS and _COMPARATIVE.fullmatch(word):
            return word
    return None


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


def is_silence(node: Node) -> bool:
    """Evidence that something expected did not happen: an absence, or a count of zero."""
    return node.kind == "evidence" and (node.type == "absence" or (isinstance(node, Count) and node.number == 0))


def _silent(ctx: Context) -> set[str]:
    """Ids of the evidence items that are silence (computed once per map, shared by EQ301 and EQ306)."""
    return ctx.once("rules.silent", lambda: {e.id for e in ctx.support.evidence if is_silence(e)})


def _loud(ctx: Context) -> set[str]:
    """Ids of the nodes that some evidence other than silence reaches through live support.

    One pass in the order support propagates (linear, computed once per map and shared by EQ301 and
    EQ306): a node is loud when a loud node or a piece of positive evidence supports it.
    """
    sup = ctx.support
    return ctx.once("rules.loud", lambda: sup.carried(sup.position.keys() - _silent(ctx)))


def _only_silence(ctx: Context, nid: str) -> bool:
    """Whether all the evidence below ``nid`` is silence (absences, counts of zero)."""
    return nid not in _loud(ctx)


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
    "A claim whose only evidence is something that did not happen (an absence, or a count of zero).",
)
def argument_from_silence(ctx: Context) -> Iterable[Finding]:
    """Silence has many explanations; on its own it is weak evidence.

    Reported on a claim that has silence as a direct premise and nothing else anywhere below it.
    Silence is an ``absence`` item, or a ``count`` of zero ("no top leader has visited"), whatever
    type the map gives it: both say that something expected did not happen. Add positive evidence; a
    ``warrant`` saying why the silence is telling makes the inference explicit but not stronger.
    """
    sup, silent, loud = ctx.support, _silent(ctx), _loud(ctx)
    if not silent:
        return
    for n in sup.conclusions:
        below = sup.direct.get(n.id)
        if not below or n.id in loud:
            continue
        direct = [e for e in dict.fromkeys(below) if e in silent]
        if not direct:
            continue
        node = ctx.graph.nodes[direct[0]]
        yield Finding(
            f"{n.id} rests only on an argument from silence: {', '.join(direct)} "
            f"({_short(node.text)}); silence alone is weak evidence",
            subject=n.id,
            hint="add positive evidence that the claim holds; silence has many explanations",
        )


@rule(
    "EQ306",
    "inference-from-silence",
    Severity.WARNING,
    "A support relation whose only premises are silence (absences, counts of zero), for a claim with other "
    "evidence too.",
)
def inference_from_silence(ctx: Context) -> Iterable[Finding]:
    """The relation argues from silence: something expected did not happen (an ``absence``, or a
    ``count`` of zero), therefore the claim. The silence stands alone behind the claim in this
    relation, whatever other evidence the claim has elsewhere (when it has none, EQ301 reports the
    claim instead). The inference is only as strong as the expectation it rests on: give it in the
    absence's ``reason`` or the relation's ``warrant``, and link the silence with the positive
    evidence it contrasts with (``from: [E_summits, E_no_visits]``) when that is the argument.
    """
    silent = _silent(ctx)
    if not silent:
        return
    loud, nodes = _loud(ctx), ctx.graph.nodes
    for r in ctx.map.relations:
        if r.premises[0] not in silent or r.kind != "supports" or not silent.issuperset(r.premises):
            continue
        if r.target in loud and r.target in nodes:
            node = ctx.graph.nodes[r.premises[0]]
            yield Finding(
                f"{r.id} infers {r.target} from silence alone: {', '.join(r.premises)} ({_short(node.text)})",
                subject=r.id,
                hint="link the silence with the positive evidence it contrasts with, or name `scheme: ignorance` "
                "and answer its critical questions",
            )


@rule(
    "EQ302",
    "statistic-without-unit",
    Severity.WARNING,
    "A statistic without a unit or currency.",
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
    nodes, words = ctx.graph.nodes, _words(ctx)
    for r in ctx.graph.outgoing.get(e.id, ()):
        t = nodes.get(r.target)
        if r.kind != "supports" or t is None or t.kind == "evidence":
            continue
        text = t.text
        word = words[text] if text in words else words.setdefault(text, comparative_word(text))
        if word:
            out.append((f"comparative {t.kind} {t.id}", word))
        elif r.warrant and (word := comparative_word(r.warrant)):
            out.append((f"{t.kind} {t.id} through {r.id}, whose warrant is comparative", word))
    return out


def _words(ctx: Context) -> dict[str, str | None]:
    """Text -> its first comparative word, for this map: claims are read once by EQ303 and EQ304
    together (the shared cache of :func:`comparative_word` is smaller than a big map's claims)."""
    return ctx.once("rules.comparative", dict[str, str | None])


def _without_baseline(ctx: Context) -> list[tuple[Statistic, list[tuple[str, str]]]]:
    """The statistics without a baseline, in map order, each with its comparisons (EQ303 and EQ304)."""
    return ctx.once(
        "rules.without-baseline",
        lambda: [(e, _comparisons(ctx, e)) for e in ctx.evidence if isinstance(e, Statistic) and e.baseline is None],
    )


def _about(x: float) -> str:
    """A derived figure to three significant digits, without an exponent."""
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def _rise(e: Statistic) -> str:
    """What a reported change gives and what it does not: the earlier figure, not the other side."""
    c = e.change
    if c is None or (c.percent is None and c.absolute is None):
        return ""
    if c.absolute is not None:
        prior = float(e.value) - c.absolute
    elif c.percent is not None and c.percent > -100:
        prior = float(e.value) / (1 + c.percent / 100)
    else:
        return ""
    scale = f" {e.scale}" if e.scale and e.scale != "one" else ""
    since = f" in {c.since}" if c.since else ""
    shown = f"{c.percent:+g}%" if c.percent is not None else f"{c.absolute:+g}"
    return (
        f"; its {shown} change implies the earlier figure (about {_about(prior)}{scale}{since}), "
        "but nothing sets the figure against the other side of the comparison"
    )


@rule(
    "EQ303",
    "statistic-without-baseline",
    Severity.INFO,
    "A statistic with no baseline or comparison figure.",
)
def statistic_without_baseline(ctx: Context) -> Iterable[Finding]:
    """A total or a growth rate means little without something to set it against: last year's figure,
    another country's, a share of the whole. Add a ``baseline``. When the statistic supports a claim
    worded as a comparison, EQ304 reports it instead (at a higher severity).
    """
    for e, comparative in _without_baseline(ctx):
        if not comparative:
            message = f"statistic {e.id} ({figure(e)}) has no baseline or comparison{_rise(e)}"
            yield Finding(message, subject=e.id)


@rule(
    "EQ304",
    "comparison-without-baseline",
    Severity.WARNING,
    "A statistic without baseline that supports a claim worded as a comparison (more, growing, than...).",
)
def comparison_without_baseline(ctx: Context) -> Iterable[Finding]:
    """A comparative claim ("growing", "more than", "closer to X than to Y") needs the other side of the
    comparison. The wording of the claims the statistic directly supports, and of the warrants of
    those supports relations, is matched against a fixed list of comparative words (more, less, than,
    compared, grow/growing, rise, fall, increase, decline, widen, deepen, larger, higher...).
    """
    for e, comparative in _without_baseline(ctx):
        if comparative:
            where, word = comparative[0]
            yield Finding(
                f"statistic {e.id} ({figure(e)}) has no baseline or comparison figure, yet it supports "
                f'{where} ("{word}"){_rise(e)}',
                subject=e.id,
                hint="add `baseline:` with the figure it is compared with (its `label:` says what that "
                "is), or evidence about the other side",
            )


_FIGURES = (Statistic, Count)


def _matches(stated: float, e: Statistic | Count) -> bool:
    if isinstance(e, Count):
        return stated == e.number
    values = {float(e.value)}
    if e.scale:
        values.add(float(e.value) * SCALE_FACTOR[e.scale])
    return any(abs(stated - v) <= 1e-9 * max(1.0, abs(v)) for v in values)


def _stated_exactly(text: str, e: Statistic | Count) -> bool:
    """Whether ``text`` writes ``e``'s figure in digits with no hedge before it (as
    :func:`stated_numbers` reads it; the hedge is looked for only before a number that matches)."""
    for m in _NUMBER.finditer(text):
        value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        if _matches(value, e) and not _HEDGE.search(text[max(0, m.start() - 20) : m.start()]):
            return True
    return False


@rule(
    "EQ305",
    "approximate-as-exact",
    Severity.WARNING,
    "An approximate figure restated as an exact number in a claim (or in the evidence's own text).",
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
            if _stated_exactly(t.text, e):
                where = "its own text" if t is e else f"{t.kind} {t.id}"
                yield Finding(
                    f"{e.id} is approximate (about {shown}) but {where} states {shown} as exact",
                    subject=t.id,
                    field=("text",),
                    hint="add a hedge (about, around...) or mark the figure exact if it is",
                )
