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
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError

__all__ = ["Preview", "PreviewServer", "ServeError", "serve"]

MAX_CONNECTIONS = 32
"""Connections served at once; more are answered 503 at once and closed (one line says so)."""
SOCKET_TIMEOUT = 10.0
"""Seconds a connection may sit idle or half-sent before it is closed."""
READ_DEADLINE = 20.0
"""Seconds a client may take to send one whole request (its line, headers and body)."""
POLL_MS = 1000
"""Milliseconds between looks at the files' sizes and times, besides the file events: a change made while
the watch was starting, or on a file system without events, is seen within this."""
MAX_BODY = 1 << 20
"""Bytes a request body may have (an edit, a proposal)."""

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
    revision: str = ""
    """The revision (hash of the bytes) of the file this snapshot checked."""
    stamp: tuple[Any, ...] = ()
    """The map's revision and its source texts' sizes and times: a refresh with the same stamp draws nothing."""
    checked: float = field(default_factory=time.time)
    seconds: float = 0.0
    """How long the last check and drawing took."""


class Preview:
    """The map, checked and drawn again whenever :meth:`refresh` is called, and edited through
    :meth:`edit`; thread-safe."""

    def __init__(
        self, map_path: Path, *, theme: str = "color", direction: str = "BT", texts: list[Path] | None = None
    ) -> None:
        self.map_path = map_path
        self.theme = theme
        self.direction = direction
        self.texts = list(texts or [])
        self._changed = threading.Condition()
        self._editing = threading.Lock()
        self._drawing = threading.Lock()
        self._map: Any = None
        self.snapshot = Snapshot(0, None, False, ["not checked yet"], [])

    def watched(self) -> set[Path]:
        """The map file (as named and, when a symlink, where it leads) and the source texts it names."""
        absolute = Path(os.path.abspath(self.map_path))
        paths = {absolute, self.map_path.resolve()}
        m = self._map
        if m is not None:
            for source in m.sources:
                if source.text:
                    paths.add((self.map_path.parent / source.text).resolve())
        return paths

    def files_stamp(self) -> tuple[Any, ...]:
        """Sizes, times and inodes of the map (the link itself too) and its source texts: what a change
        of any of them changes, read without reading the files."""
        stamp: list[Any] = []
        for path in sorted({Path(os.path.abspath(self.map_path)), *self.watched()}):
            for stat in (os.lstat, os.stat):
                try:
                    st = stat(path)
                    stamp.append((str(path), st.st_ino, st.st_mode, st.st_size, st.st_mtime_ns))
                except OSError:
                    stamp.append((str(path), None))
        return tuple(stamp)

    def _stamp(self, revision: str) -> tuple[Any, ...]:
        return (revision, self.files_stamp())

    def check(self) -> tuple[str, Any, str | None]:
        """The file's revision, what ``check`` says of it, and why it cannot be read (None when it can)."""
        from argmap.api import check
        from argmap.edit import EditError, read_revision

        try:
            _, revision = read_revision(self.map_path)
        except EditError as exc:
            return "", None, exc.message
        return revision, check(self.map_path, texts=self.texts), None

    def refresh(self, checked: tuple[str, Any, str | None] | None = None, *, if_changed: bool = False) -> Snapshot:
        """Check and draw the map again; a broken map keeps the last good page. ``if_changed`` (the
        watch): nothing is done when neither the map nor its source texts changed since the last drawing
        (an edit made here draws its own result, and the watch sees the same change after it)."""
        with self._drawing:
            return self._refresh(checked, if_changed)

    def _refresh(self, checked: tuple[str, Any, str | None] | None, if_changed: bool) -> Snapshot:
        from argmap.diagnostics import Severity

        start = time.perf_counter()
        unchanged = if_changed and self.snapshot.ok
        if unchanged and checked is None and self.snapshot.stamp[1:] == (self.files_stamp(),):
            return self.snapshot
        revision, result, unreadable = checked or self.check()
        if result is not None and result.map is not None:
            self._map = result.map  # first: the stamp covers the source texts this map names
        stamp = self._stamp(revision)
        if unchanged and stamp == self.snapshot.stamp:
            return self.snapshot
        page = self.snapshot.page
        if unreadable is not None or result is None:
            ok, errors, findings = False, [unreadable or f"{self.map_path}: the map cannot be read"], []
        else:
            findings = [d.to_dict() for d in result.diagnostics]
            errors = [str(d) for d in result.diagnostics if d.severity == Severity.ERROR]
            ok = result.map is not None and not result.has_errors
            if ok and result.map is not None:
                try:
                    page = self._draw(result.map)
                except ArgmapError as exc:
                    ok, errors = False, [f"{self.map_path}: {exc.message}"]
            elif not errors:
                errors = [f"{self.map_path}: the map cannot be read"]
        with self._changed:
            self.snapshot = Snapshot(
                self.snapshot.version + 1,
                page,
                ok,
                [] if ok else errors,
                findings,
                revision=revision,
                stamp=stamp,
                seconds=time.perf_counter() - start,
            )
            self._changed.notify_all()
        return self.snapshot

    def _draw(self, m: Any) -> str:
        from argmap.html.page import render_html
        from argmap.html.svg import SvgError
        from argmap.view.layout import LayoutError

        try:
            return render_html(m, theme=self.theme, direction=self.direction, live=True, editor=True)
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
            "revision": s.revision,
            "seconds": round(s.seconds, 3),
        }

    # ------------------------------------------------------------------ the editor's API

    def map_state(self, checked: tuple[str, Any, str | None] | None = None) -> dict[str, Any]:
        """``GET /api/map``: the file's revision, the map as ``export --to json`` gives it (None when it
        cannot be read as a map) and every diagnostic of ``check``."""
        from argmap.interchange.native import dump_data

        revision, result, unreadable = checked or self.check()
        if unreadable is not None or result is None:
            return {"revision": revision, "map": None, "diagnostics": [], "error": unreadable}
        data = dump_data(result.map) if result.map is not None else None
        return {"revision": revision, "map": data, "diagnostics": [d.to_dict() for d in result.diagnostics]}

    def edit(self, revision: Any, ops: Any, *, quick: bool = False) -> dict[str, Any]:
        """``POST /api/edit``: apply ``ops`` if the file is at ``revision``; raises
        :class:`argmap.edit.Stale` or :class:`argmap.edit.EditError`, having written nothing.

        ``quick``: answer with the validation findings of the new file only; the whole check (anchors,
        gap rules) comes with the drawing (``/state``, the page's events). The page asks for it, so that a
        big map's edit is on the page before its rules have run."""
        from argmap.edit import EditError, apply_edit

        if not isinstance(revision, str):
            raise EditError('give the revision the edit was made against ("revision": "...")')
        with self._editing:
            done = apply_edit(self.map_path, revision, ops)
            checked: tuple[str, Any, str | None] | None = None
            quick_state: tuple[str, Any, str | None] | None = None
            if done.loaded is not None and not quick:  # the new text as the edit loaded it: not read again
                from argmap.pipeline import CheckOptions, finish_checks

                checked = (done.revision, finish_checks(done.loaded, CheckOptions(texts=self.texts)), None)
            elif done.loaded is not None:
                done.loaded.locate()
                quick_state = (done.revision, done.loaded, None)
            else:
                checked = self.check()
        answer = self.map_state(checked or quick_state)
        answer["undo"] = done.undo
        answer["changed"] = done.changed
        if done.changed:  # drawn again after the answer is sent (the watcher may come first)
            threading.Thread(target=self.refresh, args=(checked,), name="argmap-redraw", daemon=True).start()
        return answer

    def source_text(self, source_id: str) -> str:
        """The text of one of the map's sources, as the reading pane shows it; raises ArgmapError."""
        from argmap.anchors import Outside, resolve_source_text
        from argmap.load import read_text_limited

        m = self._map
        found = next((s for s in m.sources if s.id == source_id), None) if m is not None else None
        if found is None:
            raise ArgmapError(f"no source has the id {source_id!r}; add it to the map's sources first")
        try:
            path = resolve_source_text(found, self.map_path.parent, self.texts)
        except Outside as exc:
            raise ArgmapError(
                f"source {source_id}: its text {exc.path} lies outside the map's folder; pass --texts DIR"
            ) from None
        if path is None:
            raise ArgmapError(f"source {source_id}: no text file found; give it `text:` or pass --texts DIR")
        try:
            return read_text_limited(path)
        except OSError as exc:
            raise ArgmapError(
                f"source {source_id}: cannot read {path}: {getattr(exc, 'strerror', None) or exc}"
            ) from None

    def sources(self) -> list[dict[str, Any]]:
        """``GET /api/sources``: each source of the map with its text, or why there is none."""
        out: list[dict[str, Any]] = []
        for source in self._map.sources if self._map is not None else []:
            entry: dict[str, Any] = {"id": source.id, "title": source.title}
            try:
                entry["text"] = self.source_text(source.id)
            except ArgmapError as exc:
                entry["text"], entry["problem"] = None, exc.message
            out.append(entry)
        return out

    def propose(self, source: Any, start: Any, end: Any) -> dict[str, Any]:
        """``POST /api/propose``: the node a selection of a source text would make (not written)."""
        from argmap.edit import Document
        from argmap.propose import propose_item

        if not isinstance(source, str) or not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
            raise ArgmapError('give {"source": "<source id>", "start": N, "end": N}')
        text = self.source_text(source)
        raw = self.map_path.read_text(encoding="utf-8")
        doc = Document(raw)
        several = len(doc.items("sources")) > 1
        return {"item": propose_item(text, start, end, source=source, taken=doc.ids(), several_sources=several)}


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT

    def handle_one_request(self) -> None:
        # Reading the request is timed as a whole (see PreviewServer.watchdog): a client that trickles a
        # byte now and then never trips the socket timeout, but it does not keep its thread.
        self.server.reading_started(self.connection)
        try:
            super().handle_one_request()
        finally:
            self.server.reading_done(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        return  # the terminal shows the URL and the changes, not every request

    def _foreign(self) -> bool:
        """Whether the request comes from another site (Host or Origin not this server): refused."""
        own = self.server.own_hosts
        host = (self.headers.get("Host") or "").lower()
        origin = self.headers.get("Origin")
        if host not in own or (origin is not None and origin.lower() not in {f"http://{h}" for h in own}):
            self._send(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8", b"refused: not this server's own page\n")
            return True
        return False

    def do_GET(self) -> None:
        self.server.reading_done(self.connection)
        if self._foreign():
            return
        path = self.path.split("?", 1)[0]
        preview = self.server.preview
        if path == "/":
            self._page()
        elif path == "/state":
            self._json(HTTPStatus.OK, preview.state())
        elif path == "/events":
            self._events()
        elif path == "/api/map":
            self._json(HTTPStatus.OK, preview.map_state())
        elif path == "/api/sources":
            self._json(HTTPStatus.OK, {"sources": preview.sources()})
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n")

    def do_POST(self) -> None:
        if self._foreign():
            return
        from argmap.edit import EditError, Stale

        path = self.path.split("?", 1)[0]
        if path not in ("/api/edit", "/api/propose"):
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n")
            return
        body = self._body()
        self.server.reading_done(self.connection)
        if body is None:
            return
        preview = self.server.preview
        try:
            if path == "/api/edit":
                answer = preview.edit(body.get("revision"), body.get("ops"), quick=body.get("findings") == "validation")
                self._json(HTTPStatus.OK, answer)
                if answer["changed"]:
                    self.server.say(f"{time.strftime('%H:%M:%S')} edited: {_ops_summary(body.get('ops'))}")
            else:
                self._json(HTTPStatus.OK, preview.propose(body.get("source"), body.get("start"), body.get("end")))
        except Stale as exc:
            self._json(HTTPStatus.CONFLICT, {"error": exc.message, **preview.map_state()})
        except (EditError, ArgmapError) as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": exc.message})

    def _body(self) -> dict[str, Any] | None:
        kind = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        if kind != "application/json":
            self._json(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, {"error": "send the request as application/json"})
            return None
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            self._json(HTTPStatus.BAD_REQUEST, {"error": f"a request body of 1 to {MAX_BODY} bytes is expected"})
            return None
        try:
            body = json.loads(self.rfile.read(length))
        except (ValueError, UnicodeDecodeError):
            self._json(HTTPStatus.BAD_REQUEST, {"error": "the request body is not JSON"})
            return None
        if not isinstance(body, dict):
            self._json(HTTPStatus.BAD_REQUEST, {"error": "the request body is a JSON object"})
            return None
        return body

    def _json(self, status: HTTPStatus, data: Any) -> None:
        self._send(status, "application/json", json.dumps(data, ensure_ascii=False).encode("utf-8"))

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
    """Serves the page and its API on 127.0.0.1: at most :data:`MAX_CONNECTIONS` connections at once,
    each a thread with a socket timeout; a client that resets or times out is not reported."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, preview: Preview, port: int = 0, *, say: Any = None) -> None:
        self.preview = preview
        self.stopping = threading.Event()
        self.say: Any = say or (lambda line: None)
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._warned = 0.0
        self._reading: dict[socket.socket, float] = {}
        self._reading_lock = threading.Lock()
        self._holding: set[Any] = set()
        """The connections that hold one of the slots."""
        try:
            super().__init__(("127.0.0.1", port), _Handler)
        except OSError as exc:
            raise ServeError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}; pick another --port") from None
        port = self.server_address[1]
        self.own_hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self._turn_away(request)
            return
        with self._reading_lock:
            self._holding.add(request)
        try:
            super().process_request(request, client_address)
        except BaseException:  # no thread (or Ctrl-C while it started): the slot is freed once either way
            self._free(request)
            raise

    def _free(self, request: Any) -> None:
        with self._reading_lock:
            held = request in self._holding
            self._holding.discard(request)
        if held:
            self._slots.release()

    def reading_started(self, connection: socket.socket) -> None:
        with self._reading_lock:
            self._reading[connection] = time.monotonic()

    def reading_done(self, connection: socket.socket) -> None:
        with self._reading_lock:
            self._reading.pop(connection, None)

    def watchdog(self, stop: threading.Event) -> None:
        """Close every connection that has been sending one request for longer than :data:`READ_DEADLINE`."""
        while not stop.wait(1.0):
            now = time.monotonic()
            with self._reading_lock:
                late = [c for c, since in self._reading.items() if now - since > READ_DEADLINE]
            for connection in late:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._free(request)

    def _turn_away(self, request: socket.socket) -> None:
        """Too many connections at once: a short 503 and close, and one line (at most once a minute)."""
        now = time.monotonic()
        if now - self._warned > 60:
            self._warned = now
            self.say(
                f"{time.strftime('%H:%M:%S')} more than {MAX_CONNECTIONS} connections at once: turning the rest away"
            )
        with contextlib.suppress(OSError):
            request.settimeout(0.2)
            request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        error = sys.exc_info()[1]
        if isinstance(error, OSError):  # a reset, a broken pipe, a timeout: the client went away
            return
        super().handle_error(request, client_address)


def _ops_summary(ops: Any) -> str:
    if not isinstance(ops, list):
        return "nothing"
    parts = []
    for op in ops[:4]:
        if isinstance(op, dict):
            item = op.get("item")
            what = op.get("id") or (item.get("id") if isinstance(item, dict) else "?")
            parts.append(f"{op.get('op')} {what}")
    return ", ".join(parts) + (f" and {len(ops) - 4} more" if len(ops) > 4 else "")


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
