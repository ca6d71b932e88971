"""``argmap import``: read AIF, Argdown, Kialo, microtexts or SADFace files (and AIFdb zips) into argmap YAML maps.

The importer's result is written as YAML and validated again exactly as ``argmap check`` would read it;
a map with validation errors is never written. Defects of the foreign file are printed as diagnostics
naming the foreign ids, and everything not carried over as a loss report.

One FILE is imported as it always was. Several files, or a folder (a corpus of AIFdb nodesets, say), make
a batch: the files are shared among worker processes (:func:`argmap.batch.parallel_map`), each worker
reads, imports, validates and writes one file with :func:`import_job` (the same function the single
file goes through) and sends back only the lines to print, which the parent prints in input order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from argmap.cli import app
from argmap.cli.common import fail, progress, write_output
from argmap.formats import names

ImportFormat = StrEnum("ImportFormat", [(n, n) for n in names("import")])  # type: ignore[misc]
"""The formats ``import`` reads, from the one table of formats."""


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
            help="AIF JSON, Argdown, Kialo, microtexts XML, SADFace or AIFdb corpus zip files to import, or "
            "folders searched for *.json, *.aif, *.argdown, *.ad, *.txt, *.xml, *.sadface and *.zip.",
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
    """Import maps from AIF (AIFdb/OVA/xAIF JSON, AIFdb corpus zips), Argdown, Kialo discussion exports,
    argumentative microtexts XML or SADFace JSON; the format is told from each file's content.

    Prints the defects found in each file (with its ids) and a loss report of what argmap cannot hold.

    Several files, or a folder (searched recursively, hidden files skipped), are a batch:
    each map is written next to its file, or under -o OUT_DIR at the file's place in its folder;
    one line per file, then a summary. Two files that would write the same map are refused
    before anything is written; existing maps are kept without --force. A folder of AIFdb
    nodesets, for example:

    \b
        argmap import nodesets/ -o maps/ --loss-report losses.json
        argmap import corpus.zip -o maps/     (one map per nodeset, in maps/corpus/)

    Exit 0 when every map was written, 1 when a file cannot be read as its format or its map would
    not validate (the other files are still imported), 2 on usage or I/O problems.
    """
    from argmap.interchange.aifdb import is_zip

    if len(paths) == 1 and not paths[0].is_dir() and not is_zip(paths[0]):
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

    from argmap.interchange.files import ImportJob, import_job

    target = output if output is not None else str(file.with_suffix(".yaml"))
    fmt = source_format.value if source_format else None
    job = ImportJob(str(file), target, fmt, force, thesis, title, report=bool(loss_report))
    outcome = import_job(job)
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
    from argmap.batch import parallel_chunks
    from argmap.errors import ArgmapError
    from argmap.interchange.files import (
        ImportJob,
        batch_entry,
        collect_foreign,
        import_chunk,
        plan_archive,
        plan_targets,
        split_archives,
    )

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
    plain, archives = split_archives(found)
    plan = plan_targets(plain, out_dir)
    fmt = source_format.value if source_format else None
    work = [ImportJob(str(src), str(target), fmt, force, batch=True, report=bool(loss_report)) for src, target in plan]
    taken = {target.resolve(): str(src) for src, target in plan}
    for src, place in archives:
        try:
            nodesets, other, moved = plan_archive(src, place, out_dir, taken)
        except ArgmapError as exc:
            fail(str(exc)) if not plan and len(archives) == 1 else typer.echo(f"argmap: {exc}", err=True)
            problems.append(str(exc))
            continue
        if other:
            typer.echo(f"{src}: {len(other)} member(s) that are not AIF JSON left out ({other[0]}, ...)", err=True)
        for line in moved:
            typer.echo(line, err=True)
        work += [
            ImportJob(str(src), str(t), "aifdb", force, batch=True, report=bool(loss_report), member=m)
            for m, t in nodesets
        ]
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"{out_dir}: cannot create the folder: {exc.strerror or exc}")
    counts = [0, 0, 0]
    entries: list[dict[str, Any]] = []
    for outcome in progress(parallel_chunks(import_chunk, work, jobs=jobs), len(work), "importing"):
        _echo(outcome.diagnostics)
        if outcome.code == 0:
            typer.echo(f"{outcome.message}; {outcome.lost} item(s) lost", err=True)
        else:
            typer.echo(f"argmap: {outcome.message}", err=True)
        counts[outcome.code] += 1
        if loss_report:
            entries.append(batch_entry(outcome))
    imported, failed, skipped = counts
    if loss_report:
        summary = {"files": len(work), "imported": imported, "failed": failed, "skipped": skipped}
        document = {"direction": "import", "summary": summary, "files": entries}
        _write_loss_report(loss_report, document, tuple(dict.fromkeys(job.source for job in work)))
    files = f"{len(work)} file{'' if len(work) == 1 else 's'}"
    typer.echo(f"{files}: {imported} imported, {failed} failed, {skipped} skipped", err=True)
    if skipped or problems:
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(1)
