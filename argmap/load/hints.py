"""The YAML mistakes newcomers make, told in argmap's words at the line where the mistake is.

The parser names what it could not do where it noticed it ("mapping values are not allowed in this
context" at the second colon; "did not find expected '-' indicator" on the line after a bad indent).
:func:`yaml_hint` looks at the text around that place and, for the mistakes people actually make,
says what to change and where: a colon inside a text, a tab, an indentation that does not line up, a
quote left open.
"""

from __future__ import annotations

import re

__all__ = ["yaml_hint"]

_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([\w.-]+):\s+(.*)$")


def yaml_hint(text: str, reason: str, line: int, col: int) -> tuple[str, int, int] | None:
    """(what to do, line, column) for a YAML syntax error reported at ``line``:``col`` (1-based) with
    the lower-cased parser ``reason``; None when it is not a mistake this module knows."""
    lines = text.split("\n")
    if "tab" in reason:
        return _tab(lines)
    if not 1 <= line <= len(lines):
        return None
    if "mapping values are not allowed" in reason:
        return _colon_in_text(lines, line) or _deeper_than_sibling(lines, line)
    if "quoted scalar" in reason or "unexpected end of stream" in reason:
        return _open_quote(lines, line)
    if "did not find expected" in reason and ("indicator" in reason or "key" in reason):
        return _misaligned(lines, line)
    return None


def _tab(lines: list[str]) -> tuple[str, int, int] | None:
    for i, text in enumerate(lines, 1):
        lead = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in lead:
            return "a tab in the indentation: YAML indents with spaces only; replace the tab with spaces", i, 1
    return None


def _colon_in_text(lines: list[str], line: int) -> tuple[str, int, int] | None:
    m = _KEY_VALUE.match(lines[line - 1])
    if m is None or not re.search(r":(\s|$)", m.group(3)) or m.group(3)[:1] in "\"'[{|>":
        return None
    start = len(m.group(1)) + len(m.group(2)) + 3
    return (
        f"the value of '{m.group(2)}' holds ': ', which YAML reads as the start of another field: "
        f'put the whole value in quotes ({m.group(2)}: "{_short(m.group(3))}")',
        line,
        start,
    )


def _deeper_than_sibling(lines: list[str], line: int) -> tuple[str, int, int] | None:
    here = lines[line - 1]
    above = _previous(lines, line)
    if above is None or not _KEY_VALUE.match(here):
        return None
    indent, above_indent = _indent(here), _indent(lines[above - 1].replace("- ", "  ", 1))
    if indent <= above_indent or lines[above - 1].rstrip().endswith(":"):
        return None
    return (
        f"line {line} is indented {indent} spaces, the field above it {above_indent}: "
        "the fields of one item line up under each other",
        line,
        indent + 1,
    )


def _misaligned(lines: list[str], line: int) -> tuple[str, int, int] | None:
    here = lines[line - 1]
    if not here.strip():
        return None
    indent = _indent(here)
    above = _previous(lines, line)
    if above is not None and _KEY_VALUE.match(here) and not here.lstrip().startswith("- "):
        above_indent = _indent(lines[above - 1].replace("- ", "  ", 1))
        if above_indent != indent and not lines[above - 1].rstrip().endswith(":"):
            return (
                f"line {line} is indented {indent} spaces, the field above it {above_indent}: "
                "the fields of one item line up under each other",
                line,
                indent + 1,
            )
    for i in range(line - 1, 0, -1):  # the nearest list item above, which this line should line up with
        other = lines[i - 1]
        if other.lstrip().startswith("- ") and _indent(other) != indent and here.lstrip().startswith("- "):
            return (
                f"this list item is indented {indent} spaces, the one on line {i} {_indent(other)}: "
                "the items of a list (`- `) line up under each other",
                line,
                1,
            )
    return (
        f"check the indentation of line {line}: the items of a list (`- `) and the fields of an item line up "
        "under each other, with spaces",
        line,
        1,
    )


def _open_quote(lines: list[str], line: int) -> tuple[str, int, int] | None:
    for i in range(min(line, len(lines)), 0, -1):
        text = lines[i - 1]
        value = _KEY_VALUE.match(text)
        body = value.group(3) if value else text.strip()
        if body[:1] in "\"'" and (len(body) < 2 or body.rstrip()[-1:] != body[:1]):
            return (
                f"the quote {body[:1]} opened on line {i} is not closed: end the text with {body[:1]} on that line",
                i,
                text.index(body[:1]) + 1,
            )
    return None


def _previous(lines: list[str], line: int) -> int | None:
    for i in range(line - 1, 0, -1):
        if lines[i - 1].strip() and not lines[i - 1].lstrip().startswith("#"):
            return i
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
