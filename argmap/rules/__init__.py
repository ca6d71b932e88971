"""The evidence-gap rule engine: linter-style rules over a validated map.

Families (validation owns AM0xx-AM2xx): RL0xx the engine itself, ST1xx structure, SR2xx sourcing,
EQ3xx evidence quality, IC4xx internal consistency, DL5xx dialectic, CT6xx claim types, CQ7xx
critical questions of argument schemes. ``argmap rules`` lists them and
``argmap rules CODE`` explains one.

    from argmap.load import load_map
    from argmap.rules import run_rules
    result = load_map("map.yaml")
    for d in run_rules(result.map, select=["IC"]):
        print(d.code, d.message)
"""

from __future__ import annotations

from argmap.rules.base import ALIASES, FAMILIES, Context, Finding, Rule
from argmap.rules.engine import (
    LEVELS,
    Selection,
    all_rules,
    apply_rules,
    get_rule,
    is_known_pattern,
    load_example,
    run_rules,
    unknown_patterns,
)

__all__ = [
    "ALIASES",
    "FAMILIES",
    "LEVELS",
    "Context",
    "Finding",
    "Rule",
    "Selection",
    "all_rules",
    "apply_rules",
    "get_rule",
    "is_known_pattern",
    "load_example",
    "run_rules",
    "unknown_patterns",
]
