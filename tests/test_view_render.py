"""`argmap render` and `argmap show` end to end: real SVG, PNG and PDF files, exit codes, messages.

SVG and PNG always run (graphviz-pure is a dependency). PDF runs when system Graphviz or svglib is
present; with ARGMAP_REQUIRE_PDF set (CI) its absence is a failure, not a skip.
"""

from __future__ import annotations

import os
import struct
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import app
from argmap.load import load_map, load_text
from argmap.view.build import build_view
from argmap.view.labels import node_lines
from argmap.view.layout import Engine, LayoutError, _run, find_engine, layout, pdf_available

sys.path.insert(0, str(Path(__file__).parent))
from view_synth import synthetic_text

HERE = Path(__file__).parent
ALL_KINDS = HERE / "fixtures" / "view" / "all-kinds.yaml"
HOSTILE = HERE / "fixtures" / "view" / "hostile.yaml"
SVG = "{http://www.w3.org/2000/svg}"
ENV = {"ARGMAP_WIDTH": "100"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=ENV)
    return result.exit_code, result.stdout, result.stderr


def _svg_texts(path: Path) -> tuple[ET.Element, list[str]]:
    root = ET.parse(path).getroot()
    return root, ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("fixture", [ALL_KINDS, HOSTILE], ids=["all-kinds", "hostile"])
@pytest.mark.parametrize("engine", ["auto", "graphviz-pure"])
def test_svg_has_every_label_id_and_class(tmp_path: Path, fixture: Path, engine: str) -> None:
    out = tmp_path / "map.svg"
    code, _, err = run("render", str(fixture), "-o", str(out), "--engine", engine)
    assert code == 0, err
    assert f"wrote {out} (svg," in err
    root, texts = _svg_texts(out)
    m = load_map(fixture).map
    assert m is not None
    view = build_view(m)
    groups = {g.get("id"): g.get("class", "") for g in root.iter(f"{SVG}g")}
    for node in view.nodes:
        assert f"argmap-node kind-{node.kind}" in groups[f"node-{node.id}"]
        for line in node_lines(node):  # every line of every label, literally (hostile text included)
            assert line.text in texts, (node.id, line.text)
    for rel in view.relations:
        assert f"argmap-rel rel-{rel.kind}" in groups[f"rel-{rel.id}"]
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))


def test_png_signature_and_size(tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    code, _, err = run("render", str(ALL_KINDS), "-o", str(out), "--theme", "print")
    assert code == 0, err
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert 400 < width < 20_000 and 200 < height < 20_000, (width, height)
    assert len(data) > 10_000


def test_pdf_signature_and_size(tmp_path: Path) -> None:
    if not pdf_available():
        if os.environ.get("ARGMAP_REQUIRE_PDF"):
            pytest.fail("ARGMAP_REQUIRE_PDF is set but neither system Graphviz nor svglib is installed")
        pytest.skip("no PDF path: install graphviz (apt-get install graphviz) or svglib")
    out = tmp_path / "map.pdf"
    code, _, err = run("render", str(ALL_KINDS), "-o", str(out), "--status")
    assert code == 0, err
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    assert len(data) > 2_000


def test_pdf_through_svglib_without_system_graphviz() -> None:
    pytest.importorskip("svglib", reason="svglib (pure-pip PDF path) not installed")
    m = load_map(ALL_KINDS).map
    assert m is not None
    from argmap.view.dot import to_dot

    data = layout(to_dot(build_view(m)), "pdf", prefer="graphviz-pure")
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:] and len(data) > 2_000
    assert b"/Helvetica" in data  # text stays text, not paths


def test_pdf_without_any_path_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("argmap.view.layout._svglib", lambda: False)
    monkeypatch.setattr("argmap.view.layout.shutil.which", lambda name: None)
    with pytest.raises(LayoutError, match=r"apt-get install graphviz.*pip install svglib"):
        layout("digraph { a }", "pdf", prefer="graphviz-pure")


def test_graphviz_pure_found_next_to_python_without_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    engine = find_engine("svg")
    assert engine is not None and engine.name == "graphviz-pure"
    assert Path(engine.path).parent == Path(sys.executable).parent


