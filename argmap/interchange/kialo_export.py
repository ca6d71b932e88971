"""Kialo export: the map as the plain text a Kialo discussion is imported from.

``Discussion Title: ...``, a blank line, ``1. thesis`` and below it one numbered line per claim:
``1.2. Pro: text`` supports claim ``1.``, ``1.2.1. Con: text`` attacks claim ``1.2.``. The tree is
walked from the thesis along the relations into each node; a node reached a second time is written
as Kialo writes it, ``1.5.1. Pro: -> See 1.2.``. What a Kialo discussion cannot hold is in the loss
report, item by item: evidence (written as a claim without its type, fields, sources and anchors),
linked premises (each written as a separate Pro or Con), undercuts (written as a Con of the
undercut relation's premise), warrants and other relation fields, notes and tags, relation ids, and
nodes not connected to the thesis.

Markdown characters are escaped as Kialo escapes them (``\\(``), and ``argmap import`` reads them back.
"""

from __future__ import annotations

import re

from argmap.interchange import Exported, Loss
from argmap.model import ArgMap, Node, Relation
from argmap.provenance import provenance_losses

__all__ = ["export_kialo"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!<>|~:])")
_NUMBERED = re.compile(r"^(\d+)\.")


def _text(text: str) -> str:
    """One claim's text: escaped, its lines stripped and without blank lines (Kialo has none)."""
    lines = [_SPECIAL.sub(r"\\\1", line.strip()) for line in text.split("\n") if line.strip()]
    return "\n".join(_NUMBERED.sub(r"\1\\.", line) for line in lines)


def export_kialo(m: ArgMap) -> Exported:
    """The map as a Kialo discussion export, with a loss report of what Kialo cannot hold."""
    losses: list[Loss] = []
    by_id = {n.id: n for n in m.nodes}
    into: dict[str, list[Relation]] = {}
    rel_by_id = {r.id: r for r in m.relations}
    for r in m.relations:
        if r.kind == "undercuts":
            target = rel_by_id.get(r.target)
            if target is None:
                continue
            into.setdefault(target.premises[0], []).append(r)
            losses.append(
                Loss(
                    "undercut",
                    r.id,
                    f"Kialo has no undercut: written as a Con of {target.premises[0]}, the premise of {r.target}",
                )
            )
        else:
            into.setdefault(r.target, []).append(r)
        _relation_losses(r, losses)
    thesis = next(n for n in m.nodes if n.kind == "thesis")
    title = " ".join(m.title.split())
    if title != m.title:
        losses.append(Loss("whitespace", "(title)", "line breaks and runs of spaces in the title become one space"))
    escaped = _SPECIAL.sub(r"\\\1", title)
    out = [f"Discussion Title: {escaped}", ""]
    placed: dict[str, str] = {}
    stack: list[tuple[str, str, str | None]] = [(thesis.id, "1.", None)]
    while stack:
        nid, number, stance = stack.pop()
        node = by_id[nid]
        head = f"{number} {stance}: " if stance else f"{number} "
        if nid in placed:
            out.append(f"{head}-> See {placed[nid]}")
            continue
        placed[nid] = number
        out.append(head + _text(node.text))
        children: list[tuple[str, str]] = []
        for r in into.get(nid, []):
            for p in r.premises:
                children.append((p, "Pro" if r.kind == "supports" else "Con"))
        stack.extend((p, f"{number}{i}.", s) for i, (p, s) in reversed(list(enumerate(children, 1))))
    for n in m.nodes:
        _node_losses(n, losses, n.id in placed)
    if m.relations:
        losses.append(Loss("relation-id", "(all)", "Kialo numbers claims by their place: relation ids are not kept"))
    if m.sources:
        losses.append(Loss("source", "(all)", f"{len(m.sources)} source(s) not kept: Kialo claims cite none"))
    return Exported("\n".join(out) + "\n", losses + provenance_losses(m))


def _relation_losses(r: Relation, losses: list[Loss]) -> None:
    if len(r.premises) > 1:
        losses.append(Loss("linked-premises", r.id, f"{len(r.premises)} linked premises written as separate claims"))
    for field in ("warrant", "qualifier", "strength", "note"):
        if getattr(r, field) not in (None, ""):
            losses.append(Loss("relation-field", r.id, f"{field} not kept"))


def _node_losses(n: Node, losses: list[Loss], placed: bool) -> None:
    if not placed:
        losses.append(Loss("unconnected", n.id, "not connected to the thesis by supports or attacks; not written"))
        return
    if n.kind == "evidence":
        what = (
            f"{getattr(n, 'type', '')} evidence written as a claim: its type, fields, sources and anchor are not kept"
        )
        losses.append(Loss("evidence", n.id, what))
    if n.note:
        losses.append(Loss("note", n.id, "note not kept"))
    if n.tags:
        losses.append(Loss("tags", n.id, f"tags {', '.join(n.tags)} not kept"))
    if "\n".join(line.strip() for line in n.text.split("\n") if line.strip()) != n.text:
        losses.append(Loss("whitespace", n.id, "blank lines and spaces at the ends of lines are not kept"))
