"""Stage 4's search index: Pagefind run over the staged site, one language at a time on a large one."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

# Pagefind's ready-made interfaces; the site has its own small search script instead.
UNUSED_SEARCH_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
                       "pagefind-component-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                       "pagefind-highlight.js")


SEARCH_TIMEOUT_S = 600
SEARCH_PAGES_PER_RUN = 400  # above this many pages, each language is indexed in a run of its own
SEARCH_BODY = b"data-pagefind-body"


class SearchFailed(Exception):
    """Pagefind could not index the site (which is then not published)."""


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
        raise SearchFailed("Pagefind is not installed — run: python -m pip install -r requirements.txt")
    return [str(executable)]


def index_for_search(site_dir: Path, split: bool | None = None, bundle: Path | None = None) -> None:
    """Build the Pagefind index (one per language) into bundle (default: site_dir/pagefind/).

    split: index each language's folder in a run of its own and merge the bundles (Pagefind holds
    a run's pages in memory; the merged files are the ones a single run writes). None: for a large
    site."""
    bundle = bundle or site_dir / "pagefind"
    folders = _language_folders(site_dir) if split is not False else []
    if split is None and sum(1 for _ in site_dir.rglob("*.html")) < SEARCH_PAGES_PER_RUN:
        folders = []
    if not folders:
        _pagefind(site_dir, ["--output-path", str(bundle)])
    else:
        parts = [site_dir / f".pagefind-{folder}" for folder in folders]
        try:
            for folder, part in zip(folders, parts):
                shutil.rmtree(part, ignore_errors=True)
                _pagefind(site_dir, ["--glob", f"{folder}/**/*.html", "--output-path", str(part)])
            _merge_bundles(parts, bundle)
        finally:
            for part in parts:
                shutil.rmtree(part, ignore_errors=True)
    for name in UNUSED_SEARCH_FILES:
        (bundle / name).unlink(missing_ok=True)
    check_bundle(bundle)
    _sort_json(bundle / "pagefind-entry.json")


def check_bundle(bundle: Path) -> None:
    """SearchFailed unless the index Pagefind wrote is whole: its entry file parses and names each
    language's index, which is there and not empty, and no file is empty (Pagefind exits 0 when
    the disk fills up while it writes)."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        metas = [bundle / f"pagefind.{language['hash']}.pf_meta" for language in entry["languages"].values()]
        files = [path for path in bundle.rglob("*") if path.is_file()]
        empty = [path for path in [*metas, *files] if not path.is_file() or path.stat().st_size == 0]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise SearchFailed(f"the search index is incomplete ({type(err).__name__} reading "
                           "pagefind-entry.json) — is the disk full?") from None
    if empty:
        raise SearchFailed(f"the search index is incomplete ({empty[0].relative_to(bundle.parent)} is missing or "
                           f"empty, and {len(empty) - 1} more) — is the disk full?")


def _pagefind(site_dir: Path, options: list[str]) -> None:
    """Run Pagefind once over site_dir with these options; SearchFailed if it fails."""
    try:
        with subprocess.Popen([*pagefind_command(), "--site", str(site_dir), *options, "--silent"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
            try:
                _, stderr = process.communicate(timeout=SEARCH_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                raise SearchFailed(f"Pagefind did not finish within {SEARCH_TIMEOUT_S} s") from None
    except OSError as err:
        raise SearchFailed(f"Pagefind failed: {err}") from None
    if process.returncode < 0:
        raise SearchFailed("Pagefind was stopped")
    if process.returncode:
        raise SearchFailed(f"Pagefind failed: {stderr.strip()[-400:]}")


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
        check_bundle(part)  # a run that ran out of space exits 0 all the same
        entry = json.loads((part / "pagefind-entry.json").read_text("utf-8"))
        languages.update(entry["languages"])
        for path in sorted(p for p in part.rglob("*") if p.is_file() and p.name != "pagefind-entry.json"):
            target = bundle / path.relative_to(part)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
            elif target.read_bytes() != path.read_bytes():
                raise SearchFailed(f"Pagefind wrote two different {target.name} — index the site in one run")
    entry["languages"] = languages
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry), "utf-8")


def _sort_json(path: Path) -> None:
    """Rewrite a JSON file with sorted keys: Pagefind lists languages in no fixed order."""
    data = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), "utf-8")
