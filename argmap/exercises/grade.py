"""Grade a student's map against the key map, with partial credit and feedback in plain words.

The student's nodes are first aligned to the key's (:mod:`argmap.exercises.align`); then each part
of the rubric (:mod:`argmap.exercises.rubric`) is scored as a fraction of what the key holds:

* thesis: the node standing for the key's thesis is the student's thesis;
* claims / evidence: key claims and evidence that have a counterpart of the same kind;
* types: key evidence whose counterpart has the same evidence type;
* links, polarity, direction: for each premise of each key relation, the student links the
  counterparts (links), with the same kind of relation (polarity), from premise to conclusion
  (direction).

A student map that does not validate is graded on the items that do, with its diagnostics attached;
a file that is no map at all scores 0 with the reason.
"""

from __future__ import annotations

import os
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from argmap.anchors import normalise
from argmap.diagnostics import Diagnostic, Severity
from argmap.exercises.align import Alignment, align
from argmap.exercises.rubric import CRITERIA, Rubric
from argmap.graph import MapGraph
from argmap.load import LoadResult, load_map
from argmap.model import ArgMap, Node, Relation

__all__ = [
    "ClassSummary",
    "Criterion",
    "Feedback",
    "GradeReport",
    "grade_file",
    "grade_many",
    "grade_map",
    "summarise",
]

Status = Literal["graded", "partial", "invalid"]


@dataclass(frozen=True, slots=True)
class Feedback:
    """One remark for the student. ``topic`` groups remarks for a gradebook; ``about`` is a key id."""

    topic: str
    message: str
    about: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "message": self.message, "about": self.about}


@dataclass(frozen=True, slots=True)
class Criterion:
    """One part of the rubric: ``earned`` of ``out_of`` items, worth ``weight`` points in all."""

    name: str
    weight: float
    earned: float
    out_of: int

    @property
    def points(self) -> float:
        return self.weight * self.earned / self.out_of if self.out_of else 0.0

    @property
    def max_points(self) -> float:
        """A part the key has nothing for (say, no relations) is left out of the total."""
        return self.weight if self.out_of else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "earned": self.earned,
            "out_of": self.out_of,
            "weight": self.weight,
            "points": round(self.points, 2),
        }


@dataclass
class GradeReport:
    """The grade of one student file."""

    student: str
    key: str
    status: Status
    criteria: list[Criterion] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    alignment: Alignment | None = None
    reason: str | None = None
    """Why the file scored 0 without grading (status ``invalid``)."""

    @property
    def score(self) -> float:
        return round(sum(c.points for c in self.criteria), 2)

    @property
    def max_score(self) -> float:
        return round(sum(c.max_points for c in self.criteria), 2)

    @property
    def percent(self) -> float:
        total = sum(c.max_points for c in self.criteria)
        return round(100 * sum(c.points for c in self.criteria) / total, 1) if total else 0.0

    def criterion(self, name: str) -> Criterion:
        for c in self.criteria:
            if c.name == name:
                return c
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "student": self.student,
            "key": self.key,
            "status": self.status,
            "score": self.score,
            "max": self.max_score,
            "percent": self.percent,
            "reason": self.reason,
            "criteria": {c.name: c.to_dict() for c in self.criteria},
            "feedback": [f.to_dict() for f in self.feedback],
            "alignment": [
                {"key": m.key_id, "student": m.student_id, "by": m.method, "score": m.score}
                for m in (self.alignment.matches if self.alignment else [])
            ],
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


# --------------------------------------------------------------------------- wording


def _clip(text: str, limit: int = 70) -> str:
    """The text on one line, cut at a word boundary to about ``limit`` characters."""
    text = normalise(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 3]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "..."


