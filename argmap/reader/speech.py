"""Who said what: attributions (speaker and verb) and quotations.

An attribution is a reporting verb ("said", "called", "warned", "characterised") and the words
before it in its clause, or "according to" and the words after. A speaker left out ("It executed
Jang..., called Park a 'prostitute'") is the subject of the sentence; a pronoun ("It", "He") is the
subject of the sentence before, as a reader resolves it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Attribution", "Quotation", "read_attributions", "read_quotations", "subject_of"]

VERBS = [
    "said",
    "says",
    "say",
    "told",
    "tells",
    "stated",
    "states",
    "announced",
    "announces",
    "declared",
    "declares",
    "claimed",
    "claims",
    "reported",
    "reports",
    "warned",
    "warns",
    "urged",
    "urges",
    "called",
    "calls",
    "described",
    "describes",
    "characterised",
    "characterized",
    "characterises",
    "characterizes",
    "accused",
    "accuses",
    "insisted",
    "insists",
    "denied",
    "denies",
    "demanded",
    "demands",
    "vowed",
    "vows",
    "threatened",
    "threatens",
    "promised",
    "promises",
    "pledged",
    "pledges",
    "labelled",
    "labeled",
    "branded",
    "brands",
    "dubbed",
    "criticised",
    "criticized",
    "condemned",
    "condemns",
    "denounced",
    "denounces",
    "praised",
    "praises",
    "argued",
    "argues",
    "wrote",
    "writes",
    "added",
    "adds",
    "noted",
    "notes",
    "admitted",
    "admits",
    "acknowledged",
    "acknowledges",
    "confirmed",
    "confirms",
    "insulted",
    "insults",
    "derided",
    "derides",
]
_VERB = re.compile(r"\b(?P<verb>" + "|".join(VERBS) + r")\b")  # lowercase: "States" is no verb
_ACCORDING = re.compile(r"\baccording to (?P<who>[^,.;]{2,60})", re.IGNORECASE)
_BOUNDARY = re.compile(r"(?:[,;:–—(]|\s-\s|\bthat\b|\band\b|\bbut\b|\bwhen\b|\bwhile\b|\bas\b)", re.IGNORECASE)
PRONOUNS = frozenset(["it", "he", "she", "they", "we", "i", "its", "this", "that", "these", "those"])
_LEAD = re.compile(r"^(?:(?:the|a|an|also|has|have|had|was|were|is|are|been|also|then|later|publicly)\s+)+", re.I)
_TAIL = re.compile(r"(?:\s+(?:has|have|had|was|were|is|are|been|also|then|later|publicly|reportedly|openly))+$", re.I)
_SUBJECT_STOP = re.compile(
    r"\s(?:[a-z]+ed|[a-z]+s|has|have|had|was|were|is|are|will|would|can|could|may|might|must|should|did|does|do|"
    + "|".join(VERBS)
    + r")\b"
)
_SPEAKER_CUT = re.compile(
    r"\s(?:[a-z]{3,}ed|or|and|in|on|at|during|after|before|has|have|had|was|were|is|are|will|would)\b"
)


@dataclass(frozen=True, slots=True)
class Attribution:
    """A reporting verb and who it is said of; offsets are those of the verb in the text read."""

    speaker: str
    verb: str
    start: int
    end: int
    resolved: bool = False
    """The speaker was left out or a pronoun, and is taken from the sentence's (or the previous one's) subject."""


@dataclass(frozen=True, slots=True)
class Quotation:
    """Words in quotation marks; ``text`` without the marks."""

    text: str
    start: int
    end: int


_QUOTE = re.compile(r"“([^”]{1,400})”|‘([^’]{1,400})’|(?<![\w])\"([^\"]{1,400})\"|(?<![\w])'([^']{1,400})'(?![\w])")


def read_quotations(text: str, base: int = 0) -> list[Quotation]:
    """Quoted words, in curly or straight quotation marks (an apostrophe inside a word opens nothing)."""
    out: list[Quotation] = []
    for m in _QUOTE.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        out.append(Quotation(inner, base + m.start(), base + m.end()))
    return out


def subject_of(sentence: str) -> str:
    """The words before the first verb-like word: "North Korea appears to..." -> "North Korea"."""
    head = re.split(r"[,;:]", sentence, maxsplit=1)[0]
    if re.match(r"^(?:in|on|since|after|before|during|by|from|at|for|with|to|as|if|when|through)\b", head, re.I):
        parts = re.split(r",\s", sentence, maxsplit=1)
        head = parts[1] if len(parts) > 1 else head
    m = _SUBJECT_STOP.search(" " + head)
    words = head[: max(0, m.start() - 1)] if m else head
    return _LEAD.sub("", words.strip()).strip()


def _speaker_before(text: str, at: int) -> str:
    before = text[:at]
    cuts = [m.end() for m in _BOUNDARY.finditer(before)]
    words = before[cuts[-1] :] if cuts else before
    if not words.strip() and len(cuts) >= 2 and before[cuts[-1] - 1] == ",":
        between = before[cuts[-2] : cuts[-1] - 1].strip()  # "Its director, Dr. Anna Voss, said": the name
        if between[:1].isupper():
            words = between
    words = _TAIL.sub("", _LEAD.sub("", words.strip())).strip()
    cut = _SPEAKER_CUT.search(" " + words)
    if cut is not None:
        words = words[: max(0, cut.start() - 1)].strip()
    parts = words.split()
    return " ".join(parts[-6:])


def read_attributions(text: str, base: int = 0, previous: str = "") -> list[Attribution]:
    """The attributions of one sentence ``text``; ``previous`` is the sentence before (for pronouns)."""
    out: list[Attribution] = []
    for m in _VERB.finditer(text):
        if re.search(r"\b(?:so|is|was|are|were|be|been)\s$", text[max(0, m.start() - 6) : m.start()], re.I):
            continue  # "so-called", "is called": not a speaker at work
        if re.match(r"\s(?:off|down)\b", text[m.end() : m.end() + 5]):
            continue  # "wrote off" a debt, "called off" a visit
        speaker = _speaker_before(text, m.start())
        resolved = False
        if not speaker:
            speaker, resolved = subject_of(text), True
        if speaker.lower() in PRONOUNS and previous:
            speaker, resolved = subject_of(previous) or speaker, True
        out.append(Attribution(speaker, m.group("verb").lower(), base + m.start(), base + m.end(), resolved))
    for m in _ACCORDING.finditer(text):
        who = _LEAD.sub("", m.group("who").strip())
        out.append(Attribution(who, "according to", base + m.start(), base + m.end()))
    return sorted(out, key=lambda a: a.start)
