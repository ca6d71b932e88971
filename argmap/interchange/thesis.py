"""Which node of a foreign map is its thesis, when the file does not say (shared by import and export)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["pick_thesis"]


def pick_thesis(
    order: Sequence[str], relations: Sequence[tuple[str, Sequence[str], str, str]]
) -> tuple[str, list[str]]:
    """Choose the thesis among node ids ``order`` given ``(id, premises, target, kind)`` relations.

    Candidates are the nodes that support nothing and are the target of some support or attack (if
    there are none: nodes that support nothing; if none either: all). The thesis is the candidate from
    which the most nodes can be reached backwards through relations, undercuts included (the largest
    argument tree); ties go to the one that comes first. Returns the choice and all candidates.
    """
    node_set = set(order)
    supports_something: set[str] = set()
    incoming: dict[str, list[tuple[str, Sequence[str]]]] = {}
    for rid, premises, target, kind in relations:
        if kind == "supports":
            supports_something.update(premises)
        incoming.setdefault(target, []).append((rid, premises))
    targeted = {t for t in incoming if t in node_set}
    candidates = [n for n in order if n not in supports_something and n in targeted]
    if not candidates:
        candidates = [n for n in order if n not in supports_something] or list(order)
    if len(candidates) == 1:
        return candidates[0], candidates

    def tree(root: str) -> set[str]:
        seen = {root}
        stack = [root]
        while stack:
            for rid, premises in incoming.get(stack.pop(), ()):
                for x in (rid, *premises):
                    if x not in seen:
                        seen.add(x)
                        stack.append(x)
        return seen

    # A candidate inside an earlier candidate's tree has a tree no larger than that one's (and would lose
    # the tie), so it need not be walked: this keeps the choice linear for maps with many candidates.
    best, best_size, covered = candidates[0], -1, set()
    for c in candidates:
        if c in covered:
            continue
        reached = tree(c)
        covered |= reached
        size = len(reached & node_set)
        if size > best_size:
            best, best_size = c, size
    return best, candidates
