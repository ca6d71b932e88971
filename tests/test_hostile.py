"""Hostile and broken input: every command over every corpus file, and hostile paths.

The corpus is tests/hostile/ (small files, committed) plus big or deep files generated at test time.
For each corpus file every command the CLI has at the time runs in a separate process with a time
limit (tests/cli_driver.py runs the commands for one file in one interpreter, each under an alarm);
each must exit 0, 1 or 2, never show a traceback, say what went wrong in one line when it fails, and
finish in bounded time. ``check`` also runs through the real entry point, ``python -m argmap``.
Path problems (missing file, folder, unwritable output, output over the input) run through
``python -m argmap`` too.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from argmap.cli import app

HOSTILE = Path(__file__).parent / "hostile"
DRIVER = Path(__file__).parent / "cli_driver.py"
LIMIT = 20.0
# A failure must be explained in one line: `argmap: ...`, `file:line:col: ...`, or `file: error CODE ...`.
MESSAGE = re.compile(r"^(argmap: \S.*|.+?:\d+:\d+: .+|.+?: (error|warning) [A-Z]+\d+ .+|Error: .+)$", re.MULTILINE)


def _commands() -> dict[str, set[str]]:
    """Registered commands, and the subcommands of groups (exercise make, grade)."""
    import typer.main

    group = typer.main.get_command(app)
    out: dict[str, set[str]] = {}
    for name, cmd in getattr(group, "commands", {}).items():
        out[name] = set(getattr(cmd, "commands", {}) or ())
    return out


COMMANDS = _commands()


VALID = {"label-injection.yaml", "valid.json", "bom-crlf.yaml", "prototype-ids.yaml"}
EXERCISES = ("fill-evidence", "match", "find-gaps", "starter")
EXPORTS = ("json", "yaml", "aif", "argdown", "markdown")
# The full matrix (every variant on every file) in a long session: HYPOTHESIS_PROFILE=long.
FULL = os.environ.get("HYPOTHESIS_PROFILE") == "long" or os.environ.get("ARGMAP_HOSTILE_FULL") == "1"


def command_lines(path: Path, work: Path, *, full: bool = True, turn: int = 0) -> list[list[str]]:
    """Every command on one map file, for the commands present in this build.

    ``full`` adds the variants (report formats, every export format and exercise kind); otherwise one
    export format and one exercise kind, chosen by ``turn``, so that the corpus as a whole still meets
    every one (on a file the loader refuses, every variant fails the same way).
    """
    p = str(path)
    lines: list[list[str]] = []
    if "check" in COMMANDS:
        lines += [["check", p]]
        if full:
            lines += [["check", "--format", "json", p], ["check", "--format", "sarif", "--no-rules", p]]
    if "gaps" in COMMANDS:
        lines += [["gaps", p], ["gaps", "--format", "json", p]] if full else [["gaps", p]]
    if "render" in COMMANDS:
        lines += [["render", p, "-f", "dot", "-o", "-"], ["render", p, "-f", "mmd", "-o", "-"]]
    if "show" in COMMANDS:
        lines += [["show", "--plain", p]]
    if "export" in COMMANDS:
        formats = EXPORTS if full else EXPORTS[turn % len(EXPORTS) : turn % len(EXPORTS) + 1]
        lines += [["export", p, "--to", fmt, "-o", "-"] for fmt in formats]
    if "import" in COMMANDS:
        lines += [["import", p, "-o", str(work / f"imported-{path.name}.yaml"), "--force"]]
    if "make" in COMMANDS.get("exercise", set()):
        kinds = EXERCISES if full else EXERCISES[turn % len(EXERCISES) : turn % len(EXERCISES) + 1]
        lines += [
            [
                "exercise",
                "make",
                p,
                "-k",
                kind,
                "-o",
                str(work / f"ex-{path.name}-{kind}"),
                "--no-diagrams",
                "--force",
            ]
            for kind in kinds
        ]
    return lines


# --------------------------------------------------------------------------- the corpus


def _generated(folder: Path) -> list[Path]:
    """Big, deep or random files, made at test time (never committed)."""
    rng = random.Random(20141118)
    files = {
        "deep-flow.yaml": "argmap: 1\ntitle: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "deep-block.yaml": "argmap: 1\ntitle: t\nnodes:\n" + "- " * 10_000 + "x\n",
        "deep-indent.yaml": "argmap: 1\ntitle: t\nconfig:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(1500)),
        "deep-json.json": '{"argmap": 1, "title": "t", "nodes": ' + '{"a":' * 10_000 + "1" + "}" * 10_001,
        "deep-json-list.json": '{"argmap": 1, "title": "t", "nodes": ' + "[" * 10_000 + "]" * 10_000 + "}",
        "long-text.yaml": "argmap: 1\ntitle: t\nnodes:\n  - id: T\n    kind: thesis\n    text: " + "w" * 2**20 + "\n",
        "long-id.yaml": "argmap: 1\ntitle: t\nnodes:\n  - id: " + "i" * 10_000 + "\n    kind: thesis\n    text: t\n",
        "long-line-json.json": '{"argmap": 1, "title": "' + "x" * 2**20 + '", "nodes": []}',
        "many-nodes.yaml": "argmap: 1\ntitle: t\nnodes:\n  - {id: T, kind: thesis, text: t}\n"
        + "".join(f"  - {{id: C{i}, kind: claim, text: c{i}}}\n" for i in range(1000))
        + "relations:\n"
        + "".join(
            f"  - {{id: R{i}, kind: supports, from: C{i}, to: {'T' if i == 0 else f'C{i - 1}'}}}\n" for i in range(1000)
        ),
        "random-text.yaml": "".join(
            chr(rng.choice([rng.randrange(32, 127), rng.randrange(160, 0x2FFF)])) for _ in range(20_000)
        ),
    }
    out = []
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        out.append(folder / name)
    (folder / "random-bytes.yaml").write_bytes(bytes(rng.randrange(256) for _ in range(65_536)))
    with (folder / "huge-sparse.yaml").open("wb") as fh:  # 100 MiB of nothing, on no disk
        fh.truncate(100 * 2**20)
    return [*out, folder / "random-bytes.yaml", folder / "huge-sparse.yaml"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("generated")
    return sorted(HOSTILE.iterdir()) + _generated(folder)


CORPUS_NAMES = [
    *sorted(p.name for p in HOSTILE.iterdir()),
    "deep-flow.yaml", "deep-block.yaml", "deep-indent.yaml", "deep-json.json", "deep-json-list.json",
    "long-text.yaml", "long-id.yaml", "long-line-json.json", "many-nodes.yaml", "random-text.yaml",
    "random-bytes.yaml", "huge-sparse.yaml",
]  # fmt: skip


def _by_name(corpus: list[Path], name: str) -> Path:
    return next(p for p in corpus if p.name == name)


def run_driver(commands: list[list[str]], cwd: Path) -> list[dict[str, object]]:
    proc = subprocess.run(
        [sys.executable, str(DRIVER)],
        input=json.dumps(commands),
        capture_output=True,
        text=True,
        timeout=LIMIT * len(commands) + 30,
        cwd=cwd,
        env={**os.environ, "ARGMAP_WIDTH": "120", "NO_COLOR": "1"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results: list[dict[str, object]] = json.loads(proc.stdout)
    return results


def _explained_in_json(stdout: str) -> bool:
    """Machine formats explain a failure inside the document (diagnostics or SARIF results)."""
    try:
        doc = json.loads(stdout)
    except ValueError:
        return False
    if isinstance(doc, dict) and doc.get("diagnostics"):
        return True
    runs = doc.get("runs") if isinstance(doc, dict) else None
    return bool(runs and runs[0].get("results"))


def assert_well_behaved(result: dict[str, object]) -> None:
    argv = " ".join(map(str, result["argv"]))  # type: ignore[call-overload]
    stdout, stderr = str(result["stdout"]), str(result["stderr"])
    assert not result["crash"], f"argmap {argv} crashed:\n{result['crash']}"
    assert result["code"] in (0, 1, 2), f"argmap {argv}: exit {result['code']}\n{stderr[-2000:]}"
    for stream in (stdout, stderr):
        assert "Traceback" not in stream, f"argmap {argv}:\n{stream[-3000:]}"
        assert "internal error" not in stream, f"argmap {argv}:\n{stream[-3000:]}"
    if result["code"] != 0:
        explained = MESSAGE.search(stderr) or MESSAGE.search(stdout) or _explained_in_json(stdout)
        assert explained, f"argmap {argv}: exit {result['code']} unexplained:\n{stderr[-2000:]}\n{stdout[-1000:]}"
    seconds = float(result["seconds"])  # type: ignore[arg-type]
    assert seconds < LIMIT, f"argmap {argv} took {seconds:.1f} s"


PATH_CASES = ["missing.yaml", "folder.yaml"]


@pytest.fixture(scope="module")
def driver_results(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, object]]]:
    """Every command over every corpus file (and over a missing file and a folder), in one process."""
    work = tmp_path_factory.mktemp("work")
    (work / "folder.yaml").mkdir()
    targets = [*corpus, work / "missing.yaml", work / "folder.yaml"]
    plan: list[tuple[str, list[str]]] = []
    for turn, path in enumerate(targets):
        for line in command_lines(path, work, full=FULL or path.name in VALID, turn=turn):
            plan.append((path.name, line))
    results = run_driver([line for _, line in plan], work)
    out: dict[str, list[dict[str, object]]] = {}
    for (name, _), result in zip(plan, results, strict=True):
        out.setdefault(name, []).append(result)
    return out


@pytest.mark.parametrize("name", CORPUS_NAMES + PATH_CASES)
def test_every_command_survives(name: str, driver_results: dict[str, list[dict[str, object]]]) -> None:
    results = driver_results[name]
    # these take no map (serve runs until stopped)
    assert len(results) >= len(set(COMMANDS) - {"schema", "new", "rules", "schemes", "lsp", "serve"})
    for result in results:
        assert_well_behaved(result)
    if name in PATH_CASES:
        assert all(r["code"] in (1, 2) for r in results), [(r["argv"], r["code"]) for r in results]


def test_every_command_explains_a_missing_map_in_one_line(
    driver_results: dict[str, list[dict[str, object]]],
) -> None:
    for result in driver_results["missing.yaml"]:
        lines = [ln for ln in str(result["stderr"]).splitlines() if ln.strip()]
        assert lines and MESSAGE.match(lines[0]) and "missing.yaml" in lines[0], (result["argv"], lines)


def test_check_through_the_entry_point(corpus: list[Path]) -> None:
    """`python -m argmap check` over the whole corpus at once: parsable lines, exit 1, bounded time."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "argmap", "check", "--format", "parsable", "--no-rules", *map(str, corpus)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "ARGMAP_WIDTH": "120"},
    )  # fmt: skip
    seconds = time.perf_counter() - start
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr + proc.stdout
    assert seconds < 60
    named = {str(p) for p in corpus}
    reported = set()
    for line in proc.stdout.splitlines():  # parsable: every finding on one line with its place
        m = re.match(r"^(.+?):\d+:\d+: (error|warning|info) [A-Z]+\d+ ", line)
        assert m and m.group(1) in named, line[:300]
        reported.add(m.group(1))
    clean = {name for name, codes in EXPECTED_CODES.items() if not codes}
    assert {str(p) for p in corpus if p.name not in clean} == reported


