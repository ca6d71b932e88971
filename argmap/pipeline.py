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

__all__ = ["CheckOptions", "check_file", "check_files", "check_stream", "collect_maps", "finish_checks", "is_broken"]

MAP_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class CheckOptions:
    texts: list[Path] = field(default_factory=list)
    rules: bool = True
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)


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
    then every finding located. ``gaps`` and the language server go through it too, so that they give
    a map the same verdict."""
    if result.map is not None:
        verify_anchors(result, options.texts)
        if options.rules and not is_broken(result):
            _apply_rules(result, options)
    result.locate()
    return result


def check_files(files: list[Path], options: CheckOptions, *, jobs: int = 0) -> Iterator[list[Diagnostic]]:
    """The located diagnostics of each file, in the order of ``files``, by ``jobs`` workers
    (see :func:`argmap.batch.parallel_map`: 0 means one per core for 16 files or more)."""
    from argmap.batch import parallel_map

    return parallel_map(_diagnostics_of, [(f, options) for f in files], jobs=jobs)


def _diagnostics_of(job: tuple[Path, CheckOptions]) -> list[Diagnostic]:
    return check_file(*job).diagnostics


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
