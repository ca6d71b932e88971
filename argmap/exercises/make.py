"""Make a critical-reading exercise from a map: a worksheet and its key, in Markdown and as diagrams.

Kinds:

* ``fill-evidence``: the whole structure with every evidence box blank (B1, B2, ...); the key gives
  each blank's evidence, its facts and the words of the text it stands on;
* ``match``: the claims and their structure, and the evidence shuffled; the student links each piece
  to what it supports or attacks; the key gives the links;
* ``find-gaps``: the complete map; the student lists its weaknesses; the key is the rule report;
* ``starter``: a valid map with only the thesis and the sources, for the student to complete.

Everything here is pure: :func:`make_exercise` returns the text files and the DOT source of each
diagram; :func:`render_diagrams` runs the layout engine. Shuffling is keyed by ``seed`` through a
hash (not :mod:`random`), so a seed gives the same worksheet on every machine and Python version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

from argmap.graph import MapGraph
from argmap.model import ArgMap, Node, Relation, Source, Thesis

if TYPE_CHECKING:
    from argmap.diagnostics import Diagnostic
    from argmap.view.build import View

__all__ = [
    "KINDS",
    "Diagram",
    "Exercise",
    "ExerciseError",
    "Kind",
    "make_exercise",
    "render_diagrams",
    "student_seed",
]

Kind = Literal["fill-evidence", "match", "find-gaps", "starter"]
KINDS: tuple[str, ...] = get_args(Kind)
BLANK = "_" * 32


from argmap.exercises.errors import ExerciseError  # noqa: E402


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


def student_seed(seed: int, student: int) -> int:
    """The seed of student number ``student`` (1-based) in a class made with ``seed``."""
    digest = hashlib.sha256(f"argmap-exercise/{seed}/{student}".encode()).hexdigest()
    return int(digest[:8], 16) % 1_000_000


def _shuffled(ids: Sequence[str], seed: int) -> list[str]:
    return sorted(ids, key=lambda i: (hashlib.sha256(f"{seed}\x00{i}".encode()).digest(), i))


def _md(text: str) -> str:
    from argmap.view.escape import markdown_inline

    return markdown_inline(" ".join(text.split()))


def _code(text: str) -> str:
    return f"`{text.replace('`', '')}`"


def _kind_word(node: Node) -> str:
    return node.type if node.kind == "evidence" else node.kind


def reading_sources(m: ArgMap) -> list[Source]:
    """What the students read: the map's primary and secondary sources, without the mapper's notes.
    Tertiary sources (an encyclopedia the mapper checked the text against) are the key's records."""
    read = [s for s in m.sources if s.kind != "tertiary"] or list(m.sources[:1])
    return [s.model_copy(update={"note": None}) for s in read]


def _sources_line(m: ArgMap) -> list[str]:
    out = []
    for s in reading_sources(m):
        parts = [f"“{_md(s.title)}”"] + [_md(x) for x in (s.author, s.publisher, s.date) if x]
        line = ", ".join(parts)
        if s.url:
            line += f" <{s.url.replace('>', '%3E')}>"
        out.append(line)
    return out


def _header(m: ArgMap, title: str, seed: int | None, kind: str) -> list[str]:
    lines = [f"# {title}: {_md(m.title)}", ""]
    for s in _sources_line(m):
        lines.append(f"**Read:** {s}  ")
    version = f"{kind}, seed {seed}" if seed is not None else kind
    lines += [f"**Version:** {version}", ""]
    return lines


def _relation_phrase(r: Relation, me: str, g: MapGraph, name: dict[str, str]) -> str:
    """What ``me`` does in ``r``: 'supports C5', 'supports T together with C9'."""
    if r.kind == "undercuts":
        target = g.relations.get(r.target)
        if target is not None:
            step = " + ".join(_code(name.get(p, p)) for p in target.premises)
            what = f"the step from {step} to {_code(name.get(target.target, target.target))}"
        else:
            what = _code(r.target)
    else:
        what = _code(name.get(r.target, r.target))
    others = [name.get(p, p) for p in r.premises if p != me]
    together = f" together with {', '.join(_code(o) for o in others)}" if others else ""
    return f"{r.kind} {what}{together}"


