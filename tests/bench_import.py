"""Batch import of a folder of AIF nodesets against arguebuf loading the same files (issue 33), and of AIFdb
corpus zips of growing size (issue 31). Not collected by pytest.

    .venv/bin/python tests/bench_import.py [FOLDER] [--count 300] [--nodes 60] [--reps 3] [--jobs N]
    .venv/bin/python tests/bench_import.py --zip 3000,10000,30000 [--nodes 5] [--jobs N]

FOLDER is a corpus to time (QT30's nodesets, say); without it a folder of ``--count`` synthetic nodesets of
``--nodes`` nodes is made (tests/benchlib/aif.py). Side by side, in turn, ``--reps`` times: ``argmap import
FOLDER -o OUT`` (default workers: one per core; it also validates, checks and writes every map) and a
Python process that loads every file with arguebuf (``arguebuf.load.file``) and writes nothing. arguebuf is
not our dependency: it is run from its own virtual environment, ``$ARGMAP_PEERS/abvenv`` (default
/tmp/peers; ``python3 -m venv /tmp/peers/abvenv && /tmp/peers/abvenv/bin/pip install arguebuf``). The best
wall time of each is reported, with the ratio (target: argmap within 2x of arguebuf), and the CPU time
of each run (user and system, workers included), which a busy machine disturbs less than wall time.

With ``--zip``, corpus zips of that many members (nodesets of ``--nodes`` nodes) are imported with
``argmap import corpus.zip -o OUT``, once each: the time per member should stay flat as the zip grows
(issue 31: the whole import in time proportional to its members).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib.aif import synthetic_aif

PEERS = Path(os.environ.get("ARGMAP_PEERS", "/tmp/peers"))
ARGUEBUF_PY = PEERS / "abvenv" / "bin" / "python"
ARGMAP = Path(sys.executable).parent / "argmap"

LOAD_ALL = """
import sys, pathlib
import arguebuf
files = sorted(p for p in pathlib.Path(sys.argv[1]).rglob("*.json"))
nodes = sum(len(arguebuf.load.file(p).nodes) for p in files)
print(len(files), nodes)
"""


def timed(args: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall and CPU seconds (user and system of the process and the workers it waited for) of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, done


def last_line(done: subprocess.CompletedProcess[str]) -> str:
    return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"


def bench_folder(args: argparse.Namespace, work: Path) -> None:
    folder = args.folder
    if folder is None:
        folder = work / "nodesets"
        folder.mkdir()
        for i in range(args.count):
            (folder / f"nodeset{i:04}.json").write_text(json.dumps(synthetic_aif(args.nodes)), encoding="utf-8")
    files = len(list(folder.rglob("*.json")))
    print(f"{files} AIF files in {folder}; best of {args.reps}, in turn")
    has_peer = args.python.exists()
    if not has_peer:
        print(f"arguebuf: not installed at {args.python}; argmap alone is timed")
    best = {"argmap": float("inf"), "arguebuf": float("inf")}
    for rep in range(args.reps):
        out = work / f"out{rep}"
        seconds, cpu, done = timed([str(ARGMAP), "import", str(folder), "-o", str(out), "--jobs", str(args.jobs)])
        print(f"  argmap import -o OUT       {seconds:6.2f} s  cpu {cpu:5.2f} s   {last_line(done)}")
        best["argmap"] = min(best["argmap"], seconds)
        shutil.rmtree(out, ignore_errors=True)
        if has_peer:
            seconds, cpu, done = timed([str(args.python), "-c", LOAD_ALL, str(folder)])
            said = done.stdout.strip() or done.stderr.strip()[-200:]
            print(f"  arguebuf load every file   {seconds:6.2f} s  cpu {cpu:5.2f} s   (files, nodes) {said}")
            best["arguebuf"] = min(best["arguebuf"], seconds)
    line = f"best: argmap {best['argmap']:.2f} s"
    if has_peer:
        line += f", arguebuf {best['arguebuf']:.2f} s, ratio {best['argmap'] / best['arguebuf']:.2f} (target <= 2)"
    print(line)


def bench_zips(args: argparse.Namespace, work: Path) -> None:
    """One import of each corpus zip; the time per member should not grow with the members."""
    member = json.dumps(synthetic_aif(args.nodes))
    print(f"AIFdb corpus zips of {args.nodes}-node nodesets: argmap import corpus.zip -o OUT --jobs {args.jobs}")
    for count in (int(n) for n in args.zip.split(",")):
        path = work / f"corpus{count}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for i in range(count):
                zf.writestr(f"nodeset{i}.json", member)
        out = work / "maps"
        seconds, cpu, done = timed([str(ARGMAP), "import", str(path), "-o", str(out), "--jobs", str(args.jobs)])
        print(
            f"  {count:>6} members: {seconds:7.1f} s ({seconds / count * 1e3:5.2f} ms/member), "
            f"cpu {cpu:7.1f} s ({cpu / count * 1e3:5.2f} ms/member)   {last_line(done)}"
        )
        shutil.rmtree(out, ignore_errors=True)
        path.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--nodes", type=int, default=None, help="nodes per map (60; 5 with --zip)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="argmap import --jobs (0: one worker per core)")
    parser.add_argument("--zip", help="member counts of corpus zips to import instead, e.g. 3000,10000,30000")
    parser.add_argument("--python", type=Path, default=ARGUEBUF_PY, help="the Python that has arguebuf")
    args = parser.parse_args()
    if args.nodes is None:
        args.nodes = 5 if args.zip else 60
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        if args.zip:
            bench_zips(args, work)
        else:
            bench_folder(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
