"""``argmap import``: read AIF, Argdown or Kialo files into argmap YAML maps.

The importer's result is written as YAML and validated again exactly as ``argmap check`` would read it;
a map with validation errors is never written. Defects of the foreign file are printed as diagnostics
naming the foreign ids, and everything not carried over as a loss report.

One FILE is imported as it always was. Several files, or a folder (a corpus of AIFdb nodesets, say), make
a batch: the files are shared among worker processes (:func:`argmap.batch.parallel_map`), each worker
reads, imports, validates and writes one file with :func:`_import_file` (the same function the single
file goes through) and sends back only the lines to print, which the parent prints in input order.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from argmap.cli import app
from argmap.cli.common import fail, progress, write_output
from argmap.formats import names, suffixes

if TYPE_CHECKING:
    from argmap.diagnostics import Diagnostic
    from argmap.interchange import Loss


ImportFormat = StrEnum("ImportFormat", [(n, n) for n in names("import")])  # type: ignore[misc]
"""The formats ``import`` reads, from the one table of formats."""


def collect_foreign(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[tuple[Path, Path]], list[str]]:
    """Expand files and folders to the files to import; return ((file, place), problems with the paths).

    A file's place is where it goes under ``-o OUT_DIR`` (see :func:`argmap.batch.find_files`).
    """
    from argmap.batch import find_files

    return find_files(paths, tuple(suffixes("import")), what="files to import")


# --------------------------------------------------------------------------- one file


@dataclass(frozen=True)
class _Job:
    """One file to import: everything a worker process needs (small and picklable)."""

    source: str
    target: str
    """The map to write, or '-' for stdout (one file only: the map then comes back in the outcome)."""
    fmt: str | None = None
    force: bool = False
    thesis: str | None = None
    title: str | None = None
    batch: bool = False
    """In a batch: an existing output is skipped before importing, and missing folders are created."""
    report: bool = False
    """Fill :attr:`_Outcome.document` for ``--loss-report``."""


@dataclass
class _Outcome:
    """What importing one file came to: the lines to print and the loss report, no map."""

    source: str
    target: str
    code: int
    """0 written; 1 not readable as its format or would not validate; 2 an I/O or usage problem."""
    message: str
    """The ``imported ...`` line, or why the file was not imported (without ``argmap: ``)."""
    fmt: str | None = None
    diagnostics: list[str] = field(default_factory=list)
    """Diagnostics as printed: the foreign file's, then those of the map if it would not validate."""
    losses: list[str] | None = None
    """The loss report's lines, once the file was read as its format (None before that or when not written)."""
    lost: int = 0
    document: dict[str, Any] | None = None
    """The ``--loss-report`` document of this file (when asked for and ``losses`` is set)."""
    yaml_text: str | None = None
    """The map, when it goes to stdout."""

    @property
    def status(self) -> str:
        return ("imported", "failed", "skipped")[self.code]


def _import_file(job: _Job) -> _Outcome:
    """Read, import, validate and write one file; never print, never exit (the caller reports)."""
    from argmap.fileio import OutputError, write_atomic
    from argmap.interchange import ImportOptions, get_importer, guess_format
    from argmap.interchange.native import export_yaml
    from argmap.load import TooLarge, load_text, read_limited
    from argmap.load.reading import MAX_BYTES

    file, target = Path(job.source), job.target
    outcome = _Outcome(job.source, target, 2, "")
    if job.batch and not job.force and Path(target).is_file():
        outcome.message = f"{target}: already exists; pass --force to replace it"
        return outcome
    try:
        raw = read_limited(file)
    except TooLarge:
        limit = MAX_BYTES // 2**20
        outcome.message = f"{file}: over the {limit} MiB limit (raise ARGMAP_MAX_BYTES if it is really one map)"
        return outcome
    except OSError as exc:
        outcome.message = f"{file}: cannot read: {exc.strerror or exc}"
        return outcome
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        outcome.code = 1
        outcome.message = f"{file}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        return outcome
    del raw
    fmt = outcome.fmt = job.fmt or guess_format(file, text)
    if fmt is None:
        outcome.message = f"{file}: cannot tell the format; pass --from aif|argdown|kialo"
        return outcome
    result = get_importer(fmt)(text, file=str(file), options=ImportOptions(thesis=job.thesis, title=job.title))
    del text
    outcome.diagnostics = _diagnostic_lines(result.diagnostics)
    outcome.losses, outcome.lost = _loss_lines(result.losses, fmt), len(result.losses)
    if job.report:
        outcome.document = _loss_document(fmt, result.losses, result.diagnostics)
    if result.map is None:
        outcome.code, outcome.message = 1, f"{file}: nothing imported: fix the errors above"
        return outcome
    yaml_text = export_yaml(result.map).text
    check = load_text(yaml_text, file=target if target != "-" else "<stdout>")
    if check.has_errors:
        outcome.diagnostics += _diagnostic_lines(check.diagnostics)
        outcome.code = 1
        outcome.message = f"{file}: the imported map would not validate; not written (please report this as a bug)"
        return outcome
    del check
    if target == "-":
        outcome.yaml_text = yaml_text
    else:
        try:
            if job.batch:
                _make_folder(Path(target).parent)
            write_atomic(target, yaml_text, inputs=(job.source,), overwrite=job.force)
        except OutputError as exc:
            outcome.message, outcome.losses = str(exc), None  # no loss report for a map not written
            return outcome
    m = result.map
    where = "stdout" if target == "-" else target
    outcome.code = 0
    from argmap.report import printable

    outcome.message = printable(
        f"imported {len(m.nodes)} nodes and {len(m.relations)} relations from {file} ({fmt}) into {where}"
    )
    return outcome


