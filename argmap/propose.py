"""The node a selection of a source text would make: ``POST /api/propose`` of ``argmap serve``.

The reading is :func:`argmap.reader.propose`'s (the one reader of sentences): the selection widened to
whole words, anchored on the shortest span that covers it and occurs once in the text (``{exact, prefix,
suffix}`` where the words alone occur more than once), evidence typed by what the words hold with the
fields the sentence gives (value, unit, scale, period, date, speaker, count), else a claim. Here it is
fitted to the map being edited: a fresh id, the source cited, a claim's anchor naming its source when
the map has several, and the quoted words on one line as ``check`` compares them. Nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from argmap.errors import ArgmapError

__all__ = ["ProposeError", "propose_item"]


class ProposeError(ArgmapError):
    """A selection that makes no node (empty, outside the text); the message says why."""


def _one_line(value: Any) -> Any:
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else value


def propose_item(
    text: str, start: int, end: int, *, source: str, taken: Iterable[str], several_sources: bool = False
) -> dict[str, Any]:
    """The node the selection ``start``-``end`` (characters) of a source's ``text`` would make, as
    written in the YAML."""
    from argmap.reader import propose

    if not (0 <= start < end <= len(text)):
        raise ProposeError(f"the selection {start}-{end} is not inside the text (0-{len(text)}); select some words")
    if not re.search(r"\w", text[start:end]):
        raise ProposeError("the selection holds no words; select the words of the passage")
    item = propose(text, start, end, taken=set(taken), source=source)
    item["text"] = _one_line(item.get("text"))
    anchor = item.get("anchor")
    if isinstance(anchor, dict):
        anchor = {k: _one_line(v) for k, v in anchor.items()}
        anchor = anchor["exact"] if set(anchor) == {"exact"} else anchor
    else:
        anchor = _one_line(anchor)
    if item.get("kind") != "evidence" and several_sources:
        anchor = {"exact": anchor, "source": source} if isinstance(anchor, str) else {**anchor, "source": source}
    item["anchor"] = anchor
    return item
