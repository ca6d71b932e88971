"""Work on many files at once: one forked worker process per core, results in input order.

Checking a folder of maps, importing a corpus and rendering many diagrams share this. The workers
are forked, so they start with everything the parent has imported and pay no start-up cost; each
sends back only its (small, picklable) result. Where fork is not available (not Linux) the items
are processed in this process, one after the other: the results are the same.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

__all__ = ["PARALLEL_FROM", "default_jobs", "find_files", "parallel_map"]

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 16
"""With ``jobs=0``, batches of at least this many items use one worker per core (fewer: not worth forking)."""


def default_jobs() -> int:
    """Worker processes to use: one per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def parallel_map(fn: Callable[[T], R], items: Sequence[T], *, jobs: int = 0) -> Iterator[R]:
    """``fn`` of each item, in the order of ``items``, computed by ``jobs`` worker processes.

    ``jobs=0`` means one per core when there are at least :data:`PARALLEL_FROM` items, else none;
    ``jobs=1`` means no workers. ``fn`` must be a module-level function (workers find it by name).
    The workers are forked when this is called, not when the first result is asked for: call it
    before starting a progress bar, whose thread a fork would copy in an unknown state.
    """
    workers = min(jobs or (default_jobs() if len(items) >= PARALLEL_FROM else 1), len(items))
    if workers <= 1 or sys.platform != "linux":
        return (fn(item) for item in items)
    import multiprocessing

    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init)
    chunk = max(1, min(8, len(items) // (workers * 4)))
    return _drain(pool, fn, list(items), chunk)


def _drain(pool: Pool, fn: Callable[[T], R], items: list[T], chunk: int) -> Iterator[R]:
    try:
        yield from pool.imap(fn, items, chunksize=chunk)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _worker_init() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once


def find_files(
    paths: Iterable[str | os.PathLike[str]], suffixes: Sequence[str], *, what: str
) -> tuple[list[tuple[Path, Path]], list[str]]:
    """Expand files and folders to files; return ((file, place), problems with the paths).

    Folders are searched recursively for files with one of ``suffixes``, in sorted order, skipping
    hidden files and folders; a file named on the command line is taken whatever its suffix. A
    file's place is its path relative to the folder it was found in, or its name: where its output
    goes under an output folder. ``what`` names the files in the message for a folder without any.
    """
    found: list[tuple[Path, Path]] = []
    problems: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            inside = sorted(
                f
                for f in p.rglob("*")
                if f.suffix.lower() in suffixes
                and f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not inside:
                problems.append(f"{p}: folder holds no {what} ({', '.join(f'*{s}' for s in suffixes)})")
            found.extend((f, f.relative_to(p)) for f in inside)
        elif p.exists():
            found.append((p, Path(p.name)))
        else:
            problems.append(f"{p}: no such file or folder")
    return found, problems
