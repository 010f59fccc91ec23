"""Stage 4's spare: the site a swap replaced, kept beside the output as the next build's staging folder.

Staging a site from nothing costs a folder for every page and a link for every file (29,000
folders on the national site, 1.8 s on a slow disk). The replaced site differs from the live one
only in what that build wrote, and most of its files are links of the live ones: so it is kept,
as `.{out}.spare`, without its search bundle and offline copy (which every build writes again;
they are moved aside and removed like a replaced site). Before it is kept, it is made a mirror of
the live site (for a large site, in a process of its own while the build ends): every file the
live file itself, linked, and a STAMP naming the live site's state and the files held. The next
build takes it as its staging folder and, if the live site is still in that state, unlinks what it
does not keep by the stamp's names alone; else it syncs the two trees by inode. A file that is not
to be kept, or is not the live file itself, is unlinked, never written into; folders left empty
are removed, and the files missing are linked. Only a real folder holding the build's marker is
taken; anything else by that name is left alone, and a build that fails gives its staging folder
back as the spare (without a stamp: the next build syncs it by inode).
"""
from __future__ import annotations

import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Collection
from functools import partial
from pathlib import Path

from factsite.render.offline import OFFLINE_ZIP
from factsite.write.output import MARKER, MARKER_TEXT, spare_name, staging_prefix

SEARCH_BUNDLE = "pagefind"
REWRITTEN = (SEARCH_BUNDLE, OFFLINE_ZIP)  # written whole by every build: moved out of the spare
STAMP = ".spare-of"  # in the spare made a mirror of the live site: the live site's identity and the names held
KEEP_SHARE = 0.25  # the spare is kept, and taken, only by a build that wrote at most this share of the files
REMOVE_BESIDE_FILES = 2_000  # a replaced site of at least this many files is removed beside the build


def take_spare(dest: Path, written: int = 0, files: int = 0) -> Path | None:
    """The spare, renamed to a staging folder of this build; None if there is none of the build's,
    or if the build writes more than KEEP_SHARE of the site's files (then a fresh folder is
    quicker to make than the spare's links to unlink, and the spare is removed as a replaced site)."""
    spare = spare_name(dest)
    if not _ours(spare):
        return None
    staging = dest.with_name(staging_prefix(dest) + os.urandom(4).hex())
    try:
        os.rename(spare, staging)
    except FileNotFoundError:
        return None  # another build took it first
    if not _ours(staging):  # put there between the look and the rename: not the build's to sync
        os.rename(staging, spare)
        return None
    if written > KEEP_SHARE * files:
        remove_old(staging, files)
        return None
    if (staging / MARKER).read_bytes() != MARKER_TEXT:
        new = staging / f"{MARKER}.new"
        new.unlink(missing_ok=True)
        new.write_bytes(MARKER_TEXT)
        os.replace(new, staging / MARKER)
    return staging


def put_back(staging: Path, dest: Path) -> bool:
    """After a failed build, its staging folder taken from the spare is the spare again (whatever
    it holds, the next sync checks every file); False if that name is taken meanwhile."""
    spare = spare_name(dest)
    if os.path.lexists(spare):
        return False
    try:
        os.rename(staging, spare)
    except OSError:
        return False
    return True


def sync(live: Path, staging: Path, keep: Collection[str]) -> set[str]:
    """Make staging (a fresh folder, or the spare taken) hold, of the live site's files, only those
    named in keep, each as the live file itself; return the names it holds so already (the rest
    are to be linked). A spare made a mirror of this very live site (its STAMP says so) is synced
    from its list of names alone; any other folder by reading both trees by inode (os.scandir
    gives it without a stat)."""
    mirrored, keep = _mirrored_names(live, staging), frozenset(keep)
    unkept = [name for name in mirrored if name not in keep] if mirrored is not None else []
    if mirrored is not None and all(_file_inside(os.fspath(staging), name) for name in unkept):
        _drop(staging, unkept)
        return keep.intersection(mirrored)
    held: set[str] = set()
    _sync_folder(os.fspath(live), os.fspath(staging), "", keep, held)
    return held


def _mirrored_names(live: Path, staging: Path) -> list[str] | None:
    """The names of the files staging holds as the live site's own, if its STAMP was written
    against the live site as it is now (same folder, not renamed or changed since); else None.
    The stamp is removed either way: it is never published."""
    try:
        stamp = (staging / STAMP).read_text("utf-8").split("\n")
        os.unlink(staging / STAMP)
    except (OSError, UnicodeDecodeError):
        return None
    return stamp[1:] if stamp[0] == _identity(live) else None


