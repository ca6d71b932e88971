"""Import takes ``argmap check``'s verdict on the map it validated rather than on the YAML read back
(``argmap.load.check_written``, issue 33). That is sound only because reading the written YAML gives back
a map equal to the one written, with the same findings: these properties hold it on generated maps, on
awkward text and values, and on every importer's fixtures; and where the shortcut cannot tell (an escape
in the text, a field over loading's bounds) it declines and the text is read back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bench_hostile import kialo_text, microtext
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from strategies_core import valid_maps
from strategies_maps import arg_maps

from argmap.api import apply_error_rules
from argmap.interchange import Imported, get_importer
from argmap.interchange.files import ImportJob, import_job
from argmap.interchange.native import export_yaml
from argmap.interchange.recognise import recognise
from argmap.load import LoadResult, check_written, load_text
from argmap.load.decoding import free_of_controls, without_controls
from argmap.model import ArgMap

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"
REALDATA = Path(__file__).parent.parent.parent / "shared" / "realdata"
FOREIGN = (".json", ".argdown", ".txt", ".xml")


def findings(result: LoadResult) -> list[tuple[str, str, str]]:
    return [(d.code, d.message, d.subject) for d in result.diagnostics]


def assert_same_verdict(m: ArgMap) -> None:
    """Where ``check_written`` answers, reading ``m``'s YAML back gives ``m`` and finds what it finds
    (where it declines, the text is read back: a control character in a text is an error there)."""
    text = export_yaml(m).text
    fast = check_written(m, text, file="m.yaml")
    if fast is None:
        return
    loaded = load_text(text, file="m.yaml")
    assert loaded.map == m
    assert fast.map is m
    assert findings(fast) == findings(loaded)
    apply_error_rules(fast)
    apply_error_rules(loaded)
    assert findings(fast) == findings(loaded)


@given(arg_maps())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_generated_maps_read_back_equal_with_the_same_findings(m: ArgMap) -> None:
    assert_same_verdict(m)


@given(valid_maps())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_maps_of_every_field_read_back_equal(data: dict[str, Any]) -> None:
    assert_same_verdict(ArgMap.model_validate(data))


TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
"""What an importer keeps in ``formats``: any JSON value of the foreign file."""


@given(TEXT, TEXT, st.dictionaries(st.text(max_size=40), JSON, max_size=3))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_awkward_text_and_kept_values_read_back_equal(title: str, text: str, kept: dict[str, Any]) -> None:
    data = {
        "argmap": 1,
        "title": title,
        "nodes": [
            {"id": "T", "kind": "thesis", "text": text, "formats": {"aif": kept}},
            {"id": "C", "kind": "claim", "text": title, "formats": {"kialo": {"n": text}}},
        ],
        "relations": [{"id": "R", "from": ["C"], "to": "T", "kind": "supports", "formats": {"aif": kept}}],
    }
    try:
        m = ArgMap.model_validate(data)
    except ValidationError:
        assume(False)
        raise
    assert_same_verdict(m)


def _foreign_files() -> list[Path]:
    found = sorted(p for p in FIXTURES.iterdir() if p.suffix in FOREIGN)
    if REALDATA.is_dir():
        found += sorted(p for p in REALDATA.rglob("*") if p.suffix in FOREIGN and p.is_file())
    return found


@pytest.mark.parametrize("path", _foreign_files(), ids=lambda p: p.name)
def test_every_importers_fixture_reads_back_equal(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fmt = recognise(path, text).fmt
    assert fmt is not None
    m = get_importer(fmt)(text, file=str(path)).map
    assert m is not None
    assert_same_verdict(m)
    assert check_written(m, export_yaml(m).text, file="m.yaml") is not None  # the shortcut is taken


@pytest.mark.parametrize(("fmt", "text"), [("kialo", kialo_text(400)), ("microtexts", microtext(150))])
def test_generated_kialo_and_microtexts_read_back_equal(fmt: str, text: str) -> None:
    m = get_importer(fmt)(text, file="big").map
    assert m is not None
    assert_same_verdict(m)


def test_an_escape_in_the_text_or_a_field_over_the_bounds_sends_it_to_be_read_back() -> None:
    base = {"argmap": 1, "title": "T", "nodes": [{"id": "T", "kind": "thesis", "text": "It holds."}]}
    escaped = ArgMap.model_validate({**base, "description": "a back\\slash"})
    assert check_written(escaped, export_yaml(escaped).text, file="m.yaml") is None
    crowded = ArgMap.model_validate({**base, "authors": [f"A{i}" for i in range(1001)]})
    assert check_written(crowded, export_yaml(crowded).text, file="m.yaml") is None
    assert [d.code for d in load_text(export_yaml(crowded).text).diagnostics] == ["AM102"]
    plain = ArgMap.model_validate(base)
    assert check_written(plain, export_yaml(plain).text, file="m.yaml") is not None


def test_an_imported_map_that_check_fails_is_refused_with_its_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The verdict on the model finds the error; the text is then read back and its findings listed, as
    before the shortcut (the rules' findings carry no line here: they are located by ``check`` alone)."""
    import argmap.interchange as interchange

    real = interchange.get_importer

    def stricter(name: str) -> Callable[..., Imported]:  # the map's own config makes a warning it earns an error
        def load(*args: Any, **kwargs: Any) -> Imported:
            result = real(name)(*args, **kwargs)
            assert result.map is not None
            config = result.map.config.model_copy(update={"severity": {"ST102": "error"}})
            return Imported(result.map.model_copy(update={"config": config}), result.losses, result.diagnostics)

        return load

    monkeypatch.setattr(interchange, "get_importer", stricter)
    target = tmp_path / "out.yaml"
    outcome = import_job(ImportJob(str(FIXTURES / "kialo-discussion.txt"), str(target)))
    assert (outcome.code, target.exists()) == (1, False)
    assert outcome.message == (
        f"{FIXTURES / 'kialo-discussion.txt'}: the imported map would not validate; not written "
        "(please report this as a bug)"
    )
    assert (
        f"{target}: error ST102 an objection with no support: k1.1.1 is asserted without reason or evidence [k1.1.1]"
        in outcome.diagnostics
    )


UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""What an importer removes or replaces in a text (``_build._clean`` and ``without_controls``)."""


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*strings(k), *strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings(v)]
    return []


ANY_TEXT = st.text(st.characters(codec=None), max_size=20) | st.sampled_from(["a\\bc", "\\u001f", "\x85", "\ud800"])


@given(
    st.recursive(
        ANY_TEXT | st.integers() | st.none(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
        max_leaves=10,
    )
)
def test_data_said_free_of_controls_has_nothing_to_clean(value: Any) -> None:
    """Import skips its cleaning walks when ``free_of_controls`` says so: it may say False when unsure,
    never True of data holding a character those walks remove or replace."""
    if free_of_controls(value):
        assert not any(UNSAFE.search(s) for s in strings(value))
        assert without_controls(value) == (value, 0)
    elif not any(UNSAFE.search(s) for s in strings(value)):
        assert "\\" in str(value) or not isinstance(value, dict | list | str)  # unsure only of a backslash
