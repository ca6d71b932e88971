"""Text to plain data: YAML (yaml-rs) or JSON, with syntax problems reported in argmap's words."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml_rs

from argmap.diagnostics import Diagnostic
from argmap.load.result import LoadResult
from argmap.positions import document_starts

__all__ = ["ALIAS_BYTES", "LongNumber", "alias_bytes", "bounded_int", "kind_of", "parse_data", "short_text"]

_ALIAS_LIMITS = yaml_rs.AliasLimits(
    max_total_replayed_events=200_000, max_replay_stack_depth=32, max_alias_expansions_per_anchor=1_000
)
_YAML_POS = re.compile(r"line (\d+), column (\d+)")


def parse_data(text: str, result: LoadResult, *, json_hint: bool = False) -> Any:
    """Parse YAML or JSON text to plain data, reporting syntax problems; None when unusable."""
    if not text.strip():
        result.add(Diagnostic("AM005", "file is empty: a map needs at least `argmap: 1` and a title", line=1, col=1))
        return None
    stripped = text.lstrip()
    if json_hint or stripped.startswith("{"):
        data = _parse_json(text, result)
        if data is _FAILED:
            return None
        if data is not _NOT_JSON:
            return _check_top(data, result)
    expanded = alias_bytes(text)
    if expanded > ALIAS_BYTES:
        result.add(
            Diagnostic(
                "AM006",
                f"YAML aliases would expand to about {expanded // 2**20} MiB of data (the limit is "
                f"{ALIAS_BYTES // 2**20} MiB); write the data out instead of aliasing",
                line=1,
                col=1,
            )
        )
        return None
    try:
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=_ALIAS_LIMITS,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )
    except yaml_rs.YAMLDecodeError as exc:
        message = str(exc)
        if message.startswith("duplicate mapping key"):
            _report_duplicates(result, message)
            data = yaml_rs.loads(
                text,
                parse_datetime=False,
                alias_limits=_ALIAS_LIMITS,
                duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.FirstWins,
            )
            return _check_top(data, result)
        _report_yaml_error(result, message)
        return None
    except (RecursionError, MemoryError, OverflowError) as exc:  # pragma: no cover - defensive
        result.add(
            Diagnostic(
                "AM006",
                f"file is too deeply nested or too large to parse ({exc.__class__.__name__})",
                line=1,
                col=1,
            )
        )
        return None
    if isinstance(data, list) and _several_documents(text, result):
        return None
    if _report_tags(text, result):
        return None
    return _check_top(data, result)


class LongNumber(ValueError):
    """A JSON number with more digits than any figure (Python refuses 4,301 or more in any case)."""

    def __init__(self, digits: int, text: str) -> None:
        super().__init__(f"a number of {digits} digits is too long to be a figure or an id")
        self.digits = digits
        line = text.count("\n", 0, m.start()) + 1 if (m := re.search(rf"\d{{{digits}}}", text)) else 1
        self.line = line


def bounded_int(text: str) -> Any:
    """A ``parse_int`` for :func:`json.loads` that refuses numbers of more than 4,000 digits (Python
    refuses 4,301 or more; shorter ones out of range get a located message from the model)."""

    def parse(digits: str) -> int:
        n = len(digits.lstrip("-"))
        if n > 4000:
            raise LongNumber(n, text)
        return int(digits)

    return parse


ALIAS_BYTES = 64 * 2**20
"""The most text that YAML aliases may stand for in one map: the event limit alone let a 5 MB
string aliased 1,000 times through (5 GB)."""
_ANCHOR = re.compile(r"(?:^|[\s\[{,:?-])&([^\s,\[\]{}]+)", re.MULTILINE)
_ALIAS = re.compile(r"(?:^|[\s\[{,:?-])\*([^\s,\[\]{}]+)", re.MULTILINE)


def alias_bytes(text: str) -> int:
    """An upper bound of the text that aliases repeat: each alias costs the text of its anchored
    node (up to the next line indented no deeper than the anchor's line), aliases inside it included.

    Over-estimates (a ``*`` or ``&`` in a quoted string counts); never reads the YAML itself.
    """
    if "&" not in text or "*" not in text:
        return 0
    anchors = [(m.start(1), m.group(1)) for m in _ANCHOR.finditer(text)]
    if not anchors:
        return 0
    aliases = [(m.start(1), m.group(1)) for m in _ALIAS.finditer(text)]
    if not aliases:
        return 0
    import bisect

    where = [at for at, _ in aliases]
    nested = len(anchors) * len(aliases) <= 10**6  # aliases inside anchored nodes, when cheap to add up
    size: dict[str, int] = {}
    for start, name in anchors:
        end = _node_end(text, start, _indent(text, text.rfind("\n", 0, start) + 1))
        inner = 0
        if nested:
            lo, hi = bisect.bisect_right(where, start), bisect.bisect_left(where, end)
            inner = sum(size.get(n, 0) for _, n in aliases[lo:hi])
        size[name] = min((end - start) + inner, 2**62)
    return sum(size.get(name, 0) for _, name in aliases)


def _indent(text: str, line_start: int) -> int:
    i = line_start
    while i < len(text) and text[i] == " ":
        i += 1
    return i - line_start


def _node_end(text: str, start: int, indent: int) -> int:
    """Where the node anchored at ``start`` ends at the latest: the first later non-blank line indented
    no deeper than ``indent``."""
    pos = text.find("\n", start)
    while pos != -1:
        nxt = pos + 1
        if nxt < len(text) and text[nxt] not in " \n#":
            return pos
        if nxt < len(text) and text[nxt] == " " and _indent(text, nxt) <= indent:
            stripped = text[nxt + _indent(text, nxt) : nxt + _indent(text, nxt) + 1]
            if stripped not in ("\n", "#", ""):
                return pos
        pos = text.find("\n", nxt)
    return len(text)


_NOT_JSON = object()
_FAILED = object()
_TAG_START = re.compile(r"(?:^|[\s\[{,])!\S")


def _several_documents(text: str, result: LoadResult) -> bool:
    """The fast parser returns a list for a stream of documents; tell that apart from a list."""
    if not re.search(r"^(---|\.\.\.)", text, re.MULTILINE):
        return False
    starts = document_starts(text)
    if len(starts) < 2:
        return False
    result.add(
        Diagnostic(
            "AM003",
            f"the file holds {len(starts)} YAML documents (separated by "
            "`---`); argmap reads one map per file: "
            "split it into several files",
            line=starts[1],
            col=1,
        )
    )
    return True


def _report_tags(text: str, result: LoadResult) -> bool:
    """Refuse explicit tags (`!!python/...`, `!!binary`, `!custom`): the fast parser drops them silently."""
    if "!" not in text or not _TAG_START.search(text):  # the plain test is much cheaper than the regex
        return False
    tags = result.positions.tags
    for tag in tags:
        result.add(
            Diagnostic(
                "AM003",
                f"YAML tag {short_text(tag.shown)} is not allowed: "
                "argmap does not construct tagged objects; "
                "remove the tag",
                line=tag.line,
                col=tag.col,
            )
        )
    return bool(tags)


def short_text(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _parse_json(text: str, result: LoadResult) -> Any:
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                duplicates.append(k)
                continue
            out[k] = v
        return out

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=bounded_int(text))
    except LongNumber as exc:
        result.add(Diagnostic("AM102", f"{exc}; write it with fewer digits", line=exc.line, col=1))
        return _FAILED
    except json.JSONDecodeError as exc:
        if text.lstrip().startswith(("{", "[")):
            result.add(Diagnostic("AM003", f"JSON syntax error: {exc.msg}", line=exc.lineno, col=exc.colno))
            return _FAILED
        return _NOT_JSON
    except RecursionError:
        result.add(Diagnostic("AM006", "JSON is nested too deeply to be a map", line=1, col=1))
        return _FAILED
    if duplicates:
        _report_duplicates(result, "")
    return data


def _report_duplicates(result: LoadResult, message: str) -> None:
    dups = result.positions.duplicates
    if not dups:
        key = message.partition(":")[2].strip() or "?"
        result.add(
            Diagnostic("AM004", f"duplicate key {key}: one of its values would be lost; keep one", line=1, col=1)
        )
        return
    for d in dups:
        where = ".".join(str(p) for p in d.path) or "top level"
        result.add(
            Diagnostic(
                "AM004",
                f"duplicate key '{short_text(d.key)}' (first at line {d.first_line}) in {where}: "
                "one of the values would be lost silently; remove or rename one",
                line=d.line,
                col=d.col,
                path=(*d.path, d.key),
            )
        )


def _report_yaml_error(result: LoadResult, message: str) -> None:
    m = _YAML_POS.search(message)
    line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
    lines = [
        ln for ln in message.splitlines() if ln.strip() and not ln.lstrip().startswith(("|", "^")) and "|" not in ln[:6]
    ]
    reason = lines[-1].strip() if lines else message
    lowered = message.lower()
    if "alias" in lowered and ("limit" in lowered or "depth" in lowered):
        result.add(
            Diagnostic(
                "AM006",
                f"YAML aliases expand beyond the safety limit ({reason}); write the data out instead of aliasing",
                line=line,
                col=col,
            )
        )
        return
    if "invalid tag" in lowered:
        tags = result.positions.tags
        if tags:
            line, col = tags[0].line, tags[0].col
        reason += "; argmap does not construct tagged objects, remove the tag"
    elif "recursion" in lowered or "depth" in lowered or "nest" in lowered:
        result.add(Diagnostic("AM006", f"YAML nested too deeply: {reason}", line=line, col=col))
        return
    else:
        from argmap.load.hints import yaml_hint

        hinted = yaml_hint(result.text or "", lowered, line, col)
        if hinted is not None:
            hint, line, col = hinted
            result.add(Diagnostic("AM003", f"YAML syntax error: {hint}", line=line, col=col))
            return
        if "quoted scalar" in lowered:
            reason += " (is a quote left unclosed above this line?)"
    result.add(Diagnostic("AM003", f"YAML syntax error: {reason}", line=line, col=col))


def _check_top(data: Any, result: LoadResult) -> Any:
    if data is None:
        result.add(
            Diagnostic("AM005", "document is empty: a map needs at least `argmap: 1` and a title", line=1, col=1)
        )
        return None
    if not isinstance(data, dict):
        what = kind_of(data)
        result.add(
            Diagnostic(
                "AM005",
                f"the document is {what}, not a mapping: a map starts with `argmap: 1`, `title:` and `nodes:`",
                line=1,
                col=1,
            )
        )
        return None
    return data


def kind_of(value: Any) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a plain text"
    return "a list" if isinstance(value, list) else f"a {type(value).__name__}"


# --------------------------------------------------------------------------- validation
