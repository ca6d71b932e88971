"""Argdown export and import: golden file, exact round trips, real Argdown files, the Argdown CLI.

Refresh the golden file after an intended change with ``ARGMAP_UPDATE_GOLDEN=1 .venv/bin/pytest
tests/test_interchange_argdown.py``. The test against the real Argdown parser runs when its CLI is
found (``ARGDOWN_CLI``, ``argdown`` on PATH, or ``/tmp/ad/node_modules/.bin/argdown`` after
``npm install --prefix /tmp/ad @argdown/cli@1.7``) and is skipped otherwise.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import check_golden as golden
from hypothesis import given, settings
from strategies_maps import arg_maps

from argmap.interchange import ImportOptions
from argmap.interchange.aif import load_aif
from argmap.interchange.argdown import export_argdown, load_argdown
from argmap.interchange.argdown_export import _needs_argument
from argmap.interchange.native import dump_data, export_yaml
from argmap.load import load_map, load_text
from argmap.model import ArgMap

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "interchange"
GOLDEN = HERE / "golden" / "interchange"
REALDATA = HERE.parent.parent / "shared" / "realdata" / "argdown"


def _small() -> ArgMap:
    result = load_map(FIXTURES / "small-map.yaml")
    assert result.map is not None and not result.has_errors
    return result.map


def _valid(m: ArgMap) -> None:
    result = load_text(export_yaml(m).text)
    assert not result.has_errors, [str(d) for d in result.diagnostics]


def _relations(m: ArgMap) -> set[tuple[str, tuple[str, ...], str]]:
    return {(r.kind, tuple(r.premises), r.target) for r in m.relations}


def _canonical(m: ArgMap, unnamed: set[str]) -> dict[str, Any]:
    """The map as data, relations sorted and the ids Argdown cannot name blanked."""
    data = dump_data(m)
    rels = []
    for r in data.get("relations", []):
        r = dict(r)
        if r["id"] in unnamed:
            r["id"] = "?"
        rels.append(r)
    data["relations"] = sorted(rels, key=lambda r: json.dumps(r, sort_keys=True))
    return data


def _bare_thesis(m: ArgMap) -> str | None:
    """The thesis when nothing supports it and it does not already ignore ST101."""
    thesis = next(n for n in m.nodes if n.kind == "thesis")
    supported = any(r.kind == "supports" and r.target == thesis.id for r in m.relations)
    return None if supported or "ST101" in thesis.ignore else thesis.id


# --------------------------------------------------------------------------- export


def test_export_golden_and_exact_losses() -> None:
    exported = export_argdown(_small())
    golden(GOLDEN / "small-map.argdown", exported.text)
    assert [(x.kind, x.subject) for x in exported.losses] == [
        ("relation-id", "r1"),
        ("relation-id", "r3"),
        ("relation-id", "r4"),
    ]


def test_linked_attack_becomes_an_argument_with_a_derived_conclusion() -> None:
    m = ArgMap.model_validate(
        {
            "argmap": 1,
            "title": "t",
            "nodes": [
                {"id": "t", "kind": "thesis", "text": "T"},
                {"id": "a", "kind": "claim", "text": "A"},
                {"id": "b", "kind": "claim", "text": "B"},
            ],
            "relations": [{"id": "r1", "kind": "attacks", "from": ["a", "b"], "to": "t"}],
        }
    )
    exported = export_argdown(m)
    assert exported.text.endswith(
        "<r1>\n\n(1) [a]\n(2) [b]\n----\n"
        '(3) [r1 conclusion]: Not so: what t does not hold. {"argmap": "negation"}\n  -> [t]\n'
    )
    assert [(x.kind, x.subject) for x in exported.losses] == [("structure", "r1")]
    back = load_argdown(exported.text)
    assert back.map is not None and _relations(back.map) == {("attacks", ("a", "b"), "t")}
    assert [n.id for n in back.map.nodes] == ["t", "a", "b"]


# --------------------------------------------------------------------------- round trips


@settings(max_examples=40)
@given(arg_maps())
def test_round_trip_is_exact_except_what_the_loss_report_lists(m: ArgMap) -> None:
    exported = export_argdown(m)
    back = load_argdown(exported.text, file="x.argdown")
    assert back.map is not None, [str(d) for d in back.diagnostics]
    # a thesis nothing supports comes back marked `ignore: [ST101]`, and said so, so that check takes it
    bare = _bare_thesis(m)
    said = [(d.code, d.subject) for d in back.diagnostics]
    unnamed = {x.subject for x in exported.losses if x.kind == "relation-id"}
    assert (back.losses, said) == ([], [("AMI115", bare)] if bare else [])
    _valid(back.map)
    # everything else comes back identical: thesis, claims, evidence fields, sources, relation fields
    named = {r.id for r in m.relations} - unnamed
    expected_map = _canonical(m, unnamed)
    for node in expected_map["nodes"]:
        if node["id"] == bare:
            node["ignore"] = [*node.get("ignore", []), "ST101"]
    # an attack written as a plain `-` line between statements is Argdown's contrary relation, and says so
    got = _canonical(back.map, {r.id for r in back.map.relations} - named)
    plain_attacks = [r for r in got["relations"] if r["id"] == "?" and r["kind"] == "attacks"]
    marked = [r.pop("formats") for r in plain_attacks if "formats" in r]
    assert marked == [{"argdown": {"relation": "contrary"}}] * len(marked)
    got["relations"].sort(key=lambda r: json.dumps(r, sort_keys=True))
    assert got == expected_map
    expected = {("relation-id", r.id) for r in m.relations if r.id in unnamed}
    undercut = {r.target for r in m.relations if r.kind == "undercuts"}
    for r in m.relations:
        extras = len(r.premises) > 1 or r.warrant or r.qualifier or r.strength is not None or r.note or r.ignore
        argument = bool(extras) or r.id in undercut
        assert (r.id in unnamed) == (not argument)
        if argument and r.kind != "supports":
            expected.add(("structure", r.id))
    assert {(x.kind, x.subject) for x in exported.losses} == expected


def test_round_trip_through_aif_and_argdown_of_a_real_map() -> None:
    m = load_aif((FIXTURES / "aif-defects.json").read_text(), file="aif-defects.json").map
    assert m is not None
    back = load_argdown(export_argdown(m).text)
    assert back.map is not None
    assert _relations(back.map) == _relations(m)
    assert [(n.id, n.kind, n.text, n.note) for n in back.map.nodes] == [(n.id, n.kind, n.text, n.note) for n in m.nodes]


# --------------------------------------------------------------------------- import of foreign Argdown


@pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not present")
def test_legalisation_example_imports_cleanly() -> None:
    name = "legalisation-softdrugs.argdown"
    result = load_argdown((REALDATA / name).read_text(encoding="utf-8"), file=name)
    m = result.map
    assert m is not None
    _valid(m)
    assert m.title == "Pros and Cons Legalisation of Soft Drugs"
    assert m.authors == ["Gregor Betz (adaptation to Argdown)"]
    assert [n.id for n in m.nodes if n.kind == "thesis"] == ["legalisation-of-soft-drugs"]
    assert (len(m.nodes), Counter(r.kind for r in m.relations)) == (
        18,
        {"supports": 9, "attacks": 8, "undercuts": 2},
    )
    assert ("undercuts", ("poor-reason",), "r4") in _relations(m)
    assert ("attacks", ("soft-drugs-are-harmful",), "no-harm-no-ban") in _relations(m)
    assert [(x.kind, x.line) for x in result.losses if x.kind != "id"] == [
        ("comment", 13),
        ("comment", 19),
        ("comment", 87),
        ("comment", 128),
        ("front-matter", 1),
        ("front-matter", 1),
        ("front-matter", 1),
    ]
    assert [(d.code, d.subject) for d in result.diagnostics] == [("AMI109", "Legalisation of Soft Drugs")]


@pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not present")
def test_primer_imports_cleanly_with_a_loss_report() -> None:
    name = "argdown-primer.argdown"
    result = load_argdown((REALDATA / name).read_text(encoding="utf-8"), file=name)
    m = result.map
    assert m is not None
    _valid(m)
    pcs = next(r for r in m.relations if r.id == "argument-1")
    assert (pcs.kind, pcs.premises, pcs.target) == ("supports", ["untitled-63", "statement-2"], "untitled-75")
    assert pcs.warrant == "Some inference rule: p .^. (p .->. q) .->. q"
    assert ("undercuts", ("Intro",), "argument-1") in _relations(m)
    assert [(x.kind, x.line) for x in result.losses if x.kind != "id"] == [
        ("comment", 40),
        ("comment", 80),
        ("heading", 1),
        ("heading", 22),
        ("heading", 55),
        ("equivalent", 66),
        ("data", 72),
        ("relation", 48),
    ]


@pytest.mark.parametrize(
    ("doc", "relations", "losses"),
    [
        pytest.param(
            "[A]: Alpha.\n  >< [B]: Beta.\n",
            {("attacks", ("B",), "A"), ("attacks", ("A",), "B")},
            [("contradiction", 2)],
            id="contradiction-two-attacks",
        ),
        pytest.param(
            "[A]: Alpha.\n  <_ [B]: Beta.\n",
            {("attacks", ("B",), "A")},
            [("relation", 2)],
            id="undercut-of-a-statement",
        ),
        pytest.param(
            "[A]: Alpha. {kind: evidence, type: statistic}\n  + [B]: Beta. {colour: red}\n",
            {("supports", ("B",), "A")},
            [("data", 1), ("data", 2)],
            id="bad-evidence-and-unknown-data",
        ),
        pytest.param(
            "[A]: Alpha.\n  + [Nowhere]\n\n+ [A]\n",
            {("supports", ("Nowhere",), "A")},
            [("relation", 4), ("text", 2)],
            id="undefined-reference-and-orphan-relation",
        ),
        pytest.param(
            "# Section\n\n[A]: Alpha. // why\n  + <Arg>\n    + [X]: Ex.\n\n<Arg>\n\n(1) [P]: Premise.\n----\n"
            "(2) [C]: Conclusion.\n",
            {("supports", ("P",), "C"), ("supports", ("C",), "A")},
            [("comment", 3), ("heading", 1), ("relation", 5)],
            id="reconstructed-argument-its-conclusion-argues",
        ),
        pytest.param(
            "[A]: Alpha {not: [closed}\n",
            set(),
            [("data", 1)],
            id="malformed-data-block",
        ),
    ],
)
def test_what_is_not_understood_is_reported_with_its_line(
    doc: str, relations: set[tuple[str, tuple[str, ...], str]], losses: list[tuple[str, int]]
) -> None:
    result = load_argdown(doc, file="case.argdown")
    assert result.map is not None
    _valid(result.map)
    assert _relations(result.map) == relations
    assert [(x.kind, x.line) for x in result.losses if x.kind != "id"] == losses


def test_thesis_option_by_title() -> None:
    doc = "[A]: Alpha.\n  + [B]: Beta.\n\n[C]: Gamma.\n  - [B]\n"
    result = load_argdown(doc, options=ImportOptions(thesis="C"))
    assert result.map is not None
    assert [n.id for n in result.map.nodes if n.kind == "thesis"] == ["C"]


# --------------------------------------------------------------------------- the real Argdown parser


@functools.cache
def _argdown_cli() -> str | None:
    """An Argdown CLI that runs (installed, with node on PATH), like the arguebuf cross-check's check."""
    for candidate in (
        os.environ.get("ARGDOWN_CLI"),
        shutil.which("argdown"),
        "/tmp/ad/node_modules/.bin/argdown",
    ):
        if candidate and Path(candidate).exists():
            try:
                works = subprocess.run([candidate, "--version"], capture_output=True, timeout=120).returncode == 0
            except OSError:
                works = False
            if works:
                return candidate
    return None


