"""The preview's fast path: pages rendered on request equal the built files, edits re-read one file,
the build that writes the site is stopped by a newer edit, and a content error keeps the last good
pages served."""
from __future__ import annotations

import os
import re
import threading
import time
from operator import attrgetter
from pathlib import Path

import pytest

from factsite.load.site import load_site
from factsite.verify.site import verify_site
from factsite.preview.builder import LivePages, Session, build_beside, check_once, live_page
from factsite.speed.cache import Bounded
from factsite.preview.server import Preview
from tests.helpers import copy_site, replace_file, replace_once

KERMAN = "en/provinces/kerman/index.html"
OLD_LABEL = 'en: "People covered by the Health Insurance Organization in Kerman province"'
NEW_LABEL = 'en: "People insured in Kerman (edited)"'


def rebuild(preview: Preview, write_after: float = 0.0) -> None:
    """Check, show and write one build: the builder's two steps, one after the other."""
    renderer = preview.check_and_show()
    if renderer is not None:
        preview.write(renderer, write_after)


def checked(site, cache):
    errors, renderer = check_once(site, cache)
    assert errors == [] and renderer is not None
    return renderer


def written(site, out, superseded=lambda: False) -> bool:
    """Whether the build serve runs beside it wrote the whole site."""
    errors, summary = build_beside(site, out, superseded)
    assert errors == []
    return summary is not None and re.match(r"built \d+ pages and \d+ facts", summary) is not None


def test_every_page_rendered_on_request_is_byte_identical_to_the_written_file(tmp_path):
    site, out = copy_site(tmp_path / "site"), tmp_path / "out"
    cache = Session(site)
    assert written(site, out)
    live = LivePages(checked(site, cache))
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert len(pages) == 414  # and a frame's page for each figure and measure in each language
    for name in pages:
        assert live.page(name) == (out / name).read_bytes(), name


def test_only_pages_are_rendered_on_request(tmp_path):
    site = copy_site(tmp_path / "site")
    cache = Session(site)
    live = LivePages(checked(site, cache))
    assert live.page("static/site.css") is None
    assert live.page("en/provinces/atlantis/index.html") is None
    assert live.page("xx/index.html") is None
    assert live.page("data/facts.json") is None
    assert live_page(live, "/en/provinces/kerman/") == live.page(KERMAN)
    assert live_page(live, "/") == live.page("index.html")
    assert live_page(live, "/en/provinces/kerman") is None  # the server redirects it to .../kerman/


def test_serve_says_an_id_or_a_figure_taken_in_another_file_as_a_check_does(tmp_path):
    """The facts of the files not edited are remembered, gathered (verify's gather), and still
    compared with the edited file's: a duplicate across files is said, and gone once undone."""
    site = copy_site(tmp_path / "site")
    memo = Session(site)
    checked(site, memo)
    kerman, national = site / "content/facts/kerman.yaml", site / "content/facts/national.yaml"
    original = national.read_bytes()
    again = kerman.read_text("utf-8").split("  - id: kerman-population-share\n")[0].split("facts:\n")[1]
    again = again.replace("id: kerman-insured-population", "id: national-again").replace("scope: kerman", "scope: national")
    for edit, said in ((lambda: replace_once(national, "id: national-contracted-pharmacies", "id: kerman-population-share"),
                        "kerman-population-share: the id is already used at content/facts/kerman.yaml:"),
                       (lambda: replace_file(national, original.replace(b"facts:\n", b"facts:\n" + again.encode(), 1)),
                        "national-again: this figure of this sentence is already the fact kerman-insured-population")):
        edit()
        errors, renderer = check_once(site, memo)
        plain = [str(problem) for problem in sorted(verify_site(load_site(site)[0])[1], key=attrgetter("where"))]
        assert renderer is None and errors == plain and any(said in line for line in errors), errors
        replace_file(national, original)
        checked(site, memo)


def test_what_the_memo_gives_equals_a_fresh_load(tmp_path):
    """The memo's list reader gives what a fresh load gives, whatever was read before."""
    site, cache = copy_site(tmp_path / "site"), Bounded()
    load_site(site, cache)
    replace_once(site / "content/facts/kerman.yaml", OLD_LABEL, "en: [unclosed")
    remembered = load_site(site, cache)
    assert remembered == load_site(site)
    assert remembered[1][0].where.file == "content/facts/kerman.yaml"


