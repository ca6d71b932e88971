"""pydantic's validation errors in argmap's words: which item, which field, what to write instead."""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel

from argmap.diagnostics import Diagnostic, Path
from argmap.load.parsing import kind_of, short_text
from argmap.model import EVIDENCE_CLASSES, ArgMap, Claim, Relation, Source, Thesis, date_fields

__all__ = ["ITEM_MODELS", "LIST_KEYS", "from_pydantic", "short"]

ITEM_MODELS: dict[str, type[BaseModel]] = {"relations": Relation, "sources": Source}
LIST_KEYS = ("sources", "nodes", "relations")
_KIND_MODELS: dict[str, type[BaseModel]] = {"thesis": Thesis, "claim": Claim}
_DATE_FIELDS = date_fields()
"""Every field that holds a partial date, in any model: its value errors are date errors (AM113)."""
_ID_LISTS = (("from",), ("sources",))
_NUMBER_ERRORS = ("int_type", "float_type", "int_parsing", "float_parsing")
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
    if len(path) >= 2 and path[0] in LIST_KEYS and isinstance(path[1], int):
        items = data.get(str(path[0]))
        item = items[path[1]] if isinstance(items, list) and path[1] < len(items) else None
        what = {"nodes": "node", "relations": "relation", "sources": "source"}[str(path[0])]
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
            return f"{what} {short_text(item['id'], 40)}", item["id"]
        return f"{what} #{path[1] + 1}", None
    return "map", None


def _model_for(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    tagged, tags = _node_tags(loc)
    if tags:
        model: type[BaseModel] | None = tagged
        rest = loc[2 + tags : -1]
    elif len(loc) > 1 and loc[0] in ITEM_MODELS:
        model = ITEM_MODELS[loc[0]]
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


def short(value: Any) -> str:
    if isinstance(value, int) and abs(value) > 10**60:  # repr of a 4,301-digit int raises
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _node_kind_problem(err: Any, data: dict[str, Any], path: Path, label: str, subject: str | None) -> Diagnostic:
    """A node whose kind (or evidence type) does not select a model: say which of the two is wrong."""
    item = err.get("input")
    if not isinstance(item, dict):
        return Diagnostic(
            "AM102",
            f"{label} is {kind_of(item)}, not a mapping: write each node as fields `id:`, `kind:` and `text:`",
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
            f"{label}: unknown evidence type {short(item['type'])}: use statistic, count, statement, event or absence",
            path=(*path, "type"),
            subject=subject,
        )
    return Diagnostic(
        "AM114",
        f"{label}: unknown node kind {short(item['kind'])}: use thesis, claim or evidence "
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


def from_pydantic(err: Any, data: dict[str, Any]) -> Diagnostic:
    """One pydantic error as a finding: which item, which field, what to write instead."""
    loc: tuple[Any, ...] = tuple(err["loc"])
    path = _strip_tag(loc)
    label, subject = _item_label(data, path)
    kind = err["type"]
    field_name = str(path[-1]) if path and isinstance(path[-1], str) else ""
    if kind == "extra_forbidden":
        hint = _field_hint(loc, field_name)
        return Diagnostic("AM101", f"{label}: unknown field '{field_name}'{hint}", path=path, subject=subject)
    if kind == "missing":
        return Diagnostic("AM112", f"{label}: missing required field '{field_name}'", path=path, subject=subject)
    if kind in ("union_tag_invalid", "union_tag_not_found") or (
        kind == "model_attributes_type" and len(path) == 2 and path[0] == "nodes"
    ):  # the node's kind or evidence type selects no model, or the node is not a mapping
        return _node_kind_problem(err, data, path, label, subject)
    msg = str(err["msg"]).removeprefix("Value error, ")
    if kind == "value_error" and field_name in _DATE_FIELDS:
        return Diagnostic("AM113", f"{label}: {field_name} {msg}", path=path, subject=subject)
    msg = _value_problem(err, loc, path, field_name, msg)
    where = f"field '{field_name}'" if field_name else "value"
    if path and isinstance(path[-1], int) and len(path) >= 2:
        where = f"item {path[-1] + 1} of '{path[-2]}'"
    return Diagnostic("AM102", f"{label}: {where}: {msg}", path=path, subject=subject)


def _field_hint(loc: tuple[Any, ...], field_name: str) -> str:
    """For an unknown field: the known field it is closest to, else the fields allowed there."""
    model = _model_for(loc)
    names = _field_names(model) if model else []
    from argmap.validate import suggest_closest

    close = suggest_closest(field_name, names, " (did you mean '{}'?)", cutoff=0.6)
    return close or (f"; allowed: {', '.join(names)}" if names else "")


def _value_problem(err: Any, loc: tuple[Any, ...], path: Path, field_name: str, msg: str) -> str:
    """What is wrong with a value, in argmap's words where pydantic's would puzzle a map's author."""
    kind = err["type"]
    if kind == "string_pattern_mismatch" and (field_name in ("id", "to", "source") or path[-2:-1] in _ID_LISTS):
        return (
            f"{short(err.get('input'))} is not a valid id: use 1-64 letters, digits, '_', '.', ':' or '-', "
            "starting with a letter or digit (no spaces or quotes)"
        )
    if kind == "list_type" and isinstance(err.get("input"), dict):
        return "holds one mapping where a list is expected: start each item with `- ` (a dash and a space)"
    if kind == "literal_error":
        return f"{short(err.get('input'))} is not allowed: {msg.lower()}"
    if kind == "string_type" and isinstance(err.get("input"), int) and _is_id_field(path):
        number = short(err["input"])  # a 4,301-digit id cannot be written out
        if number.startswith("a number"):
            return f"YAML reads this id as {number}: write an id of at most 64 characters, in quotes"
        return f"YAML reads this id as the number {number}: put the id in quotes, as written"
    if kind == "finite_number" or (
        kind in _NUMBER_ERRORS and any(_is_internal(p) and p in ("int", "float") for p in loc)
    ):
        value = err.get("input")
        finite = not isinstance(value, float) or math.isfinite(value)
        return f"expects a {'' if finite else 'finite '}number (got {short(value)})"
    if kind != "value_error":  # argmap's own messages are written as they should read
        msg = msg.lower()
    return f"{msg} (got {short(err.get('input'))})" if "input" in err else msg
