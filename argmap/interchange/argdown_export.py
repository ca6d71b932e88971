"""Argdown export: each node a titled statement, relations as ``+``/``-`` lines or arguments.

See :mod:`argmap.interchange.argdown` for the mapping between the two formats.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

from argmap.interchange import Exported, Loss
from argmap.model import ArgMap, Node, Relation

__all__ = ["export_argdown"]

# --------------------------------------------------------------------------- export

_ESCAPE = re.compile(r"([\\\[\]<>{}#@*_]|/(?=[/*]))")
_SIMPLE_TAG = re.compile(r"^[\w-]+$")
_LINK = re.compile(r"\[([^\[\]\n]+)\]\((https?://[^\s()]+)\)")
ARGUMENT_TAG = "argdown-argument"
"""Marks a claim that was an Argdown argument without premise-conclusion structure (``<A>: text``)."""


def _esc(text: str) -> str:
    """Argdown text: syntax characters escaped, except in Markdown links (Argdown shows those as links)."""
    text = " ".join(line.strip() for line in text.strip().split("\n"))  # runs of spaces within a line are kept
    out: list[str] = []
    pos = 0
    for m in _LINK.finditer(text):
        if m.start() == 0:
            continue  # a link at the very start would read as a statement title
        label = _ESCAPE.sub(r"\\\1", m.group(1))
        out += [_ESCAPE.sub(r"\\\1", text[pos : m.start()]), f"[{label}]({m.group(2)})"]
        pos = m.end()
    out.append(_ESCAPE.sub(r"\\\1", text[pos:]))
    return "".join(out)


def _ref(nid: str, arguments: set[str]) -> str:
    """How a node is named: ``<id>`` for a claim that was an Argdown argument, else ``[id]``."""
    return f"<{nid}>" if nid in arguments else f"[{nid}]"


def _flow(value: Any) -> str:
    """Inline YAML (JSON-shaped) with braces inside strings escaped: Argdown counts braces."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flow(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("{", "\\u007b").replace("}", "\\u007d")
    return json.dumps(value)


def _node_line(n: Node, losses: list[Loss], arguments: set[str]) -> str:
    data = n.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    for key in ("id", "text", "tags"):
        data.pop(key, None)
    kind = data.pop("kind", None)
    head: dict[str, Any] = {} if n.kind == "claim" else {"kind": kind}
    if n.kind == "evidence":
        head["type"] = data.pop("type")
    data = {**head, **data}
    tags = [t for t in n.tags if _SIMPLE_TAG.match(t) or ("(" not in t and ")" not in t and t.strip() == t and t)]
    odd = [t for t in n.tags if t not in tags]
    if odd:
        data["tags"] = odd
    if "\n" in n.text:
        losses.append(Loss("line-break", n.id, "line breaks in the text become spaces"))
    elif n.text.strip() != n.text:
        losses.append(Loss("whitespace", n.id, "whitespace at the ends of the text is not kept"))
    line = f"{_ref(n.id, arguments)}: {_esc(n.text)}"
    if n.id in arguments:
        tags = [t for t in tags if t != ARGUMENT_TAG]
    for t in tags:
        line += f" #{t}" if _SIMPLE_TAG.match(t) else f" #({t})"
    if data:
        line += " " + _flow(data)
    return line


def _weighing(r: Relation) -> dict[str, Any]:
    """The relation's provenance and weighing fields that differ from their defaults."""
    return {
        k: v
        for k, v in (
            ("by", r.by if r.by != "author" else None),
            ("warrant_by", r.warrant_by),
            ("condition", r.condition),
            ("condition_met", r.condition_met),
            ("outweighed", r.outweighed or None),
        )
        if v is not None
    }


def _needs_argument(r: Relation, undercut: set[str]) -> bool:
    extras = r.warrant or r.qualifier or r.strength is not None or r.note or r.ignore or r.scheme or r.answers
    return bool(len(r.premises) > 1 or extras or r.id in undercut or _weighing(r))


