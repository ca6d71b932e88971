"""Hostile input, round three (issue 31): the importers on wrong shapes, AIFdb corpus zips whose members
cannot be unpacked or would share a map, microtexts that lie about their encoding or repeat ids, and
`check` on a map whose id is too long a number."""

from __future__ import annotations

import json
import struct
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from argmap.cli import app
from argmap.interchange.aif import load_aif
from argmap.interchange.sadface import load_sadface


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    text = result.stdout + result.stderr
    assert "Traceback" not in text and "internal error" not in text, text
    return result.exit_code, result.stdout, result.stderr


# --------------------------------------------------------------------------- wrong shapes

_AIF = {"nodes": [{"nodeID": "1", "type": "I", "text": "Taxes fund schools."}], "edges": []}
_SADFACE = {"nodes": [{"id": "a1", "type": "atom", "text": "Taxes fund schools."}], "edges": []}


@pytest.mark.parametrize("key", ["locutions", "participants"])
def test_aif_dialogue_parts_of_the_wrong_kind_are_lost_not_fatal(key: str) -> None:
    result = load_aif(json.dumps({**_AIF, key: 7}), file="a.json")
    assert result.map is not None and [n.text for n in result.map.nodes] == ["Taxes fund schools."]
    assert [(x.kind, x.subject, x.detail) for x in result.losses] == [
        ("aif-part", key, f"AIF part {key!r} is a number, not a list; not kept")
    ]


@pytest.mark.parametrize(
    ("part", "detail"),
    [
        ({"metadata": [1, 2]}, "part 'metadata' is a list, not an object; not kept"),
        ({"metadata": "by hand"}, "part 'metadata' is a string, not an object; not kept"),
        ({"resources": 3}, "part 'resources' is a number, not a list; not kept"),
    ],
)
def test_sadface_parts_of_the_wrong_kind_are_lost_not_fatal(part: dict[str, object], detail: str) -> None:
    result = load_sadface(json.dumps({**_SADFACE, **part}), file="s.json")
    assert result.map is not None
    assert [(x.kind, x.detail) for x in result.losses] == [("sadface-part", detail)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (json.dumps({**_SADFACE, "edges": 4}),
         "s.json: error AMI001 not SADFace: 'edges' must be a list, not a number"),
        (
            '{"nodes": [], "metadata": {"core": {"n": ' + "7" * 5000 + "}}}",
            "s.json:1:1: error AMI001 a number of 5000 digits is too long to be a figure or an id",
        ),
        ('{"nodes": [], "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
         "s.json:1:1: error AMI001 JSON nested too deeply to be SADFace"),
    ],
)  # fmt: skip
def test_sadface_documents_that_cannot_be_read_say_why_in_one_line(text: str, message: str) -> None:
    result = load_sadface(text, file="s.json")
    assert result.map is None
    assert [str(d) for d in result.diagnostics] == [message]


def test_the_cli_reports_a_wrong_shape_as_a_loss_and_writes_the_map(tmp_path: Path) -> None:
    src = tmp_path / "s.json"
    src.write_text(json.dumps({**_SADFACE, "metadata": "x"}), encoding="utf-8")
    code, _, err = run("import", src, "--from", "sadface", "-o", tmp_path / "s.yaml")
    assert code == 0, err
    assert "  - sadface-part: metadata: part 'metadata' is a string, not an object; not kept" in err.splitlines()
    assert (tmp_path / "s.yaml").is_file()


# --------------------------------------------------------------------------- AIFdb corpus zips


def _aif(text: str) -> str:
    return json.dumps({"nodes": [{"nodeID": "1", "type": "I", "text": text}], "edges": []})


def _patch_member(path: Path, name: str, *, flags: int | None = None, method: int | None = None) -> None:
    """Set the general-purpose flags or the compression method of member ``name`` in both its headers."""
    data = bytearray(path.read_bytes())
    start = 0
    while (at := data.find(name.encode(), start)) >= 0:
        start = at + 1
        if data[at - 30 : at - 26] == b"PK\x03\x04":
            if flags is not None:
                struct.pack_into("<H", data, at - 30 + 6, flags)
            if method is not None:
                struct.pack_into("<H", data, at - 30 + 8, method)
        elif data[at - 46 : at - 42] == b"PK\x01\x02":
            if flags is not None:
                struct.pack_into("<H", data, at - 46 + 8, flags)
            if method is not None:
                struct.pack_into("<H", data, at - 46 + 10, method)
    path.write_bytes(bytes(data))


