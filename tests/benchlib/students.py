"""Student maps for the grading benchmark: deterministic variations of a key map.

Each student keeps most of the key (a few nodes dropped, ids renamed, order shuffled, some relation
kinds or targets changed, texts reworded), so that grading has real alignment work to do.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

__all__ = ["student_data", "write_students"]


def student_data(key: dict[str, Any], seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    nodes = [dict(n) for n in key.get("nodes", [])]
    keep = [n for n in nodes if n.get("kind") == "thesis" or rng.random() > 0.15]
    kept_ids = {n["id"] for n in keep}
    rename = {nid: f"s{seed}_{i}" for i, nid in enumerate(sorted(kept_ids))}
    out_nodes: list[dict[str, Any]] = []
    for n in keep:
        m = {k: v for k, v in n.items() if k not in ("anchor", "ignore")}
        m["id"] = rename[n["id"]]
        if rng.random() < 0.3:
            m["text"] = "In my reading, " + str(n["text"])[0].lower() + str(n["text"])[1:]
        out_nodes.append(m)
    rng.shuffle(out_nodes)
    rels: list[dict[str, Any]] = []
    rel_ids: dict[str, str] = {}
    for r in key.get("relations", []):
        premises = r["from"] if isinstance(r["from"], list) else [r["from"]]
        premises = [p for p in premises if p in kept_ids]
        if not premises:
            continue
        rel_ids[r["id"]] = f"r{seed}_{len(rel_ids)}"
    for r in key.get("relations", []):
        if r["id"] not in rel_ids:
            continue
        premises = [p for p in (r["from"] if isinstance(r["from"], list) else [r["from"]]) if p in kept_ids]
        if r["kind"] == "undercuts":
            if r["to"] not in rel_ids:
                continue
            target = rel_ids[r["to"]]
        else:
            if r["to"] not in kept_ids:
                continue
            target = rename[r["to"]]
        kind = r["kind"]
        if kind != "undercuts" and rng.random() < 0.08:
            kind = "attacks" if kind == "supports" else "supports"
        rel: dict[str, Any] = {"id": rel_ids[r["id"]], "kind": kind, "from": [rename[p] for p in premises]}
        rel["to"] = target
        rels.append(rel)
    return {
        "argmap": 1,
        "title": f"Student {seed}: " + str(key.get("title", "map")),
        "authors": [f"Student {seed}"],
        "sources": key.get("sources", []),
        "nodes": out_nodes,
        "relations": rels,
    }


def write_students(key: dict[str, Any], folder: Path, count: int = 30) -> list[Path]:
    from argmap.synthetic import to_yaml

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, count + 1):
        p = folder / f"student{i:02d}.yaml"
        p.write_text(to_yaml(student_data(key, i)), encoding="utf-8")
        paths.append(p)
    return paths
