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


def input_digests(root: Path, settings: str) -> tuple[str, bytes]:
    """SHA-256 over every input path (its bytes, or where it links), the build code itself and
    settings; and the digest of the same but the facts files (what every page is made with:
    speed/pagekeys.py), each file read once.

    Links are not followed and only regular files up to the input limit are read (load refuses
    the rest, after this digest has told a changed input from an unchanged one)."""
    whole, common = hashlib.sha256(settings.encode("utf-8")), hashlib.sha256(settings.encode("utf-8"))
    for rel, piece in _pieces(root):
        whole.update(piece)
        if not (rel + "/").startswith(FACTS_FOLDER + "/"):
            common.update(piece)
    return whole.hexdigest(), common.digest()


def _pieces(root: Path):
    """Each input path (site-relative, or the code's package-relative) and what the digests take of it."""
    files = [(CONFIG, root / CONFIG)] + [(rel, root / rel) for folder in INPUT_FOLDERS for rel in _walk(root, folder)]
    files += [(path.relative_to(CODE).as_posix(), path) for path in sorted(CODE.rglob("*.py"))]
    for rel, path in files:
        yield rel, rel.encode("utf-8", "surrogateescape") + _content(path)


def _content(path: Path) -> bytes:
    """What the digests take of one path: its bytes, where it links, or its kind and size."""
    try:
        info = os.lstat(path)
    except OSError:
        return b""
    if stat.S_ISLNK(info.st_mode):  # the build refuses some links, so a link is never the same as its target
        return b"\0link\0" + os.fsencode(os.readlink(path)) + b"\0"
    if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FILE_BYTES:  # with a mark of a hard link, which load refuses
        return b"\0" + path.read_bytes() + (b"\0" if info.st_nlink == 1 else b"\0linked\0")
    return f"\0{stat.S_IFMT(info.st_mode)}:{info.st_size}:{info.st_mtime_ns}\0".encode()


def code_digest() -> str:
    """The digest of the build's own code."""
    digest = hashlib.sha256()
    for path in sorted(CODE.rglob("*.py")):
        digest.update(path.relative_to(CODE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


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
