"""The block YAML that PyYAML writes for a map's plain data, written directly: three times faster.

Writing a big map through PyYAML builds a node object per value and has libyaml call back into Python
twice per scalar (a 20,000-node import spent 60% of its time there). :func:`emit` writes the same
bytes for the data a map dumps to (mappings, lists, strings, integers, booleans, null) as long as every
string is one PyYAML writes plain or single-quoted without escapes, following its emitter
(``yaml.emitter.Emitter``: ``analyze_scalar``, ``choose_scalar_style``, ``write_plain``,
``write_single_quoted``, block layout with indentless sequences, width 100, indent 2). For anything
else (a float, a line break, a control or astral character, a string YAML 1.2 would read as a number)
it returns None and the caller asks PyYAML. tests/test_interchange_native_dumper.py holds the two to
the same bytes on random maps and random text.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["emit"]

WIDTH = 100

_SAFE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
"""Characters PyYAML writes as themselves in plain or single quotes (with allow_unicode); others may
be escaped, which only double quotes can do."""
_FIRST_INDICATOR = frozenset("#,[]{}&*!|>'\"%@`")


class _Unsupported(Exception):
    pass


def emit(data: dict[str, Any], resolve: Any) -> str | None:
    """``data`` as PyYAML's safe dumper writes it (``sort_keys=False, allow_unicode=True, width=100``),
    or None when it holds something this writer leaves to PyYAML. ``resolve(value)`` is True when a
    plain ``value`` would be read back as something other than a string."""
    out: list[str] = []
    try:
        _Writer(out, resolve).mapping(data, 0, first_inline=False)
    except _Unsupported:
        return None
    return "".join(out)


_KNOWN: dict[Any, dict[str, bool]] = {}
"""Per resolver, short strings already judged by :meth:`_Writer.plain_ok`: a map's keys, kinds and tags
recur on every item (half the scalars of an import), and each judgement runs two regular expressions."""
_SHORT = 40
_KNOWN_MOST = 50_000


class _Writer:
    def __init__(self, out: list[str], resolve: Any) -> None:
        self.out = out
        self.resolve = resolve
        self.column = 0
        self.known = _KNOWN.setdefault(resolve, {})
        if len(self.known) > _KNOWN_MOST:
            self.known.clear()

    def write(self, text: str) -> None:
        self.out.append(text)
        self.column += len(text)

    def newline(self, indent: int) -> None:
        self.out.append("\n" + " " * indent)
        self.column = indent

    # ------------------------------------------------------------------ collections

    def mapping(self, data: dict[Any, Any], indent: int, *, first_inline: bool) -> None:
        """A non-empty block mapping whose keys stand at ``indent``; the first on the current line
        when ``first_inline`` (after ``- ``). (The hottest loop of an import: ``write`` and ``newline``
        are inlined, and the judgement of a key looked up first.)"""
        out, known = self.out, self.known
        pad = "\n" + " " * indent
        first = True
        for key, value in data.items():
            if type(key) is not str or not (known.get(key) or self.plain_ok(key)):
                raise _Unsupported
            if first and first_inline:
                out.append(key + ":")
                self.column += len(key) + 1
            else:
                out.append((pad if out else pad[1:]) + key + ":")
                self.column = indent + len(key) + 1
            first = False
            if type(value) is str:
                self.scalar(value, indent + 2)
            else:
                self.value(value, indent, in_mapping=True)
        if indent == 0:
            out.append("\n")

    def sequence(self, items: list[Any], indent: int) -> None:
        dash = "\n" + " " * indent + "-"
        for item in items:
            self.out.append(dash)
            self.column = indent + 1
            kind = type(item)
            if kind is dict and item:
                self.write(" ")
                self.mapping(item, indent + 2, first_inline=True)
            elif kind is list and item:
                raise _Unsupported  # a list in a list: not in a map
            else:
                self.value(item, indent, in_mapping=False)

    def value(self, value: Any, indent: int, *, in_mapping: bool) -> None:
        """The value after ``key:`` (``in_mapping``) or ``-``, the collection at ``indent``."""
        kind = type(value)
        if kind is str:
            self.scalar(value, indent + 2)
        elif kind is dict:
            if not value:
                self.write(" {}")
            else:
                self.mapping(value, indent + 2, first_inline=False) if in_mapping else self._unsupported()
        elif kind is list:
            if not value:
                self.write(" []")
            else:
                self.sequence(value, indent) if in_mapping else self._unsupported()
        elif kind is bool:
            self.write(" true" if value else " false")
        elif kind is int:
            self.write(f" {value}")
        elif value is None:
            self.write(" null")
        else:
            raise _Unsupported

    @staticmethod
    def _unsupported() -> None:
        raise _Unsupported

    # ------------------------------------------------------------------ scalars

    def plain_ok(self, text: str) -> bool:
        """Whether PyYAML writes ``text`` plain in block context (``analyze_scalar``'s allow_block_plain
        and an implicit string tag); raises for text it would escape."""
        known = self.known.get(text)
        if known is not None:
            return known
        answer = self._judge(text)
        if len(text) <= _SHORT:
            self.known[text] = answer
        return answer

    def _judge(self, text: str) -> bool:
        if not text or _SAFE.fullmatch(text) is None:
            raise _Unsupported
        if text[0] == " " or text[-1] == " " or text.startswith(("---", "...")):
            return False
        first = text[0]
        if first in _FIRST_INDICATOR or (first in "?:-" and (len(text) == 1 or text[1] == " ")):
            return False
        if ": " in text or " #" in text or text.endswith(":"):
            return False
        return not self.resolve(text)

    def scalar(self, text: str, indent: int) -> None:
        """``text`` after a key or dash: plain where PyYAML writes it plain, else single-quoted, folded
        at a single space once past the width, as its ``write_plain`` and ``write_single_quoted`` do."""
        quoted = not (self.known.get(text) or self.plain_ok(text))
        body = text.replace("'", "''") if quoted else text
        if self.column + len(body) + 2 <= WIDTH:  # it ends before the width: no space can fold
            piece = f" '{body}'" if quoted else " " + body
            self.out.append(piece)
            self.column += len(piece)
            return
        self.write(" '" if quoted else " ")
        at = 0
        for m in _SPACES.finditer(text):
            start, end = m.span()
            if start > at:
                word = text[at:start]
                self.write(word.replace("'", "''") if quoted else word)
            fold = end - start == 1 and self.column > WIDTH and (not quoted or (start != 0 and end != len(text)))
            if fold:
                self.newline(indent)
            else:
                self.write(text[start:end])
            at = end
        if at < len(text):
            word = text[at:]
            self.write(word.replace("'", "''") if quoted else word)
        if quoted:
            self.write("'")


_SPACES = re.compile(" +")
