"""ST1xx structure: claims without support, support that never reaches evidence, stray nodes.

Support cycles are validation's AM111 and are not repeated here.
"""

from __future__ import annotations

from collections.abc import Iterable

from argmap.diagnostics import Severity
from argmap.model import Relation
from argmap.rules.base import Context, Finding, rule

__all__: list[str] = []


def _names(ids: Iterable[str], limit: int = 4) -> str:
    items = list(ids)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


@rule(
    "ST101",
    "unsupported-thesis",
    Severity.ERROR,
    "The thesis has no supporting relation at all.",
)
def unsupported_thesis(ctx: Context) -> Iterable[Finding]:
    """A thesis that nothing supports is an assertion, not an argument.

    Add the claims or evidence the author gives for it, each linked with a ``supports`` relation.
    A thesis the author defends only by answering the objections to it (every attack on it is
    undercut, has an attacked premise, or is ``outweighed``) is argued for, and is not reported.
    """
    thesis = ctx.graph.thesis
    # The graph's incoming relations answer this: no need for the support index (and its grounded
    # semantics), which render, show and export would otherwise build just for this one rule.
    if thesis is None:
        return
    incoming = ctx.graph.incoming.get(thesis.id, ())
    if not any(r.kind == "supports" for r in incoming) and not _defended(ctx, incoming):
        yield Finding(
            f"thesis {thesis.id} has no support: nothing in the map argues for it",
            subject=thesis.id,
            hint="link the author's reasons to it with `kind: supports` relations",
        )


def _defended(ctx: Context, incoming: Iterable[Relation]) -> bool:
    """Whether the node is attacked and every attack on it is answered: undercut, a premise of it
    attacked, or conceded and outweighed by the author."""
    attacks = [r for r in incoming if r.kind == "attacks"]
    if not attacks:
        return False
    into = ctx.graph.incoming
    return all(
        r.outweighed
        or any(x.kind == "undercuts" for x in into.get(r.id, ()))
        or any(x.kind != "supports" for p in r.premises for x in into.get(p, ()))
        for r in attacks
    )


def _by_design(ctx: Context) -> bool:
    """The map argues from reasons alone by design (``config: {evidence: none}``)."""
    return ctx.map.config.evidence == "none"


@rule(
    "ST102",
    "unsupported-claim",
    Severity.WARNING,
    "A claim with no supporting relation at all.",
)
def unsupported_claim(ctx: Context) -> Iterable[Finding]:
    """A claim that the map asserts without any reason or evidence.

    This includes claims used only to attack another node: an objection without grounds is still
    a bare assertion. Support the claim, or record that the author gives no support (and keep the
    finding, or silence it on the node with ``ignore: [ST102]``).
    """
    if _by_design(ctx):
        return
    supports = ctx.support.supports
    for n in ctx.graph.nodes.values():
        if n.kind == "claim" and n.id not in supports:
            objection = any(r.kind != "supports" for r in ctx.graph.outgoing.get(n.id, ()))
            what = "an objection" if objection else "a claim"
            message = f"{what} with no support: {n.id} is asserted without reason or evidence"
            yield Finding(message, subject=n.id)


@rule(
    "ST103",
    "no-evidence-below",
    Severity.WARNING,
    "A claim (or the thesis) whose support never reaches evidence: it rests on claims alone.",
)
def no_evidence_below(ctx: Context) -> Iterable[Finding]:
    """Following ``supports`` relations down from the node never reaches an evidence node.

    A support relation rejected under grounded semantics (defeated by an accepted undercut) does not
    count. Nodes without any support are ST101/ST102 instead. A map of reasons alone by design
    (``config: {evidence: none}``) gets ST105 once instead.
    """
    if _by_design(ctx):
        return
    sup = ctx.support
    for n in sup.conclusions:
        rels = sup.supports.get(n.id)
        if not rels or sup.has_evidence(n.id):
            continue
        defeated = sup.defeated.get(n.id, [])
        if len(defeated) == len(rels):
            yield Finding(
                f"{n.id}: its only support ({_names(defeated)}) is defeated by an undercut, so no evidence reaches it",
                subject=n.id,
            )
            continue
        live = [ctx.graph.relations[rid] for rid in rels if rid not in defeated]
        premises = [p for r in live for p in r.premises if p in ctx.graph.nodes]
        yield Finding(
            f"{n.id} rests on claims alone ({_names(dict.fromkeys(premises))}): no evidence below it",
            subject=n.id,
            hint="add the evidence the author gives, or note that the author gives none",
        )


@rule(
    "ST104",
    "disconnected-node",
    Severity.WARNING,
    "A node from which no chain of relations leads to the thesis.",
)
def disconnected_node(ctx: Context) -> Iterable[Finding]:
    """The node plays no part in the argument for (or against) the thesis.

    Connect it with a relation, or remove it. Nothing is reported when the map has no thesis
    (validation's AM109).
    """
    if ctx.graph.thesis is None:
        return
    connected = ctx.graph.connected_to_thesis()
    if connected.issuperset(ctx.graph.nodes):  # the usual case, at C speed
        return
    for n in ctx.graph.nodes.values():
        if n.id not in connected:
            yield Finding(f"{n.kind} {n.id} is not connected to the thesis", subject=n.id)


@rule(
    "ST105",
    "reasons-only",
    Severity.INFO,
    "A map of reasons alone by design (`config: {evidence: none}`): said once, not per claim.",
)
def reasons_only(ctx: Context) -> Iterable[Finding]:
    """The map declares that its text gives reasons, not evidence (an argumentative microtext, a
    debate outline): its premises are taken as given. One note says so and names them, in place of
    a finding per claim without support (ST102) or without evidence below it (ST103). Evidence found
    in such a map is still checked as evidence.
    """
    if not _by_design(ctx):
        return
    supported = ctx.support.supports
    premises = [n.id for n in ctx.graph.nodes.values() if n.kind == "claim" and n.id not in supported]
    given = f"; its {len(premises)} premises ({_names(premises)}) are taken as given" if premises else ""
    yield Finding(
        f"the map argues from reasons alone (config evidence: none){given}; claims are not checked "
        "one by one for support or evidence",
        path=("config", "evidence"),
    )
