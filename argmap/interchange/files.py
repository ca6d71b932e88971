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
    from argmap.interchange import Loss
    from argmap.interchange.aifdb import Member

__all__ = [
    "ImportJob",
    "ImportOutcome",
    "batch_entry",
    "collect_foreign",
    "import_job",
    "import_job_safely",
    "loss_document",
    "loss_lines",
    "plan_archive",
    "plan_targets",
    "split_archives",
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


def import_job(job: ImportJob) -> ImportOutcome:
    """Read, import, validate and write one file; never print, never exit (the caller reports)."""
    from argmap.fileio import OutputError, write_atomic
    from argmap.formats import names
    from argmap.gcpause import gc_paused
    from argmap.interchange import ImportOptions, get_importer
    from argmap.interchange.aifdb import MemberError
    from argmap.interchange.native import export_yaml
    from argmap.interchange.recognise import ZIP_MAGIC, recognise, refusal
    from argmap.load import TooLarge, load_text, read_limited
    from argmap.load.reading import MAX_BYTES

    file, target = Path(job.name), job.target
    outcome = ImportOutcome(job.name, target, 2, "")
    if job.batch and not job.force and Path(target).is_file():
        outcome.message = f"{target}: already exists; pass --force to replace it"
        return outcome
    try:
        raw = _read_member(job, MAX_BYTES) if job.member is not None else read_limited(file)
    except MemberError as exc:  # a member of a zip that cannot be unpacked: this file fails, the others go on
        outcome.code, outcome.message = 1, f"{file}: {exc}"
        return outcome
    except (TooLarge, OverflowError):
        limit = MAX_BYTES // 2**20
        outcome.message = f"{file}: over the {limit} MiB limit (raise ARGMAP_MAX_BYTES if it is really one map)"
        return outcome
    except OSError as exc:
        outcome.message = f"{file}: cannot read: {exc.strerror or exc}"
        return outcome
    if raw.startswith(ZIP_MAGIC):
        outcome.code = 1
        outcome.message = (
            f"{file}: a zip archive: an AIFdb corpus is imported one map per nodeset, "
            f"e.g. argmap import {file} --from aifdb -o maps/"
        )
        return outcome
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        outcome.code = 1
        outcome.message = f"{file}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        return outcome
    del raw
    seen = recognise(file, text)
    why = seen.why if seen.fmt is None else None
    if job.fmt is not None and job.fmt != "aifdb":
        why = refusal(text)  # argmap's own map or Argdown JSON, whatever --from says
    fmt = outcome.fmt = seen.fmt if job.fmt in (None, "aifdb") else job.fmt
    if why is not None or fmt is None:
        outcome.code = 1 if why else 2
        choices = "|".join(n for n in names("import") if n != "aifdb")
        outcome.message = f"{file}: {why}" if why else f"{file}: cannot tell the format; pass --from {choices}"
        return outcome
    with gc_paused():  # the importer's records and the map are many objects, none in a cycle
        result = get_importer(fmt)(text, file=str(file), options=ImportOptions(thesis=job.thesis, title=job.title))
    del text
    outcome.diagnostics = diagnostic_lines(result.diagnostics)
    outcome.losses, outcome.lost = loss_lines(result.losses, fmt), len(result.losses)
    if job.report:
        outcome.document = loss_document(fmt, result.losses, result.diagnostics)
    if result.map is None:
        outcome.code, outcome.message = 1, f"{file}: nothing imported: fix the errors above"
        return outcome
    with gc_paused():  # the map as plain data: as many containers again
        yaml_text = export_yaml(result.map).text
    check = load_text(yaml_text, file=target if target != "-" else "<stdout>")
    if not check.has_errors:
        from argmap.api import apply_error_rules

        apply_error_rules(check)  # the verdict of `argmap check`: a map it would fail is not written
    if check.has_errors:
        outcome.diagnostics += diagnostic_lines(check.diagnostics)
        outcome.code = 1
        outcome.message = f"{file}: the imported map would not validate; not written (please report this as a bug)"
        return outcome
    del check
    if target == "-":
        outcome.yaml_text = yaml_text
    else:
        try:
            if job.batch:
                _make_folder(Path(target).parent)
            write_atomic(target, yaml_text, inputs=(job.source,), overwrite=job.force)
        except OutputError as exc:
            outcome.message, outcome.losses = str(exc), None  # no loss report for a map not written
            return outcome
    m = result.map
    where = "stdout" if target == "-" else target
    outcome.code = 0
    from argmap.report import printable

    outcome.message = printable(
        f"imported {len(m.nodes)} nodes and {len(m.relations)} relations from {file} ({fmt}) into {where}"
    )
    return outcome


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
        if os.environ.get("ARGMAP_DEBUG"):
            raise
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
