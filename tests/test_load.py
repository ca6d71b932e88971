"""Loading: bytes -> data -> model, with located diagnostics; round trips through the native formats."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies_core import corrupted_maps, valid_maps

from argmap.diagnostics import Diagnostic
from argmap.interchange.native import dump_data, export_json, export_yaml
from argmap.load import LoadResult, load_map, load_text

MINIMAL = "argmap: 1\ntitle: t\nnodes:\n  - {id: T, kind: thesis, text: The thesis.}\n"


def labels(result: LoadResult) -> list[str]:
    return [f"{d.code}@{d.line}:{d.col}" for d in result.diagnostics]


def test_minimal_map_loads_clean() -> None:
    result = load_text(MINIMAL)
    assert result.diagnostics == []
    assert result.map is not None and result.map.nodes[0].id == "T"


# --------------------------------------------------------------------------- bugs found while testing


def test_overlong_title_with_another_error_does_not_raise() -> None:
    """The partial model used to be built with the invalid title itself, and raised."""
    result = load_text(f"argmap: 1\ntitle: {'x' * 30_000}\ncolour: red\n" + MINIMAL.split("\n", 2)[2])
    assert labels(result) == ["AM102@2:8", "AM101@3:1"]
    assert result.map is not None and [n.id for n in result.map.nodes] == ["T"]


def test_json_syntax_error_is_reported_alone() -> None:
    """A JSON syntax error used to be followed by a false 'document is empty' (AM005)."""
    assert labels(load_text('{"argmap": 1,\n "title": "t",\n}\n')) == ["AM003@3:1"]
    deep = '{"a":' * 5_000 + "1" + "}" * 5_000
    assert labels(load_text(deep)) == ["AM006@1:1"]


@pytest.mark.parametrize("version", ["true", "1.0", "'1'", "2", "[1]"])
def test_version_must_be_the_integer_one(version: str) -> None:
    """`true` and `1.0` compare equal to 1 in Python and used to pass as version 1."""
    result = load_text(MINIMAL.replace("argmap: 1", f"argmap: {version}"))
    assert labels(result) == ["AM007@1:9"]
    assert result.map is None


def test_lone_cr_line_ends_count_as_lines_in_json() -> None:
    text = '{"argmap": 1,\r"title": "t",\r"nodes": [\r{"id": "T", "kind": "thesis", "text": "x", "bogus": 1},]\r}\r'
    assert labels(load_text(text, json_hint=True)) == ["AM003@4:56"]


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_in_text_do_not_shift_positions(sep: str) -> None:
    text = MINIMAL.replace("The thesis.", f"The{sep}thesis.") + "colour: red\n"
    assert labels(load_text(text)) == ["AM101@5:1"]


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x7f", "\x9b", "\ufffe"])
def test_control_characters_are_refused_with_their_place(char: str) -> None:
    result = load_text(f"argmap: 1\ntitle: a{char}b\n")
    assert labels(result) == ["AM002@2:9"]
    assert f"U+{ord(char):04X}" in result.diagnostics[0].message


def test_tabs_are_not_control_characters() -> None:
    assert labels(load_text(MINIMAL.replace("The thesis.", "The\tthesis."))) == []


def test_tags_are_refused_not_dropped() -> None:
    for tag in ("!!binary aGk=", "!!set {a, b}", "!local x", "!!python/name:os.system x"):
        result = load_text(MINIMAL + f"description: {tag}\n")
        assert labels(result) == ["AM003@5:14"], tag
        assert "remove the tag" in result.diagnostics[0].message
    # Core tags only restate what the value is anyway.
    assert labels(load_text(MINIMAL + "description: !!str 12\n")) == []


def test_exclamation_marks_in_prose_are_not_tags() -> None:
    assert labels(load_text(MINIMAL.replace("The thesis.", "'Stop! ! now'"))) == []


def test_several_documents_are_refused_at_the_second() -> None:
    result = load_text(MINIMAL + "---\n" + MINIMAL)
    assert labels(result) == ["AM003@5:1"]
    assert "2 YAML documents" in result.diagnostics[0].message


def test_a_single_document_with_markers_is_fine() -> None:
    assert labels(load_text("---\n" + MINIMAL + "...\n")) == []
    assert labels(load_text("---\n- a\n- b\n")) == ["AM005@1:1"]


@pytest.mark.parametrize(
    ("node", "expected", "words"),
    [
        ("[a, b]", "AM102@4:5", "node #1 is a list, not a mapping"),
        ("42", "AM102@4:5", "node #1 is a number"),
        ("{id: X, text: t}", "AM112@4:5", "missing required field 'kind'"),
        ("{id: X, kind: evidence, text: t}", "AM112@4:5", "missing required field 'type'"),
        ("{id: X, kind: evidence, type: rumour, text: t}", "AM114@4:35", "unknown evidence type 'rumour'"),
        ("{id: X, kind: premise, text: t}", "AM114@4:19", "unknown node kind 'premise'"),
    ],
)
def test_malformed_nodes_say_what_is_wrong(node: str, expected: str, words: str) -> None:
    result = load_text(f"argmap: 1\ntitle: t\nnodes:\n  - {node}\n")
    assert labels(result) == [expected]
    assert words in result.diagnostics[0].message


def test_no_false_no_thesis_when_nodes_are_broken() -> None:
    assert labels(load_text("argmap: 1\ntitle: t\nnodes: 5\n")) == ["AM102@3:8"]
    assert labels(load_text("argmap: 1\ntitle: t\nnodes:\n  - {kind: thesis, text: no id}\n")) == ["AM112@4:5"]


def test_a_huge_invalid_id_is_clipped_in_messages() -> None:
    result = load_text(f"argmap: 1\ntitle: t\nnodes:\n  - {{id: {'x' * 10_000}, kind: thesis, text: t}}\n")
    assert labels(result) == ["AM102@4:10"]
    assert len(result.diagnostics[0].message) < 300


def test_duplicate_key_message_fits_json_too() -> None:
    result = load_text('{"argmap": 1, "title": "a",\n "title": "b"}', json_hint=True)
    assert labels(result) == ["AM004@2:2", "AM109@1:1"]
    assert "YAML" not in result.diagnostics[0].message


# --------------------------------------------------------------------------- positions


def test_crlf_and_bom_give_the_same_positions_as_lf() -> None:
    lf = MINIMAL + "colour: red\nrelations:\n  - {id: R, kind: supports, from: X, to: T}\n"
    expected = labels(load_text(lf))
    assert expected == ["AM101@5:1", "AM103@7:35"]
    for variant in (lf.replace("\n", "\r\n"), "\ufeff" + lf, "\ufeff" + lf.replace("\n", "\r\n")):
        assert labels(load_text(variant.encode("utf-8"))) == expected


def test_json_positions_match_the_characters_seen() -> None:
    text = '{\n\t"argmap": 1,\n\t"title": "ééé",\n\t"nodes": [{"id": "T", "kind": "thesis", "text": "x", "no": 1}]\n}\n'
    assert labels(load_text(text, json_hint=True)) == ["AM101@4:55"]


def test_yaml_syntax_error_points_at_the_line() -> None:
    text = "argmap: 1\ntitle: t\nnodes:\n  - id: T\n    kind: thesis\n   text: bad indent\n"
    assert labels(load_text(text)) == ["AM003@6:4"]
    assert labels(load_text(text.replace("\n", "\r\n"))) == ["AM003@6:4"]
    assert labels(load_text("\ufeff" + text)) == ["AM003@6:4"]


def test_invalid_utf8_is_located_by_line_and_byte() -> None:
    result = load_text(b"argmap: 1\ntitle: \xff\xfe\n")
    assert labels(result) == ["AM002@2:8"]


def test_load_map_reads_json_by_suffix(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text('{"argmap": 1, "title": "t", "nodes": [{"id": "T", "kind": "thesis", "text": "x"}]}')
    result = load_map(path)
    assert result.diagnostics == [] and result.map is not None


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_unreadable_paths_are_am001_without_a_position(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "m.yaml"
    if kind == "folder":
        path.mkdir()
    result = load_map(path)
    assert [(d.code, d.line) for d in result.diagnostics] == [("AM001", 0)]
    assert result.map is None


def test_size_limit_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as fh:  # sparse: costs no disk and no time
        fh.truncate(100 * 2**20)
    opened: list[Path] = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    result = load_map(path)
    assert labels(result) == ["AM006@1:1"]
    assert "100.0 MiB, over the 64.0 MiB limit" in result.diagnostics[0].message
    assert opened == []


# --------------------------------------------------------------------------- round trips


def test_yaml_export_quotes_strings_that_yaml_12_reads_as_numbers() -> None:
    """PyYAML (YAML 1.1) left `1e3` and `0o17` unquoted, and indented after LS/PS/NEL: argmap's YAML 1.2
    reader took the first for numbers and kept the indentation of the second as text."""
    for text in ("1e3", "-1E3", "0o17", "+.5", "._5", "1e+3", "_0", "+_1", "1_0", "a\u2028b", "\x85", " \u2029 "):
        first = load_text(MINIMAL.replace("The thesis.", json.dumps(text)))
        assert first.map is not None and first.map.nodes[0].text == text
        again = load_text(export_yaml(first.map).text)
        assert again.diagnostics == [] and again.map == first.map, text


@given(valid_maps())
def test_valid_maps_round_trip_through_yaml_and_json(data: dict[str, object]) -> None:
    first = load_text(export_json_text(data), json_hint=True)
    assert first.diagnostics == [], [str(d) for d in first.diagnostics]
    assert first.map is not None
    for text, hint in ((export_yaml(first.map).text, False), (export_json(first.map).text, True)):
        again = load_text(text, json_hint=hint)
        assert again.diagnostics == [], [str(d) for d in again.diagnostics]
        assert again.map == first.map
        assert dump_data(again.map) == dump_data(first.map)


@given(corrupted_maps())
def test_near_valid_maps_give_located_diagnostics_and_never_raise(
    case: tuple[str, dict[str, object]],
) -> None:
    what, data = case
    for text, hint in ((export_yaml_text(data), False), (export_json_text(data), True)):
        result = load_text(text, json_hint=hint)
        assert result.diagnostics, f"{what}: no diagnostic for\n{text}"
        assert all(isinstance(d, Diagnostic) and d.line >= 1 and d.col >= 1 for d in result.diagnostics), [
            str(d) for d in result.diagnostics
        ]
        assert result.has_errors, what


def export_yaml_text(data: object) -> str:
    import yaml

    from argmap.interchange.native import _yaml12_dumper

    return yaml.dump(data, Dumper=_yaml12_dumper(), sort_keys=False, allow_unicode=True)


def export_json_text(data: object) -> str:
    import json

    return json.dumps(data, indent=1, ensure_ascii=False)


@given(st.text(max_size=200))
def test_any_text_loads_without_raising(text: str) -> None:
    result = load_text(text)
    assert result.map is not None or result.diagnostics
    assert all(d.line >= 1 for d in result.diagnostics)


def test_nan_and_infinity_are_not_figures() -> None:
    """NaN used to load, then export_json wrote `NaN`, which is not JSON (model fix: finite floats)."""
    for value in (".nan", ".inf", "-.inf"):
        result = load_text(MINIMAL + f"  - {{id: E, kind: evidence, type: statistic, text: s, value: {value}}}\n")
        assert labels(result) == ["AM102@5:62"], value
        assert "expects a finite number" in result.diagnostics[0].message
    nan_json = '{"argmap": 1, "title": "t", "nodes": [{"id": "E", "kind": "evidence", "type": "statistic", '
    nan_json += '"text": "s", "value": NaN}, {"id": "T", "kind": "thesis", "text": "t"}]}'
    assert [d.code for d in load_text(nan_json, json_hint=True).diagnostics] == ["AM102"]


def test_number_ids_are_told_to_be_quoted() -> None:
    result = load_text("argmap: 1\ntitle: t\nnodes:\n  - {id: 12345, kind: thesis, text: t}\n")
    assert labels(result) == ["AM102@4:10"]
    assert "reads this id as the number 12345: put the id in quotes" in result.diagnostics[0].message


def test_empty_ids_and_null_nodes_are_named_by_position() -> None:
    result = load_text(
        "argmap: 1\ntitle: t\nnodes:\n  - {id: T, kind: thesis, text: t}\n"
        "  - {id: '', kind: claim, text: c}\n  - null\n"
    )
    assert labels(result) == ["AM102@5:10", "AM102@6:5"]
    assert result.diagnostics[0].message.startswith("node #2: field 'id'")
    assert result.diagnostics[1].message.startswith("node #3 is empty (null), not a mapping")


def test_utf16_is_named() -> None:
    result = load_text("argmap: 1\ntitle: t\n".encode("utf-16"))
    assert labels(result) == ["AM002@1:1"]
    assert "UTF-16" in result.diagnostics[0].message


def test_size_limit_message_reads_well_for_small_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import argmap.load

    monkeypatch.setattr(argmap.load.reading, "MAX_BYTES", 40)
    path = tmp_path / "m.yaml"
    path.write_text(MINIMAL)
    result = load_map(path)
    assert result.diagnostics[0].message.startswith("file is 71 bytes, over the 40 bytes limit")


def test_a_device_or_a_named_pipe_is_refused_before_opening(tmp_path: Path) -> None:
    """`argmap check /dev/zero` used to read forever, and a FIFO with no writer blocked for ever:
    both are refused by their type, never opened."""
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    result = load_map(link)
    assert labels(result) == ["AM001@0:0"]
    assert "is a device, not a file" in result.diagnostics[0].message
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = load_map(fifo)
    assert labels(result) == ["AM001@0:0"]
    assert "is a named pipe (FIFO), not a file" in result.diagnostics[0].message


def test_a_stream_is_read_only_up_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input (or process substitution) has no size to check beforehand: read one byte past the limit."""
    import io

    import argmap.load

    monkeypatch.setattr(argmap.load.reading, "MAX_BYTES", 2**20)
    result = argmap.load.load_stream(io.BytesIO(b"#" * (2**20 + 10)))
    assert labels(result) == ["AM006@1:1"]


