"""The README's first command works in a bare clone: nothing beside the repository, no ../shared.

CI runs the command itself, venv and all, in a fresh clone (.ci/run); this test runs its argmap part
in a clone of this checkout with the test environment's argmap, so that a drift shows locally too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
SETUP = ".venv/bin/pip install -q -e ."


def _blocks() -> list[str]:
    return re.findall(r"^```sh\n(.*?)\n```$", README.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)


def test_the_readme_opens_with_the_two_commands() -> None:
    first, second = _blocks()[:2]
    assert first.startswith("python3 -m venv .venv && " + SETUP + " && ")
    assert "../shared" not in first
    assert second == "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert second in ci


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs git and a checkout")
def test_the_first_command_runs_in_a_bare_clone(tmp_path: Path) -> None:
    clone = tmp_path / "argmap"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    (clone / ".venv").mkdir()
    (clone / ".venv" / "bin").symlink_to(Path(sys.executable).parent)
    command = _blocks()[0].split(SETUP + " && ", 1)[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGMAP_")}
    done = subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "AM203" in done.stdout + done.stderr  # said plainly: the text is not at hand
    assert (clone / "north-korea.svg").stat().st_size > 10_000
    assert not (tmp_path / "shared").exists()


@pytest.mark.skipif(
    not (ROOT.parent / "shared" / "sources").is_dir(), reason="the evaluation excerpt grades with the article's text"
)
def test_every_generated_excerpt_is_the_programs_output() -> None:
    """`python tests/tools/readme.py` makes every generated part of the README; nothing differs now."""
    import runpy

    tool = runpy.run_path(str(ROOT / "tests" / "tools" / "readme.py"))
    current = README.read_text(encoding="utf-8")
    wanted, problems = tool["rewrite"](current)
    assert problems == []
    assert wanted == current, "README excerpts are stale: run python tests/tools/readme.py"


def _python_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)\n```$", README.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("number", range(len(_python_blocks())))
def test_the_readme_python_examples_run_as_written(tmp_path: Path, number: int) -> None:
    """Each Python example of the README, unchanged, in a folder holding what it names: the shipped map
    (claims/), a debate to import (debate.json), a class made by `argmap exercise make` with one student's
    answers (class/nk/) and, when present, the article beside it (../shared)."""
    block = _python_blocks()[number]
    work = tmp_path / "work"
    work.mkdir()
    (work / "claims").symlink_to(ROOT / "claims")
    shutil.copy(ROOT / "tests" / "fixtures" / "interchange" / "sadface-cycle-lanes.json", work / "debate.json")
    if "class/nk" in block:
        from typer.testing import CliRunner

        from argmap.cli import app

        shipped = str(ROOT / "claims" / "north-korea-seeking-new-friends.yaml")
        made = CliRunner().invoke(app, ["exercise", "make", shipped, "-k", "match", "-o", str(work / "class" / "nk")])
        assert made.exit_code == 0, made.stderr
        (work / "class" / "nk" / "answers").mkdir()
        shutil.copy(work / "class" / "nk" / "teacher" / "answers.txt", work / "class" / "nk" / "answers" / "ana.txt")
    shared = ROOT.parent / "shared"
    if "../shared" in block:
        if not shared.is_dir():
            pytest.skip("the example reads the article in ../shared")
        (tmp_path / "shared").symlink_to(shared)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGMAP_")}
    done = subprocess.run([sys.executable, "-c", block], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    printed = done.stdout.splitlines()
    promised = re.findall(r"  # prints: (.+)$", block, re.MULTILINE)
    assert [line for line in promised if line not in printed] == [], "the README says it prints what it does not"
