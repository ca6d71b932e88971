"""Shapes, line styles and colour themes of the diagrams.

Shapes and line styles carry the meaning (they survive greyscale and colour blindness); colour only
repeats it. ``color`` uses the Okabe-Ito palette, which stays distinguishable for the common forms of
colour blindness; ``print`` is black, white and greys for paper.
"""

from __future__ import annotations

from dataclasses import dataclass

from argmap.view.kinds import KINDS, NodeShape

__all__ = [
    "DIRECTIONS",
    "EDGE_STYLES",
    "KIND_LABELS",
    "NODE_SHAPES",
    "RELATION_LABELS",
    "STATUS_LABELS",
    "THEMES",
    "EdgeStyle",
    "NodeShape",
    "Theme",
    "check_direction",
    "get_theme",
]


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    dot_style: str
    arrowhead: str
    mermaid_arrow: str
    """Mermaid link with an arrowhead, premise (or junction) to target."""
    mermaid_line: str
    """Mermaid link without arrowhead, premise to junction."""
    mermaid_dash: str
    """CSS stroke-dasharray for Mermaid's linkStyle, empty for solid."""


NODE_SHAPES: dict[str, NodeShape] = {name: k.shape for name, k in KINDS.items()}
"""Shape of each node kind (from :data:`argmap.view.kinds.KINDS`)."""

EDGE_STYLES: dict[str, EdgeStyle] = {
    "supports": EdgeStyle("solid", "normal", "-->", "---", ""),
    "attacks": EdgeStyle("dashed", "tee", "-.-x", "-.-", "6 4"),
    "undercuts": EdgeStyle("dotted", "odiamond", "-.-o", "-.-", "2 3"),
}

KIND_LABELS: dict[str, str] = {name: k.legend for name, k in KINDS.items()}
"""The legend's label of each node kind (from :data:`argmap.view.kinds.KINDS`)."""

RELATION_LABELS: dict[str, str] = {
    "supports": "supports",
    "attacks": "attacks",
    "undercuts": "undercuts (attacks the inference at a junction)",
}

STATUS_LABELS: dict[str, str] = {
    "accepted": "STANDS: no attack drawn in the map defeats it",
    "rejected": "DEFEATED: by an attack that stands in the map",
    "undecided": "UNDECIDED: the map's conflicts leave it open",
}


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    font: str
    text: str
    background: str
    border: str
    fills: dict[str, str]
    """Fill of each node kind (from :data:`argmap.view.kinds.KINDS`)."""
    edges: dict[str, str]
    status: dict[str, str]
    """Border colour of a node by acceptability."""
    status_width: dict[str, float]
    muted: str
    """Small type: sources, notes, legend."""


def _fills(theme: str) -> dict[str, str]:
    return {name: k.fills[theme] for name, k in KINDS.items()}


_OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

THEMES: dict[str, Theme] = {
    "color": Theme(
        name="color",
        font="Helvetica",
        text="#000000",
        background="#FFFFFF",
        border="#333333",
        fills=_fills("color"),
        edges={
            "supports": _OKABE_ITO["blue"],
            "attacks": _OKABE_ITO["vermillion"],
            "undercuts": _OKABE_ITO["purple"],
        },
        status={
            "accepted": _OKABE_ITO["green"],
            "rejected": _OKABE_ITO["vermillion"],
            "undecided": _OKABE_ITO["orange"],
        },
        status_width={"accepted": 3.0, "rejected": 3.0, "undecided": 3.0},
        muted="#555555",
    ),
    "print": Theme(
        name="print",
        font="Helvetica",
        text="#000000",
        background="#FFFFFF",
        border="#000000",
        fills=_fills("print"),
        edges={"supports": "#000000", "attacks": "#000000", "undercuts": "#000000"},
        status={"accepted": "#000000", "rejected": "#808080", "undecided": "#000000"},
        status_width={"accepted": 3.5, "rejected": 1.0, "undecided": 2.0},
        muted="#404040",
    ),
}


DIRECTIONS = ("TB", "BT", "LR", "RL")


def check_direction(direction: str) -> str:
    """Return ``direction`` if it is a layout direction both serialisers know, else raise ValueError."""
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}: use one of {', '.join(DIRECTIONS)}")
    return direction


def get_theme(name: str) -> Theme:
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}: use {' or '.join(THEMES)}") from None
