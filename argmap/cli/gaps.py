"""``argmap gaps`` (the evidence-gap report) and ``argmap rules`` (the rule catalogue)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from argmap.cli import app
from argmap.cli.common import OutFormat, console, fail

if TYPE_CHECKING:
    from argmap.load import LoadResult


def severity_levels(items: list[str]) -> dict[str, str]:
    """``--severity CODE=LEVEL`` options (of check and gaps) as a mapping; a blank code is refused:
    ``=error`` would otherwise match every rule."""
    out: dict[str, str] = {}
    for item in items:
        code, sep, level = item.partition("=")
        if not sep or not code.strip() or level.strip() not in ("error", "warning", "info", "off"):
            fail(f"--severity {item!r}: write CODE=error|warning|info|off")
        out[code.strip()] = level.strip()
    return out


def _check_patterns(select: list[str], ignore: list[str], levels: dict[str, str]) -> None:
    from argmap.rules.engine import split_patterns, unknown_patterns

    for option, values in (("--select", select), ("--ignore", ignore), ("--severity", list(levels))):
        bad = unknown_patterns(split_patterns(values))
        if bad:
            fail(f"{option} {bad[0]!r}: no rule has this code, prefix or name (see `argmap rules`)")


def _load(path: str) -> LoadResult:
    import sys

    from argmap.load import load_map, load_stream

    if path == "-":
        return load_stream(sys.stdin.buffer)
    if not Path(path).exists():
        fail(f"{path}: no such file")
    return load_map(path)


_SELECT = "Only these rule codes, prefixes or names (repeatable, or comma-separated)."
_IGNORE = "Skip these rule codes, prefixes or names (repeatable, or comma-separated)."
_SEVERITY = "Change a rule's severity: CODE=error|warning|info|off (repeatable)."
MapArg = Annotated[str, typer.Argument(metavar="MAP", help="The map file ('-' reads standard input).")]
FormatOpt = Annotated[OutFormat, typer.Option("--format", "-f", help="Report format.")]
SelectOpt = Annotated[list[str] | None, typer.Option("--select", help=_SELECT)]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", help=_IGNORE)]
SeverityOpt = Annotated[list[str] | None, typer.Option("--severity", help=_SEVERITY)]


@app.command()
def gaps(
    path: MapArg,
    output_format: FormatOpt = OutFormat.text,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    severity: SeverityOpt = None,
    texts: Annotated[
        list[Path] | None,
        typer.Option("--texts", "-t", help="Folder with plain-text copies of sources, to verify quotation anchors."),
    ] = None,
    author_only: Annotated[
        bool,
        typer.Option(
            "--author-only",
            help="Judge the author's argument alone: leave out what the mapper added (`by: mapper` nodes, "
            "relations and records, `warrant_by: mapper` warrants).",
        ),
    ] = False,
) -> None:
    """Evidence-gap report: per claim (thesis first) its evidence, sources, status under grounded
    semantics and its gaps ranked by severity; then a summary of the map.

    With --author-only the map is judged without the mapper's part: what it hid shows (a claim that
    only the mapper's inference supported, a prediction only the mapper's warrant explained).

    json holds the per-claim report and every diagnostic; sarif, github and parsable list the
    diagnostics only. Exit 0 when no finding is an error, 1 otherwise, 2 when the map cannot be read.
    """
    from argmap.diagnostics import Severity
    from argmap.pipeline import CheckOptions, finish_checks, is_broken
    from argmap.report import FORMATS, print_report

    select, ignore = select or [], ignore or []
    levels = severity_levels(severity or [])
    _check_patterns(select, ignore, levels)
    result = _load(path)
    unreadable = result.map is None
    if unreadable or is_broken(result):
        if output_format is OutFormat.text:
            print_report(result.diagnostics, 1)
            typer.echo(_INVALID, err=True)
        elif output_format is OutFormat.json:
            from argmap.report import format_json

            typer.echo(format_json(result.diagnostics, 1), nl=False)
        else:
            typer.echo(FORMATS[output_format.value](result.diagnostics, 1), nl=False)
        raise typer.Exit(2 if unreadable else 1)
    removed = _author_only(result) if author_only else None
    options = CheckOptions(texts=list(texts or []), select=select, ignore=ignore, severity=levels)
    finish_checks(result, options)  # anchors, rules and locations, as check does: one verdict for one map
    _emit(result, output_format, removed)
    if any(d.severity is Severity.ERROR for d in result.diagnostics):
        raise typer.Exit(1)


def _emit(result: LoadResult, output_format: OutFormat, removed: list[str] | None) -> None:
    """The report in the format asked for (``removed``: what --author-only left out)."""
    from argmap.gapsreport import build_report, render_report, report_json
    from argmap.report import FORMATS

    if output_format is OutFormat.text:
        if removed is not None:
            _say_author_only(removed)
        render_report(console(), build_report(result))
    elif output_format is OutFormat.json:
        typer.echo(report_json(build_report(result), author_only=removed), nl=False)
    else:
        typer.echo(FORMATS[output_format.value](result.diagnostics, 1), nl=False)


def _author_only(result: LoadResult) -> list[str]:
    """Narrow the loaded map to the author's argument; what was left out, one line each."""
    from argmap.provenance import author_only

    assert result.map is not None
    alone = author_only(result.map)
    result.narrow(alone.map)
    return alone.removed


