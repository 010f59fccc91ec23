"""The preview's memory (memo.py) kept from one build or check to the next, in the user's cache folder.

A build after an edit then reads again only the list files whose bytes changed, and checks again
the facts of those files only; the rest is what the last build found for the same bytes. One file
per list file of each site folder, written whole by a rename when a run read or checked it anew,
read back only by the same build code; anything unreadable is ignored (that file is read and
checked again).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from pathlib import Path

from factsite.load.site import LIST_FILES
from factsite.model import Site
from factsite.speed.digest import code_digest
from factsite.speed.memo import SessionMemo
from factsite.speed.templates import cache_folder

SITES_KEPT = 8  # site folders remembered; the least recently built or checked are forgotten


def remembered(root: Path) -> SessionMemo:
    """A memo holding what the last runs on this site folder found, or an empty one."""
    memo, folder, code = SessionMemo(ahead=True), site_folder(root), code_digest()
    for path in sorted(folder.glob("*.pickle")) if folder is not None else ():
        try:
            with open(path, "rb") as file:  # a foreign or broken file is no memory
                kept_code, rel, entries = pickle.load(file)
            if kept_code == code and path.stem == _name(rel):
                memo.restore(entries)
        except (OSError, TypeError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            continue
    return memo


def keep(memo: SessionMemo, root: Path, site: Site) -> None:
    """Keep what this run found anew for the next: one file per list file, written whole by a
    rename; the files of list files the site no longer has are removed."""
    folder = site_folder(root)
    if folder is None:
        return
    code = code_digest()
    try:
        for rel, entries in memo.kept(memo.learned).items():
            path = folder / f"{_name(rel)}.pickle"
            temporary = path.with_suffix(f".{os.getpid()}.new")
            with open(temporary, "wb") as file:
                pickle.dump((code, rel, entries), file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        current = {_name(rel) for rel in (*{fact.where.file for fact in site.facts}, *LIST_FILES)}
        for path in folder.glob("*.pickle"):
            if path.stem not in current:
                path.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError):
        pass
    memo.learned.clear()


def _name(rel: str) -> str:
    return hashlib.sha256(rel.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def site_folder(root: Path) -> Path | None:
    """This site folder's own folder in the cache (None without a cache), which also holds the data
    rows (speed/datarows.py); the least recently used beyond SITES_KEPT go."""
    name = hashlib.sha256(os.fsencode(Path(root).resolve())).hexdigest()[:24]
    folder = cache_folder(f"memory/{name}")
    if folder is not None:
        try:
            os.utime(folder)
            others = sorted(folder.parent.iterdir(), key=lambda path: path.stat().st_mtime_ns)
            for old in others[:-SITES_KEPT]:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass
    return folder
