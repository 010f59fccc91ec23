"""Compiled templates, and what load found wrong in them, kept between builds in the user's cache folder."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache

from factsite.load.assets import template_problems
from factsite.model import Problem, Where
from factsite.render.site import make_environment
from factsite.speed.digest import code_digest

CHECKS_KEPT = 32  # answers kept for as many sets of templates; the oldest go first

SETUP_FILES = ("load/assets.py", "render/site.py")  # they set how templates are compiled


def cached_environment(root: Path, reload: bool = False) -> Environment:
    """render's environment, keeping compiled templates in the cache folder (when it can be made)."""
    env = make_environment(root, reload)
    env.bytecode_cache = bytecode_cache()
    return env


def remembered_template_problems(sources: tuple[tuple[str, str], ...], present: frozenset[str],
                                 static: frozenset[str]) -> tuple[Problem, ...]:
    """load's template_problems, or its answer for the same templates, names, static files and build code."""
    folder = cache_folder("checked-templates")
    if folder is None:
        return template_problems(sources, present, static)
    key = hashlib.sha256(json.dumps([sources, sorted(present), sorted(static), jinja2.__version__, code_digest()],
                                    ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()
    path = folder / f"{key}.json"
    try:
        return tuple(Problem(Where(*where), message) for where, message in json.loads(path.read_bytes()))
    except (OSError, ValueError, TypeError):
        pass
    problems = template_problems(sources, present, static)
    _keep(folder, path, json.dumps([[list(p.where), p.message] for p in problems], ensure_ascii=False))
    return problems


def _keep(folder: Path, path: Path, text: str) -> None:
    """Write an answer (whole, by a rename), forgetting the oldest beyond CHECKS_KEPT."""
    try:
        temporary = path.with_suffix(f".{os.getpid()}.new")
        temporary.write_text(text, "utf-8")
        os.replace(temporary, path)
        kept = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
        for old in kept[:-CHECKS_KEPT]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def cache_folder(name: str) -> Path | None:
    """A folder of the user's cache for factsite (None if FACTSITE_NO_CACHE is set or it cannot be made)."""
    if os.environ.get("FACTSITE_NO_CACHE"):
        return None
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(home) / "factsite" / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept between builds in the user's cache folder (None if it cannot be made).

    Jinja reuses an entry only while its template's text is unchanged; the folder name changes
    with Jinja's version and with this file, which sets how templates are compiled."""
    package = Path(__file__).resolve().parent.parent
    setup = hashlib.sha256(b"".join((package / name).read_bytes() for name in SETUP_FILES)).hexdigest()[:12]
    folder = cache_folder(f"templates-{jinja2.__version__}-{setup}")
    return FileSystemBytecodeCache(str(folder)) if folder is not None else None
