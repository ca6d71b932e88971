"""DL5xx dialectic: objections the map leaves standing, and what does not survive them.

"The thesis's side" is the thesis and everything that supports it through chains of ``supports``
relations (and those relations). Objections to objections are the map's answers, so an attack on a
node outside that side is not itself reported as unanswered.
"""

from __future__ import annotations

from collections.abc import Iterable

from argmap.diagnostics import Severity
from argmap.rules.base import Context, Finding, rule

__all__: list[str] = []


def _label(ctx: Context, item: str) -> str:
    node = ctx.graph.nodes.get(item)
    return f"{node.kind} {item}" if node is not None else f"relation {item}"


@rule(
    "DL501",
    "unanswered-attack",
    Severity.WARNING,
    "An attack or undercut on the thesis's side that nothing in the map answers.",
)
def unanswered_attack(ctx: Context) -> Iterable[Finding]:
    """An objection to the thesis or to its support (``attacks`` on such a node, ``undercuts`` on such
    a relation) that nothing answers: it is not ``outweighed`` (conceded by the author and weighed
    against), no premise of it is attacked, the relation is not undercut, and every premise is
    accepted (a premise whose own support was undercut away counts as answered). Either the author
    answers it (map the answer) or the objection stands (see DL502/DL503 for its effect).
    """
    pro = ctx.support.pro
    incoming = ctx.graph.incoming
    grounded = ctx.acceptability.grounded
    for r in ctx.map.relations:
        if r.kind == "supports" or r.target not in pro or r.outweighed:
            continue
        if r.kind == "undercuts" and r.target not in ctx.graph.relations:
            continue
        answered = (
            any(x.kind == "undercuts" for x in incoming.get(r.id, ()))
            or any(x.kind == "attacks" for p in r.premises for x in incoming.get(p, ()))
            or any(grounded.get(x) != "accepted" for x in (*r.premises, r.id))
        )
        if not answered:
            verb = "undercuts" if r.kind == "undercuts" else "attacks"
            yield Finding(
                f"{' + '.join(r.premises)} {verb} {_label(ctx, r.target)} ({r.id}) and nothing in the map answers it",
                subject=r.id,
                hint="map the author's reply as an attack on the objection or an undercut of the relation",
            )


@rule(
    "DL502",
    "defeated",
    Severity.WARNING,
    "A node or support relation on the thesis's side defeated by the attacks drawn in the map.",
)
def rejected(ctx: Context) -> Iterable[Finding]:
    """Something on the thesis's side is attacked by an argument that stands: as the map is drawn, it
    is defeated (and a defeated support relation no longer carries its premises' support). The message
    says which attacker wins; answer it, or accept that the argument fails there. This is a verdict on
    the map's conflicts (grounded semantics), not on whether the author proved anything: a concession
    the author grants and outweighs is written ``outweighed: true`` on its attack (it then defeats
    nothing), and a conditional answer not yet met as ``condition:`` (it leaves its target open).
    """
    acc = ctx.acceptability
    pro = ctx.support.pro
    for item in acc.with_label("rejected"):
        if item not in pro:
            continue
        n, r = ctx.graph.nodes.get(item), ctx.graph.relations.get(item)
        if n is not None:
            yield Finding(f"{n.kind} {n.id} is defeated: {acc.reasons[n.id]}", subject=n.id)
        elif r is not None and r.kind == "supports":
            yield Finding(
                f"support {r.id} ({' + '.join(r.premises)} to {r.target}) is defeated: {acc.reasons[r.id]}",
                subject=r.id,
            )


@rule(
    "DL503",
    "undecided",
    Severity.INFO,
    "A node or support relation on the thesis's side left undecided by grounded semantics (a conflict "
    "the map does not resolve).",
)
def undecided(ctx: Context) -> Iterable[Finding]:
    """Mutual attacks (or an odd cycle of attacks, or a self-attack) leave the item neither standing nor
    defeated. Where preferred semantics settles it, or lets it stand in some extensions, the message says so.
    """
    acc = ctx.acceptability
    pro = ctx.support.pro
    for item in acc.with_label("undecided"):
        if item not in pro:
            continue
        n, r = ctx.graph.nodes.get(item), ctx.graph.relations.get(item)
        if n is not None:
            note = acc.preferred_note(n.id)
            extra = f"; preferred semantics: {note}" if note else ""
            yield Finding(f"{n.kind} {n.id} is undecided: {acc.reasons[n.id]}{extra}", subject=n.id)
        elif r is not None and r.kind == "supports":
            yield Finding(f"support {r.id} is undecided: {acc.reasons[r.id]}", subject=r.id)


_CONDITIONAL = ("if ", "unless ", "provided ", "should ", "in case ", "once ")


@rule(
    "DL504",
    "condition-as-qualifier",
    Severity.WARNING,
    "An attack or undercut whose qualifier is a condition ('if ...'): it counts as made until written as `condition:`.",
)
def condition_as_qualifier(ctx: Context) -> Iterable[Finding]:
    """A qualifier is a hedge ("probably", "may"); a condition ("if North Korea crosses the Rubicon")
    changes what the relation does. Written as a qualifier, the attack counts as made, and may defeat
    its target; written as ``condition:`` (and ``condition_met`` once it is), it leaves its target
    open until the condition is met, as the author does.
    """
    for i, r in enumerate(ctx.map.relations):
        q = (r.qualifier or "").strip()
        if r.kind != "supports" and r.condition is None and q.lower().startswith(_CONDITIONAL):
            yield Finding(
                f"{r.kind} {r.id} has the condition {q!r} as its qualifier, so it counts as made",
                path=("relations", i, "qualifier"),
                hint="write it as `condition:` (with `condition_met: true` once it has happened)",
            )
