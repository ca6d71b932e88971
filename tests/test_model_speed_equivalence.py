"""The model's fast paths accept and refuse exactly what the plain definitions do.

Ids were checked by a ``pattern`` constraint that pydantic runs with its Rust regex engine; that engine
takes 35 ms to compile the pattern in every run, so ids are now matched in Python (ASCII) and by the
same Rust pattern only for the rest (:func:`argmap.fields.check_id`). The reference here is the old
constraint itself, built by pydantic-core. Timing is not tested: see ``tests/bench.py``.
"""

from __future__ import annotations

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from pydantic_core import SchemaValidator, core_schema

from argmap.fields import ID_PATTERN, Id
from argmap.load import load_text

_REFERENCE = SchemaValidator(core_schema.str_schema(pattern=ID_PATTERN, strict=True))
_ID = TypeAdapter(Id)

_ID_CHARS = st.sampled_from(list("aZ09_.:- \n\t'\"é\u0301١\u200dСΩ\u00a0\u2028ß/"))


def _outcome(validate: Any, value: str) -> tuple[str, str]:
    try:
        validate(value)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        return err["type"], err["msg"]
    return "ok", ""


@given(st.one_of(st.text(_ID_CHARS, max_size=70), st.text(max_size=70)))
@example("x" * 64)
@example("x" * 65)
@example("a\n")
@example("")
def test_ids_pass_the_pattern_exactly_as_the_rust_pattern_decides(value: str) -> None:
    kind, msg = _outcome(lambda v: _ID.validate_python(v, strict=True), value)
    ref_kind, ref_msg = _outcome(_REFERENCE.validate_python, value)
    if ref_kind != "ok":
        assert (kind, msg) == (ref_kind, ref_msg)
    else:  # the pattern passes it; only the id's own checks (invisible, mixed scripts) may refuse it
        assert kind in ("ok", "value_error")


def test_a_bad_id_in_a_map_reads_as_before() -> None:
    text = 'argmap: 1\ntitle: t\nnodes:\n  - {id: "my claim", kind: thesis, text: T}\n'
    (d,) = load_text(text).diagnostics
    assert (d.code, d.line, d.col) == ("AM102", 4, 10)
    assert "'my claim' is not a valid id: use 1-64 letters" in d.message


def test_lists_and_maps_default_to_fresh_empty_values() -> None:
    text = "argmap: 1\ntitle: t\nnodes:\n  - {id: T, kind: thesis, text: T}\n  - {id: C, kind: claim, text: C}\n"
    argmap = load_text(text).map
    assert argmap is not None
    t, c = argmap.nodes
    assert t.tags == [] and t.tags is not c.tags
    assert argmap.config.select == [] and argmap.glossary == {}
