"""Load a map file: bytes -> data -> validated model, with every problem as a located diagnostic.

The common path is fast and position-free: ``yaml_rs`` (or ``json``) parses, pydantic validates,
:mod:`argmap.validate` checks references and structure. Only when something is to be reported is the
file composed a second time to learn where each finding stands (:mod:`argmap.positions`).
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any, BinaryIO

# yaml-rs builds its parse tree with mimalloc, which by default keeps the memory it frees for
# later reuse by itself: after parsing a 50,000-node map that is some 60 MB that neither Python nor
# the model can use. With no purge delay it is returned to the system as soon as it is freed.
os.environ.setdefault("MIMALLOC_PURGE_DELAY", "0")

import yaml_rs
from pydantic import BaseModel, TypeAdapter, ValidationError

from argmap.diagnostics import Diagnostic, Path, Severity
from argmap.gcpause import gc_paused
from argmap.graph import MapGraph
from argmap.model import EVIDENCE_CLASSES, FORMAT_VERSION, ArgMap, Claim, Node, Relation, Source, Thesis
from argmap.positions import (
    NO_ID,
    Outline,
    PositionIndex,
    build_index,
    document_starts,
    outline,
    targeted_index,
)

__all__ = [
    "MAX_BYTES",
    "LoadResult",
    "TooLarge",
    "load_map",
    "load_stream",
    "load_text",
    "parse_data",
    "read_limited",
    "read_text_limited",
    "size_text",
]

MAX_BYTES = int(os.environ.get("ARGMAP_MAX_BYTES", 64 * 1024 * 1024))
_ALIAS_LIMITS = yaml_rs.AliasLimits(
    max_total_replayed_events=200_000, max_replay_stack_depth=32, max_alias_expansions_per_anchor=1_000
)
_NODE_ADAPTER: TypeAdapter[Any] = TypeAdapter(Node)
_ITEM_MODELS: dict[str, type[BaseModel]] = {"relations": Relation, "sources": Source}
_LIST_KEYS = ("sources", "nodes", "relations")
_LIST_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {
    "sources": TypeAdapter(list[Source]),
    "nodes": TypeAdapter(list[Node]),
    "relations": TypeAdapter(list[Relation]),
}
_KIND_MODELS: dict[str, type[BaseModel]] = {"thesis": Thesis, "claim": Claim}


@dataclass
class LoadResult:
    """What loading one file produced. ``map`` is None when the file could not be read as a map."""

    file: str
    text: str | None = None
    data: Any = None
    map: ArgMap | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    invalid_ids: set[str] = field(default_factory=set)
    """Ids of items that failed validation: references to them are not reported again."""
    _shape: _Shape | None = None
    index_map: dict[str, list[int]] = field(default_factory=dict)
    """For a partial model: position in the file of each kept item, by list key."""
    _remap_from: int = -1
    _graph: MapGraph | None = None
    _index: PositionIndex | None = None

    @property
    def graph(self) -> MapGraph | None:
        if self._graph is None and self.map is not None:
            self._graph = MapGraph(self.map)
        return self._graph

    @property
    def outline(self) -> Outline | None:
        """The top-level keys and item ids of the parsed data (whose items are freed once validated),
        for the position finder. Made on first use from the model: a clean map never needs it."""
        shape = self._shape
        if shape is None or self.map is None:
            return None
        lists = dict(shape.other_lists)
        for key, length in shape.lengths.items():
            ids: list[Any] = [NO_ID] * length
            kept = self.index_map[key] if key in self.index_map else range(length)
            for i, item in zip(kept, getattr(self.map, key), strict=True):
                ids[i] = item.id
            for i, item_id in shape.dropped.get(key, {}).items():
                ids[i] = item_id
            lists[key] = ids
        return Outline(shape.keys, lists)

    @property
    def positions(self) -> PositionIndex:
        if self._index is None:
            self._index = build_index(self.text) if self.text else PositionIndex()
        return self._index

    def take(self) -> tuple[ArgMap, MapGraph]:
        """Hand over the valid map and its graph, keeping nothing: the map, the graph, the text
        and the parsed data are dropped from this result, which is spent. A diagram takes them
        this way, so that the model (150 MB at 50,000 nodes) is freed once its view is built."""
        m, graph = self.map, self.graph
        assert m is not None and graph is not None, "take() needs a valid map"
        self.map = self._graph = self._index = None
        self.text = self.data = self._shape = None
        return m, graph

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def base_dir(self) -> FsPath:
        return FsPath(self.file).parent

    def add(self, d: Diagnostic) -> None:
        d.file = d.file or self.file
        self.diagnostics.append(d)

    def index_for(self, paths: list[Path]) -> PositionIndex:
        """An index that locates ``paths`` (and their ancestors) as :attr:`positions` would.

        Composing the whole file costs some twenty parses: only the items asked for are composed
        when the layout allows it; otherwise, or when it is built already, the full index.
        """
        if self._index is None and self.text:
            targeted = targeted_index(self.text, self.outline or self.data, paths)
            if targeted is not None:
                return targeted
        return self.positions

    def locate(self) -> None:
        """Fill line and column of every diagnostic that has a model path but no position yet."""
        pending: list[tuple[Diagnostic, Path]] = []
        for i, d in enumerate(self.diagnostics):
            if not d.line:
                pending.append((d, self._file_path(d.path) if 0 <= self._remap_from <= i else d.path))
        if not pending or not self.text:
            return
        index = self.index_for([p for _, p in pending])
        for d, path in pending:
            d.line, d.col = index.locate(path, prefer_value=d.code not in ("AM101",))

    def _file_path(self, path: Path) -> Path:
        if len(path) > 1 and isinstance(path[0], str) and isinstance(path[1], int) and path[0] in self.index_map:
            kept = self.index_map[path[0]]
            if path[1] < len(kept):
                return (path[0], kept[path[1]], *path[2:])
        return path


@dataclass(frozen=True)
class _Shape:
    """What :attr:`LoadResult.outline` is made from: the data's top-level keys, the length of each
    validated list, the ids of the items validation dropped, and the other top-level lists' ids."""

    keys: frozenset[Any]
    lengths: dict[str, int]
    dropped: dict[str, dict[int, Any]]
    other_lists: dict[Any, list[Any]]


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


