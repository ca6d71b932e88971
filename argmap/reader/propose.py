"""Proposals: the node a selection of a source would make, and the nodes a whole text suggests.

A proposal is a plain dict, as the node would be written in a map (``id``, ``kind``, ``type``,
``text``, typed fields, ``sources``, ``anchor``), for a person to accept, change or refuse: nothing
here writes into a map. Its anchor is the selection's words, with the fewest words before or after
(``prefix``, ``suffix``) that make it unique in the text; a field the words do not give is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from argmap.anchors import normalise
from argmap.reader import (
    Number,
    Reading,
    Sentence,
    When,
    clause_around,
    read,
    sentence_around,
    sentences,
    subject_of,
)
from argmap.reader.speech import PRONOUNS

__all__ = ["anchor_for", "propose", "suggest"]

_WORD = re.compile(r"\S+")
_PLANNED = re.compile(r"\b(?:is|are) (?:to|due to|set to|scheduled to|expected to)\b|\bwill\b|\bplans? to\b", re.I)
_OPENER = re.compile(r"(?:In|On|Since|By|During|After|Before|From|Until|Last|This|Earlier)\b[^,]{0,60},")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "his",
        "her",
        "which",
        "who",
        "whom",
        "than",
        "then",
        "also",
        "not",
        "no",
        "into",
        "over",
        "up",
    ]
)


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole words and trim spaces."""
    start, end = max(0, start), min(len(text), end)
    while start > 0 and not text[start - 1].isspace() and not text[start].isspace():
        start -= 1
    while end < len(text) and end > 0 and not text[end - 1].isspace() and not text[end].isspace():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:."):
        end -= 1
    return start, end


def _count(haystack: str, needle: str) -> int:
    return haystack.count(needle) if needle else 0


def anchor_for(text: str, start: int, end: int) -> dict[str, str]:
    """The anchor of ``text[start:end]`` (widened to whole words): ``{"exact": ...}`` when its words
    occur once in the text, else with the fewest words of ``prefix`` and ``suffix`` that make them unique.
    Uniqueness is judged as ``check`` judges it, after folding quotes, dashes and spaces."""
    start, end = _snap(text, start, end)
    exact = text[start:end]
    folded = normalise(text)
    if _count(folded, normalise(exact)) <= 1:
        return {"exact": exact}
    before = [m.group() for m in _WORD.finditer(text[:start])]
    after = [m.group() for m in _WORD.finditer(text[end:])]
    for total in range(1, len(before) + len(after) + 1):
        for n_before in range(min(total, len(before)), -1, -1):
            n_after = total - n_before
            if n_after > len(after):
                continue
            prefix, suffix = " ".join(before[len(before) - n_before :]), " ".join(after[:n_after])
            needle = " ".join(normalise(p) for p in (prefix, exact, suffix) if p)
            if _count(folded, needle) == 1:
                out = {"exact": exact}
                if prefix:
                    out["prefix"] = prefix
                if suffix:
                    out["suffix"] = suffix
                return out
    return {"exact": exact}


def _slug(words: str, taken: set[str], prefix: str) -> str:
    content = [w for w in re.findall(r"[A-Za-z][A-Za-z-]*", words) if w.lower() not in _STOPWORDS]
    base = prefix + "_".join(w.lower().replace("-", "_") for w in content[:3]) if content else prefix + "item"
    base = base[:48]
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _figure(n: Number) -> int | float:
    return int(n.value) if n.is_integer else n.value


def _when(reading: Reading, sentence: Sentence, lo: int, hi: int) -> When | None:
    """The date a stretch of a sentence is about: one inside it, else its clause's, else a sentence opener's
    ("In May 2014, ..."), else the sentence's only one."""
    inside = [d for d in reading.dates if d.start >= lo and d.end <= hi]
    if inside:
        return inside[0]
    c_lo, c_hi = clause_around(sentence, lo, hi)
    clause = [d for d in reading.dates if d.start >= c_lo and d.end <= c_hi]
    if clause:
        return clause[0]
    opener = _OPENER.match(sentence.text)
    if opener:
        lead = [d for d in reading.dates if d.end <= sentence.start + opener.end()]
        if lead:
            return lead[-1]
    return reading.dates[0] if len(reading.dates) == 1 else None


def date_of(reading: Reading, sentence: Sentence, start: int, end: int) -> When | None:
    """The date or period that the words ``[start, end)`` of ``sentence`` are about (see :func:`_when`)."""
    return _when(reading, sentence, start, end)


def _previous(text: str, sentence: Sentence) -> str:
    before = [s for s in sentences(text) if s.end <= sentence.start]
    return before[-1].text if before else ""


