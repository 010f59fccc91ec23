"""The live preview answers its own user only: its own Host names (421 otherwise), clean paths and
since values (400 otherwise), always with a whole response, and a closed tab prints nothing."""
from __future__ import annotations

import inspect
import json
import queue
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import factsite.preview.http as server_module
from factsite.preview.http import DISCONNECTS, PreviewServer
from factsite.preview.server import Preview, serve
from tests.helpers import copy_site, replace_file

ROOT = Path(__file__).resolve().parent.parent
HOME = b"<!DOCTYPE html><html><head><title>t</title></head><body><p>home</p></body></html>"
BIG = 64 << 20  # more than the socket buffers hold: a download dropped early is dropped mid-send
STATUS_LINE = re.compile(rb"HTTP/1\.[01] (\d{3}) [^\r\n]*")


@pytest.fixture
def server(tmp_path):
    """A PreviewServer on a free port, in this process, serving a home page and one big file."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_bytes(HOME)
    with open(out / "big.bin", "wb") as big:
        big.truncate(BIG)
    preview = Preview(tmp_path, out)
    running = PreviewServer(0, preview)
    thread = threading.Thread(target=running.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield running
    preview.stop.set()
    with preview.changed:
        preview.changed.notify_all()
    running.shutdown()
    running.server_close()
    thread.join(5)


def request(target: bytes, host: bytes | None, extra: bytes = b"") -> bytes:
    """A raw GET: urllib would normalize the path and set the Host itself."""
    head = b"GET " + target + b" HTTP/1.1\r\n" + (b"Host: " + host + b"\r\n" if host is not None else b"")
    return head + extra + b"Connection: close\r\n\r\n"


def ask(port: int, target: bytes, host: bytes | None = b"127.0.0.1:%d", extra: bytes = b"") -> tuple[int, bytes]:
    """Send a raw GET; check the answer is a whole HTTP response; return its status and body."""
    host = host.replace(b"%d", str(port).encode()) if host is not None else None
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request(target, host, extra))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    found = STATUS_LINE.fullmatch(head.split(b"\r\n", 1)[0])
    assert found, f"no status line: {data[:80]!r}"
    length = re.search(rb"\r\nContent-Length: (\d+)", head)
    assert length and int(length.group(1)) == len(body), head
    return int(found.group(1)), body


def drop(sock: socket.socket) -> None:
    """Close as a killed tab may: at once, with a reset."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def record_errors(running: PreviewServer) -> list[BaseException]:
    """The exceptions the server's handle_error is called with, from now on (it still handles them)."""
    seen: list[BaseException] = []
    handle_error = running.handle_error

    def recording(request_: object, address: tuple[str, int]) -> None:
        seen.append(sys.exc_info()[1])
        handle_error(request_, address)

    running.handle_error = recording
    return seen


