"""The open-ended kinds of exercise: find the gaps of a complete map, and map a text from a starter.

Split from :mod:`argmap.exercises.make` (one module per job); the worksheet example of find-gaps
comes from a fixed neutral map, never from the key, so that it gives nothing away.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from argmap.exercises.errors import ExerciseError
from argmap.exercises.worksheet import (
    Diagram,
    Exercise,
    code,
    full_view,
    header,
    md,
    outline,
    reading_sources,
    view_dot,
)
from argmap.graph import MapGraph
from argmap.model import ArgMap, Thesis

if TYPE_CHECKING:
    from argmap.diagnostics import Diagnostic

__all__ = ["example_gap", "find_gaps_exercise", "starter_exercise"]


def example_gap() -> str:
    """A worked example line for find-gaps, from a small neutral map (a claim nothing supports)."""
    from argmap.rules import run_rules

    neutral = ArgMap.model_validate(
        {
            "argmap": 1,
            "title": "Example: the school garden",
            "nodes": [
                {"id": "T_garden", "kind": "thesis", "text": "The school should keep its garden."},
                {"id": "C_pupils", "kind": "claim", "text": "Pupils learn from growing food."},
            ],
            "relations": [{"id": "R1", "kind": "supports", "from": "C_pupils", "to": "T_garden"}],
        }
    )
    found = [d for d in run_rules(neutral) if d.subject == "C_pupils"]
    code = found[0].code if found else "ST102"
    return f"{code} C_pupils    (or in words: C_pupils has no support)"


def _steps(m: ArgMap) -> list[str]:
    """Every relation by its id, so that a weakness of a step can be named (R16 ...)."""
    out = []
    for r in m.relations:
        scheme = f" (scheme: {r.scheme})" if r.scheme else ""
        out.append(f"- {code(r.id)}: {' + '.join(code(p) for p in r.premises)} {r.kind} {code(r.target)}{scheme}")
    return out


def _source_ids(m: ArgMap) -> list[str]:
    """Every source by its id (what sourcing weaknesses name), without the mapper's notes."""
    if not m.sources:
        return []
    out = ["## Sources", ""]
    for s in m.sources:
        who = ", ".join(md(x) for x in (s.author, s.publisher, s.date) if x)
        out.append(
            f"- {code(s.id)}: “{md(s.title)}”" + (f", {who}" if who else "") + (f" ({s.kind})" if s.kind else "")
        )
    return [*out, ""]


_ASKS = re.compile(r"^(?P<rid>\S+) \((?P<scheme>[\w-]+)\) asks: (?P<ask>.*) \[(?P<qid>[\w-]+)\]$")


def _readable(d: Diagnostic, m: ArgMap) -> str:
    """A finding as the key prints it: a critical question with its roles filled from the map."""
    found = _ASKS.match(d.message) if d.code == "CQ701" else None
    rel = next((r for r in m.relations if found is not None and r.id == found["rid"]), None)
    if found is None or rel is None:
        return d.message
    from argmap.exercises.questions import filled_question

    ask = filled_question(found["ask"], rel, m)
    return f"{found['rid']} ({found['scheme']}) asks: {ask} [{found['qid']}]"


def find_gaps_exercise(m: ArgMap, g: MapGraph, findings: Sequence[Diagnostic], ex: Exercise) -> None:
    from argmap.exercises.findgaps import answer_text

    view = full_view(m)
    ex.diagrams.append(Diagram("worksheet", view_dot(view), view))
    ex.diagrams.append(Diagram("key", view_dot(view)))
    w = header(m, "Find the gaps", None, "find-gaps")
    w += [
        "The diagram (`worksheet.svg`) and the outline below show the complete map. Where is it weak?",
        "Look for claims without support, evidence without a source or a date, figures without a unit",
        "or a comparison, one-sided sourcing, attacks left unanswered. Write one weakness a line: the",
        "code of the weakness, then the id of the node, relation or source it concerns, or say it in",
        "your own words with the id. For a map about a school garden where nothing supports claim",
        "C_pupils, a line could be:",
        "",
        f"    {example_gap()}",
        "",
        "## The map",
        "",
        *outline(m, g, evidence=True),
        "",
        "## The steps of the argument",
        "",
        *_steps(m),
        "",
        *_source_ids(m),
        "## Codes",
        "",
        *_code_table(findings),
    ]
    k = header(m, "Key: find the gaps", None, "find-gaps")
    if findings:
        k += ["| Code | Concerns | Severity | Finding |", "|---|---|---|---|"]
        for d in findings:
            on = code(d.subject) if d.subject else "(map)"
            k.append(f"| {d.code} | {on} | {d.severity.value} | {md(_readable(d, m))} |")
    else:
        k.append("The rules find no weakness in this map.")
    ex.texts["worksheet.md"] = "\n".join(w).rstrip() + "\n"
    ex.texts["key.md"] = "\n".join(k).rstrip() + "\n"
    ex.texts["gaps.yaml"] = answer_text(findings, m.title)


