"""The reader of sentences (argmap.reader): sentences with offsets, what one sentence says (figures,
dates, ordinals, speakers, quotations, negations, cues), anchors and the nodes a selection proposes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.anchors import normalise
from argmap.reader import anchor_for, propose, read, sentence_around, sentences, suggest

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "sources" / "north-korea-seeking-new-friends.txt"

TEXT = (
    "Harbour Watch\n"
    "The port of Kestrel handled 4.2 million tonnes of cargo in 2019, a rise of 12 per cent. "
    "Its director, Dr. Anna Voss, said the new quay was ‘a turning point’ in March 2020. "
    "The council warned that about two hundred jobs were at risk. "
    "There was no official response from the ministry in June-July 2020. "
    "However, the harbour still depends on one buyer because the quay serves only bulk ships.\n"
)


def test_sentences_have_offsets_and_line_breaks_end_sentences() -> None:
    found = sentences(TEXT)
    assert [s.text for s in found][:3] == [
        "Harbour Watch",
        "The port of Kestrel handled 4.2 million tonnes of cargo in 2019, a rise of 12 per cent.",
        "Its director, Dr. Anna Voss, said the new quay was ‘a turning point’ in March 2020.",
    ]
    assert all(TEXT[s.start : s.end] == s.text for s in found)
    at = TEXT.index("new quay")
    around = sentence_around(TEXT, at, at + 8)
    assert around is not None and around.text.startswith("Its director")
    assert sentence_around(TEXT, len(TEXT) + 3) is None


@given(st.integers(0, 299_990), st.integers(1, 40))
def test_a_text_without_full_stops_is_read_only_around_the_selection(at: int, size: int) -> None:
    """A megabyte 'sentence' (no full stop, one line) is clipped around the selection at whole words, so
    that each anchor reads a few hundred words, not the whole text (a hostile case took minutes)."""
    text = "the words " * 30_000
    end = min(len(text) - 1, at + size)  # the last character is a space, which no sentence holds
    around = sentence_around(text, at, end)
    assert around is not None
    assert around.start <= at and around.end >= end and len(around.text) <= 1_600
    assert text[around.start : around.end] == around.text == around.text.strip()
    assert around.start == 0 or text[around.start - 1] == " "


def test_figures_with_scale_unit_hedge_and_words() -> None:
    r = read("Russia wrote off US$10 billion in loans and fired around one hundred short-range missiles, half of them.")
    got = [(n.value, n.scale, n.unit, n.approximate, n.what) for n in r.numbers]
    assert got == [
        (10.0, "billion", "USD", False, None),
        (100.0, None, None, True, "short-range missiles"),
        (0.5, None, None, False, None),
    ]
    r = read("Trade reached up to US $104 million in 2013 with a rise of 37.3 per cent; the number two leader.")
    assert [(n.value, n.unit, n.hedge) for n in r.numbers] == [(104.0, "USD", "up to"), (37.3, "percent", None)]
    assert [d.date for d in r.dates] == ["2013"]  # a year is a date, "number two" a rank


def test_dates_and_periods() -> None:
    r = read(
        "Jang died in December 2013; tests in early 2013 and mid-2013, missiles in June-July 2014, talks since May 2014"
    )
    assert [(d.date, d.since) for d in r.dates] == [
        ("2013-12", False),
        ("2013-01/2013-04", False),
        ("2013-05/2013-08", False),
        ("2014-06/2014-07", False),
        ("2014-05", True),
    ]
    assert [d.date for d in read("in 2013-14, on 4 August 2014").dates] == ["2013/2014", "2014-08-04"]


def test_ordinals_speakers_quotations_negations_cues() -> None:
    r = read("However, the media called for closer ties on the 60th anniversary of the treaty.")
    assert [(o.value, o.anniversary) for o in r.ordinals] == [(60, True)]
    assert [(a.speaker, a.verb) for a in r.attributions] == [("media", "called")]
    assert [c.role for c in r.cues] == ["contrast"]
    previous = "North Korea appears desperate."
    r = read("It executed Jang, called Park a ‘prostitute’ and Obama a 'pimp'.", previous=previous)
    assert [(a.speaker, a.resolved) for a in r.attributions] == [("North Korea", True)]
    assert [q.text for q in r.quotations] == ["prostitute", "pimp"]
    r = read("There was no official statement on relations in July, but North Korea's envoy spoke.")
    assert [n.what for n in r.negations] == ["official statement on relations in July"]
    assert read("Since 2013, Pyongyang has courted Moscow.").cues == ()  # a date, not a reason


def test_anchor_is_the_selection_made_unique_with_fewest_words() -> None:
    text = "The quay opened. The quay closed in May. The quay opened again."
    at = text.index("quay closed")
    assert anchor_for(text, at, at + 4) == {"exact": "quay", "suffix": "closed"}
    second = text.index("The quay opened again")
    assert anchor_for(text, second, second + len("The quay opened")) == {
        "exact": "The quay opened",
        "prefix": "May.",
    }  # one word either side would do: the words before are tried first
    assert anchor_for(text, text.index("May"), text.index("May") + 2) == {"exact": "May"}  # widened to the word


@given(st.integers(0, len(TEXT) - 1), st.integers(1, 40))
def test_every_anchor_is_unique_where_the_words_allow(start: int, length: int) -> None:
    anchor = anchor_for(TEXT, start, min(len(TEXT), start + length))
    needle = " ".join(normalise(anchor[k]) for k in ("prefix", "exact", "suffix") if anchor.get(k))
    if needle:
        assert normalise(TEXT).count(needle) == 1


def _select(words: str) -> tuple[int, int]:
    at = TEXT.index(words)
    return at, at + len(words)


def test_propose_types_and_prefills_from_the_selection() -> None:
    node = propose(TEXT, *_select("4.2 million tonnes"), source="harbour", taken=["E_million_tonnes"])
    assert node == {
        "id": "E_million_tonnes_2",
        "kind": "evidence",
        "type": "statistic",
        "text": "The port of Kestrel handled 4.2 million tonnes of cargo in 2019.",
        "value": 4.2,
        "scale": "million",
        "period": "2019",
        "sources": ["harbour"],
        "anchor": "4.2 million tonnes",
    }
    said = propose(TEXT, *_select("said the new quay was ‘a turning point’"))
    assert (said["type"], said["speaker"], said["quote"], said["date"]) == (
        "statement",
        "Dr. Anna Voss",
        "a turning point",
        "2020-03",
    )
    count = propose(TEXT, *_select("about two hundred jobs"))
    assert (count["type"], count["number"], count["what"], count["approximate"]) == ("count", 200, "jobs", True)
    none = propose(TEXT, *_select("no official response from the ministry"))
    assert (none["type"], none["expected"], none["date"]) == (
        "absence",
        "official response from the ministry",
        "2020-06/2020-07",
    )
    claim = propose(TEXT, *_select("the harbour still depends on one buyer"))
    assert claim["kind"] == "claim" and "type" not in claim


def test_suggest_on_own_text() -> None:
    nodes = suggest(TEXT, source="harbour")
    kinds = [(n["kind"], n.get("type"), n["anchor"]) for n in nodes]
    assert ("evidence", "statistic", "4.2 million tonnes") in kinds
    stat = next(n for n in nodes if n.get("type") == "statistic")
    assert stat["change"] == {"percent": 12}  # "a rise of 12 per cent" is the figure's change, not a figure
    assert [n["type"] for n in nodes if n["kind"] == "evidence"].count("absence") == 1
    assert any(n["kind"] == "claim" for n in nodes)


@pytest.mark.skipif(not ARTICLE.is_file(), reason=f"source text not present: {ARTICLE}")
def test_reads_the_article_as_a_careful_reader() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    at = text.index("around one hundred")
    s = sentence_around(text, at, at + 5)
    assert s is not None
    r = read(s.text, base=s.start)
    assert [d.date for d in r.dates] == ["2013-12", "2014-04", "2014-07", "2014-06/2014-07"]
    assert [(n.value, n.approximate) for n in r.numbers] == [(100.0, True)]


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


@given(
    st.integers(1, 999_999),
    st.sampled_from(["", " million", " billion"]),
    st.sampled_from(["US$", "", "€"]),
    st.sampled_from(["", "around ", "up to "]),
)
def test_a_printed_figure_reads_back(value: int, scale: str, currency: str, hedge: str) -> None:
    r = read(f"Trade reached {hedge}{currency}{value:,}{scale} in loans last year.")
    assert len(r.numbers) == 1
    n = r.numbers[0]
    assert (n.value, n.scale, n.unit, n.approximate) == (
        value,
        scale.strip() or None,
        {"US$": "USD", "€": "EUR", "": None}[currency],
        bool(hedge),
    )


@given(st.integers(0, 9), st.integers(0, 9), st.integers(1990, 2030))
def test_a_printed_month_or_range_reads_back_as_the_maps_date(a: int, b: int, year: int) -> None:
    first, last = sorted((a, b))
    words = MONTHS[first] if first == last else f"{MONTHS[first]}-{MONTHS[last]}"
    (when,) = read(f"The talks were held in {words} {year}.").dates
    expected = f"{year}-{first + 1:02d}" if first == last else f"{year}-{first + 1:02d}/{year}-{last + 1:02d}"
    assert when.date == expected and when.text == f"{words} {year}"


# --------------------------------------------------------------------------- negations


@pytest.mark.parametrize(
    ("a", "b", "found"),
    [
        ("They have not been meeting.", "They have been meeting since May.", ("not been meeting", "a")),
        ("It issued an official statement.", "There was no official statement.", ("no official statement", "b")),
        ("Russia declined to write off the debt.", "Russia wrote off the debt.", ("declined to write", "a")),
        ("Pyongyang never received them.", "North Korea received them.", ("never received", "a")),
        # the negation reaches its whole clause: nothing there is affirmed
        ("No top leader has visited the North.", "There has been no visit by top leaders.", None),
        # another clause's words are not the negated clause's
        ("They held talks with Japan, but not with China.", "They held talks with Japan.", None),
        # phrases that do not negate
        ("The port not only handled cargo.", "The port handled cargo.", None),
        ("There is no doubt the port handled cargo.", "The port handled cargo.", None),
        # all the words a negation governs must be affirmed: "official visit" is not "official statement"
        ("There was no official statement.", "An official visit took place.", None),
    ],
)
def test_contradiction_between_two_texts(a: str, b: str, found: tuple[str, str] | None) -> None:
    from argmap.reader.polarity import contradiction

    assert contradiction(a, b, {"North Korea": ["Pyongyang"]}) == found


_WORDS = ["no", "not", "never", "did", "visit", "meet", "met", "talks", ",", ".", "but", "the", "they"]


@given(st.lists(st.sampled_from(_WORDS), max_size=12))
def test_a_text_never_contradicts_itself(words: list[str]) -> None:
    from argmap.reader.polarity import contradiction

    text = " ".join(words)
    assert contradiction(text, text) is None


def test_a_long_line_is_read_in_pieces_with_the_sentences_of_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """pysbd takes time quadratic in what it is given: a source text on one line of 267 KB took
    `check` 35 s. A long line is cut at sentence ends into pieces of at most PIECE characters, and
    the sentences are those pysbd finds in the whole line."""
    from argmap.reader import split

    eval_dir = Path(__file__).parent / "eval"
    texts = [p.read_text(encoding="utf-8") for p in sorted(eval_dir.glob("*/*.txt"))]
    line = " ".join(" ".join(t.split("\n")) for t in texts * 4)
    piece = getattr(split, "PIECE", 4_000)
    assert len(line) > 3 * piece
    seg = split._segmenter()
    whole = []
    for span in seg.segment(line):
        lead = len(span.sent) - len(span.sent.lstrip())
        whole.append((span.start + lead, span.start + lead + len(span.sent.strip())))
    given: list[int] = []

    class Recording:
        def segment(self, text: str) -> Any:
            given.append(len(text))
            return seg.segment(text)

    monkeypatch.setattr(split, "_segmenter", lambda: Recording())
    found = split._split_line(line, 0)
    assert [(s.start, s.end) for s in found] == whole
    assert all(line[s.start : s.end] == s.text for s in found)
    assert len(given) > 3 and max(given) <= piece
