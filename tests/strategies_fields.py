"""Values for any model of the map drawn from its fields' annotations, within their limits.

Both map strategies (``strategies_core``, ``strategies_maps``) draw the evidence types they know with
realistic values written by hand; any other registered type (a new one) gets values from here, so that
Hypothesis covers it without a line of strategy. A field's limits (``ge=``, ``gt=``, ``le=``, ``lt=``)
bound what is drawn for it: a value outside would make a map the model refuses.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from hypothesis import strategies as st
from pydantic import AfterValidator, BaseModel
from pydantic.fields import FieldInfo

from argmap.fields import PartialDate

__all__ = ["bounds", "model_fields_data", "value_for"]

_DATE_CHECK = next(m.func for m in get_args(PartialDate)[1:] if isinstance(m, AfterValidator))
"""The validator that marks a partial-date field (whatever it is called)."""


def _flat(metadata: list[Any]) -> list[Any]:
    """The constraints in a field's metadata, those of a nested ``Field(...)`` included."""
    out: list[Any] = []
    for m in metadata:
        out += _flat(list(m.metadata)) if isinstance(m, FieldInfo) else [m]
    return out


def bounds(metadata: list[Any]) -> tuple[float | None, float | None, bool, bool]:
    """(least, greatest, least excluded, greatest excluded) that the constraints allow; None: no limit."""
    low = high = None
    low_open = high_open = False
    for m in _flat(metadata):
        if isinstance(m, Ge):
            low, low_open = m.ge, False
        elif isinstance(m, Gt):
            low, low_open = m.gt, True
        elif isinstance(m, Le):
            high, high_open = m.le, False
        elif isinstance(m, Lt):
            high, high_open = m.lt, True
    return low, high, low_open, high_open


def _integers(metadata: list[Any]) -> st.SearchStrategy[int]:
    low, high, low_open, high_open = bounds(metadata)
    lo = -1000 if low is None else int(low) + low_open
    hi = max(lo, 10**6) if high is None else int(high) - high_open
    return st.integers(lo, hi)


def _floats(metadata: list[Any]) -> st.SearchStrategy[float]:
    low, high, low_open, high_open = bounds(metadata)
    lo = 0.0 if low is None else float(low)
    hi = max(lo, 1e6) if high is None else float(high)
    return st.floats(lo, hi, exclude_min=low_open, exclude_max=high_open, allow_nan=False, allow_infinity=False)


def value_for(
    annotation: Any, metadata: list[Any], strings: st.SearchStrategy[str], dates: st.SearchStrategy[str]
) -> st.SearchStrategy[Any] | None:
    """Values a field of this annotation accepts, or None for a type this builder does not know."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return value_for(args[0], [*args[1:], *metadata], strings, dates)
    if origin in (Union, types.UnionType):
        options = [value_for(a, metadata, strings, dates) for a in args if a is not type(None)]
        known = [o for o in options if o is not None]
        return st.one_of(*known) if known else None
    if origin is Literal:
        return st.sampled_from(args)
    if origin is list:
        inner = value_for(args[0], [], strings, dates)
        return st.lists(inner, max_size=3) if inner is not None else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_fields_data(annotation, strings, dates)
    if any(getattr(m, "func", None) is _DATE_CHECK for m in metadata):
        return dates
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return _integers(metadata)
    if annotation is float:
        return _floats(metadata)
    if annotation is str:
        return strings
    return None


@st.composite
def model_fields_data(
    draw: st.DrawFn,
    model: type[BaseModel],
    strings: st.SearchStrategy[str],
    dates: st.SearchStrategy[str],
    skip: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """A mapping the model accepts, drawn from its fields' annotations: required fields always,
    optional ones sometimes."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        values = value_for(info.annotation, list(info.metadata), strings, dates)
        if values is None or (not info.is_required() and not draw(st.booleans())):
            continue
        out[info.alias or name] = draw(values)
    return out
