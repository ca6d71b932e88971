"""What a command loads before it does its work (timing is measured by tests/bench.py, not here).

The command line turns pydantic's plugin discovery off and keeps its loader, which imports
``importlib.metadata`` and the ``email`` package, from being imported at all (:mod:`argmap.cli.plugins`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "claims" / "north-korea-seeking-new-friends.yaml"

_RUN = """
import json, sys
sys.argv = ["argmap", "check", sys.argv[1]]
import argmap.cli
try:
    argmap.cli.main()
except SystemExit as exc:
    code = exc.code
import pydantic.plugin._loader as loader
print(json.dumps({
    "code": code,
    "metadata": "importlib.metadata" in sys.modules,
    "loaded": sorted(m for m in sys.modules if m.startswith(("argmap.", "importlib.resources", "yaml", "graphviz"))),
    "plugins": list(loader.get_plugins()),
    "group": loader.PYDANTIC_ENTRY_POINT_GROUP,
}))
"""


def _run(env_value: str | None) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if env_value is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = env_value
    out = subprocess.run(
        [sys.executable, "-c", _RUN, str(SHIPPED)], capture_output=True, text=True, timeout=120, env=env, check=True
    )
    result: dict[str, object] = json.loads(out.stdout.splitlines()[-1])
    return result


def test_check_does_not_import_the_plugin_loader_or_package_metadata() -> None:
    result = _run(None)
    assert result["code"] == 0
    assert result["metadata"] is False
    # Asked for anything else, the stand-in hands over to pydantic's own loader.
    assert result["plugins"] == [] and result["group"] == "pydantic"


@pytest.mark.parametrize("value", ["", "some-plugin"])
def test_plugins_the_user_turned_on_are_still_discovered(value: str) -> None:
    result = _run(value)
    assert result["code"] == 0
    assert result["metadata"] is True  # pydantic's loader ran and read the entry points


def test_check_loads_neither_the_drawing_stack_nor_pyyaml() -> None:
    """``check`` of the shipped map (which has findings to locate and names schemes) needs no diagram
    code, no PyYAML (maps are parsed by yaml-rs, findings located without it) and no
    ``importlib.resources`` (the scheme catalogue is read next to its module): each is a few ms a run."""
    loaded = _run(None)["loaded"]
    assert isinstance(loaded, list)
    assert "argmap.rules.questions" in loaded and "argmap.schemes" in loaded  # the run did reach them
    unwanted = [
        m
        for m in loaded
        if m == "yaml" or m.startswith(("yaml.", "argmap.drawing", "argmap.view", "importlib.resources", "graphviz"))
    ]
    assert unwanted == []
