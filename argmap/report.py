"""Reporters: diagnostics as text for people and as JSON, SARIF, GitHub annotations or parsable lines.

Each machine format is a small pure function from diagnostics to a string. The text report goes
through rich only on a terminal (or when colour is forced): written to a file, a pipe or an editor
it is the same plain text, and importing rich would cost some 40 ms of every run.
"""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.parse
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
    "json_text",
    "on_terminal",
    "plain",
    "print_report",
    "printable",
    "render_rich",
    "summary",
]


# Characters that would drive a terminal or break a line-oriented format: C0 (tab and newline
# included), DEL and C1 controls, the line and paragraph separators, and the bidirectional
# controls that reorder what is shown ("Trojan source"), and the zero-width characters that make two
# different ids print alike.
_OTHERS = "\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_ONE_LINE = re.compile("[\x00-\x1f" + _OTHERS + "]")
_MULTI_LINE = re.compile("[\x00-\x09\x0b-\x1f" + _OTHERS + "]")
_IN_JSON = re.compile("[" + _OTHERS + "]")  # json.dumps escapes C0 itself
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escaped(m: re.Match[str]) -> str:
    c = m.group()
    return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def printable(text: str, *, multiline: bool = False) -> str:
    """``text`` safe to print: control and bidi characters shown as visible escapes (``\\x1b``,
    ``\\u202e``), newlines too unless ``multiline``. The one sanitiser for every text from a map (or a
    file name) that reaches a terminal, a log or a line-oriented format."""
    pattern = _MULTI_LINE if multiline else _ONE_LINE
    return pattern.sub(_escaped, text) if pattern.search(text) else text


_PLAIN_GAP = re.compile("[\t\n\r\x0b\x0c\u2028\u2029]+")
_PLAIN_SPACES = re.compile(" {2,}")
_PLAIN_DROP = re.compile("[\x00-\x1f" + _OTHERS + "\u00ad\u180e\u034f]")


def plain(text: str) -> str:
    """``text`` as a person would read it in a table or a one-line report: line breaks and tabs become
    one space, and control, bidi and zero-width characters are dropped (where :func:`printable` shows
    them as escapes). For names and texts from students' files in class reports and gradebooks."""
    return _PLAIN_SPACES.sub(" ", _PLAIN_DROP.sub("", _PLAIN_GAP.sub(" ", text))).strip()


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
    return "".join(f"{printable(str(d))}\n" for d in _sorted(diags))


def format_json(diags: Sequence[Diagnostic], files: int = 0) -> str:
    counts = Counter(d.severity.value for d in diags)
    doc = {
        "version": __version__,
        "files": files,
        "summary": {"error": counts["error"], "warning": counts["warning"], "info": counts["info"]},
        "diagnostics": [d.to_dict() for d in _sorted(diags)],
    }
    return json_text(doc)


def json_text(doc: Any) -> str:
    """``doc`` as indented JSON, non-ASCII kept readable but C1 and bidi controls escaped (``\\u009b``)."""
    return _IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
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
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": _uri(d.file)}}}
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
    return json_text(doc)


def _uri(file: str) -> str:
    """A file name as a SARIF URI reference: percent-encoded, slashes kept."""
    return urllib.parse.quote(file, safe="/")


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
Segments = list[tuple[str, str]]
"""One report line as (text, rich style) pieces."""


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _report_segments(diags: Sequence[Diagnostic], files: int) -> Iterator[Segments]:
    """The human report: per file, errors first, then warnings, then notes, each in line order; after
    a file's findings, how many of each code were left unlisted (folded), then the summary of all."""
    folded = Counter((d.file, d.code) for d in diags if d.folded) if any(d.folded for d in diags) else None
    listed = [d for d in diags if not d.folded] if folded else diags
    ordered = sorted(listed, key=lambda d: (d.file, _RANK.get(d.severity, 3), d.line, d.col, d.code))
    for i, d in enumerate(ordered):
        where = printable(f"{d.file}:{d.line}:{d.col}" if d.line else d.file)
        severity = (d.severity.value, _STYLE[d.severity])
        yield [(where, "bold"), (": ", ""), severity, (f" {d.code} ", "dim"), (printable(d.message), "")]
        if d.hint:
            yield [(f"    hint: {printable(d.hint)}", "dim")]
        if folded and (i + 1 == len(ordered) or ordered[i + 1].file != d.file):
            yield from _folded_lines(d.file, folded)
    has_errors = any(d.severity is Severity.ERROR for d in diags)
    status = "bold red" if has_errors else ("yellow" if diags else "bold green")
    yield [(("✗ " if has_errors else "✓ ") + summary(diags, files), status)]


def _folded_lines(file: str, folded: Counter[tuple[str, str]]) -> Iterator[Segments]:
    """``FILE: ... and 123 more EQ303 findings (use --all to list every one)``, by code."""
    for (where, code), count in sorted(folded.items()):
        if where == file:
            more = f"{count} more {code} finding{'s' * (count != 1)}"
            yield [(printable(f"{file}: ... and {more} (use --all to list every one)"), "dim")]


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
    if on_terminal(sys.stdout):
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

    # Each line is one line: a line holding a newline or a control character from the data is drawn
    # with them escaped (and loses its styles: it is rare).
    lines = [Text(printable(t.plain), style=t.style) if _ONE_LINE.search(t.plain) else t for t in lines]
    plain = "\n".join(line.plain for line in lines)
    if console.is_terminal or console.is_jupyter or console.record:
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
