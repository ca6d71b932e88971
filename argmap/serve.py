"""``argmap serve``: a live preview of a map in the browser, redrawn on every save.

A small HTTP server bound to 127.0.0.1 serves the map's interactive page (:mod:`argmap.html`) with a
live hook: the page listens to ``/events`` (server-sent events) and, when the map or one of its source
texts changes on disk, fetches the new page and redraws the diagram in place, keeping the zoom, the
selected node and the search. ``/state`` says what the last check found: every diagnostic with its
line, and, when the map is broken, the located errors (the page keeps the last good drawing).

Files are watched with ``watchfiles`` (Rust ``notify``: inotify, FSEvents, ReadDirectoryChangesW),
which sees editors' atomic saves (write to a temporary file, rename over the map) as one change.

The page is also an editor (:mod:`argmap.edit` does the edits): ``GET /api/map``, ``POST /api/edit``,
``POST /api/propose`` and ``GET /api/sources`` (see the README). Requests whose ``Host`` or ``Origin``
is not the server's own are refused (DNS rebinding, cross-site writes); a bounded number of connections
is served at once, each with a socket timeout, and a client that goes away is not reported.
Its parts: :mod:`argmap.serve_preview` (the map checked, drawn and edited), :mod:`argmap.serve_http`
(the routes and the server) and this module (the file watch, and the command's loop).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from argmap.serve_http import PreviewServer, ServeError
from argmap.serve_preview import Preview, Snapshot

__all__ = ["Preview", "PreviewServer", "ServeError", "serve", "watch"]

POLL_MS = 1000
"""Milliseconds between looks at the files' sizes and times, besides the file events: a change made while
the watch was starting, or on a file system without events, is seen within this."""


def watch(preview: Preview, stop: threading.Event, on_change: Any = None) -> None:
    """Refresh ``preview`` whenever one of its watched files changes, until ``stop`` is set."""
    from watchfiles import watch as watch_files

    while not stop.is_set():
        targets = preview.watched()
        folders = sorted({str(p.parent) for p in targets if p.parent.is_dir()})

        def wanted(change: Any, path: str, targets: set[Path] = targets) -> bool:
            # As named and as resolved: a map replaced by a symlink (or a link pointed elsewhere) is a change.
            return Path(os.path.abspath(path)) in targets or Path(path).resolve() in targets

        for _changes in watch_files(
            *folders,
            watch_filter=wanted,
            stop_event=stop,
            debounce=150,
            step=50,
            recursive=False,
            yield_on_timeout=True,
            rust_timeout=POLL_MS,
        ):
            if not _changes and preview.snapshot.stamp[1:] == (preview.files_stamp(),):
                continue  # nothing seen and nothing changed (a change made before the watch began is caught here)
            snapshot = preview.refresh(if_changed=True)
            if on_change is not None:
                on_change(snapshot)
            if preview.watched() != targets:
                break  # the map names other source texts now: watch those


def serve(
    map_path: Path,
    *,
    port: int = 0,
    open_browser: bool = True,
    theme: str = "color",
    direction: str = "BT",
    texts: list[Path] | None = None,
    say: Any = print,
) -> None:
    """Serve the live preview and editor of ``map_path`` until interrupted (Ctrl-C). ``say`` prints a line."""
    if not map_path.is_file():
        raise ServeError(f"{map_path}: no such map file; check the path")
    for folder in texts or []:
        if not folder.is_dir():
            raise ServeError(f"{folder}: no such folder for --texts; check the path")
    preview = Preview(map_path, theme=theme, direction=direction, texts=texts)
    server = PreviewServer(preview, port, say=say)
    say(server.url)  # the first line: what to open
    first = preview.refresh()
    say(_summary(first))
    stop = server.stopping
    watcher = threading.Thread(
        target=watch, args=(preview, stop, lambda s: say(_summary(s))), name="argmap-watch", daemon=True
    )
    watcher.start()
    threading.Thread(target=server.watchdog, args=(stop,), name="argmap-watchdog", daemon=True).start()
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    from argmap.errors import Interrupted

    try:
        server.serve_forever(poll_interval=0.2)
    except (KeyboardInterrupt, Interrupted):  # Ctrl-C (or SIGTERM) is how a preview is stopped
        pass
    finally:
        stop.set()
        server.server_close()
        watcher.join(timeout=2)
        say("stopped")


def _summary(snapshot: Snapshot) -> str:
    stamp = time.strftime("%H:%M:%S", time.localtime(snapshot.checked))
    if snapshot.ok:
        count = len(snapshot.findings)
        return f"{stamp} drawn in {snapshot.seconds:.2f} s, {count} finding{'s' * (count != 1)}"
    first = snapshot.errors[0] if snapshot.errors else "the map does not validate"
    more = len(snapshot.errors) - 1
    return f"{stamp} not drawn, last good drawing kept: {first}" + (f" (and {more} more)" if more > 0 else "")
