"""Exchange maps with other tools: one module per format, one registry line each.

An exporter is ``export(map: ArgMap) -> Exported``; an importer is
``load(text: str, *, file: str, options: ImportOptions) -> Imported``. Both list what the other format
cannot hold as :class:`Loss` items, so that nothing is dropped silently.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap.diagnostics import Diagnostic
from argmap.formats import FORMATS
from argmap.model import ArgMap

__all__ = [
    "EXPORTERS",
    "IMPORTERS",
    "Exported",
    "ImportOptions",
    "Imported",
    "Loss",
    "cut",
    "get_exporter",
    "get_importer",
    "guess_format",
    "shown",
]


@dataclass(frozen=True)
class Loss:
    """One thing the target format could not represent."""

    kind: str
    """Short category, e.g. 'evidence-field', 'undercut', 'locution'."""
    subject: str
    """Id of the node/relation/source concerned (the foreign id on import)."""
    detail: str
    line: int = 0

    def __post_init__(self) -> None:
        # A foreign file can hold a 30 MB attribute: a loss names it, it does not repeat it.
        object.__setattr__(self, "subject", cut(self.subject, 80))
        object.__setattr__(self, "detail", cut(self.detail, 400))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "id": self.subject, "detail": self.detail}
        if self.line:
            out["line"] = self.line
        return out


def cut(text: str, limit: int = 60) -> str:
    """``text`` as it is when it has at most ``limit`` characters, else its start and its length:
    ``'abc…' (30000000 characters)``."""
    if len(text) <= limit:
        return text
    return f"{text[: max(1, limit - 24)]}… ({len(text)} characters)"


def shown(value: object, limit: int = 60) -> str:
    """A foreign value for a message: its ``repr``, or the start of it and its length when long."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value)} characters)"
    return cut(repr(value), limit)


@dataclass
class Exported:
    text: str
    losses: list[Loss] = field(default_factory=list)


@dataclass
class ImportOptions:
    thesis: str | None = None
    """Foreign id of the node to make the thesis, when the importer cannot tell."""
    title: str | None = None


@dataclass
class Imported:
    map: ArgMap | None
    losses: list[Loss] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Defects found in the foreign file (with foreign ids); errors mean map may be None."""


# name -> "module:function", read from the one table of formats (argmap.formats).
EXPORTERS: dict[str, str] = {f.name: f.function for f in FORMATS if f.family == "export"}
IMPORTERS: dict[str, str] = {f.name: f.function for f in FORMATS if f.family == "import"}


def guess_format(path: Path, text: str) -> str | None:
    """The format of a foreign file from its content, or its suffix where the content does not tell
    (see :mod:`argmap.interchange.recognise`, which also says why a file is not importable)."""
    from argmap.interchange.recognise import recognise

    return recognise(path, text).fmt


def _resolve(spec: str) -> Callable[..., Any]:
    module, _, name = spec.partition(":")
    fn: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return fn


def get_exporter(name: str) -> Callable[[ArgMap], Exported]:
    return _resolve(EXPORTERS[name])


def get_importer(name: str) -> Callable[..., Imported]:
    return _resolve(IMPORTERS[name])
