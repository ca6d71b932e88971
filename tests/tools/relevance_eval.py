"""Measure a relevance test for evidence drawn to support a claim (issue 29, "'evidenced' requires evidence
that bears on the claim's own content"): genuine supports it judges unrelated, and planted unrelated supports it
finds. Not adopted as a rule (see the README's grounding paragraph): this script keeps the test and its numbers.

    python tests/tools/relevance_eval.py       # the counts, then every genuine support it judges unrelated
    python tests/tools/relevance_eval.py --bare  # the same without the source texts (anchors unread)

The test reads evidence against its claim as a reader would: the evidence's words (its text, typed fields, the
sentence its anchor stands in and the one before it in its paragraph) against the claim's (text, aliases, its
anchor's sentence), stemmed, folded by the map's glossary, names of several words kept whole ("South Korea" is
not "South-East Asia"); a word in more than half the node texts of a map of ten nodes or more is the map's
topic ("North Korea") and links nothing. The support bears on the claim when the two share a word, when the
relation's warrant shares one with each, or when the evidence stands in the paragraph of the claim's anchor.

Genuine: every supports relation from evidence to a claim in the shipped map, the eval keys, the students'
maps in tests/eval and the rule cases (many of them schematic: "Talks." for "Conclusion."). Planted: real
items of the shipped map and the keys re-drawn under claims they do not bear on. The shipped map's article
is read from ../shared/sources when present.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from argmap.anchors import AnchorPlace, anchor_places
from argmap.model import Evidence, Node, Relation
from argmap.rules import Context

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "sources"
SHIPPED = ROOT / "claims" / "north-korea-seeking-new-friends.yaml"

_FIELDS = ("text", "what", "said", "quote", "expected", "expected_from", "reason", "speaker", "medium")

TOPIC_SHARE = 0.5
"""A word in more than this share of a map's node texts is what the whole map is about ("North Korea" in
the shipped map): sharing it tells nothing about whether one item bears on another."""

TOPIC_MIN_NODES = 10
"""Below this many nodes, how often a word recurs says nothing about the map's topic: every word counts."""


def evidence_words(e: Evidence) -> str:
    """The words in which the map describes an evidence item: its text and typed text fields (actors,
    items, the occasion and the baseline's label included)."""
    parts = [str(getattr(e, f, None) or "") for f in _FIELDS]
    parts += [str(a) for a in getattr(e, "actors", None) or []]
    parts += [str(i) for i in getattr(e, "items", None) or []]
    occasion = getattr(e, "occasion", None)
    if occasion is not None:
        parts += [occasion.description or "", occasion.commemorates or ""]
    baseline = getattr(e, "baseline", None)
    if baseline is not None:
        parts.append(baseline.label or "")
    return " ".join(p for p in parts if p)


def word_units(text: str, glossary: dict[str, list[str]] | None = None) -> set[str]:
    """The content words of a text as a reader compares them: folded by the glossary, stemmed, and
    names of several words kept whole ("South Korea" is not "South-East Asia"; "north-korea" is one word)."""
    from argmap.reader.words import fold, stem_of

    folded = fold(text, glossary)
    for term in sorted((k.lower() for k in glossary or {} if " " in k), key=len, reverse=True):
        folded = re.sub(rf"\b{re.escape(term)}\b", term.replace(" ", "-"), folded)
    out: set[str] = set()
    for word in re.findall(r"[a-z]+(?:-[a-z]+)*", folded):
        parts = [stem_of(p) or (p if "-" in word else "") for p in word.split("-")]
        parts = [p for p in parts if p]
        if parts and (len(parts) > 1 or len(parts[0]) >= 3):
            out.add("-".join(parts))
    return out


