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
    texts: Annotated[
        list[Path] | None,
        typer.Option(
            "--texts", metavar="DIR", help="Folder of source texts (repeatable): the reading pane and anchors."
        ),
    ] = None,
) -> None:
    """Edit a map in the browser beside its diagram, redrawn whenever the file (or a source text) changes.

    Select words in the source text to propose an anchored node; add, edit, delete and link nodes; undo
    and redo. Every edit is written to the file at once, keeping comments and layout; an edit made
    while the file changed on disk is refused and the page takes up the new file. Prints the URL on its
    first line, then one line per change. Listens on 127.0.0.1 only. Stop with Ctrl-C.
    """
    from argmap.serve import serve as run

    def say(line: str) -> None:
        typer.echo(line)

    run(
        map_path,
        port=port,
        open_browser=not no_open,
        theme=theme.value,
        direction=direction.value,
        texts=texts,
        say=say,
    )
