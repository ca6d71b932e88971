"""argmap as a library: what each command does, as one call, without typer or rich.

Every function raises :class:`argmap.errors.ArgmapError` (with the message the command line would
print and its exit code) for what the user can fix; bad input never raises anything else.
``import argmap`` makes these available as ``argmap.check``, ``argmap.draw`` and so on::

    import argmap

    result = argmap.check("claims/north-korea-seeking-new-friends.yaml", texts=["sources/"])
    for d in result.diagnostics:
        print(d)                                   # file:line:col severity CODE message
    svg = argmap.draw("claims/north-korea-seeking-new-friends.yaml", "svg").data
    aif = argmap.export("claims/north-korea-seeking-new-friends.yaml", "aif").text
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.errors import ArgmapError, InvalidMap

if TYPE_CHECKING:
    from argmap.drawing import Drawing
    from argmap.exercises.api import ClassGrades
    from argmap.exercises.layout import ExerciseFiles
    from argmap.interchange import Exported, Imported
    from argmap.load import LoadResult
    from argmap.model import ArgMap
    from argmap.view.build import View

__all__ = [
    "check",
    "draw",
    "export",
    "grade",
    "import_file",
    "load",
    "load_valid",
    "make_exercise",
    "view_map",
]

PathLike = str | os.PathLike[str]


def load(path: PathLike) -> LoadResult:
    """Read and validate a map (schema, references, structure); never raises for bad input: every
    problem is a located diagnostic in the result, whose ``map`` is None when nothing could be read."""
    from argmap.load import load_map

    return load_map(path)


def load_valid(path: PathLike, what: str = "map", *, texts: Iterable[PathLike] = (), rules: bool = True) -> LoadResult:
    """A map that must validate, for whatever transforms it (drawing, export, exercises).

    Its quotation anchors are verified as ``check`` verifies them (against the source texts next to the
    map, or in ``texts`` folders), so that every command gives a map the same verdict. Raises
    :class:`InvalidMap` (code 1, with the diagnostics) when it has errors, or code 2 when the file cannot
    be read at all. The result's ``map`` and ``graph`` are then set. With ``rules=False`` (conversions)
    only the map's form counts: findings of the rules about its argument refuse nothing.
    """
    result = load(path)
    if result.map is not None and not result.has_errors:
        from argmap.anchors import verify_anchors

        verify_anchors(result, [Path(t) for t in texts])
        if rules:
            apply_error_rules(result)
        result.locate()
    if result.map is None or result.has_errors:
        if any(d.code == "AM001" for d in result.diagnostics):
            raise InvalidMap(f"{path}: cannot read the {what}; check the path", result.diagnostics, 2)
        raise InvalidMap(
            f"{path}: the {what} does not validate: it has errors; fix them first (argmap check {path})",
            result.diagnostics,
        )
    return result


def apply_error_rules(result: LoadResult) -> None:
    """The rules whose findings are errors for this map (by default, or by its ``config.severity``), so
    that a map that ``check`` fails is refused everywhere; the other rules are ``check``'s and ``gaps``'."""
    from argmap.rules import all_rules, apply_rules

    m = result.map
    assert m is not None
    raised = {code for code, level in m.config.severity.items() if level == "error"}
    codes = [r.code for r in all_rules() if r.severity.value == "error" or r.code in raised]
    if codes:
        apply_rules(result, select=codes)


def passes_check(result: LoadResult) -> bool:
    """Whether ``argmap check`` passes the loaded map: no error from loading, then none from the error rules."""
    if not result.has_errors:
        apply_error_rules(result)
    return not result.has_errors


def check(
    path: PathLike,
    *,
    texts: Iterable[PathLike] = (),
    rules: bool = True,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    severity: dict[str, str] | None = None,
) -> LoadResult:
    """Everything ``argmap check`` reports for one map: validation, quotation anchors (against the
    source texts next to the map or in ``texts`` folders) and the evidence-gap rules."""
    from argmap.pipeline import CheckOptions, check_file

    options = CheckOptions(
        texts=[Path(t) for t in texts],
        rules=rules,
        select=list(select),
        ignore=list(ignore),
        severity=dict(severity or {}),
    )
    return check_file(path, options)


def view_map(
    path: PathLike, *, focus: str | None = None, depth: int = 2, collapse: bool = False, status: bool = False
) -> View:
    """The neutral view of a valid map that every diagram draws (nodes with their facts, relations,
    what was left out)."""
    from argmap.drawing import view_of

    result = load_valid(path)
    m, graph = result.take()
    return view_of(m, graph, focus, depth, collapse, status)


def draw(path: PathLike, kind: str = "svg", **settings: Any) -> Drawing:
    """The diagram of a valid map: ``kind`` is any diagram format (svg, png, pdf, dot, mmd, html);
    ``settings`` are those of :class:`argmap.drawing.DrawSettings` (theme, direction, legend, focus,
    depth, collapse, status, engine, timeout). ``.data`` is text or bytes as the format is."""
    from argmap.drawing import DrawSettings
    from argmap.drawing import draw as draw_result
    from argmap.formats import names

    if kind not in names("diagram"):
        raise ArgmapError(f"unknown diagram format {kind!r}: use one of {', '.join(names('diagram'))}")
    return draw_result(load_valid(path), DrawSettings(kind=kind, **settings), path)


def export(source: PathLike | ArgMap, fmt: str) -> Exported:
    """A map in another format (json, yaml, aif, argdown, markdown), with what that format loses."""
    from argmap.formats import get, names, resolve
    from argmap.model import ArgMap

    if fmt not in names("export"):
        raise ArgmapError(f"unknown export format {fmt!r}: use one of {', '.join(names('export'))}")
    m = source if isinstance(source, ArgMap) else load_valid(source, rules=False).map
    assert m is not None
    exported: Exported = resolve(get("export", fmt))(m)
    return exported


def import_file(path: PathLike, fmt: str | None = None, *, thesis: str | None = None) -> Imported:
    """A foreign map (AIF, Argdown, Kialo, microtexts, SADFace) as an argmap map, with the defects found
    and what was lost. ``fmt`` is guessed from the content and the suffix when not given; a file that is
    not importable (argmap's own map, the Argdown CLI's JSON, a zip) is an :class:`ArgmapError` saying so."""
    from argmap.formats import FORMATS, get, resolve
    from argmap.interchange import ImportOptions
    from argmap.interchange.recognise import ZIP_MAGIC, recognise, refusal
    from argmap.load import TooLarge, read_limited

    file = Path(path)
    try:
        raw = read_limited(file)
        if raw.startswith(ZIP_MAGIC):
            raise ArgmapError(f"{file}: a zip archive: import an AIFdb corpus with argmap import {file} -o DIR")
        text = raw.decode("utf-8-sig")
    except TooLarge:
        raise ArgmapError(f"{file}: too large to import") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ArgmapError(f"{file}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    seen = recognise(file, text)
    why = refusal(text) if fmt else seen.why
    if why:
        raise ArgmapError(f"{file}: {why}")
    fmt = fmt or seen.fmt
    readers = [f.name for f in FORMATS if f.family == "import" and f.takes == "text"]
    if fmt not in readers:
        raise ArgmapError(f"{file}: cannot tell the format; pass one of {', '.join(readers)}")
    imported: Imported = resolve(get("import", fmt))(text, file=str(file), options=ImportOptions(thesis=thesis))
    return imported


def make_exercise(path: PathLike, kind: str, **options: Any) -> ExerciseFiles:
    """Every file of a critical-reading exercise made from a valid map (worksheet, blank answer sheet,
    key, for the student and the teacher apart), in memory: ``kind`` is fill-evidence, match, find-gaps
    or starter; ``options`` are those of :func:`argmap.exercises.layout.build_files` (seed, students,
    diagrams, html, paper). ``argmap exercise make`` writes them into a folder."""
    from argmap.exercises.layout import build_files, source_text_for
    from argmap.exercises.make import KINDS

    if kind not in KINDS:
        raise ArgmapError(f"unknown exercise kind {kind!r}: use one of {', '.join(KINDS)}")
    m = load_valid(path).map
    assert m is not None
    options.setdefault("source_text", source_text_for(m, path))
    return build_files(m, kind, **options)


def grade(key: PathLike, answers: Iterable[PathLike], **options: Any) -> ClassGrades:
    """Grade students' answer sheets (or maps) against the teacher's folder or a key map, by meaning;
    ``options`` are those of :func:`argmap.exercises.api.grade_paths` (texts, rubric, overrides, kind)."""
    from argmap.exercises.api import grade_paths

    return grade_paths(key, list(answers), **options)
