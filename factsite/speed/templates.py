"""Compiled templates kept between builds, in the user's cache folder."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache

from factsite.render.site import make_environment

SETUP_FILES = ("load/assets.py", "render/site.py")  # they set how templates are compiled


def cached_environment(root: Path, reload: bool = False) -> Environment:
    """render's environment, keeping compiled templates in the cache folder (when it can be made)."""
    env = make_environment(root, reload)
    env.bytecode_cache = bytecode_cache()
    return env


def bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept between builds in the user's cache folder (None if it cannot be made).

    Jinja reuses an entry only while its template's text is unchanged; the folder name changes
    with Jinja's version and with this file, which sets how templates are compiled."""
    if os.environ.get("FACTSITE_NO_CACHE"):
        return None
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    package = Path(__file__).resolve().parent.parent
    setup = hashlib.sha256(b"".join((package / name).read_bytes() for name in SETUP_FILES)).hexdigest()[:12]
    folder = Path(home) / "factsite" / f"templates-{jinja2.__version__}-{setup}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None
