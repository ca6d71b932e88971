"""Page-aware layout: a view laid out for A4, A3, Letter or a 16:9 slide, readable as printed.

Every word is drawn at least :attr:`PageSize.min_pt` points high on the page (6 pt on paper, 10 pt on a
slide taken as 960 x 540 pt). A map too big for one page at that size is split along its structure:
the thesis and its top-level claims, then each top-level claim with everything under it; a part that is
still too big is split again at its own claims, and a claim with too much evidence for a page gets it
in chunks. Parts that fit together share a page. Where the argument goes on elsewhere, a marker says
where (``-> C6 continues on page 2``); nothing is shrunk below the minimum and nothing is left out.

For Python callers (the exercises' worksheet uses this)::

    from argmap.view.pages import lay_out, to_pdf
    pdf = to_pdf(lay_out(view, page="a4"))            # bytes of a multi-page PDF
    svgs = to_svg(lay_out(view, page="slide"))         # one SVG document per page
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from argmap.view.build import View
from argmap.view.split import MAX_SCALE, SMALL_PT, SVG_SIZE, PagesError, Planner, Settings, measure, run

__all__ = [
    "ORIENTATIONS",
    "PAGES",
    "Page",
    "PageLayout",
    "PageSize",
    "PagesError",
    "draw_page",
    "lay_out",
    "legend_origin",
    "page_files",
    "page_origin",
    "to_pdf",
    "to_png",
    "to_svg",
]

GAP = 8.0
"""Points between the drawing and the legend under it."""


@dataclass(frozen=True, slots=True)
class PageSize:
    name: str
    width: float
    """Points, portrait (or the slide's own landscape shape)."""
    height: float
    min_pt: float
    """The smallest readable type on this page, in points as printed."""
    margin: float

    def oriented(self, orientation: str) -> tuple[float, float]:
        long, short = max(self.width, self.height), min(self.width, self.height)
        return (long, short) if orientation == "landscape" else (short, long)


PAGES: dict[str, PageSize] = {
    "a4": PageSize("a4", 595.28, 841.89, 6.0, 28.0),
    "a3": PageSize("a3", 841.89, 1190.55, 6.0, 34.0),
    "letter": PageSize("letter", 612.0, 792.0, 6.0, 28.0),
    "slide": PageSize("slide", 960.0, 540.0, 10.0, 20.0),
}
ORIENTATIONS = ("portrait", "landscape")


@dataclass(slots=True)
class Page:
    """One page: its part of the map laid out (Graphviz SVG, in points) and how it sits on the page."""

    number: int
    nodes: list[str]
    svg: bytes
    dot: str
    width: float
    """The drawing's own size in points, before scaling."""
    height: float
    scale: float
    """Drawing points per page point: the smallest type is ``SMALL_PT * scale`` points as printed."""
    markers: list[str] = field(default_factory=list)
    """The continuation markers drawn on this page."""
    legend: bool = False
    """The legend is drawn at the foot of this page."""


@dataclass(slots=True)
class Legend:
    """The legend, drawn once and put at the foot of every page."""

    svg: bytes
    width: float
    height: float
    scale: float
    dot: str = ""


@dataclass(slots=True)
class PageLayout:
    size: PageSize
    orientation: str
    width: float
    height: float
    pages: list[Page]
    legend: Legend | None = None

    @property
    def legend_dot(self) -> str:
        return self.legend.dot if self.legend else ""

    @property
    def smallest_pt(self) -> float:
        """The smallest type anywhere in the layout, in points as printed."""
        scales = [p.scale for p in self.pages] + ([self.legend.scale] if self.legend else [])
        return min(scales) * SMALL_PT

    def footer(self, page: Page) -> float:
        """Height taken at the foot of ``page`` by the legend (and the gap above it)."""
        return self.legend.height * self.legend.scale + GAP if self.legend and page.legend else 0.0


def lay_out(
    view: View,
    page: str = "a4",
    orientation: str | None = None,
    *,
    theme: str = "color",
    direction: str = "BT",
    legend: bool = True,
    engine: str | None = None,
    timeout: float = 60.0,
) -> PageLayout:
    """``view`` laid out on pages of size ``page`` (a4, a3, letter, slide), split where it must be.

    ``orientation``: portrait or landscape; None chooses the one that needs fewer pages (slides are
    landscape). Raises :class:`PagesError` for an unknown page or orientation, or a layout failure.
    """
    size = PAGES.get(page)
    if size is None:
        raise PagesError(f"unknown page {page!r}: use one of {', '.join(PAGES)}", code=2)
    if orientation is not None and orientation not in ORIENTATIONS:
        raise PagesError(f"unknown orientation {orientation!r}: use portrait or landscape", code=2)
    settings = Settings(theme, direction, legend, engine, timeout)
    if orientation is not None:
        choices = [orientation]
    elif size.name == "slide":
        choices = ["landscape"]
    else:
        choices = list(ORIENTATIONS)
    best: PageLayout | None = None
    for choice in choices:
        candidate = _lay_out(view, size, choice, settings)
        if best is None or len(candidate.pages) < len(best.pages):
            best = candidate
    assert best is not None
    return best


def _lay_out(view: View, size: PageSize, orientation: str, settings: Settings) -> PageLayout:
    width, height = size.oriented(orientation)
    min_scale = size.min_pt / SMALL_PT
    # Slides are short: a legend under every drawing would take a third of each; they go without.
    wanted = settings.legend and size.name != "slide"
    legend = _legend(view, width - 2 * size.margin, min_scale, settings) if wanted else None
    area = (width - 2 * size.margin, height - 2 * size.margin)
    planner = Planner(view, area, min_scale, settings)
    groups = planner.pack(planner.parts())
    for number, group in reversed(list(enumerate(groups, 1))):
        for node_id in group:
            planner.home[node_id] = number  # a node on several pages is owned by the first
    total = len(groups)
    pages: list[Page] = []
    for number, group in enumerate(groups, 1):
        title = view.title if total == 1 else f"{view.title} (page {number} of {total})"
        page_of = dict(planner.home)
        page_of["\x00this"] = number
        svg, source, markers = planner.draw(group, title, page_of)
        w, h = measure(svg)
        pages.append(Page(number, group, svg, source, w, h, planner.scale_of(svg), markers))
    if legend is not None:
        _place_legend(pages, legend, area, min_scale, view.title, planner)
    return PageLayout(size, orientation, width, height, pages, legend)


def _place_legend(
    pages: list[Page], legend: Legend, area: tuple[float, float], min_scale: float, title: str, planner: Planner
) -> None:
    """The legend goes at the foot of the first page with room for it, or on a page of its own."""
    footer = legend.height * legend.scale + GAP
    for page in pages:
        scale = min(area[0] / page.width, (area[1] - footer) / page.height, MAX_SCALE)
        if scale >= min_scale:
            page.scale, page.legend = scale, True
            return
    svg, source, _ = planner.draw([], f"{title}: legend", {})
    w, h = measure(svg)
    pages.append(Page(len(pages) + 1, [], svg, source, w, h, 1.0, [], True))


def _legend(view: View, room: float, min_scale: float, settings: Settings) -> Legend | None:
    """The legend of the whole map in rows as long as the page's width allows, a little above the
    smallest readable size."""
    from argmap.view.dot import legend_dot

    if not view.nodes:
        return None
    scale = min_scale * 1.1
    for per_row in (6, 5, 4, 3, 2, 1):
        source = legend_dot(view, theme=settings.theme, small=SMALL_PT, per_row=per_row)
        svg = run(source, "svg", settings)
        w, h = measure(svg)
        if w * scale <= room or per_row == 1:
            return Legend(svg, w, h, min(scale, room / w), source)
    return None


# ---------------------------------------------------------------------- writing the pages


def to_pdf(pages: PageLayout) -> bytes:
    """One PDF, one page per page of the layout, each drawing centred and scaled as laid out."""
    from reportlab.pdfgen import canvas  # type: ignore[import-untyped,unused-ignore]

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(pages.width, pages.height), invariant=1)
    pdf.setTitle(pages.pages[0].dot.split("\n", 1)[0].removeprefix("// argmap diagram of: "))
    for page in pages.pages:
        draw_page(pdf, pages, page)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def draw_page(canvas: Any, pages: PageLayout, page: Page) -> None:
    """Draw ``page`` (and the legend, on the page that carries it) onto a reportlab canvas of the
    layout's page size: ``to_pdf`` and the exercise worksheet both print pages this way."""
    from reportlab.graphics import renderPDF  # type: ignore[import-untyped,unused-ignore]
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(page.svg))
    if drawing is None:
        raise PagesError("svglib could not read the SVG made by the layout engine")
    x, y = page_origin(pages, page)
    drawing.scale(page.scale, page.scale)
    drawing.width, drawing.height = page.width * page.scale, page.height * page.scale
    renderPDF.draw(drawing, canvas, x, y)
    if pages.legend is not None and page.legend:
        key = svg2rlg(io.BytesIO(pages.legend.svg))
        if key is not None:
            lx, ly = legend_origin(pages, pages.legend)
            key.scale(pages.legend.scale, pages.legend.scale)
            renderPDF.draw(key, canvas, lx, ly)


