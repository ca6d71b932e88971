"""Rewrite the README's `argmap gaps` excerpt from the program's own output.

    python tests/tools/readme_gaps.py          # rewrite the block in README.md
    python tests/tools/readme_gaps.py --check  # exit 1 when the README disagrees with the program

The block sits between the markers ``<!-- gaps-excerpt:start -->`` and ``<!-- gaps-excerpt:end -->``.
It is the report on the shipped map at 110 columns, cut to the blocks a reader needs (the thesis, the
claims named in BLOCKS, and the summary); "..." marks what is left out. tests/test_shipped_map.py runs
the check, so the excerpt cannot drift from what `argmap gaps` prints.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MAP = "claims/north-korea-seeking-new-friends.yaml"
BLOCKS = ("THESIS T", "C6", "C11", "C13", "Summary")
WIDTH = 110
START, END = "<!-- gaps-excerpt:start -->", "<!-- gaps-excerpt:end -->"


def report_text() -> str:
    """`argmap gaps` on the shipped map, as plain text at WIDTH columns."""
    from rich.console import Console

    from argmap.gapsreport import build_report, render_report
    from argmap.load import load_map
    from argmap.rules import apply_rules

    result = load_map(ROOT / MAP)
    apply_rules(result)
    result.locate()
    result.file = MAP
    report = build_report(result)
    buf = io.StringIO()
    console = Console(file=buf, width=WIDTH, color_system=None, force_terminal=False, highlight=False)
    render_report(console, report)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines())


def excerpt() -> str:
    """The console block for the README: the chosen blocks of the report, the rest elided."""
    blocks = report_text().split("\n\n")
    head, *rest = blocks
    kept = [head.splitlines()[0]]
    skipped = False
    for block in rest:
        first = block.splitlines()[0]
        if any(first == b or first.startswith(b + " ") for b in BLOCKS):
            kept.append("..." if skipped else "")
            kept.append(block)
            skipped = False
        else:
            skipped = True
    body = "\n".join(kept).replace("\n\n\n", "\n\n")
    return f"```console\n$ argmap gaps {MAP}\n{body}\n```"


def rewrite(text: str) -> str:
    """``text`` (the README) with its excerpt block replaced."""
    start, end = text.index(START) + len(START), text.index(END)
    return text[:start] + "\n" + excerpt() + "\n" + text[end:]


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    wanted = rewrite(current)
    if "--check" in argv:
        if wanted != current:
            print("README.md: the gaps excerpt differs from `argmap gaps`; run python tests/tools/readme_gaps.py")
            return 1
        return 0
    if wanted != current:
        from argmap.fileio import write_atomic

        write_atomic(README, wanted)
        print("README.md: gaps excerpt rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