def _get(name: dict[str, str], item: str) -> str:
    return name.get(item, item)


def _bears(node_id: str, g: MapGraph, name: dict[str, str]) -> str:
    return "; ".join(_relation_phrase(r, node_id, g, name) for r in g.outgoing.get(node_id, ()))


def _outline(m: ArgMap, g: MapGraph, *, evidence: bool) -> list[str]:
    """The thesis and claims (and evidence when asked), each with what it bears on."""
    lines = []
    ident = {n.id: n.id for n in m.nodes}
    for n in g.nodes.values():
        if n.kind == "evidence" and not evidence:
            continue
        bears = [_relation_phrase(r, n.id, g, ident) for r in g.outgoing.get(n.id, ())]
        if not evidence:
            bears = [
                _relation_phrase(r, n.id, g, ident)
                for r in g.outgoing.get(n.id, ())
                if not any(g.nodes[p].kind == "evidence" for p in r.premises if p in g.nodes)
            ]
        tail = f" — {'; '.join(bears)}" if bears else ""
        lines.append(f"- {_code(n.id)} ({_kind_word(n)}): {_md(n.text)}{tail}")
    return lines


def _facts(node: Node) -> list[str]:
    from argmap.view.kinds import evidence_facts

    return evidence_facts(node)


def _quote(node: Node) -> str | None:
    anchor = getattr(node, "anchor", None)
    return anchor.exact if anchor is not None else None


def _view_dot(view: View) -> str:
    from argmap.view.dot import to_dot

    return to_dot(view, theme="print")


def _full_view(m: ArgMap) -> View:
    from argmap.view.build import build_view

    return build_view(m)


# --------------------------------------------------------------------------- kinds


def _fill_evidence(m: ArgMap, g: MapGraph, seed: int, ex: Exercise) -> None:
    from argmap.view.build import build_view

    evidence = [n.id for n in g.nodes.values() if n.kind == "evidence"]
    if not evidence:
        raise ExerciseError("the map has no evidence: there is nothing to leave blank")
    blank = {eid: f"B{i}" for i, eid in enumerate(_shuffled(evidence, seed), 1)}
    name = {n: blank.get(n, n) for n in g.nodes}

    # The worksheet map: evidence renamed to its blank and emptied; the view draws it.
    nodes = [
        n.model_copy(update={"id": blank[n.id], "text": BLANK, "anchor": None}) if n.id in blank else n for n in m.nodes
    ]
    # Warrants on evidence links would give the answer away ("executing him signalled...").
    relations = [
        r.model_copy(
            update={
                "premises": [_get(name, p) for p in r.premises],
                "target": _get(name, r.target),
                **({"warrant": None, "note": None} if any(p in blank for p in r.premises) else {}),
            }
        )
        for r in m.relations
    ]
    title = f"Fill in the evidence: {m.title}"
    sheet = m.model_copy(update={"nodes": nodes, "relations": relations, "title": title})
    ex.sheet = sheet
    ex.items = {b: e for e, b in blank.items()}
    view = build_view(sheet)
    for vn in view.nodes:
        if vn.id in blank.values():  # every blank drawn alike: no type, no facts, no source
            vn.kind, vn.facts, vn.source = "evidence", [], None
    ex.diagrams.append(Diagram("worksheet", _view_dot(view), view))
    ex.diagrams.append(Diagram("key", _view_dot(_full_view(m))))
    _fill_texts(m, g, seed, ex, blank, name)


