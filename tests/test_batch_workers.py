"""Worker processes of a batch (:mod:`argmap.batch`): no hang at the end, Ctrl-C leaves nothing behind.

``multiprocessing.Pool`` hung at the end of about one batch in twenty with eight workers (issue 33): its
``terminate`` kept the task queue's lock and the stop sentinel of a worker waiting on that lock, and the
SIGTERM sent to that worker was lost in the Python handler the CLI installs. The loop test below runs the
CLI's own handlers and many batches in one process; it hung within 40 batches before the fix. Its time
limits are generous (a loaded 2-core machine): they catch a hang, not slowness.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import argmap.batch
from argmap.batch import WorkerLost, parallel_chunks, parallel_map
from argmap.interchange.aif import export_aif
from argmap.load import load_map

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"
ARGMAP = Path(sys.executable).parent / "argmap"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")


def square(x: int) -> int:
    return x * x


def fails_on_five(x: int) -> int:
    if x == 5:
        raise ValueError(f"item {x} is bad")
    return x


def dies_on_three(x: int) -> int:
    if x == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def sleeps(x: int) -> int:
    time.sleep(0.05)
    return x


def _children() -> set[int]:
    """Live (not zombie) child processes of this process."""
    me = str(os.getpid())
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def test_results_come_in_order_from_several_workers() -> None:
    assert list(parallel_map(square, list(range(100)), jobs=3)) == [x * x for x in range(100)]
    assert _children() == set()


def test_an_error_in_an_item_is_raised_at_its_turn_and_the_workers_stop() -> None:
    got: list[int] = []
    with pytest.raises(ValueError, match="item 5 is bad"):
        for x in parallel_map(fails_on_five, list(range(40)), jobs=2):
            got.append(x)
    assert got == [0, 1, 2, 3, 4]
    assert _children() == set()


def test_a_worker_that_dies_is_one_clear_error_not_a_hang() -> None:
    with pytest.raises(WorkerLost) as caught:
        list(parallel_map(dies_on_three, list(range(40)), jobs=2))
    assert caught.value.message == (
        "a worker process was killed by signal 9 before sending back its results; "
        "run again with --jobs 1 to work without workers"
    )
    assert _children() == set()


def test_closing_a_batch_early_stops_its_workers() -> None:
    results = parallel_map(sleeps, list(range(200)), jobs=2)
    assert next(results) == 0
    assert len(_children()) == 2
    results.close()
    assert _children() == set()


def pids_and_squares(chunk: list[int]) -> list[tuple[int, int]]:
    return [(os.getpid(), x * x) for x in chunk]


def chunk_fails_on_five(chunk: list[int]) -> list[int]:
    if 5 in chunk:
        raise ValueError(f"chunk {chunk} is bad")
    return chunk


def test_chunks_come_back_in_order_the_first_item_done_here_before_forking() -> None:
    got = list(parallel_chunks(pids_and_squares, list(range(100)), jobs=3, size=4))
    assert [x for _, x in got] == [x * x for x in range(100)]
    assert got[0][0] == os.getpid()  # the workers inherit what the first item loaded
    assert len({pid for pid, _ in got[1:]} - {os.getpid()}) == 3
    assert _children() == set()
    assert list(parallel_chunks(pids_and_squares, [1, 2, 3], jobs=1)) == [(os.getpid(), x * x) for x in (1, 2, 3)]


def test_an_error_in_a_chunk_fails_its_items_raised_at_the_turn_of_its_first() -> None:
    got: list[int] = []
    with pytest.raises(ValueError, match=r"chunk \[2, 3, 4, 5\] is bad"):
        for x in parallel_chunks(chunk_fails_on_five, list(range(1, 40)), jobs=2, size=4):
            got.append(x)
    assert got == [1]  # the first item alone (done here), then chunks of 4 from the second: [2, 3, 4, 5] fails
    assert _children() == set()


LOOP = """
import signal, sys
import argmap.cli as cli
from argmap.batch import parallel_map
from tests.test_batch_workers import square

cli._MAIN_PID = cli.os.getpid()
for handled in (signal.SIGINT, signal.SIGTERM):  # as argmap's main() does
    signal.signal(handled, cli._on_signal)
for i in range(int(sys.argv[1])):
    assert list(parallel_map(square, list(range(64)), jobs=8)) == [x * x for x in range(64)]
print("done")
"""


def _run(args: list[str | Path], limit: float, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run a command in its own session; past ``limit`` seconds kill it and its workers and fail."""
    proc = subprocess.Popen(
        args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"hung: still running after {limit} s: {args[1:]}")
    return proc.returncode, out, err


def test_many_batches_in_a_row_with_the_cli_signal_handlers_never_hang() -> None:
    root = Path(__file__).parent.parent
    assert _run([sys.executable, "-c", LOOP, "100"], 240, cwd=root) == (0, "done\n", "")


def _maps(folder: Path, count: int) -> Path:
    small = load_map(FIXTURES / "small-map.yaml").map
    assert small is not None
    text = export_aif(small).text
    folder.mkdir()
    for i in range(count):
        (folder / f"nodeset{i:03d}.json").write_text(text, encoding="utf-8")
    return folder


def test_importing_a_folder_with_workers_many_times_in_a_row_ends_every_time(tmp_path: Path) -> None:
    folder = _maps(tmp_path / "in", 40)
    for run in range(6):
        out = tmp_path / f"out{run}"
        code, _, err = _run([ARGMAP, "import", folder, "-o", out, "--jobs", "4"], 120)
        assert code == 0, err
        assert err.splitlines()[-1] == "40 files: 40 imported, 0 failed, 0 skipped"
        assert len(list(out.iterdir())) == 40


def _session(sid: int) -> set[int]:
    """Live processes of the session ``sid``."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[4]) == sid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def test_ctrl_c_during_a_batch_leaves_no_process_and_no_partial_file(tmp_path: Path) -> None:
    folder = _maps(tmp_path / "in", 400)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [ARGMAP, "import", folder, "-o", out, "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job is
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("*.yaml"))) < 20:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the parent and its workers get SIGINT
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGINT
    assert err.splitlines()[-1] == "argmap: interrupted"
    assert "Traceback" not in err
    assert _session(proc.pid) == set()
    written = sorted(out.iterdir())
    assert 20 <= len(written) < 400
    assert all(p.suffix == ".yaml" for p in written), [p.name for p in written if p.suffix != ".yaml"]
    for p in written:
        assert load_map(p).map is not None, p


def test_parallel_map_without_workers_is_lazy_and_in_order() -> None:
    assert argmap.batch.PARALLEL_FROM > 3
    assert list(parallel_map(square, [1, 2, 3])) == [1, 4, 9]
