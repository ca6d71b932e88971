"""`argmap render MAP... -o FOLDER`: one diagram per map, the same bytes as drawing each alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import app

HERE = Path(__file__).parent
ALL_KINDS = HERE / "fixtures" / "view" / "all-kinds.yaml"
HOSTILE = HERE / "fixtures" / "view" / "hostile.yaml"
SHIPPED = HERE.parent / "claims" / "north-korea-seeking-new-friends.yaml"
INVALID = "argmap: 1\ntitle: x\nnodes:\n  - {id: T, kind: thesis, text: t, bogus: 1}\n"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"ARGMAP_WIDTH": "100"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


@pytest.fixture
def maps(tmp_path: Path) -> Path:
    """all-kinds.yaml, an invalid map, and two maps in a sub-folder."""
    root = tmp_path / "maps"
    (root / "sub").mkdir(parents=True)
    shutil.copy(ALL_KINDS, root / "all-kinds.yaml")
    (root / "broken.yaml").write_text(INVALID, encoding="utf-8")
    shutil.copy(HOSTILE, root / "sub" / "hostile.yaml")
    shutil.copy(SHIPPED, root / "sub" / "shipped.yaml")
    return root


def test_a_folder_gives_one_diagram_per_map_identical_to_drawing_each_alone(maps: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, err = run("render", str(maps), "-o", str(out), "--format", "dot", "--jobs", "1")
    assert code == 1  # one map does not validate; the others are drawn
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "all-kinds.dot",
        "sub/hostile.dot",
        "sub/shipped.dot",
    ]
    for name in ("all-kinds", "sub/hostile", "sub/shipped"):
        alone = tmp_path / "alone.dot"
        assert run("render", str(maps / f"{name}.yaml"), "-o", str(alone))[0] == 0
        assert (out / f"{name}.dot").read_bytes() == alone.read_bytes(), name
    lines = err.splitlines()
    assert lines[0] == f"wrote {out / 'all-kinds.dot'} (dot, 10 of 10 nodes)"
    assert lines[1] == (
        f"{maps / 'broken.yaml'}:4:36: error AM101 node T: unknown field 'bogus'; "
        "allowed: id, text, tags, note, ignore, answers, formats, aliases, by, kind, type, anchor"
    )
    assert lines[2] == f"argmap: {maps / 'broken.yaml'}: the map does not validate; not drawn"
    assert lines[3].startswith(f"wrote {out / 'sub' / 'hostile.dot'} (dot, ")
    assert lines[4] == f"wrote {out / 'sub' / 'shipped.dot'} (dot, 34 of 34 nodes)"
    assert lines[5] == f"rendered 3 of 4 maps into {out}, 1 invalid"
    assert len(lines) == 6


def test_worker_processes_draw_the_same_bytes_and_say_the_same(maps: Path, tmp_path: Path) -> None:
    results = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        code, err = run("render", str(maps), "-o", str(out), "-f", "mmd", "--jobs", jobs)
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.mmd"))}
        results[jobs] = (code, err.replace(str(out), "OUT"), files)
    assert results["1"] == results["2"]
    assert results["1"][0] == 1 and len(results["1"][2]) == 3


def test_svg_by_default_in_a_batch(tmp_path: Path) -> None:
    out = tmp_path / "svgs"
    code, err = run("render", str(ALL_KINDS), str(SHIPPED), "-o", str(out))
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["all-kinds.svg", "north-korea-seeking-new-friends.svg"]
    assert (out / "all-kinds.svg").read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
    assert err.splitlines()[-1] == f"rendered 2 of 2 maps into {out}"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["-o", "-"], "argmap: several maps give several diagrams: name an output folder with -o"),
        (["-o", "OUT", "--focus", "T"], "argmap: --focus names a node of one map: draw that map alone"),
    ],
)
def test_a_batch_refuses_options_that_name_one_map(maps: Path, tmp_path: Path, extra: list[str], message: str) -> None:
    args = [a.replace("OUT", str(tmp_path / "out")) for a in extra]
    code, err = run("render", str(maps), *args)
    assert (code, err.strip()) == (2, message)
    assert not (tmp_path / "out").exists()


def test_an_output_file_where_the_folder_should_be_is_refused(maps: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "out.svg"
    blocker.write_text("mine", encoding="utf-8")
    code, err = run("render", str(maps), "-o", str(blocker))
    assert (code, err.strip()) == (2, f"argmap: {blocker}: is a file; several maps need an output folder")
    assert blocker.read_text(encoding="utf-8") == "mine"


def test_two_maps_that_would_share_a_diagram_are_refused_before_anything_is_drawn(tmp_path: Path) -> None:
    folder = tmp_path / "maps"
    folder.mkdir()
    shutil.copy(ALL_KINDS, folder / "same.yaml")
    shutil.copy(SHIPPED, folder / "same.yml")
    out = tmp_path / "out"
    code, err = run("render", str(folder), "-o", str(out), "-f", "dot")
    assert code == 2
    assert err.strip() == (
        f"argmap: {folder / 'same.yaml'} and {folder / 'same.yml'} would both be drawn to {out / 'same.dot'}; "
        "rename one or draw them apart"
    )
    assert not out.exists()


def test_a_missing_input_is_reported_and_the_rest_drawn(tmp_path: Path) -> None:
    out = tmp_path / "out"
    missing = tmp_path / "nowhere.yaml"
    code, err = run("render", str(ALL_KINDS), str(missing), "-o", str(out), "-f", "dot")
    assert code == 2
    assert err.splitlines()[0] == f"argmap: {missing}: no such file or folder"
    assert (out / "all-kinds.dot").is_file()


def test_a_batch_says_what_each_diagram_leaves_out_as_drawing_it_alone_does(tmp_path: Path) -> None:
    """--collapse folds evidence; the note saying so used to be dropped in a batch."""
    alone = tmp_path / "alone.dot"
    code, single = run("render", str(SHIPPED), "-o", str(alone), "--collapse")
    assert code == 0
    note = single.splitlines()[1]
    assert note.startswith("note: ") and "folded into the claims they bear on" in note
    out = tmp_path / "out"
    code, err = run("render", str(SHIPPED), str(ALL_KINDS), "-o", str(out), "-f", "dot", "--collapse")
    lines = err.splitlines()
    assert code == 0
    assert lines[0:2] == [single.splitlines()[0].replace(str(alone), str(out / f"{SHIPPED.stem}.dot")), note]
    assert (out / f"{SHIPPED.stem}.dot").read_bytes() == alone.read_bytes()