@pytest.mark.slow
def test_a_page_rendered_on_request_is_written_by_the_next_build(tmp_path):
    """The live page is rendered outside the page cache, so the build cannot mistake the old file
    on disk for it."""
    site, out = copy_site(tmp_path / "site"), tmp_path / "out"
    cache = Session(site)
    assert written(site, out)
    replace_once(site / "content/facts/kerman.yaml", OLD_LABEL, NEW_LABEL)
    renderer = checked(site, cache)
    assert b"People insured in Kerman (edited)" in LivePages(renderer).page(KERMAN)
    assert written(site, out)
    assert "People insured in Kerman (edited)" in (out / KERMAN).read_text("utf-8")


@pytest.mark.slow
def test_a_superseded_write_writes_nothing_and_the_next_one_is_complete(tmp_path):
    site, out = copy_site(tmp_path / "site"), tmp_path / "out"
    assert written(site, out)
    replace_once(site / "content/facts/kerman.yaml", OLD_LABEL, NEW_LABEL)
    assert build_beside(site, out, lambda: True) == ([], None)  # a newer edit came at once
    assert "People insured in Kerman (edited)" not in (out / KERMAN).read_text("utf-8")
    assert written(site, out)
    assert "People insured in Kerman (edited)" in (out / KERMAN).read_text("utf-8")


@pytest.mark.slow
def test_a_content_error_keeps_the_last_good_pages_even_before_they_are_written(tmp_path):
    site, out = copy_site(tmp_path / "site"), tmp_path / "out"
    preview = Preview(site, out)
    rebuild(preview)
    assert preview.errors == [] and preview.live is None  # written: served from disk
    replace_once(site / "content/facts/kerman.yaml", OLD_LABEL, NEW_LABEL)
    preview.dirty.set()  # another edit arrives at once: the whole site is not written this time
    rebuild(preview)
    assert preview.live is not None and preview.errors == []
    assert "People insured in Kerman (edited)" not in (out / KERMAN).read_text("utf-8")
    replace_once(site / "content/facts/kerman.yaml", "value: 1800000", "value: 1800001")
    generation = preview.generation
    rebuild(preview)
    assert preview.generation == generation + 1
    assert preview.errors[0].startswith("content/facts/kerman.yaml:9:5: kerman-insured-population: the value 1800001")
    assert b"People insured in Kerman (edited)" in preview.live.page(KERMAN)  # the last good build
    replace_once(site / "content/facts/kerman.yaml", "value: 1800001", "value: 1800000")
    preview.dirty.clear()
    rebuild(preview)
    assert preview.errors == [] and preview.live is None
    assert "People insured in Kerman (edited)" in (out / KERMAN).read_text("utf-8")


@pytest.mark.slow
def test_a_page_of_an_older_build_rendered_meanwhile_does_not_end_up_in_the_newer_build(tmp_path):
    """A request may still be answered from the previous build's pages while the next one is
    checked; what it renders must not be taken for the next build's page."""
    site, out = copy_site(tmp_path / "site"), tmp_path / "out"
    cache = Session(site)
    older = LivePages(checked(site, cache))
    replace_once(site / "site.yaml", "en: \"Iran Health Insurance in Figures\"", "en: \"Health Insurance Figures (renamed)\"")
    assert b"Iran Health Insurance in Figures" in older.page(KERMAN)
    assert written(site, out)
    assert "Health Insurance Figures (renamed)" in (out / KERMAN).read_text("utf-8")


def test_a_fact_is_checked_again_when_only_its_seed_changes(tmp_path):
    site = copy_site(tmp_path / "site")
    cache = Session(site)
    checked(site, cache)
    replace_once(site / "seeds/002_73cc2be2b670b8e6.txt", "800 هزار نفر از جمعیت استان", "900 هزار نفر از جمعیت استان")
    errors, renderer = check_once(site, cache)
    assert renderer is None
    assert any(e.startswith("content/facts/kerman.yaml:19:7: kerman-insured-population: the quote does not occur")
               for e in errors), errors


@pytest.fixture
def slow_pagefind(tmp_path, monkeypatch) -> Path:
    """A Pagefind that says it started (the file it returns appears), then takes 30 s."""
    slow, started = tmp_path / "slow-pagefind", tmp_path / "pagefind-started"
    slow.write_text(f"#!/bin/sh\ntouch {started}\nexec sleep 30\n", "utf-8")
    slow.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(slow))
    return started


