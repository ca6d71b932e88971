"""The check pipeline shared by the CLI and library users: load, verify anchors, run rules."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from argmap.anchors import verify_anchors
from argmap.diagnostics import Diagnostic
from argmap.load import LoadResult, load_map

__all__ = [
    "LIST_LIMIT",
    "CheckOptions",
    "check_file",
    "check_files",
    "check_stream",
    "collect_maps",
    "finish_checks",
    "is_broken",
]

MAP_SUFFIXES = (".yaml", ".yml", ".json")
LIST_LIMIT = 50
"""Findings of one rule code that ``check``'s text report lists per file (``--all`` lists every one)."""


@dataclass
class CheckOptions:
    texts: list[Path] = field(default_factory=list)
    rules: bool = True
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    limit: int = 0
    """List (and locate) at most this many findings of each rule code, the first in the file; the
    others are kept, marked ``folded``, for counts and exit codes. 0: every finding."""


def check_file(path: str | os.PathLike[str], options: CheckOptions | None = None) -> LoadResult:
    """Load one map and run every check on it; diagnostics come back located."""
    return finish_checks(load_map(path), options or CheckOptions())


def check_stream(stream: BinaryIO, options: CheckOptions | None = None, *, name: str = "<stdin>") -> LoadResult:
    """Check a map read from ``stream`` (an editor's unsaved buffer on standard input).

    ``name`` is how diagnostics name the map; when it is the map's real path, relative ``text:``
    paths of its sources resolve as for the file. At most the size limit of a map file is read.
    """
    from argmap.load import load_stream

    result = load_stream(stream, name=name)
    return finish_checks(result, options or CheckOptions())


def finish_checks(result: LoadResult, options: CheckOptions) -> LoadResult:
    """What ``check`` does after loading: quotation anchors, then (unless the map is broken) the rules,
    then every finding located (with a ``limit``, the listed ones). ``gaps`` and the language server go
    through it too, so that they give a map the same verdict."""
    folded: list[Diagnostic] = []
    close: list[list[Diagnostic]] = []
    if result.map is not None:
        verify_anchors(result, options.texts)
        if options.rules and not is_broken(result):
            found = len(result.diagnostics)
            _apply_rules(result, options)
            if options.limit > 0:
                folded, close = _fold(result, found, options.limit)
    result.locate()
    if close:  # located with the rest: keep the first by line and column
        for ds in close:
            for d in sorted(ds, key=lambda d: (d.line, d.col))[options.limit :]:
                d.folded = True
                d.line = d.col = 0
        folded += [d for d in result.diagnostics if d.folded]
        result.diagnostics[:] = [d for d in result.diagnostics if not d.folded]
    result.diagnostics.extend(folded)
    return result


def _fold(result: LoadResult, start: int, limit: int) -> tuple[list[Diagnostic], list[list[Diagnostic]]]:
    """Take out of ``result`` the rule findings (from index ``start``) that cannot be among the first
    ``limit`` of their code in the file, marked folded, so that they are not located; return them, and
    the codes whose listed findings only their lines can choose.

    Items of a list stand in the file in their order, so only the first ``limit`` findings of a code
    in each list (by item, with any tied with the last of them) can come first, and the findings that
    point elsewhere (the config, the document).
    """
    rules = result.diagnostics[start:]
    by_code: dict[str, list[Diagnostic]] = {}
    for d in rules:
        by_code.setdefault(d.code, []).append(d)
    if all(len(ds) <= limit for ds in by_code.values()):
        return [], []
    close: list[list[Diagnostic]] = []
    for ds in by_code.values():
        if len(ds) <= limit:
            continue
        sections: dict[object, list[Diagnostic]] = {}
        for d in ds:
            listed = len(d.path) >= 2 and isinstance(d.path[0], str) and isinstance(d.path[1], int)
            sections.setdefault(d.path[0] if listed else None, []).append(d)
        for section, found in sections.items():
            if section is None or len(found) <= limit:
                continue
            in_order = sorted(found, key=_item)  # stable: findings on one item keep their order
            last = _item(in_order[limit - 1])
            for d in in_order[limit:]:
                d.folded = _item(d) > last
        candidates = [d for d in ds if not d.folded]
        if len(candidates) > limit:
            close.append(candidates)
    result.diagnostics[start:] = [d for d in rules if not d.folded]
    return [d for d in rules if d.folded], close


def check_files(files: list[Path], options: CheckOptions, *, jobs: int = 0) -> Iterator[list[Diagnostic]]:
    """The located diagnostics of each file, in the order of ``files``, by ``jobs`` workers
    (see :func:`argmap.batch.parallel_map`: 0 means one per core for 16 files or more)."""
    from argmap.batch import parallel_map

    return parallel_map(_diagnostics_of, [(f, options) for f in files], jobs=jobs)


def _diagnostics_of(job: tuple[Path, CheckOptions]) -> list[Diagnostic]:
    return check_file(*job).diagnostics


def _item(d: Diagnostic) -> int:
    """The place in its list of the item a finding points at (paths checked by the caller)."""
    return int(d.path[1])


def collect_maps(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """Expand files and folders to map files; return (files, problems with the given paths)."""
    from argmap.batch import find_files

    found, problems = find_files(paths, MAP_SUFFIXES, what="map files")
    return [f for f, _ in found], problems


def _apply_rules(result: LoadResult, options: CheckOptions) -> None:
    from argmap.rules import apply_rules

    apply_rules(result, select=options.select, ignore=options.ignore, severity=options.severity)


def is_broken(result: LoadResult) -> bool:
    """Schema or structure errors: rules would only repeat them in other words."""
    return any(d.severity.value == "error" and d.code.startswith(("AM0", "AM1")) for d in result.diagnostics)
