"""Synthetic argument maps of any size, for benchmarks and scale tests.

A map of ``n`` nodes has one thesis and about a third claims, arranged as a random tree under the
thesis (most claims support their parent, some attack it); the rest is evidence of all five types
with their typed fields, citing about one source per twenty nodes. Some supports are linked (two
premises together), some evidence attacks a claim, some undercuts a support. Every claim has
evidence of its own, every id resolves, dates are valid and fall before the source's publication:
the maps are valid and mostly clean of findings.

Output is deterministic for a given ``(n, seed)``. Only the standard library is imported, so that
the generator is cheap to use from tests and scripts::

    from benchlib.synthetic import synthetic_yaml
    text = synthetic_yaml(10_000, seed=1)
"""

from __future__ import annotations

import json
import random
import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "EVIDENCE_TYPES",
    "SyntheticShape",
    "synthetic_data",
    "synthetic_json",
    "synthetic_map",
    "synthetic_yaml",
    "to_yaml",
    "write_synthetic",
]

EVIDENCE_TYPES = ("statistic", "count", "statement", "event", "absence")

_ACTORS = (
    "North Korea", "Japan", "Russia", "China", "Mongolia", "South Korea", "the United States",
    "Indonesia", "Iran", "Syria", "Cuba", "Vietnam", "Laos", "Germany", "Brazil",
)  # fmt: skip
_PEOPLE = (
    "Kim Jong-un", "Kim Yong-nam", "Ri Su-yong", "Shinzo Abe", "Vladimir Putin", "Xi Jinping",
    "Park Geun-hye", "a foreign-ministry spokesman", "the KCNA commentator", "Sergei Lavrov",
)  # fmt: skip
_MEDIA = ("KCNA", "Rodong Sinmun", "Yonhap", "Reuters", "NK News", "Kyodo", "TASS", "Xinhua")
_PUBLISHERS = ("NK News", "The Diplomat", "Reuters", "38 North", "Foreign Policy", "The Economist")
_TOPICS = (
    "trade", "diplomatic visits", "aid shipments", "rail links", "port access", "oil supplies",
    "tourism", "labour exports", "fishing rights", "summit talks", "sanctions relief", "debt relief",
)  # fmt: skip
_VERBS = (
    "is courting", "is distancing itself from", "is seeking closer ties with", "is hedging against",
    "is signalling to", "is testing", "is rewarding", "is pressuring",
)  # fmt: skip
_QUALIFIERS = ("probably", "in part", "presumably", "on balance")
_UNITS = (("USD", "million"), ("percent", None), ("tonnes", "thousand"), ("visitors", "thousand"))
_WARRANTS = (
    "A rise in such exchanges usually follows a political decision in Pyongyang.",
    "State media comment on foreign partners only with leadership approval.",
    "Visits at this level are not arranged without a diplomatic purpose.",
)  # fmt: skip
_SOURCE_KINDS = ("primary", "secondary", "secondary", "tertiary")


@dataclass(frozen=True)
class SyntheticShape:
    """How many of each thing a synthetic map of ``nodes`` nodes holds (before rounding)."""

    nodes: int
    claim_share: float = 1 / 3
    attack_share: float = 0.1
    """Share of claims that attack their parent instead of supporting it."""
    linked_share: float = 0.1
    """Share of evidence supports that are linked with a second piece of evidence."""
    evidence_attack_share: float = 0.04
    undercut_share: float = 0.02
    nodes_per_source: int = 20


