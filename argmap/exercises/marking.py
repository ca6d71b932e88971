"""Grade answer sheets of every kind against the teacher's folder made by ``exercise make``.

The teacher's ``exercise.yaml`` names the kind, the key map and what each version's blanks or
numbers stand for; a sheet says its version (``version:``), and a folder of one version needs none.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from argmap.exercises.align import Matcher
from argmap.exercises.errors import ExerciseError
from argmap.exercises.findgaps import GapReport, concerns_of, grade_gaps, parse_answers
from argmap.exercises.grade import GradeReport, copied_from_key, grade_map, grade_result, guarded, zero_report
from argmap.exercises.keys import file_name, load_key
from argmap.exercises.rubric import Rubric
from argmap.exercises.sheets import (
    Version,
    fill_student_map,
    match_student_map,
    parse_fill,
    parse_match,
    sheet_version,
)
from argmap.model import ArgMap

__all__ = ["Manifest", "file_name", "grade_sheet", "load_manifest"]

PARTS = {
    "fill-evidence": frozenset({"evidence", "types", "links", "polarity", "direction"}),
    "match": frozenset({"links", "polarity", "direction"}),
}


@dataclass
class Manifest:
    kind: str
    key_path: Path
    key: ArgMap
    versions: dict[str, Version] = field(default_factory=dict)


SHEET_MAX_BYTES = 1024 * 1024
"""An answer sheet is a page or two of lines: more than 1 MiB is not one (a pasted book would take
minutes to match), and is refused as such."""


def load_manifest(path: str | os.PathLike[str]) -> Manifest:
    """Read a teacher's folder (or its exercise.yaml); raise :class:`ExerciseError` when unusable."""
    import yaml

    from argmap.exercises.layout import MANIFEST
    from argmap.load import read_text_limited

    p = Path(path)
    file = p / MANIFEST if p.is_dir() else p
    try:
        data = yaml.safe_load(read_text_limited(file))
    except (OSError, UnicodeDecodeError) as exc:
        raise ExerciseError(f"{file}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    except yaml.YAMLError as exc:
        raise ExerciseError(f"{file}: not valid YAML ({exc}); make the exercise again") from None
    if not isinstance(data, dict) or "exercise" not in data or "key" not in data:
        raise ExerciseError(f"{file}: not an exercise manifest (no `exercise:` and `key:`); give the teacher folder")
    key_path = file.parent / str(data["key"])
    versions = {
        str(name): Version(
            str(name), int(v.get("seed", 0)), {str(k): str(e) for k, e in (v.get("items") or {}).items()}
        )
        for name, v in (data.get("versions") or {}).items()
        if isinstance(v, dict)
    }
    return Manifest(str(data["exercise"]), key_path, load_key(key_path), versions)


def _version(man: Manifest, text: str, where: str) -> Version:
    name = sheet_version(text, where)
    if name is not None and name in man.versions:
        return man.versions[name]
    if name is not None:
        alt = name.removeprefix("student-")
        if alt in man.versions:
            return man.versions[alt]
    if len(man.versions) == 1:
        return next(iter(man.versions.values()))
    raise ExerciseError(
        f"{where}: which version? the sheet has no `version:` line naming one of {', '.join(man.versions)}"
    )


def grade_sheet(
    man: Manifest,
    path: Path,
    *,
    matcher: Matcher,
    rubric: Rubric | None = None,
    overrides: Mapping[str, str | None] | None = None,
) -> GradeReport | GapReport:
    """Grade one answer sheet of the manifest's kind (a map file for starter); a sheet that cannot
    be graded is a 0 with the reason, never an exception that stops the class."""
    return guarded(
        str(path),
        str(man.key_path),
        rubric,
        lambda: _grade_sheet(man, path, matcher=matcher, rubric=rubric, overrides=overrides),
    )


def _grade_sheet(
    man: Manifest,
    path: Path,
    *,
    matcher: Matcher,
    rubric: Rubric | None = None,
    overrides: Mapping[str, str | None] | None = None,
) -> GradeReport | GapReport:
    from argmap.load import load_map

    where = str(path)
    if man.kind == "starter":
        thesis = frozenset(n.id for n in man.key.nodes if n.kind == "thesis")
        return grade_result(
            man.key,
            load_map(path),
            rubric,
            key_name=str(man.key_path),
            matcher=matcher,
            overrides=overrides,
            given=thesis,
        )
    text = _read_sheet(man, path, rubric)
    if not isinstance(text, str):
        return text
    if man.kind == "find-gaps":
        gaps = _grade_gaps(man, text, where)
        gaps.name = _name_of(text, path)
        return gaps
    try:
        sheet = _read_answers(man, text, where)
    except ExerciseError as exc:
        return zero_report(where, str(man.key_path), str(exc), rubric)
    report = _grade_student_map(man, sheet, matcher=matcher, rubric=rubric, overrides=overrides)
    report.name = _name_of(text, path)
    _remark_on_the_sheet(report, sheet)
    return report


def _read_sheet(man: Manifest, path: Path, rubric: Rubric | None) -> str | GradeReport | GapReport:
    """The sheet's text, or the report of a sheet that cannot be read (too large, not text)."""
    from argmap.load import TooLarge, read_text_limited, size_text

    try:  # a byte-order mark (Notepad's UTF-8) is no part of the first answer
        return read_text_limited(path, SHEET_MAX_BYTES).removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError, TooLarge) as exc:
        if isinstance(exc, TooLarge):
            reason = f"over the {size_text(SHEET_MAX_BYTES)} limit for an answer sheet"
        else:
            reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        if man.kind == "find-gaps":
            return GapReport(str(path), str(man.key_path), status="invalid", problems=[reason])
        return zero_report(str(path), str(man.key_path), reason, rubric)