def _article(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _kind_word(node: Node) -> str:
    return node.type if node.kind == "evidence" else node.kind


def _describe_key(node: Node) -> str:
    """How feedback names a key node: the thesis, or its kind and words."""
    if node.kind == "thesis":
        return "the thesis"
    what = "claim" if node.kind == "claim" else f"{node.type}"
    return f'the {what} "{_clip(node.text)}"'


# --------------------------------------------------------------------------- grading


@dataclass
class _Ctx:
    key: ArgMap
    kg: MapGraph
    student: ArgMap
    sg: MapGraph
    al: Alignment
    feedback: list[Feedback] = field(default_factory=list)

    def say(self, topic: str, message: str, about: str | None = None) -> None:
        self.feedback.append(Feedback(topic, message, about))

    def describe_key_target(self, unit: _Unit) -> str:
        """The target of a key relation: a node, or for an undercut the step it attacks."""
        if unit.kind != "undercuts":
            return _describe_key(self.kg.nodes[unit.target])
        rel = self.kg.relations[unit.target]
        premises = " and ".join(_describe_key(self.kg.nodes[p]) for p in rel.premises if p in self.kg.nodes)
        target = self.kg.nodes.get(rel.target)
        return f"the step from {premises} to {_describe_key(target) if target else rel.target}"

    def describe_student(self, sid: str) -> str:
        """Name a student node by what it stands for in the key, else by its own id and words."""
        node = self.sg.nodes.get(sid)
        kid = self.al.student_to_key.get(sid)
        if node is not None and node.kind == "thesis":
            key_thesis = kid is None or self.kg.nodes[kid].kind == "thesis"
            return "the thesis directly" if key_thesis else "your thesis"
        if kid is not None:
            return _describe_key(self.kg.nodes[kid])
        if node is None:
            return f"{sid} (not a node of your map)"
        return f'your {sid} "{_clip(node.text, 50)}"'


def grade_map(
    key: ArgMap,
    student: ArgMap,
    rubric: Rubric | None = None,
    *,
    student_name: str = "student",
    key_name: str = "key",
    key_graph: MapGraph | None = None,
) -> GradeReport:
    """Grade ``student`` against ``key``; never raises for a shape-valid student map."""
    rubric = rubric or Rubric()
    kg = key_graph or MapGraph(key)
    sg = MapGraph(student)
    al = align(
        key,
        student,
        text_threshold=rubric.text_threshold,
        anchor_threshold=rubric.anchor_threshold,
        id_floor=rubric.id_floor,
    )
    ctx = _Ctx(key, kg, student, sg, al)
    w = rubric.weights
    criteria = [Criterion("thesis", w.thesis, *_grade_thesis(ctx))]
    claims, evidence, types = _grade_nodes(ctx)
    criteria += [
        Criterion("claims", w.claims, *claims),
        Criterion("evidence", w.evidence, *evidence),
        Criterion("types", w.types, *types),
    ]
    links, polarity, direction = _grade_relations(ctx)
    criteria += [
        Criterion("links", w.links, *links),
        Criterion("polarity", w.polarity, *polarity),
        Criterion("direction", w.direction, *direction),
    ]
    for sid in al.unmatched_student:
        node = sg.nodes[sid]
        if node.kind != "thesis":
            ctx.say("extra", f'{sid} "{_clip(node.text, 60)}" matches nothing in the key')
    assert [c.name for c in criteria] == list(CRITERIA)
    return GradeReport(student_name, key_name, "graded", criteria, ctx.feedback, alignment=al)


def _grade_thesis(ctx: _Ctx) -> tuple[float, int]:
    kt = ctx.kg.thesis
    if kt is None:
        return 0.0, 0
    st = ctx.sg.thesis
    sid = ctx.al.key_to_student.get(kt.id)
    if sid is not None and ctx.sg.nodes[sid].kind == "thesis":
        return 1.0, 1
    if st is None:
        ctx.say("thesis", f'your map has no thesis; the key\'s thesis is: "{_clip(kt.text)}"', kt.id)
    elif sid is not None:
        ctx.say(
            "thesis",
            f"{sid} is the key's thesis, but your map makes it a {_kind_word(ctx.sg.nodes[sid])} "
            f"and {st.id} the thesis",
            kt.id,
        )
    else:
        ctx.say("thesis", f'your thesis {st.id} is not the key\'s thesis: "{_clip(kt.text)}"', kt.id)
    return 0.0, 1


def _grade_nodes(ctx: _Ctx) -> tuple[tuple[float, int], tuple[float, int], tuple[float, int]]:
    claims = found_c = 0
    evidence = found_e = typed = 0
    for kn in ctx.kg.nodes.values():
        if kn.kind == "thesis":
            continue
        sid = ctx.al.key_to_student.get(kn.id)
        sn = ctx.sg.nodes.get(sid) if sid else None
        if kn.kind == "claim":
            claims += 1
            if sn is not None and sn.kind == "claim":
                found_c += 1
            elif sn is not None:
                ctx.say("kind", f"{sid} is a {_kind_word(sn)} in your map; the key has it as a claim", kn.id)
            else:
                ctx.say("missing", f'missing claim: "{_clip(kn.text)}"', kn.id)
            continue
        evidence += 1
        if sn is None:
            ctx.say("missing", f'missing evidence ({kn.type}): "{_clip(kn.text)}"', kn.id)
        elif sn.kind != "evidence":
            ctx.say("kind", f"{sid} is a {sn.kind} in your map; the key has {_article(kn.type)} here", kn.id)
        else:
            found_e += 1
            if sn.type == kn.type:
                typed += 1
            else:
                ctx.say("type", f"{sid} is typed {sn.type}; the key has {_article(kn.type)}", kn.id)
    return (found_c, claims), (found_e, evidence), (typed, evidence)


@dataclass(frozen=True, slots=True)
class _Unit:
    premise: str
    target: str
    kind: str
    relation: str


def _units(relations: Sequence[Relation]) -> list[_Unit]:
    return [_Unit(p, r.target, r.kind, r.id) for r in relations for p in r.premises]


def _grade_relations(ctx: _Ctx) -> tuple[tuple[float, int], tuple[float, int], tuple[float, int]]:
    k2s = dict(ctx.al.key_to_student)
    kt, st_ = ctx.kg.thesis, ctx.sg.thesis
    if kt is not None and st_ is not None and kt.id not in k2s and st_.id not in ctx.al.student_to_key:
        # A thesis in other words loses the thesis part, not every link into it as well.
        k2s[kt.id] = st_.id
    key_units = _units(ctx.key.relations)
    student_units = _units(ctx.student.relations)
    by_pair: dict[tuple[str, str], list[_Unit]] = {}
    for u in student_units:
        by_pair.setdefault((u.premise, u.target), []).append(u)
    used: set[_Unit] = set()
    # Relations between nodes first: an undercut is found through the relation it attacks.
    order = sorted(range(len(key_units)), key=lambda i: key_units[i].kind == "undercuts")
    outcome: dict[int, tuple[_Unit, bool] | None] = {}
    rel_k2s: dict[str, str] = {}
    for i in order:
        ku = key_units[i]
        sp = k2s.get(ku.premise)
        st = rel_k2s.get(ku.target) if ku.kind == "undercuts" else k2s.get(ku.target)
        pick: tuple[_Unit, bool] | None = None
        if sp is not None and st is not None:
            forward = [u for u in by_pair.get((sp, st), []) if u not in used]
            backward = [u for u in by_pair.get((st, sp), []) if u not in used]
            for candidates, is_forward in ((forward, True), (backward, False)):
                if candidates:
                    same = [u for u in candidates if u.kind == ku.kind]
                    pick = ((same or candidates)[0], is_forward)
                    break
        if pick is not None:
            used.add(pick[0])
            rel_k2s.setdefault(ku.relation, pick[0].relation)
        outcome[i] = pick
    extra = [u for u in student_units if u not in used]
    linked = polar = directed = 0
    for i, ku in enumerate(key_units):
        found = outcome[i]
        sp = k2s.get(ku.premise)
        st = rel_k2s.get(ku.target) if ku.kind == "undercuts" else k2s.get(ku.target)
        if found is not None:
            su, is_forward = found
            linked += 1
            directed += is_forward
            if su.kind == ku.kind:
                polar += 1
            else:
                ctx.say(
                    "polarity",
                    f"{sp} {su.kind} {ctx.describe_key_target(ku)} in your map; in the key it {ku.kind} it",
                    ku.relation,
                )
            if not is_forward:
                ctx.say(
                    "direction",
                    f"your {su.relation} runs from {st} to {sp}; it should run from {sp} (the premise) "
                    f"to {st} (what it bears on)",
                    ku.relation,
                )
            continue
        if sp is None:
            continue  # a missing premise is reported as missing already
        subject = ctx.describe_key_target(ku)
        elsewhere = [u for u in extra if u.premise == sp]
        if elsewhere:
            wrong = elsewhere[0]
            extra.remove(wrong)
            instead = ctx.describe_student(wrong.target)
            if ku.kind == "undercuts" and wrong.kind != "undercuts":
                doing = "attacking" if wrong.kind == "attacks" else "supporting"
                message = (
                    f"{sp} undercuts {subject} (it questions the inference), rather than {doing} {instead}"
                )
            else:
                message = f"{sp} {ku.kind} {subject}, not {instead}"
            ctx.say("link", message, ku.relation)
        elif st is None and ku.kind != "undercuts":
            ctx.say("link", f"{sp} {ku.kind} {subject}, which your map lacks", ku.relation)
        else:
            ctx.say("link", f"missing link: {sp} {ku.kind} {subject}", ku.relation)
    for u in extra:
        ctx.say("extra", f"your {u.relation} ({u.premise} {u.kind} {u.target}) is not in the key")
    n = len(key_units)
    return (linked, n), (polar, n), (directed, n)


# --------------------------------------------------------------------------- files and classes


def _errors(result: LoadResult) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.severity is Severity.ERROR]


