"""Read ``argmap render --page`` outputs back as a reader would, against issue 30's "done when".

    python tests/tools/audit_pages.py gen DIR                 # write the generated maps into DIR
    python tests/tools/audit_pages.py check MAP... [--pages a4,a3,letter,slide]
        [--orientations auto,portrait,landscape] [--keep DIR] [--extra "--engine graphviz-pure"]

For every map, page size and orientation it runs the CLI (``argmap render MAP --page P -o out.pdf``) and
prints one line: wall time, pages, the size the command reported, the sizes measured in the PDF (smallest,
share of words at the page's minimum, smallest page median / largest), legend and key, texts missing, nodes
drawn twice on one page, continuation notes naming a page that does not draw the node, near-empty pages.
Texts are checked word by word (every word of a text printed somewhere in the document) and as phrases
(the text's characters in order, whitespace ignored) per document; only words count as missing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from pdfwords import box_height_per_point, page_words  # noqa: E402

ARGMAP = str(ROOT / ".venv" / "bin" / "argmap")
MIN_PT = {"a4": 7.0, "letter": 7.0, "a3": 9.0, "slide": 12.0}
KINDS = r"(?:THESIS|claim|statistic|count|statement|event|absence)"

# ----------------------------------------------------------------------------------------- generated maps

_LONG = (
    "Because the committee read every submission twice, compared the figures with the regional "
    "averages published the year before, and still found that the smaller schools reported fewer "
    "incidents per pupil than the larger ones, it concluded that size itself, and not the way the "
    "numbers were gathered, explains most of the difference between them"
)
_UNI = [
    "Ça coûte 12 € à Zürich, naïve façade",
    "Ελληνικά κείμενα για τον χάρτη",
    "Русский текст о политике",
    "日本語のテキストと中文文本",
    "한국어 문장 예시",
    "Straße über Ölfeld — „Anführung“",
]


def _evidence(i: int, nid: str, text: str) -> dict[str, Any]:
    kind = ("statistic", "count", "statement", "event", "absence")[i % 5]
    node: dict[str, Any] = {"id": nid, "kind": "evidence", "type": kind, "text": text, "sources": ["S1"]}
    if kind == "statistic":
        node |= {"value": i * 1.5, "unit": "USD", "scale": "million", "period": "2014"}
    elif kind == "count":
        node |= {"what": f"visits of kind {i}", "number": i % 9, "period": "2014"}
    elif kind == "statement":
        node |= {"speaker": f"Speaker Number{i}", "date": "2014-07-11", "quote": f"Quoted words {i}"}
    elif kind == "event":
        node |= {"actors": [f"Actor{i}a", f"Actor{i}b"], "date": "2014-06"}
    else:
        node |= {"expected": f"expected message {i}", "date": "2014-07"}
    return node


class _Builder:
    def __init__(self, shape: str, n: int, text: str = "", ids: str = "") -> None:
        self.shape, self.n, self.textkind, self.idkind = shape, n, text, ids
        self.nodes: list[dict[str, Any]] = []
        self.rels: list[dict[str, Any]] = []
        self.claims: list[str] = []

    def nid(self, prefix: str, i: int) -> str:
        if self.idkind == "long":
            return f"{prefix}_{i}_a_rather_long_identifier_chosen_by_a_student_for_this_node"
        return f"{prefix}{i}"

    def text(self, what: str, i: int) -> str:
        if self.textkind == "long":
            return f"{what} {i}: {_LONG}."
        if self.textkind == "unicode":
            return f"{what} {i}: {_UNI[i % len(_UNI)]}."
        return f"{what} {i} of the {self.shape}, said in plain words."

    def rel(self, src: str | list[str], dst: str, kind: str = "supports") -> str:
        rid = self.nid("R", len(self.rels))
        r: dict[str, Any] = {"id": rid, "kind": kind, "from": src, "to": dst}
        if len(self.rels) % 3 == 0:
            r["warrant"] = self.text("Warrant", len(self.rels))
            r["qualifier"] = f"qualified{len(self.rels)}"
        self.rels.append(r)
        return rid

    def add_claim(self, parent: str) -> str:
        cid = self.nid("C", len(self.claims))
        self.nodes.append({"id": cid, "kind": "claim", "text": self.text("Claim", len(self.claims))})
        self.claims.append(cid)
        self.rel(cid, parent)
        return cid

    def add_evidence(self, parent: str, i: int) -> str:
        eid = self.nid("E", i)
        self.nodes.append(_evidence(i, eid, self.text("Evidence", i)))
        self.rel(eid, parent)
        return eid

    def build(self) -> dict[str, Any]:
        self.nodes.append({"id": "T", "kind": "thesis", "text": self.text("Thesis", 0)})
        getattr(self, "_" + self.shape)()
        return {
            "argmap": 1,
            "title": f"{self.shape} {self.n} {self.textkind} {self.idkind}".strip(),
            "sources": [{"id": "S1", "title": "A source", "publisher": "Publisher", "date": "2014"}],
            "nodes": self.nodes,
            "relations": self.rels,
        }

    def _chain(self) -> None:
        parent, e = "T", 0
        while len(self.nodes) < self.n:
            if len(self.nodes) % 4 == 3:
                self.add_evidence(parent, e)
                e += 1
            else:
                parent = self.add_claim(parent)

    def _star(self) -> None:  # one claim under the thesis, every evidence under it
        c = self.add_claim("T")
        for e in range(self.n - 2):
            self.add_evidence(c, e)

    def _bushy(self) -> None:  # fan-out 3 tree of claims, two evidence under each leaf-ish claim
        queue, e = ["T"], 0
        while len(self.nodes) < self.n:
            parent = queue.pop(0)
            for _ in range(3):
                if len(self.nodes) >= self.n:
                    break
                if len(self.claims) < self.n // 3:
                    queue.append(self.add_claim(parent))
                else:
                    self.add_evidence(parent, e)
                    e += 1
            if not queue:  # a short tree: keep filling the last parent
                queue.append(parent)

    def _dag(self) -> None:  # a bushy tree whose nodes also support a claim elsewhere (cross-links)
        self._bushy()
        for i, node in enumerate(list(self.nodes)):
            if i % 6 == 5 and len(self.claims) > 2:
                target = self.claims[(i * 7) % len(self.claims)]
                if target != node["id"] and self.claims.index(target) < (
                    self.claims.index(node["id"]) if node["id"] in self.claims else len(self.claims)
                ):
                    self.rel(node["id"], target)

    def _mixed(self) -> None:  # attacks, undercuts and linked premises over a bushy tree
        queue, e = ["T"], 0
        while len(self.nodes) < self.n - 2:
            parent = queue.pop(0)
            for k in range(3):
                if len(self.nodes) >= self.n - 2:
                    break
                if len(self.claims) < self.n // 4:
                    queue.append(self.add_claim(parent))
                    if k == 2 and parent != "T":
                        self.rels[-1]["kind"] = "attacks"
                elif k == 0 and len(self.nodes) < self.n - 3:
                    a = _evidence(e, self.nid("E", e), self.text("Evidence", e))
                    b = _evidence(e + 1, self.nid("E", e + 1), self.text("Evidence", e + 1))
                    self.nodes += [a, b]
                    self.rel([a["id"], b["id"]], parent)
                    e += 2
                else:
                    self.add_evidence(parent, e)
                    e += 1
            if not queue:  # a short tree: keep filling the last parent
                queue.append(parent)
        supports = [r["id"] for r in self.rels if r["kind"] == "supports" and isinstance(r["from"], str)]
        for j, rid in enumerate(supports[5::15]):
            src = self.claims[(j * 5 + 1) % len(self.claims)]
            if all(r["from"] != src or r["id"] != rid for r in self.rels):
                self.rel(src, rid, "undercuts")


SHAPES = ["chain", "star", "bushy", "dag", "mixed"]


def generate(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    specs = [(s, n, "", "") for s in SHAPES for n in (100, 500, 1000)]
    specs += [("bushy", 100, "long", ""), ("mixed", 100, "unicode", ""), ("mixed", 100, "", "long")]
    specs += [("dag", 500, "long", "long")]
    for shape, n, text, ids in specs:
        data = _Builder(shape, n, text, ids).build()
        name = "-".join(x for x in (shape, str(n), text and f"{text}text", ids and f"{ids}ids") if x)
        path = folder / f"{name}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        out.append(path)
    return out


# ----------------------------------------------------------------------------------------- reading back


def expected_texts(path: Path) -> list[tuple[str, str]]:
    """(where, text) of everything the map says that a diagram must print, as the view prints it, and the
    raw strings of the map file (node texts, string fields, warrants, qualifiers)."""
    from argmap.api import load_valid
    from argmap.view.build import build_view
    from argmap.view.labels import node_lines, relation_label

    m = load_valid(path).map
    assert m is not None, path
    view = build_view(m)
    out = [(n.id, line.text) for n in view.nodes for line in node_lines(n, 10_000)]
    for rel in view.relations:
        out += [(rel.id, t) for t in relation_label(rel.warrant, rel.qualifier, 10_000)]
    for node in m.nodes:
        data = node.model_dump(exclude_none=True, exclude_defaults=True)
        for key, value in data.items():
            if key in ("id", "kind", "type", "sources", "tags", "anchor", "anchors", "note", "aliases"):
                continue
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, str) and (key, v) != ("status", "occurred"):  # the default, never printed
                    out.append((f"{node.id}.{key}", v))
    for r in m.relations:
        for key in ("warrant", "qualifier"):
            v = getattr(r, key, None)
            if isinstance(v, str):
                out.append((f"{r.id}.{key}", v))
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s]+", text) if t]


def page_texts(pdf: Path, count: int) -> list[str]:
    return [
        subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), str(pdf), "-"], capture_output=True, text=True).stdout
        for p in range(1, count + 1)
    ]


STUB = "(shown in full on this page)"


def headers(text: str, full: bool = False) -> Counter[str]:
    """Node ids whose box header (``claim C6``) is printed in ``text``; ``full``: only boxes that are not a
    dotted stub saying the claim is shown in full elsewhere on the page."""
    found = re.findall(rf"^{KINDS} (\S+)$\n?(?=(.*))", text, re.M)  # the next line is not consumed
    return Counter(nid for nid, after in found if not (full and after.strip() == STUB))


def stubs(text: str) -> int:
    return text.count(STUB)


def _pages_in(s: str) -> list[int]:
    """``2, 4–6`` -> [2, 4, 5, 6]."""
    out: list[int] = []
    for a, b in re.findall(r"(\d+)(?:\s*[–-]\s*(\d+))?", s):
        out += range(int(a), int(b or a) + 1)
    return out


def note_errors(texts: list[str], ends: dict[str, tuple[set[str], str]]) -> list[str]:
    """Continuation notes whose page does not draw the node they name (a relation: both its ends)."""
    drawn = [set(headers(t)) for t in texts]

    def lacks(nid: str, p: int) -> bool:
        if p < 1 or p > len(texts):
            return True
        if nid in ends:
            return not (ends[nid][0] | {ends[nid][1]}) <= drawn[p - 1]
        return nid not in drawn[p - 1]

    bad = []
    known = {*ends, *(n for d in drawn for n in d)}
    long_ids = [(i, re.compile(r"\s*".join(map(re.escape, i)))) for i in known if len(i) > 30]
    for number, text in enumerate(texts, 1):
        flat = " ".join(text.split())
        for whole, pattern in long_ids:  # a long id is wrapped over lines in a note
            flat = pattern.sub(whole, flat)
        for nid, pages in re.findall(r"-> (\S+) continues on pages? ([\d, –-]+)\)", flat):
            bad += [
                f"p{number}: '{nid} continues on page {p}' but p{p} lacks it" for p in _pages_in(pages) if lacks(nid, p)
            ]
        for kind, nid, pages in re.findall(r"-> (supports|attacks|undercuts) (\S+?), pages? ([\d, –-]+)[:)]", flat):
            bad += [f"p{number}: '{kind} {nid}, page {p}' but p{p} lacks it" for p in _pages_in(pages) if lacks(nid, p)]
        # a stub's own notes repeat what its full box shows: the same-page check skips them
        unstubbed = re.sub(re.escape(STUB) + r".*?(?=" + KINDS + r" \S+ |$)", "", flat)
        for kind, nid, pages in re.findall(
            r"-> (supports|attacks|undercuts) (\S+?), pages? ([\d, –-]+)[:)]", unstubbed
        ):
            bad += [
                f"p{number}: '{kind} {nid}, page {p}': the same page, no arrow drawn"
                for p in _pages_in(pages)
                if p == number and not lacks(nid, p)
            ]
        for nid, pages in re.findall(r"([^\s(]+) \(pages? ([\d, –-]+)\)", flat):
            bad += [f"p{number}: '{nid} (page {p})' but p{p} lacks it" for p in _pages_in(pages) if lacks(nid, p)]
    return bad


def relation_ends(path: Path) -> dict[str, tuple[set[str], str]]:
    """Relation id: (its premises, its target node; an undercut's target relation's target)."""
    from argmap.api import load_valid

    m = load_valid(path).map
    assert m is not None
    rels = {r.id: r for r in m.relations}
    out: dict[str, tuple[set[str], str]] = {}
    for r in m.relations:
        src = set(r.premises)
        out[r.id] = (src, r.target)
    for rid, (src, to) in list(out.items()):
        if to in rels:
            out[rid] = (src | out[to][0], out[to][1])
    return out


def fill(pdf: Path) -> list[float]:
    """Per page, the share of the body (between the title and the key) that its ink spans: rows with ink times
    columns with ink, as fractions."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", "20", "-gray", str(pdf), f"{folder}/p"], check=True)
        from PIL import Image

        out = []
        for png in sorted(Path(folder).glob("p-*.pgm"), key=lambda f: int(f.stem.split("-")[1])):
            with Image.open(png) as im:
                w, h = im.size
                px = im.load()
                top, bottom = int(0.08 * h), int(0.88 * h)
                rows = [any(px[x, y] < 235 for x in range(w)) for y in range(top, bottom)]
                cols = [any(px[x, y] < 235 for y in range(top, bottom)) for x in range(w)]
            out.append(sum(rows) / len(rows) * sum(cols) / len(cols))
        return out


def measure(pdf: Path, box_per_pt: float, page: str) -> dict[str, Any]:
    words = page_words(pdf)
    sizes = sorted(h / box_per_pt for p in words for h, _ in p)
    medians = [sorted(h for h, _ in p)[len(p) // 2] / box_per_pt for p in words if p]
    return {
        "min": sizes[0],
        "at_min": sum(s >= MIN_PT[page] - 0.05 for s in sizes) / len(sizes),
        "median_ratio": min(medians) / max(medians),
        "words_per_page": [len(p) for p in words],
        "medians": medians,
    }


def check(path: Path, page: str, orientation: str, box_per_pt: float, keep: Path | None, extra: str = "") -> str:
    stem = f"{path.parent.name}-{path.stem}" if path.stem == "key" else path.stem
    out = (keep or Path(tempfile.mkdtemp())) / f"{stem}-{page}-{orientation}.pdf"
    cmd = [ARGMAP, "render", str(path), "--page", page, "-o", str(out)]
    if orientation != "auto":
        cmd += ["--orientation", orientation]
    cmd += extra.split()
    start = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    head = f"{stem} {page} {orientation}: {wall:.1f}s"
    if res.returncode != 0:
        return f"{head} EXIT {res.returncode}: {res.stderr.strip()[:300]}"
    count = int(re.search(r"(\d+) pages?", res.stderr)[1]) if re.search(r"(\d+) pages?", res.stderr) else 1
    reported = float(re.search(r"smallest type ([\d.]+) pt", res.stderr)[1])  # type: ignore[index]
    m = measure(out, box_per_pt, page)
    texts = page_texts(out, count)
    whole = "\n".join(texts)
    words = set(_tokens(whole))
    squashed = _squash(whole)
    missing = sorted(
        {(w, t) for w, t in expected_texts(path) if any(x not in words and x not in squashed for x in _tokens(t))}
    )
    phrase = sorted({(w, t) for w, t in expected_texts(path) if _squash(t) not in squashed})
    twice = [f"p{i}:{n}x{c}" for i, t in enumerate(texts, 1) for n, c in headers(t, full=True).items() if c > 1]
    stubbed = sum(map(stubs, texts))
    legend = "Legend" in texts[0]
    keys = [i for i, t in enumerate(texts[1:], 2) if "Key" not in t]
    median_words = sorted(m["words_per_page"])[len(texts) // 2]
    sparse = [i for i, w in enumerate(m["words_per_page"], 1) if w < 0.15 * median_words]
    filled = fill(out)
    half = [i for i, f in enumerate(filled, 1) if f < 0.4]
    per_page = sum(len(headers(t)) for t in texts) / count
    notes = note_errors(texts, relation_ends(path))
    fails = []
    if m["at_min"] < 0.9:
        fails.append("TYPE<90%")
    if reported - m["min"] > 0.15:
        fails.append("REPORTED>MEASURED")
    if m["median_ratio"] < 0.8:
        fails.append("MEDIANS")
    if not legend or keys:
        fails.append("LEGEND/KEY")
    if missing:
        fails.append("MISSING")
    if twice:
        fails.append("TWICE")
    if notes:
        fails.append("NOTES")
    return (
        f"{head} {count}p reported {reported} measured min {m['min']:.2f} "
        f"{100 * m['at_min']:.0f}%>={MIN_PT[page]} medians {m['median_ratio']:.2f} "
        f"legend {legend} nokey {keys} missing {len(missing)} {missing[:3]} phrase-missing {len(phrase)} "
        f"twice {len(twice)} {twice[:4]} stubs {stubbed} notes {len(notes)} {notes[:3]} sparse {sparse} "
        f"under-40%-used {len(half)}/{count} {half[:8]} nodes/page {per_page:.1f} "
        f"{'FAIL ' + ','.join(fails) if fails else 'ok'}"
    )


def main(argv: list[str]) -> None:
    if argv[0] == "gen":
        for p in generate(Path(argv[1])):
            print(p)
        return
    args, opts = [], {"--pages": "a4,a3,letter,slide", "--orientations": "auto", "--keep": "", "--extra": ""}
    it = iter(argv[1:])
    for a in it:
        if a in opts:
            opts[a] = next(it)
        else:
            args.append(a)
    keep = Path(opts["--keep"]) if opts["--keep"] else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    box = box_height_per_point(Path(tempfile.mkdtemp()))
    for path in map(Path, args):
        for page in opts["--pages"].split(","):
            for orientation in opts["--orientations"].split(","):
                print(check(path, page, orientation, box, keep, opts["--extra"]), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
