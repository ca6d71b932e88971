"""``argmap check``: validate maps and run the evidence-gap rules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from argmap.cli import app
from argmap.cli.common import OutFormat, fail, progress

if TYPE_CHECKING:
    from argmap.diagnostics import Diagnostic
    from argmap.pipeline import CheckOptions


Paths = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATH",
        help="Map files or folders (searched for *.yaml, *.yml, *.json); '-' reads one map from standard input.",
    ),
]
Texts = Annotated[
    list[Path],
    typer.Option("--texts", "-t", help="Folder with plain-text copies of sources, to verify quotation anchors."),
]
Format = Annotated[OutFormat, typer.Option("--format", "-f", help="Report format.")]
Rules = Annotated[bool, typer.Option("--rules/--no-rules", help="Also run the evidence-gap rules.")]
Select = Annotated[list[str], typer.Option("--select", help="Only these rule codes or prefixes (repeatable).")]
Ignore = Annotated[list[str], typer.Option("--ignore", help="Skip these rule codes or prefixes (repeatable).")]
Severities = Annotated[
    list[str],
    typer.Option("--severity", help="Change a rule's severity: CODE=error|warning|info|off (repeatable)."),
]
Strict = Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")]
ListAll = Annotated[
    bool,
    typer.Option(
        "--all",
        help="List every finding. The text report lists at most 50 of each rule code per file (the first in"
        " the file) and counts the rest in one line; the summary, the exit code and the other formats count"
        " and give every one.",
    ),
]
StdinFilename = Annotated[
    str | None,
    typer.Option(
        "--stdin-filename",
        help="With '-': the map's path, to name it in findings and find its sources' text files (editors).",
    ),
]
Jobs = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        help="Worker processes for many files (0: one per core from 16 files on; 1: no workers).",
    ),
]


@app.command()
def check(
    paths: Paths,
    texts: Texts = [],  # noqa: B006  (typer copies list defaults; it never mutates this one)
    output_format: Format = OutFormat.text,
    rules: Rules = True,
    select: Select = [],  # noqa: B006
    ignore: Ignore = [],  # noqa: B006
    severity: Severities = [],  # noqa: B006
    strict: Strict = False,
    list_all: ListAll = False,
    stdin_filename: StdinFilename = None,
    jobs: Jobs = 0,
) -> None:
    """Validate maps: schema, references, structure, quotation anchors, then evidence gaps.

    Reports every problem with file:line:col, a stable code and a severity. Exit 0 when clean
    (warnings allowed), 1 on errors, 2 when a path cannot be read.
    """
    options = _options(texts, output_format, rules, select, ignore, severity, list_all)
    if Path("-") in paths:
        _check_stdin(paths, options, output_format, strict, stdin_filename)
        return
    if stdin_filename is not None:
        fail("--stdin-filename names the map read from standard input: give '-' as the path")
    _check_files(paths, options, output_format, strict, jobs)


def _options(
    texts: list[Path],
    output_format: OutFormat,
    rules: bool,
    select: list[str],
    ignore: list[str],
    severity: list[str],
    list_all: bool,
) -> CheckOptions:
    """The options checked (a missing --texts folder, an unknown rule code: exit 2) and gathered."""
    from argmap.pipeline import LIST_LIMIT, CheckOptions

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
    return CheckOptions(texts=list(texts), rules=rules, select=select, ignore=ignore, severity=overrides, limit=limit)


def _check_stdin(
    paths: list[Path], options: CheckOptions, output_format: OutFormat, strict: bool, name: str | None
) -> None:
    """One map read from standard input ('-'), reported as ``name``."""
    if len(paths) > 1:
        fail("'-' reads one map from standard input: give it alone")
    import sys

    from argmap.pipeline import check_stream

    found = check_stream(sys.stdin.buffer, options, name=name or "<stdin>").diagnostics
    _report(found, 1, output_format, strict, io_failure=any(d.code == "AM001" for d in found), problems=[])


def _check_files(paths: list[Path], options: CheckOptions, output_format: OutFormat, strict: bool, jobs: int) -> None:
    """The maps in ``paths`` (files and folders) checked, with a progress bar on a terminal."""
    from argmap.pipeline import check_files, collect_maps

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
