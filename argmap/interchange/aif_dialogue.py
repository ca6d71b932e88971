"""The dialogue part of an AIF file (locutions L, illocutions YA, transitions TA; participants), for import.

argmap keeps of the dialogue only what attaches to the argument, as notes (see
:meth:`argmap.interchange.aif._Builder.dialogue`): who asserted a proposition, and which illocution in which
transition argued an inference. What those kept nodes leave behind (their other edges, a locution's
metadata) is itemised here as losses.
"""

from __future__ import annotations

from typing import Any

from argmap.interchange import Loss

__all__ = ["dialogue_losses", "illocution_edge_losses", "locution_speakers"]


def locution_speakers(doc: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """The name of each participant by its id, and the speaker's name of each locution by its node id."""
    participants = {
        str(p.get("participantID")): " ".join(str(p.get(k, "")) for k in ("firstname", "surname")).strip()
        for p in doc.get("participants", []) or []
        if isinstance(p, dict)
    }
    speakers = {
        str(loc.get("nodeID")): participants.get(str(loc.get("personID")), "")
        for loc in doc.get("locutions", []) or []
        if isinstance(loc, dict)
    }
    return participants, speakers


def dialogue_losses(
    doc: dict[str, Any],
    nodes: dict[str, dict[str, Any]],
    inc: dict[str, list[str]],
    out: dict[str, list[str]],
    kept: set[str],
    participants: dict[str, str],
) -> list[Loss]:
    """Itemise what a kept locution or transition leaves behind: its edges and its metadata."""
    losses: list[Loss] = []
    for nid in sorted(kept, key=lambda x: (len(x), x)):
        if nodes[nid]["type"] != "TA":
            continue
        for a in inc.get(nid, []):
            if nid in kept and a not in kept:
                losses.append(Loss("edge", nid, f"edge {a} ({nodes[a]['type']}) -> transition {nid} not kept"))
        for b in out.get(nid, []):
            if b not in kept:
                losses.append(Loss("edge", nid, f"edge transition {nid} -> {b} ({nodes[b]['type']}) not kept"))
    for loc in doc.get("locutions", []) or []:
        if not isinstance(loc, dict):
            continue
        lid = str(loc.get("nodeID", "?"))
        if lid not in kept:
            continue  # the locution itself is reported as lost
        named = str(loc.get("personID")) in participants
        meta = {
            k: v for k, v in loc.items() if v not in (None, "") and k != "nodeID" and not (named and k == "personID")
        }
        if meta:
            fields = ", ".join(f"{k}={str(v)[:40]}" for k, v in meta.items())
            losses.append(Loss("locution-metadata", lid, f"locution metadata not kept: {fields}"))
    return losses


def _illocution_edges_lost(
    nodes: dict[str, dict[str, Any]],
    inc: dict[str, list[str]],
    out: dict[str, list[str]],
    kept: set[str],
    used: set[tuple[str, str]],
) -> list[tuple[str, str]]:
    """The edges into and out of a kept illocution (YA) that its note does not stand for."""
    lost: list[tuple[str, str]] = []
    for nid in kept:
        if nodes[nid]["type"] == "YA":
            lost += [(a, nid) for a in inc.get(nid, []) if (a, nid) not in used]
            lost += [(nid, b) for b in out.get(nid, []) if (nid, b) not in used]
    return lost


def illocution_edge_losses(
    nodes: dict[str, dict[str, Any]],
    inc: dict[str, list[str]],
    out: dict[str, list[str]],
    kept: set[str],
    edges: tuple[set[tuple[str, str]], dict[tuple[str, str], Any]],
) -> list[Loss]:
    """Itemise each edge of a kept illocution that is not kept (an I-node pointing at a YA, say);
    ``edges`` are the edges its note stands for and the id of every edge."""
    used, ids = edges
    losses: list[Loss] = []
    for a, b in sorted(_illocution_edges_lost(nodes, inc, out, kept, used)):
        eid = ids.get((a, b))
        what = f"from {nodes[a]['type']} node {a} to {nodes[b]['type']} node {b}"
        losses.append(Loss("edge", str(eid) if eid is not None else a, f"edge {what} not kept (dialogue structure)"))
    return losses
