"""worksheet.pdf: the worksheet printed on A4 or Letter, with room to write.

The PDF holds the instructions and items of worksheet.md (each blank a ruled box to write in), a
one-page glossary of the evidence types and relations, and the diagram fitted to the page so that its
smallest words are at least :data:`MIN_FONT` points; a diagram too large for that is cut into tiles
over several pages, each tile marked with its place (row and column).
"""

from __future__ import annotations

import io
import math
import re
from typing import TYPE_CHECKING, Any

from argmap.view.kinds import KINDS, RELATION_MEANINGS
from argmap.view.pdffonts import markup, missing_note, unprintable

if TYPE_CHECKING:
    from argmap.view.build import View

__all__ = ["GLOSSARY", "MIN_FONT", "PAPERS", "worksheet_pdf"]

MIN_FONT = 6.0
PAPERS = ("a4", "letter")

GLOSSARY: tuple[tuple[str, str], ...] = (
    *((name, kind.meaning) for name, kind in KINDS.items()),
    *RELATION_MEANINGS.items(),
)
"""Each kind of node and relation with what it means (from :data:`argmap.view.kinds.KINDS` and
:data:`~argmap.view.kinds.RELATION_MEANINGS`: a new evidence type is in it with its presentation)."""

_BLANK = re.compile(r"_{8,}")
_INLINE = re.compile(r"`([^`]*)`|\*\*([^*]*)\*\*")


def _escape(text: str, *, bold: bool = False) -> str:
    """``text`` as paragraph markup: escaped, and what the standard fonts cannot print (Greek,
    Cyrillic, CJK...) in a font of this machine that can (:mod:`argmap.view.pdffonts`); ``bold``:
    for a paragraph in a bold font."""
    return markup(text, bold=bold)


def _inline(text: str, *, bold: bool = False) -> str:
    """Markdown code and bold as reportlab markup; backslash escapes dropped. ``bold``: for a
    paragraph in a bold font (headings)."""
    out, last = [], 0
    for m in _INLINE.finditer(text):
        out.append(_escape(text[last : m.start()], bold=bold))
        if m.group(1) is not None:
            out.append(f'<font face="Courier">{_escape(m.group(1))}</font>')
        else:
            out.append(f"<b>{_escape(m.group(2), bold=True)}</b>")
        last = m.end()
    out.append(_escape(text[last:], bold=bold))
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", "".join(out)).replace("  ", " ")


CARD_LINE = 15.5
"""The height of a ruled line to write on, in points (5.5 mm: room for handwriting)."""