def _file_inside(folder: str, name: str) -> bool:
    """Whether name is a file (or a link) of folder's own, reached through real folders only: a
    stamp's name that is not (`..`, a path through a link) is never unlinked, and the spare is
    synced by the walk instead."""
    parts = name.split("/")
    if not name or name.startswith("/") or any(part in ("", ".", "..") for part in parts):
        return False
    try:
        for depth in range(1, len(parts)):
            if not stat.S_ISDIR(os.lstat(os.path.join(folder, *parts[:depth])).st_mode):
                return False
        return not stat.S_ISDIR(os.lstat(os.path.join(folder, name)).st_mode)
    except OSError:
        return False


def _drop(staging: Path, names: list[str]) -> None:
    """Unlink these files of staging, and the folders that leaves empty."""
    folder = os.fspath(staging)
    folders = set()
    for name in names:
        os.unlink(os.path.join(folder, name))
        folders.add(os.path.dirname(name))
    for rel in sorted(folders, key=len, reverse=True):  # the deepest first, then their parents
        while rel:
            try:
                os.rmdir(os.path.join(folder, rel))
            except OSError:  # not empty: kept
                break
            rel = os.path.dirname(rel)


def _identity(folder: Path) -> str:
    """What tells this folder as it is now from the same folder after a swap or an entry changed
    in it: renaming a folder, and adding or removing an entry in it, give it a new change time."""
    info = os.lstat(folder)
    return f"{info.st_dev} {info.st_ino} {info.st_ctime_ns} {info.st_mtime_ns}"


def mirror(spare: Path, live: Path) -> None:
    """Make spare hold every file of the live site except REWRITTEN, each as the live file itself,
    and nothing else; then write its STAMP: the live site's identity and the names, unless the
    live site changed meanwhile (then the next build syncs the spare by reading both trees)."""
    before = _identity(live)
    held: set[str] = set()
    _mirror_folder(os.fspath(live), os.fspath(spare), "", held)
    if _identity(live) == before:
        stamp = os.open(spare / STAMP, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)  # mirror() removed any
        with open(stamp, "wb") as file:
            file.write("\n".join([before, *sorted(held)]).encode("utf-8"))


def _mirror_folder(live: str, spare: str, rel: str, held: set[str]) -> bool:
    """Mirror one folder of the live site (rel: its path in the site, "" or ending in /); whether
    it holds any file then (a folder left empty is removed by the caller)."""
    with os.scandir(live) as found:
        wanted = {entry.name: entry for entry in found if rel + entry.name not in (*REWRITTEN, MARKER)}
    with os.scandir(spare) as found:
        had = {entry.name: entry for entry in found}
    for name, entry in had.items():
        source = wanted.get(name)
        if entry.is_dir(follow_symlinks=False):
            if source is None or not source.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
        elif (source is None or source.is_dir(follow_symlinks=False) or source.inode() != entry.inode()) \
                and rel + name != MARKER:
            os.unlink(entry.path)
    count = len(held)
    for name, source in wanted.items():
        path = os.path.join(spare, name)
        if source.is_dir(follow_symlinks=False):
            os.makedirs(path, exist_ok=True)
            if not _mirror_folder(source.path, path, f"{rel}{name}/", held):
                os.rmdir(path)
        elif source.is_file(follow_symlinks=False):
            if not os.path.lexists(path):
                os.link(source.path, path, follow_symlinks=False)
            held.add(rel + name)
    return len(held) > count


def _sync_folder(live: str, staging: str, rel: str, keep: frozenset[str], held: set[str]) -> bool:
    """Sync the staging folder with the live one (rel: its path in the site, "" or ending in /);
    whether anything is left in it. The marker stays; a folder left empty is removed."""
    inodes = _file_inodes(live)
    with os.scandir(staging) as found:
        entries = list(found)
    left = False
    for entry in entries:
        name = rel + entry.name
        if entry.is_dir(follow_symlinks=False):
            if _sync_folder(f"{live}/{entry.name}", entry.path, name + "/", keep, held):
                left = True
            else:
                os.rmdir(entry.path)
        elif name in keep and inodes.get(entry.name) == entry.inode():
            held.add(name)
            left = True
        elif name == MARKER:
            left = True
        else:
            os.unlink(entry.path)  # a link of a live file, or a file of its own: never written into
    return left


