"""Writing a page layout (:mod:`argmap.view.pages`) as PDF, SVG or PNG pages.

PDF pages are painted by :mod:`argmap.view.svgpaint` (svglib for anything it does not know); SVG
pages nest each part's Graphviz SVG; PNG pages lay each part out again as a bitmap at its scale.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

from argmap.view.pagebase import SVG_SIZE, PagesError, Settings, measure, run
from argmap.view.pdffonts import draw_string, missing_note

if TYPE_CHECKING:
    from argmap.view.pages import Footer, Page, PageLayout

__all__ = ["draw_page", "footer_origin", "page_files", "to_pdf", "to_png", "to_svg"]

TITLE_FONT = "Helvetica-Bold"


def to_pdf(pages: PageLayout, notes: list[str] | None = None) -> bytes:
    """One PDF, one page per page of the layout, each drawn as laid out. A sentence on characters no
    font of this machine prints (:func:`argmap.view.pdffonts.missing_note`) is added to ``notes``."""
    from reportlab import rl_config  # type: ignore[import-untyped,unused-ignore]
    from reportlab.pdfgen import canvas  # type: ignore[import-untyped,unused-ignore]

    buffer = io.BytesIO()
    a85 = rl_config.useA85
    rl_config.useA85 = 0  # binary streams: ASCII85 only makes the file bigger, in pure Python, slowly
    try:
        pdf = canvas.Canvas(buffer, pagesize=(pages.width, pages.height), invariant=1)
        pdf.setTitle(pages.pages[0].title.split(" (page ", 1)[0] if pages.pages else "")
        missing: set[str] = set()
        for page in pages.pages:
            pages.check_time()
            missing |= draw_page(pdf, pages, page)
            pdf.showPage()
        pdf.save()
    finally:
        rl_config.useA85 = a85
    note = missing_note(missing)
    if note is not None and notes is not None:
        notes.append(note)
    return buffer.getvalue()


def draw_page(canvas: Any, pages: PageLayout, page: Page) -> set[str]:
    """Draw ``page`` (its title, parts and footer) onto a reportlab canvas of the layout's page size:
    ``to_pdf`` and the exercise worksheet both print pages this way. Returns the characters no font
    of this machine prints (drawn as ■)."""
    canvas.setFont(TITLE_FONT, pages.title_pt)
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    y = pages.height - pages.size.margin - pages.title_pt
    missing = draw_string(canvas, pages.width / 2, y, page.title, TITLE_FONT, pages.title_pt, "middle")
    for part in page.parts:
        missing |= _paint(canvas, part.svg, part.x, pages.height - part.y, page.scale)
    footer = pages.footer(page)
    if footer is not None:
        lx, ly = footer_origin(pages, footer)
        missing |= _paint(canvas, footer.svg, lx, ly + footer.height * footer.scale, footer.scale)
    return missing


def _paint(canvas: Any, svg: bytes, x: float, top: float, scale: float) -> set[str]:
    """Graphviz's SVG painted at ``x, top`` (PDF coordinates of its top-left corner), scaled: directly
    (:mod:`argmap.view.svgpaint`), or through svglib for anything that painter does not know."""
    from argmap.view.svgpaint import Unsupported, paint_svg

    try:
        return paint_svg(canvas, svg, x, top, scale)
    except Unsupported:
        pass
    from reportlab.graphics import renderPDF  # type: ignore[import-untyped,unused-ignore]
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(svg))
    if drawing is None:
        raise PagesError("svglib could not read the SVG made by the layout engine")
    h = measure(svg)[1]
    drawing.scale(scale, scale)
    renderPDF.draw(drawing, canvas, x, top - h * scale)
    return set()


def footer_origin(pages: PageLayout, footer: Footer) -> tuple[float, float]:
    """Bottom-left corner of the footer (PDF coordinates): centred at the foot of the page."""
    return (pages.width - footer.width * footer.scale) / 2, pages.size.margin


def to_svg(pages: PageLayout) -> list[bytes]:
    """One SVG document per page, of the page's size in points, the drawing placed as in the PDF."""
    from argmap.view.escape import dot_html

    out = []
    for page in pages.pages:
        inner = b"".join(_nested(part.svg, part.x, part.y, page.scale) for part in page.parts)
        footer = pages.footer(page)
        if footer is not None:
            lx, ly = footer_origin(pages, footer)
            inner += _nested(footer.svg, lx, pages.height - ly - footer.height * footer.scale, footer.scale)
        title = (
            f'<text x="{pages.width / 2:.2f}" y="{pages.size.margin + pages.title_pt:.2f}" text-anchor="middle" '
            f'font-family="Helvetica,sans-Serif" font-weight="bold" font-size="{pages.title_pt:.2f}" '
            f'fill="#1a1a1a">{dot_html(page.title)}</text>\n'
        )
        head = (
            '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="{pages.width:.2f}pt" height="{pages.height:.2f}pt" '
            f'viewBox="0 0 {pages.width:.2f} {pages.height:.2f}">\n'
            f'<rect width="100%" height="100%" fill="#FFFFFF"/>\n' + title
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

    s = Settings(theme, "BT", False, None, pages.timeout, deadline=pages.deadline)
    px = dpi / 72

    def bitmap(source: str, scale: float) -> Image.Image:
        source = re.sub(r"\{\n", f'{{\n  graph [dpi="{72 * scale * px:.2f}", pad="0"];\n', source, count=1)
        return Image.open(io.BytesIO(run(source, "png", s))).convert("RGB")

    out = []
    for page in pages.pages:
        sheet = Image.new("RGB", (round(pages.width * px), round(pages.height * px)), "white")
        for part in page.parts:
            drawing = bitmap(part.dot, page.scale)
            sheet.paste(drawing, (round(part.x * px), round(part.y * px)))
        footer = pages.footer(page)
        if footer is not None:
            lx, ly = footer_origin(pages, footer)
            key = bitmap(footer.dot, footer.scale)
            sheet.paste(key, (round(lx * px), round((pages.height - ly) * px) - key.height))
        _png_title(sheet, page.title, (pages.size.margin + pages.title_pt) * px, pages.title_pt * px)
        buffer = io.BytesIO()
        sheet.save(buffer, "PNG", dpi=(dpi, dpi))
        out.append(buffer.getvalue())
    return out


def _png_title(sheet: Any, title: str, baseline: float, size: float) -> None:
    """The page title centred on ``sheet`` at ``baseline``: in Pillow's own font, or in runs in the
    fonts the PDF takes for what that font does not have (:mod:`argmap.view.pdffonts`)."""
    from PIL import ImageDraw, ImageFont

    from argmap.view.pdffonts import font_file, runs, standard_text

    draw = ImageDraw.Draw(sheet)
    default = ImageFont.load_default(size=size)
    if standard_text(title):
        draw.text((sheet.width / 2, baseline), title, fill="#1a1a1a", font=default, anchor="ms")
        return
    parts = []
    for part in runs(title, "Helvetica")[0]:
        face = font_file(part.font)
        font = default if face is None else ImageFont.truetype(face[0], size=size, index=face[1])
        parts.append((part.text, font, font.getlength(part.text)))
    x = (sheet.width - sum(width for _, _, width in parts)) / 2
    for text, font, width in parts:
        draw.text((x, baseline), text, fill="#1a1a1a", font=font, anchor="ls")
        x += width


def page_files(path: str, count: int) -> list[str]:
    """Where the pages of a layout go when a format holds one page per file: ``map.svg``, then
    ``map-2.svg``, ``map-3.svg``..."""
    from pathlib import PurePath

    p = PurePath(path)
    return [path] + [str(p.with_name(f"{p.stem}-{n}{p.suffix}")) for n in range(2, count + 1)]
