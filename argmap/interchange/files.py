"""Importing foreign files: one file read, imported, validated and written, and the planning of a batch.

What ``argmap import`` does for each file, for Python callers and for the worker processes of a batch:
:func:`import_job` never prints and never exits; it returns an :class:`ImportOutcome` with the lines to
print and the loss report. The command line (``argmap.cli.interchange``) prints them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.errors import ArgmapError
from argmap.formats import suffixes

if TYPE_CHECKING:
    from argmap.diagnostics import Diagnostic
    from argmap.interchange import Imported, Loss
    from argmap.interchange.aifdb import Member

__all__ = [
    "ImportJob",
    "ImportOutcome",
    "MadeMap",
    "batch_entry",
    "collect_foreign",
    "import_chunk",
    "import_job",
    "import_job_safely",
    "loss_document",
    "loss_lines",
    "make_map",
    "plan_archive",
    "plan_targets",
    "split_archives",
    "write_map",
]


def collect_foreign(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[tuple[Path, Path]], list[str]]:
    """Expand files and folders to the files to import; return ((file, place), problems with the paths).

    A file's place is where it goes under ``-o OUT_DIR`` (see :func:`argmap.batch.find_files`).
    """
    from argmap.batch import find_files

    return find_files(paths, tuple(suffixes("import")), what="files to import")


@dataclass(frozen=True)
class ImportJob:
    """One file to import: everything a worker process needs (small and picklable)."""

    source: str
    target: str
    """The map to write, or '-' for stdout (one file only: the map then comes back in the outcome)."""
    fmt: str | None = None
    force: bool = False
    thesis: str | None = None
    title: str | None = None
    batch: bool = False
    """In a batch: an existing output is skipped before importing, and missing folders are created."""
    report: bool = False
    """Fill :attr:`ImportOutcome.document` for ``--loss-report``."""
    member: Member | None = None
    """A nodeset inside the AIFdb corpus zip ``source`` (see :mod:`argmap.interchange.aifdb`)."""

    @property
    def name(self) -> str:
        """How the file is named in messages: ``corpus.zip/nodeset1.json`` for a member of a zip."""
        return f"{self.source}/{self.member.name}" if self.member else self.source


@dataclass
class ImportOutcome:
    """What importing one file came to: the lines to print and the loss report, no map."""

    source: str
    target: str
    code: int
    """0 written; 1 not readable as its format or would not validate; 2 an I/O or usage problem."""
    message: str
    """The ``imported ...`` line, or why the file was not imported (without ``argmap: ``)."""
    fmt: str | None = None
    diagnostics: list[str] = field(default_factory=list)
    """Diagnostics as printed: the foreign file's, then those of the map if it would not validate."""
    losses: list[str] | None = None
    """The loss report's lines, once the file was read as its format (None before that or when not written)."""
    lost: int = 0
    document: dict[str, Any] | None = None
    """The ``--loss-report`` document of this file (when asked for and ``losses`` is set)."""
    yaml_text: str | None = None
    """The map, when it goes to stdout."""

    @property
    def status(self) -> str:
        return ("imported", "failed", "skipped")[self.code]


