"""The README's pictures are drawn from the current code: each one's fingerprint (what it was drawn from)
equals the fingerprint computed now, and every picture the README shows exists. Refresh them with
``python tests/tools/pictures.py``."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from tools.pictures import COMMAND, MANIFEST, ROOT, fingerprints


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz (the page layout measures with it)")
def test_pictures_are_current() -> None:
    recorded = json.loads(MANIFEST.read_text(encoding="utf-8"))
    now = fingerprints()
    stale = sorted(name for name in now.keys() | recorded.keys() if now.get(name) != recorded.get(name))
    assert stale == [], f"stale pictures {stale}: run `{COMMAND}` and commit them"
    missing = [name for name in now if not (ROOT / "claims" / name).is_file()]
    assert missing == []


def test_readme_pictures_exist_and_the_command_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme)
    assert any(p.endswith(".a4.svg") for p in shown), "the README shows a page-fitted diagram"
    assert [p for p in shown if not (ROOT / p).is_file()] == []
    assert COMMAND in readme
    assert "argmap serve" in readme
