"""Proposals: the node a selection of a source would make, and the nodes a whole text suggests.

A proposal is a plain dict, as the node would be written in a map (``id``, ``kind``, ``type``,
``text``, typed fields, ``sources``, ``anchor``), for a person to accept, change or refuse: nothing
here writes into a map. Its anchor is the selection's words, with the fewest words before or after
(``prefix``, ``suffix``) that make it unique in the text; a field the words do not give is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from argmap.anchors import normalise
from argmap.reader.reading import Reading, clause_around, read
from argmap.reader.split import Sentence, sentence_around, sentence_index, sentences
from argmap.reader.typed import FIELD_KINDS, Place, typed_fields
from argmap.reader.when import When

__all__ = ["anchor_for", "propose", "suggest"]

_WORD = re.compile(r"\S+")
_OPENER = re.compile(r"(?:In|On|Since|By|During|After|Before|From|Until|Last|This|Earlier)\b[^,]{0,60},")
_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "a an the of in on at to for from by with and or but as is are was were be been has have had it its this "
        "that these those there their his her which who whom than then also not no into over up about around some "
        "nearly almost roughly more less",
    )
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


@lru_cache(maxsize=4)
def _folded(text: str) -> str:
    """The text folded as ``check`` folds it, once per text (a suggestion anchors hundreds of nodes)."""
    return normalise(text)


CONTEXT_WORDS = 12
"""At most this many words of prefix and suffix together: words that repeat with a longer context than
that are left ambiguous (``check`` says so, AM202) rather than quoted at length."""


def anchor_for(text: str, start: int, end: int) -> dict[str, str]:
    """The anchor of ``text[start:end]`` (widened to whole words): ``{"exact": ...}`` when its words
    occur once in the text, else with the fewest words of ``prefix`` and ``suffix`` that make them unique.
    Uniqueness is judged as ``check`` judges it, after folding quotes, dashes and spaces."""
    start, end = _snap(text, start, end)
    exact = text[start:end]
    folded, core = _folded(text), normalise(exact)
    places = _places(folded, core)
    if len(places) <= 1 or len(places) > MANY:
        return {"exact": exact}
    before = [m.group() for m in _WORD.finditer(text, max(0, start - 400), start)][-CONTEXT_WORDS:]
    after = [m.group() for m in _WORD.finditer(text, end, end + 400)][:CONTEXT_WORDS]
    for total in range(1, min(len(before) + len(after), CONTEXT_WORDS) + 1):
        for n_before in range(min(total, len(before)), -1, -1):
            n_after = total - n_before
            if n_after > len(after):
                continue
            prefix, suffix = " ".join(before[len(before) - n_before :]), " ".join(after[:n_after])
            if _fits_once(folded, places, len(core), normalise(prefix), normalise(suffix)):
                out = {"exact": exact}
                if prefix:
                    out["prefix"] = prefix
                if suffix:
                    out["suffix"] = suffix
                return out
    return {"exact": exact}


MANY = 500
"""Words found more often than this are left without context (``check`` reports them ambiguous)."""


def _places(folded: str, core: str) -> list[int]:
    """Where ``core`` stands in the folded text, as ``check`` counts (not overlapping), up to ``MANY`` + 1."""
    out: list[int] = []
    at = folded.find(core) if core else -1
    while at >= 0 and len(out) <= MANY:
        out.append(at)
        at = folded.find(core, at + len(core))
    return out


def _fits_once(folded: str, places: list[int], size: int, prefix: str, suffix: str) -> bool:
    """Whether exactly one of the places has ``prefix`` just before and ``suffix`` just after (one space
    between, as in the folded text)."""
    fits = 0
    for at in places:
        if prefix and not folded.endswith(prefix + " ", 0, at):
            continue
        if suffix and not folded.startswith(" " + suffix, at + size):
            continue
        fits += 1
        if fits > 1:
            return False
    return fits == 1


def _slug(words: str, taken: set[str], prefix: str) -> str:
    content = [w for w in re.findall(r"[A-Za-z][A-Za-z-]*", words) if w.lower() not in _STOPWORDS]
    content = content or re.findall(r"[0-9]+", words)  # "about 1,200": the figure names it
    base = prefix + "_".join(w.lower().replace("-", "_") for w in content[:3]) if content else prefix + "item"
    base = base[:48]
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


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
    at = sentence_index(text, sentence.start) - 1
    return sentences(text)[at].text if at >= 0 else ""


def _evidence_type(part: Reading) -> str | None:
    if part.quotations or part.attributions:
        return "statement"
    if part.negations:
        return "absence"
    figures = [n for n in part.numbers if not (n.words and n.value == 1 and not n.unit)]
    if figures:
        n = figures[0]
        return "statistic" if n.unit or n.scale or n.per or not n.is_integer else "count"
    if part.dates:
        return "event"
    return None


def _fields(
    kind: str, part: Reading, whole: Reading, sentence: Sentence, span: tuple[int, int], previous: str
) -> dict[str, Any]:
    if kind not in FIELD_KINDS:
        return {}
    return typed_fields(kind, Place(part, whole, sentence, span, previous, _when(whole, sentence, *span)))


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


def _sentence_case(words: str) -> str:
    words = re.sub(
        r"^(?:and|but|or|however|so|thus|therefore|first|second|third|finally|moreover|furthermore)\b,?\s*",
        "",
        words.strip(),
        flags=re.I,
    )
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


_DURATION = re.compile(r"(?:year|month|week|day|hour|minute|decade)s?", re.IGNORECASE)
_PAST = re.compile(
    r"\b(?:[a-z]{3,}ed|wrote|met|held|began|went|made|took|gave|sent|struck|won|lost|fought|came|left|"
    r"paid|sold|bought|built|broke|spoke|meeting|visiting|talking)\b"
)
_HAPPENINGS = re.compile(
    r"\bthere (?:has|have|had) (?:also )?been\b|\b(?:is|are) (?:to|due to|set to|scheduled to) [a-z]+\b|"
    r"\bwill (?:visit|meet|hold|sign|travel|attend)\b"
)


def _figure_spans(text: str, whole: Reading) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for n in whole.numbers:
        hi = n.end
        if n.what:
            hi = text.index(n.what, n.end) + len(n.what)
        kind = "statistic" if n.unit or n.scale or n.per or not n.is_integer else "count"
        if kind == "count" and (not n.what or (n.words and n.value == 1) or re.match(r"[a-z]+ed\b", n.what)):
            continue  # "one buyer" is how English says "a buyer"; "five involved" counts no noun
        if kind == "count" and n.what and _DURATION.fullmatch(n.what.split()[0]):
            continue  # "two years ago": a duration, not a count
        spans.append((n.start, hi, kind))
    return spans


def _event_spans(text: str, s: Sentence, whole: Reading, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Dated happenings, anchored at their verb ("entertained a Japanese official delegation ... in April
    2013"); "there have been ..." and "is to visit ..." happenings, dated or not."""
    spans: list[tuple[int, int, str]] = []
    opener = _OPENER.match(s.text)
    last = s.start
    for d in whole.dates:
        c_lo, c_hi = clause_around(s, d.start, d.end)
        if any(lo < c_hi and hi > c_lo for lo, hi in taken):
            continue
        if opener is not None and d.end <= s.start + opener.end():
            continue  # "In May 2014, ...": it dates what the sentence goes on to say
        verbs = [m for m in _PAST.finditer(text, max(last, s.start), d.start) if d.start - m.start() < 120]
        if verbs:
            lo = verbs[-1].start()
            hi = d.end if len(text[lo : d.end].split()) <= 9 else _words_end(text, lo, d.start, 7)
        else:
            lo, hi = _words_start(text, max(c_lo, last), d.start, 4), d.end
        if lo < d.start or verbs:
            spans.append((lo, hi, "event"))
            last = hi
    for m in _HAPPENINGS.finditer(text, s.start, s.end):
        c_hi = clause_around(s, m.start(), m.end())[1]
        hi = _words_end(text, m.start(), c_hi, 9)
        if not any(lo < hi and end > m.start() for lo, end in [*taken, *((a, b) for a, b, _ in spans)]):
            spans.append((m.start(), hi, "event"))
    return spans


