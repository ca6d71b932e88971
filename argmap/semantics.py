"""Which nodes survive the map's conflicts: Dung's grounded and preferred semantics.

The map is read as an abstract argumentation framework with *collective* attacks (a SETAF):

- the arguments are the node ids and the relation ids;
- an ``attacks`` relation R from premises P to node T is one attack on T by the set P ∪ {R}:
  linked premises attack only together, and the relation itself is a member so that an undercut
  can defeat the inference;
- an ``undercuts`` relation U from premises P to relation R is an attack on R by P ∪ {U};
- support is *necessary* for a node that has any: a node that is the target of ``supports``
  relations stands only while at least one of them stands (all its premises accepted and the
  relation itself not defeated). This is encoded with one auxiliary argument per supported node,
  "N lacks support", which attacks N and which each supports relation R (premises P) attacks
  with the set P ∪ {R}. A node without any support is taken as given unless attacked. Pass
  ``supports=False`` to :func:`analyse` for the plain reading in which support plays no part.

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

from collections import deque
from dataclasses import dataclass, field
from typing import Literal

from argmap.model import ArgMap

__all__ = [
    "PREFERRED_LIMIT",
    "Acceptability",
    "Attack",
    "Framework",
    "Label",
    "analyse",
    "framework",
    "statuses",
]

Label = Literal["accepted", "rejected", "undecided"]
PREFERRED_LIMIT = 14
"""Largest undecided component whose preferred labellings are enumerated (2**n subsets)."""


@dataclass(frozen=True, slots=True)
class Attack:
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


@dataclass
class Framework:
    """Arguments (node and relation ids, in map order) and the collective attacks among them."""

    arguments: list[str]
    attacks: list[Attack]
    nodes: set[str] = field(default_factory=set)


def framework(m: ArgMap, *, supports: bool = True) -> Framework:
    """The framework of a map; relations naming unknown ids are left out (validation reports them)."""
    nodes = [n.id for n in m.nodes]
    relations = [r.id for r in m.relations]
    node_set = set(nodes)
    rel_set = set(relations)
    attacks: list[Attack] = []
    supported: dict[str, None] = {}
    for r in m.relations:
        premises = tuple(dict.fromkeys(r.premises))
        if not all(p in node_set for p in premises):
            continue
        if r.kind == "supports":
            if supports and r.target in node_set and r.target not in premises:
                supported[r.target] = None
                attacks.append(Attack((*premises, r.id), lacks_support(r.target), r.id, "support"))
            continue
        if r.target in (node_set if r.kind == "attacks" else rel_set):
            attacks.append(Attack((*premises, r.id), r.target, r.id))
    for n in supported:
        aux = lacks_support(n)
        attacks.append(Attack((aux,), n, aux, "unsupported"))
    arguments = list(dict.fromkeys((*nodes, *relations, *(lacks_support(n) for n in supported))))
    return Framework(arguments, attacks, node_set)


@dataclass
class Acceptability:
    """Labels of every argument under grounded semantics, preferred where computed, and why."""

    framework: Framework
    grounded: dict[str, Label]
    preferred: dict[str, Label]
    """Skeptical preferred label: accepted/rejected in every preferred labelling, else undecided."""
    credulous: set[str]
    """Arguments accepted in at least one preferred labelling."""
    extensions: int | None
    """Number of preferred extensions, None when a component was too large to enumerate."""
    not_computed: set[str]
    """Undecided arguments whose preferred label was not computed (component too large)."""
    reasons: dict[str, str]

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
            return f"{pref} in every preferred extension"
        if arg in self.credulous:
            return "accepted in some preferred extensions, not all"
        return None


def statuses(m: ArgMap) -> dict[str, str]:
    """Node id -> "accepted" | "rejected" | "undecided" under grounded semantics."""
    return dict(analyse(m).statuses())


def analyse(m: ArgMap, *, supports: bool = True) -> Acceptability:
    """Grounded and preferred labels of every node and relation of ``m``, with explanations.

    ``supports=False`` ignores support relations (plain Dung reading: only attacks count).
    """
    fw = framework(m, supports=supports)
    grounded, killer, winner = _grounded(fw)
    preferred, credulous, count, not_computed = _preferred(fw, grounded)
    reasons = _explain(fw, grounded, killer, winner)
    return Acceptability(fw, grounded, preferred, credulous, count, not_computed, reasons)


# --------------------------------------------------------------------------- grounded


def _grounded(fw: Framework) -> tuple[dict[str, Label], dict[int, str], dict[str, int]]:
    """Least fixpoint by propagation, O(arguments + attack members).

    Returns the labels, for each defeated attack the rejected member that defeated it, and for each
    rejected argument the attack (all members accepted) that rejected it.
    """
    attacks = fw.attacks
    live: dict[str, int] = dict.fromkeys(fw.arguments, 0)
    member_of: dict[str, list[int]] = {}
    pending = [len(a.members) for a in attacks]
    for k, a in enumerate(attacks):
        live[a.target] += 1
        for x in a.members:
            member_of.setdefault(x, []).append(k)
    label: dict[str, Label] = {}
    killer: dict[int, str] = {}
    winner: dict[str, int] = {}
    queue: deque[str] = deque()
    for arg in fw.arguments:
        if live[arg] == 0:
            label[arg] = "accepted"
            queue.append(arg)
    while queue:
        arg = queue.popleft()
        if label[arg] == "accepted":
            for k in member_of.get(arg, ()):
                pending[k] -= 1
                if pending[k] == 0 and k not in killer:
                    t = attacks[k].target
                    if t not in label:
                        label[t] = "rejected"
                        winner[t] = k
                        queue.append(t)
        else:
            for k in member_of.get(arg, ()):
                if k in killer:
                    continue
                killer[k] = arg
                t = attacks[k].target
                live[t] -= 1
                if live[t] == 0 and t not in label:
                    label[t] = "accepted"
                    queue.append(t)
    for arg in fw.arguments:
        label.setdefault(arg, "undecided")
    return {a: label[a] for a in fw.arguments}, killer, winner


# --------------------------------------------------------------------------- preferred


def _preferred(
    fw: Framework, grounded: dict[str, Label]
) -> tuple[dict[str, Label], set[str], int | None, set[str]]:
    """Preferred labels: grounded accepted/rejected stay; the undecided part is enumerated per component.

    Restricted to the undecided arguments U, an attack whose members are all accepted or undecided
    becomes the attack by its undecided members; attacks with a rejected member are void. Components
    of U that share no attack are independent, so their preferred labellings multiply.
    """
    preferred: dict[str, Label] = dict(grounded)
    credulous = {a for a, lab in grounded.items() if lab == "accepted"}
    undecided = [a for a in fw.arguments if grounded[a] == "undecided"]
    if not undecided:
        return preferred, credulous, 1, set()
    uset = set(undecided)
    restricted: list[tuple[tuple[str, ...], str]] = []
    for att in fw.attacks:
        if att.target not in uset or any(grounded[x] == "rejected" for x in att.members):
            continue
        restricted.append((tuple(x for x in att.members if x in uset), att.target))
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


# --------------------------------------------------------------------------- explanations


def _who(attack: Attack) -> str:
    premises = [x for x in attack.members if x != attack.relation]
    return f"{' + '.join(premises)} (via {attack.relation})"


def _explain(
    fw: Framework, grounded: dict[str, Label], killer: dict[int, str], winner: dict[str, int]
) -> dict[str, str]:
    """One sentence per argument: which attacker wins, which attacks fail, which support stands."""
    on: dict[str, list[int]] = {}
    for k, a in enumerate(fw.attacks):
        on.setdefault(a.target, []).append(k)
    reasons: dict[str, str] = {}

    def support_state(node: str) -> str:
        """Why the node's support stands, fails or is unsettled."""
        ks = on.get(lacks_support(node), [])
        standing = [
            fw.attacks[k]
            for k in ks
            if k not in killer and all(grounded[x] == "accepted" for x in fw.attacks[k].members)
        ]
        if standing:
            return f"its support {standing[0].relation} stands"
        failed = []
        for k in ks:
            a = fw.attacks[k]
            dead = killer.get(k)
            if dead is None:
                failed.append(f"{a.relation} is undecided")
            elif dead == a.relation:
                failed.append(f"{a.relation} is defeated ({reasons.get(dead) or 'undercut'})")
            else:
                failed.append(f"premise {dead} of {a.relation} is rejected")
        return "its support fails: " + "; ".join(failed)

    order = sorted(fw.arguments, key=lambda a: a in fw.nodes)  # relations first: node reasons cite them
    for arg in order:
        ks = [k for k in on.get(arg, []) if fw.attacks[k].kind != "support"]
        lab = grounded[arg]
        attacks = [k for k in ks if fw.attacks[k].kind == "attack"]
        has_support = any(fw.attacks[k].kind == "unsupported" for k in ks)
        if lab == "accepted":
            parts = []
            for k in attacks:
                dead, a = killer[k], fw.attacks[k]
                if dead == a.relation:
                    parts.append(f"the attack {a.relation} is itself defeated")
                else:
                    parts.append(f"its attacker {dead} (via {a.relation}) is rejected")
            if has_support:
                parts.append(support_state(arg))
            if not attacks:
                parts.insert(0, "not attacked")
            reasons[arg] = "; ".join(parts)
        elif lab == "rejected":
            a = fw.attacks[winner[arg]]
            if a.kind == "unsupported":
                reasons[arg] = support_state(arg)
            else:
                reasons[arg] = f"attacked by {_who(a)}, which is accepted"
        else:
            open_attacks = [fw.attacks[k] for k in attacks if k not in killer]
            if any(arg in a.members for a in open_attacks):
                reasons[arg] = "it attacks itself, so it can be neither accepted nor rejected"
                continue
            parts = [f"{_who(a)} is undecided" for a in open_attacks]
            if has_support and grounded.get(lacks_support(arg)) == "undecided":
                parts.append("its support is undecided")
            reasons[arg] = "unresolved conflict: " + "; ".join(parts)
    return reasons
