"""Reporters: diagnostics as text for people and as JSON, SARIF, GitHub annotations or parsable lines.

Each machine format is a small pure function from diagnostics to a string. The text report goes
through rich only on a terminal (or when colour is forced): written to a file, a pipe or an editor
it is the same plain text, and importing rich would cost some 40 ms of every run.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from argmap import __version__
from argmap.diagnostics import CODES, Diagnostic, Severity, sort_key

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

__all__ = [
    "FORMATS",
    "console",
    "emit_lines",
    "format_github",
    "format_json",
    "format_parsable",
    "format_sarif",
    "format_text",
    "on_terminal",
    "print_report",
    "render_rich",
    "summary",
]


def _sorted(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(diags, key=sort_key)


def summary(diags: Sequence[Diagnostic], files: int) -> str:
    counts = Counter(d.severity for d in diags)
    parts = [
        f"{counts[Severity.ERROR]} error{'s' * (counts[Severity.ERROR] != 1)}",
        f"{counts[Severity.WARNING]} warning{'s' * (counts[Severity.WARNING] != 1)}",
    ]
    if counts[Severity.INFO]:
        parts.append(f"{counts[Severity.INFO]} note{'s' * (counts[Severity.INFO] != 1)}")
    return f"{', '.join(parts)} in {files} file{'s' * (files != 1)}"


def format_parsable(diags: Sequence[Diagnostic], files: int = 0) -> str:
    """``file:line:col: severity CODE message``, one per line (editors and grep)."""
    return "".join(f"{d}\n" for d in _sorted(diags))


def format_json(diags: Sequence[Diagnostic], files: int = 0) -> str:
    counts = Counter(d.severity.value for d in diags)
    doc = {
        "version": __version__,
        "files": files,
        "summary": {"error": counts["error"], "warning": counts["warning"], "info": counts["info"]},
        "diagnostics": [d.to_dict() for d in _sorted(diags)],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diags: Sequence[Diagnostic], files: int = 0) -> str:
    """GitHub Actions workflow commands (``::error file=...,line=...::message``)."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for d in _sorted(diags):
        props = [f"file={_gh_escape(d.file, prop=True)}"]
        if d.line:
            props += [f"line={d.line}", f"col={d.col}"]
        props.append(f"title={_gh_escape(d.code, prop=True)}")
        lines.append(f"::{level[d.severity]} {','.join(props)}::{_gh_escape(d.message)}\n")
    return "".join(lines)


def _rule_meta(code: str) -> tuple[str, str]:
    if code in CODES:
        name, _, doc = CODES[code]
        return name, doc
    try:
        from argmap.rules import get_rule

        rule = get_rule(code)
    except Exception:  # rules may not know the code: report it bare
        return code, ""
    if rule is None:
        return code, ""
    return rule.name, rule.summary


def format_sarif(diags: Sequence[Diagnostic], files: int = 0) -> str:
    """SARIF 2.1.0, for code scanning in CI."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    ordered = _sorted(diags)
    codes = sorted({d.code for d in ordered})
    rules: list[dict[str, Any]] = []
    for code in codes:
        name, text = _rule_meta(code)
        rules.append({"id": code, "name": name, "shortDescription": {"text": text or name}})
    index = {c: i for i, c in enumerate(codes)}
    results = []
    for d in ordered:
        region: dict[str, int] = {}
        if d.line:
            region = {"startLine": d.line, "startColumn": max(d.col, 1)}
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": d.file}}}
        if region:
            location["physicalLocation"]["region"] = region
        item: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": level[d.severity],
            "message": {"text": d.message},
            "locations": [location],
        }
        if d.subject:
            location["logicalLocations"] = [{"name": d.subject}]
        results.append(item)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "argmap",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/argmap/",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
Segments = list[tuple[str, str]]
"""One report line as (text, rich style) pieces."""


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _report_segments(diags: Sequence[Diagnostic], files: int) -> Iterator[Segments]:
    """The human report: per file, errors first, then warnings, then notes, each in line order."""
    for d in sorted(diags, key=lambda d: (d.file, _RANK.get(d.severity, 3), d.line, d.col, d.code)):
        where = f"{d.file}:{d.line}:{d.col}" if d.line else d.file
        severity = (d.severity.value, _STYLE[d.severity])
        yield [(where, "bold"), (": ", ""), severity, (f" {d.code} ", "dim"), (d.message, "")]
        if d.hint:
            yield [(f"    hint: {d.hint}", "dim")]
    has_errors = any(d.severity is Severity.ERROR for d in diags)
    status = "bold red" if has_errors else ("yellow" if diags else "bold green")
    yield [(("✗ " if has_errors else "✓ ") + summary(diags, files), status)]


def on_terminal(stream: TextIO) -> bool:
    """Whether rich would style output to ``stream``: the rules of ``rich.Console.is_terminal``."""
    tty_compatible = os.environ.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        return tty_compatible == "1"
    force_color = os.environ.get("FORCE_COLOR")
    if force_color is not None:
        return force_color != ""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except ValueError:  # a closed stream
        return False


def console(*, stderr: bool = False) -> Console:
    """A rich console for reports: as wide as the terminal, or ``ARGMAP_WIDTH`` columns."""
    from rich.console import Console

    width = os.environ.get("ARGMAP_WIDTH")
    return Console(stderr=stderr, width=int(width) if width and width.isdigit() else None, highlight=False)


def format_text(diags: Sequence[Diagnostic], files: int = 0) -> str:
    """The human report as plain text: one line per diagnostic (and its hint), then the summary."""
    return "".join("".join(text for text, _ in line) + "\n" for line in _report_segments(diags, files))


def print_report(diags: Sequence[Diagnostic], files: int) -> None:
    """The human report on standard output: styled by rich on a terminal, plain text otherwise.

    Plain lines are written in batches as they are made: 16,000 findings would otherwise hold
    some 10 MB of pieces and joined text at once.
    """
    tabs = any("\t" in d.message or "\t" in d.file or "\t" in (d.hint or "") for d in diags)
    if on_terminal(sys.stdout) or tabs:  # rich expands tabs; let it
        render_rich(console(), diags, files)
        return
    out = sys.stdout
    batch: list[str] = []
    for line in _report_segments(diags, files):
        batch.append("".join(text for text, _ in line))
        if len(batch) >= 1000:
            out.write("\n".join(batch) + "\n")
            batch.clear()
    out.write("\n".join(batch) + "\n")
    out.flush()


def render_rich(console: Console, diags: Sequence[Diagnostic], files: int) -> None:
    """Human report: one line per diagnostic, sorted by file and line, then a summary."""
    from rich.text import Text

    lines = [Text.assemble(*line) for line in _report_segments(diags, files)]
    emit_lines(console, lines)


def emit_lines(console: Console, lines: Sequence[Text]) -> None:
    """Print styled lines in one call; plain text straight to the file when not on a terminal.

    One ``console.print`` per line costs about 50 µs in rich: 19,000 findings took a second.
    """
    from rich.text import Text

    plain = "\n".join(line.plain for line in lines)
    if console.is_terminal or console.is_jupyter or console.record or "\t" in plain:
        console.print(Text("\n").join(lines), soft_wrap=True, highlight=False)
    else:  # what rich prints when output is not a terminal (no styles), without its cost per span
        console.file.write(plain + "\n")
        console.file.flush()


FORMATS: dict[str, Callable[[Sequence[Diagnostic], int], str]] = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
    "parsable": format_parsable,
}