def test_layout_timeout_stops_the_engine(tmp_path: Path) -> None:
    slow = tmp_path / "slow-engine"
    slow.write_text("#!/bin/sh\nsleep 5\n")
    slow.chmod(0o755)
    with pytest.raises(LayoutError, match=r"longer than 0.5 s.*--focus ID --depth N.*--collapse"):
        _run(Engine("dot", str(slow), ("svg",)), "digraph { a }", "svg", timeout=0.5)


def test_unknown_engine_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGMAP_LAYOUT", "neato")
    with pytest.raises(LayoutError, match="unknown layout engine 'neato'"):
        layout("digraph { a }", "svg")


def test_engine_error_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match="graphviz-pure failed"):
        layout("digraph { this is not dot", "svg", prefer="graphviz-pure")


def test_text_formats_and_stdout(tmp_path: Path) -> None:
    code, out, _ = run("render", str(ALL_KINDS))
    assert code == 0 and out.startswith("// argmap diagram of:") and 'id="rel-R8"' in out
    code, out, _ = run("render", str(ALL_KINDS), "--format", "mmd", "--direction", "LR")
    assert code == 0 and "flowchart LR" in out
    mmd = Path(str(HERE / "golden" / "view" / "all-kinds.color.mmd")).read_text(encoding="utf-8")
    code, out, _ = run("render", str(ALL_KINDS), "-f", "mmd")
    assert code == 0 and out == mmd


def test_too_big_to_lay_out_suggests_focus_and_collapse(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text(synthetic_text(1600), encoding="utf-8")
    code, _, err = run("render", str(big), "-o", str(tmp_path / "big.svg"))
    assert code == 2
    assert "too many to lay out as svg" in err and "--focus ID --depth N" in err and "--collapse" in err
    assert not (tmp_path / "big.svg").exists()
    code, _, err = run("render", str(big), "-o", str(tmp_path / "big.dot"))  # source formats still work
    assert code == 0, err
    code, _, err = run("render", str(big), "-o", str(tmp_path / "part.svg"), "--focus", "C3", "--depth", "1")
    assert code == 0, err
    assert "not shown" in err


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["render", "missing.yaml", "-o", "x.dot"], 2, "cannot read file"),
        (["render", str(ALL_KINDS), "-o", "x.txt"], 2, "cannot tell the format from 'x.txt'"),
        (
            ["render", str(ALL_KINDS), "--focus", "C9"],
            2,
            "--focus C9 is not a node of this map (did you mean C",
        ),
        (["render", str(ALL_KINDS), "--focus", "R1"], 2, "--focus R1 is a relation, not a node"),
        (
            ["render", str(ALL_KINDS), "-f", "dot", "-o", str(ALL_KINDS)],
            2,
            "refusing to write over the input",
        ),
        (["show", str(ALL_KINDS), "--focus", "nope"], 2, "is not a node of this map"),
    ],
)
def test_usage_errors(args: list[str], code: int, message: str) -> None:
    got, _, err = run(*args)
    assert got == code
    assert message in err
    assert "Traceback" not in err


def test_map_with_errors_exits_1_with_located_diagnostics(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "argmap: 1\ntitle: t\nnodes:\n  - {id: T, kind: thesis, text: x}\nrelations:\n"
        "  - {id: R1, kind: supports, from: NOPE, to: T}\n",
        encoding="utf-8",
    )
    code, _, err = run("render", str(bad), "-o", str(tmp_path / "bad.svg"))
    assert code == 1
    assert f"{bad}:6:" in err and "AM103" in err and "fix them first" in err


def test_status_overlay_uses_semantics() -> None:
    code, out, err = run("render", str(ALL_KINDS), "--status")
    assert code == 0, err
    assert "status-accepted" in out and "legend status accepted" in out


def test_show_plain_has_no_ansi_and_marks_relations() -> None:
    code, out, _ = run("show", str(HERE / "fixtures" / "view" / "shared.yaml"))
    assert code == 0
    assert "\x1b[" not in out
    assert "claim S: A survey found broad approval and low expected costs. (shown above)" in out
    assert "[x] undercuts R6 (inference of R5)" in out and "Not connected to the thesis:" in out


