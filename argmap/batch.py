"""Work on many files at once: one forked worker process per core, results in input order.

Checking a folder of maps, importing a corpus and rendering many diagrams share this. The workers
are forked, so they start with everything the parent has imported and pay no start-up cost (and
freeze it: no collection in a worker walks it again); each sends back only its (small, picklable)
result. :func:`parallel_chunks` hands whole chunks to the function (an import writes a chunk's maps
with threads) and does the first item in the parent before forking, so that its imports are shared.
Where fork is not available (not Linux) the items are processed in this process, one after the other:
the results are the same.

The workers share no lock: each has a pipe of its own to the parent, which hands it a chunk of
items whenever it has sent back the previous one. ``multiprocessing.Pool`` was used before and could
hang at the end of a batch: its ``terminate`` takes the lock of the shared task queue for good and
removes the stop sentinel meant for a worker that is waiting on that lock, and the SIGTERM sent to
that worker may be lost (a Python signal handler runs between bytecodes, and the worker blocks in
``sem_wait`` after the handler's flag was set), so the parent waited for it forever. Here a batch
that ends normally tells each worker to stop and waits for it; one that is stopped early (Ctrl-C,
SIGTERM, an error) closes the pipes, so a waiting worker sees the end of its input and leaves, and
sends SIGTERM, which makes a busy worker raise :class:`SystemExit` so that its ``finally`` blocks
remove temporary files (see :func:`argmap.fileio.write_atomic`); a worker still there after
:data:`STOP_GRACE` seconds is killed.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from argmap.errors import ArgmapError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

__all__ = [
    "PARALLEL_FROM",
    "STOP_GRACE",
    "WorkerLost",
    "default_jobs",
    "find_files",
    "parallel_chunks",
    "parallel_map",
]

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 16
"""With ``jobs=0``, batches of at least this many items use one worker per core (fewer: not worth forking)."""

STOP_GRACE = 5.0
"""Seconds a worker of a batch stopped early has to leave after SIGTERM before it is killed."""


class WorkerLost(ArgmapError):
    """A worker process ended without sending back the results of the items it was given."""


def default_jobs() -> int:
    """Worker processes to use: one per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def parallel_map(fn: Callable[[T], R], items: Sequence[T], *, jobs: int = 0) -> Generator[R, None, None]:
    """``fn`` of each item, in the order of ``items``, computed by ``jobs`` worker processes.

    ``jobs=0`` means one per core when there are at least :data:`PARALLEL_FROM` items, else none;
    ``jobs=1`` means no workers. ``fn`` must be a module-level function (workers find it by name).
    An exception raised by ``fn`` is raised here when its item's turn comes. The workers are forked
    when this is called, not when the first result is asked for: call it before starting a progress
    bar, whose thread a fork would copy in an unknown state. Closing the generator before its end
    (or leaving the process) stops the workers.
    """
    workers = _workers(jobs, len(items))
    if workers <= 1:
        return (fn(item) for item in items)
    crew = _Crew.start(functools.partial(_each, fn), workers)
    return crew.results(list(items), _chunk_size(len(items), workers, 8))


def parallel_chunks(
    fn: Callable[[list[T]], list[R]], items: Sequence[T], *, jobs: int = 0, size: int = 8
) -> Generator[R, None, None]:
    """As :func:`parallel_map`, but ``fn`` takes a list of up to ``size`` items and returns their results,
    one each, in order: it may overlap the work on one item with the waits of another (the writing of
    files, say). An exception raised by ``fn`` fails each item of its list, and is raised here at the
    turn of the first.

    With workers, the first item is done in this process before they are forked: they inherit every
    module and cache it loaded (a worker would otherwise import them again) and share that memory.
    """
    workers = _workers(jobs, len(items))
    if workers <= 1:
        return _in_turn(fn, list(items), size)
    first = _whole(fn, list(items[:1]))
    crew = _Crew.start(functools.partial(_whole, fn), min(workers, len(items) - 1))
    rest = list(items[1:])
    return _after(first, crew, crew.results(rest, _chunk_size(len(rest), workers, size)))


def _workers(jobs: int, count: int) -> int:
    """Worker processes for ``count`` items: 0 or 1 means none (so also where fork is not available)."""
    if sys.platform != "linux":
        return 1
    return min(jobs or (default_jobs() if count >= PARALLEL_FROM else 1), count)


