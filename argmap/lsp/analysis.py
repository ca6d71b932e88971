"""Check an editor buffer and turn argmap's findings into LSP diagnostics.

The check is the one ``argmap check`` runs (:func:`argmap.pipeline.check_stream` under the buffer's
real path, so that a source's relative ``text:`` resolves), so the editor and the command line
always agree on codes and lines. Work per edit is bounded: a buffer whose text was checked already
is not checked again (undo, redo, save), and source texts are read once while unchanged
(:func:`argmap.anchors.read_normalised`).
"""

from __future__ import annotations

import io
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types as lsp

from argmap.diagnostics import CODES, Diagnostic, Severity
from argmap.pipeline import CheckOptions, check_stream

__all__ = ["Checker", "is_map_document", "suggestion", "to_lsp", "token_span"]

_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}
_MAP_SUFFIXES = (".argmap.yaml", ".argmap.yml", ".argmap.json")
_TOP_VERSION = re.compile(r'^(?:argmap|"argmap")[ \t]*:', re.MULTILINE)
_JSON_VERSION = re.compile(r'^\s*\{\s*"argmap"\s*:')
_SUGGESTION = re.compile(r"\(did you mean '?([^'?\s]+)'?\?\)")
_KEPT = 8
_KEY_CODES = ("AM101", "AM004")
"""Findings about a key itself (unknown field, duplicate key): the range covers the key alone."""


def is_map_document(path: str, text: str) -> bool:
    """A map file: named ``*.argmap.yaml`` (``.yml``, ``.json``), or YAML with a top-level
    ``argmap:`` key, or a JSON object that starts with ``"argmap"``."""
    if path.lower().endswith(_MAP_SUFFIXES):
        return True
    head = text[:4096]
    return bool(_TOP_VERSION.search(head) or _JSON_VERSION.match(head))


def suggestion(d: Diagnostic) -> str | None:
    """The name a "did you mean" in the message proposes, if any."""
    found = _SUGGESTION.search(d.message)
    return found.group(1) if found else None


@dataclass
class Checked:
    text: str
    diagnostics: list[Diagnostic]


class Checker:
    """Checks buffers with fixed options, remembering the last few results by text."""

    def __init__(self, texts: list[Path] | None = None) -> None:
        self.options = CheckOptions(texts=list(texts or []))
        self._done: OrderedDict[tuple[str, str], list[Diagnostic]] = OrderedDict()
        self.runs = 0
        """How many checks really ran (the rest were answered from memory)."""

    def check(self, path: str, text: str) -> list[Diagnostic]:
        """The located diagnostics of ``text`` as the map at ``path``."""
        key = (path, text)
        if key in self._done:
            self._done.move_to_end(key)
            return self._done[key]
        self.runs += 1
        result = check_stream(io.BytesIO(text.encode("utf-8", "surrogatepass")), self.options, name=path)
        found = sorted(result.diagnostics, key=lambda d: (d.line, d.col, d.code))
        self._done[key] = found
        if len(self._done) > _KEPT:
            self._done.popitem(last=False)
        return found

    def forget(self, path: str) -> None:
        for key in [k for k in self._done if k[0] == path]:
            del self._done[key]


_FLOW_OPEN = re.compile(r"[\[{]")
_TOKEN = re.compile(r"[^\s,\[\]{}#\"']+")


def token_span(line: str, col: int, *, key_only: bool = False) -> int:
    """Where the value or key starting at ``col`` of ``line`` ends (a column, exclusive): a quoted
    string to its closing quote, an item of a flow list to its comma, a plain value to the end of
    the line (before a comment); a key to its colon when ``key_only``, else with its value."""
    if col >= len(line):
        return len(line)
    ch = line[col]
    if ch in "\"'":
        end = col + 1
        while end < len(line):
            if line[end] == "\\" and ch == '"':
                end += 2
                continue
            if line[end] == ch:
                if ch == "'" and line[end + 1 : end + 2] == "'":
                    end += 2
                    continue
                return end + 1
            end += 1
        return len(line)
    in_flow = line[:col].count("[") + line[:col].count("{") > line[:col].count("]") + line[:col].count("}")
    match = _TOKEN.match(line, col)
    if match is None:
        return min(len(line), col + 1)
    if in_flow:
        return match.end()
    rest = line[col:]
    key = re.match(r"[\w.-]+(?=[ \t]*:(?:\s|$))", rest)
    if key and key_only:
        return col + key.end()
    comment = re.search(r"\s#", rest)
    body = rest[: comment.start()] if comment else rest
    return col + len(body.rstrip())


def rule_doc(code: str) -> str | None:
    """The explanation of a code as Markdown: a rule's documentation (what ``argmap rules CODE``
    prints) or a validation code's entry."""
    if code in CODES:
        name, severity, what = CODES[code]
        return f"**{code} {name}** (validation, default {severity.value})\n\n{what}"
    from argmap.rules import get_rule

    r = get_rule(code)
    if r is None:
        return None
    return (
        f"**{r.code} {r.name}** ({r.family}, default {r.severity.value})\n\n{r.summary}\n\n{r.doc}\n\n"
        f"Failing example:\n\n```yaml\n{r.example('bad')}```\n\nPassing example:\n\n```yaml\n{r.example('good')}```\n"
    )


class RuleDocs:
    """Files holding each code's explanation, for a diagnostic's link (``codeDescription``): an
    editor opens it when the code is clicked. Written on first use under ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._uris: dict[str, str | None] = {}

    def uri(self, code: str) -> str | None:
        if code not in self._uris:
            self._uris[code] = self._write(code)
        return self._uris[code]

    def _write(self, code: str) -> str | None:
        doc = rule_doc(code)
        if doc is None:
            return None
        from argmap.fileio import write_atomic

        path = self.folder / f"{code}.md"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(path, f"{doc}\nSee also: `argmap rules {code}` (rules) or the README's code tables.\n")
        except OSError:
            return None
        return path.resolve().as_uri()


def to_lsp(d: Diagnostic, lines: list[str], docs: RuleDocs | None) -> lsp.Diagnostic:
    """One argmap finding as an LSP diagnostic, its range covering the key or value it is about."""
    line = max(d.line - 1, 0)
    text = lines[line] if line < len(lines) else ""
    col = min(max(d.col - 1, 0), len(text))
    end = token_span(text, col, key_only=d.code in _KEY_CODES) if d.line else len(text)
    if end <= col:
        end = min(col + 1, len(text)) if text else col
    message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
    href = docs.uri(d.code) if docs is not None else None
    data: dict[str, str] = {}
    fix = suggestion(d)
    if fix:
        data["suggestion"] = fix
    return lsp.Diagnostic(
        range=lsp.Range(lsp.Position(line, col), lsp.Position(line, end)),
        message=message,
        severity=_SEVERITY[d.severity],
        code=d.code,
        code_description=lsp.CodeDescription(href=href) if href else None,
        source="argmap",
        data=data or None,
    )
