"""The reader of sentences: one place that reads what a source's words say, for every command.

``check`` reads each anchor's sentence to hold the evidence's typed fields to it (:mod:`argmap.rules.reading`),
``argmap suggest`` proposes typed evidence and claims from a text, and the editor prefills the node a
selection would make. All of them read through this API::

    from argmap.reader import sentences, sentence_around, read, propose
    s = sentence_around(text, start, end)        # the sentence holding a selection, with offsets
    r = read(s.text)                             # its numbers, dates, ordinals, speakers, quotations
    node = propose(text, start, end)             # the evidence or claim node, as written in a map

Offsets index the text given. Reading is plain English prose; nothing here guesses beyond the words:
a field the sentence does not give is left out of a proposal, never invented.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from argmap.reader.numbers import Number
    from argmap.reader.proposals import anchor_for, propose, suggest
    from argmap.reader.reading import Cue, Negation, Ordinal, Reading, clause_around, read
    from argmap.reader.speech import Attribution, Quotation, subject_of
    from argmap.reader.split import Sentence, sentence_around, sentences
    from argmap.reader.when import When

__all__ = [
    "Attribution",
    "Cue",
    "Negation",
    "Number",
    "Ordinal",
    "Quotation",
    "Reading",
    "Sentence",
    "When",
    "anchor_for",
    "clause_around",
    "propose",
    "read",
    "sentence_around",
    "sentences",
    "subject_of",
    "suggest",
]

_HOME = {
    "Number": "numbers",
    "anchor_for": "proposals",
    "propose": "proposals",
    "suggest": "proposals",
    "Cue": "reading",
    "Negation": "reading",
    "Ordinal": "reading",
    "Reading": "reading",
    "clause_around": "reading",
    "read": "reading",
    "Attribution": "speech",
    "Quotation": "speech",
    "subject_of": "speech",
    "Sentence": "split",
    "sentence_around": "split",
    "sentences": "split",
    "When": "when",
}
"""Where each public name lives: the reader's patterns are compiled when first used, not when
``argmap.reader.words`` (which the rules use on every map) is imported."""


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'argmap.reader' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"argmap.reader.{home}"), name)
    globals()[name] = value
    return value
