"""``argmap check``: validate maps and run the evidence-gap rules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from argmap.cli import app
from argmap.cli.common import OutFormat, fail, progress

if TYPE_CHECKING:
    from argmap.diagnostics import Diagnostic


@app.command()
def check(
    paths: list[Path] = typer.Argument(
        ...,
        metavar="PATH",
        help="Map files or folders (searched for *.yaml, *.yml, *.json); '-' reads one map from standard input.",
    ),
    texts: list[Path] = typer.Option(
        [], "--texts", "-t", help="Folder with plain-text copies of sources, to verify quotation anchors."
    ),
    output_format: OutFormat = typer.Option(OutFormat.text, "--format", "-f", help="Report format."),
    rules: bool = typer.Option(True, "--rules/--no-rules", help="Also run the evidence-gap rules."),
    select: list[str] = typer.Option([], "--select", help="Only these rule codes or prefixes (repeatable)."),
    ignore: list[str] = typer.Option([], "--ignore", help="Skip these rule codes or prefixes (repeatable)."),
    severity: list[str] = typer.Option(
        [], "--severity", help="Change a rule's severity: CODE=error|warning|info|off (repeatable)."
    ),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
    list_all: bool = typer.Option(
        False,
        "--all",
        help="List every finding. The text report lists at most 50 of each rule code per file (the first in"
        " the file) and counts the rest in one line; the summary, the exit code and the other formats count"
        " and give every one.",
    ),
    stdin_filename: str | None = typer.Option(
        None,
        "--stdin-filename",
        help="With '-': the map's path, to name it in findings and find its sources' text files (editors).",
    ),
    jobs: int = typer.Option(
        0,
        "--jobs",
        "-j",
        min=0,
        help="Worker processes for many files (0: one per core from 16 files on; 1: no workers).",
    ),
) -> None:
    """Validate maps: schema, references, structure, quotation anchors, then evidence gaps.

    Reports every problem with file:line:col, a stable code and a severity. Exit 0 when clean
    (warnings allowed), 1 on errors, 2 when a path cannot be read.
    """
    from argmap.pipeline import LIST_LIMIT, CheckOptions, check_files, collect_maps

    for d in texts:
        if not d.is_dir():
            fail(f"--texts {d}: not a folder")
    from argmap.cli.gaps import severity_levels

    overrides = severity_levels(severity)
    if rules and (select or ignore or overrides):
        from argmap.rules.engine import split_patterns, unknown_patterns

        bad = unknown_patterns(split_patterns([*select, *ignore, *overrides]))
        if bad:
            fail(f"{bad[0]!r}: no rule has this code, prefix or name (see `argmap rules`)")
    limit = 0 if list_all or output_format is not OutFormat.text else LIST_LIMIT
    options = CheckOptions(
        texts=list(texts), rules=rules, select=select, ignore=ignore, severity=overrides, limit=limit
    )
    if Path("-") in paths:
        if len(paths) > 1:
            fail("'-' reads one map from standard input: give it alone")
        import sys

        from argmap.pipeline import check_stream

        found = check_stream(sys.stdin.buffer, options, name=stdin_filename or "<stdin>").diagnostics
        _report(found, 1, output_format, strict, io_failure=any(d.code == "AM001" for d in found), problems=[])
        return
    if stdin_filename is not None:
        fail("--stdin-filename names the map read from standard input: give '-' as the path")
    files, problems = collect_maps(paths)
    for p in problems:
        fail(p) if not files else typer.echo(f"argmap: {p}", err=True)
    diagnostics = []
    io_failure = False
    for found in progress(check_files(files, options, jobs=jobs), len(files), "checking"):
        diagnostics.extend(found)
        io_failure |= any(d.code == "AM001" for d in found)
    _report(diagnostics, len(files), output_format, strict, io_failure=io_failure, problems=problems)


def _report(
    diagnostics: list[Diagnostic],
    files: int,
    output_format: OutFormat,
    strict: bool,
    *,
    io_failure: bool,
    problems: list[str],
) -> None:
    """Print the report and exit: 2 for unreadable input, 1 for errors (or warnings with --strict)."""
    from argmap.diagnostics import Severity
    from argmap.report import FORMATS, print_report

    if output_format is OutFormat.text:
        print_report(diagnostics, files)
    else:
        typer.echo(FORMATS[output_format.value](diagnostics, files), nl=False)
    if io_failure or problems:
        raise typer.Exit(2)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        raise typer.Exit(1)
    if strict and diagnostics:
        raise typer.Exit(1)
