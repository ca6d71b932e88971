"""The HTTP side of ``argmap serve``: the routes of the page, its event stream and the editor's JSON API
(:class:`PreviewServer`), served on 127.0.0.1 from a :class:`argmap.serve_preview.Preview`.

Requests whose ``Host`` or ``Origin`` is not the server's own are refused (DNS rebinding, cross-site
writes); a bounded number of connections is served at once, each with a socket timeout and a deadline for
sending its request, and a client that goes away is not reported.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from argmap.errors import ArgmapError

if TYPE_CHECKING:
    from argmap.serve_preview import Preview

__all__ = ["HEARTBEAT", "MAX_BODY", "MAX_CONNECTIONS", "READ_DEADLINE", "SOCKET_TIMEOUT", "PreviewServer", "ServeError"]

MAX_CONNECTIONS = 32
"""Connections served at once; more are answered 503 at once and closed (one line says so)."""
SOCKET_TIMEOUT = 10.0
"""Seconds a connection may sit idle or half-sent before it is closed."""
READ_DEADLINE = 20.0
"""Seconds a client may take to send one whole request (its line, headers and body)."""
MAX_BODY = 1 << 20
"""Bytes a request body may have (an edit, a proposal)."""

HEARTBEAT = 10.0
"""Seconds between comments on an idle event stream (keeps proxies and the browser from timing out)."""


class ServeError(ArgmapError):
    """The preview cannot start (the port is taken, the map cannot be read); the message says why."""


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
