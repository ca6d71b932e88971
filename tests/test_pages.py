"""Page-aware layout (``render --page``): page sizes, page counts and the type size measured in the PDF.

Type sizes are read back from the PDF with poppler's ``pdftotext -bbox`` (word boxes), calibrated on a
PDF with text of known size, so that the test checks what is printed and not what the code intended.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.api import load_valid
from argmap.cli import app
from argmap.cli.render import PageName
from argmap.view.build import View, build_view
from argmap.view.labels import node_lines, relation_label
from argmap.view.pages import PAGES, lay_out, page_files, to_pdf

HERE = Path(__file__).parent
SHIPPED = HERE.parent / "claims" / "north-korea-seeking-new-friends.yaml"
ALL_KINDS = HERE / "fixtures" / "view" / "all-kinds.yaml"
sys.path.insert(0, str(HERE))
from pdfwords import box_height_per_point, page_words  # noqa: E402
from view_synth import synthetic_text  # noqa: E402

_MISSING = shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None or shutil.which("dot") is None
if _MISSING and os.environ.get("ARGMAP_REQUIRE_PDF") == "1":  # CI installs them: there these tests must run
    raise RuntimeError("ARGMAP_REQUIRE_PDF=1 but poppler-utils (pdftotext, pdfinfo) or Graphviz is missing")
needs_tools = pytest.mark.skipif(_MISSING, reason="needs poppler-utils (pdftotext, pdfinfo) and Graphviz")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def words(pdf: Path) -> list[tuple[int, float, str]]:
    """(page, box height, word) of every word in ``pdf``."""
    return [(number, h, w) for number, page in enumerate(page_words(pdf), 1) for h, w in page]


@pytest.fixture(scope="module")
def box_per_pt(tmp_path_factory: pytest.TempPathFactory) -> float:
    return box_height_per_point(tmp_path_factory.mktemp("calibrate"))


def pdf_pages(pdf: Path) -> tuple[int, tuple[float, float]]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size is not None
    return pages, (float(size[1]), float(size[2]))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    out = {}
    for page in ("a4", "a3", "letter", "slide"):
        path = folder / f"{page}.pdf"
        code, _, err = run("render", str(SHIPPED), "--page", page, "-o", str(path))
        assert code == 0, err
        assert f"{page} " in err and "smallest type" in err
        out[page] = path
    return out


@needs_tools
@pytest.mark.parametrize(
    ("page", "most", "min_pt"),
    [
        ("a4", 6, 7.0),
        ("letter", 6, 7.0),
        ("a3", 6, 9.0),
        ("slide", 12, 12.0),
    ],
)
def test_shipped_map_fits_its_pages_at_a_readable_size(
    rendered: dict[str, Path], box_per_pt: float, page: str, most: int, min_pt: float
) -> None:
    """Issue 30: >= 90% of words at the page's minimum, one size on every page, the size reported is
    the smallest printed, a legend on the first page and a key on the others."""
    count, dims = pdf_pages(rendered[page])
    assert 1 < count <= most  # the shipped map does not fit one page at this size: it is split
    assert set(dims) == {PAGES[page].width, PAGES[page].height}
    found = words(rendered[page])
    sizes = sorted(h / box_per_pt for _, h, _ in found)
    assert sizes[len(sizes) // 10] >= min_pt - 0.05, f"10th percentile {sizes[len(sizes) // 10]:.2f} pt on {page}"
    assert sizes[0] >= min_pt - 0.05
    assert {p for p, _, _ in found} == set(range(1, count + 1))  # no empty page
    medians = []
    for number in range(1, count + 1):
        on_page = sorted(h for p, h, _ in found if p == number)
        medians.append(on_page[len(on_page) // 2])
    assert min(medians) >= 0.8 * max(medians)
    text = {p: " ".join(w for q, _, w in found if q == p) for p in range(1, count + 1)}
    assert "Legend" in text[1]
    assert all("Key" in text[p] for p in range(2, count + 1))


@needs_tools
def test_the_size_reported_is_the_smallest_printed(tmp_path: Path, box_per_pt: float) -> None:
    path = tmp_path / "a4.pdf"
    code, _, err = run("render", str(SHIPPED), "--page", "a4", "-o", str(path))
    assert code == 0, err
    reported = float(re.search(r"smallest type ([\d.]+) pt", err)[1])  # type: ignore[index]
    smallest = min(h for _, h, _ in words(path)) / box_per_pt
    assert abs(smallest - reported) < 0.15, (smallest, reported)


@needs_tools
def test_split_keeps_every_node_and_says_where_it_goes_on(rendered: dict[str, Path]) -> None:
    found = words(rendered["a4"])
    text = " ".join(w for _, _, w in found)
    view = build_view(load_valid(SHIPPED).map)  # type: ignore[arg-type]
    missing = [n.id for n in view.nodes if n.id not in text]
    assert missing == []
    count, _ = pdf_pages(rendered["a4"])
    referenced = {int(n) for n in re.findall(r"page (\d+)\)", text)} | {
        int(n) for n in re.findall(r"pages? ([\d, ]+)\)", text) for n in n.split(", ") if n
    }
    assert referenced, "a split map marks where the argument continues"
    assert referenced <= set(range(1, count + 1))
    assert "continues on page" in text


def test_layout_splits_along_claims_and_owns_each_node_once() -> None:
    view = build_view(load_valid(SHIPPED).map)  # type: ignore[arg-type]
    pages = lay_out(view, "a4")
    assert len(pages.pages) <= 6
    assert pages.smallest_pt >= PAGES["a4"].min_pt
    drawn = [n for p in pages.pages for n in p.nodes]
    assert set(drawn) == {n.id for n in view.nodes}
    # The thesis and its top-level claims on the first page; a claim whose support goes on elsewhere
    # is drawn again there as its root.
    first = pages.pages[0].nodes
    assert "T" in first and {"C3", "C6", "C9"} <= set(first)


@needs_tools
def test_parts_going_on_from_one_claim_on_one_page_draw_it_once() -> None:
    """The thesis's reasons, split in two parts that land on the first A4 page, are drawn under one
    thesis box, not beside a second copy of it; on slides the thesis is repeated at most once."""
    view = build_view(load_valid(SHIPPED).map)  # type: ignore[arg-type]
    first = lay_out(view, "a4").pages[0]
    assert re.findall(r'^  "T" \[id="node-T"', first.dot, re.M) == ['  "T" [id="node-T"']
    assert {"C3", "C6", "C9"} <= set(first.nodes)
    slides = lay_out(view, "slide")
    assert sum(len(re.findall(r'^  "T" \[id="node-T"', p.dot, re.M)) for p in slides.pages) <= 2
    # Three parts end at T: the two merged first leave room on their slide for the third, merged too.
    assert [len(re.findall(r'^  "T" \[id="node-T"', p.dot, re.M)) for p in slides.pages[:2]] == [0, 1]


_EVIDENCE_FIELDS: dict[str, dict[str, object]] = {
    "statistic": {"value": 4.5, "unit": "USD", "scale": "million", "period": "2014"},
    "count": {"what": "visits abroad", "number": 7, "period": "2014"},
    "statement": {"speaker": "A spokesman", "date": "2014-07-11", "quote": "We are open to all friends"},
    "event": {"actors": ["Pyongyang", "Moscow"], "date": "2014-06"},
    "absence": {"expected": "a reply from Beijing", "date": "2014-07"},
}


def _star(path: Path, evidence: int) -> Path:
    """A thesis, one claim under it, and ``evidence`` pieces of evidence of every type under that claim."""
    import json

    nodes: list[dict[str, object]] = [
        {"id": "T", "kind": "thesis", "text": "The star map's thesis holds for every reader."},
        {"id": "C0", "kind": "claim", "text": "One claim with a great deal of evidence under it."},
    ]
    relations: list[dict[str, object]] = [{"id": "R0", "kind": "supports", "from": "C0", "to": "T"}]
    for i in range(evidence):
        kind = list(_EVIDENCE_FIELDS)[i % 5]
        text = f"Evidence {i} of the star, said in plain words."
        nodes.append({"id": f"E{i}", "kind": "evidence", "type": kind, "text": text, "sources": ["S1"]})
        nodes[-1] |= _EVIDENCE_FIELDS[kind]
        rel: dict[str, object] = {"id": f"R{i + 1}", "kind": "supports", "from": f"E{i}", "to": "C0"}
        if i % 3 == 2:
            rel |= {"warrant": f"Warrant {i} of the star, said in plain words.", "qualifier": f"qualified{i}"}
        relations.append(rel)
    source = {"id": "S1", "title": "A source", "publisher": "Publisher", "date": "2014"}
    path.write_text(
        json.dumps({"argmap": 1, "title": "star", "sources": [source], "nodes": nodes, "relations": relations})
    )
    return path


@needs_tools
def test_a_claim_with_hundreds_of_evidence_is_drawn_a_few_times_a_page(tmp_path: Path) -> None:
    """Two hundred pieces of evidence under one claim, planned as parts of the claim and one piece,
    fourteen to a Letter page: merged in runs that fit, a page draws the claim a few times, not each
    part with its own dotted copy (fourteen a page before), on no more pages (fourteen)."""
    laid = lay_out(build_view(load_valid(_star(tmp_path / "star.json", 200)).map), "letter")  # type: ignore[arg-type]
    stubs = [sum(part.svg.count(b"shown in full on this page") for part in page.parts) for page in laid.pages]
    assert len(laid.pages) <= 14
    assert max(stubs) <= 5, stubs
    assert laid.smallest_pt >= PAGES["letter"].min_pt


@needs_tools
def test_a_part_laid_out_too_big_is_split_again_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A few parts of a 300-node map come out of Graphviz bigger than estimated: only they are split
    again, so the graphs laid out stay near two per part (measured, then numbered), where planning
    the whole map again finer laid out over four per part."""
    import argmap.view.pagebase as pagebase

    graphs: list[int] = []
    run = pagebase.run

    def counted(source: str, fmt: str, settings: object) -> bytes:
        graphs.append(source.count("digraph argmap"))
        return run(source, fmt, settings)  # type: ignore[arg-type]

    monkeypatch.setattr(pagebase, "run", counted)
    path = tmp_path / "map.json"
    path.write_text(synthetic_text(300), encoding="utf-8")
    laid = lay_out(build_view(load_valid(path).map), "a4")  # type: ignore[arg-type]
    parts = sum(len(p.parts) for p in laid.pages)
    assert laid.smallest_pt >= PAGES["a4"].min_pt
    assert sum(graphs) <= 2.5 * parts + 10, (graphs, parts)