class _Reader:
    """One map read for the test: its topic words, and the words of each item and passage, once each."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.glossary = ctx.map.glossary
        self.places = anchor_places(ctx.graph)
        units = [word_units(n.text, self.glossary) for n in ctx.map.nodes]
        df: dict[str, int] = {}
        for unit in units:
            for w in unit:
                df[w] = df.get(w, 0) + 1
        limit = TOPIC_SHARE * len(units)
        self.topic = {w for w, c in df.items() if c > limit} if len(units) >= TOPIC_MIN_NODES else set()

    def words(self, text: str) -> set[str]:
        return word_units(text, self.glossary) - self.topic

    def passage(self, nid: str, *, before: bool) -> str:
        """The sentence a node's anchor stands in, and (``before``) the sentence before it in its
        paragraph, which a list of facts often opens ("North Korea appears desperate. It executed...")."""
        from argmap.reader import sentence_around, sentences
        from argmap.reader.split import sentence_index

        place = self.places.get(nid)
        sentence = sentence_around(place.text, place.start, place.end) if place is not None else None
        if place is None or sentence is None:
            return ""
        at = sentence_index(place.text, sentence.start) - 1
        if before and at >= 0:
            prior = sentences(place.text)[at]
            if "\n" not in place.text[prior.end : sentence.start]:
                return f"{prior.text} {sentence.text}"
        return sentence.text

    def paragraph(self, nid: str) -> tuple[str, int] | None:
        place: AnchorPlace | None = self.places.get(nid)
        return None if place is None else (place.source, place.text.rfind("\n", 0, place.start) + 1)

    def related(self, e: Evidence, r: Relation, claim: Node) -> bool:
        """Whether the evidence shares a distinctive word with the claim, directly or through the
        warrant (evidence - warrant - claim), or stands in the paragraph where the claim's anchor does."""
        mine = self.words(f"{evidence_words(e)} {self.passage(e.id, before=True)}")
        theirs = self.words(f"{claim.text} {' '.join(claim.aliases)} {self.passage(claim.id, before=False)}")
        if mine & theirs:
            return True
        warrant = self.words(r.warrant or "")
        if mine & warrant and warrant & theirs:
            return True
        here = self.paragraph(e.id)
        return here is not None and here == self.paragraph(claim.id)


def unrelated_supports(ctx: Context) -> list[tuple[str, str, str]]:
    """(evidence, relation, claim) for each supports relation that draws evidence sharing no distinctive
    word with the claim it supports (:class:`_Reader`)."""

    def make() -> list[tuple[str, str, str]]:
        reader: _Reader | None = None
        out: list[tuple[str, str, str]] = []
        nodes = ctx.graph.nodes
        for r in ctx.map.relations:
            claim = nodes.get(r.target)
            if r.kind != "supports" or claim is None or claim.kind == "evidence":
                continue
            for p in r.premises:
                e = nodes.get(p)
                if isinstance(e, Evidence):
                    reader = reader or _Reader(ctx)
                    if not reader.related(e, r, claim):
                        out.append((e.id, r.id, claim.id))
        return out

    return make()


PLANTS: dict[str, list[tuple[str, str]]] = {
    "shipped": [
        ("E_fm_tour", "C3"),
        ("E_loan_writeoff", "C7"),
        ("E_missiles", "C11"),
        ("E_japan_talks", "C6"),
        ("E_trade_russia", "C4"),
        ("E_summits_china_sk", "C10"),
        ("E_treaty_silence", "C12"),
        ("E_tests_2013", "C11"),
        ("E_russia_anniversary", "C3"),
        ("E_jang_execution", "C12"),
        ("E_insults_park_us", "C11"),
        ("E_china_sanctions", "C10"),
        ("E_visits_russia", "C8"),
        ("E_japan_delegation", "C2"),
    ],
    "key bike-lanes": [
        ("E_crashes", "C_shoppers"),
        ("E_survey", "C_safer"),
        ("E_spending", "C_more_riders"),
        ("E_counter", "C_shops_ok"),
    ],
    "key phones": [
        ("E_music", "C_bullying"),
        ("E_messages", "C_learning"),
        ("E_homework", "C_office"),
        ("E_clubs", "C_bullying"),
        ("E_research", "C_lonely"),
    ],
}


