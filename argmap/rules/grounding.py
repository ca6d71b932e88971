"""Grounding: how far a claim rests on evidence, apart from whether it survives the map's attacks.

Standing (:mod:`argmap.semantics`) says what survives the conflicts drawn in the map; it does not say
whether anything was shown. Grounding does, following live support only (a defeated support relation
carries nothing):

- ``evidenced``: evidence bears on the claim directly (it is a premise of a live supports relation
  into it), or every claim it rests on is itself evidenced;
- ``partly``: some of the claims it rests on are evidenced, or partly, and others are not;
- ``asserted``: nothing supports it, or only claims that are themselves asserted.

A typed claim whose type asks for more than it has (a comparison with one side only, a cause shown
by a sequence of events, a prediction resting on the present alone, a value or policy without a
warrant: see :mod:`argmap.rules.claimtypes`) is at most ``partly``, and its reason says what is
missing. Nodes caught in a support cycle see their cycle partners as asserted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from argmap.rules.base import Context

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
    """Thesis and claim id -> its grounding, computed once in the order support propagates."""
    from argmap.rules.claimtypes import unmet_need

    sup, graph = ctx.support, ctx.graph
    nodes = graph.nodes
    out: dict[str, Ground] = {}
    for nid in sup.order:
        n = nodes.get(nid)
        if n is None or n.kind == "evidence":
            continue
        defeated = set(sup.defeated.get(nid, ()))
        premises: list[str] = []
        for rid in sup.supports.get(nid, ()):
            if rid in defeated:
                continue
            for p in graph.relations[rid].premises:
                q = nodes.get(p)
                if q is not None and q.kind != "evidence" and p != nid and p not in premises:
                    premises.append(p)
        direct = list(dict.fromkeys(sup.direct.get(nid, ())))
        ground = _level(direct, premises, out, bool(sup.supports.get(nid)))
        need = unmet_need(ctx, nid) if ground.level != "asserted" else None
        if need is not None:
            ground = Ground("partly", f"{ground.reason}; and {need}")
        out[nid] = ground
    return out


def _level(direct: list[str], premises: list[str], known: dict[str, Ground], has_support: bool) -> Ground:
    if direct:
        return Ground("evidenced", f"evidence bears on it directly ({_ids(direct)})")
    if not premises:
        why = "its only support is defeated" if has_support else "nothing supports it"
        return Ground("asserted", why)
    levels = {p: (known[p].level if p in known else "asserted") for p in premises}
    if all(v == "evidenced" for v in levels.values()):
        return Ground("evidenced", f"every claim it rests on is evidenced ({_ids(premises)})")
    if all(v == "asserted" for v in levels.values()):
        return Ground("asserted", f"it rests only on asserted claims ({_ids(premises)})")
    missing = [p for p, v in levels.items() if v != "evidenced"]
    parts = [f"{p} {levels[p]}" for p in missing]
    return Ground("partly", f"it rests on claims not all evidenced: {_ids(parts)}")
