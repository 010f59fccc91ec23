"""The site's input files: which they are, and reading them without leaving the site folder.

Before anything is read, scan_inputs looks at every entry under the input folders (and at
site.yaml) without following links: a link must lead to a regular file inside those folders, and
every file must be a regular file of a bounded size. read_input then reads one file, checking
its type and size again on the open file, so that a device, a pipe or /proc is never read whole.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from factsite.model import Problem, Where

INPUT_FOLDERS = ("content", "seeds", "templates", "static", "locale")
CONFIG = "site.yaml"
MAX_FILE_BYTES = 8_000_000  # the largest input file read whole (fonts and seeds are far smaller)
_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


class UnsafeInput(Exception):
    """A file that must not be read: not a regular file, or too large."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class TooLarge(UnsafeInput):
    """A regular file over the size limit."""

    def __init__(self, problem: Problem, size: int):
        super().__init__(problem)
        self.size = size


def scan_inputs(root: Path) -> list[Problem]:
    """Every input entry that is a link leaving the input folders, not a regular file, or too large."""
    root = Path(os.path.realpath(root))
    allowed = tuple(str(root / folder) + os.sep for folder in INPUT_FOLDERS) + (str(root / CONFIG),)
    problems: list[Problem] = []
    _check_entry(root, CONFIG, allowed, problems)
    for folder in (*INPUT_FOLDERS, "content/facts"):
        kind = _check_entry(root, folder, allowed, problems, folder_ok=True)
        if kind in ("missing", "file"):
            problems.append(Problem(Where(folder), f"is {'missing' if kind == 'missing' else 'a file'} — the site "
                                    "needs this folder; restore it from the repository"))
        if kind == "folder" and folder != "content/facts":
            _scan_folder(str(root), folder, allowed, problems)
    return sorted(problems, key=lambda p: p.where)


def _scan_folder(root: str, rel: str, allowed: tuple[str, ...], problems: list[Problem]) -> None:
    """Check every entry under one input folder, without following links (one look at each: this
    runs on every save under serve)."""
    try:
        with os.scandir(os.path.join(root, rel)) as listing:
            entries = list(listing)  # in any order: scan_inputs sorts the problems
    except OSError:  # a folder that cannot be listed holds nothing the build reads
        return
    for entry in entries:
        name = f"{rel}/{entry.name}"
        try:
            if entry.is_dir(follow_symlinks=False):
                _scan_folder(root, name, allowed, problems)
            elif entry.is_symlink():
                _check_link(entry.path, name, allowed, problems)
            else:
                _check_file(name, entry.stat(follow_symlinks=False), problems)
        except FileNotFoundError:  # removed meanwhile
            continue
        except OSError as err:
            problems.append(Problem(Where(name), f"cannot be looked at ({err.strerror}) — check its permissions"))


def _check_entry(root: Path, rel: str, allowed: tuple[str, ...], problems: list[Problem],
                 folder_ok: bool = False) -> str:
    """Check one entry; return "folder", "file", "missing" or "refused"."""
    path = os.path.join(root, rel)  # a string: this runs for every input file on every save under serve
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return "missing"
    except OSError as err:
        problems.append(Problem(Where(rel), f"cannot be looked at ({err.strerror}) — check its permissions"))
        return "refused"
    if stat.S_ISLNK(info.st_mode):
        return _check_link(path, rel, allowed, problems)
    if stat.S_ISDIR(info.st_mode) and folder_ok:
        return "folder"
    return _check_file(rel, info, problems)


def _check_link(path: str, rel: str, allowed: tuple[str, ...], problems: list[Problem]) -> str:
    """A link must lead to a regular file inside the input folders (not to .git, public/ or /proc)."""
    target = os.path.realpath(path)
    if not (target + os.sep).startswith(allowed[:-1]) and target != allowed[-1]:
        root = os.path.dirname(allowed[-1])
        shown = os.path.relpath(target, root) if target.startswith(root + os.sep) else target
        problems.append(Problem(Where(rel), f"is a link to {shown}, outside the site's input folders — "
                                "copy the file into the site instead of linking to it"))
        return "refused"
    try:
        info = os.stat(path)
    except OSError:
        problems.append(Problem(Where(rel), "is a link to a file that does not exist — remove the link"))
        return "refused"
    if stat.S_ISDIR(info.st_mode):
        problems.append(Problem(Where(rel), "is a link to a folder — copy the folder instead of linking to it"))
        return "refused"
    return _check_file(rel, info, problems)


def _check_file(rel: str, info: os.stat_result, problems: list[Problem]) -> str:
    """A regular file of at most MAX_FILE_BYTES with one name (not a hard link), and no `.yml` in content/."""
    problem = _file_problem(rel, info.st_mode, info.st_size)
    if problem:
        problems.append(problem)
        return "refused"
    if info.st_nlink > 1:
        problems.append(Problem(Where(rel), f"is a hard link: the same file has {info.st_nlink} names, and another "
                                "may be outside the site (Git never makes one) — give it a copy of its own: "
                                f"cp {rel} {rel}.copy && mv {rel}.copy {rel}"))
        return "refused"
    if rel.startswith("content/") and rel.endswith(".yml"):
        problems.append(Problem(Where(rel), f"content files end in .yaml, and this one is never read — "
                                f"rename it to {Path(rel).stem}.yaml"))
        return "refused"
    return "file"


def _file_problem(rel: str, mode: int, size: int, limit: int = MAX_FILE_BYTES) -> Problem | None:
    """What is wrong with a file of this mode and size, or None."""
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        return Problem(Where(rel), f"is {kind}, not a regular file — remove it; the site reads only plain files")
    if size > limit:
        return Problem(Where(rel), f"is {size:,} bytes, over the {limit:,}-byte limit for one input file "
                       "— make it smaller or remove it")
    return None


def read_input(path: Path, rel: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of one regular input file of at most limit bytes.

    FileNotFoundError passes through; anything else that is not such a file is UnsafeInput."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise
    except OSError as err:
        raise UnsafeInput(Problem(Where(rel), f"cannot be read ({err.strerror}) — check the file")) from None
    try:
        info = os.fstat(fd)
        problem = _file_problem(rel, info.st_mode, info.st_size, limit)
        data = b"" if problem else _read_at_most(fd, limit + 1)
    finally:
        os.close(fd)
    size = max(len(data), info.st_size)  # a file that grew, or one that does not know its size (/proc)
    if problem is None and size > limit:
        raise TooLarge(_file_problem(rel, info.st_mode, size, limit), size)
    if problem:
        raise TooLarge(problem, size) if stat.S_ISREG(info.st_mode) else UnsafeInput(problem)
    return data


def _read_at_most(fd: int, count: int) -> bytes:
    """Up to count bytes from an open file."""
    chunks, left = [], count
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
