"""Answers as a school's learning platform hands them out: Moodle's "Download all submissions" and
Canvas's "Download submissions", as the zip or its unpacked folder.

Each file's owner comes from the platform's file naming:

* Moodle: ``Full Name_<participant id>_assignsubmission_file_/answers.yaml`` (a folder per student,
  Moodle 3.1 and later; without the trailing ``_`` since 4.1), or the older flat
  ``Full Name_<participant id>_assignsubmission_file_answers.yaml``;
* Canvas: ``<name>[_LATE]_<user id>_<submission id>_<file>``, ``name`` being the student's sortable
  name in lower case without spaces (``smithbob``).

A zip is untrusted input: it is read entry by entry into a private temporary folder, and an entry
that would land outside it (``..``, an absolute path, a drive letter), a link, a second entry of the
same name, an entry larger than it says or than an answer sheet can be, and more entries or bytes
in all than a class hands in are refused or skipped, each with the reason.
"""

from __future__ import annotations

import re
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from argmap.exercises.errors import ExerciseError
from argmap.fileio import zip_entry_name

__all__ = [
    "Opened",
    "Submitter",
    "canvas_owner",
    "moodle_owner",
    "open_submissions",
    "owner_of",
]

System = Literal["moodle", "canvas"]

MAX_ENTRIES = 20_000
"""More entries than any class's download has: a zip with more is refused, not unpacked."""
MAX_ENTRY_BYTES = 4 * 1024 * 1024
"""An entry larger than this is not an answer sheet (those are refused over 1 MiB): skipped."""
MAX_TOTAL_BYTES = 256 * 1024 * 1024
"""All the answer files of one zip together: beyond this the zip is refused."""

_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assign(?:submission|feedback)_(?P<plugin>[a-z]+)(?:_(?P<rest>.*))?$")
_CANVAS = re.compile(r"^(?P<name>[^_/]+?)(?P<late>_LATE)?_(?P<id>\d+)_(?P<sub>\d+)_(?P<file>.+)$")


@dataclass(frozen=True, slots=True)
class Submitter:
    """Who handed a file in, as the platform names them."""

    system: System
    id: str
    """Moodle's participant id (``Participant 123`` in its worksheet); Canvas's user id."""
    name: str
    late: bool = False
    plugin: str = "file"
    """Moodle's submission plugin (``file``, ``onlinetext``)."""


def moodle_owner(rel: PurePosixPath) -> Submitter | None:
    """The Moodle participant a path inside a submissions download belongs to (its first part)."""
    if not rel.parts:
        return None
    found = _MOODLE.match(rel.parts[0])
    if found is None:
        return None
    name = " ".join(found["name"].split())
    return Submitter("moodle", found["id"], name, plugin=found["plugin"])


def canvas_owner(rel: PurePosixPath) -> Submitter | None:
    """The Canvas user a file of a submissions download belongs to (its name)."""
    found = _CANVAS.match(rel.name)
    if found is None:
        return None
    return Submitter("canvas", found["id"], found["name"], late=bool(found["late"]))


def owner_of(rel: PurePosixPath, system: System) -> Submitter | None:
    return moodle_owner(rel) if system == "moodle" else canvas_owner(rel)


def _system_of(names: list[PurePosixPath]) -> System | None:
    if any(moodle_owner(n) is not None for n in names):
        return "moodle"
    if names and all(canvas_owner(n) is not None for n in names if not _hidden(n)):
        return "canvas"
    return None


def _hidden(rel: PurePosixPath) -> bool:
    return any(p.startswith(".") or p == "__MACOSX" for p in rel.parts)


@dataclass
class Opened:
    """A download made ready to grade: its files on disk, who owns each, and what was left out."""

    source: Path
    root: Path
    system: System | None
    owners: dict[Path, Submitter] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    """``name: why`` for each entry not unpacked."""
    temporary: tempfile.TemporaryDirectory[str] | None = None

    def shown(self, path: Path) -> str:
        """How a file is named to the teacher: inside a zip as ``class.zip:Name_1_.../answers.yaml``."""
        if self.temporary is None:
            return str(path)
        try:
            return f"{self.source}:{path.relative_to(self.root).as_posix()}"
        except ValueError:
            return str(path)

    def close(self) -> None:
        if self.temporary is not None:
            self.temporary.cleanup()
            self.temporary = None


