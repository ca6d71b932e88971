"""Help screens in a user's words: ``MAP...``, ``N``, ``DIR``, not typer's ``{MAP}``, ``<int range>``,
``<list[Path]>``.

Typer shows each value's Python type; :class:`Command` (the command class of every argmap command, set by
:class:`argmap.cli.App`) shows a word for what to type instead: the parameter's metavar when it has one,
else its choices, else ``N`` for a whole number, ``NUMBER``, ``PATH`` or ``TEXT``; required arguments
appear in the usage line as ``MAP...`` and optional ones as ``[CODE]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args, get_origin

from typer.core import TyperArgument, TyperCommand

__all__ = ["Command", "value_word"]


def value_word(param: Any) -> str | None:
    """What to type for ``param``'s value (a typer parameter), in the help screen; None for a flag."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    if param.metavar:
        return str(param.metavar)
    desc = getattr(param, "type_descriptor", None)
    if desc is not None and desc.is_choice and desc.choices:
        return "<" + "|".join(str(getattr(c, "value", c)) for c in desc.choices) + ">"
    annotation = desc.annotation if desc is not None else None
    if get_origin(annotation) is list:
        annotation = get_args(annotation)[0]
    if (desc is not None and desc.is_path) or annotation is Path:
        return "PATH"
    if annotation is int:
        return "N"
    if annotation is float:
        return "SECONDS" if "timeout" in (param.name or "") else "NUMBER"
    return "TEXT"


def _usage_word(param: TyperArgument) -> str:
    name = param.metavar or (param.name or "").upper()
    if param.nargs != 1:
        name += "..."
    return name if param.required or name.startswith("[") else f"[{name}]"


class Command(TyperCommand):
    """A typer command whose help screen says what to type, in words (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            word = value_word(param)
            # Per instance: the name column, the value word and the usage word of this parameter.
            if isinstance(param, TyperArgument):
                name = param.metavar or (param.name or "").upper()
                param._rich_display_name = _constant(name + ("..." if param.nargs != 1 else ""))  # type: ignore[method-assign]
                param.display_type_rich = _constant(None)  # type: ignore[method-assign]
                param._usage_display_name = _constant(_usage_word(param))  # type: ignore[method-assign]
            elif word is not None:
                param.display_type_rich = _constant(word)  # type: ignore[attr-defined]


def _constant(value: str | None) -> Any:
    def answer(*args: Any, **kwargs: Any) -> str | None:
        return value

    return answer
