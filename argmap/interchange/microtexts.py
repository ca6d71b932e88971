"""The argumentative microtexts corpus XML (Peldszus & Stede; arg-microtexts) into argmap.

A microtext is an ``<arggraph>``: elementary discourse units ``<edu id>`` holding the text, argumentative
discourse units ``<adu id type="pro|opp">`` and ``<edge id src trg type>`` between them. ``seg`` edges
give each ADU its EDUs' words (joined in order); ``sup`` (support) and ``exa`` (support by example) are
supports, ``reb`` (rebut) is an attack, ``und`` (undercut) attacks another edge's inference, and ``add``
adds its ADU as a further, linked premise of the edge it points to. The central claim is the ADU that
points nowhere: it becomes the thesis.

Ids: ADU ``a1`` stays ``a1``; the relation of edge ``c3`` is ``c3``. The topic, the stance, the ADUs'
proponent/opponent role and the kind of support (``exa``) have no place in a map: the role is kept as
a tag (``proponent``/``opponent``), the others are listed as losses.
"""

from __future__ import annotations

import re
from itertools import accumulate, repeat
from typing import Any, NamedTuple
from xml.etree import ElementTree

from argmap.diagnostics import CODES, Diagnostic
from argmap.interchange import Imported, ImportOptions, Loss, cut, shown
from argmap.interchange._build import IdMaker, NodeRec, RelRec, finish, imported_title

__all__ = ["load_microtexts"]

_KIND = {"sup": "supports", "exa": "supports", "reb": "attacks", "und": "undercuts"}
_ROLE = {"pro": "proponent", "opp": "opponent"}
_POINTING = (*_KIND, "add")
"""Edge types whose source argues for something: an ADU that is the source of none is a central claim."""


def load_microtexts(text: str, *, file: str = "<input>", options: ImportOptions | None = None) -> Imported:
    """Read one microtext ``<arggraph>``; every element not understood is reported with its id and line."""
    options = options or ImportOptions()
    losses: list[Loss] = []
    diagnostics: list[Diagnostic] = []
    root = _parse(text, file, diagnostics)
    if root is None:
        return Imported(None, losses, diagnostics)
    graph = _Arggraph(text, file, losses, diagnostics)
    losses += _declared_encoding(text)
    losses += _unkept_attributes(root)
    graph.read_elements(root)
    nodes = graph.nodes(graph.words())
    rels = graph.relations()
    _concessions(rels, graph.adus, graph.node_of)
    central = graph.central_claims()
    return finish(
        title=options.title or root.get("id") or imported_title(file, "microtext"),
        nodes=nodes,
        relations=list(rels.values()),
        file=file,
        thesis=options.thesis,
        losses=losses,
        diagnostics=diagnostics,
        extra={"config": {"evidence": "none"}},  # a microtext gives reasons, never evidence
        thesis_ids=central[:1] if len(central) == 1 else [],
    )


class _Edge(NamedTuple):
    id: str
    src: str
    trg: str
    type: str
    line: int


