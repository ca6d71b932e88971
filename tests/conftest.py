"""Shared test setup: hypothesis profiles and a stable terminal width for CLI output.

Profiles (select with ``HYPOTHESIS_PROFILE``):

* ``ci`` (default): few examples, no deadline: the machine is shared and slow.
* ``long``: many examples, for a fuzzing session:
  ``HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=5_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Rich wraps to the terminal width; pin it so that CLI output in tests does not depend on the runner.
os.environ.setdefault("ARGMAP_WIDTH", "200")
os.environ.setdefault("COLUMNS", "200")


def check_golden(path: Path, text: str) -> None:
    """``text`` must equal the golden file at ``path``; ``ARGMAP_UPDATE_GOLDEN=1`` rewrites it instead,
    after an intended change (then review the diff before committing it)."""
    if os.environ.get("ARGMAP_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path.name}: run ARGMAP_UPDATE_GOLDEN=1 pytest"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{path.name} differs from its golden file (refresh it if the change is intended)"


REQUIRE_BROWSER = os.environ.get("ARGMAP_REQUIRE_BROWSER") == "1"


def unavailable(reason: str) -> None:
    """Skip a browser test for ``reason``; fail instead where CI says these tests must run."""
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason}, and ARGMAP_REQUIRE_BROWSER=1 requires the browser tests to run")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser), for the page's tests."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed")
    from tools.screenshot import find_chromium, launch

    path = find_chromium()
    if path is None:
        unavailable("Chromium not found (apt-get install chromium, or set ARGMAP_CHROMIUM)")
    with sync_playwright() as p:
        b = launch(p, path)
        yield b
        b.close()