def _file_inodes(folder: str) -> dict[str, int]:
    """The inode of each entry of folder that is not a folder ({} if there is no such folder)."""
    try:
        with os.scandir(folder) as found:
            return {entry.name: entry.inode() for entry in found if not entry.is_dir(follow_symlinks=False)}
    except (FileNotFoundError, NotADirectoryError):
        return {}


def retire(old: Path | None, dest: Path, written: int, files: int) -> None:
    """Keep the replaced site as the spare, when the build wrote at most KEEP_SHARE of the site's
    files (after a build that wrote most, the replaced site is mostly unlike the live one, and
    a fresh staging folder is quicker to make than the spare to sync); else remove it."""
    if old is None:
        return
    if written > KEEP_SHARE * files or os.path.lexists(spare_name(dest)) or not _ours(old):
        remove_old(old, files)
        return
    try:
        aside = Path(tempfile.mkdtemp(prefix=staging_prefix(dest), dir=dest.parent))
    except OSError:
        remove_old(old, files)
        return
    try:
        (aside / MARKER).write_bytes(MARKER_TEXT)
        for name in REWRITTEN:
            if os.path.lexists(old / name):
                os.rename(old / name, aside / name.replace("/", "-"))
    except OSError:
        remove_old(old, files)
        old = None
    remove_old(aside, files)
    if old is None:
        return
    if files >= REMOVE_BESIDE_FILES and hasattr(os, "fork"):
        _beside(old, partial(_make_spare, dest=dest))
    else:
        _make_spare(old, dest)


def _make_spare(old: Path, dest: Path) -> None:
    """Make the replaced site a mirror of the live one and keep it as the spare (unless a spare
    appeared meanwhile, or it fails: then it is removed)."""
    try:
        mirror(old, dest)
        if os.path.lexists(spare_name(dest)):
            raise FileExistsError(spare_name(dest))
        os.rename(old, spare_name(dest))
    except OSError:
        shutil.rmtree(old, ignore_errors=True)


def _ours(folder: Path) -> bool:
    """Whether folder is a real folder (not a link) holding the build's marker as a regular file."""
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode) and stat.S_ISREG(os.lstat(folder / MARKER).st_mode)
    except OSError:
        return False


def remove_old(old: Path, files: int) -> None:
    """Remove a replaced site (or what was moved aside from it): here, or for a large one in a
    process of its own, which names the folder after itself first (removing a folder is slow on
    some disks: 16,000 took 11 s here, and the new site is in place already). If that fails, say
    where it is."""
    if files >= REMOVE_BESIDE_FILES and hasattr(os, "fork"):
        _beside(old, _remove_last)
        return
    try:
        shutil.rmtree(old)
    except OSError as err:
        print(f"the previous site, moved to {old}, could not be removed ({err.strerror}) — remove it by hand",
              file=sys.stderr)


def _remove_last(folder: Path) -> None:
    """Remove folder at the lowest priority: whatever runs next (the next build) comes first."""
    os.nice(19)
    shutil.rmtree(folder, ignore_errors=True)


def _beside(old: Path, work: Callable[[Path], object]) -> None:
    """work(old) in a grandchild process, which first renames old to name itself (so that a later
    build does not take it for a killed build's); returns once it is renamed."""
    renamed, told = os.pipe()
    child = os.fork()
    if child == 0:  # the child: start the grandchild, then end at once (this process reaps it)
        os.close(renamed)
        try:
            if os.fork() == 0:
                os.setsid()
                quiet = os.open(os.devnull, os.O_RDWR)
                for stream in (0, 1, 2):  # whoever reads the build's output is not kept waiting
                    os.dup2(quiet, stream)
                os.closerange(3, told)
                os.closerange(told + 1, 65536)
                mine = old.with_name(re.sub(r"-\d+-", f"-{os.getpid()}-", old.name, count=1))
                os.replace(old, mine)
                os.close(told)
                work(mine)
        finally:
            os._exit(0)
    os.close(told)
    os.waitpid(child, 0)
    os.read(renamed, 1)  # returns at EOF: the grandchild renamed the folder (or ended)
    os.close(renamed)
