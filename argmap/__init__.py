"""argmap: a claim-evidence argument mapper.

The library is usable without the command line (no typer, no rich)::

    import argmap

    result = argmap.check("claims/north-korea-seeking-new-friends.yaml")
    for d in result.diagnostics:
        print(d)
    svg = argmap.draw("claims/north-korea-seeking-new-friends.yaml", "svg").data

See :mod:`argmap.api` for every call; the names below are imported only when first used, so that
``import argmap`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
__all__ = [
    "ArgmapError",
    "InvalidMap",
    "__version__",
    "check",
    "draw",
    "export",
    "grade",
    "import_file",
    "load_map",
    "load_valid",
    "make_exercise",
    "view_map",
]

_LAZY = {
    "check": "argmap.api",
    "draw": "argmap.api",
    "export": "argmap.api",
    "import_file": "argmap.api",
    "make_exercise": "argmap.api",
    "grade": "argmap.api",
    "load_valid": "argmap.api",
    "view_map": "argmap.api",
    "load_map": "argmap.load",
    "ArgmapError": "argmap.errors",
    "InvalidMap": "argmap.errors",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'argmap' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
