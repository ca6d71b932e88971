"""The catalogue of argument schemes and their critical questions, shipped as data (schemes.yaml).

A relation names its scheme (``scheme: expert-opinion``); each scheme has critical questions, which
``argmap gaps`` lists until the map answers them. A question is answered by a node or relation that
says ``answers: [ID]`` (or ``SCHEME.ID``) and stands next to the scheme relation: the relation itself,
one of its premises, a relation that targets it (an undercut), or one of that relation's premises.
The relation's ``ignore`` list may name a question to set it aside.

    from argmap.schemes import catalogue, get_scheme
    for q in get_scheme("expert-opinion").questions:
        print(q.qualified, q.ask)
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["Question", "Scheme", "catalogue", "get_scheme", "scheme_from_name", "suggest"]


@dataclass(frozen=True, slots=True)
class Question:
    scheme: str
    id: str
    ask: str

    @property
    def qualified(self) -> str:
        """``scheme.id``: unique across the catalogue."""
        return f"{self.scheme}.{self.id}"

    def named_by(self, entry: str) -> bool:
        """Whether an ``answers`` or ``ignore`` entry names this question (short or qualified id)."""
        e = entry.strip().lower()
        return e in (self.id, self.qualified)


@dataclass(frozen=True, slots=True)
class Scheme:
    id: str
    name: str
    pattern: str
    use: str
    questions: tuple[Question, ...]


def _scheme(sid: str, raw: dict[str, Any]) -> Scheme:
    questions = tuple(Question(sid, str(q["id"]), str(q["ask"])) for q in raw["questions"])
    return Scheme(sid, str(raw["name"]), str(raw["pattern"]), str(raw["use"]), questions)


@cache
def catalogue() -> dict[str, Scheme]:
    """Scheme id -> scheme, in catalogue order (read once from the package's schemes.yaml, by the
    parser maps are read with: 0.4 ms, where PyYAML's import and parse took 30 ms of every check)."""
    import yaml_rs

    text = Path(__file__).with_name("schemes.yaml").read_text(encoding="utf-8")
    raw = yaml_rs.loads(text, parse_datetime=False)
    assert isinstance(raw, dict), "schemes.yaml holds a mapping of scheme ids"
    return {sid: _scheme(sid, body) for sid, body in raw.items()}


def get_scheme(sid: str) -> Scheme | None:
    """The scheme with this id (case-insensitive), or None."""
    return catalogue().get(sid.strip().lower())


def suggest(sid: str) -> str | None:
    """The closest scheme id to a mistyped one, if any is close."""
    key = sid.strip().lower()
    prefix = [s for s in catalogue() if s.startswith(key) or key.startswith(s)]
    if len(prefix) == 1:
        return prefix[0]
    close = difflib.get_close_matches(key, list(catalogue()), n=1, cutoff=0.6)
    return close[0] if close else None


def _words(text: str) -> str:
    return "-".join(re.findall(r"[a-z]+", text.lower()))


def scheme_from_name(name: str) -> str | None:
    """The catalogue id for a scheme named in another tool (AIFdb writes "Expert Opinion" or
    "Argument From Expert Opinion"), or None when it is not in the catalogue."""
    key = _words(name)
    for prefix in ("argument-from-", "argument-"):
        key = key.removeprefix(prefix)
    for sid, s in catalogue().items():
        if key in (sid, _words(s.name).removeprefix("argument-from-")):
            return sid
    return None
