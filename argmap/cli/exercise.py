"""``argmap exercise make`` and ``argmap exercise grade``: critical-reading worksheets and grading."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from argmap.cli import App, app
from argmap.cli.common import console, fail, load_valid, write_output

if TYPE_CHECKING:
    from rich.console import Console

    from argmap.exercises.rubric import Rubric
    from argmap.model import ArgMap

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


class GradeFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


def _load_valid(path: Path, what: str) -> ArgMap:
    """Load a map that must validate; print its errors and exit 1 (or 2 when unreadable)."""
    result = load_valid(path, what)
    assert result.map is not None
    return result.map


@exercise_app.command("make")
def make(
    map_path: Annotated[Path, typer.Argument(metavar="MAP", help="The map to make the exercise from.")],
    kind: Annotated[ExerciseKind, typer.Option("--kind", "-k", help="Which exercise.")],
    out_dir: Annotated[Path, typer.Option("--output", "-o", help="Folder to write into (made if missing).")],
    seed: Annotated[int, typer.Option("--seed", min=0, help="Shuffle seed: same seed, same worksheet.")] = 0,
    students: Annotated[
        int, typer.Option("--students", min=0, max=500, help="One version per student: DIR/student-01 ...")
    ] = 0,
    diagrams: Annotated[
        bool, typer.Option("--diagrams/--no-diagrams", help="Also write SVG (and PDF) diagrams.")
    ] = True,
    html: Annotated[
        bool,
        typer.Option(
            "--html",
            help="Also write exercise.html: an interactive page with evidence hidden until revealed, where "
            "students type answers and download them as a map. The page holds the answers (self-study).",
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace files already in DIR.")] = False,
) -> None:
    """Write a worksheet and its key (Markdown, SVG, PDF when possible, and the key map) into DIR.

    Kinds: fill-evidence (evidence boxes blank), match (link shuffled evidence to claims),
    find-gaps (list the map's weaknesses; key: the rule report), starter (a map with only the thesis
    and the source, to complete). Exit 0 when written, 1 when the map cannot make the exercise,
    2 on usage or I/O problems (files already there without --force).
    """
    from argmap.exercises.make import ExerciseError, make_exercise, render_diagrams, student_seed

    m = _load_valid(map_path, "map")
    findings = None
    if kind is ExerciseKind.find_gaps:
        from argmap.rules import run_rules

        findings = run_rules(m)
    versions = [(out_dir, seed)]
    if students:
        versions = [(out_dir / f"student-{k:02d}", student_seed(seed, k)) for k in range(1, students + 1)]
    outputs: dict[Path, str | bytes] = {}
    notes: list[str] = []
    layouts: dict[tuple[str, str], bytes] = {}
    for folder, version_seed in versions:
        try:
            ex = make_exercise(m, kind.value, seed=version_seed, findings=findings)
        except ExerciseError as exc:
            fail(f"{map_path}: cannot make a {kind.value} exercise: {exc}", 1)
        for name, text in ex.texts.items():
            outputs[folder / name] = text
        if diagrams:
            files, why = render_diagrams(ex, cache=layouts)
            outputs.update({folder / name: data for name, data in files.items()})
            notes += [n for n in why if n not in notes]
    if html:
        page = _exercise_page(m, map_path)
        for folder, _ in versions:
            outputs[folder / "exercise.html"] = page
    if out_dir.exists() and not out_dir.is_dir():
        fail(f"{out_dir}: is a file; give a folder for -o")
    source = map_path.resolve()
    clash = [p for p in outputs if p.resolve() == source]
    if clash:
        fail(f"{clash[0]}: refusing to write over the input map; choose another folder for -o")
    existing = [p for p in outputs if p.exists()]
    if existing and not force:
        shown = ", ".join(str(p) for p in existing[:3]) + (" ..." if len(existing) > 3 else "")
        many = "s" * (len(existing) != 1)
        fail(f"{len(existing)} file{many} already in {out_dir} ({shown}); pass --force to replace")
    try:
        for folder in dict.fromkeys(p.parent for p in outputs):
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"{out_dir}: cannot create folder: {exc.strerror or exc}")
    for path, data in outputs.items():
        write_output(str(path), data, inputs=(str(map_path),))
    for n in notes:
        typer.echo(f"argmap: note: {n}", err=True)
    where = f"{len(versions)} student folders in {out_dir}" if students else str(out_dir)
    names = sorted({p.name for p in outputs})
    typer.echo(f"wrote {len(outputs)} files to {where}: {', '.join(names)}", err=True)


def _exercise_page(m: ArgMap, map_path: Path) -> str:
    from argmap.html import render_html
    from argmap.html.svg import SvgError
    from argmap.view.layout import LayoutError

    try:
        return render_html(m, exercise=True, title=f"Exercise: {m.title}")
    except (LayoutError, SvgError, ValueError) as exc:
        fail(f"{map_path}: cannot make the exercise page: {exc}")


@exercise_app.command("grade")
def grade(
    students: Annotated[
        list[Path], typer.Argument(metavar="STUDENT", help="Student maps or answer files, or folders.")
    ],
    key: Annotated[Path, typer.Option("--key", help="The key map (key.yaml written by `exercise make`).")],
    kind: Annotated[
        ExerciseKind,
        typer.Option("--kind", "-k", help="find-gaps grades lists of gap codes; other kinds grade maps."),
    ] = ExerciseKind.fill_evidence,
    rubric_path: Annotated[
        Path | None, typer.Option("--rubric", help="YAML file of weights and thresholds.")
    ] = None,
    output_format: Annotated[GradeFormat, typer.Option("--format", "-f", help="Report format.")] = (
        GradeFormat.text
    ),
    output: Annotated[str, typer.Option("--output", "-o", help="Write the report here ('-': stdout).")] = "-",
) -> None:
    """Grade student maps against the key, with partial credit and feedback in plain words.

    Nodes are matched by id, then by overlapping quotations, then by shared words. Exit 0 when every
    file was graded, 1 when some student file does not validate (it is graded as far as possible),
    2 on usage or I/O problems.
    """
    from argmap.exercises.rubric import Rubric, RubricError, load_rubric

    rubric = Rubric()
    if rubric_path is not None:
        try:
            rubric = load_rubric(rubric_path)
        except RubricError as exc:
            fail(str(exc))
    key_map = _load_valid(key, "key")
    files, problems = _collect(students)
    for p in problems:
        typer.echo(f"argmap: {p}", err=True)
    key_resolved = key.resolve()
    files = [f for f in files if f.resolve() != key_resolved]
    if not files:
        fail("no student files to grade")
    inputs = (str(key), *(str(f) for f in files), *((str(rubric_path),) if rubric_path else ()))
    if kind is ExerciseKind.find_gaps:
        text, failed = _grade_gaps(key_map, key, files, output_format, to_file=output != "-")
    else:
        text, failed = _grade_maps(key_map, key, files, rubric, output_format, to_file=output != "-")
    if text is not None:
        write_output(output, text, inputs=inputs)
    if problems:
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(1)


def _collect(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Folders expand to their map files; named files are taken whatever their suffix (.txt answers)."""
    from argmap.pipeline import collect_maps as expand

    files: list[Path] = []
    problems: list[str] = []
    for p in paths:
        if p.is_dir():
            found, why = expand([p])
            files += found
            problems += why
        elif p.exists():
            files.append(p)
        else:
            problems.append(f"{p}: no such file or folder")
    return files, problems