def wait_until(condition, seconds: float = 5.0) -> None:
    """Wait for condition() to hold, at most seconds."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


# --- where it listens, and for whom ------------------------------------------------------------------

def test_the_preview_listens_on_127_0_0_1_only(server):
    assert server.server_address[0] == "127.0.0.1"
    assert "host" not in inspect.signature(serve).parameters
    assert "address" not in inspect.signature(PreviewServer).parameters


@pytest.mark.parametrize("host", [b"127.0.0.1:%d", b"localhost:%d", b"LocalHost:%d", b"[::1]:%d"])
def test_its_own_host_names_are_answered(server, capfd, host):
    assert ask(server.server_port, b"/", host)[0] == 200
    assert ask(server.server_port, b"/index.html", host) == (200, ask(server.server_port, b"/")[1])
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("host, extra", [
    (b"evil.example:%d", b""), (b"127.0.0.1:1", b""), (b"127.0.0.1", b""), (b"localhost", b""),
    (b"127.0.0.1:%d.evil.example", b""), (b"evil.example", b""), (b"", b""), (None, b""),
    (b"127.0.0.1:%d", b"Host: evil.example\r\n"),
], ids=["evil", "wrong-port", "ip-no-port", "localhost-no-port", "suffix", "evil-no-port", "empty",
        "missing", "two-hosts"])
def test_any_other_host_gets_421(server, capfd, host, extra):
    status, body = ask(server.server_port, b"/", host, extra)
    assert status == 421 and b"home" not in body
    assert ask(server.server_port, b"/__reload?since=0", host, extra)[0] == 421
    assert capfd.readouterr().err == ""


# --- paths --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", [b"/%00", b"/a%00b", b"/a\x00b", b"/%ff", b"/%c3", b"/%", b"/a%zz", b"/a%2",
                                    b"/\xc3\xa9", b"/a\x7fb", b"http://127.0.0.1/", b"*"])
def test_an_unclean_path_gets_400_and_a_whole_response(server, capfd, target):
    status, body = ask(server.server_port, target)
    assert status == 400 and 0 < len(body) < 1000
    assert capfd.readouterr().err == ""


def test_clean_percent_encoded_paths_are_served_as_before(server, capfd):
    assert ask(server.server_port, b"/%69ndex.html")[0] == 200
    assert ask(server.server_port, b"/index.html?x=%zz")[0] == 200  # the query of a file is not read
    assert ask(server.server_port, b"/fa/%D8%A7%DB%8C%D8%B1%D8%A7%D9%86/")[0] == 404  # UTF-8, not there
    assert ask(server.server_port, b"/../../etc/passwd")[0] == 404
    assert capfd.readouterr().err == ""


# --- the reload endpoint ------------------------------------------------------------------------------

@pytest.mark.parametrize("query", [b"since=abc", b"since=-1", b"since=", b"since=" + b"9" * 40, b"since=" + b"1" * 19,
                                   b"since=%C2%B2", b"since=1.0", b"since=+1", b"since=1&since=2", b"", b"other=1"],
                         ids=["abc", "negative", "empty", "40-digits", "19-digits", "superscript-two", "float",
                              "plus", "twice", "no-query", "no-since"])
def test_a_bad_since_gets_400_at_once(server, capfd, query):
    started = time.monotonic()
    assert ask(server.server_port, b"/__reload?" + query)[0] == 400
    assert time.monotonic() - started < 2
    assert capfd.readouterr().err == ""


def test_a_since_other_than_the_current_generation_is_answered_at_once(server, capfd):
    server.preview.publish([], None)  # generation 1
    started = time.monotonic()
    for since in (b"0", b"2", b"9" * 18):  # 2 and up: a page open from before serve restarted
        status, body = ask(server.server_port, b"/__reload?since=" + since)
        assert status == 200 and json.loads(body) == {"generation": 1, "errors": 0}
    assert time.monotonic() - started < 2
    assert capfd.readouterr().err == ""


def test_the_current_generation_is_answered_at_the_next_build(server, capfd):
    answers = []
    asking = threading.Thread(target=lambda: answers.append(ask(server.server_port, b"/__reload?since=0")))
    asking.start()
    wait_until(lambda: server.preview.waiting == 1)
    assert answers == []
    server.preview.publish([], None)
    asking.join(5)
    assert answers == [(200, b'{"generation": 1, "errors": 0}')]
    assert capfd.readouterr().err == ""


def test_a_connection_that_sends_nothing_is_closed_but_a_long_poll_waits(server, capfd, monkeypatch):
    """#36: idle sockets cannot use up the preview's threads; the reload script's long poll, which
    waits for the next build rather than for the browser, is answered all the same."""
    from factsite.preview.http import PreviewHandler
    monkeypatch.setattr(PreviewHandler, "timeout", 0.3)
    with socket.create_connection(("127.0.0.1", server.server_port), timeout=5) as idle:
        started = time.monotonic()
        assert idle.recv(1) == b""  # closed by the server, without an answer
        assert 0.25 < time.monotonic() - started < 3
    answers = []
    asking = threading.Thread(target=lambda: answers.append(ask(server.server_port, b"/__reload?since=0")))
    asking.start()
    wait_until(lambda: server.preview.waiting == 1)
    time.sleep(0.6)  # twice the idle limit
    server.preview.publish([], None)
    asking.join(5)
    assert answers == [(200, b'{"generation": 1, "errors": 0}')]
    assert capfd.readouterr().err == ""


def test_the_idle_limit_is_thirty_seconds():
    from factsite.preview.http import PreviewHandler
    assert PreviewHandler.timeout == 30.0


# --- closed tabs and other failures ---------------------------------------------------------------------

def test_a_dropped_long_poll_is_silent(server, capfd):
    seen = record_errors(server)
    sock = socket.create_connection(("127.0.0.1", server.server_port), timeout=5)
    sock.sendall(request(b"/__reload?since=0", f"127.0.0.1:{server.server_port}".encode()))
    wait_until(lambda: server.preview.waiting == 1)
    drop(sock)
    time.sleep(0.05)
    server.preview.publish([], None)  # the answer goes to a closed connection
    wait_until(lambda: seen)
    assert isinstance(seen[0], DISCONNECTS), repr(seen[0])
    assert capfd.readouterr().err == ""


def test_a_dropped_download_is_silent(server, capfd):
    seen = record_errors(server)
    sock = socket.create_connection(("127.0.0.1", server.server_port), timeout=5)
    sock.sendall(request(b"/big.bin", f"127.0.0.1:{server.server_port}".encode()))
    assert sock.recv(12).startswith(b"HTTP/1.0 200")
    drop(sock)
    wait_until(lambda: seen)
    assert isinstance(seen[0], DISCONNECTS), repr(seen[0])
    assert capfd.readouterr().err == ""


def test_any_other_failure_is_one_line_without_a_traceback(server, capfd, monkeypatch):
    def broken(*args: object) -> bytes:
        raise RuntimeError("boom\non two lines")

    monkeypatch.setattr(server_module, "decorate", broken)
    seen = record_errors(server)
    with socket.create_connection(("127.0.0.1", server.server_port), timeout=5) as sock:
        sock.sendall(request(b"/", f"127.0.0.1:{server.server_port}".encode()))
        while sock.recv(65536):
            pass
    wait_until(lambda: seen)
    err = capfd.readouterr().err
    assert err == "preview: a request failed: RuntimeError: boom on two lines\n"
    assert ask(server.server_port, b"/__reload?since=5")[0] == 200  # still serving


# --- the same, end to end ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_python_build_py_serve_refuses_strangers_and_stays_quiet(tmp_path):
    site = copy_site(tmp_path / "site")
    proc = subprocess.Popen([sys.executable, "-u", str(ROOT / "build.py"), "serve", "--root", str(site), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        port = started_on(proc)
        home = ask(port, b"/en/", b"localhost:%d")[1].decode("utf-8")
        generation = int(re.search(r"const generation = (\d+)", home).group(1))
        assert [ask(port, target, host)[0] for target, host in [
            (b"/en/", b"evil.example:%d"), (b"/en/", None), (b"/%00", b"127.0.0.1:%d"), (b"/%ff", b"127.0.0.1:%d"),
            (b"/a%zz", b"127.0.0.1:%d"), (b"/__reload?since=abc", b"127.0.0.1:%d"),
        ]] == [421, 421, 400, 400, 400, 400]
        dropped_poll = socket.create_connection(("127.0.0.1", port), timeout=5)
        dropped_poll.sendall(request(b"/__reload?since=%d" % generation, b"127.0.0.1:%d" % port))
        download = socket.create_connection(("127.0.0.1", port), timeout=5)
        download.sendall(request(b"/data/facts.zip", b"127.0.0.1:%d" % port))
        download.recv(12)
        drop(download)
        time.sleep(0.2)
        drop(dropped_poll)
        replace_file(site / "site.yaml", (site / "site.yaml").read_bytes())  # a rebuild answers the polls
        status, body = ask(port, b"/__reload?since=%d" % generation)
        assert status == 200 and json.loads(body)["generation"] > generation
        time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0 and "stopped" in out
    assert err == "", err


def started_on(proc: subprocess.Popen) -> int:
    """The port serve printed it listens on, at 127.0.0.1 (within a minute)."""
    ports: queue.Queue[int] = queue.Queue()

    def read() -> None:
        for line in proc.stdout:
            found = re.search(r"serving .* at http://127\.0\.0\.1:(\d+)/", line)
            if found:
                ports.put(int(found.group(1)))
                return
        ports.put(0)

    threading.Thread(target=read, daemon=True).start()
    port = ports.get(timeout=60)
    assert port, f"serve did not start: {proc.stderr.read()}"
    return port
