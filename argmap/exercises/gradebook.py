"""Gradebooks: the class as CSV for a spreadsheet, for Moodle and for Canvas, and feedback files.

* :func:`gradebook_csv`: a row per student (:data:`COLUMNS`, then the rubric parts); a sheet that
  could not be graded has an empty mark and its status says why.
* :func:`moodle_worksheet`: the assignment's offline grading worksheet, as Moodle's "Upload grading
  worksheet" reads it (``Identifier`` = ``Participant <id>``, ``Grade``, ``Last modified (grade)``,
  ``Feedback comments``; the other columns as Moodle writes them, for the teacher's eye).
* :func:`canvas_csv`: a gradebook CSV that Canvas's "Import" reads (``Student``, ``ID``, ``SIS User
  ID``, ``SIS Login ID``, ``Section``, the assignment's column, and the ``Points Possible`` row
  as Canvas's own export has it).
* :func:`feedback_zip`: one feedback file per student, laid out as Moodle's "Upload multiple
  feedback files in a zip" takes them (``Full Name_<id>_assignsubmission_file_/feedback.txt``).

Every cell goes through :func:`safe_cell`: a spreadsheet runs a cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula, so such a cell gets a leading ``'``.
A new column is one :class:`Column` added to :data:`COLUMNS`.
"""

from __future__ import annotations

import csv
import html
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from argmap.exercises.errors import ExerciseError

if TYPE_CHECKING:
    from argmap.exercises.classview import ClassView, Row

__all__ = [
    "COLUMNS",
    "Column",
    "canvas_csv",
    "feedback_text",
    "feedback_zip",
    "gradebook_csv",
    "moodle_worksheet",
    "names_csv",
    "safe_cell",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell as text that no spreadsheet runs as a formula (OWASP's CSV-injection defence)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _write(rows: Sequence[Sequence[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for row in rows:
        w.writerow([safe_cell(c) for c in row])
    return buf.getvalue()


def _mark(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the gradebook CSV: its header and its cell for a row."""

    header: str
    cell: Callable[[Row], object]
    after_parts: bool = False
    """Placed after the rubric parts' columns (status and review columns are)."""


COLUMNS: list[Column] = [
    Column("student", lambda r: r.name),
    Column("file", lambda r: r.file),
    Column("percent", lambda r: _mark(r.percent)),
    Column("status", lambda r: r.status_words, after_parts=True),
    Column("why", lambda r: r.reason or "", after_parts=True),
    Column("needs_review", lambda r: len(r.review), after_parts=True),
]


def gradebook_csv(view: ClassView) -> str:
    """One row per student: name, file, mark (empty when not graded), each rubric part's share,
    status and why, the number of pairs to review."""
    parts = view.part_names
    head = [c for c in COLUMNS if not c.after_parts]
    tail = [c for c in COLUMNS if c.after_parts]
    header: list[object] = [*(c.header for c in head), *parts, *(c.header for c in tail)]
    rows: list[list[object]] = [header]
    for r in view.rows:
        shares = [_mark(r.parts[p]) if p in r.parts else "" for p in parts]
        rows.append([*(c.cell(r) for c in head), *shares, *(c.cell(r) for c in tail)])
    return _write(rows)


def names_csv(view: ClassView) -> str:
    """The key from anonymous numbers back to students, for the teacher alone."""
    return _write([["number", "student", "file"], *([r.name, r.real_name, r.real_file] for r in view.rows)])


def feedback_text(view: ClassView, row: Row) -> str:
    """What a student is told: the mark, then the feedback (or why the file could not be marked)."""
    title = view.title
    lines = [f"Feedback on: {title}" if title else "Feedback", ""]
    if row.percent is None:
        lines.append(f"Your answers could not be marked: {_why_for_student(row)}.")
    else:
        lines.append(f"Mark: {row.percent:g}%")
    lines += [f"- {f}" for f in row.feedback]
    return "\n".join(lines) + "\n"


def _why_for_student(row: Row) -> str:
    """Why a file was not marked, without the teacher's paths: ``line 3: not valid YAML ...``."""
    why = (row.reason or row.status_words).removeprefix("not graded: ")
    for path in (row.real_file, row.file):
        if path and why.startswith(path + ":"):
            rest = why[len(path) + 1 :]
            line, sep, after = rest.partition(": ")
            return f"line {line}: {after}" if sep and line.isdigit() else rest.strip()
    return why.rstrip(".")


def _points(percent: float | None, points: float) -> str:
    return "" if percent is None else f"{round(percent * points / 100, 2):g}"


def _need(view: ClassView, system: str, flag: str) -> None:
    missing = [r.real_file or r.name for r in view.rows if r.owner is None or r.owner.system != system]
    if missing:
        where = "Moodle's Download all submissions" if system == "moodle" else "Canvas's Download submissions"
        raise ExerciseError(
            f"{missing[0]}: not from {where} (no {system.title()} id in its name); {flag} needs the zip or "
            "folder as downloaded" + (f" ({len(missing)} such files)" if len(missing) > 1 else "")
        )


MOODLE_HEADERS = (
    "Identifier",
    "Full name",
    "Email address",
    "Status",
    "Grade",
    "Maximum grade",
    "Grade can be changed",
    "Last modified (submission)",
    "Last modified (grade)",
    "Feedback comments",
)


def moodle_worksheet(view: ClassView, *, points: float = 100.0, now: datetime | None = None) -> str:
    """The offline grading worksheet for Moodle's "Upload grading worksheet"."""
    _need(view, "moodle", "--format moodle")
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    rows: list[list[object]] = [list(MOODLE_HEADERS)]
    for r in view.rows:
        assert r.owner is not None
        comments = "<br>".join(html.escape(line) for line in feedback_text(view, r).splitlines()[2:] if line)
        rows.append(
            [
                f"Participant {r.owner.id}",
                r.real_name,
                "",
                "Submitted for grading",
                _points(r.percent, points),
                f"{points:g}",
                "Yes",
                "",
                stamp,
                comments,
            ]
        )
    return _write(rows)


def canvas_csv(view: ClassView, *, assignment: str, points: float = 100.0) -> str:
    """A gradebook CSV for Canvas's Grades > Import: ``assignment`` is the column's header, as
    Canvas's export writes it (``Name (id)``) to update that assignment, else a new one is made."""
    _need(view, "canvas", "--format canvas")
    head: list[object] = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment]
    rows: list[list[object]] = [head, ["    Points Possible", "", "", "", "", f"{points:g}"]]
    for r in view.rows:
        assert r.owner is not None
        rows.append([r.real_name, r.owner.id, "", "", "", _points(r.percent, points)])
    return _write(rows)


def feedback_zip(view: ClassView) -> bytes:
    """A feedback file per student: in Moodle's layout when the answers came from Moodle, else
    ``<student>/feedback.txt``."""
    buf = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for r in view.rows:
            if r.owner is not None and r.owner.system == "moodle":
                name = " ".join(r.owner.name.replace("_", " ").replace("/", " ").split())
                folder = f"{name}_{r.owner.id}_assignsubmission_file_"
            else:
                folder = "".join(c if c.isalnum() or c in "-. " else "_" for c in r.real_name).strip(" .") or "student"
            base, n = folder, 2
            while folder.lower() in used:
                folder, n = f"{base}-{n}", n + 1
            used.add(folder.lower())
            info = zipfile.ZipInfo(f"{folder}/feedback.txt", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, feedback_text(view, r))
    return buf.getvalue()
