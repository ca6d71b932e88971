"""Data-driven validation cases (tests/cases/*.yaml) and structure checks.

Each case file is a small YAML document::

    about: what the case shows
    expect: ["AM103@12:9"]        # CODE@line:col, or bare CODE for a problem with no position
    contains: ["did you mean T?"]  # optional: words the messages must contain
    suffix: .json                  # optional: the map's file suffix (default .yaml)
    encoding: latin-1              # optional: how `text` becomes bytes (to write invalid UTF-8)
    path: missing | folder         # optional: no map file, or a folder where the map should be
    max_bytes: 100                 # optional: lower the size limit for this case
    files: {article.txt: "..."}    # optional: files next to the map (source texts for anchors)
    text: |
      argmap: 1
      ...

Lines and columns count in ``text``. Every case runs twice: through the library
(:func:`argmap.pipeline.check_file`, rules off) and through ``argmap check --no-rules --format json``;
both must give exactly the expected diagnostics, and the CLI the matching exit code.
Adding a case needs no Python: drop a file into tests/cases/.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import argmap.load
from argmap.cli import app
from argmap.diagnostics import CODES, Diagnostic
from argmap.load import load_text
from argmap.pipeline import CheckOptions, check_file
from argmap.validate import support_cycles

CASES_DIR = Path(__file__).parent / "cases"
CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))
_EXPECT = re.compile(r"^(AM\d{3})(?:@(\d+):(\d+))?$")
_CASE_KEYS = {"about", "expect", "contains", "suffix", "encoding", "path", "max_bytes", "files", "text"}


@dataclass
class Case:
    name: str
    about: str
    expect: list[str]
    text: str = ""
    contains: list[str] = field(default_factory=list)
    suffix: str = ".yaml"
    encoding: str = "utf-8"
    path: str | None = None
    max_bytes: int | None = None
    files: dict[str, str] = field(default_factory=dict)


def read_case(path: Path) -> Case:
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    unknown = set(raw) - _CASE_KEYS
    assert not unknown, f"{path.name}: unknown case keys {sorted(unknown)}"
    for item in raw["expect"]:
        assert _EXPECT.match(item), f"{path.name}: bad expectation {item!r}; write CODE@line:col"
    return Case(name=path.stem, **raw)


def label(d: Diagnostic) -> str:
    return f"{d.code}@{d.line}:{d.col}" if d.line else d.code


def _order(items: list[str]) -> list[str]:
    def key(item: str) -> tuple[int, int, str]:
        m = _EXPECT.match(item)
        assert m, item
        return (int(m.group(2) or 0), int(m.group(3) or 0), m.group(1))

    return sorted(items, key=key)


def materialise(case: Case, folder: Path) -> Path:
    """Write the case's map (and side files) into ``folder``; return the map's path."""
    for name, content in case.files.items():
        (folder / name).write_text(content, encoding="utf-8")
    target = folder / f"map{case.suffix}"
    if case.path == "missing":
        return target
    if case.path == "folder":
        target.mkdir()
        return target
    target.write_bytes(case.text.encode(case.encoding))
    return target


@pytest.fixture(params=CASE_FILES, ids=[p.stem for p in CASE_FILES])
def case(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Case, Path]:
    c = read_case(request.param)
    if c.max_bytes is not None:
        monkeypatch.setattr(argmap.load.reading, "MAX_BYTES", c.max_bytes)
    return c, materialise(c, tmp_path)


def test_case_library(case: tuple[Case, Path]) -> None:
    c, path = case
    result = check_file(path, CheckOptions(rules=False))
    got = [label(d) for d in result.diagnostics]
    assert _order(got) == _order(c.expect), "\n".join(str(d) for d in result.diagnostics)
    messages = " | ".join(d.message for d in result.diagnostics)
    for words in c.contains:
        assert words in messages
    for d in result.diagnostics:
        assert d.file == str(path)
        assert d.severity is CODES[d.code][1], f"{d.code} reported as {d.severity}"
        if d.code != "AM001":
            assert d.line >= 1 and d.col >= 1, str(d)


def test_case_cli(case: tuple[Case, Path]) -> None:
    c, path = case
    run = CliRunner().invoke(app, ["check", "--no-rules", "--format", "json", str(path)])
    assert run.exception is None or isinstance(run.exception, SystemExit), run.exception
    if c.path is not None:  # nothing to check: a usage error, one line on stderr
        assert run.exit_code == 2
        assert run.stdout == ""
        assert run.stderr.startswith(f"argmap: {path}") and run.stderr.count("\n") == 1
        return
    doc = json.loads(run.stdout)
    got = [f"{d['code']}@{d['line']}:{d['column']}" if d["line"] else d["code"] for d in doc["diagnostics"]]
    assert got == _order(c.expect)
    codes = {item.partition("@")[0] for item in c.expect}
    errors = any(CODES[code][1].value == "error" for code in codes)
    assert run.exit_code == (2 if "AM001" in codes else 1 if errors else 0)


def test_every_code_has_a_case() -> None:
    """Each validation code that can occur is shown by at least one case file (import codes, AMI...,
    are shown by the interchange tests)."""
    covered = {item.partition("@")[0] for p in CASE_FILES for item in read_case(p).expect}
    assert sorted({c for c in CODES if not c.startswith("AMI")} - covered) == []


def test_cases_are_small_and_named_by_code() -> None:
    for p in CASE_FILES:
        assert p.stat().st_size < 8_000, p.name
        assert re.match(r"^(am\d{3}|ok)-[a-z0-9-]+$", p.stem), p.name
        if p.stem.startswith("am"):
            assert p.stem[:5].upper() in {item[:5] for item in read_case(p).expect}, p.name


# --------------------------------------------------------------------------- structure checks


def _map(nodes: str, relations: str) -> str:
    return f"argmap: 1\ntitle: t\nnodes:\n{nodes}relations:\n{relations}"


def _node(i: str, kind: str = "claim") -> str:
    return f"  - {{id: {i}, kind: {kind}, text: '{i}'}}\n"


def _rel(i: str, a: str, b: str, kind: str = "supports") -> str:
    return f"  - {{id: {i}, kind: {kind}, from: {a}, to: {b}}}\n"


def test_support_cycles_are_reported_once_per_circle_from_the_smallest_id() -> None:
    text = _map(
        _node("T", "thesis") + _node("C") + _node("A") + _node("B") + _node("X") + _node("Y"),
        _rel("R1", "A", "B")
        + _rel("R2", "B", "C")
        + _rel("R3", "C", "A")
        + _rel("R4", "A", "T")
        + _rel("R5", "X", "Y")
        + _rel("R6", "Y", "X"),
    )
    result = load_text(text)
    assert result.map is not None
    assert support_cycles(result.map) == [["A", "B", "C"], ["X", "Y"]]
    cycles = [d for d in result.diagnostics if d.code == "AM111"]
    assert [(d.subject, d.line) for d in cycles] == [("A", 6), ("X", 8)]
    assert "A -> B -> C -> A" in cycles[0].message


_IDS = [f"N{i}" for i in range(7)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from([*_IDS, "gone"]), min_size=1, max_size=3),
            st.sampled_from([*_IDS, "gone"]),
            st.sampled_from(["supports", "supports", "attacks"]),
        ),
        max_size=14,
    )
)
def test_support_cycles_are_one_true_circle_per_knot_of_mutual_support(
    edges: list[tuple[list[str], str, str]],
) -> None:
    """Whatever the graph (several premises, self-support, unknown ids, attacks), each set of nodes that
    all support one another through chains of supports (a strongly connected component of two or more)
    gives exactly one circle, made of its own nodes, starting at its smallest id, whose every step is a
    supports relation. Checked against reachability computed the slow way."""
    nodes = "".join(_node(i) for i in _IDS)
    rels = "".join(
        f"  - {{id: R{k}, kind: {kind}, from: [{', '.join(ps)}], to: {t}}}\n" for k, (ps, t, kind) in enumerate(edges)
    )
    result = load_text(_map(nodes, rels))
    assert result.map is not None
    step = {(p, t) for ps, t, kind in edges if kind == "supports" and t in _IDS for p in ps if p in _IDS and p != t}
    reach = {a: {b for b in _IDS if (a, b) in step} for a in _IDS}
    for _ in _IDS:  # transitive closure, the slow way
        reach = {a: bs.union(*(reach[b] for b in bs)) for a, bs in reach.items()}
    knots = {frozenset([a, *(b for b in _IDS if b in reach[a] and a in reach[b])]) for a in _IDS if a in reach[a]}
    cycles = support_cycles(result.map)
    assert sorted(min(k) for k in knots) == [c[0] for c in cycles]
    for cycle in cycles:
        knot = next(k for k in knots if cycle[0] in k)
        assert set(cycle) <= knot and len(set(cycle)) == len(cycle) >= 2
        assert all((a, b) in step for a, b in zip(cycle, [*cycle[1:], cycle[0]], strict=True))


_KINDS = {"T": "thesis", "C1": "claim", "C2": "claim", "E1": "evidence", "E2": "evidence"}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from([*_KINDS, "gone", "R0"]), min_size=1, max_size=3),
            st.sampled_from([*_KINDS, "gone", "R0", "R1"]),
            st.sampled_from(["supports", "attacks", "undercuts"]),
        ),
        max_size=8,
    )
)
def test_relations_skipped_as_plain_are_those_with_nothing_to_report(
    edges: list[tuple[list[str], str, str]],
) -> None:
    """``check_structure`` passes over the common relation without a closer look: the findings are those of
    looking closely at every relation, in the same order."""
    from argmap.validate import _check_relation

    nodes = "".join(f"  - {{id: {i}, kind: {k}, text: '{i}'}}\n" for i, k in _KINDS.items())
    rels = "".join(
        f"  - {{id: R{k}, kind: {kind}, from: [{', '.join(ps)}], to: {t}}}\n" for k, (ps, t, kind) in enumerate(edges)
    )
    result = load_text(_map(nodes, rels))
    assert result.map is not None and result.graph is not None
    found = [
        (d.code, d.path, d.message)
        for d in result.diagnostics
        if d.code in ("AM103", "AM105", "AM107", "AM108", "AM115")
    ]
    result.diagnostics.clear()
    node_ids, relation_ids = list(result.graph.nodes), list(result.graph.relations)
    for i, r in enumerate(result.map.relations):
        _check_relation(result, result.graph, i, r, node_ids, relation_ids)
    assert found == [(d.code, d.path, d.message) for d in result.diagnostics]


def test_attack_circles_are_not_support_cycles() -> None:
    text = _map(_node("T", "thesis") + _node("A") + _node("B"), _rel("R1", "A", "B", "attacks") + _rel("R2", "B", "A"))
    assert [d.code for d in load_text(text).diagnostics] == []


def test_support_cycle_check_is_iterative_on_a_long_chain() -> None:
    n = 3000
    nodes = _node("T", "thesis") + "".join(_node(f"N{i}") for i in range(n))
    rels = _rel("R", "N0", "T") + "".join(_rel(f"R{i}", f"N{i + 1}", f"N{i}") for i in range(n - 1))
    rels += _rel("Rback", "N0", f"N{n - 1}")
    result = load_text(_map(nodes, rels))
    cycles = [d for d in result.diagnostics if d.code == "AM111"]
    assert len(cycles) == 1 and cycles[0].subject == "N0"


def test_references_to_invalid_items_are_not_reported_twice() -> None:
    """A node that fails validation is not also 'unknown' where a relation names it."""
    text = _map(_node("T", "thesis") + "  - {id: C, kind: claim, text: c, colour: red}\n", _rel("R", "C", "T"))
    result = load_text(text)
    assert [label(d) for d in result.diagnostics] == ["AM101@5:35"]