def _spans(text: str, s: Sentence, whole: Reading) -> list[tuple[int, int, str]]:
    """The stretches of one sentence that make a node, and the node's type."""
    spans = _figure_spans(text, whole)
    for a in whole.attributions:
        quotes = [q for q in whole.quotations if q.start >= a.end]
        c_hi = clause_around(s, a.start, a.end)[1]
        hi = quotes[0].end if quotes and quotes[0].end <= c_hi + 1 else c_hi
        spans.append((a.start, _words_end(text, a.start, hi, 10), "statement"))
    for neg in whole.negations:
        spans.append((neg.start, _words_end(text, neg.start, neg.end, 8), "absence"))
    spans += _event_spans(text, s, whole, [(lo, hi) for lo, hi, _ in spans])
    if whole.cues:
        cue = whole.cues[0]
        c_lo, c_hi = clause_around(s, cue.start, cue.end)
        lo = cue.start if cue.start == c_lo else _words_start(text, c_lo, cue.start, 3)  # "the council should"
        lo += len(m.group()) if (m := re.match(r"(?:and|or|but)\s+", text[lo : cue.start])) else 0
        spans.append((lo, _words_end(text, lo, s.end, 8), "claim"))
    spans.sort()
    return spans


def _words_end(text: str, start: int, end: int, limit: int) -> int:
    words = list(_WORD.finditer(text, start, end))
    return words[min(limit, len(words)) - 1].end() if words else end


def _words_start(text: str, lo: int, start: int, limit: int) -> int:
    words = list(_WORD.finditer(text, lo, start))
    return words[-limit].start() if len(words) >= limit else (words[0].start() if words else start)