class _Arggraph:
    """One ``<arggraph>`` read in steps: its elements, the words of each ADU, the ADUs as nodes, the
    edges as relations and the central claim. Each step reports what it skips."""

    def __init__(self, text: str, file: str, losses: list[Loss], diagnostics: list[Diagnostic]) -> None:
        self.file = file
        self.losses = losses
        self.diagnostics = diagnostics
        self.lines, self.repeated = _lines(text)
        self.edus: dict[str, str] = {}
        self.adus: dict[str, str] = {}  # id -> type (pro/opp)
        self.edges: list[_Edge] = []
        self.ids = IdMaker()
        self.node_of: dict[str, str] = {}  # ADU id -> node id

    def diag(self, code: str, message: str, subject: str = "", line: int = 0) -> None:
        self.diagnostics.append(
            Diagnostic(code, message, CODES[code][1], file=self.file, line=line, col=1 if line else 0, subject=subject)
        )

    def read_elements(self, root: ElementTree.Element) -> None:
        """EDUs, ADUs and edges by id, the first of each id kept; other elements are losses."""
        seen: dict[str, int] = {}
        lines = self.lines
        for el in root:
            tag, eid = el.tag, el.get("id", "")
            if tag == "edu" or tag == "adu" or tag == "edge":
                if eid in seen:
                    seen[eid] += 1
                    self._repeated(tag, eid, seen[eid])
                    continue
                seen[eid] = 1
            if tag == "edu":
                self.edus[eid] = "".join(el.itertext())
            elif tag == "adu":
                self.adus[eid] = el.get("type", "")
            elif tag == "edge":
                line = lines.get(eid, 0)
                self.edges.append(_Edge(eid, el.get("src", ""), el.get("trg", ""), el.get("type", ""), line))
            else:
                self.losses.append(Loss("element", eid or tag, f"<{tag}> not understood; not kept", lines.get(eid, 0)))

    def _repeated(self, tag: str, eid: str, nth: int) -> None:
        at = self.repeated.get(eid) or ([self.lines[eid]] if eid in self.lines else [])
        line = at[nth - 1] if nth <= len(at) else 0
        self.diag("AMI107", f"<{tag}> id {eid} appears twice; the second is skipped", eid, line)

    def words(self) -> dict[str, list[str]]:
        """Each ADU's EDUs in the order of the ``seg`` edges that give them to it."""
        words: dict[str, list[str]] = {a: [] for a in self.adus}
        for e in self.edges:
            if e.type != "seg":
                continue
            if e.src in self.edus and e.trg in self.adus:
                words[e.trg].append(self.edus[e.src])
            else:
                self.diag("AMI101", f"seg edge {e.id}: {e.src} is no EDU or {e.trg} no ADU; skipped", e.id, e.line)
        return words

    def nodes(self, words: dict[str, list[str]]) -> list[NodeRec]:
        """Each ADU a claim with its words, tagged with its role."""
        nodes: list[NodeRec] = []
        for aid, role in self.adus.items():
            nid = self.node_of[aid] = self.ids.make(aid, "a")
            line = self.lines.get(aid, 0)
            data: dict[str, Any] = {"kind": "claim", "text": _join(words[aid])}
            if role in _ROLE:
                data["tags"] = [_ROLE[role]]
            elif role:
                self.losses.append(Loss("role", aid, f"ADU type {shown(role)} not understood; no role tag", line))
            if not data["text"]:
                self.diag("AMI108", f"ADU {aid} has no segment (no seg edge from an EDU); its id is used as text", aid)
            nodes.append(NodeRec(nid, aid, data, line))
        return nodes

    def relations(self) -> dict[str, RelRec]:
        """The argument edges as relations (by edge id), with the premises ``add`` edges link to them."""
        rels: dict[str, RelRec] = {}
        for e in self.edges:
            if e.type != "seg" and e.type != "add" and (rel := self._relation(e)) is not None:
                rels[e.id] = rel
        for e in self.edges:
            if e.type == "add":
                self._linked_premise(e, rels)
        for rel in rels.values():  # an undercut targets its edge's relation
            if rel.kind == "undercuts":
                rel.target = rels[rel.target].id if rel.target in rels else f"(missing {rel.target})"
        return rels

    def _relation(self, e: _Edge) -> RelRec | None:
        kind = _KIND.get(e.type)
        if kind is None:
            self.diag("AMI108", f"edge {e.id} of type {e.type!r} not understood; skipped", e.id, e.line)
            return None
        if e.src not in self.node_of:
            self.diag("AMI101", f"edge {e.id}: its source {e.src} is not an ADU; skipped", e.id, e.line)
            return None
        target = e.trg if kind == "undercuts" else self.node_of.get(e.trg, e.trg)
        if e.type == "exa":
            self.losses.append(
                Loss("support-kind", e.id, "support by example (exa) imported as a plain support", e.line)
            )
        return RelRec(self.ids.make(e.id, "c"), e.id, kind, [self.node_of[e.src]], target, {}, e.line)

    def _linked_premise(self, e: _Edge, rels: dict[str, RelRec]) -> None:
        if e.trg not in rels or e.src not in self.node_of:
            self.diag(
                "AMI101", f"add edge {e.id}: {e.trg} is no argument edge or {e.src} no ADU; skipped", e.id, e.line
            )
            return
        rels[e.trg].premises.append(self.node_of[e.src])

    def central_claims(self) -> list[str]:
        """The nodes of the ADUs that point nowhere: the central claim, when there is one."""
        pointing = {e.src for e in self.edges if e.type in _POINTING}
        return [self.node_of[a] for a in self.adus if a not in pointing]


def _unkept_attributes(root: ElementTree.Element) -> list[Loss]:
    return [
        Loss("metadata", key, f"arggraph {cut(key)}={shown(value)} not kept", 1)
        for key, value in root.attrib.items()
        if key != "id"
    ]


