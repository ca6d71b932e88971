"""Writing output files safely: atomically, never over an input, never over a file without leave."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

__all__ = ["OutputError", "write_atomic"]


class OutputError(Exception):
    """An output that cannot or must not be written; the message says what to do."""


_SLICE = 1 << 20


def _write_encoded(fh: BinaryIO, data: str | bytes) -> None:
    """Write text as UTF-8 a slice at a time: a whole copy as bytes would double a big output in memory."""
    if isinstance(data, bytes):
        fh.write(data)
        return
    for start in range(0, len(data), _SLICE):
        fh.write(data[start : start + _SLICE].encode("utf-8"))


def write_atomic(
    path: str | os.PathLike[str],
    data: str | bytes,
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
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
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


def _write_through(target: Path, data: str | bytes) -> Path:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        with target.open("wb") as fh:
            fh.write(payload)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror}") from None
    return target