def _code_table(findings: Sequence[Diagnostic]) -> list[str]:
    """Every rule the engine knows, so that the table gives nothing away about which apply."""
    try:
        from argmap.rules import all_rules
    except ImportError:  # rule engine not in this build: list the codes the key uses
        codes = sorted({d.code for d in findings})
        return [f"- {c}" for c in codes] or ["(no codes)"]
    lines = ["| Code | Weakness |", "|---|---|"]
    lines += [f"| {r.code} | {md(r.summary)} |" for r in all_rules() if not r.code.startswith("RL")]
    return lines


def _starter_map(m: ArgMap, g: MapGraph) -> ArgMap:
    """Title, sources and the bare thesis; rules that fail only because the map is unfinished are
    silenced on the thesis, so that the student starts from a map that checks clean."""
    assert g.thesis is not None
    thesis = Thesis.model_validate({"id": g.thesis.id, "kind": "thesis", "text": g.thesis.text})
    title = f"My map of: {m.title}"
    starter = ArgMap(argmap=1, title=title, authors=["Your Name"], sources=reading_sources(m), nodes=[thesis])
    try:
        from argmap.rules import run_rules
    except ImportError:  # no rule engine in this build: nothing to silence
        return starter
    errors = sorted({d.code for d in run_rules(starter) if d.severity.value == "error"})
    if not errors:
        return starter
    return starter.model_copy(update={"nodes": [thesis.model_copy(update={"ignore": errors})]})


def starter_exercise(m: ArgMap, g: MapGraph, ex: Exercise) -> None:
    from argmap.interchange.native import export_yaml

    if g.thesis is None:
        raise ExerciseError("the map has no thesis: a starter map begins from the thesis")
    starter = _starter_map(m, g)
    head = (
        "# Your map: add claims, typed evidence (statistic, count, statement, event, absence) and\n"
        "# relations (supports, attacks, undercuts). Check it with: argmap check answers.yaml\n"
    )
    silenced = starter.nodes[0].ignore
    if silenced:
        head += (
            f"# The thesis ignores {', '.join(silenced)} while the map is unfinished: delete its `ignore:`\n"
            "# once your claims support it.\n"
        )
    ex.texts["answers.yaml"] = head + export_yaml(starter).text
    starter_view = full_view(starter)
    ex.diagrams.append(Diagram("worksheet", view_dot(starter_view), starter_view))
    ex.diagrams.append(Diagram("key", view_dot(full_view(m))))
    counts = {k: sum(1 for n in m.nodes if n.kind == k) for k in ("claim", "evidence")}
    w = header(m, "Map the argument", None, "starter")
    w += [
        "`answers.yaml` holds the thesis of the text and its source. Complete the map. On the worksheet",
        "as a web page, select the words of the text, make a node of them and link it there; on paper or in",
        "`answers.yaml`:",
        "",
        "1. add the claims the author gives for (or against) the thesis, as `kind: claim`, each in your",
        "   own words, with the few words of the text where the author says it as its `anchor`;",
        "2. add every piece of evidence, typed: `statistic` (a figure), `count` (a number of things),",
        "   `statement` (something said), `event` (something that happened) or `absence` (something",
        "   expected that did not happen), with the words of the text as its `anchor`;",
        "3. link them with relations: `supports`, `attacks`, or `undercuts` (attacks a step);",
        "4. run `argmap check answers.yaml` until it reports no errors.",
        "",
        f"The thesis: {md(g.thesis.text)}",
        "",
        f"For scale: the key map has {counts['claim']} claims, {counts['evidence']} pieces of evidence "
        f"and {len(m.relations)} relations.",
    ]
    k = header(m, "Key: map the argument", None, "starter")
    k += [
        "The full map is `key.yaml`; grade a student's map with",
        "`argmap exercise grade STUDENT.yaml --key key.yaml`.",
        "",
        "## Outline",
        "",
        *outline(m, g, evidence=True),
    ]
    ex.texts["worksheet.md"] = "\n".join(w).rstrip() + "\n"
    ex.texts["key.md"] = "\n".join(k).rstrip() + "\n"
