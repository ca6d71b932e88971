"""``argmap serve`` as an editor, without a browser: the JSON API (GET /api/map, POST /api/edit,
POST /api/propose), refusals of other sites, and serving that holds: hundreds of idle or half-sent
connections, clients that reset, the map replaced by a symlink, deleted or turned into a folder.
Each server is the real command on a free port, stopped by the fixture."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from argmap.edit import revision_of

BIKE = Path(__file__).parent / "eval" / "bike-lanes"
needs_layout = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")


class Served:
    def __init__(self, proc: subprocess.Popen[str], url: str, path: Path) -> None:
        self.proc, self.url, self.path = proc, url, path
        self.port = int(url.rsplit(":", 1)[1].strip("/"))

    def call(self, method: str, route: str, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        data = json.dumps(body).encode() if body is not None else None
        sent = {"Content-Type": "application/json"} if data is not None else {}
        sent.update(headers or {})
        conn.request(method, route, body=data, headers=sent)
        response = conn.getresponse()
        raw = response.read()
        conn.close()
        kind = response.getheader("Content-Type") or ""
        return response.status, json.loads(raw) if kind.startswith("application/json") else raw.decode()

    def state(self) -> dict[str, Any]:
        with urllib.request.urlopen(self.url + "state", timeout=10) as r:
            data: dict[str, Any] = json.loads(r.read())
        return data

    def wait_state(self, test: Callable[[dict[str, Any]], bool], seconds: float = 10) -> dict[str, Any]:
        deadline = time.monotonic() + seconds
        while True:
            s = self.state()
            if test(s) or time.monotonic() > deadline:
                return s
            time.sleep(0.1)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    live = tmp_path / "key.yaml"
    shutil.copy(BIKE / "key.yaml", live)
    shutil.copy(BIKE / "elm-street-bike-lanes.txt", tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "argmap", "serve", str(live), "--no-open"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    assert proc.stdout is not None
    s = Served(proc, proc.stdout.readline().strip(), live)
    s.wait_state(lambda st: st["version"] >= 1, 30)
    try:
        yield s
    finally:
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:  # a loaded machine: stop it anyway
            proc.kill()
            proc.communicate(timeout=10)


@needs_layout
def test_the_api_reads_edits_and_refuses_stale_or_invalid_edits_writing_nothing(served: Served) -> None:
    status, answer = served.call("GET", "/api/map")
    assert status == 200 and set(answer) == {"revision", "map", "diagnostics"}
    revision = answer["revision"]
    assert answer["map"]["nodes"][0] == {
        "id": "T",
        "kind": "thesis",
        "text": "The council should keep the Elm Street bike lanes and extend them to the station.",
        "anchor": {"exact": "the council should not only keep the lanes but extend them to the station"},
    }
    before = served.path.read_bytes()
    status, refused = served.call("POST", "/api/edit", {"revision": revision, "ops": [{"op": "remove", "id": "X"}]})
    assert (status, refused) == (400, {"error": "op 1: no node, relation or source has the id 'X'"})
    op = {"op": "set", "id": "C_safer", "fields": {"text": "Elm Street is safer."}}
    status, stale = served.call("POST", "/api/edit", {"revision": "0" * 64, "ops": [op]})
    assert status == 409 and "changed on disk" in stale["error"] and stale["revision"] == revision
    assert served.path.read_bytes() == before
    status, done = served.call("POST", "/api/edit", {"revision": revision, "ops": [op]})
    assert status == 200 and done["revision"] != revision and done["changed"]
    assert done["undo"] == [
        {"op": "set", "id": "C_safer", "fields": {"text": "The bike lanes have made Elm Street safer."}}
    ]
    assert "    text: Elm Street is safer.\n" in served.path.read_text(encoding="utf-8")
    assert served.wait_state(lambda s: s["revision"] == done["revision"])["revision"] == done["revision"]


@needs_layout
def test_propose_gives_the_node_a_selection_makes(served: Served) -> None:
    text = (BIKE / "elm-street-bike-lanes.txt").read_text(encoding="utf-8")
    words = "Card spending in Elm Street shops rose 6 per cent in 2023"
    start = text.index(words)
    status, answer = served.call(
        "POST", "/api/propose", {"source": "okafor2024", "start": start + 2, "end": start + len(words) - 3}
    )
    assert status == 200
    item = answer["item"]
    assert (item["kind"], item["type"], item["value"], item["unit"], item["period"]) == (
        "evidence",
        "statistic",
        6,
        "percent",
        "2023",
    )
    assert item["anchor"] == words and item["sources"] == ["okafor2024"]
    status, bad = served.call("POST", "/api/propose", {"source": "okafor2024", "start": 10, "end": 5})
    assert status == 400 and "not inside the text" in bad["error"]
    status, bad = served.call("POST", "/api/propose", {"source": "nope", "start": 0, "end": 5})
    assert status == 400 and bad["error"].startswith("no source has the id 'nope'")


@needs_layout
@pytest.mark.parametrize(
    "headers",
    [{"Host": "evil.example"}, {"Host": "evil.example:80"}, {"Origin": "http://evil.example"}],
    ids=["host", "host-port", "origin"],
)
def test_another_site_is_refused(served: Served, headers: dict[str, str]) -> None:
    before = served.path.read_bytes()
    assert served.call("GET", "/api/map", headers=headers)[0] == 403
    assert served.call("GET", "/state", headers=headers)[0] == 403
    assert served.call("GET", "/", headers=headers)[0] == 403
    status, _ = served.call("POST", "/api/edit", {"revision": "x", "ops": []}, headers=headers)
    assert status == 403
    assert served.path.read_bytes() == before
    assert served.call("GET", "/api/map", headers={"Origin": served.url.rstrip("/")})[0] == 200
    assert served.call("GET", "/api/map", headers={"Host": f"localhost:{served.port}"})[0] == 200


@needs_layout
def test_a_form_post_without_json_is_refused(served: Served) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    conn.request("POST", "/api/edit", body=b"revision=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert conn.getresponse().status == 415


@needs_layout
def test_hundreds_of_idle_half_sent_and_reset_connections_neither_exhaust_it_nor_print_tracebacks(
    served: Served,
) -> None:
    idle: list[socket.socket] = []
    for n in range(300):
        s = socket.create_connection(("127.0.0.1", served.port), timeout=5)
        if n % 2:
            s.sendall(b"GET /api/map HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # half a request
        idle.append(s)
    started = time.monotonic()
    while True:  # served again once the idle ones time out, whatever happens to the first tries
        try:
            status, _ = served.call("GET", "/api/map")
        except (OSError, http.client.HTTPException):
            status = 0
        if status == 200 or time.monotonic() - started > 30:
            break
        time.sleep(0.5)
    assert status == 200
    for s in idle[:50]:  # clients that reset instead of closing
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    for s in idle[50:]:
        s.close()
    assert served.call("GET", "/api/map")[0] == 200
    served.proc.terminate()
    out, err = served.proc.communicate(timeout=10)
    assert err == ""
    lines = out.splitlines()
    assert sum("connections at once" in line for line in lines) == 1  # said once, however many are turned away


@needs_layout
def test_the_map_replaced_by_a_symlink_deleted_or_made_a_folder_is_reported_and_recovered_from(
    served: Served,
) -> None:
    path = served.path
    original = path.read_bytes()
    other = path.parent / "other.yaml"
    other.write_bytes(original.replace(b"Keep the Elm Street bike lanes (Okafor 2024)", b"Another map"))
    path.unlink()
    os.symlink(other, path)
    linked = revision_of(other.read_bytes())
    assert served.wait_state(lambda s: s["revision"] == linked)["revision"] == linked  # seen, not the old map
    assert served.call("GET", "/api/map")[1]["map"]["title"] == "Another map"
    path.unlink()
    gone = served.wait_state(lambda s: not s["ok"])
    assert gone["errors"] == [f"{path}: no such file (deleted or moved?); put the map back to go on editing"]
    assert served.call("POST", "/api/edit", {"revision": "x", "ops": []})[0] == 400
    path.mkdir()
    folder = served.wait_state(lambda s: "folder" in " ".join(s["errors"]))
    assert folder["errors"] == [f"{path}: is a folder now, not a map file; put the map back to go on editing"]
    path.rmdir()
    path.write_bytes(original)
    back = served.wait_state(lambda s: s["ok"])
    assert back["ok"] and back["errors"] == []


def test_a_client_that_trickles_its_request_is_cut_off_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from argmap import serve, serve_http

    monkeypatch.setattr(serve_http, "READ_DEADLINE", 1.5)
    preview = serve.Preview(BIKE / "key.yaml")
    server = serve.PreviewServer(preview, 0)
    stop = threading.Event()
    threads = [
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True),
        threading.Thread(target=server.watchdog, args=(stop,), daemon=True),
    ]
    for t in threads:
        t.start()
    try:
        client = socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10)
        client.sendall(b"GET /state HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        started = time.monotonic()
        closed = False
        while time.monotonic() - started < 8:  # a byte every 0.3 s: never idle for the socket timeout
            try:
                client.sendall(b"a")
            except OSError:
                closed = True
                break
            time.sleep(0.3)
        assert closed, "the trickling client kept its connection"
        assert time.monotonic() - started < 5
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def test_ctrl_c_while_a_connection_thread_starts_stops_the_server_instead_of_freeing_its_slot_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-C lands in the main thread wherever it is, also just after a connection's thread started:
    the KeyboardInterrupt must reach serve_forever (a slot freed twice raised ValueError, which the
    socket server swallowed, and the server went on serving)."""
    import socketserver
    import threading

    from argmap import serve

    def start_then_interrupted(self: Any, request: Any, client_address: Any) -> None:
        thread = threading.Thread(target=self.process_request_thread, args=(request, client_address), daemon=True)
        thread.start()
        thread.join(5)
        raise KeyboardInterrupt

    monkeypatch.setattr(socketserver.ThreadingMixIn, "process_request", start_then_interrupted)
    server = serve.PreviewServer(serve.Preview(BIKE / "key.yaml"), 0)
    client = socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=5)
    client.close()
    raised: list[BaseException] = []

    def run() -> None:
        try:
            server.serve_forever(poll_interval=0.05)
        except BaseException as exc:
            raised.append(exc)

    runner = threading.Thread(target=run, daemon=True)
    runner.start()
    runner.join(10)
    if runner.is_alive():  # it went on serving: stop it, and fail
        server.shutdown()
    server.server_close()
    assert [type(e) for e in raised] == [KeyboardInterrupt]
