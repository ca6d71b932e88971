"""Partial dates and date ranges as written in map files.

A date is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a range is two of them joined by ``/``
(``2014-06/2014-07``). Map files keep the string exactly as written; this module gives it meaning:
the earliest and latest calendar day it can denote, so that rules can compare dates honestly
(``2014`` is neither before nor after ``2014-07``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

__all__ = ["DateError", "DateSpan", "iso_hint", "parse_date"]

_PART = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")  # ASCII digits only, unlike \d


class DateError(ValueError):
    """A date string that is malformed or names an impossible day."""


@dataclass(frozen=True, slots=True)
class DateSpan:
    """The closed interval of days a partial date or range can denote."""

    earliest: date
    latest: date
    text: str

    @property
    def is_range(self) -> bool:
        return "/" in self.text

    @property
    def year(self) -> int:
        return self.earliest.year

    def definitely_before(self, other: DateSpan) -> bool:
        """True when every day of ``self`` is before every day of ``other``."""
        return self.latest < other.earliest

    def definitely_after(self, other: DateSpan) -> bool:
        return self.earliest > other.latest

    def __str__(self) -> str:
        return self.text


def _bounds(part: str) -> tuple[date, date]:
    m = _PART.match(part)
    if not m:
        raise DateError(f"'{part}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (ranges as START/END)")
    year = int(m.group(1))
    if year < 1:
        raise DateError(f"'{part}': year 0000 does not exist")
    if m.group(2) is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(m.group(2))
    if not 1 <= month <= 12:
        raise DateError(f"'{part}': month {month:02d} does not exist")
    last = calendar.monthrange(year, month)[1]
    if m.group(3) is None:
        return date(year, month, 1), date(year, month, last)
    day = int(m.group(3))
    if not 1 <= day <= last:
        raise DateError(f"'{part}': {calendar.month_name[month]} {year} has {last} days, not {day}")
    d = date(year, month, day)
    return d, d


@lru_cache(maxsize=4096)
def parse_date(text: str) -> DateSpan:
    """Parse a partial date or a ``START/END`` range; raise :class:`DateError` if impossible.

    A date written in a common form other than ISO 8601 (``04/03/2024``, ``March 2024``,
    ``2024.03.04``) is refused with the ISO form (or, where day and month could be either, both) to write.
    """
    try:
        return _parse(text.strip())
    except DateError:
        hint = iso_hint(text.strip())
        if hint is None:
            raise
        raise DateError(hint) from None


_MONTHS = (
    {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    | {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)
_NUMERIC = re.compile(r"^([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})$")
_YEAR_FIRST = re.compile(r"^([0-9]{4})[/.\-]([0-9]{1,2})(?:[/.\-]([0-9]{1,2}))?$")
_WORDS = re.compile(
    r"^(?:([0-9]{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]+)\.?(?:\s+([0-9]{1,2})(?:st|nd|rd|th)?,?)?\s+([0-9]{4})$"
)


def iso_hint(text: str) -> str | None:
    """What to write instead of a date in a common non-ISO form, or None when it is not one."""
    m = _NUMERIC.match(text)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        readings = [(year, mo, d) for d, mo in ((a, b), (b, a)) if _valid(year, mo, d)]
        if len(readings) == 2 and a != b:
            (y1, m1, d1), (y2, m2, d2) = readings
            return (
                f"'{text}' is not a date argmap reads: write {_iso(y1, m1, d1)} ({d1} {calendar.month_name[m1]}) "
                f"or {_iso(y2, m2, d2)} ({d2} {calendar.month_name[m2]}), as YYYY-MM-DD"
            )
        if readings:
            return f"'{text}' is not a date argmap reads: write {_iso(*readings[0])} (YYYY-MM-DD)"
        return f"'{text}' is not a date: neither reading of day and month exists; write YYYY-MM-DD"
    m = _YEAR_FIRST.match(text)
    if m and not _PART.match(text):
        year, month = int(m.group(1)), int(m.group(2))
        day = int(m.group(3)) if m.group(3) else None
        if day is None and 1 <= month <= 12:
            return f"'{text}' is not a date argmap reads: write {year:04d}-{month:02d} (YYYY-MM)"
        if day is not None and _valid(year, month, day):
            return f"'{text}' is not a date argmap reads: write {_iso(year, month, day)} (YYYY-MM-DD)"
        return None
    m = _WORDS.match(text)
    if m and m.group(2).lower() in _MONTHS:
        month, year = _MONTHS[m.group(2).lower()], int(m.group(4))
        day_text = m.group(1) or m.group(3)
        if day_text is None:
            return f"'{text}' is not a date argmap reads: write {year:04d}-{month:02d} (YYYY-MM)"
        if _valid(year, month, int(day_text)):
            return f"'{text}' is not a date argmap reads: write {_iso(year, month, int(day_text))} (YYYY-MM-DD)"
    return None


def _valid(year: int, month: int, day: int) -> bool:
    return year >= 1 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def _parse(text: str) -> DateSpan:
    if "/" in text:
        start_text, _, end_text = text.partition("/")
        start, _ = _bounds(start_text.strip())
        _, end = _bounds(end_text.strip())
        if end < start:
            raise DateError(f"'{text}': the range ends before it starts")
        return DateSpan(start, end, text)
    earliest, latest = _bounds(text)
    return DateSpan(earliest, latest, text)
