"""Reading a foreign JSON document whose shape nobody promised: parse it within bounds, then check
that each part an importer walks is the kind of value it expects.

Untrusted JSON can nest 100,000 levels deep, carry a 5,000-digit number (Python refuses to turn more
than 4,300 digits into an int) or have an integer where a list belongs. :func:`parse_json` turns each
of those into one located AMI001 diagnostic; :func:`kind_of` names a value's JSON kind for messages.
"""

from __future__ import annotations

import json
from typing import Any

from argmap.diagnostics import Diagnostic
from argmap.load.parsing import LongNumber, bounded_int

__all__ = ["kind_of", "parse_json"]


def parse_json(text: str, file: str, what: str) -> tuple[Any, Diagnostic | None]:
    """(the document, None), or (None, why it cannot be read as ``what``: one AMI001 diagnostic)."""
    try:
        return json.loads(text, parse_int=bounded_int(text)), None
    except LongNumber as exc:
        return None, Diagnostic("AMI001", str(exc), file=file, line=exc.line, col=1)
    except json.JSONDecodeError as exc:
        return None, Diagnostic("AMI001", f"not valid JSON: {exc.msg}", file=file, line=exc.lineno, col=exc.colno)
    except RecursionError:
        return None, Diagnostic("AMI001", f"JSON nested too deeply to be {what}", file=file, line=1, col=1)


def kind_of(value: Any) -> str:
    """The JSON kind of ``value`` with its article, for messages: 'a number', 'a list', 'an object'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"