def _concessions(rels: dict[str, RelRec], adus: dict[str, str], node_of: dict[str, str]) -> None:
    """Mark the opponent's objections that the proponent leaves unanswered as conceded and outweighed.

    A microtext argues for its central claim; an objection (rebut or undercut from an ``opp`` ADU)
    that no edge answers (no undercut of it, no attack on its premises) is one the author grants and
    sets aside ("Of course ..., nevertheless ..."): it must not defeat the claim it is weighed against.
    """
    opponent = {node_of[a] for a, role in adus.items() if role == "opp" and a in node_of}
    undercut = {r.target for r in rels.values() if r.kind == "undercuts"}
    attacked = {r.target for r in rels.values() if r.kind == "attacks"}
    for eid, rel in rels.items():
        if rel.kind == "supports" or not set(rel.premises) <= opponent:
            continue
        if eid in undercut or any(p in attacked for p in rel.premises):
            continue
        rel.extra["outweighed"] = True


def _join(segments: list[str]) -> str:
    """An ADU's EDUs in order, a space between two where neither brings one (their own spaces are kept)."""
    out = ""
    for seg in segments:
        out += seg if not out or out[-1].isspace() or seg[:1].isspace() else " " + seg
    return out


def _parse(text: str, file: str, diagnostics: list[Diagnostic]) -> ElementTree.Element | None:
    if "<!ENTITY" in text:
        at = text.index("<!ENTITY")
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        diagnostics.append(
            Diagnostic(
                "AMI001", "XML entity declarations are not read (a microtext has none)", file=file, line=line, col=col
            )
        )
        return None
    try:
        root = ElementTree.fromstring(text)  # a str: expat takes it as decoded, whatever the declaration says
    except ElementTree.ParseError as exc:
        line, col = exc.position
        diagnostics.append(Diagnostic("AMI001", f"not well-formed XML: {exc}", file=file, line=line, col=col + 1))
        return None
    if root.tag != "arggraph":
        diagnostics.append(
            Diagnostic("AMI001", f"not a microtext: the root is <{root.tag}>, not <arggraph>", file=file)
        )
        return None
    return root


def _lines(text: str) -> tuple[dict[str, int], dict[str, list[int]]]:
    """The line of the first element of each id, and the lines of every element of an id used more than
    once, in order (ElementTree keeps none).

    An element's id is the last ``id=`` in its tag (:data:`_ELEMENT_ID`). When no tag holds two, the
    first is the last, and the quicker :data:`_FIRST_ID` finds the same ids. The text between two
    matches holds all the line breaks (a match holds none), so the lines are counted at C speed."""
    pattern = _FIRST_ID if _TWO_IDS.search(text) is None else _ELEMENT_ID
    parts = pattern.split(text)  # text, id, text, id, ..., text
    ids = parts[1::2]
    lines = list(accumulate(map(str.count, parts[0:-1:2], repeat("\n")), initial=1))[1:]
    first = dict(zip(reversed(ids), reversed(lines), strict=True))  # the first of each id written last
    if len(first) == len(ids):
        return first, {}
    every: dict[str, list[int]] = {}
    for eid, line in zip(ids, lines, strict=True):
        every.setdefault(eid, []).append(line)
    return first, {eid: found for eid, found in every.items() if len(found) > 1}


_ELEMENT_ID = re.compile(r"<(?:edu|adu|edge)\b[^>\n]*\bid=[\"']([^\"'\n]+)")
_FIRST_ID = re.compile(r"<(?:edu|adu|edge)\b[^>\n]*?\bid=[\"']([^\"'\n]+)")
_TWO_IDS = re.compile(r"<(?:edu|adu|edge)\b(?:[^>\ni]|i(?!d=))*id=(?:[^>\ni]|i(?!d=))*id=")
"""A tag where the first ``id=`` may not be the last (one that names its id twice). Each character of a
run is taken by one branch only and no run can take an ``id=``, so backtracking stays linear without
possessive quantifiers (which Python 3.11 before 3.11.4 gets wrong with alternation: Debian 12's 3.11.2)."""


_DECLARATION = re.compile(r"""\A\ufeff?<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _declared_encoding(text: str) -> list[Loss]:
    """The text came in as UTF-8 (or was decoded already): an XML declaration naming another encoding
    is wrong about it, and is said to be, since the text is read as it is, not as the declaration says."""
    m = _DECLARATION.match(text)
    if m is None or m.group(1).lower().replace("_", "-") in ("utf-8", "utf8"):
        return []
    name = m.group(1)
    return [Loss("encoding", "(file)", f"the XML declaration says {name}, but the file is UTF-8; read as UTF-8", 1)]
