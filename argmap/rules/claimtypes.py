"""CT6xx claim types: what a typed claim (``type: comparison`` and so on) needs before it is shown.

A thesis or claim may say what kind of proposition it is. Untyped claims are not checked here.

- ``comparison`` needs evidence about both sides it compares: a statistic with a ``baseline`` (one
  item holding both figures), or evidence about each side. The claim names its sides with tags
  (``tags: [side:China, side:new partners]``); evidence is about a side when it is tagged
  ``side:NAME`` or when its words name the side (its text and fields: actors, speaker, what was
  expected of whom, a baseline's label), the map's glossary words for it included. Without sides
  named, any two sides tagged below it will do. A sub-claim tagged with a side counts for that side
  when evidence reaches it; a baseline counts for the sides its statistic is about.
- ``cause`` needs more than a sequence of events: a warrant saying how one brings about the other, a
  causal scheme on the relation, or evidence other than events (a figure that varies with the cause).
- ``prediction`` (a conditional too) cannot be shown by present facts alone: some supports relation
  into it must say what it rests on, in a ``warrant`` or with a ``scheme``.
- ``value`` and ``policy`` need a warrant: the principle that makes the facts count for the verdict.

:func:`unmet_need` gives the same verdict as a phrase, for grounding (a typed claim whose need is
unmet is at most partly evidenced).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from argmap.diagnostics import Severity
from argmap.model import Relation, Statistic
from argmap.rules.base import Context, Finding, rule

__all__ = ["comparison_sides", "unmet_need"]

_CAUSAL_SCHEMES = frozenset({"cause-to-effect", "correlation-to-cause", "sign", "expert-opinion"})
_SIDE = "side:"


def _live_supports(ctx: Context, nid: str) -> list[Relation]:
    defeated = set(ctx.support.defeated.get(nid, ()))
    return [ctx.graph.relations[r] for r in ctx.support.supports.get(nid, ()) if r not in defeated]


def _sides(tags: Iterable[str]) -> dict[str, str]:
    """Lower-cased side name -> side name as written, from ``side:NAME`` tags."""
    out: dict[str, str] = {}
    for t in tags:
        if t.lower().startswith(_SIDE) and t[len(_SIDE) :].strip():
            name = t[len(_SIDE) :].strip()
            out.setdefault(name.lower(), name)
    return out


def _side_pattern(ctx: Context, name: str) -> re.Pattern[str]:
    """Words that name a side: the name and the map's glossary words for it (a short name, such as
    "A" or "US", is matched in its own case: "a" is an article)."""
    words = {name}
    for term, synonyms in ctx.map.glossary.items():
        group = {term, *synonyms}
        if any(w.lower() == name.lower() for w in group):
            words |= group
    parts = []
    for w in sorted(words, key=len, reverse=True):
        body = re.escape(w.strip())
        parts.append(body if len(w.strip()) > 2 else f"(?-i:{body})")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def _words_of(node: object) -> str:
    """The text and string fields of an evidence node, where what it is about is named."""
    out: list[str] = []
    for name, value in vars(node).items():
        if name in ("id", "kind", "type", "anchor", "sources", "ignore", "answers", "note", "contradicted_by"):
            continue
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list):
            out += [v for v in value if isinstance(v, str) and not v.startswith(_SIDE)]
        elif value is not None and hasattr(value, "__dict__"):
            out += [v for v in vars(value).values() if isinstance(v, str)]
    return "\n".join(out)


def _about(ctx: Context, node: object, declared: dict[str, str]) -> dict[str, str]:
    """The declared sides the evidence node's words name."""
    if not declared:
        return {}
    patterns: dict[str, re.Pattern[str]] = ctx.once("claimtypes.side-patterns", dict)
    words = _words_of(node)
    out = {}
    for key, name in declared.items():
        pattern = patterns.get(key)
        if pattern is None:
            pattern = patterns[key] = _side_pattern(ctx, name)
        if pattern.search(words):
            out[key] = name
    return out


def comparison_sides(ctx: Context, nid: str) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """(sides the claim names, sides the evidence below it is about, statistics below with a baseline)."""
    sup, graph = ctx.support, ctx.graph
    declared = _sides(graph.nodes[nid].tags)
    found: dict[str, str] = {}
    with_baseline: list[str] = []
    seen = {nid}
    stack = [nid]
    while stack:
        current = stack.pop()
        for r in _live_supports(ctx, current):
            for p in r.premises:
                node = graph.nodes.get(p)
                if node is None or p in seen:
                    continue
                seen.add(p)
                if node.kind == "evidence":
                    found.update({k: v for k, v in _sides(node.tags).items() if k not in found})
                    if isinstance(node, Statistic) and node.baseline is not None:
                        with_baseline.append(p)
                    else:
                        found.update({k: v for k, v in _about(ctx, node, declared).items() if k not in found})
                else:
                    if sup.has_evidence(p):
                        found.update({k: v for k, v in _sides(node.tags).items() if k not in found})
                    stack.append(p)
    return declared, found, with_baseline


def _comparison_need(ctx: Context, nid: str) -> str | None:
    declared, found, with_baseline = comparison_sides(ctx, nid)
    if with_baseline and not declared:
        return None
    for sid in with_baseline:  # two figures: it covers the sides it names (its own and its baseline's)
        found = {**_about(ctx, ctx.graph.nodes[sid], declared), **found}
    if declared:
        missing = [name for key, name in declared.items() if key not in found]
        if not missing:
            return None
        return f"no evidence below it is about {' or '.join(missing)}, a side of its comparison"
    if len(found) >= 2:
        return None
    have = f" (only {next(iter(found.values()))})" if found else ""
    return f"no evidence below it covers both sides of its comparison{have}"