def _texts(folders: list[Path]) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for d in folders if d.is_dir() for p in d.glob("*.txt")}


def _maps() -> Iterator[tuple[str, str, str, dict[str, str]]]:
    """(label, group, map text, source texts by file name)."""
    yield "shipped", "shipped", SHIPPED.read_text(encoding="utf-8"), _texts([SHARED])
    for key in ("bike-lanes", "phones"):
        folder = ROOT / "tests" / "eval" / key
        yield f"key {key}", "key", (folder / "key.yaml").read_text(encoding="utf-8"), _texts([folder])
    for path in sorted((ROOT / "tests" / "eval").glob("*/*students/*.yaml")):
        folder = path.parent.parent
        yield (
            f"student {folder.name}/{path.stem}",
            "student",
            path.read_text(encoding="utf-8"),
            _texts([folder, SHARED]),
        )
    for path in sorted((ROOT / "argmap" / "rules" / "cases").glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"], 1):
            yield f"case {path.stem}#{i}", "case", str(case["map"]), dict(case.get("texts") or {})


def _supports(text: str, texts: dict[str, str]) -> tuple[int, list[tuple[str, str, str]], set[str]] | None:
    """How many evidence-to-claim supports the map draws, those the test judges unrelated, and the
    evidence whose anchor was found in its source."""
    from argmap.rules import load_example

    loaded = load_example(text, texts or None)
    if loaded.map is None or loaded.graph is None:
        return None
    nodes = loaded.graph.nodes
    drawn = sum(
        1
        for r in loaded.map.relations
        if r.kind == "supports" and r.target in nodes and nodes[r.target].kind != "evidence"
        for p in r.premises
        if isinstance(nodes.get(p), Evidence)
    )
    anchored = set(anchor_places(loaded.graph))
    return drawn, unrelated_supports(Context.shared(loaded.map, loaded.graph)), anchored


@dataclass
class Measure:
    """Per group, the genuine supports drawn and those judged unrelated; the planted supports found and missed."""

    drawn: dict[str, int] = field(default_factory=dict)
    judged: dict[str, list[str]] = field(default_factory=dict)
    found: int = 0
    missed: list[str] = field(default_factory=list)


def measure(*, bare: bool = False) -> Measure:
    """The test run over every map (``bare``: without the source texts, so no anchor is read)."""
    out = Measure()
    for label, group, text, texts in _maps():
        given = {} if bare else texts
        got = _supports(text, given)
        if got is None:
            continue
        n, unrelated, anchored = got
        out.drawn[group] = out.drawn.get(group, 0) + n
        out.judged.setdefault(group, []).extend(
            f"{label}: {e} -> {c}" + (" (anchor read)" if e in anchored else "") for e, _, c in unrelated
        )
        for eid, cid in PLANTS.get(label, []):
            extra = f"\n  - {{id: RX_PLANT, kind: supports, from: {eid}, to: {cid}}}\n"
            plant = _supports(text.rstrip("\n") + extra, given)
            if plant is not None and any(rid == "RX_PLANT" for _, rid, _ in plant[1]):
                out.found += 1
            else:
                out.missed.append(f"{label}: {eid} -> {cid}")
    return out


def main() -> int:
    m = measure(bare="--bare" in sys.argv)
    for group, n in m.drawn.items():
        read = sum(j.endswith("(anchor read)") for j in m.judged[group])
        print(
            f"{group:8} genuine supports judged unrelated: {len(m.judged[group])} of {n} ({read} with the anchor read)"
        )
    print(f"planted unrelated supports found: {m.found} of {m.found + len(m.missed)}")
    for x in m.missed:
        print(f"  missed plant  {x}")
    for group in ("shipped", "key", "student", "case"):
        for j in m.judged.get(group, []):
            print(f"  judged unrelated  {j}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
