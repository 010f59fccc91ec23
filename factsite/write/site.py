"""Stage 4: write the rendered site into a staging folder beside the output, with the files that did
not change linked from the live site, add the search index and the offline copy, check them, then
swap the folder in at once. A build that fails anywhere leaves the output as it was. The staging
folder is the site the last swap replaced, kept as the spare, where there is one (write/spare.py):
no file already in it is ever written into, since most are links of the live site's files."""
from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from factsite.write.offline import live_copy, members_of, offline_copy
from factsite.write.search import index_for_search
from factsite.write.output import MARKER, MARKER_TEXT, old_name, staging_prefix
from factsite.write.spare import put_back, retire, sync, take_spare

class WriteError(Exception):
    """The site could not be written; the previous output is untouched."""


@contextlib.contextmanager
def staged(dest: Path, written: int = 0, files: int = 0) -> Iterator[Path]:
    """A folder beside dest, marked as the build's, to build the new site in: the spare a build
    kept (write/spare.py), unless this build writes most of its files, else a fresh one. Unless
    publish() moved it, it is removed (or, taken from the spare, is the spare again)."""
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = take_spare(dest, written, files)
    fresh = staging is None
    if staging is None:
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(dest), dir=dest.parent))
    try:
        if fresh:
            (staging / MARKER).write_bytes(MARKER_TEXT)
        yield staging
    finally:
        if staging.exists() and (fresh or not put_back(staging, dest)):
            shutil.rmtree(staging)


def write_site(files: Mapping[str, bytes], out: Path, unchanged: Collection[str] = (), search: bool = True,
               search_cache: Path | None = None) -> float:
    """Publish the site: these files, and those named in unchanged as the live site has them (a
    rebuild renders only what changed); then the search index (search_cache: where earlier builds'
    search bundles are kept, write/search.py), the offline copy and one swap.
    Return the seconds the search index took. WriteError (or SearchFailed) if anything fails: out
    is then untouched.

    A file the live site already has with the same bytes is linked from it, like the unchanged
    ones, and keeps its member of the live offline copy: only what changed is compressed again."""
    out = out.resolve()
    same = {name for name, data in files.items() if _holds(os.path.join(out, name), data)}
    written, total = len(files) - len(same), len(files) + len(unchanged)
    with step("making a folder for the new site", out), staged(out, written, total) as staging:
        with step("linking the unchanged files", out):
            link_unchanged(out, staging, [*unchanged, *same])
        with step("writing the pages", out):
            write_files({name: data for name, data in files.items() if name not in same}, staging)
        names = [*files, *unchanged]
        with ThreadPoolExecutor(1) as beside:  # Pagefind works in its own process meanwhile
            started = time.perf_counter()
            searching = beside.submit(index_for_search, staging, kept=search_cache) if search else None
            with step("writing the offline copy", out):
                kept = kept_members(out, [*unchanged, *same])
                write_files(offline_copy(staging, names, kept), staging)
            with step("indexing the site for search", out):
                if searching is not None:
                    searching.result()
            seconds = time.perf_counter() - started
        with step("swapping the new site in", out):
            old = publish(staging, out, search=False, discard=None)
    retire(old, out, written, total)
    return seconds


@contextlib.contextmanager
def step(doing: str, out: Path) -> Iterator[None]:
    """Turn a failed write into a WriteError naming the step, and the disk when it is full."""
    try:
        yield
    except OSError as err:
        raise WriteError(failure(err, doing, out)) from None


def failure(err: OSError, doing: str, out: Path) -> str:
    """One line: what failed while doing what, and what to do."""
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"the disk holding {out.parent} is full ({err.strerror}) while {doing} — free some space "
                "there and build again")
    where = f" ({err.filename})" if err.filename else ""
    return f"{err.strerror or err}{where} while {doing}"


def _holds(path: str, data: bytes) -> bool:
    """Whether the regular file at path holds exactly these bytes."""
    try:
        info = os.stat(path, follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with open(path, "rb") as file:
            return file.read() == data
    except OSError:
        return False


def link_unchanged(out: Path, staging: Path, names: Collection[str]) -> None:
    """Each named file of the live site linked (or, where links cannot be made, copied) into
    staging, by a few threads (each link waits on the disk, not on Python), and nothing else of
    it kept there (the staging folder may be the spare: see write/spare.py)."""
    live, new = os.fspath(out), os.fspath(staging)
    ordered = sorted(set(names) - sync(out, staging, names))
    for folder in sorted({os.path.dirname(rel) for rel in ordered}):
        os.makedirs(os.path.join(new, folder), exist_ok=True)
    shares = [ordered[start::LINKING_THREADS] for start in range(LINKING_THREADS)]
    with ThreadPoolExecutor(LINKING_THREADS) as threads:
        list(threads.map(partial(_link_each, live, new), shares))  # list(): raise what a thread raised


def kept_members(out: Path, names: Collection[str]) -> dict:
    """The live offline copy's members of these files (linked unchanged from the live site)."""
    members = members_of(live_copy(out)) if names else {}
    return {name: members[name] for name in names if name in members}


def _link_each(live: str, new: str, names: list[str]) -> None:
    for rel in names:
        try:
            os.link(os.path.join(live, rel), os.path.join(new, rel), follow_symlinks=False)
        except OSError:
            write_new(os.path.join(new, rel), Path(live, rel).read_bytes())


LINKING_THREADS = 4


def write_files(outputs: dict[str, bytes], staging: Path) -> None:
    """Write every file under staging."""
    folders: set[Path] = set()
    for rel, data in sorted(outputs.items()):
        target = staging / rel
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        write_new(target, data)


def write_new(path: str | Path, data: bytes) -> None:
    """Write data as a new file at path. A file already there is unlinked first, never written
    into: in a staging folder taken from the spare, it may be a link of a live file."""
    try:
        file = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        os.unlink(path)
        file = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with open(file, "wb") as opened:
        opened.write(data)


def publish(staging: Path, dest: Path, search: bool = True,
            discard: Callable[[Path], object] | None = shutil.rmtree) -> Path | None:
    """Index the staged site for search, then put it in dest's place; the old folder is removed
    afterwards, by discard. With discard None, it is returned for the caller to remove (a failure
    then is no longer a failure to publish)."""
    if search:
        index_for_search(staging)
    os.chmod(staging, 0o755)
    old = _swap(staging, dest.resolve())
    if old is not None and discard is not None:
        discard(old)
        return None
    return old


def _swap(staging: Path, dest: Path) -> Path | None:
    """Put staging in dest's place; return the old dest, moved aside, for the caller to remove.

    Where the system can, the two folders change places in one step, so dest never goes missing;
    elsewhere a build killed between the two renames leaves the old site for the next to put back."""
    if not os.path.lexists(dest):
        os.replace(staging, dest)
        return None
    old = old_name(dest)
    if _exchange(staging, dest):
        os.replace(staging, old)
        return old
    os.replace(dest, old)
    try:
        os.replace(staging, dest)
    except OSError:
        os.replace(old, dest)  # put the old site back: the caller says it was left unchanged
        raise
    return old


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2(RENAME_EXCHANGE); False where that is not possible."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0
