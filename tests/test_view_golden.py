"""Golden files for every text output of the view: DOT, Mermaid, the plain `show` tree, the Markdown outline.

Refresh after an intended change, then review the diff before committing:

    ARGMAP_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_view_golden.py
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import check_golden as golden

from argmap.load import load_map
from argmap.model import ArgMap
from argmap.view.build import ViewOptions, build_view
from argmap.view.dot import to_dot
from argmap.view.markdown import export_markdown
from argmap.view.mermaid import to_mermaid
from argmap.view.outline import build_outline
from argmap.view.terminal import plain_text

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "view"
FIXTURES = HERE / "fixtures" / "view"
SHIPPED = HERE.parent / "claims" / "north-korea-seeking-new-friends.yaml"
UPDATE = os.environ.get("ARGMAP_UPDATE_GOLDEN") == "1"

# Fixed statuses (not computed) so that these goldens pin the drawing, not the semantics.
STATUSES = {"T": "accepted", "C1": "accepted", "C3": "rejected", "C4": "undecided", "E5": "undecided"}


def _map(path: Path) -> ArgMap:
    result = load_map(path)
    assert result.map is not None and not result.has_errors, [str(d) for d in result.diagnostics]
    return result.map


def check_golden(name: str, text: str) -> None:
    golden(GOLDEN / name, text)


Render = Callable[[ArgMap], str]


WHOLE = ViewOptions()


def _dot(options: ViewOptions = WHOLE, **kw: Any) -> Render:
    return lambda m: to_dot(build_view(m, options), **kw)


def _mmd(options: ViewOptions = WHOLE, **kw: Any) -> Render:
    return lambda m: to_mermaid(build_view(m, options), **kw)


def _show(options: ViewOptions = WHOLE) -> Render:
    return lambda m: plain_text(build_outline(build_view(m, options)), 100)


def _markdown(m: ArgMap) -> str:
    return export_markdown(m).text


CASES: list[tuple[str, str, Render]] = [
    ("all-kinds.yaml", "all-kinds.color.dot", _dot()),
    ("all-kinds.yaml", "all-kinds.print.dot", _dot(theme="print")),
    ("all-kinds.yaml", "all-kinds.color.mmd", _mmd()),
    ("all-kinds.yaml", "all-kinds.print.mmd", _mmd(theme="print")),
    ("all-kinds.yaml", "all-kinds.status.dot", _dot(ViewOptions(statuses=STATUSES))),
    ("all-kinds.yaml", "all-kinds.status.print.mmd", _mmd(ViewOptions(statuses=STATUSES), theme="print")),
    ("all-kinds.yaml", "all-kinds.focus-C2-1.dot", _dot(ViewOptions(focus="C2", depth=1))),
    ("all-kinds.yaml", "all-kinds.focus-E1-1.mmd", _mmd(ViewOptions(focus="E1", depth=1))),
    ("all-kinds.yaml", "all-kinds.collapse.dot", _dot(ViewOptions(collapse=True))),
    ("all-kinds.yaml", "all-kinds.collapse.mmd", _mmd(ViewOptions(collapse=True))),
    ("all-kinds.yaml", "all-kinds.LR.nolegend.dot", _dot(direction="LR", legend=False)),
    ("all-kinds.yaml", "all-kinds.show.txt", _show()),
    ("all-kinds.yaml", "all-kinds.focus-C1-1.show.txt", _show(ViewOptions(focus="C1", depth=1))),
    ("all-kinds.yaml", "all-kinds.focus-E1-1.show.txt", _show(ViewOptions(focus="E1", depth=1))),
    ("all-kinds.yaml", "all-kinds.md", _markdown),
    ("shared.yaml", "shared.show.txt", _show()),
    ("shared.yaml", "shared.dot", _dot()),
    ("shared.yaml", "shared.md", _markdown),
    ("hostile.yaml", "hostile.dot", _dot()),
    ("hostile.yaml", "hostile.mmd", _mmd()),
    ("hostile.yaml", "hostile.show.txt", _show()),
    ("hostile.yaml", "hostile.md", _markdown),
]


@pytest.mark.parametrize(("fixture", "golden", "render"), CASES, ids=[c[1] for c in CASES])
def test_fixture_golden(fixture: str, golden: str, render: Render) -> None:
    check_golden(golden, render(_map(FIXTURES / fixture)))


SHIPPED_CASES: list[tuple[str, Render]] = [
    ("shipped.dot", _dot()),
    ("shipped.mmd", _mmd()),
    ("shipped.collapse.mmd", _mmd(ViewOptions(collapse=True))),
    ("shipped.show.txt", _show()),
    ("shipped.md", _markdown),
]


@pytest.mark.skipif(not SHIPPED.exists(), reason="the shipped map is not in this checkout")
@pytest.mark.parametrize(("golden", "render"), SHIPPED_CASES, ids=[c[0] for c in SHIPPED_CASES])
def test_shipped_golden(golden: str, render: Render) -> None:
    check_golden(golden, render(_map(SHIPPED)))


def test_same_map_same_bytes() -> None:
    """Model to DOT is pure: two loads of one file give identical DOT and Mermaid."""
    a, b = _map(FIXTURES / "all-kinds.yaml"), _map(FIXTURES / "all-kinds.yaml")
    assert to_dot(build_view(a)) == to_dot(build_view(b))
    assert to_mermaid(build_view(a)) == to_mermaid(build_view(b))
