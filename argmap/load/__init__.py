"""Load a map file: bytes -> data -> validated model, with every problem as a located diagnostic.

The common path is fast and position-free: ``yaml_rs`` (or ``json``) parses, pydantic validates,
:mod:`argmap.validate` checks references and structure. Only when something is to be reported is the
file composed a second time to learn where each finding stands (:mod:`argmap.positions`).

One job per module: :mod:`~argmap.load.reading` (bounded reading), :mod:`~argmap.load.decoding`
(bytes to text), :mod:`~argmap.load.parsing` (text to data), :mod:`~argmap.load.validation` (data to
the model, in chunks), :mod:`~argmap.load.messages` (pydantic's errors in argmap's words) and
:mod:`~argmap.load.result` (:class:`LoadResult`).
"""

from __future__ import annotations

import os
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, BinaryIO

from argmap.diagnostics import Diagnostic
from argmap.gcpause import gc_paused
from argmap.load import reading
from argmap.load.decoding import decode, escaped_controls
from argmap.load.parsing import parse_data
from argmap.load.reading import TooLarge, read_limited, read_text_limited, size_text
from argmap.load.result import LoadResult
from argmap.load.validation import validate, within_bounds

if TYPE_CHECKING:
    from argmap.model import ArgMap

__all__ = [
    "LoadResult",
    "TooLarge",
    "check_written",
    "load_map",
    "load_stream",
    "load_text",
    "parse_data",
    "read_limited",
    "read_text_limited",
    "size_text",
]


def load_map(path: str | os.PathLike[str], *, display: str | None = None) -> LoadResult:
    """Read and validate the map at ``path``; never raises for bad input."""
    fs = FsPath(path)
    result = LoadResult(file=display or str(path))
    try:
        raw = read_limited(fs)
    except TooLarge as exc:
        if exc.size is not None:
            what = f"file is {size_text(exc.size)}, over the {size_text(reading.MAX_BYTES)} limit for a map"
        else:
            what = (
                f"file is over the {size_text(reading.MAX_BYTES)} limit for a map (it is not a regular file: "
                "a device or a pipe?)"
            )
        result.add(Diagnostic("AM006", f"{what}; {_SPLIT_IT}", line=1, col=1))
        return result
    except OSError as exc:
        reason = exc.strerror or str(exc)
        result.add(Diagnostic("AM001", f"cannot read file: {reason}", line=0))
        return result
    text = decode(raw, result)
    del raw  # the bytes are not needed once decoded; at the 64 MiB limit they would double the text
    if text is None:
        return result
    return _load_decoded(text, result, json_hint=fs.suffix.lower() == ".json")


_SPLIT_IT = "split it, or raise ARGMAP_MAX_BYTES if it is really one map"


def load_stream(stream: BinaryIO, *, name: str = "<stdin>") -> LoadResult:
    """Read and validate a map from ``stream`` (standard input), at most :data:`~argmap.load.reading.MAX_BYTES` of it.

    ``name`` names the map in diagnostics (and a ``.json`` name reads it as JSON)."""
    try:
        raw = read_limited(stream)
    except TooLarge:
        result = LoadResult(file=name)
        what = f"input is over the {size_text(reading.MAX_BYTES)} limit for a map"
        result.add(Diagnostic("AM006", f"{what}; {_SPLIT_IT}", line=1, col=1))
        return result
    return load_text(raw, file=name, json_hint=name.lower().endswith(".json"))


def load_text(
    raw: bytes | str, *, file: str = "<input>", json_hint: bool = False, result: LoadResult | None = None
) -> LoadResult:
    """Validate map text already in memory."""
    result = result or LoadResult(file=file)
    text = decode(raw, result)
    if text is None:
        return result
    return _load_decoded(text, result, json_hint=json_hint)


def _load_decoded(text: str, result: LoadResult, *, json_hint: bool) -> LoadResult:
    result.text = text
    with gc_paused():
        data = parse_data(text, result, json_hint=json_hint)
        if data is None:
            return result
        if escaped_controls(text, data, result):
            result.locate()
            return result
        result.data = data
        validate(data, result)
        if result.map is not None:
            from argmap.validate import check_structure

            check_structure(result)
        result.locate()
    result.capped = False  # loading is done: the rules' findings are all listed
    return result


def check_written(m: ArgMap, text: str, *, file: str) -> LoadResult | None:
    """What :func:`load_text` would report on ``text``, the map ``m`` (validated) as
    :func:`argmap.interchange.native.export_yaml` writes it, told without parsing and validating
    ``text`` again; None when it cannot be told so: then load the text.

    Sound because reading the written text gives back a map equal to ``m`` (tests/test_load_written.py
    checks it over generated maps and every importer's fixtures), so validation would add nothing and the
    structure checks see the same map; what loading checks on the text itself rather than the model is
    checked here, or sends the caller to :func:`load_text`: a control character, a byte-order mark or a
    carriage return in the text, any backslash (an escape to look into), a field over loading's bounds."""
    from argmap.validate import check_structure

    probe = LoadResult(file=file)
    if "\\" in text or not within_bounds(m) or decode(text, probe) != text or probe.diagnostics:
        return None
    result = LoadResult(file=file, text=text, map=m)
    check_structure(result)
    result.capped = False
    return result
