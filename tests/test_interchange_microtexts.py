"""Microtext element lines: the quick path (first ``id=`` of a tag) finds what the definition (last ``id=``
of a tag, element by element) finds, whatever the tags hold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.interchange.microtexts import _ELEMENT_ID, _lines, load_microtexts

_PIECES = ["<edu", "<adu", "<edge", " id=", "id=", "xml:id=", "-id=", "'", '"', ">", "/>", "\n", "a1", "e", " ", "<"]


def _reference(text: str) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Lines by the definition: every match of the element pattern, its line counted from the start."""
    every: dict[str, list[int]] = {}
    for m in _ELEMENT_ID.finditer(text):
        every.setdefault(m.group(1), []).append(text.count("\n", 0, m.start()) + 1)
    return {k: v[0] for k, v in every.items()}, {k: v for k, v in every.items() if len(v) > 1}


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_element_lines_are_those_of_the_last_id_in_each_tag(text: str) -> None:
    assert _lines(text) == _reference(text)


def test_a_tag_naming_its_id_twice_is_placed_by_its_last_id() -> None:
    text = '<arggraph id="g">\n<adu id="a1" type="pro"/>\n<adu xml:id="z" id="a1" type="opp"/>\n</arggraph>\n'
    assert _lines(text) == ({"a1": 2}, {"a1": [2, 3]})
    result = load_microtexts(text, file="t.xml")
    assert [str(d) for d in result.diagnostics if d.code == "AMI107"] == [
        "t.xml:3:1: warning AMI107 <adu> id a1 appears twice; the second is skipped"
    ]


def test_an_entity_declaration_is_refused_at_its_line() -> None:
    """A billion-laughs or external-entity file is refused before parsing, at the declaration."""
    text = '<?xml version="1.0"?>\n<!DOCTYPE arggraph [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<arggraph/>\n'
    result = load_microtexts(text, file="t.xml")
    assert [str(d) for d in result.diagnostics] == [
        "t.xml:3:3: error AMI001 XML entity declarations are not read (a microtext has none)"
    ]