def test_show_rich_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from argmap.view.outline import build_outline
    from argmap.view.terminal import print_rich

    m = load_map(ALL_KINDS).map
    assert m is not None
    console = Console(width=100, force_terminal=True, color_system="standard", record=True)
    print_rich(console, build_outline(build_view(m)))
    text = console.export_text()
    assert "THESIS T" in text and "[-] attacks R7" in text and "└──" in text
    assert "6.39 billion USD (2014)" in text


def test_export_markdown_cli_matches_golden(tmp_path: Path) -> None:
    out = tmp_path / "outline.md"
    code, _, err = run("export", str(ALL_KINDS), "--to", "markdown", "-o", str(out))
    assert code == 0, err
    assert "loss report: 2 item(s) cannot be represented in markdown:" in err
    assert "anchor-context: E1: the anchor's prefix and suffix are not in the outline" in err
    assert "strength: R7: strength 0.3 is not in the outline" in err
    assert out.read_text(encoding="utf-8") == (HERE / "golden" / "view" / "all-kinds.md").read_text(encoding="utf-8")


SHIPPED = HERE.parent / "claims" / "north-korea-seeking-new-friends.yaml"
SHIPPED_SVG = SHIPPED.with_suffix(".svg")


@pytest.mark.skipif(not SHIPPED_SVG.exists(), reason="the README image is not in this checkout")
def test_readme_image_shows_every_node_of_the_shipped_map() -> None:
    """Regenerate with: argmap render claims/north-korea-seeking-new-friends.yaml -o claims/...svg --status"""
    root = ET.parse(SHIPPED_SVG).getroot()
    ids = {g.get("id") for g in root.iter(f"{SVG}g")}
    m = load_map(SHIPPED).map
    assert m is not None
    missing = [n.id for n in m.nodes if f"node-{n.id}" not in ids]
    missing += [r.id for r in m.relations if f"rel-{r.id}" not in ids]
    assert not missing, f"{SHIPPED_SVG.name} is out of date (missing {missing}); regenerate it"


def test_pdf_dates_follow_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    # cairo before 1.18 writes the wall-clock time into PDFs; reproducible exercises need a fixed date.
    from argmap.view.layout import _fixed_pdf_dates

    pdf = b"1 0 obj\n<< /CreationDate (D:20261127225654Z)\n /ModDate (D:20261127225654+01'00') >>\nxref\n"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    fixed = _fixed_pdf_dates(pdf)
    assert b"/CreationDate (D:19700101000000Z)" in fixed
    assert b"/ModDate (D:19700101000000Z)" in fixed
    assert len(fixed) == len(pdf)  # the cross-reference offsets stay valid
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert _fixed_pdf_dates(pdf) == pdf


