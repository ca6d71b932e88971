"""The YAML export writes the bytes of PyYAML's pure Python emitter, mostly through libyaml's.

``argmap export --to yaml`` and ``argmap import`` write maps through ``dump_yaml``, which emits with
PyYAML's ``CSafeDumper`` (five times faster) and writes again with the pure emitter only when the
output holds a backslash, the one sign of the escapes around which the two emitters differ. These
properties hold ``dump_yaml`` to the pure emitter's bytes on random maps and random text.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from strategies_core import valid_maps

from argmap.interchange.native import _yaml12_dumper, dump_data, dump_yaml, export_yaml
from argmap.load import load_text
from argmap.model import ArgMap

pytestmark = pytest.mark.skipif(not hasattr(yaml, "CSafeDumper"), reason="PyYAML built without libyaml")

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)
"""Any text a validated map can hold (lone surrogates are refused by validation)."""


def pure(data: Any) -> str:
    text: str = yaml.dump(data, Dumper=_yaml12_dumper(fast=False), sort_keys=False, allow_unicode=True, width=100)
    return text


def fast(data: Any) -> str:
    text: str = yaml.dump(data, Dumper=_yaml12_dumper(), sort_keys=False, allow_unicode=True, width=100)
    return text


def test_the_fast_dumper_is_libyaml() -> None:
    assert issubclass(_yaml12_dumper(), yaml.CSafeDumper)
    assert not issubclass(_yaml12_dumper(fast=False), yaml.CSafeDumper)


@given(valid_maps())
def test_export_writes_what_the_pure_emitter_writes(data: dict[str, Any]) -> None:
    m = ArgMap.model_validate(data)
    assert export_yaml(m).text == pure(dump_data(m))


@given(TEXT, TEXT)
def test_same_bytes_for_random_text(text: str, other: str) -> None:
    data = {"title": text, "nodes": [{"id": "T", "text": text, "tags": [other, text + " " + other]}]}
    assert dump_yaml(data) == pure(data)


@pytest.mark.parametrize(
    "text",
    [
        "1e3", "0o17", "+.5", "_0", "yes", "~", "null", "- item", "key: value", "# not a comment", "a\tb",
        "line\nbreak", "trailing space ", " leading", "x" * 150, "word " * 40, "\x85 NEL", "\u2028 LS",
        "quote ' and \" both", "]]>", "<script>alert(1)</script>", "\ufeffbom", "ÿ ĳ ∑ 中文", "emoji 😀",
        "back\\slash", "0" * 21 + "\x1f" * 7 + "0",
    ],
)  # fmt: skip
def test_same_bytes_for_awkward_strings(text: str) -> None:
    data = {"text": text, "list": [text], "long": [text * 5]}
    assert dump_yaml(data) == pure(data)


def test_where_the_emitters_differ_the_pure_one_is_used() -> None:
    """libyaml escapes characters beyond U+FFFF and folds escaped strings elsewhere; each shows a backslash."""
    text, other = "0" * 21 + "\x1f" * 7, "0" * 19 + "\x1f" * 7 + "0"  # found by the long Hypothesis profile
    folded = {"title": text, "nodes": [{"id": "T", "text": text, "tags": [other, text + " " + other]}]}
    for data in ({"text": "emoji 😀"}, folded):
        assert fast(data) != pure(data) and "\\" in fast(data)
        assert dump_yaml(data) == pure(data)
    m = ArgMap.model_validate({"argmap": 1, "title": "Faces 😀", "nodes": [{"id": "T", "kind": "thesis", "text": "𝔸"}]})
    written = export_yaml(m).text
    assert "title: Faces 😀\n" in written and "text: 𝔸\n" in written
    assert load_text(written).map == m


_PIECES = st.sampled_from(["word", "Wörter", "a", " ", "  ", "'", "''", ":", ": ", " #", "#", "-", "- ", "?", "---",
                           "...", ",", "[x]", "{y}", "%", "@", "`", "!", "&", "*", "|", ">", '"', "1", "1.5", "0x1",
                           "yes", "No", "null", "~", "é" * 30, "x" * 97, "中文", "=", "<<"])  # fmt: skip
_PROSE = st.lists(_PIECES, min_size=1, max_size=40).map("".join)


@given(_PROSE, _PROSE, st.lists(_PROSE, max_size=3), st.integers(0, 3))
def test_the_direct_writer_writes_the_pure_emitters_bytes(text: str, other: str, tags: list[str], depth: int) -> None:
    """Folding at the width, quoting, indicators and implicit types, at every place a map puts text."""
    from argmap.interchange.native import _implicit_non_str
    from argmap.interchange.yamlfast import emit

    nested: dict[str, Any] = {"note": other}
    for _ in range(depth):
        nested = {"inner": nested, "k": text}
    data = {"argmap": 1, "title": text, "config": nested, "nodes": [
        {"id": "T", "kind": "thesis", "text": text, "tags": tags, "ok": True, "none": None, "empty": [], "map": {}},
        {"id": "E", "kind": "evidence", "text": other, "value": -12, "sources": [text, other]},
    ]}  # fmt: skip
    direct = emit(data, _implicit_non_str)
    if direct is not None:
        assert direct == pure(data)


def test_the_direct_writer_takes_ordinary_maps() -> None:
    from argmap.interchange.native import _implicit_non_str
    from argmap.interchange.yamlfast import emit

    text = "Sanctions have not stopped the programme: it grew " + "and grew " * 20 + "(UN, 2017) with 'quotes'"
    data = {"argmap": 1, "title": "T", "nodes": [{"id": "T", "kind": "thesis", "text": text, "tags": ["a b"]},
                                                 {"id": "S", "kind": "claim", "text": " leading space"}]}  # fmt: skip
    assert emit(data, _implicit_non_str) == pure(data)
    assert emit({"x": 1.5}, _implicit_non_str) is None  # floats: PyYAML's own spelling
    assert emit({"x": "line\nbreak"}, _implicit_non_str) is None
