"""A batch import (``argmap import`` of several files, folders or AIFdb corpus zips): its plan and its tally.

:func:`plan_batch` turns the paths into one :class:`~argmap.interchange.files.ImportJob` per file or zip
member, refusing before anything is written what would write one map twice or over an input;
:class:`Tally` counts the outcomes as they come back (in input order) and makes the batch's summary and
``--loss-report`` document. The command line (``argmap.cli.interchange``) runs the jobs and prints.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError
from argmap.interchange.files import (
    ImportJob,
    ImportOutcome,
    batch_entry,
    collect_foreign,
    plan_archive,
    plan_targets,
    split_archives,
)

__all__ = ["BatchOptions", "BatchPlan", "Tally", "make_out_dir", "plan_batch"]

Say = Callable[[str], None]
"""Prints one line on stderr, as soon as there is something to say."""


@dataclass(frozen=True)
class BatchOptions:
    fmt: str | None
    """``--from``, or None to tell each file's format from its content."""
    out_dir: Path | None
    """``-o OUT_DIR``, or None to write each map next to its file."""
    force: bool = False
    report: bool = False
    """Whether a ``--loss-report`` is wanted (each job then returns its file's part)."""


@dataclass
class BatchPlan:
    jobs: list[ImportJob] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Paths and archives left out (already said): the batch then ends with exit 2."""

    def inputs(self) -> tuple[str, ...]:
        """The files read, each once: no output may be written over them."""
        return tuple(dict.fromkeys(job.source for job in self.jobs))


def plan_batch(paths: Iterable[str | os.PathLike[str]], options: BatchOptions, say: Say) -> BatchPlan:
    """The jobs of a batch, in input order: the plain files, then each zip's nodesets.

    What is left out is said (``say``) as it is found. Raises :class:`ArgmapError` when nothing is left
    to import, when ``-o`` is a file, or when two inputs would write one map (or a map over an input).
    """
    found, problems = collect_foreign(paths)
    if not found:
        raise ArgmapError(problems[0])
    for problem in problems:
        say(f"argmap: {problem}")
    out_dir = options.out_dir
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise ArgmapError(f"{out_dir}: not a folder; in a batch -o names the folder to write the maps into")
    plain, archives = split_archives(found)
    targets = plan_targets(plain, out_dir)
    plan = BatchPlan(
        [
            ImportJob(str(src), str(t), options.fmt, options.force, batch=True, report=options.report)
            for src, t in targets
        ],
        problems,
    )
    taken = {target.resolve(): str(src) for src, target in targets}
    for src, place in archives:
        try:
            plan.jobs += _archive_jobs(src, place, options, taken, say)
        except ArgmapError as exc:
            if not targets and len(archives) == 1:
                raise  # the one thing to import cannot be read: nothing to do
            say(f"argmap: {exc}")
            plan.problems.append(str(exc))
    return plan


def _archive_jobs(src: Path, place: Path, options: BatchOptions, taken: dict[Path, str], say: Say) -> list[ImportJob]:
    """A job per nodeset of the AIFdb corpus zip ``src``; says which members are left out or renamed."""
    nodesets, other, moved = plan_archive(src, place, options.out_dir, taken)
    if other:
        say(f"{src}: {len(other)} member(s) that are not AIF JSON left out ({other[0]}, ...)")
    for line in moved:
        say(line)
    return [
        ImportJob(str(src), str(target), "aifdb", options.force, batch=True, report=options.report, member=member)
        for member, target in nodesets
    ]


def make_out_dir(out_dir: Path | None) -> None:
    """Create ``-o OUT_DIR`` (and its parents) before the first map is written."""
    if out_dir is None:
        return
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ArgmapError(f"{out_dir}: cannot create the folder: {exc.strerror or exc}") from None


@dataclass
class Tally:
    """The outcomes of a batch as they come: counted, and kept for ``--loss-report`` when wanted."""

    report: bool = False
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])
    """Files imported, failed, skipped (by :attr:`ImportOutcome.code`)."""
    entries: list[dict[str, Any]] = field(default_factory=list)

    def add(self, outcome: ImportOutcome) -> list[str]:
        """Count one file's outcome; the lines to print for it."""
        self.counts[outcome.code] += 1
        if self.report:
            self.entries.append(batch_entry(outcome))
        if outcome.code == 0:
            return [*outcome.diagnostics, f"{outcome.message}; {outcome.lost} item(s) lost"]
        return [*outcome.diagnostics, f"argmap: {outcome.message}"]

    def summary(self) -> str:
        imported, failed, skipped = self.counts
        files = sum(self.counts)
        return f"{files} file{'' if files == 1 else 's'}: {imported} imported, {failed} failed, {skipped} skipped"

    def document(self) -> dict[str, Any]:
        """The batch's ``--loss-report``: the counts, then one entry per file."""
        imported, failed, skipped = self.counts
        summary = {"files": sum(self.counts), "imported": imported, "failed": failed, "skipped": skipped}
        return {"direction": "import", "summary": summary, "files": self.entries}

    def exit_code(self, plan: BatchPlan) -> int:
        """2 when a file was skipped or a path left out, else 1 when a file failed, else 0."""
        _, failed, skipped = self.counts
        return 2 if skipped or plan.problems else 1 if failed else 0
