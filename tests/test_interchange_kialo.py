"""Kialo discussion export import: the fixture exactly, cross-links, every defect with its line."""

from __future__ import annotations

from pathlib import Path

from argmap.interchange import ImportOptions
from argmap.interchange.kialo import load_kialo
from argmap.interchange.native import export_yaml
from argmap.load import load_text

FIXTURE = Path(__file__).parent / "fixtures" / "interchange" / "kialo-discussion.txt"


def test_fixture_imports_thesis_claims_relations_and_cross_links() -> None:
    result = load_kialo(FIXTURE.read_text(encoding="utf-8"), file=str(FIXTURE))
    m = result.map
    assert m is not None
    assert not load_text(export_yaml(m).text).has_errors
    assert (result.losses, result.diagnostics) == ([], [])
    assert m.title == "Should cities ban cars from their centres?"
    assert [(n.id, n.kind) for n in m.nodes if n.kind == "thesis"] == [("k1", "thesis")]
    assert len(m.nodes) == 10
    assert {(r.id, r.kind, tuple(r.premises), r.target) for r in m.relations} == {
        ("r1.1", "supports", ("k1.1",), "k1"),
        ("r1.1.1", "attacks", ("k1.1.1",), "k1.1"),
        ("r1.1.2", "supports", ("k1.1.2",), "k1.1"),
        ("r1.2", "supports", ("k1.2",), "k1"),
        ("r1.3", "attacks", ("k1.3",), "k1"),
        ("r1.3.1", "attacks", ("k1.3.1",), "k1.3"),
        ("r1.3.2", "supports", ("k1.3.2",), "k1.3"),
        ("r1.4", "attacks", ("k1.4",), "k1"),
        ("r1.5", "supports", ("k1.5",), "k1"),
        ("x1.4.1", "attacks", ("k1.2",), "k1.4"),  # -> See 1.2.
        ("x1.5.1", "supports", ("k1.1",), "k1.5"),  # -> See 1.1.
    }
    # a line that continues a claim is joined to it
    assert next(n for n in m.nodes if n.id == "k1.3.2").text == (
        "Delivery costs rise for small businesses.\nThis is especially true for shops without rear access."
    )


def test_defects_are_reported_with_their_line() -> None:
    text = (
        "Discussion Title: Test\n"
        "\n"
        "Some preamble.\n"
        "1. Thesis.\n"
        "1.1. Pro: A reason.\n"
        "1.1. Con: The same number again.\n"
        "1.2.1. Con: A claim whose parent is missing.\n"
        "1.3. Without a stance.\n"
        "1.4. Con: -> See 1.9.\n"
        "1.5. Pro:\n"
        "1.6. Pro: -> See 1.1.\n"
        "1.1.1. Pro: -> See 1.1.\n"
    )
    result = load_kialo(text, file="t.txt")
    assert result.map is not None
    assert not load_text(export_yaml(result.map).text).has_errors
    assert [(d.code, d.subject, d.line) for d in result.diagnostics] == [
        ("AMI107", "1.1", 6),
        ("AMI108", "1.5", 10),
        ("AMI101", "1.2.1", 7),
        ("AMI108", "1.3", 8),
        ("AMI101", "1.4", 9),
        ("AMI102", "1.1.1", 12),  # a claim cross-linked under itself
    ]
    assert [(x.kind, x.line) for x in result.losses] == [("text", 3)]
    assert {(r.kind, tuple(r.premises), r.target) for r in result.map.relations} == {
        ("supports", ("k1.1",), "k1"),
    }


def test_thesis_option_and_empty_input() -> None:
    result = load_kialo(FIXTURE.read_text(encoding="utf-8"), options=ImportOptions(thesis="1.3"))
    assert result.map is not None
    assert [n.id for n in result.map.nodes if n.kind == "thesis"] == ["k1.3"]
    # k1.3 attacked k1; an attack from the thesis is allowed, so nothing is dropped
    assert len(result.map.relations) == 11
    empty = load_kialo("Discussion Title: Nothing\n", file="e.txt")
    assert empty.map is None
    assert [d.code for d in empty.diagnostics] == ["AMI114"]


def test_kialo_markdown_escapes_are_read_as_the_characters() -> None:
    text = (
        'Discussion Title: Are \\("Trolls"\\) bad?\n\n'
        '1. Trolls \\("Trolls"\\) are bad\n1.1. Pro: They \\*hurt\\* people\n'
    )
    m = load_kialo(text).map
    assert m is not None
    assert m.title == 'Are ("Trolls") bad?'
    assert [n.text for n in m.nodes] == ['Trolls ("Trolls") are bad', "They *hurt* people"]