def test_dot_written_in_pieces_is_the_whole_text(tmp_path: Path) -> None:
    """`render -o map.dot` streams the source (Format.stream): the file is what to_dot gives, on a map
    big enough for several pieces, and standard output gets the same bytes."""
    from argmap.drawing import DrawSettings, make_view
    from argmap.view.dot import _BATCH, dot_chunks, to_dot

    src = tmp_path / "big.json"
    src.write_text(synthetic_text(2500), encoding="utf-8")
    m, graph = load_map(src).take()
    view = make_view(m, graph, DrawSettings(kind="dot"))
    whole = to_dot(view)
    assert len(list(dot_chunks(view))) > 1 and whole.count("\n") > _BATCH
    out = tmp_path / "big.dot"
    r = CliRunner().invoke(app, ["render", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8") == whole
    r = CliRunner().invoke(app, ["render", str(src), "-o", "-"])
    assert r.stdout == whole


def test_a_stream_that_fails_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    from argmap.fileio import write_atomic

    target = tmp_path / "map.dot"
    target.write_text("old\n", encoding="utf-8")

    def pieces() -> Iterator[str]:
        yield "digraph {\n"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, pieces())
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.dot"]


_MD_MAP = (
    "argmap: 1\ntitle: Tq title\nauthors: [Tq author]\ndescription: Tq description\ncreated: 2014-07\n"
    "config: {ignore: [SR2]}\nglossary: {Tq term: [Tq word]}\n"
    "sources:\n  - {id: S1, title: Tq source}\n"
    "nodes:\n"
    "  - {id: T, kind: thesis, text: Tq thesis, type: value, note: Tq tnote, tags: [Tq ttag],"
    " aliases: [Tq talias], answers: [Tq_tanswer], ignore: [ST102], formats: {aif: {nodeID: 7}},"
    " anchor: {exact: Tq texact, source: S1}, by: mapper}\n"
    "  - {id: C, kind: claim, text: Tq claim, type: comparison, note: Tq cnote, tags: [Tq ctag],"
    " aliases: [Tq calias], answers: [Tq_canswer], anchor: {exact: Tq cexact, prefix: p, source: S1},"
    " by: mapper}\n"
    "relations:\n"
    "  - {id: R1, kind: supports, from: C, to: T, warrant: Tq warrant, qualifier: Tq qualifier,"
    " strength: 0.25, scheme: sign, note: Tq rnote, answers: [Tq_ranswer], ignore: [EQ306],"
    " by: mapper, warrant_by: mapper, condition: Tq condition, condition_met: true, formats: {aif: {nodeID: 9}}}\n"
    "  - {id: R2, kind: attacks, from: C, to: T, outweighed: true}\n"
)
# Every field of the thesis, claims, relations and the map, and what shows it in the outline of
# _MD_MAP ("loss KIND": listed as a loss instead). A field added to the model fails the test below
# until it is shown or listed.
_MD_SHOWN = {
    "Thesis": {
        "id": "Thesis T",
        "kind": "Thesis T",
        "text": "Tq thesis",
        "type": "value claim",
        "note": "Tq tnote",
        "tags": "Tq ttag",
        "aliases": "Tq talias",
        "answers": "Tq\\_tanswer",
        "anchor": "Tq texact",
        "ignore": "loss ignore",
        "by": "loss provenance",
        "formats": "loss formats",
    },
    "Claim": {
        "id": "Claim C",
        "kind": "Claim C",
        "text": "Tq claim",
        "type": "comparison claim",
        "note": "Tq cnote",
        "tags": "Tq ctag",
        "aliases": "Tq calias",
        "answers": "Tq\\_canswer",
        "anchor": "Tq cexact",
        "ignore": "loss ignore",
        "by": "loss provenance",
        "formats": "loss formats",
    },
    "Relation": {
        "id": "(R1",
        "kind": "**supports**",
        "premises": "Claim C",
        "target": "Thesis T",
        "warrant": "Tq warrant",
        "qualifier": "Tq qualifier",
        "strength": "loss strength",
        "scheme": "Argument from sign",
        "note": "Tq rnote",
        "answers": "Tq\\_ranswer",
        "ignore": "loss ignore",
        "by": "loss provenance",
        "warrant_by": "loss provenance",
        "condition": "loss condition",
        "condition_met": "loss condition",
        "outweighed": "loss outweighed",
        "formats": "loss formats",
    },
    "ArgMap": {
        "argmap": "# Tq title",
        "title": "# Tq title",
        "authors": "Tq author",
        "description": "Tq description",
        "created": "2014-07",
        "config": "loss config",
        "sources": "Tq source",
        "nodes": "Thesis T",
        "relations": "**supports**",
        "glossary": "**Tq term**: Tq word",
    },
}


def test_markdown_outline_shows_every_field_of_claims_relations_and_the_map_or_lists_it() -> None:
    """Nothing is dropped without a loss entry (export --to markdown)."""
    from argmap.model import ArgMap, Claim, Relation, Thesis
    from argmap.view.markdown import export_markdown

    result = load_text(_MD_MAP)
    assert result.map is not None, result.diagnostics
    exported = export_markdown(result.map)
    losses = {f"loss {loss.kind}" for loss in exported.losses}
    assert "loss anchor-context" in losses  # the claim's anchor prefix
    for model in (Thesis, Claim, Relation, ArgMap):
        shown = _MD_SHOWN[model.__name__]
        assert set(model.model_fields) == set(shown), model.__name__
        for name, marker in shown.items():
            assert marker in losses or marker in exported.text, (model.__name__, name, marker)
