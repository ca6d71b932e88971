"""AIFdb corpus zips: many AIF nodesets in one archive, each imported to its own map.

AIFdb (corpora.aifdb.org) hands out a corpus as a zip of ``nodesetNNNN.json`` files (AIF JSON), often
with a ``nodesetNNNN.txt`` of the analysed text beside each. ``argmap import corpus.zip -o maps/``
imports every JSON member as AIF into ``maps/corpus/<member>.yaml``, one job per nodeset in a batch
(with a progress bar); members that are not JSON are listed, not imported.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from argmap.errors import ArgmapError

__all__ = ["Corpus", "is_zip", "members", "read_member"]


@dataclass
class Corpus:
    maps: list[str] = field(default_factory=list)
    """The JSON members, in archive order: one map each."""
    other: list[str] = field(default_factory=list)
    """Members that are not imported (the analysed texts, say)."""


def is_zip(path: Path) -> bool:
    from argmap.interchange.recognise import ZIP_MAGIC

    try:
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
    for info in infos:
        name = PurePosixPath(info.filename)
        if info.is_dir() or any(part.startswith((".", "__MACOSX")) for part in name.parts):
            continue
        if ".." in name.parts or name.is_absolute():
            corpus.other.append(info.filename)  # never a place outside the output folder
        elif name.suffix.lower() in (".json", ".aif"):
            corpus.maps.append(info.filename)
        else:
            corpus.other.append(info.filename)
    return corpus


def read_member(path: Path, member: str, limit: int) -> bytes:
    """The bytes of one member, refusing (``OverflowError``) one that unpacks to more than ``limit``."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(member)
            if info.file_size > limit:
                raise OverflowError(info.file_size)
            with zf.open(info) as fh:
                data = fh.read(limit + 1)
    except (KeyError, zipfile.BadZipFile) as exc:
        raise OSError(f"cannot read {member} from the archive ({exc})") from None
    if len(data) > limit:
        raise OverflowError(len(data))
    return data
