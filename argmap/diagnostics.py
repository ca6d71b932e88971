"""Diagnostics: what argmap reports about a file, with a stable code and a place.

Validation and import codes (``AM...``, ``AMI...``) are listed in :data:`CODES`; rule codes of the
evidence-gap engine live with their rules. Codes are never reused: a retired code stays in the table, marked retired.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

__all__ = ["CODES", "Diagnostic", "Path", "Severity", "sort_key"]

Path = tuple[str | int, ...]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


# code -> (short name, default severity, what it means / what to do)
CODES: dict[str, tuple[str, Severity, str]] = {
    "AM001": ("unreadable-file", Severity.ERROR, "The file cannot be read (missing, a folder, no permission)."),
    "AM002": ("bad-encoding", Severity.ERROR, "The file is not UTF-8 text (binary, UTF-16, control characters)."),
    "AM003": ("syntax-error", Severity.ERROR, "Not valid YAML or JSON, a YAML tag, or several YAML documents."),
    "AM004": ("duplicate-key", Severity.ERROR, "A key appears twice in one mapping; one value would be lost."),
    "AM005": ("not-a-map", Severity.ERROR, "The document is empty, or a list or scalar instead of a mapping."),
    "AM006": ("too-large", Severity.ERROR, "The file exceeds a safety limit (size, nesting, alias expansion)."),
    "AM007": ("unsupported-version", Severity.ERROR, "The `argmap:` format version is missing or unknown."),
    "AM101": ("unknown-field", Severity.ERROR, "A field that the format does not define (often a typo)."),
    "AM102": ("wrong-type", Severity.ERROR, "A value of the wrong type or outside its allowed values."),
    "AM103": ("unknown-node", Severity.ERROR, "A relation names a node id that does not exist."),
    "AM104": ("unknown-source", Severity.ERROR, "Evidence names a source id that does not exist."),
    "AM105": ("unknown-relation", Severity.ERROR, "An undercut names a relation id that does not exist."),
    "AM106": ("duplicate-id", Severity.ERROR, "Two nodes, relations or sources share one id."),
    "AM107": ("self-loop", Severity.ERROR, "A relation whose premise is also its target."),
    "AM108": (
        "bad-endpoint",
        Severity.ERROR,
        "A relation whose endpoints make no sense (e.g. evidence as a conclusion).",
    ),
    "AM109": ("no-thesis", Severity.ERROR, "The map has no node of kind thesis."),
    "AM110": ("several-theses", Severity.ERROR, "The map has more than one thesis."),
    "AM111": ("support-cycle", Severity.ERROR, "Nodes that support each other in a circle."),
    "AM112": ("missing-field", Severity.ERROR, "A required field is missing."),
    "AM113": ("bad-date", Severity.ERROR, "A date that is malformed or impossible."),
    "AM114": ("unknown-kind", Severity.ERROR, "A node kind or evidence type that the format does not define."),
    "AM115": ("duplicate-premise", Severity.WARNING, "A relation lists the same premise twice."),
    "AM201": ("anchor-not-found", Severity.ERROR, "An anchor's words are not in the source text."),
    "AM202": (
        "anchor-ambiguous",
        Severity.WARNING,
        "An anchor's words occur several times and nothing tells them apart.",
    ),
    "AM203": ("source-text-missing", Severity.WARNING, "A source's local text file cannot be read; anchors unchecked."),
    # import (AMI...): defects of a foreign file, named with its own ids
    "AMI001": (
        "unreadable-input",
        Severity.ERROR,
        "The foreign file is not valid JSON/text or not of the format.",
    ),
    "AMI101": ("dangling-edge", Severity.WARNING, "An edge or reference names a node that does not exist."),
    "AMI102": ("self-loop", Severity.WARNING, "An edge or relation from a node to itself."),
    "AMI103": ("no-premise", Severity.WARNING, "An inference or conflict node with no premise."),
    "AMI104": ("no-conclusion", Severity.WARNING, "An inference or conflict node with no conclusion."),
    "AMI105": ("cycle", Severity.WARNING, "Nodes that support each other in a circle; one link was dropped."),
    "AMI106": ("duplicate-text", Severity.WARNING, "Several nodes with the same text (kept apart)."),
    "AMI107": ("duplicate-id", Severity.WARNING, "Two nodes share a foreign id; the first is kept."),
    "AMI108": (
        "bad-node",
        Severity.WARNING,
        "A node or line that cannot be read (missing id, text or type).",
    ),
    "AMI109": ("thesis-choice", Severity.INFO, "Several nodes could be the thesis; which one was picked."),
    "AMI110": (
        "bad-endpoint",
        Severity.WARNING,
        "A relation argmap cannot hold (thesis as premise, support of evidence).",
    ),
    "AMI111": ("unknown-thesis", Severity.ERROR, "The node named with --thesis does not exist."),
    "AMI112": (
        "split-conclusions",
        Severity.WARNING,
        "An inference node with several conclusions was split.",
    ),
    "AMI113": (
        "direct-edge",
        Severity.WARNING,
        "An edge between two propositions with no inference node between.",
    ),
    "AMI114": ("empty", Severity.ERROR, "The file holds no proposition to import."),
    "AMI115": (
        "unsupported-thesis",
        Severity.INFO,
        "Nothing in the file supports the thesis; it is imported with `ignore: [ST101]` so that check passes.",
    ),
}


@dataclass(slots=True)
class Diagnostic:
    """One finding. ``path`` locates it in the model; ``line``/``col`` are filled from it on report."""

    code: str
    message: str
    severity: Severity = Severity.ERROR
    file: str = ""
    line: int = 0
    col: int = 0
    path: Path = ()
    subject: str | None = None
    """Id of the node, relation or source concerned."""
    hint: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    folded: bool = False
    """Counted, not listed: one of a rule's findings past the text report's limit per code and file
    (see :data:`argmap.pipeline.LIST_LIMIT`); it is not located (line 0)."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else (self.file or "<input>")
        return f"{where}: {self.severity.value} {self.code} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": self.file,
            "line": self.line,
            "column": self.col,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "id": self.subject,
        }
        if self.hint:
            out["hint"] = self.hint
        if self.extra:
            out["extra"] = self.extra
        return out


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file, d.line, d.col, d.code)
