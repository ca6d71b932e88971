"""One place per concept: the evidence-type registry and its presentation are complete, and a new
type declared in those two places alone works in every command."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import argmap
import argmap.model
from argmap.formats import FORMATS, Format
from argmap.model import (
    EVIDENCE_CLASSES,
    ArgMap,
    ClaimType,
    Occasion,
    Relation,
    RelationKind,
    date_fields,
    own_fields,
)
from argmap.rules.analysis import TYPE_BITS
from argmap.view.kinds import KINDS, NODE_KINDS, RELATION_MEANINGS
from argmap.view.themes import KIND_LABELS, NODE_SHAPES, THEMES


def test_every_evidence_type_has_its_presentation() -> None:
    assert set(KINDS) == {"thesis", "claim", *EVIDENCE_CLASSES}
    assert NODE_KINDS[:2] == ("thesis", "claim")
    for name, cls in EVIDENCE_CLASSES.items():
        own = set(own_fields(cls))
        assert KINDS[name].shown <= own, f"{name}: 'shown' names fields the model does not have"
        assert KINDS[name].shown == own, f"{name}: the facts of some fields are neither shown nor reported"


def test_tables_derived_from_the_registries_cover_every_kind() -> None:
    from argmap.exercises.printable import GLOSSARY

    assert set(TYPE_BITS) == set(EVIDENCE_CLASSES)
    assert all(k.meaning for k in KINDS.values()), "a kind without its `meaning` (the worksheets' glossary)"
    assert all(KINDS[t].gloss for t in EVIDENCE_CLASSES), "an evidence type without its `gloss` (graders' remarks)"
    assert list(RELATION_MEANINGS) == list(typing.get_args(RelationKind))
    assert [term for term, _ in GLOSSARY] == [*KINDS, *typing.get_args(RelationKind)]
    assert len(set(TYPE_BITS.values())) == len(TYPE_BITS)
    assert set(NODE_SHAPES) == set(KIND_LABELS) == set(KINDS)
    for theme in THEMES.values():
        assert set(theme.fills) == set(KINDS)


def _type_checking_lists() -> tuple[list[str], list[str]]:
    """The evidence type names and classes that ``model.py`` spells out for mypy alone (under
    ``if TYPE_CHECKING:``, where the registry cannot be read): ``EvidenceType`` and ``Evidence``."""
    tree = ast.parse(Path(argmap.model.__file__).read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING")
    values = {
        target.id: stmt.value
        for stmt in block.body
        if isinstance(stmt, ast.Assign)
        for target in stmt.targets
        if isinstance(target, ast.Name)
    }
    literal = values["EvidenceType"]
    assert isinstance(literal, ast.Subscript) and ast.unparse(literal.value) == "Literal"
    names = [ast.literal_eval(e) for e in getattr(literal.slice, "elts", [literal.slice])]
    union = ast.unparse(values["Evidence"])
    return names, [part.strip() for part in union.split("|")]


def test_the_type_checkers_lists_are_the_registry() -> None:
    """mypy cannot read a registry filled at import time, so model.py names the types for it by hand;
    here that hand list is held to the registry: a new type must be added there too (in order)."""
    names, classes = _type_checking_lists()
    assert names == list(EVIDENCE_CLASSES), "model.py: EvidenceType under TYPE_CHECKING is not the registry"
    assert classes == [c.__name__ for c in EVIDENCE_CLASSES.values()], (
        "model.py: Evidence under TYPE_CHECKING is not the registry"
    )


def test_hypothesis_draws_every_registered_type() -> None:
    """The map strategies draw the types they know by hand and any other from its annotations."""
    import strategies_core
    import strategies_maps

    for by_hand in (set(strategies_core.WRITTEN_BY_HAND), strategies_maps.WRITTEN_BY_HAND):
        assert by_hand <= set(EVIDENCE_CLASSES), "a strategy draws a type that is no longer registered"


@pytest.mark.parametrize("model", [*EVIDENCE_CLASSES.values(), Occasion, Relation], ids=lambda m: m.__name__)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_values_drawn_from_the_annotations_are_accepted(model: type[BaseModel], data: st.DataObject) -> None:
    """What a new type would be drawn with (every field from its annotation) is valid, the limits of a
    field (``ge=``, ``le=``: an anniversary up to 10,000, a strength up to 1) included."""
    from strategies_fields import model_fields_data
    from strategies_maps import texts

    dates = st.sampled_from(["2014", "2014-07", "2014-07-11", "2014-06/2014-07"])
    # As the map strategies use it: the fields of an evidence type beyond every node's; ids and
    # references are the map strategy's to draw
    fixed: dict[str, object] = {}
    if model is Relation:
        fixed = {"id": "R1", "from": "A", "to": "B"}
    elif model is not Occasion:
        name = next(n for n, cls in EVIDENCE_CLASSES.items() if cls is model)
        fixed = {"id": "E1", "kind": "evidence", "type": name, "text": "t"}
    own = set(own_fields(model)) if model in EVIDENCE_CLASSES.values() else set(model.model_fields)
    skip = frozenset(model.model_fields) - own | {"id", "premises", "target", "scheme", "answers", "formats"}
    drawn = data.draw(model_fields_data(model, texts(1, 4), dates, skip))
    model.model_validate(drawn | fixed)


def test_every_table_by_relation_kind_has_each_kind() -> None:
    """Tables keyed by relation kind (styles, legends, marks, the editor's and the glossary's) have
    exactly the model's kinds, so that a new kind of relation cannot miss one."""
    from argmap.editdoc import RELATION_KINDS as EDITABLE
    from argmap.view.build import RELATION_KINDS
    from argmap.view.terminal import MARKS
    from argmap.view.themes import EDGE_STYLES, RELATION_LABELS

    kinds = list(typing.get_args(RelationKind))
    tables = {"EDGE_STYLES": EDGE_STYLES, "RELATION_LABELS": RELATION_LABELS, "MARKS": MARKS}
    tables |= {f"THEMES[{name!r}].edges": theme.edges for name, theme in THEMES.items()}
    for name, table in tables.items():
        assert list(table) == kinds, name
    assert list(RELATION_KINDS) == kinds
    assert set(kinds) == EDITABLE


