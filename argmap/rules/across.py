"""Across nodes: figures of one thing that disagree (IC406), and evidence that bears on both sides of
a conflict or against the claim it is drawn to support (DL510, DL511).

Such support is not counted as evidence by :mod:`argmap.rules.grounding` (see :func:`conflicted`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import combinations

from argmap.anchors import anchor_places
from argmap.dates import parse_date
from argmap.diagnostics import Severity
from argmap.model import SCALE_FACTOR, Count, Evidence, Statistic
from argmap.rules.base import Context, Finding, rule

__all__ = ["conflicted", "direction_of_change", "same_thing"]


def _stems(text: str, ctx: Context) -> set[str]:
    """The word stems of a text, with the map's glossary, once per text and map."""
    known: dict[str, set[str]] = ctx.once("rules.across.stems", dict)
    found = known.get(text)
    if found is None:
        from argmap.reader.words import stems

        found = known[text] = stems(text, ctx.map.glossary)
    return found


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


_NAME = re.compile(r"\b[A-Z][\w-]*")


def _names(e: Statistic | Count) -> tuple[str, ...]:
    """The names in a figure's text (and a count's ``what``), in order: the capitalised words ("Japan ...
    North Korea" is not "North Korea ... Japan")."""
    text = f"{e.text} {e.what}" if isinstance(e, Count) else e.text
    return tuple(dict.fromkeys(w.lower() for w in _NAME.findall(text)))


def _words(ctx: Context, e: Evidence) -> set[str]:
    """The stems a figure is compared by (a count's ``what``, a statistic's ``text``), once per node."""
    known = ctx.once("rules.across.words", dict)
    if e.id not in known:
        known[e.id] = _stems(e.what if isinstance(e, Count) else e.text, ctx)
    words: set[str] = known[e.id]
    return words


def _same_words(ctx: Context, a: Statistic | Count, b: Statistic | Count) -> bool:
    """The same names, and half their stems in common (four in five for statistics, whose texts say
    more than what they measure: "courting" and "distancing itself from" are two measures)."""
    if _names(a) != _names(b):
        return False
    return _jaccard(_words(ctx, a), _words(ctx, b)) >= (0.5 if isinstance(a, Count) else 0.8)


def same_thing(ctx: Context, a: Statistic | Count, b: Statistic | Count) -> bool:
    """Whether two figures measure the same thing: their anchors overlap in one source, or their
    words do (a count's ``what``, a statistic's ``text``: at least half their stems in common, and the
    same names: "trade with Russia" is not "trade with China")."""
    places = anchor_places(ctx.graph)
    pa, pb = places.get(a.id), places.get(b.id)
    if pa is not None and pb is not None and pa.source == pb.source and pa.start < pb.end and pb.start < pa.end:
        return True
    return _same_words(ctx, a, b)


def _unit(s: Statistic) -> str:
    return (s.unit or "").strip().lower()


def _figure(e: Statistic | Count) -> tuple[float, float]:
    """The figure and the rounding it may hide: half a unit in a statistic's last digit, none in a count,
    a tenth of the figure when approximate."""
    if isinstance(e, Count):
        value, scale, slack = float(e.number), 1.0, 0.0  # a count is exact unless marked approximate
    else:
        value, scale = float(e.value), SCALE_FACTOR[e.scale or "one"]
        text = repr(value)
        slack = 0.5 / 10 ** len(text.split(".")[1]) if "." in text and not text.endswith(".0") else 0.5
    if e.approximate:
        slack = max(slack, abs(value) * 0.1)
    return value * scale, slack * scale


def _shown(e: Statistic | Count) -> str:
    if isinstance(e, Count):
        return f"{e.number}" + (" (approximate)" if e.approximate else "")
    parts = [f"{e.value:g}", e.scale if e.scale and e.scale != "one" else "", e.unit or ""]
    return " ".join(p for p in parts if p) + (" (approximate)" if e.approximate else "")


@rule(
    "IC406",
    "figures-disagree",
    Severity.WARNING,
    "Two counts or statistics of the same thing over the same period with different figures.",
)
def figures_disagree(ctx: Context) -> Iterable[Finding]:
    """Two counts, or two statistics in one unit, measure the same thing when their anchors overlap in
    one source, or when their words do: the same names in the same order in their texts ("trade with
    Russia" is not "trade with China", "Japan's pressure on North Korea" not "North Korea's on
    Japan"), and half the word stems of a count's ``what`` in common, four in five of a statistic's
    ``text``. Over the same period (the same span, or neither has one), their figures must agree,
    allowing for rounding (and a tenth either way for an approximate one). A disagreement is a slip
    in one of them, or two different things worded alike: then word them apart.
    """
    groups: dict[tuple[str, object, str], list[Statistic | Count]] = {}
    for e in ctx.evidence:
        if isinstance(e, Statistic | Count):
            span = parse_date(e.period) if e.period else None
            when = (span.earliest, span.latest) if span else None
            groups.setdefault((e.type, when, _unit(e) if isinstance(e, Statistic) else ""), []).append(e)
    for group in groups.values():
        yield from _disagreements(ctx, group)


