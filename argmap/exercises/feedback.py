"""Feedback a student learns from: what went well first, then the few mistakes that matter most.

Every remark has a topic; each topic has a rank (how much it matters) and one sentence saying why
it matters, given once. The student's list holds at most :data:`STUDENT_LIMIT` remarks; the
teacher's report keeps them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from argmap.anchors import normalise

__all__ = ["STUDENT_LIMIT", "WHY", "Feedback", "clip", "for_student"]

STUDENT_LIMIT = 10

# topic -> (rank, why it matters); a lower rank is shown first
WHY: dict[str, tuple[int, str]] = {
    "good": (0, ""),
    "blank": (0, ""),
    "invalid": (1, "Fix the errors `argmap check` reports so that all of your map can be marked."),
    "unreadable": (1, "Write each answer as the sheet shows it, so that all of your answers can be marked."),
    "thesis": (2, "Every other part of the map hangs on the thesis."),
    "opposite": (3, "Saying the reverse of the author changes the argument you report."),
    "pasted": (3, "Quote the few words that pin a point: a map is not a copy of the text."),
    "invented": (4, "A map records the author's argument; a point the text does not make is your own."),
    "missing-claim": (5, "Claims carry the argument: without them its evidence supports nothing."),
    "polarity": (6, "Support and attack pull the argument in opposite directions."),
    "wrong-blank": (6, "Each blank stands for one passage of the text: find the sentence it points at."),
    "missing-evidence": (7, "A claim without its evidence is only asserted."),
    "direction": (8, "Evidence and reasons lead to a conclusion, not the other way round."),
    "link": (8, "The map shows what each reason is a reason for."),
    "kind": (9, "A claim is argued for; evidence is reported: the two do different jobs."),
    "type": (10, "The type says what kind of check the evidence needs (a figure, a count, a quote...)."),
    "missing-link": (11, "The map shows what each reason is a reason for."),
    "unrecognised": (12, "If this is in the text, say it closer to the text or quote the words it rests on."),
    "extra-link": (13, ""),
}


@dataclass(frozen=True, slots=True)
class Feedback:
    """One remark. ``about`` is a key id (or None); ``good`` marks praise."""

    topic: str
    message: str
    about: str | None = None

    @property
    def rank(self) -> int:
        return WHY.get(self.topic, (50, ""))[0]

    @property
    def good(self) -> bool:
        return self.topic == "good"

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "message": self.message, "about": self.about}


GROUPED = {"missing-claim": "claims", "missing-evidence": "pieces of evidence", "missing-link": "links"}


def _grouped(feedback: Sequence[Feedback]) -> list[Feedback]:
    """More than three remarks of a 'missing' topic become one: how many, and the first three."""
    out: list[Feedback] = []
    for f in feedback:
        if f.topic in GROUPED and sum(g.topic == f.topic for g in feedback) > 3:
            if any(g.topic == f.topic for g in out):
                continue
            same = [g for g in feedback if g.topic == f.topic]
            shown = "; ".join(g.message.split(": ", 1)[-1] for g in same[:3])
            out.append(Feedback(f.topic, f"you left out {len(same)} {GROUPED[f.topic]}, among them {shown}"))
        else:
            out.append(f)
    return out


def for_student(feedback: Sequence[Feedback], limit: int = STUDENT_LIMIT) -> list[str]:
    """Praise first, then the most important remarks, each topic's 'why' said once; at most ``limit``.
    Many remarks of one kind (missing claims) are said once, with the first few."""
    grouped = _grouped(feedback)
    ordered = sorted(enumerate(grouped), key=lambda kv: (kv[1].rank, kv[0]))
    out: list[str] = []
    said: set[str] = set()
    for _, f in ordered:
        if len(out) >= limit:
            break
        why = WHY.get(f.topic, (0, ""))[1]
        if why and f.topic not in said:
            said.add(f.topic)
            out.append(f"{f.message}. {why}")
        else:
            out.append(f.message if f.message.endswith(".") else f"{f.message}.")
    hidden = len(grouped) - len(out)
    if hidden > 0:
        out.append(f"({hidden} smaller point{'s' * (hidden != 1)} in your teacher's report.)")
    return out


def clip(text: str, limit: int = 70) -> str:
    """The text on one line, cut at a word boundary to about ``limit`` characters."""
    text = " ".join(normalise(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 3]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "..."
