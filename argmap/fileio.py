"""Writing output files safely: atomically, never over an input, never over a file without leave; and
the names of the zip entries argmap reads (a class download, an AIFdb corpus) as they were written."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    import zipfile

__all__ = ["Content", "OutputError", "write_atomic", "write_folder_atomic", "zip_entry_name"]

Content = str | bytes | Iterator[str]
"""What an output holds: text, bytes, or text made piece by piece as it is written."""


class OutputError(Exception):
    """An output that cannot or must not be written; the message says what to do."""


_SLICE = 1 << 20


def _write_encoded(fh: BinaryIO, data: Content) -> None:
    """Write text as UTF-8 a slice at a time: a whole copy as bytes would double a big output in memory."""
    if isinstance(data, bytes):
        fh.write(data)
        return
    if not isinstance(data, str):
        for piece in data:
            _write_encoded(fh, piece)
        return
    for start in range(0, len(data), _SLICE):
        fh.write(data[start : start + _SLICE].encode("utf-8"))


def write_atomic(
    path: str | os.PathLike[str],
    data: Content,
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    overwrite: bool = True,
) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A reader never sees half a file, and a failure leaves the previous file intact. Refuses to
    write over any of ``inputs``, and over an existing file unless ``overwrite``.
    """
    target = Path(path)
    for src in inputs:
        try:
            if target.exists() and target.resolve() == Path(src).resolve():
                raise OutputError(f"{target}: refusing to write over the input file; choose another output path")
        except OSError:
            continue
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name for the output")
    if target.exists() and not target.is_file():
        # A device or pipe (/dev/stdout, /dev/null, a FIFO): write into it. Renaming over it would
        # put a regular file in its place.
        return _write_through(target, data)
    if target.exists() and not overwrite:
        raise OutputError(f"{target}: already exists; pass --force to replace it")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: folder {folder} does not exist; create it first")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            _write_encoded(fh, data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise OutputError(f"{target}: cannot write: {exc.strerror}") from None
    except BaseException:  # Ctrl-C, SIGTERM (raised by the CLI's handler), anything: no half file left
        _remove(tmp)
        raise
    return target


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _write_through(target: Path, data: Content) -> Path:
    try:
        with target.open("wb") as fh:
            _write_encoded(fh, data)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror}") from None
    return target


def write_folder_atomic(
    path: str | os.PathLike[str],
    files: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]],
    *,
    overwrite: bool = False,
) -> Path:
    """Write a folder of files all at once or not at all (``exercise make``).

    ``files`` maps relative names (``sub/name.txt``) to contents; it may be a generator that fails
    half-way. They are written into a hidden temporary folder beside ``path``, which is renamed into
    place only when every file is written. On any failure, Ctrl-C included, the temporary folder is
    removed and an existing ``path`` is left as it was. An existing ``path`` is replaced only with
    ``overwrite``.
    """
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: is a file, not a folder; choose another output folder")
    if target.exists() and not overwrite:
        raise OutputError(f"{target}: already exists; pass --force to replace it")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{target}: folder {parent} does not exist; create it first")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise OutputError(f"{target}: cannot write in {parent}: {exc.strerror}") from None
    old: Path | None = None
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        items = files.items() if isinstance(files, Mapping) else files
        for name, data in items:
            dest = (tmp / name).resolve()
            if tmp.resolve() not in dest.parents:
                raise OutputError(f"{target}: refusing to write {name!r} outside the folder")
            dest.parent.mkdir(parents=True, exist_ok=True)
            with open(dest, "wb") as fh:
                _write_encoded(fh, data)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.rmdir(old)
            os.replace(target, old)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not target.exists():
            os.replace(old, target)  # put the previous folder back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


def _umask() -> int:
    """The process's umask, read without changing it where Linux tells it: threads may be creating files
    meanwhile (a batch's writers), which a umask set to 0 for a moment would give the wrong mode."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0)
        os.umask(mask)
    return mask


_UMASK_LOCK = threading.Lock()


def zip_entry_name(info: zipfile.ZipInfo) -> str:
    """A zip entry's name as its maker wrote it. Python reads a name without the zip's UTF-8 flag as
    code page 437, but the zips of Info-ZIP (Linux, `zip -r`), PHP and older Windows hold UTF-8 there
    without the flag: "Zoë Çelik" came out as "Zo├½ ├çelik", "débat.json" as "d├⌐bat.json". Such a
    name is taken as UTF-8 when its bytes are valid UTF-8 (bytes meant as code page 437 almost never
    are)."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename
