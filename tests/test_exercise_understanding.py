"""Nothing is earned without understanding (issue 26): invented claims, the headline as thesis,
pasted passages, support/attack swaps, roles swapped, synonyms of a negation, blanks answered with
another sentence. Against the bike-lanes key, whose text is committed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from argmap.exercises.align import Matcher
from argmap.exercises.grade import GradeReport, grade_map
from argmap.exercises.text import Lexicon, opposite, polarity, roles
from argmap.load import load_map
from argmap.model import ArgMap

HERE = Path(__file__).parent / "eval" / "bike-lanes"
_KEY = load_map(HERE / "key.yaml").map
assert _KEY is not None
KEY: ArgMap = _KEY
TEXT = (HERE / "elm-street-bike-lanes.txt").read_text(encoding="utf-8")
MATCHER = Matcher(KEY, TEXT)


def student(nodes: list[dict[str, Any]], relations: list[dict[str, Any]] | None = None) -> ArgMap:
    return ArgMap.model_validate({"argmap": 1, "title": "mine", "nodes": nodes, "relations": relations or []})


def grade(m: ArgMap) -> GradeReport:
    return grade_map(KEY, m, matcher=MATCHER)


def remarks(report: GradeReport, topic: str) -> list[str]:
    return [f.message for f in report.feedback if f.topic == topic]


THESIS = {"id": "t", "kind": "thesis", "text": "The council should keep the bike lanes and extend them to the station."}


def test_an_invented_claim_earns_nothing_and_is_named_as_not_in_the_text() -> None:
    m = student(
        [THESIS, {"id": "a", "kind": "claim", "text": "Bike lanes cut air pollution and help the climate."}],
        [{"id": "r", "kind": "supports", "from": "a", "to": "t"}],
    )
    report = grade(m)
    assert report.criterion("claims").earned == 0
    assert remarks(report, "invented") == [
        'not in the text: "Bike lanes cut air pollution and help the climate." is your own point, not the author\'s'
    ]


def test_the_headline_as_thesis_earns_half_the_thesis_marks() -> None:
    headline = student([{"id": "t", "kind": "thesis", "text": "Keep the Elm Street bike lanes"}])
    report = grade(headline)
    assert report.criterion("thesis").earned == 0.5
    assert "repeats the headline or opening line" in remarks(report, "thesis")[0]
    assert grade(student([THESIS])).criterion("thesis").earned == 1.0


def test_a_pasted_paragraph_stands_for_no_claim_and_no_evidence() -> None:
    paragraph = " ".join(TEXT.split("\n\n")[2].split())
    assert len(paragraph.split()) >= 30
    m = student(
        [
            {"id": "t", "kind": "thesis", "text": "Keep the Elm Street bike lanes"},
            {"id": "p", "kind": "evidence", "type": "event", "text": "see the text", "anchor": paragraph},
            {"id": "q", "kind": "claim", "text": "see the text", "anchor": paragraph},
        ],
        [{"id": "r", "kind": "supports", "from": ["p", "q"], "to": "t"}],
    )
    report = grade(m)
    assert report.criterion("claims").earned == 0 and report.criterion("evidence").earned == 0
    assert report.percent <= 5.0


def test_a_support_swapped_for_an_attack_is_named() -> None:
    m = student(
        [THESIS, {"id": "o", "kind": "claim", "text": "Removing parking for the lanes drives customers away."}],
        [{"id": "r", "kind": "supports", "from": "o", "to": "t"}],
    )
    (said,) = remarks(grade(m), "polarity")
    assert said == (
        'you have "Removing parking for the lanes drives..." supporting the thesis; '
        "the author offers it against the thesis"
    )


def test_roles_swapped_are_not_credited() -> None:
    lex = Lexicon({"North Korea": []})
    assert roles(lex, "North Korea has reached out to Russia.", "Russia has reached out to North Korea.")
    assert not roles(lex, "North Korea and Russia have talked.", "Russia and North Korea have talked.")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("China is not in agreement with North Korea's strategy.", "China disagrees with North Korea's strategy."),
        ("The shops do not trust the council.", "The shops distrust the council."),
    ],
)
def test_a_synonym_of_a_negation_is_not_its_opposite(a: str, b: str) -> None:
    assert polarity(a) == polarity(b) == 1
    assert not opposite(Lexicon(), a, b)
    assert opposite(Lexicon(), a.replace("do not trust", "trust").replace("is not in agreement", "agrees"), b)


@pytest.mark.parametrize(
    "b",
    [
        "North Korea has become more desperate, and this alienated China without changing US or South Korean policy.",
        "North Korea alienated China without changing US or South Korean policy.",
    ],
)
@pytest.mark.parametrize(
    "a",
    [
        "North Korea's desperate behaviour has brought no change in the US and South Korean stance, but it has "
        "alienated China.",
        "North Korea's provocations changed nothing in US or South Korean policy but alienated China.",
        "North Korea's provocations left US and South Korean policy unchanged but alienated China.",
    ],
)
def test_a_point_both_texts_deny_is_no_opposite(a: str, b: str) -> None:
    """'No change' and 'without changing' deny the same thing in other words: neither is the
    opposite of the other (a faithful rewording of the key's claim once made a student's claim
    'the opposite of' it). What one denies and the other affirms still is."""
    lex = Lexicon({"US": ["United States"], "South Korea": ["Seoul"]})
    assert polarity(a) != polarity(b)
    assert not opposite(lex, a, b) and not opposite(lex, b, a)
    assert opposite(lex, a, "North Korea's provocations changed US and South Korean policy and alienated China.")


def test_an_untouched_sheet_scores_nothing() -> None:
    assert grade(student([{"id": "t", "kind": "thesis", "text": "Your thesis here"}])).percent == 0.0


def _renamed_copy(drop_every_other_evidence: bool = True) -> dict[str, Any]:
    import json

    import yaml

    raw = yaml.safe_load((HERE / "key.yaml").read_text(encoding="utf-8"))
    data: dict[str, Any] = json.loads(json.dumps(raw, default=str))  # dates as the strings a file holds
    evidence = [n["id"] for n in data["nodes"] if n["kind"] == "evidence"]
    dropped = set(evidence[::2]) if drop_every_other_evidence else set()
    data["nodes"] = [n for n in data["nodes"] if n["id"] not in dropped]
    for r in data["relations"]:
        r["from"] = r["from"] if isinstance(r["from"], list) else [r["from"]]
    data["relations"] = [r for r in data["relations"] if not dropped & {r["to"], *r["from"]}]
    new = {n["id"]: f"my{k}" for k, n in enumerate(data["nodes"])}
    for n in data["nodes"]:
        n["id"] = new[n["id"]]
    for r in data["relations"]:
        r["from"] = [new[p] for p in r["from"]]
        r["to"] = new.get(r["to"], r["to"])
    data["authors"] = ["Sam"]
    return data


def test_a_sheet_copied_from_the_key_under_other_ids_is_flagged(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from argmap.cli import app

    report = grade(ArgMap.model_validate(_renamed_copy()))
    assert report.copied and "word for word" in report.copied[0] and "glossary" in report.copied[-1]
    copy = tmp_path / "sam.json"
    copy.write_text(json.dumps(_renamed_copy()), encoding="utf-8")
    honest = HERE / "students" / "amira.yaml"
    args = ["exercise", "grade", str(copy), str(honest), "--key", str(HERE / "key.yaml")]
    text = CliRunner().invoke(app, args)
    assert "  ! looks copied from the key: " in text.output
    rows = CliRunner().invoke(app, [*args, "--format", "csv"]).output.splitlines()
    assert rows[0].endswith(",copied")
    sam = next(r for r in rows if r.startswith("Sam,"))
    amira = next(r for r in rows if "amira" in r)
    assert "looks copied from the key" in sam and amira.endswith(",")
    doc = json.loads(CliRunner().invoke(app, [*args, "--format", "json"]).stdout)
    assert [s["copied"] is not None for s in doc["students"]] == [True, False]


def test_no_student_of_the_evaluation_set_looks_copied() -> None:
    for path in sorted((HERE / "students").glob("*.yaml")):
        m = load_map(path).map
        assert m is not None
        assert grade(m).copied == [], path.name


CRASHES = {
    "id": "fig",
    "kind": "evidence",
    "type": "statistic",
    "value": 5,
    "text": "Injury crashes fell from 14 to 5 after the lanes went in.",
}
NO_CYCLIST = {
    "id": "none",
    "kind": "evidence",
    "type": "absence",
    "expected": "a cyclist hurt",
    "text": "Not one of the five crashes involved a cyclist in the protected lane.",
}


def test_a_claim_in_own_words_is_found_through_its_evidence() -> None:
    """No word shared with 'The bike lanes have made Elm Street safer', but the same evidence below and
    the same conclusion above: it is that claim (for the teacher's review)."""
    m = student(
        [THESIS, {"id": "mine", "kind": "claim", "text": "Riding down Elm Street is less risky now."}, CRASHES],
        [
            {"id": "r1", "kind": "supports", "from": "mine", "to": "t"},
            {"id": "r2", "kind": "supports", "from": "fig", "to": "mine"},
        ],
    )
    report = grade(m)
    assert report.alignment is not None and "C_safer" in report.alignment.keys_of("mine")
    assert report.criterion("claims").earned == 1


def test_a_claim_split_in_two_earns_its_share_through_the_evidence_below_each_part() -> None:
    m = student(
        [
            THESIS,
            {"id": "a", "kind": "claim", "text": "The lanes have made the street safer."},
            {"id": "b", "kind": "claim", "text": "Cyclists in the protected lane are not in danger any more."},
            CRASHES,
            NO_CYCLIST,
        ],
        [
            {"id": "r1", "kind": "supports", "from": "a", "to": "t"},
            {"id": "r2", "kind": "supports", "from": "b", "to": "t"},
            {"id": "r3", "kind": "supports", "from": "fig", "to": "a"},
            {"id": "r4", "kind": "supports", "from": "none", "to": "b"},
        ],
    )
    report = grade(m)
    assert report.alignment is not None
    assert {(m.key_id, m.method) for m in report.alignment.matches if m.student_id == "b"} == {("C_safer", "split")}
    assert report.criterion("claims").earned == 1 and report.criterion("evidence").earned == 2
    assert not [f for f in report.feedback if f.topic in ("invented", "unrecognised", "opposite")]


PHONES = Path(__file__).parent / "eval" / "phones"


def test_a_blank_earns_its_marks_only_for_its_own_passage() -> None:
    """Sam answered every blank with the other fact of the same claim: the worksheet put each blank
    under its claim, so only the words and the quotation can earn it, and they point elsewhere."""
    from argmap.exercises.api import grade_paths

    graded = grade_paths(PHONES / "sheets" / "fill", [PHONES / "fill-students" / "sam.yaml"])
    (sam,) = graded.students
    assert sam.percent == 0.0
    wrong = [f.message for f in sam.feedback if f.topic == "wrong-blank"]
    assert len(wrong) == 10
    assert wrong[0] == (
        'your answer for B1, "the office passed on 37 urgent messages", is not the evidence that goes there '
        '(your words of the text, "the office passed on 37 urgent messages", are another passage)'
    )
    assert not [f for f in sam.feedback if f.topic in ("missing-evidence", "invented", "unrecognised")]