EXPECTED_CODES = {
    "alias-bomb.yaml": ["AM006"],
    "deep-flow.yaml": ["AM006"],
    "deep-json.json": ["AM006"],
    "deep-json-list.json": ["AM006"],
    "huge-sparse.yaml": ["AM006"],
    "empty.yaml": ["AM005"],
    "whitespace-only.yaml": ["AM005"],
    "list.yaml": ["AM005"],
    "scalar.yaml": ["AM005"],
    "number.json": ["AM005"],
    "invalid-utf8.yaml": ["AM002"],
    "escaped-control.yaml": ["AM002", "AM002", "AM002"],
    "utf16.yaml": ["AM002"],
    "nul-bytes.yaml": ["AM002"],
    "random-bytes.yaml": ["AM002"],
    "python-tag.yaml": ["AM003", "AM003"],
    "several-documents.yaml": ["AM003"],
    "tabs.yaml": ["AM003"],
    "truncated.json": ["AM003"],
    "long-text.yaml": ["AM102"],
    "long-id.yaml": ["AM102"],
    "long-line-json.json": ["AM102", "AM109"],
    "bom-crlf.yaml": [],
    "valid.json": [],
    "label-injection.yaml": [],
    "prototype-ids.yaml": [],
    "many-nodes.yaml": [],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_CODES))
