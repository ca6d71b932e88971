"""Rules, semantics and the gaps report never crash on a shape-valid map, however odd its structure.

The strategy builds maps from plain data: any node kinds and evidence types with optional fields
present or absent, relations of every kind between any ids (including unknown ones, self-loops,
cycles, undercuts of undercuts and duplicate ids), sources with and without dates and kinds.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.gapsreport import build_report, report_json
from argmap.load import LoadResult
from argmap.model import ArgMap
from argmap.rules import all_rules, run_rules
from argmap.rules.grounding import grounding
from argmap.semantics import analyse

DATES = st.sampled_from(
    ["2012", "2013", "2014-07", "2014-07-11", "2000-07-19", "1961-07-11", "2014-06/2014-08", "2020"]
)
NUMBERS = st.one_of(st.integers(-5, 200), st.sampled_from([0.0, 37.3, 104.0, 75.7, 1e-3, 1e12]))
CHANGE: dict[str, st.SearchStrategy[Any]] = {"percent": NUMBERS, "absolute": NUMBERS, "since": DATES}
TEXTS = st.sampled_from(["Trade is growing.", "about 100 missiles", "fired 100 missiles", "x", "more than 104"])

CLAIM_TYPES = st.sampled_from(["fact", "cause", "comparison", "prediction", "value", "policy"])
SIDES = st.sampled_from(["side:China", "side:Russia", "side:", "concession"])
SCHEMES = st.sampled_from(["expert-opinion", "sign", "ignorance", "cause-to-effect", "expert", "Sign"])
ANSWERS = st.sampled_from(["expertise", "sign.strength", "expected", "nope", "expert-opinion.backing"])


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


@st.composite
def evidence(draw: st.DrawFn, node_id: str, source_ids: list[str]) -> dict[str, Any]:
    kind = draw(st.sampled_from(["statistic", "count", "statement", "event", "absence"]))
    base: dict[str, Any] = {
        "id": node_id,
        "kind": "evidence",
        "type": kind,
        "text": draw(TEXTS),
        "sources": draw(st.lists(st.sampled_from([*source_ids, "S_unknown"]), max_size=2)),
        "ignore": draw(st.lists(st.sampled_from(["EQ3", "XX1", "IC401"]), max_size=1)),
        "tags": draw(st.lists(SIDES, max_size=1)),
        "answers": draw(st.lists(ANSWERS, max_size=1)),
    }
    occasion = _maybe(
        st.fixed_dictionaries(
            {},
            optional={
                "anniversary": st.integers(1, 80),
                "commemorated_date": DATES,
                "commemorates": st.just("a summit"),
            },
        )
    )
    if kind == "statistic":
        extra = {
            "value": draw(NUMBERS),
            "unit": draw(_maybe(st.sampled_from(["USD", "EUR"]))),
            "scale": draw(_maybe(st.sampled_from(["one", "million", "billion"]))),
            "period": draw(_maybe(DATES)),
            "approximate": draw(st.booleans()),
            "change": draw(_maybe(st.fixed_dictionaries({}, optional=CHANGE))),
            "baseline": draw(
                _maybe(
                    st.fixed_dictionaries(
                        {"value": NUMBERS},
                        optional={
                            "unit": st.sampled_from(["USD", "EUR"]),
                            "scale": st.sampled_from(["thousand", "million", "lakh"]),
                            "period": DATES,
                            "label": st.just("trade with China"),
                        },
                    )
                )
            ),
        }
    elif kind == "count":
        number = draw(st.integers(0, 6))
        extra = {
            "what": "visits",
            "number": number,
            "period": draw(_maybe(DATES)),
            "items": draw(st.lists(st.just("a visit"), max_size=6)),
            "approximate": draw(st.booleans()),
        }
    elif kind == "statement":
        extra = {"speaker": "KCNA", "date": draw(_maybe(DATES)), "occasion": draw(occasion)}
    elif kind == "event":
        status = draw(st.sampled_from(["occurred", "ongoing", "planned"]))
        extra = {"date": draw(_maybe(DATES)), "status": status}
    else:
        extra = {"expected": "a statement", "date": draw(_maybe(DATES)), "occasion": draw(occasion)}
    return _drop_none({**base, **extra})


@st.composite
def maps(draw: st.DrawFn) -> dict[str, Any]:
    sources = [
        _drop_none(
            {
                "id": f"S{i}",
                "title": f"Source {i}",
                "date": draw(_maybe(DATES)),
                "kind": draw(_maybe(st.sampled_from(["primary", "secondary", "tertiary"]))),
            }
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    source_ids = [s["id"] for s in sources]
    n_claims = draw(st.integers(0, 6))
    n_evidence = draw(st.integers(0, 6))
    nodes: list[dict[str, Any]] = []
    if draw(st.booleans()) or n_claims + n_evidence == 0:
        nodes.append(_drop_none({"id": "T", "kind": "thesis", "text": draw(TEXTS), "type": draw(_maybe(CLAIM_TYPES))}))
    nodes += [
        _drop_none(
            {
                "id": f"C{i}",
                "kind": "claim",
                "text": draw(TEXTS),
                "type": draw(_maybe(CLAIM_TYPES)),
                "tags": draw(st.lists(SIDES, max_size=2)),
                "answers": draw(st.lists(ANSWERS, max_size=2)),
            }
        )
        for i in range(n_claims)
    ]
    nodes += [draw(evidence(f"E{i}", source_ids)) for i in range(n_evidence)]
    duplicate = draw(st.booleans())
    if nodes and duplicate:
        nodes.append(dict(nodes[0]))  # a duplicate id
    node_ids = [n["id"] for n in nodes] + ["ghost"]
    n_rel = draw(st.integers(0, 12))
    rel_ids = [f"R{i}" for i in range(n_rel)]
    relations = []
    for rid in rel_ids:
        kind = draw(st.sampled_from(["supports", "supports", "attacks", "undercuts"]))
        targets = [*rel_ids, "R_ghost"] if kind == "undercuts" else node_ids
        relations.append(
            {
                "id": rid,
                "kind": kind,
                "from": draw(st.lists(st.sampled_from(node_ids), min_size=1, max_size=3)),
                "to": draw(st.sampled_from(targets)),
                "warrant": draw(_maybe(TEXTS)),
                "ignore": draw(st.lists(st.sampled_from(["DL", "ST102", "backing", "sign.strength"]), max_size=1)),
                "scheme": draw(_maybe(SCHEMES)),
                "answers": draw(st.lists(ANSWERS, max_size=2)),
            }
        )
    config = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "ignore": st.lists(st.sampled_from(["SR", "EQ304", "nope"]), max_size=2),
                "severity": st.dictionaries(
                    st.sampled_from(["IC", "ST101", "DL502"]), st.sampled_from(["error", "off"])
                ),
            },
        )
    )
    data = {"argmap": 1, "title": "random", "config": config, "sources": sources, "nodes": nodes}
    data["relations"] = [_drop_none(r) for r in relations]
    return data


@settings(max_examples=40)
@given(maps())
def test_rules_semantics_and_report_never_crash(data: dict[str, Any]) -> None:
    m = ArgMap.model_validate(data)
    known = {r.code for r in all_rules()}
    diags = run_rules(m)
    for d in diags:
        assert d.code in known
        assert d.message
        assert d.path == () or d.path[0] in ("nodes", "relations", "sources", "config")
    acc = analyse(m)
    assert set(acc.statuses()) == {n.id for n in m.nodes}
    assert set(acc.statuses().values()) <= {"accepted", "rejected", "undecided"}
    result = LoadResult(file="random.yaml", map=m, diagnostics=diags)
    report = build_report(result)
    kinds = [c.kind for c in report.claims]
    assert kinds == sorted(kinds, key=lambda k: k != "thesis")
    assert {c.id for c in report.claims} == {n.id for n in m.nodes if n.kind != "evidence"}
    assert sum(len(c.gaps) for c in report.claims) + len(report.summary.map_gaps) >= len(diags)
    assert report_json(report)


@settings(max_examples=60)
@given(maps())
def test_grounding_is_asserted_exactly_when_no_evidence_reaches(data: dict[str, Any]) -> None:
    """Grounding follows live support: a claim is asserted exactly when no evidence reaches it, and
    evidenced or partly otherwise; whatever the attacks, cycles, types and schemes. Evidence that bears
    on both sides of an attack (DL510) grounds nothing (issue 29): where there is such, a claim it
    reaches may be asserted all the same."""
    from argmap.rules.across import conflicted
    from argmap.rules.base import Context

    m = ArgMap.model_validate(data)
    ctx = Context(m)
    grounds = grounding(ctx)
    conclusions = {n.id for n in ctx.support.conclusions}
    assert set(grounds) == conclusions
    exact = not conflicted(ctx)
    for nid, g in grounds.items():
        assert g.level in ("evidenced", "partly", "asserted") and g.reason
        if exact or g.level != "asserted":
            assert (g.level != "asserted") == ctx.support.has_evidence(nid), (nid, g)
    report = build_report(LoadResult(file="random.yaml", map=m, diagnostics=run_rules(m)))
    for c in report.claims:
        assert c.standing in ("stands", "defeated", "undecided")
        assert c.grounding == grounds[c.id].level
        for use in c.schemes:
            assert {q["status"] for q in use.questions} <= {"open", "answered", "ignored"}


@settings(max_examples=60)
@given(maps())
def test_evidence_counts_are_exact_whatever_the_shape(data: dict[str, Any]) -> None:
    """count_below (summed over a forest, walked otherwise) equals the exact bit set's count."""
    from argmap.rules.analysis import SupportIndex
    from argmap.rules.base import Context

    m = ArgMap.model_validate(data)
    ctx = Context(m)
    fresh = SupportIndex(m, ctx.graph, ctx.acceptability)
    counts = {n: fresh.count_below(n) for n in ctx.graph.nodes}
    assert counts == {n: ctx.support.below_of(n).bit_count() for n in ctx.graph.nodes}


