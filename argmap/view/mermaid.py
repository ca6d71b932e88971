"""View -> Mermaid flowchart source (for Markdown on GitHub, GitLab and documentation sites).

Pure and deterministic. Mermaid node ids are generated (``n1``, ``j1``...) because map ids may hold
characters Mermaid reads as syntax; a comment line maps each back to its map id. All label text goes
through :func:`argmap.view.escape.mermaid_text`.
"""

from __future__ import annotations

import json

from argmap.view.build import View, ViewNode
from argmap.view.escape import mermaid_text
from argmap.view.kinds import presentation
from argmap.view.labels import WIDTH, node_lines, relation_label
from argmap.view.themes import (
    EDGE_STYLES,
    RELATION_LABELS,
    STATUS_LABELS,
    Theme,
    check_direction,
    get_theme,
)

__all__ = ["to_mermaid"]


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON is a subset) with no raw ``<``, ``>`` or ``&``."""
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _label(node: ViewNode, width: int) -> str:
    parts = []
    for line in node_lines(node, width):
        text = mermaid_text(line.text)
        if line.kind in ("header", "source", "note"):
            parts.append(f"<small>{text}</small>")
        elif line.kind in ("fact", "status") or (line.kind == "text" and node.kind == "thesis"):
            parts.append(f"<b>{text}</b>")
        else:
            parts.append(text)
    return "<br/>".join(parts)


def _shape(kind: str, label: str) -> str:
    shape = presentation(kind).shape
    return f'{shape.mermaid_open}"{label}"{shape.mermaid_close}'


def _class_defs(th: Theme, view: View) -> list[str]:
    out = []
    for kind in view.node_kinds():
        presented = presentation(kind)
        dash = ",stroke-dasharray:5 3" if presented.shape.mermaid_dashed else ""
        width = "3px" if kind == "thesis" else "1px"
        colours = f"fill:{presented.fills[th.name]},stroke:{th.border},stroke-width:{width},color:{th.text}"
        out.append(f"  classDef k_{kind} {colours}{dash}")
    for status in view.statuses():
        out.append(f"  classDef s_{status} stroke:{th.status[status]},stroke-width:{th.status_width[status]:g}px")
    if view.has_junctions():
        out.append(f"  classDef junction fill:{th.border},stroke:{th.border}")
    out.append(f"  classDef note fill:{th.background},stroke:{th.muted},stroke-dasharray:2 2,color:{th.muted}")
    return out


def to_mermaid(
    view: View,
    *,
    theme: str | Theme = "color",
    direction: str = "BT",
    legend: bool = True,
    width: int = WIDTH,
) -> str:
    """Mermaid ``flowchart`` source for ``view``; same options as :func:`argmap.view.dot.to_dot`."""
    th = get_theme(theme) if isinstance(theme, str) else theme
    check_direction(direction)
    ids = {n.id: f"n{i + 1}" for i, n in enumerate(view.nodes)}
    junctions = {r.id: f"j{i + 1}" for i, r in enumerate(r for r in view.relations if r.junction)}
    out = [
        "---",
        f"title: {_yaml_string(view.title)}",
        "---",
        f"flowchart {direction}",
    ]
    out += [f"  %% {ids[n.id]} = {n.id}" for n in view.nodes]
    for n in view.nodes:
        out.append(f"  {ids[n.id]}{_shape(n.kind, _label(n, width))}:::k_{n.kind}")

    links: dict[str, list[int]] = {}
    count = 0

    def link(line: str, kind: str) -> None:
        nonlocal count
        out.append(line)
        links.setdefault(kind, []).append(count)
        count += 1

    for rel in view.relations:
        style = EDGE_STYLES[rel.kind]
        head = junctions[rel.target] if rel.kind == "undercuts" else ids[rel.target]
        tail = ids[rel.premises[0]]
        if rel.junction:
            tail = junctions[rel.id]
            out.append(f"  %% {tail} = junction of {rel.id}")
            out.append(f'  {tail}((" ")):::junction')
            for p in rel.premises:
                link(f"  {ids[p]} {style.mermaid_line} {tail}", rel.kind)
        text = relation_label(rel.warrant, rel.qualifier, width)
        label = f'|"<i>{"<br/>".join(mermaid_text(t) for t in text)}</i>"|' if text else ""
        link(f"  {tail} {style.mermaid_arrow}{label} {head}", rel.kind)

    note = view.note()
    if note:
        out.append(f'  argmap_note["<i>{mermaid_text(note)}</i>"]:::note')
    if legend:
        count = _legend(view, out, links, count)
    out += _class_defs(th, view)
    for status in view.statuses():
        out.append(f"  class {','.join(ids[n.id] for n in view.nodes if n.status == status)} s_{status}")
    for kind, numbers in links.items():
        style = EDGE_STYLES[kind]
        dash = f",stroke-dasharray:{style.mermaid_dash}" if style.mermaid_dash else ""
        out.append(f"  linkStyle {','.join(map(str, numbers))} stroke:{th.edges[kind]},stroke-width:2px{dash}")
    return "\n".join(out) + "\n"


def _legend(view: View, out: list[str], links: dict[str, list[int]], count: int) -> int:
    """A subgraph with every shape and line used, and only those; returns the new link count."""
    body: list[str] = []
    for kind in view.node_kinds():
        body.append(f"    legend_{kind}{_shape(kind, mermaid_text(presentation(kind).legend))}:::k_{kind}")
    for kind in view.relation_kinds():
        style = EDGE_STYLES[kind]
        body.append(
            f'    legend_{kind}_a[" "]:::note {style.mermaid_arrow}|"{mermaid_text(RELATION_LABELS[kind])}"| '
            f'legend_{kind}_b[" "]:::note'
        )
        links.setdefault(kind, []).append(count)
        count += 1
    if view.has_junctions():
        body.append('    legend_junction((" ")):::junction')
        text = mermaid_text("junction: linked premises (count only together); undercuts point here")
        body.append(f'    legend_junction_text["{text}"]:::note')
    if any(r.warrant or r.qualifier for r in view.relations):
        body.append('    legend_warrant["<i>italic text on an arrow</i>: qualifier and warrant"]:::note')
    for status in view.statuses():
        body.append(f'    legend_{status}["{mermaid_text(STATUS_LABELS[status])}"]:::s_{status}')
    if body:
        out += ['  subgraph legend["Legend"]', *body, "  end"]
    return count
