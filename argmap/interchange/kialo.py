"""Kialo discussion exports (plain text) into argmap.

The export is a ``Discussion Title: ...`` line, a blank line, then one line per claim numbered by its
place in the tree: ``1.`` is the thesis, ``1.2.3. Pro: text`` or ``1.2.3. Con: text`` supports or
attacks claim ``1.2.``. A claim that appears in several places is written once; elsewhere its line reads
``1.5.1. Con: -> See 1.4.2.``, which becomes an extra relation from claim ``1.4.2`` to ``1.5``. Lines
that continue a claim's text are joined to it.

Ids: claim ``1.2.3`` becomes ``k1.2.3``; the relation from it to its parent ``r1.2.3``; a cross-link
``x1.5.1``. An id holds at most 64 characters, so claims nested deeper than 31 levels are named by
their line instead (``kL40``, ``rL40``, ``xL41``), and the loss report says so once.
"""

from __future__ import annotations

import re

from argmap.diagnostics import CODES, Diagnostic
from argmap.interchange import Imported, ImportOptions, Loss
from argmap.interchange._build import NodeRec, RelRec, finish
from argmap.load.decoding import foreign_text

__all__ = ["load_kialo"]

_CLAIM = re.compile(r"^((?:\d+\.)+)\s*(?:(Pro|Con)\s*:\s*)?(.*)$", re.IGNORECASE)
_SEE = re.compile(r"^->\s*See\s+((?:\d+\.)*\d+)\.?\s*$", re.IGNORECASE)
_TITLE = re.compile(r"^Discussion\s+Title\s*:\s*(.*)$", re.IGNORECASE)
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~:\"'])")
"""Kialo escapes Markdown characters in its export (``\\("Trolls"\\)``); the text is without them."""


def unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def load_kialo(text: str, *, file: str = "<input>", options: ImportOptions | None = None) -> Imported:
    """Read a Kialo discussion export; every line not understood is reported with its number."""
    options = options or ImportOptions()
    losses: list[Loss] = []
    text, replaced, first_line = foreign_text(text)
    if replaced:
        losses.append(
            Loss("text", f"line {first_line}", f"{replaced} control character(s) replaced by U+FFFD", first_line)
        )
    diagnostics: list[Diagnostic] = []

    def diag(code: str, message: str, subject: str, line: int) -> None:
        sev = CODES[code][1]
        diagnostics.append(Diagnostic(code, message, sev, file=file, line=line, col=1, subject=subject))

    title = ""
    claims: dict[str, tuple[str | None, list[str], int]] = {}  # number -> (stance, text lines, line)
    links: list[tuple[str, str, str, int]] = []  # (number, stance, referenced number, line)
    current: str | None = None
    for no, raw in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if not title and not claims and (m := _TITLE.match(line)):
            title = unescape(m.group(1).strip())
            continue
        m = _CLAIM.match(line)
        if m is None:
            if current is not None and current in claims:
                claims[current][1].append(line)
            else:
                losses.append(
                    Loss("text", f"line {no}", f"text before the first claim not understood: {line[:60]!r}", no)
                )
            continue
        number = m.group(1).rstrip(".")
        stance = m.group(2).capitalize() if m.group(2) else None
        body = m.group(3).strip()
        current = None
        if see := _SEE.match(body):
            if stance is None:
                diag("AMI108", f"cross-link {number} has no Pro: or Con:; skipped", number, no)
            else:
                links.append((number, stance, see.group(1), no))
            continue
        if number in claims:
            diag(
                "AMI107",
                f"claim number {number} appears twice (first at line {claims[number][2]}); the second is skipped",
                number,
                no,
            )
            continue
        if not body:
            diag("AMI108", f"claim {number} has no text; skipped", number, no)
            continue
        claims[number] = (stance, [body], no)
        current = number

    long_ids: list[int] = []

    def make_id(prefix: str, number: str, no: int) -> str:
        if len(number) < _MAX_NUMBER:
            return f"{prefix}{number}"
        long_ids.append(no)
        return f"{prefix}L{no}"

    node_id = {number: make_id("k", number, no) for number, (_, _, no) in claims.items()}
    nodes: list[NodeRec] = []
    relations: list[RelRec] = []
    for number, (stance, lines, no) in claims.items():
        data = {"kind": "claim", "text": unescape("\n".join(lines)), "formats": {"kialo": {"number": number}}}
        nodes.append(NodeRec(node_id[number], number, data, no))
        parent = number.rpartition(".")[0]
        if not parent:
            continue
        if parent not in claims:
            diag(
                "AMI101",
                f"claim {number}: its parent {parent} is not in the file; kept unconnected",
                number,
                no,
            )
            continue
        if stance is None:
            diag("AMI108", f"claim {number} has no Pro: or Con:; kept unconnected", number, no)
            continue
        kind = "supports" if stance == "Pro" else "attacks"
        relations.append(RelRec(make_id("r", number, no), number, kind, [node_id[number]], node_id[parent], {}, no))
    for number, stance, ref, no in links:
        parent = number.rpartition(".")[0]
        if ref not in claims:
            diag(
                "AMI101",
                f"cross-link {number} points to claim {ref}, which is not in the file; skipped",
                number,
                no,
            )
            continue
        if parent not in claims:
            diag("AMI101", f"cross-link {number}: its parent {parent} is not in the file; skipped", number, no)
            continue
        kind = "supports" if stance == "Pro" else "attacks"
        relations.append(
            RelRec(
                make_id("x", number, no),
                number,
                kind,
                [node_id[ref]],
                node_id[parent],
                {"formats": {"kialo": {"number": number, "see": ref}}},
                no,
            )
        )
    if long_ids:
        first = min(long_ids)
        losses.append(
            Loss(
                "id",
                f"line {first}",
                f"claims nested deeper than 31 levels have numbers too long for an argmap id (64 characters); "
                f"they are named by their line instead (kL{first}, ...), {len({*long_ids})} lines in all",
                first,
            )
        )
    roots = [n for n in claims if "." not in n]
    if len(roots) > 1 and options.thesis is None:
        diag(
            "AMI109",
            f"{len(roots)} top-level claims ({', '.join(roots)}); {roots[0]} is the thesis, the others "
            "are claims; name another with --thesis",
            roots[0],
            claims[roots[0]][2],
        )
    return finish(
        title=options.title or title or _title_of(file),
        nodes=nodes,
        relations=relations,
        file=file,
        thesis=options.thesis,
        losses=losses,
        diagnostics=diagnostics,
        thesis_ids=[node_id[roots[0]]] if roots else [],
    )


_MAX_NUMBER = 64
"""Numbers of 64 characters or more (32+ levels) do not fit an id with its one-letter prefix."""


def _title_of(file: str) -> str:
    from pathlib import Path

    stem = Path(file).stem if file and not file.startswith("<") else ""
    return f"Imported from {stem}" if stem else "Imported Kialo discussion"
