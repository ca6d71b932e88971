"""The argument as a tree in the terminal (``argmap show``): rich when on a terminal, plain text otherwise.

Both read the rows of :mod:`argmap.view.outline`. Supports, attacks and undercuts are marked by a
word and a sign, never by colour alone. The plain form holds no ANSI codes.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from argmap.report import printable
from argmap.view.outline import Outline, Row, rows, shown_depth
from argmap.view.text import shorten

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

__all__ = ["MARKS", "plain_text", "print_rich"]

MARKS = {"supports": "[+]", "attacks": "[-]", "undercuts": "[x]"}
_STYLES = {"supports": "bold blue", "attacks": "bold dark_orange3", "undercuts": "bold magenta"}
_STATUS_STYLES = {"stands": "bold green", "defeated": "bold red", "undecided": "bold yellow"}
_RICH_DEPTH_LIMIT = 60
"""Deeper trees print as plain text: rich draws guides recursively."""


def _relation_tag(row: Row) -> str:
    r = row.relation
    if r is None:
        return ""
    tag = f"{MARKS[r.kind]} {r.kind} {r.id}"
    if r.kind == "undercuts":
        tag += f" (inference of {r.target})"
    if r.qualifier:  # with the condition and the weighing: "(may; conceded, outweighed)"
        tag += f" ({r.qualifier})"
    if r.by == "mapper":
        tag += " [mapper's]"
    if row.node is None:
        tag += ", linked premises:" if len(r.premises) > 1 else ":"
    return tag


def _head(row: Row) -> str:
    n = row.node
    if n is None:
        return ""
    kind = "THESIS" if n.kind == "thesis" else n.kind
    if row.ref:
        return f"{kind} {n.id}: {shorten(n.text, 60)} (shown above)"
    return f"{kind} {n.id}: {n.text}"


def _details(row: Row) -> list[str]:
    """The lines under a row: the relation's warrant and note, then the node's facts, source, standing,
    note, and what the view says of it (a record contradicting it, evidence folded)."""
    n = row.node
    r = row.relation
    out: list[str] = []
    if r is not None and r.warrant:
        whose = " (mapper's)" if r.warrant_by == "mapper" and r.by != "mapper" else ""
        out.append(f"warrant{whose}: {r.warrant}")
    if r is not None and r.remark:
        out.append(f"note on {r.id}: {r.remark}")
    if n is None or row.ref:
        return out
    out += n.facts
    if n.source:
        out.append(f"source: {n.source}")
    if n.status:
        from argmap.semantics import standing

        out.append(f"standing: {standing(n.status)}")
    if n.remark:
        out.append(f"note: {n.remark}")
    out += [f"({note})" for note in n.notes]
    return out


def plain_text(outline: Outline, width: int = 100) -> str:
    """The outline as indented plain text, wrapped at ``width`` columns."""
    lines = [outline.title, "=" * min(len(outline.title), width)]
    if outline.note:
        lines.append(f"Note: {outline.note}")
    if outline.missing_root:
        lines.append(outline.missing_root)
    roots = 0
    for row in rows(outline):
        roots += row.depth == 0
        if row.depth == 0 and roots == 2 and outline.detached_heading:  # the first tree after the thesis's
            lines += ["", outline.detached_heading]
        level, deeper = shown_depth(row.depth, max(4, (width - 40) // 4))
        indent = "    " * level
        head = deeper + " | ".join(x for x in (_relation_tag(row), _head(row)) if x)
        lines += textwrap.wrap(head, width, initial_indent=indent, subsequent_indent=indent + "      ") or [indent]
        for detail in _details(row):
            lines += textwrap.wrap(
                detail, width, initial_indent=indent + "      ", subsequent_indent=indent + "        "
            )
    return printable("\n".join(lines), multiline=True) + "\n"


def _rich_label(row: Row) -> Text:
    from rich.text import Text

    text = Text()
    r = row.relation
    if r is not None:
        text.append(_relation_tag(row), style=_STYLES[r.kind])
        if row.node is not None:
            text.append(" ")
    n = row.node
    if n is not None:
        kind = "THESIS" if n.kind == "thesis" else n.kind
        text.append(f"{kind} {n.id}", style="bold" if n.kind in ("thesis", "claim") else "bold cyan")
        if row.ref:
            text.append(f" {shorten(n.text, 60)} ", style="dim")
            text.append("(shown above)", style="italic dim")
        else:
            text.append(f" {n.text}", style="bold" if n.kind == "thesis" else "")
    for detail in _details(row):
        style = "dim italic" if detail.startswith(("source:", "(", "warrant:", "note")) else "cyan"
        if detail.startswith("standing:"):
            style = _STATUS_STYLES.get(detail.removeprefix("standing: "), "")
        text.append("\n" + detail, style=style)
    safe = printable(text.plain, multiline=True)
    return text if safe == text.plain else Text(safe)


def print_rich(console: Console, outline: Outline) -> None:
    """Print the outline as a rich tree (thesis at the root)."""
    from rich.text import Text
    from rich.tree import Tree

    all_rows = rows(outline)
    if any(r.depth > _RICH_DEPTH_LIMIT for r in all_rows):
        console.print(plain_text(outline, console.width), end="", soft_wrap=True, highlight=False)
        return
    console.print(Text(printable(outline.title), style="bold underline"))
    if outline.note:
        console.print(Text(printable(f"Note: {outline.note}"), style="yellow"))
    if outline.missing_root:
        console.print(Text(outline.missing_root, style="yellow"))
    trees: list[Tree] = []
    path: list[Tree] = []
    for row in all_rows:
        label = _rich_label(row)
        if row.depth == 0:
            tree = Tree(label, guide_style="dim")
            trees.append(tree)
            path = [tree]
            continue
        del path[row.depth :]
        path.append(path[-1].add(label))
    for i, tree in enumerate(trees):
        if i == 1 and outline.detached_heading:
            console.print(Text("\n" + outline.detached_heading, style="bold yellow"))
        console.print(tree)
