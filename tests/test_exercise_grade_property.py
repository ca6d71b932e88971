"""Every kind of exercise grades its own sheets: the blank sheet 0, the key's own sheet 100 (issue 26).

On the shipped map, on every key of the evaluation set and on Hypothesis-generated keys with partly
typed claims, argument schemes, undercuts, absences and warrants. The sheets are the files
``exercise make`` writes, graded as ``exercise grade`` does (through :func:`grade_paths`); a sheet of
random lines is graded too and must never raise.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from strategies_maps import map_data

from argmap.exercises.api import grade_paths
from argmap.exercises.errors import ExerciseError
from argmap.exercises.grade import UNMARKED
from argmap.exercises.layout import build_files
from argmap.exercises.make import KINDS
from argmap.load import load_map
from argmap.model import ArgMap
from argmap.schemes import catalogue

HERE = Path(__file__).parent
SHIPPED = HERE.parent / "claims" / "north-korea-seeking-new-friends.yaml"
sys.path.insert(0, str(HERE / "eval"))
import agreement  # noqa: E402

CLAIM_TYPES = ("fact", "cause", "comparison", "prediction", "value", "policy")


def _write(m: ArgMap, kind: str, root: Path) -> Path | None:
    """The exercise's files under ``root``; None when this map cannot make this kind."""
    try:
        made = build_files(m, kind, diagrams=False)
    except ExerciseError:
        return None
    for rel, body in made.files.items():
        if rel.endswith(".pdf"):
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
    return root


def _sheet(folder: Path) -> Path:
    found = sorted(p for p in folder.iterdir() if p.name.startswith(("answers", "gaps")))
    assert found, sorted(p.name for p in folder.iterdir())
    return found[0]


def _percent(root: Path, sheet: Path) -> float | None:
    """The sheet's mark, or None when the key leaves nothing to grade (a map of a thesis alone)."""
    graded = grade_paths(root / "teacher", [sheet])
    assert len(graded.students) == 1
    report = graded.students[0]
    assert UNMARKED not in (getattr(report, "reason", None) or ""), report.reason
    if getattr(report, "max_score", 1) == 0:
        return None
    return float(report.percent)


def own_sheets_hold(m: ArgMap, root: Path) -> None:
    """For each kind this map can make: blank 0, key 100."""
    for kind in KINDS:
        folder = _write(m, kind, root / kind)
        if folder is None:
            continue
        blank = _sheet(folder / "student")
        key = _sheet(folder / "teacher")
        assert _percent(folder, blank) in (0.0, None), (kind, "blank sheet")
        assert _percent(folder, key) in (100.0, None), (kind, "key's own sheet")


# --------------------------------------------------------------------------- fixed keys


def _keys() -> list[Any]:
    out: list[Any] = [pytest.param(SHIPPED, id="shipped")]
    for name in agreement.SETS:
        bands = agreement.HERE / name / "bands.yaml"
        import yaml

        key = (bands.parent / yaml.safe_load(bands.read_text(encoding="utf-8"))["key"]).resolve()
        out.append(pytest.param(key, id=name))
    return out


@pytest.mark.parametrize("key", _keys())
def test_every_kind_grades_its_own_sheets(key: Path, tmp_path: Path) -> None:
    result = load_map(key)
    assert result.map is not None and not result.has_errors
    own_sheets_hold(result.map, tmp_path)


# --------------------------------------------------------------------------- generated keys


@st.composite
def exercise_keys(draw: st.DrawFn) -> ArgMap:
    """A valid map with some claims typed (not all), schemes on some relations, and the generator's
    undercuts, absences and warrants."""
    data = draw(map_data(max_nodes=9))
    for node in data["nodes"]:
        if node["kind"] in ("claim", "thesis") and draw(st.integers(0, 2)) == 0:
            node["type"] = draw(st.sampled_from(CLAIM_TYPES))
    schemes = sorted(catalogue())
    for rel in data["relations"]:
        if rel["kind"] != "undercuts" and draw(st.integers(0, 2)) == 0:
            rel["scheme"] = draw(st.sampled_from(schemes))
    return ArgMap.model_validate(data)