def read_limited(source: FsPath | BinaryIO) -> bytes:
    """The bytes of a file or stream, refusing (:class:`TooLarge`) more than :data:`MAX_BYTES`.

    A file's size is checked before it is read; a device, pipe or stream has none, so it is read
    only one byte past the limit. Raises ``OSError`` for what cannot be read (a folder, say).
    """
    if not isinstance(source, FsPath):
        raw = source.read(MAX_BYTES + 1)
    else:
        if source.is_dir():
            raise IsADirectoryError("is a folder")
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise TooLarge(size)
        with source.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise TooLarge(None)
    return raw


def read_text_limited(path: FsPath) -> str:
    """A small text file (a rubric, an answer sheet) as ``Path.read_text`` reads it, line ends made
    LF, but bounded like a map (:func:`read_limited`). Raises ``OSError``, ``UnicodeDecodeError``
    and :class:`TooLarge`."""
    return read_limited(path).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def load_map(path: str | os.PathLike[str], *, display: str | None = None) -> LoadResult:
    """Read and validate the map at ``path``; never raises for bad input."""
    fs = FsPath(path)
    result = LoadResult(file=display or str(path))
    try:
        raw = read_limited(fs)
    except TooLarge as exc:
        if exc.size is not None:
            what = f"file is {size_text(exc.size)}, over the {size_text(MAX_BYTES)} limit for a map"
        else:
            what = (
                f"file is over the {size_text(MAX_BYTES)} limit for a map (it is not a regular file: "
                "a device or a pipe?)"
            )
        result.add(Diagnostic("AM006", f"{what}; {_SPLIT_IT}", line=1, col=1))
        return result
    except OSError as exc:
        reason = exc.strerror or str(exc)
        result.add(Diagnostic("AM001", f"cannot read file: {reason}", line=0))
        return result
    text = _decode(raw, result)
    del raw  # the bytes are not needed once decoded; at the 64 MiB limit they would double the text
    if text is None:
        return result
    return _load_decoded(text, result, json_hint=fs.suffix.lower() == ".json")


