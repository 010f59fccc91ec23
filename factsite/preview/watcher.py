"""serve's watchers, in a process of their own: `python watcher.py ROOT NAME...` writes a line on
standard output for each change to the named entries of ROOT (its input folders and site.yaml),
and ends when its standard input closes (serve stopped, or died).

watchfiles looks for changes every millisecond, and each look takes the interpreter's lock: in
serve's own process that held back every check by some 20 ms (two watchers, looking a thousand
times a second each). Here they take this process's lock only; serve's thread that reads these
lines waits in the kernel. Two watchers: one watches the input folders, the other the site folder
itself (site.yaml, and an input folder appearing or going, which has the first watch the folders
there are now): never public/ nor the staging folders, whose thousands of files written on every
build would keep both busy. This file imports nothing of the site's code: it starts quickly.
"""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from watchfiles import watch

STEP_MS = 1  # a change is said 1 to 2 ms after it settles (watchfiles' default: 50 to 100)


class _Either:
    """Set when either event is (what watchfiles asks a stop event)."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self.events)


def watch_site(root: Path, names: list[str], said, stop: threading.Event) -> None:
    """Call said() on each change to root's named entries (folders watched through), until stop is set."""
    folders_changed = threading.Event()

    def named(change, path: str) -> bool:
        return os.path.basename(path) in names

    def watch_site_folder() -> None:
        for _ in _watch([root], stop, recursive=False, watch_filter=named):
            folders_changed.set()
            said()

    threading.Thread(target=watch_site_folder, daemon=True).start()
    while not stop.is_set():
        folders_changed.clear()
        paths = [root / name for name in names if (root / name).is_dir()]
        for _ in _watch(paths, _Either(stop, folders_changed)) if paths else ():
            said()
        folders_changed.wait(0.5)


def _watch(paths: list[Path], stop, **options):
    return watch(*paths, stop_event=stop, step=STEP_MS, debounce=40, rust_timeout=500, yield_on_timeout=False,
                 raise_interrupt=False, **options)


def _say() -> None:
    sys.stdout.write("changed\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    root, names = Path(argv[0]), argv[1:]
    stop = threading.Event()

    def until_closed() -> None:
        sys.stdin.buffer.read()  # returns at end of input: serve has gone
        stop.set()

    threading.Thread(target=until_closed, daemon=True).start()
    try:
        watch_site(root, names, _say, stop)
    except (BrokenPipeError, KeyboardInterrupt):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
