"""Shared by the importers: foreign ids to argmap ids, picking the thesis, repairing structure.

Importers collect plain node and relation records (with the foreign id and line each came from), then
call :func:`finish`, which removes what ``argmap check`` would reject (self-loops, support cycles, a
thesis used as a premise, support of evidence), reports each repair as a diagnostic naming the foreign
id, chooses the thesis and validates the result into an :class:`~argmap.model.ArgMap`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from argmap.diagnostics import CODES, Diagnostic
from argmap.fields import MAX_TEXT
from argmap.interchange import Imported, Loss
from argmap.interchange.thesis import pick_thesis
from argmap.load.decoding import free_of_controls, without_controls
from argmap.model import ArgMap

__all__ = [
    "IdMaker",
    "NodeRec",
    "RelRec",
    "finish",
    "imported_title",
    "pick_thesis",
]

# Diagnostic codes of importers (defects in the foreign file). Stable; never reused.
_ID_OK = re.compile(r"^[A-Za-z][\w.:-]{0,63}$")
_ID_ANY = re.compile(r"^\w[\w.:-]{0,63}$")
_BAD_CHARS = re.compile(r"[^\w.:-]+")


class IdMaker:
    """Derives valid, unique argmap ids from foreign ids or titles.

    A foreign id that already is a valid id starting with a letter is kept; anything else (numeric ids,
    spaces, over-long ids) gets ``prefix`` and its invalid characters replaced by ``_``; clashes get
    ``-2``, ``-3``... :attr:`renamed` records every id that is not the foreign id itself.
    """

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.renamed: dict[str, str] = {}
        self.counter = 0

    def make(self, foreign: str, prefix: str, *, slug: bool = False) -> str:
        """A fresh id for ``foreign``. With ``slug`` (titles), any valid id is kept and other titles
        become lower-case words joined by ``-``; without it (foreign ids), only ids starting with a
        letter are kept and others get ``prefix``."""
        base = foreign.strip()
        if not (slug and _ID_ANY.match(base)):
            if slug:
                base = re.sub(r"[^\w]+", "-", base.lower()).strip("-_")[:48] or prefix
            if not (_ID_ANY if slug else _ID_OK).match(base):
                base = prefix + _BAD_CHARS.sub("_", base).strip("_")
        base = base[:60]
        new, n = base, 1
        while new in self.used:
            n += 1
            new = f"{base}-{n}"
        self.used.add(new)
        if new != foreign:
            self.renamed[foreign] = new
        return new

    def fresh(self, prefix: str) -> str:
        """The first unused ``prefix1``, ``prefix2``... (for items with no foreign id at all)."""
        while True:
            self.counter += 1
            new = f"{prefix}{self.counter}"
            if new not in self.used:
                self.used.add(new)
                return new


@dataclass
class NodeRec:
    """A node to be: ``data`` is the argmap node mapping (without id)."""

    id: str
    foreign: str
    data: dict[str, Any]
    line: int = 0


@dataclass
class RelRec:
    id: str
    foreign: str
    kind: str
    premises: list[str]
    target: str
    extra: dict[str, Any] = field(default_factory=dict)
    line: int = 0


_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _clean(value: Any, subject: str, losses: list[Loss], line: int) -> Any:
    """Strings without control characters or lone surrogates (a YAML map cannot hold them)."""
    if isinstance(value, str):
        if _UNSAFE.search(value):
            losses.append(Loss("text", subject, "control characters or broken unicode removed", line))
            return _UNSAFE.sub("", value)
        return value
    if isinstance(value, list):
        return [_clean(v, subject, losses, line) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v, subject, losses, line) for k, v in value.items()}
    return value


def _as_is(value: Any, subject: str, losses: list[Loss], line: int) -> Any:
    """:func:`_clean` of a value known to hold nothing it removes."""
    return value


def _clip(text: str, what: str, subject: str, losses: list[Loss], line: int = 0) -> str:
    text = _clean(text, subject, losses, line)
    if text.strip() != text and text.strip():
        losses.append(Loss("whitespace", subject, f"{what}: {_edges(text)} removed", line))
    text = text.strip()
    if len(text) > MAX_TEXT:
        losses.append(Loss("text", subject, f"{what} cut to {MAX_TEXT} characters (had {len(text)})", line))
        text = text[: MAX_TEXT - 1] + "…"
    return text


def finish(
    *,
    title: str,
    nodes: list[NodeRec],
    relations: list[RelRec],
    file: str,
    thesis: str | None,
    losses: list[Loss],
    diagnostics: list[Diagnostic],
    extra: dict[str, Any] | None = None,
    thesis_ids: Sequence[str] = (),
) -> Imported:
    """Repair, choose the thesis and validate. ``thesis`` is a user's choice (foreign or argmap id);
    ``thesis_ids`` are nodes the foreign file itself marks as the thesis (the first is used)."""
    if not nodes:
        _Finisher(file, nodes, relations, diagnostics).diag(
            "AMI114", "no proposition to import: the file holds no statement, claim or I-node", ""
        )
        return Imported(None, losses, diagnostics)
    f = _Finisher(file, nodes, relations, diagnostics)
    chosen = f.given_thesis(thesis, thesis_ids)
    if thesis is not None and chosen is None:
        return Imported(None, losses, diagnostics)
    relations = _break_cycles(f.holdable(relations), f.foreign_of, f.diag)
    if chosen is None:
        chosen = f.pick_thesis(relations)
    f.make_thesis(chosen, losses)
    final = f.without_orphan_undercuts(f.without_thesis_premises(relations, chosen))
    f.own_unsupported_thesis(chosen, final)
    return _validated(title, nodes, final, file, losses, diagnostics, extra)


class _Finisher:
    """The repairs :func:`finish` makes, each a step, reporting what it drops as AMI diagnostics."""

    def __init__(self, file: str, nodes: list[NodeRec], relations: list[RelRec], diagnostics: list[Diagnostic]):
        self.file = file
        self.nodes = nodes
        self.diagnostics = diagnostics
        self.by_id = {n.id: n for n in nodes}
        self.foreign_of = {n.id: n.foreign for n in nodes}
        self.foreign_of.update({r.id: r.foreign for r in relations})

    def diag(self, code: str, message: str, subject: str, line: int = 0) -> None:
        self.diagnostics.append(
            Diagnostic(code, message, CODES[code][1], file=self.file, line=line, col=1 if line else 0, subject=subject)
        )

    def given_thesis(self, thesis: str | None, thesis_ids: Sequence[str]) -> str | None:
        """The thesis the user named (None, reported, when no node has that id) or the file marks."""
        if thesis is not None:
            for n in self.nodes:
                if thesis in (n.foreign, n.id):
                    return n.id
            self.diag("AMI111", f"--thesis {thesis}: no node with this id in the file", thesis)
            return None
        if not thesis_ids:
            return None
        chosen = thesis_ids[0]
        for other in thesis_ids[1:]:
            self.diag(
                "AMI109",
                f"node {self.foreign_of[other]} is also marked as the thesis; kept as a claim "
                f"({self.foreign_of[chosen]} is the thesis)",
                self.foreign_of[other],
                self.by_id[other].line,
            )
        return chosen

    def holdable(self, relations: list[RelRec]) -> list[RelRec]:
        """The relations argmap can hold, dropping what it cannot premise by premise."""
        rel_ids = {r.id for r in relations}
        kept: list[RelRec] = []
        for r in relations:
            r.premises = self._premises(r)
            if r.premises and self._target_holds(r, rel_ids):
                kept.append(r)
        return kept

    def _premises(self, r: RelRec) -> list[str]:
        premises: list[str] = []
        for p in r.premises:
            if p not in self.by_id:
                self.diag("AMI101", f"relation {r.foreign}: premise {p} does not exist; dropped", r.foreign, r.line)
            elif p == r.target:
                self.diag(
                    "AMI102",
                    f"relation {r.foreign}: {self.foreign_of[p]} cannot {r.kind[:-1]} itself; link dropped",
                    r.foreign,
                    r.line,
                )
            elif p not in premises:
                premises.append(p)
        return premises

    def _target_holds(self, r: RelRec, rel_ids: set[str]) -> bool:
        if r.kind == "undercuts":
            if r.target not in rel_ids:
                self.diag(
                    "AMI101",
                    f"undercut {r.foreign}: the relation it attacks was not imported; dropped",
                    r.foreign,
                    r.line,
                )
                return False
        elif r.target not in self.by_id:
            self.diag("AMI101", f"relation {r.foreign}: target {r.target} does not exist; dropped", r.foreign, r.line)
            return False
        elif r.kind == "supports" and self.by_id[r.target].data.get("kind") == "evidence":
            self.diag(
                "AMI110",
                f"relation {r.foreign} supports evidence {self.foreign_of[r.target]}, which argmap does not "
                "allow (evidence is reported, not concluded); dropped",
                r.foreign,
                r.line,
            )
            return False
        return True

    def pick_thesis(self, relations: list[RelRec]) -> str:
        """The node with the largest argument tree, saying which others could have been the thesis."""
        order = [n.id for n in self.nodes if n.data.get("kind") != "evidence"] or [n.id for n in self.nodes]
        chosen, candidates = pick_thesis(order, [(r.id, r.premises, r.target, r.kind) for r in relations])
        if len(candidates) > 1:
            others = ", ".join(self.foreign_of[c] for c in candidates if c != chosen)
            self.diag(
                "AMI109",
                f"{len(candidates)} nodes could be the thesis; picked {self.foreign_of[chosen]} (largest argument "
                f"tree; others: {_shorten(others)}); name another with --thesis ID",
                self.foreign_of[chosen],
            )
        return chosen

    def make_thesis(self, chosen: str, losses: list[Loss]) -> None:
        if self.by_id[chosen].data.get("kind") == "evidence":
            losses.append(
                Loss(
                    "evidence-field", self.foreign_of[chosen], "evidence made the thesis: its typed fields are dropped"
                )
            )
        for n in self.nodes:
            if n.id == chosen:
                fields: tuple[str, ...] = ("text", "tags", "note", "ignore", "answers", "formats")
                fields += ("type",) if n.data.get("kind") != "evidence" else ()  # a claim type, not evidence's
                keep = {k: v for k, v in n.data.items() if k in fields}
                n.data = {**keep, "kind": "thesis"}
            elif n.data.get("kind") == "thesis":
                n.data["kind"] = "claim"

    def own_unsupported_thesis(self, chosen: str, final: list[RelRec]) -> None:
        """A thesis the file gives no support is what the file says, not a defect of the import: it is
        marked ``ignore: [ST101]`` (and said so), so that ``check`` and ``export`` take the map."""
        if any(r.kind == "supports" and r.target == chosen for r in final):
            return
        node = self.by_id[chosen]
        ignore = list(node.data.get("ignore") or [])
        if "ST101" not in ignore:
            node.data["ignore"] = [*ignore, "ST101"]
        self.diag(
            "AMI115",
            f"nothing in the file supports the thesis {self.foreign_of[chosen]}; imported with "
            "`ignore: [ST101]` so that check takes the map as it is",
            self.foreign_of[chosen],
            node.line,
        )

    def without_thesis_premises(self, relations: list[RelRec], chosen: str) -> list[RelRec]:
        final: list[RelRec] = []
        for r in relations:
            if r.kind == "supports" and chosen in r.premises:
                self.diag(
                    "AMI110",
                    f"relation {r.foreign} uses the thesis {self.foreign_of[chosen]} as a premise of a support; "
                    "dropped that premise",
                    r.foreign,
                    r.line,
                )
                r.premises = [p for p in r.premises if p != chosen]
                if not r.premises:
                    continue
            final.append(r)
        return final

    def without_orphan_undercuts(self, final: list[RelRec]) -> list[RelRec]:
        """Undercuts of dropped relations go too, and undercuts of those, until none is left."""
        while True:
            present = {r.id for r in final}
            orphans = {r.id for r in final if r.kind == "undercuts" and r.target not in present}
            if not orphans:
                return final
            for r in final:
                if r.id in orphans:
                    self.diag(
                        "AMI101",
                        f"undercut {r.foreign}: the relation it attacks was dropped; dropped",
                        r.foreign,
                        r.line,
                    )
            final = [r for r in final if r.id not in orphans]


def _validated(
    title: str,
    nodes: list[NodeRec],
    final: list[RelRec],
    file: str,
    losses: list[Loss],
    diagnostics: list[Diagnostic],
    extra: dict[str, Any] | None,
) -> Imported:
    """The map made of what is left, validated by the model (AMI001 for what still does not fit)."""
    # Nearly every file holds no control character: told at once, the walks that clean and count are skipped.
    plain = free_of_controls(
        [
            title,
            extra,
            [(n.id, n.foreign, n.data) for n in nodes],
            [(r.id, r.kind, r.premises, r.target, r.extra) for r in final],
        ]
    )
    clean = _as_is if plain else _clean
    data: dict[str, Any] = {"argmap": 1, "title": _clip(title, "title", "(map)", losses) or "Imported map"}
    data.update(clean(extra or {}, "(map)", losses, 0))
    data["nodes"] = [{"id": n.id, **clean(n.data, n.foreign, losses, n.line)} for n in nodes]
    for n, d in zip(nodes, data["nodes"], strict=True):
        d["text"] = _clip(str(d.get("text") or ""), "text", n.foreign, losses, n.line) or n.foreign
    data["relations"] = []
    for r in final:
        rel: dict[str, Any] = {"id": r.id, "kind": r.kind, "from": r.premises, "to": r.target}
        rel.update(clean(r.extra, r.foreign, losses, r.line))
        data["relations"].append(rel)
    if not plain:
        data, replaced = without_controls(data)
        if replaced:  # a map may not hold control characters (AM002); JSON formats can carry them escaped
            losses.append(Loss("text", "(map)", f"{replaced} control character(s) replaced by U+FFFD"))
    try:
        m = ArgMap.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            where = ".".join(str(p) for p in err["loc"])
            diagnostics.append(Diagnostic("AMI001", f"cannot build the map: {where}: {err['msg']}", file=file))
        return Imported(None, losses, diagnostics)
    return Imported(m, losses, diagnostics)


def _edges(text: str) -> str:
    """Names the whitespace at the ends of ``text`` (e.g. 'leading U+00A0, trailing space')."""

    def name(chars: str) -> str:
        return "+".join(dict.fromkeys("space" if c == " " else f"U+{ord(c):04X}" for c in chars))

    stripped = text.strip()
    head, tail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    parts = [f"leading {name(head)}" if head else "", f"trailing {name(tail)}" if tail else ""]
    return ", ".join(p for p in parts if p) if stripped else "whitespace"


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _break_cycles(relations: list[RelRec], foreign_of: dict[str, str], diag: Any) -> list[RelRec]:
    """Drop the premise link that closes each support cycle (depth-first, in file order)."""
    succ: dict[str, list[tuple[str, RelRec]]] = {}
    for r in relations:
        if r.kind == "supports":
            for p in r.premises:
                succ.setdefault(p, []).append((r.target, r))
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    cut: list[tuple[RelRec, str]] = []
    for root in list(succ):
        if root in state:
            continue
        state[root] = 1
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, i = stack[-1]
            edges = succ.get(node, [])
            if i >= len(edges):
                state[node] = 2
                stack.pop()
                continue
            stack[-1] = (node, i + 1)
            target, rel = edges[i]
            s = state.get(target, 0)
            if s == 1:
                cut.append((rel, node))
            elif s == 0:
                state[target] = 1
                stack.append((target, 0))
    for rel, premise in cut:
        rel.premises = [p for p in rel.premises if p != premise]
        diag(
            "AMI105",
            f"relation {rel.foreign}: {foreign_of.get(premise, premise)} supports "
            f"{foreign_of.get(rel.target, rel.target)}, which already supports it (a cycle); "
            "this link was dropped",
            rel.foreign,
            rel.line,
        )
    return [r for r in relations if r.premises]


def imported_title(file: str, what: str) -> str:
    """The title of a map whose file names none: ``Imported from <file stem>``, or ``Imported <what>``
    when there is no file name (standard input)."""
    from pathlib import Path

    stem = Path(file).stem if file and not file.startswith("<") else ""
    return f"Imported from {stem}" if stem else f"Imported {what}"
