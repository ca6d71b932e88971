"""Grade a student's map against the key, by meaning, with partial credit and feedback.

The student's nodes are aligned to the key's by :class:`argmap.exercises.align.Matcher` (ids play no
part); then each part of the rubric (:mod:`argmap.exercises.rubric`) is the share of the key that the
student has:

* thesis: the key's thesis has a counterpart that is the student's thesis;
* claims / evidence: key claims and evidence with a counterpart of the same kind (a split or a merge
  counts: one key claim said in two student claims, or two in one);
* types: key evidence whose counterpart has the same evidence type;
* links, polarity, direction: see :mod:`argmap.exercises.links`.

A student node that says the opposite of a key node (a negation, roles swapped) earns nothing and
the feedback says so. A student claim the key lacks is *invented* when no sentence of the article
says anything like it, else *unrecognised* (it may be a paraphrase the teacher should look at).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from argmap.diagnostics import Diagnostic, Severity
from argmap.exercises.align import Alignment, Match, Matcher
from argmap.exercises.copied import copied_from_key
from argmap.exercises.feedback import Feedback, clip, for_student
from argmap.exercises.links import grade_links
from argmap.exercises.remarks import a_or_an, kind_word, praise, remarks_on_the_rest, wrong_type
from argmap.exercises.rubric import CRITERIA, Rubric
from argmap.load import LoadResult, load_map
from argmap.model import ArgMap, Node

__all__ = [
    "Criterion",
    "Feedback",
    "GradeReport",
    "copied_from_key",
    "grade_file",
    "grade_many",
    "grade_map",
    "grade_result",
    "guarded",
]

Status = Literal["graded", "partial", "invalid"]
T = TypeVar("T")


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
        return {"earned": self.earned, "out_of": self.out_of, "weight": self.weight, "points": round(self.points, 2)}


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
    name: str = ""
    """The student's name (the map's authors, else the file name)."""
    file: str = ""
    items: dict[str, bool] = field(default_factory=dict)
    """Each key node id and relation id, and whether this student got it."""
    copied: list[str] = field(default_factory=list)
    """Why the sheet looks copied from the key (empty when it does not): the teacher decides."""

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

    @property
    def review(self) -> list[Match]:
        return self.alignment.review if self.alignment else []

    @property
    def copied_note(self) -> str | None:
        """'looks copied from the key: ...' or None."""
        return f"looks copied from the key: {'; '.join(self.copied)}" if self.copied else None

    def student_feedback(self) -> list[str]:
        return for_student(self.feedback)

    def criterion(self, name: str) -> Criterion:
        for c in self.criteria:
            if c.name == name:
                return c
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "student": self.student,
            "name": self.name or self.student,
            "file": self.file or self.student,
            "key": self.key,
            "status": self.status,
            "score": self.score,
            "max": self.max_score,
            "percent": self.percent,
            "reason": self.reason,
            "criteria": {c.name: c.to_dict() for c in self.criteria},
            "feedback": self.student_feedback() if self.status != "invalid" else [],
            "remarks": [f.to_dict() for f in self.feedback],
            "alignment": [
                {"key": m.key_id, "student": m.student_id, "by": m.method, "score": m.score}
                for m in (self.alignment.matches if self.alignment else [])
            ],
            "needs_review": [
                {"key": m.key_id, "student": m.student_id, "by": m.method, "score": m.score} for m in self.review
            ],
            "items": self.items,
            "copied": self.copied_note,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


def _describe(node: Node) -> str:
    if node.kind == "thesis":
        return "the thesis"
    what = "claim" if node.kind == "claim" else node.type
    return f'the {what} "{clip(node.text, 60)}"'


def grade_map(
    key: ArgMap,
    student: ArgMap,
    rubric: Rubric | None = None,
    *,
    student_name: str = "student",
    key_name: str = "key",
    matcher: Matcher | None = None,
    overrides: Mapping[str, str | None] | None = None,
    given: frozenset[str] = frozenset(),
    parts: frozenset[str] | None = None,
    stands_for: Mapping[str, str] | None = None,
) -> GradeReport:
    """Grade ``student`` against ``key``; never raises for a shape-valid student map.

    ``given`` names key items (node and relation ids) that the worksheet handed out: they earn
    nothing and are left out of the total. ``parts`` limits the rubric to the parts the exercise
    asks for (say, links only for match); the others are left out of the total. ``stands_for``
    says which key node a student node answers for (a worksheet's blank): it earns that node's
    marks or none.
    """
    rubric = rubric or Rubric()
    matcher = matcher or Matcher(key, thresholds=rubric.thresholds())
    al = matcher.align(student, overrides, stands_for)
    fb: list[Feedback] = []
    sn = {n.id: n for n in student.nodes}
    items: dict[str, bool] = {}
    w = rubric.weights
    thesis_ok, thesis_out = _grade_thesis(key, student, al, matcher, given, fb, items)
    found, total, typed = _grade_nodes(key, sn, al, given, fb, items, blanks=frozenset(stands_for or ()))
    links, polarity, direction = grade_links(key, student, al, fb, items, given)
    fb[:0] = praise(found, total, links)
    fb += remarks_on_the_rest(matcher, sn, al, stands_for or {})
    wrong = {f.about for f in fb if f.topic == "wrong-blank"}
    fb = [f for f in fb if not (f.topic == "missing-evidence" and f.about in wrong)]
    criteria = [
        Criterion("thesis", w.thesis, thesis_ok, thesis_out),
        Criterion("claims", w.claims, found["claim"], total["claim"]),
        Criterion("evidence", w.evidence, found["evidence"], total["evidence"]),
        Criterion("types", w.types, typed, total["evidence"]),
        Criterion("links", w.links, *links),
        Criterion("polarity", w.polarity, *polarity),
        Criterion("direction", w.direction, *direction),
    ]
    assert [c.name for c in criteria] == list(CRITERIA)
    if parts is not None:
        criteria = [c if c.name in parts else Criterion(c.name, c.weight, 0.0, 0) for c in criteria]
        if "types" not in parts:
            fb = [f for f in fb if f.topic != "type"]
    report = GradeReport(
        student_name, key_name, "graded", criteria, fb, alignment=al, name=_author(student, student_name), items=items
    )
    report.copied = copied_from_key(key, student, given | frozenset(overrides or ()))
    return report


def _grade_thesis(
    key: ArgMap,
    student: ArgMap,
    al: Alignment,
    matcher: Matcher,
    given: frozenset[str],
    fb: list[Feedback],
    items: dict[str, bool],
) -> tuple[float, int]:
    """The thesis part: earned (1, or 0.5 for the headline offered as the thesis) and out of."""
    sn = {n.id: n for n in student.nodes}
    k_thesis = next((n for n in key.nodes if n.kind == "thesis"), None)
    s_thesis = next((n for n in student.nodes if n.kind == "thesis"), None)
    if k_thesis is None:
        return 0.0, 0
    out = 0 if k_thesis.id in given else 1
    mine = [s for s in al.students_of(k_thesis.id) if sn[s].kind == "thesis"]
    if out:
        items[k_thesis.id] = bool(mine)
    if mine and matcher.topic(sn[mine[0]].text):
        fb.append(
            Feedback(
                "thesis",
                f'your thesis "{clip(sn[mine[0]].text, 50)}" repeats the headline or opening line; '
                f'the author\'s conclusion is "{clip(k_thesis.text, 60)}"',
                k_thesis.id,
            )
        )
        return 0.5, out  # the topic is not yet the claim the author argues about it
    if mine or not out:
        return (1.0 if mine else 0.0), out
    if s_thesis is None:
        fb.append(Feedback("thesis", f'your map has no thesis; the author\'s is "{clip(k_thesis.text)}"', k_thesis.id))
    else:
        fb.append(
            Feedback(
                "thesis",
                f'your thesis "{clip(s_thesis.text, 50)}" is not the author\'s conclusion, "{clip(k_thesis.text, 60)}"',
                k_thesis.id,
            )
        )
    return 0.0, out


def _grade_nodes(
    key: ArgMap,
    sn: Mapping[str, Node],
    al: Alignment,
    given: frozenset[str],
    fb: list[Feedback],
    items: dict[str, bool],
    *,
    blanks: frozenset[str] = frozenset(),
) -> tuple[dict[str, float], dict[str, int], int]:
    """Key claims and evidence found (as the same kind), and evidence typed as in the key; a remark
    on a type of one of a sheet's ``blanks`` names the blank."""
    found = {"claim": 0.0, "evidence": 0.0}
    total = {"claim": 0, "evidence": 0}
    typed = 0
    for k in key.nodes:
        if k.kind == "thesis" or k.id in given:
            continue
        total[k.kind] += 1
        mine = al.students_of(k.id)
        same = [s for s in mine if sn[s].kind == k.kind]
        items[k.id] = bool(same)
        if same:
            found[k.kind] += 1
            if k.kind != "evidence":
                continue
            if any(sn[s].kind == "evidence" and sn[s].type == k.type for s in same):
                typed += 1
            else:
                fb.append(wrong_type(k, sn[same[0]], blank=same[0] in blanks))
        elif mine:
            what = f"you made {_describe(k)[4:]} {a_or_an(kind_word(sn[mine[0]]))}; it is {a_or_an(kind_word(k))}"
            fb.append(Feedback("kind", what, k.id))
        else:
            fb.append(_missing(k, sn, al))
    return found, total, typed


def _missing(k: Node, sn: Mapping[str, Node], al: Alignment) -> Feedback:
    """A key node the student lacks: said the other way round, or missing."""
    opposite = next((o for o in al.opposites if o.key_id == k.id), None)
    if opposite is not None:
        what = "the opposite of" if opposite.why == "negation" else "who does what the other way round in"
        return Feedback(
            "opposite", f'you wrote "{clip(sn[opposite.student_id].text, 50)}": {what} "{clip(k.text, 60)}"', k.id
        )
    if k.kind == "claim":
        return Feedback("missing-claim", f'missing claim: "{clip(k.text)}"', k.id)
    return Feedback("missing-evidence", f'missing evidence ({k.type}): "{clip(k.text)}"', k.id)


def _author(m: ArgMap, fallback: str) -> str:
    from pathlib import Path

    from argmap.exercises.keys import file_name

    names = [a for a in m.authors if a.strip() and a.strip().lower() != "your name"]
    if names:
        return ", ".join(names)
    return file_name(Path(fallback))


# --------------------------------------------------------------------------- files


def _errors(result: LoadResult) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.severity is Severity.ERROR]


