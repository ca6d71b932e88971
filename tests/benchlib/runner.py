"""Run one command and report its wall time, CPU time and peak RSS as JSON (used by tests/bench.py).

    python runner.py CWD STDOUT STDERR -- COMMAND...

Why a separate small process: on Linux a child's peak RSS (``ru_maxrss``) starts from the RSS of the
process that forked it, because ``exec`` records the old address space's high-water mark. Measured
straight from the benchmark process, which holds big maps in memory, every child would seem to use
hundreds of MiB. This launcher imports only ``os``, ``sys``, ``time`` and ``json`` and stays near the
interpreter's own ~10 MiB, which is far below anything it measures.
"""

import json
import os
import sys
import time


def main() -> None:
    cwd, out_path, err_path, sep, *cmd = sys.argv[1:]
    assert sep == "--" and cmd, __doc__
    out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: redirect, then become the command
        try:
            os.chdir(cwd)
            os.dup2(out, 1)
            os.dup2(err, 2)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    # ru_maxrss: KiB on Linux, bytes on macOS.
    rss_kib = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps({"wall_s": wall, "cpu_s": cpu, "rss_kib": rss_kib, "rc": os.waitstatus_to_exitcode(status)}))


main()