def _evidence_type(part: Reading) -> str | None:
    if part.quotations or part.attributions:
        return "statement"
    if part.negations:
        return "absence"
    figures = [n for n in part.numbers if not (n.words and n.value == 1 and not n.unit)]
    if figures:
        n = figures[0]
        return "statistic" if n.unit or n.scale or not n.is_integer else "count"
    if part.dates:
        return "event"
    return None


def _occasion(whole: Reading, sentence: Sentence, lo: int, hi: int) -> dict[str, Any] | None:
    c_lo, c_hi = clause_around(sentence, lo, hi)
    found = [o for o in whole.ordinals if o.anniversary and c_lo <= o.start < c_hi]
    return {"anniversary": found[0].value} if found else None


def _fields(
    kind: str, part: Reading, whole: Reading, sentence: Sentence, span: tuple[int, int], previous: str
) -> dict[str, Any]:
    lo, hi = span
    when = _when(whole, sentence, lo, hi)
    out: dict[str, Any] = {}
    if kind == "statistic":
        n = part.numbers[0]
        out["value"] = _figure(n)
        if n.unit:
            out["unit"] = n.unit
        if n.scale:
            out["scale"] = n.scale
        if when is not None:
            out["period"] = when.date
        if n.approximate:
            out["approximate"] = True
    elif kind == "count":
        n = part.numbers[0]
        out["what"] = n.what or "(what is counted)"
        out["number"] = int(n.value)
        if when is not None:
            out["period"] = when.date
        if n.approximate:
            out["approximate"] = True
    elif kind == "statement":
        speakers = [a for a in whole.attributions if a.start <= hi]
        out["speaker"] = speakers[-1].speaker if speakers else subject_of(sentence.text) or "(who said it)"
        if when is not None:
            out["date"] = when.date
        if part.quotations:
            out["quote"] = " … ".join(q.text for q in part.quotations)
        occasion = _occasion(whole, sentence, lo, hi)
        if occasion:
            out["occasion"] = occasion
    elif kind == "absence":
        neg = part.negations[0]
        out["expected"] = neg.what
        if when is not None:
            out["date"] = when.date
        occasion = _occasion(whole, sentence, lo, hi)
        if occasion:
            out["occasion"] = occasion
    elif kind == "event":
        actor = subject_of(sentence.text)
        if actor.lower() in PRONOUNS and previous:
            actor = subject_of(previous)
        if _named(actor):
            out["actors"] = [actor]
        if when is not None:
            out["date"] = when.date
        if _PLANNED.search(sentence.text[lo - sentence.start : hi - sentence.start + 40]):
            out["status"] = "planned"
    return out


def _node(
    text: str,
    lo: int,
    hi: int,
    *,
    kind: str | None,
    sentence: Sentence,
    whole: Reading,
    taken: set[str],
    source: str | None,
) -> dict[str, Any]:
    part = whole.within(lo, hi)
    words = text[lo:hi]
    anchor = anchor_for(text, lo, hi)
    etype = kind if kind is not None else _evidence_type(part)
    if etype is None or etype == "claim":
        c_lo, c_hi = clause_around(sentence, lo, hi)
        claim: dict[str, Any] = {"id": _slug(words, taken, "C_"), "kind": "claim"}
        claim["text"] = _sentence_case(text[c_lo:c_hi])
        claim["anchor"] = anchor if len(anchor) > 1 else anchor["exact"]
        return claim
    node: dict[str, Any] = {"id": _slug(words, taken, "E_"), "kind": "evidence", "type": etype}
    c_lo, c_hi = clause_around(sentence, lo, hi)
    node["text"] = _sentence_case(text[c_lo:c_hi])
    node.update(_fields(etype, part, whole, sentence, (lo, hi), _previous(text, sentence)))
    if source:
        node["sources"] = [source]
    node["anchor"] = anchor if len(anchor) > 1 else anchor["exact"]
    return node


def _named(words: str) -> bool:
    """A subject that names someone ("North Korea", "the North Korean media"), not "Military tension"."""
    parts = words.split()
    if words.lower() in PRONOUNS:
        return False
    return 0 < len(parts) <= 5 and (all(p[:1].isupper() for p in parts) or any(p[:1].isupper() for p in parts[1:]))


def _sentence_case(words: str) -> str:
    words = re.sub(r"^(?:and|but|or|however|so|thus|therefore)\b,?\s*", "", words.strip(), flags=re.I)
    words = words.rstrip(" ,;:")
    if not words:
        return "(in your own words)"
    return words[0].upper() + words[1:] + ("" if words.endswith((".", "?", "!")) else ".")


