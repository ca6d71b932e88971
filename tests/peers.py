"""The other tools the conformance tests compare with, found where they are installed, never required.

arguebuf wants an older lxml than svglib, so it lives in a Python of its own (``ARGUEBUF_PYTHON``, or
``/tmp/abvenv`` as ``.ci/run`` makes it) and is driven through a subprocess that prints JSON.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

NO_ARGUEBUF = "arguebuf is not installed (python3 -m venv /tmp/abvenv && /tmp/abvenv/bin/pip install arguebuf)"


@functools.cache
def arguebuf_python() -> str | None:
    """A Python with arguebuf installed, kept apart from argmap's venv (it is no dependency)."""
    for candidate in (os.environ.get("ARGUEBUF_PYTHON"), "/tmp/abvenv/bin/python"):
        if candidate and Path(candidate).exists():
            check = subprocess.run([candidate, "-c", "import arguebuf"], capture_output=True, timeout=120)
            if check.returncode == 0:
                return candidate
    return None


def run_arguebuf(script: str, *args: str) -> Any:
    """Run ``script`` in arguebuf's Python with ``args`` and return the JSON it prints; skip without it."""
    python = arguebuf_python()
    if python is None:
        pytest.skip(NO_ARGUEBUF)
    done = subprocess.run([python, "-c", script, *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