def _at_line(d: Diagnostic) -> str:
    """An error of the student's map with its line, for the student to find it: 'line 6: ...'."""
    return f"line {d.line}: {d.message}" if d.line else d.message


def zero_report(file: str, key_name: str, reason: str, rubric: Rubric | None = None, name: str = "") -> GradeReport:
    """A file that could not be graded: 0 with the reason."""
    w = (rubric or Rubric()).weights
    criteria = [Criterion(n, getattr(w, n), 0.0, 1) for n in CRITERIA]
    base = os.path.splitext(os.path.basename(file))[0]
    return GradeReport(
        file, key_name, "invalid", criteria, [], reason=f"not graded: {reason}", name=name or base, file=file
    )


UNMARKED = "the grader could not mark this file"
"""The reason given when grading one file fails unexpectedly: that file is reported on its own line
and the rest of the class is graded (tests assert it never happens on any input they make)."""


def guarded(file: str, key_name: str, rubric: Rubric | None, work: Callable[[], T]) -> T | GradeReport:
    """``work()``, or a 0 report for ``file`` naming what went wrong, so one file never stops a class."""
    try:
        return work()
    except Exception as exc:
        reason = f"{UNMARKED} ({type(exc).__name__}: {clip(str(exc), 60)}); mark it by hand and report the file"
        return zero_report(file, key_name, reason, rubric)


