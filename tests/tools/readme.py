"""Keep the README's excerpts the program's own output: one command rewrites them, a test compares.

    python tests/tools/readme.py           # rewrite every generated part of README.md
    python tests/tools/readme.py --check   # exit 1, naming each part, when the README and the program differ

Three kinds of parts:

* the `argmap gaps` excerpt between ``<!-- gaps-excerpt:start -->`` and ``<!-- gaps-excerpt:end -->``
  (tests/tools/readme_gaps.py: the report, cut to the blocks a reader needs);
* the table of newcomer mistakes between ``<!-- newcomer-table:start -->`` and ``<!-- newcomer-table:end -->``
  (made from tests/test_newcomer.py's cases);
* console blocks right after a line ``<!-- generated width=N -->``: every ``$ command`` in the block is run
  from the repository's root (``argmap`` is this environment's, the terminal N columns wide) and its output
  replaces what the block shows. A block after ``<!-- checked width=N -->`` is an excerpt with cuts
  (``…``): its lines must appear in the command's output, in order; it is compared, never rewritten;
* any fenced block right after a line ``<!-- output of: `COMMAND` -->`` (such as the shipped map as
  Mermaid): what the command writes on standard output, the whole block.
"""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MARKER = re.compile(r"^<!-- (generated|checked) width=(\d+) -->\n```console\n(.*?)\n```$", re.MULTILINE | re.DOTALL)
OUTPUT = re.compile(r"^<!-- output of: `(.+?)` -->\n```(\w*)\n(.*?)\n```$", re.MULTILINE | re.DOTALL)
CUTS = {"…", "..."}


def run(command: str, width: int, *, stderr: bool = True) -> str:
    """What ``command`` prints (stdout and stderr, as a terminal shows both, unless ``stderr`` is
    false), run from the root."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARGMAP_", "COLUMNS"))}
    env |= {"ARGMAP_WIDTH": str(width), "COLUMNS": str(width), "PATH": f"{Path(sys.executable).parent}:{env['PATH']}"}
    done = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    out = done.stdout + (done.stderr if stderr else "")
    return "\n".join(line.rstrip() for line in out.rstrip("\n").split("\n"))


def _commands(body: str) -> list[str]:
    return [line[2:] for line in body.split("\n") if line.startswith("$ ")]


def generated(body: str, width: int) -> str:
    """The block's commands, each followed by its output."""
    parts = []
    for command in _commands(body):
        parts += [f"$ {command}", run(command, width)]
    return "\n".join(parts)


def missing_lines(body: str, width: int) -> list[str]:
    """The lines a checked block shows that its command's output does not hold (in order)."""
    shown = [line for line in body.split("\n") if line.strip() not in CUTS and not line.startswith("$ ")]
    actual = "\n".join(run(c, width) for c in _commands(body)).split("\n")
    missing, at = [], 0
    for line in shown:
        try:
            at = actual.index(line, at) + 1
        except ValueError:
            missing.append(line)
    return missing


def rewrite(text: str) -> tuple[str, list[str]]:
    """The README with every generated part renewed, and what differs in the checked parts."""
    gaps = runpy.run_path(str(ROOT / "tests" / "tools" / "readme_gaps.py"))
    text = gaps["rewrite"](text)
    sys.path.insert(0, str(ROOT / "tests"))
    from test_newcomer import _with_table

    text = _with_table(text)
    problems: list[str] = []

    def renew(m: re.Match[str]) -> str:
        kind, width, body = m.group(1), int(m.group(2)), m.group(3)
        if kind == "generated":
            return f"<!-- generated width={width} -->\n```console\n{generated(body, width)}\n```"
        for line in missing_lines(body, width):
            problems.append(f"{_commands(body)[0]}: the README shows a line it does not print: {line!r}")
        return m.group(0)

    def output(m: re.Match[str]) -> str:
        command, lang = m.group(1), m.group(2)
        return f"<!-- output of: `{command}` -->\n```{lang}\n{run(command, 100, stderr=False)}\n```"

    return OUTPUT.sub(output, MARKER.sub(renew, text)), problems


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    wanted, problems = rewrite(current)
    for p in problems:
        print(f"README.md: {p}")
    if "--check" in argv:
        if wanted != current:
            print("README.md: a generated part differs from the program's output; run python tests/tools/readme.py")
        return 1 if wanted != current or problems else 0
    if wanted != current:
        README.write_text(wanted, encoding="utf-8")
        print("README.md: generated parts rewritten")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