def test_the_editors_node_kinds_are_the_models() -> None:
    from argmap.editdoc import NODE_KINDS as EDITABLE
    from argmap.model import Claim, Thesis

    models = (Thesis, Claim, *EVIDENCE_CLASSES.values())
    assert {typing.get_args(m.model_fields["kind"].annotation)[0] for m in models} == EDITABLE


def test_the_editor_pages_lists_are_the_models() -> None:
    """editor.js spells out the evidence types (with the fields its form edits) and the claim types."""
    script = (Path(argmap.__file__).parent / "html" / "editor.js").read_text(encoding="utf-8")
    block = script.split("var EVIDENCE_FIELDS = {", 1)[1].split("};", 1)[0]
    fields = {name: re.findall(r'"(\w+)"', items) for name, items in re.findall(r"(\w+): \[(.*?)\]", block)}
    assert list(fields) == list(EVIDENCE_CLASSES), "editor.js: EVIDENCE_FIELDS is not the registry"
    for name, names in fields.items():
        assert set(names) <= set(own_fields(EVIDENCE_CLASSES[name])), f"editor.js: {name} has no such field"
    claim_types = re.search(r"var CLAIM_TYPES = \[(.*?)\];", script)
    assert claim_types is not None
    assert re.findall(r'"(\w*)"', claim_types.group(1)) == ["", *typing.get_args(ClaimType)]


def test_date_fields_come_from_the_annotations() -> None:
    assert {cls.DATE_FIELD for cls in EVIDENCE_CLASSES.values()} == {"period", "date"}
    assert date_fields() == {"created", "date", "period", "since", "commemorated_date"}


_POLL_CLASS = '''
class Poll(_EvidenceBase):
    """An opinion poll: who asked, how many answered, what share said what."""

    type: Literal["poll"]
    pollster: Text
    respondents: int = Field(ge=1)
    share: Number
    answer: Text
    fieldwork: PartialDate | None = None


'''

_POLL_PRESENTATION = """        KindPresentation(
            "poll", "Poll", "Evidence: poll", NodeShape("hexagon", "", 1, "{{", "}}"), _EVIDENCE_FILL,
            lambda n: [f"{format_number(n.share)}% {clean(n.answer)} ({n.respondents:,} asked by {n.pollster})"],
            lambda n: _f("Pollster", n.pollster) + _f("Share", f"{format_number(n.share)}%") + _f("Answer", n.answer),
            frozenset({"pollster", "respondents", "share", "answer", "fieldwork"}),
            meaning="An opinion poll: how many were asked, and what share answered what.",
        ),
"""

