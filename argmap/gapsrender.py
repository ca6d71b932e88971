"""The ``argmap gaps`` report as rich text for people (:func:`render_report`); the report itself is
built in :mod:`argmap.gapsreport`, which re-exports this function."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from argmap.rules.grounding import GROUNDING_WORDS

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from argmap.gapsreport import ClaimReport, Gap, GapsReport, MapSummary

__all__ = ["fold", "note_lines", "render_report"]


_SEV_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_SEV_MARK = {"error": "✗", "warning": "!", "info": "·"}
_STATUS_STYLE = {"stands": "green", "defeated": "bold red", "undecided": "magenta"}
_GROUND_STYLE = {"evidenced": "green", "partly": "yellow", "asserted": "bold yellow"}


def _list(items: list[str], limit: int = 8) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", +{len(items) - limit} more" if len(items) > limit else "")


def render_report(console: Console, report: GapsReport) -> None:
    """The report for people: one block per claim, then a summary of the map.

    The lines are gathered and printed at once: a print call per line costs more than building the
    whole report (half a millisecond each; tens of thousands of lines on a big map).
    """
    from rich.text import Text

    from argmap.report import emit_lines

    lines: list[Text] = []
    s = report.summary
    lines.append(Text(f"Evidence gaps: {s.title}", style="bold underline"))
    lines.append(Text(f"{report.file}", style="dim"))
    width = max(40, console.width)
    for c in report.claims:
        lines.append(Text(""))
        lines += _claim_lines(c, width)
    lines.append(Text(""))
    lines += _summary_lines(s, width)
    emit_lines(console, [piece for line in lines for piece in fold(line, width)])


def fold(line: Text, width: int) -> list[Text]:
    """``line`` in lines of at most ``width`` columns, broken at spaces (a word longer than a line is
    cut), the lines after the first indented four more than it; styles kept. The report reads at 80
    columns, on a terminal and in a file alike."""
    from rich.text import Text

    plain = line.plain
    if len(plain) <= width:
        return [line]
    indent = min(len(plain) - len(plain.lstrip(" ")) + 4, width // 2)
    room = width - indent
    cuts: list[int] = []
    start, limit = 0, width
    while len(plain) - start > limit:
        cut = plain.rfind(" ", start + 1, start + limit + 1)
        if cut <= start:
            cut = start + limit
        cuts.append(cut)
        start = cut + 1 if plain[cut] == " " else cut
        limit = room
    pieces = list(line.divide(cuts))
    out = [pieces[0]]
    for piece in pieces[1:]:
        if piece.plain.startswith(" "):
            piece = piece[1:]
        out.append(Text(" " * indent) + piece)
    return out


def _claim_lines(c: ClaimReport, width: int) -> list[Text]:
    """One claim's block: head, text, its note, evidence, relations, the mapper's part, verdicts,
    schemes, gaps, and the notes on what bears on it."""
    from rich.text import Text

    lines: list[Text] = []
    out = lines.append
    head = Text()
    head.append(f"{c.kind.upper()} {c.id}" if c.kind == "thesis" else f"{c.id}", style="bold")
    head.append("  ")
    head.append(c.standing, style=_STATUS_STYLE.get(c.standing, ""))
    head.append(", ")
    head.append(GROUNDING_WORDS[c.grounding], style=_GROUND_STYLE.get(c.grounding, ""))
    if c.type:
        head.append(f"  ({c.type})", style="dim")
    head.append(f"  line {c.line}" if c.line else "", style="dim")
    out(head)
    out(Text(f"  {c.text}", style="italic"))
    own = [n["note"] for n in c.notes if n["on"] == c.id]
    lines += [line for note in own for line in note_lines("note", note, width, indent=2)]
    out(_evidence_line(c))
    if c.supporters or c.attackers:
        rel = Text("  ")
        if c.supporters:
            rel.append(f"supported by {_list(c.supporters)}")
        if c.attackers:
            rel.append(("; " if c.supporters else "") + f"attacked by {_list(c.attackers)}")
        out(rel)
    if c.mapper:
        inferences, warrants = c.mapper.get("inferences", []), c.mapper.get("warrants", [])
        parts = [f"inference{'s' * (len(inferences) > 1)} {_list(inferences)}"] if inferences else []
        parts += [f"warrant{'s' * (len(warrants) > 1)} of {_list(warrants)}"] if warrants else []
        out(Text("  the mapper's, not the article's: " + "; ".join(parts), style="dim"))
    if c.standing != "stands" or c.attackers:
        why = f"  standing, {c.standing}: {c.reason}"
        if c.preferred:
            why += f" (preferred: {c.preferred})"
        out(Text(why, style="dim"))
    out(Text(f"  grounding, {c.grounding}: {c.grounding_reason}", style="dim"))
    for use in c.schemes:
        tally = Counter(str(q["status"]) for q in use.questions)
        done = ", ".join(f"{tally[k]} {k}" for k in ("open", "answered", "ignored") if tally[k])
        out(Text(f"  {use.relation} argues by {use.scheme}: {done} critical questions"))
    lines += [_gap_line(g) for g in c.gaps]
    others = [n for n in c.notes if n["on"] != c.id]
    lines += [line for n in others for line in note_lines(f"note on {n['on']}", n["note"], width, indent=2)]
    return lines


def note_lines(label: str, note: str, width: int, *, indent: int) -> list[Text]:
    """``label: note`` wrapped at ``width`` columns, its lines after the first indented four more: a
    note is prose, often a paragraph, and reads at 80 columns."""
    import textwrap

    from rich.text import Text

    pad = " " * indent
    wrapped = textwrap.wrap(
        f"{label}: {note}",
        width,
        initial_indent=pad,
        subsequent_indent=pad + "    ",
        break_on_hyphens=False,
        break_long_words=True,
    )
    return [Text(line, style="dim") for line in wrapped]


def _evidence_line(c: ClaimReport) -> Text:
    from rich.text import Text

    ev = Text("  evidence: ")
    if c.evidence:
        kinds = ", ".join(f"{n} {t}" for t, n in c.types.items())
        ev.append(f"{c.evidence} ({kinds})")
        ev.append(f"; direct: {_list(c.direct) or 'none'}")
        if c.via_count:
            more = c.via_count - min(len(c.via), 8)
            ev.append(f"; via sub-claims: {', '.join(c.via[:8])}" + (f", +{more} more" if more else ""))
        ev.append(f"; sources: {_list(c.sources) or 'none cited'}")
    else:
        ev.append("none", style="bold red" if c.kind == "thesis" else "yellow")
    return ev


def _summary_lines(s: MapSummary, width: int) -> list[Text]:
    """The map's summary: evidence, sources (with their notes), standing, grounding, the verdict,
    map-wide gaps, counts."""
    from rich.text import Text

    lines: list[Text] = []
    out = lines.append
    out(Text("Summary", style="bold underline"))
    types = ", ".join(f"{n} {t}" for t, n in s.evidence_types.items()) or "none"
    claims, items = f"{s.claims} claim{'s' * (s.claims != 1)}", f"{s.evidence} evidence item{'s' * (s.evidence != 1)}"
    out(Text(f"  {claims} including the thesis; {items} ({types})"))
    for src in s.sources:
        kind = src["kind"] or "kind not given"
        when = src["date"] or "undated"
        cites = f"cited by {src['cited_by']}"
        if src.get("contradicts"):
            cites = f"contradicts {src['contradicts']}" + (f", {cites}" if src["cited_by"] else "")
        out(Text(f"  source {src['id']}: {src['title']} ({kind}, {when}), {cites}"))
        if src.get("note"):
            lines += note_lines("note", src["note"], width, indent=4)
    standings = ", ".join(f"{n} {lab}" for lab, n in sorted(s.standing.items()))
    line = Text(f"  standing: {standings}")
    if s.preferred_extensions is not None and s.preferred_extensions > 1:
        line.append(f"; {s.preferred_extensions} preferred extensions")
    out(line)
    grounds = ", ".join(f"{s.grounding[g]} {g}" for g in GROUNDING_WORDS if s.grounding.get(g))
    out(Text(f"  grounding: {grounds}"))
    ok = s.thesis_standing == "stands" and s.thesis_grounding == "evidenced"
    out(Text(f"  {s.verdict}", style="bold green" if ok else "bold yellow"))
    if s.unsupported:
        out(Text(f"  without support: {_list(s.unsupported)}"))
    if s.without_evidence:
        out(Text(f"  no evidence below: {_list(s.without_evidence)}"))
    lines += [_gap_line(g) for g in s.map_gaps]
    f = s.findings
    style = "bold red" if f.get("error") else ("yellow" if f.get("warning") else "bold green")
    codes = ", ".join(f"{code} ×{n}" for code, n in s.by_code.items())
    tail = f" ({codes})" if codes else ""
    counts = ", ".join(_plural(f.get(key, 0), word) for key, word in _COUNT_WORDS)
    out(Text(counts + tail, style=style))
    return lines


_COUNT_WORDS = (("error", "error"), ("warning", "warning"), ("info", "note"))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _gap_line(g: Gap) -> Any:
    from rich.text import Text

    t = Text("  ")
    t.append(f"{_SEV_MARK[g.severity]} {g.severity:<7}", style=_SEV_STYLE[g.severity])
    t.append(f" {g.code} ", style="bold")
    t.append(g.message)
    if g.line:
        t.append(f"  (line {g.line})", style="dim")
    return t
