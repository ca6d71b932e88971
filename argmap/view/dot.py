"""View -> Graphviz DOT source. Pure and deterministic: the same view gives the same bytes.

Every map node carries ``id="node-<id>"`` and ``class="argmap-node kind-<kind>"``; the arrow of every
relation (from its junction when it has one) carries ``id="rel-<id>"`` and ``class="argmap-rel rel-<kind>"``.
Graphviz copies both into the SVG, where the HTML export finds them.
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.view.build import View, ViewNode, ViewRelation
from argmap.view.escape import dot_attrs, dot_html, dot_html_plain, dot_quoted, dot_string
from argmap.view.kinds import presentation
from argmap.view.labels import (
    WIDTH,
    fact_lines,
    header_lines,
    note_lines,
    relation_label,
    source_lines,
    status_line,
    text_lines,
)
from argmap.view.legend import legend_dot, legend_lines
from argmap.view.themes import (
    EDGE_STYLES,
    Theme,
    check_direction,
    get_theme,
)

__all__ = ["STACK_DEPTH", "STACK_ROW", "dot_chunks", "dot_lines", "legend_dot", "stack_width", "to_dot"]


_q = dot_quoted
_attrs = dot_attrs


def _junction(rel_id: str) -> str:
    # Map ids cannot contain spaces, so these names never collide with a node.
    return f"{rel_id} junction"


class _Writer:
    """Serialises nodes and relations; attribute runs that depend only on kind are built once."""

    def __init__(self, theme: Theme, width: int, small: int = 8) -> None:
        self.theme = theme
        self.width = width
        self.small = small
        self._node_attrs: dict[tuple[str, str | None, bool], str] = {}
        # Formatted label sections by their text: big maps repeat sources, facts and notes.
        self._facts: dict[str, str] = {}
        self._sources: dict[str, str] = {}
        self._statuses: dict[str, str] = {}
        self._notes: dict[str, str] = {}
        self._quoted: dict[str, str] = {}
        """Node ids as DOT strings, by id, for the relations to reuse."""
        m = theme.muted
        self._wrap = {
            "header": (f'<font point-size="{small}" color="{m}">', "</font>"),
            "fact": ("<b>", "</b>"),
            "more": ("", ""),
            "source": (f'<font point-size="{small}" color="{m}"><i>', "</i></font>"),
            "note": (f'<font point-size="{small}" color="{m}"><i>', "</i></font>"),
        }

    def node_attrs(self, kind: str, status: str | None, reference: bool = False) -> str:
        """A node's DOT attributes by kind and status; a reference to a node drawn in full beside it
        (:attr:`ViewNode.reference`) in a dotted box (an absence has a dashed one)."""
        key = (kind, status, reference)
        found = self._node_attrs.get(key)
        if found is None:
            th, presented = self.theme, presentation(kind)
            shape = presented.shape
            styles = ["filled", *([shape.dot_style] if shape.dot_style else [])]
            if reference:
                styles = [s for s in styles if s not in ("dashed", "dotted")] + ["dotted"]
            pairs = [
                (
                    "class",
                    f"argmap-node kind-{kind}" + (f" status-{status}" if status else "") + " reference" * reference,
                ),
                ("shape", shape.dot_shape),
                ("style", ",".join(styles)),
                ("fillcolor", presented.fills[th.name]),
                ("color", th.status[status] if status else th.border),
            ]
            if shape.peripheries != 1:
                pairs.append(("peripheries", str(shape.peripheries)))
            if shape.dot_margin:
                pairs.append(("margin", shape.dot_margin))
            if status:
                pairs.append(("penwidth", f"{th.status_width[status]:g}"))
            elif kind == "thesis":
                pairs.append(("penwidth", "2"))
            found = self._node_attrs[key] = _attrs(pairs)[1:-1]
        return found

    def label(self, node: ViewNode) -> str:
        """The HTML-like label: the lines of :func:`~argmap.view.labels.node_lines`, formatted by kind.

        Built section by section rather than from ``node_lines``: a fact, source, status or note is
        formatted (wrapped, escaped, tagged) once per diagram and reused, since big maps repeat them.
        The result is the same; tests/test_view_speed_equivalence.py checks it against ``node_lines``.
        """
        width = self.width
        start, end = self._wrap["header"]
        parts = [start + dot_html(t) + end for t in header_lines(node, width)]
        if not node.reference:
            parts += self._body(node)
        for note in node.notes:
            found = self._notes.get(note)
            if found is None:
                found = self._notes[note] = self._section("note", note, note_lines(note, width))
            parts.append(found)
        return "<" + "<br/>".join(parts) + ">"

    def _body(self, node: ViewNode) -> list[str]:
        """The label's text, facts, source and status."""
        width = self.width
        parts: list[str] = []
        lines = text_lines(node.text, width)
        if not dot_html_plain(node.text):  # the lines hold only its characters, spaces and "…"
            lines = [dot_html(t) for t in lines]
        if node.kind == "thesis":
            parts += [f"<b>{t}</b>" for t in lines]
        else:
            parts += lines
        # The first fact (the figure, the speaker) in bold; the rest in regular type, so that a long
        # fact (an absence's reason) does not make a heavy block.
        facts = self._facts
        for i, fact in enumerate(node.facts):
            key = fact if i == 0 else "\x00" + fact
            found = facts.get(key)
            if found is None:
                found = facts[key] = self._section("fact" if i == 0 else "more", fact, fact_lines(fact, width))
            parts.append(found)
        if node.source:
            found = self._sources.get(node.source)
            if found is None:
                found = self._sources[node.source] = self._section(
                    "source", node.source, source_lines(node.source, width)
                )
            parts.append(found)
        if node.status:
            key = f"{node.status} {node.grounding or ''}"
            found = self._statuses.get(key)
            if found is None:
                color = self.theme.status[node.status]
                text = dot_html(status_line(node.status, node.grounding))
                found = self._statuses[key] = (
                    f'<font point-size="{max(self.small, 9)}" color="{color}"><b>{text}</b></font>'
                )
            parts.append(found)
        return parts

    def _section(self, kind: str, text: str, lines: list[str]) -> str:
        """``lines`` escaped, tagged for their kind and joined by breaks.

        ``text`` is what they were wrapped from, but for a prefix or brackets that need no escaping.
        """
        start, end = self._wrap[kind]
        if dot_html_plain(text):  # nothing to escape in any line (the common case)
            if len(lines) == 1:
                return start + lines[0] + end
        else:
            lines = [dot_html(t) for t in lines]
        return start + (end + "<br/>" + start).join(lines) + end

    def node(self, node: ViewNode) -> str:
        attrs = self.node_attrs(node.kind, node.status, node.reference)
        quoted = self._quoted[node.id] = _q(node.id)
        return f'  {quoted} [id="node-{node.id}", {attrs}, label={self.label(node)}];'

    def relation(self, rel: ViewRelation, out: list[str]) -> None:
        """Append the lines of ``rel``: its junction and the premises' lines to it, then its arrow."""
        style = EDGE_STYLES[rel.kind]
        color = self.theme.edges[rel.kind]
        kind, rid = rel.kind, rel.id
        # Premises and targets are drawn nodes, quoted already by node(); junctions are not.
        quoted = self._quoted
        head = _q(_junction(rel.target)) if kind == "undercuts" else quoted.get(rel.target) or _q(rel.target)
        if rel.junction:
            tail = _q(_junction(rid))
            out.append(
                f'  {tail} [id="junction-{rid}", class="argmap-junction rel-{kind}", shape="point", '
                f'width="0.09", color="{color}", tooltip="{rid}: {kind}"];'
            )
            for i, p in enumerate(rel.premises, 1):
                out.append(
                    f'  {quoted.get(p) or _q(p)} -> {tail} [id="premise-{rid}-{i}", class="argmap-premise rel-{kind}", '
                    f'style="{style.dot_style}", arrowhead="none", color="{color}"];'
                )
        else:
            tail = quoted.get(rel.premises[0]) or _q(rel.premises[0])
        line = (
            f'  {tail} -> {head} [id="rel-{rid}", class="argmap-rel rel-{kind}", style="{style.dot_style}", '
            f'arrowhead="{style.arrowhead}", color="{color}", tooltip="{rid}: {kind}"'
        )
        text = relation_label(rel.warrant, rel.qualifier, self.width) if rel.warrant or rel.qualifier else None
        if text:
            label = "<<i>" + "<br/>".join(dot_html(t) for t in text) + "</i>>"
            line += f', label={label}, fontcolor="{self.theme.muted}"'
        out.append(line + "];")