def open_submissions(path: Path, answer_suffixes: tuple[str, ...]) -> Opened:
    """A zip (unpacked safely into a temporary folder; call :meth:`Opened.close`) or a folder, with
    the owner of each file when the naming is Moodle's or Canvas's."""
    if path.is_dir():
        files = [f for f in path.rglob("*") if f.is_file()]
        rels = [PurePosixPath(f.relative_to(path).as_posix()) for f in files]
        system = _system_of(rels)
        opened = Opened(path, path, system)
        if system is not None:
            for f, rel in zip(files, rels, strict=True):
                who = owner_of(rel, system)
                if who is not None:
                    opened.owners[f] = who
        return opened
    return _unzip(path, answer_suffixes)


def _entry_problem(info: zipfile.ZipInfo, rel: PurePosixPath | None, seen: set[str]) -> str | None:
    if rel is None:
        return "a path outside the download (absolute, a drive or `..`); not unpacked"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "a link, not a file; not unpacked"
    key = rel.as_posix().lower()
    if key in seen:
        return "a second entry of the same name; only the first is used"
    seen.add(key)
    if info.flag_bits & 0x1:
        return "encrypted; not unpacked"
    return None


def _safe_rel(name: str) -> PurePosixPath | None:
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (parts and re.match(r"^[A-Za-z]:", parts[0])):
        return None
    clean = [p for p in parts if p not in ("", ".")]
    if not clean or any(p == ".." for p in clean) or any("\x00" in p for p in clean):
        return None
    return PurePosixPath(*clean)


def _unzip(path: Path, answer_suffixes: tuple[str, ...]) -> Opened:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ExerciseError(f"{path}: no such file or folder") from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise ExerciseError(f"{path}: not a zip file that can be read ({exc}); give the downloaded .zip") from None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_ENTRIES:
            raise ExerciseError(f"{path}: {len(infos)} entries, more than the {MAX_ENTRIES} a class download has")
        names = [zip_entry_name(i) for i in infos]
        rels = [_safe_rel(name) for name in names]
        system = _system_of([r for r in rels if r is not None])
        tmp = tempfile.TemporaryDirectory(prefix="argmap-class-")
        opened = Opened(path, Path(tmp.name), system, temporary=tmp)
        try:
            _extract(archive, list(zip(infos, names, strict=True)), rels, opened, answer_suffixes)
        except BaseException:
            opened.close()
            raise
    return opened


def _extract(
    archive: zipfile.ZipFile,
    infos: list[tuple[zipfile.ZipInfo, str]],
    rels: list[PurePosixPath | None],
    opened: Opened,
    answer_suffixes: tuple[str, ...],
) -> None:
    """Unpack the answer files among ``infos`` (each entry with its name), listing what is skipped."""
    seen: set[str] = set()
    total = 0
    for (info, name), rel in zip(infos, rels, strict=True):
        problem = _entry_problem(info, rel, seen)
        if problem is None and rel is not None and rel.suffix.lower() not in answer_suffixes:
            problem = f"not an answer file ({rel.suffix or 'no suffix'}); not unpacked"
        if problem is None and info.file_size > MAX_ENTRY_BYTES:
            problem = f"{info.file_size} bytes, too large for an answer sheet; not unpacked"
        if problem is not None or rel is None:
            if rel is None or not _hidden(rel):
                opened.skipped.append(f"{opened.source}:{name}: {problem}")
            continue
        if total + info.file_size > MAX_TOTAL_BYTES:
            raise ExerciseError(f"{opened.source}: over {MAX_TOTAL_BYTES // 2**20} MiB of answer files; not unpacked")
        target = opened.root.joinpath(*rel.parts)
        got = _copy_bounded(archive, info, target)
        if got is None:
            opened.skipped.append(f"{opened.source}:{name}: larger than its zip entry says; not unpacked")
            continue
        total += got
        who = owner_of(rel, opened.system) if opened.system is not None else None
        if who is not None:
            opened.owners[target] = who


def _copy_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> int | None:
    """Unpack one entry, reading at most what it declares (a forged size is caught, not trusted)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    limit = min(info.file_size, MAX_ENTRY_BYTES)
    try:
        with archive.open(info) as src, open(target, "xb") as dst:
            data = src.read(limit + 1)
            if len(data) > limit:
                dst.close()
                target.unlink()
                return None
            dst.write(data)
    except FileExistsError:
        return 0
    except (OSError, zipfile.BadZipFile, EOFError, RuntimeError, NotImplementedError) as exc:
        raise ExerciseError(f"{archive.filename}:{info.filename}: cannot be unpacked ({exc})") from None
    return len(data)