def _pairs(ctx: Context, group: list[Statistic | Count]) -> Iterable[tuple[Statistic | Count, Statistic | Count]]:
    """The pairs of one type, period and unit that may measure one thing: anchored at overlapping
    words, or with the same names (what :func:`same_thing` then asks of their words)."""
    if len(group) < 2:
        return
    places = anchor_places(ctx.graph)
    anchored = sorted(
        (p.source, p.start, p.end, n, e) for n, e in enumerate(group) if (p := places.get(e.id)) is not None
    )
    seen: set[tuple[str, str]] = set()
    for i, (source, _, end, _, a) in enumerate(anchored):
        for other_source, start, _, _, b in anchored[i + 1 :]:
            if other_source != source or start >= end:
                break
            seen.add((a.id, b.id))
            yield a, b
    by_names: dict[tuple[str, ...], list[Statistic | Count]] = {}
    for e in group:
        by_names.setdefault(_names(e), []).append(e)
    for bucket in by_names.values():
        for a, b in combinations(bucket, 2):
            if (a.id, b.id) not in seen and (b.id, a.id) not in seen:
                yield a, b


def _disagreements(ctx: Context, group: list[Statistic | Count]) -> Iterable[Finding]:
    for a, b in _pairs(ctx, group):
        (va, sa), (vb, sb) = _figure(a), _figure(b)
        if abs(va - vb) <= max(sa, sb) or not same_thing(ctx, a, b):
            continue
        field = "number" if isinstance(b, Count) else "value"
        yield Finding(
            f"{a.id} and {b.id} measure the same thing over the same period ({a.period or 'no period given'}) "
            f"but disagree: {_shown(a)} and {_shown(b)}",
            subject=b.id,
            field=(field,),
            hint="correct the one the source does not print, or say what each counts",
        )


# --------------------------------------------------------------------------- both sides


def _two_sided(ctx: Context) -> list[tuple[str, str, str, str]]:
    """(evidence, attack relation, attacker, attacked) where the evidence reaches, through live support,
    both the node an attack targets and one of the attack's premises (or is that premise). One pass
    over the attacks, on the bit sets of evidence below each node."""

    def make() -> list[tuple[str, str, str, str]]:
        sup = ctx.support
        out: list[tuple[str, str, str, str]] = []
        for r in ctx.map.relations:
            if r.kind != "attacks" or r.target not in ctx.graph.nodes:
                continue
            under = sup.below_of(r.target)
            if not under:
                continue
            for p in r.premises:
                both = under & sup.below_of(p)
                while both:
                    bit = both & -both
                    both ^= bit
                    out.append((sup.evidence[bit.bit_length() - 1].id, r.id, p, r.target))
        return out

    return ctx.once("rules.across.two_sided", make)


@rule(
    "DL510",
    "supports-both-sides",
    Severity.WARNING,
    "Evidence whose support reaches both a claim and what attacks it.",
)
def supports_both_sides(ctx: Context) -> Iterable[Finding]:
    """An evidence item supports (directly or through the claims it supports, by live support) a node
    and also an attack on that node, or is itself the attacker: it cannot bear on both sides. Usually one of the
    support relations is drawn the wrong way (the fact undermines the claim it was drawn to support);
    a fact the author really uses both ways is better split into the two facts. Such support does not
    make a claim evidenced (its grounding).
    """
    for eid, rid, attacker, target in _two_sided(ctx):
        via = "itself attacks" if attacker == eid else f"supports {attacker}, which attacks"
        yield Finding(
            f"{eid} {via} {target} ({rid}), and its support also reaches {target}: it bears on both sides",
            subject=eid,
        )


# --------------------------------------------------------------------------- against its own figures


_UP = r"ris(?:e|es|en|ing)|rose|gr[eo]w(?:s|n|ing)?|increas\w*|higher|more|expand\w*|gain\w*|climb\w*|surg\w*|up"
_DOWN = (
    r"fall(?:s|en|ing)?|fell|declin\w*|drop\w*|decreas\w*|shr[aiu]nk\w*|shrink\w*|fewer|less|lower|down|"
    r"slump\w*|plummet\w*|contract\w*"
)
_DIRECTION = re.compile(rf"\b(?:(?P<up>{_UP})|(?P<down>{_DOWN}))\b", re.IGNORECASE)


def direction_of_change(e: Evidence) -> int:
    """+1 for a typed rise (a positive ``change``, or a value above its earlier baseline), -1 for a
    fall, 0 when the evidence types none."""
    if not isinstance(e, Statistic):
        return 0
    c = e.change
    delta = (c.percent if c.percent is not None else c.absolute) if c is not None else None
    b = e.baseline
    if delta is None and b is not None and b.period and e.period:
        delta = e.value - b.value if parse_date(b.period).definitely_before(parse_date(e.period)) else None
    return 0 if not delta else (1 if delta > 0 else -1)


