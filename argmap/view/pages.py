"""Page-aware layout: a view laid out for A4, A3, Letter or a 16:9 slide, readable as printed.

Every word is printed at least :attr:`PageSize.min_pt` points high (7 pt on A4 and Letter, 9 pt on A3,
12 pt on a slide taken as 960 x 540 pt), and all pages of one output share one size: the largest at
which every page holds its parts. A map too big for one page is split along its structure (see
:mod:`argmap.view.split`): the thesis and its top-level claims, then each claim with everything under
it; a part still too big is split again at its own claims, and a claim with too much evidence gets it
in chunks. Each part is laid out once; parts share a page in rows when they fit together. Where the
argument goes on elsewhere, a note says where (``-> C6 continues on page 2``), and an arrow's
warrant that no page draws is written in that note: nothing is shrunk below the minimum and nothing
is left out. A page draws each node in full once: where a part goes on from a node its page draws in
another part, that part's root is a dotted box that names it (:func:`~argmap.view.packing.references`).
The first page carries the legend; every other page a compact key.

For Python callers (the exercises' worksheet uses this)::

    from argmap.view.pages import lay_out, to_pdf
    pdf = to_pdf(lay_out(view, page="a4"))            # bytes of a multi-page PDF
    svgs = to_svg(lay_out(view, page="slide"))         # one SVG document per page
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from argmap.view.build import View
from argmap.view.merging import ROUNDS as ROUNDS_MERGED
from argmap.view.merging import Merger
from argmap.view.packing import GAP, pack, page_scale, references
from argmap.view.pagebase import (
    MAX_SCALE,
    ORIENTATIONS,
    PAGES,
    SMALL_PT,
    Drawn,
    PagesError,
    PageSize,
    Settings,
    measure,
    run_all,
    text_width,
    timed_out,
)
from argmap.view.pagewrite import draw_page, page_files, to_pdf, to_png, to_svg
from argmap.view.split import Planner

__all__ = [
    "ORIENTATIONS",
    "PAGES",
    "Footer",
    "Page",
    "PageLayout",
    "PageSize",
    "PagesError",
    "Placed",
    "draw_page",
    "lay_out",
    "page_files",
    "to_pdf",
    "to_png",
    "to_svg",
]

ROUNDS = 3
"""Times a part found bigger than its estimate is split again before its page is printed smaller."""
MERGES = 3
"""Times parts on one page going on from one node are merged, each time with the pages packed again."""


Planned = tuple[dict[str, int], dict[str, list[int]], dict[tuple[str, ...], int]]
"""The planner's owners, continuations and evidence rows of one way of merging the parts."""


@dataclass(slots=True)
class Placed:
    """One part of the map on its page: the drawing (page numbers filled in) and where it goes."""

    svg: bytes
    dot: str
    width: float
    """The drawing's own size in points, before scaling."""
    height: float
    x: float = 0.0
    """Top-left corner on the page, in points from the page's top left."""
    y: float = 0.0


@dataclass(slots=True)
class Page:
    number: int
    nodes: list[str]
    parts: list[Placed]
    scale: float
    """Drawing points per page point: the smallest type is ``SMALL_PT * scale`` points as printed."""
    title: str = ""
    markers: list[str] = field(default_factory=list)
    """The continuation notes drawn on this page."""
    legend: bool = False
    """The legend is drawn at the foot of this page (else the compact key)."""

    @property
    def dot(self) -> str:
        """The DOT sources of the page's parts (what the page is drawn from)."""
        return "\n".join(p.dot for p in self.parts)


@dataclass(slots=True)
class Footer:
    """The legend (first page) or the compact key (the others), laid out once."""

    svg: bytes
    width: float
    height: float
    scale: float
    dot: str = ""

    @property
    def room(self) -> float:
        return self.height * self.scale + GAP


@dataclass(slots=True)
class PageLayout:
    size: PageSize
    orientation: str
    width: float
    height: float
    pages: list[Page]
    legend: Footer | None = None
    key: Footer | None = None
    title_pt: float = 14.0
    deadline: float = 0.0
    timeout: float = 60.0
    layouts: int = 0
    """Graphviz runs it took (the benchmark reports it)."""

    @property
    def legend_dot(self) -> str:
        return self.legend.dot if self.legend else ""

    @property
    def smallest_pt(self) -> float:
        """The smallest type anywhere in the layout, in points as printed."""
        scales = [p.scale for p in self.pages if p.parts]
        scales += [f.scale for f in (self.legend, self.key) if f is not None]
        return min(scales, default=1.0) * SMALL_PT

    def footer(self, page: Page) -> Footer | None:
        return self.legend if page.legend else self.key

    def check_time(self) -> None:
        if self.deadline and time.monotonic() > self.deadline:
            raise PagesError(timed_out(self.timeout))


