"""A build after an edit renders only the pages the edit changed and publishes the way a full build
does: in a staging folder, unchanged files linked from the live site, one swap. Its output is the
output of a full build of the same inputs (on the small generated site: tests/conftest.py)."""
from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

from factsite.cli import main
from factsite.speed.digest import input_digests
from tests.helpers import made_once, replace_once, snapshot


def build(site: Path, *options: str) -> tuple[int, str, str]:
    """`python build.py --root site [options]`: exit code, stdout and stderr. With --force, a build
    from nothing any earlier run kept (FACTSITE_NO_CACHE), the reference the others must equal."""
    out, err = io.StringIO(), io.StringIO()
    fresh = "--force" in options
    if fresh:
        os.environ["FACTSITE_NO_CACHE"] = "1"
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--root", str(site), *options])
    finally:
        if fresh:
            del os.environ["FACTSITE_NO_CACHE"]
    return code, out.getvalue(), err.getvalue()


def full_build(site: Path, tmp_path_factory) -> Path:
    """What a full build of site's inputs from nothing writes (--force, without what any earlier run
    kept): the reference a rebuild's output must equal. Made once per run for the same inputs (by
    the build's own digest of them); never modify it."""
    def make(folder: Path) -> None:
        code, _, said = build(site, "--out", str(folder / "public"), "--force")
        assert code == 0, said
    inputs = input_digests(site, "")[0]
    return made_once(tmp_path_factory, f"full-{inputs[:16]}", make) / "public"


def first_facts_file(site: Path) -> Path:
    return sorted((site / "content/facts").glob("*.yaml"))[0]


def edit_label(site: Path) -> None:
    """Change the English label of the first fact of the first facts file."""
    path = first_facts_file(site)
    text, count = re.subn(r'(en: ")([^"]+)(")', r"\1\2 (edited)\3", path.read_text("utf-8"), count=1)
    assert count == 1
    path.write_text(text, "utf-8")


def add_comment_line(site: Path) -> None:
    """A line more at the top of the first facts file: every entry after it moves down."""
    path = first_facts_file(site)
    path.write_text(path.read_text("utf-8").replace("facts:\n", "facts:\n# a line more\n", 1), "utf-8")


def edit_template(site: Path) -> None:
    path = site / "templates/base.html"
    text = path.read_text("utf-8")
    assert "<footer" in text
    path.write_text(text.replace("<footer", '<footer data-edited="1"', 1), "utf-8")


def rendered_again(printed: str) -> int | None:
    found = re.search(r"\((\d+) pages rendered again, the rest unchanged; the search index and the offline copy "
                      r"took \d+\.\d\d s of it\)$", printed.strip())
    return int(found.group(1)) if found else None


def pages_of(printed: str) -> int:
    return int(re.match(r"built (\d+) pages and \d+ facts in \d+\.\d\d s → ", printed).group(1))


@pytest.mark.parametrize("change, some", [(edit_label, True), (add_comment_line, False)])
def test_a_facts_edit_renders_only_what_it_changed_and_gives_a_full_builds_output(change, some, small_site,
                                                                                  tmp_path_factory):
    """A label shows on a few pages; a comment line, which moves every entry after it, on none."""
    change(small_site)
    code, printed, _ = build(small_site)
    assert code == 0, printed
    again = rendered_again(printed)
    assert again is not None and (0 < again < pages_of(printed) / 2 if some else again == 0), printed
    assert snapshot(small_site / "public") == snapshot(full_build(small_site, tmp_path_factory))


def test_a_template_edit_renders_every_page(small_site, tmp_path_factory):
    edit_template(small_site)
    code, printed, _ = build(small_site)
    assert code == 0 and rendered_again(printed) is None, printed
    assert 'data-edited="1"' in (small_site / "public/en/index.html").read_text("utf-8")
    assert snapshot(small_site / "public") == snapshot(full_build(small_site, tmp_path_factory))


def test_unchanged_pages_are_the_live_sites_files_linked(small_site):
    before = os.stat(small_site / "public/en/about/index.html").st_ino
    edit_label(small_site)
    assert build(small_site)[0] == 0
    assert os.stat(small_site / "public/en/about/index.html").st_ino == before


def test_a_page_missing_from_the_live_site_is_rendered_again(small_site, tmp_path_factory):
    (small_site / "public/en/about/index.html").unlink()
    edit_label(small_site)
    assert build(small_site)[0] == 0
    assert snapshot(small_site / "public") == snapshot(full_build(small_site, tmp_path_factory))


def test_no_input_changed_is_up_to_date(small_site):
    code, printed, _ = build(small_site)
    assert code == 0 and re.match(r"up to date: no input changed since .*public was built \(\d+\.\d\d s\)$",
                                  printed.strip()), printed


