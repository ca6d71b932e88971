"""The HTML export without a browser: structure, CSP, escaping, data for the panel, SVG preparation."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.diagnostics import Diagnostic, Severity
from argmap.html import page_html, render_html
from argmap.html.data import Gaps, json_for_script, page_data
from argmap.html.svg import SvgError, prepare_svg
from argmap.load import load_map
from argmap.model import ArgMap

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PACKAGE = Path(__file__).parent.parent / "argmap" / "html"
VOID = {"meta", "link", "br", "hr", "img", "input", "source", "wbr", "area", "base", "col", "embed", "track"}
NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")


def load(name: str) -> ArgMap:
    result = load_map(FIXTURES / name)
    assert result.map is not None and not result.has_errors, [str(d) for d in result.diagnostics]
    return result.map


class Page(HTMLParser):
    """Checks that tags nest and close, and collects scripts, styles, metas and SVG node groups."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.metas: list[dict[str, str | None]] = []
        self.nodes: list[dict[str, str | None]] = []
        self.rels: list[dict[str, str | None]] = []
        self.order: list[str] = []
        self.attr_names: set[str] = set()
        self.title = ""
        self._attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.order.append(tag)
        self.attr_names.update(name for name, _ in attrs)
        if tag == "meta":
            self.metas.append(a)
        if tag == "g" and "argmap-node" in (a.get("class") or "").split():
            self.nodes.append(a)
        if tag == "g" and a.get("data-rel"):
            self.rels.append(a)
        if tag not in VOID:
            self.stack.append(tag)
            self._attrs = a

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.order.append(tag)
        self.attr_names.update(name for name, _ in attrs)
        if tag == "meta":
            self.metas.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.stack:
            return
        if self.stack[-1] == "script":
            self.scripts.append((self._attrs, data))
        elif self.stack[-1] == "style":
            self.styles.append(data)
        elif self.stack[-1] == "title" and "svg" not in self.stack:
            self.title += data


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    assert not p.errors, p.errors[:5]
    assert not p.stack, f"unclosed: {p.stack}"
    return p


@pytest.fixture(scope="module")
def small_page() -> str:
    return render_html(load("small.yaml"))


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return render_html(load("hostile.yaml"))


