"""Synthetic maps of any size for the view tests and timings: every node and relation kind occurs.

Shape: a thesis; claims in a tree of fan-out 4 under it; evidence under the claims (one of each type
in turn, every tenth pair linked); every seventh claim attacks its parent; every twentieth support
between claims is undercut by a claim.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["synthetic_map", "synthetic_text"]

_TYPES = ("statistic", "count", "statement", "event", "absence")


def _evidence(i: int) -> dict[str, Any]:
    kind = _TYPES[i % len(_TYPES)]
    node: dict[str, Any] = {
        "id": f"E{i}",
        "kind": "evidence",
        "type": kind,
        "text": f"Evidence number {i}.",
        "sources": ["S1"],
    }
    if kind == "statistic":
        node |= {"value": i * 1.5, "unit": "USD", "scale": "million", "period": "2014"}
    elif kind == "count":
        node |= {"what": "visits", "number": i % 9, "period": "2014"}
    elif kind == "statement":
        node |= {"speaker": f"Speaker {i}", "date": "2014-07-11", "quote": f"Quote {i}"}
    elif kind == "event":
        node |= {"actors": ["A", "B"], "date": "2014-06"}
    else:
        node |= {"expected": f"message {i}", "date": "2014-07"}
    return node


def synthetic_map(n: int) -> dict[str, Any]:
    """A valid map with ``n`` nodes (n >= 2) as plain data."""
    claims = max(1, n // 5)
    evidence = n - 1 - claims
    nodes: list[dict[str, Any]] = [{"id": "T", "kind": "thesis", "text": "The synthetic thesis holds."}]
    relations: list[dict[str, Any]] = []
    for c in range(claims):
        nodes.append({"id": f"C{c}", "kind": "claim", "text": f"Claim number {c} bears on its parent."})
        parent = "T" if c < 4 else f"C{c // 4 - 1}"
        kind = "attacks" if c % 7 == 6 and parent != "T" else "supports"
        relations.append({"id": f"R{c}", "kind": kind, "from": f"C{c}", "to": parent})
        if c % 20 == 19 and kind == "supports" and c + 1 < claims:
            relations.append({"id": f"U{c}", "kind": "undercuts", "from": f"C{c + 1}", "to": f"R{c}"})
    e = 0
    while e < evidence:
        target = f"C{e % claims}"
        if e % 10 == 0 and e + 1 < evidence:
            nodes += [_evidence(e), _evidence(e + 1)]
            relations.append({"id": f"RE{e}", "kind": "supports", "from": [f"E{e}", f"E{e + 1}"], "to": target})
            e += 2
            continue
        nodes.append(_evidence(e))
        relations.append({"id": f"RE{e}", "kind": "supports", "from": f"E{e}", "to": target})
        e += 1
    return {
        "argmap": 1,
        "title": f"Synthetic map of {n} nodes",
        "sources": [{"id": "S1", "title": "A source", "publisher": "Publisher", "date": "2014"}],
        "nodes": nodes,
        "relations": relations,
    }


def synthetic_text(n: int) -> str:
    """The synthetic map as JSON text (a map file argmap reads)."""
    return json.dumps(synthetic_map(n))
