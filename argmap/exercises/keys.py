"""The teacher's side of grading: the key map, its source text, and a student's name from a file.

Below the grading modules (:mod:`~argmap.exercises.grade`, :mod:`~argmap.exercises.marking`,
:mod:`~argmap.exercises.api`), which all read keys and name students the same way.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from argmap.exercises.errors import ExerciseError
from argmap.load import load_map
from argmap.model import ArgMap

__all__ = ["article_text", "file_name", "load_key"]

PathLike = str | os.PathLike[str]


def load_key(path: PathLike) -> ArgMap:
    """Load a key map; raise :class:`ExerciseError` when it does not validate."""
    result = load_map(path)
    if result.map is None or result.has_errors:
        first = next((d for d in result.diagnostics if d.severity.value == "error"), None)
        raise ExerciseError(
            f"{path}: the key does not validate" + (f": {first}" if first else "") + "; run `argmap check` on it"
        )
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


def file_name(path: Path) -> str:
    """A student's name from a file: its stem, or its folder's name for a bare ``answers.*``."""
    stem = path.stem
    if stem.lower() in ("answers", "answer", "map") and path.parent.name:
        return path.parent.name
    for prefix in ("answers-", "answers_"):  # worksheet.html downloads answers-NAME.<ext>
        if stem.lower().startswith(prefix) and len(stem) > len(prefix):
            return stem[len(prefix) :]
    return stem
