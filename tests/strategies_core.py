"""Hypothesis strategies for argmap's own format: valid maps as plain data, and near-valid ones.

``valid_maps()`` draws maps that must load without a single diagnostic: one thesis, unique ids,
relations that point at existing things, support that flows towards the thesis (so no circles),
texts full of the strings YAML 1.1 and 1.2 read differently. ``corrupted_maps()`` takes such a map
and breaks exactly one thing, returning what it broke.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, get_args

from hypothesis import strategies as st
from strategies_fields import model_fields_data

from argmap.model import EVIDENCE_CLASSES, EventStatus, Scale, SourceKind, own_fields

__all__ = ["TRICKY_TEXTS", "WRITTEN_BY_HAND", "corrupted_maps", "ids", "texts", "valid_maps"]

Data = dict[str, Any]

# Strings that a YAML writer and a YAML reader may disagree about, or that look like syntax.
TRICKY_TEXTS = [
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "true",
    "False",
    "null",
    "~",
    "None",
    "NaN",
    ".nan",
    ".inf",
    "-.inf",
    "1e3",
    "1E-3",
    "0o17",
    "0x1F",
    "0b101",
    "017",
    "+1",
    "-0",
    ".5",
    "1_000",
    "1:20",
    "12:30:00",
    "2014-08-04",
    "2014-08-04T10:00:00Z",
    "2014-8-4",
    "=",
    "<<",
    "-",
    "- x",
    "? x",
    "#",
    "a #b",
    "a: b",
    "@x",
    "`x",
    "!x",
    "&a",
    "*a",
    "|",
    ">",
    "%YAML",
    "---",
    "...",
    "'",
    '"',
    "\\",
    "{}",
    "[]",
    "{a: 1}",
    " leading",
    "trailing ",
    "two\nlines",
    "trailing newline\n",
    "\ttab",
    "a\u2028b",
    "a\x85b",
    "a\u00a0b",
    "é",
    "日本語",
    "🙂",
    "<script>alert(1)</script>",
    "]]>",
    "{{x}}",
    '"quoted"',
    "it's",
]

_SAFE_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc"),  # no surrogates, no control characters
    blacklist_characters="\ufffe\uffff\ufeff",
)
_ID_ALPHABETS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_éß",
    "жабвгдЖАБ0123456789_",  # one alphabet per id: Latin and Cyrillic mixed are refused (look-alikes)
    "中文字abc0123456789_",
)


def texts(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Free text for titles and node texts: printable Unicode, newlines, and YAML look-alikes."""
    plain = st.text(_SAFE_CHARS | st.sampled_from("\n\t "), min_size=min_size, max_size=max_size)
    tricky = st.sampled_from([t for t in TRICKY_TEXTS if len(t) >= min_size])
    return (plain | tricky).filter(lambda t: len(t) >= min_size)


def ids() -> st.SearchStrategy[str]:
    """Identifiers as the format allows them: a word character, then word characters, '.', ':' or '-'."""
    return st.sampled_from(_ID_ALPHABETS).flatmap(
        lambda alphabet: st.builds(
            lambda a, b: a + b,
            st.sampled_from(alphabet),
            st.text(st.sampled_from(alphabet + ".:-"), max_size=10),
        )
    )


# Hostile values (issue 16): what a map may hold that must never reach a terminal or crash a command.
CONTROL_CHARS = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))] + [
    "\u200b", "\u200d", "\u202e", "\u2066", "\u2028", "\u061c"
]  # fmt: skip


def control_texts() -> st.SearchStrategy[str]:
    """Text with control, bidi and zero-width characters mixed into plain words."""
    return st.lists(
        st.sampled_from(CONTROL_CHARS) | st.sampled_from(["a", "word ", "::error::", "%0A"]), min_size=1, max_size=12
    ).map("".join)


