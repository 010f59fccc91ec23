"""Skip a build whose inputs have not changed since the build that produced the output folder."""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from factsite.load.inputs import CONFIG, INPUT_FOLDERS, MAX_FILE_BYTES

MANIFEST = ".build-inputs"
FACTS_FOLDER = "content/facts"
CODE = Path(__file__).resolve().parent.parent  # the whole factsite package


def input_digest(root: Path, settings: str, leave_out: str | None = None) -> str:
    """SHA-256 over every input path (its bytes, or where it links), the build code itself, and settings.

    Links are not followed and only regular files up to the input limit are read (load refuses
    the rest, after this digest has told a changed input from an unchanged one). leave_out: a
    folder whose files are left out (the facts, for what every page shares)."""
    digest = hashlib.sha256(settings.encode("utf-8"))
    files = [(CONFIG, root / CONFIG)] + [(rel, root / rel) for folder in INPUT_FOLDERS for rel in _walk(root, folder)
                                         if leave_out is None or not (rel + "/").startswith(leave_out + "/")]
    files += [(path.relative_to(CODE).as_posix(), path) for path in sorted(CODE.rglob("*.py"))]
    for rel, path in files:
        digest.update(rel.encode("utf-8", "surrogateescape"))
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISLNK(info.st_mode):  # the build refuses some links, so a link is never the same as its target
            digest.update(b"\0link\0" + os.fsencode(os.readlink(path)) + b"\0")
        elif stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FILE_BYTES:
            digest.update(b"\0" + path.read_bytes() + b"\0")
        else:
            digest.update(f"\0{stat.S_IFMT(info.st_mode)}:{info.st_size}:{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def code_digest() -> str:
    """The digest of the build's own code."""
    digest = hashlib.sha256()
    for path in sorted(CODE.rglob("*.py")):
        digest.update(path.relative_to(CODE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def common_digest(root: Path, settings: str) -> bytes:
    """The digest of every input but the facts files: what every page is made with (speed/pagekeys.py)."""
    return bytes.fromhex(input_digest(root, settings, leave_out=FACTS_FOLDER))


def _walk(root: Path, folder: str) -> list[str]:
    """Every path under root/folder, site-relative and sorted, without following links."""
    found = []
    for here, folders, files in os.walk(root / folder):
        base = Path(here).relative_to(root).as_posix()
        found += [f"{base}/{name}" for name in folders + files]
    return sorted(found)


def is_up_to_date(out_dir: Path, digest: str) -> bool:
    """True if out_dir was written by a build of exactly these inputs."""
    try:
        return (out_dir / MANIFEST).read_text("ascii").strip() == digest
    except (OSError, UnicodeDecodeError):
        return False
