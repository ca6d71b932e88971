"""``argmap import`` of several files and folders: outputs, per-file lines, summary, exit codes, workers."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import argmap.batch
import argmap.interchange
from argmap.cli import app
from argmap.interchange.aif import export_aif
from argmap.interchange.argdown import export_argdown
from argmap.load import load_map

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"
SUFFIXES = "(*.json, *.aif, *.argdown, *.ad, *.txt, *.xml, *.sadface, *.zip)"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with one good file of each format (one in a sub-folder), a broken one, and files to skip."""
    folder = tmp_path / "in"
    (folder / "debate").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    shutil.copy(FIXTURES / "aif-defects.json", folder / "aif-defects.json")
    shutil.copy(FIXTURES / "kialo-discussion.txt", folder / "kialo-discussion.txt")
    shutil.copy(FIXTURES / "aif-defects.json", folder / ".hidden" / "skipped.json")
    shutil.copy(FIXTURES / "aif-defects.json", folder / ".skipped.json")
    small = load_map(FIXTURES / "small-map.yaml").map
    assert small is not None
    (folder / "nodeset.aif").write_text(export_aif(small).text, encoding="utf-8")
    (folder / "debate" / "small.argdown").write_text(export_argdown(small).text, encoding="utf-8")
    (folder / "broken.json").write_text('{"nodes": [', encoding="utf-8")
    (folder / "notes.md").write_text("not a suffix the importer knows\n", encoding="utf-8")
    return folder


def aif_defect_lines(src: Path) -> list[str]:
    """The diagnostics printed for ``aif-defects.json``, in order."""
    return [
        f"{src}:8:5: warning AMI107 node id 5 appears twice; the second (#6) is skipped [5]",
        f"{src}: warning AMI108 node #28 has no usable nodeID; skipped [#28]",
        f"{src}:31:5: warning AMI108 node 40 has no type; skipped [40]",
        f"{src}:51:5: warning AMI102 edge 117 goes from node 19 to itself; skipped [117]",
        f"{src}:54:5: warning AMI101 edge 120 from 99 to 1: node 99 does not exist; skipped [120]",
        f"{src}:4:5: warning AMI106 I-nodes 2, 4 have the same text; imported as separate claims [2]",
        f"{src}:19:5: warning AMI103 RA node 17 has no premise (no I-node points to it); skipped [17]",
        f"{src}:20:5: warning AMI104 RA node 18 has no conclusion (it points to no node); skipped [18]",
        f"{src}:9:5: warning AMI113 edge from I-node a to I-node 2 has no RA or CA between; skipped [a]",
        f"{src}:17:5: warning AMI105 relation 15: c supports b, which already supports it (a cycle); "
        "this link was dropped [15]",
    ]


def expected_lines(src: Path, out: Path) -> list[str]:
    """What a batch over ``corpus`` into ``out`` prints, in input (sorted path) order."""
    return [
        *aif_defect_lines(src / "aif-defects.json"),
        f"imported 8 nodes and 7 relations from {src / 'aif-defects.json'} (aif) "
        f"into {out / 'aif-defects.yaml'}; 6 item(s) lost",
        f"{src / 'broken.json'}:1:12: error AMI001 not valid JSON: Expecting value",
        f"argmap: {src / 'broken.json'}: nothing imported: fix the errors above",
        f"imported 5 nodes and 4 relations from {src / 'debate' / 'small.argdown'} (argdown) "
        f"into {out / 'debate' / 'small.yaml'}; 0 item(s) lost",
        f"imported 10 nodes and 11 relations from {src / 'kialo-discussion.txt'} (kialo) "
        f"into {out / 'kialo-discussion.yaml'}; 0 item(s) lost",
        f"imported 5 nodes and 4 relations from {src / 'nodeset.aif'} (aif) "
        f"into {out / 'nodeset.yaml'}; 0 item(s) lost",
        "5 files: 4 imported, 1 failed, 0 skipped",
    ]


OUTPUTS = ["aif-defects.yaml", "debate/small.yaml", "kialo-discussion.yaml", "nodeset.yaml"]


