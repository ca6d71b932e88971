"""Quotation anchors against local source texts (AM201-AM203): folding, prefixes, limits."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from argmap.anchors import SHOWN, find_anchor, normalise, verify_anchors
from argmap.load import load_map
from argmap.model import Anchor

ARTICLE = (
    "North Korea\u2019s foreign minister travelled to ASEAN \u2014 the first such visit since 2007.\n"
    "\u201cWe want friends,\u201d he said.   Trade with China fell in 2013. Trade with Russia rose in 2013.\n"
)


def check(tmp_path: Path, anchor: str, *, article: str | None = ARTICLE, texts: list[Path] | None = None) -> list[str]:
    if article is not None:
        (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    (tmp_path / "map.yaml").write_text(
        "argmap: 1\ntitle: t\nsources:\n  - {id: S1, title: The article, text: article.txt}\nnodes:\n"
        "  - {id: T, kind: thesis, text: t}\n"
        f"  - {{id: E, kind: evidence, type: event, text: e, sources: [S1], anchor: {anchor}}}\n",
        encoding="utf-8",
    )
    result = load_map(tmp_path / "map.yaml")
    assert result.diagnostics == []
    verify_anchors(result, texts)
    result.locate()
    return [f"{d.code}@{d.line}:{d.col}" for d in result.diagnostics]


@pytest.mark.parametrize(
    "anchor",
    [
        '"North Korea\'s foreign minister"',
        "'travelled to ASEAN - the first'",
        "'\"We want friends,\" he said. Trade'",
        "{exact: fell in 2013, prefix: China}",
        "{exact: Trade with, suffix: Russia}",
        "{exact: in 2013, prefix: rose}",
    ],
)
def test_anchors_found_after_folding_typography(tmp_path: Path, anchor: str) -> None:
    assert check(tmp_path, anchor) == []


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        ("'North Korean foreign minister'", ["AM201@7:74"]),
        ("{exact: fell in 2013, prefix: Russia}", ["AM201@7:74"]),
        ("Trade with", ["AM202@7:74"]),
        ("in 2013", ["AM202@7:74"]),
        ("'   '", ["AM201@7:74"]),  # blank after folding: matches nothing, not everything
    ],
)
def test_anchor_problems(tmp_path: Path, anchor: str, expected: list[str]) -> None:
    assert check(tmp_path, anchor) == expected


def test_blank_anchor_says_so(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    check(tmp_path, "'  '")
    result = load_map(tmp_path / "map.yaml")
    verify_anchors(result)
    assert "blank" in result.diagnostics[0].message


def test_missing_text_warns_once_at_the_source(tmp_path: Path) -> None:
    assert check(tmp_path, "anything", article=None) == ["AM203@4:40"]


def test_texts_folder_is_searched(tmp_path: Path) -> None:
    elsewhere = tmp_path / "texts"
    elsewhere.mkdir()
    (elsewhere / "article.txt").write_text(ARTICLE, encoding="utf-8")
    assert check(tmp_path, "'We want friends'", article=None, texts=[elsewhere]) == []
    assert check(tmp_path, "'We need friends'", article=None, texts=[elsewhere]) == ["AM201@7:74"]


def test_source_text_that_is_not_utf8_is_still_checked(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_bytes("caf\xe9 society and more".encode("latin-1"))
    assert check(tmp_path, "'society and more'", article=None) == []


def test_normalise_folds_whitespace_quotes_and_dashes() -> None:
    assert normalise("  \u201cA\u201d\u00a0\u2013\tB\n\u2018c\u2019  ") == "\"A\" - B 'c'"


def test_prefix_and_suffix_checks_stay_linear_on_repetitive_text() -> None:
    """The prefix check used to copy the text before every occurrence: minutes on a 1 MB text."""
    text = normalise("a " * 500_000)
    start = time.perf_counter()
    match = find_anchor(Anchor(exact="a", prefix="a", suffix="a"), text)
    assert time.perf_counter() - start < 5
    # Counted, not listed: non-overlapping places of "a a a", and only the first few offsets kept.
    assert match.count == text.count("a a a") == 166_666 and match.exact_count == 500_000
    assert match.starts == list(range(2, 2 + 2 * SHOWN, 2))


def test_prefix_must_end_right_before_the_words() -> None:
    text = normalise("one two three. two four")
    assert find_anchor(Anchor(exact="two", prefix="one"), text).starts == [4]
    assert find_anchor(Anchor(exact="two", suffix="four"), text).starts == [15]
    assert find_anchor(Anchor(exact="two", prefix="three."), text).starts == [15]
    assert find_anchor(Anchor(exact="two", prefix="three"), text).starts == []


def test_source_text_over_the_size_limit_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import argmap.load

    monkeypatch.setattr(argmap.load.reading, "MAX_BYTES", 1000)
    assert check(tmp_path, "'We want friends'", article=ARTICLE * 10) == ["AM203@4:5"]


def test_a_claims_anchor_is_checked_in_the_only_source_or_the_one_it_names(tmp_path: Path) -> None:
    """Claims may carry the sentence where the author says them (issue 13); check verifies it as it
    verifies evidence, and says when it cannot tell which source to look in."""
    import argmap

    (tmp_path / "a.txt").write_text("The council voted for the lanes in May.\n")
    head = "argmap: 1\ntitle: t\nsources:\n  - {id: s, title: Report, text: a.txt}\n"
    body = (
        "nodes:\n  - {id: T, kind: thesis, text: The lanes were agreed., anchor: the council voted against}\n"
        "  - {id: C1, kind: claim, text: There was a vote., anchor: voted for the lanes}\n"
        "relations:\n  - {id: R1, kind: supports, from: C1, to: T}\n"
    )
    (tmp_path / "one.yaml").write_text(head + body)
    found = [(d.code, d.subject) for d in argmap.check(tmp_path / "one.yaml").diagnostics if d.code.startswith("AM2")]
    assert found == [("AM201", "T")]
    (tmp_path / "two.yaml").write_text(head + "  - {id: t, title: Other}\n" + body)
    # Two sources, one with a text: the anchors are read there (issue 29); C1's words are found, and T's,
    # not found, may be the other source's words, so that is said as a warning, not an error.
    found = [(d.code, d.subject) for d in argmap.check(tmp_path / "two.yaml").diagnostics if d.code.startswith("AM2")]
    assert found == [("AM203", "T")]
    (tmp_path / "three.yaml").write_text(head.replace(", text: a.txt", "") + "  - {id: t, title: Other}\n" + body)
    found = [(d.code, d.subject) for d in argmap.check(tmp_path / "three.yaml").diagnostics if d.code.startswith("AM2")]
    assert found == [("AM203", "T"), ("AM203", "C1")]  # no source has a text: none to read them against
