"""Hypothesis strategies for random *valid* argument maps.

``arg_maps()`` draws an :class:`~argmap.model.ArgMap` that ``argmap check`` accepts without errors:
one thesis, claims, evidence of all five types with plausible fields and sources, supports and attacks
(some with linked premises, warrants, qualifiers, strengths), and undercuts. Every node is a premise of
some relation leading to the thesis, so the map is connected; relations always go from a later node to
an earlier one, so there are no support cycles. Texts mix ordinary words with characters that other
formats must escape. Generation is cheap: a map has at most ``max_nodes`` nodes.

Usage::

    from hypothesis import given
    from strategies_maps import arg_maps  # tests/ is on sys.path under pytest

    @given(arg_maps())
    def test_something(m): ...
"""

from __future__ import annotations

from typing import Any, get_args

from hypothesis import strategies as st
from strategies_fields import model_fields_data

from argmap.model import EVIDENCE_CLASSES, ArgMap, EventStatus, Scale, own_fields

__all__ = ["WRITTEN_BY_HAND", "arg_maps", "evidence_data", "map_data", "texts"]

_VOCABULARY = (
    "trade exports rose sharply after the summit minister said China Russia ministry statement visit "
    "declined growth percent border talks agreement pipeline sanctions analysts expected no comment "
    "official figures show record year quarter imports gas oil deal signed delegation"
)
_WORDS = tuple(_VOCABULARY.split())
_ODD = [
    "#tag",
    "[x]",
    "<y>",
    "{z}",
    "50%",
    "a_b",
    "*",
    "@",
    "//",
    "C++",
    "(1)",
    "'q'",
    '"q"',
    "é",
    "—",
    ":",
    "\\",
]
_ID_PREFIXES = ("n", "c", "claim-", "e.", "node_", "X:", "7")
_REL_PREFIXES = ("r", "rel-", "s:", "R_")
_SCALES = get_args(Scale)


