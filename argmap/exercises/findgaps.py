"""Grade a ``find-gaps`` answer: the student's list of weaknesses against the key's rule report.

An answer file lists one weakness a line, as a YAML list or as plain text::

    - SR201 E_trade_russia      # code, then the id it concerns
    - ST102                     # a code alone: any finding of that code
    - {code: EQ301, id: E_missiles}

Matching is one-to-one: first code and id together, then a code given alone, then a right code on
the wrong id (half credit). Precision is credit over the student's lines, recall credit over the
key's findings; the score is their harmonic mean (F1) out of 100.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from argmap.diagnostics import Diagnostic
from argmap.exercises.feedback import clip

__all__ = [
    "FAMILIES",
    "WEAKNESS",
    "GapAnswer",
    "GapReport",
    "answer_text",
    "concerns_of",
    "family_of",
    "grade_gaps",
    "parse_answers",
]

# A rule code is two letters and three digits (ST102, CQ701); C13 or R16 at the start of a line is
# the id a student writes a weakness about ("C13 has no evidence"), not a code.
_CODE = re.compile(r"^[A-Za-z]{2}\d{3}$")
_ID = re.compile(r"^[\w][\w.:-]{0,63}$")


@dataclass(frozen=True, slots=True)
class GapAnswer:
    code: str
    node: str | None
    line: int
    family: str = ""
    """The weakness the line names (see :data:`FAMILIES`); codes of one family are interchangeable."""
    in_words: bool = field(default=False, compare=False)
    """Said in plain words: ``code`` is then the family's first, which the student did not write."""


# Weaknesses and the rule codes (or code prefixes) that name them, with words a student may use.
FAMILIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "unsupported": (
        ("ST101", "ST102", "ST103"),
        (
            "no support",
            "unsupported",
            "nothing supports",
            "no evidence",
            "not supported",
            "only claims",
            "rests on claims",
        ),
    ),
    "disconnected": (("ST104", "SR205"), ("not connected", "disconnected", "leads nowhere", "unused", "not linked")),
    "silence": (
        ("EQ301", "EQ306"),
        ("silence", "absence", "did not happen", "didn't happen", "nothing said", "no statement"),
    ),
    "figure": (
        ("EQ302", "EQ303", "EQ304", "EQ305"),
        ("unit", "baseline", "comparison", "compare", "no context", "exact", "rounded", "figure"),
    ),
    "source": (
        ("SR201", "SR203", "SR204", "SR206"),
        ("source", "secondary", "one-sided", "single source", "corroborat", "cited"),
    ),
    "date": (("SR202", "IC404", "IC405"), ("no date", "undated", "date", "when", "period")),
    "inconsistent": (
        ("IC401", "IC402", "IC403"),
        ("anniversary", "does not add up", "doesn't add up", "inconsistent", "wrong number", "ordinal"),
    ),
    "unanswered": (("DL501", "DL502", "DL503"), ("unanswered", "not answered", "rebut", "undecided", "unresolved")),
}
_CODE_FAMILY = {code: fam for fam, (codes, _) in FAMILIES.items() for code in codes}
WEAKNESS = {
    "unsupported": "a claim without support",
    "disconnected": "an item not connected",
    "silence": "an argument from silence",
    "figure": "a figure without context",
    "source": "weak sourcing",
    "date": "a missing or impossible date",
    "inconsistent": "an inconsistency",
    "unanswered": "an unanswered attack",
}
"""Each family of :data:`FAMILIES` as feedback names it when the student said it in words."""


def _named(a: GapAnswer) -> str:
    """The student's line as feedback names it: its code, or the weakness its words name."""
    return WEAKNESS.get(a.family, a.code) if a.in_words else a.code


def family_of(code: str) -> str:
    """The weakness a rule code names; a code not in the table is its own family."""
    return _CODE_FAMILY.get(code.upper(), code.upper())