def propose(text: str, start: int, end: int, *, taken: Iterable[str] = (), source: str | None = None) -> dict[str, Any]:
    """The node that ``text[start:end]`` would make, as it would be written in a map: evidence typed by
    what the selected words hold (a quotation or a speaker: statement; "no ...": absence; a figure with a
    unit or scale: statistic; one without: count; a date: event), else a claim. ``taken``: ids already in
    the map; ``source``: the source id to cite."""
    start, end = _snap(text, start, end)
    sentence = sentence_around(text, start, end) or Sentence(start, end, text[start:end])
    whole = read(sentence.text, previous=_previous(text, sentence), base=sentence.start)
    return _node(text, start, end, kind=None, sentence=sentence, whole=whole, taken=set(taken), source=source)


def suggest(text: str, *, source: str | None = None, taken: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The evidence and claims a text suggests, in text order: each figure (statistic or count), each
    attributed saying (statement), each "no ..." (absence), each dated happening with nothing else to
    carry it (event), and each sentence a discourse cue makes an argument step (claim)."""
    ids = set(taken)
    out: list[dict[str, Any]] = []
    previous = ""
    for s in sentences(text):
        whole = read(s.text, previous=previous, base=s.start)
        previous = s.text
        figure: dict[str, Any] | None = None
        for lo, hi, kind in _spans(text, s, whole):
            change = _CHANGE.search(text[max(s.start, lo - 24) : lo])
            if figure is not None and kind == "statistic" and change is not None and text[lo:hi].strip()[:1].isdigit():
                pct = whole.within(lo, hi).numbers[0]
                if pct.unit == "percent":
                    _add_change(figure, pct.value, change.group().lower())
                    continue
            node = _node(text, lo, hi, kind=kind, sentence=s, whole=whole, taken=ids, source=source)
            figure = node if node.get("type") == "statistic" else figure
            out.append(node)
    return out


_CHANGE = re.compile(r"\b(?:rise|increase|growth|jump|gain|fall|drop|decline|decrease|cut)s?\s(?:of|by)\s$", re.I)


def _add_change(figure: dict[str, Any], percent: float, words: str) -> None:
    """Put a percentage change ("a rise of 37.3 per cent") on the figure it changes, before its sources."""
    down = any(w in words for w in ("fall", "drop", "decline", "decrease", "cut"))
    value = -percent if down else percent
    rest: dict[str, Any] = {k: figure.pop(k) for k in ("sources", "anchor") if k in figure}
    figure["change"] = {"percent": int(value) if float(value).is_integer() else value}
    figure.update(rest)


def _spans(text: str, s: Sentence, whole: Reading) -> list[tuple[int, int, str]]:
    """The stretches of one sentence that make a node, and the node's type."""
    spans: list[tuple[int, int, str]] = []
    for n in whole.numbers:
        hi = n.end
        if n.what:
            hi = text.index(n.what, n.end) + len(n.what)
        kind = "statistic" if n.unit or n.scale or not n.is_integer else "count"
        if kind == "count" and (not n.what or (n.words and n.value == 1)):
            continue  # "one buyer" is how English says "a buyer", and a figure with no noun counts nothing
        spans.append((n.start, hi, kind))
    for a in whole.attributions:
        quotes = [q for q in whole.quotations if q.start >= a.end]
        c_lo, c_hi = clause_around(s, a.start, a.end)
        hi = quotes[0].end if quotes and quotes[0].end <= c_hi + 1 else c_hi
        spans.append((a.start, _words_end(text, a.start, hi, 10), "statement"))
    for neg in whole.negations:
        spans.append((neg.start, _words_end(text, neg.start, neg.end, 8), "absence"))
    taken = [(lo, hi) for lo, hi, _ in spans]
    opener = _OPENER.match(s.text)
    for d in whole.dates:
        c_lo, c_hi = clause_around(s, d.start, d.end)
        if any(lo < c_hi and hi > c_lo for lo, hi in taken) or d.since:
            continue
        if opener is not None and d.end <= s.start + opener.end():
            continue  # "In May 2014, ...": it dates what the sentence goes on to say
        lo = _words_start(text, max(c_lo, spans[-1][1] if spans and spans[-1][2] == "event" else c_lo), d.start, 4)
        if lo < d.start:
            spans.append((lo, d.end, "event"))
    if whole.cues:
        cue = whole.cues[0]
        spans.append((cue.start, _words_end(text, cue.start, s.end, 7), "claim"))
    spans.sort()
    return spans


def _words_end(text: str, start: int, end: int, limit: int) -> int:
    words = list(_WORD.finditer(text, start, end))
    return words[min(limit, len(words)) - 1].end() if words else end


def _words_start(text: str, lo: int, start: int, limit: int) -> int:
    words = list(_WORD.finditer(text, lo, start))
    return words[-limit].start() if len(words) >= limit else (words[0].start() if words else start)