def test_a_folder_imports_every_known_file_into_the_output_folder(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "maps"  # created, with its parent
    code, stdout, err = run("import", corpus, "-o", out)
    assert code == 1  # broken.json could not be read as AIF; the others are still imported
    assert stdout == ""
    assert err.splitlines() == expected_lines(corpus, out)
    assert sorted(tree(out)) == OUTPUTS
    for name in OUTPUTS:
        result = load_map(out / name)
        assert result.map is not None and not result.has_errors, name
    # nothing was written next to the inputs, and hidden files were not read
    assert not list(corpus.rglob("*.yaml"))


def test_without_output_folder_each_map_is_written_next_to_its_file(corpus: Path) -> None:
    (corpus / "broken.json").unlink()
    code, _, err = run("import", corpus)
    assert code == 0, err
    assert err.splitlines()[-1] == "4 files: 4 imported, 0 failed, 0 skipped"
    assert sorted(str(p.relative_to(corpus)) for p in corpus.rglob("*.yaml")) == OUTPUTS


def test_file_arguments_go_to_the_output_folder_by_name(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = run("import", corpus / "debate" / "small.argdown", corpus / "kialo-discussion.txt", "-o", out)
    assert code == 0, err
    assert err.splitlines() == [
        f"imported 5 nodes and 4 relations from {corpus / 'debate' / 'small.argdown'} (argdown) "
        f"into {out / 'small.yaml'}; 0 item(s) lost",
        f"imported 10 nodes and 11 relations from {corpus / 'kialo-discussion.txt'} (kialo) "
        f"into {out / 'kialo-discussion.yaml'}; 0 item(s) lost",
        "2 files: 2 imported, 0 failed, 0 skipped",
    ]
    assert sorted(tree(out)) == ["kialo-discussion.yaml", "small.yaml"]


def _recording(calls: list[int]) -> Callable[..., Iterator[Any]]:
    real = argmap.batch.parallel_chunks

    def parallel_chunks(fn: Callable[[Any], Any], items: Sequence[Any], *, jobs: int = 0) -> Iterator[Any]:
        calls.append(jobs)
        return real(fn, items, jobs=jobs)

    return parallel_chunks


def test_workers_give_byte_identical_maps_and_messages(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(argmap.batch, "parallel_chunks", _recording(calls))
    out = tmp_path / "out"
    runs = []
    for jobs in ("1", "2"):
        if out.exists():
            shutil.rmtree(out)
        code, _, err = run("import", corpus, "-o", out, "--jobs", jobs)
        runs.append((code, err, tree(out)))
    assert calls == [1, 2]
    assert runs[0] == runs[1]
    assert runs[0][0] == 1
    assert runs[0][1].splitlines() == expected_lines(corpus, out)


def test_sixteen_files_or_more_use_a_worker_per_core_by_default(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(argmap.batch.PARALLEL_FROM + 4):
        shutil.copy(FIXTURES / "kialo-discussion.txt", folder / f"discussion-{i:02d}.txt")
    results = []
    for jobs in ("1", "0"):
        out = tmp_path / f"out-{jobs}"
        code, _, err = run("import", folder, "-o", out, "-j", jobs)
        results.append((code, err.replace(str(out), "OUT"), tree(out)))
    assert results[0] == results[1]
    code, err, written = results[0]
    assert code == 0
    assert len(written) == 20 and set(written.values()) == {written["discussion-00.yaml"]}
    assert err.splitlines()[0] == (
        f"imported 10 nodes and 11 relations from {folder / 'discussion-00.txt'} (kialo) "
        "into OUT/discussion-00.yaml; 0 item(s) lost"
    )
    assert err.splitlines()[-1] == "20 files: 20 imported, 0 failed, 0 skipped"


def test_two_files_writing_one_map_are_refused_before_anything_is_written(corpus: Path, tmp_path: Path) -> None:
    twin = corpus / "debate" / "small.json"
    shutil.copy(corpus / "nodeset.aif", twin)
    code, _, err = run("import", corpus)
    assert (code, err) == (
        2,
        f"argmap: {corpus / 'debate' / 'small.argdown'} and {twin} would both be written to "
        f"{corpus / 'debate' / 'small.yaml'}; rename one, or import them into different -o folders\n",
    )
    assert not list(corpus.rglob("*.yaml"))
    # the same name in two folders, into one -o folder
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(FIXTURES / "kialo-discussion.txt", other / "kialo-discussion.txt")
    out = tmp_path / "out"
    code, _, err = run("import", corpus / "kialo-discussion.txt", other, "-o", out)
    assert (code, err) == (
        2,
        f"argmap: {corpus / 'kialo-discussion.txt'} and {other / 'kialo-discussion.txt'} would both be written "
        f"to {out / 'kialo-discussion.yaml'}; rename one, or import them into different -o folders\n",
    )
    assert not out.exists()
    # one file named twice is imported once
    code, _, err = run("import", corpus / "kialo-discussion.txt", corpus / "kialo-discussion.txt", "-o", out)
    assert code == 0 and err.splitlines()[-1] == "1 file: 1 imported, 0 failed, 0 skipped"


def test_a_map_is_never_written_over_an_input(tmp_path: Path) -> None:
    src = tmp_path / "debate.json"
    shutil.copy(FIXTURES / "aif-defects.json", src)
    other = tmp_path / "debate.yaml"  # an input too: a Kialo export with an unusual suffix
    shutil.copy(FIXTURES / "kialo-discussion.txt", other)
    kialo = tmp_path / "kialo.txt"
    shutil.copy(FIXTURES / "kialo-discussion.txt", kialo)
    before = tree(tmp_path)
    code, _, err = run("import", src, other, "--force")
    assert (code, err) == (
        2,
        f"argmap: {src}: its map {other} would be written over the input {other}; import into an -o folder\n",
    )
    code, _, err = run("import", kialo, other, "--force")
    assert (code, err) == (2, f"argmap: {other}: its map would be written over itself; import it into an -o folder\n")
    assert tree(tmp_path) == before
    out = tmp_path / "out"
    code, _, err = run("import", kialo, other, "-o", out)
    assert code == 0, err
    assert sorted(tree(out)) == ["debate.yaml", "kialo.yaml"]
    assert (out / "debate.yaml").read_bytes() == (out / "kialo.yaml").read_bytes()  # same discussion


def test_existing_maps_are_kept_without_force_and_replaced_with_it(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("import", corpus, "-o", out)[0] == 1
    first = tree(out)
    (out / "nodeset.yaml").write_text("kept\n", encoding="utf-8")
    code, _, err = run("import", corpus, "-o", out)
    assert code == 2
    assert err.splitlines() == [
        f"argmap: {out / 'aif-defects.yaml'}: already exists; pass --force to replace it",
        f"{corpus / 'broken.json'}:1:12: error AMI001 not valid JSON: Expecting value",
        f"argmap: {corpus / 'broken.json'}: nothing imported: fix the errors above",
        f"argmap: {out / 'debate' / 'small.yaml'}: already exists; pass --force to replace it",
        f"argmap: {out / 'kialo-discussion.yaml'}: already exists; pass --force to replace it",
        f"argmap: {out / 'nodeset.yaml'}: already exists; pass --force to replace it",
        "5 files: 0 imported, 1 failed, 4 skipped",
    ]
    assert (out / "nodeset.yaml").read_text(encoding="utf-8") == "kept\n"
    code, _, err = run("import", corpus, "-o", out, "--force")
    assert code == 1
    assert err.splitlines() == expected_lines(corpus, out)
    assert tree(out) == first


def test_options_that_name_one_map_are_refused_in_a_batch(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for option in ("--thesis", "--title"):
        for inputs in ([corpus], [corpus / "nodeset.aif", corpus / "kialo-discussion.txt"]):
            code, stdout, err = run("import", *inputs, option, "T", "-o", out)
            assert (code, stdout, err) == (
                2,
                "",
                f"argmap: {option} names one map: import that file on its own to use it, not in a batch of several\n",
            )
    code, stdout, err = run("import", corpus, "-o", "-")
    assert (code, stdout, err) == (
        2,
        "",
        "argmap: -o -: several maps cannot go to stdout; give a folder (-o OUT_DIR) or leave -o out\n",
    )
    assert not out.exists() and not list(corpus.rglob("*.yaml"))
    not_a_folder = tmp_path / "file.yaml"
    not_a_folder.write_text("x\n", encoding="utf-8")
    code, _, err = run("import", corpus, "-o", not_a_folder)
    assert (code, err) == (
        2,
        f"argmap: {not_a_folder}: not a folder; in a batch -o names the folder to write the maps into\n",
    )


def test_paths_that_hold_nothing_to_import(corpus: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    (empty / ".git").mkdir(parents=True)
    (empty / ".git" / "x.json").write_text("{}", encoding="utf-8")
    code, _, err = run("import", empty)
    assert (code, err) == (2, f"argmap: {empty}: folder holds no files to import {SUFFIXES}\n")
    # a missing path and a file whose format cannot be told: reported, the others still imported
    out = tmp_path / "out"
    code, _, err = run("import", tmp_path / "missing", corpus / "notes.md", corpus / "nodeset.aif", "-o", out)
    assert code == 2
    assert err.splitlines() == [
        f"argmap: {tmp_path / 'missing'}: no such file or folder",
        f"argmap: {corpus / 'notes.md'}: cannot tell the format; pass --from aif|argdown|kialo|microtexts|sadface",
        f"imported 5 nodes and 4 relations from {corpus / 'nodeset.aif'} (aif) into {out / 'nodeset.yaml'}; "
        "0 item(s) lost",
        "2 files: 1 imported, 0 failed, 1 skipped",
    ]
    assert sorted(tree(out)) == ["nodeset.yaml"]


def test_loss_report_has_one_entry_per_file(corpus: Path, tmp_path: Path) -> None:
    out, report = tmp_path / "out", tmp_path / "losses.json"
    code, _, err = run("import", corpus, "-o", out, "--loss-report", report)
    assert code == 1
    assert err.splitlines() == expected_lines(corpus, out)
    doc = json.loads(report.read_text(encoding="utf-8"))
    assert doc["direction"] == "import"
    assert doc["summary"] == {"files": 5, "imported": 4, "failed": 1, "skipped": 0}
    entries = doc["files"]
    assert [(e["file"], e["output"], e["status"], e["format"], e["count"]) for e in entries] == [
        (str(corpus / "aif-defects.json"), str(out / "aif-defects.yaml"), "imported", "aif", 6),
        (str(corpus / "broken.json"), str(out / "broken.yaml"), "failed", "aif", 0),
        (str(corpus / "debate" / "small.argdown"), str(out / "debate" / "small.yaml"), "imported", "argdown", 0),
        (str(corpus / "kialo-discussion.txt"), str(out / "kialo-discussion.yaml"), "imported", "kialo", 0),
        (str(corpus / "nodeset.aif"), str(out / "nodeset.yaml"), "imported", "aif", 0),
    ]
    assert [e["reason"] for e in entries] == [
        None,
        f"{corpus / 'broken.json'}: nothing imported: fix the errors above",
        None,
        None,
        None,
    ]
    assert [d["code"] for d in entries[1]["diagnostics"]] == ["AMI001"]
    # each entry holds the document one file's --loss-report writes, with the same fields
    single = tmp_path / "single.json"
    code, _, err = run("import", corpus / "aif-defects.json", "-o", "-", "--loss-report", single)
    assert code == 0, err
    one = json.loads(single.read_text(encoding="utf-8"))
    assert {k: v for k, v in entries[0].items() if k not in ("file", "output", "status", "reason")} == one
    assert [x["kind"] for x in one["losses"]] == [
        "timestamp",
        "edge",
        "rephrase",
        "preference",
        "locution",
        "illocution",
    ]


def test_a_bug_in_one_file_does_not_stop_the_others(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = argmap.interchange.get_importer

    def get_importer(fmt: str) -> Any:
        if fmt == "kialo":
            raise RuntimeError("boom")
        return real(fmt)

    monkeypatch.setattr(argmap.interchange, "get_importer", get_importer)
    monkeypatch.delenv("ARGMAP_DEBUG", raising=False)
    out = tmp_path / "out"
    code, _, err = run("import", corpus / "kialo-discussion.txt", corpus / "nodeset.aif", "-o", out, "-j", "1")
    assert code == 2
    assert err.splitlines() == [
        f"argmap: {corpus / 'kialo-discussion.txt'}: internal error: RuntimeError: boom "
        "(a bug in argmap; please report it)",
        f"imported 5 nodes and 4 relations from {corpus / 'nodeset.aif'} (aif) into {out / 'nodeset.yaml'}; "
        "0 item(s) lost",
        "2 files: 1 imported, 0 failed, 1 skipped",
    ]


def test_one_file_is_imported_as_before(corpus: Path, tmp_path: Path) -> None:
    src = corpus / "kialo-discussion.txt"
    code, _, err = run("import", src)
    assert code == 0
    assert err.splitlines() == [
        f"imported 10 nodes and 11 relations from {src} (kialo) into {corpus / 'kialo-discussion.yaml'}",
        "loss report: nothing from kialo lost",
    ]
    # one file: -o names the map, not a folder; --thesis and --title apply; no summary line
    out = tmp_path / "maps"
    out.mkdir()
    code, _, err = run("import", src, "-o", out)
    assert (code, err) == (2, f"argmap: {out}: is a folder; give a file name for the output\n")
    code, stdout, err = run("import", corpus / "nodeset.aif", "-o", "-", "--title", "Named", "-j", "2")
    assert code == 0, err
    assert stdout.startswith("argmap: 1\ntitle: Named\n")
    assert err.splitlines() == [
        f"imported 5 nodes and 4 relations from {corpus / 'nodeset.aif'} (aif) into stdout",
        "loss report: nothing from aif lost",
    ]
    code, _, err = run("import", corpus / "broken.json", "-o", tmp_path / "b.yaml")
    assert (code, err.splitlines()) == (
        1,
        [
            f"{corpus / 'broken.json'}:1:12: error AMI001 not valid JSON: Expecting value",
            "loss report: nothing from aif lost",
            f"argmap: {corpus / 'broken.json'}: nothing imported: fix the errors above",
        ],
    )


def test_a_map_that_cannot_be_written_is_skipped_and_reported(corpus: Path, tmp_path: Path) -> None:
    out, report = tmp_path / "out", tmp_path / "losses.json"
    out.mkdir()
    (out / "debate").write_text("a file where the sub-folder should go\n", encoding="utf-8")
    code, _, err = run("import", corpus, "-o", out, "--loss-report", report)
    assert code == 2
    lines = err.splitlines()
    assert f"argmap: {out / 'debate'}: cannot create the folder: File exists" in lines
    assert lines[-1] == "5 files: 3 imported, 1 failed, 1 skipped"
    assert sorted(tree(out)) == ["aif-defects.yaml", "debate", "kialo-discussion.yaml", "nodeset.yaml"]
    entry = json.loads(report.read_text(encoding="utf-8"))["files"][2]
    assert (entry["file"], entry["status"], entry["format"]) == (
        str(corpus / "debate" / "small.argdown"),
        "skipped",
        "argdown",
    )
    assert entry["reason"] == f"{out / 'debate'}: cannot create the folder: File exists"


def test_maps_written_by_a_batch_s_threads_take_the_umask(tmp_path: Path) -> None:
    """Each process writes its maps with several threads: every map and folder still gets the mode the
    umask gives (write_atomic reads the umask without setting it to 0 for a moment)."""
    import os
    import subprocess
    import sys

    text = (FIXTURES / "kialo-discussion.txt").read_text(encoding="utf-8")
    for i in range(24):
        sub = tmp_path / "in" / f"group{i % 4}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"discussion-{i:02d}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    argmap_cli = Path(sys.executable).parent / "argmap"
    done = subprocess.run(
        [argmap_cli, "import", tmp_path / "in", "-o", out, "--jobs", "2"],
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.umask(0o027),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    maps = sorted(out.rglob("*.yaml"))
    assert len(maps) == 24
    assert {oct(p.stat().st_mode & 0o777) for p in maps} == {oct(0o640)}
    assert {oct(p.stat().st_mode & 0o777) for p in out.iterdir()} == {oct(0o750)}
