"""Parts on pages (used by :mod:`argmap.view.pages`): packed in rows in the argument's order, the
largest scale at which a page holds its rows, and the parts whose root their page draws elsewhere."""

from __future__ import annotations

from argmap.view.pagebase import MAX_SCALE, Drawn

__all__ = ["GAP", "pack", "page_scale", "references"]

GAP = 10.0
"""Points between parts on a page, and between the drawing and the footer."""


def pack(
    sizes: list[tuple[float, float]], heights: tuple[float, float], target: float, w_room: float
) -> list[list[list[int]]]:
    """Parts in rows on pages (first fit, in the argument's order): page -> rows -> part indexes.
    ``sizes`` in drawing points, placed at the scale aimed at; ``heights``: room on the first page
    and on the others; ``target``: the scale aimed at; ``w_room``: the page's width for parts."""
    t = target
    pages: list[list[list[int]]] = []
    used: list[list[tuple[float, float]]] = []
    """Per page, per row: (width, height) taken, in page points."""
    totals: list[float] = []
    """Per page, the height its rows take (with the gaps between them)."""
    narrowest: list[float] = []
    """Per page, the width of its narrowest row: a part wider than the room beside it and
    taller than the room under the rows goes on no row of that page (skipped at once)."""
    for i, (w, h) in enumerate(sizes):
        w, h = w * t, h * t
        for p, rows in enumerate(pages):
            room = heights[0] if p == 0 else heights[1]
            total = totals[p]
            if total + GAP + h > room and narrowest[p] + GAP + w > w_room:
                continue
            if _into_row(i, w, h, rows, used[p], total, room, w_room):
                totals[p] = sum(rh for _, rh in used[p]) + GAP * (len(used[p]) - 1)
                narrowest[p] = min(rw for rw, _ in used[p])
                break
            if total + GAP + h <= room:
                rows.append([i])
                used[p].append((w, h))
                totals[p] = sum(rh for _, rh in used[p]) + GAP * (len(used[p]) - 1)
                narrowest[p] = min(narrowest[p], w)
                break
        else:
            pages.append([[i]])
            used.append([(w, h)])
            totals.append(h)
            narrowest.append(w)
    return pages


def _into_row(
    i: int,
    w: float,
    h: float,
    rows: list[list[int]],
    used: list[tuple[float, float]],
    total: float,
    room: float,
    w_room: float,
) -> bool:
    for r, (rw, rh) in enumerate(used):
        if rw + GAP + w <= w_room and total + max(0.0, h - rh) <= room:
            rows[r].append(i)
            used[r] = (rw + GAP + w, max(rh, h))
            return True
    return False


def page_scale(page: list[list[int]], drawn: list[Drawn], w_room: float, height: float) -> float:
    """The largest scale at which the page's rows fit its room."""
    if not page:
        return MAX_SCALE
    scale = MAX_SCALE
    for row in page:
        width = sum(drawn[i].width for i in row)
        scale = min(scale, (w_room - GAP * (len(row) - 1)) / width)
    tall = sum(max(drawn[i].height for i in row) for row in page)
    return min(scale, (height - GAP * (len(page) - 1)) / tall)


def references(parts: list[list[str]], packed: list[list[list[int]]]) -> frozenset[int]:
    """The parts whose root their page draws in full in another part: as a node of that part, or as
    the root of a part before it in reading order (rows from the top, each from the left). A reader
    meets each claim once per page, in full; where it goes on beside itself, a dotted box names it."""
    out: set[int] = set()
    for page in packed:
        order = [i for row in page for i in row]
        inner = {node for i in order for node in parts[i][1:]}
        roots: set[str] = set()
        for i in order:
            if parts[i][0] in inner or parts[i][0] in roots:
                out.add(i)
            roots.add(parts[i][0])
    return frozenset(out)