def test_hostile_files_give_the_expected_diagnostics(name: str, corpus: list[Path]) -> None:
    from argmap.pipeline import CheckOptions, check_file

    start = time.perf_counter()
    result = check_file(_by_name(corpus, name), CheckOptions(rules=False))
    assert time.perf_counter() - start < 5
    assert [d.code for d in result.diagnostics] == EXPECTED_CODES[name], [str(d)[:200] for d in result.diagnostics]
    assert all(d.line >= 1 for d in result.diagnostics)
    assert all(len(d.message) < 400 for d in result.diagnostics)


def test_tags_construct_nothing(tmp_path: Path) -> None:
    marker = Path("/tmp/argmap-owned")
    marker.unlink(missing_ok=True)
    results = run_driver(command_lines(HOSTILE / "python-tag.yaml", tmp_path), tmp_path)
    assert all(r["code"] != 0 for r in results)
    assert not marker.exists()


# --------------------------------------------------------------------------- paths


def argmap(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "argmap", *args], capture_output=True, text=True, timeout=LIMIT, cwd=cwd,
        env={**os.environ, "ARGMAP_WIDTH": "120"},
    )  # fmt: skip


def one_line_error(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("argmap: ")]
    assert lines, proc.stderr
    for w in words:
        assert w in proc.stderr, proc.stderr