_POLL_MAP = """argmap: 1
title: Opinion on the bike lanes
sources:
  - {id: s1, title: City survey 2024, kind: primary, date: 2024-05}
nodes:
  - {id: T, kind: thesis, text: The bike lanes are popular.}
  - {id: C1, kind: claim, text: Most residents approve of the lanes.}
  - id: P1
    kind: evidence
    type: poll
    text: A city poll found a majority in favour.
    pollster: City statistics office
    respondents: 1200
    share: 61
    answer: approve of the lanes
    fieldwork: 2024-04
    sources: [s1]
relations:
  - {id: R1, kind: supports, from: C1, to: T, warrant: What most residents approve of is popular.}
  - {id: R2, kind: supports, from: P1, to: C1}
"""


@pytest.fixture(scope="module")
def with_poll(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the package with one new evidence type, added as a developer would: its class in
    the model (and its name in the type checker's lists there) and its entry in the presentation
    table, and nothing else. The copy is removed afterwards; the package itself is never touched."""
    package = Path(argmap.__file__).parent
    if "poll" in EVIDENCE_CLASSES or "class Poll(" in (package / "model.py").read_text(encoding="utf-8"):
        pytest.fail("argmap has a real `poll` type: give this test's throwaway type another name")
    root = tmp_path_factory.mktemp("poll")
    shutil.copytree(package, root / "argmap", ignore=shutil.ignore_patterns("__pycache__"))
    model = root / "argmap" / "model.py"
    text = model.read_text()
    marker = "# The unions are made from the registry"
    assert marker in text
    text = text.replace(marker, _POLL_CLASS.lstrip("\n") + marker, 1)
    names, classes = _type_checking_lists()
    for old, new in (
        (", ".join(f'"{n}"' for n in names), ", ".join(f'"{n}"' for n in [*names, "poll"])),
        (" | ".join(classes), " | ".join([*classes, "Poll"])),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    model.write_text(text)
    kinds = root / "argmap" / "view" / "kinds.py"
    text = kinds.read_text()
    marker = "    )\n}\n\nNODE_KINDS"
    assert marker in text
    kinds.write_text(text.replace(marker, _POLL_PRESENTATION + marker, 1))
    (root / "poll.yaml").write_text(_POLL_MAP)
    yield root
    shutil.rmtree(root)


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``argmap ARGS`` run from the copy (``-c CODE``: that Python code instead)."""
    env = {**os.environ, "PYTHONPATH": str(root), "ARGMAP_WIDTH": "120"}
    env.pop("ARGMAP_DEBUG", None)
    command = [sys.executable, *args] if args[0] == "-c" else [sys.executable, "-m", "argmap", *args]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)


_PRINT_TABLES = """
from argmap.exercises.printable import GLOSSARY
from argmap.model import EVIDENCE_CLASSES, Evidence
print(*EVIDENCE_CLASSES)
print(Evidence.__args__[-1].__name__)
print(dict(GLOSSARY)["poll"])
"""


def _ok(p: subprocess.CompletedProcess[str], *codes: int) -> str:
    assert "Traceback" not in p.stderr and "internal error" not in p.stderr, p.stderr
    assert p.returncode in (codes or (0,)), (p.returncode, p.stderr)
    return p.stdout


def test_a_new_type_in_two_places_works_in_every_command(with_poll: Path) -> None:
    tables = _ok(_run(with_poll, "-c", _PRINT_TABLES))
    assert tables.splitlines() == [
        "statistic count statement event absence poll",
        "Poll",
        "An opinion poll: how many were asked, and what share answered what.",
    ]
    check = _ok(_run(with_poll, "check", "-f", "json", "poll.yaml"))
    assert not [d for d in json.loads(check)["diagnostics"] if d["severity"] == "error"]
    gaps = _ok(_run(with_poll, "gaps", "poll.yaml"))
    assert "1 poll" in gaps
    assert "P1" in gaps
    show = _ok(_run(with_poll, "show", "--plain", "poll.yaml"))
    assert "61% approve of the lanes (1,200 asked by City statistics office)" in show
    dot = _ok(_run(with_poll, "render", "poll.yaml", "-f", "dot"))
    assert 'shape="hexagon"' in dot and "Evidence: poll" in dot and "1,200 asked" in dot
    mmd = _ok(_run(with_poll, "render", "poll.yaml", "-f", "mmd"))
    assert "Evidence: poll" in mmd
    _ok(_run(with_poll, "render", "poll.yaml", "-o", "poll.svg"))
    assert "Evidence: poll" in (with_poll / "poll.svg").read_text()
    html = _ok(_run(with_poll, "render", "poll.yaml", "-f", "html"))
    assert '"label":"Poll"' in html.replace(" ", "") and "City statistics office" in html
    for fmt in ("json", "yaml", "aif", "argdown", "markdown"):
        p = _run(with_poll, "export", "poll.yaml", "--to", fmt)
        out = _ok(p)
        assert "P1" in out or "61" in out, fmt
    markdown = _ok(_run(with_poll, "export", "poll.yaml", "--to", "markdown"))
    assert "1,200 asked" in markdown
    _ok(_run(with_poll, "export", "poll.yaml", "--to", "yaml", "-o", "again.yaml"))
    assert "pollster: City statistics office" in (with_poll / "again.yaml").read_text()
    _ok(_run(with_poll, "check", "again.yaml"))
    for kind in ("fill-evidence", "match", "find-gaps", "starter"):
        _ok(_run(with_poll, "exercise", "make", "poll.yaml", "--kind", kind, "-o", f"ex-{kind}", "--no-diagrams"))


def test_a_misspelt_field_of_the_new_type_is_located_with_its_own_names(with_poll: Path) -> None:
    bad = _POLL_MAP.replace("    pollster:", "    polster:")
    (with_poll / "bad.yaml").write_text(bad)
    out = _ok(_run(with_poll, "check", "-f", "parsable", "bad.yaml"), 1)
    assert "bad.yaml:12:5: error AM101 node P1: unknown field 'polster' (did you mean 'pollster'?)" in out
    undated = _POLL_MAP.replace("    fieldwork: 2024-04\n", "")
    (with_poll / "undated.yaml").write_text(undated)
    out = _ok(_run(with_poll, "check", "-f", "parsable", "undated.yaml"))
    assert "SR202 poll P1 has no fieldwork" in out


def test_the_map_model_is_the_registry() -> None:
    nodes = ArgMap.model_fields["nodes"].annotation
    assert all(name in repr(nodes) for name in ("Statistic", "Count", "Statement", "Event", "Absence"))


# --------------------------------------------------------------------------- formats

FORMAT_MAP = Path(__file__).parent / "fixtures" / "view" / "all-kinds.yaml"
FORMAT_GOLDEN = Path(__file__).parent / "golden" / "formats"
_MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}


