"""Critical questions as a teacher reads them: the scheme's role letters filled from the map.

A scheme's questions are written with letters ("Does G have other goals that conflict with O?").
For a relation of the map, each letter is filled from what plays that role there: the agent from the
subject of the conclusion ("North Korea is looking for ..." -> North Korea), a speaker from the
premise's ``speaker``, a proposition from the conclusion's or the premise's text, and a goal the
step leaves unstated is called that. A letter no part of the relation fills (a field the key leaves
open, an analogy's two cases) stays a letter.
"""

from __future__ import annotations

import re

from argmap.exercises.feedback import clip
from argmap.model import ArgMap, Node, Relation

__all__ = ["ROLES", "filled_question"]

# For each scheme: letter -> where it comes from (see _value).
ROLES: dict[str, dict[str, str]] = {
    "expert-opinion": {"E": "speaker", "A": "conclusion"},
    "position-to-know": {"S": "speaker", "A": "conclusion"},
    "popular-opinion": {"A": "conclusion"},
    "example": {"X": "premise"},
    "sign": {"B": "premise", "A": "conclusion"},
    "cause-to-effect": {"A": "premise", "B": "conclusion"},
    "correlation-to-cause": {"A": "premise", "B": "conclusion"},
    "consequences": {"A": "conclusion"},
    "practical-reasoning": {"G": "subject", "O": "goal", "A": "predicate"},
    "commitment": {"G": "subject", "A": "predicate"},
    "ignorance": {"A": "expected"},
}

_VERB = re.compile(
    r"\s+(?:is|are|was|were|has|have|had|will|would|can|cannot|could|should|may|might|must|does|do|did|"
    r"began|begins|became|becomes|remains|seems|appears)\b\s*",
)


def _subject(text: str) -> tuple[str, str] | None:
    """(subject, the rest after its verb) of a plain declarative sentence, or None."""
    found = _VERB.search(text)
    if found is None or found.start() == 0 or len(text[: found.start()].split()) > 6:
        return None
    rest = text[found.end() :].rstrip(" .")
    return text[: found.start()].strip(), rest


def _quoted(text: str) -> str:
    return f"“{clip(' '.join(text.split()).rstrip('.'), 60)}”"


def _value(role: str, rel: Relation, nodes: dict[str, Node]) -> str | None:
    target = nodes.get(rel.target)
    premises = [nodes[p] for p in rel.premises if p in nodes]
    premise = premises[0] if len(premises) == 1 else None
    if role == "conclusion" and target is not None:
        return _quoted(target.text)
    if role in ("subject", "predicate") and target is not None:
        parts = _subject(" ".join(target.text.split()))
        if parts is None:
            return None
        return parts[0] if role == "subject" else _quoted(parts[1])
    if role == "goal":  # the goal is the step's unstated assumption: named, not guessed
        return "the goal this step assumes"
    if role == "premise" and premise is not None:
        return _quoted(premise.text)
    if role == "speaker" and premise is not None:
        speaker = getattr(premise, "speaker", None)
        return str(speaker) if speaker else None
    if role == "expected" and premise is not None:
        expected = getattr(premise, "expected", None)
        return _quoted(str(expected)) if expected else _quoted(premise.text)
    return None


def filled_question(question: str, rel: Relation, m: ArgMap) -> str:
    """``question`` of ``rel``'s scheme with each role letter the map fills replaced by its words."""
    roles = ROLES.get(rel.scheme or "", {})
    nodes = {n.id: n for n in m.nodes}
    values = {letter: v for letter, role in roles.items() if (v := _value(role, rel, nodes)) is not None}
    if not values:
        return question
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, values)) + r")\b(?!\))")
    return pattern.sub(lambda found: values[found.group(1)], question)  # one pass: no word filled twice