def test_small_map_is_one_page_without_markers(tmp_path: Path) -> None:
    view = build_view(load_valid(ALL_KINDS).map)  # type: ignore[arg-type]
    pages = lay_out(view, "a3")
    assert len(pages.pages) == 1
    assert pages.pages[0].markers == []
    assert pages.pages[0].legend  # room for the legend under it
    assert to_pdf(pages).startswith(b"%PDF")


def test_orientation_is_obeyed_and_big_maps_never_go_below_the_minimum(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(synthetic_text(120), encoding="utf-8")
    view = build_view(load_valid(path).map)  # type: ignore[arg-type]
    pages = lay_out(view, "letter", "portrait")
    assert (pages.width, pages.height) == (612.0, 792.0)
    assert pages.smallest_pt >= 7.0
    assert len(pages.pages) > 1


def test_svg_pages_are_page_sized_files(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    code, _, err = run("render", str(SHIPPED), "--page", "slide", "-o", str(out))
    assert code == 0, err
    files = sorted(tmp_path.glob("map*.svg"))
    count = int(re.search(r"(\d+) pages", err)[1])  # type: ignore[index]
    assert [str(f) for f in sorted(map(Path, page_files(str(out), count)))] == [str(f) for f in files]
    for f in files:
        head = f.read_text(encoding="utf-8")[:400]
        assert 'width="960.00pt" height="540.00pt"' in head


def test_png_pages_have_the_page_shape(tmp_path: Path) -> None:
    from PIL import Image

    out = tmp_path / "map.png"
    code, _, err = run("render", str(ALL_KINDS), "--page", "a4", "--orientation", "portrait", "-o", str(out))
    assert code == 0, err
    with Image.open(out) as image:
        w, h = image.size
    assert abs(w / h - 595.28 / 841.89) < 0.01


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--page", "a4", "-o", "x.mmd"], "--page lays out svg, png or pdf, not mmd"),
        (["--orientation", "portrait", "-o", "x.pdf"], "--orientation goes with --page"),
        (["--page", "slide", "-o", "-", "-f", "svg"], "give an output file with -o"),
        (["--page", "slide", "--orientation", "portrait", "-o", "x.pdf"], "a slide is 16:9 landscape"),
    ],
)
def test_page_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = run("render", str(SHIPPED), *[str(tmp_path / a) if a.startswith("x.") else a for a in args])
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_cli_page_choices_are_the_library_pages() -> None:
    assert [p.value for p in PageName] == list(PAGES)


