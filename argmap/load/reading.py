"""Reading map files and other inputs with a bound on their size."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path as FsPath
from typing import BinaryIO

__all__ = ["MAX_BYTES", "TooLarge", "max_bytes_from_env", "read_limited", "read_text_limited", "size_text"]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def max_bytes_from_env() -> int:
    """The size limit of a map file: ``ARGMAP_MAX_BYTES`` when it is a whole number of bytes, else 64 MiB."""
    value = os.environ.get("ARGMAP_MAX_BYTES", "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else DEFAULT_MAX_BYTES


MAX_BYTES = max_bytes_from_env()
"""The most bytes read from one input (tests lower it with monkeypatch)."""


def size_text(n: int) -> str:
    """A byte count for people: 812 bytes, 3.4 KiB, 100.0 MiB."""
    if n >= 2**20:
        return f"{n / 2**20:.1f} MiB"
    return f"{n / 2**10:.1f} KiB" if n >= 2**10 else f"{n} bytes"


class TooLarge(Exception):
    """More than :data:`MAX_BYTES` to read: ``size`` when the file's size said so before reading,
    None when reading found out (a device, a pipe, a stream)."""

    def __init__(self, size: int | None) -> None:
        super().__init__(size)
        self.size = size


def read_limited(source: FsPath | BinaryIO, limit: int | None = None) -> bytes:
    """The bytes of a file or stream, refusing (:class:`TooLarge`) more than ``limit`` bytes
    (:data:`MAX_BYTES`, a map's limit, unless given).

    A file's size is checked before it is read; a device, pipe or stream has none, so it is read
    only one byte past the limit. Raises ``OSError`` for what cannot be read (a folder, say).
    """
    limit = MAX_BYTES if limit is None else limit
    if not isinstance(source, FsPath):
        raw = source.read(limit + 1)
    else:
        st = source.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError("is a folder")
        refused = _refused_kind(source, st.st_mode)
        if refused:  # opening a named pipe with no writer blocks for ever; a device never ends
            raise OSError(errno.EINVAL, f"is {refused}, not a file; save it to a file (or pipe it to standard input)")
        size = st.st_size
        if size > limit:
            raise TooLarge(size)
        with source.open("rb") as fh:
            raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise TooLarge(None)
    return raw


_PROCESS_SUBSTITUTION = ("/dev/fd/", "/proc/self/fd/", "/dev/stdin")


def _refused_kind(path: FsPath, mode: int) -> str | None:
    """What a path is when argmap will not open it by name: a named pipe, a socket or a device.

    The pipes of process substitution (``argmap check <(...)``) have a writer and are read."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return None if str(path).startswith(_PROCESS_SUBSTITUTION) else "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return None if str(path).startswith(_PROCESS_SUBSTITUTION) else "a device"
    return "not a regular file"


def read_text_limited(path: FsPath, limit: int | None = None) -> str:
    """A small text file (a rubric, an answer sheet) as ``Path.read_text`` reads it, line ends made
    LF, but bounded like a map (:func:`read_limited`). Raises ``OSError``, ``UnicodeDecodeError``
    and :class:`TooLarge`."""
    return read_limited(path, limit).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
