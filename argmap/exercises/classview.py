"""The class view: every student's mark and feedback, per-part averages, and a per-item table.

Students are named by Moodle or Canvas when the answers came from there, else by their map's
``authors`` (a sheet's ``name:`` line; else the file name), or ``Student 1``, ``Student 2`` ... with
``anonymise``. Names and texts from students' files lose control, bidi and zero-width characters
(:func:`argmap.report.plain`) before they reach a report. A sheet that could not be graded has no
mark (``percent`` None), never 0, and is left out of the averages. Outputs: plain text that fits 80
columns, JSON, the CSVs of :mod:`argmap.exercises.gradebook` and a CSV of the per-item table.
"""

from __future__ import annotations

import csv
import io
import statistics
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from argmap import __version__
from argmap.exercises.feedback import clip
from argmap.exercises.findgaps import GapReport
from argmap.exercises.grade import GradeReport
from argmap.exercises.rubric import CRITERIA
from argmap.exercises.submissions import Submitter
from argmap.model import ArgMap
from argmap.report import json_text, plain

__all__ = ["ClassView", "Row", "class_view"]

WIDTH = 80


@dataclass
class Row:
    """One student, whatever the kind."""

    name: str
    file: str
    percent: float | None
    """None when the sheet could not be graded (an empty cell, not 0)."""
    status: str
    parts: dict[str, float] = field(default_factory=dict)
    """Share earned of each rubric part the exercise grades, in percent."""
    feedback: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    """Every remark, for the teacher."""
    review: list[str] = field(default_factory=list)
    items: dict[str, bool] = field(default_factory=dict)
    reason: str | None = None
    owner: Submitter | None = None
    """Who handed the file in, when it came from Moodle or Canvas."""
    real_name: str = ""
    """The student's name when ``name`` is an anonymous number."""
    real_file: str = ""
    copied: str | None = None
    """'looks copied from the key: ...' (issue 26), for the teacher to decide."""

    @property
    def status_words(self) -> str:
        return STATUS_WORDS.get(self.status, self.status)


STATUS_WORDS = {"graded": "graded", "partial": "graded in part", "invalid": "not graded"}


@dataclass
class ClassView:
    key: str
    kind: str
    rows: list[Row]
    items: list[tuple[str, str, int, int]] = field(default_factory=list)
    """(key item id, what it is, how many students got it, of how many asked it), in the key's order."""
    title: str = ""
    skipped: list[str] = field(default_factory=list)
    """``file: why`` for each file of the class folders that is not an answer."""

    @property
    def part_names(self) -> list[str]:
        return [p for p in CRITERIA if any(p in r.parts for r in self.rows)]

    @property
    def parts(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for name in CRITERIA:
            shares = [r.parts[name] for r in self.rows if name in r.parts]
            if shares:
                out[name] = round(statistics.fmean(shares), 1)
        return out

    @property
    def marks(self) -> list[float]:
        return [r.percent for r in self.rows if r.percent is not None]

    @property
    def mean(self) -> float | None:
        return round(statistics.fmean(self.marks), 1) if self.marks else None

    # ------------------------------------------------------------------ outputs

    def to_json(self) -> str:
        doc = {
            "version": __version__,
            "key": self.key,
            "kind": self.kind,
            "students": [
                {
                    "name": r.name,
                    "file": r.file,
                    "percent": r.percent,
                    "status": r.status,
                    "parts": r.parts,
                    "feedback": r.feedback,
                    "remarks": r.remarks,
                    "needs_review": r.review,
                    "reason": r.reason,
                    "items": r.items,
                    **({"platform": r.owner.system, "platform_id": r.owner.id} if r.owner else {}),
                    "copied": r.copied,
                }
                for r in self.rows
            ],
            "summary": {
                "count": len(self.rows),
                "graded": len(self.marks),
                "mean": self.mean,
                "median": round(statistics.median(self.marks), 1) if self.marks else None,
                "parts": self.parts,
            },
            "items": [{"id": i, "what": w, "students": n, "of": of} for i, w, n, of in self.items],
            "skipped": self.skipped,
        }
        return json_text(doc)

    def gradebook_csv(self) -> str:
        """One row per student (see :func:`argmap.exercises.gradebook.gradebook_csv`)."""
        from argmap.exercises.gradebook import gradebook_csv

        return gradebook_csv(self)

    def items_csv(self) -> str:
        """Per key item: how many students got it, of how many whose sheet asked it and was graded."""
        from argmap.exercises.gradebook import safe_cell

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["item", "what", "students", "of"])
        for i, what, n, of in self.items:
            w.writerow([safe_cell(i), safe_cell(what), n, of])
        return buf.getvalue()

    def text(self, *, teacher: bool = False) -> str:
        out: list[str] = []
        for r in self.rows:
            mark = "no mark" if r.percent is None else f"{r.percent:g}%"
            out.append(f"{r.name}  {mark}" + ("" if r.status == "graded" else f"  ({r.status_words})"))
            if r.reason:
                out += _wrap(r.reason, "  ")
            if r.copied:
                out += _wrap(r.copied, "  ! ", "    ")
            if r.parts:  # a part and its figure stay on one line
                parts = "  ".join(f"{p}\u00a0{v:g}%" for p, v in r.parts.items())
                out += [line.replace("\u00a0", " ") for line in _wrap(parts, "  ")]
            for line in r.remarks if teacher else r.feedback:
                out += _wrap(line, "  - ", "    ")
            for line in r.review:
                out += _wrap(f"needs review: {line}", "  ? ", "    ")
            out.append("")
        if len(self.rows) > 1:
            out += self._summary()
        if self.skipped:
            out += ["", f"Skipped {len(self.skipped)} file{'s' * (len(self.skipped) != 1)} (not answers):"]
            for line in self.skipped:  # the file on a line of its own, then why
                file, _, why = line.rpartition(": ")
                out += [f"  {file}" if len(file) <= WIDTH - 2 else f"  ...{file[-(WIDTH - 5) :]}"]
                out += _wrap(why, "    ")
        return "\n".join(out).rstrip() + "\n"

    def _summary(self) -> list[str]:
        parts = [p for p in CRITERIA if any(p in r.parts for r in self.rows)]
        short = {
            "thesis": "thes",
            "claims": "clms",
            "evidence": "evid",
            "types": "type",
            "links": "link",
            "polarity": "pol",
            "direction": "dir",
        }
        graded = len(self.marks)
        mean = "no marks" if self.mean is None else f"mean {self.mean:g}%"
        ungraded = f" ({len(self.rows) - graded} not graded)" if graded < len(self.rows) else ""
        out = [f"Class: {len(self.rows)} students{ungraded}, {mean}", ""]
        name_w = max(8, min(24, WIDTH - 8 - 6 * len(parts), max(len(r.name) for r in self.rows)))
        head = f"{'student':<{name_w}} {'mark':>5}" + "".join(f" {short.get(p, p[:4]):>5}" for p in parts)
        out += [head, "-" * len(head)]
        for r in self.rows:
            cells = "".join(f" {r.parts[p]:>5.0f}" if p in r.parts else f" {'-':>5}" for p in parts)
            mark = f"{'-':>5}" if r.percent is None else f"{r.percent:>5.1f}"
            out.append(f"{clip(r.name, name_w):<{name_w}} {mark}{cells}")
        avg = self.parts
        mean = f"{'-':>5}" if self.mean is None else f"{self.mean:>5.1f}"
        out.append(f"{'average':<{name_w}} {mean}" + "".join(f" {avg.get(p, 0):>5.0f}" for p in parts))
        if self.items:
            out += ["", "Who got each item of the key:"]
            count_w = len(str(len(self.rows)))
            for i, what, n, of in self.items:
                bar = f"{n:>{count_w}}/{of}"
                room = WIDTH - len(bar) - 3
                out.append(f"{bar}  {clip(f'{i}: {what}', room)}")
        return out


