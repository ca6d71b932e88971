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
from typing import NamedTuple

from argmap.diagnostics import CODES, Diagnostic
from argmap.interchange import Imported, ImportOptions, Loss
from argmap.interchange._build import NodeRec, RelRec, finish, imported_title
from argmap.load.decoding import foreign_text

__all__ = ["load_kialo"]

_CLAIM = re.compile(r"^((?:\d+\.)+)\s*(?:(Pro|Con)\s*:\s*)?(.*)$", re.IGNORECASE)
_SEE = re.compile(r"^->\s*See\s+((?:\d+\.)*\d+)\.?\s*$", re.IGNORECASE)
_TITLE = re.compile(r"^Discussion\s+Title\s*:\s*(.*)$", re.IGNORECASE)
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~:\"'])")
"""Kialo escapes Markdown characters in its export (``\\("Trolls"\\)``); the text is without them."""


def unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text) if "\\" in text else text  # nearly every claim holds no escape


def load_kialo(text: str, *, file: str = "<input>", options: ImportOptions | None = None) -> Imported:
    """Read a Kialo discussion export; every line not understood is reported with its number."""
    options = options or ImportOptions()
    discussion = _Discussion(file)
    discussion.read(discussion.decoded(text))
    nodes, relations = discussion.records()
    discussion.report_long_ids()
    roots = discussion.roots(options)
    return finish(
        title=options.title or discussion.title or imported_title(file, "Kialo discussion"),
        nodes=nodes,
        relations=relations,
        file=file,
        thesis=options.thesis,
        losses=discussion.losses,
        diagnostics=discussion.diagnostics,
        thesis_ids=[discussion.node_id[roots[0]]] if roots else [],
    )


class _Claim(NamedTuple):
    stance: str | None
    lines: list[str]
    line: int


class _Link(NamedTuple):
    number: str
    stance: str
    ref: str
    line: int