def test_members_that_cannot_be_unpacked_fail_on_their_own(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.zip"
    with zipfile.ZipFile(corpus, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("good.json", _aif("Schools need money."))
        zf.writestr("locked.json", _aif("A secret."))
        zf.writestr("odd.json", _aif("Deflate64 is not in Python."))
        zf.writestr("torn.json", _aif("x" * 2000))
    _patch_member(corpus, "locked.json", flags=1)
    _patch_member(corpus, "odd.json", method=9)
    data = bytearray(corpus.read_bytes())
    torn = data.find(b"torn.json") + len("torn.json")  # the deflated bytes follow the local header's name
    data[torn + 5 : torn + 25] = b"\xff" * 20
    corpus.write_bytes(bytes(data))
    code, _, err = run("import", corpus, "-o", tmp_path / "maps", "--loss-report", tmp_path / "loss.json")
    assert code == 1, err
    lines = err.splitlines()
    assert f"argmap: {corpus}/locked.json: encrypted (password-protected): extract it with its password, then " \
        "import the file" in lines  # fmt: skip
    odd = f"argmap: {corpus}/odd.json: compressed with deflate64, which argmap cannot unpack; extract it first"
    assert odd in lines
    assert any(line.startswith(f"argmap: {corpus}/torn.json: damaged in the archive (") for line in lines), lines
    assert lines[-1] == "4 files: 1 imported, 3 failed, 0 skipped"
    report = json.loads((tmp_path / "loss.json").read_text())
    assert [(f["file"], f["status"]) for f in report["files"]] == [
        (f"{corpus}/good.json", "imported"),
        (f"{corpus}/locked.json", "failed"),
        (f"{corpus}/odd.json", "failed"),
        (f"{corpus}/torn.json", "failed"),
    ]
    assert sorted(p.name for p in (tmp_path / "maps" / "corpus").iterdir()) == ["good.yaml"]


def test_a_member_named_in_utf8_without_the_flag_keeps_its_name(tmp_path: Path) -> None:
    """Info-ZIP's `zip` writes UTF-8 names without the UTF-8 flag; Python reads them as code page 437,
    and the map of `débat.json` was written as `d├⌐bat.yaml`."""
    corpus = tmp_path / "corpus.zip"
    with zipfile.ZipFile(corpus, "w") as zf:
        zf.writestr("débat.json", _aif("Schools need money."))
    _patch_member(corpus, "débat.json", flags=0)
    with zipfile.ZipFile(corpus) as zf:
        assert zf.namelist() == ["d\u251c\u2310bat.json"]  # as Python reads it
    code, _, err = run("import", corpus, "-o", tmp_path / "maps")
    assert code == 0, err
    assert [p.name for p in (tmp_path / "maps" / "corpus").iterdir()] == ["débat.yaml"]
    assert f"{corpus}/débat.json (aif)" in err


def test_members_that_would_share_a_map_each_get_their_own(tmp_path: Path) -> None:
    """``n1.json`` and ``n1.aif``; two members named ``dup.json``; ``a//b.json`` and ``a/b.json``; and a
    folder beside the zip whose file has the same place: 6 imported was 3 maps written."""
    src = tmp_path / "in"
    (src / "corpus").mkdir(parents=True)
    (src / "corpus" / "n1.json").write_text(_aif("from the folder"), encoding="utf-8")
    with zipfile.ZipFile(src / "corpus.zip", "w") as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": the point of the test
        members = [("n1.json", "zip json"), ("n1.aif", "zip aif"), ("dup.json", "dup one"), ("dup.json", "dup two"),
                   ("a//b.json", "double slash"), ("a/b.json", "one slash")]  # fmt: skip
        for name, text in members:
            zf.writestr(name, _aif(text))
    out = tmp_path / "out"
    code, _, err = run("import", src, "-o", out)
    assert code == 0, err
    maps = out / "corpus"
    written = {str(p.relative_to(maps)): p.read_text() for p in sorted(maps.rglob("*.yaml"))}
    texts = {name: next(line.split("text: ")[1] for line in t.splitlines() if "text: " in line)
             for name, t in written.items()}  # fmt: skip
    assert texts == {
        "n1.yaml": "from the folder",
        "n1-2.yaml": "zip json",
        "n1-3.yaml": "zip aif",
        "dup.yaml": "dup one",
        "dup-2.yaml": "dup two",
        "a/b.yaml": "double slash",
        "a/b-2.yaml": "one slash",
    }
    lines = err.splitlines()
    zipped = src / "corpus.zip"
    assert f"{zipped}/n1.aif: {maps / 'n1.yaml'} is also the map of {src / 'corpus' / 'n1.json'}; " \
        f"its map is {maps / 'n1-3.yaml'}" in lines  # fmt: skip
    assert f"{zipped}/dup.json: {maps / 'dup.yaml'} is also the map of {zipped}/dup.json; " \
        f"its map is {maps / 'dup-2.yaml'}" in lines  # fmt: skip
    assert f"{zipped}/a/b.json: {maps / 'a' / 'b.yaml'} is also the map of {zipped}/a//b.json; " \
        f"its map is {maps / 'a' / 'b-2.yaml'}" in lines  # fmt: skip
    assert lines[-1] == "7 files: 7 imported, 0 failed, 0 skipped"


def test_a_renamed_map_never_takes_the_name_of_another_member(tmp_path: Path) -> None:
    from argmap.interchange.files import plan_archive

    corpus = tmp_path / "c.zip"
    with zipfile.ZipFile(corpus, "w") as zf:
        for name in ("n1.json", "n1.aif", "n1-2.json"):
            zf.writestr(name, _aif(name))
    plan, _, moved = plan_archive(corpus, Path("c.zip"), tmp_path / "o")
    assert [(m.name, t.name) for m, t in plan] == [("n1.json", "n1.yaml"), ("n1.aif", "n1-3.yaml"),
                                                   ("n1-2.json", "n1-2.yaml")]  # fmt: skip
    assert len(moved) == 1


# --------------------------------------------------------------------------- microtexts

_MICROTEXT = """<?xml version="1.0" encoding="{encoding}"?>
<arggraph id="micro_k017">
  <edu id="e1"><![CDATA[Studiengebühren für alle sind gerecht.]]></edu>
  <edu id="e2"><![CDATA[Wer studiert, verdient später mehr.]]></edu>
  <adu id="a1" type="pro"/>
  <adu id="a2" type="pro"/>
  <edge id="c1" src="e1" trg="a1" type="seg"/>
  <edge id="c2" src="e2" trg="a2" type="seg"/>
  <edge id="c3" src="a2" trg="a1" type="sup"/>
{more}</arggraph>
"""


def test_a_utf8_microtext_that_declares_latin1_is_read_as_utf8_and_said_so() -> None:
    from argmap.interchange.microtexts import load_microtexts

    result = load_microtexts(_MICROTEXT.format(encoding="ISO-8859-1", more=""), file="k.xml")
    assert result.map is not None
    assert [n.text for n in result.map.nodes] == ["Studiengebühren für alle sind gerecht.",
                                                  "Wer studiert, verdient später mehr."]  # fmt: skip
    assert [(x.kind, x.detail, x.line) for x in result.losses] == [
        ("encoding", "the XML declaration says ISO-8859-1, but the file is UTF-8; read as UTF-8", 1)
    ]
    plain = load_microtexts(_MICROTEXT.format(encoding="utf-8", more=""), file="k.xml")
    assert plain.losses == [] and plain.map is not None


def test_duplicate_microtext_ids_are_reported_at_the_second_and_the_first_kept() -> None:
    from argmap.interchange.microtexts import load_microtexts

    more = (
        '  <edu id="e2"><![CDATA[Ein anderer Satz.]]></edu>\n'
        '  <adu id="a2" type="opp"/>\n'
        '  <edge id="c3" src="a1" trg="a2" type="reb"/>\n'
    )
    result = load_microtexts(_MICROTEXT.format(encoding="UTF-8", more=more), file="k.xml")
    assert [str(d) for d in result.diagnostics] == [
        "k.xml:10:1: warning AMI107 <edu> id e2 appears twice; the second is skipped",
        "k.xml:11:1: warning AMI107 <adu> id a2 appears twice; the second is skipped",
        "k.xml:12:1: warning AMI107 <edge> id c3 appears twice; the second is skipped",
    ]
    assert result.map is not None
    assert [(r.id, r.kind, r.premises, r.target) for r in result.map.relations] == [("c3", "supports", ["a2"], "a1")]
    assert [n.text for n in result.map.nodes][1] == "Wer studiert, verdient später mehr."


def test_loss_lines_name_a_long_value_by_its_start_and_length(tmp_path: Path) -> None:
    src = tmp_path / "k.xml"
    attributes = 'id="micro_k017" note="' + "x" * 3_000_000 + '" ' + "n" * 5000 + '="1"'
    text = _MICROTEXT.format(encoding="UTF-8", more="").replace('id="micro_k017"', attributes)
    src.write_text(text, encoding="utf-8")
    code, _, err = run("import", src, "-o", tmp_path / "k.yaml")
    assert code == 0, err[:2000]
    assert max(len(line) for line in err.splitlines()) < 500
    assert f"  - metadata: note (line 1): arggraph note={'x' * 60!r}… (3000000 characters) not kept" in err
    long_key = f"arggraph {'n' * 36}… (5000 characters)='1' not kept"
    assert f"  - metadata: {'n' * 56}… (5000 characters) (line 1): {long_key}" in err


def test_cut_keeps_short_text_and_names_the_length_of_long_text() -> None:
    from argmap.interchange import cut, shown

    assert cut("short", 10) == "short"
    assert cut("y" * 100, 30) == "yyyyyy… (100 characters)"
    assert shown("ab") == "'ab'"
    assert shown("z" * 61) == f"{'z' * 60!r}… (61 characters)"


# --------------------------------------------------------------------------- linear work


@given(st.recursive(st.text(max_size=6) | st.integers() | st.none(),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                    max_leaves=8))  # fmt: skip
@settings(max_examples=300)
def test_the_quick_look_for_control_characters_agrees_with_the_walk(data: object) -> None:
    """without_controls tells data with no control character from its JSON text, not a walk."""
    from argmap.load import decoding

    assert decoding.without_controls(data) == decoding._without_controls(data)
