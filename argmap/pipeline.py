"""The check pipeline shared by the CLI and library users: load, verify anchors, run rules."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from argmap.anchors import verify_anchors
from argmap.diagnostics import Diagnostic
from argmap.load import LoadResult, load_map

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

__all__ = ["PARALLEL_FROM", "CheckOptions", "check_file", "check_files", "collect_maps", "default_jobs"]

PARALLEL_FROM = 16
"""Folders of at least this many maps are checked by one worker process per core (``--jobs 0``)."""

MAP_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class CheckOptions:
    texts: list[Path] = field(default_factory=list)
    rules: bool = True
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)


def check_file(path: str | os.PathLike[str], options: CheckOptions | None = None) -> LoadResult:
    """Load one map and run every check on it; diagnostics come back located."""
    options = options or CheckOptions()
    result = load_map(path)
    if result.map is not None:
        verify_anchors(result, options.texts)
        if options.rules and not _broken(result):
            _apply_rules(result, options)
    result.locate()
    return result


def default_jobs() -> int:
    """Worker processes to use: one per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def check_files(files: list[Path], options: CheckOptions, *, jobs: int = 0) -> Iterator[list[Diagnostic]]:
    """The located diagnostics of each file, in the order of ``files``.

    ``jobs`` worker processes share the files (0: one per core when there are at least
    :data:`PARALLEL_FROM` files, else 1). Workers are forked, so they start with everything this
    process has imported; each sends back only its diagnostics. Where fork is not available the
    files are checked here, one after the other: the result is the same.
    """
    workers = min(jobs or (default_jobs() if len(files) >= PARALLEL_FROM else 1), len(files))
    if workers <= 1 or sys.platform != "linux":
        return (check_file(f, options).diagnostics for f in files)
    import multiprocessing

    # The workers are forked here, before the caller starts a progress bar and its thread:
    # fork copies only the calling thread, and a lock another thread held would stay held.
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init)
    chunk = max(1, min(8, len(files) // (workers * 4)))
    return _drain(pool, [(f, options) for f in files], chunk)


def _drain(pool: Pool, jobs: list[tuple[Path, CheckOptions]], chunk: int) -> Iterator[list[Diagnostic]]:
    try:
        yield from pool.imap(_diagnostics_of, jobs, chunksize=chunk)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _worker_init() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once


def _diagnostics_of(job: tuple[Path, CheckOptions]) -> list[Diagnostic]:
    return check_file(*job).diagnostics


def collect_maps(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """Expand files and folders to map files; return (files, problems with the given paths)."""
    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.suffix.lower() in MAP_SUFFIXES
                and f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                problems.append(f"{p}: folder holds no map files (*.yaml, *.yml, *.json)")
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            problems.append(f"{p}: no such file or folder")
    return files, problems


def _apply_rules(result: LoadResult, options: CheckOptions) -> None:
    try:
        from argmap.rules import apply_rules
    except ImportError as exc:  # a build without the rule engine: validation still runs
        if exc.name != "argmap.rules":
            raise
        return
    apply_rules(result, select=options.select, ignore=options.ignore, severity=options.severity)


def _broken(result: LoadResult) -> bool:
    """Schema or structure errors: rules would only repeat them in other words."""
    return any(d.severity.value == "error" and d.code.startswith(("AM0", "AM1")) for d in result.diagnostics)