def _undercut_of_an_unasked_step(texts: tuple[str, str]) -> ArgMap:
    """A key Hypothesis found: claims n2 and n4 (no number on the match sheet) undercut the step
    n1 -> n0, and numbered evidence n5 undercuts n2's undercut (r2), so the key's sheet says
    `2: r2 undercuts` about a step no line of the sheet draws."""
    a, b = texts
    return ArgMap.model_validate(
        {
            "argmap": 1,
            "title": "Trade",
            "nodes": [
                {"id": "n0", "kind": "thesis", "text": a},
                {"id": "n1", "kind": "evidence", "type": "statistic", "value": 1, "text": b},
                {"id": "n2", "kind": "claim", "text": a},
                {"id": "n3", "kind": "evidence", "type": "statistic", "value": 2, "text": a},
                {"id": "n4", "kind": "claim", "text": b},
                {"id": "n5", "kind": "evidence", "type": "statement", "speaker": "A spokesperson", "text": b},
            ],
            "relations": [
                {"id": "r1", "kind": "supports", "from": ["n1"], "to": "n0"},
                {"id": "r2", "kind": "undercuts", "from": ["n2"], "to": "r1"},
                {"id": "r3", "kind": "undercuts", "from": ["n3"], "to": "r1"},
                {"id": "r4", "kind": "undercuts", "from": ["n4"], "to": "r1"},
                {"id": "r5", "kind": "undercuts", "from": ["n5"], "to": "r2"},
            ],
        }
    )


@pytest.mark.parametrize(
    "texts", [("#tag trade trade", "Trade trade"), ("Bees make honey.", "Cats chase mice.")], ids=["same", "distinct"]
)
def test_an_undercut_of_a_step_the_sheet_does_not_ask_for_is_graded(texts: tuple[str, str], tmp_path: Path) -> None:
    """The worksheet hands out r2 (a claim undercutting an evidence link: no number draws it); the
    key's line `2: r2 undercuts` finds it in the student's map and earns its mark, whatever the texts."""
    m = _undercut_of_an_unasked_step(texts)
    folder = _write(m, "match", tmp_path)
    assert folder is not None
    key = _sheet(folder / "teacher")
    assert "2: r2 undercuts" in key.read_text(encoding="utf-8").splitlines()
    (report,) = grade_paths(folder / "teacher", [key]).students
    assert (report.percent, report.items) == (100.0, {"r1": True, "r3": True, "r5": True})
    (blank,) = grade_paths(folder / "teacher", [_sheet(folder / "student")]).students
    assert blank.percent == 0.0


def _twin_evidence() -> ArgMap:
    """A key Hypothesis found: n3 and n4 alike in words, type and figure (their `what` differs), n3
    linked to n2 alone (r3) and with n4 (r4). Counted twice as n2's neighbour, n3 made the crossed
    pairing (n3 with the student's n4) score higher, and the key's own starter sheet lost r4."""
    twin = {"kind": "evidence", "type": "count", "number": 40, "text": "Signed exports signed summit"}
    return ArgMap.model_validate(
        {
            "argmap": 1,
            "title": "Trade",
            "nodes": [
                {"id": "n0", "kind": "thesis", "text": "Record growth trade record"},
                {"id": "n1", "kind": "claim", "text": "#tag year imports oil record"},
                {"id": "n2", "kind": "claim", "text": "Border trade no trade talks show border border delegation"},
                {"id": "n3", **twin, "what": "#tag trade"},
                {"id": "n4", **twin, "what": "Gas show"},
            ],
            "relations": [
                {"id": "r1", "kind": "supports", "from": ["n1"], "to": "n0"},
                {"id": "r2", "kind": "undercuts", "from": ["n2"], "to": "r1"},
                {"id": "r3", "kind": "supports", "from": ["n3"], "to": "n2"},
                {"id": "r4", "kind": "supports", "from": ["n3", "n4"], "to": "n2"},
            ],
        }
    )


