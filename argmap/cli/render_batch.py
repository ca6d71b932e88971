"""``argmap render MAP... -o FOLDER``: one diagram per map, many maps at once.

Every map is loaded, drawn and written by a worker (one per core for big batches, see
:mod:`argmap.batch`); the parent prints what each produced, in input order, with a progress bar
on a terminal. A map that does not validate or cannot be drawn is reported and the others are
still drawn; the exit code is the worst: 2 for I/O and usage problems, 1 for invalid maps.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer

from argmap.cli.common import fail, progress
from argmap.drawing import DrawError, DrawSettings, draw
from argmap.formats import get

__all__ = ["render_many"]


@dataclass(frozen=True)
class _Job:
    map_path: Path
    target: Path
    settings: DrawSettings


@dataclass(frozen=True)
class _Done:
    code: int
    """0 written, 1 the map does not validate, 2 it could not be read, drawn or written."""
    lines: list[str]


def render_many(paths: list[Path], output: str, settings: DrawSettings, jobs: int) -> None:
    """Draw every map found in ``paths`` into the folder ``output``; exit with the worst code."""
    from argmap.batch import find_files
    from argmap.pipeline import MAP_SUFFIXES

    if output == "-":
        fail("several maps give several diagrams: name an output folder with -o")
    if settings.focus is not None:
        fail("--focus names a node of one map: draw that map alone")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        fail(f"{folder}: is a file; several maps need an output folder")
    places, problems = find_files(paths, MAP_SUFFIXES, what="map files")
    for p in problems:
        typer.echo(f"argmap: {p}", err=True)
    if not places:
        raise typer.Exit(2)
    found = [f for f, _ in places]
    targets = _targets(places, folder, get("diagram", settings.kind).suffix)
    for parent in sorted({t.parent for t in targets}):
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"{parent}: cannot create the output folder: {exc.strerror or exc}")
    work = [_Job(src, dst, settings) for src, dst in zip(found, targets, strict=True)]
    from argmap.batch import parallel_map

    worst = 2 if problems else 0
    counts = [0, 0, 0]
    for done in progress(parallel_map(_draw_one, work, jobs=jobs), len(work), "rendering"):
        for line in done.lines:
            typer.echo(line, err=True)
        counts[done.code] += 1
        worst = max(worst, done.code)
    failed = f", {counts[1]} invalid" if counts[1] else ""
    broken = f", {counts[2]} not drawn" if counts[2] else ""
    from argmap.report import printable

    typer.echo(printable(f"rendered {counts[0]} of {len(work)} maps into {folder}{failed}{broken}"), err=True)
    if worst:
        raise typer.Exit(worst)


def _targets(places: list[tuple[Path, Path]], folder: Path, suffix: str) -> list[Path]:
    """Where each map's diagram goes: its place (path below the folder it was found in, or its name)
    under ``folder``, with the diagram's suffix; two maps drawn to one file are refused."""
    seen: dict[Path, Path] = {}
    out: list[Path] = []
    for src, place in places:
        dst = folder / place.with_suffix(suffix)
        if dst in seen:
            fail(f"{seen[dst]} and {src} would both be drawn to {dst}; rename one or draw them apart")
        seen[dst] = src
        out.append(dst)
    return out


def _draw_one(job: _Job) -> _Done:
    """Load, draw and write one map; everything to say comes back as lines (workers do not print)."""
    from argmap.fileio import OutputError, write_atomic
    from argmap.load import load_map
    from argmap.report import format_parsable

    result = load_map(job.map_path)
    if result.map is None or result.has_errors:
        lines = format_parsable(result.diagnostics).splitlines()
        if any(d.code == "AM001" for d in result.diagnostics):
            return _Done(2, [*lines, f"argmap: {job.map_path}: cannot read the map; check the path"])
        return _Done(1, [*lines, f"argmap: {job.map_path}: the map does not validate; not drawn"])
    try:
        drawing = draw(result, job.settings, job.map_path)
        write_atomic(job.target, drawing.data, inputs=(str(job.map_path),))
    except DrawError as exc:
        message = str(exc) if str(job.map_path) in str(exc) else f"{job.map_path}: {exc}"
        return _Done(exc.code, [f"argmap: {message}"])
    except OutputError as exc:
        return _Done(2, [f"argmap: {exc}"])
    note = [f"note: {drawing.note}"] if drawing.note else []
    from argmap.report import printable

    return _Done(0, [printable(f"wrote {job.target} ({drawing.what})"), *note])
