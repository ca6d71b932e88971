"""``argmap exercise make`` and ``argmap exercise grade``: option parsing around one library call each
(:func:`argmap.exercises.layout.build_files`, :func:`argmap.exercises.api.grade_paths`)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from argmap.cli import App, app
from argmap.cli.common import fail, load_valid, write_output

exercise_app = App(
    name="exercise",
    help="Critical-reading exercises: make worksheets and keys from a map, grade students' answers.",
    no_args_is_help=True,
)
app.add_typer(exercise_app, name="exercise")


class ExerciseKind(StrEnum):
    """Kinds of exercise (see ``argmap exercise make --help``)."""

    fill_evidence = "fill-evidence"
    match = "match"
    find_gaps = "find-gaps"
    starter = "starter"


class Paper(StrEnum):
    a4 = "a4"
    letter = "letter"


class GradeFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    items = "items"


@exercise_app.command("make")
def make(
    map_path: Annotated[Path, typer.Argument(metavar="MAP", help="The map to make the exercise from.")],
    kind: Annotated[ExerciseKind, typer.Option("--kind", "-k", help="Which exercise.")],
    out_dir: Annotated[Path, typer.Option("--output", "-o", help="Folder to write into (made if missing).")],
    seed: Annotated[int, typer.Option("--seed", min=0, help="Shuffle seed: same seed, same worksheet.")] = 0,
    students: Annotated[
        int, typer.Option("--students", min=0, max=500, help="One version per student: DIR/student-01 ...")
    ] = 0,
    diagrams: Annotated[bool, typer.Option("--diagrams/--no-diagrams", help="Draw the diagrams (SVG, PDF).")] = True,
    html: Annotated[
        bool, typer.Option("--html", help="Also write worksheet.html for each student (holds nothing of the key).")
    ] = False,
    paper: Annotated[Paper, typer.Option("--paper", help="Paper size of worksheet.pdf.")] = Paper.a4,
    texts: Annotated[
        list[Path] | None, typer.Option("--texts", help="Folder of source texts, copied to the students.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files already in DIR.")] = False,
) -> None:
    """Write DIR/student/ (worksheet.md, worksheet.pdf, the blank answer sheet, the source text) and
    DIR/teacher/ (key.yaml, key.md, key.pdf, the key as an answer sheet, exercise.yaml).

    Kinds: fill-evidence (write the blanked evidence), match (link numbered evidence to claims:
    `3: C2 supports`), find-gaps (list the map's weaknesses), starter (map the text from its thesis).
    With --students N: DIR/student-01 ... and one DIR/teacher/ with every version's key.
    Exit 0 when written, 1 when the map cannot make the exercise, 2 on usage or I/O problems.
    """
    from argmap.exercises.errors import ExerciseError
    from argmap.exercises.layout import build_files, source_text_for

    m = load_valid(map_path, "map").map
    assert m is not None
    try:
        source = source_text_for(m, map_path, texts or [])
        made = build_files(
            m,
            kind.value,
            seed=seed,
            students=students,
            diagrams=diagrams,
            html=html,
            paper=paper.value,
            source_text=source,
        )
    except ExerciseError as exc:
        fail(f"{map_path}: cannot make a {kind.value} exercise: {exc}", 1)
    outputs = {out_dir / rel: data for rel, data in made.files.items()}
    if out_dir.exists() and not out_dir.is_dir():
        fail(f"{out_dir}: is a file; give a folder for -o")
    if any(p.resolve() == map_path.resolve() for p in outputs):
        fail(f"{map_path}: refusing to write over the input map; choose another folder for -o")
    existing = [p for p in outputs if p.exists()]
    if existing and not force:
        shown = ", ".join(str(p) for p in existing[:3]) + (" ..." if len(existing) > 3 else "")
        fail(
            f"{len(existing)} file{'s' * (len(existing) != 1)} already in {out_dir} ({shown}); pass --force to replace"
        )
    try:
        for folder in dict.fromkeys(p.parent for p in outputs):
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"{out_dir}: cannot create folder: {exc.strerror or exc}")
    for path, data in outputs.items():
        write_output(str(path), data, inputs=(str(map_path),))
    for n in made.notes:
        typer.echo(f"argmap: note: {n}", err=True)
    folders = sorted({p.relative_to(out_dir).parts[0] for p in outputs})
    typer.echo(f"wrote {len(outputs)} files to {out_dir}: {', '.join(f + '/' for f in folders)}", err=True)


@exercise_app.command("grade")
def grade(
    students: Annotated[
        list[Path], typer.Argument(metavar="ANSWERS", help="Answer sheets or maps, or folders of them.")
    ],
    key: Annotated[
        Path, typer.Option("--key", help="The teacher folder made by `exercise make` (any kind), or a key map.")
    ],
    kind: Annotated[
        ExerciseKind | None,
        typer.Option("--kind", "-k", help="With a key map: find-gaps grades lists of weaknesses; else maps."),
    ] = None,
    texts: Annotated[
        list[Path] | None, typer.Option("--texts", help="Folder of source texts (for matching by position).")
    ] = None,
    overrides: Annotated[
        Path | None, typer.Option("--overrides", help="Teacher's YAML: student file: {student id: key id or none}.")
    ] = None,
    rubric_path: Annotated[Path | None, typer.Option("--rubric", help="YAML file of weights.")] = None,
    output_format: Annotated[
        GradeFormat, typer.Option("--format", "-f", help="text, json, csv (gradebook) or items (per-item table).")
    ] = GradeFormat.text,
    anonymise: Annotated[bool, typer.Option("--anonymise", help="Name students Student 1, 2 ...")] = False,
    teacher: Annotated[bool, typer.Option("--teacher", help="Every remark, not the student's ten.")] = False,
    output: Annotated[str, typer.Option("--output", "-o", help="Write the report here ('-': stdout).")] = "-",
) -> None:
    """Grade answers against the key by meaning: ids and wording do not count, understanding does.

    Each kind grades its own answer sheet. Uncertain matches are listed as `needs review`; put the
    teacher's decision in --overrides and grade again. Exit 0 when every file was graded, 1 when some
    file was graded only in part or not at all, 2 on usage or I/O problems.
    """
    from argmap.exercises.api import grade_paths, load_overrides
    from argmap.exercises.classview import class_view
    from argmap.exercises.errors import ExerciseError
    from argmap.exercises.rubric import Rubric, RubricError, load_rubric

    rubric = Rubric()
    try:
        if rubric_path is not None:
            rubric = load_rubric(rubric_path)
        pairs = load_overrides(overrides) if overrides is not None else None
        result = grade_paths(
            key, students, texts=texts or [], rubric=rubric, overrides=pairs, kind=kind.value if kind else None
        )
    except (ExerciseError, RubricError) as exc:
        fail(str(exc))
    for p in result.problems:
        typer.echo(f"argmap: {p}", err=True)
    if not result.students:
        fail("no answer files to grade")
    assert result.key_map is not None
    view = class_view(result.key_map, str(key), result.kind, result.students, anonymise=anonymise)
    if output_format is GradeFormat.json:
        text = view.to_json()
    elif output_format is GradeFormat.csv:
        text = view.gradebook_csv()
    elif output_format is GradeFormat.items:
        text = view.items_csv()
    else:
        text = view.text(teacher=teacher)
    write_output(output, text, inputs=(str(key), *(str(s) for s in students)))
    if result.problems:
        raise typer.Exit(2)
    if any(r.status != "graded" for r in result.students):
        raise typer.Exit(1)


__all__ = ["exercise_app"]
