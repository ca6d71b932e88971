"""The formats the field holds maps in: microtexts and SADFace in, AIFdb corpus zips in, Kialo and
GraphML out; recognition of every format by content; round trips (Hypothesis) and conformance with
the peers' readers (arguebuf for microtexts, SADFace and Kialo; networkx for GraphML), which are
skipped where those libraries are not installed.

The microtext and SADFace fixtures are our own texts written in those formats.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from peers import run_arguebuf
from strategies_maps import arg_maps
from test_import_batch import run

import argmap
from argmap.interchange.graphml import export_graphml
from argmap.interchange.kialo import load_kialo
from argmap.interchange.kialo_export import export_kialo
from argmap.interchange.microtexts import load_microtexts
from argmap.interchange.recognise import recognise
from argmap.interchange.sadface import load_sadface
from argmap.load import load_map
from argmap.model import ArgMap

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"
MICROTEXT = FIXTURES / "microtext-homework.xml"
SADFACE = FIXTURES / "sadface-cycle-lanes.json"


def _shape(m: ArgMap) -> Counter[tuple[str, tuple[str, ...], str]]:
    """Relations by the texts they join (ids differ between formats)."""
    text = {n.id: n.text for n in m.nodes}
    rel = {r.id: r for r in m.relations}

    def end(r: Any) -> str:
        return text[r.target] if r.kind != "undercuts" else f"({end(rel[r.target])})"

    return Counter((r.kind, tuple(sorted(text[p] for p in r.premises)), end(r)) for r in m.relations)


# --------------------------------------------------------------------------- microtexts


def test_microtext_central_claim_is_the_thesis_and_every_edge_a_relation() -> None:
    result = load_microtexts(MICROTEXT.read_text(encoding="utf-8"), file="m.xml")
    m = result.map
    assert m is not None and result.diagnostics == []
    assert [(n.id, n.kind) for n in m.nodes if n.kind == "thesis"] == [("a1", "thesis")]
    assert [(r.id, r.kind, r.premises, r.target) for r in m.relations] == [
        ("c8", "supports", ["a2", "a3"], "a1"),  # sup + add: linked premises
        ("c10", "attacks", ["a4"], "a1"),  # reb
        ("c11", "undercuts", ["a5"], "c10"),  # und
        ("c12", "supports", ["a6"], "a1"),  # exa
    ]
    assert {n.id: n.tags for n in m.nodes}["a4"] == ["opponent"]
    assert next(n.text for n in m.nodes if n.id == "a6").endswith("homework and still do well in international tests.")
    assert [(x.kind, x.subject, x.line) for x in result.losses] == [
        ("metadata", "topic_id", 1),
        ("metadata", "stance", 1),
        ("support-kind", "c12", 27),
    ]


def test_microtext_defects_name_the_element_and_line() -> None:
    text = MICROTEXT.read_text(encoding="utf-8").replace('trg="c10" type="und"', 'trg="c99" type="und"')
    result = load_microtexts(text, file="m.xml")
    assert result.map is not None
    assert [(d.code, d.subject) for d in result.diagnostics] == [("AMI101", "c11")]
    broken = load_microtexts("<arggraph><edu id='e1'>x</arggraph>", file="b.xml")
    assert broken.map is None and [(d.code, d.line) for d in broken.diagnostics] == [("AMI001", 1)]


def _as_microtext(m: ArgMap) -> str:
    """A map written as a microtext (test helper): one EDU and ADU per node, edges for relations."""
    out = ["<?xml version='1.0' encoding='UTF-8'?>", '<arggraph id="generated">']
    order = {n.id: i for i, n in enumerate(m.nodes, 1)}
    for n, i in order.items():
        text = next(x.text for x in m.nodes if x.id == n)
        out.append(f'  <edu id="e{i}">{escape(text)}</edu>')
        out.append(f'  <adu id="a{i}" type="pro"/>')
        out.append(f'  <edge id="s{i}" src="e{i}" trg="a{i}" type="seg"/>')
    for k, r in enumerate(m.relations, 1):
        kind = {"supports": "sup", "attacks": "reb", "undercuts": "und"}[r.kind]
        trg = f"c{[x.id for x in m.relations].index(r.target) + 1}" if r.kind == "undercuts" else f"a{order[r.target]}"
        out.append(f'  <edge id="c{k}" src="a{order[r.premises[0]]}" trg="{trg}" type="{kind}"/>')
        for j, p in enumerate(r.premises[1:], 1):
            out.append(f'  <edge id="c{k}x{j}" src="a{order[p]}" trg="c{k}" type="add"/>')
    return "\n".join([*out, "</arggraph>"]) + "\n"


def _tidy(m: ArgMap) -> ArgMap:
    """The map with whitespace in texts as XML and microtexts keep it: lines joined, ends trimmed."""
    data = m.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    for n in data["nodes"]:
        n["text"] = n["text"].strip()
    return ArgMap.model_validate(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arg_maps(max_nodes=8, max_sources=0))
def test_any_map_written_as_a_microtext_imports_with_its_thesis_and_relations(m: ArgMap) -> None:
    result = load_microtexts(_as_microtext(m), file="g.xml")
    assert result.map is not None, [str(d) for d in result.diagnostics]
    thesis = next(n.text for n in m.nodes if n.kind == "thesis")
    assert [n.text for n in result.map.nodes if n.kind == "thesis"] == [thesis.strip()]
    assert _shape(result.map) == _shape(_tidy(m))


# --------------------------------------------------------------------------- SADFace


def test_sadface_atoms_schemes_and_undercuts() -> None:
    result = load_sadface(SADFACE.read_text(encoding="utf-8"), file="s.json")
    m = result.map
    assert m is not None and result.diagnostics == []
    assert (m.title, m.authors) == ("Cycle lanes on the high street", ["Rosa Ortega"])
    assert [(r.id, r.kind, r.premises, r.target) for r in m.relations] == [
        ("s1", "supports", ["p1", "p2"], "t"),
        ("s2", "attacks", ["c1"], "t"),
        ("s3", "undercuts", ["u1"], "s2"),
    ]
    assert [n.id for n in m.nodes if n.kind == "thesis"] == ["t"]
    assert [(x.kind, x.subject) for x in result.losses if x.kind != "metadata"] == [("scheme", "s4")]
    assert sorted(x.subject for x in result.losses if x.kind == "metadata") == [
        "analyst_email",
        "created",
        "edited",
        "id",
        "version",
    ]


def _as_sadface(m: ArgMap) -> str:
    """A map written as SADFace (test helper): atoms, one scheme per relation, edges through it."""
    nodes: list[dict[str, Any]] = [{"id": n.id, "type": "atom", "text": n.text} for n in m.nodes]
    edges: list[dict[str, str]] = []
    for r in m.relations:
        name = "support" if r.kind == "supports" else "attack"
        nodes.append({"id": f"s-{r.id}", "type": "scheme", "name": name})
        edges += [{"id": f"{r.id}-{p}", "source_id": p, "target_id": f"s-{r.id}"} for p in r.premises]
        target = f"s-{r.target}" if r.kind == "undercuts" else r.target
        edges.append({"id": f"{r.id}-out", "source_id": f"s-{r.id}", "target_id": target})
    return json.dumps({"metadata": {"core": {"title": m.title}}, "resources": [], "nodes": nodes, "edges": edges})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arg_maps(max_nodes=8, max_sources=0))
def test_any_map_written_as_sadface_imports_with_the_same_relations(m: ArgMap) -> None:
    thesis = next(n.id for n in m.nodes if n.kind == "thesis")
    result = load_sadface(_as_sadface(m), file="g.json", options=argmap.interchange.ImportOptions(thesis=thesis))
    assert result.map is not None, [str(d) for d in result.diagnostics]
    assert [x.kind for x in result.losses if x.kind != "whitespace"] == []
    assert _shape(result.map) == _shape(_tidy(m))


# --------------------------------------------------------------------------- Kialo export


def _connected_claims(m: ArgMap) -> ArgMap:
    """What a Kialo discussion can hold of ``m``: claims only, one premise per relation, no undercuts,
    only the nodes those relations connect to the thesis."""
    data = m.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    relations = [
        {"id": r["id"], "kind": r["kind"], "from": r["from"][:1], "to": r["to"]}
        for r in data.get("relations", [])
        if r["kind"] != "undercuts"
    ]
    reached = {n["id"] for n in data["nodes"] if n["kind"] == "thesis"}
    grew = True
    while grew:
        before = len(reached)
        reached |= {r["from"][0] for r in relations if r["to"] in reached}
        grew = len(reached) > before
    data["sources"] = []
    data["nodes"] = [
        {"id": n["id"], "kind": "thesis" if n["kind"] == "thesis" else "claim", "text": n["text"]}
        for n in data["nodes"]
        if n["id"] in reached
    ]
    data["relations"] = [r for r in relations if r["to"] in reached]
    return ArgMap.model_validate(data)


def _kialo_shape(m: ArgMap) -> Counter[tuple[str, str, str]]:
    text = {n.id: " ".join(n.text.split()) for n in m.nodes}
    return Counter((r.kind, text[p], text[r.target]) for r in m.relations if r.kind != "undercuts" for p in r.premises)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arg_maps(max_nodes=10, max_sources=0))
def test_kialo_export_reimports_with_the_same_claims_and_relations(m: ArgMap) -> None:
    plain = _connected_claims(m)
    exported = export_kialo(plain)
    back = load_kialo(exported.text, file="k.txt").map
    assert back is not None
    assert sorted(n.text for n in back.nodes) == sorted(
        "\n".join(line.strip() for line in n.text.split("\n") if line.strip()) for n in plain.nodes
    )
    assert _kialo_shape(back) == _kialo_shape(plain)
    assert back.title == " ".join(plain.title.split())


def test_kialo_export_itemises_what_kialo_cannot_hold() -> None:
    m = load_map(FIXTURES / "small-map.yaml").map
    assert m is not None
    exported = export_kialo(m)
    kinds = Counter(x.kind for x in exported.losses)
    assert kinds["evidence"] == sum(1 for n in m.nodes if n.kind == "evidence")
    assert exported.text.startswith("Discussion Title: ")
    back = load_kialo(exported.text).map
    assert back is not None and len(back.nodes) == len(m.nodes)


# What arguebuf makes of a file, as JSON: its atoms' texts, its count of schemes, its major claim.
_ARGUEBUF_READS = """
import io, json, sys
import arguebuf
how, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
if how == "kialo":
    g = arguebuf.load.kialo(io.StringIO(text))
