"""Run many argmap command lines in one process (one interpreter start-up), each with a time limit.

Used by tests/test_hostile.py: ``python tests/cli_driver.py < commands.json`` where the input is a JSON
list of argument lists; prints a JSON list of results (exit code, output, seconds, crash). A command
that raises anything but SystemExit is a crash; its traceback is reported, never hidden.

The limit is on CPU time (this process's and its children's, e.g. Graphviz), which a loaded machine
does not stretch: a command stopped after ``LIMIT`` CPU seconds (SIGPROF) is a timeout. A wall-clock
alarm of ``WALL_FACTOR`` times the limit still catches a command that hangs without computing.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import time
import traceback
from typing import Any

LIMIT = 20
WALL_FACTOR = 6


def cpu_seconds() -> float:
    """CPU seconds of this process and its finished children, user and system."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout


def run(argv: list[str]) -> dict[str, Any]:
    from argmap.cli import app

    out, err = (
        io.TextIOWrapper(io.BytesIO(), encoding="utf-8"),
        io.TextIOWrapper(io.BytesIO(), encoding="utf-8"),
    )
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    code: int | None = 0
    crash = ""
    start, wall = cpu_seconds(), time.perf_counter()
    signal.setitimer(signal.ITIMER_PROF, LIMIT)
    signal.alarm(LIMIT * WALL_FACTOR)
    try:
        app(argv, prog_name="argmap", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except _Timeout:
        code, crash = None, f"timeout after {LIMIT} CPU seconds or {LIMIT * WALL_FACTOR} s"
    except BaseException:  # the point is to see every crash
        code, crash = None, traceback.format_exc()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.alarm(0)
        sys.stdout, sys.stderr = saved
    seconds = cpu_seconds() - start

    def text(stream: io.TextIOWrapper) -> str:
        stream.flush()
        raw: bytes = stream.buffer.getvalue()  # type: ignore[attr-defined]
        return raw.decode("utf-8", errors="replace")

    return {
        "argv": argv,
        "code": code,
        "stdout": text(out),
        "stderr": text(err),
        "seconds": seconds,
        "wall": time.perf_counter() - wall,
        "crash": crash,
    }


def main() -> None:
    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGPROF, _alarm)
    commands: list[list[str]] = json.load(sys.stdin)
    results = [run(argv) for argv in commands]
    sys.stdout.write(json.dumps(results))


if __name__ == "__main__":
    main()
