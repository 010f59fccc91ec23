"""The preview's HTTP side: the output folder served to this machine's user only, each HTML page
with the reload script (and the banner of the latest build's problems), and the reload endpoint.

It answers only requests addressed to 127.0.0.1, localhost or [::1] at its port (421 otherwise: a web
page cannot reach it through DNS rebinding), refuses a path that is no clean percent-encoded UTF-8
(400), and keeps quiet when a tab closes mid-answer.
"""
from __future__ import annotations

import io
import json
import os
import re
import sys
import time
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote_to_bytes, urlsplit

from factsite.preview.builder import LONG_POLL_S, RELOAD_PATH, LivePages, decorate, live_page

HOST = "127.0.0.1"  # the only address served: the preview is for this machine's user
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")  # the Host names answered (with the port)
DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError,  # a tab was closed,
               TimeoutError)  # or stopped reading
IDLE_S = 30.0  # a connection that sends nothing for this long is closed (the long poll waits on the build)
SINCE = re.compile(r"[0-9]{1,18}")  # a build generation, as ?since= gives it
BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the output folder; decorates HTML responses and answers the reload endpoint."""

    server: PreviewServer
    live_sent: LivePages | None = None  # the live pages this GET's response came from
    timeout = IDLE_S  # idle sockets cannot hold the server's threads for ever

    def parse_request(self) -> bool:
        """Parse as usual, then answer 421 to a request for another host and 400 to an unclean path."""
        if not super().parse_request():
            return False
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1 or hosts[0].strip().lower() not in self.server.own_hosts:
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, None,
                            f"this preview answers only http://{HOST}:{self.server.server_port}/")
            return False
        problem = path_problem(self.path)
        if problem:
            self.send_error(HTTPStatus.BAD_REQUEST, None, problem)
            return False
        return True

    def do_GET(self) -> None:
        """The reload endpoint, or a file."""
        url = urlsplit(self.path)
        if url.path == RELOAD_PATH:
            self.send_generation(url.query)
            return
        self.server.preview.last_request = time.monotonic()
        self.live_sent = None
        super().do_GET()
        if self.live_sent is not None:  # sent: the whole site may be rendered now
            self.live_sent.served.set()

    def send_generation(self, query: str) -> None:
        """Answer when the build generation differs from ?since= (long poll), as JSON; 400 if since is bad."""
        since = since_of(query)
        if since is None:
            self.send_error(HTTPStatus.BAD_REQUEST, None, "since must be a build generation: 1 to 18 digits")
            return
        preview = self.server.preview
        generation = preview.wait_for_change(since, LONG_POLL_S)
        body = json.dumps({"generation": generation, "errors": len(preview.errors)}).encode()
        self.send_bytes(body, "application/json")

    def send_head(self) -> object:
        """A page comes back decorated: rendered now while a build is being written, else read from disk."""
        preview = self.server.preview
        with preview.swap_lock:
            live, generation, errors = preview.live, preview.generation, preview.errors
        body = None
        if live is not None:  # rendered outside the lock
            body = live_page(live, self.path)
        with preview.swap_lock:
            path = self.translate_path(self.path)
            if os.path.isdir(path) and urlsplit(self.path).path.endswith("/"):
                path = os.path.join(path, "index.html")
            if body is None and path.endswith(".html") and os.path.isfile(path):
                with open(path, "rb") as page:
                    body = page.read()
            if body is not None:
                self.live_sent = live
                return self.send_bytes(decorate(body, generation, errors), "text/html", head=True)
            if errors and not os.path.exists(path):
                page = b"<!DOCTYPE html><html><head><title>Build failed</title></head><body></body></html>"
                return self.send_bytes(decorate(page, generation, errors), "text/html",
                                       HTTPStatus.SERVICE_UNAVAILABLE, head=True)
            return super().send_head()

    def send_bytes(self, body: bytes, kind: str, status: int = HTTPStatus.OK, head: bool = False):
        """Send the headers; send the body too unless head (then return it for do_GET/do_HEAD)."""
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if head:
            return io.BytesIO(body)
        self.wfile.write(body)
        return None

    def end_headers(self) -> None:
        """Never let the browser cache a preview."""
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the terminal for build results."""


def path_problem(target: str) -> str:
    """What makes the request target no clean path (the reason for a 400), or '' if it is one."""
    if not target.startswith("/"):
        return "the path must start with /"
    if not all("!" <= char <= "~" for char in target):
        return "the path must be printable ASCII: percent-encode any other byte"
    path = target.partition("?")[0].partition("#")[0]
    if BAD_PERCENT.search(path):
        return "each % in the path must be followed by two hexadecimal digits"
    try:
        decoded = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return "the percent-decoded path must be UTF-8"
    return "the path must not hold a NUL byte" if "\0" in decoded else ""


def since_of(query: str) -> int | None:
    """?since= as an int; None (a 400) unless it is given once, as 1 to 18 ASCII digits.

    Any generation other than the current one is answered at once, a higher one too (a page still
    open from before serve restarted reloads), so no valid since waits longer than LONG_POLL_S."""
    values = parse_qs(query, keep_blank_values=True).get("since", [])
    return int(values[0]) if len(values) == 1 and SINCE.fullmatch(values[0]) else None


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server on 127.0.0.1 that knows its preview and answers for its own Host names only."""

    daemon_threads = True

    def __init__(self, port: int, preview) -> None:  # preview: server.Preview (which imports this module)
        self.preview = preview
        super().__init__((HOST, port), partial(PreviewHandler, directory=str(preview.out_dir)))
        self.own_hosts = {f"{name}:{self.server_port}" for name in LOCAL_NAMES}
        if self.server_port == 80:  # the default port goes unsaid
            self.own_hosts.update(LOCAL_NAMES)

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """A closed tab is no error: say nothing; say anything else in one line, without a traceback."""
        err = sys.exc_info()[1]
        if not isinstance(err, DISCONNECTS):
            said = " ".join(str(err).split())  # one line, whatever the message
            print(f"preview: a request failed: {type(err).__name__}: {said}", file=sys.stderr, flush=True)
