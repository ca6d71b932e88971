"""Grading by meaning: ids never count, paraphrases do, opposites do not; splits, merges, overrides."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.exercises.align import Matcher
from argmap.exercises.api import article_text, grade_paths, load_key
from argmap.exercises.grade import grade_map
from argmap.load import load_map
from argmap.model import ArgMap

BIKES = Path(__file__).parent / "eval" / "bike-lanes"
KEY_FILE = BIKES / "key.yaml"
KEY = load_key(KEY_FILE)
TEXT = article_text(KEY, KEY_FILE)
MATCHER = Matcher(KEY, TEXT)
STUDENTS = sorted((BIKES / "students").glob("*.yaml"))


def _map(path: Path) -> ArgMap:
    m = load_map(path).map
    assert m is not None
    return m


def _renamed(m: ArgMap, names: list[str]) -> ArgMap:
    new = {n.id: names[i] for i, n in enumerate(m.nodes)}
    nodes = [n.model_copy(update={"id": new[n.id]}) for n in m.nodes]
    rels = [
        r.model_copy(update={"premises": [new.get(p, p) for p in r.premises], "target": new.get(r.target, r.target)})
        for r in m.relations
    ]
    return m.model_copy(update={"nodes": nodes, "relations": rels})


def _grade(m: ArgMap) -> float:
    return grade_map(KEY, m, matcher=MATCHER).percent


@settings(max_examples=25, deadline=None)
@given(
    which=st.sampled_from(STUDENTS),
    names=st.lists(st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,8}", fullmatch=True), min_size=40, max_size=40, unique=True),
)
def test_the_same_map_under_other_ids_gets_the_same_mark(which: Path, names: list[str]) -> None:
    m = _map(which)
    assert _grade(_renamed(m, names)) == _grade(m)


@settings(max_examples=15, deadline=None)
@given(which=st.sampled_from(STUDENTS), rnd=st.randoms(use_true_random=False))
def test_the_order_nodes_are_written_in_does_not_change_the_mark(which: Path, rnd: random.Random) -> None:
    m = _map(which)
    nodes = list(m.nodes)
    rnd.shuffle(nodes)
    assert _grade(m.model_copy(update={"nodes": nodes})) == _grade(m)


def test_the_key_gets_full_marks_under_any_ids() -> None:
    assert _grade(KEY) == 100.0
    assert _grade(_renamed(KEY, [f"x{i}" for i in range(len(KEY.nodes))])) == 100.0


def _with_text(m: ArgMap, node_id: str, text: str) -> ArgMap:
    return m.model_copy(
        update={
            "nodes": [n.model_copy(update={"text": text, "aliases": []}) if n.id == node_id else n for n in m.nodes]
        }
    )


def test_a_negated_claim_is_not_credited_even_with_the_keys_links() -> None:
    student = _with_text(KEY, "C_shops_ok", "The bike lanes have hurt local shops.")
    student = student.model_copy(
        update={"nodes": [n.model_copy(update={"anchor": None}) if n.id == "C_shops_ok" else n for n in student.nodes]}
    )
    report = grade_map(KEY, student, matcher=MATCHER)
    assert report.items["C_shops_ok"] is False
    assert report.percent < 100


def test_feedback_says_you_wrote_the_opposite() -> None:
    report = grade_map(NK, _one_claim("China-North Korea relations are beyond repair."))
    assert [f.message for f in report.feedback if f.topic == "opposite"] == [
        'you wrote "China-North Korea relations are beyond repair.": the opposite of '
        '"China-North Korea relations are not beyond repair."'
    ]


def test_a_paraphrase_with_other_words_is_credited() -> None:
    student = _with_text(KEY, "C_shops_ok", "Local businesses have not suffered from the lanes.")
    student = student.model_copy(
        update={"nodes": [n.model_copy(update={"anchor": None}) if n.id == "C_shops_ok" else n for n in student.nodes]}
    )
    report = grade_map(KEY, student, matcher=MATCHER)
    assert report.items["C_shops_ok"] is True


NK = ArgMap.model_validate(
    {
        "argmap": 1,
        "title": "t",
        "glossary": {"North Korea": ["Pyongyang"], "Russia": ["Moscow"], "court": ["cultivate"]},
        "nodes": [
            {"id": "T", "kind": "thesis", "text": "North Korea is looking for new partners."},
            {"id": "C11", "kind": "claim", "text": "Since 2013 North Korea has been cultivating Russia."},
            {"id": "C13", "kind": "claim", "text": "China-North Korea relations are not beyond repair."},
        ],
        "relations": [{"id": "R1", "kind": "supports", "from": "C11", "to": "T"}],
    }
)


def _one_claim(text: str) -> ArgMap:
    return ArgMap.model_validate({"argmap": 1, "title": "s", "nodes": [{"id": "mine", "kind": "claim", "text": text}]})


def test_roles_swapped_are_not_credited() -> None:
    al = Matcher(NK).align(_one_claim("Russia has been cultivating North Korea since 2013."))
    assert al.students_of("C11") == []
    assert [(o.key_id, o.why) for o in al.opposites] == [("C11", "roles")]


def test_glossary_and_stems_match_a_paraphrase() -> None:
    al = Matcher(NK).align(_one_claim("From 2013 Pyongyang has courted Moscow."))
    assert al.students_of("C11") == ["mine"]


def test_beyond_repair_is_the_opposite_of_not_beyond_repair() -> None:
    al = Matcher(NK).align(_one_claim("China-North Korea relations are beyond repair."))
    assert al.students_of("C13") == []
    assert [(o.key_id, o.why) for o in al.opposites] == [("C13", "negation")]


def test_a_split_claim_and_a_merged_claim_earn_credit() -> None:
    gus = grade_paths(KEY_FILE, [BIKES / "students" / "gus.yaml"]).students[0]
    methods = {(m.key_id, m.method) for m in gus.alignment.matches}
    assert ("C_safer", "split") in methods
    assert any(k in ("C_shops_ok", "C_shoppers") and how == "merge" for k, how in methods)
    assert gus.items["C_safer"] and gus.items["C_shops_ok"] and gus.items["C_shoppers"]


def test_pasted_paragraphs_earn_nothing_and_are_named() -> None:
    ella = grade_paths(KEY_FILE, [BIKES / "students" / "ella.yaml"]).students[0]
    assert ella.criterion("evidence").earned == 0
    assert [f.topic for f in ella.feedback].count("pasted") == 4


def test_an_invented_claim_is_called_invented_once() -> None:
    chloe = grade_paths(KEY_FILE, [BIKES / "students" / "chloe.yaml"]).students[0]
    invented = [f.message for f in chloe.feedback if f.topic == "invented"]
    assert invented == [
        'not in the text: "Cycling is better for the environment and cuts pollution." '
        "is your own point, not the author's"
    ]
    assert not any("environment" in f.message for f in chloe.feedback if f.topic != "invented")


def test_student_feedback_is_short_and_starts_with_what_went_well() -> None:
    for path in STUDENTS:
        report = grade_paths(KEY_FILE, [path]).students[0]
        lines = report.student_feedback()
        assert len(lines) <= 11, path.name
        good = [f for f in report.feedback if f.good]
        if good:
            assert lines[0].startswith(good[0].message), path.name


def test_overrides_decide_pairs_on_regrade() -> None:
    finn = BIKES / "students" / "finn.yaml"
    before = grade_paths(KEY_FILE, [finn]).students[0]
    assert before.items["C_objection"]
    after = grade_paths(KEY_FILE, [finn], overrides={"finn.yaml": {"PARKING": None}}).students[0]
    assert not after.items["C_objection"] and after.percent < before.percent
    forced = grade_paths(KEY_FILE, [finn], overrides={"finn": {"PARKING": "C_shoppers"}}).students[0]
    assert ("C_shoppers", "PARKING", "override") in {
        (m.key_id, m.student_id, m.method) for m in forced.alignment.matches
    }


def test_uncertain_pairs_are_listed_for_review() -> None:
    gus = grade_paths(KEY_FILE, [BIKES / "students" / "gus.yaml"]).students[0]
    assert any(m.method in ("split", "merge", "structure") for m in gus.review)
