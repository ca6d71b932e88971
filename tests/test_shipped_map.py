"""The map shipped in claims/: it must stay valid, its anchors must pin the source, and breaking a copy
must be reported by the CLI at the right line.

Expected line numbers are computed from the text each test inserts or changes, so the tests hold
when the map itself is edited.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.anchors import find_anchor, normalise, resolve_source_text
from argmap.cli import app
from argmap.diagnostics import Severity
from argmap.load import load_map
from argmap.pipeline import CheckOptions, check_file

ROOT = Path(__file__).resolve().parents[1]
MAP = ROOT / "claims" / "north-korea-seeking-new-friends.yaml"
TEXTS = ROOT.parent / "shared" / "sources"

needs_texts = pytest.mark.skipif(
    not (TEXTS / "north-korea-seeking-new-friends.txt").is_file(),
    reason=f"source texts not present in {TEXTS}",
)


def _errors(diags: list) -> list:
    return [d for d in diags if d.severity is Severity.ERROR]


# --------------------------------------------------------------------------- the map as shipped


def test_shipped_map_loads_without_errors() -> None:
    result = load_map(MAP)
    assert result.map is not None
    assert _errors(result.diagnostics) == [], [str(d) for d in result.diagnostics]
    m = result.map
    assert [n.id for n in m.nodes if n.kind == "thesis"] == ["T"]
    assert all(n.sources == ["mishra2014"] and n.anchor is not None for n in m.evidence())
    kinds = {r.kind for r in m.relations}
    assert {"supports", "attacks", "undercuts"} <= kinds


def test_source_text_is_found_by_file_name_not_by_relative_path() -> None:
    m = load_map(MAP).map
    assert m is not None
    (source,) = m.sources
    # claims/ must work wherever the shared texts live: a bare file name, looked up in --texts dirs.
    assert source.text == "north-korea-seeking-new-friends.txt"


def test_ordinals_are_recorded_as_printed() -> None:
    """The article's anniversary ordinals disagree with history; the map keeps what it prints."""
    m = load_map(MAP).map
    assert m is not None
    nodes = {n.id: n for n in m.nodes}
    russia, treaty = nodes["E_russia_anniversary"], nodes["E_treaty_silence"]
    assert (russia.occasion.anniversary, russia.occasion.commemorated_date) == (11, "2000-07-19")
    assert (treaty.occasion.anniversary, treaty.occasion.commemorated_date) == (33, "1961-07-11")
    trade = nodes["E_trade_russia"]
    assert trade.baseline is None  # the article gives none; none may be invented


@needs_texts
def test_every_anchor_occurs_exactly_once() -> None:
    result = check_file(MAP, CheckOptions(texts=[TEXTS], rules=False))
    codes = [d.code for d in result.diagnostics]
    assert not {"AM201", "AM202", "AM203"} & set(codes), [str(d) for d in result.diagnostics]
    assert _errors(result.diagnostics) == []

    m = result.map
    assert m is not None
    path = resolve_source_text(m.sources[0], MAP.parent, [TEXTS])
    assert path is not None
    text = normalise(path.read_text(encoding="utf-8"))
    for node in m.evidence():
        assert node.anchor is not None
        match = find_anchor(node.anchor, text)
        assert match.count == 1, f"{node.id}: {node.anchor.exact!r} found {match.count} times"


@needs_texts
@pytest.mark.skipif(importlib.util.find_spec("argmap.rules") is None, reason="rule engine not available yet")
def test_full_check_reports_no_errors() -> None:
    result = check_file(MAP, CheckOptions(texts=[TEXTS], rules=True))
    assert _errors(result.diagnostics) == [], [str(d) for d in result.diagnostics]


# --------------------------------------------------------------------------- broken copies via the CLI


def _lines() -> list[str]:
    return MAP.read_text(encoding="utf-8").splitlines()


def _index(lines: list[str], line: str) -> int:
    """Index of the one line equal to ``line`` (the tests anchor their edits on top-level keys)."""
    found = [i for i, ln in enumerate(lines) if ln == line]
    assert len(found) == 1, f"expected one line {line!r} in the map, found {len(found)}"
    return found[0]


def _check(tmp_path: Path, lines: list[str]) -> tuple[int, list[dict]]:
    broken = tmp_path / "broken.yaml"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--no-rules", "--format", "json", str(broken)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def _lines_of(diags: list[dict], code: str) -> list[int]:
    return [d["line"] for d in diags if d["code"] == code]


def test_unmodified_copy_passes(tmp_path: Path) -> None:
    code, diags = _check(tmp_path, _lines())
    assert code == 0
    assert [d for d in diags if d["severity"] == "error"] == []


def test_relation_to_unknown_node_is_am103_at_its_line(tmp_path: Path) -> None:
    lines = _lines()
    at = _index(lines, "relations:") + 1
    lines[at:at] = [
        "  - id: R_broken",
        "    kind: supports",
        "    from: C1",
        "    to: NO_SUCH_NODE",
    ]
    code, diags = _check(tmp_path, lines)
    assert code == 1
    assert _lines_of(diags, "AM103") == [at + 4]


def test_duplicate_node_id_is_am106_at_the_second_id(tmp_path: Path) -> None:
    lines = _lines()
    m = load_map(MAP).map
    assert m is not None
    first_id = m.nodes[0].id
    # The copy goes after the last node, so it is the second occurrence of the id.
    at = _index(lines, "relations:")
    lines[at:at] = [
        f"  - id: {first_id}",
        "    kind: claim",
        "    text: A second node with an id already taken.",
        "",
    ]
    code, diags = _check(tmp_path, lines)
    assert code == 1
    assert _lines_of(diags, "AM106") == [at + 1]


def test_misspelt_field_is_am101_at_its_line(tmp_path: Path) -> None:
    lines = _lines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("    warrant:"))
    lines[at] = lines[at].replace("warrant:", "warant:", 1)
    code, diags = _check(tmp_path, lines)
    assert code == 1
    assert _lines_of(diags, "AM101") == [at + 1]
    assert "warant" in next(d["message"] for d in diags if d["code"] == "AM101")


def test_duplicate_key_in_a_node_is_am004_at_the_second_key(tmp_path: Path) -> None:
    lines = _lines()
    kind_line = _index(lines, "  - id: C1") + 1
    assert lines[kind_line] == "    kind: claim"
    at = kind_line + 1
    lines[at:at] = ["    kind: claim"]
    code, diags = _check(tmp_path, lines)
    assert code == 1
    assert _lines_of(diags, "AM004") == [at + 1]
