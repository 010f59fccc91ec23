"""`python build.py serve`: a live preview that rebuilds on every change and reloads the open page.

The rebuild runs the build's own stages (load → verify → render → write). When the content has a
problem, nothing is written: the last good build keeps being served, the terminal prints each
problem as `file:line:column: …`, and every served page shows them in a banner. The reload script
and the banner are added to HTML responses only, never to the files on disk. After an edit, the
open pages reload as soon as the content is checked, each page rendered on request (builder.py).

Three threads besides the HTTP server's (http.py, for this machine's user only): the main one
serves, one marks the preview dirty on each change the watcher process says (watcher.py), and the
one builder checks and shows, then has the build write the site and index it for search in a
process of its own, stopped by the next change.
"""
from __future__ import annotations

import gc
import os
import select
import subprocess
import signal
import sys
import threading
import time
from functools import partial
from pathlib import Path

from factsite.load.inputs import CONFIG, INPUT_FOLDERS
from factsite.speed.collector import collector_paused
from factsite.preview.builder import LivePages, Session, build_beside, check_once
from factsite.preview.http import HOST, PreviewServer
from factsite.render.site import Renderer

QUIET_S = 0.1  # after an edit, the open pages have reloaded once no file was asked for this long
WATCHER = Path(__file__).with_name("watcher.py")  # run as a script of its own (python -P: nothing shadows)
WRITE_AFTER_S = 1.0  # after an edit, the whole site is written once nothing changed for this long


class Preview:
    """What the server, watchers and builder share: the output, the build generation, its problems."""

    def __init__(self, root: Path, out_dir: Path) -> None:
        self.root, self.out_dir = root, out_dir
        self.generation = 0
        self.errors: list[str] = []
        self.changed = threading.Condition()   # notified when a build finishes
        self.swap_lock = threading.Lock()      # held while the build served changes or a file is opened
        self.dirty = threading.Event()         # set by the watchers
        self.stop = threading.Event()
        self.session = Session(root)  # used by the builder thread only
        self.live: LivePages | None = None      # pages rendered on request until the build is on disk
        self.waiting = 0                        # open pages waiting for the next build
        self.last_request = 0.0                 # time.monotonic() of the latest request for a file
        self.to_write: Renderer | None = None   # the latest good build, for the writer thread
        self.waiting_when_shown = False         # whether open pages were told of the latest build

    def check_and_show(self) -> Renderer | None:
        """Check the content and tell the open pages; return the renderer of a good build.

        The open pages reload as soon as the content is checked: their requests are answered by
        rendering the page asked for (LivePages). When the content has a problem, the last good
        pages stay served with the problems in a banner."""
        started = time.perf_counter()
        with collector_paused():
            errors, renderer = check_once(self.root, self.session)
            gc.freeze()  # what lives on (the site, the memory): out of every later collection's scan
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
        """Have the build write the site of a checked build (builder.build_beside), unless a newer one
        comes first; True once done with it (written, or failed and said), False if a newer change
        stopped it.

        write_after: seconds without another change before writing, so that saves in quick
        succession are each checked and shown, and the site written once."""
        live = self.live
        if live is not None and live.renderer is renderer and self.waiting_when_shown:
            self.let_pages_load(live)
        superseded = partial(self.superseded, renderer)
        if (write_after and self.dirty.wait(write_after)) or superseded():
            return False
        errors, summary = build_beside(self.root, self.out_dir, superseded, self.dirty)
        if errors and not superseded():  # a page failed to render: serve the last build written
            self.publish(errors, None)
            print("\n".join(errors), file=sys.stderr, flush=True)
            return True
        if summary is None:
            return False
        with self.swap_lock:
            if self.live is not None and self.live.renderer is renderer:
                self.live = None  # the files on disk are now the same bytes
        print(summary, flush=True)
        return True

    def superseded(self, renderer: Renderer) -> bool:
        """A newer build was checked, or the content changed again, since renderer's build (or serve
        stops): asked every few milliseconds while the build writes the site."""
        return self.to_write is not renderer or self.dirty.is_set() or self.stop.is_set()

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

    def wait_for_change(self, since: int, timeout: float) -> int:
        """Block until the generation differs from `since` (or timeout, or stop); return it."""
        with self.changed:
            self.waiting += 1
            try:
                self.changed.wait_for(lambda: self.generation != since or self.stop.is_set(), timeout)
            finally:
                self.waiting -= 1
            return self.generation


def watch_inputs(preview: Preview) -> None:
    """Mark the preview dirty on each change to the inputs, as the watcher process says them
    (watcher.py: its looking for changes takes no lock of this process), until serve stops."""
    command = [sys.executable, "-P", str(WATCHER), str(preview.root), *INPUT_FOLDERS, CONFIG]
    while not preview.stop.is_set():
        with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as watcher:
            try:
                _read_changes(preview, watcher.stdout.fileno())
            finally:
                watcher.stdin.close()  # it ends when its input does
                try:
                    watcher.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    watcher.kill()
        preview.stop.wait(0.5)  # it ended on its own: start another


def _read_changes(preview: Preview, fd: int) -> None:
    """Mark the preview dirty on each line the watcher writes, until serve stops or the watcher ends."""
    while not preview.stop.is_set():
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            if not os.read(fd, 1 << 16):
                return
            preview.dirty.set()  # the builder stops any build under way


def build_on_change(preview: Preview, pending: Renderer | None = None) -> None:
    """The one builder: on each change check the content and show it; once no change came for
    WRITE_AFTER_S, have the build write the site (a newer change stops it). pending: the build
    serve started with, written at once."""
    write_after = 0.0
    while not preview.stop.is_set():
        if preview.dirty.wait(0.1):
            preview.dirty.clear()
            pending, write_after = preview.check_and_show() or pending, WRITE_AFTER_S
            continue
        if pending is not None and preview.write(pending, write_after):
            pending = None


def start_threads(preview: Preview, pending: Renderer | None) -> list[threading.Thread]:
    """The watcher and the builder (the HTTP server answers on threads of its own)."""
    threads = [threading.Thread(target=watch_inputs, args=(preview,), daemon=True),
               threading.Thread(target=build_on_change, args=(preview, pending), daemon=True)]
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
        pending = preview.check_and_show()  # served at once, rendered on request while the build writes it
        server = PreviewServer(port, preview)
    except KeyboardInterrupt:
        return 0
    except OSError as err:
        print(f"cannot serve on {HOST}:{port} ({err.strerror}) — pass --port with another port, "
              "or 0 for any free one", file=sys.stderr)
        return 1
    threads = start_threads(preview, pending)
    print(f"serving {out_dir} at http://{HOST}:{server.server_port}/ — rebuilds when content/, "
          "templates/, seeds/, static/, locale/ or site.yaml change; Ctrl-C stops", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop.set()  # the builder kills any build under way
        with preview.changed:
            preview.changed.notify_all()
        server.server_close()
        for thread in threads:
            thread.join(timeout=10)
    print("stopped", flush=True)
    return 0
