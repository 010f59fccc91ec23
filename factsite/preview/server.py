"""`python build.py serve`: a live preview that rebuilds on every change and reloads the open page.

The rebuild runs the build's own stages (load → verify → render → write). When the content has a
problem, nothing is written: the last good build keeps being served, the terminal prints each
problem as `file:line:column: …`, and every served page shows them in a banner. The reload script
and the banner are added to HTML responses only, never to the files on disk. After an edit, the
open pages reload as soon as the content is checked, each page rendered on request (live.py).

The server is for its own user only: it listens on 127.0.0.1, answers only requests addressed to
127.0.0.1, localhost or [::1] at its port (421 otherwise: a web page cannot reach it through DNS
rebinding), refuses a path that is no clean percent-encoded UTF-8 (400), and keeps quiet when a tab
closes mid-answer.
"""
from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote_to_bytes, urlsplit

from watchfiles import watch

from factsite.load.inputs import CONFIG, INPUT_FOLDERS
from factsite.preview.memo import SessionMemo
from factsite.speed.collector import collector_paused
from factsite.preview.builder import LONG_POLL_S, RELOAD_PATH, LivePages, check_once, decorate, live_page, write_once
from factsite.render.site import Renderer
from factsite.write.search import SearchFailed, SearchStopped, index_for_search

