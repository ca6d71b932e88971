"""``argmap exercise make`` and ``argmap exercise grade``: option parsing around one library call each
(:func:`argmap.exercises.layout.build_files`, :func:`argmap.exercises.api.grade_paths`)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NamedTuple

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
    moodle = "moodle"
    canvas = "canvas"


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


# The options of `exercise grade`, each named once, so that its signature reads as their list.
_Answers = Annotated[
    list[Path],
    typer.Argument(
        metavar="ANSWERS",
        help="Answer sheets or maps, folders of them, or Moodle's or Canvas's submissions zip or folder.",
    ),
]
_Key = Annotated[
    Path, typer.Option("--key", help="The teacher folder made by `exercise make` (any kind), or a key map.")
]
_Kind = Annotated[
    ExerciseKind | None,
    typer.Option("--kind", "-k", help="With a key map: find-gaps grades lists of weaknesses; else maps."),
]
_Texts = Annotated[
    list[Path] | None, typer.Option("--texts", help="Folder of source texts (for matching by position).")
]
_Overrides = Annotated[
    Path | None, typer.Option("--overrides", help="Teacher's YAML: student file: {student id: key id or none}.")
]
_RubricPath = Annotated[Path | None, typer.Option("--rubric", help="YAML file of weights.")]
_Format = Annotated[
    GradeFormat,
    typer.Option(
        "--format",
        "-f",
        help="text, json, csv (gradebook), items (per-item table), moodle (grading worksheet), canvas (import).",
    ),
]
_Anonymise = Annotated[
    bool, typer.Option("--anonymise", help="Name students Student 1, 2 ...; the key to names goes to --names-key.")
]
_NamesKey = Annotated[
    Path | None,
    typer.Option("--names-key", help="With --anonymise: where the number-to-name key goes (default: beside -o)."),
]
_FeedbackZip = Annotated[
    Path | None,
    typer.Option("--feedback-zip", help="Also write each student's feedback file into this zip (Moodle's layout)."),
]
_Points = Annotated[float, typer.Option("--points", min=0.01, help="moodle/canvas: the assignment's maximum grade.")]
_Assignment = Annotated[
    str | None, typer.Option("--assignment", help="canvas: the assignment's column, as `Name (id)` in its export.")
]
_Teacher = Annotated[bool, typer.Option("--teacher", help="Every remark, not the student's ten.")]
_Output = Annotated[str, typer.Option("--output", "-o", help="Write the report here ('-': stdout).")]


@exercise_app.command("grade")
def grade(
    students: _Answers,
    key: _Key,
    kind: _Kind = None,
    texts: _Texts = None,
    overrides: _Overrides = None,
    rubric_path: _RubricPath = None,
    output_format: _Format = GradeFormat.text,
    anonymise: _Anonymise = False,
    names_key: _NamesKey = None,
    feedback_zip: _FeedbackZip = None,
    points: _Points = 100.0,
    assignment: _Assignment = None,
    teacher: _Teacher = False,
    output: _Output = "-",
) -> None:
    """Grade answers against the key by meaning: ids and wording do not count, understanding does.

    Each kind grades its own answer sheet. In a folder or zip only answer files are graded; the
    rest is listed as skipped, with why. Moodle's "Download all submissions" and Canvas's
    "Download submissions" (zip or unpacked) name each student; --format moodle and canvas give the
    file to upload back. A sheet that cannot be graded gets no mark (never 0) and says why.
    Uncertain matches are listed as `needs review`; put the teacher's decision in --overrides and
    grade again. Exit 0 when every file was graded, 1 when some file was graded only in part or not
    at all, 2 on usage or I/O problems (an override naming an unknown file or id too).
    """
    from argmap.exercises.api import grade_paths
    from argmap.exercises.errors import ExerciseError
    from argmap.exercises.overrides import read_overrides
    from argmap.exercises.rubric import Rubric, RubricError, load_rubric
    from argmap.report import plain

    if anonymise and output_format in (GradeFormat.moodle, GradeFormat.canvas):
        fail(f"--anonymise hides who is who; --format {output_format.value} needs it: leave one out")
    rubric = Rubric()
    try:
        if rubric_path is not None:
            rubric = load_rubric(rubric_path)
        checked = read_overrides(overrides) if overrides is not None else None
        result = grade_paths(
            key, students, texts=texts or [], rubric=rubric, overrides=checked, kind=kind.value if kind else None
        )
    except (ExerciseError, RubricError) as exc:
        fail(plain(str(exc)))
    _report_grades(
        result,
        key=key,
        students=students,
        fmt=output_format,
        options=_GradeOutputs(anonymise, names_key, feedback_zip, points, assignment, teacher, output),
        read=tuple(str(p) for p in (overrides, rubric_path) if p is not None),
    )


class _GradeOutputs(NamedTuple):
    anonymise: bool
    names_key: Path | None
    feedback_zip: Path | None
    points: float
    assignment: str | None
    teacher: bool
    output: str


def _report_grades(
    result: Any,
    *,
    key: Path,
    students: list[Path],
    fmt: GradeFormat,
    options: _GradeOutputs,
    read: tuple[str, ...] = (),
) -> None:
    """Write the class report (and the names key and feedback zip) and exit with the class's code; never
    over a file it read (``read``: the overrides and rubric; the key's and the answers' files come in
    ``result.read``, those inside folders too)."""
    from argmap.exercises import gradebook
    from argmap.exercises.classview import class_view
    from argmap.exercises.errors import ExerciseError
    from argmap.report import plain

    for p in result.problems:
        typer.echo(f"argmap: {plain(p)}", err=True)
    if fmt not in (GradeFormat.text, GradeFormat.json) or options.output != "-":  # else the report lists them
        for s in result.skipped:
            typer.echo(f"argmap: skipped {plain(s)}", err=True)
    if not result.students:
        fail("no answer files to grade")
    assert result.key_map is not None
    view = class_view(
        result.key_map,
        str(key),
        result.kind,
        result.students,
        anonymise=options.anonymise,
        owners=result.owners,
        skipped=result.skipped,
    )
    inputs = (str(key), *(str(s) for s in students), *read, *result.read)
    try:
        text = _formatted(view, fmt, options)
    except ExerciseError as exc:
        fail(plain(str(exc)))
    if options.anonymise:
        _write_names_key(view, options.names_key or _names_key_beside(options.output), inputs)
    write_output(options.output, text, inputs=inputs)
    if options.feedback_zip is not None:
        write_output(str(options.feedback_zip), gradebook.feedback_zip(view), inputs=inputs)
        typer.echo(f"wrote {len(view.rows)} feedback files to {options.feedback_zip}", err=True)
    if result.problems:
        raise typer.Exit(2)
    if any(r.status != "graded" for r in result.students):
        raise typer.Exit(1)


def _formatted(view: Any, fmt: GradeFormat, options: _GradeOutputs) -> str:
    from argmap.exercises import gradebook

    if fmt is GradeFormat.json:
        return str(view.to_json())
    if fmt is GradeFormat.csv:
        return gradebook.gradebook_csv(view)
    if fmt is GradeFormat.items:
        return str(view.items_csv())
    if fmt is GradeFormat.moodle:
        return gradebook.moodle_worksheet(view, points=options.points)
    if fmt is GradeFormat.canvas:
        return gradebook.canvas_csv(
            view, assignment=options.assignment or view.title or "argmap", points=options.points
        )
    return str(view.text(teacher=options.teacher))


def _names_key_beside(output: str) -> Path:
    if output == "-":
        return Path("class-names.csv")
    out = Path(output)
    return out.with_name(f"{out.stem}-names.csv")


def _write_names_key(view: Any, path: Path, inputs: tuple[str, ...]) -> None:
    """The number-to-name key, for the teacher alone; an existing different key is never replaced."""
    from argmap.exercises import gradebook

    data = gradebook.names_csv(view)
    if path.exists():
        try:
            same = path.read_text(encoding="utf-8") == data
        except (OSError, UnicodeDecodeError):
            same = False
        if not same:
            fail(f"{path}: a different names key is already there; move it, or give --names-key another file")
    write_output(str(path), data, inputs=inputs)
    typer.echo(f"argmap: the key from numbers to names is in {path} (keep it from the students)", err=True)


__all__ = ["exercise_app"]