@pytest.mark.parametrize("failing, doing", [
    ("factsite.write.site.staging_prefix", "making a folder for the new site"),
    ("factsite.write.site.write_files", "writing the pages"),
    ("factsite.write.site.link_unchanged", "linking the unchanged files"),
    ("factsite.write.site.offline_copy", "writing the offline copy"),
    ("factsite.write.site.index_for_search", "indexing the site for search"),
    ("factsite.write.site._swap", "swapping the new site in")])
def test_a_rebuild_that_fails_anywhere_leaves_public_as_it_was(failing, doing, small_site, monkeypatch):
    """A full disk (or any write that fails) while the files are written, linked, indexed, packed or
    swapped: public/ byte for byte as it was, the message true, nothing left beside it."""
    before = snapshot(small_site / "public")
    listing = sorted(os.listdir(small_site))

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(failing, full)
    edit_label(small_site)
    code, printed, said = build(small_site)
    assert code == 1 and printed == ""
    assert said.strip() == (f"the disk holding {small_site} is full (No space left on device) while {doing} — free "
                            f"some space there and build again — {small_site / 'public'} was left unchanged.")
    assert "Traceback" not in said
    assert snapshot(small_site / "public") == before
    assert sorted(os.listdir(small_site)) == listing


@pytest.mark.parametrize("damage, said", [
    ("printf '' > pagefind-entry.json", "the search index is incomplete (JSONDecodeError reading "
                                        "pagefind-entry.json) — is the disk full?"),
    ("rm pagefind.en_*.pf_meta", "the search index is incomplete (pagefind/pagefind.en_"),
    ("for f in fragment/*; do : > \"$f\"; break; done", "the search index is incomplete (pagefind/fragment/"),
])
def test_a_search_index_left_incomplete_is_not_published(damage, said, small_site, tmp_path, monkeypatch):
    """#36: Pagefind exits 0 when the disk fills up while it writes; the build checks what it wrote
    before the swap, says so in one line, and leaves public/ as it was."""
    from factsite.write.search import pagefind_command
    real = pagefind_command()[0]
    damaging = tmp_path / "pagefind-then-damage"
    damaging.write_text(f'#!/bin/sh\n"{real}" "$@" || exit $?\nout=""\nwhile [ $# -gt 0 ]; do '
                        f'[ "$1" = "--output-path" ] && out="$2"; shift; done\ncd "$out" && {damage}\nexit 0\n', "utf-8")
    damaging.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(damaging))
    before = snapshot(small_site / "public")
    listing = sorted(os.listdir(small_site))
    edit_label(small_site)
    code, printed, err = build(small_site)
    assert code == 1 and printed == "" and "Traceback" not in err
    assert err.startswith(said) and err.rstrip().endswith(f"— {small_site / 'public'} was left unchanged.")
    assert snapshot(small_site / "public") == before and sorted(os.listdir(small_site)) == listing


def test_a_page_whose_prose_refers_to_an_edited_figure_is_rendered_again(site, tmp_path_factory):
    """#37: a note that writes [[fact:ID]] shows that fact's figure. A rebuild after an edit to that
    figure (here the formula of a computed one, in another facts file) renders the page of the note
    again (every page: any prose may show it), and the data files say the new figure too: the
    output is a full build's."""
    replace_once(site / "content/facts/national.yaml", "The total includes the [[fact:national-anti-cancer-drugs-added-2024]]",
                 "Compare [[fact:kerman-population-estimate]]. The total includes the "
                 "[[fact:national-anti-cancer-drugs-added-2024]]")
    assert build(site)[0] == 0
    page = site / "public/en/facts/national-anti-cancer-drugs-covered/index.html"
    assert "Compare <a class=\"ref\"" in page.read_text("utf-8")
    replace_once(site / "content/facts/kerman.yaml", "{kerman-population-share} * 100", "{kerman-population-share} * 10")
    code, printed, _ = build(site)
    assert code == 0, printed
    assert snapshot(site / "public") == snapshot(full_build(site, tmp_path_factory))


def test_a_renamed_place_is_named_anew_in_the_offline_copys_search(small_site, tmp_path_factory):
    """Each figure's search entry is kept by its fact and the places' names: a new name is not the kept one."""
    assert build(small_site)[0] == 0  # the cache holds every figure's entry
    replace_once(small_site / "content/scopes.yaml", 'en: "Nationwide"', 'en: "All of Iran"')
    code, printed, _ = build(small_site)
    assert code == 0, printed
    index = (small_site / "public/search-index.js").read_text("utf-8")
    assert "All of Iran" in index and "Nationwide" not in index
    assert snapshot(small_site / "public") == snapshot(full_build(small_site, tmp_path_factory))