def huge_numbers() -> st.SearchStrategy[int | float]:
    """Figures past any range: big integers (short of Python's 4,300-digit string limit, so that
    they can be written out as JSON) and floats near the largest finite one."""
    return st.integers(300, 3990).map(lambda n: 10**n) | st.sampled_from([1e300, -1.7e308, 10**309, -(10**400)])


def deep_chain(depth: int, *, undercut: bool = False) -> Data:
    """A thesis and ``depth`` claims, each supporting the one before (or undercutting its relation)."""
    nodes: list[Data] = [{"id": "T", "kind": "thesis", "text": "t"}]
    relations: list[Data] = []
    for i in range(depth):
        nodes.append({"id": f"C{i}", "kind": "claim", "text": f"claim {i}"})
        if undercut and i:
            relations.append({"id": f"R{i}", "kind": "undercuts", "from": f"C{i}", "to": f"R{i - 1}"})
        else:
            relations.append({"id": f"R{i}", "kind": "supports", "from": f"C{i}", "to": f"C{i - 1}" if i else "T"})
    return {"argmap": 1, "title": "deep", "nodes": nodes, "relations": relations}


def _partial_dates() -> st.SearchStrategy[str]:
    year = st.integers(1900, 2100)
    month = st.integers(1, 12)
    day = st.integers(1, 28)
    single = st.one_of(
        year.map(str),
        st.builds(lambda y, m: f"{y}-{m:02d}", year, month),
        st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", year, month, day),
    )
    ranged = st.builds(lambda y, a, b: f"{y}-{min(a, b):02d}/{y}-{max(a, b):02d}", year, month, month)
    return single | ranged


_numbers = st.integers(-(10**12), 10**12) | st.floats(-1e100, 1e100, allow_nan=False, allow_infinity=False, width=64)


def _optional(draw: st.DrawFn, out: Data, key: str, strategy: st.SearchStrategy[Any]) -> None:
    if draw(st.booleans()):
        out[key] = draw(strategy)


def _statistic(draw: st.DrawFn, node: Data) -> None:
    node["value"] = draw(_numbers)
    _optional(draw, node, "unit", texts(max_size=8))
    _optional(draw, node, "scale", st.sampled_from(get_args(Scale)))
    _optional(draw, node, "period", _partial_dates())
    _optional(draw, node, "change", st.fixed_dictionaries({"percent": _numbers}, optional={"since": _partial_dates()}))
    _optional(draw, node, "approximate", st.booleans())


def _count(draw: st.DrawFn, node: Data) -> None:
    node["what"] = draw(texts())
    node["number"] = draw(st.integers(0, 10**9))
    _optional(draw, node, "items", st.lists(texts(), max_size=3))


def _statement(draw: st.DrawFn, node: Data) -> None:
    node["speaker"] = draw(texts())
    _optional(draw, node, "date", _partial_dates())
    _optional(draw, node, "quote", texts())
    _optional(draw, node, "occasion", st.fixed_dictionaries({}, optional={"anniversary": st.integers(1, 100)}))


def _event(draw: st.DrawFn, node: Data) -> None:
    _optional(draw, node, "actors", st.lists(texts(), max_size=3))
    _optional(draw, node, "date", _partial_dates())
    _optional(draw, node, "status", st.sampled_from(get_args(EventStatus)))


def _absence(draw: st.DrawFn, node: Data) -> None:
    node["expected"] = draw(texts())
    _optional(draw, node, "date", _partial_dates())


WRITTEN_BY_HAND: dict[str, Callable[[st.DrawFn, Data], None]] = {
    "statistic": _statistic,
    "count": _count,
    "statement": _statement,
    "event": _event,
    "absence": _absence,
}
"""The evidence types whose fields are drawn by hand (with the YAML look-alikes of :func:`texts`); any
other registered type gets values from its annotations (``strategies_fields``). A test holds the keys to
the registry."""