_SPLIT_IT = "split it, or raise ARGMAP_MAX_BYTES if it is really one map"


def load_stream(stream: BinaryIO, *, name: str = "<stdin>") -> LoadResult:
    """Read and validate a map from ``stream`` (standard input), at most :data:`MAX_BYTES` of it.

    ``name`` names the map in diagnostics (and a ``.json`` name reads it as JSON)."""
    try:
        raw = read_limited(stream)
    except TooLarge:
        result = LoadResult(file=name)
        what = f"input is over the {size_text(MAX_BYTES)} limit for a map"
        result.add(Diagnostic("AM006", f"{what}; {_SPLIT_IT}", line=1, col=1))
        return result
    return load_text(raw, file=name, json_hint=name.lower().endswith(".json"))


def load_text(
    raw: bytes | str, *, file: str = "<input>", json_hint: bool = False, result: LoadResult | None = None
) -> LoadResult:
    """Validate map text already in memory."""
    result = result or LoadResult(file=file)
    text = _decode(raw, result)
    if text is None:
        return result
    return _load_decoded(text, result, json_hint=json_hint)


def _load_decoded(text: str, result: LoadResult, *, json_hint: bool) -> LoadResult:
    result.text = text
    with gc_paused():
        data = parse_data(text, result, json_hint=json_hint)
        if data is None:
            return result
        result.data = data
        _validate(data, result)
        if result.map is not None:
            from argmap.validate import check_structure

            check_structure(result)
        result.locate()
    return result


def _decode(raw: bytes | str, result: LoadResult) -> str | None:
    if isinstance(raw, str):
        text = raw
    else:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            result.add(
                Diagnostic(
                    "AM002",
                    "file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8",
                    line=1,
                    col=1,
                )
            )
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            result.add(
                Diagnostic(
                    "AM002",
                    f"invalid UTF-8 byte 0x{raw[exc.start]:02x}; save the file as UTF-8",
                    line=line,
                    col=col,
                )
            )
            return None
    if text.startswith("\ufeff"):
        text = text[1:]
    # Every line break becomes LF, so that YAML, JSON and the position finder count lines alike.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        result.add(Diagnostic("AM002", "file contains NUL bytes: it is binary, not a map", line=line, col=1))
        return None
    if isinstance(raw, bytes) and text.isascii() and len(raw.translate(None, _C0_BYTES)) == len(raw):
        return text  # ASCII without C0 controls (the common case), found at C speed: nothing to report
    bad = _CONTROL.search(text)
    if bad:
        at = bad.start()
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        result.add(
            Diagnostic(
                "AM002",
                f"control character U+{ord(bad.group()):04X} is not allowed in a map file; "
                "delete it (it is invisible in most editors)",
                line=line,
                col=col,
            )
        )
        return None
    return text