def test_the_cli_choices_are_the_registered_ones() -> None:
    from argmap.cli.common import OutFormat
    from argmap.cli.export import ExportFormat
    from argmap.cli.interchange import ImportFormat
    from argmap.cli.render import DiagramFormat, Direction, EngineName, ThemeName
    from argmap.drawing import ENGINES
    from argmap.formats import names
    from argmap.report import FORMATS as REPORT_FORMATS
    from argmap.view.themes import DIRECTIONS

    assert [f.value for f in DiagramFormat] == names("diagram")
    assert [f.value for f in ExportFormat] == names("export")
    assert [f.value for f in ImportFormat] == names("import")
    assert [f.value for f in ThemeName] == list(THEMES)
    assert [f.value for f in Direction] == list(DIRECTIONS)
    assert [f.value for f in EngineName] == list(ENGINES)
    assert [f.value for f in OutFormat] == list(REPORT_FORMATS)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.family != "import"], ids=lambda f: f"{f.family}-{f.name}")
def test_every_registered_output_format_writes_the_fixture(fmt: Format) -> None:
    """Each writer in the table, called as the commands call it, on a map with every kind of node:
    text formats against their golden file, binary ones by their signature."""
    if fmt.family == "export":
        data: str | bytes = argmap.export(FORMAT_MAP, fmt.name).text
    else:
        data = argmap.draw(FORMAT_MAP, fmt.name, engine="graphviz-pure" if fmt.takes == "dot" else "auto").data
    if fmt.binary:
        assert isinstance(data, bytes) and data.startswith(_MAGIC[fmt.name])
        return
    text = data.decode() if isinstance(data, bytes) else data
    if fmt.name in ("svg", "html"):  # laid out: the golden would pin the layout engine's version
        assert "Evidence: absence" in text or "Absence" in text
        return
    from conftest import check_golden

    check_golden(FORMAT_GOLDEN / f"all-kinds{fmt.suffix}", text)


def test_suffixes_select_their_format() -> None:
    from argmap.formats import by_suffix

    for f in FORMATS:
        for suffix in f.suffixes:
            assert by_suffix(f.family, f"x{suffix.upper()}") == f.name or f.family == "import"
