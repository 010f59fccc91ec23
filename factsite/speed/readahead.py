"""Facts files read ahead in a forked child on a cold run, while this process reads the others.

Reading the national site's 5.9 MB of facts (every line and column kept, each entry checked against
the schema) is about 3 s of one core; the child takes the last files of the list, about 40% of the
bytes (this process also unpickles what it read), and its files come back pickled through memory
shared with it (workers.Beside). What each file gives is the same as reading it here: the child runs
the same reader on the same bytes, and a child that fails leaves its files to be read here.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from factsite.load.site import ListFile, ListReader, facts_files
from factsite.speed.workers import Beside, worker_count

READ_AHEAD_BYTES = 1_000_000  # below this many bytes of facts to read, one process reads them all
CHILD_SHARE = 0.4  # of the bytes: this process also unpickles what the child read (~0.25 s for 3 MB)


class ReadAhead:
    """The facts files of share, read by a child from the moment it is made; take() gives each one."""

    def __init__(self, root: Path, share: list[str], build: Callable, read: ListReader) -> None:
        self.share, self.given = set(share), None
        self.beside = Beside(lambda: {rel: read(root, rel, "facts", build) for rel in share}).__enter__()

    def has(self, rel: str) -> bool:
        return rel in self.share

    def take(self, rel: str) -> ListFile | None:
        """What the child read of rel, or None if it failed (rel is then read here)."""
        if self.given is None:
            try:
                self.given = self.beside.result()
            except Exception:  # noqa: BLE001 — the file is read here again and says what is wrong
                self.given = {}
            self.close()
        self.share.discard(rel)
        return self.given.pop(rel, None)

    def close(self) -> None:
        """End the child if its files were not taken."""
        self.beside.__exit__(None, None, None)


def read_ahead(root: Path, rel: str, build: Callable, read: ListReader, known: Callable[[str], bool],
               least: int | None = None) -> ReadAhead | None:
    """A child reading the last of the facts files after rel that are not known (remembered), when
    rel is the first facts file to be read and there is enough to share; else None."""
    files = facts_files(root)
    unread = [name for name in files[files.index(rel) + 1:] if not known(name)] if rel in files else []
    share = child_share(root, [rel, *unread], least)
    return ReadAhead(root, share, build, read) if share else None


def child_share(root: Path, unread: list[str], least: int | None = None) -> list[str]:
    """The last of these facts files (in the order they are read; never the first) holding about
    CHILD_SHARE of their bytes, for a child to read; [] when there are fewer than `least` bytes or
    one core."""
    sizes = [_size(root / rel) for rel in unread]
    total = sum(sizes)
    if total < (READ_AHEAD_BYTES if least is None else least) or len(unread) < 2 or worker_count(2, per_process=1) < 2:
        return []
    share, taken = [], 0
    for rel, size in zip(reversed(unread), reversed(sizes)):
        if taken + size > total * CHILD_SHARE and share:
            break
        share.append(rel)
        taken += size
    return share[::-1] if len(share) < len(unread) else share[:-1][::-1]  # the first is read here


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
