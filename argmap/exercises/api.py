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
from argmap.exercises.keys import article_text, load_key
from argmap.exercises.overrides import Overrides, from_mapping, read_overrides
from argmap.exercises.rubric import Rubric
from argmap.exercises.submissions import Submitter
from argmap.load import load_map
from argmap.model import ArgMap

__all__ = [
    "ClassGrades",
    "ExerciseError",
    "article_text",
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
    """Paths that could not be read at all (no such file, a folder without answers)."""
    skipped: list[str] = field(default_factory=list)
    """``file: why`` for each file of a folder or zip that is not an answer."""
    owners: dict[int, Submitter] = field(default_factory=dict)
    """Index into ``students`` -> who handed it in, for files from Moodle or Canvas."""
    read: list[str] = field(default_factory=list)
    """The files read as the key and as answers: no report may be written over one of them."""


def grade_paths(
    key: PathLike,
    students: Sequence[PathLike],
    *,
    texts: Sequence[PathLike] = (),
    rubric: Rubric | None = None,
    overrides: Mapping[str, Mapping[str, str | None]] | Overrides | None = None,
    kind: str | None = None,
) -> ClassGrades:
    """Grade answer files against a key: the teacher's folder made by ``exercise make`` (any kind),
    or a key map (student maps graded whole; lists of weaknesses with ``kind="find-gaps"``).
    ``students`` are files, folders or zips (Moodle's and Canvas's downloads are read with each
    student's name and id); in folders only answer files are graded, the rest is in ``skipped``.
    Overrides: student file -> student id -> key id or None; any naming an unknown file, student
    id or key id raise :class:`ExerciseError`."""
    from argmap.exercises.collect import collect
    from argmap.exercises.marking import Manifest, load_manifest

    kp = Path(key)
    man: Manifest | None = None
    if kp.is_dir() or kp.name == "exercise.yaml":
        man = load_manifest(kp)
        key_map, key_file = man.key, man.key_path
    else:
        key_map, key_file = load_key(kp), kp
        if kind == "find-gaps":
            man = Manifest("find-gaps", kp, key_map, {})
    checked = from_mapping(overrides) if overrides is not None and not isinstance(overrides, Overrides) else overrides
    if checked is not None and checked.entries and man is not None and man.kind == "find-gaps":
        raise ExerciseError(f"{checked.path}: find-gaps answers are lists of weaknesses; overrides do not apply")
    if checked is not None:
        checked.check_key(n.id for n in key_map.nodes)
    matcher = Matcher(key_map, article_text(key_map, key_file, texts), (rubric or Rubric()).thresholds())
    out = ClassGrades(str(key), kind=man.kind if man else "map", key_map=key_map)
    sources = [Path(s.text).name for s in key_map.sources if s.text]
    found = collect([Path(s) for s in students], man.kind if man else "map", sources)
    try:
        out.problems, out.skipped = found.problems, found.skipped
        skip = {key_file.resolve()} | ({(kp / "exercise.yaml").resolve()} if kp.is_dir() else set())
        files = [f for f in found.files if f.resolve() not in skip]
        out.read = [str(p) for p in (*skip, *files)]
        names = {f: _names_of(f, found.shown.get(f), found.owners.get(f)) for f in files}
        mine = _assign_overrides(checked, names) if checked is not None else {}
        for s in files:
            report = _grade_one(man, key_map, s, matcher, rubric, checked, mine.get(s), str(key))
            shown = found.shown.get(s)
            if shown is not None:
                _rename(report, str(s), shown)
            out.students.append(report)
            if s in found.owners:
                out.owners[len(out.students) - 1] = found.owners[s]
    finally:
        found.close()
    return out


def _grade_one(
    man: Any,
    key_map: ArgMap,
    s: Path,
    matcher: Matcher,
    rubric: Rubric | None,
    checked: Overrides | None,
    file_key: str | None,
    key_name: str,
) -> Any:
    from argmap.exercises.marking import grade_sheet

    pairs = checked.pairs()[file_key] if checked is not None and file_key is not None else None
    if man is not None:
        report = grade_sheet(man, s, matcher=matcher, rubric=rubric, overrides=pairs)
    else:
        report = grade_result(key_map, load_map(s), rubric, key_name=key_name, matcher=matcher, overrides=pairs)
    if checked is not None and file_key is not None:
        checked.check_students(file_key, _student_ids(report))
    return report


def _names_of(path: Path, shown: str | None, owner: Any) -> list[str]:
    names = [str(path), path.name, path.stem]
    if shown is not None:
        names.append(shown)
    if owner is not None:
        names += [owner.name, owner.id, f"Participant {owner.id}"]
    return names


def _assign_overrides(checked: Overrides, names: Mapping[Path, list[str]]) -> dict[Path, str]:
    """Which overrides entry applies to each file; an entry naming no file, or several, is refused."""
    checked.check_files({str(f): ns for f, ns in names.items()})
    out: dict[Path, str] = {}
    for entry, line in checked.files.items():
        hits = [f for f, ns in names.items() if entry in ns]
        if len(hits) > 1:
            raise ExerciseError(
                f"{checked.where(line)}: {entry!r} names {len(hits)} answer files; write the path the report shows"
            )
        out[hits[0]] = entry
    return out


def _student_ids(report: Any) -> set[str]:
    al = getattr(report, "alignment", None)
    if al is None:
        return set()
    return {m.student_id for m in al.matches} | set(al.unmatched_student) | {o.student_id for o in al.opposites}


def _rename(report: Any, path: str, shown: str) -> None:
    """Name a file unpacked from a zip as the teacher knows it, in the report and its messages."""
    for attr in ("student", "file", "reason"):
        value = getattr(report, attr, None)
        if isinstance(value, str):
            setattr(report, attr, value.replace(path, shown))
    if isinstance(getattr(report, "problems", None), list):
        report.problems = [p.replace(path, shown) for p in report.problems]


def load_overrides(path: PathLike) -> dict[str, dict[str, str | None]]:
    """A teacher's overrides file: ``student file: {student id: key id, other id: none}``
    (see :func:`argmap.exercises.overrides.read_overrides`, which keeps lines for messages)."""
    return read_overrides(path).pairs()