elif how == "sadface":
    g = arguebuf.load.sadface(json.loads(text))
else:
    g = arguebuf.load.file(path)
print(json.dumps({
    "atoms": sorted(a.plain_text for a in g.atom_nodes.values()),
    "schemes": len(g.scheme_nodes),
    "major": g.major_claim.plain_text if g.major_claim is not None else None,
}))
"""


def test_kialo_export_is_read_by_arguebuf(tmp_path: Path) -> None:
    m = load_map(FIXTURES / "small-map.yaml").map
    assert m is not None
    text = export_kialo(m).text
    (tmp_path / "map.txt").write_text(text, encoding="utf-8")
    graph = run_arguebuf(_ARGUEBUF_READS, "kialo", str(tmp_path / "map.txt"))
    ours = load_kialo(text).map
    assert ours is not None
    assert graph["atoms"] == sorted(n.text for n in ours.nodes)
    assert graph["schemes"] == len(ours.relations)
    assert graph["major"] == next(n.text for n in m.nodes if n.kind == "thesis")


# --------------------------------------------------------------------------- GraphML export


def test_graphml_loads_in_networkx_with_every_node_and_edge() -> None:
    nx = pytest.importorskip("networkx")
    m = load_map(FIXTURES / "small-map.yaml").map
    assert m is not None
    g = nx.read_graphml(io.BytesIO(export_graphml(m).text.encode("utf-8")))
    assert g.is_directed()
    assert sorted(g.nodes) == sorted(n.id for n in m.nodes)
    assert g.number_of_edges() == sum(len(r.premises) for r in m.relations)
    for n in m.nodes:
        assert (g.nodes[n.id]["kind"], g.nodes[n.id]["text"]) == (n.kind, n.text)
        assert g.nodes[n.id].get("type", "") == (getattr(n, "type", None) or "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arg_maps(max_nodes=10))
def test_any_map_as_graphml_keeps_texts_and_relations_exactly(m: ArgMap) -> None:
    nx = pytest.importorskip("networkx")
    g = nx.read_graphml(io.BytesIO(export_graphml(m).text.encode("utf-8")), force_multigraph=True)
    assert {n: d["text"] for n, d in g.nodes(data=True)} == {n.id: n.text for n in m.nodes}
    edges = Counter((d["relation"], d["kind"], a) for a, _b, d in g.edges(data=True))
    assert edges == Counter((r.id, r.kind, p) for r in m.relations for p in r.premises)


# --------------------------------------------------------------------------- peers' readers


def test_arguebuf_reads_our_fixtures_as_we_do() -> None:
    ours = load_microtexts(MICROTEXT.read_text(encoding="utf-8")).map
    theirs = run_arguebuf(_ARGUEBUF_READS, "file", str(MICROTEXT))
    assert ours is not None
    texts = {n.text for n in ours.nodes}
    # arguebuf keeps one EDU of an ADU made of two (a6); we join them, so its text is within ours
    assert len(theirs["atoms"]) == len(ours.nodes)
    assert all(any(a in t for t in texts) for a in theirs["atoms"])
    assert theirs["schemes"] == len(ours.relations)
    sad = load_sadface(SADFACE.read_text(encoding="utf-8")).map
    theirs = run_arguebuf(_ARGUEBUF_READS, "sadface", str(SADFACE))
    assert sad is not None
    assert theirs["atoms"] == sorted(n.text for n in sad.nodes)
    assert theirs["schemes"] == len(sad.relations) + 1  # the rephrase scheme argmap reports as lost


# --------------------------------------------------------------------------- recognition


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("x.txt", MICROTEXT.read_text(encoding="utf-8"), "microtexts"),
        ("x.txt", SADFACE.read_text(encoding="utf-8"), "sadface"),
        ("x.txt", '{"nodes": [{"nodeID": "1", "type": "I", "text": "a"}], "edges": []}', "aif"),
        ("x.json", '{"AIF": {"nodes": []}, "OVA": {}}', "aif"),
        ("x.json", "Discussion Title: t\n\n1. a\n", "kialo"),
        ("x.txt", "===\ntitle: t\n===\n\n[a]: b\n", "argdown"),
    ],
)
def test_every_format_is_recognised_by_content(name: str, text: str, fmt: str) -> None:
    assert recognise(Path(name), text).fmt == fmt


def test_files_that_are_not_importable_say_what_they_are(tmp_path: Path) -> None:
    small = FIXTURES / "small-map.yaml"
    own_json = tmp_path / "own.json"
    code, _, err = run("export", small, "--to", "json", "-o", own_json)
    assert code == 0, err
    argdown_json = tmp_path / "argdown.json"
    argdown_json.write_text('{"arguments": {}, "statements": {"a": {}}, "relations": []}', encoding="utf-8")
    other_xml = tmp_path / "notes.xml"
    other_xml.write_text("<notes><n>hello</n></notes>\n", encoding="utf-8")
    cases = [
        (small, [], "this is already an argmap map"),
        (own_json, [], "this is already an argmap map"),
        (own_json, ["--from", "aif"], "this is already an argmap map"),
        (argdown_json, [], "this is the Argdown CLI's JSON export: import the .argdown file it was made from"),
        (
            argdown_json,
            ["--from", "argdown"],
            "this is the Argdown CLI's JSON export: import the .argdown file it was made from",
        ),
        (other_xml, [], "XML with root <notes>, not an argumentative microtexts <arggraph>"),
    ]
    for path, extra, words in cases:
        code, out, err = run("import", path, "-o", tmp_path / "out.yaml", *extra)
        assert (code, out) == (1, ""), err
        assert err.strip() == f"argmap: {path}: {words}" + (
            ": use it as it is (argmap check, argmap render), no import needed" if "argmap map" in words else ""
        )
        assert not (tmp_path / "out.yaml").exists()


# --------------------------------------------------------------------------- AIFdb corpus zips


def _corpus(path: Path) -> Path:
    from argmap.interchange.aif_export import export_aif

    small = load_map(FIXTURES / "small-map.yaml").map
    assert small is not None
    aif = export_aif(small).text
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("nodeset101.json", aif)
        zf.writestr("nodeset101.txt", "the analysed text")
        zf.writestr("nodeset102.json", aif)
    return path


def test_a_corpus_zip_imports_each_nodeset_to_its_own_map(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus.zip")
    out = tmp_path / "maps"
    code, stdout, err = run("import", corpus, "-o", out)
    assert (code, stdout) == (0, ""), err
    lines = err.splitlines()
    assert lines[0] == f"{corpus}: 1 member(s) that are not AIF JSON left out (nodeset101.txt, ...)"
    assert lines[-1] == "2 files: 2 imported, 0 failed, 0 skipped"
    assert sorted(p.name for p in (out / "corpus").iterdir()) == ["nodeset101.yaml", "nodeset102.yaml"]
    assert f"from {corpus}/nodeset101.json (aif) into {out / 'corpus' / 'nodeset101.yaml'}" in err
    assert load_map(out / "corpus" / "nodeset102.yaml").map is not None
    # next to the zip when no -o is given
    code, _, err = run("import", corpus)
    assert code == 0, err
    assert (tmp_path / "corpus" / "nodeset101.yaml").is_file()


def test_a_zip_without_nodesets_is_refused_in_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "photos.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("a.png", b"\x89PNG")
    code, _, err = run("import", empty)
    assert (code, err.strip()) == (
        2,
        f"argmap: {empty}: a zip archive with no AIF JSON (*.json) in it; nothing to import",
    )


def test_the_library_says_a_zip_is_a_corpus(tmp_path: Path) -> None:
    from argmap.interchange.files import ImportJob, import_job

    corpus = _corpus(tmp_path / "corpus.bin")
    outcome = import_job(ImportJob(str(corpus), str(tmp_path / "x.yaml")))
    assert outcome.code == 1
    assert outcome.message.startswith(f"{corpus}: a zip archive: an AIFdb corpus is imported one map per nodeset")


def test_the_python_api_refuses_with_the_same_words(tmp_path: Path) -> None:
    with pytest.raises(argmap.ArgmapError, match="this is already an argmap map"):
        argmap.import_file(FIXTURES / "small-map.yaml")
    corpus = _corpus(tmp_path / "corpus.zip")
    with pytest.raises(argmap.ArgmapError, match="a zip archive: import an AIFdb corpus"):
        argmap.import_file(corpus)
    imported = argmap.import_file(MICROTEXT)
    assert imported.map is not None and len(imported.map.relations) == 4
