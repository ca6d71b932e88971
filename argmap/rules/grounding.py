"""Grounding: how far a claim rests on evidence, apart from whether it survives the map's attacks.

Standing (:mod:`argmap.semantics`) says what survives the conflicts drawn in the map; it does not say
whether anything was shown. Grounding does, following live support only (a defeated support relation
carries nothing):

- ``evidenced``: evidence bears on the claim's own content directly (it is a premise of a live
  supports relation into it, and does not also bear on an attack on it, nor report figures that move
  against it: :func:`argmap.rules.across.conflicted`);
- ``partly``: claims it rests on are evidenced, or partly, but no evidence bears on it directly (an
  inference from evidenced claims is the author's step, not something the evidence shows: its
  reason says so), or some of the claims it rests on are evidenced and others are not;
- ``asserted``: nothing supports it, or only claims that are themselves asserted.

A typed claim whose type asks for more than it has (a comparison with one side only, a cause shown
by a sequence of events, a prediction resting on the present alone, a value or policy without a
warrant: see :mod:`argmap.rules.claimtypes`) is at most ``partly``, and its reason says what is
missing. Nodes caught in a support cycle see their cycle partners as asserted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from argmap.rules.across import conflicted as conflicted_support
from argmap.rules.base import Context
from argmap.rules.claimtypes import unmet_need

__all__ = ["GROUNDING_WORDS", "Ground", "Grounding", "grounding"]

Grounding = Literal["evidenced", "partly", "asserted"]
GROUNDING_WORDS: dict[str, str] = {
    "evidenced": "evidenced",
    "partly": "partly evidenced",
    "asserted": "asserted (no evidence)",
}
"""How reports spell each level in a sentence."""


@dataclass(frozen=True, slots=True)
class Ground:
    """A claim's grounding and why."""

    level: Grounding
    reason: str


def _ids(items: list[str], limit: int = 6) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", +{len(items) - limit} more" if len(items) > limit else "")


def grounding(ctx: Context) -> dict[str, Ground]:
    """Thesis and claim id -> its grounding (made once per map and kept with the context's graph)."""
    return ctx.once("rules.grounding", lambda: _grounding(ctx))


def _grounding(ctx: Context) -> dict[str, Ground]:
    """Thesis and claim id -> its grounding, computed in the order support propagates.

    On a support cycle (which validation reports) a claim may be reached before a claim it rests on;
    the pass is then repeated until nothing changes, so the levels are the least fixpoint: a claim is
    asserted exactly when no evidence reaches it.
    """
    sup, graph = ctx.support, ctx.graph
    conflicted = conflicted_support(ctx)
    set_aside: dict[str, list[str]] = {}
    nodes, relations = graph.nodes, graph.relations
    supports_of, defeated_of, direct_of = sup.supports, sup.defeated, sup.direct
    no_ids: tuple[str, ...] = ()
    rests_on: dict[str, tuple[list[str], list[str], bool]] = {}
    evidence = sup.position  # evidence ids: asking them spares reading each node (memory-bound at 50,000)
    for nid in sup.order:
        if nid in evidence or nid not in nodes:
            continue
        supports = supports_of.get(nid)
        if not supports:  # nothing supports it: no direct evidence and no premises either
            rests_on[nid] = ([], [], False)
            continue
        defeated = defeated_of.get(nid, no_ids)
        rests: dict[str, None] = {}  # the claims it rests on, first occurrence first
        for rid in supports:
            if rid in defeated:
                continue
            for p in relations[rid].premises:
                if p != nid and p not in rests and p in nodes and p not in evidence:
                    rests[p] = None
        direct = list(dict.fromkeys(direct_of.get(nid, no_ids)))
        if nid in conflicted:  # evidence bearing on both sides, or against it (DL510, DL511): no ground
            set_aside[nid] = [d for d in direct if d in conflicted[nid]]
            direct = [d for d in direct if d not in conflicted[nid]]
        rests_on[nid] = (direct, list(rests), True)
    out: dict[str, Ground] = {}
    passes = len(rests_on) + 1 if _on_cycle(rests_on) else 1
    for _ in range(passes):
        changed = False
        for nid, (direct, premises, has_support) in rests_on.items():
            ground = _level(direct, premises, out, has_support)
            if ground.level == "asserted" and set_aside.get(nid):
                ground = Ground("asserted", f"its only evidence ({_ids(set_aside[nid])}) bears against it or both ways")
            need = unmet_need(ctx, nid) if ground.level != "asserted" else None
            if need is not None:
                ground = Ground("partly", f"{ground.reason}; and {need}")
            if out.get(nid) != ground:
                out[nid] = ground
                changed = True
        if not changed:
            break
    return out


def _on_cycle(rests_on: dict[str, tuple[list[str], list[str], bool]]) -> bool:
    """Whether some claim rests on a claim that comes later in the propagation order."""
    seen: set[str] = set()
    for nid, (_, premises, _) in rests_on.items():
        if any(p in rests_on and p not in seen for p in premises):
            return True
        seen.add(nid)
    return False


def _level(direct: list[str], premises: list[str], known: dict[str, Ground], has_support: bool) -> Ground:
    if direct:
        return Ground("evidenced", f"evidence bears on it directly ({_ids(direct)})")
    if not premises:
        why = "its only support is defeated" if has_support else "nothing supports it"
        return Ground("asserted", why)
    levels = {p: (known[p].level if p in known else "asserted") for p in premises}
    if all(v == "evidenced" for v in levels.values()):
        return Ground(
            "partly", f"every claim it rests on is evidenced ({_ids(premises)}), but no evidence bears on it directly"
        )
    if all(v == "asserted" for v in levels.values()):
        return Ground("asserted", f"it rests only on asserted claims ({_ids(premises)})")
    missing = [p for p, v in levels.items() if v != "evidenced"]
    parts = [f"{p} {levels[p]}" for p in missing]
    return Ground("partly", f"it rests on claims not all evidenced: {_ids(parts)}")