def grade_result(
    key: ArgMap,
    result: LoadResult,
    rubric: Rubric | None = None,
    *,
    key_name: str = "key",
    matcher: Matcher | None = None,
    overrides: Mapping[str, str | None] | None = None,
    given: frozenset[str] = frozenset(),
) -> GradeReport:
    """Grade a loaded student file: as far as it validates, or 0 with the reason."""
    errors = _errors(result)
    if result.map is None or not result.map.nodes:
        reason = "; ".join(_at_line(d) for d in errors[:3]) or "the map has no nodes"
        report = zero_report(result.file, key_name, reason, rubric)
        report.diagnostics = errors
        return report
    student = result.map
    report = guarded(
        result.file,
        key_name,
        rubric,
        lambda: grade_map(
            key,
            student,
            rubric,
            student_name=result.file,
            key_name=key_name,
            matcher=matcher,
            overrides=overrides,
            given=given,
        ),
    )
    report.file = result.file
    if report.status == "invalid":
        return report
    if errors:
        report.status = "partial"
        report.diagnostics = errors
        many = "s" * (len(errors) != 1)
        report.feedback.insert(
            0,
            Feedback(
                "invalid",
                f"your map has {len(errors)} error{many} (first: {_at_line(errors[0])}); "
                "only the parts that validate were marked",
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
    *,
    article: str | None = None,
) -> list[GradeReport]:
    """Grade many students against one key (a map or its file; maps, load results or paths for the
    students); the key is prepared once. A key file's source text is found next to it."""
    if isinstance(key, ArgMap):
        key_map = key
    else:
        from argmap.exercises.keys import article_text, load_key

        key_map = load_key(key)
        article = article if article is not None else article_text(key_map, key)
    matcher = Matcher(key_map, article, (rubric or Rubric()).thresholds())
    out: list[GradeReport] = []
    for i, s in enumerate(students):
        if isinstance(s, ArgMap):
            out.append(grade_map(key_map, s, rubric, student_name=f"student {i + 1}", matcher=matcher))
        else:
            result = s if isinstance(s, LoadResult) else load_map(s)
            out.append(grade_result(key_map, result, rubric, matcher=matcher))
    return out