class _Discussion:
    """One export read in steps: its lines into numbered claims and cross-links, then those into node and
    relation records. Each step reports what it skips."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.losses: list[Loss] = []
        self.diagnostics: list[Diagnostic] = []
        self.title = ""
        self.claims: dict[str, _Claim] = {}  # by number, in file order
        self.links: list[_Link] = []
        self.node_id: dict[str, str] = {}
        self.long_ids: list[int] = []  # lines of the claims named by their line

    def diag(self, code: str, message: str, subject: str, line: int) -> None:
        self.diagnostics.append(
            Diagnostic(code, message, CODES[code][1], file=self.file, line=line, col=1, subject=subject)
        )

    def decoded(self, text: str) -> str:
        text, replaced, first_line = foreign_text(text)
        if replaced:
            self.losses.append(
                Loss("text", f"line {first_line}", f"{replaced} control character(s) replaced by U+FFFD", first_line)
            )
        return text

    def read(self, text: str) -> None:
        """The title, the claims and the cross-links; a line that is no claim continues the one before."""
        current: str | None = None  # the claim a continuation line belongs to
        for no, raw in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
            line = raw.strip()
            if not line:
                continue
            if not self.title and not self.claims and (m := _TITLE.match(line)):
                self.title = unescape(m.group(1).strip())
                continue
            m = _CLAIM.match(line)
            if m is None:
                self._continued(current, line, no)
                continue
            current = self._numbered(m, no)

    def _continued(self, current: str | None, line: str, no: int) -> None:
        if current is not None and current in self.claims:
            self.claims[current].lines.append(line)
        else:
            self.losses.append(
                Loss("text", f"line {no}", f"text before the first claim not understood: {line[:60]!r}", no)
            )

    def _numbered(self, m: re.Match[str], no: int) -> str | None:
        """Reads a numbered line: a claim (its number is returned) or a cross-link."""
        dotted, word, rest = m.groups()
        number = dotted.rstrip(".")
        stance = word.capitalize() if word else None
        body = rest.strip()
        if body[:2] == "->" and (see := _SEE.match(body)):
            if stance is None:
                self.diag("AMI108", f"cross-link {number} has no Pro: or Con:; skipped", number, no)
            else:
                self.links.append(_Link(number, stance, see.group(1), no))
            return None
        if number in self.claims:
            first = self.claims[number].line
            self.diag(
                "AMI107",
                f"claim number {number} appears twice (first at line {first}); the second is skipped",
                number,
                no,
            )
            return None
        if not body:
            self.diag("AMI108", f"claim {number} has no text; skipped", number, no)
            return None
        self.claims[number] = _Claim(stance, [body], no)
        return number

    def make_id(self, prefix: str, number: str, no: int) -> str:
        if len(number) < _MAX_NUMBER:
            return f"{prefix}{number}"
        self.long_ids.append(no)
        return f"{prefix}L{no}"

    def records(self) -> tuple[list[NodeRec], list[RelRec]]:
        """Each claim a node with a relation to its parent, then the cross-links' relations."""
        self.node_id = {number: self.make_id("k", number, c.line) for number, c in self.claims.items()}
        nodes: list[NodeRec] = []
        relations: list[RelRec] = []
        for number, claim in self.claims.items():
            data = {"kind": "claim", "text": unescape("\n".join(claim.lines)), "formats": {"kialo": {"number": number}}}
            nodes.append(NodeRec(self.node_id[number], number, data, claim.line))
            if (rel := self._to_parent(number, claim)) is not None:
                relations.append(rel)
        relations += [rel for link in self.links if (rel := self._cross_link(link)) is not None]
        return nodes, relations

    def _to_parent(self, number: str, claim: _Claim) -> RelRec | None:
        parent = number.rpartition(".")[0]
        if not parent:
            return None
        if parent not in self.claims:
            self.diag(
                "AMI101",
                f"claim {number}: its parent {parent} is not in the file; kept unconnected",
                number,
                claim.line,
            )
            return None
        if claim.stance is None:
            self.diag("AMI108", f"claim {number} has no Pro: or Con:; kept unconnected", number, claim.line)
            return None
        kind = "supports" if claim.stance == "Pro" else "attacks"
        rid = self.make_id("r", number, claim.line)
        return RelRec(rid, number, kind, [self.node_id[number]], self.node_id[parent], {}, claim.line)

    def _cross_link(self, link: _Link) -> RelRec | None:
        number, no = link.number, link.line
        parent = number.rpartition(".")[0]
        if link.ref not in self.claims:
            self.diag(
                "AMI101",
                f"cross-link {number} points to claim {link.ref}, which is not in the file; skipped",
                number,
                no,
            )
            return None
        if parent not in self.claims:
            self.diag("AMI101", f"cross-link {number}: its parent {parent} is not in the file; skipped", number, no)
            return None
        kind = "supports" if link.stance == "Pro" else "attacks"
        extra = {"formats": {"kialo": {"number": number, "see": link.ref}}}
        return RelRec(
            self.make_id("x", number, no), number, kind, [self.node_id[link.ref]], self.node_id[parent], extra, no
        )

    def report_long_ids(self) -> None:
        if not self.long_ids:
            return
        first = min(self.long_ids)
        self.losses.append(
            Loss(
                "id",
                f"line {first}",
                f"claims nested deeper than 31 levels have numbers too long for an argmap id (64 characters); "
                f"they are named by their line instead (kL{first}, ...), {len({*self.long_ids})} lines in all",
                first,
            )
        )

    def roots(self, options: ImportOptions) -> list[str]:
        """The top-level claims: the first is the thesis, unless the user names one."""
        roots = [n for n in self.claims if "." not in n]
        if len(roots) > 1 and options.thesis is None:
            self.diag(
                "AMI109",
                f"{len(roots)} top-level claims ({', '.join(roots)}); {roots[0]} is the thesis, the others "
                "are claims; name another with --thesis",
                roots[0],
                self.claims[roots[0]].line,
            )
        return roots


_MAX_NUMBER = 64
"""Numbers of 64 characters or more (32+ levels) do not fit an id with its one-letter prefix."""
