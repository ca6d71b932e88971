"""Drawing a map: a view of it, serialised as DOT or Mermaid, laid out as SVG, PNG or PDF, or the
interactive HTML page. What ``argmap render`` does, for Python callers (no typer, no rich)::

    from argmap.api import load_valid
    from argmap.drawing import DrawSettings, draw

    drawing = draw(load_valid("map.yaml"), DrawSettings(kind="svg"), "map.yaml")
    open("map.svg", "wb").write(drawing.data if isinstance(drawing.data, bytes) else drawing.data.encode())
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.errors import ArgmapError
from argmap.formats import get, resolve

if TYPE_CHECKING:
    from argmap.graph import MapGraph
    from argmap.load import LoadResult
    from argmap.model import ArgMap
    from argmap.view.build import View

__all__ = ["DrawError", "DrawSettings", "Drawing", "draw", "draw_html", "make_view", "serialise"]

ENGINES = ("auto", "dot", "graphviz-pure")
"""Layout engines: ``auto`` takes the system's Graphviz when it is there, else graphviz-pure."""


class DrawError(ArgmapError):
    """A diagram cannot be drawn as asked; the message says what to do. ``code``: the exit code."""


@dataclass(frozen=True)
class DrawSettings:
    """Everything about a diagram but the map: shared by one render and a batch of them."""

    kind: str
    theme: str = "color"
    direction: str | None = None
    """TB, BT, LR or RL; None: BT, or on a page the page's own (LR on a slide, see ``PageSize.direction``)."""
    legend: bool = True
    focus: str | None = None
    depth: int = 2
    collapse: bool = False
    status: bool = False
    engine: str = "auto"
    timeout: float = 60.0
    page: str | None = None
    """a4, a3, letter or slide: lay the diagram out for that page (see :mod:`argmap.view.pages`)."""
    orientation: str | None = None
    """portrait or landscape, with ``page``; None: whichever needs fewer pages."""


def make_view(m: ArgMap, graph: MapGraph, settings: DrawSettings) -> View:
    """The view a diagram draws (raises :class:`DrawError`)."""
    return view_of(m, graph, settings.focus, settings.depth, settings.collapse, settings.status)


def view_of(m: ArgMap, graph: MapGraph, focus: str | None, depth: int, collapse: bool, status: bool) -> View:
    """The view of ``m``: the neighbourhood of ``focus``, evidence folded, statuses marked, as asked."""
    from argmap.semantics import statuses as grounded
    from argmap.view.build import ViewError, ViewOptions, build_view

    try:
        options = ViewOptions(
            focus=focus,
            depth=depth,
            collapse=collapse,
            statuses=grounded(m) if status else None,
            grounding=_grounding(m) if status else None,
        )
        return build_view(m, options, graph)
    except ViewError as exc:
        raise DrawError(str(exc)) from None


def _grounding(m: ArgMap) -> dict[str, str]:
    """Thesis and claim id -> evidenced, partly or asserted: the badge shows it beside the standing."""
    from argmap.rules.base import Context
    from argmap.rules.grounding import grounding

    return {k: g.level for k, g in grounding(Context(m)).items()}


def draw_html(m: ArgMap, settings: DrawSettings, map_path: str | os.PathLike[str]) -> str:
    """The self-contained interactive page of the whole map (raises :class:`DrawError`)."""
    if settings.focus is not None or settings.collapse:
        raise DrawError("html shows the whole map (with search and zoom); leave out --focus and --collapse")
    from argmap.html.svg import SvgError
    from argmap.view.layout import LayoutError

    render_html = resolve(get("diagram", "html"))
    try:
        page: str = render_html(m, theme=settings.theme, direction=settings.direction or "BT")
    except (LayoutError, SvgError, ValueError) as exc:
        raise DrawError(f"{map_path}: {exc}") from None
    return page


@dataclass(frozen=True)
class Drawing:
    data: str | bytes
    what: str
    """What was drawn, e.g. ``svg, 34 of 34 nodes, laid out by dot``."""
    note: str | None = None
    """What the diagram leaves out (``View.note``), and characters no font of the machine prints in a page PDF
    (:func:`argmap.view.pdffonts.missing_note`), if anything."""
    more: tuple[bytes, ...] = ()
    """With a page layout in SVG or PNG (one page per file): the pages after the first."""
    pieces: Iterator[str] | None = None
    """With ``draw(..., stream=True)``, a text format that streams (``Format.stream``): the text, made
    piece by piece as it is read; ``data`` is then empty. Read it once."""


