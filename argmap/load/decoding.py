"""Bytes to text: UTF-8 only, line ends made LF, binary files and control characters refused."""

from __future__ import annotations

import re
from typing import Any

from argmap.diagnostics import Diagnostic
from argmap.load.result import LoadResult

__all__ = ["decode", "escaped_controls", "foreign_text", "free_of_controls", "without_controls"]


def decode(raw: bytes | str, result: LoadResult) -> str | None:
    if isinstance(raw, str):
        text = raw
    else:
        wide = _wide_encoding(raw)
        if wide:
            result.add(
                Diagnostic(
                    "AM002",
                    f"file is {wide} (it starts with a {wide} byte-order mark): save it as UTF-8",
                    line=1,
                    col=1,
                )
            )
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            result.add(
                Diagnostic(
                    "AM002",
                    f"invalid UTF-8 byte 0x{raw[exc.start]:02x}; save the file as UTF-8",
                    line=line,
                    col=col,
                )
            )
            return None
    if text.startswith("\ufeff"):
        text = text[1:]
        if text.startswith("\ufeff"):
            result.add(
                Diagnostic(
                    "AM002",
                    "file starts with two byte-order marks (U+FEFF): delete the second one "
                    "(an editor or a tool added it twice)",
                    line=1,
                    col=1,
                )
            )
            return None
    # Every line break becomes LF, so that YAML, JSON and the position finder count lines alike.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        result.add(Diagnostic("AM002", "file contains NUL bytes: it is binary, not a map", line=line, col=1))
        return None
    if isinstance(raw, bytes) and text.isascii() and len(raw.translate(None, _C0_BYTES)) == len(raw):
        return text  # ASCII without C0 controls (the common case), found at C speed: nothing to report
    bad = _CONTROL.search(text)
    if bad:
        at = bad.start()
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        result.add(
            Diagnostic(
                "AM002",
                f"control character U+{ord(bad.group()):04X} is not allowed in a map file; "
                "delete it (it is invisible in most editors)",
                line=line,
                col=col,
            )
        )
        return None
    return text


# Characters YAML 1.2 does not allow in a stream (c-printable), less NUL, which is reported as binary.
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# Its ASCII part, as bytes: in ASCII text the C1 controls and U+FFFE/U+FFFF cannot occur.
_C0_BYTES = bytes([*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-32 or UTF-16 named by its byte-order mark (UTF-32 LE starts like UTF-16 LE: test it first)."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    return None


_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def escaped_controls(text: str, data: object, result: LoadResult) -> bool:
    """Refuse control characters written as escapes (YAML ``"\\e"``, JSON ``"\\u001b"``): the byte
    check in :func:`decode` cannot see them, and printed they would drive the terminal. Tab and
    newline are text. Walks the data without recursion; reports the first few, with their place."""
    if "\\" not in text:  # no escape, no escaped control: the common case costs one scan
        return False
    found = 0
    todo: list[tuple[tuple[str | int, ...], object]] = [((), data)]
    while todo:
        path, value = todo.pop()
        if isinstance(value, dict):
            for k, v in value.items():
                todo.append(((*path, str(k)), v))
                if isinstance(k, str):
                    todo.append(((*path, "<key>"), k))
        elif isinstance(value, list):
            todo.extend(((*path, i), v) for i, v in enumerate(value))
        elif isinstance(value, str) and (bad := _IN_VALUE.search(value)):
            found += 1
            if found <= _MAX_REPORTED:
                where = ".".join(str(p) for p in path if p != "<key>") or "top level"
                result.add(
                    Diagnostic(
                        "AM002",
                        f"control character U+{ord(bad.group()):04X} (written as an escape) in {where} "
                        "is not allowed: delete it",
                        path=tuple(p for p in path if p != "<key>"),
                    )
                )
    if found > _MAX_REPORTED:
        result.add(Diagnostic("AM002", f"and {found - _MAX_REPORTED} more control characters in values", line=1, col=1))
    return bool(found)


_MAX_REPORTED = 20


_FOREIGN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


_FOREIGN_OR_CR = re.compile("[\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def foreign_text(text: str) -> tuple[str, int, int]:
    """An imported file's text (Argdown, Kialo) made fit for a map: line ends made LF and control
    characters replaced by U+FFFD, which a map may hold. Returns the text, how many were replaced and
    the line of the first (0 when none)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = _FOREIGN.search(text)
    if first is None:
        return text, 0, 0
    line = text.count("\n", 0, first.start()) + 1
    text, count = _FOREIGN.subn("\ufffd", text)
    return text, count, line


_IN_JSON = re.compile(r"[\x7f-\x84\x86-\x9f\ufffe\uffff]|\\u00[01]|\\u007f|\\[bf]")
"""What a control character of :data:`_FOREIGN` looks like in ``json.dumps(..., ensure_ascii=False)``:
itself, or an escape (a backslash in the text itself may look like one: then the slow walk decides)."""
_UNSAFE_CHAR = re.compile("[\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_UNSAFE_ESCAPE = re.compile(r"\\(?:u00[01]|u007f|[bf])")
""":data:`_IN_JSON` and lone surrogates (which JSON text holds as they are), in two searches that each
run at C speed (one alternation of them all is three times slower)."""


def without_controls(value: Any) -> tuple[Any, int]:
    """Plain data (an imported map) with the control characters of every string in it replaced by
    U+FFFD, and how many were replaced; strings without any are returned as they are.

    Data that holds none (nearly all) is told at C speed from its JSON text, without a walk."""
    import json

    try:
        if _IN_JSON.search(json.dumps(value, ensure_ascii=False)) is None:
            return value, 0
    except (TypeError, ValueError, RecursionError):  # not JSON data: walk it
        pass
    return _without_controls(value)


def free_of_controls(value: Any) -> bool:
    """Whether no string in the plain data ``value`` holds a control character (but tab, newline and
    carriage return), a noncharacter or a lone surrogate: then :func:`without_controls` replaces nothing,
    nor does an importer's cleaning. Told at C speed from its JSON text; False when unsure (not JSON data,
    or a backslash in a text that looks like an escape)."""
    import json

    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return False
    if not (text.isascii() and "\x7f" not in text) and _UNSAFE_CHAR.search(text):
        return False
    return "\\" not in text or _UNSAFE_ESCAPE.search(text) is None


def _without_controls(value: Any) -> tuple[Any, int]:
    if isinstance(value, str):
        if _FOREIGN_OR_CR.search(value) is None:  # nearly every string: no copy made
            return value, 0
        text, count, _ = foreign_text(value)
        return (text if count else value), count
    if isinstance(value, dict):
        total = 0
        out: dict[Any, Any] = {}
        for k, v in value.items():
            out[k], n = _without_controls(v)
            total += n
        return out, total
    if isinstance(value, list):
        items = [_without_controls(v) for v in value]
        return [v for v, _ in items], sum(n for _, n in items)
    return value, 0
