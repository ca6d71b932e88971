"""The node a selection of a source text would make: ``POST /api/propose`` of ``argmap serve``.

A person selects words in the reading pane; :func:`propose_item` widens the selection to whole words,
quotes it as the shortest anchor that covers it and occurs once in the text (``{exact, prefix, suffix}``
with as few words of context as tell it apart, where the words alone occur more than once), and guesses
the node: evidence when the words report a figure, a date or someone's words, a claim otherwise, with
the typed fields the sentence gives prefilled for the person to confirm or correct. Nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from argmap.anchors import find_anchor, normalise, normalise_offsets
from argmap.errors import ArgmapError
from argmap.model import Anchor

__all__ = ["ProposeError", "Selection", "fresh_id", "propose_item", "shortest_anchor", "widen"]


class ProposeError(ArgmapError):
    """A selection that makes no node (empty, outside the text); the message says why."""


_WORD = re.compile(r"[\w'’-]")
_EDGE = ' \t\r\n.,;:!?"“”‘’«»()[]{}—–'


@dataclass(frozen=True)
class Selection:
    start: int
    end: int
    words: str
    """The selected words as they stand in the text (whitespace folded)."""


def widen(text: str, start: int, end: int) -> Selection:
    """The selection grown to whole words at both ends, without the spaces and punctuation around it."""
    if not (0 <= start < end <= len(text)):
        raise ProposeError(f"the selection {start}-{end} is not inside the text (0-{len(text)}); select some words")
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    if start == end:
        raise ProposeError("the selection holds no words; select the words of the passage")
    while start > 0 and _WORD.match(text[start - 1]):
        start -= 1
    while end < len(text) and _WORD.match(text[end]) and text[end] not in "'’":
        end += 1
    return Selection(start, end, re.sub(r"\s+", " ", text[start:end]).strip())


def shortest_anchor(text: str, sel: Selection) -> dict[str, str] | str:
    """The anchor for a selection: its words when they occur once in the text, else the words with the
    fewest words of prefix and/or suffix that make it occur once."""
    norm, where = normalise_offsets(text)
    exact = normalise(sel.words)
    if find_anchor(Anchor(exact=exact), norm).count <= 1:
        return exact
    at = next((k for k, w in enumerate(where) if w >= sel.start), len(norm))
    before = norm[:at].split()
    after = norm[at + len(exact) :].split()
    for k in range(1, max(len(before), len(after)) + 1):
        for p, s in ((k, 0), (0, k), (k, k)):
            if p > len(before) or s > len(after):
                continue
            anchor: dict[str, str] = {"exact": exact}
            if p:
                anchor["prefix"] = " ".join(before[-p:])
            if s:
                anchor["suffix"] = " ".join(after[:s])
            if find_anchor(Anchor.model_validate(anchor), norm).count == 1:
                return anchor
    return {"exact": exact}


def fresh_id(prefix: str, taken: Iterable[str]) -> str:
    """``prefix`` and the first number after those in use (E1, E2, ...)."""
    used = set(taken)
    numbers = [int(m.group(1)) for t in used if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", t))]
    n = max(numbers, default=0) + 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


Reader = Callable[[str, int, int], dict[str, Any]]
"""The reader of sentences: the typed fields a passage gives (``argmap.reader``, when installed)."""


def _reader() -> Reader | None:
    try:
        from argmap import reader
    except ImportError:
        return None
    found = getattr(reader, "propose", None)
    return found if callable(found) else None


_QUOTED = re.compile(r"[\"“”]|\b(said|says|told|according to|warned|announced)\b", re.I)
_FIGURE = re.compile(r"\d")


def _guess(words: str) -> dict[str, Any]:
    """Kind and type when no reader of sentences is installed: a figure is a statistic, reported
    words a statement, anything else a claim. The typed fields are left for the person."""
    if _QUOTED.search(words):
        return {"kind": "evidence", "type": "statement"}
    if _FIGURE.search(words):
        return {"kind": "evidence", "type": "statistic"}
    return {"kind": "claim"}


def propose_item(
    text: str, start: int, end: int, *, source: str, taken: Iterable[str], several_sources: bool = False
) -> dict[str, Any]:
    """The node the selection ``start``-``end`` of a source's ``text`` would make, as written in the YAML."""
    sel = widen(text, start, end)
    anchor: dict[str, str] | str = shortest_anchor(text, sel)
    reader = _reader()
    fields = dict(reader(text, sel.start, sel.end)) if reader is not None else _guess(sel.words)
    kind = fields.pop("kind", None) or ("evidence" if "type" in fields else "claim")
    item: dict[str, Any] = {"id": fresh_id("E" if kind == "evidence" else "C", taken), "kind": kind}
    if "type" in fields:
        item["type"] = fields.pop("type")
    item["text"] = sel.words
    item.update({k: v for k, v in fields.items() if k not in item and v is not None})
    if kind == "evidence":
        item["sources"] = [source]
    elif several_sources:
        anchor = {"exact": anchor, "source": source} if isinstance(anchor, str) else {**anchor, "source": source}
    item["anchor"] = anchor
    return item
