"""Whether an answer reproduces the key (issue 26): its texts word for word under other ids, the key's
notes or warrants, its glossary. The grade says so; the teacher decides."""

from __future__ import annotations

from argmap.model import ArgMap

__all__ = ["COPIED_SHARE", "copied_from_key"]


COPIED_SHARE = 0.6
"""A sheet whose own nodes are the key's texts word for word this often (and four or more of them)
looks copied: a student who quotes the article quotes its words, not the key's paraphrases."""


def copied_from_key(key: ArgMap, student: ArgMap, handed_out: frozenset[str] = frozenset()) -> list[str]:
    """The signs that a sheet reproduces the key (under any ids): its texts word for word, the key's
    notes or warrants, its glossary. Nodes the worksheet handed out are not the student's and are
    left out. Empty when there is no sign."""
    from argmap.anchors import normalise

    def norm(text: str | None) -> str:
        return " ".join(normalise(text or "").lower().split())

    texts = {norm(t) for n in key.nodes for t in (n.text, *n.aliases)}
    mine = [n for n in student.nodes if n.id not in handed_out]
    same = [n for n in mine if norm(n.text) in texts]
    signs: list[str] = []
    if len(same) >= 4 and len(same) >= COPIED_SHARE * len(mine):
        signs.append(f"{len(same)} of its {len(mine)} texts are the key's word for word")
    notes = {norm(x) for n in key.nodes for x in (n.note,) if x} | {
        norm(x) for r in key.relations for x in (r.note, r.warrant) if x
    }
    theirs = [x for n in mine for x in (n.note,) if x] + [
        x for r in student.relations if r.id not in handed_out for x in (r.note, r.warrant) if x
    ]
    kept = sum(norm(x) in notes for x in theirs)
    if kept:
        signs.append(f"{kept} of the key's notes or warrants carried over")
    shared = {t for t in student.glossary if t in key.glossary and key.glossary[t] == student.glossary[t]}
    if len(shared) >= 2:
        signs.append(f"the key's glossary ({len(shared)} entries)")
    return signs
