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
    """(linked, polarity, direction) as (points, out of), feedback in ``fb`` and, per key relation,
    whether every premise of it is linked right in ``items``."""
    grader = _LinkGrader(key, student, al, fb, given)
    key_units = [u for u in _units(key.relations) if u.relation not in given]
    # Every link the student made right is credited before any is read as a wrong one: evidence that
    # bears on C1 and C6, linked by the student to C6 alone, would otherwise be spent on the key's
    # link to C1 ("... not C6") and the link to C6 called missing.
    ordered = sorted(key_units, key=lambda u: u.kind == "undercuts")  # a step before its undercuts
    unmatched = [ku for ku in ordered if not grader.credit(ku)]
    for ku in unmatched:
        grader.missing(ku)
    for rid, oks in grader.per_relation.items():
        items[rid] = all(oks)
    n = len(key_units)
    return (grader.linked, n), (grader.polar, n), (grader.directed, n)


class _LinkGrader:
    """The key's links, one premise at a time, against the student's: counts and feedback."""

    def __init__(self, key: ArgMap, student: ArgMap, al: Alignment, fb: list[Feedback], given: frozenset[str]) -> None:
        self.kn = {n.id: n for n in key.nodes}
        self.sn = {n.id: n for n in student.nodes}
        self.steps = {r.id: r for r in key.relations}
        self.own_steps = {r.id: r for r in student.relations if r.id not in self.steps}
        self.al, self.fb = al, fb
        self.counterpart: dict[str, set[str]] = {k: set(al.students_of(k)) for k in self.kn}
        k_thesis = next((n.id for n in key.nodes if n.kind == "thesis"), None)
        s_thesis = next((n.id for n in student.nodes if n.kind == "thesis"), None)
        if k_thesis and s_thesis and not self.counterpart.get(k_thesis) and not al.keys_of(s_thesis):
            self.counterpart[k_thesis] = {s_thesis}  # a thesis in other words loses the thesis, not every link
        self.by_pair: dict[tuple[str, str], list[_Unit]] = {}
        for u in _units(student.relations):
            if u.relation in given:
                continue  # handed out by the worksheet: it earns nothing, nor stands in for a step asked
            self.by_pair.setdefault((u.premise, u.target), []).append(u)
        # a step the worksheet handed out is in the student's map under its own id
        self.rel_map: dict[str, set[str]] = {r.id: {r.id} for r in student.relations if r.id in given}
        self.used: set[_Unit] = set()
        self.linked = self.polar = self.directed = 0.0
        self.per_relation: dict[str, list[bool]] = {}

    def _ends(self, ku: _Unit) -> tuple[set[str], set[str]]:
        """The student's counterparts of the premise and of the target (a step, for an undercut)."""
        premises = self.counterpart.get(ku.premise, set())
        if ku.kind == "undercuts":
            return premises, self.rel_map.get(ku.target, set())
        return premises, self.counterpart.get(ku.target, set())

    def credit(self, ku: _Unit) -> bool:
        """One premise of one key relation, linked by the student (or merged into one node): counted,
        and True; False when the student has no link for it, left to ``missing``."""
        self.per_relation.setdefault(ku.relation, [])  # the key's order, whatever is found first
        premises, targets = self._ends(ku)
        if premises and targets and premises & targets and ku.kind != "undercuts":
            self.linked, self.polar, self.directed = self.linked + 1, self.polar + 1, self.directed + 1  # merged
            self.per_relation[ku.relation].append(True)
            return True
        pick = self._pick(ku, premises, targets)
        if pick is None:
            return False
        self.per_relation[ku.relation].append(self._credit(ku, *pick))
        return True

    def missing(self, ku: _Unit) -> None:
        """One premise of one key relation the student did not link: said, once every link is credited."""
        premises, targets = self._ends(ku)
        if premises:
            self._missing(ku, premises, targets)
        self.per_relation[ku.relation].append(False)

    def _step(self, rid: str) -> str:
        """A step of the key as the worksheet names it: 'the step R32 from "..." to "..."'."""
        r = self.steps.get(rid)
        if r is not None:
            ends = " + ".join(_name(self.kn.get(p), p) for p in r.premises)
            return f"the step {rid} from {ends} to {_name(self.kn.get(r.target), r.target)}"
        own = self.own_steps.get(rid)  # a step the student drew that the key does not have
        if own is None:
            return "the step it questions"
        ends = " + ".join(_name(self.sn.get(p), p) for p in own.premises)
        return f"your step from {ends} to {_name(self.sn.get(own.target), own.target)}"

    def _pick(self, ku: _Unit, premises: set[str], targets: set[str]) -> tuple[_Unit, bool] | None:
        """The student's link standing for this one, and whether it runs forward: the same kind first."""
        pairs = self.by_pair
        forward = [u for p in premises for t in targets for u in pairs.get((p, t), []) if u not in self.used]
        backward = [u for p in premises for t in targets for u in pairs.get((t, p), []) if u not in self.used]
        if forward:
            return next((u for u in forward if u.kind == ku.kind), forward[0]), True
        if backward:
            return next((u for u in backward if u.kind == ku.kind), backward[0]), False
        return None

    def _credit(self, ku: _Unit, su: _Unit, is_forward: bool) -> bool:
        """Count the student's link; a swapped kind or a reversed link is named. Right in full?"""
        self.used.add(su)
        self.rel_map.setdefault(ku.relation, set()).add(su.relation)
        self.linked += 1
        self.directed += is_forward
        self.polar += su.kind == ku.kind
        what = _name(self.kn.get(ku.premise), ku.premise)
        on = _name(self.kn.get(ku.target), self._step(ku.target))
        if su.kind != ku.kind:
            self.fb.append(Feedback("polarity", _swap(what, on, su.kind, ku.kind), ku.relation))
        elif not is_forward:
            self.fb.append(
                Feedback("direction", f"your link runs from {on} to {what}; it should run the other way", ku.relation)
            )
        return is_forward and su.kind == ku.kind

    def _missing(self, ku: _Unit, premises: set[str], targets: set[str]) -> None:
        """No link where the key has one: the premise linked elsewhere instead, or not at all."""
        what = _name(self.kn.get(ku.premise), ku.premise)
        on = _name(self.kn.get(ku.target), self._step(ku.target))
        elsewhere = [
            u for p in premises for (a, _), us in self.by_pair.items() if a == p for u in us if u not in self.used
        ]
        if elsewhere and targets:
            wrong = elsewhere[0]
            self.used.add(wrong)
            there = self.al.keys_of(wrong.target)
            if there:
                instead = _name(self.kn.get(there[0]), wrong.target)
            else:
                instead = _name(self.sn.get(wrong.target), self._step(wrong.target))
            self.fb.append(Feedback("link", f"{what} {ku.kind} {on}, not {instead}", ku.relation))
        elif targets:
            self.fb.append(Feedback("missing-link", f"missing link: {what} {ku.kind} {on}", ku.relation))