def family_of_words(text: str) -> str | None:
    """The weakness plain words name, if any: the family of the longest of its phrases found, the
    most specific ("anniversary" over "date" in "the 11th anniversary does not fit the date", "no
    date" over "figure" in "the figure has no date"); between equals, the first family."""
    low = text.lower()
    found = [(len(w), -i, fam) for i, (fam, (_, words)) in enumerate(FAMILIES.items()) for w in words if w in low]
    return max(found)[2] if found else None


@dataclass
class GapReport:
    """The grade of one find-gaps answer."""

    student: str
    key: str
    precision: float = 0.0
    recall: float = 0.0
    hits: float = 0.0
    answers: int = 0
    findings: int = 0
    feedback: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Lines of the answer file that are not a code (reported, not graded)."""
    status: str = "graded"
    name: str = ""
    """The name the sheet gives (``# name: ...``); empty when it gives none."""

    @property
    def score(self) -> float:
        p, r = self.precision, self.recall
        return round(100 * 2 * p * r / (p + r), 2) if p + r else 0.0

    @property
    def percent(self) -> float:
        return round(self.score, 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "student": self.student,
            "key": self.key,
            "status": self.status,
            "score": self.score,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "credit": self.hits,
            "answers": self.answers,
            "findings": self.findings,
            "feedback": self.feedback,
            "problems": self.problems,
        }


def parse_answers(text: str, ids: Collection[str] = ()) -> tuple[list[GapAnswer], list[str]]:
    """Read an answer file (YAML list, ``gaps:`` mapping or plain lines); return answers and problems.

    ``ids`` are the map's: in a line of plain words, the id it concerns is the first of them named,
    else the first word shaped like an id (a digit or an underscore in it)."""
    import yaml

    from argmap.exercises.sheets import load_sheet_yaml

    data: Any
    try:
        data = load_sheet_yaml(text)
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("gaps"), list):
        data = data["gaps"]
    answers: list[GapAnswer] = []
    problems: list[str] = []
    if isinstance(data, list):
        lines = _item_lines(text)
        for i, item in enumerate(data):
            line = lines[i] if i < len(lines) else 0
            _add(item, line, answers, problems, ids)
        return answers, problems
    for n, raw in enumerate(text.splitlines(), 1):
        stripped = raw.split("#", 1)[0].strip().removeprefix("-").strip()
        if stripped:
            _add(stripped, n, answers, problems, ids)
    return answers, problems


def _item_lines(text: str) -> list[int]:
    """Line numbers of the top-level list items, for messages."""
    out: list[int] = []
    indent: int | None = None
    for n, raw in enumerate(text.splitlines(), 1):
        body = raw.lstrip()
        if body.startswith("- ") or body == "-":
            here = len(raw) - len(body)
            indent = here if indent is None else indent
            if here == indent:
                out.append(n)
    return out


def _in_words(words: str, ids: Collection[str]) -> GapAnswer | None:
    """A weakness said in plain words: its family from the words (an id's own letters, as in
    ``E_treaty_silence``, say nothing), the id it concerns, and no line number yet."""
    tokens = [w.strip(".,;:()") for w in words.split()]
    shaped = [w for w in tokens if _ID.match(w) and any(c.isdigit() or c == "_" for c in w)]
    named = [w for w in tokens if w in ids]
    fam = family_of_words(" ".join(w for w in tokens if w not in shaped and w not in named))
    if fam is None:
        return None
    found = named or shaped
    return GapAnswer(FAMILIES[fam][0][0], found[0] if found else None, 0, fam, in_words=True)


def _add(item: Any, line: int, answers: list[GapAnswer], problems: list[str], ids: Collection[str] = ()) -> None:
    code: Any
    node: Any = None
    if isinstance(item, dict) and len(item) == 1 and "code" not in item:
        code, node = next(iter(item.items()))  # `- ST101: C3`
    elif isinstance(item, dict):
        code = item.get("code")
        node = item.get("id", item.get("node"))
    elif isinstance(item, str):
        # `ST101: C3` or `ST101 C3`: the colon after the code only (an id may hold one: `X:0`)
        parts = re.sub(r"^(\s*[A-Za-z]{2}\d{3})\s*:", r"\1 ", item).replace(",", " ").split()
        code = parts[0] if parts else ""
        node = parts[1] if len(parts) > 1 else None
    else:
        code = item
    where = f"line {line}" if line else "an item"
    if not isinstance(code, str) or not _CODE.match(code.strip()):
        said = _in_words(item if isinstance(item, str) else str(item), ids)
        if said is None:
            problems.append(
                f"{where}: {clip(repr(item), 80)} names no weakness; "
                "start with a code such as ST102, or say what is wrong"
            )
            return
        answers.append(GapAnswer(said.code, said.node, line, said.family, in_words=True))
        return
    if node is not None and (not isinstance(node, str) or not _ID.match(node)):
        problems.append(f"{where}: {node!r} is not an id; write the code, then the id")
        node = None
    answers.append(GapAnswer(code.strip().upper(), node, line, family_of(code.strip())))


