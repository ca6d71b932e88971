"""The one exception type of the exercise library."""

from __future__ import annotations

__all__ = ["ExerciseError"]


class ExerciseError(ValueError):
    """Something the user can fix: the message is one line naming the file and what to do."""
