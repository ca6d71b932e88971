"""RD803-RD805: the words of a statement and of an anchor held to the source: who speaks, what is
quoted, and whether the anchor's sentence is the passage the evidence describes.

The shared reading of each anchor is :func:`argmap.rules.reading.anchor_readings`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from argmap.anchors import normalise
from argmap.diagnostics import Severity
from argmap.model import Evidence, Statement
from argmap.rules.base import Context, Finding, rule
from argmap.rules.reading import AnchorReading, anchor_readings, clip

__all__ = ["OFF_TOPIC", "overlap", "words_of"]


@rule(
    "RD803",
    "speaker-against-anchor",
    Severity.WARNING,
    "A statement's speaker that is not who its anchor's sentence says spoke.",
)
def speaker_against_anchor(ctx: Context) -> Iterable[Finding]:
    """The attribution nearest before the end of the anchor, in the sentence where the anchor
    begins, names the speaker: a reporting verb (said, called, warned, characterised, urged...) and
    who does it, or "according to X". A speaker the sentence leaves out is the sentence's subject
    with any name set beside it ("The chair of the Traders, Malik Hassan, ... told"), and a pronoun
    ("It called...") the subject of the sentence before. The map's ``speaker`` must be that one:
    every word of the shorter name has its like in the other ("North Korea" and "the North Korean
    media" agree; the map's ``glossary`` makes "Pyongyang" and "North Korea" one). A sentence with
    no reporting verb checks nothing. When the map names the source's author instead, the finding
    says that the author only reports the words.
    """
    for eid, r in anchor_readings(ctx).items():
        e = ctx.graph.nodes[eid]
        if isinstance(e, Statement):
            yield from _speaker_findings(ctx, e, r)


def _speaker_findings(ctx: Context, e: Statement, r: AnchorReading) -> Iterable[Finding]:
    from argmap.reader import sentences  # the reader loads only when anchors were read
    from argmap.reader.split import sentence_index
    from argmap.reader.words import speakers_agree

    every, at = sentences(r.place.text), sentence_index(r.place.text, r.place.start)
    opening = every[at] if at < len(every) else r.sentence
    said = [a for a in r.reading.attributions if opening.start <= a.start < min(opening.end, r.place.end)]
    if not said or speakers_agree(e.speaker, said[-1].speaker, ctx.map.glossary):
        return
    who = said[-1]
    how = f'"{who.verb}"' + ("; the sentence's subject" if who.resolved else "")
    author = ctx.graph.sources[r.place.source].author
    if author and speakers_agree(e.speaker, author, ctx.map.glossary):
        how += f"; {author} is the source's author, who reports the words"
    yield Finding(
        f'{e.id}: speaker "{e.speaker}", but its anchor "{clip(r.words)}" has {who.speaker} speak ({how})',
        subject=e.id,
        field=("speaker",),
    )


_MARKS = "'\"‘’“”«»"


def _quote_parts(quote: str) -> list[str]:
    parts = re.split(r"\s*(?:…|\.\.\.)\s*", normalise(quote))
    return [p.strip().strip(_MARKS).strip() for p in parts if p.strip().strip(_MARKS).strip()]


@rule(
    "RD804",
    "quote-not-verbatim",
    Severity.WARNING,
    "A statement's `quote` whose words are not in its anchor's sentence (or not in the source at all).",
)
def quote_not_verbatim(ctx: Context) -> Iterable[Finding]:
    """A ``quote`` claims the speaker's own words, so it is held to the source verbatim (after folding
    quotation marks, dashes and spaces, as anchors are; case ignored): each part, split at an ellipsis
    (``…`` or ``...``), must stand in the anchor's sentence, in order. Quotation marks around a part
    may be written or not. A quote that stands elsewhere in the source is reported as not the
    anchor's; one that stands nowhere, as not in the source.
    """
    for eid, r in anchor_readings(ctx).items():
        e = ctx.graph.nodes[eid]
        if not isinstance(e, Statement) or not e.quote:
            continue
        sentence = r.sentence.text.replace("\n", " ").lower()
        whole = r.place.text.replace("\n", " ").lower()
        at = 0
        for part in _quote_parts(e.quote):
            found = sentence.find(part.lower(), at)
            if found >= 0:
                at = found + len(part)
                continue
            where = "stands elsewhere in the source, not in" if part.lower() in whole else "is not in the source nor"
            yield Finding(
                f'{e.id}: quote "{clip(part, 40)}" {where} its anchor\'s sentence: "{clip(r.sentence.text, 90)}"',
                subject=e.id,
                field=("quote",),
            )
            break


# --------------------------------------------------------------------------- the anchor's topic


_EVIDENCE_WORDS = ("text", "what", "said", "expected", "quote")


def words_of(e: Evidence) -> str:
    """The words in which the map describes an evidence item: its text and typed text fields."""
    return " ".join(str(getattr(e, f, None) or "") for f in _EVIDENCE_WORDS)


def _stems(text: str, ctx: Context) -> set[str]:
    from argmap.reader.words import stems  # the reader loads only when anchors were read

    return stems(text, ctx.map.glossary)


def _idf(ctx: Context, text: str) -> dict[str, float]:
    def make() -> dict[str, float]:
        from argmap.reader import sentences

        units = [_stems(s.text, ctx) for s in sentences(text)]
        df: dict[str, int] = {}
        for u in units:
            for w in u:
                df[w] = df.get(w, 0) + 1
        n = len(units) or 1
        return {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}

    return ctx.once(f"rules.reading.idf.{hash(text)}", make)


def overlap(ctx: Context, e: Evidence, r: AnchorReading) -> tuple[float, list[str]]:
    """How much of the evidence's description its anchor's sentence holds: of the description's words
    that the source uses at all (a word the source never uses tells nothing about where the evidence
    stands), the share of their weight that the sentence holds, each word weighing by how rare it is
    in the source's sentences; and the words shared."""
    idf = _idf(ctx, r.place.text)
    mine = {w for w in _stems(words_of(e), ctx) if w in idf}
    theirs = _stems(r.sentence.text, ctx)
    total = sum(idf[w] for w in mine)
    shared = sorted(mine & theirs)
    return (sum(idf[w] for w in shared) / total if total else 1.0), shared


