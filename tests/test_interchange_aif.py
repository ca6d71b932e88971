"""AIF import and export: goldens, every defect class, real AIFdb/xAIF files, round trips, speed.

Refresh the golden files after an intended change with ``ARGMAP_UPDATE_GOLDEN=1 .venv/bin/pytest
tests/test_interchange_aif.py``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from benchlib.aif import synthetic_aif
from conftest import check_golden as golden
from hypothesis import given, settings
from peers import run_arguebuf
from strategies_maps import arg_maps

from argmap.interchange import ImportOptions, Loss
from argmap.interchange.aif import export_aif, load_aif, render_fields
from argmap.interchange.native import export_yaml
from argmap.load import load_map, load_text
from argmap.model import ArgMap

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "interchange"
GOLDEN = HERE / "golden" / "interchange"
REALDATA = HERE.parent.parent / "shared" / "realdata" / "aif"


def _golden(name: str, text: str) -> None:
    golden(GOLDEN / name, text)


def _small() -> ArgMap:
    result = load_map(FIXTURES / "small-map.yaml")
    assert result.map is not None and not result.has_errors
    return result.map


def _valid(m: ArgMap) -> None:
    """What `argmap check` would say about the imported map: no errors."""
    result = load_text(export_yaml(m).text)
    assert not result.has_errors, [str(d) for d in result.diagnostics]


def _shape(m: ArgMap, text_of: Any = lambda n: n.text) -> tuple[list[str], list[str], list[str]]:
    """Thesis, node texts and relations by text and kind: what a round trip must keep (ids may change)."""
    texts = {n.id: text_of(n) for n in m.nodes}
    rels = {r.id: r for r in m.relations}

    def key(rid: str) -> str:
        r = rels[rid]
        target = key(r.target) if r.kind == "undercuts" else texts[r.target]
        return repr((r.kind, sorted(texts[p] for p in r.premises), target))

    thesis = [text_of(n) for n in m.nodes if n.kind == "thesis"]
    return thesis, sorted(texts.values()), sorted(key(r.id) for r in m.relations)


# --------------------------------------------------------------------------- export


def test_export_golden_and_exact_losses() -> None:
    exported = export_aif(_small())
    _golden("small-map.aif.json", exported.text)
    assert [(x.kind, x.subject) for x in exported.losses] == [
        ("map-field", "(map)"),
        ("map-field", "(map)"),
        ("source", "tass-2014"),
        ("tags", "c1"),
        ("note", "c2"),
        ("evidence-field", "e1"),
        ("source", "e1"),
        ("anchor", "e1"),
        ("evidence-field", "e2"),
        ("warrant", "r2"),
        ("qualifier", "r2"),
    ]
    doc = json.loads(exported.text)
    types = Counter(n["type"] for n in doc["nodes"])
    assert types == {"I": 5, "RA": 2, "CA": 2}
    # the undercut is an S-node pointing at the RA node of r2; every edge has an id
    assert {"edgeID": "e9", "fromID": "r4", "toID": "r2"} in doc["edges"]
    assert all(e["edgeID"] for e in doc["edges"])
    e1 = next(n for n in doc["nodes"] if n["nodeID"] == "e1")
    assert e1["text"] == (
        "Bilateral trade reached 95 billion USD in 2014. [statistic: value 95; unit USD; scale billion; period 2014]"
    )


def test_export_reports_a_thesis_import_would_not_find() -> None:
    m = ArgMap.model_validate(
        {
            "argmap": 1,
            "title": "t",
            "nodes": [
                {"id": "t", "kind": "thesis", "text": "Thesis"},
                {"id": "a", "kind": "claim", "text": "A"},
                {"id": "b", "kind": "claim", "text": "B"},
                {"id": "c", "kind": "claim", "text": "C"},
            ],
            "relations": [
                {"id": "r1", "kind": "supports", "from": "a", "to": "t"},
                {"id": "r2", "kind": "supports", "from": ["b"], "to": "c"},
                {"id": "r3", "kind": "attacks", "from": ["a"], "to": "c"},
            ],
        }
    )
    losses = export_aif(m).losses
    assert [x for x in losses if x.kind == "thesis"] == [
        Loss("thesis", "t", "AIF has no thesis marker and import would pick c; import with --thesis t")
    ]
    again = load_aif(export_aif(m).text, options=ImportOptions(thesis="t"))
    assert again.map is not None and _shape(again.map) == _shape(m)


# --------------------------------------------------------------------------- import: defects


def test_every_defect_class_is_reported_with_its_foreign_id() -> None:
    result = load_aif((FIXTURES / "aif-defects.json").read_text(), file="aif-defects.json")
    assert [(d.code, d.subject, d.line) for d in result.diagnostics] == [
        ("AMI107", "5", 8),  # duplicate node id
        ("AMI108", "#28", 0),  # node without id
        ("AMI108", "40", 31),  # node without type
        ("AMI102", "117", 51),  # self-loop edge
        ("AMI101", "120", 54),  # dangling edge
        ("AMI106", "2", 4),  # duplicate texts (2 and 4)
        ("AMI103", "17", 19),  # RA without premise
        ("AMI104", "18", 20),  # RA without conclusion
        ("AMI113", "a", 9),  # I -> I edge
        ("AMI105", "15", 17),  # support cycle b -> c -> b
    ]
    assert all(d.file == "aif-defects.json" and d.severity.value == "warning" for d in result.diagnostics)
    assert [(x.kind, x.subject) for x in result.losses] == [
        ("timestamp", "(all)"),
        ("edge", "33"),  # transition 33 kept in a note, its edge to the lost locution 32 not
        ("rephrase", "20"),
        ("preference", "21"),
        ("locution", "32"),
        ("illocution", "35"),
    ]
    m = result.map
    assert m is not None
    _valid(m)
    rels = {r.id: (r.kind, r.premises, r.target) for r in m.relations}
    assert rels == {
        "ra10": ("supports", ["n2"], "n1"),
        "ra11": ("supports", ["n3", "n4"], "n1"),  # linked premises
        "ca12": ("undercuts", ["n5"], "ra10"),  # CA pointing at an RA
        "ca13": ("attacks", ["a"], "n1"),
        "ra14": ("supports", ["b"], "c"),
        "ra16": ("supports", ["c"], "n1"),
        "ra19": ("supports", ["n5"], "n2"),
    }
    thesis = next(n for n in m.nodes if n.kind == "thesis")
    assert (thesis.id, thesis.note) == (
        "n1",
        "AIF locution 30 by Ann Example (Asserting): Ann: sugar taxes should go up",
    )
    ra10 = next(r for r in m.relations if r.id == "ra10")  # a catalogue scheme becomes `scheme:`
    assert (ra10.scheme, ra10.note) == ("consequences", "AIF Arguing (34) in transition 33")


def test_ids_that_are_not_valid_argmap_ids_are_renamed_and_kept_for_the_way_back() -> None:
    doc = {
        "nodes": [
            {"nodeID": "main claim", "text": "Main", "type": "I"},
            {"nodeID": "x" * 80, "text": "Reason", "type": "I"},
            {"nodeID": "s 1", "text": "Default Inference", "type": "RA"},
        ],
        "edges": [
            {"edgeID": "1", "fromID": "x" * 80, "toID": "s 1"},
            {"edgeID": "2", "fromID": "s 1", "toID": "main claim"},
        ],
    }
    result = load_aif(json.dumps(doc))
    assert result.map is not None
    assert [n.id for n in result.map.nodes] == ["nmain_claim", "n" + "x" * 59]
    assert [n.formats for n in result.map.nodes] == [{"aif": {"nodeID": "main claim"}}, {"aif": {"nodeID": "x" * 80}}]
    assert [x for x in result.losses if x.kind == "id"] == []
    back = json.loads(export_aif(result.map).text)
    assert back["nodes"] == doc["nodes"]
    assert back["edges"] == doc["edges"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON: Expecting property name enclosed in double quotes"),
        ("[1, 2]", "not AIF: expected a JSON object with a 'nodes' list (and 'edges')"),
        ('{"nodes": [], "edges": {}}', "not AIF: 'edges' must be a list"),
        (
            '{"nodes": [], "edges": []}',
            "no proposition to import: the file holds no statement, claim or I-node",
        ),
    ],
)
def test_unreadable_input_is_an_error_not_a_traceback(text: str, message: str) -> None:
    result = load_aif(text, file="bad.json")
    assert result.map is None
    assert [d.message for d in result.diagnostics] == [message]
    assert result.diagnostics[0].severity.value == "error"


def test_thesis_option() -> None:
    text = (FIXTURES / "aif-defects.json").read_text()
    picked = load_aif(text, options=ImportOptions(thesis="a"))
    assert picked.map is not None
    assert [n.id for n in picked.map.nodes if n.kind == "thesis"] == ["a"]
    _valid(picked.map)
    missing = load_aif(text, options=ImportOptions(thesis="nope"))
    assert missing.map is None
    assert [(d.code, d.message) for d in missing.diagnostics][-1] == (
        "AMI111",
        "--thesis nope: no node with this id in the file",
    )


def test_thesis_named_that_supports_others_loses_that_premise() -> None:
    text = (FIXTURES / "aif-defects.json").read_text()
    result = load_aif(text, options=ImportOptions(thesis="2"))
    assert result.map is not None
    _valid(result.map)
    assert ("AMI110", "10") in [(d.code, d.subject) for d in result.diagnostics]
    # ra10 lost its only premise, so the undercut of it goes too
    assert ("AMI101", "12") in [(d.code, d.subject) for d in result.diagnostics]


# --------------------------------------------------------------------------- import: real files


@pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not present")
@pytest.mark.parametrize(
    ("name", "nodes", "relations", "losses"),
    [
        ("6064-original.json", 9, 5, {"timestamp": 1, "locution-metadata": 13, "locution": 7, "transition": 3}),
        ("6064-reconstructed.json", 9, 5, {"timestamp": 1, "rephrase": 3}),
        ("xaif.json", 2, 1, {"xaif": 2, "locution-metadata": 2, "aif-part": 1, "illocution": 2, "locution": 2}),
    ],
)
def test_real_aif_files_import_cleanly(name: str, nodes: int, relations: int, losses: dict[str, int]) -> None:
    result = load_aif((REALDATA / name).read_text(encoding="utf-8"), file=name)
    assert result.map is not None
    _valid(result.map)
    assert (len(result.map.nodes), len(result.map.relations)) == (nodes, relations)
    assert dict(Counter(x.kind for x in result.losses)) == losses
    assert all(d.severity.value != "error" for d in result.diagnostics)


@pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not present")
def test_aifdb_thesis_and_provenance() -> None:
    result = load_aif((REALDATA / "6064-original.json").read_text(encoding="utf-8"), file="6064-original.json")
    assert result.map is not None
    thesis = next(n for n in result.map.nodes if n.kind == "thesis")
    assert thesis.id == "n29054"
    assert (
        thesis.note == "AIF locution 29058 (Asserting): CL : and therefore the only way forward "
        "was for Britain to withdraw"
    )
    assert [(d.code, d.subject) for d in result.diagnostics] == [("AMI109", "29054")]


# --------------------------------------------------------------------------- round trips


@settings(max_examples=40)
@given(arg_maps())
def test_round_trip_keeps_structure_and_losses_are_exact(m: ArgMap) -> None:
    exported = export_aif(m)
    back = load_aif(exported.text, file="x.json")
    assert back.map is not None
    _valid(back.map)
    # thesis, every claim and every relation with its kind; evidence comes back as text with its fields
    assert _shape(back.map) == _shape(m, lambda n: render_fields(n)[0])
    assert back.losses == []
    # only notes about the foreign file: repeated texts, several thesis candidates (the right one is picked)
    assert {d.code for d in back.diagnostics} <= {"AMI106", "AMI109", "AMI115"}
    # the loss report names exactly the things that did not come back
    expected: set[tuple[str, str]] = {("map-field", "(map)")}
    expected |= {("source", s.id) for s in m.sources}
    for n in m.nodes:
        if n.kind == "evidence":
            expected.add(("evidence-field", n.id))
            if n.sources:
                expected.add(("source", n.id))
            if n.anchor:
                expected.add(("anchor", n.id))
        for name in ("tags", "note", "ignore"):
            if getattr(n, name):
                expected.add((name, n.id))
    for r in m.relations:
        for name in ("warrant", "qualifier", "strength", "note", "ignore"):
            if getattr(r, name) not in (None, []):
                expected.add((name, r.id))
    assert {(x.kind, x.subject) for x in exported.losses} == expected
    back_nodes = {n.id: n for n in back.map.nodes}
    for n in m.nodes:
        same = back_nodes.get(n.id) or back_nodes["n" + n.id]
        assert (same.tags, same.note, same.kind) == ([], None, "thesis" if n.kind == "thesis" else "claim")


# --------------------------------------------------------------------------- speed


def test_synthetic_aif_has_the_requested_size_and_imports_cleanly() -> None:
    doc = synthetic_aif(1000)
    assert len(doc["nodes"]) == 1000
    result = load_aif(json.dumps(doc), file="synthetic.json")
    assert result.map is not None
    _valid(result.map)
    assert {d.code for d in result.diagnostics} <= {"AMI109"}  # conflicts make more roots; node 1 wins
    assert [n.id for n in result.map.nodes if n.kind == "thesis"] == ["n1"]
    assert {r.kind for r in result.map.relations} == {"supports", "attacks", "undercuts"}
    assert any(len(r.premises) > 1 for r in result.map.relations)


# --------------------------------------------------------------------------- cross-check with arguebuf


_ARGUEBUF_SCRIPT = """
import json, sys
import arguebuf
g = arguebuf.load.file(sys.argv[1])
print(json.dumps({
    "atoms": sorted(g.atom_nodes),
    "schemes": {
        s.id: [type(s.scheme).__name__, sorted(e.source.id for e in g.incoming_edges(s)),
               sorted(e.target.id for e in g.outgoing_edges(s))]
        for s in g.scheme_nodes.values()
    },
}))
"""


def test_arguebuf_reads_our_aif_as_we_mean_it(tmp_path: Path) -> None:
    m = _small()
    path = tmp_path / "small.json"
    path.write_text(export_aif(m).text, encoding="utf-8")
    seen = run_arguebuf(_ARGUEBUF_SCRIPT, str(path))
    assert seen["atoms"] == sorted(n.id for n in m.nodes)
    undercutters = {r.target: r.id for r in m.relations if r.kind == "undercuts"}
    assert seen["schemes"] == {
        r.id: [
            "Support" if r.kind == "supports" else "Attack",
            sorted([*r.premises, *([undercutters[r.id]] if r.id in undercutters else [])]),
            [r.target],
        ]
        for r in m.relations
    }
    if REALDATA.is_dir():  # and arguebuf and argmap see the same argument in AIFdb's file
        real = REALDATA / "6064-original.json"
        theirs = run_arguebuf(_ARGUEBUF_SCRIPT, str(real))
        ours = load_aif(real.read_text(encoding="utf-8")).map
        assert ours is not None
        assert sorted("n" + a for a in theirs["atoms"]) == sorted(n.id for n in ours.nodes)
        assert {"ra" + k: ["n" + x for x in v[1]] for k, v in theirs["schemes"].items()} == {
            r.id: sorted(r.premises) for r in ours.relations
        }


def test_schemes_travel_as_aifdb_scheme_names_and_come_back_as_ids() -> None:
    m = load_text(
        "argmap: 1\ntitle: t\nnodes:\n"
        "  - {id: T, kind: thesis, type: comparison, text: Trade grows.}\n"
        "  - {id: E1, kind: evidence, type: statement, text: An analyst says so., speaker: an analyst,"
        " answers: [expertise]}\n"
        "relations:\n  - {id: R1, kind: supports, from: E1, to: T, scheme: expert-opinion}\n"
    ).map
    assert m is not None
    exported = export_aif(m)
    ra = next(n for n in json.loads(exported.text)["nodes"] if n["nodeID"] == "R1")
    assert (ra["type"], ra["scheme"], ra["text"]) == (
        "RA",
        "Argument from expert opinion",
        "Argument from expert opinion",
    )
    assert [(x.kind, x.subject) for x in exported.losses if x.kind in ("claim-type", "answers")] == [
        ("claim-type", "T"),
        ("answers", "E1"),
    ]
    back = load_aif(exported.text)
    assert back.map is not None and [r.scheme for r in back.map.relations] == ["expert-opinion"]
    # AIFdb's own spelling of a scheme is recognised; an unknown one is kept as AIF said it, for the way back
    doc = json.loads(exported.text)
    next(n for n in doc["nodes"] if n["nodeID"] == "R1")["scheme"] = "Argument From Position To Know"
    assert [r.scheme for r in load_aif(json.dumps(doc)).map.relations] == ["position-to-know"]  # type: ignore[union-attr]
    ra = next(n for n in doc["nodes"] if n["nodeID"] == "R1")
    ra.update(scheme="Verbal Classification", schemeID=71)
    again = load_aif(json.dumps(doc)).map
    assert again is not None
    rel = again.relations[0]
    assert (rel.scheme, rel.note) == (None, None)
    assert rel.formats["aif"]["scheme"] == "Verbal Classification"
    out = export_aif(again)
    assert next(n for n in json.loads(out.text)["nodes"] if n["nodeID"] == "R1") == ra
    assert [x for x in out.losses if x.kind == "scheme"] == []
    # a scheme changed in argmap since import wins, and the change is itemised
    again.relations[0].scheme = "expert-opinion"
    out = export_aif(again)
    ra = next(n for n in json.loads(out.text)["nodes"] if n["nodeID"] == "R1")
    assert (ra["scheme"], "schemeID" in ra) == ("Argument from expert opinion", False)
    assert [(x.kind, x.subject, x.detail) for x in out.losses if x.kind == "scheme"] == [
        (
            "scheme",
            "R1",
            "changed in argmap since import: type 'RA', text 'Argument from expert opinion', "
            "scheme 'Verbal Classification', schemeID 71 written as RA 'Argument from expert opinion'",
        )
    ]


def test_whitespace_at_the_ends_of_a_text_is_reported() -> None:
    doc = {
        "nodes": [
            {"nodeID": "a", "type": "I", "text": "\u00a0Taxes rose. "},
            {"nodeID": "b", "type": "I", "text": "Prices rose"},
            {"nodeID": "s", "type": "RA", "text": "Default Inference"},
        ],
        "edges": [{"edgeID": "1", "fromID": "a", "toID": "s"}, {"edgeID": "2", "fromID": "s", "toID": "b"}],
    }
    result = load_aif(json.dumps(doc))
    assert result.map is not None
    assert [(x.kind, x.subject, x.detail) for x in result.losses] == [
        ("whitespace", "a", "text: leading U+00A0, trailing space removed")
    ]


def test_one_line_json_locates_each_defect_by_column() -> None:
    doc = {"nodes": [{"nodeID": "a", "type": "I", "text": "A"}, {"nodeID": "r", "type": "RA"}], "edges": []}
    text = json.dumps(doc)
    result = load_aif(text)
    [d] = [d for d in result.diagnostics if d.code == "AMI103"]
    assert (d.line, d.col) == (1, text.index('{"nodeID": "r"') + 1)
