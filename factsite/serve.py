"""`python build.py serve`: a live preview that rebuilds on every change and reloads the open page.

The rebuild runs the build's own stages (load → verify → render → write). When the content has a
problem, nothing is written: the last good build keeps being served, the terminal prints each
problem as `file:line:column: …`, and every served page shows them in a banner. The reload script
and the banner are added to HTML responses only, never to the files on disk.
"""
from __future__ import annotations

import gc
import html
import io
import json
import os
import signal
import sys
import threading
import time
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from jinja2 import TemplateSyntaxError
from watchfiles import watch

from .cli import collector_paused
from .incremental import BuildCache
from .load import load_site
from .render import render_site
from .verify import verify_site
from .write import WriteError, index_for_search, write_site

WATCHED_DIRS = ("content", "templates", "seeds", "static", "locale")
WATCHED_FILES = ("site.yaml",)
RELOAD_PATH = "/__reload"
LONG_POLL_S = 20.0
RELOAD_SCRIPT = (
    '<script>(() => {{ const generation = {generation};'
    ' const poll = () => fetch("{path}?since=" + generation, {{cache: "no-store"}})'
    '.then(r => r.json()).then(d => d.generation !== generation ? location.reload() : poll(),'
    ' () => setTimeout(poll, 1000)); poll(); }})();</script>'
)
BANNER_STYLE = ("position:fixed;inset:0 0 auto 0;z-index:2147483647;max-height:50vh;overflow:auto;"
                "margin:0;padding:.75rem 1rem;background:#8b0000;color:#fff;font:14px/1.5 monospace;"
                "text-align:left;white-space:pre-wrap")


class Preview:
    """What the server, watchers and builder share: the output, the build generation, its problems."""

    def __init__(self, root: Path, out_dir: Path) -> None:
        self.root, self.out_dir = root, out_dir
        self.generation = 0
        self.errors: list[str] = []
        self.changed = threading.Condition()   # notified when a build finishes
        self.swap_lock = threading.Lock()      # held while public/ is replaced or a file is opened
        self.dirty = threading.Event()         # set by the watchers
        self.index_wanted = threading.Event()  # set after each good build, for the indexer
        self.stop = threading.Event()
        self.cache = BuildCache()               # used by the builder thread only

    def rebuild(self) -> None:
        """Build once; publish the result (or keep the last good build) and tell the open pages."""
        started = time.perf_counter()
        with collector_paused():
            errors, pages = build_once(self.root, self.out_dir, self.swap_lock, self.cache)
        gc.freeze()  # the caches live on: keep them out of every later collection's scan
        with self.changed:
            self.errors = errors
            self.generation += 1
            self.changed.notify_all()
        took = time.perf_counter() - started
        if not errors:
            self.index_wanted.set()  # the indexer thread rebuilds the search index; pages are served now
        if errors:
            print("\n".join(errors), file=sys.stderr)
            print(f"{len(errors)} problem(s) — still serving the last good build ({took:.2f} s)",
                  file=sys.stderr, flush=True)
        else:
            print(f"rebuilt {pages} pages in {took:.2f} s", flush=True)

    def index_search(self) -> None:
        """Rebuild the search index in the published folder, after its pages are already served.

        It runs on its own thread and takes no lock, so pages stay served while it works; a rebuild
        that swaps the folder meanwhile makes it fail harmlessly, and the next request redoes it.
        """
        try:
            index_for_search(self.out_dir)
        except (WriteError, OSError, ValueError) as err:  # the folder was swapped or removed meanwhile
            print(f"search index not rebuilt yet: {err}", file=sys.stderr, flush=True)

    def wait_for_change(self, since: int, timeout: float) -> int:
        """Block until the generation differs from `since` (or timeout, or stop); return it."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != since or self.stop.is_set(), timeout)
            return self.generation


def build_once(root: Path, out_dir: Path, swap_lock: threading.Lock, cache: BuildCache) -> tuple[list[str], int]:
    """Run the build's stages; return the problems (nothing written) or the number of pages written.

    The cache carries parsed files, normalized seeds and rendered pages over from the last build,
    so that an edit re-reads one file and re-renders only the pages it changes.
    """
    try:
        site, problems = load_site(root, read=cache.read_yaml)
        if site is not None:
            cache.reuse_normalized_seeds(site)
            site, found = verify_site(site, cache.verify_memo(site))
            problems += found
        if not problems:
            outputs, problems = render_site(site, cache=cache)  # one process: no fork in a threaded server
        if problems:
            problems.sort(key=lambda p: (p.where.file, p.where.line, p.where.column))
            return [str(p) for p in problems], 0
        with swap_lock:
            write_site(outputs, out_dir, search=False, unchanged=frozenset(cache.reused))  # search index follows
        return [], sum(1 for name in outputs if name.endswith(".html"))
    except TemplateSyntaxError as err:
        name = Path(err.filename).relative_to(root).as_posix() if err.filename else err.name
        return [f"{name}:{err.lineno}: {err.message}"], 0
    except Exception as err:  # noqa: BLE001 — a broken template or file must not stop the preview
        return [f"the build failed: {type(err).__name__}: {err}"], 0


def decorate(page: bytes, generation: int, errors: list[str]) -> bytes:
    """The page with the reload script, and the error banner if the latest build failed."""
    snippet = error_banner(errors) + RELOAD_SCRIPT.format(generation=generation, path=RELOAD_PATH)
    text = page.decode("utf-8", "replace")
    at = text.rfind("</body>")
    text = text[:at] + snippet + text[at:] if at >= 0 else text + snippet
    return text.encode("utf-8")


def error_banner(errors: list[str]) -> str:
    """A banner listing the problems of the latest build, or '' when there are none."""
    if not errors:
        return ""
    items = "".join(f"<li>{html.escape(error)}</li>" for error in errors)
    return (f'<div id="factsite-build-errors" role="alert" dir="ltr" lang="en" style="{BANNER_STYLE}">'
            f"<strong>The build failed with {len(errors)} problem(s); this is the last good build.</strong>"
            f'<ul style="margin:.5rem 0 0;padding-left:1.25rem">{items}</ul></div>')


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the output folder; decorates HTML responses and answers the reload endpoint."""

    server: PreviewServer

    def do_GET(self) -> None:
        """The reload endpoint, or a file."""
        url = urlsplit(self.path)
        if url.path == RELOAD_PATH:
            self.send_generation(url.query)
        else:
            super().do_GET()

    def send_generation(self, query: str) -> None:
        """Answer when the build generation differs from ?since= (long poll), as JSON."""
        since = parse_qs(query).get("since", ["-1"])[0]
        preview = self.server.preview
        generation = preview.wait_for_change(int(since) if since.lstrip("-").isdigit() else -1, LONG_POLL_S)
        body = json.dumps({"generation": generation, "errors": len(preview.errors)}).encode()
        self.send_bytes(body, "application/json")

    def send_head(self) -> object:
        """Open the file under the swap lock; HTML comes back decorated."""
        preview = self.server.preview
        with preview.swap_lock:
            path = self.translate_path(self.path)
            if os.path.isdir(path) and urlsplit(self.path).path.endswith("/"):
                path = os.path.join(path, "index.html")
            if path.endswith(".html") and os.path.isfile(path):
                with open(path, "rb") as page:
                    body = page.read()
                return self.send_bytes(decorate(body, preview.generation, preview.errors), "text/html", head=True)
            if preview.errors and not os.path.exists(path):
                page = b"<!DOCTYPE html><html><head><title>Build failed</title></head><body></body></html>"
                body = decorate(page, preview.generation, preview.errors)
                return self.send_bytes(body, "text/html", HTTPStatus.SERVICE_UNAVAILABLE, head=True)
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


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server that knows its preview."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], preview: Preview) -> None:
        self.preview = preview
        super().__init__(address, partial(PreviewHandler, directory=str(preview.out_dir)))


