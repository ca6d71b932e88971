"""Preferred labellings of the part of a framework that grounded semantics leaves undecided.

Split out of :mod:`argmap.semantics`, which calls :func:`preferred_labels` with its attacks (as
``(members, target, relation, kind)`` tuples) and its grounded labels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argmap.semantics import Label

__all__ = ["PREFERRED_LIMIT", "preferred_labels"]

PREFERRED_LIMIT = 14
"""Largest undecided component whose preferred labellings are enumerated (2**n subsets)."""


def preferred_labels(
    edges: list[tuple[tuple[str, ...], str, str, str]], grounded: dict[str, Label]
) -> tuple[dict[str, Label], set[str], int | None, set[str]]:
    """Preferred labels: grounded accepted/rejected stay; the undecided part is enumerated per component.

    Restricted to the undecided arguments U, an attack whose members are all accepted or undecided
    becomes the attack by its undecided members; attacks with a rejected member are void. Components
    of U that share no attack are independent, so their preferred labellings multiply.
    """
    undecided = [a for a, lab in grounded.items() if lab == "undecided"]
    if not undecided:
        return grounded, set(), 1, set()
    preferred: dict[str, Label] = dict(grounded)
    credulous: set[str] = set()
    uset = set(undecided)
    restricted: list[tuple[tuple[str, ...], str]] = []
    for members, target, _, _ in edges:
        if target not in uset or any(grounded[x] == "rejected" for x in members):
            continue
        restricted.append((tuple(x for x in members if x in uset), target))
    parent = {a: a for a in undecided}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for members, target in restricted:
        root = find(target)
        for x in members:
            other = find(x)
            if other != root:
                parent[other] = root
    components: dict[str, list[str]] = {}
    for a in undecided:
        components.setdefault(find(a), []).append(a)
    by_comp: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for members, target in restricted:
        by_comp.setdefault(find(target), []).append((members, target))
    total: int | None = 1
    not_computed: set[str] = set()
    for root, comp in components.items():
        if len(comp) > PREFERRED_LIMIT:
            not_computed.update(comp)
            total = None
            continue
        labels, accepted_somewhere, count = _component_preferred(comp, by_comp.get(root, []))
        preferred.update(labels)
        credulous |= accepted_somewhere
        if total is not None:
            total *= count
    return preferred, credulous, total, not_computed


def _component_preferred(
    comp: list[str], attacks: list[tuple[tuple[str, ...], str]]
) -> tuple[dict[str, Label], set[str], int]:
    bit = {a: 1 << i for i, a in enumerate(comp)}
    masks = [(sum(bit[x] for x in members), bit[target]) for members, target in attacks]
    n = len(comp)
    admissible: list[int] = []
    for s in range(1 << n):
        out = 0  # what s attacks
        for pm, tm in masks:
            if pm & s == pm:
                out |= tm
        if out & s:
            continue  # not conflict-free
        # every attack on a member of s must have a member that s attacks
        if all(pm & out for pm, tm in masks if tm & s):
            admissible.append(s)
    maximal = [s for s in admissible if not any(t != s and t & s == s for t in admissible)]
    in_all = in_none = (1 << n) - 1
    out_all = (1 << n) - 1
    for s in maximal:
        out = 0
        for pm, tm in masks:
            if pm & s == pm:
                out |= tm
        in_all &= s
        in_none &= ~s
        out_all &= out
    labels: dict[str, Label] = {}
    somewhere: set[str] = set()
    for a, b in bit.items():
        if in_all & b:
            labels[a] = "accepted"
        elif out_all & b:
            labels[a] = "rejected"
        else:
            labels[a] = "undecided"
        if not in_none & b:
            somewhere.add(a)
    return labels, somewhere, len(maximal)
