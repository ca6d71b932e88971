"""The language server's parts without the protocol: model knowledge, cursor context, the indexes."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from argmap.lsp.analysis import is_map_document, token_span
from argmap.lsp.context import cursor_at
from argmap.lsp.features import completions, rename_edits
from argmap.lsp.index import MapIndex, _index_of, _loader, build_map_index, lenient_index
from argmap.lsp.scan import scan_index
from argmap.lsp.schema import fields_of, item_models, merged_fields, model_at
from argmap.model import EVIDENCE_CLASSES, ArgMap, Relation, Source
from tests.benchlib.synthetic import synthetic_yaml

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "claims" / "north-korea-seeking-new-friends.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "lsp" / "library-hours.argmap.yaml"


# ---------------------------------------------------------------------- the model, read not retyped


def test_every_evidence_type_and_its_fields_are_offered() -> None:
    """A new evidence type or field appears in completion without touching argmap.lsp."""
    evidence = model_at(["nodes", 0], {"kind": "evidence"})
    assert set(evidence) == set(EVIDENCE_CLASSES.values())
    assert merged_fields(evidence)["type"].values == tuple(EVIDENCE_CLASSES)
    for name, cls in EVIDENCE_CLASSES.items():
        (narrowed,) = model_at(["nodes", 0], {"kind": "evidence", "type": name})
        assert narrowed is cls
        assert set(fields_of(cls)) == {f.alias or n for n, f in cls.model_fields.items()}


def test_id_fields_are_found_from_the_model() -> None:
    targets = {
        (m.__name__, k): s.id_target
        for section in ("sources", "nodes", "relations")
        for m in item_models(section)
        for k, s in merged_fields((m,)).items()
        if s.id_target
    }
    assert targets[("Relation", "from")] == "node"
    assert targets[("Relation", "to")] == "node-or-relation"
    assert targets[("Statistic", "sources")] == "source"
    assert ("Relation", "id") not in targets and ("Source", "id") not in targets
    anchor = merged_fields(model_at(["nodes", 0, "anchor"], {}))
    assert anchor["source"].id_target == "source"
    assert fields_of(Relation)["kind"].values == typing.get_args(Relation.model_fields["kind"].annotation)


def test_top_level_fields() -> None:
    assert set(merged_fields(model_at([], {}))) == set(ArgMap.model_fields)
    assert model_at(["sources", 0], {}) == (Source,)
    assert model_at(["nope"], {}) == ()


# ---------------------------------------------------------------------- the cursor


TYPING = """\
argmap: 1
title: x
sources:
  - id: S1
    title: t
nodes:
  - id: E1
    kind: evidence
    type: count
    wh
    anchor:
      exact: some words
      so
relations:
  - id: R1
    kind: undercuts
    from:
      - E
    to: R
