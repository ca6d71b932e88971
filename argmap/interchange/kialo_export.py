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
    placed, lines = _walk(thesis.id, by_id, into)
    out = [f"Discussion Title: {escaped}", "", *lines]
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
    if others := sorted(k for k in r.formats if k != "kialo"):
        losses.append(Loss("formats", r.id, f"what {', '.join(others)} said of it not kept"))


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
    if others := sorted(k for k in n.formats if k != "kialo"):
        losses.append(Loss("formats", n.id, f"what {', '.join(others)} said of it not kept"))
    if n.tags:
        losses.append(Loss("tags", n.id, f"tags {', '.join(n.tags)} not kept"))
    if "\n".join(line.strip() for line in n.text.split("\n") if line.strip()) != n.text:
        losses.append(Loss("whitespace", n.id, "blank lines and spaces at the ends of lines are not kept"))


def _number(item: Node | Relation) -> str | None:
    """The Kialo number an item was imported with (kept in its ``formats``)."""
    kialo = item.formats.get("kialo")
    number = kialo.get("number") if isinstance(kialo, dict) else None
    return number if isinstance(number, str) and number else None


def _numbered(number: str, children: list[tuple[str, str, str | None, bool]]) -> list[tuple[str, str, str, bool]]:
    """Numbers for the children of the claim ``number`` (``1.2.``): the one each was imported with where it
    is still below this claim and free, the next free ones after them for the rest."""
    taken: dict[int, tuple[str, str, bool]] = {}
    rest: list[tuple[str, str, bool]] = []
    for p, stance, hint, see in children:
        parent, _, last = (hint or "").rpartition(".")
        if hint and parent + "." == number and last.isdigit() and int(last) not in taken:
            taken[int(last)] = (p, stance, see)
        else:
            rest.append((p, stance, see))
    free = max(taken, default=0)
    for child in rest:
        free += 1
        taken[free] = child
    return [(p, f"{number}{i}.", stance, see) for i, (p, stance, see) in sorted(taken.items())]


def _walk(thesis: str, by_id: dict[str, Node], into: dict[str, list[Relation]]) -> tuple[dict[str, str], list[str]]:
    """Place every claim reachable from the thesis at a number (the one it was imported with where it fits);
    a claim reached again, or through a Kialo cross-link it was imported from, is a ``-> See`` line."""
    placed: dict[str, str] = {}
    lines: list[tuple[list[int], str]] = []
    sees: list[tuple[str, str, str]] = []
    stack: list[tuple[str, str, str | None, bool]] = [(thesis, "1.", None, False)]
    while stack:
        nid, number, stance, see = stack.pop()
        head = f"{number} {stance}: " if stance else f"{number} "
        if see or nid in placed:
            sees.append((nid, number, head))
            continue
        placed[nid] = number
        lines.append((_key(number), head + _text(by_id[nid].text)))
        children: list[tuple[str, str, str | None, bool]] = []
        for r in into.get(nid, []):
            link = _number(r)  # a relation with a number of its own was a `-> See` line
            for p in r.premises:
                children.append((p, "Pro" if r.kind == "supports" else "Con", link or _number(by_id[p]), bool(link)))
        stack.extend(reversed(_numbered(number, children)))
    for nid, number, head in sees:
        if nid in placed:
            lines.append((_key(number), f"{head}-> See {placed[nid]}"))
        else:  # reached only through cross-links: the first becomes the claim
            placed[nid] = number
            lines.append((_key(number), head + _text(by_id[nid].text)))
    return placed, [line for _, line in sorted(lines)]


def _key(number: str) -> list[int]:
    return [int(x) for x in number.rstrip(".").split(".")]