def _make_folder(folder: Path) -> None:
    from argmap.fileio import OutputError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from None


def _diagnostic_lines(diagnostics: list[Diagnostic]) -> list[str]:
    return [f"{d}{f' [{d.subject}]' if d.subject else ''}" for d in diagnostics]


def _loss_lines(losses: list[Loss], fmt: str) -> list[str]:
    if not losses:
        return [f"loss report: nothing from {fmt} lost"]
    lines = [f"loss report: {len(losses)} item(s) from {fmt} not kept in argmap:"]
    for loss in losses:
        where = f" (line {loss.line})" if loss.line else ""
        lines.append(f"  - {loss.kind}: {loss.subject}{where}: {loss.detail}")
    return lines


def _loss_document(fmt: str | None, losses: list[Loss], diagnostics: list[Diagnostic]) -> dict[str, Any]:
    return {
        "format": fmt,
        "direction": "import",
        "count": len(losses),
        "losses": [x.to_dict() for x in losses],
        "diagnostics": [d.to_dict() for d in diagnostics],
    }


def _echo(lines: Iterable[str]) -> None:
    for line in lines:
        typer.echo(line, err=True)


def _write_loss_report(loss_report: str, document: dict[str, Any], inputs: tuple[str, ...]) -> None:
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if loss_report == "-":
        typer.echo(text, err=True)
    else:
        write_output(loss_report, text + "\n", inputs=inputs)


# --------------------------------------------------------------------------- the command


@app.command("import")
def import_map(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE_OR_FOLDER",
            help="AIF JSON, Argdown or Kialo files to import, or folders searched for *.json, *.aif, "
            "*.argdown, *.ad and *.txt.",
        ),
    ],
    source_format: Annotated[
        ImportFormat | None,
        typer.Option("--from", "-f", help="Format of the files (default: guessed from each file's content or suffix)."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Map file to write ('-' for stdout); for several files or a folder, the folder to write "
            "the maps into. Default: each FILE with suffix .yaml.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing output files.")] = False,
    thesis: Annotated[
        str | None,
        typer.Option("--thesis", help="Id (foreign id or title) of the node to make the thesis (one FILE only)."),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Title of the map (default: from the file; one FILE only).")
    ] = None,
    loss_report: Annotated[
        str | None,
        typer.Option(
            "--loss-report",
            help="Also write the loss report as JSON to this file ('-' for stderr); in a batch, one entry per file.",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Worker processes for many files (0: one per core from 16 files on; 1: no workers).",
        ),
    ] = 0,
) -> None:
    """Import maps from AIF (AIFdb/OVA/xAIF JSON), Argdown or Kialo discussion exports.

    Prints the defects found in each file (with its ids) and a loss report of what argmap cannot hold.

    Several files, or a folder (searched recursively, hidden files skipped), are a batch:
    each map is written next to its file, or under -o OUT_DIR at the file's place in its folder;
    one line per file, then a summary. Two files that would write the same map are refused
    before anything is written; existing maps are kept without --force. A folder of AIFdb
    nodesets, for example:

    \b
        argmap import nodesets/ -o maps/ --loss-report losses.json

    Exit 0 when every map was written, 1 when a file cannot be read as its format or its map would
    not validate (the other files are still imported), 2 on usage or I/O problems.
    """
    if len(paths) == 1 and not paths[0].is_dir():
        _import_one(paths[0], source_format, output, force, thesis, title, loss_report)
    else:
        _import_batch(paths, source_format, output, force, thesis, title, loss_report, jobs)


