"""The grading rubric: how many points each part of a map is worth, and how close is close enough.

A rubric file is YAML (or JSON)::

    weights:          # points; any you leave out keep their default, 0 switches a part off
      thesis: 10      # the student's thesis is the key's thesis
      claims: 15      # key claims found (as claims)
      evidence: 20    # key evidence found (as evidence)
      types: 10       # found evidence typed as in the key (statistic, count, ...)
      links: 25       # key relations present: same premise linked to the same target
      polarity: 10    # ... and supports versus attacks right
      direction: 10   # ... and running the right way (premise to conclusion)
    accept: 0.3       # how alike (0-1) a student node and a key node must be to be paired
    review: 0.45      # pairs made below this are listed for the teacher as `needs review`

Every relation of the key is worth ``links + polarity + direction`` divided by the number of key
relations: a link that is present but flipped keeps its link and direction shares.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

if TYPE_CHECKING:
    from argmap.exercises.align import Thresholds

__all__ = ["CRITERIA", "Rubric", "RubricError", "Weights", "load_rubric"]

_TOP_FIELDS = ("weights", "accept", "review")
CRITERIA = ("thesis", "claims", "evidence", "types", "links", "polarity", "direction")


class RubricError(Exception):
    """A rubric file that cannot be read or does not validate; the message says where and why."""


Points = float


class Weights(BaseModel):
    """Points per part of the map."""

    model_config = ConfigDict(extra="forbid", strict=False)

    thesis: Points = Field(default=10, ge=0, le=1000, description="The thesis identified.")
    claims: Points = Field(default=15, ge=0, le=1000, description="Key claims found.")
    evidence: Points = Field(default=20, ge=0, le=1000, description="Key evidence found.")
    types: Points = Field(default=10, ge=0, le=1000, description="Evidence typed as in the key.")
    links: Points = Field(default=25, ge=0, le=1000, description="Key relations present.")
    polarity: Points = Field(default=10, ge=0, le=1000, description="Supports versus attacks right.")
    direction: Points = Field(default=10, ge=0, le=1000, description="Relations running the right way.")


class Rubric(BaseModel):
    """Weights and matching thresholds for grading maps against a key."""

    model_config = ConfigDict(extra="forbid", strict=False)

    weights: Weights = Field(default_factory=Weights)
    accept: float = Field(default=0.3, gt=0, le=1, description="Least likeness for a pair.")
    review: float = Field(default=0.45, gt=0, le=1, description="Pairs below it go to the teacher.")

    @model_validator(mode="after")
    def _some_points(self) -> Rubric:
        if self.total <= 0:
            raise ValueError("all weights are 0: give at least one part of the map some points")
        return self

    def thresholds(self) -> Thresholds:
        from argmap.exercises.align import Thresholds

        return Thresholds(accept=self.accept, review=max(self.review, self.accept))

    @property
    def total(self) -> float:
        return float(sum(getattr(self.weights, name) for name in CRITERIA))


def load_rubric(path: str | os.PathLike[str]) -> Rubric:
    """Read and validate a rubric file; raise :class:`RubricError` with every problem listed."""
    import yaml

    from argmap.load import TooLarge, read_text_limited, size_text
    from argmap.load.reading import MAX_BYTES

    p = Path(path)
    try:
        text = read_text_limited(p)
    except TooLarge:
        raise RubricError(f"{p}: cannot read rubric: over the {size_text(MAX_BYTES)} limit") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise RubricError(f"{p}: cannot read rubric: {reason}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise RubricError(f"{p}{where}: rubric is not valid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RubricError(f"{p}: a rubric is a mapping (weights and thresholds), not {_what(data)}")
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = ".".join(str(part) for part in err["loc"]) or "rubric"
            msg = str(err["msg"]).removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                allowed = ", ".join(CRITERIA) if loc.startswith("weights.") else ", ".join(_TOP_FIELDS)
                msg = f"unknown field (allowed: {allowed})"
            problems.append(f"{loc}: {msg}")
        raise RubricError(f"{p}: invalid rubric: " + "; ".join(problems)) from None


def _what(data: object) -> str:
    return "a list" if isinstance(data, list) else f"a {type(data).__name__}"
