"""Paint a Graphviz SVG onto a reportlab canvas: the few elements Graphviz writes, painted directly.

``svglib`` reads any SVG and builds a reportlab drawing of it first; for the page layout that was
nine tenths of ``render --page``'s time (16 s of 17 for a 500-node map). Graphviz writes a small,
regular subset: a top group with a ``transform``, and ``polygon``, ``polyline``, ``path`` (``M``,
``C``, ``L``, ``Z``, absolute), ``ellipse`` and ``text`` (Helvetica, bold or italic) with plain
presentation attributes. This paints that subset straight onto the canvas, and says so when it meets
something else (the caller then falls back to svglib). Text in other scripts is drawn in the fonts
:mod:`argmap.view.pdffonts` finds for it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from argmap.view.pdffonts import STANDARD, draw_string

__all__ = ["Unsupported", "paint_svg"]

_NS = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"-?[\d.]+(?:e-?\d+)?")
_PATH = re.compile(r"([MCLZmclz])([^MCLZmclz]*)")
_TRANSFORM = re.compile(r"(scale|rotate|translate)\(([^)]*)\)")
_SKIP = {"title", "desc", "metadata", "defs"}


class Unsupported(Exception):
    """The SVG holds something this painter does not draw (not written by Graphviz)."""


def paint_svg(canvas: Any, svg: bytes, x: float, top: float, scale: float) -> set[str]:
    """Paint ``svg`` (Graphviz's, sizes in points) with its top-left corner at ``x, top`` (PDF
    coordinates: ``top`` from the page's foot) and scaled by ``scale``; returns the characters of its
    text that no font of this machine prints (see :mod:`argmap.view.pdffonts`)."""
    root = ET.fromstring(svg)
    missing: set[str] = set()
    canvas.saveState()
    canvas.translate(x, top)
    canvas.scale(scale, -scale)  # SVG's y runs down the page
    try:
        _children(canvas, root, _Style(missing))
    finally:
        canvas.restoreState()
    return missing


class _Style:
    __slots__ = ("dash", "fill", "missing", "stroke", "width")

    def __init__(self, missing: set[str]) -> None:
        self.missing = missing  # characters no font prints, shared by the whole drawing
        self.fill: str | None = "black"
        self.stroke: str | None = None
        self.width = 1.0
        self.dash: str | None = None

    def child(self, element: ET.Element) -> _Style:
        get = element.get
        if all(get(name) is None for name in ("fill", "stroke", "stroke-width", "stroke-dasharray")):
            return self
        out = _Style(self.missing)
        out.fill = _paint(get("fill"), self.fill)
        out.stroke = _paint(get("stroke"), self.stroke)
        out.width = float(get("stroke-width") or self.width)
        out.dash = get("stroke-dasharray") or self.dash
        return out


def _paint(value: str | None, inherited: str | None) -> str | None:
    if value is None:
        return inherited
    return None if value in ("none", "transparent") else value


def _children(canvas: Any, parent: ET.Element, style: _Style) -> None:
    for element in parent:
        tag = element.tag.removeprefix(_NS)
        if tag in _SKIP:
            continue
        painter = _PAINTERS.get(tag)
        if painter is None:
            if "}" in tag:
                continue  # another namespace (e.g. sodipodi): nothing to paint
            raise Unsupported(f"an SVG <{tag}> element")
        painter(canvas, element, style.child(element))


def _group(canvas: Any, element: ET.Element, style: _Style) -> None:
    transform = element.get("transform")
    if transform:
        canvas.saveState()
        for name, args in _TRANSFORM.findall(transform):
            values = [float(v) for v in _NUMBER.findall(args)]
            if name == "scale":
                canvas.scale(values[0], values[-1])
            elif name == "translate":
                canvas.translate(values[0], values[1] if len(values) > 1 else 0.0)
            elif values and values[0]:
                canvas.rotate(-values[0])
        _children(canvas, element, style)
        canvas.restoreState()
    else:
        _children(canvas, element, style)


_COLOURS: dict[str, Any] = {}


def _colour(name: str) -> Any:
    """reportlab's colour for an SVG colour name or ``#rrggbb`` (parsed once: a big map repeats few)."""
    found = _COLOURS.get(name)
    if found is None:
        from reportlab.lib.colors import toColor  # type: ignore[import-untyped,unused-ignore]

        found = _COLOURS[name] = toColor(name)
    return found


def _set(canvas: Any, style: _Style) -> tuple[int, int]:
    fill = stroke = 0
    if style.fill is not None:
        canvas.setFillColor(_colour(style.fill))
        fill = 1
    if style.stroke is not None:
        canvas.setStrokeColor(_colour(style.stroke))
        canvas.setLineWidth(style.width)
        canvas.setDash([float(v) for v in _NUMBER.findall(style.dash)] if style.dash else [])
        stroke = 1
    return fill, stroke


def _points(text: str) -> list[float]:
    return [float(v) for v in _NUMBER.findall(text)]


def _op(fill: int, stroke: int) -> str:
    """The PDF operator that paints the current path: fill, stroke, both, or neither."""
    return ("n", "S", "f", "B")[fill * 2 + stroke]


def _poly(canvas: Any, element: ET.Element, style: _Style, *, close: bool) -> None:
    values = _points(element.get("points", ""))
    if len(values) < 4:
        return
    fill, stroke = _set(canvas, style)
    # Path operators written as PDF text: reportlab's path objects format every number in Python,
    # a fifth of the time of a big map's PDF.
    ops = [f"{values[0]:.2f} {values[1]:.2f} m"]
    ops += [f"{values[i]:.2f} {values[i + 1]:.2f} l" for i in range(2, len(values) - 1, 2)]
    if close:
        ops.append("h")
    ops.append(_op(fill if close else 0, stroke))
    canvas.addLiteral(" ".join(ops))


def _polygon(canvas: Any, element: ET.Element, style: _Style) -> None:
    _poly(canvas, element, style, close=True)


def _polyline(canvas: Any, element: ET.Element, style: _Style) -> None:
    _poly(canvas, element, style, close=False)


def _path(canvas: Any, element: ET.Element, style: _Style) -> None:
    fill, stroke = _set(canvas, style)
    ops: list[str] = []
    for command, args in _PATH.findall(element.get("d", "")):
        if command.islower():
            raise Unsupported("a relative SVG path command")
        values = _points(args)
        if command == "M":
            ops.append(f"{values[0]:.2f} {values[1]:.2f} m")
            ops += [f"{values[i]:.2f} {values[i + 1]:.2f} l" for i in range(2, len(values) - 1, 2)]
        elif command == "L":
            ops += [f"{values[i]:.2f} {values[i + 1]:.2f} l" for i in range(0, len(values) - 1, 2)]
        elif command == "C":
            ops += [" ".join(f"{v:.2f}" for v in values[i : i + 6]) + " c" for i in range(0, len(values) - 5, 6)]
        else:
            ops.append("h")
    if ops:
        ops.append(_op(fill, stroke))
        canvas.addLiteral(" ".join(ops))


def _ellipse(canvas: Any, element: ET.Element, style: _Style) -> None:
    fill, stroke = _set(canvas, style)
    cx, cy = float(element.get("cx", 0)), float(element.get("cy", 0))
    rx, ry = float(element.get("rx", 0)), float(element.get("ry", 0))
    canvas.ellipse(cx - rx, cy - ry, cx + rx, cy + ry, fill=fill, stroke=stroke)


def _text(canvas: Any, element: ET.Element, style: _Style) -> None:
    text = "".join(element.itertext())
    if not text:
        return
    bold = element.get("font-weight") == "bold"
    italic = element.get("font-style") == "italic"
    size = float(element.get("font-size") or 14.0)
    x, y = float(element.get("x", 0)), float(element.get("y", 0))
    r, g, b = _colour(style.fill or "black").rgb()
    # Moving the origin to the text and turning y up again, as PDF text, in one literal: reportlab's
    # translate, scale and colour calls format their numbers in Python, a big map's thousands of lines.
    canvas.saveState()
    canvas.addLiteral(f"1 0 0 -1 {x:.2f} {y:.2f} cm {r:.3f} {g:.3f} {b:.3f} rg")
    font = STANDARD[bold, italic]
    canvas.setFont(font, size)
    style.missing.update(draw_string(canvas, 0, 0, text, font, size, element.get("text-anchor", "start")))
    canvas.restoreState()


_PAINTERS = {
    "g": _group,
    "a": _group,
    "svg": _group,
    "polygon": _polygon,
    "polyline": _polyline,
    "path": _path,
    "ellipse": _ellipse,
    "text": _text,
}
