"""What a rule is: a code, a name, a default severity, its documentation and a check function.

A rule is a pure function of the validated map: it receives a :class:`Context` (the map, its
:class:`~argmap.graph.MapGraph` and analyses computed once and shared) and yields :class:`Finding`
objects. The engine (:mod:`argmap.rules.engine`), not the rule, turns findings into diagnostics:
it stamps the code, the (possibly overridden) severity and the model path.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any, TypeVar, cast

from argmap.diagnostics import Path, Severity
from argmap.graph import MapGraph
from argmap.model import ArgMap, Evidence

if TYPE_CHECKING:
    from argmap.rules.analysis import SupportIndex
    from argmap.semantics import Acceptability

__all__ = [
    "ALIASES",
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
    "CT": "claim types",
    "CQ": "critical questions",
    "RD": "reading against the source",
}
"""Code prefix -> family. Validation owns AM0xx-AM2xx."""

ALIASES: dict[str, str] = {}
"""Retired code -> the code that replaced it. Codes are never reused; a retired code stays here."""

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
    """A registered rule. ``doc`` is the user documentation; its examples are cases of its case file."""

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: Check = dataclasses.field(repr=False, compare=False)

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[:2], "")

    def example(self, which: str) -> str:
        """The map of the failing (``"bad"``) or passing (``"good"``) example: the case of the rule's
        case file (``argmap/rules/cases/CODE.yaml``, also run by the tests) marked ``example: failing``
        or ``example: passing``."""
        return case_examples(self.code)["failing" if which == "bad" else "passing"]

    def example_texts(self, which: str) -> dict[str, str]:
        """The source texts the example's anchors are read against (file name -> text): the case's
        ``texts``, for the rules that read anchors (RD8xx); empty for the others."""
        return case_texts(self.code)["failing" if which == "bad" else "passing"]


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


CASES = FsPath(__file__).parent / "cases"
"""One YAML file per rule: the cases the tests run, two of them marked as the examples users see."""


@functools.cache
def _case_file(code: str) -> Any:
    import yaml

    return yaml.safe_load((CASES / f"{code}.yaml").read_text(encoding="utf-8"))


def case_examples(code: str) -> dict[str, str]:
    """The maps of the cases of ``code``'s case file marked ``example: failing`` and ``example: passing``."""
    return {str(c["example"]): str(c["map"]) for c in _case_file(code)["cases"] if "example" in c}


def case_texts(code: str) -> dict[str, dict[str, str]]:
    """The source texts (file name -> text) of the example cases of ``code``'s case file, by ``example``."""
    cases = _case_file(code)["cases"]
    return {
        str(c["example"]): {str(k): str(v) for k, v in (c.get("texts") or {}).items()} for c in cases if "example" in c
    }


def rule(code: str, name: str, severity: Severity, summary: str) -> Callable[[Check], Check]:
    """Register the decorated check function as a rule; its docstring is the documentation."""

    def register(check: Check) -> Check:
        if code in REGISTRY or code in ALIASES:
            raise ValueError(f"rule code {code} is already taken")  # codes are never reused
        if code[:2] not in FAMILIES:
            raise ValueError(f"rule code {code} has no known family prefix")
        doc = reflow(inspect.cleandoc(check.__doc__ or summary))
        REGISTRY[code] = Rule(code, name, severity, summary, doc, check)
        return check

    return register


_T = TypeVar("_T")


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

    def once(self, key: str, make: Callable[[], _T]) -> _T:
        """A rule module's own analysis of this map, made by ``make`` on first use and kept with the graph
        under ``key``, so that the rules sharing it (EQ301 and EQ306, say) compute it once."""
        cache = self.graph.cache
        if key not in cache:
            cache[key] = make()
        return cast(_T, cache[key])

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
        """Source ids that back evidence, once each, in order of first citation (unknown ids included); a
        source only named as contradicting an item (``contradicted_by``) is not among them."""
        return tuple(dict.fromkeys(s for e in self.evidence for s in e.backing()))
