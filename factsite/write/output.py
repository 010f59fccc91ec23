"""Where the build may write: never over what it did not make.

Every folder the build writes holds a MARKER file. The output folder may be replaced only if it
does not exist, is empty, or holds that marker (or the manifest of builds made before the marker
existed); never the site folder or a folder above it, a folder the build reads, `.git`, `/` or
the home folder. Staging and replaced folders are named `.{out}.new-{pid}-…` and
`.{out}.old-{pid}-…` beside the output; the next build removes those of processes no longer
running, and puts the old site back if a build was killed between the two renames of a swap.
The replaced site kept as the next build's staging folder is `.{out}.spare`: never a leftover.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from factsite.load.inputs import INPUT_FOLDERS

MARKER = ".factsite-build"
MARKER_TEXT = b"This folder was written by build.py; the next build replaces all of it.\n"
LEGACY_MARKER = ".build-inputs"  # what builds made before the marker existed leave in their output
READ_FOLDERS = (*INPUT_FOLDERS, "schemas", ".git")


def is_marked(folder: Path) -> bool:
    """True if the folder was written by a build."""
    return any(os.path.isfile(folder / name) and not os.path.islink(folder / name)
               for name in (MARKER, LEGACY_MARKER))


def output_problem(out: Path, root: Path) -> str | None:
    """Why the build must not write its site to out, or None; nothing is touched either way."""
    out, root = Path(os.path.realpath(out)), Path(os.path.realpath(root))
    home = Path(os.path.realpath(Path.home()))
    if out in (Path(out.anchor), home):
        return f"--out {out} is {'the home folder' if out == home else 'the root of the file system'}"
    if out == root or root.is_relative_to(out):
        return f"--out {out} is the site folder or holds it"
    for name in READ_FOLDERS:
        if out.is_relative_to(root / name):
            return f"--out {out} is inside {name}/, which the build reads or keeps"
    if os.path.lexists(out) and not out.is_dir():
        return f"--out {out} is a file, not a folder"
    if out.is_dir() and not is_marked(out) and next(os.scandir(out), None) is not None:
        return (f"--out {out} holds files that no build wrote (it has no {MARKER} file), and a build "
                "replaces the whole folder")
    return None


def leftovers(dest: Path) -> list[Path]:
    """The staging and replaced folders of builds into dest that are no longer running."""
    found = []
    try:
        names = os.listdir(dest.parent)
    except OSError:
        return []
    for name in sorted(names):
        kind, _, rest = name.removeprefix(f".{dest.name}.").partition("-")
        if name.startswith(f".{dest.name}.") and kind in ("new", "old") and not is_running(rest.partition("-")[0]):
            found.append(dest.parent / name)
    return found


def recover(dest: Path) -> list[str]:
    """Put back a site a killed build left moved aside, and remove the other leftovers it made.

    Returns what could not be removed, each as a sentence (a leftover without the marker is kept)."""
    left = [path for path in leftovers(dest) if path.is_dir() and not path.is_symlink() and is_marked(path)]
    old = [path for path in left if path.name.startswith(f".{dest.name}.old-")]
    if old and not os.path.lexists(dest):
        newest = max(old, key=lambda path: path.stat().st_mtime)
        os.replace(newest, dest)
        left.remove(newest)
    failed = []
    for path in left:
        try:
            shutil.rmtree(path)
        except OSError as err:
            failed.append(f"{path} is left from an earlier build and could not be removed ({err.strerror}) "
                          "— remove it by hand")
    return failed


def staging_prefix(dest: Path) -> str:
    """The name prefix of a staging folder for dest, naming this process."""
    return f".{dest.name}.new-{os.getpid()}-"


def old_name(dest: Path) -> Path:
    """Where the replaced site is moved before it is removed, naming this process."""
    return dest.with_name(f".{dest.name}.old-{os.getpid()}-{os.urandom(4).hex()}")


def spare_name(dest: Path) -> Path:
    """Where the replaced site waits to be the next build's staging folder (see write/spare.py)."""
    return dest.with_name(f".{dest.name}.spare")


def is_running(pid: str) -> bool:
    """True if pid names a running process (a folder with another name is no build's)."""
    if not pid.isdigit():
        return True  # not named by a build: never removed
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True
    return int(pid) != 0
