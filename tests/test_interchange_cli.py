"""``argmap import`` and ``argmap export --to aif|argdown``: files, exit codes, loss reports, safety."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import app
from argmap.load import load_map

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def work(tmp_path: Path) -> Path:
    for name in ("kialo-discussion.txt", "aif-defects.json", "small-map.yaml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path


def test_import_guesses_the_format_and_writes_a_valid_map_next_to_the_input(work: Path) -> None:
    code, _, err = run("import", str(work / "kialo-discussion.txt"))
    assert code == 0, err
    written = work / "kialo-discussion.yaml"
    result = load_map(written)
    assert result.map is not None and not result.has_errors
    assert err.splitlines() == [
        f"imported 10 nodes and 11 relations from {work / 'kialo-discussion.txt'} (kialo) into {written}",
        "loss report: nothing from kialo lost",
    ]
    # never over an existing file without --force
    code, _, err = run("import", str(work / "kialo-discussion.txt"))
    assert (code, err.strip()) == (2, f"argmap: {written}: already exists; pass --force to replace it")
    assert run("import", str(work / "kialo-discussion.txt"), "--force")[0] == 0


def test_import_prints_defects_and_an_itemised_loss_report_also_as_json(work: Path) -> None:
    report = work / "losses.json"
    code, out, err = run("import", str(work / "aif-defects.json"), "-o", "-", "--loss-report", str(report))
    assert code == 0, err
    assert out.startswith("argmap: 1\ntitle: Imported from aif-defects\n")
    lines = err.splitlines()
    assert (
        f"{work / 'aif-defects.json'}:17:5: warning AMI105 relation 15: c supports b, which already "
        "supports it (a cycle); this link was dropped [15]" in lines
    )
    assert "loss report: 6 item(s) from aif not kept in argmap:" in lines
    assert "  - rephrase: 20 (line 22): MA (rephrase) 2 -> 4 not kept: argmap has no rephrase relation" in (lines)
    doc = json.loads(report.read_text())
    assert (doc["format"], doc["direction"], doc["count"]) == ("aif", "import", 6)
    assert [x["kind"] for x in doc["losses"]] == [
        "timestamp",
        "edge",
        "rephrase",
        "preference",
        "locution",
        "illocution",
    ]
    assert {d["code"] for d in doc["diagnostics"]} >= {
        "AMI101",
        "AMI102",
        "AMI103",
        "AMI104",
        "AMI105",
        "AMI106",
    }


def test_import_errors_and_usage(work: Path) -> None:
    bad = work / "broken.json"
    bad.write_text('{"nodes": [', encoding="utf-8")
    code, _, err = run("import", str(bad), "-o", str(work / "out.yaml"))
    assert code == 1
    assert err.splitlines()[0] == f"{bad}:1:12: error AMI001 not valid JSON: Expecting value"
    assert not (work / "out.yaml").exists()
    code, _, err = run("import", str(work / "missing.json"))
    assert code == 2 and "cannot read" in err
    plain = work / "notes.md"
    plain.write_text("hello\n", encoding="utf-8")
    code, _, err = run("import", str(plain))
    assert (code, err.strip()) == (
        2,
        f"argmap: {plain}: cannot tell the format; pass --from aif|argdown|kialo|microtexts|sadface",
    )
    code, _, err = run("import", str(work / "aif-defects.json"), "--thesis", "zz", "-o", "-")
    assert code == 1 and "AMI111 --thesis zz: no node with this id in the file" in err
    binary = work / "bin.argdown"
    binary.write_bytes(b"[a]: \xff\xfe")
    code, _, err = run("import", str(binary))
    assert (code, err.strip()) == (1, f"argmap: {binary}:1: not UTF-8 text (byte 0xff); save it as UTF-8")


def test_import_never_writes_over_its_input(work: Path) -> None:
    src = work / "kialo-discussion.txt"
    before = src.read_bytes()
    code, _, err = run("import", str(src), "-o", str(src), "--force")
    assert code == 2 and "refusing to write over the input file" in err
    assert src.read_bytes() == before


def test_export_then_import_argdown_and_aif(work: Path) -> None:
    for fmt, suffix in (("argdown", ".argdown"), ("aif", ".json")):
        exported = work / f"small{suffix}"
        code, _, err = run("export", str(work / "small-map.yaml"), "--to", fmt, "-o", str(exported))
        assert code == 0, err
        assert "loss report:" in err
        back = work / f"back-{fmt}.yaml"
        code, _, err = run("import", str(exported), "-o", str(back))
        assert code == 0, err
        m, original = load_map(back).map, load_map(work / "small-map.yaml").map
        assert m is not None and original is not None
        assert [n.id for n in m.nodes if n.kind == "thesis"] == ["thesis"]
        # AIF keeps evidence fields only as text in brackets after the node's own text
        assert sorted(n.text.split(" [")[0] for n in m.nodes) == sorted(n.text for n in original.nodes)


def test_import_refuses_a_device(tmp_path: Path) -> None:
    """`argmap import /dev/zero` read until memory ran out; a device is now refused by its type."""
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    out = tmp_path / "out.yaml"
    code, _, err = run("import", str(zero), "-o", str(out))
    message = f"argmap: {zero}: cannot read: is a device, not a file; save it to a file (or pipe it to standard input)"
    assert (code, err.strip()) == (2, message)
    assert not out.exists()


_NODESET = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "aif" / "6064-reconstructed.json"


@pytest.mark.skipif(not _NODESET.is_file(), reason="../shared/realdata/aif/6064-reconstructed.json not present")
def test_the_readme_import_example_is_what_import_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's AIF import example, run on the AIFdb nodeset it shows: its diagnostic (16:7, not the
    16:1 the README said), summary and loss report lines are the program's own."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ argmap import nodeset-6064.json -o nodeset.yaml", 1)[1].split("\n$ ", 1)[0]
    shown = block.splitlines()[1:]
    shutil.copy(_NODESET, tmp_path / "nodeset-6064.json")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("import", "nodeset-6064.json", "-o", "nodeset.yaml")
    printed = (err + out).splitlines()
    assert code == 0
    for line in shown:
        head = line.split("…", 1)[0]  # the README shortens the long relation ids
        assert any(p.startswith(head) for p in printed), (line, printed)