def _argument_claims(m: ArgMap) -> tuple[set[str], dict[str, str]]:
    """The claims written back as Argdown arguments (``<id>: text``), and the relations they carry.

    A claim tagged :data:`ARGUMENT_TAG` was an argument without premise-conclusion structure. It goes
    back as an argument unless a premise-conclusion structure names it (those name statements only).
    Its first outgoing relation, when plain, is the one Argdown's undercut of the argument stands for
    (relation id -> claim id).
    """
    tagged = {n.id for n in m.nodes if ARGUMENT_TAG in n.tags and n.kind == "claim"}
    carried: dict[str, str] = {}
    first: set[str] = set()
    for r in m.relations:
        if r.kind == "undercuts" or r.premises[0] not in tagged or r.premises[0] in first:
            continue
        first.add(r.premises[0])
        if len(r.premises) == 1 and not _needs_argument(r, set()):
            carried[r.id] = r.premises[0]
    undercut = {r.target for r in m.relations if r.kind == "undercuts"} - set(carried)
    in_pcs = {
        x
        for r in m.relations
        if _needs_argument(r, undercut) or (r.kind == "undercuts" and len(r.premises) > 1)
        for x in (*r.premises, r.target)
    }
    return tagged - in_pcs, carried


_STEP = re.compile(r"^(.+)-(\d+)$")


def _chains(m: ArgMap, undercut: set[str]) -> dict[str, list[Relation]]:
    """Multi-step Argdown arguments, as the importer leaves them: relation ``A`` and its earlier
    inferences ``A-1``, ``A-2``..., each a plain support whose conclusion is a premise of the next.
    Returns the final relation's id -> its earlier steps in order."""
    by_id = {r.id: r for r in m.relations}
    steps: dict[str, list[tuple[int, Relation]]] = {}
    for r in m.relations:
        match = _STEP.match(r.id)
        plain = not (r.qualifier or r.strength is not None or r.note or r.ignore or _weighing(r))
        if match and match.group(1) in by_id and r.kind == "supports" and r.id not in undercut and plain:
            steps.setdefault(match.group(1), []).append((int(match.group(2)), r))
    chains: dict[str, list[Relation]] = {}
    for final, found in steps.items():
        ordered = [r for _, r in sorted(found, key=lambda x: x[0])]
        links = [*ordered, by_id[final]]
        if by_id[final].kind != "undercuts" and all(
            a.target in b.premises and a.target not in a.premises for a, b in itertools.pairwise(links)
        ):
            chains[final] = ordered
    return chains


def export_argdown(m: ArgMap) -> Exported:
    """The map as an Argdown document, with a loss report of what Argdown cannot name."""
    writer = _Writer(m)
    out = [*_front_matter(m), *writer.statements()]
    plain, arguments = writer.sorted_relations()
    for head, children in plain.items():
        out += [head, *children, ""]
    for r in arguments:
        out += writer.argument(r)
    return Exported("\n".join(out).rstrip("\n") + "\n", writer.losses)


def _front_matter(m: ArgMap) -> list[str]:
    """The title, and the map's authors, description, date, config and sources under ``argmap:``."""
    import yaml

    front: dict[str, Any] = {"title": m.title}
    meta = {
        k: v
        for k, v in m.model_dump(mode="json", by_alias=True, exclude_defaults=True).items()
        if k in ("authors", "description", "created", "config", "sources")
    }
    if meta:
        front["argmap"] = meta
    return ["===", yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=100).rstrip(), "===", ""]


