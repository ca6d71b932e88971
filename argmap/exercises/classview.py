"""The class view: every student's mark and feedback, per-part averages, and a per-item table.

Students are named by their map's ``authors`` (a sheet's ``name:`` line; else the file name), or
``Student 1``, ``Student 2`` ... with ``anonymise``. Outputs: plain text that fits 80 columns, JSON,
a gradebook CSV (one row per student) and a CSV of the per-item table.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from argmap import __version__
from argmap.exercises.feedback import clip
from argmap.exercises.findgaps import GapReport
from argmap.exercises.grade import GradeReport
from argmap.exercises.rubric import CRITERIA
from argmap.model import ArgMap

__all__ = ["ClassView", "Row", "class_view"]

WIDTH = 80


@dataclass
class Row:
    """One student, whatever the kind."""

    name: str
    file: str
    percent: float
    status: str
    parts: dict[str, float] = field(default_factory=dict)
    """Share earned of each rubric part the exercise grades, in percent."""
    feedback: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    """Every remark, for the teacher."""
    review: list[str] = field(default_factory=list)
    items: dict[str, bool] = field(default_factory=dict)
    reason: str | None = None
    copied: str | None = None
    """'looks copied from the key: ...' (issue 26), for the teacher to decide."""


@dataclass
class ClassView:
    key: str
    kind: str
    rows: list[Row]
    items: list[tuple[str, str, int]] = field(default_factory=list)
    """(key item id, what it is, how many students got it), in the key's order."""

    @property
    def parts(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for name in CRITERIA:
            shares = [r.parts[name] for r in self.rows if name in r.parts]
            if shares:
                out[name] = round(statistics.fmean(shares), 1)
        return out

    @property
    def mean(self) -> float:
        return round(statistics.fmean([r.percent for r in self.rows]), 1) if self.rows else 0.0

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
                    "copied": r.copied,
                }
                for r in self.rows
            ],
            "summary": {
                "count": len(self.rows),
                "mean": self.mean,
                "median": round(statistics.median([r.percent for r in self.rows]), 1) if self.rows else 0.0,
                "parts": self.parts,
            },
            "items": [{"id": i, "what": w, "students": n} for i, w, n in self.items],
        }
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"

    def gradebook_csv(self) -> str:
        """One row per student: name, mark, each part's share, status, items to review."""
        parts = [p for p in CRITERIA if any(p in r.parts for r in self.rows)]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["student", "file", "percent", *parts, "status", "needs_review", "copied"])
        for r in self.rows:
            cells = [r.name, r.file, r.percent, *(r.parts.get(p, "") for p in parts), r.status, len(r.review)]
            w.writerow([*cells, r.copied or ""])
        return buf.getvalue()

    def items_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["item", "what", "students", "of"])
        for i, what, n in self.items:
            w.writerow([i, what, n, len(self.rows)])
        return buf.getvalue()

    def text(self, *, teacher: bool = False) -> str:
        out: list[str] = []
        for r in self.rows:
            out.append(f"{r.name}  {r.percent:g}%" + ("" if r.status == "graded" else f"  ({r.status})"))
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
        out = [f"Class: {len(self.rows)} students, mean {self.mean:g}%", ""]
        name_w = max(8, min(24, WIDTH - 8 - 6 * len(parts), max(len(r.name) for r in self.rows)))
        head = f"{'student':<{name_w}} {'mark':>5}" + "".join(f" {short.get(p, p[:4]):>5}" for p in parts)
        out += [head, "-" * len(head)]
        for r in self.rows:
            cells = "".join(f" {r.parts[p]:>5.0f}" if p in r.parts else f" {'-':>5}" for p in parts)
            out.append(f"{clip(r.name, name_w):<{name_w}} {r.percent:>5.1f}{cells}")
        avg = self.parts
        out.append(f"{'average':<{name_w}} {self.mean:>5.1f}" + "".join(f" {avg.get(p, 0):>5.0f}" for p in parts))
        if self.items:
            out += ["", "Who got each item of the key:"]
            count_w = len(str(len(self.rows)))
            for i, what, n in self.items:
                bar = f"{n:>{count_w}}/{len(self.rows)}"
                room = WIDTH - len(bar) - 3
                out.append(f"{bar}  {clip(f'{i}: {what}', room)}")
        return out


def _wrap(text: str, first: str, rest: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest or first) or [first.rstrip()]


def _row(r: GradeReport | GapReport, name: str) -> Row:
    if isinstance(r, GapReport):
        return Row(
            name,
            r.student,
            r.percent,
            r.status,
            {},
            [*r.problems, *r.feedback][:10],
            [*r.problems, *r.feedback],
        )
    parts = {c.name: round(100 * c.earned / c.out_of, 1) for c in r.criteria if c.out_of and c.weight}
    review = [f"{m.student_id} = {m.key_id} ({m.method}, {m.score:g})" for m in r.review]
    remarks = [f.message for f in r.feedback]
    return Row(
        name,
        r.file or r.student,
        r.percent,
        r.status,
        parts if r.status != "invalid" else {},
        r.student_feedback() if r.status != "invalid" else [],
        remarks,
        review,
        dict(r.items),
        r.reason,
        r.copied_note,
    )


def class_view(
    key: ArgMap, key_name: str, kind: str, reports: Sequence[GradeReport | GapReport], *, anonymise: bool = False
) -> ClassView:
    rows: list[Row] = []
    for i, r in enumerate(reports, 1):
        name = f"Student {i}" if anonymise else (r.name if isinstance(r, GradeReport) and r.name else _stem(r.student))
        row = _row(r, name)
        if anonymise:  # the file name would give the student away
            row.file = ""
        rows.append(row)
    items: list[tuple[str, str, int]] = []
    if kind != "find-gaps":
        graded = [row for row in rows if row.items]
        ids = [n.id for n in key.nodes] + [x.id for x in key.relations]
        what = {n.id: n.text for n in key.nodes}
        for rel in key.relations:
            what[rel.id] = f"{' + '.join(rel.premises)} {rel.kind} {rel.target}"
        for item in ids:
            if any(item in row.items for row in graded):
                items.append((item, what[item], sum(row.items.get(item, False) for row in graded)))
    return ClassView(key_name, kind, rows, items)


def _stem(path: str) -> str:
    from pathlib import Path

    from argmap.exercises.marking import file_name

    return file_name(Path(path))