class _Stop(Exception):
    """The file goes no further: its outcome's code and message (the step has set the rest)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class MadeMap:
    """A map imported, written as YAML and checked: what is left is to write it."""

    yaml_text: str
    nodes: int
    relations: int
    fmt: str


def import_job(job: ImportJob) -> ImportOutcome:
    """Read, import, validate and write one file; never print, never exit (the caller reports)."""
    outcome = ImportOutcome(job.name, job.target, 2, "")
    made = make_map(job, outcome)
    if made is not None:
        write_map(job, outcome, made)
    return outcome


def make_map(job: ImportJob, outcome: ImportOutcome) -> MadeMap | None:
    """Every step of :func:`import_job` but the writing: None when the file went no further (``outcome``
    says why), else the checked map. The collector is paused throughout: the file's records, the map and
    its YAML are many objects, none in a cycle, all freed when this returns."""
    from argmap.gcpause import gc_paused

    try:
        with gc_paused():
            return _make(job, outcome)  # its records are freed when it returns, before collection resumes
    except _Stop as stop:
        outcome.code, outcome.message = stop.code, stop.message
        return None


def _make(job: ImportJob, outcome: ImportOutcome) -> MadeMap:
    _refuse_existing(job)
    text = _read_text(job)
    fmt = _format_of(job, outcome, text)
    result = _imported(job, outcome, text, fmt)
    del text
    return _checked(job, outcome, result, fmt)


def _refuse_existing(job: ImportJob) -> None:
    """In a batch, an existing map is kept without --force, before any work."""
    if job.batch and not job.force and Path(job.target).is_file():
        raise _Stop(2, f"{job.target}: already exists; pass --force to replace it")


def _read_text(job: ImportJob) -> str:
    """The file's (or zip member's) text: within the size limit, not a zip, UTF-8."""
    from argmap.interchange.aifdb import MemberError
    from argmap.interchange.recognise import ZIP_MAGIC
    from argmap.load import TooLarge, read_limited
    from argmap.load.reading import MAX_BYTES

    file = Path(job.name)
    try:
        raw = _read_member(job, MAX_BYTES) if job.member is not None else read_limited(file)
    except MemberError as exc:  # a member of a zip that cannot be unpacked: this file fails, the others go on
        raise _Stop(1, f"{file}: {exc}") from None
    except (TooLarge, OverflowError):
        limit = MAX_BYTES // 2**20
        raise _Stop(2, f"{file}: over the {limit} MiB limit (raise ARGMAP_MAX_BYTES if it is really one map)") from None
    except OSError as exc:
        raise _Stop(2, f"{file}: cannot read: {exc.strerror or exc}") from None
    if raw.startswith(ZIP_MAGIC):
        raise _Stop(
            1,
            f"{file}: a zip archive: an AIFdb corpus is imported one map per nodeset, "
            f"e.g. argmap import {file} --from aifdb -o maps/",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _Stop(1, f"{file}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8") from None


def _format_of(job: ImportJob, outcome: ImportOutcome, text: str) -> str:
    """The import format (also in ``outcome``): ``--from``, or told from the content; refuses what is not
    to be imported."""
    from argmap.formats import names
    from argmap.interchange.recognise import recognise, refusal

    file = Path(job.name)
    seen = recognise(file, text)
    why = seen.why if seen.fmt is None else None
    if job.fmt is not None and job.fmt != "aifdb":
        why = refusal(text)  # argmap's own map or Argdown JSON, whatever --from says
    fmt = outcome.fmt = seen.fmt if job.fmt in (None, "aifdb") else job.fmt
    if why:
        raise _Stop(1, f"{file}: {why}")
    if why is not None or fmt is None:
        choices = "|".join(n for n in names("import") if n != "aifdb")
        raise _Stop(2, f"{file}: cannot tell the format; pass --from {choices}")
    return fmt


def _imported(job: ImportJob, outcome: ImportOutcome, text: str, fmt: str) -> Imported:
    """The importer's result; its diagnostics and loss report go into ``outcome``."""
    from argmap.interchange import ImportOptions, get_importer

    file = Path(job.name)
    options = ImportOptions(thesis=job.thesis, title=job.title)
    result = get_importer(fmt)(text, file=str(file), options=options)
    outcome.diagnostics = diagnostic_lines(result.diagnostics)
    outcome.losses, outcome.lost = loss_lines(result.losses, fmt), len(result.losses)
    if job.report:
        outcome.document = loss_document(fmt, result.losses, result.diagnostics)
    if result.map is None:
        raise _Stop(1, f"{file}: nothing imported: fix the errors above")
    return result


def _checked(job: ImportJob, outcome: ImportOutcome, result: Imported, fmt: str) -> MadeMap:
    """The map as YAML, refused if ``argmap check`` would fail it. The verdict is taken on the validated map
    when it is sure to be the same (:func:`argmap.load.check_written`); else, or when the map fails, on the
    YAML read back exactly as ``argmap check`` reads it (its findings are then those listed)."""
    from argmap.api import passes_check
    from argmap.interchange.native import export_yaml
    from argmap.load import check_written, load_text

    m = result.map
    assert m is not None
    yaml_text = export_yaml(m).text
    file = job.target if job.target != "-" else "<stdout>"
    check = check_written(m, yaml_text, file=file)
    if check is None or not passes_check(check):
        check = load_text(yaml_text, file=file)
        if not passes_check(check):
            outcome.diagnostics += diagnostic_lines(check.diagnostics)
            raise _Stop(
                1, f"{Path(job.name)}: the imported map would not validate; not written (please report this as a bug)"
            )
    return MadeMap(yaml_text, len(m.nodes), len(m.relations), fmt)


