"""Dates and periods as a text prints them, read into the map's partial dates.

"in December 2013" -> 2013-12; "June-July 2014" -> 2014-06/2014-07; "early 2013" -> 2013-01/2013-04
(mid: May-August, late: September-December); "2013-14" -> 2013/2014; "4 August 2014" -> 2014-08-04;
"since May 2014" -> 2014-05, marked ``since`` (open towards the present). The map's own formats and
their meaning are :mod:`argmap.dates`; this module only reads prose. (dateparser reads single dates
in many languages, but not ranges such as "June-July 2014" or "mid-2013", which are what evidence
is dated by; and its import costs more than all of argmap's rules.)
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from argmap.dates import DateSpan, parse_date

__all__ = ["When", "read_dates"]


@dataclass(frozen=True, slots=True)
class When:
    """A date or period in the text: ``date`` as a map writes it; offsets index the text read."""

    date: str
    start: int
    end: int
    text: str
    since: bool = False
    """"since May 2014": from that date on."""

    @property
    def span(self) -> DateSpan:
        return parse_date(self.date)

    def overlaps(self, other: DateSpan) -> bool:
        """Whether the map's ``other`` can be the period the text means (a ``since`` is open-ended)."""
        mine = self.span
        if self.since:
            return other.latest >= mine.earliest
        return not (mine.definitely_before(other) or mine.definitely_after(other))


_MONTH_NAMES = (
    {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    | {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)
_MONTH = r"(?:" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:1[5-9]|20)\d\d"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_PART = r"(?P<part>early|mid|late|the (?:beginning|start|end|middle) of|the first half of|the second half of)"
_PATTERNS = [
    # 4 August 2014, 04 Aug, 2014, August 4, 2014
    ("day", rf"\b(?P<d1>{_DAY})\s(?P<m1>{_MONTH}),?\s(?P<y>{_YEAR})\b"),
    ("day", rf"\b(?P<m1>{_MONTH})\s(?P<d1>{_DAY}),?\s(?P<y>{_YEAR})\b"),
    # June-July 2014, June to July 2014, between June and July 2014
    ("months", rf"\b(?P<m1>{_MONTH})\s?(?:-|to|until|and)\s?(?P<m2>{_MONTH}),?\s(?P<y>{_YEAR})\b"),
    ("month", rf"(?:\b{_PART}[\s-])?\b(?P<m1>{_MONTH}),?\s(?P<y>{_YEAR})\b"),
    # 2013-14, 2013-2014, 2013 to 2014
    ("years", rf"\b(?P<y>{_YEAR})\s?(?:-|to|until)\s?(?P<y2>{_YEAR}|\d\d)\b(?![-/]\d)"),
    ("year", rf"(?:\b{_PART}[\s-])?\b(?P<y>{_YEAR})\b(?![-/.]\d)"),
]
_COMPILED = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in _PATTERNS]
_SINCE = re.compile(r"\b(?:since|from)\s(?:the\s)?$", re.IGNORECASE)
_PARTS = {
    "early": (1, 4),
    "mid": (5, 8),
    "late": (9, 12),
    "the beginning of": (1, 3),
    "the start of": (1, 3),
    "the middle of": (5, 8),
    "the end of": (10, 12),
    "the first half of": (1, 6),
    "the second half of": (7, 12),
}


def _month(name: str) -> int:
    return _MONTH_NAMES[name.lower().rstrip(".")]


def _iso(kind: str, m: re.Match[str]) -> str | None:
    y = int(m.group("y"))
    part = (m.groupdict().get("part") or "").lower()
    if kind == "day":
        day = int(re.sub(r"\D", "", m.group("d1")))
        month = _month(m.group("m1"))
        if not 1 <= day <= calendar.monthrange(y, month)[1]:
            return None
        return f"{y:04d}-{month:02d}-{day:02d}"
    if kind == "months":
        a, b = _month(m.group("m1")), _month(m.group("m2"))
        return f"{y:04d}-{a:02d}/{y:04d}-{b:02d}" if a < b else None
    if kind == "month":
        return f"{y:04d}-{_month(m.group('m1')):02d}"
    if kind == "years":
        y2_text = m.group("y2")
        y2 = int(y2_text) if len(y2_text) == 4 else (y // 100) * 100 + int(y2_text)
        return f"{y:04d}/{y2:04d}" if y < y2 else None
    if part:
        lo, hi = _PARTS[part]
        return f"{y:04d}-{lo:02d}/{y:04d}-{hi:02d}"
    return f"{y:04d}"


def read_dates(text: str, base: int = 0) -> list[When]:
    """The dates and periods of ``text`` in order, the longest reading of each place first."""
    found: list[When] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _COMPILED:
        for m in pattern.finditer(text):
            if any(m.start() < e and m.end() > s for s, e in taken):
                continue
            iso = _iso(kind, m)
            if iso is None:
                continue
            taken.append((m.start(), m.end()))
            since = bool(_SINCE.search(text[max(0, m.start() - 12) : m.start()]))
            found.append(When(iso, base + m.start(), base + m.end(), m.group(), since))
    return sorted(found, key=lambda w: w.start)
