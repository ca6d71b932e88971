"""Verify quotation anchors against local copies of the sources (codes AM201-AM203).

Matching is exact after normalisation: runs of whitespace become one space, curly quotes become
straight ones, dashes become '-'. An anchor is never re-anchored to a near match: a quote that is not
in the text is an error, whatever text resembles it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import TYPE_CHECKING

from argmap.diagnostics import Diagnostic, Severity
from argmap.model import Anchor, ArgMap, Node, Source

if TYPE_CHECKING:
    from argmap.graph import MapGraph
    from argmap.load import LoadResult

__all__ = [
    "AnchorMatch",
    "AnchorPlace",
    "Outside",
    "anchor_places",
    "find_anchor",
    "lined",
    "normalise",
    "read_lined",
    "read_normalised",
    "resolve_source_text",
    "verify_anchors",
]

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold whitespace, quotes and dashes so that typography does not defeat a quotation."""
    return _SPACE.sub(" ", text.translate(_TRANSLATE)).strip()


@dataclass(frozen=True)
class AnchorMatch:
    """Where an anchor was found in the normalised source text."""

    starts: list[int]
    """Offsets (in normalised text) of the first places that fit exact + prefix + suffix (at most
    :data:`SHOWN`): a one-letter anchor in a long text would otherwise list millions."""
    count: int
    """How many places fit, counted without listing them (non-overlapping, except that two
    overlapping places are told apart from one)."""
    exact_count: int
    """Places where the exact words occur, regardless of prefix and suffix (non-overlapping)."""


SHOWN = 10


def _first(haystack: str, needle: str, limit: int) -> list[int]:
    out: list[int] = []
    start = haystack.find(needle)
    while start != -1 and len(out) < limit:
        out.append(start)
        start = haystack.find(needle, start + 1)
    return out


def find_anchor(anchor: Anchor, normalised_text: str) -> AnchorMatch:
    """The places where the anchor's words stand, with its prefix just before and suffix just after.

    Normalised text has single spaces, so at most one space separates the words from prefix or
    suffix: each of the (up to four) joined forms is searched and counted at C speed, never one
    occurrence at a time. A blank anchor (nothing left after folding) matches nowhere.
    """
    exact = normalise(anchor.exact)
    if not exact:
        return AnchorMatch([], 0, 0)
    text = normalised_text
    prefix, suffix = normalise(anchor.prefix or ""), normalise(anchor.suffix or "")
    starts: list[int] = []
    count = 0
    for before in (prefix, prefix + " ") if prefix else ("",):
        for after in (suffix, " " + suffix) if suffix else ("",):
            needle = before + exact + after
            found = _first(text, needle, SHOWN)
            starts += [at + len(before) for at in found]
            count += max(text.count(needle), len(found[:2]))
    starts.sort()
    return AnchorMatch(starts[:SHOWN], count, text.count(exact))


_TEXTS: dict[tuple[str, int, int], tuple[str, str]] = {}
"""Source texts by (resolved path, size, modification time), folded with line breaks kept (:func:`lined`)
and without (:func:`normalise`): each read once per run."""


def _read_both(path: FsPath) -> tuple[str, str]:
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    texts = _TEXTS.get(key)
    if texts is None:
        if len(_TEXTS) >= 64:
            _TEXTS.clear()
        kept = lined(path.read_text(encoding="utf-8", errors="replace"))
        texts = _TEXTS[key] = (kept, kept.replace("\n", " "))
    return texts


def read_lined(path: FsPath) -> str:
    """The text of a source file folded as :func:`lined` folds it, read once and kept while it is unchanged.

    Raises ``OSError``; undecodable bytes are replaced.
    """
    return _read_both(path)[0]


def read_normalised(path: FsPath) -> str:
    """The normalised text of a source file, read once and kept while it is unchanged.

    Raises ``OSError``; undecodable bytes are replaced. The language server calls it too.
    """
    return _read_both(path)[1]


class Outside(Exception):
    """A source text that lies outside the map's folder and the --texts folders: never read."""

    def __init__(self, path: FsPath) -> None:
        super().__init__(str(path))
        self.path = path


def allowed_folders(base_dir: FsPath, texts_dirs: list[FsPath]) -> list[FsPath]:
    """The folders source texts may be read from (the map's and the --texts ones), symlinks resolved."""
    return [FsPath(d).resolve() for d in (base_dir, *texts_dirs)]


def _inside(path: FsPath, folders: list[FsPath]) -> bool:
    return any(path == f or f in path.parents for f in folders)


