"""Skip a build whose inputs have not changed since the build that produced the output folder."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

MANIFEST = ".build-inputs"
INPUT_FOLDERS = ("content", "seeds", "templates", "static", "locale")
CODE = Path(__file__).resolve().parent


def input_digest(root: Path, settings: str) -> str:
    """SHA-256 over every input path (its bytes, or where it links), the build code itself, and settings."""
    digest = hashlib.sha256(settings.encode("utf-8"))
    files = [root / "site.yaml"] + [p for folder in INPUT_FOLDERS for p in sorted((root / folder).rglob("*"))]
    files += sorted(CODE.glob("*.py"))
    for path in files:
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
        if path.is_symlink():  # the build refuses some links, so a link is never the same as its target
            digest.update(b"\0link\0" + os.readlink(path).encode() + b"\0")
        elif path.is_file():
            digest.update(b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def is_up_to_date(out_dir: Path, digest: str) -> bool:
    """True if out_dir was written by a build of exactly these inputs."""
    try:
        return (out_dir / MANIFEST).read_text("ascii").strip() == digest
    except (OSError, UnicodeDecodeError):
        return False
