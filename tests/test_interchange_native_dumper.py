"""The YAML export's fast dumper (libyaml's emitter) against the pure Python one.

``argmap export --to yaml`` and ``argmap import`` write maps through ``_yaml12_dumper()``, which is
built on PyYAML's ``CSafeDumper`` when libyaml is there (five times faster). The golden files pin a
few maps. These properties hold the two emitters to the same bytes for text in the Basic Multilingual
Plane, and to the same data read back for any text: beyond U+FFFF (emoji, historic scripts) the pure
emitter writes escapes such as "\U0001F600" where libyaml writes the character itself.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from strategies_core import valid_maps

from argmap.interchange.native import _yaml12_dumper, dump_data, export_yaml
from argmap.load import load_text
from argmap.model import ArgMap

pytestmark = pytest.mark.skipif(not hasattr(yaml, "CSafeDumper"), reason="PyYAML built without libyaml")


def _both(data: Any) -> tuple[str, str]:
    def dump(fast: bool) -> str:
        text: str = yaml.dump(data, Dumper=_yaml12_dumper(fast=fast), sort_keys=False, allow_unicode=True, width=100)
        return text

    return dump(True), dump(False)


def test_the_fast_dumper_is_libyaml() -> None:
    assert issubclass(_yaml12_dumper(), yaml.CSafeDumper)
    assert not issubclass(_yaml12_dumper(fast=False), yaml.CSafeDumper)


BMP = st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)), max_size=200)
"""Text of the Basic Multilingual Plane, less lone surrogates (a validated map never holds them)."""


@given(valid_maps())
def test_export_writes_what_the_pure_emitter_writes(data: dict[str, Any]) -> None:
    m = ArgMap.model_validate(data)
    assert export_yaml(m).text == _both(dump_data(m))[1]


@given(BMP, BMP)
def test_same_bytes_for_random_text_in_the_basic_plane(text: str, other: str) -> None:
    fast, pure = _both({"title": text, "nodes": [{"id": "T", "text": text, "tags": [other, text + " " + other]}]})
    assert fast == pure


def test_characters_beyond_the_basic_plane_stay_themselves() -> None:
    """libyaml would escape them; export falls back to the pure emitter, which writes them as they are."""
    fast, pure = _both({"text": "emoji 😀"})
    assert (fast, pure) == ('text: "emoji \\U0001F600"\n', "text: emoji 😀\n")
    m = ArgMap.model_validate({"argmap": 1, "title": "Faces 😀", "nodes": [{"id": "T", "kind": "thesis", "text": "𝔸"}]})
    text = export_yaml(m).text
    assert "title: Faces 😀\n" in text and "text: 𝔸\n" in text
    assert load_text(text).map == m


@pytest.mark.parametrize(
    "text",
    [
        "1e3", "0o17", "+.5", "_0", "yes", "~", "null", "- item", "key: value", "# not a comment", "a\tb",
        "line\nbreak", "trailing space ", " leading", "x" * 150, "word " * 40, "\x85 NEL", "\u2028 LS",
        "quote ' and \" both", "]]>", "<script>alert(1)</script>", "\ufeffbom", "ÿ ĳ ∑ 中文",
    ],
)  # fmt: skip
def test_same_bytes_for_awkward_strings(text: str) -> None:
    fast, pure = _both({"text": text, "list": [text]})
    assert fast == pure
