"""The word test of whether evidence bears on its claim (tests/tools/relevance_eval.py, issue 29 point 5)
measures as the README says, which is why it is not a rule: it finds half the planted unrelated supports
and no genuine support of the shipped map or the keys read with their texts, but judges unrelated many
genuine supports of students' maps, and of the shipped map read without its article."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest

TOOL: dict[str, Any] = runpy.run_path(str(Path(__file__).parent / "tools" / "relevance_eval.py"))
SHARED: Path = TOOL["SHARED"]
measure = TOOL["measure"]

needs_texts = pytest.mark.skipif(
    not (SHARED / "north-korea-seeking-new-friends.txt").is_file(), reason="needs ../shared/sources"
)


@needs_texts
def test_with_the_texts_no_key_or_shipped_support_is_judged_unrelated_and_half_the_plants_are() -> None:
    m = measure()
    assert (m.drawn["shipped"], m.judged["shipped"]) == (20, [])
    assert (m.drawn["key"], m.judged["key"]) == (18, [])
    assert (m.found, len(m.missed)) == (12, 11)
    assert "shipped: E_fm_tour -> C3" not in m.missed  # the careful reader's planted tour is found
    assert (m.drawn["student"], len(m.judged["student"])) == (109, 50)
    assert "student north-korea/hana: e_missiles -> behaviour" in m.judged["student"]


def test_without_the_texts_the_shipped_maps_list_of_provocations_shares_no_word_with_its_claim() -> None:
    m = measure(bare=True)
    assert sorted(m.judged["shipped"]) == [
        f"shipped: {e} -> {c}"
        for e, c in sorted(
            [
                ("E_insult_china", "C1"),
                ("E_insults_park_us", "C1"),
                ("E_jang_execution", "C1"),
                ("E_missiles", "C1"),
                ("E_tests_2013", "C4"),
            ]
        )
    ]
