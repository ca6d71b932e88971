"""``export --to markdown``: the argument as an outline a student can read or print.

Reads the same view and outline as ``argmap show``. All user text goes through
:func:`argmap.view.escape.markdown_inline`, so nothing in a claim can start emphasis, a link, HTML or
a table. What the outline leaves out is itemised as losses.
"""

from __future__ import annotations

from argmap.interchange import Exported, Loss
from argmap.model import ArgMap, Count, Statement
from argmap.view.build import build_view
from argmap.view.escape import markdown_inline as md
from argmap.view.outline import Outline, Row, build_outline, rows
from argmap.view.text import ITEMS_SHOWN, QUOTE_LIMIT, clean

__all__ = ["export_markdown", "outline_markdown"]

_SIGNS = {"supports": "supports", "attacks": "attacks", "undercuts": "undercuts"}


def _row_lines(row: Row, notes: dict[str, str]) -> list[str]:
    head: list[str] = []
    r = row.relation
    if r is not None:
        tag = f"**{_SIGNS[r.kind]}** ({md(r.id)}"
        if r.kind == "undercuts":
            tag += f", the inference of {md(r.target)}"
        tag += f", {md(r.qualifier)})" if r.qualifier else ")"
        if row.node is None:
            tag += ", linked premises:" if len(r.premises) > 1 else ":"
        head.append(tag)
    n = row.node
    if n is not None:
        kind = "Thesis" if n.kind == "thesis" else n.kind.capitalize()
        if row.ref:
            head.append(f"*{kind} {md(n.id)}* (see above)")
        else:
            head.append(f"**{kind} {md(n.id)}:** {md(n.text)}")
    lines = [" — ".join(head)]
    if r is not None and r.warrant:
        lines.append(f"*Warrant:* {md(r.warrant)}")
    if n is not None and not row.ref:
        lines += [md(f) for f in n.facts]
        if n.source:
            lines.append(f"*Source:* {md(n.source)}")
        if n.id in notes:
            lines.append(f"*Note:* {md(notes[n.id])}")
        lines += [f"*({md(x)})*" for x in n.notes]
    return lines


def outline_markdown(outline: Outline, notes: dict[str, str] | None = None) -> list[str]:
    """The outline as nested Markdown list items; continuation lines end in a hard break."""
    notes = notes or {}
    out: list[str] = []
    roots = 0
    for row in rows(outline):
        if row.depth == 0:
            roots += 1
            if roots == (2 if outline.root else 1) and outline.detached:
                out += ["", "## Not connected to the thesis", ""]
        indent = "  " * row.depth
        lines = _row_lines(row, notes)
        out.append(f"{indent}- " + " \\\n".join(f"{indent}  {x}" if i else x for i, x in enumerate(lines)))
    return out


def _sources(m: ArgMap) -> list[str]:
    out: list[str] = []
    for s in m.sources:
        parts = [f"**{md(s.id)}** {md(s.title)}"]
        parts += [md(x) for x in (s.author, s.publisher, s.date, f"{s.kind} source" if s.kind else None) if x]
        line = "- " + ", ".join(parts)
        if s.url:
            line += f" — {md(s.url)}"
        out.append(line)
    return out


def _losses(m: ArgMap) -> list[Loss]:
    losses: list[Loss] = []
    for n in m.nodes:
        if n.tags:
            losses.append(Loss("tags", n.id, f"tags {', '.join(n.tags)} are not in the outline"))
        if n.kind == "evidence" and n.anchor:
            losses.append(
                Loss("anchor", n.id, "the anchor (verbatim words in the source) is not in the outline")
            )
        if isinstance(n, Statement):
            for name, value in (("quote", n.quote), ("said", n.said)):
                if value and len(clean(value)) > QUOTE_LIMIT:
                    losses.append(Loss("shortened", n.id, f"{name} cut to {QUOTE_LIMIT} characters"))
        if isinstance(n, Count) and len(n.items) > ITEMS_SHOWN:
            losses.append(
                Loss("items", n.id, f"only the first {ITEMS_SHOWN} of {len(n.items)} items are listed")
            )
    for r in m.relations:
        if r.strength is not None:
            losses.append(Loss("strength", r.id, f"strength {r.strength:g} is not in the outline"))
        if r.note:
            losses.append(Loss("note", r.id, "the relation's note is not in the outline"))
    return losses


def export_markdown(m: ArgMap) -> Exported:
    """A printable outline: the thesis on top, each reason and piece of evidence under what it bears on."""
    view = build_view(m)
    outline = build_outline(view)
    out = [f"# {md(clean(m.title))}", ""]
    if m.description:
        out += [md(clean(m.description)), ""]
    meta = []
    if m.authors:
        meta.append(f"Mapped by {', '.join(md(a) for a in m.authors)}")
    if m.created:
        meta.append(f"created {md(m.created)}")
    if meta:
        out += ["*" + "; ".join(meta) + ".*", ""]
    out += [
        "Reading the outline: each item **supports** or **attacks** the item it is indented under; "
        "an **undercut** questions whether a reason bears on its conclusion at all.",
        "",
        "## Argument",
        "",
    ]
    if outline.root is None:
        out += ["*This map has no thesis.*", ""]
    notes = {n.id: clean(n.note) for n in m.nodes if n.note}
    out += outline_markdown(outline, notes)
    if m.sources:
        out += ["", "## Sources", "", *_sources(m)]
    return Exported(text="\n".join(out).rstrip("\n") + "\n", losses=_losses(m))
