"""The exercise library's entry points, callable from Python without the CLI.

Every failure a user can cause (a key that does not validate, an unreadable file, a bad overrides
file) raises :class:`ExerciseError` with one line naming the file and what to do.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap.exercises.align import Matcher
from argmap.exercises.errors import ExerciseError
from argmap.exercises.grade import grade_result
from argmap.exercises.rubric import Rubric
from argmap.load import load_map
from argmap.model import ArgMap

__all__ = [
    "ClassGrades",
    "ExerciseError",
    "article_text",
    "collect_answers",
    "grade_paths",
    "load_key",
    "load_overrides",
]

PathLike = str | os.PathLike[str]


@dataclass
class ClassGrades:
    """The grades of a class against one key."""

    key: str
    kind: str = "map"
    key_map: ArgMap | None = None
    students: list[Any] = field(default_factory=list)
    """GradeReport per file (GapReport for find-gaps)."""
    problems: list[str] = field(default_factory=list)
    """Files that could not be read at all (each graded 0 as well)."""


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


ANSWER_SUFFIXES = (".yaml", ".yml", ".json", ".txt", ".argdown", ".md")


NOT_ANSWERS = ("worksheet", "key", "exercise")


def collect_answers(paths: Sequence[PathLike], skip_names: Sequence[str] = ()) -> tuple[list[Path], list[str]]:
    """Files to grade: named files whatever their suffix; folders give every answer file inside
    (YAML, JSON, text) but the worksheet's own files and the source texts (``skip_names``), sorted;
    a missing path is a problem, not a silent skip."""
    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in ANSWER_SUFFIXES
                and f.stem.lower() not in NOT_ANSWERS
                and f.name not in skip_names
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                problems.append(f"{p}: no answer files in this folder (.yaml, .json or .txt)")
            files += found
        elif p.exists():  # a named file is graded whatever it is (a device is refused when read)
            files.append(p)
        else:
            problems.append(f"{p}: no such file or folder")
    return files, problems


def grade_paths(
    key: PathLike,
    students: Sequence[PathLike],
    *,
    texts: Sequence[PathLike] = (),
    rubric: Rubric | None = None,
    overrides: Mapping[str, Mapping[str, str | None]] | None = None,
    kind: str | None = None,
) -> ClassGrades:
    """Grade answer files against a key: the teacher's folder made by ``exercise make`` (any kind),
    or a key map (student maps graded whole; lists of weaknesses with ``kind="find-gaps"``).
    Overrides: student file -> student id -> key id or None."""
    from argmap.exercises.marking import Manifest, grade_sheet, load_manifest

    kp = Path(key)
    man: Manifest | None = None
    if kp.is_dir() or kp.name == "exercise.yaml":
        man = load_manifest(kp)
        key_map, key_file = man.key, man.key_path
    else:
        key_map, key_file = load_key(kp), kp
        if kind == "find-gaps":
            man = Manifest("find-gaps", kp, key_map, {})
    matcher = Matcher(key_map, article_text(key_map, key_file, texts), (rubric or Rubric()).thresholds())
    out = ClassGrades(str(key), kind=man.kind if man else "map", key_map=key_map)
    sources = [Path(s.text).name for s in key_map.sources if s.text]
    files, out.problems = collect_answers(students, sources)
    skip = {key_file.resolve()} | ({(kp / "exercise.yaml").resolve()} if kp.is_dir() else set())
    for s in files:
        if s.resolve() in skip:
            continue
        mine = _overrides_for(overrides, s) if overrides else None
        if man is not None:
            out.students.append(grade_sheet(man, s, matcher=matcher, rubric=rubric, overrides=mine))
        else:
            out.students.append(
                grade_result(key_map, load_map(s), rubric, key_name=str(key), matcher=matcher, overrides=mine)
            )
    return out


def load_overrides(path: PathLike) -> dict[str, dict[str, str | None]]:
    """A teacher's overrides file: ``student file: {student id: key id, other id: none}``."""
    import yaml

    from argmap.load import read_text_limited

    try:
        data = yaml.safe_load(read_text_limited(Path(path)))
    except (OSError, UnicodeDecodeError) as exc:
        raise ExerciseError(f"{path}: cannot read overrides: {getattr(exc, 'strerror', None) or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ExerciseError(f"{path}{line}: overrides are not valid YAML") from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ExerciseError(f"{path}: overrides map a student file to {{student id: key id or none}}")
    out: dict[str, dict[str, str | None]] = {}
    for student, pairs in data.items():
        out[str(student)] = {
            str(sid): (None if kid is None or str(kid).lower() == "none" else str(kid)) for sid, kid in pairs.items()
        }
    return out


def _overrides_for(overrides: Mapping[str, Mapping[str, str | None]], path: Path) -> Mapping[str, str | None] | None:
    for name in (str(path), path.name, path.stem):
        if name in overrides:
            return overrides[name]
    return None