# ---------------------------------------------------------------------- nothing left out (issue 30)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def every_text(view: View) -> list[tuple[str, str]]:
    """(where, text) of every line a diagram must print: node texts, field values, sources, warrants,
    qualifiers, headers (ids and kinds)."""
    out = [(n.id, line.text) for n in view.nodes for line in node_lines(n, 10_000)]
    for rel in view.relations:
        out += [(rel.id, t) for t in relation_label(rel.warrant, rel.qualifier, 10_000)]
    return out


def _maps() -> list[Path]:
    generated = HERE / "fixtures" / "view"
    return [SHIPPED, *sorted((HERE / "eval").glob("*/key.yaml")), ALL_KINDS, *sorted(generated.glob("all-kinds.yaml"))]


def _generated(tmp_path: Path) -> list[Path]:
    """A chain, a star and a bushy tree, with warrants on arrows that page breaks cut."""
    import json

    out = []
    for shape in ("chain", "star", "bushy"):
        nodes = [{"id": "T", "kind": "thesis", "text": f"The {shape} map's thesis holds for every reader."}]
        relations = []
        for i in range(1, 40):
            parent = {
                "chain": f"C{i - 1}" if i > 1 else "T",
                "star": "T",
                "bushy": f"C{(i - 1) // 3}" if i > 3 else "T",
            }
            nodes.append(
                {"id": f"C{i}", "kind": "claim", "text": f"Claim {i} of the {shape}, with a reason of its own."}
            )
            rel = {"id": f"R{i}", "kind": "supports", "from": f"C{i}", "to": parent[shape]}
            if i % 2:
                rel |= {"warrant": f"Warrant {i}: the step from C{i} holds", "qualifier": f"qualified {i}"}
            relations.append(rel)
        path = tmp_path / f"{shape}.json"
        path.write_text(json.dumps({"argmap": 1, "title": shape, "nodes": nodes, "relations": relations}))
        out.append(path)
    return out