def _directions(ctx: Context, text: str) -> list[tuple[int, str, set[str]]]:
    """Each rise or fall word of a text, with the stems of the words within four of it (once per text)."""
    known: dict[str, list[tuple[int, str, set[str]]]] = ctx.once("rules.across.directions", dict)
    found = known.get(text)
    if found is None:
        words = text.split()
        found = known[text] = []
        for m in _DIRECTION.finditer(text):
            at = len(text[: m.start()].split())
            near = " ".join(words[max(0, at - 4) : at + 5])
            found.append((1 if m.group("up") else -1, m.group(), _stems(near, ctx)))
    return found


def _claimed_direction(ctx: Context, text: str, about: set[str]) -> tuple[int, str] | None:
    """The direction a text gives to something the other text is about: a rise or fall word within
    four words of one of its word stems; None when there is none or both."""
    said = [(sign, word) for sign, word, near in _directions(ctx, text) if near & about]
    signs = {sign for sign, _ in said}
    return (signs.pop(), said[-1][1]) if len(signs) == 1 else None


def _moved(ctx: Context, e: Evidence, claim: str) -> tuple[int, str] | None:
    """Which way the evidence says its thing moved: a typed change (or a value above or below an earlier
    baseline), else a rise or fall word of its text near a word the claim also uses."""
    sign = direction_of_change(e)
    if sign:
        return sign, "a rise" if sign > 0 else "a fall"
    said = _claimed_direction(ctx, e.text, _stems(claim, ctx))
    return (said[0], f'"{said[1]}"') if said is not None else None


_Against = tuple[str, str, str, str, str]
"""Evidence, relation, claim, what is wrong (the finding's message) and what to do."""


def _contradicted(ctx: Context) -> list[_Against]:
    """(evidence, relation, claim, message, hint) where a supports relation draws evidence that says
    the opposite of its claim: that something rose to a claim that says it fell (or the other way
    round), or that something did not happen to a claim that says it did (or the other way round)."""

    def make() -> list[_Against]:
        out: list[_Against] = []
        for r in ctx.map.relations:
            target = ctx.graph.nodes.get(r.target)
            if r.kind != "supports" or target is None or target.kind == "evidence":
                continue
            for p in r.premises:
                e = ctx.graph.nodes.get(p)
                if e is None or e.kind != "evidence":
                    continue
                assert isinstance(e, Evidence)
                where = f"the claim it supports ({target.id}, via {r.id})"
                why = _against_direction(ctx, e, target.text, where) or _against_negation(ctx, e, target.text, where)
                if why is not None:
                    out.append((e.id, r.id, target.id, *why))
        return out

    return ctx.once("rules.across.contradicted", make)


def _against_direction(ctx: Context, e: Evidence, claim: str, where: str) -> tuple[str, str] | None:
    if _DIRECTION.search(claim) is None:
        return None  # the claim says nothing rose or fell
    moved = _moved(ctx, e, claim)
    if moved is None:
        return None
    claimed = _claimed_direction(ctx, claim, _stems(e.text, ctx))
    if claimed is None or claimed[0] != -moved[0]:
        return None
    return (
        f'{e.id} reports {moved[1]}, but {where} says "{claimed[1]}"',
        "draw it as an attack on the claim, or correct the figure's change",
    )


def _against_negation(ctx: Context, e: Evidence, claim: str, where: str) -> tuple[str, str] | None:
    from argmap.reader.polarity import contradiction

    found = contradiction(e.text, claim, ctx.map.glossary)
    if found is None:
        return None
    said, which = found
    hint = "draw it as an attack on the claim, or correct the evidence's text"
    if which == "a":
        return f'{e.id} says "{said}", but {where} says the opposite', hint
    return f'{e.id} says the opposite of {where}, which says "{said}"', hint


@rule(
    "DL511",
    "support-against-figures",
    Severity.WARNING,
    "Evidence that something rose (or did not happen), drawn to support a claim that says it fell (or it did), "
    "or the reverse.",
)
def support_against_figures(ctx: Context) -> Iterable[Finding]:
    """Evidence says which way something moved by its figures (a positive or negative ``change``, or a
    value above or below an earlier ``baseline``) or, without them, by its words; it supports a claim
    that says the same thing moved the other way: "rose", "grew", "more", "higher" against "fell",
    "declined", "fewer", "lower", each within four words of a word the other text also uses (so
    "more riders" and "fewer crashes" are not set against each other). Likewise for negations: the
    evidence's text says something did not happen ("not", "no", "never", "denied", "failed to"...) where
    the claim it supports says, in a clause with no negation, that it did, or the reverse
    (:mod:`argmap.reader.polarity`). The evidence undermines the claim; such support does not make the
    claim evidenced.
    """
    for _, rid, _, message, hint in _contradicted(ctx):
        yield Finding(message, subject=rid, hint=hint)


def conflicted(ctx: Context) -> dict[str, set[str]]:
    """Claim id -> the evidence whose direct support of it DL510 or DL511 finds conflicted: it does not
    count towards the claim's grounding."""

    def make() -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for eid, _, attacker, target in _two_sided(ctx):
            for node in (attacker, target):
                if node != eid:
                    out.setdefault(node, set()).add(eid)
        for eid, _, claim, _, _ in _contradicted(ctx):
            out.setdefault(claim, set()).add(eid)
        return out

    return ctx.once("rules.across.conflicted", make)
