"""The one exception type of the exercise library."""

from __future__ import annotations

from argmap.errors import ArgmapError

__all__ = ["ExerciseError"]


class ExerciseError(ArgmapError, ValueError):
    """Something the user can fix: the message is one line naming the file and what to do (exit code 2
    unless given; the command line reports it as it reports every :class:`~argmap.errors.ArgmapError`)."""
