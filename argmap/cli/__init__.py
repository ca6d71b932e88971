"""The ``argmap`` command line. Thin: each command parses options and calls the library.

Heavy modules (pydantic models, rich, graphviz) are imported inside commands so that
``argmap --help`` and ``argmap --version`` stay fast.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

# A process-wide setting, made by the program and not by the library on import: yaml-rs builds its
# parse tree with mimalloc, which by default keeps what it frees for its own reuse (some 60 MB after a
# 50,000-node map). With no purge delay it goes back to the system at once. It must be set before
# yaml-rs is first imported, which no command module does at import time.
os.environ.setdefault("MIMALLOC_PURGE_DELAY", "0")
# Pydantic looks for plugins in the entry points of every installed distribution when it builds its
# first validator (8-14 ms a run, more with more packages); the command line has none to offer, and
# need not even import the plugin loader (argmap.cli.plugins).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer

from argmap import __version__
from argmap.cli.plugins import without_plugin_loader
from argmap.errors import Interrupted

without_plugin_loader()

__all__ = ["App", "app", "main"]


class App(typer.Typer):
    """A Typer whose commands report the library's :class:`argmap.errors.ArgmapError` in one place:
    a map's diagnostics (when it did not validate), then ``argmap: message``, and its exit code."""

    def command(  # type: ignore[override]
        self, *args: Any, **kwargs: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        from argmap.cli.helptext import Command

        kwargs.setdefault("cls", Command)
        register = super().command(*args, **kwargs)

        def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
            register(_reporting(fn))
            return fn

        return decorator


def _reporting(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        from argmap.errors import ArgmapError, InvalidMap

        try:
            return fn(*args, **kwargs)
        except ArgmapError as exc:
            if isinstance(exc, InvalidMap):
                from argmap.report import format_parsable

                sys.stderr.write(format_parsable(exc.diagnostics))
            from argmap.report import printable

            sys.stderr.write(f"argmap: {printable(exc.message)}\n")
            raise typer.Exit(exc.code) from None

    return run


app = App(
    name="argmap",
    help=(
        "Claim-evidence argument maps: validate typed evidence, find evidence gaps, render diagrams, "
        "run critical-reading exercises, exchange maps with other tools.\n\n"
        "Exit codes: 0 clean (warnings allowed), 1 findings (errors), 2 usage or I/O problems."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"argmap {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", help="Print the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """Claim-evidence argument mapper."""


# Each module registers its commands on `app`; keep imports there cheap (no heavy module-level imports).
_COMMAND_MODULES = (
    "check",
    "gaps",
    "schemes",
    "render",
    "export",
    "interchange",
    "exercise",
    "extra",
    "lsp",
    "serve",
    "suggest",
)


def _register() -> None:
    import importlib

    for name in _COMMAND_MODULES:
        importlib.import_module(f"argmap.cli.{name}")


_register()


_MAIN_PID = os.getpid()


def _on_signal(signum: int, frame: object) -> None:
    import signal

    if os.getpid() != _MAIN_PID:  # a forked worker (batches): behave as Python does by default
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise Interrupted(signum)


def _silence_stdout() -> None:
    """After a failed write to standard output, stop Python from failing again when it flushes at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main() -> None:
    """Entry point: run the app; an unexpected error becomes one line, not a traceback."""
    import signal

    global _MAIN_PID
    _MAIN_PID = os.getpid()
    for handled in (signal.SIGINT, signal.SIGTERM):
        signal.signal(handled, _on_signal)
    try:
        _only_command(sys.argv[1:2])
        app()
    except (KeyboardInterrupt, Interrupted) as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else int(signal.SIGINT)
        sys.stderr.write("argmap: interrupted\n" if signum == signal.SIGINT else "argmap: terminated\n")
        sys.exit(128 + signum)
    except SystemExit:
        raise
    except OSError as exc:  # writing to standard output: a full disk (/dev/full), a closed pipe
        _silence_stdout()
        if not isinstance(exc, BrokenPipeError):  # `argmap ... | head`: the reader has all it wanted
            sys.stderr.write(f"argmap: cannot write the output: {exc.strerror or exc}\n")
        sys.exit(2)
    except Exception as exc:  # the last line of defence: never show a traceback to a user
        if os.environ.get("ARGMAP_DEBUG"):
            raise
        sys.stderr.write(
            f"argmap: internal error: {exc.__class__.__name__}: {exc}\n"
            "This is a bug in argmap; please report it with the input file (set ARGMAP_DEBUG=1 for details).\n"
        )
        sys.exit(2)


def _only_command(first: list[str]) -> None:
    """When the first argument names a command, keep only that command in this process's app.

    Typer builds the parameters of every registered command (signatures, type hints) before it runs
    one: some 40 ms of each run for the twelve that are not used. Anything else (options, help, a
    mistyped name) keeps the whole app, so its help and suggestions are unchanged.
    """
    if not first:
        return
    name = first[0]
    commands = [
        c
        for c in app.registered_commands
        if (c.name or typer.main.get_command_name(getattr(c.callback, "__name__", ""))) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) == 1:
        app.registered_commands[:] = commands
        app.registered_groups[:] = groups