def data_block(page: str) -> str:
    m = re.search(r'<script type="application/json" id="argmap-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return m.group(1)


def sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_page_is_well_formed_with_one_diagram_and_every_node_focusable(small_page: str) -> None:
    p = parse(small_page)
    assert small_page.startswith("<!DOCTYPE html>")
    assert p.order.count("svg") == 1
    m = load("small.yaml")
    ids = [a.get("data-id") or "" for a in p.nodes]
    assert sorted(ids) == sorted(n.id for n in m.nodes)
    for a in p.nodes:
        assert a["id"] == f"node-{a['data-id']}"
        assert a["tabindex"] == "0" and a["role"] == "button"
        assert (a.get("data-id") or "?") in (a.get("aria-label") or "")
    e1 = next(a for a in p.nodes if a["data-id"] == "E1")
    assert e1["aria-label"] == "Statistic E1: Trade fell to 104 million dollars in 2013."
    # Every relation is drawn, and each drawn piece says which relation it belongs to.
    assert {a["data-rel"] for a in p.rels} == {r.id for r in m.relations}
    premise_lines = [a for a in p.rels if (a.get("id") or "").startswith("premise-R4-")]
    assert {a.get("data-from") for a in premise_lines} == {"E3", "E5"}
    assert p.title == m.title


def test_csp_forbids_remote_loads_and_pins_the_inline_blocks(small_page: str) -> None:
    p = parse(small_page)
    csp_metas = [m for m in p.metas if (m.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(csp_metas) == 1
    policy = {d.split()[0]: d.split()[1:] for d in (csp_metas[0]["content"] or "").split("; ")}
    assert policy["default-src"] == ["'none'"]
    assert policy["img-src"] == ["data:"]
    assert policy["base-uri"] == ["'none'"]
    code = [text for attrs, text in p.scripts if attrs.get("type") is None]
    assert len(code) == 1
    assert policy["script-src"] == [f"'{sha256(code[0])}'"]
    assert len(p.styles) == 1
    assert policy["style-src"] == [f"'{sha256(p.styles[0])}'"]
    content = csp_metas[0]["content"] or ""
    assert "unsafe-inline" not in content and "unsafe-eval" not in content
    # The policy comes before anything it governs.
    assert p.order.index("meta") < p.order.index("style") < p.order.index("script")


def test_no_remote_urls_outside_the_data(small_page: str) -> None:
    data = data_block(small_page)
    assert "https://example.org/neighbours" in data  # the source's URL, inert text in the JSON
    rest = small_page.replace(data, "")
    urls = set(re.findall(r"https?://[^\s\"'<>)]*", rest, re.I))
    assert urls <= set(NAMESPACES), urls - set(NAMESPACES)
    assert not re.search(r"\b(?:src|href)\s*=\s*[\"']?(?!#)", rest.split("</style>")[1].split("<script>")[0])
    assert "@import" not in rest and "url(" not in rest


def test_hostile_text_cannot_end_the_data_block_or_inject_markup(hostile_page: str) -> None:
    p = parse(hostile_page)
    m = load("hostile.yaml")
    block = data_block(hostile_page)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in block
    data = json.loads(block)
    assert data["nodes"]["T"]["text"] == "<script>alert(1)</script> is a claim about scripts"
    assert data["nodes"]["C1"]["text"] == m.nodes[1].text
    assert "\u2028" in data["nodes"]["C1"]["text"] and "</script><!--" in data["nodes"]["C1"]["text"]
    assert data["title"] == m.title
    # Only the two script blocks of the page itself; no <img>, no event-handler attributes.
    assert [attrs.get("type") for attrs, _ in p.scripts] == ["application/json", None]
    assert "img" not in p.order and "textarea" not in p.order
    assert not [name for name in p.attr_names if name.startswith("on")]
    assert p.title == m.title
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_page  # drawn as text in the SVG
    assert "javascript:" not in hostile_page.replace(block, "")


@given(st.text())
def test_json_for_script_round_trips_any_text(text: str) -> None:
    out = json_for_script({"t": text, "k": [text]})
    assert json.loads(out) == {"t": text, "k": [text]}
    assert not any(ch in out for ch in "<>&\u2028\u2029")


def test_panel_data_holds_fields_quote_sources_relations_and_gaps() -> None:
    m = load("small.yaml")
    finding = Diagnostic("EQ303", "statistic E1 has no baseline", Severity.INFO, subject="E1", hint="add one")
    general = Diagnostic("SR204", "all evidence rests on secondary sources", Severity.WARNING)
    data = page_data(m, gaps=Gaps([finding, general], True))
    e1 = data["nodes"]["E1"]
    fields = {f["label"]: f["value"] for f in e1["fields"]}
    assert fields["Figure"] == "104 million USD"
    assert fields["Period"] == "2013"
    assert fields["Change"] == "-42% since 2012"
    assert e1["anchor"]["exact"] == "fell to 104 million dollars"
    assert e1["anchor"]["source"]["citation"] == "“Annual trade report”, Statistics Office, 2014."
    assert [s["id"] for s in e1["sources"]] == ["S2"]
    assert e1["outgoing"] == ["R3"] and e1["incoming"] == []
    [gap] = e1["gaps"]
    assert gap["code"] == "EQ303" and gap["severity"] == "info" and gap["hint"] == "add one"
    assert gap["name"] and gap["summary"]  # explained from the rule registry
    assert [g["code"] for g in data["rules"]["general"]] == ["SR204"]
    e3 = {f["label"]: f["value"] for f in data["nodes"]["E3"]["fields"]}
    assert e3["Items"] == ["Spring summit", "Trade forum", "Border talks"] and e3["Count"] == "3"
    e2 = {f["label"]: f["value"] for f in data["nodes"]["E2"]["fields"]}
    assert e2["Speaker"] == "Foreign minister" and e2["Date"] == "2014-07-11"
    c1 = data["nodes"]["C1"]
    assert sorted(c1["incoming"]) == ["R3", "R6", "R7"]
    r7 = next(r for r in data["relations"] if r["id"] == "R7")
    assert r7["undercut_by"] == ["R8"]
    r8 = next(r for r in data["relations"] if r["id"] == "R8")
    assert r8["target"] == {"id": "R7", "type": "relation", "kind": "attacks", "text": "attacks: C3 → C1"}
    # The map itself, for the exercise download, in argmap's own JSON form.
    assert data["map"]["argmap"] == 1 and [n["id"] for n in data["map"]["nodes"]] == [n.id for n in m.nodes]


def test_render_runs_the_rule_engine_and_statuses_when_present(small_page: str) -> None:
    import argmap.rules as rules
    import argmap.semantics as semantics

    m = load("small.yaml")
    data = json.loads(data_block(small_page))
    expected = sorted((d.code, d.subject) for d in rules.run_rules(m) if d.subject in data["nodes"])
    shown = sorted((g["code"], nid) for nid, n in data["nodes"].items() for g in n["gaps"])
    assert shown == expected and expected
    assert data["rules"]["available"] is True
    for nid, status in semantics.statuses(m).items():
        assert data["nodes"][nid]["status"]["status"] == status


def test_exercise_page_veils_evidence_and_offers_the_download() -> None:
    m = load("small.yaml")
    page = render_html(m, exercise=True, title="Exercise: trade")
    p = parse(page)
    assert p.title == "Exercise: trade"
    veiled = {a["data-id"] for a in p.nodes if "veiled" in (a.get("class") or "").split()}
    assert veiled == {n.id for n in m.nodes if n.kind == "evidence"}
    e1 = next(a for a in p.nodes if a["data-id"] == "E1")
    assert "104" not in (e1["aria-label"] or "") and "hidden" in (e1["aria-label"] or "")
    assert 'id="download"' in page and 'id="reveal-all"' in page
    # The words on links from hidden evidence are veiled with it.
    veiled_rels = {a["data-rel"] for a in p.rels if "veiled" in (a.get("class") or "").split()}
    assert veiled_rels == {"R3", "R4", "R5", "R6"}
    assert json.loads(data_block(page))["exercise"] is True
    plain = render_html(m)
    assert 'id="download"' not in plain and "veiled" not in plain.split("<svg")[1].split("</svg>")[0]


def test_prepare_svg_drops_external_references_and_sizes() -> None:
    svg = (
        '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="100pt" height="50pt" viewBox="0 0 100 50">'
        '<g id="node-A" class="node argmap-node kind-claim" style="fill:red"><title>A</title>'
        '<a xlink:href="https://evil.example/x"><text>A</text></a><use href="#local"/></g>'
        '<g id="node-Z" class="node argmap-node kind-claim"><title>Z</title></g>'
        '<g id="rel-R1" class="edge argmap-rel rel-supports"><title>A&#45;&gt;Z</title></g>'
        "<!-- a comment --></svg>"
    )
    out = prepare_svg(svg, label=lambda i: f"Claim {i}" if i == "A" else None, node_classes={"A": ["veiled"]})
    assert "evil.example" not in out and "DOCTYPE" not in out and "comment" not in out
    assert 'href="#local"' in out
    assert 'width="100pt"' not in out and 'viewBox="0 0 100 50"' in out
    assert "style=" not in out
    assert 'class="node argmap-node kind-claim veiled"' in out
    assert 'aria-label="Claim A"' in out and out.count("tabindex") == 1  # Z is not a map node
    assert 'data-rel="R1" data-from="A"' in out
    with pytest.raises(SvgError):
        prepare_svg("<svg><g></svg>", label=lambda i: i)
    with pytest.raises(SvgError):
        prepare_svg("<html/>", label=lambda i: i)


def test_page_assets_build_dom_without_markup_strings() -> None:
    js = (PACKAGE / "page.js").read_text()
    css = (PACKAGE / "page.css").read_text()
    assert "innerHTML" not in js and "outerHTML" not in js and "insertAdjacentHTML" not in js
    assert "eval(" not in js and "new Function" not in js and "document.write" not in js
    assert "</script" not in js.lower() and "</style" not in css.lower()
    assert "url(" not in css and "@import" not in css


def test_page_html_is_pure_given_an_svg() -> None:
    m = load("small.yaml")
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g/></svg>'
    a = page_html(m, svg, gaps=Gaps([], False, "no rules here"))
    assert a == page_html(m, svg, gaps=Gaps([], False, "no rules here"))
    assert json.loads(data_block(a))["rules"] == {"available": False, "note": "no rules here", "general": []}