def _fill_texts(m: ArgMap, g: MapGraph, seed: int, ex: Exercise, blank: dict[str, str], name: dict[str, str]) -> None:
    """worksheet.md and key.md of fill-evidence: the argument, then each blank and its answer."""
    order = sorted(blank, key=lambda e: int(blank[e][1:]))
    w = _header(m, "Fill in the evidence", seed, "fill-evidence")
    w += [
        "The diagram (`worksheet.svg`) shows the argument of the text with every piece of evidence left",
        "blank. The thesis and the claims, and what bears on what, are given. For each blank, find the",
        "evidence in the text: write it in your own words, with its key facts (figures, dates, who),",
        "and copy the few words of the text you found it in. Write your answers in `answers.yaml`",
        "(or on the printed worksheet).",
        "",
        "## The argument",
        "",
        *_outline(m, g, evidence=False),
        "",
        "## The blanks",
        "",
    ]
    k = _header(m, "Key: fill in the evidence", seed, "fill-evidence")
    k += ["## Answers", ""]
    for eid in order:
        node = g.nodes[eid]
        bears = _bears(eid, g, name) or "is not linked"
        w += [  # the heading says where the blank sits, never what it is (no type)
            f"### {blank[eid]}: {bears}",
            "",
            f"- Evidence, in your words: {BLANK}{BLANK}",
            f"- Type and its facts: {BLANK}",
            f"- Words of the text: “{BLANK}”",
            "",
        ]
        k += [f"### {blank[eid]} = {_code(eid)} ({_kind_word(node)}), {bears}", ""]
        k.append(f"- Answer: {_md(node.text)}")
        facts = _facts(node)
        if facts:
            k.append(f"- Key facts: {_md('; '.join(facts))}")
        quote = _quote(node)
        k.append(f"- Words of the text: “{_md(quote)}”" if quote else "- Words of the text: (no anchor)")
        k.append("")
    ex.texts["worksheet.md"] = "\n".join(w).rstrip() + "\n"
    ex.texts["key.md"] = "\n".join(k).rstrip() + "\n"


def _claims_only(m: ArgMap, g: MapGraph) -> ArgMap:
    """The map without its evidence, and without relations that need evidence."""
    nodes = [n for n in m.nodes if n.kind != "evidence"]
    keep_nodes = {n.id for n in nodes}
    kept: dict[str, Relation] = {}
    changed = True
    while changed:  # an undercut stays only while the relation it attacks stays
        changed = False
        for r in m.relations:
            if r.id in kept or not all(p in keep_nodes for p in r.premises):
                continue
            if r.target in (kept if r.kind == "undercuts" else keep_nodes):
                kept[r.id] = r
                changed = True
    relations = [r for r in m.relations if r.id in kept]
    title = f"Match the evidence: {m.title}"
    return m.model_copy(update={"nodes": nodes, "relations": relations, "title": title})


def _match(m: ArgMap, g: MapGraph, seed: int, ex: Exercise) -> None:
    from argmap.view.build import build_view

    evidence = [n.id for n in g.nodes.values() if n.kind == "evidence"]
    if not evidence:
        raise ExerciseError("the map has no evidence: there is nothing to match")
    number = {eid: str(i) for i, eid in enumerate(_shuffled(evidence, seed), 1)}
    ex.sheet = _claims_only(m, g)
    ex.items = {n: e for e, n in number.items()}
    sheet_view = build_view(ex.sheet)
    ex.diagrams.append(Diagram("worksheet", _view_dot(sheet_view), sheet_view))
    ex.diagrams.append(Diagram("key", _view_dot(_full_view(m))))
    w = _header(m, "Match the evidence", seed, "match")
    w += [
        "Each numbered piece of evidence below supports or attacks one of the claims (or the thesis,",
        "or a step of the argument). The diagram (`worksheet.svg`) shows the claims and how they hang",
        "together. For each number, write what it bears on and whether it supports or attacks it,",
        "e.g. `3: C2 supports`. Some evidence bears on more than one claim.",
        "",
        "## Claims",
        "",
        *_outline(m, g, evidence=False),
        "",
        "## Evidence",
        "",
    ]
    k = _header(m, "Key: match the evidence", seed, "match")
    k += ["| No. | Evidence | Type | Bears on |", "|---|---|---|---|"]
    for eid in sorted(number, key=lambda e: int(number[e])):
        node = g.nodes[eid]
        facts = _facts(node)
        detail = f" ({_md('; '.join(facts))})" if facts else ""
        quote = _quote(node)
        said = f" — “{_md(quote)}”" if quote else ""
        w.append(f"{number[eid]}. {_md(node.text)}{detail}{said}  \n   Bears on: ________ supports / attacks")
        bears = _bears(eid, g, number) or "(not linked)"
        k.append(f"| {number[eid]} | {_code(eid)} {_md(node.text)} | {_kind_word(node)} | {bears} |")
    ex.texts["worksheet.md"] = "\n".join(w).rstrip() + "\n"
    ex.texts["key.md"] = "\n".join(k).rstrip() + "\n"


