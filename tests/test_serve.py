"""``argmap serve`` without a browser: the preview's snapshots, the HTTP routes, and the command's
first line and clean stop on Ctrl-C. Servers bind 127.0.0.1 on a free port and are always stopped."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from argmap.serve import Preview, PreviewServer

SHIPPED = Path(__file__).parent.parent / "claims" / "north-korea-seeking-new-friends.yaml"
needs_layout = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")


@pytest.fixture
def live_map(tmp_path: Path) -> Path:
    path = tmp_path / "live.yaml"
    shutil.copy(SHIPPED, path)
    return path


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        data: bytes = response.read()
    return data


@needs_layout
def test_a_broken_edit_keeps_the_last_good_page_and_locates_the_error(live_map: Path) -> None:
    preview = Preview(live_map)
    good = preview.refresh()
    assert good.ok and good.page is not None and good.version == 1
    assert "connect-src &#x27;self&#x27;" in good.page  # the live page may talk to its server, nothing else
    text = live_map.read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.strip().startswith("- id: C6"))
    lines[number - 1] = lines[number - 1].replace("C6", "C1")  # a duplicate id
    live_map.write_text("\n".join(lines) + "\n", encoding="utf-8")
    broken = preview.refresh()
    assert not broken.ok and broken.version == 2
    assert broken.page == good.page
    assert any(f"live.yaml:{number}:" in e and "C1" in e for e in broken.errors), broken.errors
    live_map.write_text(text, encoding="utf-8")
    assert preview.refresh().ok


@needs_layout
def test_routes_and_event_stream(live_map: Path) -> None:
    preview = Preview(live_map)
    preview.refresh()
    server = PreviewServer(preview, 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        assert server.url.startswith("http://127.0.0.1:")
        assert b'class="theme-color live editing"' in get(server.url)
        state = json.loads(get(server.url + "state"))
        assert state["ok"] and state["version"] == 1
        assert all({"line", "code", "message"} <= f.keys() for f in state["findings"])
        with pytest.raises(urllib.error.HTTPError):
            get(server.url + "nothing-here")
        events: list[str] = []

        def listen() -> None:
            with urllib.request.urlopen(server.url + "events", timeout=10) as response:
                for raw in response:
                    events.append(raw.decode())
                    if sum(line.startswith("data:") for line in events) == 2:
                        return

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        time.sleep(0.3)
        preview.refresh()
        listener.join(timeout=5)
        data = [json.loads(line[5:]) for line in events if line.startswith("data:")]
        assert [d["version"] for d in data] == [1, 2]
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def served(live_map: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "argmap", "serve", str(live_map), "--no-open"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        yield proc, url
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)


@needs_layout
def test_command_prints_its_url_first_and_stops_cleanly_on_ctrl_c(served: tuple[subprocess.Popen[str], str]) -> None:
    proc, url = served
    assert url.startswith("http://127.0.0.1:") and url.endswith("/")
    deadline = time.monotonic() + 20
    while json.loads(get(url + "state"))["version"] < 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert out.rstrip().endswith("stopped")
    assert "Traceback" not in err


def test_a_missing_map_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "argmap", "serve", str(tmp_path / "none.yaml"), "--no-open"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"argmap: {tmp_path / 'none.yaml'}: no such map file; check the path"]
