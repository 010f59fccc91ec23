"""The Cache (model.py) the stages are given: values by keys made of digests, bounded, and kept
from one run to the next in the user's cache folder.

load keeps each list file's entries by its bytes' digest; verify keeps each fact's check by the
digests of the fact, the seed it quotes and the names it may refer to; render keeps each share card
by the digest of its text and fonts, as a file of its own in a folder beside the cache file (named
for the build's code), so that a build reads only the cards it needs. A key says everything the
value was made from, so a kept value is never stale; the cache file also names the build's own
code, and one written by other code is not read. FACTSITE_NO_CACHE=1 turns the folder off.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import sys
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

from factsite.speed.digest import code_digest

ON_DISK = ("card",)  # kinds of value kept as files of their own (a share card's PNG), read only when asked for
FILES_KEPT = 40_000  # such files; the least recently used are removed (the national site has about 12,300)
ENTRIES_KEPT = 200_000  # the national site uses about 31,000 (five per fact, one per file and template)
SITES_KEPT = 8  # site folders with a cache file; the least recently used are removed
MEMORY_ONLY = ("proved", "facts file", "template python")  # made again quicker than read back, or not asked again


class Bounded:
    """A Cache in memory holding the latest `size` values (the least recently used go first); `used`
    names the keys asked for or given since it was made (what the next run asks again)."""

    def __init__(self, size: int = ENTRIES_KEPT, files: Path | None = None) -> None:
        """files: the folder of the values kept as files (ON_DISK); None keeps them in memory."""
        self.size, self.entries, self.changed, self.used = size, OrderedDict(), False, set()
        self.files = files

    def _path(self, key: tuple) -> Path | None:
        """Where a value of a kind kept on disk is kept, or None for any other."""
        if self.files is None or key[0] not in ON_DISK:
            return None
        return self.files / hashlib.sha256(repr(key).encode("utf-8")).hexdigest()

    def get(self, key: tuple) -> object | None:
        path = self._path(key)
        if path is not None:
            try:
                data = path.read_bytes()
                os.utime(path)  # recently used: kept
                return data
            except OSError:
                return None
        value = self.entries.get(key)
        if value is not None:
            self.entries.move_to_end(key)
            self.used.add(key)
        return value

    def put(self, key: tuple, value: object) -> None:
        if key[0] in ON_DISK:  # kept as a file, or not at all: the build holds these bytes already
            path = self._path(key)
            if path is not None and isinstance(value, bytes):
                _write_file(path, value)
                self.changed = True
            return
        self.entries[key] = value
        self.entries.move_to_end(key)
        self.changed = True
        self.used.add(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)


def _write_file(path: Path, data: bytes) -> None:
    """Keep a value as a file (by a rename, so that a reader never sees half of it); a full disk keeps nothing."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.new")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


def cache_folder() -> Path | None:
    """factsite's folder in the user's cache (None if FACTSITE_NO_CACHE is set or it cannot be made)."""
    if os.environ.get("FACTSITE_NO_CACHE"):
        return None
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(home) / "factsite"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def _file(root: Path) -> Path | None:
    folder = cache_folder()
    name = hashlib.sha256(os.fsencode(os.path.realpath(root))).hexdigest()[:24]
    return folder / f"{name}.pickle" if folder is not None else None


def kept_cache(root: Path) -> Bounded:
    """What the last runs on this site folder kept; for a folder never built here (a new clone or
    copy), what the latest run on any site kept: every key is made of digests, so a value found is
    the one this site would make. Else an empty cache."""
    path = _file(root)
    cache = Bounded(files=path.parent / f"files-{code_digest()[:16]}" if path is not None else None)
    if path is not None and not path.exists():
        path = max(path.parent.glob("*.pickle"), key=_modified, default=path)
    try:
        with open(path, "rb") as file:  # a foreign, broken or older file is no cache
            code, entries = pickle.load(file)
        if code == code_digest() and isinstance(entries, OrderedDict):
            cache.entries = entries
    except (OSError, TypeError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    return cache


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:  # removed meanwhile by another build
        return -1


@contextlib.contextmanager
def kept_meanwhile(cache: Bounded, root: Path) -> Iterator[None]:
    """keep(cache, root) in a process of its own while the block runs, done by the block's end
    (a build writes its site meanwhile: pickling the national site's cache takes 0.2-0.3 s); in
    this process where none can be forked, or nothing is to be kept."""
    if not cache.changed or not hasattr(os, "fork"):
        keep(cache, root)
        yield
        return
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # what was printed is printed once, by this process
    child = os.fork()
    if child == 0:
        try:
            keep(cache, root)
        finally:
            os._exit(0)
    try:
        yield
    finally:
        os.waitpid(child, 0)


def keep(cache: Bounded, root: Path) -> None:
    """Write what this run asked for or made, for the next run (by a rename), when it made anything;
    forget the sites least recently built."""
    path = _file(root)
    if path is None or not cache.changed:
        return
    temporary = path.with_suffix(f".{os.getpid()}.new")
    entries = OrderedDict((key, value) for key, value in cache.entries.items()
                          if key in cache.used and key[0] not in MEMORY_ONLY)
    try:
        with open(temporary, "wb") as file:
            pickle.dump((code_digest(), entries), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for old in sorted(path.parent.glob("*.pickle"), key=_modified)[:-SITES_KEPT]:
            old.unlink(missing_ok=True)
    except OSError:
        temporary.unlink(missing_ok=True)
    forget_files(path.parent, cache.files)


def forget_files(folder: Path, kept: Path | None) -> None:
    """Remove the folders of values kept as files by other code, and the least recently used files
    beyond FILES_KEPT."""
    try:
        for other in folder.glob("files-*"):
            if other != kept:
                shutil.rmtree(other, ignore_errors=True)
        files = list(kept.iterdir()) if kept is not None and kept.is_dir() else []
        if len(files) > FILES_KEPT:
            for old in sorted(files, key=lambda p: p.stat().st_mtime_ns)[:-FILES_KEPT]:
                old.unlink(missing_ok=True)
    except OSError:
        pass