def _card(heading: str, fields: list[tuple[str, int]], width: float) -> Any:
    """One item to answer: its heading, then for each field its ruled lines, the label small in the
    first line's corner. Every card of a sheet has the same fields, so all are one size; a card is a
    single table row of its grid, so it is never split across pages."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    head = ParagraphStyle("card-head", fontName="Helvetica-Bold", fontSize=9, leading=11)
    label = ParagraphStyle("card-label", fontName="Helvetica-Oblique", fontSize=7, leading=8, textColor="#555555")
    rows: list[list[Any]] = [[Paragraph(heading, head)]]
    for name, lines in fields:
        rows.append([Paragraph(name, label)])
        rows += [[""] for _ in range(lines - 1)]
    heights = [13.0] + [CARD_LINE] * (len(rows) - 1)
    t = Table(rows, colWidths=[width], rowHeights=heights)
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#777777")),
            ]
        )
    )
    return t


def _grid(cards: list[Any], width: float) -> Any:
    """Cards two to a row; a table splits between rows only, so no card is ever cut by a page."""
    from reportlab.platypus import Table, TableStyle

    rows = [cards[i : i + 2] + [""] * (2 - len(cards[i : i + 2])) for i in range(0, len(cards), 2)]
    t = Table(rows, colWidths=[width / 2] * 2, splitByRow=1)
    t.answer_cards = True  # where the glossary goes before (see worksheet_pdf)
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return t


_FIELD_LINES = {"evidence": 2}


def _card_fields(items: list[str]) -> list[tuple[str, int]]:
    out = []
    for item in items:
        label = _BLANK.sub("", item).replace("“”", "").strip(" :“”")
        out.append((_inline(label), _FIELD_LINES.get(label.split(" ", 1)[0].lower(), 1)))
    return out


class _Story:
    """worksheet.md read line by line into reportlab flowables (see :func:`_story_from_markdown`)."""

    def __init__(self, width: float) -> None:
        from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

        self.width = width
        self.styles = getSampleStyleSheet()
        self.body = self.styles["BodyText"]
        self.item = ParagraphStyle("item", parent=self.body, fontSize=9.5, leading=11.5, spaceBefore=1)
        self.story: list[Any] = []
        self.paragraph: list[str] = []
        self.cards: list[Any] = []
        self.card: tuple[str, list[str]] | None = None
        self.in_table = False

    def flush(self) -> None:
        from reportlab.platypus import Paragraph

        if self.paragraph:
            self.story.append(Paragraph(_inline(" ".join(self.paragraph)), self.body))
            self.paragraph.clear()

    def close_card(self) -> None:
        from reportlab.platypus import Paragraph

        if self.card is not None:
            heading, items = self.card
            if items:
                self.cards.append(_card(_inline(heading, bold=True), _card_fields(items), self.width / 2 - 6))
            else:
                self.story.append(Paragraph(_inline(heading, bold=True), self.styles["Heading3"]))
            self.card = None

    def close_cards(self) -> None:
        self.close_card()
        if self.cards:
            self.story.append(_grid(self.cards, self.width))
            self.cards.clear()

    def line(self, line: str) -> None:
        if not line.strip():
            self.flush()
            self.in_table = False
            return
        if self.card is not None and _BLANK.search(line) and line.lstrip().startswith("- "):
            self.card[1].append(line.lstrip()[2:])
            return
        heading = re.match(r"^(#{1,3}) (.*)$", line)
        if heading and len(heading.group(1)) == 3:  # an item to answer: its blanks follow
            self.flush()
            self.close_card()
            self.card = (heading.group(2), [])
            return
        self.close_cards()
        if heading:
            self.heading(len(heading.group(1)), heading.group(2))
        elif line.startswith("|"):
            self.table_row(line)
        else:
            self.other(line)

    def heading(self, level: int, text: str) -> None:
        from reportlab.platypus import Paragraph

        self.flush()
        title = Paragraph(_inline(text, bold=True), self.styles[f"Heading{level}"])
        title.keepWithNext = True  # never a heading alone at the foot of a page
        self.story.append(title)

    def table_row(self, line: str) -> None:
        from reportlab.platypus import Paragraph

        self.flush()
        cells = [c.strip() for c in line.strip("|").split("|")]
        if set("".join(cells)) <= set("-: "):
            return
        self.story.append(Paragraph(_inline(" — ".join(cells)), self.body))
        self.in_table = True

    def other(self, line: str) -> None:
        from reportlab.platypus import KeepTogether, Paragraph, Preformatted, Spacer

        if line.startswith("    "):
            self.flush()
            self.story.append(Preformatted(line.strip(), self.styles["Code"]))
        elif _BLANK.search(line) and line.lstrip().startswith("- "):
            self.flush()
            self.story += [_card("", _card_fields([line.lstrip()[2:]]), self.width), Spacer(1, 4)]
        elif re.match(r"^\s*(- |\d+\. )", line):
            self.flush()
            text = _BLANK.sub("__________", re.sub(r"^\s*- ", "• ", line.strip()))
            self.story.append(Paragraph(_inline(text), self.item))
        elif re.match(r"^\s+Bears on:", line) and self.story and isinstance(self.story[-1], Paragraph):
            # the line to answer on stays on the page of its item
            answer = Paragraph(_inline(_BLANK.sub("__________", line.strip())), self.item)
            self.story[-1] = KeepTogether([self.story[-1], answer, Spacer(1, 6)])
        else:
            self.paragraph.append(line.strip())


def _story_from_markdown(md: str, width: float) -> list[Any]:
    """worksheet.md as flowables: headings, paragraphs, lists, and each item to answer a card."""
    story = _Story(width)
    for raw in md.splitlines():
        story.line(raw.rstrip())
    story.flush()
    story.close_cards()
    return story.story


def _text_points(svg: bytes, height: float) -> list[tuple[float, float]]:
    """Where the diagram's words are, in drawing coordinates (y up), to leave out empty tiles."""
    found = re.search(rb'class="graph" transform="[^"]*translate\(([-0-9.]+) ([-0-9.]+)\)', svg)
    tx, ty = (float(found.group(1)), float(found.group(2))) if found else (0.0, height)
    points = []
    for x, y in re.findall(rb'<text[^>]* x="([-0-9.]+)" y="([-0-9.]+)"', svg):
        points.append((float(x) + tx, height - (ty + float(y))))
    return points


