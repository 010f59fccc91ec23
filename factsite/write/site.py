"""Stage 4: write the rendered site to a temporary folder, index it for search, then swap it in."""
from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from factsite.preview.memo import Superseded
from factsite.write.output import MARKER, MARKER_TEXT, old_name, staging_prefix

# Pagefind's ready-made interfaces; the site has its own small search script instead.
UNUSED_SEARCH_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
                       "pagefind-component-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                       "pagefind-highlight.js")


SEARCH_TIMEOUT_S = 600
SEARCH_PAGES_PER_RUN = 400  # above this many pages, each language is indexed in a run of its own
SEARCH_BODY = b"data-pagefind-body"


class WriteError(Exception):
    """The site could not be written; the previous output is untouched."""


class SearchStopped(WriteError):
    """Pagefind was stopped before it finished (a preview replaced the folder it indexed)."""


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


def write_files(outputs: dict[str, bytes | None], staging: Path, dest: Path | None = None,
                unchanged: frozenset[str] = frozenset(), superseded: Callable[[], bool] | None = None) -> None:
    """Write the files not yet written (value None: the renderer wrote it already).

    unchanged: files known to hold the same bytes in dest already; they are hard-linked, not written.
    superseded: asked every hundred files; when it says yes, Superseded is raised."""
    folders: set[Path] = set()
    existing = dest.resolve() if dest else None
    for count, (rel, data) in enumerate(sorted(outputs.items())):
        if superseded is not None and count % 100 == 0 and superseded():
            raise Superseded
        if data is None:
            continue
        target = staging / rel
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if not (existing and rel in unchanged and _link_same(existing / rel, target, len(data))):
            target.write_bytes(data)


def publish(staging: Path, dest: Path, search: bool = True, lock: contextlib.AbstractContextManager | None = None,
            discard: Callable[[Path], object] | None = shutil.rmtree) -> Path | None:
    """Index the staged site for search, then put it in dest's place.

    lock: held while the folders change places (a preview serves dest meanwhile), not while the
    old folder is removed afterwards, by discard. With discard None, the old folder is returned
    for the caller to remove (a failure then is no longer a failure to publish)."""
    if search:
        index_for_search(staging)
    os.chmod(staging, 0o755)
    with lock or contextlib.nullcontext():
        old = _swap(staging, dest.resolve())
    if old is not None and discard is not None:
        discard(old)
        return None
    return old


def pagefind_command() -> list[str]:
    """The Pagefind executable shipped in the pagefind[bin] wheel, run directly (no second Python)."""
    executable = os.environ.get("PAGEFIND_BINARY_PATH")
    if not executable:
        try:  # pagefind_bin is the wheel's own small module; pagefind.service would import asyncio
            from pagefind_bin import get_executable
            executable = get_executable()
        except ImportError:
            executable = None
    if not executable:
        raise WriteError("Pagefind is not installed — run: python -m pip install -r requirements.txt")
    return [str(executable)]


def index_for_search(site_dir: Path, background: bool = False,
                     started: Callable[[subprocess.Popen], object] | None = None, split: bool | None = None) -> None:
    """Build the Pagefind index (one per language) into site_dir/pagefind/.

    background: at low priority (`nice`), so that a preview's next rebuild is not slowed by it.
    started: given each running Pagefind, so that a preview can stop it when the folder is replaced.
    split: index each language's folder in a run of its own and merge the bundles (Pagefind holds
    a run's pages in memory; the merged files are the ones a single run writes). None: for a large
    site."""
    folders = _language_folders(site_dir) if split is not False else []
    if split is None and sum(1 for _ in site_dir.rglob("*.html")) < SEARCH_PAGES_PER_RUN:
        folders = []
    if not folders:
        _pagefind(site_dir, [], background, started)
    else:
        parts = [site_dir / f".pagefind-{folder}" for folder in folders]
        try:
            for folder, part in zip(folders, parts):
                shutil.rmtree(part, ignore_errors=True)
                _pagefind(site_dir, ["--glob", f"{folder}/**/*.html", "--output-path", str(part)], background,
                          started)
            _merge_bundles(parts, site_dir / "pagefind")
        finally:
            for part in parts:
                shutil.rmtree(part, ignore_errors=True)
    for name in UNUSED_SEARCH_FILES:
        (site_dir / "pagefind" / name).unlink(missing_ok=True)
    _sort_json(site_dir / "pagefind" / "pagefind-entry.json")


def _pagefind(site_dir: Path, options: list[str], background: bool,
              started: Callable[[subprocess.Popen], object] | None) -> None:
    """Run Pagefind once over site_dir with these options; WriteError if it fails."""
    lower = ["nice", "-n", "15"] if background and shutil.which("nice") else []
    try:
        with subprocess.Popen([*lower, *pagefind_command(), "--site", str(site_dir), *options, "--silent"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
            if started is not None:
                started(process)
            try:
                _, stderr = process.communicate(timeout=SEARCH_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                raise WriteError(f"Pagefind did not finish within {SEARCH_TIMEOUT_S} s") from None
    except OSError as err:
        raise WriteError(f"Pagefind failed: {err}") from None
    if process.returncode < 0:
        raise SearchStopped("Pagefind was stopped")
    if process.returncode:
        raise WriteError(f"Pagefind failed: {stderr.strip()[-400:]}")


def _language_folders(site_dir: Path) -> list[str]:
    """The top-level folders holding pages, or [] if a page outside them is indexed too."""
    if any(SEARCH_BODY in page.read_bytes() for page in site_dir.glob("*.html")):
        return []
    return sorted(folder.name for folder in site_dir.iterdir()
                  if folder.is_dir() and folder.name != "pagefind" and next(folder.rglob("*.html"), None))


def _merge_bundles(parts: list[Path], bundle: Path) -> None:
    """One bundle from single-language ones: their files side by side (the runtime files are the
    same in each), and one entry file listing every language."""
    shutil.rmtree(bundle, ignore_errors=True)  # as a single run replaces the bundle it wrote before
    languages: dict = {}
    for part in parts:
        entry = json.loads((part / "pagefind-entry.json").read_text("utf-8"))
        languages.update(entry["languages"])
        for path in sorted(p for p in part.rglob("*") if p.is_file() and p.name != "pagefind-entry.json"):
            target = bundle / path.relative_to(part)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
            elif target.read_bytes() != path.read_bytes():
                raise WriteError(f"Pagefind wrote two different {target.name} — index the site in one run")
    entry["languages"] = languages
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry), "utf-8")


def _link_same(existing: Path, target: Path, size: int) -> bool:
    """Hard-link an existing file of the expected size into place; False if that is not possible."""
    try:
        if existing.stat().st_size != size:
            return False
        os.link(existing, target)
        return True
    except OSError:
        return False


def _sort_json(path: Path) -> None:
    """Rewrite a JSON file with sorted keys: Pagefind lists languages in no fixed order."""
    data = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), "utf-8")


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