def _grade_gaps(man: Manifest, text: str, where: str) -> GapReport:
    """A find-gaps sheet against the key's rule report."""
    from argmap.rules import run_rules

    findings = run_rules(man.key)
    ids = {n.id for n in man.key.nodes} | {r.id for r in man.key.relations} | {x.id for x in man.key.sources}
    answers, gap_problems = parse_answers(text, ids)
    gaps = grade_gaps(findings, answers, student=where, key=str(man.key_path), concerns=concerns_of(man.key))
    gaps.problems = gap_problems
    if gap_problems:
        gaps.status = "partial"
    return gaps


@dataclass
class _Sheet:
    """A fill-evidence or match sheet read: the student's map it makes, what the worksheet gave,
    how many answers it has and the lines that could not be read."""

    where: str
    version: Version
    student: ArgMap
    given: frozenset[str]
    answered: int
    problems: list[str]


def _read_answers(man: Manifest, text: str, where: str) -> _Sheet:
    """The student's map from a fill-evidence or match sheet; :class:`ExerciseError` when the sheet
    cannot be read as one."""
    version = _version(man, text, where)
    if man.kind == "fill-evidence":
        filled, problems = parse_fill(text, where)
        blanks = sorted(version.items, key=lambda b: (len(b), b))
        for blank in (b for b in filled if b not in version.items):
            problems.append(f"{where}: {blank} is no blank of this worksheet ({blanks[0]} to {blanks[-1]})")
        student, given = fill_student_map(man.key, version, filled)
        return _Sheet(where, version, student, given, len(filled), problems)
    answers, problems = parse_match(text, where)
    student, given = match_student_map(man.key, version, answers)
    return _Sheet(where, version, student, given, len(answers), problems)


def _grade_student_map(
    man: Manifest,
    sheet: _Sheet,
    *,
    matcher: Matcher,
    rubric: Rubric | None,
    overrides: Mapping[str, str | None] | None,
) -> GradeReport:
    """Grade the sheet's map: the worksheet's nodes pinned, each blank answering for its key item."""
    pins, stands_for = _pins(sheet.student, sheet.given, sheet.version, man.kind)
    report = grade_map(
        man.key,
        sheet.student,
        rubric,
        student_name=sheet.where,
        key_name=str(man.key_path),
        matcher=matcher,
        overrides={**pins, **(overrides or {})},
        given=sheet.given,
        parts=PARTS[man.kind],
        stands_for={b: e for b, e in stands_for.items() if b not in (overrides or {})},
    )
    report.file = sheet.where
    # the sheet's links are built here from its lines (with the key's notes): only its texts are the student's
    no_links = sheet.student.model_copy(update={"relations": []})
    report.copied = copied_from_key(man.key, no_links, sheet.given | frozenset(pins))
    return report


def _remark_on_the_sheet(report: GradeReport, sheet: _Sheet) -> None:
    """Say so when the sheet has no answers yet, or lines that could not be read."""
    from argmap.exercises.feedback import Feedback

    if not sheet.answered:
        report.feedback = [Feedback("blank", "your sheet has no answers yet")]
    if sheet.problems:
        report.status = "partial"
        report.feedback.insert(
            0, Feedback("unreadable", f"{len(sheet.problems)} line(s) could not be read (first: {sheet.problems[0]})")
        )


def _pins(student: ArgMap, given: frozenset[str], version: Version, kind: str) -> tuple[dict[str, str], dict[str, str]]:
    """What the worksheet fixes: each node it handed out is the key's node of that id (however like
    another its words are), and each blank or number answers for the key item exercise.yaml names."""
    pins = {n.id: n.id for n in student.nodes if n.id in given}
    stands_for = {} if kind == "match" else {b: e for b, e in version.items.items() if b not in given}
    return pins, stands_for


def _name_of(text: str, path: Path) -> str:
    import re

    found = re.search(r"^#?\s*(?:name|student):[ \t]*\"?([^\"\n]*)\"?[ \t]*$", text, re.M)
    if found and found.group(1).strip():
        return found.group(1).strip()
    return file_name(path)
