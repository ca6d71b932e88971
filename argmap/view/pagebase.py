"""What the page layout's planner (:mod:`argmap.view.split`) and pages (:mod:`argmap.view.pages`) share:
sizes, settings, running the layout engine, page-number tokens, and the estimated size of a node.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from argmap.errors import ArgmapError
from argmap.view.build import ViewNode, ViewRelation
from argmap.view.labels import node_lines, relation_label
from argmap.view.layout import layout

T = TypeVar("T")

__all__ = [
    "FILL",
    "MAX_SCALE",
    "NODESEP",
    "ORIENTATIONS",
    "PAGES",
    "RANKSEP",
    "SMALL_PT",
    "SVG_SIZE",
    "TIGHT",
    "Drawn",
    "PageSize",
    "PagesError",
    "Settings",
    "consecutive",
    "fill_in",
    "fill_in_bytes",
    "finish",
    "label_box",
    "measure",
    "node_box",
    "run",
    "run_all",
    "split_svgs",
    "text_width",
    "timed_out",
    "token",
]

SMALL_PT = 10
"""Small type (ids, sources, arrow texts, notes, legend) in a page layout; body text is 11 pt, so the
small type is the smallest on the page and ``SMALL_PT * scale`` is the smallest size printed."""
MAX_SCALE = 1.6
"""A small map is enlarged at most this much to fill its page."""
TIGHT = ['  graph [ranksep="0.3", nodesep="0.18", label=""];']
"""Closer ranks than a plain diagram, and no title: the page carries the title."""
NODESEP = 0.18 * 72
RANKSEP = 0.3 * 72
_SIZES = {"header": 10, "text": 11, "fact": 11, "more": 11, "source": 10, "status": 10, "note": 10}
_WIDE = {"fact", "status"}
"""Bold lines, a little wider per character."""
FILL = 0.92
"""Share of the page an estimated part may take: the estimates are close, not exact."""


@dataclass(frozen=True, slots=True)
class PageSize:
    name: str
    width: float
    """Points, portrait (or the slide's own landscape shape)."""
    height: float
    min_pt: float
    """The smallest type on this page, in points as printed."""
    margin: float
    direction: str = "BT"
    """Where arrows point unless told: on a slide LR, the ranks across its long side (its height, at
    12 pt, holds two ranks of boxes; its width three, or a column of stacked evidence beside its claim)."""

    def oriented(self, orientation: str) -> tuple[float, float]:
        long, short = max(self.width, self.height), min(self.width, self.height)
        return (long, short) if orientation == "landscape" else (short, long)


PAGES: dict[str, PageSize] = {
    "a4": PageSize("a4", 595.28, 841.89, 7.0, 24.0),
    "a3": PageSize("a3", 841.89, 1190.55, 9.0, 30.0),
    "letter": PageSize("letter", 612.0, 792.0, 7.0, 24.0),
    "slide": PageSize("slide", 960.0, 540.0, 12.0, 16.0, "LR"),
}
ORIENTATIONS = ("portrait", "landscape")


class PagesError(ArgmapError):
    """The map cannot be laid out on the page asked for; the message says what to do."""


@dataclass(frozen=True, slots=True)
class Settings:
    theme: str
    direction: str
    legend: bool
    prefer: str | None
    timeout: float
    width: int = 34
    """Characters per line of a node's text."""
    deadline: float = field(default=0.0, compare=False)
    """``time.monotonic()`` by which the whole layout must be done (0: ``timeout`` from each call)."""

    def remaining(self) -> float:
        if not self.deadline:
            return self.timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise PagesError(timed_out(self.timeout))
        return left


def text_width(page: str, orientation: str, direction: str = "BT") -> int:
    """Characters per line of a node's text on ``page`` (a4, a3, letter, slide): wider on a landscape
    page and on a slide. On a slide at 12 pt, a claim, an arrow text and a piece of evidence side by
    side (ranks across) just fit at 38, a claim over its evidence (ranks down) at 40 and more; measured
    on the shipped map, which takes 12 slides across, 16 down."""
    if page == "slide":
        return 38 if direction in ("LR", "RL") else 40
    return 42 if orientation == "landscape" else 34


def timed_out(timeout: float) -> str:
    return (
        f"layout took longer than {timeout:g} s and was stopped; draw less with --focus ID --depth N "
        "or --collapse, or allow more time with --timeout"
    )


SVG_SIZE = re.compile(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def measure(svg: bytes) -> tuple[float, float]:
    found = SVG_SIZE.search(svg[:2000])
    if found is None:
        raise PagesError("the layout engine wrote an SVG without a size in points")
    return float(found.group(1)), float(found.group(2))


def run(source: str, fmt: str, s: Settings) -> bytes:
    from argmap.view.layout import LayoutError

    try:
        return layout(source, fmt, timeout=s.remaining(), prefer=s.prefer)
    except LayoutError as exc:
        if "took longer than" in str(exc):  # the time left ran out: say the time the user gave
            raise PagesError(timed_out(s.timeout)) from None
        raise PagesError(str(exc)) from None


def run_all(sources: list[str], s: Settings) -> tuple[list[bytes], int]:
    """Each of ``sources`` laid out as SVG, and the number of engine runs it took.

    The graphs go to the engine one after another on one input, which lays each out on its own:
    starting ``dot`` costs more than laying out a part of a page. With more than one core the batch
    is cut into one run per core, of about equal length and in order, run side by side (the engine
    works in its own process; this one waits). An engine that draws only the first graph of its
    input gets one run per graph."""
    if not sources:
        return [], 0
    chunks = consecutive(sources, min(_cores(), len(sources)), len)  # the engine's work grows with a graph
    outputs = _side_by_side(["\n".join(chunk) for chunk in chunks], s)
    svgs = [svg for out in outputs for svg in split_svgs(out)]
    if len(svgs) == len(sources):
        return svgs, len(chunks)
    return _side_by_side(sources, s), len(sources)


def _side_by_side(inputs: list[str], s: Settings) -> list[bytes]:
    """Each input laid out as SVG, as many at a time as there are cores, in order."""
    if len(inputs) == 1 or _cores() == 1:
        return [run(source, "svg", s) for source in inputs]
    with ThreadPoolExecutor(min(_cores(), len(inputs))) as pool:
        return list(pool.map(lambda source: run(source, "svg", s), inputs))


def _cores() -> int:
    """Cores this process may run on (its affinity where the system says, as in a container)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def consecutive(items: Sequence[T], count: int, weight: Callable[[T], int]) -> list[list[T]]:
    """``items`` in at most ``count`` consecutive runs, in order, each about an equal share of their
    total ``weight``: the engine's runs of a page layout (by a graph's text), the runs a claim's parts
    are merged in (by their nodes, :mod:`argmap.view.merging`)."""
    weights = [weight(item) for item in items]
    total = sum(weights)
    out: list[list[T]] = []
    done = 0
    for item, w in zip(items, weights, strict=True):
        if not out or (len(out) < count and done >= total * len(out) / count):
            out.append([])
        out[-1].append(item)
        done += w
    return out


# ---------------------------------------------------------------------- page numbers, filled in later

_TOKEN = "\u2042"
"""⁂ (asterism): brackets a node id in a note, ``⁂C6⁂``, standing for the page of the part that
draws C6 with what bears on it. No map text contains it beside an id (ids are word characters)."""
TOKENS = re.compile(_TOKEN + r"([^<>&\s]+?)" + _TOKEN)
_PLACE = re.compile("page " + _TOKEN + r"([^<>&\s]+?)" + _TOKEN)
"""A page named in a note (``page ⁂C6⁂``): "this page" when it is the note's own."""
TOKENS_B = re.compile(_TOKEN.encode() + rb"([^<>&\s]+?)" + _TOKEN.encode())


def token(node_id: str) -> str:
    return f"{_TOKEN}{node_id}{_TOKEN}"


def fill_in(text: str, page_of: Mapping[str, int | str]) -> str:
    """``text`` with its tokens replaced by page numbers (``page_of``: node id, or ``#`` and a part
    index, to page number)."""
    return fill_in_bytes(text.encode(), page_of).decode()


def finish(note: str, page_of: Mapping[str, int | str], page: int) -> str | None:
    """A note with its page numbers filled in, "this page" for its own; "continues on" names other
    pages only (None when the argument goes on on this very page)."""
    text = _PLACE.sub(lambda m: "this page" if page_of.get(m.group(1)) == page else m.group(0), note)
    text = fill_in(text, page_of)
    found = re.search(r"continues on pages? ([\d, ]+)$", text)
    if found:
        others = sorted({int(n) for n in found.group(1).split(", ")} - {page})
        if not others:
            return None
        text = text[: found.start()] + f"continues on page{'s' * (len(others) > 1)} {_ranges(others)}"
    return text


def _ranges(numbers: list[int]) -> str:
    """``[2, 3, 4, 5, 7]`` -> ``2-5, 7`` (an en dash): a claim that goes on over many pages."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}\u2013{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def fill_in_bytes(data: bytes, page_of: Mapping[str, int | str]) -> bytes:
    if _TOKEN.encode() not in data:
        return data
    return TOKENS_B.sub(lambda m: str(page_of.get(m.group(1).decode(), "?")).encode(), data)


def split_svgs(data: bytes) -> list[bytes]:
    """The SVG documents Graphviz wrote one after another for the graphs of one input."""
    return [b"<?xml" + doc for doc in data.split(b"<?xml")[1:]]


# ---------------------------------------------------------------------- estimates


def node_box(node: ViewNode, width: int, extra_notes: int = 0) -> tuple[float, float]:
    """Estimated size of ``node``'s box in drawing points (Helvetica: about half an em a character)."""
    w = h = 0.0
    for line in node_lines(node, width):
        size = _SIZES[line.kind]
        bold = line.kind in _WIDE or (node.kind == "thesis" and line.kind == "text")
        w = max(w, len(line.text) * size * (0.56 if bold else 0.52))
        h += size * 1.05
    h += extra_notes * 2 * SMALL_PT * 1.05
    if extra_notes:
        w = max(w, (width + 6) * SMALL_PT * 0.52)
    return w + 22.0, h + 13.0


def label_box(rel: ViewRelation, width: int) -> tuple[float, float]:
    lines = relation_label(rel.warrant, rel.qualifier, width)
    if not lines:
        return 0.0, 0.0
    return max(len(t) for t in lines) * SMALL_PT * 0.52 + 4, len(lines) * SMALL_PT * 1.2


@dataclass(slots=True)
class Drawn:
    """One part laid out: its SVG and DOT (with page tokens), its size in drawing points, its notes."""

    nodes: list[str]
    svg: bytes
    dot: str
    width: float
    height: float
    markers: list[str]
