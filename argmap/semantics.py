"""Which nodes survive the map's conflicts: Dung's grounded and preferred semantics.

The map is read as an abstract argumentation framework with *collective* attacks (a SETAF):

- the arguments are the node ids and the relation ids;
- an ``attacks`` relation R from premises P to node T is one attack on T by the set P ∪ {R}:
  linked premises attack only together, and the relation itself is a member so that an undercut
  can defeat the inference (a relation that nothing undercuts is always accepted, so it is left
  out of the set);
- an ``undercuts`` relation U from premises P to relation R is an attack on R by P ∪ {U};
- support is *necessary* for a node that has any: a node that is the target of ``supports``
  relations stands only while at least one of them stands (all its premises accepted and the
  relation itself not defeated). This is encoded with one auxiliary argument per supported node,
  "N lacks support", which attacks N and which each supports relation R (premises P) attacks
  with the set P ∪ {R}. A node without any support is taken as given unless attacked. Pass
  ``supports=False`` to :func:`analyse` for the plain reading in which support plays no part.

Two readings of the author's own weighing:

- a relation with a ``condition`` that has not been met (``condition_met`` unset) holds only if it is:
  one auxiliary argument "R's condition is met" and its rival "R's condition is not met" attack each
  other, and the first is a member of R's attack. Grounded semantics leaves both open, so a
  conditional attack leaves its target *open* (undecided), never defeated; in the preferred
  extensions it holds in some and not others. ``condition_met: true`` makes it a plain relation and
  ``condition_met: false`` leaves it out;
- an ``outweighed`` attack (a concession: the author grants the objection and holds that the target
  outweighs it) is not an attack here: it stands or falls with its premises, but never defeats its
  target. The explanations name it.

So an undercut that defeats a claim's only support brings the claim down, and a *rejected* support
relation no longer transmits support (the evidence-gap rules and ``argmap gaps`` ignore it when they
trace evidence to claims).

Grounded labelling: an argument is accepted when every attack on it has a rejected member, rejected
when some attack on it has only accepted members, undecided otherwise (least fixpoint, computed
iteratively in linear time). Preferred labellings (complete labellings with a maximal accepted set)
are computed on the undecided part only, split into independent components; a component larger
than :data:`PREFERRED_LIMIT` arguments is left undecided and reported as not computed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, NamedTuple

from argmap.model import ArgMap, Relation
from argmap.preferred import PREFERRED_LIMIT, preferred_labels

__all__ = [
    "PREFERRED_LIMIT",
    "STANDING",
    "Acceptability",
    "Attack",
    "Framework",
    "Label",
    "Reasons",
    "analyse",
    "framework",
    "standing",
    "statuses",
]

Label = Literal["accepted", "rejected", "undecided"]
STANDING: dict[str, str] = {"accepted": "stands", "rejected": "defeated", "undecided": "undecided"}
"""What people read for a grounded label: a claim *stands* or is *defeated* under the attacks drawn in
the map. The words say what survives the map's conflicts, not whether the author proved anything
(that is a claim's grounding, :mod:`argmap.rules.grounding`). The labels stay the Dung terms inside."""


class Attack(NamedTuple):
    """``members`` attack ``target`` together; ``relation`` is the map relation that says so.

    ``kind`` is ``attack`` (attacks and undercuts), ``support`` (a supports relation attacking its
    target's "lacks support" argument) or ``unsupported`` (that argument attacking the node).
    """

    members: tuple[str, ...]
    target: str
    relation: str
    kind: str = "attack"


def lacks_support(node_id: str) -> str:
    """Id of the auxiliary argument "node lacks support" (a space keeps it apart from map ids)."""
    return f"{node_id} lacks-support"


def condition_met(relation_id: str) -> str:
    """Id of the auxiliary argument "the relation's condition is met" (a space keeps it apart)."""
    return f"{relation_id} condition-met"


def condition_unmet(relation_id: str) -> str:
    """Id of its rival, "the relation's condition is not met"."""
    return f"{relation_id} condition-unmet"


@dataclass
class Framework:
    """Arguments (node and relation ids, in map order) and the collective attacks among them."""

    arguments: list[str]
    edges: list[tuple[tuple[str, ...], str, str, str]]
    """The attacks as plain (members, target, relation, kind) tuples: a named tuple costs about twice
    as much to make, and a big map has one per relation."""
    nodes: set[str] = field(default_factory=set)
    outweighed: dict[str, list[str]] = field(default_factory=dict)
    """Target -> the outweighed attacks on it (concessions), left out of the edges."""
    conditions: dict[str, str] = field(default_factory=dict)
    """Relation id -> its condition, for the relations that hold only if it is met."""

    @cached_property
    def attacks(self) -> list[Attack]:
        """The collective attacks, in the order of :attr:`edges`."""
        return [Attack(*e) for e in self.edges]


def framework(m: ArgMap, *, supports: bool = True) -> Framework:
    """The framework of a map; relations naming unknown ids are left out (validation reports them)."""
    nodes = [n.id for n in m.nodes]
    rels = m.relations
    relations = [r.id for r in rels]
    node_set = set(nodes)
    rel_set = set(relations)
    attacks: list[tuple[tuple[str, ...], str, str, str]] = []
    add = attacks.append
    supported: dict[str, str] = {}
    """Supported node -> the id of its "lacks support" argument, made once and shared by its attacks."""
    # A relation that nothing undercuts is trivially accepted: leave it out of the attacking sets.
    undercut = {r.target for r in rels if r.kind == "undercuts"}
    outweighed: dict[str, list[str]] = {}
    conditions: dict[str, str] = {}
    for r in rels:
        if r.condition is not None and not _holds(r, conditions):
            continue
        if r.outweighed and r.kind != "supports":
            outweighed.setdefault(r.target, []).append(r.id)
            continue
        raw = r.premises
        if len(raw) == 1:
            premises: tuple[str, ...] = (raw[0],)
            if raw[0] not in node_set:
                continue
        else:
            premises = tuple(dict.fromkeys(raw))
            if not node_set.issuperset(premises):
                continue
        rid, target = r.id, r.target
        members = (*premises, rid) if undercut and rid in undercut else premises
        if conditions and rid in conditions:
            members = (*members, condition_met(rid))
        if r.kind == "supports":
            if supports and target in node_set and target not in premises:
                aux = supported.get(target)
                if aux is None:
                    aux = supported[target] = lacks_support(target)
                add((members, aux, rid, "support"))
            continue
        if target in (node_set if r.kind == "attacks" else rel_set):
            add((members, target, rid, "attack"))
    attacks.extend([((aux,), n, aux, "unsupported") for n, aux in supported.items()])
    lacking = [*supported.values(), *_condition_arguments(conditions, attacks)]
    arguments = _arguments(nodes, relations, lacking, node_set, rel_set)
    return Framework(arguments, attacks, node_set, outweighed, conditions)


def _holds(r: Relation, conditions: dict[str, str]) -> bool:
    """Whether a relation with a condition holds: not when the condition failed; while it is open it
    holds only if the condition is met, and is noted in ``conditions``."""
    if r.condition_met is None and r.condition is not None:
        conditions[r.id] = r.condition
    return r.condition_met is not False


def _arguments(
    nodes: list[str], relations: list[str], lacking: list[str], node_set: set[str], rel_set: set[str]
) -> list[str]:
    """Every argument once: the nodes, the relations, then the made-up ones (in map order)."""
    distinct = len(node_set) + len(rel_set) == len(nodes) + len(relations) and node_set.isdisjoint(rel_set)
    if distinct and node_set.isdisjoint(lacking) and rel_set.isdisjoint(lacking):
        return [*nodes, *relations, *lacking]  # no id twice (as validation requires): nothing to drop
    return list(dict.fromkeys((*nodes, *relations, *lacking)))


def _condition_arguments(conditions: dict[str, str], attacks: list[tuple[tuple[str, ...], str, str, str]]) -> list[str]:
    """The open conditions' argument pairs ("met" and "not met", attacking each other)."""
    made: list[str] = []
    for rid in conditions:
        met, unmet = condition_met(rid), condition_unmet(rid)
        attacks.append(((unmet,), met, rid, "condition"))
        attacks.append(((met,), unmet, rid, "condition"))
        made += [met, unmet]
    return made


@dataclass
class Acceptability:
    """Labels of every argument under grounded semantics, preferred where computed, and why."""

    framework: Framework
    grounded: dict[str, Label]
    preferred: dict[str, Label]
    """Skeptical preferred label: accepted/rejected in every preferred labelling, else undecided."""
    credulous_extra: set[str]
    """Arguments undecided under grounded semantics but accepted in some preferred labelling."""
    extensions: int | None
    """Number of preferred extensions, None when a component was too large to enumerate."""
    not_computed: set[str]
    """Undecided arguments whose preferred label was not computed (component too large)."""
    reasons: Mapping[str, str]
    _by_label: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def credulous(self) -> set[str]:
        """Arguments accepted in at least one preferred labelling."""
        return {a for a, lab in self.grounded.items() if lab == "accepted"} | self.credulous_extra

    def with_label(self, label: Label) -> list[str]:
        """Arguments with this grounded label, in map order (nodes, then relations)."""
        if label not in self._by_label:
            self._by_label[label] = [a for a, lab in self.grounded.items() if lab == label]
        return list(self._by_label[label])

    def statuses(self) -> dict[str, Label]:
        """Grounded label of every node (relations left out)."""
        return {a: lab for a, lab in self.grounded.items() if a in self.framework.nodes}

    def preferred_note(self, arg: str) -> str | None:
        """How the preferred view differs from the grounded one for ``arg``, if it does."""
        if self.grounded.get(arg) != "undecided":
            return None
        if arg in self.not_computed:
            return "preferred labels not computed (conflict too large)"
        pref = self.preferred[arg]
        if pref != "undecided":
            return f"{standing(pref)} in every preferred extension"
        if arg in self.credulous_extra:
            return "stands in some preferred extensions, not all"
        return None


def statuses(m: ArgMap) -> dict[str, str]:
    """Node id -> "accepted" | "rejected" | "undecided" under grounded semantics."""
    return dict(analyse(m).statuses())


def standing(label: str | None) -> str:
    """The word shown for a grounded label (stands, defeated, undecided)."""
    return STANDING.get(label or "undecided", "undecided")


def analyse(m: ArgMap, *, supports: bool = True) -> Acceptability:
    """Grounded and preferred labels of every node and relation of ``m``, with explanations.

    ``supports=False`` ignores support relations (plain Dung reading: only attacks count).
    """
    fw = framework(m, supports=supports)
    grounded, killer, winner = _grounded(fw)
    preferred, credulous, count, not_computed = preferred_labels(fw.edges, grounded)
    reasons = Reasons(fw, grounded, killer, winner)
    return Acceptability(fw, grounded, preferred, credulous, count, not_computed, reasons)


# --------------------------------------------------------------------------- grounded


_LABELS: tuple[Label, Label, Label] = ("undecided", "accepted", "rejected")


def _grounded(fw: Framework) -> tuple[dict[str, Label], dict[int, str], dict[str, int]]:
    """Least fixpoint by propagation, O(arguments + attack members), on integer indices.

    Returns the labels, for each defeated attack the rejected member that defeated it, and for each
    rejected argument the attack (all members accepted) that rejected it.
    """
    args = fw.arguments
    n = len(args)
    index = dict(zip(args, range(n), strict=True))
    live = [0] * n
    member_of: list[list[int] | None] = [None] * n
    targets = [index[a[1]] for a in fw.edges]
    pending = [len(a[0]) for a in fw.edges]
    for t in targets:
        live[t] += 1
    for k, a in enumerate(fw.edges):
        for x in a[0]:
            i = index[x]
            ks = member_of[i]
            if ks is None:
                member_of[i] = [k]
            else:
                ks.append(k)
    label = [0] * n  # 0 undecided, 1 accepted, 2 rejected
    killer: dict[int, str] = {}
    winner: dict[str, int] = {}
    stack = [i for i, c in enumerate(live) if not c]
    for i in stack:
        label[i] = 1
    stack.reverse()  # pop in map order
    pop, push = stack.pop, stack.append
    while stack:
        i = pop()
        ks = member_of[i]
        if ks is None:
            continue
        if label[i] == 1:
            for k in ks:
                pending[k] -= 1
                if pending[k] == 0 and k not in killer:
                    t = targets[k]
                    if label[t] == 0:
                        label[t] = 2
                        winner[args[t]] = k
                        push(t)
        else:
            for k in ks:
                if k in killer:
                    continue
                killer[k] = args[i]
                t = targets[k]
                live[t] -= 1
                if live[t] == 0 and label[t] == 0:
                    label[t] = 1
                    push(t)
    names = _LABELS
    return dict(zip(args, [names[x] for x in label], strict=True)), killer, winner


# --------------------------------------------------------------------------- explanations


def _who(attack: Attack) -> str:
    premises = [x for x in attack.members if x != attack.relation and x != condition_met(attack.relation)]
    return f"{' + '.join(premises)} (via {attack.relation})"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class _Made:
    def __init__(self, edges: list[tuple[tuple[str, ...], str, str, str]]) -> None:
        self.edges = edges

    def __getitem__(self, k: int) -> Attack:
        return Attack(*self.edges[k])


class Reasons(Mapping[str, str]):
    """One sentence per argument, computed when asked: which attacker wins, which attacks fail,
    whether the argument's support stands. Lazy, because a report reads only a few of them."""

    def __init__(
        self, fw: Framework, grounded: dict[str, Label], killer: dict[int, str], winner: dict[str, int]
    ) -> None:
        self.fw, self.grounded, self.killer, self.winner = fw, grounded, killer, winner
        self._on: dict[str, list[int]] | None = None
        self.attack = _Made(fw.edges)
        """Attack ``k``, made when a sentence needs it (not the framework's 60,000 at once)."""
        self._cache: dict[str, str] = {}

    def __getitem__(self, arg: str) -> str:
        if arg not in self.grounded:
            raise KeyError(arg)
        if arg not in self._cache:
            self._cache[arg] = self._explain(arg)
        return self._cache[arg]

    def __iter__(self) -> Iterator[str]:
        return iter(self.grounded)

    def __len__(self) -> int:
        return len(self.grounded)

    @property
    def on(self) -> dict[str, list[int]]:
        if self._on is None:
            self._on = {}
            for k, a in enumerate(self.fw.edges):
                self._on.setdefault(a[1], []).append(k)
        return self._on

    def _support_state(self, node: str) -> str:
        attacks, killer, grounded = self.attack, self.killer, self.grounded
        ks = self.on.get(lacks_support(node), [])
        for k in ks:
            if k not in killer and all(grounded[x] == "accepted" for x in attacks[k].members):
                return f"its support {attacks[k].relation} stands"
        failed = []
        for k in ks:
            a = attacks[k]
            dead = killer.get(k)
            if dead is None:
                failed.append(f"{a.relation} is undecided")
            elif dead == a.relation:
                failed.append(f"{a.relation} is defeated ({self[dead]})")
            else:
                failed.append(f"premise {dead} of {a.relation} is defeated")
        return "its support fails: " + "; ".join(failed)

    def _explain(self, arg: str) -> str:
        text = self._explain_attacks(arg)
        outweighed = self.fw.outweighed.get(arg)
        if outweighed:
            verb = "is" if len(outweighed) == 1 else "are"
            said = f"{_and(outweighed)} {verb} outweighed (conceded by the author, not a defeat)"
            text = said + text.removeprefix("not attacked") if text.startswith("not attacked") else f"{text}; {said}"
        return text

    def _open(self, a: Attack) -> str:
        """Why an attack that nothing defeated is still open."""
        cond = self.fw.conditions.get(a.relation)
        if cond is not None and condition_met(a.relation) in a.members:
            return f"{_who(a)} holds only if {cond}, which has not been met"
        return f"{_who(a)} is undecided"

    def _explain_attacks(self, arg: str) -> str:
        attacks_all, killer = self.attack, self.killer
        ks = [k for k in self.on.get(arg, []) if attacks_all[k].kind != "support"]
        attacks = [k for k in ks if attacks_all[k].kind == "attack"]
        has_support = any(attacks_all[k].kind == "unsupported" for k in ks)
        lab = self.grounded[arg]
        if lab == "accepted":
            parts = []
            for k in attacks:
                dead, a = killer[k], attacks_all[k]
                if dead == a.relation:
                    parts.append(f"the attack {a.relation} is itself defeated")
                else:
                    parts.append(f"its attacker {dead} (via {a.relation}) is defeated")
            if has_support:
                parts.append(self._support_state(arg))
            if not attacks:
                parts.insert(0, "not attacked")
            return "; ".join(parts)
        if lab == "rejected":
            a = attacks_all[self.winner[arg]]
            if a.kind == "unsupported":
                return self._support_state(arg)
            return f"attacked by {_who(a)}, which stands"
        open_attacks = [attacks_all[k] for k in attacks if k not in killer]
        if any(arg in a.members for a in open_attacks):
            return "it attacks itself, so it can neither stand nor be defeated"
        parts = [self._open(a) for a in open_attacks]
        if has_support and self.grounded.get(lacks_support(arg)) == "undecided":
            parts.append("its support is undecided")
        return "unresolved conflict: " + "; ".join(parts)
