"""The value types of the map format: ids, texts, partial dates, figures and lists of ids.

Each is a pydantic ``Annotated`` type that carries its own checks, so that every model field of that
kind is checked alike and its JSON Schema says what it accepts. :mod:`argmap.model` builds the map's
models from them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, JsonValue
from pydantic_core import PydanticCustomError, SchemaValidator, ValidationError, core_schema

from argmap.dates import DateError, parse_date

__all__ = [
    "FIGURE_LIMIT",
    "ID_PATTERN",
    "MAX_TEXT",
    "Codes",
    "Formats",
    "Id",
    "IdList",
    "Name",
    "Number",
    "OptText",
    "PartialDate",
    "Text",
    "check_date",
    "check_id",
    "check_range",
    "empty_dict",
    "empty_list",
    "listify",
]

MAX_TEXT = 20_000


# Default factories are plain functions: pydantic asks each factory for its signature while it builds the
# model, and for a builtin such as ``list`` that means parsing its text signature (0.6 ms each, 27 ms a run).
def empty_list() -> list[Any]:
    return []


def empty_dict() -> dict[str, Any]:
    return {}


def _coerce_scalar_to_str(value: Any) -> Any:
    # YAML writes `period: 2013` as an integer; a year is a date string to us.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def check_date(value: str) -> str:
    try:
        parse_date(value)
    except DateError as exc:
        raise ValueError(str(exc)) from None
    return value


ID_PATTERN = r"^[\w][\w.:-]{0,63}$"
_ASCII_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}")


@cache
def _unicode_id() -> SchemaValidator:
    return SchemaValidator(core_schema.str_schema(pattern=ID_PATTERN))


def _pattern_mismatch() -> PydanticCustomError:
    return PydanticCustomError(
        "string_pattern_mismatch", "String should match pattern '{pattern}'", {"pattern": ID_PATTERN}
    )


def check_id(value: str) -> str:
    """Ids match :data:`ID_PATTERN`, and are compared after NFC normalisation; invisible characters
    (zero-width joiners, bidi marks) and ids mixing Latin, Greek and Cyrillic letters (C and Cyrillic
    С look alike) are refused.

    The pattern is not given to pydantic as a ``pattern`` constraint: its Rust engine takes 35 ms to
    compile Unicode ``\\w`` (every run pays it) and 0.7 us to match an id. An ASCII id, nearly every
    one, is matched here by Python's ``re`` with the same meaning in 0.2 us; any other is matched by that
    same Rust pattern, compiled on first need, so that what is accepted does not change.
    """
    if value.isascii():
        if _ASCII_ID.fullmatch(value) is None:
            raise _pattern_mismatch()
        return value
    try:
        _unicode_id().validate_python(value)
    except ValidationError:
        raise _pattern_mismatch() from None
    value = unicodedata.normalize("NFC", value)
    scripts: set[str] = set()
    for c in value:
        if unicodedata.category(c) == "Cf":
            raise ValueError(f"holds the invisible character U+{ord(c):04X}: delete it")
        if c.isalpha():
            script = unicodedata.name(c, "").partition(" ")[0]
            if script in ("LATIN", "GREEK", "CYRILLIC"):
                scripts.add(script)
    if len(scripts) > 1:
        raise ValueError(
            f"mixes {' and '.join(sorted(s.title() for s in scripts))} letters, which look alike: "
            "write it in one alphabet"
        )
    return value


Id = Annotated[
    str,
    AfterValidator(check_id),
    Field(
        description="Identifier: 1-64 letters, digits, '_', '.', ':' or '-', starting with a letter or digit.",
    ),
]


def _check_name(value: str) -> str:
    """A catalogue name is spelled and checked like an id. It has a validator of its own so that what
    reads references off the model (the language server's go-to, rename and completion) tells the names
    of schemes and questions from the ids of the map's items."""
    return check_id(value)


Name = Annotated[
    str,
    AfterValidator(_check_name),
    Field(description="A name from argmap's catalogue of schemes and their critical questions (`argmap schemes`)."),
]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
OptText = Annotated[str | None, Field(default=None, max_length=MAX_TEXT)]
PartialDate = Annotated[
    str,
    BeforeValidator(_coerce_scalar_to_str),
    AfterValidator(check_date),
    Field(
        description="YYYY, YYYY-MM or YYYY-MM-DD, or a range START/END such as 2014-06/2014-07.",
        examples=["2014", "2014-07", "2014-07-11", "2014-06/2014-07"],
    ),
]
Codes = Annotated[list[str], Field(default_factory=empty_list, description="Rule codes to silence for this item.")]
Formats = Annotated[
    dict[Annotated[str, Field(max_length=40)], dict[Annotated[str, Field(max_length=40)], JsonValue]],
    Field(
        default_factory=empty_dict,
        description="What another format said of this item, kept by import for the way back "
        "(e.g. `aif: {nodeID: 539894, schemeID: 72}`); argmap's rules do not read it.",
    ),
]
FIGURE_LIMIT = 1e100
"""The largest size of a figure: far beyond any measure, and safe to scale and convert to float."""


def check_range(value: float) -> float:
    if abs(value) > FIGURE_LIMIT:
        raise ValueError("is out of range: a figure must lie within \u00b110^100; write it with a `scale`")
    return value


# NaN and infinity are not figures, and JSON cannot hold them; nor can a figure be too big to convert.
Number = Annotated[int | Annotated[float, Field(allow_inf_nan=False)], AfterValidator(check_range)]


def listify(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


IdList = Annotated[list[Id], BeforeValidator(listify)]
