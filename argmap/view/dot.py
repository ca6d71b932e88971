"""View -> Graphviz DOT source. Pure and deterministic: the same view gives the same bytes.

Every map node carries ``id="node-<id>"`` and ``class="argmap-node kind-<kind>"``; the arrow of every
relation (from its junction when it has one) carries ``id="rel-<id>"`` and ``class="argmap-rel rel-<kind>"``.
Graphviz copies both into the SVG, where the HTML export finds them.
"""

from __future__ import annotations

import itertools

from argmap.view.build import View, ViewNode, ViewRelation
from argmap.view.escape import dot_html, dot_string
from argmap.view.labels import WIDTH, node_lines, relation_label
from argmap.view.themes import (
    EDGE_STYLES,
    KIND_LABELS,
    NODE_SHAPES,
    RELATION_LABELS,
    STATUS_LABELS,
    Theme,
    get_theme,
)

__all__ = ["DIRECTIONS", "to_dot"]

DIRECTIONS = ("TB", "BT", "LR", "RL")


def _q(text: str) -> str:
    return f'"{dot_string(text)}"'


def _attrs(pairs: list[tuple[str, str]]) -> str:
    """``[a=b, ...]``; values starting with ``<`` are HTML labels, others are quoted."""
    return "[" + ", ".join(f"{k}={v}" if v.startswith("<") else f"{k}={_q(v)}" for k, v in pairs) + "]"


def _junction(rel_id: str) -> str:
    # Map ids cannot contain spaces, so these names never collide with a node.
    return f"{rel_id} junction"


def _node_label(node: ViewNode, theme: Theme, width: int) -> str:
    parts: list[str] = []
    for line in node_lines(node, width):
        text = dot_html(line.text)
        if line.kind == "header":
            parts.append(f'<font point-size="8" color="{theme.muted}">{text}</font>')
        elif line.kind == "text":
            parts.append(f"<b>{text}</b>" if node.kind == "thesis" else text)
        elif line.kind == "fact":
            parts.append(f"<b>{text}</b>")
        elif line.kind == "source":
            parts.append(f'<font point-size="8" color="{theme.muted}"><i>{text}</i></font>')
        elif line.kind == "status":
            color = theme.status[node.status or "undecided"]
            parts.append(f'<font point-size="9" color="{color}"><b>{text}</b></font>')
        else:
            parts.append(f'<font point-size="8" color="{theme.muted}"><i>{text}</i></font>')
    return "<" + "<br/>".join(parts) + ">"


def _node(node: ViewNode, theme: Theme, width: int) -> str:
    shape = NODE_SHAPES[node.kind]
    styles = ["filled", *([shape.dot_style] if shape.dot_style else [])]
    attrs = [
        ("id", f"node-{node.id}"),
        ("class", f"argmap-node kind-{node.kind}" + (f" status-{node.status}" if node.status else "")),
        ("shape", shape.dot_shape),
        ("style", ",".join(styles)),
        ("fillcolor", theme.fills[node.kind]),
        ("color", theme.status[node.status] if node.status else theme.border),
        ("label", _node_label(node, theme, width)),
    ]
    if shape.peripheries != 1:
        attrs.append(("peripheries", str(shape.peripheries)))
    if shape.dot_margin:
        attrs.append(("margin", shape.dot_margin))
    if node.status:
        attrs.append(("penwidth", f"{theme.status_width[node.status]:g}"))
    elif node.kind == "thesis":
        attrs.append(("penwidth", "2"))
    return f"  {_q(node.id)} {_attrs(attrs)};"


def _edge_label(rel: ViewRelation, width: int) -> str | None:
    lines = relation_label(rel.warrant, rel.qualifier, width)
    if not lines:
        return None
    return "<<i>" + "<br/>".join(dot_html(t) for t in lines) + "</i>>"


def _relation(rel: ViewRelation, theme: Theme, width: int) -> list[str]:
    style = EDGE_STYLES[rel.kind]
    color = theme.edges[rel.kind]
    head = _junction(rel.target) if rel.kind == "undercuts" else rel.target
    out: list[str] = []
    tail = rel.premises[0]
    if rel.junction:
        tail = _junction(rel.id)
        junction = [
            ("id", f"junction-{rel.id}"),
            ("class", f"argmap-junction rel-{rel.kind}"),
            ("shape", "point"),
            ("width", "0.09"),
            ("color", color),
            ("tooltip", f"{rel.id}: {rel.kind}"),
        ]
        out.append(f"  {_q(tail)} {_attrs(junction)};")
        for i, p in enumerate(rel.premises):
            premise = [
                ("id", f"premise-{rel.id}-{i + 1}"),
                ("class", f"argmap-premise rel-{rel.kind}"),
                ("style", style.dot_style),
                ("arrowhead", "none"),
                ("color", color),
            ]
            out.append(f"  {_q(p)} -> {_q(tail)} {_attrs(premise)};")
    attrs = [
        ("id", f"rel-{rel.id}"),
        ("class", f"argmap-rel rel-{rel.kind}"),
        ("style", style.dot_style),
        ("arrowhead", style.arrowhead),
        ("color", color),
        ("tooltip", f"{rel.id}: {rel.kind}"),
    ]
    label = _edge_label(rel, width)
    if label:
        attrs += [("label", label), ("fontcolor", theme.muted)]
    out.append(f"  {_q(tail)} -> {_q(head)} {_attrs(attrs)};")
    return out