@st.composite
def texts(draw: st.DrawFn, min_words: int = 2, max_words: int = 9) -> str:
    """A short sentence: mostly words, sometimes a character other formats treat specially."""
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=min_words, max_size=max_words))
    if draw(st.integers(0, 3)) == 0:
        words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(_ODD)))
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _dates() -> st.SearchStrategy[str]:
    year = st.integers(1990, 2030)
    month = st.integers(1, 12)
    day = st.integers(1, 28)
    return st.one_of(
        year.map(str),
        st.tuples(year, month).map(lambda t: f"{t[0]}-{t[1]:02d}"),
        st.tuples(year, month, day).map(lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"),
    )


WRITTEN_BY_HAND = frozenset({"statistic", "count", "statement", "event", "absence"})
"""Types whose fields :func:`evidence_data` draws with realistic values; any other registered type gets
values derived from its model's annotations (``strategies_fields``). A test holds it to the registry."""


@st.composite
def evidence_data(draw: st.DrawFn, node_id: str, source_ids: list[str]) -> dict[str, Any]:
    """One evidence node of a random type, as the mapping a map file would hold."""
    kind = draw(st.sampled_from(list(EVIDENCE_CLASSES)))  # every registered type, a new one included
    d: dict[str, Any] = {"id": node_id, "kind": "evidence", "type": kind, "text": draw(texts())}
    opt: st.SearchStrategy[bool] = st.booleans()
    if kind not in WRITTEN_BY_HAND:  # values from its annotations, within their limits
        cls = EVIDENCE_CLASSES[kind]
        skip = frozenset(cls.model_fields) - set(own_fields(cls))
        d.update(draw(model_fields_data(cls, texts(1, 4), _dates(), skip)))
    elif kind == "statistic":
        d["value"] = draw(
            st.one_of(st.integers(-1000, 10**9), st.floats(0, 1e6, allow_nan=False).map(lambda f: round(f, 2)))
        )
        if draw(opt):
            d["unit"] = draw(st.sampled_from(["USD", "percent", "tonnes", "EUR"]))
        if draw(opt):
            d["scale"] = draw(st.sampled_from(_SCALES))
        if draw(opt):
            d["period"] = draw(_dates())
        if draw(opt):
            d["change"] = {"percent": draw(st.integers(-50, 300)), "since": draw(_dates())}
        if draw(opt):
            d["baseline"] = {"value": draw(st.integers(0, 10**6)), "label": draw(texts(1, 3))}
        if draw(opt):
            d["approximate"] = True
    elif kind == "count":
        d["what"] = draw(texts(1, 3))
        d["number"] = draw(st.integers(0, 500))
        if draw(opt):
            d["period"] = draw(_dates())
        if draw(opt):
            d["items"] = draw(st.lists(texts(1, 2), min_size=1, max_size=3))
    elif kind == "statement":
        d["speaker"] = draw(st.sampled_from(["Foreign Ministry", "Minister Lavrov", "A spokesperson"]))
        if draw(opt):
            d["date"] = draw(_dates())
        if draw(opt):
            d["quote"] = draw(texts())
        if draw(opt):
            d["medium"] = draw(st.sampled_from(["press conference", "TASS", "Xinhua"]))
        if draw(opt):
            d["occasion"] = {"anniversary": draw(st.integers(1, 30)), "commemorates": draw(texts(1, 3))}
    elif kind == "event":
        d["actors"] = draw(st.lists(st.sampled_from(["China", "Russia", "Gazprom", "CNPC"]), max_size=3, unique=True))
        if draw(opt):
            d["date"] = draw(_dates())
        d["status"] = draw(st.sampled_from(get_args(EventStatus)))
    elif kind == "absence":
        d["expected"] = draw(texts(2, 5))
        if draw(opt):
            d["expected_from"] = draw(st.sampled_from(["the ministry", "the president"]))
        if draw(opt):
            d["reason"] = draw(texts())
    cite = draw(opt)
    if source_ids and cite:
        cited: list[str] = draw(st.lists(st.sampled_from(source_ids), min_size=1, max_size=2, unique=True))
        d["sources"] = cited
        if draw(opt):
            d["anchor"] = {"exact": draw(texts(2, 4)), "source": cited[0]}
    return d


@st.composite
def map_data(draw: st.DrawFn, max_nodes: int = 10, max_sources: int = 2) -> dict[str, Any]:
    """A valid map as plain data (what a YAML map file holds)."""
    n_sources = draw(st.integers(0, max_sources))
    sources = [
        {
            "id": f"src{i + 1}",
            "title": draw(texts(2, 5)),
            **({"date": draw(_dates())} if draw(st.booleans()) else {}),
        }
        for i in range(n_sources)
    ]
    source_ids = [s["id"] for s in sources]
    n = draw(st.integers(0, max_nodes))
    prefix = draw(st.sampled_from(_ID_PREFIXES))
    rprefix = draw(st.sampled_from(_REL_PREFIXES))
    nodes: list[dict[str, Any]] = [{"id": f"{prefix}0", "kind": "thesis", "text": draw(texts())}]
    relations: list[dict[str, Any]] = []
    for i in range(1, n + 1):
        nid = f"{prefix}{i}"
        if draw(st.integers(0, 2)) == 0:
            node = draw(evidence_data(nid, source_ids))
        else:
            node = {"id": nid, "kind": "claim", "text": draw(texts())}
        if draw(st.integers(0, 4)) == 0:
            node["tags"] = draw(
                st.lists(
                    st.sampled_from(["pro", "con", "key point", "needs-source"]),
                    min_size=1,
                    max_size=2,
                    unique=True,
                )
            )
        if draw(st.integers(0, 5)) == 0:
            node["note"] = draw(texts())
        if draw(st.integers(0, 9)) == 0:
            node["ignore"] = [draw(st.sampled_from(["ST103", "ST104", "DL501"]))]
        nodes.append(node)
        # this node argues for an earlier node (or undercuts an earlier relation)
        claims = [k for k in range(i) if nodes[k]["kind"] != "evidence"]
        undercut = relations and draw(st.integers(0, 5)) == 0
        if undercut:
            target = draw(st.sampled_from([r["id"] for r in relations]))
            kind = "undercuts"
        else:
            kind = draw(st.sampled_from(["supports", "supports", "attacks"]))
            pool = claims if kind == "supports" else list(range(i))
            target = nodes[draw(st.sampled_from(pool))]["id"]
        rel: dict[str, Any] = {
            "id": f"{rprefix}{len(relations) + 1}",
            "kind": kind,
            "from": [nid],
            "to": target,
        }
        # linked premise: another node after the target (keeps relations pointing backwards: no cycles)
        if kind != "undercuts":
            t_index = next(k for k, x in enumerate(nodes) if x["id"] == target)
            others = [x["id"] for x in nodes[t_index + 1 : i]]
            if others and draw(st.integers(0, 3)) == 0:
                rel["from"] = [draw(st.sampled_from(others)), nid]
        if draw(st.integers(0, 4)) == 0:
            rel["warrant"] = draw(texts())
        if draw(st.integers(0, 5)) == 0:
            rel["qualifier"] = draw(st.sampled_from(["probably", "in part", "presumably"]))
        if draw(st.integers(0, 5)) == 0:
            rel["strength"] = draw(st.sampled_from([0.2, 0.5, 0.75, 1.0]))
        if draw(st.integers(0, 7)) == 0:
            rel["note"] = draw(texts())
        relations.append(rel)
    data: dict[str, Any] = {"argmap": 1, "title": draw(texts(2, 6))}
    if draw(st.booleans()):
        data["authors"] = ["A. Analyst"]
    if draw(st.integers(0, 3)) == 0:
        data["description"] = draw(texts(4, 12))
    if draw(st.integers(0, 3)) == 0:
        data["created"] = draw(_dates())
    if sources:
        data["sources"] = sources
    data["nodes"] = nodes
    data["relations"] = relations
    return data


def arg_maps(max_nodes: int = 10, max_sources: int = 2) -> st.SearchStrategy[ArgMap]:
    """Random valid :class:`ArgMap` objects (see the module docstring for what they contain)."""
    return map_data(max_nodes, max_sources).map(ArgMap.model_validate)