STACK_ROW = 2
"""Leaf evidence under one claim is drawn this many side by side, the rest stacked below them."""
STACK_DEPTH = 8
"""At most so many rows of stacked leaves: a claim with hundreds of pieces of evidence gets wider rows,
not hundreds of ranks (each arrow crossing the ranks under it costs the layout a node per rank: 500
pieces of evidence under a thesis in rows of two took Graphviz over 100 s, in rows of 63 a third of a second)."""


def stack_width(row: int, leaves: int) -> int:
    """Leaves side by side in each row of a stack of ``leaves``: ``row``, or more past :data:`STACK_DEPTH` rows."""
    return max(row, -(-leaves // STACK_DEPTH))


def _stacks(view: View, row: int = STACK_ROW, claims: bool = False) -> list[str]:
    """Invisible edges that stack the leaf evidence of a claim in rows of :data:`STACK_ROW` (wider for
    more than :data:`STACK_DEPTH` rows).

    A claim with six pieces of evidence would otherwise spread them over one rank six nodes wide, and
    its arrows would fan in from far off to one side; stacked, the drawing is narrower and the arrows
    short. Leaf evidence: evidence that is the single premise of exactly one relation and the target
    of none (its only link is to this claim).
    """
    uses: dict[str, int] = {}
    targeted: set[str] = set()
    for rel in view.relations:
        targeted.add(rel.target)
        for p in rel.premises:
            uses[p] = uses.get(p, 0) + 1
    leaves: dict[str, list[str]] = {}
    for rel in view.relations:
        if rel.junction or len(rel.premises) != 1:
            continue
        p = rel.premises[0]
        node = view.by_id.get(p)
        if node is None or (node.kind in ("thesis", "claim") and not claims) or uses[p] != 1 or p in targeted:
            continue
        leaves.setdefault(rel.target, []).append(p)
    out: list[str] = []
    for group in leaves.values():
        wide = stack_width(row, len(group))
        if len(group) <= wide:
            continue
        out += [f"  {_q(group[i + wide])} -> {_q(group[i])} [style=invis, weight=2];" for i in range(len(group) - wide)]
    return out


def to_dot(
    view: View,
    *,
    theme: str | Theme = "color",
    direction: str = "BT",
    legend: bool = True,
    width: int = WIDTH,
    small: int = 8,
    extra: list[str] | None = None,
    stack: int = STACK_ROW,
    stack_claims: bool = False,
) -> str:
    """DOT source for ``view``. ``direction``: where arrows point, TB/BT/LR/RL (BT: thesis on top).

        ``small``: the point size of small type (ids, sources, arrow texts, legend); a page layout raises
        it so that, scaled to the page, no word is below the readable minimum. ``extra``: DOT lines added
        inside the graph (a page's continuation markers). ``stack``: leaf evidence under a claim drawn this
        many side by side (a wide page takes more); ``stack_claims``: claims with nothing under them too (a
    page layout, where a row of fifty claims would be too wide for any page).
    """
    lines = dot_lines(
        view,
        theme=theme,
        direction=direction,
        legend=legend,
        width=width,
        small=small,
        extra=extra,
        stack=stack,
        stack_claims=stack_claims,
    )
    return "\n".join(lines)


def dot_chunks(
    view: View, *, theme: str | Theme = "color", direction: str = "BT", legend: bool = True, width: int = WIDTH
) -> Iterator[str]:
    """:func:`to_dot`'s text in pieces of some thousand lines, made as they are written: at 50,000
    nodes the whole text (29 MB) and the list of its lines are never in memory at once."""
    lines = dot_lines(view, theme=theme, direction=direction, legend=legend, width=width)
    batch: list[str] = [next(lines)]
    for line in lines:
        batch.append(line)
        if len(batch) >= _BATCH:
            yield "\n".join(batch)
            batch = [""]  # the next piece begins with the line break after this one
    yield "\n".join(batch)


_BATCH = 2048


def dot_lines(
    view: View,
    *,
    theme: str | Theme = "color",
    direction: str = "BT",
    legend: bool = True,
    width: int = WIDTH,
    small: int = 8,
    extra: list[str] | None = None,
    stack: int = STACK_ROW,
    stack_claims: bool = False,
) -> Iterator[str]:
    """The lines of :func:`to_dot`, one at a time (the last is ``}`` and a line break)."""
    th = get_theme(theme) if isinstance(theme, str) else theme
    check_direction(direction)
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
        "  edge " + _attrs([("fontname", th.font), ("fontsize", f"{max(small, 9)}"), ("penwidth", "1.4")]) + ";",
    ]
    yield from out
    out = []
    writer = _Writer(th, width, small)
    yield from map(writer.node, view.nodes)
    for rel in view.relations:
        writer.relation(rel, out)
        yield from out
        out.clear()
    yield from _stacks(view, stack, stack_claims)
    yield from extra or []
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
        out += legend_lines(view, th, max(small, 9), per_row=4)
    out.append("}\n")  # the file ends with a line break
    yield from out
