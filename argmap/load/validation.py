"""Plain data to the model: the map's own fields, then each list in chunks, invalid items dropped
and reported, so that everything valid is still checked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from argmap.diagnostics import Diagnostic, Path
from argmap.load.messages import LIST_KEYS, from_pydantic, short
from argmap.load.result import LoadResult, Shape
from argmap.model import FORMAT_VERSION, ArgMap
from argmap.positions import NO_ID, outline

__all__ = ["validate", "within_bounds"]

_SHELL = {"argmap": FORMAT_VERSION, "title": "-"}
"""The map's required fields, around a list validated alone: the lists are validated by the map's own
validator, so that pydantic builds one validator for the whole model rather than one per list and item
(building them cost more than validating a 1,000-node map)."""


def validate(data: dict[str, Any], result: LoadResult) -> None:
    version = data.get("argmap")
    if type(version) is not int or version != FORMAT_VERSION:  # True == 1 and 1.0 == 1 in Python
        if version is None:
            msg = f"missing format version: add `argmap: {FORMAT_VERSION}` at the top of the file"
        elif isinstance(version, str) and version.strip().isdigit():
            msg = f"format version is the text {short(version)}: write it as a number, `argmap: {version.strip()}`"
        elif type(version) is not int:
            msg = f"format version must be a whole number (got {short(version)}): write `argmap: {FORMAT_VERSION}`"
        else:
            msg = (
                f"format version {version!r} is not supported by this argmap (it reads version "
                f"{FORMAT_VERSION}); upgrade argmap or convert the file"
            )
        result.add(Diagnostic("AM007", msg, path=("argmap",)))
        return
    seen: set[tuple[str, Path]] = set()

    def report(err: Any) -> None:
        if result.full:  # counted, not worded: a million bad values would cost a million messages
            result.add(_COUNTED)
            return
        d = from_pydantic(err, data)
        if (d.code, d.path) not in seen:  # a union reports once per member; keep the first
            seen.add((d.code, d.path))
            result.add(d)

    lists = {k: data[k] for k in LIST_KEYS if isinstance(data.get(k), list)}
    rest = _bounded({k: v for k, v in data.items() if k not in lists}, result)
    others = outline({k: v for k, v in rest.items() if isinstance(v, list)})
    dropped_ids: dict[str, dict[int, Any]] = {}
    result._shape = Shape(
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
    for key in LIST_KEYS:
        gone = set(dropped.get(key, ()))
        result.index_map[key] = [i for i in range(len(lists.get(key, ()))) if i not in gone]
    top = head if head is not None else _partial_top(rest)
    result.map = top.model_copy(update=models) if models else top
    result._remap_from = len(result.diagnostics)


_COUNTED = Diagnostic("AM102", "")
_MAX_UNKNOWN = 50
_MAX_ITEMS = 1000


def within_bounds(m: ArgMap) -> bool:
    """Whether :func:`validate` would read every field of ``m`` written out: none of its own lists
    (authors) is over the bound :func:`_bounded` sets (a model has no unknown fields)."""
    return not any(isinstance(value, list) and len(value) > _MAX_ITEMS for key, value in m if key not in LIST_KEYS)


def _bounded(rest: dict[str, Any], result: LoadResult) -> dict[str, Any]:
    """The map's own fields with what would make pydantic word a million errors left out, and said:
    unknown fields past the first 50, and lists (authors) of more than 1,000 items."""
    known = set(_TOP_FIELDS)
    unknown = [k for k in rest if k not in known]
    if len(unknown) > _MAX_UNKNOWN:
        extra = unknown[_MAX_UNKNOWN:]
        result.add(
            Diagnostic(
                "AM101",
                f"and {len(extra)} more unknown fields at the top level ({short(extra[0])}, ...): remove them",
                path=(str(extra[0]),),
            )
        )
        skip = set(extra)
        rest = {k: v for k, v in rest.items() if k not in skip}
    for key, value in list(rest.items()):
        if key in known and isinstance(value, list) and len(value) > _MAX_ITEMS:
            result.add(
                Diagnostic(
                    "AM102",
                    f"map: field '{key}' holds {len(value)} items; a map field holds at most {_MAX_ITEMS}",
                    path=(key,),
                )
            )
            del rest[key]
    return rest


_TOP_FIELDS = [info.alias or name for name, info in ArgMap.model_fields.items()]


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
    validate = ArgMap.model_validate
    models: list[Any] = []
    dropped: dict[int, Any] = {}
    for start in range(0, len(items), _CHUNK):
        chunk = items[start : start + _CHUNK]
        try:
            models.extend(getattr(validate({**_SHELL, key: chunk}), key))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                _, index, *inner = err["loc"]
                err["loc"] = (key, start + int(index), *inner)
                report(err)
            for i, item in enumerate(chunk, start):
                try:
                    models.extend(getattr(validate({**_SHELL, key: [item]}), key))
                except ValidationError:
                    dropped[i] = item.get("id", NO_ID) if isinstance(item, dict) else NO_ID
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        result.invalid_ids.add(item["id"])
        items[start : start + len(chunk)] = [None] * len(chunk)
        del chunk
    return models, dropped


def _partial_top(rest: dict[str, Any]) -> ArgMap:
    """The map's own fields, leaving out each field that is invalid (it has been reported)."""
    empty: dict[str, Any] = {k: [] for k in LIST_KEYS}
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
