"""What the editor features know about the format, all of it read from the pydantic model.

Field names, nested models, allowed values (``Literal``) and which fields hold ids are derived from
:mod:`argmap.model` at import time, never typed by hand: a new evidence type or field appears in
completion, hover and navigation without touching this package.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from argmap.fields import check_id
from argmap.model import ArgMap, Relation

__all__ = [
    "FieldSpec",
    "IdTarget",
    "fields_of",
    "item_models",
    "literal_values",
    "model_at",
    "narrow",
]

IdTarget = Literal["node", "source", "relation", "node-or-relation"]
"""What an id-holding field points to."""


def _is_id_check(m: Any) -> bool:
    """The validator every id field carries (argmap.fields.Id): it is how an id field is told apart."""
    return getattr(m, "func", None) is check_id


@dataclass(frozen=True)
class FieldSpec:
    """One field as a map file spells it (the alias, e.g. ``from``), with what the editor needs."""

    key: str
    description: str
    required: bool
    values: tuple[str, ...]
    """Allowed values of a ``Literal`` field (kinds, types, enums); empty for free values."""
    id_target: IdTarget | None
    """Set when the value is an id (or list of ids) of another item."""
    is_list: bool
    models: tuple[type[BaseModel], ...]
    """Models of a nested mapping (or of the items of a nested list)."""


def _flatten(annotation: Any) -> Iterator[Any]:
    """The leaves of an annotation: through Optional/Union, Annotated and list."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _flatten(typing.get_args(annotation)[0])
    elif origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            yield from _flatten(arg)
    else:
        yield annotation


def _has_id_pattern(annotation: Any, info: FieldInfo | None = None) -> bool:
    metadata = list(info.metadata) if info is not None else []
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        args = typing.get_args(annotation)
        for extra in args[1:]:
            metadata.extend(extra.metadata if isinstance(extra, FieldInfo) else [extra])
        if _has_id_pattern(args[0]):
            return True
    elif origin in (typing.Union, types.UnionType, list) and any(
        _has_id_pattern(a) for a in typing.get_args(annotation)
    ):
        return True
    return any(_is_id_check(m) for m in metadata)


def literal_values(annotation: Any) -> tuple[str, ...]:
    """The values a ``Literal`` annotation allows (through Optional and Annotated), as text."""
    out: list[str] = []
    for leaf in _flatten(annotation):
        if typing.get_origin(leaf) is Literal:
            out.extend(str(v) for v in typing.get_args(leaf))
    return tuple(dict.fromkeys(out))


def _id_target(name: str, model: type[BaseModel]) -> IdTarget:
    if "source" in name:
        return "source"
    if model is Relation and name == "target":
        return "node-or-relation"  # an undercut's `to` names a relation
    return "node"


@cache
def fields_of(model: type[BaseModel]) -> dict[str, FieldSpec]:
    """The fields of ``model`` keyed as written in a file (aliases such as ``from``/``to``)."""
    out: dict[str, FieldSpec] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        annotation = info.annotation
        leaves = list(_flatten(annotation))
        models = tuple(leaf for leaf in leaves if isinstance(leaf, type) and issubclass(leaf, BaseModel))
        is_id = name != "id" and _has_id_pattern(annotation, info)
        out[key] = FieldSpec(
            key=key,
            description=info.description or "",
            required=info.is_required(),
            values=literal_values(annotation) or _catalogue_names(key),
            id_target=_id_target(name, model) if is_id else None,
            is_list=_is_list(annotation),
            models=models,
        )
    return out


def _catalogue_names(key: str) -> tuple[str, ...]:
    """The values of a field that names a catalogue entry rather than an item (``argmap.fields.Name``):
    the scheme ids. ``answers`` has none here: its questions depend on the scheme beside it, so the
    completion asks the cursor's mapping for them (``argmap.lsp.features``)."""
    if key != "scheme":
        return ()
    from argmap.schemes import catalogue

    return tuple(catalogue())


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_list(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_list(a) for a in typing.get_args(annotation) if a is not type(None))
    return origin is list


def item_models(key: str) -> tuple[type[BaseModel], ...]:
    """The models an item of the top-level list ``key`` (sources, nodes, relations) can be."""
    spec = fields_of(ArgMap).get(key)
    return spec.models if spec is not None and spec.is_list else ()


def narrow(models: tuple[type[BaseModel], ...], values: Mapping[str, Any]) -> tuple[type[BaseModel], ...]:
    """The candidate models that agree with the discriminating values already written
    (``kind: evidence``, ``type: count``): a ``Literal`` field must allow the written value."""
    kept = models
    for key, value in values.items():
        if not isinstance(value, str):
            continue
        fitting = tuple(
            m
            for m in kept
            if key not in fields_of(m) or not fields_of(m)[key].values or value in fields_of(m)[key].values
        )
        if fitting:
            kept = fitting
    return kept


@cache
def merged_fields(models: tuple[type[BaseModel], ...]) -> dict[str, FieldSpec]:
    """Fields of one model, or of several candidates: all their fields, with a field's allowed
    values joined (``type`` of an evidence node whose type is not written yet)."""
    out: dict[str, FieldSpec] = {}
    for m in models:
        for key, spec in fields_of(m).items():
            if key in out and spec.values:
                old = out[key]
                values = tuple(dict.fromkeys(old.values + spec.values))
                out[key] = FieldSpec(key, old.description, old.required, values, old.id_target, old.is_list, old.models)
            elif key not in out:
                out[key] = spec
    return out


def model_at(keys: list[str | int], siblings: Mapping[str, Any]) -> tuple[type[BaseModel], ...]:
    """The candidate models of the mapping at ``keys`` (mapping keys and list indexes from the top),
    narrowed by the discriminating values written in that mapping (``siblings``)."""
    models: tuple[type[BaseModel], ...] = (ArgMap,)
    for key in keys:
        if isinstance(key, int):
            continue
        spec = merged_fields(models).get(key)
        if spec is None or not spec.models:
            return ()
        models = spec.models
    return narrow(models, siblings)