def resolve_source_text(
    source: Source, base_dir: FsPath, texts_dirs: list[FsPath], allowed: list[FsPath] | None = None
) -> FsPath | None:
    """The local text file of a source: its `text` field (relative to the map), else in --texts dirs.

    Only files inside the map's folder or a --texts folder are read, symlinks resolved first: a map
    from a stranger must not be able to ask whether some words are in any file the checker can read.
    Raises :class:`Outside` for a `text` that leads elsewhere (an absolute path, ``../``, a symlink).
    ``allowed``: those folders resolved, when the caller resolves them once for many sources.
    """
    candidates: list[FsPath] = []
    if source.text:
        given = FsPath(source.text)
        candidates.append(given if given.is_absolute() else base_dir / given)
        candidates.extend(d / given.name for d in texts_dirs)
    candidates.extend(d / f"{source.id}.txt" for d in texts_dirs)
    if not candidates:  # nothing to look for (most sources): no folder to resolve either
        return None
    allowed = allowed or allowed_folders(base_dir, texts_dirs)
    outside: FsPath | None = None
    for c in candidates:
        real = c.resolve()
        if not _inside(real, allowed):
            outside = outside or c
            continue
        if real.is_file():
            return real
    if outside is not None:
        raise Outside(outside)
    return None


@dataclass(frozen=True, slots=True)
class AnchorPlace:
    """Where a node's anchor stands: ``text[start:end]`` of its source's text, folded as
    :func:`normalise` folds it except that line breaks are kept (a heading is not part of the next
    sentence); offsets are the same as in the normalised text."""

    source: str
    text: str
    start: int
    end: int


_PLACES = "anchors.places"


def anchor_places(graph: MapGraph) -> dict[str, AnchorPlace]:
    """Node id -> where its anchor was found, for the anchors :func:`verify_anchors` found (once, or
    first of several); empty when no source text was at hand."""
    places = graph.cache.get(_PLACES)
    return places if isinstance(places, dict) else {}


def lined(raw: str) -> str:
    """``normalise(raw)`` with each run of whitespace that held a line break kept as one ``\\n``
    (same length, same offsets)."""
    out = [normalise(line) for line in raw.splitlines()]
    return "\n".join(line for line in out if line)


def verify_anchors(
    result: LoadResult, texts_dirs: list[FsPath] | None = None, given: Mapping[str, str] | None = None
) -> None:
    """Check every anchor whose source text can be found; append diagnostics to ``result``, and keep
    where each anchor stands (:func:`anchor_places`) for the rules that read its sentence.

    ``given``: source texts at hand, by the file name of a source's ``text`` or by source id (the rule
    catalogue's examples carry theirs). An evidence node that cites no source is checked against the
    map's only source; with none or several, its anchor is reported unchecked, with the reason.
    """
    m, graph = result.map, result.graph
    if m is None or graph is None:
        return
    texts = _Texts(result, texts_dirs or [], given or {})
    only_source = _only_source(m)
    places: dict[str, AnchorPlace] = {}
    for i, node in enumerate(m.nodes):
        if node.anchor is None:
            continue
        sid = node.anchor.source or (node.sources[0] if node.kind == "evidence" and node.sources else None)
        guessed = sid is None and len(m.sources) > 1  # read against the only source with a text
        sid = sid or only_source
        if sid is None:
            _unchecked(result, node, i, len(m.sources))
            continue
        if sid not in graph.sources:
            continue
        text = texts.get(sid)
        if text is None:
            continue
        place = _check_anchor(result, node.id, node.anchor, sid, text, ("nodes", i, "anchor"), guessed)
        if place is not None:
            places[node.id] = place
    graph.cache[_PLACES] = places


def _only_source(m: ArgMap) -> str | None:
    """The source an anchor that names none is read against: the map's only source, or its only source
    with a local text (records cited without their text cannot hold anchors)."""
    if len(m.sources) == 1:
        return m.sources[0].id
    with_text = [s.id for s in m.sources if s.text]
    return with_text[0] if len(with_text) == 1 else None


def _unchecked(result: LoadResult, node: Node, i: int, sources: int) -> None:
    """An anchor with no source to be read against: say so, and what to add."""
    what = "evidence" if node.kind == "evidence" else "claim"
    if sources == 0:
        why = "the map lists no source; add the article under `sources:` (with its `text:` file) to check it"
    elif what == "evidence":
        why = (
            f"the evidence cites no source and the map has {sources}, none the only one with a `text:`; "
            "add `sources: [ID]` so that it can be checked"
        )
    else:
        why = (
            f"it names no source and the map has {sources}, none the only one with a `text:`; "
            "add `source: ID` to the anchor so that it can be checked"
        )
    result.add(
        Diagnostic(
            "AM203",
            f"node {node.id}: anchor not checked: {why}",
            Severity.WARNING,
            path=("nodes", i, "anchor"),
            subject=node.id,
        )
    )