def page_origin(pages: PageLayout, page: Page) -> tuple[float, float]:
    """Bottom-left corner of the scaled drawing (PDF coordinates), centred above the legend."""
    footer = pages.footer(page)
    return (
        (pages.width - page.width * page.scale) / 2,
        footer + (pages.height - footer - page.height * page.scale) / 2,
    )


def legend_origin(pages: PageLayout, legend: Legend) -> tuple[float, float]:
    return (pages.width - legend.width * legend.scale) / 2, pages.size.margin


def to_svg(pages: PageLayout) -> list[bytes]:
    """One SVG document per page, of the page's size in points, the drawing centred in it."""
    out = []
    for page in pages.pages:
        x, y = page_origin(pages, page)
        inner = _nested(page.svg, x, pages.height - y - page.height * page.scale, page.scale)
        if pages.legend is not None and page.legend:
            lx, ly = legend_origin(pages, pages.legend)
            key = pages.legend
            inner += _nested(key.svg, lx, pages.height - ly - key.height * key.scale, key.scale)
        head = (
            '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="{pages.width:.2f}pt" height="{pages.height:.2f}pt" '
            f'viewBox="0 0 {pages.width:.2f} {pages.height:.2f}">\n'
            f'<rect width="100%" height="100%" fill="#FFFFFF"/>\n'
        ).encode()
        out.append(head + inner + b"</svg>\n")
    return out