# --------------------------------------------------------------------------- entry points


def make_exercise(
    m: ArgMap,
    kind: str,
    *,
    seed: int = 0,
    findings: Sequence[Diagnostic] | None = None,
) -> Exercise:
    """Make a worksheet and key of ``kind`` from a validated map.

    ``findings`` (for ``find-gaps``) is the map's rule report; when None the rules are run here.
    Raises :class:`ExerciseError` when the map cannot make this kind of exercise.
    """
    from argmap.interchange.native import export_yaml

    if kind not in KINDS:
        raise ExerciseError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    g = MapGraph(m)
    if not isinstance(g.thesis, Thesis):
        raise ExerciseError("the map has no thesis; check it with `argmap check` first")
    ex = Exercise(kind=kind, seed=seed)
    from argmap.exercises.make_open import _find_gaps, _starter

    if kind == "fill-evidence":
        _fill_evidence(m, g, seed, ex)
    elif kind == "match":
        _match(m, g, seed, ex)
    elif kind == "find-gaps":
        if findings is None:
            from argmap.rules import run_rules

            findings = run_rules(m, g)
        _find_gaps(m, g, findings, ex)
    else:
        _starter(m, g, ex)
    if ex.sheet is None:
        ex.sheet = m
    ex.texts["key.yaml"] = export_yaml(m).text
    return ex


def render_diagrams(
    ex: Exercise,
    formats: Sequence[str] = ("svg", "pdf"),
    cache: dict[tuple[str, str], bytes] | None = None,
) -> tuple[dict[str, bytes], list[str]]:
    """Lay out each diagram in each format: (files by name, notes on what could not be made).

    ``cache`` (DOT source and format to bytes) lets a class's versions share the layouts they have in
    common, such as the key diagram, which does not depend on the seed.
    """
    files: dict[str, bytes] = {}
    notes: list[str] = []
    try:
        from argmap.view.layout import LayoutError, layout
    except ImportError:
        return files, ["diagrams skipped: the layout module is not in this build"]
    if "pdf" in formats:
        _reproducible_pdf()
    cache = {} if cache is None else cache
    for fmt in formats:
        for d in ex.diagrams:
            try:
                if (d.dot, fmt) not in cache:
                    cache[(d.dot, fmt)] = layout(d.dot, fmt)
                files[f"{d.name}.{fmt}"] = cache[(d.dot, fmt)]
            except LayoutError as exc:
                notes.append(f"no {fmt.upper()} diagrams: {exc}")
                break
    return files, notes


def _reproducible_pdf() -> None:
    """Keep dates and random ids out of PDF files, so that the same inputs give the same bytes."""
    import os

    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")  # Graphviz (cairo) reads it
    try:
        from reportlab import rl_config
    except ImportError:
        return
    rl_config.invariant = 1
