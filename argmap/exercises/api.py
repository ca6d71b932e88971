"""The exercise library's entry points, callable from Python without the CLI.

Every failure a user can cause (a key that does not validate, an unreadable file, a bad overrides
file) raises :class:`ExerciseError` with one line naming the file and what to do.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from argmap.exercises.align import Matcher
from argmap.exercises.errors import ExerciseError
from argmap.exercises.grade import GradeReport, grade_result
from argmap.exercises.rubric import Rubric
from argmap.load import load_map
from argmap.model import ArgMap

__all__ = ["ClassGrades", "ExerciseError", "article_text", "grade_paths", "load_key"]

PathLike = str | os.PathLike[str]


@dataclass
class ClassGrades:
    """The grades of a class against one key."""

    key: str
    students: list[GradeReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Files that could not be read at all (each graded 0 as well)."""


def load_key(path: PathLike) -> ArgMap:
    """Load a key map; raise :class:`ExerciseError` when it does not validate."""
    result = load_map(path)
    if result.map is None or result.has_errors:
        first = next((d for d in result.diagnostics if d.severity.value == "error"), None)
        raise ExerciseError(f"{path}: the key does not validate" + (f": {first}" if first else "") + "; run `argmap check` on it")
    return result.map


def article_text(key: ArgMap, key_path: PathLike, texts: Sequence[PathLike] = ()) -> str | None:
    """The text of the key's first source that has a local copy (next to the key or in ``texts``)."""
    from argmap.anchors import resolve_source_text
    from argmap.load import read_text_limited

    base = Path(key_path).resolve().parent
    dirs = [Path(t) for t in texts]
    for s in key.sources:
        found = resolve_source_text(s, base, dirs)
        if found is not None:
            try:
                return read_text_limited(found)
            except (OSError, UnicodeDecodeError) as exc:
                raise ExerciseError(f"{found}: cannot read the source text: {exc}") from None
    return None


def grade_paths(
    key: PathLike,
    students: Sequence[PathLike],
    *,
    texts: Sequence[PathLike] = (),
    rubric: Rubric | None = None,
    overrides: Mapping[str, Mapping[str, str | None]] | None = None,
) -> ClassGrades:
    """Grade student map files against the key file (overrides: student file name -> id -> key id)."""
    key_map = load_key(key)
    matcher = Matcher(key_map, article_text(key_map, key, texts))
    out = ClassGrades(str(key))
    for s in students:
        result = load_map(s)
        mine = _overrides_for(overrides, Path(s)) if overrides else None
        out.students.append(grade_result(key_map, result, rubric, key_name=str(key), matcher=matcher, overrides=mine))
    return out


def _overrides_for(overrides: Mapping[str, Mapping[str, str | None]], path: Path) -> Mapping[str, str | None] | None:
    for name in (str(path), path.name, path.stem):
        if name in overrides:
            return overrides[name]
    return None