def _twin_claims() -> ArgMap:
    """A key Hypothesis found: claims n1 and n2 alike in every word, n1 supporting the thesis alone
    (r1) and again with n2 (r2); only their place in the relations tells them apart."""
    return ArgMap.model_validate(
        {
            "argmap": 1,
            "title": "Trade",
            "nodes": [
                {"id": "n0", "kind": "thesis", "text": "#tag trade trade trade"},
                {"id": "n1", "kind": "claim", "text": "\\ exports trade trade"},
                {"id": "n2", "kind": "claim", "text": "Exports trade trade"},
            ],
            "relations": [
                {"id": "r1", "kind": "supports", "from": ["n1"], "to": "n0"},
                {"id": "r2", "kind": "supports", "from": ["n1", "n2"], "to": "n0"},
            ],
        }
    )


@pytest.mark.parametrize("key", [_twin_evidence, _twin_claims], ids=["evidence", "claims"])
@pytest.mark.parametrize("swap", [False, True], ids=["as-written", "twins-swapped"])
def test_twins_in_words_pair_with_their_own_twin(key: Callable[[], ArgMap], swap: bool, tmp_path: Path) -> None:
    """The key's own starter sheet grades 100 whichever twin the student writes first: a twin is
    told from the other by its facts, its very words and its place in the relations, and a node
    linked twice to one claim is one neighbour."""
    m = key()
    if swap:
        nodes = list(m.nodes)
        nodes[-2], nodes[-1] = nodes[-1], nodes[-2]
        m = m.model_copy(update={"nodes": nodes})
    folder = _write(m, "starter", tmp_path)
    assert folder is not None
    (report,) = grade_paths(folder / "teacher", [_sheet(folder / "teacher")]).students
    assert report.percent == 100.0 and all(report.items.values())
    twins = [n.id for n in m.nodes[-2:]]
    assert {(x.key_id, x.student_id) for x in report.alignment.matches} >= {(t, t) for t in twins}


def _evidence_of_no_terms() -> ArgMap:
    """A key Hypothesis found: evidence n2 whose words ('No no') hold no term, undercutting r1; the
    key's own fill-evidence answer (the same words) paired with nothing and the sheet graded 50."""
    return ArgMap.model_validate(
        {
            "argmap": 1,
            "title": "Trade",
            "nodes": [
                {"id": "n0", "kind": "thesis", "text": "#tag trade trade"},
                {"id": "n1", "kind": "evidence", "type": "statistic", "value": 0, "text": "#tag trade trade"},
                {"id": "n2", "kind": "evidence", "type": "statistic", "value": 0, "text": "No no"},
            ],
            "relations": [
                {"id": "r1", "kind": "supports", "from": ["n1"], "to": "n0"},
                {"id": "r2", "kind": "undercuts", "from": ["n2"], "to": "r1"},
            ],
        }
    )


def test_an_answer_in_the_keys_very_words_pairs_even_without_terms(tmp_path: Path) -> None:
    folder = _write(_evidence_of_no_terms(), "fill-evidence", tmp_path)
    assert folder is not None
    assert _percent(folder, _sheet(folder / "teacher")) == 100.0
    assert _percent(folder, _sheet(folder / "student")) == 0.0


def _two_steps_from_one_evidence() -> ArgMap:
    """A key Hypothesis found (seed 7, 300 examples): evidence n1 supports the thesis alone (r1) and
    with n3 (r3); n2 undercuts r1 and n4 undercuts r3. The key's sheet named both steps `from 1 to
    n0`, so both undercuts landed on r1 and the key's own sheet graded 80."""
    ev = {"kind": "evidence", "type": "statistic", "value": 0, "text": "#tag trade trade"}
    return ArgMap.model_validate(
        {
            "argmap": 1,
            "title": "Trade",
            "nodes": [
                {"id": "n0", "kind": "thesis", "text": "#tag trade trade"},
                *({"id": f"n{i}", **ev} for i in range(1, 5)),
            ],
            "relations": [
                {"id": "r1", "kind": "supports", "from": ["n1"], "to": "n0"},
                {"id": "r2", "kind": "undercuts", "from": ["n2"], "to": "r1"},
                {"id": "r3", "kind": "supports", "from": ["n1", "n3"], "to": "n0"},
                {"id": "r4", "kind": "undercuts", "from": ["n4"], "to": "r3"},
            ],
        }
    )


