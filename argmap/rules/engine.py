"""The rule engine: pick the rules, run them, stamp code, severity and model path on each finding.

Selection, from weakest to strongest:

1. the map's ``config`` section (``select``, ``ignore``, ``severity``);
2. the caller's (command line) ``select`` replaces the map's when given; ``ignore`` adds to it;
   ``severity`` overrides the map's entry for the same key;
3. an ``ignore: [CODE]`` list on a node or relation silences findings located on that item.

A pattern is a code (``EQ304``), a prefix (``EQ``, ``EQ3``), a rule name (``statistic-without-unit``)
or ``ALL``; retired codes are translated through :data:`~argmap.rules.base.ALIASES`. For severity
overrides the longest matching key wins; the level ``off`` disables the rule. The engine's own rule
RL001 runs whatever ``select`` says (so that a mistyped selection cannot hide itself); ignore it or
turn it off to silence it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from argmap.diagnostics import CODES, Diagnostic, Path, Severity
from argmap.gcpause import gc_paused
from argmap.graph import MapGraph
from argmap.model import ArgMap, Node, Relation
from argmap.rules.base import ALIASES, REGISTRY, Context, Finding, Rule, rule

if TYPE_CHECKING:
    from argmap.load import LoadResult

__all__ = [
    "LEVELS",
    "Selection",
    "all_rules",
    "apply_rules",
    "get_rule",
    "is_known_pattern",
    "load_example",
    "matches",
    "run_rules",
    "split_patterns",
    "unknown_patterns",
]

LEVELS = ("error", "warning", "info", "off")
_FAMILY_MODULES = (
    "structure",
    "sourcing",
    "quality",
    "consistency",
    "dialectic",
    "claimtypes",
    "questions",
    "reading",
    "wording",
    "across",
)
_loaded = False
_PREFIX = re.compile(r"[A-Z]{1,2}\d*")


def _load() -> None:
    global _loaded
    if not _loaded:
        for name in _FAMILY_MODULES:
            importlib.import_module(f"argmap.rules.{name}")
        _loaded = True


def all_rules() -> list[Rule]:
    """Every registered rule, ordered by code."""
    _load()
    return [REGISTRY[c] for c in sorted(REGISTRY)]


def get_rule(code: str) -> Rule | None:
    """The rule for ``code`` (case-insensitive; retired codes resolve to their replacement)."""
    _load()
    key = code.strip().upper()
    return REGISTRY.get(ALIASES.get(key, key))


def _norm(pattern: str) -> str:
    p = pattern.strip()
    up = p.upper()
    if up in ALIASES:
        return ALIASES[up]
    if _PREFIX.fullmatch(up):
        return up
    return p.lower() if p.upper() != "ALL" else "ALL"


def matches(r: Rule, pattern: str) -> bool:
    """Does ``pattern`` (code, prefix, rule name or ALL) designate rule ``r``?"""
    p = _norm(pattern)
    return p == "ALL" or r.code.startswith(p) or r.name == p


def split_patterns(patterns: Iterable[str]) -> tuple[str, ...]:
    """Command-line patterns may be repeated or comma-separated: ``--select IC,EQ3``."""
    return tuple(p.strip() for item in patterns for p in item.split(",") if p.strip())


def is_known_pattern(pattern: str) -> bool:
    _load()
    return bool(pattern.strip()) and any(matches(r, pattern) for r in REGISTRY.values())


def unknown_patterns(patterns: Iterable[str]) -> list[str]:
    """Patterns that designate no rule (for CLIs to refuse before running)."""
    return [p for p in patterns if not is_known_pattern(p)]


@dataclass(frozen=True)
class Selection:
    """The effective select/ignore/severity settings for one map."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()

    @classmethod
    def merge(
        cls,
        m: ArgMap,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        severity: Mapping[str, str] | None = None,
    ) -> Selection:
        levels = {**m.config.severity, **(severity or {})}
        chosen = split_patterns(select) or tuple(m.config.select)
        return cls(chosen, (*m.config.ignore, *split_patterns(ignore)), tuple(levels.items()))

    def level(self, r: Rule) -> Severity | None:
        """The severity ``r`` runs at, or None when it does not run."""
        # The engine's own rule (RL) is not subject to select: a mistyped select must not hide itself.
        if self.select and not r.code.startswith("RL") and not any(matches(r, p) for p in self.select):
            return None
        if any(matches(r, p) for p in self.ignore):
            return None
        best: tuple[int, str] | None = None
        for key, lvl in self.severity:
            if matches(r, key):
                weight = len(_norm(key)) if _norm(key) != "ALL" else 0
                if best is None or weight >= best[0]:
                    best = (weight, lvl)
        if best is None:
            return r.severity
        return None if best[1] == "off" else Severity(best[1])


def _place(ctx: Context, f: Finding) -> Path:
    if f.path is not None:
        return f.path
    if f.subject is None:
        return ()
    base = ctx.graph.path_of(f.subject)
    return (*base, *f.field) if base else ()


