"""Verify quotation anchors against local copies of the sources (codes AM201-AM203).

Matching is exact after normalisation: runs of whitespace become one space, curly quotes become
straight ones, dashes become '-'. An anchor is never re-anchored to a near match: a quote that is not
in the text is an error, whatever text resembles it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import TYPE_CHECKING

from argmap.diagnostics import Diagnostic, Severity
from argmap.model import Anchor, Source

if TYPE_CHECKING:
    from argmap.load import LoadResult

__all__ = [
    "AnchorMatch",
    "Outside",
    "find_anchor",
    "normalise",
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


_TEXTS: dict[tuple[str, int, int], str] = {}
"""Normalised source texts by (resolved path, size, modification time): each read once per run."""


def read_normalised(path: FsPath) -> str:
    """The normalised text of a source file, read once and kept while it is unchanged.

    Raises ``OSError``; undecodable bytes are replaced. The language server calls it too.
    """
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    text = _TEXTS.get(key)
    if text is None:
        if len(_TEXTS) >= 64:
            _TEXTS.clear()
        text = _TEXTS[key] = normalise(path.read_text(encoding="utf-8", errors="replace"))
    return text


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


def verify_anchors(result: LoadResult, texts_dirs: list[FsPath] | None = None) -> None:
    """Check every anchor whose source text can be found; append diagnostics to ``result``."""
    m, graph = result.map, result.graph
    if m is None or graph is None:
        return
    dirs = texts_dirs or []
    cache: dict[str, str | None] = {}
    allowed: list[FsPath] | None = None
    warned: set[str] = set()
    only_source = m.sources[0].id if len(m.sources) == 1 else None
    for i, node in enumerate(m.nodes):
        if node.anchor is None:
            continue
        if node.kind == "evidence":
            sid = node.anchor.source or (node.sources[0] if node.sources else None)
        else:  # a claim's anchor: the sentence where the author says it, in the source it names or the only one
            sid = node.anchor.source or only_source
            if sid is None and m.sources:
                result.add(
                    Diagnostic(
                        "AM203",
                        f"node {node.id}: its anchor names no source and the map has {len(m.sources)}; "
                        "add `source: ID` to the anchor so that it can be checked",
                        Severity.WARNING,
                        path=("nodes", i, "anchor"),
                        subject=node.id,
                    )
                )
        if sid is None or sid not in graph.sources:
            continue
        if sid not in cache:
            source = graph.sources[sid]
            try:
                if allowed is None:
                    allowed = allowed_folders(result.base_dir, dirs)
                path = resolve_source_text(source, result.base_dir, dirs, allowed)
            except Outside as exc:
                cache[sid] = None
                result.add(
                    Diagnostic(
                        "AM203",
                        f"source {sid}: text '{exc.path}' lies outside the map's folder (and any --texts "
                        "folder), so it is not read: copy the text next to the map or pass --texts DIR",
                        Severity.ERROR,
                        path=(*graph.source_path(sid), "text"),
                        subject=sid,
                    )
                )
                continue
            if path is None:
                cache[sid] = None
                if source.text and sid not in warned:
                    warned.add(sid)
                    where = f"'{source.text}' next to the map" + (
                        f" or in {', '.join(str(d) for d in dirs)}" if dirs else ""
                    )
                    result.add(
                        Diagnostic(
                            "AM203",
                            f"source {sid}: text file not found ({where}); its anchors are not checked. "
                            "Pass --texts DIR to say where the source texts are",
                            Severity.WARNING,
                            path=(*graph.source_path(sid), "text"),
                            subject=sid,
                        )
                    )
                continue
            try:
                from argmap.load import reading as load

                size = path.stat().st_size
                if size > load.MAX_BYTES:
                    cache[sid] = None
                    result.add(
                        Diagnostic(
                            "AM203",
                            f"source {sid}: {path} is {load.size_text(size)}, over the "
                            f"{load.size_text(load.MAX_BYTES)} limit; its anchors are not checked",
                            Severity.WARNING,
                            path=graph.source_path(sid),
                            subject=sid,
                        )
                    )
                    continue
                cache[sid] = read_normalised(path)
            except OSError as exc:
                cache[sid] = None
                result.add(
                    Diagnostic(
                        "AM203",
                        f"source {sid}: cannot read {path}: {exc.strerror}",
                        Severity.WARNING,
                        path=graph.source_path(sid),
                        subject=sid,
                    )
                )
                continue
        text = cache[sid]
        if text is None:
            continue
        match = find_anchor(node.anchor, text)
        apath = ("nodes", i, "anchor")
        if not normalise(node.anchor.exact):
            result.add(
                Diagnostic(
                    "AM201",
                    f"node {node.id}: anchor is blank; quote the words of source {sid} that the evidence rests on",
                    path=apath,
                    subject=node.id,
                )
            )
        elif not match.count:
            detail = (
                "the words occur, but not with this prefix/suffix"
                if match.exact_count
                else "check the spelling against the source; argmap never matches approximately"
            )
            if node.anchor.exact.strip()[:1] in "“”‘’«»\"'" or node.anchor.exact.strip()[-1:] in "“”‘’«»\"'":
                detail = "drop the quotation marks around it: the anchor is the words themselves"
            result.add(
                Diagnostic(
                    "AM201",
                    f'node {node.id}: anchor "{_clip(node.anchor.exact)}" not found in source {sid} ({detail})',
                    path=apath,
                    subject=node.id,
                )
            )
        elif match.count > 1:
            result.add(
                Diagnostic(
                    "AM202",
                    f'node {node.id}: anchor "{_clip(node.anchor.exact)}" occurs {match.count} times in '
                    f"source {sid}; add a prefix or suffix to say which",
                    Severity.WARNING,
                    path=apath,
                    subject=node.id,
                )
            )


def _clip(text: str, limit: int = 60) -> str:
    text = normalise(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."