def watch_paths(preview: Preview, paths: list[Path], recursive: bool, names: set[str] | None) -> None:
    """Mark the preview dirty on each change under paths (only to the named files, if names)."""
    existing = [str(p) for p in paths if p.exists()]
    if not existing:
        return
    for changes in watch(*existing, recursive=recursive, stop_event=preview.stop, step=5, debounce=40,
                         rust_timeout=500, yield_on_timeout=False, raise_interrupt=False):
        if names is None or any(Path(path).name in names for _, path in changes):
            preview.dirty.set()


def rebuild_on_change(preview: Preview) -> None:
    """Rebuild whenever a watcher marks the preview dirty, until stopped."""
    while not preview.stop.is_set():
        if preview.dirty.wait(0.2):
            preview.dirty.clear()
            preview.rebuild()


def index_on_request(preview: Preview) -> None:
    """Rebuild the search index whenever a build asks for it (several requests make one run)."""
    while not preview.stop.is_set():
        if preview.index_wanted.wait(0.2):
            preview.index_wanted.clear()
            preview.index_search()


def start_threads(preview: Preview) -> list[threading.Thread]:
    """The two watchers (the folders, recursively; the root, for site.yaml), the builder and the indexer."""
    root = preview.root
    jobs = [(watch_paths, (preview, [root / d for d in WATCHED_DIRS], True, None)),
            (watch_paths, (preview, [root], False, set(WATCHED_FILES))),
            (rebuild_on_change, (preview,)),
            (index_on_request, (preview,))]
    threads = [threading.Thread(target=target, args=args, daemon=True) for target, args in jobs]
    for thread in threads:
        thread.start()
    return threads


def stop_on_signals() -> None:
    """Ctrl-C (and a plain `kill`) stop the server cleanly, even when started in the background."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)


def serve(root: Path, out_dir: Path, port: int = 8000, host: str = "127.0.0.1") -> int:
    """Build, serve out_dir on host:port and rebuild on every change until Ctrl-C; return the exit code."""
    preview = Preview(root, out_dir)
    stop_on_signals()
    try:
        preview.rebuild()
        server = PreviewServer((host, port), preview)
    except KeyboardInterrupt:
        return 0
    except OSError as err:
        print(f"cannot serve on {host}:{port} ({err.strerror}) — pass --port with another port, "
              "or 0 for any free one", file=sys.stderr)
        return 1
    threads = start_threads(preview)
    print(f"serving {out_dir} at http://{host}:{server.server_port}/ — rebuilds when content/, "
          "templates/, seeds/, static/, locale/ or site.yaml change; Ctrl-C stops", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop.set()
        with preview.changed:
            preview.changed.notify_all()
        server.server_close()
        for thread in threads:
            thread.join(timeout=2)
    print("stopped", flush=True)
    return 0