@pytest.mark.slow
def test_a_newer_edit_stops_the_build_and_its_search_indexing(tmp_path, slow_pagefind):
    site, out = copy_site(tmp_path / "site"), tmp_path / "out"
    assert build_beside(site, out, slow_pagefind.exists) == ([], None)
    deadline = time.monotonic() + 5
    while _running(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(tmp_path) and not out.exists()


def _running(folder: Path) -> list[str]:
    """The processes whose command line names this folder (a build of it, its fake Pagefind)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if str(folder) in command and state != "Z" and proc.name != str(os.getpid()):
            found.append(command)
    return found


@pytest.mark.slow
def test_the_site_is_written_once_the_saves_stop(tmp_path):
    site, out = copy_site(tmp_path / "site"), tmp_path / "out"
    preview = Preview(site, out)
    rebuild(preview)
    replace_once(site / "content/facts/kerman.yaml", OLD_LABEL, NEW_LABEL)
    threading.Timer(0.2, preview.dirty.set).start()  # another save comes during the quiet second
    rebuild(preview, write_after=1.0)
    assert b"People insured in Kerman (edited)" in preview.live.page(KERMAN)  # shown, not written
    assert "People insured in Kerman (edited)" not in (out / KERMAN).read_text("utf-8")
    preview.dirty.clear()
    rebuild(preview, write_after=0.2)  # no other save: written after the quiet time
    assert preview.live is None
    assert "People insured in Kerman (edited)" in (out / KERMAN).read_text("utf-8")


def test_a_write_is_superseded_by_a_newer_build_a_change_or_a_stop(tmp_path):
    preview = Preview(tmp_path, tmp_path / "out")
    build = preview.to_write = object()
    assert preview.superseded(build) is False
    preview.to_write = object()  # a newer build was checked
    assert preview.superseded(build) is True
    preview.to_write = build
    preview.dirty.set()
    assert preview.superseded(build) is True
    preview.dirty.clear()
    preview.stop.set()
    assert preview.superseded(build) is True


@pytest.mark.slow
def test_a_build_stopped_while_writing_leaves_a_staging_folder_the_next_one_removes(tmp_path):
    site, out = copy_site(tmp_path / "site"), tmp_path / "out"
    staging = lambda: list(tmp_path.glob(".out.new-*/en"))  # noqa: E731 — stopped once pages are on disk
    assert build_beside(site, out, lambda: bool(staging())) == ([], None)
    assert staging() and not out.exists()
    assert written(site, out)
    assert not list(tmp_path.glob(".out.*"))


def test_a_figure_page_or_a_sheet_is_made_alone_as_the_language_s_pages_have_it(tmp_path):
    """The page being looked at is made without working out every page of its language first, and
    is the page page_makers has at that path; any other path is left to page_makers."""
    from factsite.render.pages import page_maker
    from factsite.render.views import FactViews
    site = copy_site(tmp_path / "site")
    cache = Session(site)
    renderer = checked(site, cache)
    for lang in ("fa", "en"):
        makers = renderer.makers(lang)
        views = FactViews(renderer.site, lang, renderer.index.series)
        alone = {path: page_maker(renderer.site, lang, renderer.index, views, renderer.built_on, path)
                 for path in [*makers, f"{lang}/facts/nope/", f"{lang}/provinces/atlantis/", f"{lang}/facts/",
                              f"{'en' if lang == 'fa' else 'fa'}/national/"]}
        made = {path: maker for path, maker in alone.items() if maker is not None}
        assert set(made) == {p for p in makers if p.startswith((f"{lang}/facts/", f"{lang}/provinces/", f"{lang}/national/"))
                             and p.count("/") == (2 if p.startswith(f"{lang}/national/") else 3)}
        for path, maker in made.items():
            assert (maker.path, maker.template, maker().context.keys()) == \
                (makers[path].path, makers[path].template, makers[path]().context.keys())
    live = LivePages(checked(site, cache))
    assert live.page("en/facts/kerman-insured-population/index.html") is not None
    assert live.page(KERMAN) is not None and live.makers == {}  # no other page was worked out


@pytest.fixture
def watched(tmp_path):
    """A preview of a copy of the site whose watchers run (and stop with the test)."""
    from factsite.preview.server import watch_inputs
    site = copy_site(tmp_path / "site")
    (site / "public").mkdir()
    preview = Preview(site, site / "public")
    watcher = threading.Thread(target=watch_inputs, args=(preview,), daemon=True)
    watcher.start()
    time.sleep(0.5)  # the watches are in place
    yield preview
    preview.stop.set()
    watcher.join(5)


def noticed(preview, timeout: float = 3.0) -> bool:
    """Whether the watchers marked the preview dirty within timeout; cleared for the next change."""
    seen = preview.dirty.wait(timeout)
    time.sleep(0.1)  # the rest of the same change
    preview.dirty.clear()
    return seen


@pytest.mark.parametrize("rel", ["site.yaml", "content/facts/kerman.yaml", "templates/base.html",
                                 "seeds/002_73cc2be2b670b8e6.txt", "static/style.css", "locale/fa/LC_MESSAGES/messages.po"])
@pytest.mark.slow
def test_a_change_to_any_input_is_noticed(watched, rel):
    path = watched.root / rel
    replace_file(path, path.read_bytes() + b"\n")  # a new file: the repository's, linked, stays as it is
    assert noticed(watched)


@pytest.mark.slow
def test_writing_the_output_is_not_a_change(watched):
    """Each build writes thousands of files into public/ and its staging folders: never an edit."""
    for name in ("public/en/index.html", ".public.new-1/en/facts/x/index.html", "notes.txt"):
        path = watched.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"<html>")
    assert not noticed(watched, 1.0)


@pytest.mark.slow
def test_an_input_folder_gone_and_back_is_watched_again(watched):
    site = watched.root
    (site / "locale").rename(site / "locale.away")
    assert noticed(watched)
    (site / "locale.away").rename(site / "locale")
    assert noticed(watched)
    time.sleep(0.5)  # the folders are watched again
    po = site / "locale/fa/LC_MESSAGES/messages.po"
    replace_file(po, po.read_bytes() + b"\n")
    assert noticed(watched)


def test_serve_says_a_catalogs_problems_each_time_and_takes_its_fix(tmp_path):
    site = copy_site(tmp_path / "site")
    memo = Session(site)
    checked(site, memo)
    po = "locale/fa/LC_MESSAGES/messages.po"
    replace_once(site / po, 'msgstr "نسخه‌ای برای خواندن بی‌اینترنت"', 'msgstr "نسخه‌ای برای خواندن %(nom)s"')
    for _ in range(2):  # the problem is said again while the catalog stays as it is
        errors, renderer = check_once(site, memo)
        assert renderer is None and len(errors) == 1
        assert errors[0] == (f"{po}:23:1: the text 'نسخه\\u200cای برای خواندن %(nom)s' names %(nom)s, which the "
                             "original text does not — fix the translation")
    replace_once(site / po, 'msgstr "نسخه‌ای برای خواندن %(nom)s"', 'msgstr "نسخه‌ای برای خواندن بی‌اینترنت (تازه)"')
    assert b"\xd8\xaa\xd8\xa7\xd8\xb2\xd9\x87" in LivePages(checked(site, memo)).page("fa/index.html")


@pytest.mark.slow
def test_the_watchers_watch_the_inputs_and_never_the_output(tmp_path):
    """Each folder of public/ watched would wake the watchers on every file a build writes."""
    from factsite.preview.server import watch_inputs
    site = copy_site(tmp_path / "site")
    for folder in ("public/en/facts/a", "public/fa/facts/b"):
        (site / folder).mkdir(parents=True)
    preview = Preview(site, site / "public")
    watcher = threading.Thread(target=watch_inputs, args=(preview,), daemon=True)
    watcher.start()
    try:
        deadline, watched = time.monotonic() + 10, set()
        while not watched and time.monotonic() < deadline:
            time.sleep(0.2)
            watched = _watched_inodes(site)
        inputs = {(site / name).stat().st_ino for name in ("content", "content/facts", "seeds", "templates")}
        output = {path.stat().st_ino for path in [site / "public", *(site / "public").rglob("*")]}
        assert inputs <= watched and not output & watched
    finally:
        preview.stop.set()
        watcher.join(5)


def _watched_inodes(site: Path) -> set[int]:
    """The inodes the inotify watches of the watcher process of this site are on (from /proc)."""
    inodes = set()
    for proc in Path("/proc").iterdir():
        try:
            if b"watcher.py" not in (proc / "cmdline").read_bytes() or str(site).encode() not in (
                    proc / "cmdline").read_bytes():
                continue
            for info in (proc / "fdinfo").iterdir():
                for line in info.read_text().splitlines():
                    if line.startswith("inotify wd:"):
                        inodes.add(int(line.split(" ino:")[1].split()[0], 16))
        except OSError:
            continue
    return inodes
