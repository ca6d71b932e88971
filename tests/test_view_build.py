"""The neutral view: junctions, focus and collapse, and the account of everything not drawn."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.load import load_map, load_text
from argmap.model import ArgMap
from argmap.view.build import View, ViewError, ViewOptions, build_view
from argmap.view.kinds import evidence_facts
from argmap.view.outline import build_outline, rows
from argmap.view.text import format_number, wrap

sys.path.insert(0, str(Path(__file__).parent))
from view_synth import synthetic_map

FIXTURES = Path(__file__).parent / "fixtures" / "view"


def _load(name: str) -> ArgMap:
    m = load_map(FIXTURES / name).map
    assert m is not None
    return m


def _synthetic(n: int) -> ArgMap:
    result = load_text(json.dumps(synthetic_map(n)), json_hint=True)
    assert result.map is not None and not result.has_errors, [str(d) for d in result.diagnostics[:3]]
    return result.map


def test_junctions_for_linked_premises_and_undercut_relations() -> None:
    view = build_view(_load("all-kinds.yaml"))
    junctions = {r.id for r in view.relations if r.junction}
    assert junctions == {"R3", "R4"}  # R3: two linked premises; R4: undercut by R8
    assert view.relation_by_id["R8"].target == "R4"


def test_focus_counts_what_is_left_out() -> None:
    view = build_view(_load("all-kinds.yaml"), ViewOptions(focus="C2", depth=1))
    assert [n.id for n in view.nodes] == ["T", "C2", "E3", "E4"]
    assert [r.id for r in view.relations] == ["R2", "R5", "R6"]
    assert (view.omitted_nodes, view.omitted_relations) == (6, 5)
    assert view.note() == "Focus on C2, 1 step: 6 nodes and 5 relations not shown."
    assert view.by_id["T"].notes == ["1 link not shown"]


def test_focus_takes_linked_copremises_and_undercuts_along() -> None:
    view = build_view(_load("all-kinds.yaml"), ViewOptions(focus="E5", depth=1))
    # E5 -> R4 -> C1; C4 undercuts R4, so it is one step from E5 too.
    assert {n.id for n in view.nodes} == {"E5", "C1", "C4"}
    assert {r.id for r in view.relations} == {"R4", "R8"}


def test_focus_depth_zero_and_errors() -> None:
    m = _load("all-kinds.yaml")
    view = build_view(m, ViewOptions(focus="T", depth=0))
    assert [n.id for n in view.nodes] == ["T"] and view.relations == []
    with pytest.raises(ViewError, match="did you mean C1"):
        build_view(m, ViewOptions(focus="C11"))
    with pytest.raises(ViewError, match="0 or more"):
        build_view(m, ViewOptions(focus="T", depth=-1))


def test_collapse_folds_only_evidence_that_can_go() -> None:
    view = build_view(_load("all-kinds.yaml"), ViewOptions(collapse=True))
    # E5's relation R4 is undercut: it stays drawn, and so does E5.
    assert {n.id for n in view.nodes} == {"T", "C1", "C2", "C3", "C4", "E5"}
    assert view.folded == 4 and view.folded_relations == 3
    assert view.by_id["C1"].notes == ["evidence folded: 2 for"]
    assert view.by_id["C2"].notes == ["evidence folded: 2 for"]
    assert view.omitted_nodes == 0 and view.omitted_relations == 0
    assert view.note() == "4 evidence nodes folded into the claims they bear on."


def test_collapse_keeps_evidence_linked_with_a_claim() -> None:
    data = {
        "argmap": 1,
        "title": "t",
        "nodes": [
            {"id": "T", "kind": "thesis", "text": "t"},
            {"id": "C", "kind": "claim", "text": "c"},
            {"id": "E", "kind": "evidence", "type": "event", "text": "e"},
            {"id": "F", "kind": "evidence", "type": "event", "text": "f"},
            {"id": "A", "kind": "claim", "text": "a"},
        ],
        "relations": [
            {"id": "R1", "kind": "supports", "from": ["C", "E"], "to": "T"},
            {"id": "R2", "kind": "attacks", "from": "F", "to": "C"},
            {"id": "R3", "kind": "attacks", "from": "A", "to": "F"},
        ],
    }
    m = load_text(json.dumps(data), json_hint=True).map
    assert m is not None
    view = build_view(m, ViewOptions(collapse=True))
    assert {n.id for n in view.nodes} == {"T", "C", "E", "F", "A"}  # E linked with a claim, F attacked
    assert view.folded == 0


def _accounted(view: View, m: ArgMap) -> None:
    assert len(view.nodes) + view.omitted_nodes + view.folded == len(m.nodes)
    assert len(view.relations) + view.omitted_relations + view.folded_relations == len(m.relations)
    drawn = {n.id for n in view.nodes}
    for r in view.relations:  # a drawn relation never points at something not drawn
        assert set(r.premises) <= drawn
        assert r.target in drawn or r.target in view.relation_by_id


@settings(max_examples=30)
@given(
    n=st.integers(min_value=2, max_value=120),
    focus=st.integers(min_value=0, max_value=200),
    depth=st.integers(min_value=0, max_value=4),
    collapse=st.booleans(),
)
def test_nothing_is_dropped_silently(n: int, focus: int, depth: int, collapse: bool) -> None:
    m = _synthetic(n)
    focus_id = m.nodes[focus % len(m.nodes)].id
    view = build_view(m, ViewOptions(focus=focus_id, depth=depth, collapse=collapse))
    _accounted(view, m)
    assert view.by_id[focus_id]
    outline = build_outline(view)
    shown = {r.node.id for r in rows(outline) if r.node is not None and not r.ref}
    assert shown == {n.id for n in view.nodes}  # every drawn node appears once in full in `show`


def test_deep_chain_does_not_overflow() -> None:
    depth = 3000
    nodes = [{"id": "T", "kind": "thesis", "text": "t"}] + [
        {"id": f"C{i}", "kind": "claim", "text": f"c{i}"} for i in range(depth)
    ]
    rels = [
        {"id": f"R{i}", "kind": "supports", "from": f"C{i}", "to": "T" if i == 0 else f"C{i - 1}"} for i in range(depth)
    ]
    m = load_text(json.dumps({"argmap": 1, "title": "deep", "nodes": nodes, "relations": rels}), json_hint=True).map
    assert m is not None
    assert len(rows(build_outline(build_view(m)))) == depth + 1


def test_evidence_facts() -> None:
    m = _load("all-kinds.yaml")
    facts = {n.id: evidence_facts(n) for n in m.nodes}
    assert facts["E1"] == ["6.39 billion USD (2014)", "change -2.8% since 2013"]
    assert facts["E2"] == ["0 high-level visits (2014)"]
    assert facts["E3"] == ["Foreign Minister, state news agency, 2014-07-11", "“We value our new friends.”"]
    assert facts["E4"] == ["Delegation, New Partner; 2014-06/2014-07"]
    assert facts["E5"] == [
        "expected: an anniversary message to the old partner (from the leadership)",
        "not by 2014-07-11",
    ]
    assert facts["T"] == []


def test_number_format_and_wrap() -> None:
    assert [format_number(x) for x in (1234567, 2.50, 1e6, 0.125)] == [
        "1,234,567",
        "2.5",
        "1,000,000",
        "0.125",
    ]
    assert wrap("aaa bbb ccc", 7) == ["aaa bbb", "ccc"]
    assert wrap("x" * 10, 4) == ["xxxx", "xxxx", "xx"]
    assert wrap("", 5) == [""]
    assert wrap("a\nb  c", 10) == ["a b c"]


def test_badges_show_grounding_beside_standing() -> None:
    """Issue 30: with --status a claim's badge says whether it stands and whether evidence bears on it;
    evidence has no grounding of its own (it is the ground)."""
    from argmap.api import view_map
    from argmap.view.dot import to_dot
    from argmap.view.labels import node_lines

    shipped = Path(__file__).parent.parent / "claims" / "north-korea-seeking-new-friends.yaml"
    view = view_map(shipped, status=True)
    badge = {n.id: [line.text for line in node_lines(n) if line.kind == "status"] for n in view.nodes}
    assert badge["C6"] == ["STANDS · EVIDENCED"]  # evidence supports it directly
    assert badge["C7"] == ["STANDS · ASSERTED"]  # nothing supports it
    assert badge["T"] == ["STANDS · PARTLY EVIDENCED"]
    assert badge["E_treaty_silence"] == ["STANDS"]
    dot = to_dot(view)
    assert "STANDS · EVIDENCED" in dot and "STANDS · ASSERTED" in dot
    assert all(n.grounding is None for n in view_map(shipped).nodes)  # no badge without --status


@pytest.mark.parametrize(("leaves", "rows"), [(2, 1), (6, 3), (16, 8), (17, 6), (500, 8)])
def test_leaf_evidence_is_stacked_in_rows_of_two_and_at_most_eight_deep(leaves: int, rows: int) -> None:
    """A claim's leaf evidence is stacked in rows of two; past eight rows the rows widen instead (17 in rows
    of three). Five
    hundred pieces under one thesis in rows of two made 250 ranks, and Graphviz took over 100 s."""
    import re

    from argmap.view.dot import to_dot

    data = {
        "argmap": 1,
        "title": "A survey",
        "sources": [{"id": "S", "title": "Survey"}],
        "nodes": [{"id": "T", "kind": "thesis", "text": "Schools improved."}]
        + [
            {
                "id": f"E{i}",
                "kind": "evidence",
                "type": "event",
                "text": f"School {i} opened a library.",
                "sources": ["S"],
            }
            for i in range(leaves)
        ],
        "relations": [{"id": f"R{i}", "kind": "supports", "from": f"E{i}", "to": "T"} for i in range(leaves)],
    }
    source = to_dot(build_view(load_text(json.dumps(data), file="survey.json").map))  # type: ignore[arg-type]
    below = dict(re.findall(r'^  "(E\d+)" -> "(E\d+)" \[style=invis', source, re.M))
    depth = {f"E{i}": 1 for i in range(leaves)}
    for i in range(leaves):  # each stacked leaf sits one row below the leaf it points to
        node = f"E{i}"
        if node in below:
            depth[node] = depth[below[node]] + 1
    assert max(depth.values()) == rows


def test_a_long_id_is_wrapped_in_its_header_not_widening_the_box() -> None:
    """A student's sixty-character id made a box wider than a slide at 12 pt (9 pt printed)."""
    from argmap.view.build import ViewNode
    from argmap.view.labels import WIDTH, header_line, node_lines

    node = ViewNode(id="C_0_a_rather_long_identifier_chosen_by_a_student_for_this_node", kind="claim", text="A claim.")
    header = [line.text for line in node_lines(node) if line.kind == "header"]
    assert header == ["claim", "C_0_a_rather_long_identifier_chosen_by_a_stu", "dent_for_this_node"]
    assert all(len(t) <= WIDTH + 10 for t in header)
    assert "".join(header).replace(" ", "") == header_line(node).replace(" ", "")
    assert [line.text for line in node_lines(ViewNode(id="C1", kind="claim", text="x")) if line.kind == "header"] == [
        "claim C1"
    ]
