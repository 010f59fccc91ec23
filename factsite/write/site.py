"""Stage 4: write the rendered site into a staging folder beside the output, with the files that did
not change linked from the live site, add the search index and the offline copy, check them, then
swap the folder in at once. A build that fails anywhere leaves the output as it was."""
from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import tempfile
import sys
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from factsite.write.offline import live_copy, members_of, offline_copy
from factsite.write.search import index_for_search
from factsite.write.output import MARKER, MARKER_TEXT, old_name, staging_prefix

class WriteError(Exception):
    """The site could not be written; the previous output is untouched."""


@contextlib.contextmanager
def staged(dest: Path) -> Iterator[Path]:
    """A fresh folder beside dest, marked as the build's, to build the new site in; removed unless
    publish() moved it."""
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(dest), dir=dest.parent))
    try:
        (staging / MARKER).write_bytes(MARKER_TEXT)
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def write_site(files: Mapping[str, bytes], out: Path, unchanged: Collection[str] = (), search: bool = True) -> float:
    """Publish the site: these files, and those named in unchanged as the live site has them (a
    rebuild renders only what changed); then the search index, the offline copy and one swap.
    Return the seconds the search index took. WriteError (or SearchFailed) if anything fails: out
    is then untouched."""
    out = out.resolve()
    with staged(out) as staging:
        kept = link_unchanged(out, staging, unchanged)
        write_files(files, staging)
        names = [*files, *unchanged]
        with ThreadPoolExecutor(1) as beside:  # Pagefind works in its own process meanwhile
            started = time.perf_counter()
            searching = beside.submit(index_for_search, staging) if search else None
            write_files(offline_copy(staging, names, {name: kept[name] for name in unchanged if name in kept}),
                        staging)
            if searching is not None:
                searching.result()
            seconds = time.perf_counter() - started
        old = publish(staging, out, search=False, discard=None)
    _remove_old(old)
    return seconds


def link_unchanged(out: Path, staging: Path, names: Collection[str]) -> dict:
    """Each named file of the live site linked (or, where links cannot be made, copied) into
    staging; return the live offline copy's members, to take those of these files from."""
    folders: set[Path] = set()
    for rel in sorted(names):
        target = staging / rel
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        try:
            os.link(out / rel, target)
        except OSError:
            shutil.copyfile(out / rel, target)
    return members_of(live_copy(out)) if names else {}


def _remove_old(old: Path | None) -> None:
    """Remove the replaced site; if that fails, say where it is (the new site is in place)."""
    try:
        if old is not None:
            shutil.rmtree(old)
    except OSError as err:
        print(f"the previous site, moved to {old}, could not be removed ({err.strerror}) — remove it by hand",
              file=sys.stderr)


def write_files(outputs: dict[str, bytes], staging: Path) -> None:
    """Write every file under staging."""
    folders: set[Path] = set()
    for rel, data in sorted(outputs.items()):
        target = staging / rel
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.write_bytes(data)


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
