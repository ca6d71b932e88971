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
from typing import TYPE_CHECKING, Literal, get_args

from argmap.graph import MapGraph
from argmap.model import ArgMap, Node, Relation, Thesis

if TYPE_CHECKING:
    from argmap.diagnostics import Diagnostic

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
from argmap.exercises.make_open import find_gaps_exercise, starter_exercise  # noqa: E402
from argmap.exercises.worksheet import (  # noqa: E402
    Diagram,
    Exercise,
    code,
    full_view,
    header,
    kind_word,
    md,
    outline,
    relation_phrase,
    reproducible_pdf,
    view_dot,
)


def student_seed(seed: int, student: int) -> int:
    """The seed of student number ``student`` (1-based) in a class made with ``seed``."""
    digest = hashlib.sha256(f"argmap-exercise/{seed}/{student}".encode()).hexdigest()
    return int(digest[:8], 16) % 1_000_000


def _shuffled(ids: Sequence[str], seed: int) -> list[str]:
    return sorted(ids, key=lambda i: (hashlib.sha256(f"{seed}\x00{i}".encode()).digest(), i))


def _get(name: dict[str, str], item: str) -> str:
    return name.get(item, item)


def _bears(node_id: str, g: MapGraph, name: dict[str, str], *, steps: bool = False) -> str:
    return "; ".join(relation_phrase(r, node_id, g, name, steps=steps) for r in g.outgoing.get(node_id, ()))


def _facts(node: Node) -> list[str]:
    from argmap.view.kinds import evidence_facts

    return evidence_facts(node)


def _quote(node: Node) -> str | None:
    anchor = getattr(node, "anchor", None)
    return anchor.exact if anchor is not None else None


def _fill_evidence(m: ArgMap, g: MapGraph, seed: int, ex: Exercise) -> None:
    from argmap.view.build import build_view

    evidence = [n.id for n in g.nodes.values() if n.kind == "evidence"]
    if not evidence:
        raise ExerciseError("the map has no evidence: there is nothing to leave blank")
    blank = {eid: f"B{i}" for i, eid in enumerate(_shuffled(evidence, seed), 1)}
    name = {n: blank.get(n, n) for n in g.nodes}

    # The worksheet map: evidence renamed to its blank and emptied; the view draws it.
    nodes = [
        n.model_copy(update={"id": blank[n.id], "text": BLANK, "anchor": None, "contradicted_by": []})
        if n.id in blank
        else n
        for n in m.nodes
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
            vn.kind, vn.facts, vn.source, vn.notes = "evidence", [], None, []
    ex.diagrams.append(Diagram("worksheet", view_dot(view), view))
    ex.diagrams.append(Diagram("key", view_dot(full_view(m))))
    _fill_texts(m, g, seed, ex, blank, name)


def _fill_texts(m: ArgMap, g: MapGraph, seed: int, ex: Exercise, blank: dict[str, str], name: dict[str, str]) -> None:
    """worksheet.md and key.md of fill-evidence: the argument, then each blank and its answer."""
    order = sorted(blank, key=lambda e: int(blank[e][1:]))
    w = header(m, "Fill in the evidence", seed, "fill-evidence")
    w += [
        "The diagram (`worksheet.svg`) shows the argument of the text with every piece of evidence left",
        "blank. The thesis and the claims, and what bears on what, are given. For each blank, find the",
        "evidence in the text: write it in your own words, with its key facts (figures, dates, who),",
        "and copy the few words of the text you found it in. Write your answers in `answers.yaml`",
        "(or on the printed worksheet).",
        "",
        "## The argument",
        "",
        *outline(m, g, evidence=False),
        "",
        "## The blanks",
        "",
    ]
    k = header(m, "Key: fill in the evidence", seed, "fill-evidence")
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
        k += [f"### {blank[eid]} = {code(eid)} ({kind_word(node)}), {bears}", ""]
        k.append(f"- Answer: {md(node.text)}")
        facts = _facts(node)
        if facts:
            k.append(f"- Key facts: {md('; '.join(facts))}")
        quote = _quote(node)
        k.append(f"- Words of the text: “{md(quote)}”" if quote else "- Words of the text: (no anchor)")
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
    ex.diagrams.append(Diagram("worksheet", view_dot(sheet_view), sheet_view))
    ex.diagrams.append(Diagram("key", view_dot(full_view(m))))
    w = header(m, "Match the evidence", seed, "match")
    w += [
        "Each numbered piece of evidence below supports or attacks one of the claims (or the thesis),",
        "or undercuts a step of the argument (shows that the step does not hold). The diagram",
        "(`worksheet.svg`) shows the claims and how they hang together; below, each step has an id",
        "(step `R3`). For each number, write what it bears on and how, e.g. `3: C2 supports`, or for",
        "a step its id or its ends: `3: R3 undercuts`, `3: undercuts the step from C1 to C2`, and for",
        "a step you drew yourself `3: undercuts the step from 5 to C2`. Some evidence bears on more",
        "than one claim.",
        "",
        "## Claims",
        "",
        *outline(m, g, evidence=False, steps=True, name={**{n: n for n in g.nodes}, **number}),
        "",
        "## Evidence",
        "",
    ]
    k = header(m, "Key: match the evidence", seed, "match")
    k += ["| No. | Evidence | Type | Bears on |", "|---|---|---|---|"]
    for eid in sorted(number, key=lambda e: int(number[e])):
        node = g.nodes[eid]
        facts = _facts(node)
        detail = f" ({md('; '.join(facts))})" if facts else ""
        quote = _quote(node)
        said = f" — “{md(quote)}”" if quote else ""
        w.append(
            f"{number[eid]}. {md(node.text)}{detail}{said}  \n   Bears on: ________ supports / attacks / undercuts"
        )
        bears = _bears(eid, g, number, steps=True) or "(not linked)"
        k.append(f"| {number[eid]} | {code(eid)} {md(node.text)} | {kind_word(node)} | {bears} |")
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
    if kind == "fill-evidence":
        _fill_evidence(m, g, seed, ex)
    elif kind == "match":
        _match(m, g, seed, ex)
    elif kind == "find-gaps":
        if findings is None:
            from argmap.rules import run_rules

            findings = run_rules(m, g)
        find_gaps_exercise(m, g, findings, ex)
    else:
        starter_exercise(m, g, ex)
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
        reproducible_pdf()
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