def test_two_steps_with_one_evidence_in_common_are_told_apart_by_all_their_premises(tmp_path: Path) -> None:
    folder = _write(_two_steps_from_one_evidence(), "match", tmp_path)
    assert folder is not None
    items = {eid: n for n, eid in _first_version_items(folder).items()}
    key = _sheet(folder / "teacher").read_text(encoding="utf-8").splitlines()
    assert f"{items['n4']}: undercuts the step from {items['n1']} + {items['n3']} to n0" in key
    assert f"{items['n2']}: undercuts the step from {items['n1']} to n0" in key
    (report,) = grade_paths(folder / "teacher", [_sheet(folder / "teacher")]).students
    assert report.percent == 100.0 and report.items["r2"] and report.items["r4"]


def _first_version_items(folder: Path) -> dict[str, str]:
    """The numbers of the sheet's first version: number -> key evidence id."""
    import yaml

    manifest = yaml.safe_load((folder / "teacher" / "exercise.yaml").read_text(encoding="utf-8"))
    return dict(manifest["versions"]["1"]["items"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(m=exercise_keys())
@example(m=_two_steps_from_one_evidence())
@example(m=_evidence_of_no_terms())
@example(m=_undercut_of_an_unasked_step(("#tag trade trade", "Trade trade")))
@example(m=_twin_evidence())
@example(m=_twin_claims())
def test_generated_keys_grade_their_own_sheets(m: ArgMap, tmp_path_factory: pytest.TempPathFactory) -> None:
    own_sheets_hold(m, tmp_path_factory.mktemp("gen"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(KINDS),
    lines=st.lists(st.text(max_size=40), max_size=8),
    keep=st.integers(0, 30),
)
def test_any_sheet_is_graded_or_reported(
    kind: str, lines: list[str], keep: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A sheet of random lines (part of the key's own sheet kept, random lines after): a grade or a
    reason, never an exception."""
    m = load_map(SHIPPED).map
    assert m is not None
    root = _write(m, kind, tmp_path_factory.mktemp("any"))
    assert root is not None
    key_lines = _sheet(root / "teacher").read_text(encoding="utf-8").splitlines()[:keep]
    sheet = root / "student" / _sheet(root / "student").name
    sheet.write_text("\n".join(key_lines + lines), encoding="utf-8")
    graded = grade_paths(root / "teacher", [sheet])
    (report,) = graded.students
    assert report.status in ("graded", "partial", "invalid")
    assert UNMARKED not in (getattr(report, "reason", None) or ""), report.reason
    assert 0.0 <= report.percent <= 100.0


def test_a_file_the_grader_fails_on_is_reported_and_the_class_graded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should grading one file ever fail, that file gets a 0 with the reason on its own line and the
    other files are graded: the run never stops with a traceback."""
    import argmap.exercises.grade as grade_module

    real = grade_module.grade_map

    def failing(key: ArgMap, student: ArgMap, *args: Any, **kwargs: Any) -> Any:
        if student.title == "breaks the grader":
            raise RecursionError("maximum recursion depth exceeded")
        return real(key, student, *args, **kwargs)

    monkeypatch.setattr(grade_module, "grade_map", failing)
    good = tmp_path / "good.yaml"
    good.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(SHIPPED.read_text(encoding="utf-8").replace("title: ", "title: breaks the grader #", 1))
    graded = grade_paths(SHIPPED, [bad, good])
    by_file = {Path(r.file).name: r for r in graded.students}
    assert by_file["good.yaml"].percent == 100.0
    assert by_file["bad.yaml"].status == "invalid" and by_file["bad.yaml"].percent == 0.0
    assert by_file["bad.yaml"].reason == (
        f"not graded: {UNMARKED} (RecursionError: maximum recursion depth exceeded); "
        "mark it by hand and report the file"
    )
