"""Grade the links of a student's map: for each premise of each key relation, does the student link
the counterparts (links), with the same kind of relation (polarity), from premise to conclusion
(direction)?

Counterparts are the alignment's, splits and merges included: a key link between two claims that the
student merged into one is inside that node and counts as made. A link whose premise the student
lacks is not reported again (the missing node is); a student link between nodes the key does not
have is not reported either (the node is, once).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from argmap.exercises.align import Alignment
from argmap.exercises.feedback import Feedback, clip
from argmap.model import ArgMap, Node, Relation

__all__ = ["grade_links"]


@dataclass(frozen=True, slots=True)
class _Unit:
    premise: str
    target: str
    kind: str
    relation: str


def _units(relations: Sequence[Relation]) -> list[_Unit]:
    return [_Unit(p, r.target, r.kind, r.id) for r in relations for p in r.premises]


def _name(node: Node | None, fallback: str) -> str:
    if node is None:
        return fallback
    if node.kind == "thesis":
        return "the thesis"
    return f'"{clip(node.text, 45)}"'


_AS = {"supports": ("supporting", "for"), "attacks": ("attacking", "against"), "undercuts": ("undercutting", "against")}


def _swap(what: str, on: str, mine: str, theirs: str) -> str:
    """'you have it supporting X; the author offers it against X'."""
    return f"you have {what} {_AS[mine][0]} {on}; the author offers it {_AS[theirs][1]} {on}"


def grade_links(
    key: ArgMap,
    student: ArgMap,
    al: Alignment,
    fb: list[Feedback],
    items: dict[str, bool],
    given: frozenset[str] = frozenset(),
) -> tuple[tuple[float, int], tuple[float, int], tuple[float, int]]:
    kn = {n.id: n for n in key.nodes}
    sn = {n.id: n for n in student.nodes}
    counterpart: dict[str, set[str]] = {k: set(al.students_of(k)) for k in kn}
    k_thesis = next((n.id for n in key.nodes if n.kind == "thesis"), None)
    s_thesis = next((n.id for n in student.nodes if n.kind == "thesis"), None)
    if k_thesis and s_thesis and not counterpart.get(k_thesis) and not al.keys_of(s_thesis):
        counterpart[k_thesis] = {s_thesis}  # a thesis in other words loses the thesis, not every link
    by_pair: dict[tuple[str, str], list[_Unit]] = {}
    for u in _units(student.relations):
        if u.relation in given:
            continue  # handed out by the worksheet: it earns nothing, nor stands in for a step asked
        by_pair.setdefault((u.premise, u.target), []).append(u)
    key_units = [u for u in _units(key.relations) if u.relation not in given]
    order = sorted(range(len(key_units)), key=lambda i: key_units[i].kind == "undercuts")
    # a step the worksheet handed out is in the student's map under its own id
    rel_map: dict[str, set[str]] = {r.id: {r.id} for r in student.relations if r.id in given}
    used: set[_Unit] = set()
    linked = polar = directed = 0.0
    per_relation: dict[str, list[bool]] = {}
    for i in order:
        ku = key_units[i]
        premises = counterpart.get(ku.premise, set())
        targets = rel_map.get(ku.target, set()) if ku.kind == "undercuts" else counterpart.get(ku.target, set())
        ok = False
        if premises and targets and premises & targets and ku.kind != "undercuts":
            linked, polar, directed = linked + 1, polar + 1, directed + 1  # merged into one node
            per_relation.setdefault(ku.relation, []).append(True)
            continue
        forward = [u for p in premises for t in targets for u in by_pair.get((p, t), []) if u not in used]
        backward = [u for p in premises for t in targets for u in by_pair.get((t, p), []) if u not in used]
        pick = None
        if forward:
            pick = (next((u for u in forward if u.kind == ku.kind), forward[0]), True)
        elif backward:
            pick = (next((u for u in backward if u.kind == ku.kind), backward[0]), False)
        if pick is not None:
            su, is_forward = pick
            used.add(su)
            rel_map.setdefault(ku.relation, set()).add(su.relation)
            linked += 1
            directed += is_forward
            polar += su.kind == ku.kind
            ok = is_forward and su.kind == ku.kind
            what = _name(kn.get(ku.premise), ku.premise)
            on = _name(kn.get(ku.target), "the step it questions")
            if su.kind != ku.kind:
                fb.append(Feedback("polarity", _swap(what, on, su.kind, ku.kind), ku.relation))
            elif not is_forward:
                fb.append(
                    Feedback(
                        "direction", f"your link runs from {on} to {what}; it should run the other way", ku.relation
                    )
                )
        elif premises:
            what = _name(kn.get(ku.premise), ku.premise)
            on = _name(kn.get(ku.target), "the step it questions")
            elsewhere = [u for p in premises for (a, _), us in by_pair.items() if a == p for u in us if u not in used]
            if elsewhere and targets:
                wrong = elsewhere[0]
                used.add(wrong)
                there = al.keys_of(wrong.target)
                instead = _name(kn.get(there[0]), wrong.target) if there else _name(sn.get(wrong.target), wrong.target)
                fb.append(Feedback("link", f"{what} {ku.kind} {on}, not {instead}", ku.relation))
            elif targets:
                fb.append(Feedback("missing-link", f"missing link: {what} {ku.kind} {on}", ku.relation))
        per_relation.setdefault(ku.relation, []).append(ok)
    for rid, oks in per_relation.items():
        items[rid] = all(oks)
    n = len(key_units)
    return (linked, n), (polar, n), (directed, n)
