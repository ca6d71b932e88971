"""Round two of the hostile corpus (issue 16): cases built at test time, each with its command, the
exit codes it may end with and the words its one-line message must hold.

Run ``python tests/hostile_cases.py [NAME...]`` to measure each case (CPU seconds, wall seconds and
peak RSS of the child process); tests/test_hostile_round2.py runs them all under a time and memory guard.
The time limit is on CPU time, which a loaded machine does not stretch (two cases took 10.7 s and
17.0 s of wall time under load against a 10 s limit); the wall clock only stops a hang, at 6x.
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


_ONE_LINE_TEXT = "The port of Kestrel handled 4.2 million tonnes of cargo in 2019, a rise of 12 per cent. " * 6000 + (
    "The harbour closed in May 2020."
)
_ONE_LINE_MAP = (
    "argmap: 1\ntitle: t\nsources:\n  - {id: S, title: s, kind: primary, text: t.txt}\nnodes:\n"
    "  - {id: T, kind: thesis, text: t}\n"
    "  - {id: E, kind: evidence, type: event, text: The harbour closed., date: 2020-05, sources: [S],"
    " anchor: harbour closed}\n"
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
    stdout: str | None = None
    """Write standard output there (/dev/full) instead of capturing it."""


BIG = "1" + "0" * 309
DIGITS = "9" * 4400


def _kialo(depth: int) -> str:
    return "Discussion Title: t\n\n1. Thesis\n" + "".join(
        "1." + ".".join(["1"] * (i + 1)) + ". Pro: p\n" for i in range(depth)
    )


def _aliased(size: int, times: int) -> str:
    return (
        "argmap: 1\ntitle: &big " + "x" * size + "\nnodes:\n  - {id: T, kind: thesis, text: t}\n"
        "config: [" + ", ".join(["*big"] * times) + "]\n"
    )


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe.yaml")


def _escape_name(folder: Path) -> None:
    (folder / "m.json").rename(folder / "\x1b]0;owned\x07.json")


def _many_sources(folder: Path) -> None:
    (folder / "s.txt").write_text("the words " * 300_000, encoding="utf-8")


_SHARED_TEXT = (
    "argmap: 1\ntitle: t\nsources:\n"
    + "".join(f"  - {{id: S{i}, title: s, text: s.txt}}\n" for i in range(20))
    + "nodes:\n  - {id: T, kind: thesis, text: t}\n"
    + "".join(
        f"  - {{id: E{i}, kind: evidence, type: statement, text: t, speaker: x, quote: q, sources: [S{i}],"
        f" anchor: 'e'}}\n"
        for i in range(20)
    )
    + "relations:\n"
    + "".join(f"  - {{id: R{i}, kind: supports, from: E{i}, to: T}}\n" for i in range(20))
)
_ESC_JSON = '{"argmap": 1, "title": "t", "nodes": [{"id": "\\u001b[2K\\u009b", "kind": "thesis", "text": "t"}]}'
_FORGED = [{"id": "T", "kind": "thesis", "text": "t"}, {"id": "x\n::error::forged", "kind": "claim", "text": "t"}]
_PROTO = [{"id": "T", "kind": "thesis", "text": "t"}, {"id": "C\u200d", "kind": "claim", "text": "t"}]

CASES: list[Case] = [
    # 1. "internal error" before issue 16
    Case("huge-value", {"m.json": _statistic(value=int(BIG))}, ["check", "m.json"], (1,), ("out of range",)),
    Case("huge-value-gaps", {"m.json": _statistic(value=int(BIG))}, ["gaps", "m.json"], (1,), ("out of range",)),
    Case("huge-value-html", {"m.json": _statistic(value=int(BIG))}, ["render", "m.json", "-f", "html", "-o", "o.html"],
         (1,), ("out of range",)),
    Case("huge-change", {"m.json": _statistic(change={"absolute": int(BIG)})}, ["check", "m.json"], (1,),
         ("out of range",)),
    Case("huge-baseline", {"m.json": _statistic(baseline={"value": int(BIG)})}, ["check", "m.json"], (1,),
         ("out of range",)),
    Case("many-digits-json", {"m.json": '{"argmap": 1, "title": "t", "nodes": [{"id": ' + DIGITS + "}]}"},
         ["check", "m.json"], (1,), ("4400 digits",)),
    Case("many-digits-count", {"m.yaml": "argmap: 1\ntitle: t\nnodes:\n  - {id: T, kind: thesis, text: t}\n"
         "  - {id: E, kind: evidence, type: count, what: x, text: t, number: " + DIGITS + "}\n"},
         ["check", "m.yaml"], (1,), ("out of range", "digits")),
    Case("many-digits-aif", {"a.json": '{"nodes": [{"nodeID": ' + DIGITS + ', "text": "t", "type": "I"}], "edges": []}'
         },
         ["import", "a.json", "-o", "o.yaml"], (1, 2), ("4400 digits",)),
    Case("many-digits-yaml-id", {"m.yaml": "argmap: 1\ntitle: t\nnodes:\n  - {id: " + "7" * 4301 + ", kind: thesis, "
         "text: t}\n"}, ["check", "m.yaml"], (1,), ("YAML reads this id as a number of about", "digits")),
    Case("undercut-chain-show", {"m.yaml": _chain(500, undercut=True)}, ["show", "--plain", "m.yaml"], (0, 1)),
    Case("undercut-chain-markdown", {"m.yaml": _chain(500, undercut=True)},
         ["export", "m.yaml", "--to", "markdown", "-o", "-"], (0, 1)),
    Case("argdown-deep-data", {"m.argdown": "===\ntitle: " + "[" * 600 + "]" * 600 + "\n===\n\n[T]: t\n"},
         ["import", "m.argdown", "-o", "out.yaml"], (0,), ("nested more than 100 levels",)),
    Case("argdown-deep-inline", {"m.argdown": "[T]: t {a: " + "[" * 600 + "]" * 600 + "}\n"},
         ["import", "m.argdown", "-o", "out.yaml"], (0,), ("not kept",)),
    Case("dev-full-gaps", {"m.json": _statistic()}, ["gaps", "m.json"], (2,), ("No space left",), stdout="/dev/full"),
    Case("dev-full-check-json", {"m.json": _statistic()}, ["check", "-f", "json", "m.json"], (2,), ("No space left",),
         stdout="/dev/full"),
    Case("dev-full-render", {"m.json": _statistic()}, ["render", "m.json", "-f", "dot", "-o", "-"], (2,),
         ("No space left",), stdout="/dev/full"),
    Case("timeout-inf", {"m.json": _statistic()},
         ["render", "m.json", "-f", "svg", "-o", "o.svg", "--timeout", "1e309"],
         (2,), ("--timeout",)),
    Case("max-bytes-abc", {"m.json": _statistic()}, ["check", "m.json"], (0,), env={"ARGMAP_MAX_BYTES": "abc"}),
    # 2. quadratic memory from small files
    Case("deep-chain-show", {"m.yaml": _chain(5000)}, ["show", "--plain", "m.yaml"], (0, 1), ("(level 5000)",)),
    # 50,000 deep (5 MB) was 24 GB; it now takes some 5 s and 240 MB alone, too close to the 10 s guard
    # on a shared CI machine: the corpus runs 20,000 (the cost is linear); 50,000 measured by hand.
    Case("deep-chain-20k-show", {"m.yaml": _chain(20_000)}, ["show", "--plain", "m.yaml"], (0, 1),
         ("(level 20000)",)),
    Case("deep-chain-20k-markdown", {"m.yaml": _chain(20_000)}, ["export", "m.yaml", "--to", "markdown", "-o", "-"],
         (0,), ("(level 20000)",)),
    # 3. other unbounded work
    Case("alias-bytes", {"m.yaml": _aliased(5_000_000, 1000)}, ["check", "m.yaml"], (1,), ("alias",)),
    Case("million-bad-authors", {"m.yaml": "argmap: 1\ntitle: t\nauthors: [" + ",".join(["1"] * 1_000_000) + "]\n"},
         ["check", "m.yaml"], (1,), ("1000000 items",)),
    Case("unknown-fields", {"m.yaml": "argmap: 1\ntitle: t\n" + "".join(f"x{i}: 1\n" for i in range(300_000))},
         ["check", "m.yaml"], (1,), ("and 299950 more unknown fields",)),
    Case("shared-source-text", {"m.yaml": _SHARED_TEXT}, ["check", "m.yaml"], (0, 1), ("occurs",),
         setup=_many_sources),
    # 4. terminal and log forgery
    Case("escape-in-yaml", {"m.yaml": 'argmap: 1\ntitle: "\\e]0;owned\\a"\nnodes: [{id: T, kind: thesis, text: t}]\n'},
         ["check", "m.yaml"], (1,), ("U+001B",)),
    Case("escape-in-json", {"m.json": _ESC_JSON}, ["check", "m.json"], (1,), ("U+001B",)),
    Case("newline-forgery", {"m.json": _map(_FORGED)}, ["check", "-f", "github", "m.json"], (1,), ("x\\n::error",)),
    Case("newline-in-title", {"m.json": _map([{"id": "T", "kind": "thesis", "text": "t"}], sources=[
        {"id": "S", "title": "a\nm.json:1:1: error AM999 forged"}])}, ["check", "-f", "parsable", "m.json"], (0, 1)),
    Case("escape-in-file-name", {"m.json": _map([])}, ["check", "\x1b]0;owned\x07.json"], (1,), ("\\x1b",),
         setup=_escape_name),
    # 7. reading files it should not
    Case("passwd-anchor", {"m.yaml": _with_text("/etc/passwd")}, ["check", "m.yaml"], (1,),
         ("outside the map's folder",)),
    Case("climbing-text", {"m.yaml": _with_text("../../../../etc/passwd")}, ["check", "m.yaml"], (1,),
         ("outside the map's folder",)),
    Case("fifo", {}, ["check", "pipe.yaml"], (2,), ("named pipe",), setup=_fifo),
    # a source text of half a megabyte on one line: pysbd is quadratic in a line's length (77 s before)
    Case("one-line-source", {"m.yaml": _ONE_LINE_MAP, "t.txt": _ONE_LINE_TEXT}, ["check", "m.yaml"], (0,),
         ("0 errors",)),
    # import looked for a zip's first bytes before reading: opening the pipe blocked for ever
    Case("fifo-import", {}, ["import", "pipe.yaml", "-o", "o.yaml"], (2,), ("named pipe",), setup=_fifo),
    # 8. unclear
    Case("kialo-deep", {"k.txt": _kialo(40)}, ["import", "k.txt", "-o", "o.yaml"], (0,), ("deeper than 31 levels",)),
    Case("kialo-5000", {"k.txt": _kialo(5000)}, ["import", "k.txt", "-o", "o.yaml"], (0,), ("deeper than 31 levels",)),
    Case("zero-width-id", {"m.json": _map(_PROTO)}, ["check", "m.json"], (1,), ("U+200D",)),
    Case("utf32", {"m.yaml": "\ufeffargmap: 1\ntitle: t\n".encode("utf-32")}, ["check", "m.yaml"], (1,), ("UTF-32",)),
    Case("double-bom", {"m.yaml": "\ufeff\ufeffargmap: 1\ntitle: t\n".encode()}, ["check", "m.yaml"], (1,),
         ("two byte-order marks",)),
    Case("severity-equals", {"m.json": _statistic()}, ["check", "--severity", "=error", "m.json"], (2,),
         ("--severity '=error'",)),
]  # fmt: skip


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
    with open(case.stdout or out_path, "wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "argmap", *case.argv], cwd=folder, env=env, stdout=out, stderr=err
        )
        deadline = start + LIMIT_SECONDS * 6
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
    wall = time.perf_counter() - start
    stdout, stderr = (b"" if case.stdout else out_path.read_bytes()), err_path.read_bytes()
    out_path.unlink(missing_ok=True)
    err_path.unlink()
    return {
        "code": proc.returncode,
        "stdout": stdout,
        "stderr": stderr,
        "seconds": usage.ru_utime + usage.ru_stime,
        "wall": wall,
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
            size = len(r["stdout"])  # type: ignore[arg-type]
            print(
                f"{case.name:26} exit {r['code']} {r['seconds']:6.2f} CPU s {r['wall']:6.2f} s {r['rss_mib']:6.0f} MiB "
                f"out {size:>9} B {err!r}"
            )