def _has_warrant(rels: list[Relation], schemes: frozenset[str] | None = None) -> bool:
    return any(r.warrant or (r.scheme and (schemes is None or r.scheme in schemes)) for r in rels)


def _cause_need(ctx: Context, nid: str) -> str | None:
    rels = _live_supports(ctx, nid)
    if not rels or _has_warrant(rels, _CAUSAL_SCHEMES):
        return None
    below = ctx.support.evidence_below(nid)
    if not below or any(e.type != "event" for e in below):
        return None
    return "events alone show a sequence, not that one brought about the other"


def _prediction_need(ctx: Context, nid: str) -> str | None:
    rels = _live_supports(ctx, nid)
    if not rels or _has_warrant(rels):
        return None
    return "present facts alone cannot show what will happen: no warrant says what the prediction rests on"


def _warrant_need(ctx: Context, nid: str) -> str | None:
    rels = _live_supports(ctx, nid)
    if not rels or any(r.warrant for r in rels):
        return None
    return "no warrant says which principle makes the facts count for it"


_NEEDS = {
    "comparison": _comparison_need,
    "cause": _cause_need,
    "prediction": _prediction_need,
    "value": _warrant_need,
    "policy": _warrant_need,
}


def unmet_need(ctx: Context, nid: str) -> str | None:
    """What the claim's type asks for and the map does not give (None: untyped, or nothing missing)."""
    node = ctx.graph.nodes.get(nid)
    kind = getattr(node, "type", None) if node is not None and node.kind != "evidence" else None
    check = _NEEDS.get(kind) if kind else None
    return check(ctx, nid) if check else None


def _typed(ctx: Context, *types: str) -> Iterable[tuple[str, str]]:
    for n in ctx.support.conclusions:
        kind = getattr(n, "type", None)
        if kind in types:
            yield n.id, kind


@rule(
    "CT601",
    "comparison-one-sided",
    Severity.WARNING,
    "A comparison claim without evidence on both sides it compares.",
)
def comparison_one_sided(ctx: Context) -> Iterable[Finding]:
    """A comparison ("X cannot make up for Y", "more than", "closer to A than to B") is shown only by
    evidence about both sides. Evidence about one side, however much, says nothing about the other.

    The claim names its sides with tags ``side:NAME``; evidence (or a sub-claim that evidence reaches)
    tagged ``side:NAME`` covers that side. A statistic with a ``baseline`` below the claim holds both
    figures and satisfies the rule. Without ``side:`` tags on the claim, evidence for any two sides
    will do. Until both sides are covered the claim is at most partly evidenced.
    """
    for nid, _ in _typed(ctx, "comparison"):
        need = _comparison_need(ctx, nid)
        if need:
            yield Finding(
                f"comparison {nid}: {need}",
                subject=nid,
                field=("type",),
                hint="add evidence for that side tagged `side:NAME`, or a statistic with a `baseline:`",
            )


@rule(
    "CT602",
    "cause-from-sequence",
    Severity.WARNING,
    "A causal claim shown only by events, with no warrant saying how one led to the other.",
)
def cause_from_sequence(ctx: Context) -> Iterable[Finding]:
    """That B followed A does not show that A caused B (post hoc). A claim typed ``cause`` whose
    evidence is events only needs more: a ``warrant`` on a supports relation giving the mechanism, a
    causal ``scheme`` (cause-to-effect, correlation-to-cause, sign, expert-opinion) whose critical
    questions can then be asked, or evidence that is not an event (a figure that moves with the cause).
    """
    for nid, _ in _typed(ctx, "cause"):
        need = _cause_need(ctx, nid)
        if need:
            yield Finding(
                f"cause {nid}: {need}",
                subject=nid,
                field=("type",),
                hint="give the mechanism in a `warrant`, or name a causal `scheme`",
            )


@rule(
    "CT603",
    "prediction-from-present",
    Severity.WARNING,
    "A prediction or conditional supported by present facts with nothing saying why they bear on the future.",
)
def prediction_from_present(ctx: Context) -> Iterable[Finding]:
    """Facts about the present are not evidence of the future by themselves: a prediction rests on a
    trend, a regularity, an intention or a condition. A claim typed ``prediction`` (a conditional
    "if A, then B" too) must say what it rests on: a ``warrant`` or a ``scheme`` on one of its supports
    relations. Until then it is at most partly evidenced, however many facts stand below it.
    """
    for nid, _ in _typed(ctx, "prediction"):
        need = _prediction_need(ctx, nid)
        if need:
            yield Finding(
                f"prediction {nid}: {need}",
                subject=nid,
                field=("type",),
                hint="say in a `warrant` which trend, rule or condition carries the facts forward",
            )


@rule(
    "CT604",
    "verdict-without-warrant",
    Severity.WARNING,
    "A value or policy claim supported with no warrant (the principle that makes the facts count).",
)
def verdict_without_warrant(ctx: Context) -> Iterable[Finding]:
    """Facts alone never settle what is good or what should be done: a value or policy claim also rests
    on a principle (Hume's is/ought gap). A claim typed ``value`` or ``policy`` needs a ``warrant`` on
    at least one of its supports relations that states it.
    """
    for nid, kind in _typed(ctx, "value", "policy"):
        need = _warrant_need(ctx, nid)
        if need:
            yield Finding(
                f"{kind} {nid}: {need}",
                subject=nid,
                field=("type",),
                hint="state the principle in the supports relation's `warrant`",
            )