def write_map(job: ImportJob, outcome: ImportOutcome, made: MadeMap) -> None:
    """Write the map made by :func:`make_map` (or keep it for stdout) and say so in ``outcome``."""
    from argmap.fileio import OutputError, write_atomic
    from argmap.report import printable

    target = job.target
    if target == "-":
        outcome.yaml_text = made.yaml_text
    else:
        try:
            if job.batch:
                _make_folder(Path(target).parent)
            write_atomic(target, made.yaml_text, inputs=(job.source,), overwrite=job.force)
        except OutputError as exc:
            outcome.code, outcome.message, outcome.losses = 2, str(exc), None  # no loss report: no map
            return
    where = "stdout" if target == "-" else target
    outcome.code = 0
    outcome.message = printable(
        f"imported {made.nodes} nodes and {made.relations} relations from {Path(job.name)} ({made.fmt}) into {where}"
    )


def _read_member(job: ImportJob, limit: int) -> bytes:
    from argmap.interchange.aifdb import read_member

    assert job.member is not None
    return read_member(Path(job.source), job.member, limit)


def _make_folder(folder: Path) -> None:
    from argmap.fileio import OutputError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from None


def diagnostic_lines(diagnostics: list[Diagnostic]) -> list[str]:
    return [f"{d}{f' [{d.subject}]' if d.subject else ''}" for d in diagnostics]


def loss_lines(losses: list[Loss], fmt: str) -> list[str]:
    if not losses:
        return [f"loss report: nothing from {fmt} lost"]
    lines = [f"loss report: {len(losses)} item(s) from {fmt} not kept in argmap:"]
    for loss in losses:
        where = f" (line {loss.line})" if loss.line else ""
        lines.append(f"  - {loss.kind}: {loss.subject}{where}: {loss.detail}")
    return lines


def loss_document(fmt: str | None, losses: list[Loss], diagnostics: list[Diagnostic]) -> dict[str, Any]:
    return {
        "format": fmt,
        "direction": "import",
        "count": len(losses),
        "losses": [x.to_dict() for x in losses],
        "diagnostics": [d.to_dict() for d in diagnostics],
    }


def plan_targets(found: list[tuple[Path, Path]], out_dir: Path | None) -> list[tuple[Path, Path]]:
    """(file, map to write) for each file found; refuses (:class:`ArgmapError`) two files writing one map,
    or a map over a file."""
    plan: list[tuple[Path, Path]] = []
    inputs = {src.resolve(): src for src, _ in found}
    writers: dict[Path, Path] = {}
    for src, place in found:
        target = (out_dir / place if out_dir is not None else src).with_suffix(".yaml")
        key = target.resolve()
        if key in inputs:
            if key == src.resolve():
                raise ArgmapError(f"{src}: its map would be written over itself; import it into an -o folder")
            raise ArgmapError(
                f"{src}: its map {target} would be written over the input {inputs[key]}; import into an -o folder"
            )
        if key in writers:
            first = writers[key]
            if first.resolve() == src.resolve():
                continue  # the same file named twice
            raise ArgmapError(
                f"{first} and {src} would both be written to {target}; "
                "rename one, or import them into different -o folders"
            )
        writers[key] = src
        plan.append((src, target))
    return plan


def split_archives(found: list[tuple[Path, Path]]) -> tuple[list[tuple[Path, Path]], list[tuple[Path, Path]]]:
    """(files, zip archives) among the files found: a zip is told by its first bytes, not its name."""
    from argmap.interchange.aifdb import is_zip

    archives = [(src, place) for src, place in found if is_zip(src)]
    return [x for x in found if x not in archives], archives