def test_ids_that_yaml_reads_as_numbers_are_explained() -> None:
    """The YAML 1.2 reader takes `_0` and `1_000` for numbers; the message says to quote the id."""
    result = load_text("argmap: 1\ntitle: t\nnodes:\n  - {id: 1_000, kind: thesis, text: t}\n")
    assert labels(result) == ["AM102@4:10"]
    assert "number 1000: put the id in quotes" in result.diagnostics[0].message


# --------------------------------------------------------------------------- big lists, validated in chunks


def test_errors_past_the_first_chunk_are_located_and_the_rest_still_checked() -> None:
    """Lists are validated 1,024 items at a time and each parsed chunk is freed. An invalid item in a
    later chunk must still be reported at its own line, dropped from the model, and the items after
    it must keep their file positions for the structure checks (a reference to a missing node)."""
    from benchlib.synthetic import synthetic_data, to_yaml

    data = synthetic_data(3000, seed=5)
    nodes = data["nodes"]
    bad, late = 1500, 2600
    assert len(nodes) > late
    nodes[bad]["colour"] = "red"  # unknown field: the node is invalid and dropped
    rel = next(r for r in data["relations"][1100:] if r["kind"] == "supports")
    rel["from"] = "NO_SUCH_NODE"  # a relation past the first chunk points nowhere
    twin = nodes[late]["id"]
    nodes.append({"id": twin, "kind": "claim", "text": "A second node with the same id."})
    # ^ after the dropped node: its model index is one less than its file index
    text = to_yaml(data)
    result = load_text(text)
    lines = text.splitlines()

    def line_of(needle: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if needle in line)

    unknown = [d for d in result.diagnostics if d.code == "AM101"]
    dangling = [d for d in result.diagnostics if d.code == "AM103"]
    assert [(d.line, d.subject) for d in unknown] == [(line_of("colour: red"), nodes[bad]["id"])]
    assert [(d.line, d.subject) for d in dangling] == [(line_of("NO_SUCH_NODE"), rel["id"])]
    assert result.map is not None
    assert len(result.map.nodes) == len(nodes) - 1 and nodes[bad]["id"] not in {n.id for n in result.map.nodes}
    # The repeated id is reported at the second node's own line, not one item earlier.
    twins = [d for d in result.diagnostics if d.code == "AM106"]
    second = [i for i, line in enumerate(lines, 1) if line.strip() in (f"- id: {twin}", f"id: {twin}")][1]
    assert [d.line for d in twins] == [second]