def _say_author_only(removed: list[str]) -> None:
    from rich.text import Text

    out = console()
    if not removed:
        out.print(Text("The author's argument alone: the map marks nothing as the mapper's (by: mapper).\n"))
        return
    out.print(Text(f"The author's argument alone: {len(removed)} item(s) of the mapper's left out:"))
    for line in removed:
        out.print(Text(f"  - {line}"))
    out.print()


_INVALID = "argmap: the map must be valid before its gaps can be analysed (see `argmap check`)"


class RulesFormat(StrEnum):
    text = "text"
    json = "json"


_CODE = "A rule code or name to explain, or a prefix to list."
CodeArg = Annotated[str | None, typer.Argument(metavar="[CODE]", help=_CODE)]
RulesFormatOpt = Annotated[RulesFormat, typer.Option("--format", "-f", help="Output format.")]


@app.command()
def rules(
    code: CodeArg = None,
    output_format: RulesFormatOpt = RulesFormat.text,
) -> None:
    """List the evidence-gap rules, or explain one (`argmap rules EQ304`)."""
    import json

    from argmap.rules import all_rules, get_rule
    from argmap.rules.engine import matches

    chosen = all_rules()
    single = None
    if code:
        single = get_rule(code) or next((r for r in chosen if r.name == code.strip().lower()), None)
        chosen = [single] if single else [r for r in chosen if matches(r, code)]
        if not chosen:
            fail(f"{code!r}: no rule has this code, prefix or name (see `argmap rules`)")
    if output_format is RulesFormat.json:
        docs = [
            {
                "code": r.code,
                "name": r.name,
                "family": r.family,
                "severity": r.severity.value,
                "summary": r.summary,
                "doc": r.doc,
                "bad": r.example("bad"),
                "good": r.example("good"),
            }
            for r in chosen
        ]
        typer.echo(json.dumps(docs[0] if single else docs, indent=2, ensure_ascii=False))
        return
    if single is not None:
        _explain(single.code)
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_edge=False)
    for col in ("code", "name", "severity", "what it finds"):
        table.add_column(col, no_wrap=col != "what it finds")
    for r in chosen:
        table.add_row(r.code, r.name, r.severity.value, r.summary)
    console().print(table)


def _explain(code: str) -> None:
    from rich.syntax import Syntax
    from rich.text import Text

    from argmap.load import load_text
    from argmap.rules import get_rule, run_rules

    r = get_rule(code)
    assert r is not None
    if not sys.stdout.isatty():  # piped: examples unwrapped and unnumbered, so that they paste as YAML
        _explain_plain(r)
        return
    out = console()
    head = Text(f"{r.code} {r.name} ", style="bold")
    head.append(f"({r.family}, default {r.severity.value})", style="dim")
    out.print(head)
    out.print(Text(r.summary))
    out.print()
    out.print(Text(r.doc))
    for which, title in (("bad", "Failing example"), ("good", "Passing example")):
        text = r.example(which)
        out.print()
        out.print(Text(title, style="bold"))
        syntax = Syntax(text, "yaml", line_numbers=True, theme="ansi_dark", word_wrap=True)
        out.print(syntax)
        if which == "bad":
            loaded = load_text(text, file="example.yaml")
            if loaded.map is not None:
                loaded.diagnostics = run_rules(loaded.map, loaded.graph, select=[r.code])
                loaded.locate()
                for d in loaded.diagnostics:
                    out.print(Text(f"  line {d.line}: {d.code} {d.message}", style="yellow"), soft_wrap=True)


def _explain_plain(r: Any) -> None:
    """``argmap rules CODE`` into a pipe or file: the text as written, examples verbatim (no line
    numbers, no wrapping, no trailing spaces), then the findings of the failing one."""
    from argmap.load import load_text
    from argmap.rules import run_rules

    lines = [f"{r.code} {r.name} ({r.family}, default {r.severity.value})", r.summary, "", r.doc.strip()]
    for which, title in (("bad", "Failing example"), ("good", "Passing example")):
        text = r.example(which)
        lines += ["", f"{title}:", "", *text.rstrip("\n").split("\n"), ""]
        if which == "bad":
            loaded = load_text(text, file="example.yaml")
            if loaded.map is not None:
                loaded.diagnostics = run_rules(loaded.map, loaded.graph, select=[r.code])
                loaded.locate()
                lines += [f"line {d.line}: {d.code} {d.message}" for d in loaded.diagnostics]
    sys.stdout.write("\n".join(line.rstrip() for line in lines) + "\n")
