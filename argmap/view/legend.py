"""The legend of a diagram: every shape, line and border it uses, explained (and the compact key of
a page layout's later pages)."""

from __future__ import annotations

import itertools

from argmap.view.build import View
from argmap.view.escape import dot_attrs as _attrs
from argmap.view.escape import dot_html
from argmap.view.escape import dot_quoted as _q
from argmap.view.kinds import presentation
from argmap.view.labels import GROUNDING_BADGES
from argmap.view.themes import EDGE_STYLES, RELATION_LABELS, STATUS_LABELS, Theme, get_theme

__all__ = ["legend_dot", "legend_lines"]


def legend_lines(view: View, theme: Theme, small: int = 9, per_row: int = 0, compact: bool = False) -> list[str]:
    """A cluster explaining every shape, line and border used in this diagram, and only those.

    ``compact``: the key of a page after the first, one row of shapes and lines under the title "Key"
    (no junction, arrow-text or border entries: the first page's legend explains those)."""
    entries = _Entries(theme, small, compact)
    entries.shapes(view)
    entries.lines(view)
    if not compact:
        entries.extras(view)
    if not entries.items:
        return []
    return entries.arranged(view, per_row)


def _short(legend: str) -> str:
    """A kind's name in the compact key: ``absence`` for ``Evidence: absence (expected, did not happen)``."""
    return legend.removeprefix("Evidence: ").split(" (", 1)[0]


class _Entries:
    """The legend's entries, in order: DOT lines (``items``) and the node that heads each (``names``)."""

    def __init__(self, theme: Theme, small: int, compact: bool) -> None:
        self.theme, self.small, self.compact = theme, small, compact
        self.items: list[str] = []
        self.names: list[str] = []
        self.pairs: dict[str, str] = {}
        """An entry drawn as two nodes (a line and its label): the first node's partner."""

    def shapes(self, view: View) -> None:
        """One node per kind of node drawn, in its shape and fill."""
        theme, compact = self.theme, self.compact
        for kind in view.node_kinds():
            presented = presentation(kind)
            shape = presented.shape
            name = f"legend {kind}"
            attrs = [
                ("shape", shape.dot_shape),
                ("style", ",".join(["filled", *([shape.dot_style] if shape.dot_style else [])])),
                ("fillcolor", presented.fills[theme.name]),
                ("color", theme.border),
                ("label", _short(presented.legend) if compact else presented.legend),
                ("fontsize", f"{self.small}"),
            ]
            if compact:  # as narrow as its word: the key fits a slide's width in one row
                attrs += [("height", "0.25"), ("width", "0.3"), ("margin", "0.06,0.02")]
            if shape.peripheries != 1:
                attrs.append(("peripheries", str(shape.peripheries)))
            self.items.append(f"    {_q(name)} {_attrs(attrs)};")
            self.names.append(name)

    def lines(self, view: View) -> None:
        """One short arrow and its name per kind of relation drawn."""
        theme, small = self.theme, self.small
        narrow = [("width", "0.3"), ("height", "0.25")] if self.compact else []
        for kind in view.relation_kinds():
            style = EDGE_STYLES[kind]
            a, b = f"legend {kind} from", f"legend {kind}"
            self.items.append(
                f"    {_q(a)} {_attrs([('shape', 'point'), ('width', '0.05'), ('color', theme.edges[kind])])};"
            )
            label = f"<{dot_html(kind if self.compact else RELATION_LABELS[kind])}>"
            self.items.append(
                f"    {_q(b)} {_attrs([('shape', 'plaintext'), ('label', label), ('fontsize', f'{small}'), *narrow])};"
            )
            edge = [("style", style.dot_style), ("arrowhead", style.arrowhead), ("color", theme.edges[kind])]
            self.items.append(f"    {_q(a)} -> {_q(b)} {_attrs(edge)};")
            self.items.append(f"    {{rank=same; {_q(a)}; {_q(b)}}}")
            self.names.append(a)
            self.pairs[a] = b

    def extras(self, view: View) -> None:
        """The full legend's junction, arrow-text and border entries, where the diagram has them."""
        small = self.small
        if view.has_junctions():
            self.items.append(f"    {_q('legend junction')} {_attrs([('shape', 'point'), ('width', '0.09')])};")
            text = "junction: linked premises, count only together"
            self.items.append(
                f"    {_q('legend junction text')} "
                f"{_attrs([('shape', 'plaintext'), ('label', text), ('fontsize', f'{small}')])};"
            )
            self.items.append(
                f"    {_q('legend junction')} -> {_q('legend junction text')} {_attrs([('style', 'invis')])};"
            )
            self.items.append(f"    {{rank=same; {_q('legend junction')}; {_q('legend junction text')}}}")
            self.names.append("legend junction")
        if any(r.warrant or r.qualifier for r in view.relations):
            label = "<<i>italic on an arrow</i>: warrant, qualifier>"
            warrant = _attrs([("shape", "plaintext"), ("label", label), ("fontsize", f"{small}")])
            self.items.append(f"    {_q('legend warrant')} {warrant};")
            self.names.append("legend warrant")
        groundings = list(dict.fromkeys(n.grounding for n in view.nodes if n.status and n.grounding))
        if groundings:  # the word beside the standing on a badge: STANDS · EVIDENCED
            order = [g for g in GROUNDING_BADGES if g in groundings]
            words = " / ".join(GROUNDING_BADGES[g].upper() for g in order)
            text = f"{words}: how far a claim rests on evidence"
            attrs = [("shape", "plaintext"), ("label", text), ("fontsize", f"{small}")]
            self.items.append(f"    {_q('legend grounding')} {_attrs(attrs)};")
            self.names.append("legend grounding")
        for status in view.statuses():
            name = f"legend status {status}"
            attrs = [
                ("shape", "box"),
                ("color", self.theme.status[status]),
                ("penwidth", f"{self.theme.status_width[status]:g}"),
                ("label", STATUS_LABELS[status]),
                ("fontsize", f"{small}"),
            ]
            self.items.append(f"    {_q(name)} {_attrs(attrs)};")
            self.names.append(name)

    def arranged(self, view: View, per_row: int) -> list[str]:
        """The entries in rows: a compact strip, the shapes in one row, thesis first; the lines,
        junction and borders in a second row under it. Invisible edges keep each row in reading order
        and put the rows one above the other."""
        names, pairs, small, theme = self.names, self.pairs, self.small, self.theme
        kinds = set(view.node_kinds())
        shapes = [n for n in names if n.removeprefix("legend ") in kinds]
        others = [n for n in names if n not in shapes]
        step = per_row or max(len(shapes), len(others), 1)
        if self.compact:
            return _compact(self.items, [*shapes, *others], pairs, per_row or len(names), theme, small)
        rows = [column[i : i + step] for column in (shapes, others) for i in range(0, len(column), step)]
        chain = [
            f"    {{rank=same; {'; '.join(_q(m) for n in row for m in (n, pairs.get(n)) if m)}}}"
            for row in rows
            if len(row) > 1
        ]
        chain += [
            f"    {_q(pairs.get(a, a))} -> {_q(b)} [style=invis];" for row in rows for a, b in itertools.pairwise(row)
        ]
        chain += [f"    {_q(b[0])} -> {_q(a[0])} [style=invis];" for a, b in itertools.pairwise(rows)]
        head = [
            "  subgraph cluster_legend {",
            f'    graph [id="legend", class="argmap-legend", label="Legend", '
            f"fontsize={small + 1}, "
            f'fontname="{theme.font}", '
            f'style="rounded", color="{theme.muted}", fontcolor="{theme.muted}"];',
        ]
        return [*head, *self.items, *chain, "  }"]


