"""The fast paths of the view say exactly what the plain definitions say.

``wrap``, the DOT label and the choice of relations to draw were rewritten for speed on big maps. The
plain versions are kept here as references, and random input (control characters, Unicode spaces,
long words, markup, repeated facts) must give the same result, byte for byte. Timing is not tested:
measure by hand (see ``tests/bench.py``).
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from strategies_core import valid_maps

from argmap.graph import MapGraph
from argmap.load import load_text
from argmap.model import Relation
from argmap.view.build import STATUSES, ViewNode, _kept_relations
from argmap.view.dot import _Writer
from argmap.view.escape import dot_html
from argmap.view.kinds import NODE_KINDS
from argmap.view.labels import WIDTH, node_lines
from argmap.view.text import clean, shorten, wrap, wrap_clean
from argmap.view.themes import get_theme

_CONTROLS = str.maketrans({c: " " for c in [*range(32), 0x7F]})


def reference_wrap(text: str, width: int) -> list[str]:
    """The word-by-word greedy wrap that :func:`argmap.view.text.wrap` replaced."""
    lines: list[str] = []
    current = ""
    if len(text) <= width and text.isprintable():
        return [text]
    for word in text.translate(_CONTROLS).split():
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if not word:
            continue
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return lines


# Spaces of every kind (ASCII, control, Unicode), characters that are neither printable nor space,
# markup, and plain letters to make words of every length.
_PIECES = [" ", "  ", "\n", "\t", "\r\n", "\x00", "\x1f", "\x7f", "\x85", "\xa0", "\u2028", "\u3000"]
_PIECES += ["\u200b", "\x80", "\xad", "<", "&", '"', "\\", "é", "中", "…", "-", ".", ","]
texts = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(_PIECES) | st.text("abcdefghij", min_size=1, max_size=45), max_size=30).map("".join),
)
widths = st.integers(1, 60)


@given(texts, widths)
def test_wrap_matches_the_word_by_word_wrap(text: str, width: int) -> None:
    assert wrap(text, width) == reference_wrap(text, width)


@given(texts, widths, st.integers(2, 200))
def test_wrap_clean_matches_wrap_on_clean_text(text: str, width: int, limit: int) -> None:
    for cleaned in (clean(text), shorten(text, limit)):
        assert wrap_clean(cleaned, width) == reference_wrap(cleaned, width)


def reference_label(writer: _Writer, node: ViewNode) -> str:
    """The DOT label drawn line by line from ``node_lines``, as before the label was cached by section."""
    parts: list[str] = []
    for line in node_lines(node, writer.width):
        text = dot_html(line.text)
        if line.kind == "text":
            parts.append(f"<b>{text}</b>" if node.kind == "thesis" else text)
        elif line.kind == "status":
            color = writer.theme.status[node.status or "undecided"]
            parts.append(f'<font point-size="9" color="{color}"><b>{text}</b></font>')
        else:
            start, end = writer._wrap[line.kind]
            parts.append(start + text + end)
    return "<" + "<br/>".join(parts) + ">"


@st.composite
def view_nodes(draw: st.DrawFn, shared: list[str]) -> ViewNode:
    # Facts, sources and notes come from a small shared pool too, so the writer's caches get hits.
    repeated = st.sampled_from(shared) | texts
    return ViewNode(
        id=draw(st.text(min_size=1, max_size=12)),
        kind=draw(st.sampled_from(NODE_KINDS)),
        text=draw(texts),
        facts=draw(st.lists(repeated, max_size=3)),
        source=draw(st.none() | repeated),
        status=draw(st.none() | st.sampled_from(STATUSES)),
        notes=draw(st.lists(repeated, max_size=2)),
        reference=draw(st.booleans()),
    )


@given(
    st.lists(texts, min_size=1, max_size=4).flatmap(lambda pool: st.lists(view_nodes(pool), max_size=8)),
    st.sampled_from(["color", "print"]),
    st.sampled_from([WIDTH, 12, 50]),
)
def test_dot_label_matches_node_lines(nodes: list[ViewNode], theme: str, width: int) -> None:
    writer = _Writer(get_theme(theme), width)
    for node in nodes + nodes:  # the second round is served from the caches
        assert writer.label(node) == reference_label(writer, node)


def reference_kept(graph: MapGraph, keep: set[str] | None) -> set[str]:
    """Relations whose every end is drawn, each walked to the end of its chain of undercuts."""
    memo: dict[str, bool] = {}

    def kept(r: Relation) -> bool:
        chain: list[str] = []
        cur: Relation | None = r
        ok = True
        while cur is not None:
            if cur.id in memo:
                ok = memo[cur.id]
                break
            if cur.id in chain:
                break
            chain.append(cur.id)
            if any(p not in graph.nodes or (keep is not None and p not in keep) for p in cur.premises):
                ok = False
                break
            if cur.kind != "undercuts":
                ok = cur.target in graph.nodes and (keep is None or cur.target in keep)
                break
            cur = graph.relations.get(cur.target)
            if cur is None:
                ok = False
        for rid in chain:
            memo[rid] = ok
        return ok

    return {r.id for r in graph.relations.values() if kept(r)}


@given(valid_maps(), st.data())
def test_kept_relations_match_the_chain_walk(data: dict[str, Any], draw: st.DataObject) -> None:
    result = load_text(json.dumps(data), json_hint=True)
    assert result.map is not None
    graph = MapGraph(result.map)
    assert _kept_relations(graph, None) == reference_kept(graph, None)
    keep = draw.draw(st.sets(st.sampled_from(sorted(graph.nodes))))
    assert _kept_relations(graph, keep) == reference_kept(graph, keep)
