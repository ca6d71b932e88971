"""What an alignment of a student's map to the key is: pairs, opposites, what is left over, and the
thresholds that decide them (made by :class:`argmap.exercises.align.Matcher`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Alignment", "Match", "Method", "Opposite", "Thresholds"]

Method = Literal["position", "text", "structure", "override", "split", "merge"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    accept: float = 0.3
    """A pair below this is no match."""
    review: float = 0.45
    """A pair chosen below this goes to the teacher's review list."""
    opposite: float = 0.5
    """How close two texts of opposite polarity must be otherwise (negations left out) to count as
    'the opposite of': the same statement, negated, not another statement that shares a word."""
    flood: float = 0.5
    """Weight of matched neighbours."""


@dataclass(frozen=True, slots=True)
class Match:
    key_id: str
    student_id: str
    method: Method
    score: float


@dataclass(frozen=True, slots=True)
class Opposite:
    """A student node that says the opposite of a key node."""

    key_id: str
    student_id: str
    why: Literal["negation", "roles"]
    closeness: float = 0.0
    """How close the two texts are otherwise (cosine)."""


@dataclass
class Alignment:
    matches: list[Match]
    opposites: list[Opposite] = field(default_factory=list)
    unmatched_key: list[str] = field(default_factory=list)
    unmatched_student: list[str] = field(default_factory=list)

    @property
    def key_to_student(self) -> dict[str, str]:
        """The one-to-one part: each key node's main counterpart."""
        return {m.key_id: m.student_id for m in self.matches if m.method not in ("split", "merge")}

    @property
    def student_to_key(self) -> dict[str, str]:
        return {m.student_id: m.key_id for m in self.matches if m.method not in ("split", "merge")}

    def students_of(self, key_id: str) -> list[str]:
        return [m.student_id for m in self.matches if m.key_id == key_id]

    def keys_of(self, student_id: str) -> list[str]:
        return [m.key_id for m in self.matches if m.student_id == student_id]

    review_below: float = 0.45

    @property
    def review(self) -> list[Match]:
        """Pairs for the teacher to confirm: made by links alone, splits and merges, or weak scores."""
        weak = ("structure", "split", "merge")
        return [m for m in self.matches if m.method in weak or (m.method != "override" and m.score < self.review_below)]
