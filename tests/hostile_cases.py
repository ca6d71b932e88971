"""Round two of the hostile corpus (issue 16): cases built at test time, each with its command, the
exit codes it may end with and the words its one-line message must hold.

Run ``python tests/hostile_cases.py [NAME...]`` to measure each case (seconds and peak RSS of the
child process); tests/test_hostile_round2.py runs them all under a time and memory guard.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HEAD = {"argmap": 1, "title": "t"}


def _map(nodes: list[dict[str, object]], relations: list[dict[str, object]] = (), **extra: object) -> str:  # type: ignore[assignment]
    return json.dumps({**HEAD, **extra, "nodes": nodes, "relations": list(relations)})


def _statistic(**fields: object) -> str:
    ev = {"id": "E", "kind": "evidence", "type": "statistic", "text": "t", "value": 1, "unit": "USD", **fields}
    return _map(
        [{"id": "T", "kind": "thesis", "text": "t"}, ev],
        [{"id": "R", "kind": "supports", "from": "E", "to": "T"}],
    )


def _chain(depth: int, *, undercut: bool = False) -> str:
    """A thesis and ``depth`` claims, each supporting the one before (or undercutting its relation)."""
    nodes: list[str] = ["  - {id: T, kind: thesis, text: t}\n"]
    rels: list[str] = []
    for i in range(depth):
        nodes.append(f"  - {{id: C{i}, kind: claim, text: claim number {i}}}\n")
        if undercut and i > 0:
            rels.append(f"  - {{id: R{i}, kind: undercuts, from: C{i}, to: R{i - 1}}}\n")
        else:
            rels.append(f"  - {{id: R{i}, kind: supports, from: C{i}, to: {'T' if i == 0 else f'C{i - 1}'}}}\n")
    return "argmap: 1\ntitle: t\nnodes:\n" + "".join(nodes) + "relations:\n" + "".join(rels)


def _with_text(text_field: str) -> str:
    return (
        "argmap: 1\ntitle: t\nsources:\n  - {id: S, title: s, text: '" + text_field + "'}\n"
        "nodes:\n  - {id: T, kind: thesis, text: t}\n"
        "  - {id: E, kind: evidence, type: statement, text: t, speaker: x, quote: q, sources: [S],"
        " anchor: 'root:x:0:0'}\n"
        "relations:\n  - {id: R, kind: supports, from: E, to: T}\n"
    )


@dataclass
class Case:
    name: str
    files: dict[str, str | bytes]
    argv: list[str]
    codes: tuple[int, ...] = (1, 2)
    words: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    setup: Callable[[Path], None] | None = None


BIG = "1" + "0" * 309
DIGITS = "9" * 4400

CASES: list[Case] = [
    Case("huge-value", {"m.json": _statistic(value=int(BIG))}, ["check", "m.json"], (1,), ("AM1",)),
    Case("huge-value-gaps", {"m.json": _statistic(value=int(BIG))}, ["gaps", "m.json"], (1, 2), ()),
    Case("huge-change", {"m.json": _statistic(change={"absolute": int(BIG)})}, ["check", "m.json"], (1,)),
    Case("huge-baseline", {"m.json": _statistic(baseline={"value": int(BIG)})}, ["check", "m.json"], (1,)),
    Case(
        "many-digits-json",
        {"m.json": '{"argmap": 1, "title": "t", "nodes": [{"id": ' + DIGITS + "}]}"},
        ["check", "m.json"],
        (1,),
        ("digits",),
    ),
    Case(
        "many-digits-yaml",
        {"m.yaml": "argmap: 1\ntitle: t\nnodes:\n  - id: " + DIGITS + "\n"},
        ["check", "m.yaml"],
        (1,),
        ("digits",),
    ),
    Case("undercut-chain-show", {"m.yaml": _chain(500, undercut=True)}, ["show", "--plain", "m.yaml"], (0, 1)),
    Case(
        "undercut-chain-markdown",
        {"m.yaml": _chain(500, undercut=True)},
        ["export", "m.yaml", "--to", "markdown", "-o", "-"],
        (0, 1),
    ),
    Case("deep-chain-show", {"m.yaml": _chain(5000)}, ["show", "--plain", "m.yaml"], (0, 1)),
    Case("deep-chain-50k-show", {"m.yaml": _chain(50_000)}, ["show", "--plain", "m.yaml"], (0, 1)),
    Case(
        "deep-chain-markdown", {"m.yaml": _chain(50_000)}, ["export", "m.yaml", "--to", "markdown", "-o", "-"], (0, 1)
    ),
    Case(
        "argdown-deep-data",
        {"m.argdown": "===\ntitle: " + "[" * 600 + "]" * 600 + "\n===\n\n[T]: t\n"},
        ["import", "m.argdown", "-o", "out.yaml"],
        (1, 2),
    ),
    Case("dev-full-gaps", {"m.json": _statistic()}, ["gaps", "m.json", "-o", "/dev/full"], (2,), ("No space",)),
    Case(
        "timeout-inf",
        {"m.json": _statistic()},
        ["render", "m.json", "-f", "dot", "-o", "-", "--timeout", "1e309"],
        (2,),
    ),
    Case("max-bytes-abc", {"m.json": _statistic()}, ["check", "m.json"], (0, 1, 2), env={"ARGMAP_MAX_BYTES": "abc"}),
    Case(
        "escape-in-yaml",
        {"m.yaml": 'argmap: 1\ntitle: "\\e]0;owned\\a"\nnodes: [{id: "\\e[2K", kind: thesis, text: t}]\n'},
        ["check", "m.yaml"],
        (1,),
    ),
    Case(
        "escape-in-json",
        {
            "m.json": '{"argmap": 1, "title": "t", "nodes": [{"id": "\\u001b[2K\\u009b", "kind": "thesis", "text": "t"}]}'
        },
        ["check", "m.json"],
        (1,),
    ),
    Case(
        "newline-forgery",
        {
            "m.json": _map(
                [{"id": "T", "kind": "thesis", "text": "t"}, {"id": "x\n::error::forged", "kind": "claim", "text": "t"}]
            )
        },
        ["check", "-f", "github", "m.json"],
        (1,),
    ),
    Case("passwd-anchor", {"m.yaml": _with_text("/etc/passwd")}, ["check", "m.yaml"], (1, 2), ("outside",)),
    Case("climbing-text", {"m.yaml": _with_text("../../../../etc/passwd")}, ["check", "m.yaml"], (1, 2), ("outside",)),
    Case(
        "kialo-deep",
        {
            "k.txt": "Discussion Title: t\n\n1. Thesis\n"
            + "".join("1." + ".".join(["1"] * (i + 1)) + ". Pro: p\n" for i in range(40))
        },
        ["import", "k.txt", "-o", "o.yaml"],
        (1, 2),
        ("31",),
    ),
    Case("severity-equals", {"m.json": _statistic()}, ["check", "--severity", "=error", "m.json"], (2,)),
    Case("utf32", {"m.yaml": "\ufeffargmap: 1\ntitle: t\n".encode("utf-32")}, ["check", "m.yaml"], (1,), ("UTF-32",)),
    Case(
        "double-bom",
        {"m.yaml": "\ufeff\ufeffargmap: 1\ntitle: t\n".encode()},
        ["check", "m.yaml"],
        (1,),
        ("byte-order",),
    ),
    Case(
        "zero-width-id",
        {"m.json": _map([{"id": "T", "kind": "thesis", "text": "t"}, {"id": "C\u200d", "kind": "claim", "text": "t"}])},
        ["check", "m.json"],
        (1,),
    ),
]


def run_case(case: Case, folder: Path) -> dict[str, object]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in case.files.items():
        target = folder / name
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    if case.setup:
        case.setup(folder)
    env = {**os.environ, "ARGMAP_WIDTH": "100", "NO_COLOR": "1", **case.env}
    out_path, err_path = folder / ".stdout", folder / ".stderr"
    start = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "argmap", *case.argv], cwd=folder, env=env, stdout=out, stderr=err
        )
        deadline = start + LIMIT_SECONDS * 3
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    stdout, stderr = out_path.read_bytes(), err_path.read_bytes()
    out_path.unlink()
    err_path.unlink()
    return {
        "code": proc.returncode,
        "stdout": stdout,
        "stderr": stderr,
        "seconds": seconds,
        "rss_mib": usage.ru_maxrss / 1024,
    }


LIMIT_SECONDS = 10.0
LIMIT_MIB = 1024.0


if __name__ == "__main__":
    import tempfile

    wanted = set(sys.argv[1:])
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            if wanted and case.name not in wanted:
                continue
            r = run_case(case, Path(tmp) / case.name)
            err = bytes(r["stderr"])[:160]  # type: ignore[arg-type]
            print(
                f"{case.name:26} exit {r['code']} {r['seconds']:6.2f} s {r['rss_mib']:7.0f} MiB out {len(r['stdout']):>9} B {err!r}"
            )  # type: ignore[arg-type]
