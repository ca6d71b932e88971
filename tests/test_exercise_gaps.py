"""Grading find-gaps answers: parsing the student's list, precision, recall and feedback."""

from __future__ import annotations

import pytest

from argmap.diagnostics import Diagnostic, Severity
from argmap.exercises.findgaps import GapAnswer, answer_text, grade_gaps, parse_answers

FINDINGS = [
    Diagnostic("ST102", "claim C3 has no support", Severity.WARNING, subject="C3"),
    Diagnostic("ST102", "claim C7 has no support", Severity.WARNING, subject="C7"),
    Diagnostic("SR204", "all evidence rests on secondary sources", Severity.WARNING),
    Diagnostic("EQ303", "statistic E1 has no baseline", Severity.INFO, subject="E1"),
]


def test_partial_answer_scores_precision_recall_and_feedback() -> None:
    text = "- ST102 C3\n- ST102 C9   # wrong node\n- SR204\n- IC401 E5\n- nonsense\n"
    answers, problems = parse_answers(text)
    assert answers == [
        GapAnswer("ST102", "C3", 1, "unsupported"),
        GapAnswer("ST102", "C9", 2, "unsupported"),
        GapAnswer("SR204", None, 3, "source"),
        GapAnswer("IC401", "E5", 4, "inconsistent"),
    ]
    assert problems == ["line 5: 'nonsense' names no weakness; start with a code such as ST102, or say what is wrong"]
    report = grade_gaps(FINDINGS, answers)
    assert (report.hits, report.precision, report.recall, report.score) == (2.5, 0.625, 0.625, 62.5)
    assert report.feedback == [
        "ST102 is right, but the key finds it on C7, not C9",
        "not in the key's report: IC401 on E5",
        "missed: EQ303 on E1: statistic E1 has no baseline",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "ST102 C3\nst102 c7\n\n# a comment\nSR204\nEQ303, E1\n",  # plain lines, any case
        "gaps:\n  - ST102 C3\n  - {code: ST102, id: C7}\n  - SR204\n  - {code: EQ303, node: E1}\n",
        "- ST102: C3\n- ST102: C7\n- SR204\n- EQ303: E1\n",
    ],
)
def test_answer_formats(text: str) -> None:
    answers, problems = parse_answers(text)
    assert problems == []
    assert [(a.code, a.node and a.node.upper()) for a in answers] == [
        ("ST102", "C3"),
        ("ST102", "C7"),
        ("SR204", None),
        ("EQ303", "E1"),
    ]


def test_case_of_ids_matters_but_codes_do_not() -> None:
    answers, _ = parse_answers("st102 c3\n")
    report = grade_gaps(FINDINGS, answers)
    assert report.hits == 0.5  # the code is right; the id `c3` is not `C3`
    assert report.feedback[0] == "ST102 is right, but the key finds it on C3, not c3"


def test_key_answer_file_gets_full_marks_and_empty_cases() -> None:
    answers, problems = parse_answers(answer_text(FINDINGS, "t"))
    assert problems == [] and len(answers) == 4
    assert grade_gaps(FINDINGS, answers).score == 100.0
    assert grade_gaps([], []).score == 100.0  # nothing to find, nothing claimed
    none = grade_gaps(FINDINGS, [])
    assert (none.precision, none.recall, none.score) == (1.0, 0.0, 0.0)
    assert len(none.feedback) == 4
    extra = grade_gaps([], [GapAnswer("ST101", "T", 1)])
    assert (extra.precision, extra.recall, extra.score) == (0.0, 1.0, 0.0)


def test_code_alone_matches_each_finding_once() -> None:
    answers = [GapAnswer("ST102", None, 1), GapAnswer("ST102", None, 2), GapAnswer("ST102", None, 3)]
    report = grade_gaps(FINDINGS, answers)
    assert report.hits == 2.0 and report.feedback[0] == "not in the key's report: ST102"


def test_an_id_that_starts_a_line_of_words_is_no_code() -> None:
    """`C13 has no evidence` names claim C13 in words; it was read as the code C13 on the id `has`."""
    answers, problems = parse_answers("C13 has no evidence\nR16: no support for this step\n")
    assert problems == []
    assert answers == [GapAnswer("ST101", "C13", 1, "unsupported"), GapAnswer("ST101", "R16", 2, "unsupported")]


def test_the_letters_of_an_id_name_no_weakness() -> None:
    """`E_treaty_silence` holds the word 'silence'; the line is about the anniversary's ordinal, and
    the id it names is the map's, not the first word with a digit ('33rd')."""
    (alone,), _ = parse_answers("E_treaty_silence: the ordinal is wrong\n")
    assert (alone.family, alone.node) == ("inconsistent", "E_treaty_silence")
    text = "the 33rd anniversary is wrong, it should be the 53rd (E_treaty_silence)\n"
    answers, _ = parse_answers(text, ids={"E_treaty_silence", "T"})
    assert answers == [GapAnswer("IC401", "E_treaty_silence", 1, "inconsistent")]
    findings = [Diagnostic("IC401", "'33rd anniversary' does not fit", Severity.WARNING, subject="E_treaty_silence")]
    assert grade_gaps(findings, answers).score == 100.0


def _alias_bomb(head: str, last: str) -> str:
    """Six levels of nine aliases: under a kilobyte, half a million items once expanded."""
    lines = [head, 'a: &a ["ST102 C1", "ST102 C1", "ST102 C1", "ST102 C1", "ST102 C1", "ST102 C1", "ST102 C1"]']
    for prev, name in zip("abcde", "bcdef", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join([*lines, last]) + "\n"


def test_an_alias_bomb_is_no_list_of_answers() -> None:
    """YAML aliases are refused in a sheet: the lines are read as lines, each said in a short line."""
    answers, problems = parse_answers(_alias_bomb("exercise: find-gaps", "gaps: *f"))
    assert answers == [] and len(problems) == 8
    assert max(len(p) for p in problems) < 200, max(problems, key=len)[:300]


@pytest.mark.parametrize(
    ("line", "family"),
    [
        ("E_russia_anniversary: the 11th anniversary does not fit the date", "inconsistent"),
        ("E_trade: the figure has no date", "date"),
        ("E_trade: the figure doesn't add up", "inconsistent"),
        ("E_survey has no baseline to compare with", "figure"),
        ("C2 has no support", "unsupported"),
        ("E_no_closures: an argument from silence", "silence"),
    ],
)
def test_words_name_the_weakness_their_most_specific_phrase_names(line: str, family: str) -> None:
    (answer,), _ = parse_answers(line + "\n")
    assert answer.family == family


def test_a_line_in_words_is_named_by_its_weakness_not_by_a_code_the_student_never_wrote() -> None:
    from argmap.exercises.findgaps import FAMILIES, WEAKNESS

    assert set(WEAKNESS) == set(FAMILIES)
    findings = [Diagnostic("SR203", "all evidence from one source, m", Severity.INFO, subject="T")]
    answers, _ = parse_answers("everything comes from one source (E_trade)\nE_trade: the anniversary is wrong\n")
    report = grade_gaps(findings, answers)
    assert report.feedback == [
        "weak sourcing is right, but the key finds it on T, not E_trade",
        "not in the key's report: an inconsistency on E_trade",
    ]
    coded, _ = parse_answers("SR201 E_trade\n")
    assert grade_gaps(findings, coded).feedback == ["SR201 is right, but the key finds it on T, not E_trade"]