OFF_TOPIC = 0.15
"""Below this share of its description's weight, an anchor's sentence shares "almost nothing" with the
evidence: at most a common word or two of the article (North Korea, China), none of its particulars."""


@rule(
    "RD805",
    "anchor-off-topic",
    Severity.WARNING,
    "An anchor whose sentence shares almost nothing with what its evidence says.",
)
def anchor_off_topic(ctx: Context) -> Iterable[Finding]:
    """The evidence's description (``text``, and ``what``, ``said``, ``expected``, ``quote``) is set
    against the sentence its anchor stands in, word by word after stemming (executed / execution) and
    the map's ``glossary``; each word weighs by how rare it is in the source (a word in every sentence,
    such as the article's subject, weighs almost nothing; one the source never uses, nothing). When the
    sentence holds less than 15% of the description's weight, the anchor quotes another passage than the
    evidence describes: the finding names the sentence of the source that holds the most.
    """
    for eid, r in anchor_readings(ctx).items():
        e = ctx.graph.nodes[eid]
        assert isinstance(e, Evidence)
        share, shared = overlap(ctx, e, r)
        if share >= OFF_TOPIC:
            continue
        best = _best_sentence(ctx, e, r)
        hint = f'; it reads like "{clip(best, 90)}"' if best else ""
        common = f" (only {', '.join(shared)})" if shared else ""
        yield Finding(
            f'{e.id}: its anchor "{clip(r.words)}" stands in a sentence that shares almost nothing with '
            f"the evidence{common}{hint}",
            subject=e.id,
            field=("anchor",),
        )


def _best_sentence(ctx: Context, e: Evidence, r: AnchorReading) -> str | None:
    from argmap.reader import sentences

    idf = _idf(ctx, r.place.text)
    mine = _stems(words_of(e), ctx)
    scored = [
        (sum(idf.get(w, 0.0) for w in mine & _stems(s.text, ctx)), s.text)
        for s in sentences(r.place.text)
        if s.start != r.sentence.start
    ]
    best = max(scored, default=(0.0, ""))
    return best[1] if best[0] > 0 else None


# --------------------------------------------------------------------------- negations


@rule(
    "RD807",
    "negation-against-anchor",
    Severity.WARNING,
    "Evidence whose text negates what its anchor's sentence says, or affirms what it negates.",
)
def negation_against_anchor(ctx: Context) -> Iterable[Finding]:
    """The evidence's ``text`` is set against the clause its anchor stands in (the sentence cut at
    commas, semicolons, dashes and "but"). A negation ("not", "no", "never", "no longer", "nothing",
    "denied", "failed to", "refused to", "declined to", "lack of") governs the word after it and the next
    one too if it is a content word ("no official statement"); when one of the two texts negates words
    that the other uses in a clause with no negation at all, the evidence says the opposite of its
    source ("have not been meeting" for "have been meeting"; "issued an official statement" for "there
    was no official statement"). Words are compared by stem, with the map's ``glossary``. "Not only",
    "no doubt", "no more than", "neither ... nor" and "without" (a condition) are not read as negations;
    an anchor off the evidence's topic is RD805's, not this rule's.
    """
    from argmap.reader.polarity import contradiction

    for eid, r in anchor_readings(ctx).items():
        e = ctx.graph.nodes[eid]
        assert isinstance(e, Evidence)
        lo, hi = r.clause
        clause = r.place.text[lo:hi]
        found = contradiction(e.text, clause, ctx.map.glossary)
        if found is None or overlap(ctx, e, r)[0] < OFF_TOPIC:
            continue
        said, which = found
        if which == "a":
            message = f'{eid}: its text says "{said}", but its anchor\'s clause says otherwise: "{clip(clause, 90)}"'
        else:
            message = f'{eid}: its anchor\'s clause says "{said}", but its text says otherwise: "{clip(e.text, 90)}"'
        yield Finding(message, subject=eid, field=("text",))
