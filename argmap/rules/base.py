"""What a rule is: a code, a name, a default severity, its documentation and a check function.

A rule is a pure function of the validated map: it receives a :class:`Context` (the map, its
:class:`~argmap.graph.MapGraph` and analyses computed once and shared) and yields :class:`Finding`
objects. The engine (:mod:`argmap.rules.engine`), not the rule, turns findings into diagnostics:
it stamps the code, the (possibly overridden) severity and the model path.
"""

from __future__ import annotations

import dataclasses
import inspect
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from argmap.diagnostics import Path, Severity
from argmap.graph import MapGraph
from argmap.model import ArgMap, Evidence

if TYPE_CHECKING:
    from argmap.rules.analysis import SupportIndex
    from argmap.semantics import Acceptability

__all__ = [
    "ALIASES",
    "EXAMPLE_HEADER",
    "FAMILIES",
    "REGISTRY",
    "Context",
    "Finding",
    "Rule",
    "reflow",
    "rule",
]

FAMILIES: dict[str, str] = {
    "RL": "rule engine",
    "ST": "structure",
    "SR": "sourcing",
    "EQ": "evidence quality",
    "IC": "internal consistency",
    "DL": "dialectic",
}
"""Code prefix -> family. Validation owns AM0xx-AM2xx."""

ALIASES: dict[str, str] = {}
"""Retired code -> the code that replaced it. Codes are never reused; a retired code stays here."""

EXAMPLE_HEADER = "argmap: 1\ntitle: Example\n"
"""Prepended to a rule's example fragments to make a complete map."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by a rule, before the engine stamps code, severity and place.

    The place is ``path`` when given, else the path of ``subject`` (a node, relation or source id)
    extended by ``field`` (e.g. ``("occasion", "anniversary")``).
    """

    message: str
    subject: str | None = None
    field: Path = ()
    path: Path | None = None
    hint: str | None = None
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)


Check = Callable[["Context"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered rule. ``doc`` is the user documentation; ``bad``/``good`` are example fragments."""

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    bad: str
    good: str
    check: Check = dataclasses.field(repr=False, compare=False)

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[:2], "")

    def example(self, which: str) -> str:
        """A complete map for the failing (``"bad"``) or passing (``"good"``) example."""
        return EXAMPLE_HEADER + (self.bad if which == "bad" else self.good)


REGISTRY: dict[str, Rule] = {}


def reflow(doc: str) -> str:
    """Join the lines of each paragraph (and of each ``- `` list item) so that terminals can wrap them."""
    out: list[str] = []
    for para in doc.split("\n\n"):
        items: list[str] = []
        for line in para.splitlines():
            stripped = line.strip()
            if stripped.startswith("- ") or not items:
                items.append(stripped)
            else:
                items[-1] += " " + stripped
        out.append("\n".join(items))
    return "\n\n".join(out)


def rule(
    code: str, name: str, severity: Severity, summary: str, *, bad: str, good: str
) -> Callable[[Check], Check]:
    """Register the decorated check function as a rule; its docstring is the documentation."""

    def register(check: Check) -> Check:
        if code in REGISTRY or code in ALIASES:
            raise ValueError(f"rule code {code} is already taken")  # codes are never reused
        if code[:2] not in FAMILIES:
            raise ValueError(f"rule code {code} has no known family prefix")
        doc = reflow(inspect.cleandoc(check.__doc__ or summary))
        bad_map, good_map = (textwrap.dedent(x).lstrip("\n") for x in (bad, good))
        REGISTRY[code] = Rule(code, name, severity, summary, doc, bad_map, good_map, check)
        return check

    return register


class Context:
    """What a rule sees: the map, its graph, and analyses shared by all rules (computed on first use)."""

    def __init__(self, m: ArgMap, graph: MapGraph | None = None) -> None:
        self.map = m
        self.graph = graph if graph is not None and graph.map is m else MapGraph(m)

    @classmethod
    def shared(cls, m: ArgMap, graph: MapGraph | None = None) -> Context:
        """The context kept with ``graph``, so that rules and reports compute the analyses once."""
        if graph is None or graph.map is not m:
            return cls(m, graph)
        ctx = graph.cache.get("rules.context")
        if not isinstance(ctx, cls):
            ctx = graph.cache["rules.context"] = cls(m, graph)
        return ctx

    @cached_property
    def acceptability(self) -> Acceptability:
        from argmap.semantics import analyse

        return analyse(self.map)

    @cached_property
    def support(self) -> SupportIndex:
        from argmap.rules.analysis import SupportIndex

        return SupportIndex(self.map, self.graph, self.acceptability, self.evidence)

    @cached_property
    def evidence(self) -> list[Evidence]:
        """The evidence nodes in map order, without the semantics that :attr:`support` needs."""
        from argmap.rules.analysis import evidence_of

        return evidence_of(self.graph)

    @cached_property
    def cited_sources(self) -> tuple[str, ...]:
        """Source ids cited by evidence, once each, in order of first citation (unknown ids included)."""
        return tuple(dict.fromkeys(s for e in self.evidence for s in e.sources))