def _import_one(
    file: Path,
    source_format: ImportFormat | None,
    output: str | None,
    force: bool,
    thesis: str | None,
    title: str | None,
    loss_report: str | None,
) -> None:
    target = output if output is not None else str(file.with_suffix(".yaml"))
    fmt = source_format.value if source_format else None
    job = _Job(str(file), target, fmt, force, thesis, title, report=bool(loss_report))
    outcome = _import_file(job)
    _echo(outcome.diagnostics)
    if outcome.yaml_text is not None:
        write_output("-", outcome.yaml_text)
    if outcome.code == 0:
        typer.echo(outcome.message, err=True)
    if outcome.losses is not None:
        _echo(outcome.losses)
        if loss_report and outcome.document is not None:
            _write_loss_report(loss_report, outcome.document, (str(file),))
    if outcome.code:
        fail(outcome.message, outcome.code)


def _import_batch(
    paths: list[Path],
    source_format: ImportFormat | None,
    output: str | None,
    force: bool,
    thesis: str | None,
    title: str | None,
    loss_report: str | None,
    jobs: int,
) -> None:
    from argmap.batch import parallel_map

    if thesis is not None or title is not None:
        option = "--thesis" if thesis is not None else "--title"
        fail(f"{option} names one map: import that file on its own to use it, not in a batch of several")
    if output == "-":
        fail("-o -: several maps cannot go to stdout; give a folder (-o OUT_DIR) or leave -o out")
    found, problems = collect_foreign(paths)
    for p in problems:
        fail(p) if not found else typer.echo(f"argmap: {p}", err=True)
    out_dir = Path(output) if output is not None else None
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        fail(f"{out_dir}: not a folder; in a batch -o names the folder to write the maps into")
    plan = _plan(found, out_dir)
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"{out_dir}: cannot create the folder: {exc.strerror or exc}")
    fmt = source_format.value if source_format else None
    work = [_Job(str(src), str(target), fmt, force, batch=True, report=bool(loss_report)) for src, target in plan]
    counts = [0, 0, 0]
    entries: list[dict[str, Any]] = []
    for outcome in progress(parallel_map(_import_in_batch, work, jobs=jobs), len(work), "importing"):
        _echo(outcome.diagnostics)
        if outcome.code == 0:
            typer.echo(f"{outcome.message}; {outcome.lost} item(s) lost", err=True)
        else:
            typer.echo(f"argmap: {outcome.message}", err=True)
        counts[outcome.code] += 1
        if loss_report:
            entries.append(_entry(outcome))
    imported, failed, skipped = counts
    if loss_report:
        summary = {"files": len(work), "imported": imported, "failed": failed, "skipped": skipped}
        document = {"direction": "import", "summary": summary, "files": entries}
        _write_loss_report(loss_report, document, tuple(job.source for job in work))
    files = f"{len(work)} file{'' if len(work) == 1 else 's'}"
    typer.echo(f"{files}: {imported} imported, {failed} failed, {skipped} skipped", err=True)
    if skipped or problems:
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(1)


def _plan(found: list[tuple[Path, Path]], out_dir: Path | None) -> list[tuple[Path, Path]]:
    """(file, map to write) for each file found; refuse (exit 2) two files writing one map, or a map over a file."""
    plan: list[tuple[Path, Path]] = []
    inputs = {src.resolve(): src for src, _ in found}
    writers: dict[Path, Path] = {}
    for src, place in found:
        target = (out_dir / place if out_dir is not None else src).with_suffix(".yaml")
        key = target.resolve()
        if key in inputs:
            if key == src.resolve():
                fail(f"{src}: its map would be written over itself; import it into an -o folder")
            fail(f"{src}: its map {target} would be written over the input {inputs[key]}; import into an -o folder")
        if key in writers:
            first = writers[key]
            if first.resolve() == src.resolve():
                continue  # the same file named twice
            fail(
                f"{first} and {src} would both be written to {target}; "
                "rename one, or import them into different -o folders"
            )
        writers[key] = src
        plan.append((src, target))
    return plan


def _import_in_batch(job: _Job) -> _Outcome:
    """:func:`_import_file` in a batch: an unexpected error fails this file, not the other files."""
    try:
        return _import_file(job)
    except Exception as exc:  # a bug, told as one line per file; ARGMAP_DEBUG=1 shows the traceback
        if os.environ.get("ARGMAP_DEBUG"):
            raise
        message = f"{job.source}: internal error: {exc.__class__.__name__}: {exc} (a bug in argmap; please report it)"
        return _Outcome(job.source, job.target, 2, message)


def _entry(outcome: _Outcome) -> dict[str, Any]:
    """One file's entry in a batch's --loss-report: the fields of one file's report, and where it went."""
    document = outcome.document or _loss_document(outcome.fmt, [], [])
    return {
        "file": outcome.source,
        "output": outcome.target,
        "status": outcome.status,
        "reason": None if outcome.code == 0 else outcome.message,
        **document,
    }
