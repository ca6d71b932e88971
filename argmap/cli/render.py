"""``argmap render`` (diagrams: SVG, PNG, PDF, DOT, Mermaid) and ``argmap show`` (a tree in the terminal).

Thin: options are parsed here, everything else is in :mod:`argmap.view`. Heavy modules (pydantic
models, rich) are imported inside the commands so that ``argmap --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from argmap.cli import app
from argmap.cli.common import fail, load_valid, write_output

if TYPE_CHECKING:
    from argmap.graph import MapGraph
    from argmap.load import LoadResult
    from argmap.model import ArgMap
    from argmap.view.build import View

__all__ = ["DrawError", "DrawSettings", "Drawing", "draw", "draw_html", "make_view", "render", "serialise", "show"]


class DiagramFormat(StrEnum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    mmd = "mmd"
    html = "html"


class ThemeName(StrEnum):
    color = "color"
    print = "print"


class Direction(StrEnum):
    TB = "TB"
    BT = "BT"
    LR = "LR"
    RL = "RL"


class EngineName(StrEnum):
    auto = "auto"
    dot = "dot"
    graphviz_pure = "graphviz-pure"


SUFFIXES = {
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mmd",
    ".mermaid": "mmd",
    ".html": "html",
    ".htm": "html",
}

Focus = Annotated[str | None, typer.Option("--focus", help="Draw only the neighbourhood of this node id.")]
Depth = Annotated[
    int, typer.Option("--depth", min=0, help="With --focus: how many relation steps around it.")
]
Collapse = Annotated[
    bool, typer.Option("--collapse", help="Fold evidence into the claims it bears on, as counts.")
]
Status = Annotated[
    bool,
    typer.Option("--status", help="Mark each node accepted, rejected or undecided (grounded semantics)."),
]


def _load(map_path: Path) -> tuple[ArgMap, MapGraph]:
    """The valid map and the graph that validation built (views reuse it)."""
    result = load_valid(map_path)
    graph = result.graph
    assert result.map is not None and graph is not None
    return result.map, graph


class DrawError(Exception):
    """A diagram cannot be drawn as asked; the message says what to do. ``code``: the exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class DrawSettings:
    """Everything about a diagram but the map: shared by one render and a batch of them."""

    kind: str
    theme: str = "color"
    direction: str = "BT"
    legend: bool = True
    focus: str | None = None
    depth: int = 2
    collapse: bool = False
    status: bool = False
    engine: str = "auto"
    timeout: float = 60.0


def _view(m: ArgMap, graph: MapGraph, focus: str | None, depth: int, collapse: bool, status: bool) -> View:
    from argmap.view.build import ViewError, ViewOptions, build_view

    statuses = None
    if status:
        try:
            from argmap.semantics import statuses as grounded
        except ImportError:
            raise DrawError(
                "--status needs argmap.semantics, which is not in this build of argmap; leave out --status"
            ) from None
        statuses = grounded(m)
    try:
        options = ViewOptions(focus=focus, depth=depth, collapse=collapse, statuses=statuses)
        return build_view(m, options, graph)
    except ViewError as exc:
        raise DrawError(str(exc)) from None


def make_view(m: ArgMap, graph: MapGraph, settings: DrawSettings) -> View:
    """The view a diagram draws (raises :class:`DrawError`)."""
    return _view(m, graph, settings.focus, settings.depth, settings.collapse, settings.status)


def draw_html(m: ArgMap, settings: DrawSettings, map_path: Path) -> str:
    """The self-contained interactive page of the whole map (raises :class:`DrawError`)."""
    if settings.focus is not None or settings.collapse:
        raise DrawError("html shows the whole map (with search and zoom); leave out --focus and --collapse")
    from argmap.html import render_html
    from argmap.html.svg import SvgError
    from argmap.view.layout import LayoutError

    try:
        return render_html(m, theme=settings.theme, direction=settings.direction)
    except (LayoutError, SvgError, ValueError) as exc:
        raise DrawError(f"{map_path}: {exc}") from None


@dataclass(frozen=True)
class Drawing:
    data: str | bytes
    what: str
    """What was drawn, e.g. ``svg, 34 of 34 nodes, laid out by dot``."""
    note: str | None = None
    """What the diagram leaves out (``View.note``), if anything."""


def draw(result: LoadResult, settings: DrawSettings, map_path: Path) -> Drawing:
    """The diagram of the valid map in ``result``, which it takes (see ``LoadResult.take``), so that
    the model is freed once the view is built (raises :class:`DrawError`)."""
    m, graph = result.take()
    if settings.kind == "html":
        return Drawing(draw_html(m, settings, map_path), f"html, {len(m.nodes)} nodes, self-contained")
    view = make_view(m, graph, settings)
    del m, graph  # at 50,000 nodes this frees 150 MB before the text is made
    data, used = serialise(view, settings, map_path)
    return Drawing(data, f"{settings.kind}, {len(view.nodes)} of {view.total_nodes} nodes{used}", view.note())