def lay_out(
    view: View,
    page: str = "a4",
    orientation: str | None = None,
    *,
    theme: str = "color",
    direction: str | None = None,
    legend: bool = True,
    engine: str | None = None,
    timeout: float = 60.0,
) -> PageLayout:
    """``view`` laid out on pages of size ``page`` (a4, a3, letter, slide), split where it must be.

    ``orientation``: portrait or landscape; None chooses the one that needs fewer pages by the
    estimates (slides are landscape). ``direction``: where arrows point; None: the page's own
    (:attr:`PageSize.direction`). ``timeout`` bounds the whole layout. Raises
    :class:`PagesError` for an unknown page or orientation, a layout failure or the timeout.
    """
    size = PAGES.get(page)
    if size is None:
        raise PagesError(f"unknown page {page!r}: use one of {', '.join(PAGES)}", code=2)
    if orientation is not None and orientation not in ORIENTATIONS:
        raise PagesError(f"unknown orientation {orientation!r}: use portrait or landscape", code=2)
    if size.name == "slide" and orientation == "portrait":  # 9:16 is no slide, and 12 pt does not fit it
        raise PagesError(
            "a slide is 16:9 landscape: leave out --orientation, or print portrait with --page a4, a3 or letter", code=2
        )
    direction = direction or size.direction
    settings = Settings(theme, direction, legend, engine, timeout, deadline=time.monotonic() + timeout)
    if orientation is not None:
        choices = [orientation]
    elif size.name == "slide":
        choices = ["landscape"]
    else:
        choices = list(ORIENTATIONS)
    sheets = {
        choice: _Sheet(view, size, choice, replace(settings, width=text_width(size.name, choice, direction)))
        for choice in choices
    }
    best = min(choices, key=lambda c: (sheets[c].estimated_pages(), -sheets[c].room[0]))
    return sheets[best].lay_out()


