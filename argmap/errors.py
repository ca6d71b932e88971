"""The one exception type the library raises for what a user can fix; the CLI catches it in one place."""

from __future__ import annotations

from collections.abc import Sequence

from argmap.diagnostics import Diagnostic

__all__ = ["ArgmapError", "Interrupted", "InvalidMap"]


class ArgmapError(Exception):
    """Something a user asked cannot be done; the message says what to do.

    ``code`` is the exit code the command line gives it: 2 for usage or I/O problems (the default),
    1 for findings in the input.
    """

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class InvalidMap(ArgmapError):
    """A map that must validate does not; ``diagnostics`` are its located errors (and warnings)."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic], code: int = 1) -> None:
        super().__init__(message, code)
        self.diagnostics = list(diagnostics)


class Interrupted(BaseException):
    """SIGINT or SIGTERM: raised from the signal handler so that every ``finally`` (temporary files
    included) runs. A BaseException that is not KeyboardInterrupt: Typer turns that into a silent
    exit 130, and ``except Exception`` in a library does not swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
