"""``argmap serve``: a live preview in the browser. Thin: the server is :mod:`argmap.serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from argmap.cli import app
from argmap.cli.render import Direction, ThemeName

__all__ = ["serve"]


@app.command()
def serve(
    map_path: Annotated[Path, typer.Argument(metavar="MAP", help="The map to preview.")],
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port on 127.0.0.1 (0: any free port).")] = 0,
    no_open: Annotated[bool, typer.Option("--no-open", help="Do not open the browser.")] = False,
    theme: Annotated[ThemeName, typer.Option("--theme", help="color or print.")] = ThemeName.color,
    direction: Annotated[
        Direction, typer.Option("--direction", help="Where arrows point: BT puts the thesis on top.")
    ] = Direction.BT,
) -> None:
    """Preview a map in the browser, redrawn whenever the file (or a source text it names) is saved.

    Prints the URL on its first line, then one line per change. The page keeps its zoom and selection
    as it redraws and lists the findings with their lines; a broken edit shows its located error and
    keeps the last good drawing. Listens on 127.0.0.1 only. Stop with Ctrl-C.
    """
    from argmap.serve import serve as run

    def say(line: str) -> None:
        typer.echo(line)

    run(map_path, port=port, open_browser=not no_open, theme=theme.value, direction=direction.value, say=say)
