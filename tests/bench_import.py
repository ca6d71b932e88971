"""Batch import of a folder of AIF nodesets against arguebuf loading the same files (issue 33, not collected by pytest).

    .venv/bin/python tests/bench_import.py [FOLDER] [--count 300] [--nodes 60] [--reps 3]

FOLDER is a corpus to time (QT30's nodesets, say); without it a folder of ``--count`` synthetic nodesets of
``--nodes`` nodes is made (tests/benchlib/aif.py). Side by side, in turn, ``--reps`` times: ``argmap import
FOLDER -o OUT`` (default workers: one per core; it also validates, checks and writes every map) and a
Python process that loads every file with arguebuf (``arguebuf.load.file``) and writes nothing. arguebuf is
not our dependency: it is run from its own virtual environment, ``$ARGMAP_PEERS/abvenv`` (default
/tmp/peers; ``python3 -m venv /tmp/peers/abvenv && /tmp/peers/abvenv/bin/pip install arguebuf``). The best
wall time of each is reported, with the ratio (target: argmap within 2x of arguebuf).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
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


def timed(args: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--nodes", type=int, default=60)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--python", type=Path, default=ARGUEBUF_PY, help="the Python that has arguebuf")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
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
            seconds, done = timed([str(ARGMAP), "import", str(folder), "-o", str(out)])
            summary = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
            print(f"  argmap import -o OUT       {seconds:6.2f} s   {summary}")
            best["argmap"] = min(best["argmap"], seconds)
            shutil.rmtree(out, ignore_errors=True)
            if has_peer:
                seconds, done = timed([str(args.python), "-c", LOAD_ALL, str(folder)])
                said = done.stdout.strip() or done.stderr.strip()[-200:]
                print(f"  arguebuf load every file   {seconds:6.2f} s   (files, nodes) {said}")
                best["arguebuf"] = min(best["arguebuf"], seconds)
        line = f"best: argmap {best['argmap']:.2f} s"
        if has_peer:
            line += f", arguebuf {best['arguebuf']:.2f} s, ratio {best['argmap'] / best['arguebuf']:.2f} (target <= 2)"
        print(line)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