@pytest.fixture
def good_map(tmp_path: Path) -> Path:
    path = tmp_path / "map.yaml"
    path.write_text((HOSTILE / "bom-crlf.yaml").read_text(encoding="utf-8-sig"), encoding="utf-8")
    return path


def test_missing_file_through_the_entry_point(tmp_path: Path) -> None:
    proc = argmap("check", "missing.yaml", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == "argmap: missing.yaml: no such file or folder\n"


def test_export_refuses_to_write_over_its_input(good_map: Path) -> None:
    before = good_map.read_bytes()
    proc = argmap("export", str(good_map), "--to", "yaml", "-o", str(good_map), "--force", cwd=good_map.parent)
    assert proc.returncode == 2
    one_line_error(proc, "refusing to write over the input file")
    assert good_map.read_bytes() == before


def test_render_refuses_to_write_over_its_input(good_map: Path) -> None:
    before = good_map.read_bytes()
    proc = argmap("render", str(good_map), "-f", "dot", "-o", str(good_map), cwd=good_map.parent)
    assert proc.returncode == 2
    one_line_error(proc)
    assert good_map.read_bytes() == before


def test_new_refuses_an_existing_file_without_force(tmp_path: Path) -> None:
    target = tmp_path / "map.yaml"
    target.write_text("mine\n")
    proc = argmap("new", str(target), cwd=tmp_path)
    assert proc.returncode == 2
    one_line_error(proc, "already exists", "--force")
    assert target.read_text() == "mine\n"
    proc = argmap("new", str(target), "--force", cwd=tmp_path)
    assert proc.returncode == 0 and target.read_text().startswith("# An argmap map")
    assert argmap("check", str(target), cwd=tmp_path).returncode == 0


def test_export_refuses_an_existing_file_without_force(good_map: Path) -> None:
    out = good_map.parent / "out.json"
    out.write_text("keep\n")
    proc = argmap("export", str(good_map), "-o", str(out), cwd=good_map.parent)
    assert proc.returncode == 2
    one_line_error(proc, "already exists")
    assert out.read_text() == "keep\n"


@pytest.mark.parametrize("where", ["map.yaml/out.json", "/proc/out.json", "/proc/no-such-folder/out.json"])
def test_unwritable_output_is_one_line_and_leaves_nothing(good_map: Path, where: str) -> None:
    before = sorted(p.name for p in good_map.parent.iterdir())
    proc = argmap("export", str(good_map), "-o", where, cwd=good_map.parent)
    assert proc.returncode == 2
    one_line_error(proc)
    assert sorted(p.name for p in good_map.parent.iterdir()) == before


def test_read_only_output_folder(good_map: Path) -> None:
    folder = good_map.parent / "ro"
    folder.mkdir(mode=0o500)
    immutable = os.geteuid() == 0  # root writes through mode bits; the immutable flag stops root too
    chattr = shutil.which("chattr")
    if immutable and (chattr is None or subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode):
        pytest.skip("running as root and chattr +i is not available to make a folder read-only")
    try:
        proc = argmap("export", str(good_map), "-o", str(folder / "out.json"), cwd=good_map.parent)
    finally:
        if immutable:
            subprocess.run([str(chattr), "-i", str(folder)], check=True)
    assert proc.returncode == 2
    one_line_error(proc, "cannot write")
    assert list(folder.iterdir()) == []


def test_output_folder_for_a_file_is_refused(good_map: Path) -> None:
    (good_map.parent / "out.json").mkdir()
    proc = argmap("export", str(good_map), "-o", "out.json", cwd=good_map.parent)
    assert proc.returncode == 2
    one_line_error(proc, "is a folder")


def test_output_to_a_device_writes_into_it_and_keeps_it(tmp_path: Path) -> None:
    """`-o /dev/stdout` (or /dev/null) used to be renamed over: a regular file replaced the device."""
    from argmap.fileio import write_atomic

    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    write_atomic(link, "data", overwrite=False)
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert not Path("/dev/null").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


@pytest.mark.parametrize("command", ["render", "import"])
def test_batches_over_the_whole_corpus_report_each_file_and_go_on(
    command: str, corpus: list[Path], tmp_path: Path
) -> None:
    """`render` and `import` of many files (the batch forms, with workers): one line or more per bad
    file, the good outputs written, exit 1 or 2, no traceback, bounded time."""
    out = tmp_path / "out"
    extra = ["--format", "dot"] if command == "render" else []
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "argmap", command, *map(str, corpus), "-o", str(out), "--jobs", "2", *extra],
        capture_output=True, text=True, timeout=180, env={**os.environ, "ARGMAP_WIDTH": "120"},
    )  # fmt: skip
    assert proc.returncode in (1, 2), proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr + proc.stdout
    assert time.perf_counter() - start < 120
    lines = proc.stderr.strip().splitlines()
    written = [ln for ln in lines if ln.startswith(("wrote ", "imported "))]
    if command == "render":
        maps = [p for p in corpus if p.suffix.lower() in (".yaml", ".yml", ".json")]
        summary = r"rendered (\d+) of (\d+) maps into .+?(?:, (\d+) invalid)?(?:, (\d+) not drawn)?"
        found = re.fullmatch(summary, lines[-1])
        assert found, lines[-1]
        drawn, total, invalid, broken = (int(g or 0) for g in found.groups())
        assert (total, drawn, drawn + invalid + broken) == (len(maps), len(written), total)
        assert len(list(out.rglob("*.dot"))) == drawn
    else:
        found = re.fullmatch(r"(\d+) files: (\d+) imported, (\d+) failed, (\d+) skipped", lines[-1])
        assert found, lines[-1]
        files, imported, failed, skipped = map(int, found.groups())
        assert (files, imported) == (len(set(corpus)), len(written)) and imported + failed + skipped == files