def _compact(
    items: list[str], names: list[str], pairs: dict[str, str], step: int, theme: Theme, small: int
) -> list[str]:
    """The key of a page after the first: "Key" and the entries in rows of ``step``, no frame."""
    key = [("shape", "plaintext"), ("label", "<<b>Key</b>>"), ("fontsize", f"{small}"), ("fontcolor", theme.muted)]
    key += [("width", "0.3"), ("height", "0.25")]
    head = f"    {_q('legend key')} {_attrs(key)};"
    rows = [names[i : i + step] for i in range(0, len(names), step)]
    rows[0].insert(0, "legend key")
    chain = [f"    {{rank=same; {'; '.join(_q(m) for n in row for m in (n, pairs.get(n)) if m)}}}" for row in rows]
    chain += [
        f"    {_q(pairs.get(a, a))} -> {_q(b)} [style=invis];" for row in rows for a, b in itertools.pairwise(row)
    ]
    chain += [f"    {_q(b[0])} -> {_q(a[0])} [style=invis];" for a, b in itertools.pairwise(rows)]
    return [head, *items, *chain]


def legend_dot(
    view: View, *, theme: str | Theme = "color", small: int = 9, per_row: int = 4, compact: bool = False
) -> str:
    """DOT source of the legend of ``view`` alone, in rows of ``per_row`` entries (a page's footer);
    ``compact``: the short key of the pages after the first (see :func:`_legend`)."""
    th = get_theme(theme) if isinstance(theme, str) else theme
    head = [
        "digraph legend {",
        "  graph "
        + _attrs([("rankdir", "BT"), ("bgcolor", th.background), ("nodesep", "0.2"), ("ranksep", "0.1")])
        + ";",
        "  node " + _attrs([("fontname", th.font), ("fontsize", f"{small}"), ("fontcolor", th.text)]) + ";",
    ]
    return "\n".join([*head, *legend_lines(view, th, small, per_row, compact), "}\n"])
