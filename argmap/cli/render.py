"""``argmap render`` (diagrams: SVG, PNG, PDF, DOT, Mermaid) and ``argmap show`` (a tree in the terminal).

Thin: options are parsed here, everything else is in :mod:`argmap.view`. Heavy modules (pydantic
models, rich) are imported inside the commands so that ``argmap --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from argmap.cli import app
from argmap.cli.common import fail, load_valid, write_output
from argmap.formats import FORMATS, by_suffix, get, names

if TYPE_CHECKING:
    from argmap.drawing import DrawSettings

__all__ = ["render", "show"]

DiagramFormat = StrEnum("DiagramFormat", [(n, n) for n in names("diagram")])  # type: ignore[misc]
"""The diagram formats, from the one table of formats."""


# Themes and directions are defined in argmap.view.themes, which this module must not import (it would
# load the model for `argmap --help`); tests/test_registry.py checks that these choices equal them.
class ThemeName(StrEnum):
    color = "color"
    print = "print"


class Direction(StrEnum):
    TB = "TB"
    BT = "BT"
    LR = "LR"
    RL = "RL"


# Pages are defined in argmap.view.pages (not imported here, see above); tests/test_pages.py checks them.
class PageName(StrEnum):
    a4 = "a4"
    a3 = "a3"
    letter = "letter"
    slide = "slide"


class Orientation(StrEnum):
    portrait = "portrait"
    landscape = "landscape"


class EngineName(StrEnum):
    auto = "auto"
    dot = "dot"
    graphviz_pure = "graphviz-pure"


_FORMAT_HELP = ", ".join(f"{f.name} ({f.help})" for f in FORMATS if f.family == "diagram")

Focus = Annotated[str | None, typer.Option("--focus", help="Draw only the neighbourhood of this node id.")]
Depth = Annotated[int, typer.Option("--depth", min=0, help="With --focus: how many relation steps around it.")]
Collapse = Annotated[bool, typer.Option("--collapse", help="Fold evidence into the claims it bears on, as counts.")]
Status = Annotated[
    bool,
    typer.Option(
        "--status",
        help=(
            "Badge each node: stands, defeated or undecided (grounded semantics), and for a thesis or "
            "claim evidenced, partly evidenced or asserted."
        ),
    ),
]


def _format(output: str, fmt: str | None) -> str:
    if fmt is not None:
        return fmt
    if output == "-":
        return "dot"
    found = by_suffix("diagram", output)
    if found is None:
        shown = " ".join(get("diagram", n).suffix for n in names("diagram"))
        fail(f"cannot tell the format from '{output}'; use a suffix {shown} or pass --format")
    return found


MapPaths = Annotated[
    list[Path],
    typer.Argument(
        metavar="MAP",
        help="The map to draw. Several maps or folders: one diagram each, written into the -o folder.",
    ),
]
Output = Annotated[str, typer.Option("--output", "-o", help="Output file; the suffix gives the format ('-': stdout).")]
Format = Annotated[DiagramFormat | None, typer.Option("--format", "-f", help=f"{_FORMAT_HELP}.")]
Themes = Annotated[ThemeName, typer.Option("--theme", help="color (colour-blind safe) or print (greyscale).")]
Directions = Annotated[
    Direction | None,
    typer.Option(
        "--direction",
        help="Where arrows point: BT puts the thesis on top (default; LR on a slide, thesis at the right).",
    ),
]
Legend = Annotated[bool, typer.Option("--legend/--no-legend", help="Explain the shapes and lines used.")]
Engines = Annotated[EngineName, typer.Option("--engine", help="Layout engine for svg/png/pdf.")]
Timeout = Annotated[float, typer.Option("--timeout", min=1, max=86_400, help="Seconds the layout may take.")]
Page = Annotated[
    PageName | None,
    typer.Option(
        "--page",
        help="Lay out for a4, a3, letter or slide (960x540 pt): words at least 7 pt on A4 and "
        "Letter, 9 pt on A3, 12 pt on a slide; a map too big is split over pages along its claims, with "
        "markers where it goes on. "
        "PDF: one document; SVG/PNG: one file per page (map.svg, map-2.svg, ...).",
    ),
]
Orientations = Annotated[
    Orientation | None,
    typer.Option("--orientation", help="With --page: portrait or landscape (default: fewer pages)."),
]
Jobs = Annotated[
    int,
    typer.Option(
        "--jobs", "-j", min=0, help="Worker processes for many maps (0: one per core from 16 maps on; 1: none)."
    ),
]


@app.command()
def render(
    map_paths: MapPaths,
    output: Output = "-",
    fmt: Format = None,
    theme: Themes = ThemeName.color,
    direction: Directions = None,
    focus: Focus = None,
    depth: Depth = 2,
    collapse: Collapse = False,
    status: Status = False,
    legend: Legend = True,
    engine: Engines = EngineName.auto,
    timeout: Timeout = 60.0,
    page: Page = None,
    orientation: Orientations = None,
    jobs: Jobs = 0,
) -> None:
    """Draw a map as a diagram: svg, png, pdf, dot (Graphviz source), mmd (Mermaid) or html.

    Shapes tell the thesis, claims and each evidence type apart; supports, attacks and undercuts differ
    by line style and arrowhead. Big maps: --focus ID --depth N, or --collapse. html writes one
    self-contained interactive page (details panel, search, toggles, zoom; no network access).

    Several maps, or folders of maps, give one diagram each in the -o folder (svg unless --format says).
    """
    from argmap.drawing import DrawSettings

    def settings_for(kind: str) -> DrawSettings:
        return DrawSettings(
            kind=kind,
            theme=theme.value,
            direction=direction.value if direction is not None else None,
            legend=legend,
            focus=focus,
            depth=depth,
            collapse=collapse,
            status=status,
            engine=engine.value,
            timeout=timeout,
            page=page.value if page is not None else None,
            orientation=orientation.value if orientation is not None else None,
        )

    if len(map_paths) > 1 or any(p.is_dir() for p in map_paths):
        from argmap.cli.render_batch import render_many

        render_many(map_paths, output, settings_for(fmt.value if fmt is not None else "svg"), jobs)
        return
    kind = _format(output, fmt.value if fmt is not None else None)
    if output == "-" and get("diagram", kind).binary and sys.stdout.isatty():
        fail(f"{kind.upper()} is binary: give an output file with -o")
    if orientation is not None and page is None:
        fail("--orientation goes with --page")
    _render_one(map_paths[0], output, settings_for(kind))


def _render_one(map_path: Path, output: str, settings: DrawSettings) -> None:
    """One map drawn and written to ``output`` (and the page files after the first), then said so."""
    from argmap.drawing import draw

    drawing = draw(load_valid(map_path), settings, map_path, stream=True)
    if drawing.more and output == "-":
        fail(f"the diagram takes {1 + len(drawing.more)} pages: give an output file with -o (or write a PDF)")
    write_output(output, drawing.pieces or drawing.data, inputs=(str(map_path),))
    if drawing.more:
        from argmap.view.pages import page_files

        for name, data in zip(page_files(output, 1 + len(drawing.more))[1:], drawing.more, strict=True):
            write_output(name, data, inputs=(str(map_path),))
        output = f"{output} and {len(drawing.more)} more page file{'s' * (len(drawing.more) != 1)}"
    if output != "-":
        from argmap.report import printable

        typer.echo(printable(f"wrote {output} ({drawing.what})"), err=True)
    if drawing.note:
        typer.echo(f"note: {drawing.note}", err=True)


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
    from argmap.drawing import view_of
    from argmap.view.outline import build_outline

    m, graph = load_valid(map_path).take()
    outline = build_outline(view_of(m, graph, focus, depth, collapse, status))
    if plain or not sys.stdout.isatty():
        from argmap.view.terminal import plain_text

        width = os.environ.get("ARGMAP_WIDTH", "")
        sys.stdout.write(plain_text(outline, int(width) if width.isdigit() else 100))
        return
    from argmap.cli.common import console
    from argmap.view.terminal import print_rich

    print_rich(console(), outline)