def _wrap(text: str, first: str, rest: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest or first) or [first.rstrip()]


def _row(r: GradeReport | GapReport, name: str) -> Row:
    graded = r.status != "invalid"
    if isinstance(r, GapReport):
        return Row(
            plain(name),
            plain(r.student),
            r.percent if graded else None,
            r.status,
            {},
            [plain(x) for x in [*r.problems, *r.feedback][:10]],
            [plain(x) for x in [*r.problems, *r.feedback]],
            reason=plain("; ".join(r.problems)) if not graded else None,
        )
    parts = {c.name: round(100 * c.earned / c.out_of, 1) for c in r.criteria if c.out_of and c.weight}
    review = [plain(f"{m.student_id} = {m.key_id} ({m.method}, {m.score:g})") for m in r.review]
    return Row(
        plain(name),
        plain(r.file or r.student),
        r.percent if graded else None,
        r.status,
        parts if graded else {},
        [plain(x) for x in r.student_feedback()] if graded else [],
        [plain(f.message) for f in r.feedback],
        review,
        dict(r.items) if graded else {},
        plain(r.reason) if r.reason else None,
        copied=plain(r.copied_note) if r.copied_note else None,
    )


def class_view(
    key: ArgMap,
    key_name: str,
    kind: str,
    reports: Sequence[GradeReport | GapReport],
    *,
    anonymise: bool = False,
    owners: Mapping[int, Submitter] | None = None,
    skipped: Sequence[str] = (),
) -> ClassView:
    """The class: a row per report (``owners``: report index -> who handed it in on Moodle or
    Canvas, whose name wins), the per-item table counted from the rows themselves."""
    rows: list[Row] = []
    for i, r in enumerate(reports):
        owner = (owners or {}).get(i)
        own = r.name if r.name and r.name != _stem(r.student) else ""
        name = own or _stem(r.student)
        if owner is not None and (owner.system == "moodle" or not own):
            name = owner.name  # Moodle's full name; Canvas's run-together one only if the sheet has none
        row = _row(r, name)
        row.owner = owner
        row.real_name, row.real_file = row.name, row.file
        if anonymise:  # the name and the file name would give the student away
            row.name, row.file = f"Student {i + 1}", ""
        rows.append(row)
    return ClassView(key_name, kind, rows, _items(key, kind, rows), plain(key.title), [plain(x) for x in skipped])


def _items(key: ArgMap, kind: str, rows: Sequence[Row]) -> list[tuple[str, str, int, int]]:
    """Each key item some graded sheet asked for: how many got it, of how many were asked it."""
    if kind == "find-gaps":
        return []
    what = {n.id: plain(n.text) for n in key.nodes}
    for rel in key.relations:
        what[rel.id] = plain(f"{' + '.join(rel.premises)} {rel.kind} {rel.target}")
    out: list[tuple[str, str, int, int]] = []
    for item in [n.id for n in key.nodes] + [x.id for x in key.relations]:
        asked = [row for row in rows if item in row.items]
        if asked:
            out.append((item, what[item], sum(row.items[item] for row in asked), len(asked)))
    return out


def _stem(path: str) -> str:
    from pathlib import Path

    from argmap.exercises.keys import file_name

    return file_name(Path(path.rsplit(":", 1)[-1]))