def grade_gaps(
    findings: Sequence[Diagnostic],
    answers: Sequence[GapAnswer],
    *,
    student: str = "student",
    key: str = "key",
    concerns: Mapping[str, frozenset[str]] | None = None,
) -> GapReport:
    """Compare the student's answers with the key's findings (see the module docstring).

    A line names a finding when it names the same weakness (any code of its family, or plain words)
    on what the finding concerns: its subject, or for a relation also its premises and target
    (``concerns``: subject id -> ids it concerns)."""
    concerns = concerns or {}

    def same(f: Diagnostic, a: GapAnswer) -> bool:
        if family_of(f.code) != (a.family or family_of(a.code)):
            return False
        return a.node is None or a.node == f.subject or a.node in concerns.get(f.subject or "", frozenset())

    report = GapReport(student, key, answers=len(answers), findings=len(findings))
    left = list(range(len(findings)))
    credit: dict[int, float] = {}
    wrong_node: dict[int, int] = {}

    def take(pred: Any) -> int | None:
        for fi in left:
            if pred(findings[fi]):
                left.remove(fi)
                return fi
        return None

    pending = list(range(len(answers)))
    for ai in list(pending):  # code and id
        a = answers[ai]
        if a.node is not None and take(lambda f, a=a: same(f, a)) is not None:
            credit[ai] = 1.0
            pending.remove(ai)
    for ai in list(pending):  # a code alone
        a = answers[ai]
        if a.node is None and take(lambda f, a=a: same(f, a)) is not None:
            credit[ai] = 1.0
            pending.remove(ai)
    for ai in list(pending):  # right code, wrong id
        a = answers[ai]
        fi = take(lambda f, a=a: family_of(f.code) == (a.family or family_of(a.code)))
        if fi is not None:
            credit[ai] = 0.5
            wrong_node[ai] = fi
            pending.remove(ai)
    report.hits = sum(credit.values())
    # An empty side is vacuously right: no lines means no wrong lines, no findings none missed.
    report.precision = report.hits / len(answers) if answers else 1.0
    report.recall = report.hits / len(findings) if findings else 1.0
    for ai, fi in wrong_node.items():
        a, f = answers[ai], findings[fi]
        where = f.subject or "the map"
        report.feedback.append(f"{_named(a)} is right, but the key finds it on {where}, not {a.node}")
    for ai in pending:
        a = answers[ai]
        on = f" on {a.node}" if a.node else ""
        report.feedback.append(f"not in the key's report: {_named(a)}{on}")
    for fi in left:
        f = findings[fi]
        on = f" on {f.subject}" if f.subject else ""
        report.feedback.append(f"missed: {f.code}{on}: {f.message}")
    return report


def answer_text(findings: Sequence[Diagnostic], title: str = "") -> str:
    """The key's findings written as an answer file (grading it against the key gives full marks)."""
    head = f"# Gaps in: {title}\n" if title else ""
    if not findings:
        return head + "[]\n"
    lines = [f"- {d.code} {d.subject}" if d.subject else f"- {d.code}" for d in findings]
    return head + "\n".join(lines) + "\n"


def concerns_of(m: Any) -> dict[str, frozenset[str]]:
    """For each relation id of a map, the ids a weakness on it concerns (its premises and target)."""
    return {r.id: frozenset({*r.premises, r.target}) for r in m.relations}
