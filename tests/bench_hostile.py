"""Benchmarks of issue 31 (linear work on hostile input), in CPU seconds of this process.

    .venv/bin/python tests/bench_hostile.py [--only zip,kialo,microtext] [--members 30000]

* zip: reading every member of an AIFdb corpus zip of N members, as the import workers do
  (``aifdb.read_member``), against opening the archive once per member as before (timed on a sample:
  each open re-reads the whole central directory), and a whole import of 2,000 members.
* kialo: importing a 100,000-line Kialo discussion (``import_job``: read, import, write YAML, validate).
* microtext: importing a microtext of 20,000 ADUs, against ``check`` (with rules) of the map it gives.

CPU time (``time.process_time``), not wall time: the machine is shared. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def cpu(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def _aif(i: int) -> str:
    nodes = [{"nodeID": f"{i}1", "type": "I", "text": f"Claim {i}."}, {"nodeID": f"{i}2", "type": "I",
             "text": f"Reason {i}."}, {"nodeID": f"{i}3", "type": "RA", "text": "Default Inference"}]  # fmt: skip
    edges = [{"edgeID": f"{i}4", "fromID": f"{i}2", "toID": f"{i}3"}, {"edgeID": f"{i}5", "fromID": f"{i}3",
             "toID": f"{i}1"}]  # fmt: skip
    return json.dumps({"nodes": nodes, "edges": edges})


def bench_zip(folder: Path, members: int) -> None:
    from argmap.interchange.aifdb import members as list_members
    from argmap.interchange.aifdb import read_member
    from argmap.interchange.files import ImportJob, import_job, plan_archive

    for n in (members // 10, members):
        path = folder / f"corpus{n}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for i in range(n):
                zf.writestr(f"nodeset{i}.json", _aif(i))
        found = list_members(path).maps
        new = cpu(lambda: [read_member(path, m, 1 << 20) for m in found])  # noqa: B023
        sample = found[:: max(1, n // 50)]

        def old_way() -> None:
            for m in sample:  # noqa: B023
                with zipfile.ZipFile(path) as zf:  # noqa: B023
                    zf.read(zf.infolist()[m.index])

        per_old = cpu(old_way) / len(sample)
        print(f"zip {n:>6} members: read all {new:6.2f} s ({new / n * 1e6:5.0f} us/member); "
              f"reopening per member {per_old * 1e3:6.1f} ms/member, {per_old * n:8.1f} s for all")  # fmt: skip
    path = folder / "corpus2000.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(2000):
            zf.writestr(f"nodeset{i}.json", _aif(i))
    plan, _, _ = plan_archive(path, Path(path.name), folder / "maps")
    jobs = [ImportJob(str(path), str(t), "aifdb", batch=True, member=m) for m, t in plan]
    seconds = cpu(lambda: [import_job(j) for j in jobs])
    print(f"zip   2000 members: whole import {seconds:6.2f} s ({seconds / 2000 * 1e3:.1f} ms/member)")


def kialo_text(lines: int, seed: int = 1) -> str:
    """A Kialo discussion of ``lines`` claims, up to 8 levels deep, 1-4 children each."""
    rng = random.Random(seed)
    out = ["Discussion Title: Should tuition be free?", "", "1. Thesis: Tuition should be free."]
    count = 0

    def grow(prefix: str, depth: int) -> None:
        nonlocal count
        for k in range(1, (rng.randint(1, 4) if depth < 7 else 0) + 1):
            if count >= lines:
                return
            count += 1
            out.append(f"{prefix}{k}. {'Pro' if count % 3 else 'Con'}: point {count} about fees and their uses")
            grow(f"{prefix}{k}.", depth + 1)

    top = 0
    while count < lines:
        top += 1
        count += 1
        out.append(f"1.{top}. Pro: top point {top}")
        grow(f"1.{top}.", 2)
    return "\n".join(out) + "\n"


def bench_kialo(folder: Path) -> None:
    from argmap.interchange.files import ImportJob, import_job

    src = folder / "k.txt"
    src.write_text(kialo_text(100_000), encoding="utf-8")
    job = ImportJob(str(src), str(folder / "k.yaml"), force=True)
    outcome = None

    def run() -> None:
        nonlocal outcome
        outcome = import_job(job)

    seconds = cpu(run)
    assert outcome is not None and outcome.code == 0, outcome
    print(f"kialo 100000 lines: import {seconds:6.2f} s (target 10 s); {outcome.message}")


def microtext(adus: int, seed: int = 2) -> str:
    rng = random.Random(seed)
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<arggraph id="big">']
    out += [f'  <edu id="e{i}"><![CDATA[Segment {i} says something about fees and students.]]></edu>'
            for i in range(1, adus + 1)]  # fmt: skip
    out += [f'  <adu id="a{i}" type="{"pro" if i % 4 else "opp"}"/>' for i in range(1, adus + 1)]
    out += [f'  <edge id="s{i}" src="e{i}" trg="a{i}" type="seg"/>' for i in range(1, adus + 1)]
    out += [f'  <edge id="c{i}" src="a{i}" trg="a{rng.randint(max(1, i - 50), i - 1)}" '
            f'type="{"sup" if i % 5 else "reb"}"/>' for i in range(2, adus + 1)]  # fmt: skip
    return "\n".join([*out, "</arggraph>"]) + "\n"


def child_cpu(argv: list[str]) -> float:
    """CPU seconds (user and system) of ``python -m argmap ARGV`` in a child process."""
    import os
    import subprocess

    proc = subprocess.Popen([sys.executable, "-m", "argmap", *argv], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_utime + usage.ru_stime


def bench_microtext(folder: Path, reps: int = 3) -> None:
    """Best of ``reps``, import and check interleaved: in this process, and as commands (with start-up)."""
    from argmap.interchange.files import ImportJob, import_job
    from argmap.pipeline import CheckOptions, check_file

    src = folder / "m.xml"
    src.write_text(microtext(20_000), encoding="utf-8")
    job = ImportJob(str(src), str(folder / "m.yaml"), force=True)
    inner = [min(pair) for pair in zip(*[(cpu(lambda: import_job(job)),
                                          cpu(lambda: check_file(folder / "m.yaml", CheckOptions())))
                                         for _ in range(reps)], strict=True)]  # fmt: skip
    argv_import = ["import", str(src), "-o", str(folder / "m.yaml"), "--force"]
    cli = [min(pair) for pair in zip(*[(child_cpu(argv_import), child_cpu(["check", str(folder / "m.yaml")]))
                                       for _ in range(reps)], strict=True)]  # fmt: skip
    for where, (imported, checked) in (("in-process", inner), ("commands", cli)):
        print(f"microtext 20000 ADUs ({where}): import {imported:6.2f} s, check {checked:6.2f} s: "
              f"{imported / checked:.1f}x (target 2x)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="zip,kialo,microtext")
    parser.add_argument("--members", type=int, default=30_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in args.only.split(","):
            if name == "zip":
                bench_zip(folder, args.members)
            elif name == "kialo":
                bench_kialo(folder)
            elif name == "microtext":
                bench_microtext(folder)


if __name__ == "__main__":
    main()
