"""``argmap lsp``: the language server for editors, over standard input and output."""

from __future__ import annotations

from pathlib import Path

import typer

from argmap.cli import app
from argmap.cli.common import fail
from argmap.lsp import DEBOUNCE_MS


@app.command()
def lsp(
    texts: list[Path] = typer.Option(
        [], "--texts", "-t", help="Folder with plain-text copies of sources, to verify quotation anchors."
    ),
    debounce: int = typer.Option(
        DEBOUNCE_MS,
        "--debounce",
        min=0,
        max=5000,
        help="Milliseconds of quiet typing before a changed map is re-checked.",
    ),
    stdio: bool = typer.Option(
        False, "--stdio", help="Accepted for editors that pass it: stdio is the only transport."
    ),
) -> None:
    """Run the language server (LSP over stdio) for map files: diagnostics, hover, go to definition,
    references, rename, completion, outline and quick fixes. Editors start it; see the README's
    "Editors" section for VS Code, Neovim and Helix.
    """
    for d in texts:
        if not d.is_dir():
            fail(f"--texts {d}: not a folder")
    try:
        from argmap.lsp.handlers import make_server
    except ModuleNotFoundError as exc:  # pygls missing from a broken install
        fail(f"the language server needs {exc.name}: pip install pygls")
    import sys

    from argmap.lsp.protocol import FrameGuard, frame_limit, one_line_logs

    one_line_logs()
    make_server(texts, debounce / 1000).start_io(stdin=FrameGuard(sys.stdin.buffer, frame_limit()))  # type: ignore[arg-type]
