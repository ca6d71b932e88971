"""Exchange maps with other tools: one module per format, one registry line each.

An exporter is ``export(map: ArgMap) -> Exported``; an importer is
``load(text: str, *, file: str, options: ImportOptions) -> Imported``. Both list what the other format
cannot hold as :class:`Loss` items, so that nothing is dropped silently.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from argmap.diagnostics import Diagnostic
from argmap.model import ArgMap

__all__ = [
    "EXPORTERS",
    "IMPORTERS",
    "Exported",
    "ImportOptions",
    "Imported",
    "Loss",
    "get_exporter",
    "get_importer",
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

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "id": self.subject, "detail": self.detail}
        if self.line:
            out["line"] = self.line
        return out


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


# name -> "module:function"; modules are imported only when the format is used.
EXPORTERS: dict[str, str] = {
    "json": "argmap.interchange.native:export_json",
    "yaml": "argmap.interchange.native:export_yaml",
    "aif": "argmap.interchange.aif:export_aif",
    "argdown": "argmap.interchange.argdown:export_argdown",
    "markdown": "argmap.view.markdown:export_markdown",
}
IMPORTERS: dict[str, str] = {
    "aif": "argmap.interchange.aif:load_aif",
    "argdown": "argmap.interchange.argdown:load_argdown",
    "kialo": "argmap.interchange.kialo:load_kialo",
}
SUFFIXES: dict[str, str] = {
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".aif": "aif",
    ".argdown": "argdown",
    ".ad": "argdown",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "kialo",
}


def _resolve(spec: str) -> Callable[..., Any]:
    module, _, name = spec.partition(":")
    fn: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return fn


def get_exporter(name: str) -> Callable[[ArgMap], Exported]:
    return _resolve(EXPORTERS[name])


def get_importer(name: str) -> Callable[..., Imported]:
    return _resolve(IMPORTERS[name])
