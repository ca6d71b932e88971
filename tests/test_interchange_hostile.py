"""Importers never raise on hostile input, and whatever map they return passes `argmap check`."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.interchange import Imported
from argmap.interchange.aif import load_aif
from argmap.interchange.argdown import load_argdown
from argmap.interchange.kialo import load_kialo
from argmap.interchange.native import export_yaml
from argmap.load import load_text

_ARGDOWN_BITS = [
    "[A]: ",
    "[B]",
    "<Arg>: ",
    "<Arg>",
    "\n",
    "\n\n",
    "  + ",
    "  - ",
    "    <_ ",
    "  _> ",
    "  -> ",
    "  >< ",
    "(1) ",
    "(2) ",
    "----\n",
    "--\n",
    "{kind: thesis}",
    "{kind: evidence, type: count}",
    "{a: [1, {b: '}'}]}",
    "#tag ",
    "#(two words) ",
    "// c\n",
    "/* x ",
    "*/",
    "<!-- y -->",
    "===\n",
    "title: T\n",
    "# Head\n",
    "\\",
    "text ",
    "@[A] ",
    "{",
    "}",
    "\t",
    "\x00",
]
_KIALO_BITS = [
    "Discussion Title: T\n",
    "1. ",
    "1.1. Pro: ",
    "1.1.1. Con: ",
    "1.2. ",
    "-> See 1.1.",
    "-> See 9.",
    "text",
    "\n",
    "Pro:",
    "2. ",
]


def _check(result: Imported) -> None:
    if result.map is not None:
        check = load_text(export_yaml(result.map).text)
        assert not check.has_errors, [str(d) for d in check.diagnostics]


@settings(max_examples=50)
@given(st.lists(st.sampled_from(_ARGDOWN_BITS) | st.text(max_size=5), max_size=40).map("".join))
def test_argdown_importer_survives_anything(text: str) -> None:
    _check(load_argdown(text, file="fuzz.argdown"))


@settings(max_examples=40)
@given(st.lists(st.sampled_from(_KIALO_BITS) | st.text(max_size=4), max_size=30).map("".join))
def test_kialo_importer_survives_anything(text: str) -> None:
    _check(load_kialo(text, file="fuzz.txt"))


_ids = st.one_of(st.integers(0, 6), st.sampled_from(["1", "2", "a", "b b", ""]), st.none(), st.booleans())
_node = st.fixed_dictionaries(
    {"nodeID": _ids, "type": st.sampled_from(["I", "RA", "CA", "MA", "PA", "L", "YA", "TA", "X", 3])},
    optional={"text": st.one_of(st.text(max_size=8), st.integers(), st.none())},
)
_edge = st.fixed_dictionaries({"fromID": _ids, "toID": _ids}, optional={"edgeID": _ids})
_any_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=6,
)
_graph: st.SearchStrategy[Any] = st.fixed_dictionaries(
    {"nodes": st.lists(_node, max_size=12), "edges": st.lists(_edge | st.integers(), max_size=16)},
    optional={
        "locutions": st.lists(st.dictionaries(st.sampled_from(["nodeID", "personID"]), _ids), max_size=3) | _any_json,
        "participants": st.lists(st.dictionaries(st.sampled_from(["participantID", "firstname"]), _ids), max_size=2)
        | _any_json,
    },
)


@settings(max_examples=50)
@given(st.one_of(_graph, _graph.map(lambda g: {"AIF": g, "OVA": {}})))
def test_aif_importer_survives_broken_graphs(doc: Any) -> None:
    _check(load_aif(json.dumps(doc), file="fuzz.json"))


_sadface_node = st.fixed_dictionaries(
    {"id": _ids, "type": st.sampled_from(["atom", "scheme", "x", 3])},
    optional={"text": st.one_of(st.text(max_size=8), st.integers()), "name": st.sampled_from(["support", "attack", 1])},
)
_sadface_edge = st.fixed_dictionaries({"source_id": _ids, "target_id": _ids}, optional={"id": _ids})
_sadface: st.SearchStrategy[Any] = st.fixed_dictionaries(
    {"nodes": st.lists(_sadface_node | _any_json, max_size=10)},
    optional={"edges": st.lists(_sadface_edge | _any_json, max_size=12) | _any_json, "metadata": _any_json,
              "resources": _any_json},
)  # fmt: skip


@settings(max_examples=50)
@given(_sadface)
def test_sadface_importer_survives_any_shape(doc: Any) -> None:
    """Issue 31: `metadata` a list or a string, `edges` or `resources` a number ended in an internal error."""
    from argmap.interchange.sadface import load_sadface

    result = load_sadface(json.dumps(doc), file="fuzz.json")
    _check(result)
    assert all(d.code.startswith("AMI") and len(str(d)) < 400 for d in result.diagnostics)
