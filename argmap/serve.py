"""``argmap serve``: a live preview of a map in the browser, redrawn on every save.

A small HTTP server bound to 127.0.0.1 serves the map's interactive page (:mod:`argmap.html`) with a
live hook: the page listens to ``/events`` (server-sent events) and, when the map or one of its source
texts changes on disk, fetches the new page and redraws the diagram in place, keeping the zoom, the
selected node and the search. ``/state`` says what the last check found: every diagnostic with its
line, and, when the map is broken, the located errors (the page keeps the last good drawing).

Files are watched with ``watchfiles`` (Rust ``notify``: inotify, FSEvents, ReadDirectoryChangesW),
which sees editors' atomic saves (write to a temporary file, rename over the map) as one change.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError

__all__ = ["Preview", "PreviewServer", "ServeError", "serve"]

HEARTBEAT = 10.0
"""Seconds between comments on an idle event stream (keeps proxies and the browser from timing out)."""


class ServeError(ArgmapError):
    """The preview cannot start (the port is taken, the map cannot be read); the message says why."""


@dataclass
class Snapshot:
    version: int
    page: str | None
    """The page of the last map that validated (kept while the map is broken)."""
    ok: bool
    errors: list[str]
    """Located errors when the map does not validate: ``file:line:col: error CODE message``."""
    findings: list[dict[str, Any]]
    """Every diagnostic of the last check, as ``Diagnostic.to_dict``."""
    checked: float = field(default_factory=time.time)
    seconds: float = 0.0
    """How long the last check and drawing took."""


class Preview:
    """The map, checked and drawn again whenever :meth:`refresh` is called; thread-safe."""

    def __init__(self, map_path: Path, *, theme: str = "color", direction: str = "BT") -> None:
        self.map_path = map_path
        self.theme = theme
        self.direction = direction
        self._changed = threading.Condition()
        self.snapshot = Snapshot(0, None, False, ["not checked yet"], [])

    def watched(self) -> set[Path]:
        """The map file and the source texts it names (``sources[].text``, relative to the map)."""
        paths = {self.map_path.resolve()}
        m = getattr(self, "_map", None)
        if m is not None:
            for source in m.sources:
                if source.text:
                    paths.add((self.map_path.parent / source.text).resolve())
        return paths

    def refresh(self) -> Snapshot:
        """Check and draw the map again; a broken map keeps the last good page."""
        from argmap.api import check
        from argmap.diagnostics import Severity

        start = time.perf_counter()
        result = check(self.map_path)
        findings = [d.to_dict() for d in result.diagnostics]
        errors = [str(d) for d in result.diagnostics if d.severity == Severity.ERROR]
        page = self.snapshot.page
        ok = result.map is not None and not result.has_errors
        if ok and result.map is not None:
            try:
                page = self._draw(result.map, [d for d in result.diagnostics if d.code.startswith("G")])
                self._map = result.map
            except ArgmapError as exc:
                ok, errors = False, [f"{self.map_path}: {exc.message}"]
        elif not errors:
            errors = [f"{self.map_path}: the map cannot be read"]
        with self._changed:
            self.snapshot = Snapshot(
                self.snapshot.version + 1, page, ok, [] if ok else errors, findings, seconds=time.perf_counter() - start
            )
            self._changed.notify_all()
        return self.snapshot

    def _draw(self, m: Any, gaps: list[Any]) -> str:
        from argmap.html.page import render_html
        from argmap.html.svg import SvgError
        from argmap.view.layout import LayoutError

        try:
            return render_html(m, theme=self.theme, direction=self.direction, live=True)
        except (LayoutError, SvgError, ValueError) as exc:
            raise ArgmapError(str(exc)) from None

    def wait(self, version: int, timeout: float) -> Snapshot:
        """The snapshot once its version is past ``version``, or the current one after ``timeout``."""
        with self._changed:
            self._changed.wait_for(lambda: self.snapshot.version > version, timeout)
            return self.snapshot

    def state(self) -> dict[str, Any]:
        s = self.snapshot
        return {
            "version": s.version,
            "ok": s.ok,
            "errors": s.errors,
            "findings": s.findings,
            "map": str(self.map_path),
            "seconds": round(s.seconds, 3),
        }


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return  # the terminal shows the URL and the changes, not every request

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/":
            self._page()
        elif path == "/state":
            self._send(HTTPStatus.OK, "application/json", json.dumps(self.server.preview.state()).encode())
        elif path == "/events":
            self._events()
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n")

    def _page(self) -> None:
        snapshot = self.server.preview.snapshot
        if snapshot.page is not None:
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", snapshot.page.encode("utf-8"))
            return
        from html import escape

        errors = "".join(f"<li>{escape(e)}</li>" for e in snapshot.errors)
        body = (
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>argmap: map not valid</title>"
            "<meta http-equiv='refresh' content='2'></head><body><h1>The map does not validate yet</h1>"
            f"<ul id='live-errors'>{errors}</ul><p>This page reloads when the file changes.</p></body></html>"
        )
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", body.encode("utf-8"))

    def _send(self, status: HTTPStatus, kind: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        preview, seen = self.server.preview, -1
        try:
            while not self.server.stopping.is_set():
                snapshot = preview.wait(seen, HEARTBEAT if seen >= 0 else 0)
                if snapshot.version != seen:
                    seen = snapshot.version
                    message = json.dumps({"version": seen, "ok": snapshot.ok})
                    self.wfile.write(f"event: change\ndata: {message}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, preview: Preview, port: int = 0) -> None:
        self.preview = preview
        self.stopping = threading.Event()
        try:
            super().__init__(("127.0.0.1", port), _Handler)
        except OSError as exc:
            raise ServeError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}; pick another --port") from None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


def watch(preview: Preview, stop: threading.Event, on_change: Any = None) -> None:
    """Refresh ``preview`` whenever one of its watched files changes, until ``stop`` is set."""
    from watchfiles import watch as watch_files

    while not stop.is_set():
        targets = preview.watched()
        folders = sorted({str(p.parent) for p in targets if p.parent.is_dir()})

        def wanted(change: Any, path: str, targets: set[Path] = targets) -> bool:
            return Path(path).resolve() in targets

        for _changes in watch_files(
            *folders,
            watch_filter=wanted,
            stop_event=stop,
            debounce=150,
            step=50,
            recursive=False,
            yield_on_timeout=False,
        ):
            snapshot = preview.refresh()
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
    say: Any = print,
) -> None:
    """Serve the live preview of ``map_path`` until interrupted (Ctrl-C). ``say`` prints a line."""
    if not map_path.is_file():
        raise ServeError(f"{map_path}: no such map file; check the path")
    preview = Preview(map_path, theme=theme, direction=direction)
    server = PreviewServer(preview, port)
    say(server.url)  # the first line: what to open
    first = preview.refresh()
    say(_summary(first))
    stop = server.stopping
    watcher = threading.Thread(
        target=watch, args=(preview, stop, lambda s: say(_summary(s))), name="argmap-watch", daemon=True
    )
    watcher.start()
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
