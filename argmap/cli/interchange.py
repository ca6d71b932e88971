"""``argmap import``: read AIF, Argdown, Kialo, microtexts or SADFace files (and AIFdb zips) into argmap YAML maps.

The importer's result is written as YAML and validated again exactly as ``argmap check`` would read it;
a map with validation errors is never written. Defects of the foreign file are printed as diagnostics
naming the foreign ids, and everything not carried over as a loss report.

One FILE is imported as it always was. Several files, or a folder (a corpus of AIFdb nodesets, say), make
a batch (planned by :mod:`argmap.interchange.batchimport`): the files are shared among worker processes
(:func:`argmap.batch.parallel_chunks`), each worker reads, imports, validates and writes a few files at a
time with :func:`argmap.interchange.files.import_chunk` (the steps the single file goes through, the maps
written by threads) and sends back only the lines to print, which the parent prints in input order.
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
    """Plan the batch (refusing what would clash before anything is written), import each file in
    workers, print each file's lines in input order, then the summary."""
    from argmap.batch import parallel_chunks
    from argmap.interchange.batchimport import BatchOptions, Tally, make_out_dir, plan_batch
    from argmap.interchange.files import import_chunk

    if thesis is not None or title is not None:
        option = "--thesis" if thesis is not None else "--title"
        fail(f"{option} names one map: import that file on its own to use it, not in a batch of several")
    if output == "-":
        fail("-o -: several maps cannot go to stdout; give a folder (-o OUT_DIR) or leave -o out")
    fmt = source_format.value if source_format else None
    options = BatchOptions(fmt, Path(output) if output is not None else None, force, report=bool(loss_report))
    plan = plan_batch(paths, options, say=lambda line: typer.echo(line, err=True))
    make_out_dir(options.out_dir)
    tally = Tally(report=options.report)
    for outcome in progress(parallel_chunks(import_chunk, plan.jobs, jobs=jobs), len(plan.jobs), "importing"):
        _echo(tally.add(outcome))
    if loss_report:
        _write_loss_report(loss_report, tally.document(), plan.inputs())
    typer.echo(tally.summary(), err=True)
    if code := tally.exit_code(plan):
        raise typer.Exit(code)
