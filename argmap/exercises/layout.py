"""The files of an exercise, student and teacher apart.

``DIR/student/`` (or ``DIR/student-01`` ... for a class) holds what a student may see: worksheet.md,
worksheet.pdf, worksheet.svg, the blank answer sheet, worksheet.html when asked for, and the source
text when the map names one found on disk. ``DIR/teacher/`` holds the key: key.yaml, key.md, key.pdf,
key.svg, the key written as the answer sheet, the source text, and ``exercise.yaml``, which tells ``exercise grade``
the kind and what each version's blanks or numbers stand for. With several versions the teacher's
folder has one sub-folder per version for its key.md and answer sheet.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from argmap.exercises.errors import ExerciseError
from argmap.exercises.make import Exercise, make_exercise, render_diagrams, student_seed
from argmap.exercises.sheets import SHEET_NAMES, Version, fill_sheet, match_sheet
from argmap.model import ArgMap

__all__ = ["MANIFEST", "ExerciseFiles", "build_files"]

MANIFEST = "exercise.yaml"


@dataclass
class ExerciseFiles:
    """Files by path relative to the output folder, and notes on what could not be made."""

    files: dict[str, str | bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)


def answer_sheets(m: ArgMap, ex: Exercise, version: Version) -> tuple[str, str]:
    """The blank sheet for the student and the key's sheet for the teacher."""
    from argmap.interchange.native import export_yaml

    if ex.kind == "fill-evidence":
        return fill_sheet(m, version, key=False), fill_sheet(m, version, key=True)
    if ex.kind == "match":
        return match_sheet(m, version, key=False), match_sheet(m, version, key=True)
    if ex.kind == "find-gaps":
        head = (
            f"# Find the gaps: {' '.join(m.title.split())}\n"
            "# exercise: find-gaps\n"
            "# name: \n"
            "# One weakness a line: a code and the id it concerns (ST102 C3), or plain words with the id.\n"
        )
        return head, ex.texts["gaps.yaml"]
    return ex.texts["answers.yaml"], export_yaml(m).text


def _manifest(kind: str, versions: Sequence[Version], key_name: str) -> str:
    import json

    lines = [
        "# Made by `argmap exercise make`; `argmap exercise grade --key` this folder to grade answers.",
        f"exercise: {kind}",
        f"key: {key_name}",
        "versions:",
    ]
    for v in versions:
        items = ", ".join(f"{json.dumps(k)}: {json.dumps(e)}" for k, e in v.items.items())
        lines.append(f"  {json.dumps(v.name)}: {{seed: {v.seed}, items: {{{items}}}}}")
    return "\n".join(lines) + "\n"


def build_files(
    m: ArgMap,
    kind: str,
    *,
    seed: int = 0,
    students: int = 0,
    diagrams: bool = True,
    html: bool = False,
    paper: str = "a4",
    source_text: tuple[str, str] | None = None,
) -> ExerciseFiles:
    """Every file of an exercise (see the module docstring); nothing is written here.

    ``source_text`` is (file name, text) of the article, copied into each student folder.
    Raises :class:`ExerciseError` when the map cannot make this kind of exercise.
    """
    from argmap.rules import run_rules

    findings = run_rules(m) if kind == "find-gaps" else None
    out = ExerciseFiles()
    plan = [("student", "1", seed)]
    if students:
        plan = [(f"student-{k:02d}", f"{k:02d}", student_seed(seed, k)) for k in range(1, students + 1)]
    layouts: dict[tuple[str, str], bytes] = {}
    sheet_name = SHEET_NAMES[kind]
    for folder, name, version_seed in plan:
        ex = make_exercise(m, kind, seed=version_seed, findings=findings)
        version = Version(name, version_seed, dict(ex.items))
        out.versions.append(version)
        blank, key_sheet = answer_sheets(m, ex, version)
        teacher = "teacher" if not students else f"teacher/{folder}"
        out.files[f"{folder}/worksheet.md"] = ex.texts["worksheet.md"]
        out.files[f"{folder}/{sheet_name}"] = blank
        out.files[f"{teacher}/key.md"] = ex.texts["key.md"]
        out.files[f"{teacher}/{sheet_name}"] = key_sheet
        out.files["teacher/key.yaml"] = ex.texts["key.yaml"]
        svg: bytes | None = None
        if diagrams:
            files, why = render_diagrams(ex, ("svg", "pdf"), cache=layouts)
            out.notes += [n for n in why if n not in out.notes]
            svg = files.get("worksheet.svg")
            if svg is not None:
                out.files[f"{folder}/worksheet.svg"] = svg
            if "key.svg" in files:
                out.files["teacher/key.svg"] = files["key.svg"]
            key_pdf = files.get("key.pdf")
            if key_pdf is not None:
                out.files["teacher/key.pdf"] = key_pdf
        try:
            from argmap.exercises.printable import worksheet_pdf

            sheet = next((d.view for d in ex.diagrams if d.name == "worksheet"), None) if diagrams else None
            out.files[f"{folder}/worksheet.pdf"] = worksheet_pdf(
                ex.texts["worksheet.md"], svg, paper=paper, view=sheet, notes=out.notes
            )
        except ImportError as exc:  # pragma: no cover - reportlab is a dependency
            out.notes.append(f"no worksheet.pdf: {exc}")
        if html:
            article = source_text[1] if source_text is not None else None
            out.files[f"{folder}/worksheet.html"] = _page(m, ex, svg, blank, sheet_name, article)
        if source_text is not None:
            out.files[f"{folder}/{source_text[0]}"] = source_text[1]
    out.files[f"teacher/{MANIFEST}"] = _manifest(kind, out.versions, "key.yaml")
    if source_text is not None:  # next to key.yaml, so that grading finds it and matches by position
        out.files[f"teacher/{source_text[0]}"] = source_text[1]
    return out


def _page(m: ArgMap, ex: Exercise, svg: bytes | None, blank: str, sheet_name: str, article: str | None) -> str:
    """worksheet.html: the worksheet and its answer form (see :mod:`argmap.exercises.form`)."""
    from argmap.exercises.form import form_data
    from argmap.exercises.page import worksheet_page

    form = form_data(ex.kind, m, ex.sheet or m, ex.texts["worksheet.md"], blank, article)
    return worksheet_page(ex.texts["worksheet.md"], svg, blank, sheet_name, form=form, article=article)


def source_text_for(m: ArgMap, map_path: str | os.PathLike[str], texts: Sequence[Path] = ()) -> tuple[str, str] | None:
    """(file name, text) of the map's first source found on disk, for the student folder."""
    from argmap.anchors import resolve_source_text
    from argmap.load import read_text_limited

    base = Path(map_path).resolve().parent
    for s in m.sources:
        found = resolve_source_text(s, base, list(texts))
        if found is not None:
            try:
                return found.name, read_text_limited(found)
            except (OSError, UnicodeDecodeError) as exc:
                raise ExerciseError(f"{found}: cannot read the source text: {exc}") from None
    return None