def plan_archive(
    src: Path, place: Path, out_dir: Path | None, taken: dict[Path, str] | None = None
) -> tuple[list[tuple[Member, Path]], list[str], list[str]]:
    """(member, map to write) for each nodeset of the AIFdb corpus zip ``src``, the members left out, and
    a line for each member whose map had to take another name.

    The maps go into a folder named after the zip: next to it, or at its place under ``out_dir``.
    Members whose maps would be one file (``n1.json`` and ``n1.aif``, two ``dup.json``, ``a//b.json``
    and ``a/b.json``, or a map that ``taken`` holds: what the other inputs of the batch write, by whom)
    never overwrite each other: the later one's map is ``n1-2.yaml`` (or ``-3`` ...), and said so.
    ``taken`` gains this archive's maps."""
    from argmap.interchange.aifdb import members

    corpus = members(src)
    if not corpus.maps:
        raise ArgmapError(f"{src}: a zip archive with no AIF JSON (*.json) in it; nothing to import")
    folder = (out_dir / place if out_dir is not None else src).with_suffix("")
    taken = {} if taken is None else taken
    natural = [(m, (folder / m.name).with_suffix(".yaml")) for m in corpus.maps]
    wanted = {t.resolve() for _, t in natural}
    plan: list[tuple[Member, Path]] = []
    moved: list[str] = []
    for member, target in natural:
        key = target.resolve()
        if key in taken:
            first, n = taken[key], 2
            while (key := target.with_name(f"{target.stem}-{n}.yaml").resolve()) in taken or key in wanted:
                n += 1
            new = target.with_name(key.name)
            moved.append(f"{src}/{member.name}: {target} is also the map of {first}; its map is {new}")
            target = new
        taken[key] = f"{src}/{member.name}"
        plan.append((member, target))
    return plan, corpus.other, moved


def import_job_safely(job: ImportJob) -> ImportOutcome:
    """:func:`import_job` in a batch: an unexpected error fails this file, not the other files."""
    try:
        return import_job(job)
    except Exception as exc:  # a bug, told as one line per file; ARGMAP_DEBUG=1 shows the traceback
        return _internal_error(job, exc)


WRITERS = 8
"""Maps of a batch being written at once by one process (see :func:`import_chunk`)."""


def import_chunk(jobs: list[ImportJob]) -> list[ImportOutcome]:
    """:func:`import_job_safely` of each job, in order, the maps written by threads while the next are made.

    Each map is flushed to the disk before it takes its name (:func:`argmap.fileio.write_atomic`); that
    wait, some milliseconds a file, is most of the time of a batch of small maps if the files are written
    one after the other. Written by :data:`WRITERS` threads, each map's wait overlaps the making of the
    next maps, and the disk commits several at once. Every write of the chunk is done (or failed) when
    this returns; on Ctrl-C the writes not yet started are dropped, those under way end (no partial file).
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    outcomes: list[ImportOutcome] = []
    writing: list[tuple[int, Future[None]]] = []
    pool = ThreadPoolExecutor(max_workers=min(WRITERS, len(jobs)) or 1, thread_name_prefix="argmap-write")
    try:
        for job in jobs:
            outcome = ImportOutcome(job.name, job.target, 2, "")
            try:
                made = make_map(job, outcome)
            except Exception as exc:
                outcome, made = _internal_error(job, exc), None
            if made is not None:
                writing.append((len(outcomes), pool.submit(write_map, job, outcome, made)))
            outcomes.append(outcome)
        for index, future in writing:
            failed = future.exception()
            if isinstance(failed, Exception):
                outcomes[index] = _internal_error(jobs[index], failed)
            elif failed is not None:
                raise failed
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return outcomes


def _internal_error(job: ImportJob, exc: Exception) -> ImportOutcome:
    """The outcome of a file that met a bug: one line; ARGMAP_DEBUG=1 raises it (with its traceback)."""
    if os.environ.get("ARGMAP_DEBUG"):
        raise exc
    message = f"{job.name}: internal error: {exc.__class__.__name__}: {exc} (a bug in argmap; please report it)"
    return ImportOutcome(job.name, job.target, 2, message)


def batch_entry(outcome: ImportOutcome) -> dict[str, Any]:
    """One file's entry in a batch's --loss-report: the fields of one file's report, and where it went."""
    document = outcome.document or loss_document(outcome.fmt, [], [])
    return {
        "file": outcome.source,
        "output": outcome.target,
        "status": outcome.status,
        "reason": None if outcome.code == 0 else outcome.message,
        **document,
    }