# Characters YAML 1.2 does not allow in a stream (c-printable), less NUL, which is reported as binary.
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# Its ASCII part, as bytes: in ASCII text the C1 controls and U+FFFE/U+FFFF cannot occur.
_C0_BYTES = bytes([*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


_YAML_POS = re.compile(r"line (\d+), column (\d+)")


def parse_data(text: str, result: LoadResult, *, json_hint: bool = False) -> Any:
    """Parse YAML or JSON text to plain data, reporting syntax problems; None when unusable."""
    if not text.strip():
        result.add(Diagnostic("AM005", "file is empty: a map needs at least `argmap: 1` and a title", line=1, col=1))
        return None
    stripped = text.lstrip()
    if json_hint or stripped.startswith("{"):
        data = _parse_json(text, result)
        if data is _FAILED:
            return None
        if data is not _NOT_JSON:
            return _check_top(data, result)
    try:
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=_ALIAS_LIMITS,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )
    except yaml_rs.YAMLDecodeError as exc:
        message = str(exc)
        if message.startswith("duplicate mapping key"):
            _report_duplicates(result, message)
            data = yaml_rs.loads(
                text,
                parse_datetime=False,
                alias_limits=_ALIAS_LIMITS,
                duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.FirstWins,
            )
            return _check_top(data, result)
        _report_yaml_error(result, message)
        return None
    except (RecursionError, MemoryError, OverflowError) as exc:  # pragma: no cover - defensive
        result.add(
            Diagnostic(
                "AM006",
                f"file is too deeply nested or too large to parse ({exc.__class__.__name__})",
                line=1,
                col=1,
            )
        )
        return None
    if isinstance(data, list) and _several_documents(text, result):
        return None
    if _report_tags(text, result):
        return None
    return _check_top(data, result)


_NOT_JSON = object()
_FAILED = object()
_TAG_START = re.compile(r"(?:^|[\s\[{,])!\S")


def _several_documents(text: str, result: LoadResult) -> bool:
    """The fast parser returns a list for a stream of documents; tell that apart from a list."""
    if not re.search(r"^(---|\.\.\.)", text, re.MULTILINE):
        return False
    starts = document_starts(text)
    if len(starts) < 2:
        return False
    result.add(
        Diagnostic(
            "AM003",
            f"the file holds {len(starts)} YAML documents (separated by "
            "`---`); argmap reads one map per file: "
            "split it into several files",
            line=starts[1],
            col=1,
        )
    )
    return True


def _report_tags(text: str, result: LoadResult) -> bool:
    """Refuse explicit tags (`!!python/...`, `!!binary`, `!custom`): the fast parser drops them silently."""
    if "!" not in text or not _TAG_START.search(text):  # the plain test is much cheaper than the regex
        return False
    tags = result.positions.tags
    for tag in tags:
        result.add(
            Diagnostic(
                "AM003",
                f"YAML tag {_short_text(tag.shown)} is not allowed: "
                "argmap does not construct tagged objects; "
                "remove the tag",
                line=tag.line,
                col=tag.col,
            )
        )
    return bool(tags)


def _short_text(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _parse_json(text: str, result: LoadResult) -> Any:
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                duplicates.append(k)
                continue
            out[k] = v
        return out

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        if text.lstrip().startswith(("{", "[")):
            result.add(Diagnostic("AM003", f"JSON syntax error: {exc.msg}", line=exc.lineno, col=exc.colno))
            return _FAILED
        return _NOT_JSON
    except RecursionError:
        result.add(Diagnostic("AM006", "JSON is nested too deeply to be a map", line=1, col=1))
        return _FAILED
    if duplicates:
        _report_duplicates(result, "")
    return data


def _report_duplicates(result: LoadResult, message: str) -> None:
    dups = result.positions.duplicates
    if not dups:
        key = message.partition(":")[2].strip() or "?"
        result.add(
            Diagnostic("AM004", f"duplicate key {key}: one of its values would be lost; keep one", line=1, col=1)
        )
        return
    for d in dups:
        where = ".".join(str(p) for p in d.path) or "top level"
        result.add(
            Diagnostic(
                "AM004",
                f"duplicate key '{_short_text(d.key)}' (first at line {d.first_line}) in {where}: "
                "one of the values would be lost silently; remove or rename one",
                line=d.line,
                col=d.col,
                path=(*d.path, d.key),
            )
        )


def _report_yaml_error(result: LoadResult, message: str) -> None:
    m = _YAML_POS.search(message)
    line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
    lines = [
        ln for ln in message.splitlines() if ln.strip() and not ln.lstrip().startswith(("|", "^")) and "|" not in ln[:6]
    ]
    reason = lines[-1].strip() if lines else message
    lowered = message.lower()
    if "alias" in lowered and ("limit" in lowered or "depth" in lowered):
        result.add(
            Diagnostic(
                "AM006",
                f"YAML aliases expand beyond the safety limit ({reason}); write the data out instead of aliasing",
                line=line,
                col=col,
            )
        )
        return
    if "invalid tag" in lowered:
        tags = result.positions.tags
        if tags:
            line, col = tags[0].line, tags[0].col
        reason += "; argmap does not construct tagged objects, remove the tag"
    elif "quoted scalar" in lowered:
        reason += " (is a quote left unclosed above this line?)"
    elif "recursion" in lowered or "depth" in lowered or "nest" in lowered:
        result.add(Diagnostic("AM006", f"YAML nested too deeply: {reason}", line=line, col=col))
        return
    result.add(Diagnostic("AM003", f"YAML syntax error: {reason}", line=line, col=col))


def _check_top(data: Any, result: LoadResult) -> Any:
    if data is None:
        result.add(
            Diagnostic("AM005", "document is empty: a map needs at least `argmap: 1` and a title", line=1, col=1)
        )
        return None
    if not isinstance(data, dict):
        what = _kind_of(data)
        result.add(
            Diagnostic(
                "AM005",
                f"the document is {what}, not a mapping: a map starts with `argmap: 1`, `title:` and `nodes:`",
                line=1,
                col=1,
            )
        )
        return None
    return data


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a plain text"
    return "a list" if isinstance(value, list) else f"a {type(value).__name__}"


# --------------------------------------------------------------------------- validation


def _validate(data: dict[str, Any], result: LoadResult) -> None:
    version = data.get("argmap")
    if type(version) is not int or version != FORMAT_VERSION:  # True == 1 and 1.0 == 1 in Python
        if version is None:
            msg = f"missing format version: add `argmap: {FORMAT_VERSION}` at the top of the file"
        elif isinstance(version, str) and version.strip().isdigit():
            msg = f"format version is the text {_short(version)}: write it as a number, `argmap: {version.strip()}`"
        elif type(version) is not int:
            msg = f"format version must be a whole number (got {_short(version)}): write `argmap: {FORMAT_VERSION}`"
        else:
            msg = (
                f"format version {version!r} is not supported by this argmap (it reads version "
                f"{FORMAT_VERSION}); upgrade argmap or convert the file"
            )
        result.add(Diagnostic("AM007", msg, path=("argmap",)))
        return
    seen: set[tuple[str, Path]] = set()

    def report(err: Any) -> None:
        d = _from_pydantic(err, data)
        if (d.code, d.path) not in seen:  # a union reports once per member; keep the first
            seen.add((d.code, d.path))
            result.add(d)

    lists = {k: data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)}
    rest = {k: v for k, v in data.items() if k not in lists}
    others = outline({k: v for k, v in rest.items() if isinstance(v, list)})
    dropped_ids: dict[str, dict[int, Any]] = {}
    result._shape = _Shape(
        frozenset(data),
        {k: len(v) for k, v in lists.items()},
        dropped_ids,
        others.lists if others is not None else {},
    )
    head: ArgMap | None = None
    try:
        head = ArgMap.model_validate(rest)  # the lists are validated below, item by item
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            report(err)
    models: dict[str, list[Any]] = {}
    dropped: dict[str, list[int]] = {}
    for key, items in lists.items():
        models[key], dropped_ids[key] = _validate_items(key, items, result, report)
        dropped[key] = list(dropped_ids[key])
    if head is not None and not any(dropped.values()):
        result.map = head.model_copy(update=models) if models else head
        return
    for key in _LIST_KEYS:
        gone = set(dropped.get(key, ()))
        result.index_map[key] = [i for i in range(len(lists.get(key, ()))) if i not in gone]
    top = head if head is not None else _partial_top(rest)
    result.map = top.model_copy(update=models) if models else top
    result._remap_from = len(result.diagnostics)


_CHUNK = 1024
"""List items validated per call. The parsed items of a chunk are freed once it is validated, so
that the parsed data and the model are never both whole in memory (at 50,000 nodes: 150 MB and
110 MB)."""


def _validate_items(
    key: str, items: list[Any], result: LoadResult, report: Callable[[Any], None]
) -> tuple[list[Any], dict[int, Any]]:
    """Validate one top-level list in chunks; return the valid models and, for each item dropped,
    its index and its ``id`` as written (``NO_ID`` when it has none).

    A chunk that fails is validated again item by item, so that every valid item is kept (the
    cross-reference checks then still run) and the ids of the invalid ones are remembered (references
    to them are not reported again).
    """
    adapter = _LIST_ADAPTERS[key]
    item_adapter = _NODE_ADAPTER if key == "nodes" else None
    models: list[Any] = []
    dropped: dict[int, Any] = {}
    for start in range(0, len(items), _CHUNK):
        chunk = items[start : start + _CHUNK]
        try:
            models.extend(adapter.validate_python(chunk))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                index, *inner = err["loc"]
                err["loc"] = (key, start + int(index), *inner)
                report(err)
            for i, item in enumerate(chunk, start):
                try:
                    if item_adapter is not None:
                        models.append(item_adapter.validate_python(item))
                    else:
                        models.append(_ITEM_MODELS[key].model_validate(item))
                except ValidationError:
                    dropped[i] = item.get("id", NO_ID) if isinstance(item, dict) else NO_ID
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        result.invalid_ids.add(item["id"])
        items[start : start + len(chunk)] = [None] * len(chunk)
        del chunk
    return models, dropped


def _partial_top(rest: dict[str, Any]) -> ArgMap:
    """The map's own fields, leaving out each field that is invalid (it has been reported)."""
    empty: dict[str, Any] = {k: [] for k in _LIST_KEYS}
    try:
        return ArgMap.model_validate({**rest, **empty})
    except ValidationError as exc:
        bad = {err["loc"][0] for err in exc.errors() if err["loc"]}
    kept = {k: v for k, v in rest.items() if k not in bad and k in ArgMap.model_fields}
    kept.setdefault("title", "(untitled)")
    try:
        return ArgMap.model_validate({**kept, **empty, "argmap": FORMAT_VERSION})
    except ValidationError:  # pragma: no cover - every remaining field validated above
        return ArgMap(argmap=1, title="(untitled)")


_UNION_MEMBERS = {"int", "float", "str", "bool", "none", "dict", "list", "Anchor", "Config"}


def _is_internal(part: Any) -> bool:
    """Loc segments pydantic adds for union members and validators, not field names."""
    return isinstance(part, str) and (part in _UNION_MEMBERS or "[" in part or "(" in part)


def _node_tags(loc: tuple[Any, ...]) -> tuple[type[BaseModel] | None, int]:
    """For a loc inside a node: the model its union tags select and how many tag segments follow
    ``("nodes", i)`` (``kind``, then ``type`` for evidence); (None, 0) elsewhere."""
    if len(loc) < 3 or loc[0] != "nodes" or not isinstance(loc[2], str):
        return None, 0
    if loc[2] in _KIND_MODELS:
        return _KIND_MODELS[loc[2]], 1
    if loc[2] == "evidence":
        if len(loc) > 3 and isinstance(loc[3], str) and loc[3] in EVIDENCE_CLASSES:
            return EVIDENCE_CLASSES[loc[3]], 2
        return None, 1
    return None, 0


def _strip_tag(loc: tuple[Any, ...]) -> Path:
    _, tags = _node_tags(loc)
    if tags:
        loc = (loc[0], loc[1], *loc[2 + tags :])
    return tuple(p for p in loc if not _is_internal(p))


def _item_label(data: dict[str, Any], path: Path) -> tuple[str, str | None]:
    if len(path) >= 2 and path[0] in _LIST_KEYS and isinstance(path[1], int):
        items = data.get(str(path[0]))
        item = items[path[1]] if isinstance(items, list) and path[1] < len(items) else None
        what = {"nodes": "node", "relations": "relation", "sources": "source"}[str(path[0])]
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
            return f"{what} {_short_text(item['id'], 40)}", item["id"]
        return f"{what} #{path[1] + 1}", None
    return "map", None


def _model_for(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    tagged, tags = _node_tags(loc)
    if tags:
        model: type[BaseModel] | None = tagged
        rest = loc[2 + tags : -1]
    elif len(loc) > 1 and loc[0] in _ITEM_MODELS:
        model = _ITEM_MODELS[loc[0]]
        rest = loc[2:-1]
    else:
        model = ArgMap
        rest = loc[:-1]
    for part in rest:
        if model is None or not isinstance(part, str):
            continue
        info = model.model_fields.get(part)
        model = _nested_model(info.annotation) if info else None
    return model


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _nested_model(arg)
        if found:
            return found
    meta = getattr(annotation, "__origin__", None)
    if meta is not None and isinstance(meta, type) and issubclass(meta, BaseModel):
        return meta
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _node_kind_problem(err: Any, data: dict[str, Any], path: Path, label: str, subject: str | None) -> Diagnostic:
    """A node whose kind (or evidence type) does not select a model: say which of the two is wrong."""
    item = err.get("input")
    if not isinstance(item, dict):
        return Diagnostic(
            "AM102",
            f"{label} is {_kind_of(item)}, not a mapping: write each node as fields `id:`, `kind:` and `text:`",
            path=path,
            subject=subject,
        )
    if "kind" not in item:
        return Diagnostic(
            "AM112",
            f"{label}: missing required field 'kind' (thesis, claim or evidence)",
            path=path,
            subject=subject,
        )
    if item["kind"] == "evidence":
        if "type" not in item:
            return Diagnostic(
                "AM112",
                f"{label}: missing required field 'type' (statistic, count, statement, event or absence)",
                path=path,
                subject=subject,
            )
        return Diagnostic(
            "AM114",
            f"{label}: unknown evidence type {_short(item['type'])}: use statistic, count, statement, event or absence",
            path=(*path, "type"),
            subject=subject,
        )
    return Diagnostic(
        "AM114",
        f"{label}: unknown node kind {_short(item['kind'])}: use thesis, claim or evidence "
        "(evidence with type statistic, count, statement, event or absence)",
        path=(*path, "kind"),
        subject=subject,
    )


def _is_id_field(path: Path) -> bool:
    if not path:
        return False
    last = path[-1]
    if isinstance(last, int):
        return len(path) >= 2 and path[-2] in ("from", "sources")
    return last in ("id", "to", "from", "source", "sources")


def _from_pydantic(err: Any, data: dict[str, Any]) -> Diagnostic:
    loc: tuple[Any, ...] = tuple(err["loc"])
    path = _strip_tag(loc)
    label, subject = _item_label(data, path)
    kind = err["type"]
    field_name = str(path[-1]) if path and isinstance(path[-1], str) else ""
    if kind == "extra_forbidden":
        model = _model_for(loc)
        names = _field_names(model) if model else []
        close = difflib.get_close_matches(field_name, names, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else (f"; allowed: {', '.join(names)}" if names else "")
        return Diagnostic("AM101", f"{label}: unknown field '{field_name}'{hint}", path=path, subject=subject)
    if kind == "missing":
        return Diagnostic("AM112", f"{label}: missing required field '{field_name}'", path=path, subject=subject)
    if kind in ("union_tag_invalid", "union_tag_not_found") or (
        kind == "model_attributes_type" and len(path) == 2 and path[0] == "nodes"
    ):  # the node's kind or evidence type selects no model, or the node is not a mapping
        return _node_kind_problem(err, data, path, label, subject)
    msg = str(err["msg"]).removeprefix("Value error, ")
    if kind == "value_error" and field_name in ("date", "period", "created", "commemorated_date", "since"):
        return Diagnostic("AM113", f"{label}: {field_name} {msg}", path=path, subject=subject)
    if (kind == "string_pattern_mismatch" and field_name in ("id", "to", "source")) or (
        kind == "string_pattern_mismatch" and path and path[-2:-1] in (("from",), ("sources",))
    ):
        msg = (
            f"{_short(err.get('input'))} is not a valid id: use 1-64 letters, digits, '_', '.', ':' or '-', "
            "starting with a letter or digit (no spaces or quotes)"
        )
    elif kind == "literal_error":
        msg = f"{_short(err.get('input'))} is not allowed: {msg.lower()}"
    elif kind == "string_type" and isinstance(err.get("input"), int) and _is_id_field(path):
        msg = f"YAML reads this id as the number {err['input']}: put the id in quotes, as written"
    elif kind == "finite_number" or (
        kind in ("int_type", "float_type", "int_parsing", "float_parsing")
        and any(_is_internal(p) and p in ("int", "float") for p in loc)
    ):
        value = err.get("input")
        finite = not isinstance(value, float) or math.isfinite(value)
        msg = f"expects a {'' if finite else 'finite '}number (got {_short(value)})"
    else:
        msg = f"{msg.lower()} (got {_short(err.get('input'))})" if "input" in err else msg.lower()
    where = f"field '{field_name}'" if field_name else "value"
    if path and isinstance(path[-1], int) and len(path) >= 2:
        where = f"item {path[-1] + 1} of '{path[-2]}'"
    return Diagnostic("AM102", f"{label}: {where}: {msg}", path=path, subject=subject)