def draw(
    result: LoadResult, settings: DrawSettings, map_path: str | os.PathLike[str], *, stream: bool = False
) -> Drawing:
    """The diagram of the valid map in ``result``, which it takes (see ``LoadResult.take``), so that
    the model is freed once the view is built (raises :class:`DrawError`). ``stream``: give a text
    format that can be made piece by piece as :attr:`Drawing.pieces` (for writing a big map's
    diagram to a file without the whole text in memory)."""
    m, graph = result.take()
    fmt = get("diagram", settings.kind)
    if fmt.takes == "map":
        return Drawing(draw_html(m, settings, map_path), f"html, {len(m.nodes)} nodes, self-contained")
    if settings.page is not None and fmt.takes != "dot":
        raise DrawError(f"--page lays out svg, png or pdf, not {settings.kind}")
    view = make_view(m, graph, settings)
    del m, graph  # at 50,000 nodes this frees 150 MB before the text is made
    if settings.page is not None:
        return draw_pages(view, settings, map_path)
    what = f"{settings.kind}, {len(view.nodes)} of {view.total_nodes} nodes"
    if stream and fmt.stream:
        return Drawing("", what, view.note(), pieces=resolve(fmt, stream=True)(view, **_writer_options(settings)))
    data, used = serialise(view, settings, map_path)
    return Drawing(data, what + used, view.note())


def _writer_options(settings: DrawSettings) -> dict[str, Any]:
    """What a diagram writer (``to_dot``, ``to_mermaid``, ``dot_chunks``) is told of the settings."""
    return {"theme": settings.theme, "direction": settings.direction or "BT", "legend": settings.legend}


def draw_pages(view: View, settings: DrawSettings, map_path: str | os.PathLike[str]) -> Drawing:
    """``view`` laid out on ``settings.page`` pages: one PDF, or one SVG or PNG per page."""
    from argmap.view.layout import MAX_LAYOUT_ELEMENTS
    from argmap.view.pages import lay_out, to_pdf, to_png, to_svg

    if view.element_count() > MAX_LAYOUT_ELEMENTS:
        raise DrawError(
            f"{map_path}: {len(view.nodes)} nodes are too many to lay out on pages; draw part with --focus ID "
            "--depth N or fold evidence with --collapse"
        )
    pages = lay_out(
        view,
        settings.page or "a4",
        settings.orientation,
        theme=settings.theme,
        direction=settings.direction,
        legend=settings.legend,
        engine=None if settings.engine == "auto" else settings.engine,
        timeout=settings.timeout,
    )
    count = len(pages.pages)
    what = (
        f"{settings.kind}, {pages.size.name} {pages.orientation}, {count} page{'s' * (count != 1)}, "
        f"{len(view.nodes)} of {view.total_nodes} nodes, smallest type {pages.smallest_pt:.1f} pt"
    )
    if settings.kind == "pdf":
        notes = [note] if (note := view.note()) else []
        data = to_pdf(pages, notes)
        return Drawing(data, what, " ".join(notes) or None)
    files = to_svg(pages) if settings.kind == "svg" else to_png(pages, theme=settings.theme)
    return Drawing(files[0], what, view.note(), tuple(files[1:]))


def serialise(view: View, settings: DrawSettings, map_path: str | os.PathLike[str]) -> tuple[str | bytes, str]:
    """The diagram of ``view`` as text (dot, mmd) or laid out (svg, png, pdf), and a note on the
    layout engine used (raises :class:`DrawError`)."""
    fmt = get("diagram", settings.kind)
    options = _writer_options(settings)
    if fmt.takes == "view":
        text: str = resolve(fmt)(view, **options)
        return text, ""
    source: str = resolve(get("diagram", "dot"))(view, **options)
    return _layout(view, source, settings.kind, Path(map_path), settings.engine, settings.timeout)


def _layout(view: View, source: str, kind: str, map_path: Path, engine: str, timeout: float) -> tuple[bytes, str]:
    from argmap.view.layout import MAX_LAYOUT_ELEMENTS, LayoutError, find_engine, layout

    count = view.element_count()
    if count > MAX_LAYOUT_ELEMENTS:
        raise DrawError(
            f"{map_path}: {len(view.nodes)} nodes ({count} with junctions) are too many to lay out as {kind} "
            f"in reasonable time (limit "
            f"{MAX_LAYOUT_ELEMENTS}); draw part with --focus ID --depth N, fold evidence with --collapse, "
            f"or write Graphviz or Mermaid source (-o map.dot, -o map.mmd)"
        )
    prefer = None if engine == "auto" else engine
    try:
        data = layout(source, kind, timeout=timeout, prefer=prefer)
    except LayoutError as exc:
        raise DrawError(str(exc)) from None
    found = find_engine(kind, prefer)
    return data, f", laid out by {found.name}" if found else ""
