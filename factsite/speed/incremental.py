"""Stages 3 and 4 for what an edit changed: a rebuild renders only the pages whose key changed
(speed/pagekeys.py), writes only the files whose bytes changed, in place, and indexes the site for
search again.

Each build records in RECORD the digest of what every page shares, every page's key and every file
it wrote. A rebuild is made in place only when the output holds such a record of the same shared
inputs; else (or with --force) the build is a full one. The record is taken away before the first
file is changed and written back last, so a rebuild stopped half-way is followed by a full build.
The files are byte-identical to a full build's, the search index too (tests/test_speed_incremental.py).
"""
from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from factsite.model import Site
from factsite.render.data import NATIONAL_ZIP, ZIPPED, national_zip
from factsite.render.links import file_for, path_for
from factsite.render.offline import OFFLINE_ZIP
from factsite.render.site import Renderer, make_renderer
from factsite.speed.datarows import listed_files_reusing
from factsite.speed.digest import MANIFEST
from factsite.speed.lasting import site_folder
from factsite.speed.offlinezip import offline_files_reusing
from factsite.speed.pagekeys import page_keys
from factsite.speed.templates import cached_environment
from factsite.speed.workers import Beside, map_in_order, worker_count
from factsite.write.search import index_for_search

RECORD = ".build-pages"
PAGES_PER_PROCESS = 100  # pages rendered again by one process before another is started


@dataclass(frozen=True)
class Updated:
    """What a rebuild did: the site's pages, those rendered again, and the files written or removed."""

    pages: int
    rendered: int
    written: int
    removed: int
    search_seconds: float


def record_of(site: Site, names: list[str], common: bytes, known: dict[int, bytes] | None = None) -> bytes:
    """The record a full build writes: its pages' keys and its files (known: as page_keys takes)."""
    paths = [path_for(name) for name in names if name.endswith(".html")]
    return _record(common, page_keys(site, paths, known), list(names))