def _evidence(draw: st.DrawFn, node_id: str, source_ids: list[str]) -> Data:
    kind = draw(st.sampled_from(list(EVIDENCE_CLASSES)))  # every registered type, a new one included
    node: Data = {"id": node_id, "kind": "evidence", "type": kind, "text": draw(texts())}
    by_hand = WRITTEN_BY_HAND.get(kind)
    if by_hand is not None:
        by_hand(draw, node)
    else:
        cls = EVIDENCE_CLASSES[kind]
        skip = frozenset(cls.model_fields) - set(own_fields(cls))
        node.update(draw(model_fields_data(cls, texts(), _partial_dates(), skip)))
    if source_ids and draw(st.booleans()):
        node["sources"] = draw(st.lists(st.sampled_from(source_ids), min_size=1, max_size=2, unique=True))
        _optional(draw, node, "anchor", texts())
    return node


@st.composite
def valid_maps(draw: st.DrawFn, max_nodes: int = 8) -> Data:
    """A map that loads without any diagnostic."""
    all_ids = draw(st.lists(ids(), min_size=2 * max_nodes + 4, max_size=2 * max_nodes + 4, unique=True))
    n_sources = draw(st.integers(0, 3))
    n_nodes = draw(st.integers(1, max_nodes))
    source_ids, node_ids, relation_ids = (
        all_ids[:n_sources],
        all_ids[4 : 4 + n_nodes],
        all_ids[4 + max_nodes :],
    )
    data: Data = {"argmap": 1, "title": draw(texts())}
    _optional(draw, data, "authors", st.lists(texts(), max_size=2))
    _optional(draw, data, "description", texts(max_size=80))
    _optional(draw, data, "created", _partial_dates())
    if source_ids:
        sources = []
        for sid in source_ids:
            source: Data = {"id": sid, "title": draw(texts())}
            _optional(draw, source, "date", _partial_dates())
            _optional(draw, source, "kind", st.sampled_from(get_args(SourceKind)))
            _optional(draw, source, "url", st.just("https://example.org/a?b=c&d=e"))
            sources.append(source)
        data["sources"] = sources
    # Node 0 is the thesis; the others are claims or evidence. Support only flows from a later node
    # to an earlier claim (or the thesis), so there is never a circle of support.
    nodes: list[Data] = [{"id": node_ids[0], "kind": "thesis", "text": draw(texts())}]
    for nid in node_ids[1:]:
        if draw(st.booleans()):
            claim: Data = {"id": nid, "kind": "claim", "text": draw(texts())}
            _optional(draw, claim, "tags", st.lists(texts(max_size=10), max_size=2))
            nodes.append(claim)
        else:
            nodes.append(_evidence(draw, nid, source_ids))
    order = draw(st.permutations(range(1, len(nodes))))
    data["nodes"] = [nodes[0]] + [nodes[i] for i in order] if draw(st.booleans()) else nodes
    relations: list[Data] = []
    for i, node in enumerate(nodes[1:], start=1):
        if len(relations) >= len(relation_ids) or not draw(st.booleans()):
            continue
        target = draw(st.sampled_from([n for n in nodes[:i] if n["kind"] != "evidence"]))
        # Premises are this node and perhaps a later one (linked); targets are earlier nodes.
        premises = [node["id"]]
        later = [n["id"] for n in nodes[i + 1 :]]
        if later and draw(st.booleans()):
            premises.append(draw(st.sampled_from(later)))
        rel: Data = {
            "id": relation_ids[len(relations)],
            "kind": draw(st.sampled_from(["supports", "attacks"])),
            "from": premises if len(premises) > 1 or draw(st.booleans()) else premises[0],
            "to": target["id"],
        }
        _optional(draw, rel, "strength", st.floats(0, 1))
        _optional(draw, rel, "warrant", texts())
        relations.append(rel)
    claims = [n["id"] for n in nodes if n["kind"] == "claim"]
    if relations and claims and len(relations) < len(relation_ids) and draw(st.booleans()):
        relations.append(
            {
                "id": relation_ids[len(relations)],
                "kind": "undercuts",
                "from": draw(st.sampled_from(claims)),
                "to": draw(st.sampled_from(relations))["id"],
            }
        )
    if relations:
        data["relations"] = relations
    return data


