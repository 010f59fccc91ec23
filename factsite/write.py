"""Stage 4: write the rendered site to a temporary folder, then swap it in as public/."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_site(outputs: dict[str, bytes], dest: Path) -> None:
    """Write every file under a fresh folder beside dest, then replace dest with it."""
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    try:
        for rel, data in sorted(outputs.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        os.chmod(staging, 0o755)
        _swap(staging, dest)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def _swap(staging: Path, dest: Path) -> None:
    """Put staging in dest's place; the old dest is removed only once the new one is there."""
    old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
    if dest.exists():
        os.replace(dest, old)
    os.replace(staging, dest)
    if old.exists():
        shutil.rmtree(old)