def grade_result(
    key: ArgMap,
    result: LoadResult,
    rubric: Rubric | None = None,
    *,
    key_name: str = "key",
    key_graph: MapGraph | None = None,
) -> GradeReport:
    """Grade a loaded student file: as far as it validates, or 0 with the reason."""
    errors = _errors(result)
    if result.map is None or not result.map.nodes:
        reason = "; ".join(d.message for d in errors[:3]) or "the map has no nodes"
        criteria = [Criterion(name, getattr((rubric or Rubric()).weights, name), 0.0, 1) for name in CRITERIA]
        return GradeReport(
            result.file, key_name, "invalid", criteria, [], errors, reason=f"not graded: {reason}"
        )
    report = grade_map(
        key, result.map, rubric, student_name=result.file, key_name=key_name, key_graph=key_graph
    )
    if errors:
        report.status = "partial"
        report.diagnostics = errors
        report.feedback.insert(
            0,
            Feedback(
                "invalid",
                f"your map has {len(errors)} error{'s' * (len(errors) != 1)} (first: {errors[0].message}); "
                "only the parts that validate were graded",
            ),
        )
    return report


def grade_file(
    key: ArgMap, path: str | os.PathLike[str], rubric: Rubric | None = None, *, key_name: str = "key"
) -> GradeReport:
    """Load one student file and grade it."""
    return grade_result(key, load_map(path), rubric, key_name=key_name)


