"""Grade reports for people (rich) and for gradebooks (JSON, CSV).

The JSON and CSV writers are small pure functions of the reports; only :func:`render_grades` and
:func:`render_gaps` touch rich, and only when called.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from argmap import __version__
from argmap.exercises.gaps import GapReport
from argmap.exercises.grade import GradeReport, summarise
from argmap.exercises.rubric import CRITERIA, Rubric

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["gaps_csv", "gaps_json", "grades_csv", "grades_json", "render_gaps", "render_grades"]


def _num(x: float) -> str:
    return f"{x:g}"


# --------------------------------------------------------------------------- map grades


def grades_json(reports: Sequence[GradeReport], rubric: Rubric, key: str) -> str:
    doc: dict[str, Any] = {
        "version": __version__,
        "kind": "map",
        "key": key,
        "rubric": rubric.model_dump(),
        "students": [r.to_dict() for r in reports],
        "summary": summarise(reports).to_dict(),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def grades_csv(reports: Sequence[GradeReport]) -> str:
    """One row per student: score, each rubric part in points, the feedback joined by ' | '."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student", "status", "score", "max", "percent", *CRITERIA, "feedback"])
    for r in reports:
        parts = {c.name: round(c.points, 2) for c in r.criteria}
        notes = [f.message for f in r.feedback] + ([r.reason] if r.reason else [])
        points = [parts.get(n, 0) for n in CRITERIA]
        w.writerow([r.student, r.status, r.score, r.max_score, r.percent, *points, " | ".join(notes)])
    return buf.getvalue()


def render_grades(console: Console, reports: Sequence[GradeReport]) -> None:
    """A report per student, then a class table when there are several."""
    from rich.markup import escape
    from rich.table import Table

    for r in reports:
        colour = "green" if r.percent >= 80 else "yellow" if r.percent >= 50 else "red"
        status = "" if r.status == "graded" else f"  [red]({r.status})[/]"
        console.print(
            f"[bold]{escape(r.student)}[/]  [{colour}]{_num(r.score)} / {_num(r.max_score)} "
            f"({r.percent:g}%)[/]{status}"
        )
        if r.reason:
            console.print(f"  [red]{escape(r.reason)}[/]")
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
        table.add_column("part")
        table.add_column("found", justify="right")
        table.add_column("points", justify="right")
        for c in r.criteria:
            if c.max_points:
                table.add_row(c.name, f"{_num(c.earned)}/{c.out_of}", f"{c.points:.2f} / {_num(c.weight)}")
        console.print(table)
        _bullets(console, [f.message for f in r.feedback])
        for d in r.diagnostics[:10]:
            console.print(f"  [dim]{escape(str(d))}[/]")
        console.print()
    if len(reports) > 1:
        _class_table(console, reports)


def _bullets(console: Console, lines: Sequence[str]) -> None:
    """A bulleted list whose long lines wrap under their own text, not under the bullet."""
    from rich.table import Table
    from rich.text import Text

    if not lines:
        return
    table = Table(show_header=False, box=None, padding=(0, 1, 0, 0), pad_edge=False)
    table.add_column(width=3, justify="right")
    table.add_column(overflow="fold")
    for line in lines:
        table.add_row("•", Text(line))
    console.print(table)


def _class_table(console: Console, reports: Sequence[GradeReport]) -> None:
    from rich.markup import escape
    from rich.table import Table

    s = summarise(reports)
    table = Table(title=f"Class summary: {s.count} students", header_style="bold")
    table.add_column("student")
    table.add_column("score", justify="right")
    table.add_column("%", justify="right")
    for name in CRITERIA:
        table.add_column(name, justify="right")
    table.add_column("status")
    for r in reports:
        parts = {c.name: f"{_num(c.earned)}/{c.out_of}" if c.out_of else "-" for c in r.criteria}
        cells = [parts.get(n, "-") for n in CRITERIA]
        table.add_row(escape(r.student), f"{r.score:.2f}", f"{r.percent:g}", *cells, r.status)
    console.print(table)
    console.print(f"mean {s.mean:g}%  median {s.median:g}%  lowest {s.lowest:g}%  highest {s.highest:g}%")
    if s.most_missed:
        missed = ", ".join(f"{k} ({n} of {s.count})" for k, n in s.most_missed)
        console.print(f"most often missed: {escape(missed)}")


# --------------------------------------------------------------------------- find-gaps grades


def gaps_json(reports: Sequence[GapReport], key: str) -> str:
    scores = [r.score for r in reports] or [0.0]
    doc = {
        "version": __version__,
        "kind": "find-gaps",
        "key": key,
        "students": [r.to_dict() for r in reports],
        "summary": {"count": len(reports), "mean": round(sum(scores) / len(scores), 2)},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


_GAP_COLUMNS = (
    *("student", "status", "score", "precision", "recall"),
    *("credit", "answers", "findings", "feedback"),
)


def gaps_csv(reports: Sequence[GapReport]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(_GAP_COLUMNS)
    for r in reports:
        w.writerow(
            [
                r.student,
                r.status,
                r.score,
                round(r.precision, 4),
                round(r.recall, 4),
                r.hits,
                r.answers,
                r.findings,
                " | ".join(r.problems + r.feedback),
            ]
        )
    return buf.getvalue()


def render_gaps(console: Console, reports: Sequence[GapReport]) -> None:
    from rich.markup import escape
    from rich.table import Table

    for r in reports:
        console.print(
            f"[bold]{escape(r.student)}[/]  {r.score:g} / 100  "
            f"precision {r.precision:.0%} ({_num(r.hits)} of {r.answers} right)  "
            f"recall {r.recall:.0%} ({_num(r.hits)} of {r.findings} found)"
        )
        for p in r.problems:
            console.print(f"  [yellow]{escape(p)}[/]")
        _bullets(console, r.feedback)
        console.print()
    if len(reports) > 1:
        table = Table(title=f"Class summary: {len(reports)} students", header_style="bold")
        for col in ("student", "score", "precision", "recall"):
            table.add_column(col, justify="left" if col == "student" else "right")
        for r in reports:
            table.add_row(escape(r.student), f"{r.score:g}", f"{r.precision:.0%}", f"{r.recall:.0%}")
        console.print(table)
