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

__all__ = ["DateError", "DateSpan", "parse_date"]

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
    """Parse a partial date or a ``START/END`` range; raise :class:`DateError` if impossible."""
    text = text.strip()
    if "/" in text:
        start_text, _, end_text = text.partition("/")
        start, _ = _bounds(start_text.strip())
        _, end = _bounds(end_text.strip())
        if end < start:
            raise DateError(f"'{text}': the range ends before it starts")
        return DateSpan(start, end, text)
    earliest, latest = _bounds(text)
    return DateSpan(earliest, latest, text)