def grade_many(
    key: ArgMap | str | os.PathLike[str],
    students: Sequence[ArgMap | LoadResult | str | os.PathLike[str]],
    rubric: Rubric | None = None,
) -> list[GradeReport]:
    """Grade many students against one key (maps, load results or paths); the benchmark entry point."""
    if isinstance(key, ArgMap):
        key_map, key_name = key, "key"
    else:
        loaded = load_map(key)
        if loaded.map is None or loaded.has_errors:
            first = _errors(loaded)[:1]
            raise ValueError(f"{key}: the key does not validate" + (f": {first[0]}" if first else ""))
        key_map, key_name = loaded.map, str(key)
    kg = MapGraph(key_map)
    out: list[GradeReport] = []
    for i, s in enumerate(students):
        if isinstance(s, ArgMap):
            name = f"student {i + 1}"
            out.append(grade_map(key_map, s, rubric, student_name=name, key_name=key_name, key_graph=kg))
        else:
            result = s if isinstance(s, LoadResult) else load_map(s)
            out.append(grade_result(key_map, result, rubric, key_name=key_name, key_graph=kg))
    return out


@dataclass
class ClassSummary:
    """Figures over a class: score statistics, per-part averages, what was most often missed."""

    count: int
    mean: float
    median: float
    lowest: float
    highest: float
    parts: dict[str, float]
    """Average share of each rubric part earned, in percent."""
    most_missed: list[tuple[str, int]]
    """Key node ids and how many students missed them, most missed first."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "mean": self.mean,
            "median": self.median,
            "min": self.lowest,
            "max": self.highest,
            "parts": self.parts,
            "most_missed": [{"id": k, "students": n} for k, n in self.most_missed],
        }


def summarise(reports: Sequence[GradeReport]) -> ClassSummary:
    percents = [r.percent for r in reports] or [0.0]
    parts: dict[str, float] = {}
    for name in CRITERIA:
        shares = [c.earned / c.out_of for r in reports for c in r.criteria if c.name == name and c.out_of]
        if shares:
            parts[name] = round(100 * sum(shares) / len(shares), 1)
    missed: Counter[str] = Counter()
    for r in reports:
        if r.alignment is not None:
            missed.update(r.alignment.unmatched_key)
    ordered = sorted(missed.items(), key=lambda kv: (-kv[1], kv[0]))
    return ClassSummary(
        count=len(reports),
        mean=round(statistics.fmean(percents), 1),
        median=round(statistics.median(percents), 1),
        lowest=min(percents),
        highest=max(percents),
        parts=parts,
        most_missed=ordered[:5],
    )