def _legend(view: View, theme: Theme) -> list[str]:
    """A cluster explaining every shape, line and border used in this diagram, and only those."""
    items: list[str] = []
    names: list[str] = []
    for kind in view.node_kinds():
        shape = NODE_SHAPES[kind]
        name = f"legend {kind}"
        attrs = [
            ("shape", shape.dot_shape),
            ("style", ",".join(["filled", *([shape.dot_style] if shape.dot_style else [])])),
            ("fillcolor", theme.fills[kind]),
            ("color", theme.border),
            ("label", KIND_LABELS[kind]),
            ("fontsize", "9"),
        ]
        if shape.peripheries != 1:
            attrs.append(("peripheries", str(shape.peripheries)))
        items.append(f"    {_q(name)} {_attrs(attrs)};")
        names.append(name)
    for kind in view.relation_kinds():
        style = EDGE_STYLES[kind]
        a, b = f"legend {kind} from", f"legend {kind}"
        items.append(
            f"    {_q(a)} {_attrs([('shape', 'point'), ('width', '0.05'), ('color', theme.edges[kind])])};"
        )
        label = f"<{dot_html(RELATION_LABELS[kind])}>"
        items.append(f"    {_q(b)} {_attrs([('shape', 'plaintext'), ('label', label), ('fontsize', '9')])};")
        edge = [("style", style.dot_style), ("arrowhead", style.arrowhead), ("color", theme.edges[kind])]
        items.append(f"    {_q(a)} -> {_q(b)} {_attrs(edge)};")
        items.append(f"    {{rank=same; {_q(a)}; {_q(b)}}}")
        names.append(a)
    if view.has_junctions():
        items.append(f"    {_q('legend junction')} {_attrs([('shape', 'point'), ('width', '0.09')])};")
        text = "junction: linked premises (count only together); undercuts point here"
        items.append(
            f"    {_q('legend junction text')} "
            f"{_attrs([('shape', 'plaintext'), ('label', text), ('fontsize', '9')])};"
        )
        items.append(
            f"    {_q('legend junction')} -> {_q('legend junction text')} {_attrs([('style', 'invis')])};"
        )
        items.append(f"    {{rank=same; {_q('legend junction')}; {_q('legend junction text')}}}")
        names.append("legend junction")
    if any(r.warrant or r.qualifier for r in view.relations):
        label = "<<i>italic text on an arrow</i>: qualifier and warrant (why the premises bear on it)>"
        warrant = _attrs([("shape", "plaintext"), ("label", label), ("fontsize", "9")])
        items.append(f"    {_q('legend warrant')} {warrant};")
        names.append("legend warrant")
    for status in view.statuses():
        name = f"legend status {status}"
        attrs = [
            ("shape", "box"),
            ("color", theme.status[status]),
            ("penwidth", f"{theme.status_width[status]:g}"),
            ("label", STATUS_LABELS[status]),
            ("fontsize", "9"),
        ]
        items.append(f"    {_q(name)} {_attrs(attrs)};")
        names.append(name)
    if not items:
        return []
    # Invisible edges stack the entries in two columns (shapes; lines and borders) instead of one wide rank.
    shapes = [n for n in names if n.removeprefix("legend ") in NODE_SHAPES]
    others = [n for n in names if n not in shapes]
    chain = [
        f"    {_q(a)} -> {_q(b)} [style=invis];"
        for column in (shapes, others)
        for a, b in itertools.pairwise(column)
    ]
    head = [
        "  subgraph cluster_legend {",
        f'    graph [id="legend", class="argmap-legend", label="Legend", fontsize=10, '
        f'style="rounded", color="{theme.muted}", fontcolor="{theme.muted}"];',
    ]
    return [*head, *items, *chain, "  }"]


def to_dot(
    view: View,
    *,
    theme: str | Theme = "color",
    direction: str = "BT",
    legend: bool = True,
    width: int = WIDTH,
) -> str:
    """DOT source for ``view``. ``direction``: where arrows point, TB/BT/LR/RL (BT: thesis on top)."""
    th = get_theme(theme) if isinstance(theme, str) else theme
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}: use one of {', '.join(DIRECTIONS)}")
    title = f"<<b>{dot_html(view.title)}</b>>"
    out = [
        f"// argmap diagram of: {dot_string(view.title)}",
        "digraph argmap {",
        "  graph "
        + _attrs(
            [
                ("id", "argmap"),
                ("rankdir", direction),
                ("label", title),
                ("labelloc", "t"),
                ("fontname", th.font),
                ("fontsize", "16"),
                ("fontcolor", th.text),
                ("bgcolor", th.background),
                ("nodesep", "0.3"),
                ("ranksep", "0.45"),
            ]
        )
        + ";",
        "  node "
        + _attrs([("fontname", th.font), ("fontsize", "11"), ("fontcolor", th.text), ("margin", "0.12,0.06")])
        + ";",
        "  edge " + _attrs([("fontname", th.font), ("fontsize", "9"), ("penwidth", "1.4")]) + ";",
    ]
    out += [_node(n, th, width) for n in view.nodes]
    for rel in view.relations:
        out += _relation(rel, th, width)
    note = view.note()
    if note:
        label = f"<<i>{dot_html(note)}</i>>"
        attrs = [
            ("id", "argmap-note"),
            ("class", "argmap-note"),
            ("shape", "box"),
            ("style", "dotted"),
            ("color", th.muted),
            ("fontcolor", th.muted),
            ("fontsize", "10"),
            ("label", label),
        ]
        out.append(f"  {_q('argmap note')} {_attrs(attrs)};")
    if legend:
        out += _legend(view, th)
    out.append("}")
    return "\n".join(out) + "\n"
