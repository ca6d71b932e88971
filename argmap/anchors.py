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

__all__ = ["AnchorMatch", "find_anchor", "normalise", "read_normalised", "resolve_source_text", "verify_anchors"]

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
    """Offsets (in normalised text) of every place that fits exact + prefix + suffix."""
    exact_count: int
    """Places where the exact words occur, regardless of prefix and suffix."""


def _occurrences(haystack: str, needle: str) -> list[int]:
    out: list[int] = []
    start = haystack.find(needle)
    while start != -1:
        out.append(start)
        start = haystack.find(needle, start + 1)
    return out


def find_anchor(anchor: Anchor, normalised_text: str) -> AnchorMatch:
    """Every place where the anchor's words stand, with its prefix just before and suffix just after.

    A blank anchor (nothing left after folding) matches nowhere.
    """
    exact = normalise(anchor.exact)
    if not exact:
        return AnchorMatch([], 0)
    text = normalised_text
    places = _occurrences(text, exact)
    fitting = places
    # Normalised text has single spaces, so at most one space separates the words from prefix or
    # suffix: look only at that window, never copy the text before or after each place.
    prefix = normalise(anchor.prefix or "")
    if prefix:
        fitting = [p for p in fitting if text.endswith(prefix, 0, p) or text.endswith(prefix + " ", 0, p)]
    suffix = normalise(anchor.suffix or "")
    if suffix:
        fitting = [
            p
            for p in fitting
            if text.startswith(suffix, p + len(exact)) or text.startswith(" " + suffix, p + len(exact))
        ]
    return AnchorMatch(fitting, len(places))


def resolve_source_text(source: Source, base_dir: FsPath, texts_dirs: list[FsPath]) -> FsPath | None:
    """The local text file of a source: its `text` field (relative to the map), else in --texts dirs."""
    candidates: list[FsPath] = []
    if source.text:
        given = FsPath(source.text)
        candidates.append(given if given.is_absolute() else base_dir / given)
        candidates.extend(d / given.name for d in texts_dirs)
    candidates.extend(d / f"{source.id}.txt" for d in texts_dirs)
    for c in candidates:
        if c.is_file():
            return c
    return None


_TEXTS: dict[FsPath, tuple[tuple[int, int], str]] = {}
_TEXTS_KEPT = 16


def read_normalised(path: FsPath) -> str:
    """The normalised text of a source file, read again only when its size or time changed: a
    language server re-checks a map on every edit, and a book-length source takes 100 ms to read."""
    st = path.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    kept = _TEXTS.get(path)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    text = normalise(path.read_text(encoding="utf-8", errors="replace"))
    if len(_TEXTS) >= _TEXTS_KEPT:
        _TEXTS.pop(next(iter(_TEXTS)))
    _TEXTS[path] = (stamp, text)
    return text


def verify_anchors(result: LoadResult, texts_dirs: list[FsPath] | None = None) -> None:
    """Check every anchor whose source text can be found; append diagnostics to ``result``."""
    m, graph = result.map, result.graph
    if m is None or graph is None:
        return
    dirs = texts_dirs or []
    cache: dict[str, str | None] = {}
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
            path = resolve_source_text(source, result.base_dir, dirs)
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
        elif not match.starts:
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
        elif len(match.starts) > 1:
            result.add(
                Diagnostic(
                    "AM202",
                    f'node {node.id}: anchor "{_clip(node.anchor.exact)}" occurs {len(match.starts)} times in '
                    f"source {sid}; add a prefix or suffix to say which",
                    Severity.WARNING,
                    path=apath,
                    subject=node.id,
                )
            )


def _clip(text: str, limit: int = 60) -> str:
    text = normalise(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."
