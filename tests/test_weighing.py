"""The author's own weighing (conditions, concessions) and the mapper apart from the author (issue 29).

Properties on random maps: a condition not yet met never defeats anything; an outweighed attack
never does either; the author's argument alone (``author_only``) is a valid map holding nothing of
the mapper's, and a map that marks nothing as the mapper's is its own author's argument.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from strategies_maps import map_data

from argmap.model import ArgMap
from argmap.provenance import author_only, mapper_items, provenance_losses
from argmap.semantics import analyse


def _with(data: dict[str, Any], **fields: Any) -> ArgMap:
    for r in data["relations"]:
        if r["kind"] != "supports":
            r.update(fields)
    return ArgMap.model_validate(data)


@given(map_data(max_nodes=10))
def test_a_condition_not_yet_met_defeats_nothing(data: dict[str, Any]) -> None:
    m = _with(data, condition="North Korea crosses the Rubicon")
    assert "rejected" not in analyse(m).statuses().values()


@given(map_data(max_nodes=10))
def test_a_failed_condition_is_no_attack_and_a_met_one_is_a_plain_attack(data: dict[str, Any]) -> None:
    plain = analyse(ArgMap.model_validate(data)).statuses()
    met = analyse(_with(data, condition="it happens", condition_met=True)).statuses()
    assert met == plain
    failed = analyse(_with(data, condition="it happens", condition_met=False)).statuses()
    assert set(failed.values()) == {"accepted"}  # no attack left: everything stands


@given(map_data(max_nodes=10))
def test_outweighed_attacks_defeat_nothing(data: dict[str, Any]) -> None:
    m = _with({**data, "relations": [r for r in data["relations"] if r["kind"] != "undercuts"]}, outweighed=True)
    assert set(analyse(m).statuses().values()) <= {"accepted"}


@given(map_data(max_nodes=10))
def test_author_only_is_valid_and_holds_nothing_of_the_mappers(data: dict[str, Any]) -> None:
    for i, r in enumerate(data["relations"]):
        if i % 3 == 0:
            r["by"] = "mapper"
        elif r.get("warrant"):
            r["warrant_by"] = "mapper"
    for n in data["nodes"][1::4]:
        if n["kind"] == "claim":
            n["by"] = "mapper"
    m = ArgMap.model_validate(data)
    alone = author_only(m)
    assert mapper_items(alone.map) == []
    assert all(r.warrant is None or r.warrant_maker == "author" for r in alone.map.relations)
    ids = {n.id for n in alone.map.nodes} | {r.id for r in alone.map.relations}
    assert all(set(r.premises) <= ids and (r.target in ids) for r in alone.map.relations)
    assert len(alone.removed) >= len(mapper_items(m))


@given(map_data(max_nodes=10))
def test_a_map_of_the_authors_alone_is_unchanged(data: dict[str, Any]) -> None:
    m = ArgMap.model_validate(data)
    alone = author_only(m)
    assert alone.map == m and alone.removed == []
    assert provenance_losses(m) == []


def test_a_record_that_contradicts_is_named_as_a_loss_where_a_format_cannot_hold_it() -> None:
    m = ArgMap.model_validate(
        {
            "argmap": 1,
            "title": "t",
            "sources": [{"id": "S1", "title": "Article"}, {"id": "W", "title": "Record", "by": "mapper"}],
            "nodes": [
                {"id": "T", "kind": "thesis", "text": "Pyongyang courts Tokyo."},
                {
                    "id": "E1",
                    "kind": "evidence",
                    "type": "event",
                    "text": "A delegation came.",
                    "sources": ["S1"],
                    "contradicted_by": [{"source": "W", "says": "it came in May"}],
                },
                {"id": "C1", "kind": "claim", "text": "Talks go on."},
            ],
            "relations": [
                {"id": "R1", "kind": "supports", "from": "E1", "to": "T", "warrant": "w", "warrant_by": "mapper"},
                {"id": "R2", "kind": "attacks", "from": "C1", "to": "T", "outweighed": True},
            ],
        }
    )
    losses = {(x.kind, x.subject) for x in provenance_losses(m)}
    assert losses == {("provenance", "W"), ("contradicted-by", "E1"), ("provenance", "R1"), ("outweighed", "R2")}
    alone = author_only(m)
    assert [s.id for s in alone.map.sources] == ["S1"]
    assert alone.map.nodes[1].contradicted_by == []  # the record is the mapper's: it goes with it
    assert alone.map.relations[0].warrant is None