QUIET_S = 0.1  # after an edit, the open pages have reloaded once no file was asked for this long
WRITE_AFTER_S = 1.0  # after an edit, the whole site is written once nothing changed for this long
FRONT_WAIT_S = 5.0   # the longest the writer waits, between two pages, for a check or a page on request
HOST = "127.0.0.1"  # the only address served: the preview is for this machine's user
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")  # the Host names answered (with the port)
DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)  # a tab was closed
SINCE = re.compile(r"[0-9]{1,18}")  # a build generation, as ?since= gives it
BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class Preview:
    """What the server, watchers and builder share: the output, the build generation, its problems."""

    def __init__(self, root: Path, out_dir: Path) -> None:
        self.root, self.out_dir = root, out_dir
        self.generation = 0
        self.errors: list[str] = []
        self.changed = threading.Condition()   # notified when a build finishes
        self.swap_lock = threading.Lock()      # held while public/ is replaced or a file is opened
        self.dirty = threading.Event()         # set by the watchers
        self.stop = threading.Event()
        self.memo = SessionMemo()               # used by the builder thread only
        self.live: LivePages | None = None      # pages rendered on request until the build is on disk
        self.waiting = 0                        # open pages waiting for the next build
        self.last_request = 0.0                 # time.monotonic() of the latest request for a file
        self.indexing: subprocess.Popen | None = None  # Pagefind, while it indexes the output
        self.to_write: Renderer | None = None   # the latest good build, for the writer thread
        self.waiting_when_shown = False         # whether open pages were told of the latest build
        self.in_front = 0                       # checks and pages on request under way
        self.front_lock = threading.Lock()
        self.nothing_in_front = threading.Event()  # set while in_front is 0: the writer may go on
        self.nothing_in_front.set()

    def rebuild(self, write_after: float = 0.0) -> None:
        """Check, show and write one build (at start-up; the builder does the same in two steps)."""
        renderer = self.check_and_show()
        if renderer is not None:
            self.write(renderer, write_after)

    def check_and_show(self) -> Renderer | None:
        """Check the content and tell the open pages; return the renderer of a good build.

        The open pages reload as soon as the content is checked: their requests are answered by
        rendering the page asked for (LivePages). When the content has a problem, the last good
        pages stay served with the problems in a banner."""
        started = time.perf_counter()
        with collector_paused(), self.in_front_of_writer():
            errors, renderer = check_once(self.root, self.memo)
        if renderer is None:
            self.publish(errors, self.live)
            print("\n".join(errors), file=sys.stderr)
            print(f"{len(errors)} problem(s) — still serving the last good build "
                  f"({time.perf_counter() - started:.2f} s)", file=sys.stderr, flush=True)
            return None
        self.to_write = renderer
        self.publish([], LivePages(renderer))
        return renderer

    def write(self, renderer: Renderer, write_after: float = 0.0) -> bool:
        """Write the whole site of a checked build, unless a newer one comes first; True once done
        with it (written, or failed and said), False if a newer change stopped it.

        write_after: seconds without another change before writing, so that saves in quick
        succession are each checked and shown, and the site written once."""
        started, live = time.perf_counter(), self.live
        if live is not None and live.renderer is renderer and self.waiting_when_shown:
            self.let_pages_load(live)
        superseded = partial(self.superseded, renderer)
        if (write_after and self.dirty.wait(write_after)) or superseded():
            return False
        self.stop_indexing()  # it indexes the folder about to be replaced
        with collector_paused():
            errors, pages = write_once(renderer, self.out_dir, self.swap_lock, superseded)
        gc.freeze()  # the caches live on: keep them out of every later collection's scan
        if errors and not superseded():  # a page failed to render: serve the last build written
            self.publish(errors, None)
            print("\n".join(errors), file=sys.stderr, flush=True)
            return True
        if pages is None:
            return False
        with self.swap_lock:
            if self.live is not None and self.live.renderer is renderer:
                self.live = None  # the files on disk are now the same bytes
        print(f"rebuilt {pages} pages in {time.perf_counter() - started:.2f} s", flush=True)
        return True

    def superseded(self, renderer: Renderer) -> bool:
        """A newer build was checked, or the content changed again, since renderer's build (or serve stops).

        Asked before each page the writer renders, so it first waits for any check or page on
        request under way: threads share one interpreter lock, and those are what an editor waits for."""
        self.nothing_in_front.wait(FRONT_WAIT_S)
        return self.to_write is not renderer or self.dirty.is_set() or self.stop.is_set()

    @contextlib.contextmanager
    def in_front_of_writer(self) -> Iterator[None]:
        """Mark work an editor waits for; the writer pauses between pages while any is under way."""
        with self.front_lock:
            self.in_front += 1
            self.nothing_in_front.clear()
        try:
            yield
        finally:
            with self.front_lock:
                self.in_front -= 1
                if not self.in_front:
                    self.nothing_in_front.set()

    def let_pages_load(self, live: LivePages) -> None:
        """Wait until the open pages have reloaded (their page, then its styles and scripts), so
        that rendering the whole site does not slow them: at most about a second."""
        live.served.wait(0.5)
        deadline = time.monotonic() + 0.5
        while time.monotonic() - self.last_request < QUIET_S and time.monotonic() < deadline:
            time.sleep(QUIET_S / 4)

    def publish(self, errors: list[str], live: LivePages | None) -> None:
        """Serve this build's pages (or the last good ones, with its errors) and tell the open pages."""
        with self.changed, self.swap_lock:
            self.live, self.errors = live, errors
            self.generation += 1
            self.waiting_when_shown = self.waiting > 0
            self.changed.notify_all()

    def index_search(self) -> None:
        """Rebuild the search index in the published folder, after its pages are already served.

        It runs on its own thread and takes no lock, so pages stay served while it works; a rebuild
        that replaces the folder stops it first (stop_indexing), and the next one redoes it."""
        try:
            index_for_search(self.out_dir, background=True, started=partial(setattr, self, "indexing"))
        except SearchStopped:
            pass  # on purpose: the next build indexes its own folder
        except (SearchFailed, OSError, ValueError) as err:  # stopped, or the folder was swapped meanwhile
            print(f"search index not rebuilt yet: {err}", file=sys.stderr, flush=True)
        finally:
            self.indexing = None

    def stop_indexing(self) -> None:
        """Stop Pagefind if it is running (the folder it indexes is being replaced, or serve stops)."""
        process = self.indexing
        if process is not None and process.poll() is None:
            process.kill()

    def wait_for_change(self, since: int, timeout: float) -> int:
        """Block until the generation differs from `since` (or timeout, or stop); return it."""
        with self.changed:
            self.waiting += 1
            try:
                self.changed.wait_for(lambda: self.generation != since or self.stop.is_set(), timeout)
            finally:
                self.waiting -= 1
            return self.generation


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the output folder; decorates HTML responses and answers the reload endpoint."""

    server: PreviewServer
    live_sent: LivePages | None = None  # the live pages this GET's response came from

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
        if live is not None:  # rendered outside the lock, ahead of the writer
            with preview.in_front_of_writer():
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

    def __init__(self, port: int, preview: Preview) -> None:
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


def watch_inputs(preview: Preview) -> None:
    """The watcher: mark the preview dirty on each change to the inputs, and stop any search
    indexing (the build it indexes is out of date)."""
    root, inputs = preview.root, (*INPUT_FOLDERS, CONFIG)

    def is_input(change, path: str) -> bool:
        try:
            return Path(path).relative_to(root).parts[:1] in {(name,) for name in inputs}
        except ValueError:  # not under root
            return False

    for _ in watch(root, watch_filter=is_input, stop_event=preview.stop, step=5, debounce=40,
                   rust_timeout=500, yield_on_timeout=False, raise_interrupt=False):
        preview.dirty.set()
        preview.stop_indexing()


def build_on_change(preview: Preview) -> None:
    """The one builder: on each change check the content and show it; once no change came for
    WRITE_AFTER_S, write the whole site (a newer change stops that), then index it for search."""
    pending: Renderer | None = None
    if preview.out_dir.is_dir():
        preview.index_search()  # the build serve started with
    while not preview.stop.is_set():
        if preview.dirty.wait(0.1):
            preview.dirty.clear()
            pending = preview.check_and_show() or pending
            continue
        if pending is not None and preview.write(pending, WRITE_AFTER_S):
            pending = None
            preview.index_search()


def start_threads(preview: Preview) -> list[threading.Thread]:
    """The watcher and the builder (the HTTP server answers on threads of its own)."""
    threads = [threading.Thread(target=target, args=(preview,), daemon=True) for target in (watch_inputs,
                                                                                               build_on_change)]
    for thread in threads:
        thread.start()
    return threads


def stop_on_signals() -> None:
    """Ctrl-C (and a plain `kill`) stop the server cleanly, even when started in the background."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)


def serve(root: Path, out_dir: Path, port: int = 8000) -> int:
    """Build, serve out_dir on 127.0.0.1:port and rebuild on every change until Ctrl-C; return the exit code."""
    preview = Preview(root, out_dir)
    stop_on_signals()
    try:
        preview.rebuild()
        server = PreviewServer(port, preview)
    except KeyboardInterrupt:
        return 0
    except OSError as err:
        print(f"cannot serve on {HOST}:{port} ({err.strerror}) — pass --port with another port, "
              "or 0 for any free one", file=sys.stderr)
        return 1
    threads = start_threads(preview)
    print(f"serving {out_dir} at http://{HOST}:{server.server_port}/ — rebuilds when content/, "
          "templates/, seeds/, static/, locale/ or site.yaml change; Ctrl-C stops", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop.set()
        preview.stop_indexing()
        with preview.changed:
            preview.changed.notify_all()
        server.server_close()
        for thread in threads:
            thread.join(timeout=10)  # the writer stops at its next page and removes its staging folder
    print("stopped", flush=True)
    return 0