def _record(common: bytes, keys: dict[str, str], files: list[str]) -> bytes:
    data = {"common": common.hex(), "pages": keys, "files": sorted(files)}
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _read_record(out: Path) -> dict | None:
    try:
        data = json.loads((out / RECORD).read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and {"common", "pages", "files"} <= data.keys() else None


def update_in_place(site: Site, built_on, out: Path, inputs: str, common: bytes,
                    known: dict[int, bytes] | None = None) -> Updated | None:
    """Bring out up to date with the checked site, or None (nothing touched) when it was not built
    with the same shared inputs. A failure to render leaves out untouched too. known: the facts'
    digests worked out before, as page_keys takes them."""
    record = _read_record(out)
    if record is None or record["common"] != common.hex() or not (out / OFFLINE_ZIP).is_file():
        return None
    renderer = make_renderer(site, built_on, cached_environment(Path(site.root)))
    folder = site_folder(Path(site.root))
    with Beside(lambda: _data_and_feeds(renderer, out, folder, common, known),  # beside the pages' keys,
                then=partial(_pages_told, renderer)) as child:                   # then a share of the pages
        makers = {path: maker for lang in site.config.languages for path, maker in renderer.makers(lang).items()}
        fixed = {page.path: page for page in renderer.fixed_pages()}
        keys = page_keys(site, [*makers, *fixed], known, renderer.index)
        stale = [path for path, key in keys.items() if record["pages"].get(path) != key]
        theirs = _their_share(site, stale)
        child.tell(theirs)
        told = set(theirs)
        fresh = _render(renderer, makers, fixed, [path for path in stale if path not in told])
        made, same = child.result()
        fresh.update(child.then_result())
    fresh.update(made)
    fresh.update(renderer.site_files([*makers, renderer.fixed_pages()[0].path]))
    names = sorted({*fresh, *same, NATIONAL_ZIP, *(file_for(path) for path in keys)})
    changed = {name: data for name, data in fresh.items()  # the data child compared its files already
               if name in made or _differs(out / name, data)}
    gone = sorted(set(record["files"]) - set(names) - {MANIFEST, RECORD} - _copy_names(record["files"]))
    _write_in_place(out, changed, gone)
    with ThreadPoolExecutor(1) as beside:  # the national zip, the offline copy and the record are made
        made_beside = beside.submit(_beside_search, out, site, names, fresh, changed,  # while Pagefind indexes
                                    lambda copy: _record(common, keys, [*names, *copy]))
        started = time.perf_counter()
        _search_again(out)
        searched = time.perf_counter() - started
        copy_written, record = made_beside.result()
    (out / MANIFEST).write_bytes((inputs + "\n").encode("ascii"))
    (out / RECORD).write_bytes(record)
    return Updated(len(keys), len(stale), len(changed) + copy_written, len(gone), searched)


def _beside_search(out: Path, site: Site, names: list[str], fresh: dict[str, bytes], changed: dict[str, bytes],
                   record: Callable[[list[str]], bytes]) -> tuple[int, bytes]:
    """What is made while Pagefind indexes the pages (_zip_and_copy_again), and the record of the
    rebuild (written last, once the search index is in place); how many files were written."""
    copy, written = _zip_and_copy_again(out, site, names, fresh, changed)
    return written, record(copy)


def _zip_and_copy_again(out: Path, site: Site, names: list[str], fresh: dict[str, bytes],
                        changed: dict[str, bytes]) -> tuple[list[str], int]:
    """Make the national zip again from the files it holds, then the offline copy, which holds it,
    and write what changed of either (Pagefind, working beside, reads none of them); the copy's file
    names and how many files were written."""
    zipped = national_zip(site, {name: fresh[name] if name in fresh else (out / name).read_bytes()
                                 for name in ZIPPED})
    fresh = {**fresh, NATIONAL_ZIP: zipped}
    if _differs(out / NATIONAL_ZIP, zipped):
        changed = {**changed, NATIONAL_ZIP: zipped}
        _write_in_place(out, {NATIONAL_ZIP: zipped}, [])
    copy, written = _copy_again(out, names, fresh, changed)
    return copy, written + (NATIONAL_ZIP in changed)


def _copy_again(out: Path, names: list[str], fresh: dict[str, bytes],
                changed: dict[str, bytes]) -> tuple[list[str], int]:
    """Make the offline copy again from the previous one and write what changed of it; its file
    names and how many were written."""
    copy = offline_files_reusing(names, fresh, lambda name: name not in changed, (out / OFFLINE_ZIP).read_bytes(),
                                 lambda name: (out / name).read_bytes())
    copy_changed = {name: data for name, data in copy.items() if _differs(out / name, data)}
    _write_in_place(out, copy_changed, [])
    return list(copy), len(copy_changed)


def _copy_names(files: list[str]) -> set[str]:
    """The offline copy's files among these (it is made again beside the search index)."""
    return {name for name in files if name.startswith(OFFLINE_ZIP)}


def _data_and_feeds(renderer: Renderer, out: Path, folder: Path | None, common: bytes,
                    known: Mapping[int, bytes] | None) -> tuple[dict[str, bytes], list[str]]:
    """The data files but the national zip, and each language's feed, which list every fact, so are
    made again after any edit (the rows of the facts that did not change taken from the last build:
    speed/datarows.py): those whose bytes differ from out's, and the names of the others, which
    need not travel back."""
    files = {**listed_files_reusing(renderer, folder, common, known),
             **dict(renderer.feed(lang) for lang in renderer.site.config.languages)}
    same = [name for name, data in files.items() if not _differs(out / name, data)]
    for name in same:
        del files[name]
    return files, same


def _their_share(site: Site, stale: list[str]) -> list[str]:
    """The stale pages the data child renders once the data files are made: those of the last
    language, whose fragments this process then need not make (or none, when they are many: that
    child makes no more children, this process shares its pages over every core)."""
    last = site.config.languages[-1]
    theirs = [path for path in stale if path.startswith(f"{last}/")]
    return theirs if len(theirs) <= PAGES_PER_PROCESS else []


def _pages_told(renderer: Renderer, told: Callable[[], list[str]]) -> dict[str, bytes]:
    """In the data child, once the data files are handed over: the stale pages this process tells
    it to render (their makers made while it waits)."""
    makers = renderer.makers(renderer.site.config.languages[-1])
    return _render(renderer, makers, {}, told())


def _render(renderer: Renderer, makers: dict, fixed: dict, stale: list[str]) -> dict[str, bytes]:
    """The stale pages' files, made on every core when there are many."""
    fragments = {}

    def page(path: str) -> tuple[str, bytes]:
        made = fixed[path] if path in fixed else makers[path]()
        if made.lang not in fragments:
            fragments[made.lang] = renderer.fragments(made.lang)
        return file_for(path), renderer.html(made, fragments[made.lang])
    workers = worker_count(len(stale), per_process=PAGES_PER_PROCESS)
    return dict(map_in_order(page, stale, workers))  # contiguous shares: one language each, mostly


def _differs(path: Path, data: bytes) -> bool:
    """True unless the file holds exactly these bytes."""
    try:
        if path.stat().st_size != len(data):
            return True
        return path.read_bytes() != data
    except OSError:
        return True


def _write_in_place(out: Path, changed: dict[str, bytes], gone: list[str]) -> None:
    """Take the record away, then write each changed file (whole, by a rename) and remove the gone ones."""
    for name in (RECORD, MANIFEST):
        (out / name).unlink(missing_ok=True)
    for name, data in sorted(changed.items()):
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.new-{os.getpid()}")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    for name in gone:
        (out / name).unlink(missing_ok=True)
        folder = (out / name).parent
        while folder != out and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def _search_again(out: Path) -> None:
    """Index the updated site for search beside the current index, then put it in that one's place."""
    bundle, old = out / f".pagefind.new-{os.getpid()}", out / f".pagefind.old-{os.getpid()}"
    try:
        index_for_search(out, bundle=bundle)
        if (out / "pagefind").exists():
            os.replace(out / "pagefind", old)
        os.replace(bundle, out / "pagefind")
    finally:
        shutil.rmtree(bundle, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