# --------------------------------------------------------------------------- near-valid maps


def _items(data: Data) -> list[Data]:
    return [*data.get("sources", []), *data["nodes"], *data.get("relations", [])]


@st.composite
def corrupted_maps(draw: st.DrawFn) -> tuple[str, Data]:
    """A valid map with exactly one thing broken: ``(what was broken, data)``."""
    data = copy.deepcopy(draw(valid_maps()))
    nodes: list[Data] = data["nodes"]
    how = draw(
        st.sampled_from(
            [
                "wrong-type",
                "unknown-key",
                "bad-date",
                "dangling-id",
                "duplicate-id",
                "missing-field",
                "bad-kind",
                "bad-id",
                "no-thesis",
                "second-thesis",
                "bad-version",
                "not-a-list",
            ]
        )
    )
    item = draw(st.sampled_from(_items(data)))
    if how == "wrong-type":
        key = draw(st.sampled_from([k for k in item if k not in ("kind", "type")]))
        item[key] = draw(st.sampled_from([{"a": 1}, [[1]], True] if isinstance(item[key], str) else [{"a": 1}, "x"]))
        if key == "from" and isinstance(item[key], str):
            item[key] = {"a": 1}
    elif how == "unknown-key":
        item[draw(st.sampled_from(["colour", "txet", "Id", "from_", "2"]))] = draw(texts())
    elif how == "bad-date":
        target = draw(st.sampled_from([data, *_items(data)]))
        field = "created" if target is data else "date"
        if target.get("kind") == "evidence":
            field = EVIDENCE_CLASSES[target["type"]].DATE_FIELD or "date"
        if target.get("kind") in ("thesis", "claim", "supports", "attacks", "undercuts"):
            target, field = data, "created"
        target[field] = draw(st.sampled_from(["2014-02-30", "2014-13", "yesterday", "2015/2014", "0000", "14-07"]))
    elif how == "dangling-id":
        relations = data.get("relations")
        evidence = [n for n in nodes if n["kind"] == "evidence"]
        if relations and draw(st.booleans()):
            draw(st.sampled_from(relations))["to"] = "nowhere-to-be-found"
        elif evidence:
            draw(st.sampled_from(evidence)).setdefault("sources", []).append("no-such-source")
        else:
            data["relations"] = [
                *data.get("relations", []),
                {"id": "R-x-1", "kind": "attacks", "from": "ghost", "to": nodes[0]["id"]},
            ]
    elif how == "duplicate-id":
        nodes.append({"id": draw(st.sampled_from(nodes))["id"], "kind": "claim", "text": "copy"})
    elif how == "missing-field":
        if item is nodes[0] or draw(st.booleans()):
            del data["title"]
        else:
            del item["id"]
    elif how == "bad-kind":
        nodes[draw(st.integers(0, len(nodes) - 1))]["kind"] = draw(st.sampled_from(["premise", "Thesis", "", 3]))
    elif how == "bad-id":
        item["id"] = draw(st.sampled_from(["a b", "'q'", "-x", "x" * 65, "", "a/b", "é é"]))
    elif how == "no-thesis":
        nodes[0]["kind"] = "claim"
        for rel in data.get("relations", []):
            if rel["to"] == nodes[0]["id"]:
                rel["kind"] = "attacks"
        data.pop("relations", None)
    elif how == "second-thesis":
        nodes.append({"id": "second-thesis-x", "kind": "thesis", "text": "another"})
    elif how == "bad-version":
        data["argmap"] = draw(st.sampled_from([2, 0, "1", 1.5, None, True]))
    else:
        data[draw(st.sampled_from(["nodes", "authors", "sources", "relations"]))] = draw(
            st.sampled_from(["x", 5, {"a": 1}])
        )
    return how, data