def _grade_maps(
    key_map: ArgMap, key: Path, files: list[Path], rubric: Rubric, fmt: GradeFormat, *, to_file: bool
) -> tuple[str | None, bool]:
    from argmap.exercises.grade import grade_result
    from argmap.exercises.report import grades_csv, grades_json, render_grades
    from argmap.graph import MapGraph
    from argmap.load import load_map

    kg = MapGraph(key_map)
    reports = [grade_result(key_map, load_map(f), rubric, key_name=str(key), key_graph=kg) for f in files]
    failed = any(r.status != "graded" for r in reports)
    if fmt is GradeFormat.json:
        return grades_json(reports, rubric, str(key)), failed
    if fmt is GradeFormat.csv:
        return grades_csv(reports), failed
    if not to_file:
        render_grades(console(), reports)
        return None, failed
    return _plain(lambda c: render_grades(c, reports)), failed


def _grade_gaps(
    key_map: ArgMap, key: Path, files: list[Path], fmt: GradeFormat, *, to_file: bool
) -> tuple[str | None, bool]:
    from argmap.exercises.gaps import GapReport, grade_gaps, parse_answers
    from argmap.exercises.report import gaps_csv, gaps_json, render_gaps
    from argmap.rules import run_rules

    findings = run_rules(key_map)
    reports: list[GapReport] = []
    failed = False
    from argmap.load import TooLarge, read_text_limited, size_text
    from argmap.load.reading import MAX_BYTES

    for f in files:
        try:
            text = read_text_limited(f)
        except (OSError, UnicodeDecodeError, TooLarge) as exc:
            if isinstance(exc, TooLarge):
                reason = f"over the {size_text(MAX_BYTES)} limit"
            else:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8 text"
            bad = GapReport(str(f), str(key), findings=len(findings), status="invalid", problems=[reason])
            reports.append(bad)
            failed = True
            continue
        answers, problems = parse_answers(text)
        report = grade_gaps(findings, answers, student=str(f), key=str(key))
        report.problems = problems
        if problems:
            report.status = "partial"
            failed = True
        reports.append(report)
    if fmt is GradeFormat.json:
        return gaps_json(reports, str(key)), failed
    if fmt is GradeFormat.csv:
        return gaps_csv(reports), failed
    if not to_file:
        render_gaps(console(), reports)
        return None, failed
    return _plain(lambda c: render_gaps(c, reports)), failed


def _plain(render: Callable[[Console], None]) -> str:
    """Rich output captured as plain text (for -o FILE, or stdout when not a terminal)."""
    import io

    from rich.console import Console

    buf = io.StringIO()
    c = Console(file=buf, width=120, no_color=True, highlight=False, color_system=None, force_terminal=False)
    render(c)
    return buf.getvalue()


__all__ = ["exercise_app"]
