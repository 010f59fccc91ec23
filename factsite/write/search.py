"""Stage 4's search index: Pagefind run over the staged site, one language at a time on a large one.

Given a folder to keep bundles in (the build's cache folder), a bundle is kept there by the digest
of everything it is made from: the pages Pagefind reads, Pagefind itself, its settings and this
module. A build whose pages are byte for byte those of a kept bundle copies it instead of running
Pagefind again: the same files a run writes (a rebuild of unchanged pages, a forced build). Only
a site of at most PAGES_KEPT_UP_TO pages has its bundles kept."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from factsite.write.output import is_running

# Pagefind's ready-made interfaces; the site has its own small search script instead.
UNUSED_SEARCH_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
                       "pagefind-component-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                       "pagefind-highlight.js")


SEARCH_TIMEOUT_S = 600
SEARCH_PAGES_PER_RUN = 400  # above this many pages, each language is indexed in a run of its own
SEARCH_BODY = b"data-pagefind-body"
BUNDLES_KEPT = 6  # bundles kept for a rebuild of the same pages; the least recently used are removed
PAGES_KEPT_UP_TO = 2_000  # a larger site's bundle is not kept: the national site's 16,000 files would be
# copied and removed on every edit (whose pages differ) to be used only by a build of the same pages
PAGEFIND_CONFIGS = ("pagefind.json", "pagefind.toml", "pagefind.yml", "pagefind.yaml")  # read from the working folder


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


def index_for_search(site_dir: Path, split: bool | None = None, bundle: Path | None = None,
                     kept: Path | None = None) -> None:
    """Build the Pagefind index (one per language) into bundle (default: site_dir/pagefind/).

    split: index each language's folder in a run of its own and merge the bundles (Pagefind holds
    a run's pages in memory; the merged files are the ones a single run writes). None: for a large
    site. kept: the build's cache folder, where bundles are kept in search/ (see above), or None."""
    bundle = bundle or site_dir / "pagefind"
    pages = _pages(site_dir)
    folders = _language_folders(site_dir) if split is not False else []
    if split is None and len(pages) < SEARCH_PAGES_PER_RUN:
        folders = []
    key = _bundle_key(site_dir, pages, folders) if kept is not None and len(pages) <= PAGES_KEPT_UP_TO else ""
    if key and _reuse(kept / "search" / key, bundle):
        return
    _run_pagefind(site_dir, folders, bundle)
    if key:
        _keep(bundle, kept / "search", key)


def _run_pagefind(site_dir: Path, folders: list[str], bundle: Path) -> None:
    """Pagefind over site_dir into bundle: in one run, or a run for each of these folders merged."""
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


def _pages(site_dir: Path) -> list[str]:
    """The HTML files under site_dir (the ones Pagefind reads), by path from it, sorted."""
    found = []
    for folder, _, names in os.walk(site_dir):
        rel = os.path.relpath(folder, site_dir)
        found += [name if rel == "." else f"{rel}/{name}" for name in names if name.endswith(".html")]
    return sorted(found)


def _bundle_key(site_dir: Path, pages: list[str], folders: list[str]) -> str:
    """The digest of what the bundle is made from: each page's path and bytes, Pagefind's executable,
    the runs (one, or a language each), the settings Pagefind reads besides its options (its
    environment variables, a configuration file in the working folder), and this module."""
    digest = hashlib.sha256()
    settings = sorted((name, value) for name, value in os.environ.items() if name.startswith("PAGEFIND_"))
    for part in (Path(__file__).read_bytes(), Path(pagefind_command()[0]).read_bytes(),
                 repr((folders, settings)).encode("utf-8"),
                 *(Path(name).read_bytes() for name in PAGEFIND_CONFIGS if Path(name).is_file())):
        digest.update(hashlib.sha256(part).digest())
    for page in pages:
        data = (site_dir / page).read_bytes()
        digest.update(f"{page}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _reuse(entry: Path, bundle: Path) -> bool:
    """Copy the kept bundle entry to bundle; False, leaving no bundle, if there is none whole."""
    if not entry.is_dir():
        return False
    try:
        shutil.copytree(entry, bundle, copy_function=shutil.copyfile)
        check_bundle(bundle)
        os.utime(entry)  # recently used: kept
    except (OSError, SearchFailed):  # removed meanwhile by another build, or the disk is full: run Pagefind
        shutil.rmtree(bundle, ignore_errors=True)
        return False
    return True


def _keep(bundle: Path, kept: Path, key: str) -> None:
    """Keep a copy of bundle in kept as key (by a rename: no build sees half of it), and forget the
    least recently used beyond BUNDLES_KEPT (renamed first, so that no build copies half of one);
    a full disk keeps nothing."""
    temporary = kept / f".{key}.{os.getpid()}.new"
    try:
        kept.mkdir(parents=True, exist_ok=True)
        shutil.copytree(bundle, temporary, copy_function=shutil.copyfile)
        os.rename(temporary, kept / key)
    except OSError:  # the disk is full, or another build kept the same bundle first
        shutil.rmtree(temporary, ignore_errors=True)
    try:
        entries = sorted((entry for entry in kept.iterdir() if not entry.name.startswith(".")),
                         key=lambda entry: entry.stat().st_mtime_ns)
        for old in entries[:-BUNDLES_KEPT]:
            gone = kept / f".{old.name}.{os.getpid()}.old"
            os.rename(old, gone)
            shutil.rmtree(gone, ignore_errors=True)
        for left in kept.glob(".*.*.*"):  # of a build killed meanwhile (the preview's, by a newer edit)
            if not is_running(left.name.split(".")[2]):
                shutil.rmtree(left, ignore_errors=True)
    except OSError:  # removed meanwhile by another build
        pass


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
