"""The server's side of the wire, hardened against clients that do not keep to the protocol.

* :class:`FrameGuard` reads standard input for pygls: a frame whose ``Content-Length`` is over the
  limit is skipped (its body read and dropped in chunks) with one log line, instead of pygls
  allocating the length it was told before a byte arrives; header lines are bounded too.
* :class:`ArgmapProtocol` answers requests before ``initialize`` with ServerNotInitialized (-32002),
  drops notifications before it (but ``exit``), answers a request whose parameters do not fit the
  protocol's types (a negative character, say) with InvalidParams, and drops such a notification
  and any change to a document that is not open, each with one log line.
* :func:`one_line_logs` makes pygls log one line per event: its tracebacks are no help in an editor's log.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Any, BinaryIO, TextIO
from urllib.parse import unquote

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcServerNotInitialized
from pygls.protocol import LanguageServerProtocol

__all__ = ["ArgmapProtocol", "FrameGuard", "frame_limit", "one_line_logs"]

_LENGTH = re.compile(rb"Content-Length: *(\d+)\r?\n", re.IGNORECASE)
_MAX_HEADER = 64 * 1024
_CHUNK = 1 << 20


def frame_limit() -> int:
    """The largest message body read: twice the map size limit (JSON escapes a map's text as it is
    sent: quotes, backslashes and line breaks grow by one character each) and 64 KiB for the rest."""
    from argmap.load.reading import MAX_BYTES

    return 2 * MAX_BYTES + _MAX_HEADER


def log(message: str, stream: TextIO | None = None) -> None:
    """One line in the server's log (standard error, which editors keep as the server's output)."""
    out = stream or sys.stderr
    out.write(f"argmap lsp: {message}\n")
    out.flush()


class FrameGuard:
    """Standard input as pygls reads it (``readline`` and ``read``), without frames over ``limit``."""

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self.stream = stream
        self.limit = limit

    def readline(self) -> bytes:
        while True:
            line = self.stream.readline(_MAX_HEADER)
            if len(line) == _MAX_HEADER and not line.endswith(b"\n"):
                log(f"a header line longer than {_MAX_HEADER} bytes; skipped")
                self._skip_line()
                continue
            m = _LENGTH.fullmatch(line)
            if m is None or (len(m.group(1)) <= 18 and int(m.group(1)) <= self.limit):
                return line
            self._skip_frame(m.group(1).decode())

    def read(self, n: int) -> bytes:
        return self.stream.read(min(n, self.limit))

    def _skip_line(self) -> None:
        while (part := self.stream.readline(_MAX_HEADER)) and not part.endswith(b"\n"):
            pass

    def _skip_frame(self, digits: str) -> None:
        """Read past the rest of the headers and the body of an oversized frame, keeping nothing."""
        size = f"{digits} bytes" if len(digits) <= 30 else f"a {len(digits)}-digit number of bytes"
        log(f"a message of {size} is over the limit of {self.limit} bytes (ARGMAP_MAX_BYTES); skipped")
        while (line := self.stream.readline(_MAX_HEADER)) and line.strip():
            if not line.endswith(b"\n"):
                self._skip_line()
        left = int(digits) if len(digits) <= 30 else None  # None: to the end of the stream
        while left is None or left > 0:
            part = self.stream.read(_CHUNK if left is None else min(left, _CHUNK))
            if not part:
                return
            if left is not None:
                left -= len(part)


class _Refused:
    """A message whose parameters do not fit the protocol's types: answered or dropped, never run."""

    jsonrpc = "2.0"

    def __init__(self, data: dict[str, Any]) -> None:
        self.id = data.get("id")
        self.method = str(data.get("method", ""))


class ArgmapProtocol(LanguageServerProtocol):
    """pygls's protocol, answering what a client should not have sent as the specification says."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initialize_seen = False

    def structure_message(self, data: dict[str, Any]) -> Any:
        if "jsonrpc" not in data or "method" not in data or "error" in data:
            return super().structure_message(data)
        try:
            return super().structure_message(data)
        except JsonRpcException:
            return _Refused(data)

    def handle_message(self, message: Any) -> None:
        method = getattr(message, "method", None)
        msg_id = getattr(message, "id", None)
        if isinstance(message, _Refused):
            what = f"request {method}" if msg_id is not None else f"notification {method}"
            log(f"{what} has parameters the protocol does not allow; {'refused' if msg_id is not None else 'ignored'}")
            if msg_id is not None:
                invalid = JsonRpcInvalidParams(f"{method}: parameters the protocol does not allow")
                self._send_response(msg_id, None, invalid.to_response_error())
            return
        if method is not None and not self.initialize_seen and method not in (lsp.INITIALIZE, lsp.EXIT):
            if msg_id is not None:
                early = JsonRpcServerNotInitialized(f"{method} before initialize: initialize the server first")
                self._send_response(msg_id, None, early.to_response_error())
            return
        if method == lsp.INITIALIZE:
            self.initialize_seen = True
        elif method in _DOCUMENT_NOTIFICATIONS and not self.is_open(message.params.text_document.uri):
            log(f"{method} for {message.params.text_document.uri}, which is not open; ignored")
            return
        super().handle_message(message)

    def is_open(self, uri: str) -> bool:
        return unquote(uri) in self.workspace.text_documents


_DOCUMENT_NOTIFICATIONS = (lsp.TEXT_DOCUMENT_DID_CHANGE, lsp.TEXT_DOCUMENT_DID_SAVE, lsp.TEXT_DOCUMENT_DID_CLOSE)


class _OneLine(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        first = record.getMessage().split("\n", 1)[0]
        if first.startswith("Unable to deserialize message"):
            return  # ArgmapProtocol says which message, and what it did with it
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            first = f"{first}: {exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        log(first[:500])


def one_line_logs() -> None:
    """pygls logs warnings and errors as one line each (not its tracebacks); the rest not at all."""
    logger = logging.getLogger("pygls")
    logger.handlers[:] = [_OneLine(logging.WARNING)]
    logger.propagate = False
