"""Grounded and preferred semantics on textbook frameworks, and against brute force on random ones."""

from __future__ import annotations

from itertools import combinations
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.model import ArgMap
from argmap.semantics import PREFERRED_LIMIT, analyse, framework, statuses

Edges = list[tuple[tuple[str, ...], str]]
Attacks = list[tuple[frozenset[str], str]]


def make_map(attacks: list[tuple[Any, str]], extra: list[dict[str, Any]] | None = None, nodes: str = "") -> ArgMap:
    """Claims named by single letters; an attack is (premise or tuple of linked premises, target)."""
    names = set(nodes)
    rels = []
    for i, (src, dst) in enumerate(attacks):
        premises = list(src) if isinstance(src, tuple) else [src]
        names.update(premises)
        names.add(dst)
        rels.append({"id": f"R{i}", "kind": "attacks", "from": premises, "to": dst})
    nodes_data = [{"id": n, "kind": "claim", "text": n} for n in sorted(names)]
    data = {"argmap": 1, "title": "t", "nodes": nodes_data, "relations": rels + (extra or [])}
    return ArgMap.model_validate(data)


def test_unattacked_is_accepted() -> None:
    assert statuses(make_map([], nodes="ab")) == {"a": "accepted", "b": "accepted"}


def test_chain_reinstates_every_other_argument() -> None:
    acc = analyse(make_map([("a", "b"), ("b", "c"), ("c", "d")]))
    assert acc.statuses() == {"a": "accepted", "b": "rejected", "c": "accepted", "d": "rejected"}
    assert acc.reasons["b"] == "attacked by a (via R0), which stands"
    assert acc.reasons["c"] == "its attacker b (via R1) is defeated"
    assert acc.extensions == 1


def test_long_chain_is_iterative() -> None:
    n = 5_000  # far beyond the recursion limit
    names = [f"n{i}" for i in range(n)]
    data = {
        "argmap": 1,
        "title": "chain",
        "nodes": [{"id": x, "kind": "claim", "text": x} for x in names],
        "relations": [{"id": f"R{i}", "kind": "attacks", "from": [names[i]], "to": names[i + 1]} for i in range(n - 1)],
    }
    labels = statuses(ArgMap.model_validate(data))
    assert labels["n0"] == "accepted"
    assert labels[names[-1]] == ("accepted" if (n - 1) % 2 == 0 else "rejected")


def test_even_cycle_undecided_grounded_two_preferred_extensions() -> None:
    acc = analyse(make_map([("a", "b"), ("b", "a")]))
    assert acc.statuses() == {"a": "undecided", "b": "undecided"}
    assert acc.extensions == 2
    assert acc.preferred["a"] == acc.preferred["b"] == "undecided"
    assert {"a", "b"} <= acc.credulous
    assert acc.preferred_note("a") == "stands in some preferred extensions, not all"


def test_odd_cycle_has_only_the_empty_preferred_extension() -> None:
    acc = analyse(make_map([("a", "b"), ("b", "c"), ("c", "a")]))
    assert set(acc.statuses().values()) == {"undecided"}
    assert acc.extensions == 1
    assert not {"a", "b", "c"} & acc.credulous
    assert acc.preferred_note("a") is None


def test_self_attack_is_undecided_and_so_is_its_victim() -> None:
    acc = analyse(make_map([("a", "a"), ("a", "b")]))
    assert acc.statuses() == {"a": "undecided", "b": "undecided"}
    assert acc.reasons["a"] == "it attacks itself, so it can neither stand nor be defeated"
    assert acc.preferred["b"] == "undecided" and "b" not in acc.credulous


def test_reinstatement_through_an_even_cycle_in_preferred() -> None:
    acc = analyse(make_map([("a", "b"), ("b", "a"), ("b", "c")]))
    assert acc.statuses()["c"] == "undecided"
    assert acc.extensions == 2  # {a, c} and {b}
    assert "c" in acc.credulous
    assert acc.preferred["c"] == "undecided"


def test_floating_acceptance_is_settled_by_preferred_only() -> None:
    acc = analyse(make_map([("a", "b"), ("b", "a"), ("a", "c"), ("b", "c"), ("c", "d")]))
    assert acc.statuses() == {"a": "undecided", "b": "undecided", "c": "undecided", "d": "undecided"}
    assert acc.preferred["c"] == "rejected"
    assert acc.preferred["d"] == "accepted"
    assert acc.preferred_note("d") == "stands in every preferred extension"


def test_linked_premises_attack_only_together() -> None:
    assert statuses(make_map([(("a", "b"), "c")]))["c"] == "rejected"
    labels = statuses(make_map([(("a", "b"), "c"), ("x", "a")]))
    assert labels == {"a": "rejected", "b": "accepted", "c": "accepted", "x": "accepted"}