@pytest.mark.skipif(_argdown_cli() is None, reason="the Argdown CLI (@argdown/cli) is not installed")
def test_exports_parse_with_the_argdown_cli(tmp_path: Path) -> None:
    cli = _argdown_cli()
    assert cli is not None
    defects = load_aif((FIXTURES / "aif-defects.json").read_text()).map
    assert defects is not None
    linked = ArgMap.model_validate(
        {
            "argmap": 1,
            "title": "Linked attacks and undercuts",
            "nodes": [
                {"id": "t", "kind": "thesis", "text": "T {with braces} and #hash"},
                *(
                    {
                        "id": x,
                        "kind": "claim",
                        "text": f"Claim {x} // not a comment, [x] <y> @z *b* _i_ back\\slash /* c */",
                    }
                    for x in "abcde"
                ),
            ],
            "relations": [
                {"id": "r1", "kind": "supports", "from": ["a", "b"], "to": "t", "warrant": "W, with a comma"},
                {"id": "r2", "kind": "attacks", "from": ["c", "d"], "to": "t"},
                {"id": "r3", "kind": "undercuts", "from": ["d", "e"], "to": "r1"},
                {"id": "r4", "kind": "attacks", "from": ["e"], "to": "a", "qualifier": "probably"},
            ],
        }
    )
    for name, m in (("small", _small()), ("defects", defects), ("linked", linked)):
        src = tmp_path / f"{name}.argdown"
        src.write_text(export_argdown(m).text, encoding="utf-8")
        run = subprocess.run([cli, "json", "--stdout", str(src)], capture_output=True, text=True, timeout=120)
        assert run.returncode == 0 and "syntax error" not in (run.stdout + run.stderr).lower(), run.stderr
        doc = json.loads(run.stdout[: run.stdout.rindex("}") + 1])
        undercut = {r.target for r in m.relations if r.kind == "undercuts"}
        as_argument = [r for r in m.relations if _needs_argument(r, undercut) or len(r.premises) > 1]
        derived = {f"{r.id} conclusion" for r in as_argument if r.kind != "supports"}
        assert set(doc["arguments"]) == {r.id for r in as_argument}
        assert set(doc["statements"]) == {n.id for n in m.nodes} | derived
        data = {t: s["members"][0].get("data", {}) for t, s in doc["statements"].items()}
        # Argdown reads every escaped character back as the text we meant
        texts = {t: s["members"][0].get("text", "").strip() for t, s in doc["statements"].items()}
        assert {n.id: n.text for n in m.nodes if not n.tags} == {n.id: texts[n.id] for n in m.nodes if not n.tags}
        for n in m.nodes:
            if n.kind != "claim":
                assert data[n.id]["kind"] == n.kind
        kinds = Counter(r["relationType"] for r in doc["relations"])
        simple = Counter(r.kind for r in m.relations if r not in as_argument)
        assert kinds["support"] >= simple["supports"] and kinds["attack"] >= simple["attacks"]
        assert kinds["undercut"] == sum(1 for r in m.relations if r.kind == "undercuts")


def test_claim_types_schemes_and_answers_round_trip() -> None:
    text = (
        "argmap: 1\ntitle: t\nnodes:\n"
        "  - {id: T, kind: thesis, type: comparison, text: Trade grows.}\n"
        "  - {id: C1, kind: claim, type: cause, text: Sanctions bite., answers: [expertise]}\n"
        "  - {id: E1, kind: evidence, type: statement, text: An analyst says so., speaker: an analyst}\n"
        "relations:\n"
        "  - {id: R1, kind: supports, from: C1, to: T, scheme: expert-opinion, answers: [field]}\n"
        "  - {id: R2, kind: supports, from: E1, to: C1}\n"
    )
    m = load_text(text).map
    assert m is not None
    exported = export_argdown(m)
    assert not [x for x in exported.losses if x.subject in ("T", "C1", "R1") and x.kind != "relation-id"]
    back = load_argdown(exported.text).map
    assert back is not None
    nodes = {n.id: n for n in back.nodes}
    assert (nodes["T"].type, nodes["C1"].type, nodes["C1"].answers) == ("comparison", "cause", ["expertise"])
    (r1,) = [r for r in back.relations if r.scheme]
    assert (r1.scheme, r1.answers, r1.target) == ("expert-opinion", ["field"], "T")