class _Writer:
    """The parts of the document after the front matter, in order: the statements, the plain relation
    lines under their targets, then the arguments. Each part reports what Argdown cannot hold."""

    def __init__(self, m: ArgMap) -> None:
        self.m = m
        self.losses: list[Loss] = []
        self.as_args, self.carried = _argument_claims(m)
        # an undercut of a relation an argument-claim carries is written as an undercut of that argument
        self.undercut = {r.target for r in m.relations if r.kind == "undercuts"} - set(self.carried)
        self.chains = _chains(m, self.undercut)

    def undercut_of(self, target: str) -> str:
        return f"<{self.carried.get(target, target)}>"

    def statements(self) -> list[str]:
        out: list[str] = []
        for n in self.m.nodes:
            out += [_node_line(n, self.losses, self.as_args), ""]
            if ARGUMENT_TAG in n.tags and n.id not in self.as_args:
                self.losses.append(
                    Loss(
                        "structure",
                        n.id,
                        "an Argdown argument that a premise-conclusion structure names: written as a statement",
                    )
                )
        return out

    def sorted_relations(self) -> tuple[dict[str, list[str]], list[Relation]]:
        """The plain relation lines by the statement they go under, and the relations written as arguments
        (the earlier steps of a chain are written with its last relation)."""
        plain: dict[str, list[str]] = {}
        arguments: list[Relation] = []
        in_chain = {step.id for steps in self.chains.values() for step in steps}
        for r in self.m.relations:
            if r.id in in_chain:
                continue
            if (
                _needs_argument(r, self.undercut)
                or (r.kind == "undercuts" and len(r.premises) > 1)
                or r.id in self.chains
            ):
                arguments.append(r)
                continue
            head, line = self._plain(r)
            plain.setdefault(head, []).append(line)
        return plain, arguments

    def _plain(self, r: Relation) -> tuple[str, str]:
        """A one-premise relation as a line (``+``, ``-`` under its target, ``_>`` under its premise)."""
        self.losses.append(
            Loss(
                "relation-id",
                r.id,
                f"{r.kind} relation written as a plain Argdown relation, which has no name; the id is not kept",
            )
        )
        others = {k for k in r.formats if k != "argdown"}  # Argdown's own: the plain line says it again
        if others:
            said = ", ".join(sorted(others))
            self.losses.append(
                Loss("formats", r.id, f"what {said} said of it not kept: a plain relation holds no data")
            )
        if r.kind == "undercuts":
            return _ref(r.premises[0], self.as_args), f"  _> {self.undercut_of(r.target)}"
        symbol = "+" if r.kind == "supports" else "-"
        return _ref(r.target, self.as_args), f"  {symbol} {_ref(r.premises[0], self.as_args)}"

    def argument(self, r: Relation) -> list[str]:
        """``<id> {data}`` and its premise-conclusion structure; an attack or undercut concludes in a
        derived statement that attacks or undercuts the target."""
        data = {
            k: v
            for k, v in (
                ("qualifier", r.qualifier),
                ("strength", r.strength),
                ("scheme", r.scheme),
                ("note", r.note),
                ("ignore", r.ignore),
                ("answers", r.answers),
                ("formats", r.formats),
            )
            if v
        } | _weighing(r)
        out = [f"<{r.id}>" + (f" {_flow(data)}" if data else ""), ""]
        k = self._inferences(r, out)
        if r.kind == "supports":
            out.append(f"({k}) [{r.target}]")
        else:
            what = "the inference of" if r.kind == "undercuts" else "what"
            text = f"Not so: {what} {r.target} does not hold."
            out.append(f"({k}) [{r.id} conclusion]: {_esc(text)} {_flow({'argmap': 'negation'})}")
            out.append(f"  -> [{r.target}]" if r.kind == "attacks" else f"  _> {self.undercut_of(r.target)}")
            self.losses.append(
                Loss(
                    "structure",
                    r.id,
                    f"{r.kind} with linked premises or extra fields written as an "
                    f"argument concluding in a derived statement [{r.id} conclusion]",
                )
            )
        out.append("")
        return out

    def _inferences(self, r: Relation, out: list[str]) -> int:
        """Appends the numbered premises and inference lines of ``r`` and its chain's earlier steps (each
        step's conclusion a premise of the next); returns the number of the final conclusion."""
        k, carry = 1, ""
        for step in [*self.chains.get(r.id, []), r]:
            for p in sorted(step.premises, key=lambda x: x != carry):
                if p != carry:
                    out.append(f"({k}) [{p}]")
                    k += 1
            out += ["--", _flow({"warrant": step.warrant}), "--"] if step.warrant else ["----"]
            if step is not r:
                out.append(f"({k}) [{step.target}]")
                k, carry = k + 1, step.target
        return k
