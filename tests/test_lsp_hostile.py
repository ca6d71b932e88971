"""`argmap lsp` with a client that does not keep to the protocol (issue 31): raw frames over stdio,
each session ended by closing standard input; what the server answers and what it logs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

_FRAME = re.compile(rb"Content-Length: (\d+)\r\n(?:[^\r\n]+\r\n)*\r\n")


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def request(msg_id: int, method: str, params: dict[str, Any]) -> bytes:
    return frame({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})


def notify(method: str, params: dict[str, Any]) -> bytes:
    return frame({"jsonrpc": "2.0", "method": method, "params": params})


INIT = request(1, "initialize", {"capabilities": {}}) + notify("initialized", {})


def session(data: bytes, tmp_path: Path, **env: str) -> tuple[dict[object, dict[str, Any]], list[str], int]:
    """(responses by id, log lines, exit code) of a server fed ``data`` then the end of its input."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "argmap", "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, cwd=tmp_path, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path), **env},
    )  # fmt: skip
    out, err = proc.communicate(data, timeout=120)
    responses: dict[object, dict[str, Any]] = {}
    at = 0
    while m := _FRAME.match(out, at):
        body = json.loads(out[m.end() : m.end() + int(m.group(1))])
        at = m.end() + int(m.group(1))
        if "id" in body and "method" not in body:
            responses[body["id"]] = body
    assert at == len(out), out[at:]
    return responses, err.decode().splitlines(), proc.returncode


def _open(uri: str, text: str) -> bytes:
    return notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}
    )


def _hover(msg_id: int, uri: str, line: int, character: int) -> bytes:
    return request(msg_id, "textDocument/hover", {"textDocument": {"uri": uri},
                                                   "position": {"line": line, "character": character}})  # fmt: skip


MAP = "argmap: 1\ntitle: Fees\nnodes:\n  - {id: T, kind: thesis, text: Fees are fair.}\n"


def test_an_oversized_frame_is_skipped_with_one_line_and_the_session_goes_on(tmp_path: Path) -> None:
    body = b'{"jsonrpc": "2.0", "method": "x", "params": "' + b"y" * 200_000 + b'"}'
    data = b"Content-Length: %d\r\n\r\n" % len(body) + body + INIT
    responses, log, code = session(data, tmp_path, ARGMAP_MAX_BYTES="1000")
    assert code == 0
    assert log == [f"argmap lsp: a message of {len(body)} bytes is over the limit of 67536 bytes (ARGMAP_MAX_BYTES); "
                   "skipped"]  # fmt: skip
    assert responses[1]["result"]["serverInfo"]["name"] == "argmap"


def test_a_frame_of_a_hundred_terabytes_allocates_nothing(tmp_path: Path) -> None:
    data = INIT + b"Content-Length: 99999999999999\r\n\r\n" + b"{}" * 1000
    responses, log, code = session(data, tmp_path)
    assert code == 0, log
    assert 1 in responses
    assert log == ["argmap lsp: a message of 99999999999999 bytes is over the limit of 134283264 bytes "
                   "(ARGMAP_MAX_BYTES); skipped"]  # fmt: skip


def test_a_header_without_end_is_read_in_bounded_pieces(tmp_path: Path) -> None:
    data = b"X-Junk: " + b"z" * 300_000 + b"\r\n" + INIT
    responses, log, code = session(data, tmp_path)
    assert (code, list(responses)) == (0, [1])
    assert log == ["argmap lsp: a header line longer than 65536 bytes; skipped"]


def test_requests_before_initialize_are_answered_server_not_initialized(tmp_path: Path) -> None:
    hover = _hover(7, "file:///etc/passwd", 0, 0)
    data = hover + notify("textDocument/didOpen", {"textDocument": {"uri": "file:///x.yaml", "languageId": "yaml",
                                                                    "version": 1, "text": MAP}}) + INIT  # fmt: skip
    responses, log, code = session(data, tmp_path)
    assert code == 0
    assert responses[7]["error"] == {
        "code": -32002,
        "message": "textDocument/hover before initialize: initialize the server first",
    }
    assert "result" in responses[1]
    assert log == []


def test_hover_on_a_document_never_opened_reads_nothing_from_disk(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text(MAP, encoding="utf-8")
    data = INIT + _hover(2, secret.as_uri(), 3, 10) + _hover(3, (tmp_path / "gone.yaml").as_uri(), 0, 0)
    data += request(4, "textDocument/documentSymbol", {"textDocument": {"uri": secret.as_uri()}})
    responses, log, code = session(data, tmp_path)
    assert code == 0
    assert [responses[i].get("result", "error") for i in (2, 3, 4)] == [None, None, None]
    assert log == []


def test_broken_positions_and_changes_to_closed_documents_are_refused_in_one_line(tmp_path: Path) -> None:
    uri = (tmp_path / "m.yaml").as_uri()
    bad = {"start": {"line": 1, "character": -5}, "end": {"line": 1, "character": 2}}
    data = INIT + _open(uri, MAP)
    data += notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                              "contentChanges": [{"range": bad, "text": "X"}]})  # fmt: skip
    data += notify("textDocument/didChange", {"textDocument": {"uri": uri + "x", "version": 2},
                                              "contentChanges": [{"text": "X"}]})  # fmt: skip
    data += _hover(5, uri, 3, -9) + _hover(6, uri, 3, 10)
    responses, log, code = session(data, tmp_path)
    assert code == 0
    assert log == [
        "argmap lsp: notification textDocument/didChange has parameters the protocol does not allow; ignored",
        f"argmap lsp: textDocument/didChange for {uri}x, which is not open; ignored",
        "argmap lsp: request textDocument/hover has parameters the protocol does not allow; refused",
    ]
    assert responses[5]["error"]["code"] == -32602
    assert (
        "**T**" in responses[6]["result"]["contents"]["value"]
    )  # the text is as opened: the bad change was not applied


@pytest.mark.parametrize("digits", [30, 5000])
def test_a_content_length_too_long_to_be_a_number_ends_the_input(tmp_path: Path, digits: int) -> None:
    data = INIT + b"Content-Length: " + b"9" * digits + b"\r\n\r\n{}"
    responses, log, code = session(data, tmp_path)
    assert (code, list(responses)) == (0, [1])
    size = f"{'9' * digits} bytes" if digits <= 30 else f"a {digits}-digit number of bytes"
    assert log == [f"argmap lsp: a message of {size} is over the limit of 134283264 bytes (ARGMAP_MAX_BYTES); skipped"]
