"""ST1xx structure: claims without support, support that never reaches evidence, stray nodes.

Support cycles are validation's AM111 and are not repeated here.
"""

from __future__ import annotations

from collections.abc import Iterable

from argmap.diagnostics import Severity
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
    bad="""\
        nodes:
          - {id: T, kind: thesis, text: North Korea is seeking new friends.}
        """,
    good="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: North Korea is seeking new friends.}
          - {id: E1, kind: evidence, type: event, text: Talks with Japan., date: 2014-05, sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
)
def unsupported_thesis(ctx: Context) -> Iterable[Finding]:
    """A thesis that nothing supports is an assertion, not an argument.

    Add the claims or evidence the author gives for it, each linked with a ``supports`` relation.
    """
    thesis = ctx.graph.thesis
    if thesis is not None and not ctx.support.supports.get(thesis.id):
        yield Finding(
            f"thesis {thesis.id} has no support: nothing in the map argues for it",
            subject=thesis.id,
            hint="link the author's reasons to it with `kind: supports` relations",
        )


@rule(
    "ST102",
    "unsupported-claim",
    Severity.WARNING,
    "A claim with no supporting relation at all.",
    bad="""\
        nodes:
          - {id: T, kind: thesis, text: Pyongyang is isolated.}
          - {id: C1, kind: claim, text: China has distanced itself.}
        relations:
          - {id: R1, kind: supports, from: C1, to: T}
        """,
    good="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang is isolated.}
          - {id: C1, kind: claim, text: China has distanced itself.}
          - {id: E1, kind: evidence, type: event, text: No visit by China's leaders., date: 2014,
             sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: C1, to: T}
          - {id: R2, kind: supports, from: E1, to: C1}
        """,
)
def unsupported_claim(ctx: Context) -> Iterable[Finding]:
    """A claim that the map asserts without any reason or evidence.

    This includes claims used only to attack another node: an objection without grounds is still
    a bare assertion. Support the claim, or record that the author gives no support (and keep the
    finding, or silence it on the node with ``ignore: [ST102]``).
    """
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
    bad="""\
        nodes:
          - {id: T, kind: thesis, text: Pyongyang is isolated.}
          - {id: C1, kind: claim, text: China has distanced itself.}
          - {id: C2, kind: claim, text: Relations are estranged.}
        relations:
          - {id: R1, kind: supports, from: C1, to: T}
          - {id: R2, kind: supports, from: C2, to: C1}
        """,
    good="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang is isolated.}
          - {id: C1, kind: claim, text: China has distanced itself.}
          - {id: E1, kind: evidence, type: event, text: Jang Song-thaek executed., date: 2013-12,
             sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: C1, to: T}
          - {id: R2, kind: supports, from: E1, to: C1}
        """,
)
def no_evidence_below(ctx: Context) -> Iterable[Finding]:
    """Following ``supports`` relations down from the node never reaches an evidence node.

    A support relation rejected under grounded semantics (defeated by an accepted undercut) does not
    count. Nodes without any support are ST101/ST102 instead.
    """
    sup = ctx.support
    for n in sup.conclusions:
        rels = sup.supports.get(n.id)
        if not rels or sup.has_evidence(n.id):
            continue
        defeated = sup.defeated.get(n.id, [])
        if len(defeated) == len(rels):
            yield Finding(
                f"{n.id}: its only support ({_names(defeated)}) is defeated by an undercut, "
                "so no evidence reaches it",
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
    bad="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang seeks new friends.}
          - {id: E1, kind: evidence, type: event, text: Talks with Japan., date: 2014-05, sources: [S1]}
          - {id: E2, kind: evidence, type: event, text: Missile launches., date: 2014-07, sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
    good="""\
        sources:
          - {id: S1, title: Article, date: 2014-08-04}
        nodes:
          - {id: T, kind: thesis, text: Pyongyang seeks new friends.}
          - {id: E1, kind: evidence, type: event, text: Talks with Japan., date: 2014-05, sources: [S1]}
        relations:
          - {id: R1, kind: supports, from: E1, to: T}
        """,
)
def disconnected_node(ctx: Context) -> Iterable[Finding]:
    """The node plays no part in the argument for (or against) the thesis.

    Connect it with a relation, or remove it. Nothing is reported when the map has no thesis
    (validation's AM109).
    """
    if ctx.graph.thesis is None:
        return
    connected = ctx.graph.connected_to_thesis()
    for n in ctx.graph.nodes.values():
        if n.id not in connected:
            yield Finding(f"{n.kind} {n.id} is not connected to the thesis", subject=n.id)