"""


@pytest.mark.parametrize(
    ("row", "col", "mode", "path", "key", "prefix"),
    [
        (9, 6, "key", ["nodes", 0], None, "wh"),
        (12, 8, "key", ["nodes", 0, "anchor"], None, "so"),
        (17, 9, "value", ["relations", 0], "from", "E"),
        (18, 9, "value", ["relations", 0], "to", "R"),
        (3, 6, "key", ["sources", 0], None, "id"),
        (1, 8, "value", [], "title", "x"),
    ],
)
def test_cursor_context(row: int, col: int, mode: str, path: list[object], key: str | None, prefix: str) -> None:
    c = cursor_at(TYPING.split("\n"), row, col)
    assert (c.mode, c.path, c.key, c.prefix) == (mode, path, key, prefix)


def test_field_completion_follows_kind_and_type() -> None:
    c = cursor_at(TYPING.split("\n"), 9, 6)
    assert c.siblings == {"id": "E1", "kind": "evidence", "type": "count"}
    labels = [i.label for i in completions(c, None)]
    assert "what" in labels and "number" in labels and "items" in labels
    assert "kind" not in labels and "value" not in labels  # written already / a statistic's
    undercut = cursor_at(TYPING.split("\n"), 18, 9)
    index = build_map_index(TYPING.replace("    wh\n", "").replace("      so\n", ""))
    assert [i.label for i in completions(undercut, index)] == []  # no relation id fits "R" but R1 itself
    # anchor's source completes source ids
    anchor = cursor_at(["nodes:", "  - id: E1", "    anchor:", "      source: "], 3, 14)
    assert anchor.key == "source" and anchor.path == ["nodes", 0, "anchor"]


# ---------------------------------------------------------------------- ranges and renames


@pytest.mark.parametrize(
    ("line", "col", "key_only", "end"),
    [
        ("    to: C1  # why", 8, False, 10),
        ("    from: [C1, 'C 2']", 15, False, 20),
        ("    from: [C1, C2]", 11, False, 13),
        ("  - id: C2", 4, False, 10),
        ("    txt: hello", 4, True, 7),
        ('    text: "a \\" b"', 10, False, 18),
    ],
)
def test_token_span(line: str, col: int, key_only: bool, end: int) -> None:
    assert token_span(line, col, key_only=key_only) == end


def test_rename_quotes_an_id_yaml_would_read_as_a_number() -> None:
    index = build_map_index(FIXTURE.read_text(encoding="utf-8"))
    assert index is not None
    edits = rename_edits(index, "T", "2024")
    assert isinstance(edits, list) and {e.new_text for e in edits} == {'"2024"'}
    assert rename_edits(index, "T", "C_savings") == "'C_savings' is already the id of another item in this map"


def test_map_documents_are_recognised() -> None:
    assert is_map_document("file:///a/b.argmap.yaml", "")
    assert is_map_document("file:///a/b.yaml", "# c\nargmap: 1\ntitle: x\n")
    assert is_map_document("file:///a/b.json", '{\n  "argmap": 1}')
    assert not is_map_document("file:///a/compose.yaml", "services:\n  web: {}\n")


# ---------------------------------------------------------------------- the fast index equals the composed one


def _composed(text: str) -> MapIndex:
    return _index_of(yaml.compose(text, Loader=_loader()))


def _same(fast: MapIndex, slow: MapIndex) -> None:
    assert [(r.name, r.span, r.field, r.target, r.quoted) for r in fast.refs] == [
        (r.name, r.span, r.field, r.target, r.quoted) for r in slow.refs
    ]
    assert fast.codes == slow.codes
    assert [(i.what, i.id, i.id_span, i.span.line) for i in fast.items] == [
        (i.what, i.id, i.id_span, i.span.line) for i in slow.items
    ]


@pytest.mark.parametrize("path", [SHIPPED, FIXTURE], ids=["shipped", "fixture"])
def test_scan_agrees_with_compose(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = scan_index(text)
    assert fast is not None
    _same(fast, _composed(text))


@given(st.integers(min_value=2, max_value=60), st.integers(min_value=0, max_value=10_000))
def test_scan_agrees_with_compose_on_synthetic_maps(n: int, seed: int) -> None:
    text = synthetic_yaml(n, seed=seed)
    fast = scan_index(text)
    assert fast is not None
    _same(fast, _composed(text))


def test_scan_refuses_what_it_cannot_read_and_compose_takes_over() -> None:
    flow = "argmap: 1\ntitle: x\nnodes:\n  - {id: T, kind: thesis,\n     text: y}\nrelations: []\n"
    assert scan_index(flow) is None
    index = build_map_index(flow)
    assert index is not None and [r.name for r in index.refs] == ["T"]


def test_half_typed_map_still_has_its_ids() -> None:
    text = FIXTURE.read_text(encoding="utf-8") + "  - id: R9\n    from: [E_\n    to: \n"
    assert build_map_index(text) is None
    row = text.split("\n").index("    to: ")
    index = lenient_index(text, row)
    assert index is not None and "E_quote" in index.definitions()


# ---------------------------------------------------------------------- the command


def test_cli_loads_no_lsp_framework_until_the_server_starts() -> None:
    import subprocess
    import sys

    code = "import sys, argmap.cli; print(sorted(m for m in ('pygls', 'lsprotocol') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_refuses_a_texts_folder_that_is_not_there(tmp_path: Path) -> None:
    import subprocess
    import sys

    missing = tmp_path / "nope"
    out = subprocess.run(
        [sys.executable, "-m", "argmap", "lsp", "--texts", str(missing)], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 2
    assert out.stderr == f"argmap: --texts {missing}: not a folder\n"


# ---------------------------------------------------------------------- quick fixes


@pytest.mark.parametrize(
    ("old", "new", "code", "title"),
    [
        ("    kind: claim\n    text: Students", "    kind: claym\n    text: Students", "AM114", "'claym' with 'claim'"),
        ("type: statistic", "type: statistc", "AM114", "'statistc' with 'statistic'"),
        ("kind: attacks", "kind: atacks", "AM102", "'atacks' with 'attacks'"),
        ("unit: USD", "unit: USD\n    scale: milion", "AM102", "'milion' with 'million'"),
        ("unit: USD", "unit: USD\n    scale: lots", "AM102", None),  # nothing close: no fix is certain
        (
            "sources: [riverton_news]\n    anchor: We",
            "sources: [riverton_new]\n    anchor: We",
            "AM104",
            "'riverton_new' with 'riverton_news'",
        ),
        ("to: C_savings", "to: C_saving", "AM103", "'C_saving' with 'C_savings'"),
        ("expected_from", "expectd_from", "AM101", "'expectd_from' with 'expected_from'"),
    ],
)
def test_quick_fixes(old: str, new: str, code: str, title: str | None) -> None:
    from argmap.lsp.analysis import Checker, to_lsp
    from argmap.lsp.features import code_actions
    from argmap.lsp.server import lines_of

    text = FIXTURE.read_text(encoding="utf-8").replace(old, new, 1)
    found = [d for d in Checker().check(str(FIXTURE), text) if d.severity.value == "error"]
    assert [d.code for d in found] == [code]
    lines = lines_of(text)
    diagnostic = to_lsp(found[0], lines, None)
    actions = code_actions("file:///m.yaml", lines, [diagnostic], json_form=False)
    assert [a.title for a in actions] == ([f"Replace {title}"] if title else [])
    if actions:
        edit = actions[0].edit
        assert edit is not None and edit.changes is not None
        (change,) = edit.changes["file:///m.yaml"]
        fixed = lines[change.range.start.line]
        fixed = fixed[: change.range.start.character] + change.new_text + fixed[change.range.end.character :]
        lines[change.range.start.line] = fixed
        assert not [d for d in Checker().check(str(FIXTURE), "\n".join(lines)) if d.severity.value == "error"]


def test_hover_on_a_field_name_says_what_the_format_says() -> None:
    from argmap.lsp.features import hover_field

    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("    expected_from:"))
    assert hover_field(lines, row, 6) == "**expected_from** · optional · absence\n\nWho was expected to act."
    row = next(i for i, line in enumerate(lines) if line.startswith("    type: statistic"))
    shown = hover_field(lines, row, 5)
    assert shown is not None and "One of: `statistic`, `count`, `statement`, `event`, `absence`" in shown
    assert hover_field(lines, row, 12) is None  # on the value, not the key


def test_source_texts_are_read_again_only_when_changed(tmp_path: Path) -> None:
    from argmap.anchors import read_normalised

    source = tmp_path / "article.txt"
    source.write_text("The  council said\n“no”.", encoding="utf-8")
    first = read_normalised(source)
    assert first == 'The council said "no".'
    assert read_normalised(source) is first  # unchanged: the text kept, not read again
    source.write_text("The council said yes.", encoding="utf-8")
    assert read_normalised(source) == "The council said yes."


# ---------------------------------------------------------------------- the JSON form


def _json_lines() -> list[str]:
    import json

    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    return json.dumps(data, indent=2, default=str).split("\n")


def test_json_cursor_reads_the_nesting_from_the_brackets() -> None:
    from argmap.lsp.jsoncursor import cursor_in

    lines = _json_lines()
    row = next(i for i, line in enumerate(lines) if '"type": "statistic"' in line)
    typing = [*lines[: row + 1], '      "sc', *lines[row + 1 :]]
    key = cursor_in(typing, row + 1, 9)
    assert (key.mode, key.path, key.prefix, key.start) == ("key", ["nodes", 4], "sc", 7)
    assert key.siblings["type"] == "statistic" and "value" in key.keys and "sources" in key.keys
    items = completions(key, None)
    assert "scale" in [i.label for i in items] and "value" not in [i.label for i in items]
    assert next(i for i in items if i.label == "scale").insert_text == 'scale": '
    typing[row + 1] = '      "scale": "mil'
    value = cursor_in(typing, row + 1, len(typing[row + 1]))
    assert (value.mode, value.key, value.prefix) == ("value", "scale", "mil")
    assert [i.label for i in completions(value, None)] == ["one", "thousand", "million", "billion", "trillion"]
    row = next(i for i, line in enumerate(lines) if '"to": "C_students"' in line)
    target = cursor_in(lines, row, lines[row].index('"C_') + 3)
    assert (target.path, target.key, target.prefix, target.siblings["kind"]) == (
        ["relations", 1],
        "to",
        "C_",
        "supports",
    )
    labels = [i.label for i in completions(target, build_map_index("\n".join(lines)))]
    assert labels == ["C_students", "C_savings"]


_NAMED_LIKE_A_SCHEME = """argmap: 1
title: A node named like a scheme
nodes:
  - {id: T, kind: thesis, text: The library should open longer}
  - {id: sign, kind: claim, text: Queues form at closing time}
  - {id: expected, kind: claim, text: Students say they would come later}
