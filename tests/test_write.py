"""Stage 4 on its own: staging, swapping in, and the search index of each language."""
from __future__ import annotations

import json
import os
from pathlib import Path

from factsite.write import search
from factsite.write.site import publish, staged, write_files
from tests.helpers import dead_pid, replace_file, snapshot


def test_the_old_folder_is_handed_to_discard_once_the_new_one_is_in_place(tmp_path):
    dest = tmp_path / "public"
    dest.mkdir()
    (dest / "old.html").write_text("old", "utf-8")
    seen, discarded = [], []
    with staged(dest) as staging:
        write_files({"index.html": b"new", "a/b.html": b"b"}, staging)
        publish(staging, dest, search=False,
                discard=lambda old: (seen.append((dest / "index.html").is_file()),
                                     discarded.append(sorted(p.name for p in old.iterdir()))))
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*.html")) == ["a/b.html", "index.html"]
    assert seen == [True] and discarded == [["old.html"]]  # removed after the new site was in place


def test_indexing_each_language_on_its_own_gives_the_bundle_one_run_gives(pristine, tmp_path):
    """A large site is indexed a language at a time, to keep Pagefind's memory down; the merged
    bundle must be the very files a single run writes."""
    one, two = (pages_of(pristine / "public", tmp_path / name) for name in ("one", "two"))
    search.index_for_search(one, split=False)
    search.index_for_search(two, split=True)
    assert not [p.name for p in two.iterdir() if p.name.startswith(".pagefind")]
    assert snapshot(one / "pagefind") == snapshot(two / "pagefind")
    assert {"fa", "en"} <= set(json.loads((two / "pagefind/pagefind-entry.json").read_text("utf-8"))["languages"])


def test_a_file_written_where_a_link_of_a_live_file_is_replaces_the_link_only(tmp_path):
    """A staging folder taken from the spare holds links of the live site's files: writing one of
    those paths must give a new file and leave the live one's bytes alone."""
    live, staging = tmp_path / "live", tmp_path / "staging"
    (live / "en").mkdir(parents=True)
    (live / "en/index.html").write_bytes(b"live")
    (staging / "en").mkdir(parents=True)
    os.link(live / "en/index.html", staging / "en/index.html")
    write_files({"en/index.html": b"new", "fa/index.html": b"fa"}, staging)
    assert (live / "en/index.html").read_bytes() == b"live"
    assert (staging / "en/index.html").read_bytes() == b"new" and (staging / "fa/index.html").read_bytes() == b"fa"
    assert os.stat(live / "en/index.html").st_nlink == 1


PAGES = ("en/index.html", "en/about/index.html", "fa/index.html", "fa/about/index.html")


def pages_of(public: Path, dest: Path) -> Path:
    """A site folder holding a few pages of a built site in each language (links of its files)."""
    for name in PAGES:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        os.link(public / name, dest / name)
    return dest


def counted_runs(monkeypatch) -> list[list[str]]:
    """The options of each Pagefind run from now on."""
    runs: list[list[str]] = []
    real = search._pagefind
    monkeypatch.setattr(search, "_pagefind", lambda site_dir, options: (runs.append(options), real(site_dir, options)))
    return runs


def test_the_same_pages_again_get_the_kept_bundle_the_very_files_pagefind_writes(pristine, tmp_path, monkeypatch):
    """A bundle is kept by the digest of the pages: the same pages again (a forced build, a rebuild
    of what did not change) copy it instead of running Pagefind, and it is byte for byte the bundle
    a run over them writes; a page changed by one word runs Pagefind again."""
    cache = tmp_path / "cache"
    first, again, fresh = (pages_of(pristine / "public", tmp_path / name) for name in ("first", "again", "fresh"))
    runs = counted_runs(monkeypatch)
    search.index_for_search(first, kept=cache)
    ran = len(runs)
    search.index_for_search(again, kept=cache)
    assert ran > 0 and len(runs) == ran
    search.index_for_search(fresh)
    assert snapshot(again / "pagefind") == snapshot(fresh / "pagefind") == snapshot(first / "pagefind")
    changed = pages_of(pristine / "public", tmp_path / "changed")
    page = changed / "en/about/index.html"
    replace_file(page, page.read_bytes().replace(b"This site publishes", b"This site zqxjv publishes", 1))
    search.index_for_search(changed, kept=cache)
    assert len(runs) > 2 * ran
    assert snapshot(changed / "pagefind") != snapshot(fresh / "pagefind")
    assert len(list((cache / "search").iterdir())) == 2


def test_a_kept_bundle_that_is_not_whole_is_not_used(pristine, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    search.index_for_search(pages_of(pristine / "public", tmp_path / "first"), kept=cache)
    (entry,) = (cache / "search").iterdir()
    (entry / "pagefind-entry.json").write_bytes(b"")
    runs = counted_runs(monkeypatch)
    again = pages_of(pristine / "public", tmp_path / "again")
    search.index_for_search(again, kept=cache)
    assert runs and snapshot(again / "pagefind") == snapshot(tmp_path / "first/pagefind")


def test_the_kept_bundles_are_bounded_and_a_killed_builds_leftovers_removed(pristine, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "BUNDLES_KEPT", 1)
    kept = tmp_path / "cache/search"
    kept.mkdir(parents=True)
    dead, alive = kept / f".{'0' * 64}.{dead_pid()}.new", kept / f".{'1' * 64}.{os.getpid()}.new"
    for leftover in (dead, alive):
        (leftover / "fragment").mkdir(parents=True)
    first = pages_of(pristine / "public", tmp_path / "first")
    search.index_for_search(first, kept=kept.parent)
    changed = pages_of(pristine / "public", tmp_path / "changed")
    replace_file(changed / "en/index.html", (changed / "en/index.html").read_bytes() + b"\n")
    search.index_for_search(changed, kept=kept.parent)
    names = sorted(path.name for path in kept.iterdir())
    assert len(names) == 2 and names[0] == alive.name and not names[1].startswith(".")
    assert snapshot(kept / names[1]) == snapshot(changed / "pagefind")


def test_a_large_sites_bundle_is_not_kept(pristine, tmp_path, monkeypatch):
    """Past PAGES_KEPT_UP_TO pages, every build runs Pagefind and keeps nothing (the national site's
    bundle, 16,000 files, would be copied and removed on every edit)."""
    monkeypatch.setattr(search, "PAGES_KEPT_UP_TO", len(PAGES) - 1)
    runs = counted_runs(monkeypatch)
    for name in ("first", "again"):
        search.index_for_search(pages_of(pristine / "public", tmp_path / name), kept=tmp_path / "cache")
    assert len(runs) == 2 and not (tmp_path / "cache/search").exists()
