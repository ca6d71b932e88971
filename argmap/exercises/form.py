"""What worksheet.html's answer form needs, and nothing of the key.

The page builds a form from this description and saves exactly the answer sheet a student would
write by hand (the blank sheet's own lines, filled in), so ``exercise grade`` reads both alike:

* fill-evidence: per blank (as the worksheet names it, with what it bears on) the evidence in the
  student's words, its type from a list, the fields that type has (they join the evidence as its
  key facts, as the sheet asks), and the quotation, picked by selecting words of the article;
* match: per number, what it bears on (an id the worksheet shows: a claim or a step) and how, with
  more lines for evidence that bears on two things;
* find-gaps: rows of an id of the map, a weakness from a list, and why (kept as a comment).

* starter: the map editor (issue 28): the starter map (the blank answers.yaml), the article, and for
  each sentence of it the node the reader proposes (:func:`argmap.reader.propose`), and the figures,
  sayings and events it suggests (:func:`argmap.reader.proposals.suggest`) with where they stand, so
  that the page, offline, proposes a node from the words a student selects (the suggestion the
  selection overlaps most, else its sentence's proposal); it saves the map as answers.yaml. Without
  the article the page keeps the text box.
"""

from __future__ import annotations

import re
from typing import Any

from argmap.exercises.findgaps import FAMILIES
from argmap.model import EVIDENCE_CLASSES, ArgMap, own_fields

__all__ = ["WEAKNESSES", "form_data"]

WEAKNESSES: dict[str, str] = {
    "unsupported": "nothing (or only claims) supports it",
    "disconnected": "not connected to the argument",
    "silence": "rests on something that did not happen (an argument from silence)",
    "figure": "a figure without unit, baseline or comparison",
    "source": "one source, or a weak or one-sided one",
    "date": "no date or period, or dates that do not fit",
    "inconsistent": "figures or anniversaries that do not add up",
    "unanswered": "an attack left unanswered",
}
"""A weakness a student picks, in words, for each family of rule codes (see :data:`FAMILIES`)."""


def _head(blank_sheet: str, upto: str | None = None) -> list[str]:
    lines = blank_sheet.splitlines()
    if upto is not None and upto in lines:
        return lines[: lines.index(upto)]
    return [line for line in lines if line.startswith("#")]


def _plain_md(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text.replace("`", "")).strip()


def _fill(m: ArgMap, worksheet_md: str, blank_sheet: str) -> dict[str, Any]:
    blanks = [
        {"id": b, "bears": _plain_md(bears)} for b, bears in re.findall(r"^### (B\d+): (.*)$", worksheet_md, re.M)
    ]
    types = [
        {"type": name, "fields": [f.replace("_", " ") for f in own_fields(cls)]}
        for name, cls in EVIDENCE_CLASSES.items()
    ]
    return {"kind": "fill-evidence", "head": _head(blank_sheet, "answers:"), "blanks": blanks, "types": types}


def _match(m: ArgMap, sheet: ArgMap, worksheet_md: str, blank_sheet: str) -> dict[str, Any]:
    """Per number a line of what it bears on: the claims, then every step the worksheet names by
    its id (``(step R32)``), in its words; a premise the sheet does not show is 'a piece of evidence'."""
    items = [{"number": n, "text": _plain_md(t)} for n, t in re.findall(r"^(\d+)\. (.*?)\s*$", worksheet_md, re.M)]
    targets = [{"id": n.id, "text": " ".join(n.text.split())} for n in sheet.nodes]
    shown = {n.id for n in sheet.nodes}
    steps = {r.id: r for r in m.relations}

    def end(x: str) -> str:
        return x if x in shown else f"step {x}" if x in steps else "a piece of evidence"

    for rid in dict.fromkeys(re.findall(r"step `([^`]+)`", "\n".join(re.findall(r"^- `.*$", worksheet_md, re.M)))):
        if rid in steps:
            r = steps[rid]
            text = f"the step from {' + '.join(end(p) for p in r.premises)} to {end(r.target)} ({r.kind})"
            targets.append({"id": rid, "text": text})
    return {"kind": "match", "head": _head(blank_sheet), "items": items, "targets": targets}


def _gaps(m: ArgMap, blank_sheet: str) -> dict[str, Any]:
    ids = [{"id": n.id, "group": "nodes"} for n in m.nodes]
    ids += [{"id": r.id, "group": "steps of the argument"} for r in m.relations]
    ids += [{"id": s.id, "group": "sources"} for s in m.sources]
    weaknesses = [{"code": codes[0], "text": WEAKNESSES[fam]} for fam, (codes, _) in FAMILIES.items()]
    return {"kind": "find-gaps", "head": _head(blank_sheet), "ids": ids, "weaknesses": weaknesses}


def _starter(blank_sheet: str, article: str) -> dict[str, Any]:
    import yaml

    from argmap.reader import propose, sentences
    from argmap.reader.proposals import suggest

    starter = yaml.safe_load(blank_sheet)
    source = next((s["id"] for s in starter.get("sources") or []), None)
    said = [
        {"start": s.start, "end": s.end, "proposal": propose(article, s.start, s.end, source=source)}
        for s in sentences(article)
    ]
    spans = []
    for p in suggest(article, source=source):
        found = re.search(r"\s+".join(map(re.escape, str(p.get("anchor", "")).split())), article)
        if found is not None and found.group():
            spans.append({"start": found.start(), "end": found.end(), "proposal": p})
    types = {
        name: {
            "fields": list(own_fields(cls)),
            "needed": [f for f in own_fields(cls) if cls.model_fields[f].is_required()],
        }
        for name, cls in EVIDENCE_CLASSES.items()
    }
    head = [line for line in blank_sheet.splitlines() if line.startswith("#")]
    return {
        "kind": "starter",
        "head": head,
        "map": starter,
        "sentences": said,
        "spans": spans,
        "types": types,
        "source": source,
    }


def form_data(
    kind: str, m: ArgMap, sheet: ArgMap, worksheet_md: str, blank_sheet: str, article: str | None = None
) -> dict[str, Any] | None:
    """The form of ``kind`` (None for starter without ``article``, the text of the source: its page
    keeps the text box). ``m`` is the map the students see whole (find-gaps), ``sheet`` the map the
    worksheet shows (match: claims only)."""
    if kind == "fill-evidence":
        return _fill(m, worksheet_md, blank_sheet)
    if kind == "match":
        return _match(m, sheet, worksheet_md, blank_sheet)
    if kind == "find-gaps":
        return _gaps(m, blank_sheet)
    if kind == "starter" and article is not None:
        return _starter(blank_sheet, article)
    return None