def _nested(svg: bytes, x: float, y: float, scale: float) -> bytes:
    """A Graphviz SVG document as an ``<svg>`` element placed at ``x, y`` (points, from the top left)
    and scaled by ``scale``."""
    inner = re.sub(rb"^.*?(<svg\b)", rb"\1", svg, count=1, flags=re.S)
    w, h = measure(svg)
    return SVG_SIZE.sub(
        lambda m: f'<svg x="{x:.2f}" y="{y:.2f}" width="{w * scale:.2f}" height="{h * scale:.2f}"'.encode(),
        inner,
        count=1,
    )


def to_png(pages: PageLayout, dpi: int = 150, *, theme: str = "color") -> list[bytes]:
    """One PNG per page, of the page's size at ``dpi``: each part laid out again by Graphviz at its
    scale and placed as in the PDF (Pillow, which reportlab brings, pastes them)."""
    from PIL import Image

    s = Settings(theme, "BT", False, None, 60.0)
    px = dpi / 72

    def bitmap(source: str, scale: float) -> Image.Image:
        source = re.sub(r"\{\n", f'{{\n  graph [dpi="{72 * scale * px:.2f}", pad="0"];\n', source, count=1)
        return Image.open(io.BytesIO(run(source, "png", s))).convert("RGB")

    out = []
    for page in pages.pages:
        sheet = Image.new("RGB", (round(pages.width * px), round(pages.height * px)), "white")
        x, y = page_origin(pages, page)
        drawing = bitmap(page.dot, page.scale)
        sheet.paste(drawing, (round(x * px), round((pages.height - y) * px) - drawing.height))
        if pages.legend is not None and page.legend:
            lx, ly = legend_origin(pages, pages.legend)
            key = bitmap(pages.legend_dot, pages.legend.scale)
            sheet.paste(key, (round(lx * px), round((pages.height - ly) * px) - key.height))
        buffer = io.BytesIO()
        sheet.save(buffer, "PNG", dpi=(dpi, dpi))
        out.append(buffer.getvalue())
    return out


def page_files(path: str, count: int) -> list[str]:
    """Where the pages of a layout go when a format holds one page per file: ``map.svg``, then
    ``map-2.svg``, ``map-3.svg``..."""
    from pathlib import PurePath

    p = PurePath(path)
    return [path] + [str(p.with_name(f"{p.stem}-{n}{p.suffix}")) for n in range(2, count + 1)]