relations:
  - id: R1
    kind: supports
    from: sign
    to: T
    scheme: sign
    answers: [expected]
  - {id: R2, kind: supports, from: expected, to: T}
"""


def test_scheme_and_question_names_are_not_references_to_nodes() -> None:
    """``scheme:`` names a catalogue scheme and ``answers:`` its questions: renaming a node that happens to
    share the name must leave them alone, and completing ``scheme:`` offers schemes, not node ids."""
    index = build_map_index(_NAMED_LIKE_A_SCHEME)
    assert index is not None
    assert [r.field for r in index.refs if r.field in ("scheme", "answers")] == []
    lines = _NAMED_LIKE_A_SCHEME.split("\n")
    edits = rename_edits(index, "sign", "C_queues")
    assert isinstance(edits, list) and [e.range.start.line for e in edits] == [4, 9]  # the id, `from:`
    edits = rename_edits(index, "expected", "C_later")
    assert isinstance(edits, list) and [e.range.start.line for e in edits] == [5, 13]
    scheme = cursor_at([*lines[:11], "    scheme: si"], 11, 14)
    labels = [i.label for i in completions(scheme, index)]
    assert "sign" in labels and "T" not in labels and "expected" not in labels
    assert fields_of(Relation)["scheme"].id_target is None and fields_of(Relation)["answers"].id_target is None
    answers = cursor_at([*lines[:12], "    answers: [st"], 12, 17)
    items = completions(answers, index)
    assert [i.label for i in items] == ["strength", "other-explanations"]  # the sign scheme's questions
    assert items[0].detail is not None and items[0].detail.startswith("How strong is the link")
    no_scheme = cursor_at([*lines[:11], "    answers: [st"], 11, 17)
    assert completions(no_scheme, index) == []