def _chunk_size(count: int, workers: int, size: int) -> int:
    """Items handed to a worker at a time: up to ``size``, small enough that each worker gets several
    chunks (the last ones then end at about the same time)."""
    return max(1, min(size, count // (workers * 4)))


def _in_turn(fn: Callable[[list[T]], list[R]], items: list[T], size: int) -> Generator[R, None, None]:
    for start in range(0, len(items), size):
        yield from fn(items[start : start + size])


def _after(
    first: list[tuple[bool, Any]], crew: _Crew[T, R], rest: Generator[R, None, None]
) -> Generator[R, None, None]:
    """The results of the first item (done here), then the workers'."""
    try:
        for ok, value in first:
            if not ok:
                raise value
            yield value
        yield from rest
    finally:
        rest.close()
        crew.stop()


def _each(fn: Callable[[Any], Any], chunk: list[Any]) -> list[tuple[bool, Any]]:
    """``fn`` of each item, each result told apart from an exception (sent back in its place)."""
    results: list[tuple[bool, Any]] = []
    for item in chunk:
        try:
            results.append((True, fn(item)))
        except Exception as exc:
            results.append((False, _picklable(exc)))
    return results


def _whole(fn: Callable[[list[Any]], list[Any]], chunk: list[Any]) -> list[tuple[bool, Any]]:
    """``fn`` of a whole chunk; an exception (or a wrong count of results) fails each of its items."""
    try:
        results = fn(chunk)
        if len(results) != len(chunk):
            raise RuntimeError(f"{len(results)} results for {len(chunk)} items (a bug in argmap)")
    except Exception as exc:
        return [(False, _picklable(exc))] * len(chunk)
    return [(True, r) for r in results]


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    busy: bool = False


@dataclass
class _Crew(Generic[T, R]):
    """The worker processes of one batch, each with its own pipe."""

    workers: list[_Worker] = field(default_factory=list)
    stopped: bool = False

    @classmethod
    def start(cls, work: Callable[[list[T]], list[tuple[bool, R]]], count: int) -> _Crew[T, R]:
        import atexit
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        crew: _Crew[T, R] = cls()
        try:
            for _ in range(count):
                mine, theirs = ctx.Pipe(duplex=True)
                inherited = [w.conn for w in crew.workers] + [mine]  # to close in the child
                process = ctx.Process(target=_serve, args=(work, theirs, inherited), daemon=True)
                process.start()
                theirs.close()
                crew.workers.append(_Worker(process, mine))
        except BaseException:
            crew.stop()
            raise
        atexit.register(crew.stop)  # a generator dropped on the way out is not always closed first
        return crew

    def results(self, items: list[T], chunk: int) -> Generator[R, None, None]:
        """Hand out chunks of ``items`` and yield the results in order; stop the workers at the end."""
        chunks = iter(range(0, len(items), chunk))
        done: dict[int, tuple[bool, Any]] = {}
        try:
            for worker in self.workers:
                self._hand_out(worker, items, chunks, chunk)
            for index in range(len(items)):
                while index not in done:
                    self._collect(done, items, chunks, chunk)
                ok, value = done.pop(index)
                if not ok:
                    raise value
                yield value
            self._finish()
        finally:
            self.stop()

    def _hand_out(self, worker: _Worker, items: list[T], chunks: Iterator[int], chunk: int) -> None:
        start = next(chunks, None)
        if start is not None:
            worker.conn.send((start, items[start : start + chunk]))
            worker.busy = True

    def _collect(self, done: dict[int, tuple[bool, Any]], items: list[T], chunks: Iterator[int], chunk: int) -> None:
        """Wait for a busy worker's results and hand it the next chunk."""
        from multiprocessing.connection import wait

        busy = [w for w in self.workers if w.busy]
        if not busy:
            raise WorkerLost("a batch ran out of workers before its last result (a bug in argmap)")
        ready = wait([w.conn for w in busy])
        for worker in (w for w in busy if w.conn in ready):
            worker.busy = False
            try:
                start, results = worker.conn.recv()
            except (EOFError, OSError):
                raise WorkerLost(_lost(worker.process)) from None
            done.update((start + i, r) for i, r in enumerate(results))
            self._hand_out(worker, items, chunks, chunk)

    def _finish(self) -> None:
        """The batch is done: ask each worker to leave, and wait for it."""
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in self.workers:
            worker.process.join(STOP_GRACE)

    def stop(self) -> None:
        """Stop every worker still there, whatever it is doing; safe to call more than once."""
        import atexit
        import signal

        if self.stopped:
            return
        self.stopped = True
        atexit.unregister(self.stop)
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            for worker in self.workers:
                worker.conn.close()  # a worker waiting for items sees their end
                if worker.process.exitcode is None:
                    worker.process.terminate()  # a busy one raises SystemExit, cleaning up as it goes
            for worker in self.workers:
                worker.process.join(STOP_GRACE)
                if worker.process.exitcode is None:
                    worker.process.kill()
                    worker.process.join()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _lost(process: BaseProcess) -> str:
    process.join(STOP_GRACE)
    code = process.exitcode
    how = f"was killed by signal {-code}" if code is not None and code < 0 else f"stopped (exit code {code})"
    return f"a worker process {how} before sending back its results; run again with --jobs 1 to work without workers"


def _serve(work: Callable[[list[Any]], list[tuple[bool, Any]]], conn: Connection, inherited: list[Connection]) -> None:
    """A worker: send back ``work`` of each chunk of items the parent sends, until told to stop."""
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once
    signal.signal(signal.SIGTERM, _leave)
    for other in inherited:
        other.close()  # the parent's ends: a worker must not keep another's pipe open
    gc.freeze()  # what the parent left (modules, say) outlives the worker: no collection walks it again
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        start, chunk = task
        results = work(chunk)
        try:
            conn.send((start, results))
        except OSError:
            return


def _leave(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _picklable(exc: Exception) -> Exception:
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{exc.__class__.__name__}: {exc}")
    return exc


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