class _Gen:
    def __init__(self, n: int, seed: int, shape: SyntheticShape) -> None:
        if n < 2:
            raise ValueError("a synthetic map needs at least 2 nodes (a thesis and a piece of evidence)")
        self.n = n
        self.rng = random.Random(seed)
        self.shape = shape
        self.rel = 0

    # ------------------------------------------------------------------ text helpers

    def pick(self, seq: tuple[str, ...]) -> str:
        return seq[self.rng.randrange(len(seq))]

    def sentence(self, i: int) -> str:
        a, b = self.pick(_ACTORS), self.pick(_ACTORS)
        if a == b:
            b = "its neighbours"
        return f"{a} {self.pick(_VERBS)} {b} through {self.pick(_TOPICS)} (point {i})."

    def day(self, year_from: int = 2011, year_to: int = 2014) -> tuple[int, int, int]:
        return (self.rng.randint(year_from, year_to), self.rng.randint(1, 12), self.rng.randint(1, 28))

    def date_text(self, year_to: int = 2014) -> str:
        y, m, d = self.day(year_to=year_to)
        r = self.rng.random()
        if r < 0.15:
            return str(y)
        if r < 0.35:
            return f"{y}-{m:02d}"
        if r < 0.42 and m < 12:
            return f"{y}-{m:02d}/{y}-{m + 1:02d}"
        return f"{y}-{m:02d}-{d:02d}"

    def next_relation(self) -> str:
        self.rel += 1
        return f"R{self.rel}"

    # ------------------------------------------------------------------ parts

    def sources(self, count: int) -> list[dict[str, Any]]:
        out = []
        for i in range(1, count + 1):
            src: dict[str, Any] = {
                "id": f"S{i}",
                "title": f"{self.pick(_ACTORS)} and the politics of {self.pick(_TOPICS)}, part {i}",
                "author": f"Author {self.rng.randint(1, 400)}",
                "publisher": self.pick(_PUBLISHERS),
                # Published after every dated piece of evidence (which stops in 2014).
                "date": f"2015-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}",
                "url": f"https://example.org/articles/{i}",
                "kind": self.pick(_SOURCE_KINDS),
            }
            if i % 7 == 0:
                src["note"] = "Paywalled; quoted from the print edition."
            out.append(src)
        return out

    def evidence(self, i: int, etype: str, n_sources: int) -> dict[str, Any]:
        rng = self.rng
        node: dict[str, Any] = {"id": f"E{i}", "kind": "evidence", "type": etype, "text": self.sentence(i)}
        s1 = rng.randint(1, n_sources)
        sources = [f"S{s1}"]
        if n_sources > 1 and rng.random() < 0.15:
            sources.append(f"S{s1 % n_sources + 1}")
        node["sources"] = sources
        if etype == "statistic":
            unit, scale = _UNITS[rng.randrange(len(_UNITS))]
            node["value"] = round(rng.uniform(1, 1000), 1) if rng.random() < 0.5 else rng.randint(1, 5000)
            node["unit"] = unit
            if scale:
                node["scale"] = scale
            node["period"] = str(rng.randint(2010, 2014))
            since = str(rng.randint(2005, 2009))
            has_change, has_baseline = rng.random() < 0.5, rng.random() < 0.3
            if has_baseline:
                # The same measure at the start of the change, so that value, baseline and change agree.
                base: dict[str, Any] = {
                    "value": rng.randint(1, 5000),
                    "label": f"{self.pick(_TOPICS)}, {since}",
                }
                base["unit"] = unit
                if scale:
                    base["scale"] = scale
                base["period"] = since
                node["baseline"] = base
            if has_change:
                percent = (
                    round((node["value"] / node["baseline"]["value"] - 1) * 100, 1)
                    if has_baseline
                    else round(rng.uniform(-60, 200), 1)
                )
                node["change"] = {"percent": percent, "since": since}
            if rng.random() < 0.2:
                node["approximate"] = True
        elif etype == "count":
            number = rng.randint(0, 40)
            node["what"] = f"{self.pick(_TOPICS)} agreements signed"
            node["number"] = number
            node["period"] = self.date_text()
            if 0 < number <= 4:
                node["items"] = [f"agreement on {self.pick(_TOPICS)} no. {k}" for k in range(1, number + 1)]
        elif etype == "statement":
            node["speaker"] = self.pick(_PEOPLE)
            node["medium"] = self.pick(_MEDIA)
            node["date"] = self.date_text()
            node["said"] = f"that relations with {self.pick(_ACTORS)} should improve"
            if rng.random() < 0.5:
                node["quote"] = f"We value our friendship with {self.pick(_ACTORS)} on {self.pick(_TOPICS)}."
            if rng.random() < 0.1:
                node["occasion"] = self.occasion(node, full=True)
        elif etype == "event":
            node["actors"] = sorted({self.pick(_ACTORS) for _ in range(rng.randint(1, 3))})
            node["date"] = self.date_text()
            if rng.random() < 0.1:
                node["status"] = "ongoing"
        else:  # absence
            node["expected"] = f"a statement on the anniversary of {self.pick(_TOPICS)} talks"
            node["expected_from"] = self.pick(_PEOPLE)
            node["date"] = self.date_text()
            node["reason"] = "such statements were issued every year before"
            if rng.random() < 0.2:
                node["occasion"] = self.occasion(node, full=False)
        if rng.random() < 0.3:
            node["anchor"] = f"{self.pick(_TOPICS)} rose sharply in {rng.randint(2010, 2014)}"
        elif rng.random() < 0.05:
            node["anchor"] = {"exact": "the talks resumed", "prefix": "after a pause", "source": sources[0]}
        if rng.random() < 0.1:
            node["tags"] = [self.pick(_TOPICS)]
        return node

    def occasion(self, node: dict[str, Any], *, full: bool) -> dict[str, Any]:
        """An anniversary consistent with the node's date, which becomes a full day."""
        y, m, d = self.day()
        node["date"] = f"{y}-{m:02d}-{d:02d}"
        years = self.rng.randint(1, 30)
        occasion: dict[str, Any] = {"anniversary": years, "commemorated_date": f"{y - years}-{m:02d}-{d:02d}"}
        if full:
            occasion["description"] = "anniversary of a summit"
            occasion["commemorates"] = f"the {self.pick(_ACTORS)} summit"
        return occasion

    def build(self) -> dict[str, Any]:
        rng, shape, n = self.rng, self.shape, self.n
        n_claims = max(1, min(n - 1, round(n * shape.claim_share)))  # thesis included
        n_evidence = n - n_claims
        n_sources = max(1, n // shape.nodes_per_source)

        nodes: list[dict[str, Any]] = [
            {"id": "T", "kind": "thesis", "text": "North Korea is seeking new friends abroad."}
        ]
        relations: list[dict[str, Any]] = []
        claim_ids = ["T"]
        for i in range(1, n_claims):
            cid = f"C{i}"
            node: dict[str, Any] = {"id": cid, "kind": "claim", "text": self.sentence(i)}
            if rng.random() < 0.05:
                node["note"] = "Contested by some analysts."
            nodes.append(node)
            # A random recursive tree: expected depth grows like log(n).
            parent = claim_ids[rng.randrange(len(claim_ids))]
            claim_ids.append(cid)
            rel: dict[str, Any] = {"id": self.next_relation(), "kind": "supports", "from": cid, "to": parent}
            if parent != "T" and rng.random() < shape.attack_share:
                rel["kind"] = "attacks"
            elif rng.random() < 0.1:
                rel["warrant"] = self.pick(_WARRANTS)
                rel["qualifier"] = self.pick(_QUALIFIERS)
            if rng.random() < 0.1:
                rel["strength"] = round(rng.uniform(0.3, 1.0), 2)
            relations.append(rel)

        support_ids: list[str] = []
        evidence_ids = [f"E{i}" for i in range(1, n_evidence + 1)]
        for i in range(1, n_evidence + 1):
            nodes.append(self.evidence(i, EVIDENCE_TYPES[(i - 1) % len(EVIDENCE_TYPES)], n_sources))

        # Every claim (and the thesis) gets evidence of its own, then the rest is spread at random.
        targets = claim_ids[1:] or claim_ids
        pending = deque(evidence_ids)
        k = 0
        while pending:
            eid = pending.popleft()
            target = targets[k % len(targets)] if k < len(targets) else targets[rng.randrange(len(targets))]
            k += 1
            r = rng.random()
            if r < shape.undercut_share and support_ids:
                relations.append(
                    {"id": self.next_relation(), "kind": "undercuts", "from": eid,
                     "to": support_ids[rng.randrange(len(support_ids))]}
                )  # fmt: skip
                continue
            if r < shape.undercut_share + shape.evidence_attack_share and k > len(targets):
                relations.append({"id": self.next_relation(), "kind": "attacks", "from": eid, "to": target})
                continue
            premises: str | list[str] = eid
            if pending and rng.random() < shape.linked_share:
                premises = [eid, pending.popleft()]
            rid = self.next_relation()
            relations.append({"id": rid, "kind": "supports", "from": premises, "to": target})
            support_ids.append(rid)

        return {
            "argmap": 1,
            "title": f"Synthetic map of {n} nodes",
            "authors": ["argmap synthetic generator"],
            "description": "Generated for benchmarks: a claim tree under one thesis with typed evidence.",
            "created": "2015-06-01",
            "sources": self.sources(n_sources),
            "nodes": nodes,
            "relations": relations,
        }


def synthetic_data(n: int, seed: int = 0, shape: SyntheticShape | None = None) -> dict[str, Any]:
    """A synthetic map of ``n`` nodes as plain data (what a YAML or JSON parser would return)."""
    return _Gen(n, seed, shape or SyntheticShape(n)).build()


def synthetic_map(n: int, seed: int = 0) -> Any:
    """The synthetic map validated as an :class:`argmap.model.ArgMap` (imports pydantic)."""
    from argmap.model import ArgMap

    return ArgMap.model_validate(synthetic_data(n, seed))


def synthetic_json(n: int, seed: int = 0) -> str:
    """The synthetic map as JSON text (indented like a hand-kept file)."""
    return json.dumps(synthetic_data(n, seed), indent=2, ensure_ascii=False) + "\n"


def synthetic_yaml(n: int, seed: int = 0) -> str:
    """The synthetic map as block-style YAML text, as a person would write it."""
    return to_yaml(synthetic_data(n, seed))


# ---------------------------------------------------------------------------- a small YAML writer
# Enough YAML for plain data (dicts, lists, str, int, float, bool, None) in the style of hand-written
# maps: block mappings, `- ` lists, flow lists of short ids, plain scalars where they are unambiguous.

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.'()/_-]*$")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}
_SHORT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if (
        _PLAIN.match(text)
        and text.lower() not in _RESERVED
        and not text.endswith((" ", ":"))
        and ": " not in text
        and " #" not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _emit(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict) and item:
                out.append(f"{pad}{key}:\n")
                _emit(item, indent + 2, out)
            elif isinstance(item, list) and item:
                if all(isinstance(x, str) and _SHORT_ID.match(x) for x in item) and len(item) <= 8:
                    out.append(f"{pad}{key}: [{', '.join(_scalar(x) for x in item)}]\n")
                else:
                    out.append(f"{pad}{key}:\n")
                    _emit(item, indent + 2, out)
            elif isinstance(item, list | dict):
                out.append(f"{pad}{key}: {'[]' if isinstance(item, list) else '{}'}\n")
            else:
                out.append(f"{pad}{key}: {_scalar(item)}\n")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                sub: list[str] = []
                _emit(item, indent + 2, sub)
                first = sub[0]
                sub[0] = f"{pad}- {first[indent + 2 :]}"
                out.extend(sub)
            elif isinstance(item, list) and item:
                out.append(f"{pad}-\n")
                _emit(item, indent + 2, out)
            else:
                out.append(f"{pad}- {_scalar(item)}\n")
    else:
        out.append(f"{pad}{_scalar(value)}\n")


def to_yaml(data: dict[str, Any]) -> str:
    """Block-style YAML for plain data; parses back to equal data with any YAML 1.1 or 1.2 parser."""
    out: list[str] = []
    for key, item in data.items():
        if key == "nodes" or key == "relations" or key == "sources":
            out.append("\n")
        _emit({key: item}, 0, out)
    return "".join(out).lstrip("\n")


def write_synthetic(path: str | Path, n: int, seed: int = 0, fmt: Literal["yaml", "json"] | None = None) -> Path:
    """Write a synthetic map of ``n`` nodes to ``path`` (format from the suffix unless given)."""
    target = Path(path)
    chosen = fmt or ("json" if target.suffix.lower() == ".json" else "yaml")
    text = synthetic_json(n, seed) if chosen == "json" else synthetic_yaml(n, seed)
    target.write_text(text, encoding="utf-8")
    return target
