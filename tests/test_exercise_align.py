"""Aligning student nodes to key nodes: by id, by quotation, by words; one-to-one and deterministic."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.exercises.align import align, anchor_overlap, text_similarity, tokens
from argmap.load import load_map
from argmap.model import ArgMap

KEY_FILE = Path(__file__).parent / "fixtures" / "exercises" / "key.yaml"
_KEY = load_map(KEY_FILE).map
assert _KEY is not None
KEY: ArgMap = _KEY
IDS = [n.id for n in KEY.nodes]


def _student(keep: list[bool], rename: list[bool], order: list[int]) -> tuple[ArgMap, dict[str, str]]:
    """The key's nodes, some dropped, some renamed, in another order; relations left out."""
    nodes = []
    truth: dict[str, str] = {}
    for i in order:
        n = KEY.nodes[i]
        if not keep[i]:
            continue
        new_id = f"n{i}" if rename[i] else n.id
        nodes.append(n.model_copy(update={"id": new_id}))
        truth[n.id] = new_id
    return KEY.model_copy(update={"nodes": nodes, "relations": []}), truth


@settings(max_examples=30, deadline=None)
@given(
    keep=st.lists(st.booleans(), min_size=len(IDS), max_size=len(IDS)),
    rename=st.lists(st.booleans(), min_size=len(IDS), max_size=len(IDS)),
    order=st.permutations(range(len(IDS))),
)
def test_renamed_and_dropped_nodes_align_back(keep: list[bool], rename: list[bool], order: list[int]) -> None:
    student, truth = _student(keep, rename, list(order))
    al = align(KEY, student)
    assert al.key_to_student == truth
    assert al.unmatched_key == [i for i in IDS if i not in truth]
    assert al.unmatched_student == []
    for m in al.matches:
        by_words = "anchor" if KEY.nodes[IDS.index(m.key_id)].kind == "evidence" else "text"
        assert m.method == ("id" if m.key_id == m.student_id else by_words)
    # the order of the student's nodes does not change the result
    again, _ = _student(keep, rename, sorted(order))
    assert align(KEY, again).key_to_student == truth


def test_anchor_overlap() -> None:
    assert anchor_overlap("around one hundred", "fired around one hundred short-range missiles") == 1.0
    assert anchor_overlap("North Korea’s trade", "north korea's TRADE") == 1.0  # typography and case
    assert anchor_overlap("no visit by China's top leaders", "two summit meets in both countries") == 0.0
    # 2 of the shorter quote's 3 word pairs are shared
    assert anchor_overlap("reached up to US", "trade reached up to 104") == 2 / 3
    assert anchor_overlap("", "x") == 0.0


def test_text_similarity_ignores_function_words() -> None:
    a = tokens("North Korea is reaching out to Russia.")
    b = tokens("North Korea has been reaching out to Russia")
    assert a == b == frozenset({"north", "korea", "reaching", "out", "russia"})
    assert text_similarity(a, b) == 1.0
    assert text_similarity(a, tokens("Relations with China have grown distant")) == 0.0
    assert text_similarity(frozenset(), a) == 0.0


def test_same_id_different_meaning_is_not_an_id_match() -> None:
    c = KEY.nodes[IDS.index("C_china")]
    other = c.model_copy(update={"text": "Pyongyang courts Moscow with anniversary messages."})
    student = KEY.model_copy(update={"nodes": [other], "relations": []})
    al = align(KEY, student)
    assert al.key_to_student == {} and al.unmatched_student == ["C_china"]
    assert align(KEY, student, id_floor=0).key_to_student == {"C_china": "C_china"}  # ids decide


def test_best_pairs_win_one_to_one() -> None:
    # two student claims both resemble C_russia; the closer one gets it, the other stays unmatched
    c = KEY.nodes[IDS.index("C_russia")]
    near = c.model_copy(update={"id": "s1", "text": "North Korea is reaching out to Russia as a partner."})
    far = c.model_copy(update={"id": "s2", "text": "North Korea reaching out to Russia now, it seems."})
    student = KEY.model_copy(update={"nodes": [far, near], "relations": []})
    al = align(KEY, student)
    assert al.key_to_student == {"C_russia": "s1"}
    assert al.unmatched_student == ["s2"]