def serialise(view: View, settings: DrawSettings, map_path: Path) -> tuple[str | bytes, str]:
    """The diagram of ``view`` as text (dot, mmd) or laid out (svg, png, pdf), and a note on the
    layout engine used (raises :class:`DrawError`)."""
    options = {"theme": settings.theme, "direction": settings.direction, "legend": settings.legend}
    if settings.kind == "mmd":
        from argmap.view.mermaid import to_mermaid

        return to_mermaid(view, **options), ""  # type: ignore[arg-type]
    from argmap.view.dot import to_dot

    source = to_dot(view, **options)  # type: ignore[arg-type]
    if settings.kind not in ("svg", "png", "pdf"):
        return source, ""
    return _layout(view, source, settings.kind, map_path, settings.engine, settings.timeout)


def _format(output: str, fmt: DiagramFormat | None) -> str:
    if fmt is not None:
        return fmt.value
    if output == "-":
        return "dot"
    found = SUFFIXES.get(Path(output).suffix.lower())
    if found is None:
        fail(
            f"cannot tell the format from '{output}'; use a suffix .svg .png .pdf .dot .mmd .html or pass --format"
        )
    return found


@app.command()
def render(
    map_paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="MAP",
            help="The map to draw. Several maps or folders: one diagram each, written into the -o folder.",
        ),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", help="Output file; the suffix gives the format ('-': stdout).")
    ] = "-",
    fmt: Annotated[
        DiagramFormat | None,
        typer.Option("--format", "-f", help="svg, png, pdf, dot, mmd (Mermaid) or html (interactive page)."),
    ] = None,
    theme: Annotated[
        ThemeName, typer.Option("--theme", help="color (colour-blind safe) or print (greyscale).")
    ] = ThemeName.color,
    direction: Annotated[
        Direction, typer.Option("--direction", help="Where arrows point: BT puts the thesis on top.")
    ] = Direction.BT,
    focus: Focus = None,
    depth: Depth = 2,
    collapse: Collapse = False,
    status: Status = False,
    legend: Annotated[
        bool, typer.Option("--legend/--no-legend", help="Explain the shapes and lines used.")
    ] = True,
    engine: Annotated[
        EngineName, typer.Option("--engine", help="Layout engine for svg/png/pdf.")
    ] = EngineName.auto,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds the layout may take.")] = 60.0,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", min=0, help="Worker processes for many maps (0: one per core from 16 maps on; 1: none)."
        ),
    ] = 0,
) -> None:
    """Draw a map as a diagram: svg, png, pdf, dot (Graphviz source), mmd (Mermaid) or html.

    Shapes tell the thesis, claims and each evidence type apart; supports, attacks and undercuts differ
    by line style and arrowhead. Big maps: --focus ID --depth N, or --collapse. html writes one
    self-contained interactive page (details panel, search, toggles, zoom; no network access).

    Several maps, or folders of maps, give one diagram each in the -o folder (svg unless --format says).
    """

    def settings_for(kind: str) -> DrawSettings:
        return DrawSettings(
            kind=kind,
            theme=theme.value,
            direction=direction.value,
            legend=legend,
            focus=focus,
            depth=depth,
            collapse=collapse,
            status=status,
            engine=engine.value,
            timeout=timeout,
        )

    if len(map_paths) > 1 or any(p.is_dir() for p in map_paths):
        from argmap.cli.render_batch import render_many

        render_many(map_paths, output, settings_for(fmt.value if fmt is not None else "svg"), jobs)
        return
    map_path = map_paths[0]
    kind = _format(output, fmt)
    if output == "-" and kind in ("png", "pdf") and sys.stdout.isatty():
        fail(f"{kind.upper()} is binary: give an output file with -o")
    settings = settings_for(kind)
    try:
        drawing = draw(load_valid(map_path), settings, map_path)
    except DrawError as exc:
        fail(str(exc), exc.code)
    write_output(output, drawing.data, inputs=(str(map_path),))
    if output != "-":
        typer.echo(f"wrote {output} ({drawing.what})", err=True)
    if drawing.note:
        typer.echo(f"note: {drawing.note}", err=True)


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
    prefer = None if engine == EngineName.auto.value else engine
    try:
        data = layout(source, kind, timeout=timeout, prefer=prefer)
    except LayoutError as exc:
        raise DrawError(str(exc)) from None
    found = find_engine(kind, prefer)
    return data, f", laid out by {found.name}" if found else ""


@app.command()
def show(
    map_path: Annotated[Path, typer.Argument(metavar="MAP", help="The map to show.")],
    focus: Focus = None,
    depth: Depth = 2,
    collapse: Collapse = False,
    status: Status = False,
    plain: Annotated[
        bool, typer.Option("--plain", help="Plain text even on a terminal (no colours or tree lines).")
    ] = False,
) -> None:
    """Print the argument as a tree: thesis at the root, supports [+], attacks [-], undercuts [x].

    Evidence shows its figures and source. A node that is a premise of several relations is shown in
    full once, then referred to. Plain text, with no ANSI codes, when output is not a terminal.
    """
    from argmap.view.outline import build_outline

    m, graph = _load(map_path)
    try:
        outline = build_outline(_view(m, graph, focus, depth, collapse, status))
    except DrawError as exc:
        fail(str(exc), exc.code)
    if plain or not sys.stdout.isatty():
        from argmap.view.terminal import plain_text

        width = os.environ.get("ARGMAP_WIDTH", "")
        sys.stdout.write(plain_text(outline, int(width) if width.isdigit() else 100))
        return
    from argmap.cli.common import console
    from argmap.view.terminal import print_rich

    print_rich(console(), outline)
