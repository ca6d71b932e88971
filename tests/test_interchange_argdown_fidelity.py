"""Argdown without surprises: what the Argdown parser reads, argmap reads, and writes back.

Wrapped headings, the ``<+ <arg>`` idiom, arguments without premise-conclusion structure, multi-step
arguments, whitespace and Markdown links. The counts are checked against the Argdown CLI when it is
installed (``ARGDOWN_CLI``, ``argdown`` on PATH or ``/tmp/ad/node_modules/.bin/argdown``).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from test_interchange_argdown import REALDATA, _argdown_cli

from argmap.interchange.argdown import export_argdown, load_argdown
from argmap.interchange.argdown_export import ARGUMENT_TAG
from argmap.model import ArgMap


def _load(text: str) -> ArgMap:
    result = load_argdown(text, file="t.argdown")
    assert result.map is not None, [str(d) for d in result.diagnostics]
    return result.map


def test_a_heading_wrapped_over_two_lines_is_one_heading() -> None:
    text = "# Pros and cons\n\n## Relations between\n@[A] and the evidence\n\n[A]: Taxes rose.\n  + [B]: Prices rose.\n"
    result = load_argdown(text)
    assert result.map is not None
    assert sorted(n.text for n in result.map.nodes) == ["Prices rose.", "Taxes rose."]
    assert [(x.kind, x.line) for x in result.losses] == [("heading", 1), ("heading", 3)]


def test_an_argument_concluding_the_statement_it_sits_under_is_no_relation_and_no_loss() -> None:
    text = "[p]: Taxes should rise.\n  <+ <arg>\n\n<arg>\n\n(1) [q]: Schools need money.\n----\n(2) [p]\n"
    result = load_argdown(text)
    assert result.map is not None
    assert [d.code for d in result.diagnostics if d.code == "AMI102"] == []
    assert [(r.kind, r.premises, r.target) for r in result.map.relations] == [("supports", ["q"], "p")]
    assert result.losses == []


def test_arguments_without_premise_conclusion_structure_stay_arguments() -> None:
    text = (
        "[t]: Soft drugs should be legal.\n"
        "  + <freedom>: People choose their own lifestyle.\n"
        "    - <harm>: Soft drugs harm others.\n"
        "      <_ <rare>: Harm to others is rare.\n"
    )
    m = _load(text)
    tagged = sorted(n.id for n in m.nodes if ARGUMENT_TAG in n.tags)
    assert tagged == ["freedom", "harm", "rare"]
    out = export_argdown(m).text
    assert "<freedom>: People choose their own lifestyle." in out
    assert "#argdown-argument" not in out
    assert "  + <freedom>" in out and "  _> <harm>" in out
    again = _load(out)
    assert sorted(n.id for n in again.nodes if ARGUMENT_TAG in n.tags) == tagged
    assert sorted((r.kind, tuple(r.premises), r.target) for r in again.relations) == sorted(
        (r.kind, tuple(r.premises), r.target) for r in m.relations
    )


def test_a_multi_step_argument_is_written_back_as_one_argument() -> None:
    text = (
        "<chain>\n\n(1) [a]: All men are mortal.\n(2) [b]: Socrates is a man.\n----\n"
        "(3) [c]: Socrates is mortal.\n(4) [d]: Mortals die.\n----\n(5) [e]: Socrates dies.\n"
    )
    m = _load(text)
    assert sorted(r.id for r in m.relations) == ["chain", "chain-1"]
    out = export_argdown(m).text
    assert out.count("<chain>") == 1 and "chain-1" not in out
    again = _load(out)
    assert sorted((r.id, tuple(sorted(r.premises)), r.target) for r in again.relations) == [
        ("chain", ("c", "d"), "e"),
        ("chain-1", ("a", "b"), "c"),
    ]


def test_runs_of_spaces_survive_and_markdown_links_stay_links() -> None:
    m = ArgMap.model_validate(
        {
            "argmap": 1,
            "title": "t",
            "nodes": [
                {"id": "t", "kind": "thesis", "text": "Two  spaces and\ta tab "},
                {"id": "c", "kind": "claim", "text": "See [the report](https://example.org/r) for _why_"},
            ],
            "relations": [{"id": "r1", "kind": "supports", "from": ["c"], "to": "t"}],
        }
    )
    exported = export_argdown(m)
    assert [(x.kind, x.subject) for x in exported.losses if x.kind == "whitespace"] == [("whitespace", "t")]
    assert "[t]: Two  spaces and\ta tab {" in exported.text
    assert "[c]: See [the report](https://example.org/r) for \\_why\\_" in exported.text
    again = _load(exported.text)
    assert {n.id: n.text for n in again.nodes} == {"t": "Two  spaces and\ta tab", "c": m.nodes[1].text}


# --------------------------------------------------------------------------- against the Argdown CLI


def _cli_counts(cli: str, path: Path) -> tuple[int, int]:
    run = subprocess.run([cli, "json", "--stdout", str(path)], capture_output=True, text=True, timeout=120)
    doc = json.loads(run.stdout[run.stdout.index("{") : run.stdout.rindex("}") + 1])
    return len(doc["statements"]), len(doc["arguments"])


@pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not present")
@pytest.mark.skipif(_argdown_cli() is None, reason="the Argdown CLI (@argdown/cli) is not installed")
@pytest.mark.parametrize("name", ["legalisation-softdrugs.argdown", "argdown-primer.argdown"])
def test_real_examples_keep_the_argdown_cli_counts_through_import_and_export(name: str, tmp_path: Path) -> None:
    cli = _argdown_cli()
    assert cli is not None
    statements, arguments = _cli_counts(cli, REALDATA / name)
    m = _load((REALDATA / name).read_text(encoding="utf-8"))
    assert len([n for n in m.nodes if ARGUMENT_TAG not in n.tags]) == statements
    out = tmp_path / name
    out.write_text(export_argdown(m).text, encoding="utf-8")
    assert _cli_counts(cli, out) == (statements, arguments)
    again = _load(out.read_text(encoding="utf-8"))
    assert (len(again.nodes), len(again.relations)) == (len(m.nodes), len(m.relations))