def _silenced(m: ArgMap, path: Path, r: Rule) -> bool:
    if len(path) < 2 or not isinstance(path[1], int):
        return False
    items: Sequence[object] = m.nodes if path[0] == "nodes" else m.relations if path[0] == "relations" else ()
    if path[1] >= len(items):
        return False
    codes: list[str] = getattr(items[path[1]], "ignore", [])
    return any(matches(r, c) for c in codes)


def _ignoring(ctx: Context) -> dict[str, list[int]]:
    """Section -> places of the items with an ``ignore`` list (few or none), found once per map."""
    return ctx.once(
        "rules.ignoring",
        lambda: {key: [i for i, x in enumerate(items) if x.ignore] for key, items in _sections(ctx.map)},
    )


def _sections(m: ArgMap) -> tuple[tuple[str, Sequence[Node | Relation]], ...]:
    return (("nodes", m.nodes), ("relations", m.relations))


def run_rules(
    m: ArgMap,
    graph: MapGraph | None = None,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    severity: Mapping[str, str] | None = None,
) -> list[Diagnostic]:
    """Run the selected rules on a validated map; diagnostics carry model paths, not lines."""
    rules = all_rules()
    sel = Selection.merge(m, select, ignore, severity)
    ctx = Context.shared(m, graph)
    out: list[Diagnostic] = []
    add = out.append
    # Most maps silence nothing on their items: then no finding needs to be looked up.
    silencing = any(_ignoring(ctx).values())
    with gc_paused():
        for r in rules:
            level = sel.level(r)
            if level is None:
                continue
            code = r.code
            for f in r.check(ctx):
                path = _place(ctx, f)
                if silencing and _silenced(m, path, r):
                    continue
                extra = dict(f.extra) if f.extra else {}
                add(Diagnostic(code, f.message, level, path=path, subject=f.subject, hint=f.hint, extra=extra))
    return out


def load_example(text: str, texts: Mapping[str, str] | None = None, *, file: str = "example.yaml") -> LoadResult:
    """Load a rule's example or case map, its anchors verified against the source ``texts`` it comes with
    (file name -> text), so that the rules that read anchors (RD8xx) see them."""
    from argmap.anchors import verify_anchors
    from argmap.load import load_text

    loaded = load_text(text, file=file)
    if texts and loaded.map is not None:
        verify_anchors(loaded, given=texts)
    return loaded


def apply_rules(
    result: LoadResult,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    severity: Mapping[str, str] | None = None,
) -> None:
    """Run the rules on a loaded map and add their diagnostics to ``result`` (located later)."""
    if result.map is None:
        return
    for d in run_rules(result.map, result.graph, select=select, ignore=ignore, severity=severity):
        result.add(d)


# --------------------------------------------------------------------------- RL: the engine's own rule


def _names_question(scheme_id: str | None, entry: str) -> bool:
    """A scheme relation's ``ignore`` may set aside one of its critical questions (CQ701)."""
    from argmap.schemes import get_scheme

    scheme = get_scheme(scheme_id) if scheme_id else None
    return scheme is not None and any(q.named_by(entry) for q in scheme.questions)


def _describe(pattern: str) -> str:
    up = pattern.strip().upper()
    if up in CODES or up.startswith("AM"):
        return f"{pattern!r} is a validation code; validation findings cannot be selected or silenced"
    return f"{pattern!r} names no rule (see `argmap rules`)"


@rule(
    "RL001",
    "unknown-rule-code",
    Severity.WARNING,
    "A rule code, prefix or name in `config` or in an item's `ignore` list that names no rule.",
)
def unknown_rule_code(ctx: Context) -> Iterable[Finding]:
    """A selector that matches no rule does nothing, silently: usually a typo or a retired code.

    Checked: ``config.select``, ``config.ignore``, the keys of ``config.severity`` and the ``ignore``
    list of every node and relation (where a scheme relation may also name one of its critical
    questions). Fix the code (``argmap rules`` lists them) or remove it.
    """
    cfg = ctx.map.config
    for key, values in (("select", cfg.select), ("ignore", cfg.ignore)):
        for i, p in enumerate(values):
            if not is_known_pattern(p):
                yield Finding(f"config {key}: {_describe(p)}", path=("config", key, i))
    for p in cfg.severity:
        if not is_known_pattern(p):
            yield Finding(f"config severity: {_describe(p)}", path=("config", "severity", p))
    for section, items in (("nodes", ctx.map.nodes), ("relations", ctx.map.relations)):
        for i in _ignoring(ctx)[section]:
            item = items[i]
            for j, p in enumerate(item.ignore):
                if not is_known_pattern(p) and not _names_question(getattr(item, "scheme", None), p):
                    where = (section, i, "ignore", j)
                    yield Finding(f"{item.id}: ignore {_describe(p)}", subject=item.id, path=where)
