"""argmap.edit: edits of a map file that keep everything they do not touch, byte for byte.

Every YAML map of the repository is left byte-identical by a no-op edit; set, add and remove touch only
the lines of their items and are undone exactly by the ops they return; an op that cannot be applied,
or whose result would not validate, is refused with its message and nothing is written; a stale
revision is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.edit import Document, EditError, LineEdit, Stale, apply_edit, apply_ops, line_edit, revision_of
from argmap.load import load_text

ROOT = Path(__file__).parent.parent
SHIPPED = ROOT / "claims" / "north-korea-seeking-new-friends.yaml"
KEY = ROOT / "tests" / "eval" / "bike-lanes" / "key.yaml"
MAPS = sorted(
    p
    for pattern in ("claims/*.yaml", "tests/eval/**/*.yaml", "tests/fixtures/**/*.yaml")
    for p in ROOT.glob(pattern)
    if load_text(p.read_bytes()).map is not None
)


def changed_lines(before: str, after: str) -> list[str]:
    import difflib

    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("path", MAPS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_no_op_edit_leaves_every_map_of_the_repository_byte_identical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert Document(text).text == text
    assert apply_ops(text, []) == (text, [])


def test_set_rewrites_only_that_field_and_its_inverse_puts_it_back() -> None:
    text = KEY.read_text(encoding="utf-8")
    new, undo = apply_ops(
        text, [{"op": "set", "id": "C_safer", "fields": {"text": "Elm Street: safer.", "type": "fact"}}]
    )
    assert changed_lines(text, new) == [
        "-    text: The bike lanes have made Elm Street safer.",
        "+    type: fact",
        "+    text: 'Elm Street: safer.'",
    ]
    assert undo == [
        {"op": "set", "id": "C_safer", "fields": {"text": "The bike lanes have made Elm Street safer.", "type": None}}
    ]
    assert apply_ops(new, undo)[0] == text


def test_add_follows_the_layout_of_its_list_and_remove_takes_the_links_along() -> None:
    text = KEY.read_text(encoding="utf-8")
    new, undo = apply_ops(
        text,
        [
            {
                "op": "add",
                "item": {
                    "id": "E_new",
                    "kind": "evidence",
                    "type": "statistic",
                    "text": "Six per cent more.",
                    "value": 6,
                    "sources": ["okafor2024"],
                },
            },
            {
                "op": "add",
                "item": {
                    "id": "R15",
                    "kind": "supports",
                    "from": "E_new",
                    "to": "C_shops_ok",
                    "warrant": "Spending is trade.",
                },
            },
        ],
    )
    assert changed_lines(text, new) == [
        "+  - id: E_new",
        "+    kind: evidence",
        "+    type: statistic",
        "+    text: Six per cent more.",
        "+    value: 6",
        "+    sources: [okafor2024]",
        "+  - {id: R15, kind: supports, from: E_new, to: C_shops_ok, warrant: Spending is trade.}",
    ]
    assert new.index("id: E_new") < new.index("relations:")
    assert apply_ops(new, undo)[0] == text
    gone, back = apply_ops(text, [{"op": "remove", "id": "C_shops_ok"}])
    assert "C_shops_ok" not in gone  # the node and the five relations from and to it
    assert len(changed_lines(text, gone)) == 5 + 5
    assert apply_ops(gone, back)[0] == text


def test_a_linked_premise_removed_leaves_the_others_of_its_relation() -> None:
    text = KEY.read_text(encoding="utf-8").replace(
        "{id: R6, kind: supports, from: E_crashes, to: C_safer}",
        "{id: R6, kind: supports, from: [E_crashes, E_no_cyclist], to: C_safer}",
    )
    new, undo = apply_ops(text, [{"op": "remove", "id": "E_crashes"}])
    assert "{id: R6, kind: supports, from: [E_no_cyclist], to: C_safer}" in new
    assert apply_ops(new, undo)[0] == text


def test_comments_quoting_and_a_starter_sheet_layout_are_kept() -> None:
    text = (
        "# my notes\n"
        "argmap: 1\n"
        "title: 'My map'   # quoted on purpose\n"
        "sources:\n"
        "- id: s\n"
        "  title: A text\n"
        "nodes:\n"
        "- id: T\n"
        "  kind: thesis\n"
        "  # the main point\n"
        '  text: "The thesis."\n'
        "  note: keep me\n"
    )
    new, _ = apply_ops(
        text,
        [
            {"op": "set", "id": "T", "fields": {"text": "The thesis, reworded."}},
            {"op": "add", "item": {"id": "C1", "kind": "claim", "text": "A claim."}},
            {"op": "add", "item": {"id": "R1", "kind": "supports", "from": "C1", "to": "T"}},
        ],
    )
    assert new == (
        "# my notes\n"
        "argmap: 1\n"
        "title: 'My map'   # quoted on purpose\n"
        "sources:\n"
        "- id: s\n"
        "  title: A text\n"
        "nodes:\n"
        "- id: T\n"
        "  kind: thesis\n"
        "  # the main point\n"
        '  text: "The thesis, reworded."\n'
        "  note: keep me\n"
        "- id: C1\n"
        "  kind: claim\n"
        "  text: A claim.\n"
        "relations:\n"
        "  - id: R1\n"
        "    kind: supports\n"
        "    from: C1\n"
        "    to: T\n"
    )


@pytest.mark.parametrize(
    ("op", "message"),
    [
        ({"op": "set", "id": "nope", "fields": {"text": "x"}}, "op 1: no node, relation or source has the id 'nope'"),
        ({"op": "add", "item": {"id": "T", "kind": "claim", "text": "x"}}, "op 1: the id 'T' is taken; choose another"),
        (
            {"op": "add", "item": {"id": "X", "kind": "premise", "text": "x"}},
            "op 1: cannot tell what to add: kind 'premise'",
        ),
        ({"op": "set", "id": "T", "fields": {"id": "T2"}}, "op 1: set T: an id is not changed"),
        ({"op": "rename", "id": "T"}, 'op 1: an op is {"op": "add"'),
        (
            {"op": "add", "item": {"id": "R99", "kind": "supports", "from": "C_safer", "to": "C_missing"}},
            "the edit would not validate",
        ),
        ({"op": "set", "id": "E_counter", "fields": {"value": "many"}}, "the edit would not validate"),
        (
            {"op": "add", "item": {"id": "T2", "kind": "thesis", "text": "Another thesis."}},
            "the edit would not validate",
        ),
    ],
)
def test_an_op_that_cannot_be_applied_is_refused_with_its_message(op: dict[str, object], message: str) -> None:
    with pytest.raises(EditError) as caught:
        apply_ops(KEY.read_text(encoding="utf-8"), [op])
    assert message in caught.value.message


def test_all_ops_or_none_and_a_stale_revision_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "key.yaml"
    path.write_bytes(KEY.read_bytes())
    before = path.read_bytes()
    revision = revision_of(before)
    good = {"op": "set", "id": "C_safer", "fields": {"text": "Safer."}}
    with pytest.raises(EditError, match="op 2"):
        apply_edit(path, revision, [good, {"op": "remove", "id": "nope"}])
    assert path.read_bytes() == before
    with pytest.raises(Stale, match="changed on disk"):
        apply_edit(path, revision_of(b"another file"), [good])
    assert path.read_bytes() == before
    done = apply_edit(path, revision, [good])
    assert done.changed and done.revision == revision_of(path.read_bytes()) != revision


def test_a_symlinked_map_is_written_through_its_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_bytes(KEY.read_bytes())
    link = tmp_path / "link.yaml"
    os.symlink(real, link)
    apply_edit(link, revision_of(real.read_bytes()), [{"op": "set", "id": "C_safer", "fields": {"text": "Safer."}}])
    assert link.is_symlink()
    assert "text: Safer." in real.read_text(encoding="utf-8")


NODE_IDS = ["T", "C_safer", "C_shops_ok", "E_crashes", "E_counter", "E_hassan", "R5", "R14", "okafor2024"]
OPS = st.one_of(
    st.builds(
        lambda i, t: {"op": "set", "id": i, "fields": {"note": t}},
        st.sampled_from(NODE_IDS),
        st.text(min_size=1, max_size=30).filter(str.strip),
    ),
    st.builds(
        lambda i: {"op": "remove", "id": i}, st.sampled_from([i for i in NODE_IDS if i not in {"T", "okafor2024"}])
    ),
    st.builds(
        lambda n, t: {"op": "add", "item": {"id": f"C_new{n}", "kind": "claim", "text": t}},
        st.integers(0, 3),
        st.text(min_size=1, max_size=30).filter(str.strip),
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPS, min_size=1, max_size=4))
def test_any_edit_is_undone_byte_for_byte_and_means_what_it_says(ops: list[dict[str, object]]) -> None:
    text = KEY.read_text(encoding="utf-8")
    try:
        new, undo = apply_ops(text, ops)
    except EditError:
        return  # refused (an id removed twice, taken twice): nothing to undo
    loaded = load_text(new)
    assert loaded.map is not None
    ids = {n.id for n in loaded.map.nodes} | {r.id for r in loaded.map.relations}
    for op in ops:
        if op["op"] == "add":
            assert op["item"]["id"] in ids  # type: ignore[index]
    last = {op["id"]: op["fields"]["note"] for op in ops if op["op"] == "set"}  # type: ignore[index]
    for item in [*loaded.map.nodes, *loaded.map.relations, *loaded.map.sources]:
        if item.id in last and all(not (o["op"] == "remove" and o["id"] == item.id) for o in ops):
            assert item.note == last[item.id]
    assert apply_ops(new, undo)[0] == text


def test_line_edit_is_the_text_edit_a_language_server_fix_would_send() -> None:
    text = KEY.read_text(encoding="utf-8")
    after, _ = apply_ops(text, [{"op": "set", "id": "E_crashes", "fields": {"unit": "injury crashes"}}])
    edit = line_edit(text, after)
    number = text.splitlines().index("    value: 5")
    assert edit == LineEdit(number + 1, number + 1, "    unit: injury crashes\n")
    lines = text.splitlines(True)
    assert "".join(lines[: edit.start]) + edit.text + "".join(lines[edit.end :]) == after
    assert line_edit(text, text) is None


def test_a_json_map_stays_json_and_changes_only_where_edited() -> None:
    import json

    from argmap.interchange.native import export_json

    loaded = load_text(KEY.read_bytes())
    assert loaded.map is not None
    text = export_json(loaded.map).text
    new, undo = apply_ops(text, [{"op": "set", "id": "C_safer", "fields": {"text": "Safer."}}])
    assert json.loads(new)["nodes"][1]["text"] == "Safer."
    assert changed_lines(text, new) == [
        '-      "text": "The bike lanes have made Elm Street safer.",',
        '+      "text": "Safer.",',
    ]
    assert apply_ops(new, undo)[0] == text


def test_a_file_with_windows_line_ends_keeps_them() -> None:
    text = KEY.read_text(encoding="utf-8").replace("\n", "\r\n")
    new, undo = apply_ops(text, [{"op": "set", "id": "C_safer", "fields": {"text": "Safer."}}])
    assert new == text.replace("The bike lanes have made Elm Street safer.", "Safer.")
    assert apply_ops(new, undo)[0] == text


def test_a_file_that_does_not_parse_is_not_edited_and_says_where() -> None:
    with pytest.raises(EditError) as caught:
        apply_ops("argmap: 1\ntitle: [x\nnodes:\n", [{"op": "remove", "id": "T"}])
    assert caught.value.message.startswith("the file cannot be read as a map (line 3: YAML syntax error")
