"""Stage 4: write the rendered site to a temporary folder, index it for search, then swap it in."""
from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

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
