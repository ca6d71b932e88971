"""``export --to markdown``: the argument as an outline a student can read or print.

Reads the same view and outline as ``argmap show``. All user text goes through
:func:`argmap.view.escape.markdown_inline`, so nothing in a claim can start emphasis, a link, HTML or
a table. What the outline leaves out is itemised as losses.
"""

from __future__ import annotations

from argmap.interchange import Exported, Loss
from argmap.model import ArgMap, own_fields
from argmap.provenance import provenance_losses
from argmap.schemes import get_scheme
from argmap.view.build import build_view
from argmap.view.escape import markdown_inline as md
from argmap.view.kinds import presentation
from argmap.view.outline import Outline, Row, build_outline, rows, shown_depth
from argmap.view.text import clean

__all__ = ["export_markdown", "outline_markdown"]

_SIGNS = {"supports": "supports", "attacks": "attacks", "undercuts": "undercuts"}


def _row_lines(row: Row, extra: dict[str, list[str]]) -> list[str]:
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
    if r is not None:
        lines += extra.get(f"relation {r.id}", [])
    if n is not None and not row.ref:
        lines += [md(f) for f in n.facts]
        if n.source:
            lines.append(f"*Source:* {md(n.source)}")
        lines += extra.get(n.id, [])
        lines += [f"*({md(x)})*" for x in n.notes]
    return lines


def _extra(m: ArgMap) -> dict[str, list[str]]:
    """What the map says beyond the view's labels: the kind of claim, the source's own words, other
    wordings, notes, tags, the critical questions answered, the scheme of an inference."""
    extra: dict[str, list[str]] = {}
    for n in m.nodes:
        lines = []
        if n.kind != "evidence" and n.type:
            lines.append(f"*Type:* {md(n.type)} claim")
        if n.anchor:
            lines.append(f"*In the source:* “{md(clean(n.anchor.exact))}”")
        if n.aliases:
            lines.append(f"*Also worded:* {'; '.join(md(clean(a)) for a in n.aliases)}")
        if n.note:
            lines.append(f"*Note:* {md(clean(n.note))}")
        if n.tags:
            lines.append(f"*Tags:* {', '.join(md(t) for t in n.tags)}")
        if n.answers:
            lines.append(f"*Answers:* {', '.join(md(a) for a in n.answers)}")
        if lines:
            extra[n.id] = lines
    for r in m.relations:
        lines = []
        if r.scheme:
            scheme = get_scheme(r.scheme)
            named = md(scheme.name) if scheme else "not in the catalogue (see `argmap schemes`)"
            lines.append(f"*Scheme of {md(r.id)} ({md(r.scheme)}):* {named}")
        if r.answers:
            lines.append(f"*{md(r.id)} answers:* {', '.join(md(a) for a in r.answers)}")
        if r.note:
            lines.append(f"*Note on {md(r.id)}:* {md(clean(r.note))}")
        if lines:
            extra[f"relation {r.id}"] = lines
    return extra


def _glossary(m: ArgMap) -> list[str]:
    return [f"- **{md(term)}**: {', '.join(md(w) for w in words)}" for term, words in m.glossary.items()]


_LEVELS = 30
"""Nested list levels drawn; deeper items stay at the last level and say theirs."""


def outline_markdown(outline: Outline, extra: dict[str, list[str]] | None = None) -> list[str]:
    """The outline as nested Markdown list items; continuation lines end in a hard break.

    ``extra``: more lines for a node id (or ``"relation ID"``), already in Markdown.
    """
    extra = extra or {}
    out: list[str] = []
    roots = 0
    for row in rows(outline):
        if row.depth == 0:
            roots += 1
            if roots == 2 and outline.detached_heading:
                out += ["", "## " + outline.detached_heading.rstrip(":"), ""]
        level, deeper = shown_depth(row.depth, _LEVELS)
        indent = "  " * level
        lines = _row_lines(row, extra)
        lines[0] = deeper + lines[0]
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
        if n.anchor and (n.anchor.prefix or n.anchor.suffix):
            losses.append(Loss("anchor-context", n.id, "the anchor's prefix and suffix are not in the outline"))
        if n.kind == "evidence":
            shown = presentation(n.type).shown
            for name in sorted(set(own_fields(type(n))) - shown):
                if getattr(n, name) not in (None, "", [], False):
                    losses.append(Loss("field", n.id, f"{n.type} field '{name}' is not in the outline"))
        if n.ignore:
            losses.append(Loss("ignore", n.id, "silenced rule codes are not in the outline"))
        if n.formats:
            losses.append(Loss("formats", n.id, f"what {', '.join(n.formats)} said of it is not in the outline"))
    for r in m.relations:
        if r.strength is not None:
            losses.append(Loss("strength", r.id, f"strength {r.strength:g} is not in the outline"))
        if r.ignore:
            losses.append(Loss("ignore", r.id, "silenced rule codes are not in the outline"))
        if r.formats:
            losses.append(Loss("formats", r.id, f"what {', '.join(r.formats)} said of it is not in the outline"))
    if m.config.select or m.config.ignore or m.config.severity or m.config.evidence != "expected":
        losses.append(Loss("config", "map", "the rule configuration is not in the outline"))
    return losses + provenance_losses(m)


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
    out += outline_markdown(outline, _extra(m))
    if m.glossary:
        out += ["", "## Glossary", "", "Words the text uses for the same thing:", "", *_glossary(m)]
    if m.sources:
        out += ["", "## Sources", "", *_sources(m)]
    return Exported(text="\n".join(out).rstrip("\n") + "\n", losses=_losses(m))