def test_reach_is_exact_on_a_support_cycle_through_evidence() -> None:
    """Found by the property above: C0 <- C1 <- E0 <- C0. Evidence E0 reaches C1 and, through it, C0;
    a single pass in map order visited C0 before C1 was reached and called C0 unreached."""
    from argmap.rules.base import Context

    m = ArgMap.model_validate(
        {
            "argmap": 1,
            "title": "cycle",
            "nodes": [
                {"id": "C0", "kind": "claim", "text": "Trade is growing."},
                {"id": "C1", "kind": "claim", "text": "Exports rose."},
                {"id": "E0", "kind": "evidence", "type": "event", "text": "A deal was signed.", "date": "2014"},
            ],
            "relations": [
                {"id": "R0", "kind": "supports", "from": "C1", "to": "C0"},
                {"id": "R1", "kind": "supports", "from": "E0", "to": "C1"},
                {"id": "R2", "kind": "supports", "from": "C0", "to": "E0"},
            ],
        }
    )
    ctx = Context(m)
    sup = ctx.support
    assert sup.has_evidence("C0") and sup.has_evidence("C1")
    assert sup.types["C0"] == sup.types["C1"] != 0
    assert sup.count_below("C0") == sup.below_of("C0").bit_count() == 1
    # E0 bears on C1 directly; C0 rests on C1 alone, so it is only partly evidenced (issue 29)
    assert grounding(ctx)["C1"].level == "evidenced"
    assert grounding(ctx)["C0"].level == "partly"


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of ``\\b(a|b|...)\\b``."""
    body = pattern[pattern.index("(") + 1 : pattern.rindex(")")]
    out, depth, start = [], 0, 0
    for i, c in enumerate(body):
        depth += c == "("
        depth -= c == ")"
        if c == "|" and depth == 0:
            out.append(body[start:i])
            start = i + 1
    return [*out, body[start:]]


def test_every_comparative_word_starts_as_the_fast_path_expects() -> None:
    from argmap.rules.quality import _COMPARATIVE, _STARTS

    alternatives = _alternatives(_COMPARATIVE.pattern)
    assert len(alternatives) > 50 and all(a[:2].isalpha() for a in alternatives)
    assert {a[:2].lower() for a in alternatives} <= _STARTS


_PIECES = [
    "more",
    "Than",
    "growing",
    "outpaced",
    "narrow",
    "narrows",
    "vs",
    "VS.",
    "increased",
    "droppings",
    "moreover",
    "_more",
    "more_",
    "2more",
    "ſurge",
    "K",
    "closer",
    "further",
    "deepen",
    "é",
    " ",
    ",",
    "-",
]


@settings(max_examples=300)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=12))
def test_comparative_word_is_the_pattern_s_first_match(pieces: list[str]) -> None:
    from argmap.rules.quality import _COMPARATIVE, comparative_word

    text = "".join(pieces)
    m = _COMPARATIVE.search(text)
    assert comparative_word.__wrapped__(text) == (m.group(0) if m else None)


@settings(max_examples=80)
@given(maps())
def test_evidence_reach_matches_a_plain_fixpoint_over_ids(data: dict[str, Any]) -> None:
    """SupportIndex runs on node numbers; an independent fixpoint over ids, from the definition (live
    supports relations carry what reaches their premises to their target), gives the same reach,
    types, unsourced nodes, loud nodes (EQ301) and counts, on duplicates, unknown ids and cycles."""
    from argmap.rules.analysis import TYPE_BITS
    from argmap.rules.base import Context

    m = ArgMap.model_validate(data)
    ctx = Context(m)
    sup, nodes, grounded = ctx.support, ctx.graph.nodes, ctx.acceptability.grounded
    edges = [
        (p, r.target)
        for r in m.relations
        if r.kind == "supports" and r.target in nodes and grounded.get(r.id) != "rejected"
        for p in r.premises
        if p in nodes and p != r.target
    ]
    evidence = {nid: n for nid, n in nodes.items() if n.kind == "evidence"}
    below: dict[str, set[str]] = {nid: set() for nid in nodes}  # evidence reaching a node through edges
    changed = True
    while changed:
        changed = False
        for p, t in edges:
            new = below[p] | ({p} if p in evidence else set())
            if not new <= below[t]:
                below[t] |= new
                changed = True
    assert sup.reached == {nid for nid, b in below.items() if b}
    own = {nid: {nid} if nid in evidence else set() for nid in nodes}
    for nid in nodes:
        everything = below[nid] | own[nid]
        mask = 0
        for e in everything:
            mask |= TYPE_BITS[evidence[e].type]
        assert sup.types[nid] == mask, nid
        assert (nid in sup.unsourced) == any(not evidence[e].sources for e in everything), nid
        cited = {s for e in everything for s in evidence[e].sources}
        assert set(sup.sources[nid]) <= cited and len(sup.sources[nid]) == min(2, len(cited)), nid
        assert sup.count_below(nid) == len(everything), nid
    assert sorted(sup.order) == sorted(nodes) and len(sup.order) == len(nodes)
    silent = {e for e, n in evidence.items() if n.type == "absence" or getattr(n, "number", None) == 0}
    loud_ref = {t for p, t in edges if p in evidence and p not in silent}
    changed = True
    while changed:  # one pass in propagation order equals the fixpoint when there is no cycle
        before = len(loud_ref)
        loud_ref |= {t for p, t in edges if p in loud_ref}
        changed = len(loud_ref) != before
    if sup._acyclic == len(nodes):  # no support cycle
        assert sup.carried(sup.position.keys() - silent) == loud_ref
