"""Argdown export: each node a titled statement, relations as ``+``/``-`` lines or arguments.

See :mod:`argmap.interchange.argdown` for the mapping between the two formats.
"""

from __future__ import annotations

import json
import re
from typing import Any

from argmap.interchange import Exported, Loss
from argmap.model import ArgMap, Node, Relation

__all__ = ["export_argdown"]

# --------------------------------------------------------------------------- export

_ESCAPE = re.compile(r"([\\\[\]<>{}#@*_]|/(?=[/*]))")
_SIMPLE_TAG = re.compile(r"^[\w-]+$")


def _esc(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", " ".join(text.split()))


def _flow(value: Any) -> str:
    """Inline YAML (JSON-shaped) with braces inside strings escaped: Argdown counts braces."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flow(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("{", "\\u007b").replace("}", "\\u007d")
    return json.dumps(value)


def _node_line(n: Node, losses: list[Loss]) -> str:
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
    line = f"[{n.id}]: {_esc(n.text)}"
    for t in tags:
        line += f" #{t}" if _SIMPLE_TAG.match(t) else f" #({t})"
    if data:
        line += " " + _flow(data)
    return line


def _needs_argument(r: Relation, undercut: set[str]) -> bool:
    extras = r.warrant or r.qualifier or r.strength is not None or r.note or r.ignore
    return bool(len(r.premises) > 1 or extras or r.id in undercut)


def export_argdown(m: ArgMap) -> Exported:
    """The map as an Argdown document, with a loss report of what Argdown cannot name."""
    import yaml

    losses: list[Loss] = []
    front: dict[str, Any] = {"title": m.title}
    meta = {
        k: v
        for k, v in m.model_dump(mode="json", by_alias=True, exclude_defaults=True).items()
        if k in ("authors", "description", "created", "config", "sources")
    }
    if meta:
        front["argmap"] = meta
    out = ["===", yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=100).rstrip(), "===", ""]
    for n in m.nodes:
        out += [_node_line(n, losses), ""]
    undercut = {r.target for r in m.relations if r.kind == "undercuts"}
    simple: dict[str, list[str]] = {}
    arguments: list[Relation] = []
    for r in m.relations:
        if _needs_argument(r, undercut) or (r.kind == "undercuts" and len(r.premises) > 1):
            arguments.append(r)
            continue
        losses.append(
            Loss(
                "relation-id",
                r.id,
                f"{r.kind} relation written as a plain Argdown relation, which has no name; the id is not kept",
            )
        )
        if r.kind == "undercuts":
            simple.setdefault(f"[{r.premises[0]}]", []).append(f"  _> <{r.target}>")
        else:
            symbol = "+" if r.kind == "supports" else "-"
            simple.setdefault(f"[{r.target}]", []).append(f"  {symbol} [{r.premises[0]}]")
    for head, children in simple.items():
        out += [head, *children, ""]
    for r in arguments:
        data = {
            k: v
            for k, v in (
                ("qualifier", r.qualifier),
                ("strength", r.strength),
                ("note", r.note),
                ("ignore", r.ignore),
            )
            if v
        }
        out += [f"<{r.id}>" + (f" {_flow(data)}" if data else ""), ""]
        for i, p in enumerate(r.premises, 1):
            out.append(f"({i}) [{p}]")
        out += ["--", _flow({"warrant": r.warrant}), "--"] if r.warrant else ["----"]
        k = len(r.premises) + 1
        if r.kind == "supports":
            out.append(f"({k}) [{r.target}]")
        else:
            what = "the inference of" if r.kind == "undercuts" else "what"
            text = f"Not so: {what} {r.target} does not hold."
            out.append(f"({k}) [{r.id} conclusion]: {_esc(text)} {_flow({'argmap': 'negation'})}")
            out.append(f"  -> [{r.target}]" if r.kind == "attacks" else f"  _> <{r.target}>")
            losses.append(
                Loss(
                    "structure",
                    r.id,
                    f"{r.kind} with linked premises or extra fields written as an "
                    f"argument concluding in a derived statement [{r.id} conclusion]",
                )
            )
        out.append("")
    return Exported("\n".join(out).rstrip("\n") + "\n", losses)


