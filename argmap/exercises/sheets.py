"""Answer sheets: one format per kind, written blank for the student and filled in for the teacher.

* ``fill-evidence``: ``answers.yaml``, each blank (B1, B2 ...) with ``evidence``, ``type``, ``quote``;
* ``match``: ``answers.txt``, one line per link, ``3: C2 supports``;
* ``find-gaps``: ``answers.txt``, one weakness a line: a code and the id it concerns, or plain words;
* ``starter``: ``answers.yaml``, the student's map (begun with the thesis and the source).

Grading a sheet builds the student's map from it, with the items the worksheet hands out (the
structure of fill-evidence, the claims and evidence of match, the thesis of starter) marked as
*given*: they earn nothing and are left out of the total. A blank sheet therefore scores 0, and the
key's own sheet 100.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from argmap.exercises.errors import ExerciseError
from argmap.model import EVIDENCE_CLASSES, Anchor, ArgMap, Event, Node, Relation, RelationKind

__all__ = [
    "SHEET_NAMES",
    "Version",
    "fill_sheet",
    "fill_student_map",
    "load_sheet_yaml",
    "match_sheet",
    "match_student_map",
    "parse_fill",
    "parse_match",
]

SHEET_NAMES = {
    "fill-evidence": "answers.yaml",
    "match": "answers.txt",
    "find-gaps": "answers.txt",
    "starter": "answers.yaml",
}
TYPES = tuple(EVIDENCE_CLASSES)


@dataclass
class Version:
    """One version of a worksheet: its name, seed, and what its numbers or blanks stand for."""

    name: str
    seed: int
    items: dict[str, str] = field(default_factory=dict)
    """Blank (B1) or number (1) -> key evidence id."""

    def to_dict(self) -> dict[str, Any]:
        return {"seed": self.seed, "items": dict(self.items)}


def _yaml_str(text: str) -> str:
    import json

    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def _header(kind: str, version: str, title: str, lines: list[str]) -> list[str]:
    return [
        f"# {title}",
        *(f"# {line}" for line in lines),
        f"exercise: {kind}",
        f"version: {_yaml_str(version)}",
        'name: ""',
    ]


# --------------------------------------------------------------------------- fill-evidence


def fill_sheet(m: ArgMap, version: Version, *, key: bool) -> str:
    """The fill-evidence answer sheet, blank or (``key``) filled in with the key's evidence."""
    nodes = {n.id: n for n in m.nodes}
    out = _header(
        "fill-evidence",
        version.name,
        f"Fill in the evidence: {' '.join(m.title.split())}",
        [
            "For each blank write the evidence in your own words, its type (statistic, count, statement,",
            "event or absence) and the words of the text it stands on, between the quotes.",
        ],
    )
    out.append("answers:")
    for blank in sorted(version.items, key=lambda b: int(b[1:])):
        node = nodes[version.items[blank]]
        quote = getattr(node, "anchor", None)
        out += [
            f"  {blank}:",
            f"    evidence: {_yaml_str(node.text) if key else chr(34) * 2}",
            f"    type: {_yaml_str(node.type) if key and node.kind == 'evidence' else chr(34) * 2}",
            f"    quote: {_yaml_str(quote.exact) if key and quote is not None else chr(34) * 2}",
        ]
    return "\n".join(out) + "\n"


@functools.cache
def _sheet_loader() -> Any:
    import yaml

    class SheetLoader(yaml.SafeLoader):
        """PyYAML's safe loader without aliases: a student's sheet writes each answer out, and nine
        nested aliases make a 500-byte sheet half a million answers."""

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event()  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(
                    None, None, "an alias (*name) where an answer should be written out", mark.start_mark
                )
            return super().compose_node(parent, index)

    return SheetLoader


def load_sheet_yaml(text: str) -> Any:
    """A student's YAML answer sheet as plain data; ``yaml.YAMLError`` for bad YAML or an alias."""
    import yaml

    return yaml.load(text, Loader=_sheet_loader())  # a SafeLoader, aliases refused


