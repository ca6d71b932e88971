"""Every file format argmap writes or reads, in one table.

A format has a name, the family it belongs to (``diagram``: ``render`` draws it; ``export``: ``export``
writes it with a loss report; ``import``: ``import`` reads it), the file suffixes that select it, what
its writer takes (a view of the map, the map itself, or Graphviz source to lay out), whether it is
binary, and the writer or reader as ``module:function`` (imported only when the format is used).
The CLI's choices, suffix lookups and help texts, the interchange registry and a golden test over
every registered format are all read from here, so that a format is added in one place.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Literal

__all__ = [
    "FORMATS",
    "Format",
    "by_suffix",
    "names",
    "resolve",
]

Family = Literal["diagram", "export", "import"]
Takes = Literal["view", "map", "dot", "text", "archive"]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    family: Family
    suffixes: tuple[str, ...]
    """The first is the one files of this format are given."""
    takes: Takes
    """``view``: the diagram's view; ``map``: the map; ``dot``: Graphviz source, laid out; ``text``: a
    foreign file's text (importers); ``archive``: a zip of foreign files, each imported on its own."""
    function: str
    """``module:function`` that writes (or, for imports, reads) the format."""
    help: str
    binary: bool = False
    stream: str | None = None
    """``module:function`` that gives the same text in pieces as it is written (an iterator of str),
    for text formats that grow with the map; None: written whole."""

    @property
    def suffix(self) -> str:
        return self.suffixes[0]


FORMATS: tuple[Format, ...] = (
    Format("svg", "diagram", (".svg",), "dot", "argmap.view.layout:layout", "SVG, laid out by Graphviz"),
    Format("png", "diagram", (".png",), "dot", "argmap.view.layout:layout", "PNG image", binary=True),
    Format("pdf", "diagram", (".pdf",), "dot", "argmap.view.layout:layout", "PDF document", binary=True),
    Format(
        "dot",
        "diagram",
        (".dot", ".gv"),
        "view",
        "argmap.view.dot:to_dot",
        "Graphviz source",
        stream="argmap.view.dot:dot_chunks",
    ),
    Format("mmd", "diagram", (".mmd", ".mermaid"), "view", "argmap.view.mermaid:to_mermaid", "Mermaid"),
    Format("html", "diagram", (".html", ".htm"), "map", "argmap.html:render_html", "interactive page"),
    Format("json", "export", (".json",), "map", "argmap.interchange.native:export_json", "argmap's JSON form"),
    Format("yaml", "export", (".yaml", ".yml"), "map", "argmap.interchange.native:export_yaml", "argmap's YAML"),
    Format("aif", "export", (".aif",), "map", "argmap.interchange.aif_export:export_aif", "AIF JSON (OVA/AIFdb)"),
    Format(
        "argdown", "export", (".argdown", ".ad"), "map", "argmap.interchange.argdown_export:export_argdown", "Argdown"
    ),
    Format(
        "markdown",
        "export",
        (".md", ".markdown"),
        "map",
        "argmap.view.markdown:export_markdown",
        "a printable outline",
    ),
    Format("kialo", "export", (".txt",), "map", "argmap.interchange.kialo_export:export_kialo", "Kialo discussion"),
    Format(
        "graphml", "export", (".graphml",), "map", "argmap.interchange.graphml:export_graphml", "GraphML (yEd, Gephi)"
    ),
    Format("aif", "import", (".json", ".aif"), "text", "argmap.interchange.aif:load_aif", "AIF JSON (AIFdb/OVA/xAIF)"),
    Format("argdown", "import", (".argdown", ".ad"), "text", "argmap.interchange.argdown:load_argdown", "Argdown"),
    Format("kialo", "import", (".txt",), "text", "argmap.interchange.kialo:load_kialo", "Kialo export (text)"),
    Format(
        "microtexts",
        "import",
        (".xml",),
        "text",
        "argmap.interchange.microtexts:load_microtexts",
        "argumentative microtexts XML",
    ),
    Format("sadface", "import", (".sadface",), "text", "argmap.interchange.sadface:load_sadface", "SADFace JSON"),
    Format(
        "aifdb",
        "import",
        (".zip",),
        "archive",
        "argmap.interchange.aifdb:members",
        "AIFdb corpus zip: one map per nodeset",
        binary=True,
    ),
)


def names(family: Family) -> list[str]:
    """The formats of ``family``, in table order."""
    return [f.name for f in FORMATS if f.family == family]


def get(family: Family, name: str) -> Format:
    for f in FORMATS:
        if f.family == family and f.name == name:
            return f
    raise KeyError(f"no {family} format {name!r}")


def by_suffix(family: Family, path: str) -> str | None:
    """The format of ``family`` that the suffix of ``path`` names, if any (case ignored)."""
    suffix = PurePath(path).suffix.lower()
    for f in FORMATS:
        if f.family == family and suffix in f.suffixes:
            return f.name
    return None


def suffixes(family: Family) -> list[str]:
    """Every suffix of ``family``, in table order, without repeats."""
    return list(dict.fromkeys(s for f in FORMATS if f.family == family for s in f.suffixes))


def resolve(fmt: Format, *, stream: bool = False) -> Callable[..., Any]:
    """The format's writer or reader (or with ``stream``, its writer in pieces), imported now."""
    module, _, name = (fmt.stream if stream and fmt.stream else fmt.function).partition(":")
    fn: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return fn
