"""The mistakes a newcomer makes in a first map, each with the one line argmap gives (README table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.load import load_map

HEAD = "argmap: 1\ntitle: Bike lanes\nnodes:\n"
CASES = [
    (
        "colon in a text",
        HEAD + "  - id: T\n    kind: thesis\n    text: Elm Street: the lanes work.\n",
        "6:11: error AM003 YAML syntax error: the value of 'text' holds ': ', which YAML reads as the start of "
        "another field: put the whole value in quotes (text: \"Elm Street: the lanes work.\")",
    ),
    (
        "a tab",
        HEAD + "  - id: T\n\tkind: thesis\n    text: x\n",
        "5:1: error AM003 YAML syntax error: a tab in the indentation: YAML indents with spaces only; "
        "replace the tab with spaces",
    ),
    (
        "a list item indented differently",
        HEAD + "  - id: T\n    kind: thesis\n    text: x\n   - id: C1\n    kind: claim\n    text: y\n",
        "7:1: error AM003 YAML syntax error: this list item is indented 3 spaces, the one on line 4 2: "
        "the items of a list (`- `) line up under each other",
    ),
    (
        "a field indented deeper than its siblings",
        HEAD + "  - id: T\n    kind: thesis\n     text: x\n",
        "6:6: error AM003 YAML syntax error: line 6 is indented 5 spaces, the field above it 4: "
        "the fields of one item line up under each other",
    ),
    (
        "a quote left open",
        'argmap: 1\ntitle: "Bike lanes\nnodes:\n  - id: T\n    kind: thesis\n    text: x\n',
        '2:8: error AM003 YAML syntax error: the quote " opened on line 2 is not closed: end the text with " '
        "on that line",
    ),
    (
        "a mapping where a list is expected",
        HEAD + "  id: T\n  kind: thesis\n  text: x\n",
        "4:3: error AM102 map: field 'nodes': holds one mapping where a list is expected: start each item with "
        "`- ` (a dash and a space)",
    ),
    (
        "a date as people write it",
        HEAD + "  - {id: T, kind: thesis, text: x}\n"
        "  - {id: E, kind: evidence, type: event, text: y, date: 04/03/2024}\n",
        "5:57: error AM113 node E: date '04/03/2024' is not a date argmap reads: write 2024-03-04 (4 March) or "
        "2024-04-03 (3 April), as YYYY-MM-DD",
    ),
    (
        "an id in the wrong case",
        HEAD + "  - {id: T, kind: thesis, text: x}\n  - {id: C1, kind: claim, text: y}\n  - {id: E1, kind: evidence, "
        "type: event, text: z}\nrelations:\n  - {id: R1, kind: supports, from: c1, to: T}\n",
        "8:36: error AM103 relation R1 points to unknown node c1 (did you mean C1?)",
    ),
]


@pytest.mark.parametrize(("mistake", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_newcomer_mistake_gets_its_line(tmp_path: Path, mistake: str, text: str, expected: str) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    lines = [str(d) for d in load_map(path).diagnostics]
    assert f"{path}:{expected}" in lines, lines


def test_curly_quotes_around_an_anchor_are_named(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text("The council voted for the lanes in May.\n")
    (tmp_path / "map.yaml").write_text(
        "argmap: 1\ntitle: t\nsources:\n  - {id: s, title: Report, text: article.txt}\nnodes:\n"
        "  - {id: T, kind: thesis, text: The lanes were agreed.}\n"
        "  - {id: E1, kind: evidence, type: event, text: A vote., sources: [s], anchor: “the council voted”}\n"
        "relations:\n  - {id: R1, kind: supports, from: E1, to: T}\n",
        encoding="utf-8",
    )
    import argmap

    messages = [d.message for d in argmap.check(tmp_path / "map.yaml").diagnostics if d.code == "AM201"]
    assert len(messages) == 1 and messages[0].endswith(
        "(drop the quotation marks around it: the anchor is the words themselves)"
    )


def test_errors_come_first_in_the_report(tmp_path: Path) -> None:
    """A newcomer reads the top of the report: errors before warnings, whatever their lines."""
    from typer.testing import CliRunner

    from argmap.cli import app

    (tmp_path / "a.txt").write_text("The council voted for the lanes in May.\n")
    (tmp_path / "map.yaml").write_text(
        "argmap: 1\ntitle: t\nsources:\n  - {id: s, title: Report, text: a.txt}\nnodes:\n"
        "  - {id: T, kind: thesis, text: x}\n  - {id: C1, kind: claim, text: an unsupported claim}\n"
        "  - {id: E1, kind: evidence, type: event, text: y, date: 2014, sources: [s], anchor: voted against}\n"
        "relations:\n  - {id: R1, kind: supports, from: C1, to: T}\n  - {id: R2, kind: supports, from: E1, to: T}\n",
        encoding="utf-8",
    )
    out = CliRunner().invoke(app, ["check", str(tmp_path / "map.yaml")]).output.splitlines()
    severities = [line.split(": ", 1)[1].split()[0] for line in out if line.startswith(str(tmp_path))]
    assert severities[0] == "error" and "warning" in severities
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


README = Path(__file__).parent.parent / "README.md"
START, END = "<!-- newcomer-table:start -->", "<!-- newcomer-table:end -->"


def newcomer_table() -> str:
    """The README's table of newcomer mistakes, made from CASES (``python tests/test_newcomer.py`` writes it)."""
    rows = ["| mistake | what argmap says (after `FILE:LINE:COL:`, the place of the mistake) |", "| --- | --- |"]
    for name, _, expected in CASES:
        message = expected.split(": ", 1)[1].replace("|", "\\\\|").replace("`", "'")
        rows.append(f"| {name} | {message} |")
    rows.append(
        "| curly quotes around an anchor | error AM201 node E1: anchor ... not found in source s (drop the quotation "
        "marks around it: the anchor is the words themselves) |"
    )
    return "\n".join(rows)


def _with_table(readme: str) -> str:
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{newcomer_table()}\n{END}{tail}"


def test_the_readme_table_is_made_from_these_cases() -> None:
    readme = README.read_text(encoding="utf-8")
    assert START in readme and END in readme
    assert _with_table(readme) == readme, "README newcomer table is stale: run python tests/test_newcomer.py"


if __name__ == "__main__":
    README.write_text(_with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
    print("README.md: newcomer table rewritten")
