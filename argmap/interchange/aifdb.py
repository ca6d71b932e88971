"""AIFdb corpus zips: many AIF nodesets in one archive, each imported to its own map.

AIFdb (corpora.aifdb.org) hands out a corpus as a zip of ``nodesetNNNN.json`` files (AIF JSON), often
with a ``nodesetNNNN.txt`` of the analysed text beside each. ``argmap import corpus.zip -o maps/``
imports every JSON member as AIF into ``maps/corpus/<member>.yaml``, one job per nodeset in a batch
(with a progress bar); members that are not JSON are listed, not imported.

A member is named by its place in the archive as well as its name, since two members may share a name;
each worker process keeps the archive open (its central directory read once), so a corpus of 30,000
nodesets is read in time proportional to its members. A member that is encrypted, compressed in a way
Python cannot unpack, or damaged fails on its own (:class:`MemberError`) and the others go on.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from argmap.errors import ArgmapError
from argmap.fileio import zip_entry_name

__all__ = ["Corpus", "Member", "MemberError", "is_zip", "members", "read_member"]


@dataclass(frozen=True)
class Member:
    """A nodeset in the archive: its name and its place in the central directory."""

    name: str
    index: int


@dataclass
class Corpus:
    maps: list[Member] = field(default_factory=list)
    """The JSON members, in archive order: one map each."""
    other: list[str] = field(default_factory=list)
    """Members that are not imported (the analysed texts, say)."""


class MemberError(ValueError):
    """A member that cannot be unpacked: encrypted, compressed by an unknown method, or damaged."""


def is_zip(path: Path) -> bool:
    """Whether ``path`` is a zip file. Only a regular file is looked into: opening a named pipe with no
    writer blocks for ever, and reading one would take its first bytes from the import."""
    from argmap.interchange.recognise import ZIP_MAGIC

    try:
        if not path.is_file():
            return False
        with path.open("rb") as fh:
            return fh.read(4) == ZIP_MAGIC
    except OSError:
        return False


def members(path: Path) -> Corpus:
    """The members of the corpus zip ``path``; :class:`ArgmapError` when it cannot be read as a zip."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (OSError, zipfile.BadZipFile) as exc:
        raise ArgmapError(f"{path}: not a readable zip archive ({exc})") from None
    corpus = Corpus()
    for index, info in enumerate(infos):
        written = zip_entry_name(info)
        name = PurePosixPath(written)
        if info.is_dir() or any(part.startswith((".", "__MACOSX")) for part in name.parts):
            continue
        if ".." in name.parts or name.is_absolute():
            corpus.other.append(written)  # never a place outside the output folder
        elif name.suffix.lower() in (".json", ".aif"):
            corpus.maps.append(Member(written, index))
        else:
            corpus.other.append(written)
    return corpus


_DAMAGED: tuple[type[Exception], ...] = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, RuntimeError)
try:  # zipfile imports lzma when Python has it: its error class is then one more way to be damaged
    import lzma

    _DAMAGED += (lzma.LZMAError,)
except ImportError:  # pragma: no cover - a Python built without lzma
    pass

_METHODS = {1: "shrink", 6: "implode", 9: "deflate64", 10: "PKWARE implode", 18: "IBM TERSE", 19: "LZ77",
            93: "Zstandard", 95: "xz", 97: "WavPack", 98: "PPMd"}  # fmt: skip
"""Compression methods of the zip specification that Python's zipfile cannot unpack, by number."""

_OPEN: dict[str, tuple[tuple[int, ...], zipfile.ZipFile]] = {}
"""The archive this process has open, by the identity of the file (and the process: a forked worker
must not share the file offset of its parent's handle)."""


def _archive(path: Path) -> zipfile.ZipFile:
    st = path.stat()
    key = (os.getpid(), st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)
    cached = _OPEN.pop("zip", None)
    if cached is not None and cached[0] == key:
        _OPEN["zip"] = cached
        return cached[1]
    if cached is not None:
        cached[1].close()
    zf = zipfile.ZipFile(path)
    _OPEN["zip"] = (key, zf)
    return zf


def read_member(path: Path, member: Member, limit: int) -> bytes:
    """The bytes of one member, refusing (``OverflowError``) one that unpacks to more than ``limit``;
    :class:`MemberError` for one that cannot be unpacked, ``OSError`` when the archive cannot be read."""
    try:
        infos = _archive(path).infolist()
    except zipfile.BadZipFile as exc:
        raise OSError(f"cannot read the archive ({exc})") from None
    if not 0 <= member.index < len(infos) or zip_entry_name(infos[member.index]) != member.name:
        raise OSError(f"{member.name} is no longer in the archive (was it changed while importing?)")
    info = infos[member.index]
    if info.flag_bits & 0x1:
        raise MemberError("encrypted (password-protected): extract it with its password, then import the file")
    if info.file_size > limit:
        raise OverflowError(info.file_size)
    try:
        with _archive(path).open(info) as fh:
            data = fh.read(limit + 1)
    except NotImplementedError:
        method = _METHODS.get(info.compress_type, f"method {info.compress_type}")
        raise MemberError(f"compressed with {method}, which argmap cannot unpack; extract it first") from None
    except _DAMAGED as exc:
        raise MemberError(f"damaged in the archive ({exc}); extract it to see what is left") from None
    except OSError as exc:  # bz2 and lzma say a damaged stream this way
        raise MemberError(f"damaged in the archive ({exc.strerror or exc}); extract it to see what is left") from None
    if len(data) > limit:
        raise OverflowError(len(data))
    return data
