"""Numbers as a text prints them: figures and words, with scale, unit, hedges and what they count.

Digits are read here ("US$10 billion", "37.3 per cent", "1,200 troops"); runs of number words ("one
hundred", "twenty-one") are turned into values by text2num, the maintained parser of spelled-out
numbers (imported on first use); "half", "a third", "a dozen" are read from a small table. Years
("2013") are dates, not figures: :mod:`argmap.reader.when` reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

__all__ = ["SCALES", "Number", "read_numbers", "read_ordinals"]

SCALES: dict[str, float] = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_ALIASES = {"bn": "billion", "m": "million", "mn": "million", "k": "thousand", "tn": "trillion"}


@dataclass(frozen=True, slots=True)
class Number:
    """One figure: ``value`` as printed, times ``scale``; offsets index the text read."""

    value: float
    start: int
    end: int
    text: str
    scale: str | None = None
    unit: str | None = None
    """``USD``, ``EUR``, ``GBP``, ``JPY``, ``KRW``, ``percent``, or None."""
    approximate: bool = False
    hedge: str | None = None
    """The words that make it approximate ("around", "up to")."""
    what: str | None = None
    """The words after it that say what is counted ("short-range missiles")."""
    words: bool = False
    """Spelled out ("two", "around one hundred")."""

    @property
    def magnitude(self) -> float:
        return self.value * SCALES.get(self.scale or "", 1.0)

    @property
    def is_integer(self) -> bool:
        return float(self.value).is_integer()


_CURRENCY = r"(?P<cur>(?:US|USD|A|AU|C|CA|HK|NZ|S)?\s?\$|USD\s?|€|EUR\s?|£|GBP\s?|¥|JPY\s?|₩|KRW\s?)"
_DIGITS = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|tn|m|k)\b)"
_UNIT_AFTER = (
    r"(?:\s?(?P<unit>per\s?cent|percent|%|percentage points|dollars|US dollars|euros|pounds|yen|won|yuan)\b|"
    r"\s?(?P<pct>%))"
)
_HEDGE = (
    r"(?P<hedge>\b(?:around|about|some|nearly|almost|roughly|approximately|an estimated|estimated|"
    r"over|more than|less than|fewer than|up to|at least|at most|close to|under|just over|just under|"
    r"as many as|as much as|upwards of|in excess of)\s)?"
)
_FIGURE = re.compile(_HEDGE + _CURRENCY + "?" + _DIGITS + _SCALE + "?" + _UNIT_AFTER + "?", re.IGNORECASE)

_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
]
_WORD = r"(?:" + "|".join(_SMALL + list(SCALES)) + r")"
_WORD_RUN = re.compile(
    _HEDGE
    + r"(?P<cur>)(?P<num>(?:a\s)?\b"
    + _WORD
    + r"(?:(?:-|\s|\sand\s)"
    + _WORD
    + r")*\b)(?![-\w])"
    + _UNIT_AFTER
    + "?",
    re.IGNORECASE,
)
_FRACTIONS = {
    "half": 0.5,
    "a half": 0.5,
    "one half": 0.5,
    "a third": 1 / 3,
    "one third": 1 / 3,
    "two thirds": 2 / 3,
    "two-thirds": 2 / 3,
    "a quarter": 0.25,
    "one quarter": 0.25,
    "three quarters": 0.75,
    "a dozen": 12,
    "dozen": 12,
}
_FRACTION = re.compile(_HEDGE + r"(?P<num>\b(?:" + "|".join(sorted(_FRACTIONS, key=len, reverse=True)) + r"))\b", re.I)
_CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW"}
_UNIT_WORDS = {"dollars": "USD", "us dollars": "USD", "euros": "EUR", "pounds": "GBP", "yen": "JPY", "won": "KRW"}
_STOP_WHAT = re.compile(
    r"\b(?:in|on|at|by|to|from|for|of|with|since|during|over|into|and|or|but|than|that|which|who|as|per|"
    r"the|a|an|this|these|its|their|his|her|was|were|is|are|has|have|had|be|been|will|would)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")


def _currency(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.strip().upper().replace(" ", "")
    for sign, code in _CURRENCIES.items():
        if raw.endswith(sign):
            return code
    return raw if raw in {"USD", "EUR", "GBP", "JPY", "KRW"} else None


def _unit(m: re.Match[str]) -> str | None:
    cur = _currency(m.group("cur"))
    if cur:
        return cur
    unit = (m.group("unit") or m.group("pct") or "").lower()
    if unit in ("%", "percent") or unit.replace(" ", "") == "percent":
        return "percent"
    if unit == "percentage points":
        return "percentage points"
    return _UNIT_WORDS.get(unit)


def _what(text: str, end: int) -> str | None:
    """Up to four words after a figure, to the first function word or punctuation: what it counts."""
    tail = text[end : end + 80]
    m = re.match(r"\s+((?:[A-Za-z][\w'’-]*\s?){1,4})", tail)
    if not m:
        return None
    words = m.group(1).strip()
    stop = _STOP_WHAT.search(words)
    if stop is not None:
        words = words[: stop.start()].strip()
    return words or None


@cache
def _text2num(words: str) -> float | None:
    from text_to_num import text2num

    try:
        return float(text2num(words, "en"))
    except ValueError:
        return None


def _word_value(words: str) -> tuple[float, str | None] | None:
    """The value of a run of number words and its trailing scale word ("ten billion" -> 10, billion)."""
    words = re.sub(r"\s+", " ", words.lower().replace("-", " ")).strip()
    if words.startswith("a "):
        words = "one " + words[2:]
    parts = words.split(" ")
    scale = parts[-1] if parts[-1] in SCALES and len(parts) > 1 else None
    head = " ".join(parts[:-1]) if scale else words
    value = _text2num(head)
    if value is None:
        return None
    return value, scale


def _number_of(m: re.Match[str], text: str, words: bool, base: int) -> Number | None:
    hedge = m.group("hedge")
    raw = m.group("num")
    scale: str | None
    if words:
        read = _word_value(raw)
        if read is None:
            return None
        value, scale = read
    else:
        value = float(raw.replace(",", ""))
        scale = (m.group("scale") or "").lower() or None
        scale = _SCALE_ALIASES.get(scale, scale) if scale else None
        if scale in ("million", "thousand") and m.group("scale") in ("m", "k") and not m.group("cur"):
            scale = None  # "5 m" is metres, "5 k" kilometres: only after a currency are they scales
    start = m.start("hedge") if hedge else m.start()
    unit = _unit(m)
    end = m.end()
    if not m.group("unit") and not m.group("pct") and scale is None and not words:
        end = m.end("num")
    return Number(
        value=value,
        start=base + start,
        end=base + end,
        text=text[start:end],
        scale=scale,
        unit=unit,
        approximate=bool(hedge),
        hedge=hedge.strip().lower() if hedge else None,
        what=None if unit else _what(text, end),
        words=words,
    )


def _is_year(m: re.Match[str]) -> bool:
    return (
        not m.group("cur")
        and not m.group("scale")
        and not m.group("unit")
        and not m.group("pct")
        and bool(_YEAR.fullmatch(m.group("num")))
    )


def _rank(text: str, start: int) -> bool:
    """ "number two leader", "No. 1": a rank, not a quantity."""
    return bool(re.search(r"\b(?:number|no\.)\s$", text[max(0, start - 8) : start], re.IGNORECASE))


def read_numbers(text: str, base: int = 0) -> list[Number]:
    """The figures of ``text`` in order (years and ranks left out); offsets are ``base`` + index."""
    found: list[Number] = []
    taken: list[tuple[int, int]] = []
    for pattern, words in ((_FIGURE, False), (_FRACTION, False), (_WORD_RUN, True)):
        for m in pattern.finditer(text):
            if any(m.start("num") < e and m.end() > s for s, e in taken):
                continue
            if pattern is _FIGURE and _is_year(m):
                continue
            if pattern is _FIGURE and re.match(r"\d*(?:st|nd|rd|th)\b", text[m.end("num") - 1 : m.end("num") + 3]):
                continue  # an ordinal
            if _rank(text, m.start("num")):
                continue
            num = _fraction(m, text, base) if pattern is _FRACTION else _number_of(m, text, words, base)
            if num is not None:
                taken.append((m.start("num"), m.end()))
                found.append(num)
    return sorted(found, key=lambda n: n.start)


def _fraction(m: re.Match[str], text: str, base: int) -> Number:
    hedge = m.group("hedge")
    start = m.start("hedge") if hedge else m.start("num")
    return Number(
        value=float(_FRACTIONS[m.group("num").lower()]),
        start=base + start,
        end=base + m.end(),
        text=text[start : m.end()],
        approximate=bool(hedge),
        hedge=hedge.strip().lower() if hedge else None,
        what=_what(text, m.end()),
        words=True,
    )


_ORDINAL_WORDS = {
    w: i + 1
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ]
    )
} | {
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINAL = re.compile(
    r"\b(?:(?P<digits>\d+)(?:st|nd|rd|th)|(?:(?P<tens>"
    + "|".join(_TENS)
    + r")[-\s])?(?P<word>"
    + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
    + r"))\b",
    re.IGNORECASE,
)


def read_ordinals(text: str, base: int = 0) -> list[tuple[int, int, int, str]]:
    """Ordinals ("11th", "sixtieth", "twenty-first") as (value, start, end, text)."""
    out: list[tuple[int, int, int, str]] = []
    for m in _ORDINAL.finditer(text):
        if m.group("digits"):
            value = int(m.group("digits"))
        else:
            value = _ORDINAL_WORDS[m.group("word").lower()] + _TENS.get((m.group("tens") or "").lower(), 0)
        out.append((value, base + m.start(), base + m.end(), m.group()))
    return out
