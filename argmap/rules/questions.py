"""CQ7xx critical questions: relations that name an argument scheme, and what the map answers.

A relation with ``scheme: expert-opinion`` inherits that scheme's critical questions
(:mod:`argmap.schemes`). :func:`question_states` says, per scheme relation, which are answered (by
which item), set aside (the relation's ``ignore`` names them) or open; CQ701 reports each open one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from argmap.diagnostics import Severity
from argmap.model import Relation
from argmap.rules.base import Context, Finding, rule
from argmap.schemes import Question, get_scheme, suggest

__all__ = ["QuestionState", "near_items", "question_states"]


@dataclass(frozen=True, slots=True)
class QuestionState:
    question: Question
    status: str
    """open, answered or ignored."""
    by: str | None = None
    """The node or relation that answers it."""

    def to_dict(self) -> dict[str, str | None]:
        q = self.question
        return {"id": q.qualified, "ask": q.ask, "status": self.status, "answered_by": self.by}


def near_items(ctx: Context, r: Relation) -> Iterator[str]:
    """Ids of the items that may answer ``r``'s questions: r, its premises, relations targeting r
    (undercuts, attacks on the inference) and their premises, in that order."""
    yield r.id
    yield from r.premises
    for other in ctx.graph.incoming.get(r.id, ()):
        yield other.id
        yield from other.premises


def _answers(ctx: Context, item: str) -> list[str]:
    found = ctx.graph.nodes.get(item) or ctx.graph.relations.get(item)
    return list(getattr(found, "answers", ()) or ())


def question_states(ctx: Context) -> dict[str, list[QuestionState]]:
    """Relation id -> the state of each critical question of its scheme (known schemes only)."""
    out: dict[str, list[QuestionState]] = {}
    for r in ctx.map.relations:
        scheme = get_scheme(r.scheme) if r.scheme else None
        if scheme is None:
            continue
        near = [(item, _answers(ctx, item)) for item in dict.fromkeys(near_items(ctx, r))]
        states: list[QuestionState] = []
        for q in scheme.questions:
            by = next((item for item, ans in near if any(q.named_by(a) for a in ans)), None)
            if by is not None:
                states.append(QuestionState(q, "answered", by))
            elif any(q.named_by(c) for c in r.ignore):
                states.append(QuestionState(q, "ignored"))
            else:
                states.append(QuestionState(q, "open"))
        out[r.id] = states
    return out


@rule(
    "CQ701",
    "open-critical-question",
    Severity.INFO,
    "A critical question of a relation's argument scheme that the map does not answer.",
)
def open_critical_question(ctx: Context) -> Iterable[Finding]:
    """Naming a scheme (``scheme: expert-opinion``) says how the premises are meant to support the
    conclusion, and with it which questions a careful reader will ask (``argmap schemes NAME`` lists
    them). Each question the map leaves open is reported on the relation.

    A question is answered by an item that says ``answers: [ID]`` (the short id, or SCHEME.ID): the
    relation itself, one of its premises, a relation that targets it (an undercut that raises the
    question is an answer too: the map has dealt with it) or a premise of that relation. Put a
    question's id in the relation's ``ignore`` list to set it aside; ``ignore: [CQ701]`` sets all aside.
    """
    for rid, states in question_states(ctx).items():
        scheme = ctx.graph.relations[rid].scheme
        for s in states:
            if s.status == "open":
                yield Finding(
                    f"{rid} ({scheme}) asks: {s.question.ask} [{s.question.id}]",
                    subject=rid,
                    field=("scheme",),
                    extra={"question": s.question.qualified},
                )


@rule(
    "CQ702",
    "unknown-scheme",
    Severity.ERROR,
    "A relation whose `scheme` is not in the catalogue.",
)
def unknown_scheme(ctx: Context) -> Iterable[Finding]:
    """The scheme must be one of the catalogue's ids (``argmap schemes`` lists them). A mistyped id
    would silently drop the scheme's critical questions.
    """
    for r in ctx.map.relations:
        if r.scheme and get_scheme(r.scheme) is None:
            close = suggest(r.scheme)
            tip = f"; did you mean {close}?" if close else ""
            yield Finding(
                f"{r.id}: scheme {r.scheme!r} is not in the catalogue{tip}",
                subject=r.id,
                field=("scheme",),
                hint="`argmap schemes` lists the schemes",
            )


@rule(
    "CQ703",
    "answer-to-nothing",
    Severity.WARNING,
    "An `answers` entry that names no critical question of a scheme relation next to the item.",
)
def answer_to_nothing(ctx: Context) -> Iterable[Finding]:
    """An answer counts only for a scheme relation next to the item (the relation itself, its
    premises, a relation targeting it, or that relation's premises) whose scheme asks that question.
    Anything else is a typo or an answer in the wrong place, and the question it meant stays open.
    """
    asked: dict[str, list[Question]] = {}
    for r in ctx.map.relations:
        scheme = get_scheme(r.scheme) if r.scheme else None
        if scheme is None:
            continue
        for near in near_items(ctx, r):
            asked.setdefault(near, []).extend(scheme.questions)
    sections: tuple[tuple[str, list[Any]], ...] = (("nodes", ctx.map.nodes), ("relations", ctx.map.relations))
    for section, items in sections:
        for i in [i for i, x in enumerate(items) if x.answers]:  # few items answer anything
            item = items[i]
            for j, entry in enumerate(item.answers):
                if any(q.named_by(entry) for q in asked.get(item.id, ())):
                    continue
                yield Finding(
                    f"{item.id}: answers {entry!r}, but no scheme relation next to it asks that question",
                    subject=item.id,
                    path=(section, i, "answers", j),
                    hint="`argmap schemes NAME` lists a scheme's question ids",
                )
