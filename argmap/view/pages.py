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
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from argmap.errors import ArgmapError
from argmap.view.build import View, ViewRelation
from argmap.view.dot import to_dot
from argmap.view.escape import dot_html
from argmap.view.layout import layout

__all__ = [
    "ORIENTATIONS",
    "PAGES",
    "Page", "PageLayout", "PageSize", "PagesError", "lay_out",
    "page_files",
    "to_pdf",
    "to_png",
    "to_svg",
]

BODY_PT = 11
"""The point size of a node's text in the DOT source (:mod:`argmap.view.dot`)."""
SMALL_PT = 10
"""Small type (ids, sources, arrow texts, legend) in a page layout: close to the body size, so that
the drawing can be scaled down further before its smallest words reach the minimum."""
GAP = 8.0
"""Points between the drawing and the legend under it."""
MAX_SCALE = 1.6
"""A small part is enlarged at most this much to fill its page."""


class PagesError(ArgmapError):
    """The map cannot be laid out on the page asked for; the message says what to do."""


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


@dataclass(slots=True)
class PageLayout:
    size: PageSize
    orientation: str
    width: float
    height: float
    pages: list[Page]
    legend: Legend | None = None

    @property
    def smallest_pt(self) -> float:
        """The smallest type anywhere in the layout, in points as printed."""
        scales = [p.scale for p in self.pages] + ([self.legend.scale] if self.legend else [])
        return min(scales) * SMALL_PT

    def footer(self, page: Page) -> float:
        """Height taken at the foot of ``page`` by the legend (and the gap above it)."""
        return self.legend.height * self.legend.scale + GAP if self.legend and page.legend else 0.0


@dataclass(frozen=True, slots=True)
class _Settings:
    theme: str
    direction: str
    legend: bool
    prefer: str | None
    timeout: float