class _Texts:
    """The source texts of one map, each found, checked for size and read once (problems reported once)."""

    def __init__(self, result: LoadResult, dirs: list[FsPath], given: Mapping[str, str]) -> None:
        self.result, self.dirs, self.given = result, dirs, given
        self.cache: dict[str, str | None] = {}
        self.allowed: list[FsPath] | None = None

    def get(self, sid: str) -> str | None:
        if sid not in self.cache:
            self.cache[sid] = self._read(sid)
        return self.cache[sid]

    def _warn(self, sid: str, message: str, severity: Severity = Severity.WARNING, field: str | None = None) -> None:
        assert self.result.graph is not None
        path = self.result.graph.source_path(sid)
        self.result.add(Diagnostic("AM203", message, severity, path=(*path, field) if field else path, subject=sid))

    def _read(self, sid: str) -> str | None:
        assert self.result.graph is not None
        source = self.result.graph.sources[sid]
        name = FsPath(source.text).name if source.text else None
        for key in (source.text, name, sid):
            if key and key in self.given:
                return lined(self.given[key])
        try:
            if self.allowed is None:
                self.allowed = allowed_folders(self.result.base_dir, self.dirs)
            path = resolve_source_text(source, self.result.base_dir, self.dirs, self.allowed)
        except Outside as exc:
            self._warn(
                sid,
                f"source {sid}: text '{exc.path}' lies outside the map's folder (and any --texts "
                "folder), so it is not read: copy the text next to the map or pass --texts DIR",
                Severity.ERROR,
                "text",
            )
            return None
        if path is None:
            if source.text:
                where = f"'{source.text}' next to the map" + (
                    f" or in {', '.join(str(d) for d in self.dirs)}" if self.dirs else ""
                )
                self._warn(
                    sid,
                    f"source {sid}: text file not found ({where}); its anchors are not checked. "
                    "Pass --texts DIR to say where the source texts are",
                    field="text",
                )
            return None
        return self._load(sid, path)

    def _load(self, sid: str, path: FsPath) -> str | None:
        from argmap.load import reading as load

        try:
            size = path.stat().st_size
            if size > load.MAX_BYTES:
                self._warn(
                    sid,
                    f"source {sid}: {path} is {load.size_text(size)}, over the "
                    f"{load.size_text(load.MAX_BYTES)} limit; its anchors are not checked",
                )
                return None
            return read_lined(path)
        except OSError as exc:
            self._warn(sid, f"source {sid}: cannot read {path}: {exc.strerror}")
            return None


def _check_anchor(
    result: LoadResult,
    nid: str,
    anchor: Anchor,
    sid: str,
    text: str,
    apath: tuple[str | int, ...],
    guessed: bool = False,
) -> AnchorPlace | None:
    """Report a blank, missing or ambiguous anchor; return where it stands when it was found.

    ``guessed``: the node names no source and ``sid`` is the map's only source with a text; words not
    found there may stand in another source, so that is a warning (AM203), not an error."""
    flat = text.replace("\n", " ")
    match = find_anchor(anchor, flat)
    if not normalise(anchor.exact):
        result.add(
            Diagnostic(
                "AM201",
                f"node {nid}: anchor is blank; quote the words of source {sid} that the evidence rests on",
                path=apath,
                subject=nid,
            )
        )
        return None
    if not match.count:
        detail = (
            "the words occur, but not with this prefix/suffix"
            if match.exact_count
            else "check the spelling against the source; argmap never matches approximately"
        )
        if anchor.exact.strip()[:1] in "“”‘’«»\"'" or anchor.exact.strip()[-1:] in "“”‘’«»\"'":
            detail = "drop the quotation marks around it: the anchor is the words themselves"
        if guessed:
            result.add(
                Diagnostic(
                    "AM203",
                    f'node {nid}: anchor "{_clip(anchor.exact)}" not found in source {sid}, the only source with '
                    f"a text ({detail}); the node names no source: if the words are another's, cite it",
                    Severity.WARNING,
                    path=apath,
                    subject=nid,
                )
            )
            return None
        result.add(
            Diagnostic(
                "AM201",
                f'node {nid}: anchor "{_clip(anchor.exact)}" not found in source {sid} ({detail})',
                path=apath,
                subject=nid,
            )
        )
        return None
    if match.count > 1:
        result.add(
            Diagnostic(
                "AM202",
                f'node {nid}: anchor "{_clip(anchor.exact)}" occurs {match.count} times in '
                f"source {sid}; add a prefix or suffix to say which",
                Severity.WARNING,
                path=apath,
                subject=nid,
            )
        )
    start = match.starts[0]
    return AnchorPlace(sid, text, start, start + len(normalise(anchor.exact)))


def _clip(text: str, limit: int = 60) -> str:
    text = normalise(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."
