"""Time the evidence-gap rules against validation on large synthetic maps (not collected by pytest).

    .venv/bin/python tests/bench_rules.py [--sizes 1000,10000,50000] [--reps 5]

For each size: validation (pydantic model + structure checks: what `argmap check` does before the
rules), the semantics alone, the whole rule set (run_rules, which includes the semantics and the
evidence-reach analysis) and the gaps report model. Two shapes: the synthetic tree of
``tests/benchlib/synthetic.py`` and a worst case for depth, a single chain of claims each with one evidence
item. The least CPU time of ``--reps`` runs is reported (the machine is shared).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from benchlib.synthetic import synthetic_data

from argmap.gapsreport import build_report
from argmap.graph import MapGraph
from argmap.load import LoadResult
from argmap.model import ArgMap
from argmap.rules import run_rules
from argmap.semantics import analyse
from argmap.validate import check_structure


def chain_data(n: int) -> dict[str, Any]:
    """Thesis <- C1 <- C2 <- ... with one statistic per claim: evidence reach is n levels deep."""
    claims = n // 2
    nodes: list[dict[str, Any]] = [{"id": "T", "kind": "thesis", "text": "Trade is growing."}]
    relations: list[dict[str, Any]] = []
    parent = "T"
    for i in range(claims):
        nodes.append({"id": f"C{i}", "kind": "claim", "text": f"Reason {i}."})
        nodes.append(
            {
                "id": f"E{i}",
                "kind": "evidence",
                "type": "statistic",
                "text": "x",
                "value": i,
                "unit": "USD",
                "period": "2013",
                "sources": ["S1"],
            }
        )
        relations.append({"id": f"R{i}", "kind": "supports", "from": [f"C{i}"], "to": parent})
        relations.append({"id": f"Q{i}", "kind": "supports", "from": [f"E{i}"], "to": f"C{i}"})
        parent = f"C{i}"
    return {
        "argmap": 1,
        "title": "chain",
        "sources": [{"id": "S1", "title": "s", "date": "2014", "kind": "secondary"}],
        "nodes": nodes,
        "relations": relations,
    }


def best(fn: Callable[[], object], reps: int) -> float:
    """Least CPU time of ``reps`` runs (process time: less disturbed by other jobs on a shared machine)."""
    times = []
    for _ in range(reps):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def measure(name: str, data: dict[str, Any], reps: int) -> None:
    m = ArgMap.model_validate(data)
    graph = MapGraph(m)  # shared with validation in `argmap check`, so not counted for the rules

    def validate() -> None:
        result = LoadResult(file="bench", map=ArgMap.model_validate(data))
        check_structure(result)

    findings = run_rules(m, graph)
    t_validate = best(validate, reps)
    t_semantics = best(lambda: analyse(m), reps)
    t_rules = best(lambda: run_rules(m, graph), reps)
    result = LoadResult(file="bench", map=m, diagnostics=findings)
    t_report = best(lambda: build_report(result), reps)
    print(
        f"{name:<22} nodes={len(m.nodes):>6} relations={len(m.relations):>6} findings={len(findings):>6}  "
        f"validate {t_validate * 1000:7.1f} ms  semantics {t_semantics * 1000:6.1f} ms  "
        f"rules {t_rules * 1000:7.1f} ms ({t_rules / t_validate:4.2f}x validate)  "
        f"report {t_report * 1000:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    for n in (int(x) for x in args.sizes.split(",")):
        measure(f"synthetic tree {n}", synthetic_data(n, seed=1), args.reps)
        measure(f"claim chain {n}", chain_data(n), args.reps)


if __name__ == "__main__":
    main()