_SIZE = re.compile(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def _measure(svg: bytes) -> tuple[float, float]:
    found = _SIZE.search(svg[:2000])
    if found is None:
        raise PagesError("the layout engine wrote an SVG without a size in points")
    return float(found.group(1)), float(found.group(2))


class _Planner:
    """Splits a view into parts that each fit a page, and draws them."""

    def __init__(self, view: View, area: tuple[float, float], min_scale: float, settings: _Settings) -> None:
        self.view = view
        self.area = area
        self.min_scale = min_scale
        self.settings = settings
        self.by_id = view.by_id
        self.rel_by_id = view.relation_by_id
        self.into: dict[str, list[ViewRelation]] = {}
        """Relations by target (a node, or for undercuts a relation id)."""
        for rel in view.relations:
            self.into.setdefault(rel.target, []).append(rel)
        self._cache: dict[tuple[frozenset[str], str], tuple[bytes, str, list[str]]] = {}
        self.home: dict[str, int] = {}
        """Page number of the part that owns each node (drawn in full there, with what bears on it)."""

    # ------------------------------------------------------------------ structure

    def premises_of(self, node_id: str) -> list[str]:
        out: list[str] = []
        for rel in self.into.get(node_id, []):
            out += rel.premises
            for under in self.into.get(rel.id, []):  # undercuts of this relation go with its target
                out += under.premises
        return out

    def subtree(self, root: str, taken: set[str]) -> list[str]:
        order, seen = [root], {root}
        for node_id in order:
            for p in self.premises_of(node_id):
                if p not in seen and p not in taken:
                    seen.add(p)
                    order.append(p)
        return order

    # ------------------------------------------------------------------ drawing one part

    def draw(self, nodes: Iterable[str], title: str, page_of: dict[str, int] | None) -> tuple[bytes, str, list[str]]:
        members = frozenset(nodes)
        key = (members, title if page_of is not None else "")
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._draw(members, title, page_of)
        return found

    def _draw(self, members: frozenset[str], title: str, page_of: dict[str, int] | None) -> tuple[bytes, str, list[str]]:
        view = self.view
        nodes = [n for n in view.nodes if n.id in members]
        relations: list[ViewRelation] = []
        incoming: dict[tuple[str, str, int], list[str]] = {}
        outgoing: dict[tuple[str, str, str, int], None] = {}

        def where(node_id: str) -> int:
            return (page_of or {}).get(node_id, 99)  # 99: a stand-in while measuring

        drawn_rels: set[str] = set()
        for rel in view.relations:
            target_here = rel.target in members if rel.kind != "undercuts" else rel.target in drawn_rels
            here = [p for p in rel.premises if p in members]
            if target_here and here:
                relations.append(rel if len(here) == len(rel.premises) else replace(rel, premises=here, junction=True))
                drawn_rels.add(rel.id)
            if target_here:
                for p in rel.premises:
                    if p not in members:
                        incoming.setdefault((rel.target, rel.kind, where(p)), []).append(p)
            elif here:
                target = rel.target
                if rel.kind == "undercuts":
                    under = self.rel_by_id.get(rel.target)
                    target = under.target if under is not None else rel.target
                for p in here:
                    outgoing[(p, rel.kind, target, where(target))] = None
        extra, markers = [], []
        groups: dict[tuple[str, str], list[int]] = {}
        for (target, kind, page), _premises in incoming.items():
            groups.setdefault((target, kind), []).append(page)
        for i, ((target, kind), pages) in enumerate(groups.items()):
            owner = self.home.get(target)
            this = (page_of or {}).get("\x00this", 0)
            if page_of is not None and owner is not None and owner != this and owner in pages:
                text = f"-> {target} continues on page {owner}"
            else:
                shown = sorted(set(pages))
                what = {"supports": "support", "attacks": "attacks", "undercuts": "undercuts"}.get(kind, kind)
                text = f"more {what}: page{'s' * (len(shown) > 1)} {', '.join(map(str, shown))}"
            markers.append(text)
            extra += _marker(f"more in {i}", text, target, kind, into=True)
        # Where a node on this page bears on one drawn elsewhere, its label says so (a marker node
        # above it would cost a whole rank of height).
        notes: dict[str, list[str]] = {}
        for premise, kind, target, page in outgoing:
            text = f"-> {kind} {target}, page {page}"
            markers.append(text)
            notes.setdefault(premise, []).append(text)
        nodes = [replace(n, notes=[*n.notes, *notes[n.id]]) if n.id in notes else n for n in nodes]
        part = View(title=title, nodes=nodes, relations=relations, total_nodes=len(nodes), total_relations=len(relations))
        s = self.settings
        source = to_dot(part, theme=s.theme, direction=s.direction, legend=False, small=SMALL_PT, extra=extra)
        svg = _run(source, "svg", s)
        return svg, source, markers

    def scale_of(self, svg: bytes) -> float:
        w, h = _measure(svg)
        return min(self.area[0] / w, self.area[1] / h, MAX_SCALE)

    def fits(self, nodes: Iterable[str]) -> bool:
        svg, _, _ = self.draw(nodes, self.view.title, None)
        return self.scale_of(svg) >= self.min_scale

    # ------------------------------------------------------------------ splitting

    def parts(self) -> list[list[str]]:
        view = self.view
        everything = [n.id for n in view.nodes]
        if self.fits(everything):
            return [everything]
        roots = [n.id for n in view.nodes if n.kind == "thesis"] or everything[:1]
        taken: set[str] = set()
        out: list[list[str]] = []
        for root in roots:
            out += self.split(root, taken)
        rest = [n for n in everything if n not in taken]
        while rest:  # nodes not connected to a thesis: their own parts
            out += self.split(rest[0], taken)
            rest = [n for n in rest if n not in taken]
        return out

    def split(self, root: str, taken: set[str]) -> list[list[str]]:
        members = self.subtree(root, taken)
        if self.fits(members):
            taken.update(members)
            return [members]
        taken.add(root)
        direct = [p for p in dict.fromkeys(self.premises_of(root)) if p not in taken]
        claims = [p for p in direct if self.by_id[p].kind in ("claim", "thesis")]
        leaves = [p for p in direct if p not in claims]
        taken.update(leaves)
        # The root with its evidence and its claims (whose own support goes on later pages).
        head = [root, *leaves, *claims]
        out = [head] if self.fits(head) else self.chunks(root, leaves, claims)
        for claim in claims:
            if claim not in taken:
                out += self.split(claim, taken)
        return out

    def chunks(self, root: str, leaves: list[str], claims: list[str]) -> list[list[str]]:
        """The root's direct premises a few at a time: as many as fit beside it on a page."""
        out: list[list[str]] = []
        current: list[str] = [root]
        for p in [*claims, *leaves]:
            if len(current) > 1 and not self.fits([*current, p]):
                out.append(current)
                current = [root]
            if len(current) == 1 and not self.fits([*current, p]):
                out.append([p])  # too big to share a page even with its claim: a page of its own
                continue
            current.append(p)
        if len(current) > 1 or not out:
            out.append(current)
        return out

    def pack(self, parts: list[list[str]]) -> list[list[str]]:
        """Parts share a page when they fit on it together: each goes on the first page with room."""
        pages: list[list[str]] = []
        for part in parts:
            if any(set(part) <= set(page) for page in pages):
                continue  # drawn already (a top-level claim with nothing under it)
            for i, page in enumerate(pages):
                merged = list(dict.fromkeys([*page, *part]))
                if self.fits(merged):
                    pages[i] = merged
                    break
            else:
                pages.append(part)
        return pages


def _ids(ids: list[str]) -> str:
    return ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")


def _marker(name: str, text: str, node: str, kind: str, *, into: bool) -> list[str]:
    quoted = '"' + name + '"'
    other = '"' + node.replace("\\", "\\\\").replace('"', '\\"') + '"'
    box = (
        f'  {quoted} [id="marker-{name.replace(" ", "-")}", class="argmap-marker", shape="box", style="dashed,rounded", '
        f'color="#555555", fontcolor="#333333", label=<<i>{dot_html(text)}</i>>];'
    )
    style = "dashed" if kind != "supports" else "solid"
    edge = f"  {quoted} -> {other}" if into else f"  {other} -> {quoted}"
    return [box, edge + f' [style="{style}", color="#777777", arrowhead="{"normal" if into else "none"}"];']


def _run(source: str, fmt: str, s: _Settings) -> bytes:
    from argmap.view.layout import LayoutError

    try:
        return layout(source, fmt, timeout=s.timeout, prefer=s.prefer)
    except LayoutError as exc:
        raise PagesError(str(exc)) from None


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
    settings = _Settings(theme, direction, legend, engine, timeout)
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


def _lay_out(view: View, size: PageSize, orientation: str, settings: _Settings) -> PageLayout:
    width, height = size.oriented(orientation)
    min_scale = size.min_pt / SMALL_PT
    # Slides are short: a legend under every drawing would take a third of each; they go without.
    wanted = settings.legend and size.name != "slide"
    legend = _legend(view, width - 2 * size.margin, min_scale, settings) if wanted else None
    area = (width - 2 * size.margin, height - 2 * size.margin)
    planner = _Planner(view, area, min_scale, settings)
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
        w, h = _measure(svg)
        pages.append(Page(number, group, svg, source, w, h, planner.scale_of(svg), markers))
    if legend is not None:
        _place_legend(pages, legend, area, min_scale, view.title, planner)
    return PageLayout(size, orientation, width, height, pages, legend)


def _place_legend(pages: list[Page], legend: Legend, area: tuple[float, float], min_scale: float, title: str, planner: _Planner) -> None:
    """The legend goes at the foot of the first page with room for it, or on a page of its own."""
    footer = legend.height * legend.scale + GAP
    for page in pages:
        scale = min(area[0] / page.width, (area[1] - footer) / page.height, MAX_SCALE)
        if scale >= min_scale:
            page.scale, page.legend = scale, True
            return
    svg, source, _ = planner.draw([], f"{title}: legend", {})
    w, h = _measure(svg)
    pages.append(Page(len(pages) + 1, [], svg, source, w, h, 1.0, [], True))


def _legend(view: View, room: float, min_scale: float, settings: _Settings) -> Legend | None:
    """The legend of the whole map in rows as long as the page's width allows, a little above the
    smallest readable size."""
    from argmap.view.dot import legend_dot

    if not view.nodes:
        return None
    scale = min_scale * 1.1
    for per_row in (6, 5, 4, 3, 2, 1):
        svg = _run(legend_dot(view, theme=settings.theme, small=SMALL_PT, per_row=per_row), "svg", settings)
        w, h = _measure(svg)
        if w * scale <= room or per_row == 1:
            return Legend(svg, w, h, min(scale, room / w))
    return None


# ---------------------------------------------------------------------- writing the pages


def to_pdf(pages: PageLayout) -> bytes:
    """One PDF, one page per page of the layout, each drawing centred and scaled as laid out."""
    from reportlab.graphics import renderPDF  # type: ignore[import-untyped,unused-ignore]
    from reportlab.pdfgen import canvas  # type: ignore[import-untyped,unused-ignore]
    from svglib.svglib import svg2rlg

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(pages.width, pages.height), invariant=1)
    pdf.setTitle(pages.pages[0].dot.split("\n", 1)[0].removeprefix("// argmap diagram of: "))
    for page in pages.pages:
        drawing = svg2rlg(io.BytesIO(page.svg))
        if drawing is None:
            raise PagesError("svglib could not read the SVG made by the layout engine")
        x, y = _origin(pages, page)
        drawing.scale(page.scale, page.scale)
        drawing.width, drawing.height = page.width * page.scale, page.height * page.scale
        renderPDF.draw(drawing, pdf, x, y)
        if pages.legend is not None and page.legend:
            key = svg2rlg(io.BytesIO(pages.legend.svg))
            if key is not None:
                lx, ly = _legend_origin(pages, pages.legend)
                key.scale(pages.legend.scale, pages.legend.scale)
                renderPDF.draw(key, pdf, lx, ly)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _origin(pages: PageLayout, page: Page) -> tuple[float, float]:
    """Bottom-left corner of the scaled drawing (PDF coordinates), centred above the legend."""
    footer = pages.footer(page)
    return (
        (pages.width - page.width * page.scale) / 2,
        footer + (pages.height - footer - page.height * page.scale) / 2,
    )


