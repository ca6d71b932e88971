"""Remarks on what a student's map has beyond the key's pairs: praise, pasted, invented or
unrecognised nodes, blanks answered with another passage (used by :mod:`argmap.exercises.grade`)."""

from __future__ import annotations

from collections.abc import Mapping

from argmap.exercises.align import Alignment, Matcher
from argmap.exercises.feedback import Feedback, clip
from argmap.model import EVIDENCE_CLASSES, Node

__all__ = ["a_or_an", "kind_word", "praise", "remarks_on_the_rest", "wrong_type"]


def kind_word(node: Node) -> str:
    return node.type if node.kind == "evidence" else node.kind


def a_or_an(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def wrong_type(key: Node, mine: Node, *, blank: bool) -> Feedback:
    """Key evidence found but typed otherwise. On a sheet's blank the remark names the blank, says
    what the student wrote (no type, or a word that is no type, with the five there are) and what the
    key's type is; on a map, which evidence and both types."""
    got, right = kind_word(mine), kind_word(key)
    if not blank:
        return Feedback("type", f'you typed "{clip(key.text, 50)}" as {a_or_an(got)}; it is {a_or_an(right)}', key.id)
    if got.lower() == "none":  # a sheet's empty type
        wrote = "you gave no type"
    elif got in EVIDENCE_CLASSES:
        wrote = f"you called it {a_or_an(got)}"
    else:
        wrote = f'"{clip(got, 30)}" is not one of the evidence types ({", ".join(EVIDENCE_CLASSES)})'
    return Feedback("type", f"{mine.id}: {wrote}; it is {a_or_an(right)}: {_gloss(right)}", key.id)


def _gloss(type_name: str) -> str:
    """What makes evidence of this type, from the kinds' registry: its gloss, else its meaning's head."""
    from argmap.view.kinds import KINDS

    kind = KINDS[type_name]
    return kind.gloss or kind.meaning.split(":")[0].lower()


def remarks_on_the_rest(
    matcher: Matcher, sn: Mapping[str, Node], al: Alignment, stands_for: Mapping[str, str]
) -> list[Feedback]:
    """What the key does not have: pasted, invented or unrecognised nodes; blanks answered wrong."""
    out: list[Feedback] = []
    flagged = {o.student_id for o in al.opposites}
    blanks_first = sorted(al.unmatched_student, key=lambda sid: (sid not in stands_for, len(sid), sid))
    for sid in blanks_first:  # a sheet's blanks in their order (B2 before B10)
        node = sn[sid]
        if node.kind == "thesis" or sid in flagged:
            continue
        if sid in stands_for:
            out.append(_wrong_blank(matcher, node, stands_for[sid]))
        else:
            out.append(_unrecognised(matcher, node))
    return out


def praise(found: dict[str, float], total: dict[str, int], links: tuple[float, int]) -> list[Feedback]:
    out: list[Feedback] = []
    parts = []
    for kind, label in (("claim", "claims"), ("evidence", "pieces of evidence")):
        if total[kind] and found[kind] / total[kind] >= 0.5:
            parts.append(f"{found[kind]:g} of the {total[kind]} {label}")
    if parts:
        out.append(Feedback("good", "well done: you found " + " and ".join(parts)))
    if links[1] and links[0] / links[1] >= 0.5:
        out.append(Feedback("good", f"{links[0]:g} of the {links[1]} links of the argument are right"))
    return out


def _unrecognised(matcher: Matcher, node: Node) -> Feedback:
    if matcher.pasted(node):
        quote = _anchor_text(node)
        pasted = quote if quote and len(quote.split()) > len(node.text.split()) else node.text
        what = kind_word(node)
        return Feedback("pasted", f'your {what} "{clip(node.text, 40)}" copies {len(pasted.split())} words of the text')
    if matcher.invented(node):
        return Feedback("invented", f'not in the text: "{clip(node.text, 60)}" is your own point, not the author\'s')
    sentence, score = matcher.closest_sentence(node.text)
    near = f' (closest in the text: "{clip(sentence, 50)}")' if sentence and score >= 0.2 else ""
    return Feedback("unrecognised", f'the key has nothing like your {kind_word(node)} "{clip(node.text, 50)}"{near}')


def _wrong_blank(matcher: Matcher, node: Node, key_id: str) -> Feedback:
    """An answer that does not point at its blank's passage: say so, and where it points instead."""
    if matcher.pasted(node):
        return _unrecognised(matcher, node)
    quote = _anchor_text(node)
    if quote and matcher.article is not None and matcher.article.locate(quote) is not None:
        there = f' (your words of the text, "{clip(quote, 50)}", are another passage)'
    else:
        sentence, score = matcher.closest_sentence(node.text)
        there = f' (it points at "{clip(sentence, 50)}")' if sentence and score >= 0.3 else ""
    return Feedback(
        "wrong-blank",
        f'your answer for {node.id}, "{clip(node.text, 40)}", is not the evidence that goes there{there}',
        key_id,
    )


def _anchor_text(node: Node) -> str | None:
    anchor = getattr(node, "anchor", None)
    return anchor.exact if anchor is not None else None
