"""Helpers shared by CLI commands: consoles, output formats, failing with a message."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from enum import Enum
from typing import TYPE_CHECKING, NoReturn, TypeVar

import typer

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from argmap.load import LoadResult

T = TypeVar("T")

__all__ = ["OutFormat", "console", "err_console", "fail", "load_valid", "progress", "write_output"]

PROGRESS_FROM = 50
"""Batches of at least this many files show a progress bar (on a terminal only)."""


class OutFormat(str, Enum):
    """Report formats shared by check and gaps."""

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    parsable = "parsable"


def console(*, stderr: bool = False) -> Console:
    from argmap.report import console as report_console

    return report_console(stderr=stderr)


def err_console() -> Console:
    return console(stderr=True)


def progress(items: Iterable[T], total: int, description: str) -> Iterable[T]:
    """``items`` with a transient progress bar on stderr when it is a terminal and the batch is long."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        return items
    from rich.progress import track

    return track(items, total=total, description=description, console=err_console(), transient=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``argmap: message`` on stderr and exit (2: usage or I/O, 1: findings)."""
    sys.stderr.write(f"argmap: {message}\n")
    raise typer.Exit(code)


def write_output(
    target: str, data: str | bytes | Iterator[str], *, inputs: tuple[str, ...] = (), overwrite: bool = True
) -> None:
    """Write to a file atomically, or to stdout when ``target`` is '-'; ``data`` may be text in pieces."""
    if target == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.writelines([data] if isinstance(data, str) else data)
            sys.stdout.flush()
        return
    from pathlib import Path

    from argmap.fileio import OutputError, write_atomic

    folder = Path(target).parent
    if not folder.is_dir():  # as batch render, import and exercise make do: the output's folder is made
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            fail(f"{target}: {folder} is a file, not a folder; choose another output path")
        except OSError as exc:
            fail(f"{target}: cannot create the folder {folder}: {exc.strerror or exc}")
    try:
        write_atomic(target, data, inputs=inputs, overwrite=overwrite)
    except OutputError as exc:
        fail(str(exc))


def load_valid(path: Path, what: str = "map") -> LoadResult:
    """A map that must validate (see :func:`argmap.api.load_valid`); when it does not, its errors are
    printed and the command exits (1: findings, 2: the file cannot be read)."""
    from argmap.api import load_valid as load

    return load(path, what)