def _legend_origin(pages: PageLayout, legend: Legend) -> tuple[float, float]:
    return (pages.width - legend.width * legend.scale) / 2, pages.size.margin


def to_svg(pages: PageLayout) -> list[bytes]:
    """One SVG document per page, of the page's size in points, the drawing centred in it."""
    out = []
    for page in pages.pages:
        x, y = _origin(pages, page)
        inner = _nested(page.svg, x, pages.height - y - page.height * page.scale, page.scale)
        if pages.legend is not None and page.legend:
            lx, ly = _legend_origin(pages, pages.legend)
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
    w, h = _measure(svg)
    return _SIZE.sub(
        lambda m: f'<svg x="{x:.2f}" y="{y:.2f}" width="{w * scale:.2f}" height="{h * scale:.2f}"'.encode(),
        inner,
        count=1,
    )


def to_png(pages: PageLayout, dpi: int = 150) -> list[bytes]:
    """One PNG per page: the part laid out again at the page's scale and ``dpi``."""
    s = _Settings("color", "BT", True, None, 60.0)
    out = []
    for page in pages.pages:
        source = page.dot.replace(
            '  graph [id="argmap"', f'  graph [dpi="{dpi * page.scale:.1f}", pad="0.2", id="argmap"', 1
        )
        out.append(_run(source, "png", s))
    return out


def page_files(path: str, count: int) -> list[str]:
    """Where the pages of a layout go when a format holds one page per file: ``map.svg``, then
    ``map-2.svg``, ``map-3.svg``..."""
    from pathlib import PurePath

    p = PurePath(path)
    return [path] + [str(p.with_name(f"{p.stem}-{n}{p.suffix}")) for n in range(2, count + 1)]