def test_undercut_defeats_the_relation_and_the_support_it_carried() -> None:
    extra = [
        {"id": "S", "kind": "supports", "from": ["e"], "to": "t"},
        {"id": "U", "kind": "undercuts", "from": ["u"], "to": "S"},
    ]
    m = make_map([], extra, nodes="etu")
    acc = analyse(m)
    assert acc.grounded["S"] == "rejected"
    assert acc.grounded["t"] == "rejected"
    assert acc.reasons["t"].startswith("its support fails: S is defeated")
    # the plain reading, where support plays no part
    plain = analyse(m, supports=False)
    assert plain.grounded["S"] == "rejected" and plain.grounded["t"] == "accepted"


def test_support_is_needed_only_once() -> None:
    extra = [
        {"id": "S1", "kind": "supports", "from": ["e"], "to": "t"},
        {"id": "S2", "kind": "supports", "from": ["f"], "to": "t"},
    ]
    acc = analyse(make_map([("z", "e")], extra, nodes="eftz"))
    assert acc.grounded["e"] == "rejected"
    assert acc.grounded["t"] == "accepted"
    assert "its support S2 stands" in acc.reasons["t"]
    acc = analyse(make_map([("z", "e"), ("z", "f")], extra, nodes="eftz"))
    assert acc.grounded["t"] == "rejected"


def test_unknown_ids_are_left_out() -> None:
    m = make_map([("a", "b")])
    m.relations.append(m.relations[0].model_copy(update={"id": "R9", "premises": ["ghost"]}))
    assert statuses(m) == {"a": "accepted", "b": "rejected"}
    assert len(framework(m).attacks) == 1


def test_large_undecided_component_is_not_enumerated() -> None:
    n = PREFERRED_LIMIT + 2
    attacks = [(f"a{i}", f"a{(i + 1) % n}") for i in range(n)]
    data = {
        "argmap": 1,
        "title": "t",
        "nodes": [{"id": f"a{i}", "kind": "claim", "text": "x"} for i in range(n)],
        "relations": [{"id": f"R{i}", "kind": "attacks", "from": [s], "to": d} for i, (s, d) in enumerate(attacks)],
    }
    acc = analyse(ArgMap.model_validate(data))
    assert acc.extensions is None
    assert acc.not_computed == {f"a{i}" for i in range(n)}
    assert acc.preferred_note("a0") == "preferred labels not computed (conflict too large)"


# --------------------------------------------------------------------------- against brute force


def _brute(args: list[str], attacks: Attacks) -> tuple[set[str], list[frozenset[str]]]:
    """Grounded extension by iterating the characteristic function; preferred by enumeration."""

    def attacked_by(s: frozenset[str]) -> set[str]:
        return {t for p, t in attacks if p <= s}

    def defended(s: frozenset[str], a: str) -> bool:
        hit = attacked_by(s)
        return all(p & hit for p, t in attacks if t == a)

    grounded: frozenset[str] = frozenset()
    while True:
        nxt = frozenset(a for a in args if defended(grounded, a))
        if nxt == grounded:
            break
        grounded = nxt
    admissible = []
    for k in range(len(args) + 1):
        for combo in combinations(args, k):
            s = frozenset(combo)
            if attacked_by(s) & s:
                continue
            if all(defended(s, a) for a in s):
                admissible.append(s)
    preferred = [s for s in admissible if not any(s < t for t in admissible)]
    return set(grounded), preferred


@st.composite
def frameworks(draw: st.DrawFn) -> tuple[list[str], Edges]:
    n = draw(st.integers(1, 6))
    names = [chr(ord("a") + i) for i in range(n)]
    edges = draw(
        st.lists(
            st.tuples(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True), st.sampled_from(names)),
            max_size=9,
        )
    )
    return names, [(tuple(p), t) for p, t in edges]


@settings(max_examples=40, deadline=None)
@given(frameworks())
def test_grounded_and_preferred_match_brute_force(fw: tuple[list[str], Edges]) -> None:
    names, edges = fw
    m = make_map([(p if len(p) > 1 else p[0], t) for p, t in edges], nodes="".join(names))
    acc = analyse(m)
    # relation ids are arguments too (they could be undercut); unattacked, they are always in
    rel_ids = [r.id for r in m.relations]
    attacks = [(frozenset((*p, f"R{i}")), t) for i, (p, t) in enumerate(edges)]
    grounded, preferred = _brute(names + rel_ids, attacks)
    assert {a for a in names if acc.grounded[a] == "accepted"} == grounded & set(names)
    out = {t for p, t in attacks if p <= grounded}
    assert {a for a in names if acc.grounded[a] == "rejected"} == out & set(names)
    assert acc.extensions == len(preferred)
    for a in names:
        in_all = all(a in s for s in preferred)
        in_some = any(a in s for s in preferred)
        assert (acc.preferred[a] == "accepted") == in_all
        assert (a in acc.credulous) == in_some