def _diagram(svg: bytes, port_w: float, port_h: float, land_w: float, land_h: float) -> list[Any]:
    """The diagram as flowables, on portrait pages when it is taller than wide, else landscape:
    scaled to the page if its words stay >= MIN_FONT, else cut into tiles (empty ones left out)."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Paragraph
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(svg))
    if drawing is None:
        return []
    sizes = [float(x) for x in re.findall(rb'font-size="([0-9.]+)"', svg)] or [10.0]
    w, h = float(drawing.width), float(drawing.height)
    tall = h > w
    frame_w, frame_h = (port_w, port_h) if tall else (land_w, land_h)
    head = 40.0  # the part heading and its spacing
    fit = min(frame_w / w, (frame_h - head) / h, 1.5)
    scale = max(fit, MIN_FONT / min(sizes))
    tile_w, tile_h = frame_w, frame_h - head
    cols = max(1, math.ceil(w * scale / tile_w - 0.01))
    rows = max(1, math.ceil(h * scale / tile_h - 0.01))
    points = [(x * scale, y * scale) for x, y in _text_points(svg, h)]
    styles = getSampleStyleSheet()

    class Tile(Flowable):  # type: ignore[misc]
        def __init__(self, x: float, y: float, tw: float, th: float) -> None:
            super().__init__()
            self.x0, self.y0, self.width, self.height = x, y, tw, th

        def draw(self) -> None:
            from reportlab.graphics import renderPDF

            c = self.canv
            c.saveState()
            p = c.beginPath()
            p.rect(0, 0, self.width, self.height)
            c.clipPath(p, stroke=0, fill=0)
            c.translate(-self.x0, -self.y0)
            c.scale(scale, scale)
            renderPDF.draw(drawing, c, 0, 0)
            c.restoreState()

    tiles = []
    for r in range(rows):
        for col in range(cols):
            x0 = col * tile_w
            top = h * scale - r * tile_h
            y0 = max(0.0, top - tile_h)
            tw, th = min(tile_w, w * scale - x0), min(tile_h, top)
            if rows * cols == 1 or any(x0 <= x < x0 + tw and y0 <= y < y0 + th for x, y in points):
                tiles.append((r, col, x0, y0, tw, th))
    out: list[Any] = [NextPageTemplate("portrait" if tall else "landscape"), PageBreak()]
    for n, (r, col, x0, y0, tw, th) in enumerate(tiles, 1):
        title = (
            "The diagram"
            if len(tiles) == 1
            else f"The diagram, part {n} of {len(tiles)} (row {r + 1}, column {col + 1})"
        )
        out += [Paragraph(title, styles["Heading4"]), Tile(x0, y0, tw, th)]
        if n < len(tiles):
            out.append(PageBreak())
    return out


def _paged(view: View, paper: str, missing: set[str]) -> tuple[list[Any], list[Any]] | None:
    """The diagram laid out on whole pages by :func:`argmap.view.pages.lay_out` (split along the argument,
    with continuation markers, words >= 6 pt), as (page templates, flowables); None when it cannot be.
    The characters no font prints are added to ``missing`` as the pages are drawn."""
    from reportlab.platypus import Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate

    from argmap.errors import ArgmapError
    from argmap.view.pages import draw_page, lay_out

    try:
        pages = lay_out(view, page=paper, theme="print")
    except ArgmapError:
        return None
    size = (pages.width, pages.height)
    template = PageTemplate("diagram", [Frame(0, 0, *size, 0, 0, 0, 0)], pagesize=size)

    class Sheet(Flowable):  # type: ignore[misc]
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index, self.width, self.height = index, size[0], size[1]

        def draw(self) -> None:
            missing.update(draw_page(self.canv, pages, pages.pages[self.index]))

    flow: list[Any] = []
    for i in range(len(pages.pages)):
        flow += [NextPageTemplate("diagram"), PageBreak(), Sheet(i)]
    return [template], flow


def worksheet_pdf(
    markdown: str, svg: bytes | None, *, paper: str = "a4", view: View | None = None, notes: list[str] | None = None
) -> bytes:
    """The printable worksheet (see the module docstring). With the diagram's ``view``, the diagram is
    laid out on pages as ``argmap render --page`` lays it out; else the SVG is tiled. A sentence on
    characters no font of this machine prints is added to ``notes`` (once)."""
    from reportlab.lib.pagesizes import A4, LETTER, landscape
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Paragraph

    from argmap.exercises.worksheet import reproducible_pdf

    reproducible_pdf()
    size = A4 if paper == "a4" else LETTER
    buf = io.BytesIO()
    margin = 12 * mm
    doc = BaseDocTemplate(buf, pagesize=size, title="Worksheet", author="argmap")
    wide = landscape(size)
    doc.addPageTemplates(
        [
            PageTemplate(
                "portrait", [Frame(margin, margin, size[0] - 2 * margin, size[1] - 2 * margin)], pagesize=size
            ),
            PageTemplate(
                "landscape", [Frame(margin, margin, wide[0] - 2 * margin, wide[1] - 2 * margin)], pagesize=wide
            ),
        ]
    )
    width = size[0] - 2 * margin
    story = _story_from_markdown(markdown, width)
    styles = getSampleStyleSheet()
    small = ParagraphStyle("glossary", parent=styles["BodyText"], fontSize=8.5, leading=10.5, spaceBefore=0)
    glossary: list[Any] = [Paragraph("Glossary: evidence types and relations", styles["Heading4"])]
    for term, meaning in GLOSSARY:
        glossary.append(Paragraph(f"<b>{term}</b>: {_escape(meaning)}", small))
    # Before the items to answer (with their heading), so that it is at hand; else at the end.
    first = next((i for i, f in enumerate(story) if getattr(f, "answer_cards", False)), len(story))
    if 0 < first < len(story) and getattr(story[first - 1], "keepWithNext", False):
        first -= 1
    story.insert(first, KeepTogether(glossary))
    missing = unprintable(markdown)
    paged = _paged(view, paper, missing) if view is not None else None
    if paged is not None:
        templates, flow = paged
        doc.addPageTemplates(templates)
        story += flow
    elif svg:
        story += _diagram(svg, width, size[1] - 2 * margin, wide[0] - 2 * margin, wide[1] - 2 * margin)
    doc.build(story)
    note = missing_note(missing)
    if note is not None and notes is not None and note not in notes:
        notes.append(note)
    return buf.getvalue()
