"""The digest of each site file's bytes, as the preview's memory (memo.py) keys what it keeps: a
file is read and hashed again only when its size, inode or modification time changed."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from factsite.load.inputs import UnsafeInput, read_input

EMPTY = hashlib.blake2b(b"", digest_size=16).digest()  # a file missing, unreadable or empty
STATS_KEPT = 100_000  # files whose digest is known by their size, inode and time


class FileDigests:
    """Each site file's digest, by site path: the latest worked out, and how each file looked then."""

    def __init__(self) -> None:
        self.latest: dict[str, bytes] = {}  # of the files read, by site path (the latest build's)
        self.stats: dict[str, tuple[tuple, bytes]] = {}  # a file's size, inode and time, with its digest
        self.scanned: dict[str, tuple[int, int, int]] = {}  # the same, of the regular files the latest scan saw

    def scanning(self) -> dict[str, tuple[int, int, int]]:
        """A fresh record for load's safety scan to fill (load_site's scanned): each regular input
        file's state, which digest() then takes instead of looking at the file again."""
        self.scanned = {}
        return self.scanned

    def digest(self, root: Path, rel: str) -> bytes:
        """The digest of a site file's bytes (of b"" if it cannot be read); the file is read again
        only when its size, inode or modification time changed."""
        state = self.scanned.get(rel)  # as this check's safety scan saw it, if it did
        if state is None:
            try:
                info = os.stat(os.path.join(root, rel))  # not root / rel: this runs for every input on every save
                state = (info.st_size, info.st_ino, info.st_mtime_ns)
            except OSError:
                state = None
        known = self.stats.get(rel)
        if state is not None and known is not None and known[0] == state:
            self.latest[rel] = known[1]
            return known[1]
        try:
            data = read_input(root / rel, rel)
        except (OSError, UnsafeInput):
            data = b""
        digest = self.latest[rel] = hashlib.blake2b(data, digest_size=16).digest()
        if state is not None:
            if len(self.stats) >= STATS_KEPT:
                self.stats.clear()
            self.stats[rel] = (state, digest)
        return digest