class _Sheet:
    """Laying ``view`` out on pages of one size and orientation."""

    def __init__(self, view: View, size: PageSize, orientation: str, settings: Settings) -> None:
        self.view, self.size, self.orientation, self.settings = view, size, orientation, settings
        self.width, self.height = size.oriented(orientation)
        self.target = size.min_pt / SMALL_PT
        self.title_pt = max(size.min_pt + 3, 12.0)
        self.room = (self.width - 2 * size.margin, self.height - 2 * size.margin - self.title_pt * 1.6)
        self._footers: tuple[Footer | None, Footer | None] | None = None
        self.in_runs = False
        """Some parts going on from one node were merged in runs (see :meth:`_merged`)."""
        self.planner = Planner(view, self._budget(), settings)

    # ------------------------------------------------------------------ footers and room

    def _footer_heights(self) -> tuple[float, float]:
        """Estimated room the legend (first page) and the key (others) take, before laying them out."""
        if not self.settings.legend or not self.view.nodes:
            return 0.0, 0.0
        line = SMALL_PT * self.target * 2.6
        entries = len(self.view.node_kinds()) + len(self.view.relation_kinds())
        per_row = max(1, int(self.room[0] / (SMALL_PT * self.target * 9)))
        return line * (1 + (entries + 3) // per_row) + 24 * self.target, line + 24 * self.target

    def _budget(self) -> tuple[tuple[float, float], tuple[float, float]]:
        first, other = self._footer_heights()
        w = self.room[0] / self.target
        return (w, (self.room[1] - first - GAP) / self.target), (w, (self.room[1] - other - GAP) / self.target)

    def footers(self) -> tuple[Footer | None, Footer | None]:
        if self._footers is None:
            if not self.settings.legend or not self.view.nodes:
                self._footers = (None, None)
            else:
                self._footers = self._footer_pair()
        return self._footers

    def _footer_pair(self) -> tuple[Footer, Footer]:
        """The legend and the compact key, each in the most entries a row that fits the page's width:
        every choice laid out together (:func:`run_all`)."""
        from argmap.view.dot import legend_dot

        room = self.room[0]
        choices = [(False, n) for n in (12, 9, 7, 6, 5, 4, 3, 2, 1)] + [(True, n) for n in (0, 6, 4, 3, 2)]
        sources = [
            legend_dot(self.view, theme=self.settings.theme, small=SMALL_PT, per_row=n, compact=compact)
            for compact, n in choices
        ]
        svgs, runs = run_all(sources, self.settings)
        self.planner.layouts += runs
        out: list[Footer] = []
        for kind in (False, True):
            options = [
                (svg, src) for (compact, _), svg, src in zip(choices, svgs, sources, strict=True) if compact == kind
            ]
            for n, (svg, source) in enumerate(options):
                w, h = measure(svg)
                if w * self.target <= room or n == len(options) - 1:
                    out.append(Footer(svg, w, h, min(self.target, room / w), source))
                    break
        return out[0], out[1]

    # ------------------------------------------------------------------ planning and packing

    def estimated_pages(self) -> int:
        parts = self.planner.parts()
        sizes = [self.planner.estimate(p) for p in parts]
        first, other = self._footer_heights()
        return len(self._pack(sizes, (self.room[1] - first - GAP, self.room[1] - other - GAP)))

    def _pack(self, sizes: list[tuple[float, float]], heights: tuple[float, float]) -> list[list[list[int]]]:
        return pack(sizes, heights, self.target, self.room[0])

    def _drawn_parts(self, heights: tuple[float, float]) -> tuple[list[list[str]], list[Drawn]]:
        """Parts drawn; a part bigger than the page at the size aimed at is split again (a few rounds),
        the others left as planned (and, unchanged, not laid out again)."""
        planner = self.planner
        everything = [n.id for n in self.view.nodes]
        w, h = planner.estimate(everything)
        if everything and w * h <= 2 * planner.budgets[0][0] * planner.budgets[0][1]:
            # Near one page by the estimates: the whole map laid out shows whether it fits.
            planner.owner, planner.continued = dict.fromkeys(everything, 0), {}
            whole = planner.draw_all([everything])
            if self._over(whole[0], heights[0]) <= 1:
                return [everything], whole
        for _ in range(ROUNDS + 1):
            parts = planner.parts()
            drawn = planner.draw_all(parts)
            cramped = {
                frozenset(d.nodes): (d.nodes, self._over(d, heights[i > 0]))
                for i, d in enumerate(drawn)
                if len(d.nodes) > 2 and self._over(d, heights[i > 0]) > 1
            }
            if set(cramped) <= planner.cramped:
                break
            planner.cramped |= set(cramped)
            for nodes, over in cramped.values():
                planner.shrink(nodes, over)
        return parts, drawn

    def _over(self, d: Drawn, height: float) -> float:
        """How many times too big for its page ``d`` is at the size aimed at (1 or less: it fits)."""
        return max(d.width * self.target / self.room[0], d.height * self.target / height)

    def lay_out(self) -> PageLayout:
        first, other = self.footers()
        heights = (
            self.room[1] - (first.room if first else 0.0),
            self.room[1] - (other.room if other else 0.0),
        )
        # A legend taller than a third of the page (a slide's) gets the first page to itself.
        alone = first is not None and first.room > self.room[1] / 3
        if alone:
            heights = (heights[1], heights[1])
            self.planner.budgets = (self.planner.budgets[1], self.planner.budgets[1])
        parts, drawn = self._all_merged(*self._drawn_parts(heights), heights)
        packed, drawn = self._numbered(parts, drawn, heights, alone)
        return self._pages(parts, packed, drawn, heights, (first, other))

    def _all_merged(
        self, planned: list[list[str]], drawn: list[Drawn], heights: tuple[float, float]
    ) -> tuple[list[list[str]], list[Drawn]]:
        """The parts merged (:meth:`_merged`, a few passes) in runs, and, where runs were used, also as
        before runs (each group whole or not at all): whichever takes fewer pages, then fewer parts (the
        runs of one page's group change what the next pass merges). The planner is left as it drew them."""
        owner, continued = self.planner.owner, self.planner.continued
        best: tuple[tuple[int, int], list[list[str]], list[Drawn], Planned] | None = None
        self.in_runs = False
        for rounds in (ROUNDS_MERGED, 0):
            if rounds == 0 and not self.in_runs:
                break  # no group was merged in runs: as before
            self.planner.owner, self.planner.continued = owner, continued
            parts, merged = planned, drawn
            for _ in range(MERGES):  # parts merged may leave room for one more part from the same node
                parts, merged, changed = self._merged(parts, merged, heights, rounds)
                if not changed:
                    break
            score = (len(self._pack([(d.width, d.height) for d in merged], heights)), len(parts))
            if best is None or score < best[0]:
                state = (self.planner.owner, self.planner.continued, dict(self.planner.rows))
                best = (score, parts, merged, state)
        assert best is not None
        _, parts, merged, (self.planner.owner, self.planner.continued, self.planner.rows) = best
        return parts, merged

    def _merged(
        self, parts: list[list[str]], drawn: list[Drawn], heights: tuple[float, float], rounds: int
    ) -> tuple[list[list[str]], list[Drawn], bool]:
        """Parts that go on from one node and land on one page, drawn as one part: the node once, with
        all it holds on that page (a claim is not repeated beside itself); in consecutive runs where
        one part would not fit its page at the size aimed at (``rounds``: times the runs are made
        shorter), and kept apart where merging would take more pages (:class:`~argmap.view.merging.Merger`).
        The flag: whether any were merged."""

        def over(d: Drawn) -> float:
            return max(d.width * self.target / self.room[0], d.height * self.target / min(heights))

        def pack(sizes: list[tuple[float, float]], first: bool) -> list[list[list[int]]]:
            return self._pack(sizes, heights if first else (heights[1], heights[1]))

        merger = Merger(self.planner, pack, over, rounds)
        merged, again = merger.merged(parts, drawn)
        self.in_runs |= merger.in_runs
        return merged, again, len(merged) != len(parts)

    def _numbered(
        self, parts: list[list[str]], drawn: list[Drawn], heights: tuple[float, float], alone: bool
    ) -> tuple[list[list[list[int]]], list[Drawn]]:
        """The parts packed on pages and laid out again with the page numbers in their notes (one more
        run of the engine for all), a part's root drawn as a reference where its page draws it in
        full in another part (:func:`~argmap.view.packing.references`). A page of several parts that
        no longer fits at the size aimed at (a list of pages longer than its token) is packed again,
        once, with the parts as numbered."""
        sizes = [(d.width, d.height) for d in drawn]
        for again in (False, True):
            packed = self._pack(sizes, heights)
            if alone:
                packed.insert(0, [])
            page_of_part = {i: n for n, page in enumerate(packed, 1) for row in page for i in row}
            pages = [page_of_part[i] for i in range(len(parts))]
            drawn = self.planner.draw_all(parts, pages, references(parts, packed))
            short = any(
                sum(map(len, page)) > 1 and page_scale(page, drawn, self.room[0], heights[n > 0]) < self.target * 0.999
                for n, page in enumerate(packed)
            )
            if not short or again:
                break
            sizes = [(max(w, d.width), max(h, d.height)) for (w, h), d in zip(sizes, drawn, strict=True)]
        return packed, drawn

    def _pages(
        self,
        parts: list[list[str]],
        packed: list[list[list[int]]],
        drawn: list[Drawn],
        heights: tuple[float, float],
        footers: tuple[Footer | None, Footer | None],
    ) -> PageLayout:
        """The pages at one size, the largest at which every page holds its parts."""
        first, other = footers
        scales = [page_scale(page, drawn, self.room[0], heights[n > 0]) for n, page in enumerate(packed)]
        common = min([s for s in scales if s >= self.target * 0.999] or [self.target])
        common = min(common, MAX_SCALE)
        total = len(packed)
        pages: list[Page] = []
        for n, page in enumerate(packed):
            scale = min(common, scales[n])
            placed = self._place(page, drawn, scale, heights[n > 0])
            nodes = list(dict.fromkeys(node for row in page for i in row for node in parts[i]))
            markers = [m for row in page for i in row for m in drawn[i].markers]
            title = self.view.title if total == 1 else f"{self.view.title} (page {n + 1} of {total})"
            pages.append(Page(n + 1, nodes, placed, scale, title, markers, legend=n == 0 and first is not None))
        return PageLayout(
            self.size,
            self.orientation,
            self.width,
            self.height,
            pages,
            first,
            other,
            self.title_pt,
            self.settings.deadline,
            self.settings.timeout,
            self.planner.layouts,
        )

    def _place(self, page: list[list[int]], drawn: list[Drawn], scale: float, height: float) -> list[Placed]:
        """The page's parts in rows, each row centred, the block centred in the room above the footer."""
        m = self.size.margin
        tall = sum(max(drawn[i].height for i in row) for row in page) * scale + GAP * (len(page) - 1)
        y = m + self.title_pt * 1.6 + max(0.0, (height - tall) / 2)
        out: list[Placed] = []
        for row in page:
            width = sum(drawn[i].width for i in row) * scale + GAP * (len(row) - 1)
            x = (self.width - width) / 2
            row_h = max(drawn[i].height for i in row) * scale
            for i in row:
                d = drawn[i]
                out.append(Placed(d.svg, d.dot, d.width, d.height, x, y + (row_h - d.height * scale) / 2))
                x += d.width * scale + GAP
            y += row_h + GAP
        return out
