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

from typing import Any
from xml.etree import ElementTree

from argmap.diagnostics import CODES, Diagnostic
from argmap.interchange import Imported, ImportOptions, Loss
from argmap.interchange._build import IdMaker, NodeRec, RelRec, finish

__all__ = ["load_microtexts"]

_KIND = {"sup": "supports", "exa": "supports", "reb": "attacks", "und": "undercuts"}
_ROLE = {"pro": "proponent", "opp": "opponent"}


def load_microtexts(text: str, *, file: str = "<input>", options: ImportOptions | None = None) -> Imported:
    """Read one microtext ``<arggraph>``; every element not understood is reported with its id and line."""
    options = options or ImportOptions()
    losses: list[Loss] = []
    diagnostics: list[Diagnostic] = []

    def diag(code: str, message: str, subject: str = "", line: int = 0) -> None:
        diagnostics.append(
            Diagnostic(code, message, CODES[code][1], file=file, line=line, col=1 if line else 0, subject=subject)
        )

    root = _parse(text, file, diagnostics)
    if root is None:
        return Imported(None, losses, diagnostics)
    lines = _lines(text)
    for key, value in root.attrib.items():
        if key != "id":
            losses.append(Loss("metadata", key, f"arggraph {key}={value!r} not kept", 1))
    edus: dict[str, str] = {}
    adus: dict[str, str] = {}
    edges: dict[str, dict[str, str]] = {}
    for el in root:
        eid = el.get("id", "")
        if el.tag == "edu":
            edus[eid] = "".join(el.itertext())
        elif el.tag == "adu":
            adus[eid] = el.get("type", "")
        elif el.tag == "edge":
            edges[eid] = {k: el.get(k, "") for k in ("src", "trg", "type")}
        else:
            losses.append(Loss("element", eid or el.tag, f"<{el.tag}> not understood; not kept", lines.get(eid, 0)))
    words: dict[str, list[str]] = {a: [] for a in adus}
    for eid, e in edges.items():
        if e["type"] == "seg":
            if e["src"] in edus and e["trg"] in adus:
                words[e["trg"]].append(edus[e["src"]])
            else:
                diag(
                    "AMI101",
                    f"seg edge {eid}: {e['src']} is no EDU or {e['trg']} no ADU; skipped",
                    eid,
                    lines.get(eid, 0),
                )
    ids = IdMaker()
    nodes: list[NodeRec] = []
    node_of: dict[str, str] = {}
    for aid, role in adus.items():
        nid = ids.make(aid, "a")
        node_of[aid] = nid
        data: dict[str, Any] = {"kind": "claim", "text": _join(words[aid])}
        if role in _ROLE:
            data["tags"] = [_ROLE[role]]
        elif role:
            losses.append(Loss("role", aid, f"ADU type {role!r} not understood; no role tag", lines.get(aid, 0)))
        if not data["text"]:
            diag("AMI108", f"ADU {aid} has no segment (no seg edge from an EDU); its id is used as text", aid)
        nodes.append(NodeRec(nid, aid, data, lines.get(aid, 0)))
    rels: dict[str, RelRec] = {}
    for eid, e in edges.items():
        kind = _KIND.get(e["type"])
        line = lines.get(eid, 0)
        if e["type"] in ("seg", "add"):
            continue
        if kind is None:
            diag("AMI108", f"edge {eid} of type {e['type']!r} not understood; skipped", eid, line)
            continue
        if e["src"] not in node_of:
            diag("AMI101", f"edge {eid}: its source {e['src']} is not an ADU; skipped", eid, line)
            continue
        target = e["trg"] if kind == "undercuts" else node_of.get(e["trg"], e["trg"])
        rels[eid] = RelRec(ids.make(eid, "c"), eid, kind, [node_of[e["src"]]], target, {}, line)
        if e["type"] == "exa":
            losses.append(Loss("support-kind", eid, "support by example (exa) imported as a plain support", line))
    for eid, e in edges.items():
        if e["type"] != "add":
            continue
        line = lines.get(eid, 0)
        if e["trg"] not in rels or e["src"] not in node_of:
            diag("AMI101", f"add edge {eid}: {e['trg']} is no argument edge or {e['src']} no ADU; skipped", eid, line)
            continue
        rels[e["trg"]].premises.append(node_of[e["src"]])
    for rel in rels.values():
        if rel.kind == "undercuts":
            rel.target = rels[rel.target].id if rel.target in rels else f"(missing {rel.target})"
    _concessions(rels, adus, node_of)
    pointing = {e["src"] for e in edges.values() if e["type"] in (*_KIND, "add")}
    central = [node_of[a] for a in adus if a not in pointing]
    return finish(
        title=options.title or root.get("id") or _title_of(file),
        nodes=nodes,
        relations=list(rels.values()),
        file=file,
        thesis=options.thesis,
        losses=losses,
        diagnostics=diagnostics,
        extra={"config": {"evidence": "none"}},  # a microtext gives reasons, never evidence
        thesis_ids=central[:1] if len(central) == 1 else [],
    )


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
        diagnostics.append(
            Diagnostic("AMI001", "XML entity declarations are not read (a microtext has none)", file=file)
        )
        return None
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
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


def _lines(text: str) -> dict[str, int]:
    """The line of each element by its id (ElementTree keeps none)."""
    import re

    out: dict[str, int] = {}
    for no, line in enumerate(text.split("\n"), 1):
        for m in re.finditer(r"<(?:edu|adu|edge)\b[^>]*\bid=[\"']([^\"']+)", line):
            out.setdefault(m.group(1), no)
    return out


def _title_of(file: str) -> str:
    from pathlib import Path

    stem = Path(file).stem if file and not file.startswith("<") else ""
    return f"Imported from {stem}" if stem else "Imported microtext"
