"""The code stays lint- and type-clean: ruff and mypy (strict) run as part of the suite, so CI enforces them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("tool", ["ruff", "mypy"])
def test_tool_is_installed(tool: str) -> None:
    # Both come with the `test` extra; a missing one would silently turn the checks below into nothing.
    assert _run(tool, "--version").returncode == 0, f"{tool} is not installed: pip install -e '.[test]'"


def test_ruff_is_clean() -> None:
    result = _run("ruff", "check", "argmap", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = _run("mypy", "argmap")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied() -> None:
    # One layout for the whole tree, so that diffs carry meaning, not reflowed lines (issue 32).
    result = _run("ruff", "format", "--check", "argmap", "tests")
    assert result.returncode == 0, "run `ruff format argmap tests`:\n" + result.stdout + result.stderr