@needs_tools
@pytest.mark.parametrize(("page", "direction"), [*((p, "BT") for p in PAGES), ("slide", "RL"), ("a4", "LR")])
def test_every_text_of_the_map_is_printed_on_every_page_size(tmp_path: Path, page: str, direction: str) -> None:
    for path in [*_maps(), *_generated(tmp_path)]:
        m = load_valid(path).map
        assert m is not None, path
        view = build_view(m)
        pdf = tmp_path / f"{path.stem}.pdf"
        pdf.write_bytes(to_pdf(lay_out(view, page, direction=direction)))
        printed = _squash(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
        missing = [(where, text) for where, text in every_text(view) if _squash(text) not in printed]
        assert missing == [], f"{path.name} on {page}: {missing[:5]}"


def test_timeout_bounds_the_whole_page_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 30: --timeout is for the whole command, not for each of its layouts."""
    import argmap.view.layout

    path = tmp_path / "big.yaml"
    # 4,000 nodes (over the usual size limit, lifted here): several seconds of layout even on a fast, quiet
    # machine, where 1,000 nodes took under the 1 s allowed and the test passed only under load.
    monkeypatch.setattr(argmap.view.layout, "MAX_LAYOUT_ELEMENTS", 100_000)
    path.write_text(synthetic_text(4000), encoding="utf-8")
    out = tmp_path / "big.pdf"
    code, _, err = run("render", str(path), "--page", "a4", "--timeout", "1", "-o", str(out))
    assert code == 2
    assert "layout took longer than 1 s and was stopped" in err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("cores", [1, 2, 3, 8])
def test_parts_laid_out_side_by_side_come_back_in_order_and_unchanged(
    cores: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With several cores the parts of a page layout go to the engine in one run per core, side by
    side: each part's SVG is the one a run of its own gives, in the order asked, and runs are counted."""
    import argmap.view.pagebase as pagebase

    monkeypatch.setattr(pagebase, "_cores", lambda: cores)
    sizes = [3, 1, 7, 2, 2, 9, 1]
    sources = [
        "digraph argmap {\n" + "".join(f'  "n{k}" [label="part {i} node {k}"];\n' for k in range(n)) + "}\n"
        for i, n in enumerate(sizes)
    ]
    settings = pagebase.Settings("color", "BT", False, None, 60.0)
    svgs, runs = pagebase.run_all(sources, settings)
    chunks = pagebase.consecutive(sources, min(cores, len(sources)), len)
    assert [s for chunk in chunks for s in chunk] == sources
    assert runs == len(chunks) and (cores == 1) == (runs == 1) and runs <= min(cores, len(sources))

    def same(svg: bytes) -> bytes:  # Graphviz names the group of a later graph of one input "page0,1_graph0"
        return re.sub(rb'<g id="[^"]*graph0"', b'<g id="graph0"', svg)

    assert [same(svg) for svg in svgs] == [same(pagebase.run(source, "svg", settings)) for source in sources]
    assert pagebase.run_all([], settings) == ([], 0)


_FULL = re.compile(r'^  "((?:[^"\\]|\\.)+)" \[id="node-[^"]*", class="argmap-node [^"]*"', re.M)


def _drawn_on(page_dot: str) -> tuple[list[str], list[str]]:
    """Node ids a page draws in full, and those it draws as references (dotted boxes)."""
    full, refs = [], []
    for line in _FULL.finditer(page_dot):
        (refs if line.group(0).endswith(' reference"') else full).append(line.group(1))
    return full, refs


@needs_tools
@pytest.mark.parametrize("page", list(PAGES))
def test_a_page_draws_each_node_in_full_once(tmp_path: Path, page: str) -> None:
    """A claim that goes on beside itself on one page (a part of its support under it in another
    part) is drawn in full once there; the other place names it in a dotted box that says so. On the
    old layout C6 stood in full twice on the first and second A4 pages, and bushy trees on most pages."""
    from argmap.view.split import REFERENCE_NOTE

    maps = [SHIPPED]
    for n, branching in ((100, 4), (300, 2)):
        path = tmp_path / f"tree-{branching}-{n}.yaml"
        lines = ["argmap: 1", "title: A bushy tree", "nodes:", "  - {id: T, kind: thesis, text: The thesis holds.}"]
        lines += [
            f"  - {{id: C{i}, kind: claim, text: Claim {i} gives a reason in a few words here.}}" for i in range(1, n)
        ]
        lines += ["relations:"]
        lines += [
            f"  - {{id: R{i}, kind: supports, from: C{i}, to: {'T' if i <= branching else f'C{(i - 1) // branching}'}}}"
            for i in range(1, n)
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        maps.append(path)
    references = 0
    for path in maps:
        laid = lay_out(build_view(load_valid(path).map), page)  # type: ignore[arg-type]
        for p in laid.pages:
            full, refs = _drawn_on(p.dot)
            assert len(full) == len(set(full)), (path.name, page, p.number, sorted(full))
            assert set(refs) <= set(full), (path.name, page, p.number, sorted(set(refs) - set(full)))
            references += len(refs)
            assert p.dot.count(REFERENCE_NOTE) == len(refs)
    assert references > 0  # the case arises on every page size


def _pages_named(where: str, here: int) -> list[int]:
    """``page 3``, ``this page``, ``pages 2-4, 7`` (an en dash) as page numbers."""
    if where == "this page":
        return [here]
    out: list[int] = []
    for piece in re.sub(r"^pages? ", "", where).split(", "):
        first, _, last = piece.partition("\u2013")
        out += range(int(first), int(last or first) + 1)
    return out


@needs_tools
@pytest.mark.parametrize("page", list(PAGES))
def test_every_note_names_a_page_that_draws_what_it_names(tmp_path: Path, page: str) -> None:
    """A note that sends the reader to a page finds there what it names: the claim an arrow goes to,
    the arrow an undercut attacks, the premises of "more support", the claim that "continues on".
    An undercut's note named the page of the attacked arrow's target, which need not draw the arrow
    (slide 7 sent readers to slide 2 for R32, drawn on slide 6); a page's own number reads "this page"."""
    maps = [SHIPPED, HERE / "eval" / "bike-lanes" / "key.yaml"]
    path = tmp_path / "bushy.yaml"
    path.write_text(synthetic_text(150), encoding="utf-8")
    maps.append(path)
    checked = 0
    for map_path in maps:
        laid = lay_out(build_view(load_valid(map_path).map), page)  # type: ignore[arg-type]
        full = {p.number: set(_drawn_on(p.dot)[0]) for p in laid.pages}
        for p in laid.pages:
            for marker in p.markers:
                named: list[tuple[str, str]] = []  # (node or "rel-" arrow id, where)
                if found := re.match(r"-> undercuts (\S+) \(.*?\), (this page|page \d+)", marker):
                    named.append(("rel-" + found[1], found[2]))
                elif found := re.match(
                    r"-> \w+ (\S+), (this page|page \d+)|-> (\S+) continues on (pages? [\d, \u2013]+)$", marker
                ):
                    named.append((found[1] or found[3], found[2] or found[4]))
                elif marker.startswith("more "):
                    named += re.findall(r"(\S+) \((this page|page \d+)\)", marker)
                assert named, (map_path.name, page, p.number, marker)
                for what, where in named:
                    for n in _pages_named(where, p.number):
                        there = laid.pages[n - 1]
                        ok = f'id="{what}"' in there.dot if what.startswith("rel-") else what in full[n]
                        assert ok, (map_path.name, page, p.number, marker, n)
                        checked += 1
    assert checked > 20
