"""The pieces every worksheet is written with: the made exercise, its diagrams, and the Markdown of
headers, outlines and sources that :mod:`argmap.exercises.make` (fill-evidence, match) and
:mod:`argmap.exercises.make_open` (find-gaps, starter) share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from argmap.graph import MapGraph
from argmap.model import ArgMap, Node, Relation, Source

if TYPE_CHECKING:
    from argmap.view.build import View

__all__ = [
    "Diagram",
    "Exercise",
    "code",
    "full_view",
    "header",
    "kind_word",
    "md",
    "outline",
    "reading_sources",
    "relation_phrase",
    "reproducible_pdf",
    "view_dot",
]


@dataclass(frozen=True, slots=True)
class Diagram:
    """A diagram to lay out: ``name`` is the file stem (``worksheet``, ``key``)."""

    name: str
    dot: str
    view: View | None = None
    """The view the DOT was made from: the printable worksheet lays it out on pages (argmap.view.pages)."""


@dataclass
class Exercise:
    """A made exercise: text files by name (in writing order) and diagrams."""

    kind: str
    seed: int
    texts: dict[str, str] = field(default_factory=dict)
    diagrams: list[Diagram] = field(default_factory=list)
    items: dict[str, str] = field(default_factory=dict)
    """What the worksheet's blanks (B1) or numbers (1) stand for: key evidence ids."""
    sheet: ArgMap | None = None
    """The map the worksheet shows (blanks emptied, evidence left out ...), for pages and PDFs."""


# --------------------------------------------------------------------------- helpers


def md(text: str) -> str:
    from argmap.view.escape import markdown_inline

    return markdown_inline(" ".join(text.split()))


def code(text: str) -> str:
    return f"`{text.replace('`', '')}`"


def kind_word(node: Node) -> str:
    return node.type if node.kind == "evidence" else node.kind


def reading_sources(m: ArgMap) -> list[Source]:
    """What the students read: the map's primary and secondary sources, without the mapper's notes.
    Tertiary sources (an encyclopedia the mapper checked the text against) are the key's records."""
    read = [s for s in m.sources if s.kind != "tertiary"] or list(m.sources[:1])
    return [s.model_copy(update={"note": None}) for s in read]


def _sources_line(m: ArgMap) -> list[str]:
    out = []
    for s in reading_sources(m):
        parts = [f"“{md(s.title)}”"] + [md(x) for x in (s.author, s.publisher, s.date) if x]
        line = ", ".join(parts)
        if s.url:
            line += f" <{s.url.replace('>', '%3E')}>"
        out.append(line)
    return out


def header(m: ArgMap, title: str, seed: int | None, kind: str) -> list[str]:
    lines = [f"# {title}: {md(m.title)}", ""]
    for s in _sources_line(m):
        lines.append(f"**Read:** {s}  ")
    version = f"{kind}, seed {seed}" if seed is not None else kind
    lines += [f"**Version:** {version}", ""]
    return lines


def relation_phrase(
    r: Relation,
    me: str,
    g: MapGraph,
    name: dict[str, str],
    *,
    steps: bool = False,
    hidden: frozenset[str] = frozenset(),
) -> str:
    """What ``me`` does in ``r``: 'supports C5', 'supports T together with C9'. With ``steps`` the
    step's id follows ('attacks C6 (step R32)', 'undercuts step R32 (from C13 to C6), itself step R33'),
    so that an answer can name it; a premise in
    ``hidden`` (numbered evidence, whose link is the question) is named 'a piece of evidence'."""
    if r.kind == "undercuts":
        target = g.relations.get(r.target)
        if target is not None:
            ends = ["a piece of evidence" if p in hidden else code(name.get(p, p)) for p in target.premises]
            to = code(name.get(target.target, target.target))
            what = f"the step from {' + '.join(ends)} to {to}"
            if steps:
                what = f"step {code(target.id)} (from {' + '.join(ends)} to {to})"
        else:
            what = code(r.target)
    else:
        what = code(name.get(r.target, r.target))
    others = [name.get(p, p) for p in r.premises if p != me]
    together = f" together with {', '.join(code(o) for o in others)}" if others else ""
    own = f" (step {code(r.id)})" if steps and r.kind != "undercuts" else f", itself step {code(r.id)}" if steps else ""
    return f"{r.kind} {what}{together}{own}"


def outline(
    m: ArgMap, g: MapGraph, *, evidence: bool, steps: bool = False, name: dict[str, str] | None = None
) -> list[str]:
    """The thesis and claims (and evidence when asked), each with what it bears on. With ``steps``
    (the match sheet) each step shows its id, and ``name`` names the evidence (by its number); a
    step from numbered evidence does not say which piece."""
    lines = []
    ident = {n.id: n.id for n in m.nodes} if name is None else name
    hidden = frozenset(n for n in ident if n in g.nodes and g.nodes[n].kind == "evidence") if steps else frozenset()
    for n in g.nodes.values():
        if n.kind == "evidence" and not evidence:
            continue
        rels = [
            r
            for r in g.outgoing.get(n.id, ())
            if evidence or not any(g.nodes[p].kind == "evidence" for p in r.premises if p in g.nodes)
        ]
        bears = [relation_phrase(r, n.id, g, ident, steps=steps, hidden=hidden) for r in rels]
        tail = f" — {'; '.join(bears)}" if bears else ""
        lines.append(f"- {code(n.id)} ({kind_word(n)}): {md(n.text)}{tail}")
    return lines


def view_dot(view: View) -> str:
    from argmap.view.dot import to_dot

    return to_dot(view, theme="print")


def full_view(m: ArgMap) -> View:
    from argmap.view.build import build_view

    return build_view(m)


# --------------------------------------------------------------------------- kinds


def reproducible_pdf() -> None:
    """Keep dates and random ids out of PDF files, so that the same inputs give the same bytes."""
    import os

    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")  # Graphviz (cairo) reads it
    try:
        from reportlab import rl_config
    except ImportError:
        return
    rl_config.invariant = 1