def _load_yaml(text: str, where: str) -> Any:
    import yaml

    try:
        return load_sheet_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ExerciseError(f"{where}{line}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from None


def sheet_version(text: str, where: str) -> str | None:
    """The version a sheet says it belongs to (``version: ...`` in YAML or a ``# version:`` line)."""
    found = re.search(r"^#?\s*version:\s*\"?([^\"\n]*)\"?\s*$", text, re.M)
    return found.group(1).strip() if found else None


def parse_fill(text: str, where: str) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Blank -> {evidence, type, quote} from a fill-evidence sheet (empty answers left out), and the
    answers that cannot be read. A blank is named in any case and spacing (``b3``, ``B 3``); an
    answer given as text alone (``B3: They fired missiles.``) is its evidence."""
    data = _load_yaml(text, where)
    answers = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(answers, dict):
        raise ExerciseError(f"{where}: not a fill-evidence answer sheet (no `answers:` with B1, B2 ...)")
    out: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    for blank, fields in answers.items():
        name = "".join(str(blank).split()).upper()
        if isinstance(fields, str | int | float):
            fields = {"evidence": fields}
        if not isinstance(fields, dict):
            problems.append(f"{where}: {name}: a list where the blank's `evidence`, `type` and `quote` go")
            continue
        got = {k: " ".join(str(fields.get(k) or "").split()) for k in ("evidence", "type", "quote")}
        if got["evidence"] or got["quote"]:
            out[name] = got
    return out, problems


def _evidence_node(node_id: str, text: str, kind: str, quote: str) -> Node:
    cls = EVIDENCE_CLASSES.get(kind.lower(), Event)
    anchor = Anchor.model_construct(exact=quote, prefix=None, suffix=None, source=None) if quote else None
    fields: dict[str, Any] = {
        "id": node_id,
        "kind": "evidence",
        "type": kind.lower() if kind.lower() in EVIDENCE_CLASSES else (kind or "none"),
        "text": text or quote,
        "anchor": anchor,
        "aliases": [],
        "tags": [],
        "ignore": [],
        "sources": [],
        "note": None,
    }
    return cls.model_construct(**fields)  # type: ignore[return-value]


def given_structure(m: ArgMap, evidence: bool) -> tuple[list[Node], list[Relation], frozenset[str]]:
    """What a worksheet hands out: the thesis and claims (and the evidence, for match), and the
    relations among them. Returns nodes, relations and the ids of both, as ``given``."""
    kinds = {"thesis", "claim", "evidence"} if evidence else {"thesis", "claim"}
    nodes = [n for n in m.nodes if n.kind in kinds]
    keep = {n.id for n in m.nodes if n.kind in {"thesis", "claim"}}
    rels: list[Relation] = []
    for r in m.relations:  # an undercut is handed out only with the relation it attacks
        ok_target = r.target in keep or any(x.id == r.target for x in rels)
        if all(p in keep for p in r.premises) and ok_target:
            rels.append(r)
    return nodes, rels, frozenset({n.id for n in nodes} | {r.id for r in rels})


def fill_student_map(
    m: ArgMap, version: Version, answers: Mapping[str, Mapping[str, str]]
) -> tuple[ArgMap, frozenset[str]]:
    """The student's map from a fill-evidence sheet, and the ids the worksheet gave."""
    nodes, rels, given = given_structure(m, evidence=False)
    blank_of = {eid: b for b, eid in version.items.items()}
    student_nodes: list[Node] = list(nodes)
    for blank, a in answers.items():
        if blank in version.items:
            student_nodes.append(_evidence_node(blank, a["evidence"], a["type"], a["quote"]))
    filled = set(answers)
    student_rels = list(rels)
    for r in m.relations:
        if r.id in given:
            continue
        premises = [blank_of.get(p, p) for p in r.premises]
        if any(p.startswith("B") and p in blank_of.values() and p not in filled for p in premises):
            continue
        if r.target in blank_of and blank_of[r.target] not in filled:
            continue
        target = blank_of.get(r.target, r.target)  # evidence attacked by other evidence is a blank too
        student_rels.append(r.model_copy(update={"premises": premises, "target": target}))
    student = m.model_copy(update={"nodes": student_nodes, "relations": student_rels, "glossary": {}})
    return student, given


# --------------------------------------------------------------------------- match

_MATCH_LINE = re.compile(r"^\s*(\d+)\s*[:.)-]?\s*(.*)$")
_ANSWER_NOISE = re.compile(r"[,;`()\[\]]")
_STEP_ENDS = re.compile(
    r"(?:from\s+)?([^\s>→-]+)\s*(?:->|→|>)\s*(\S+)|(?:from\s+)?(\S+(?:\s*\+\s*\S+)*)\s+to\s+(\S+)", re.I
)
_FILLER = frozenset({"the", "a", "step", "link", "from", "to", "it", "bears", "on", "claim", "thesis", "evidence"})
STEP_ARROW = "->"
"""How :func:`parse_match` writes a step named by its ends (``C1->C2``) until the map resolves it."""
_KINDS: tuple[RelationKind, ...] = ("supports", "attacks", "undercuts")


def match_sheet(m: ArgMap, version: Version, *, key: bool) -> str:
    """The match answer sheet: a line per number, blank or (``key``) with the key's links."""
    out = [
        f"# Match the evidence: {' '.join(m.title.split())}",
        "# exercise: match",
        f"# version: {version.name}",
        "# name: ",
        "# For each number write what the evidence bears on: a claim id such as C2, T for",
        "# the thesis, or a step's id as the worksheet shows it (step R3); then supports,",
        "# attacks or undercuts, e.g.",
        "#   3: C2 supports",
        "#   3: R3 undercuts      (or: 3: undercuts the step from C1 to C2)",
        "# Evidence that bears on two things gets two lines.",
    ]
    for number in sorted(version.items, key=int):
        eid = version.items[number]
        links = [r for r in m.relations if eid in r.premises]
        if key and links:
            out += [f"{number}: {_answer(m, version, r)}" for r in links]
        else:
            out.append(f"{number}:")
    return "\n".join(out) + "\n"


def _answer(m: ArgMap, version: Version, r: Relation) -> str:
    """The key's answer for ``r``: its target and kind; a step the student draws (from numbered
    evidence) has no id on the worksheet, so it is named by its ends, as the worksheet says."""
    step = next((x for x in m.relations if x.id == r.target), None)
    number = {eid: n for n, eid in version.items.items()}
    drawn = [number[p] for p in step.premises if p in number] if step is not None else []
    if step is not None and drawn:
        ends = " + ".join(number.get(p, p) for p in step.premises)  # every premise: two steps may share one
        return f"{r.kind} the step from {ends} to {step.target}"
    return f"{r.target} {r.kind}"


def parse_match(text: str, where: str) -> tuple[list[tuple[str, str, RelationKind]], list[str]]:
    """(number, target, kind) per answer, and problems (line numbers and why). A line may give
    several answers apart (``5: C1, C6 supports``, ``5: C1 supports and C6 supports``)."""
    out: list[tuple[str, str, RelationKind]] = []
    problems: list[str] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip().lstrip("-").strip()
        if not line or _SHEET_HEAD.match(line):
            continue  # `name: Ana` without its `#` names the student (see marking), as on the sheet
        found = _MATCH_LINE.match(line)
        if found is None:
            problems.append(f"{where}:{n}: {line!r} is not an answer; write `3: C2 supports`")
            continue
        number, rest = found.groups()
        line_kind = _kind_of(_ANSWER_NOISE.sub(" ", rest).split())
        for part in _answers_apart(rest):
            words = _ANSWER_NOISE.sub(" ", part).split()
            if not words:
                continue  # an unanswered number
            kind = _kind_of(words) or line_kind or "supports"
            target = _target_of(words)
            if target is None:
                problems.append(f"{where}:{n}: no claim id on the line; write `{number}: C2 {kind}`")
                continue
            out.append((number, target, kind))
    return out, problems


_SHEET_HEAD = re.compile(r"^(?:name|student|exercise|version):", re.I)
_APART = re.compile(r"\s*(?:[,;&/]|\band\b)\s*", re.I)
_ID_SHAPED = re.compile(r"^(?:[A-Za-z_]*\d[\w.-]*|T)$")


def _answers_apart(rest: str) -> list[str]:
    """The answers one line gives: split at commas, ``and`` ... only when every piece names an id of
    its own (``C1, C6 supports``); ``C1 supports, as it shows desperation`` stays one answer."""
    pieces = [p for p in _APART.split(rest) if p.strip()]
    if len(pieces) > 1 and all(any(_ID_SHAPED.match(w) for w in p.split()) for p in pieces):
        return pieces
    return [rest]


def _kind_of(words: list[str]) -> RelationKind | None:
    return next((k for k in _KINDS if any(w.lower().startswith(k[:6]) for w in words)), None)


def _target_of(words: list[str]) -> str | None:
    """What one answer bears on: a claim or step id, or a step by its ends (``from C1 to C2``)."""
    targets = [w for w in words if not any(w.lower().startswith(k[:6]) for k in _KINDS)]
    ends = _STEP_ENDS.search(" ".join(targets))
    if ends is not None:  # a step by its ends, as the worksheet names it: `from C1 to C2`
        start, end = (ends.group(1), ends.group(2)) if ends.group(1) else (ends.group(3), ends.group(4))
        targets = [f"{start}{STEP_ARROW}{end}"]
    targets = [w for w in targets if w.lower() not in _FILLER] or targets
    return targets[0] if targets else None


def _known(ids: dict[str, str], x: str) -> str:
    """``x`` as the map spells it: exactly, else in any case."""
    return x if x in ids.values() else ids.get(x.lower(), x)


def _premises(start: str) -> list[str]:
    """The premises a step's start names: ``1 + 3`` is two."""
    return [x for x in re.split(r"\s*\+\s*", start.strip()) if x] or [start]


def _resolve_targets(
    m: ArgMap, version: Version, answers: list[tuple[str, str, RelationKind]]
) -> list[tuple[str, str, RelationKind]]:
    """Each answer's target as the key's id: ids in any case (``r32`` is ``R32``), a step named by
    its ends (``C13->C6``, a number for numbered evidence) as the step's id, and ``attacks`` on a
    step read as ``undercuts`` (attacking a step is undercutting it)."""
    ids = {n.id.lower(): n.id for n in m.nodes} | {r.id.lower(): r.id for r in m.relations}
    steps = {r.id for r in m.relations}
    out: list[tuple[str, str, RelationKind]] = []
    for number, target, kind in answers:
        if STEP_ARROW in target and target.lower() not in ids:
            start, _, end = target.partition(STEP_ARROW)
            named = [version.items.get(x) or _known(ids, x) for x in _premises(start)]
            first = named[0]
            last = end if end in ids.values() else ids.get(end.lower(), end)
            fits = [r for r in m.relations if set(named) <= set(r.premises) and r.target == last]
            exact = [r for r in fits if set(r.premises) == set(named)]  # `from 1 to n0`, not `from 1 + 3 to n0`
            step = next((r.id for r in exact + fits), None)
            drawn_by_student = start in version.items and step is None  # the student's own step, if drawn
            target = f"{start}{STEP_ARROW}{last}" if drawn_by_student else step if step is not None else first
        target = target if target in ids.values() else ids.get(target.lower(), target)
        if target in steps and kind == "attacks":
            kind = "undercuts"
        out.append((number, target, kind))
    return out


def _steps_drawn(
    m: ArgMap, version: Version, answers: list[tuple[str, str, RelationKind]], taken: set[str]
) -> dict[int, Relation]:
    """Which step of the key each answer line draws (by line number from 1): the same evidence on
    the same target, of the same kind first, then of another kind (a flipped link)."""
    out: dict[int, Relation] = {}
    for same_kind in (True, False):
        for i, (number, target, kind) in enumerate(answers, 1):
            eid = version.items.get(number)
            if i in out or eid is None:
                continue
            fits = [r for r in m.relations if r.id not in taken and r.target == target and eid in r.premises]
            step = next((r for r in fits if r.kind == kind or not same_kind), None)
            if step is not None:
                out[i] = step
                taken.add(step.id)
    return out


def _own_steps(
    version: Version, answers: list[tuple[str, str, RelationKind]], steps: dict[int, Relation], known: set[str]
) -> dict[str, str]:
    """The id each answer line's link takes, by its ends (``5->C2``), for `undercuts the step from 5 to C2`."""
    return {
        f"{number}{STEP_ARROW}{target}": steps[i].id if i in steps else f"answer-{i}"
        for i, (number, target, _) in enumerate(answers, 1)
        if number in version.items and target in known
    }


def match_student_map(
    m: ArgMap, version: Version, answers: list[tuple[str, str, RelationKind]]
) -> tuple[ArgMap, frozenset[str]]:
    """The student's map from match answers: the given map plus the links the student drew."""
    nodes, rels, given = given_structure(m, evidence=True)
    known = {n.id for n in m.nodes} | {r.id for r in m.relations}
    answers = _resolve_targets(m, version, answers)
    student_rels = list(rels)
    # a line that draws a step of the key's argument takes that step's id, so that an undercut
    # naming the step (`4: r1 undercuts`) finds it in the student's map
    # (the premises the sheet does not number come with it: a linked claim is handed out)
    numbered = set(version.items.values())
    steps = _steps_drawn(m, version, answers, {r.id for r in rels})
    drawn = _own_steps(version, answers, steps, known)
    for i, (number, target, kind) in enumerate(answers, 1):
        eid = version.items.get(number)
        if STEP_ARROW in target:
            target = drawn.get(target, version.items.get(target.partition(STEP_ARROW)[0], target))
        if eid is None or (target not in known and target not in drawn.values()):
            continue
        step = steps.get(i)
        rid, premises = f"answer-{i}", [eid]
        if step is not None:
            rid, premises = step.id, [eid, *(p for p in step.premises if p not in numbered)]
        student_rels.append(
            Relation.model_construct(
                id=rid,
                kind=kind,
                premises=premises,
                target=target,
                warrant=None,
                qualifier=None,
                strength=None,
                note=None,
                ignore=[],
                answers=[],
                formats={},
            )
        )
    # a step no numbered line can draw (a claim undercutting an evidence link) is not asked for:
    # the worksheet shows it, so it stands in the student's map as handed out, where an undercut
    # of it (`2: r2 undercuts`) finds it
    unasked = [r for r in m.relations if r.id not in given and not numbered.intersection(r.premises)]
    student_rels += unasked
    student = m.model_copy(update={"nodes": nodes, "relations": student_rels, "glossary": {}})
    return student, given | frozenset(r.id for r in unasked) | frozenset(n.id for n in nodes)
