"""Make a Graphviz SVG fit to be inlined in the page: interactive, focusable, free of external references.

Graphviz copies the DOT ``id`` and ``class`` of each map node (``node-<id>``, ``argmap-node kind-...``) and
relation edge (``rel-<id>``, ``argmap-rel rel-...``) into the SVG ``<g>`` elements. Here each node group
gets ``tabindex="0"``, ``role="button"`` and an ``aria-label`` so that the diagram can be used with the
keyboard, and ``data-*`` attributes that the page script reads. The XML prolog, doctype and comments
are dropped, and so is anything that could load from elsewhere (``href`` to anything but a local
``#fragment``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping

__all__ = ["SVG_NS", "XLINK_NS", "SvgError", "prepare_svg"]

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

_G = f"{{{SVG_NS}}}g"
_TITLE = f"{{{SVG_NS}}}title"
_HREFS = ("href", f"{{{XLINK_NS}}}href")
_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.S)


class SvgError(ValueError):
    """The SVG from the layout engine cannot be read."""


def _edge_ends(title: str | None, names: Mapping[str, str]) -> tuple[str | None, str | None]:
    """Map node ids at the ends of an edge titled ``tail->head`` (DOT names may contain '-')."""
    if not title:
        return None, None
    start = title.find("->")
    while start != -1:
        tail, head = names.get(title[:start]), names.get(title[start + 2 :])
        if tail or head:
            return tail, head
        start = title.find("->", start + 1)
    return None, None


_PREMISE = re.compile(r"^premise-(.+)-\d+$")


def _relation_of(ident: str, classes: list[str]) -> str | None:
    """Relation id of an arrow (``rel-R``), a junction (``junction-R``) or a premise (``premise-R-1``)."""
    if "argmap-rel" in classes and ident.startswith("rel-"):
        return ident[len("rel-") :]
    if "argmap-junction" in classes and ident.startswith("junction-"):
        return ident[len("junction-") :]
    if "argmap-premise" in classes:
        m = _PREMISE.match(ident)
        return m.group(1) if m else None
    return None


def _classes(el: ET.Element) -> list[str]:
    return (el.get("class") or "").split()


def prepare_svg(
    svg: str | bytes,
    *,
    label: Callable[[str], str | None],
    node_classes: Mapping[str, list[str]] | None = None,
    relation_classes: Mapping[str, list[str]] | None = None,
    title: str = "Argument map",
) -> str:
    """The SVG as markup to put inside the HTML body.

    Args:
        svg: The SVG document from the layout engine.
        label: Map node id -> the accessible name of its group, or None for an id that is not a map node.
        node_classes: Extra classes per map node id (status, veiled evidence).
        relation_classes: Extra classes for the drawn parts of a relation, by relation id.
        title: Accessible name of the whole diagram.
    """
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    text = _PROLOG.sub("", text, count=1)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise SvgError(f"the diagram is not well-formed SVG: {exc}") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise SvgError(f"the diagram's root element is {root.tag}, not svg")
    node_classes = node_classes or {}
    relation_classes = relation_classes or {}
    # Size comes from the page's CSS; the viewBox is what zoom and pan move.
    for attr in ("width", "height"):
        root.attrib.pop(attr, None)
    root.set("id", "diagram")
    root.set("role", "group")
    root.set("aria-label", title)
    root.set("preserveAspectRatio", "xMidYMid meet")

    dot_names: dict[str, str] = {}
    for el in root.iter():
        for attr in _HREFS:
            href = el.get(attr)
            if href is not None and not href.startswith("#"):
                del el.attrib[attr]
        el.attrib.pop("style", None)  # inline style attributes would need 'unsafe-inline' under the CSP
        if el.tag != _G:
            continue
        ident = el.get("id") or ""
        classes = _classes(el)
        if "argmap-node" in classes and ident.startswith("node-"):
            node_id = ident[len("node-") :]
            name = label(node_id)
            if name is None:
                continue
            el.set("data-id", node_id)
            el.set("tabindex", "0")
            el.set("role", "button")
            el.set("aria-label", name)
            extra = node_classes.get(node_id, [])
            if extra:
                el.set("class", " ".join([*classes, *extra]))
            t = el.find(_TITLE)
            if t is not None and t.text:
                dot_names[t.text] = node_id
        else:
            rel = _relation_of(ident, classes)
            if rel:
                el.set("data-rel", rel)
                if relation_classes.get(rel):
                    el.set("class", " ".join([*classes, *relation_classes[rel]]))
    # Edges: record which map nodes each drawn edge joins, for hiding edges of hidden nodes.
    for el in root.iter(_G):
        if "edge" not in _classes(el):
            continue
        t = el.find(_TITLE)
        tail, head = _edge_ends(t.text if t is not None else None, dot_names)
        if tail:
            el.set("data-from", tail)
        if head:
            el.set("data-to", head)
    out = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return out
