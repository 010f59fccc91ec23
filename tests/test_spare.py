"""The replaced site is kept beside public/ as `.public.spare`, and the next build takes it as its
staging folder and syncs it with the live site (factsite/write/spare.py). Its files are mostly
links of the live site's: no build may write into them, and the output must still be a full
build's, byte for byte (on the small generated site: tests/conftest.py)."""
from __future__ import annotations

import hashlib
import os
import tempfile
import time

import pytest
from pathlib import Path

from factsite.write import site as write
from factsite.write import spare
from factsite.write.output import MARKER
from tests.helpers import leftovers, replace_once, snapshot
from tests.test_incremental import build, full_build

FACTS = "content/facts/isfahan.yaml"
DRUGS = "en: \"Drugs covered"  # the English label of a fact of that file


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edit(site: Path, old: str, new: str) -> None:
    """One edit of the facts file, as an editor's save makes it (a new file, never written in place)."""
    replace_once(site / FACTS, old, new)


def built_without_writing_in_place(site: Path) -> None:
    """Build; every file that public/ or the spare held before keeps its bytes (a build that opened
    one of them for writing would change a live file through its other link). Each is linked
    into a folder of the test's first, so that it outlives the build whatever the build removes."""
    kept = Path(tempfile.mkdtemp(dir=site.parent))
    before = {}
    for folder in (site / "public", site / ".public.spare"):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and not path.is_symlink():
                os.link(path, kept / str(len(before)))
                before[str(len(before))] = digest(path)
    code, printed, said = build(site)
    assert code == 0 and printed.startswith("built "), said
    assert {name: digest(kept / name) for name in before} == before


def test_the_replaced_site_is_kept_as_the_spare_and_taken_by_the_next_build(small_site):
    edit(small_site, DRUGS, f"{DRUGS} (1)")
    built_without_writing_in_place(small_site)
    spare = small_site / ".public.spare"
    assert (spare / MARKER).is_file() and not (spare / "pagefind").exists()
    assert not (spare / "offline/site-copy.zip").exists()  # moved out: every build writes them anew
    folder = os.stat(spare / "en/facts").st_ino
    edit(small_site, f"{DRUGS} (1)", f"{DRUGS} (2)")
    built_without_writing_in_place(small_site)
    assert os.stat(small_site / "public/en/facts").st_ino == folder  # the spare's folder, published
    assert leftovers(small_site) == []


def test_rebuilds_through_the_spare_give_a_full_builds_output(small_site, tmp_path_factory):
    """Edits that change a page, remove one (its folders, left empty in the spare, go) and add one."""
    for old, new in ((DRUGS, f"{DRUGS} (1)"),
                     ("id: isfahan-coverage-drugs\n", "id: isfahan-coverage-medicines\n"),
                     (f"{DRUGS} (1)", DRUGS)):
        edit(small_site, old, new)
        built_without_writing_in_place(small_site)
    assert not (small_site / "public/en/facts/isfahan-coverage-drugs").exists()
    full = full_build(small_site, tmp_path_factory)
    assert snapshot(small_site / "public") == snapshot(full)
    assert sorted(p.relative_to(small_site / "public") for p in (small_site / "public").rglob("*") if p.is_dir()) \
        == sorted(p.relative_to(full) for p in full.rglob("*") if p.is_dir())


def test_a_spare_the_build_did_not_make_is_left_alone(small_site, tmp_path):
    """A link to a folder, or a folder without the build's marker: neither taken nor replaced."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / MARKER).write_text("x", "utf-8")
    (elsewhere / "index.html").write_text("mine", "utf-8")
    spare = small_site / ".public.spare"
    spare.symlink_to(elsewhere)
    edit(small_site, DRUGS, f"{DRUGS} (1)")
    built_without_writing_in_place(small_site)
    assert spare.is_symlink() and snapshot(elsewhere) == {MARKER: digest(elsewhere / MARKER),
                                                          "index.html": digest(elsewhere / "index.html")}
    assert (elsewhere / "index.html").read_text("utf-8") == "mine"
    assert leftovers(small_site) == []  # the replaced site was removed instead
    spare.unlink()
    spare.mkdir()
    (spare / "notes.txt").write_text("mine", "utf-8")
    edit(small_site, f"{DRUGS} (1)", f"{DRUGS} (2)")
    built_without_writing_in_place(small_site)
    assert os.listdir(spare) == ["notes.txt"] and (spare / "notes.txt").read_text("utf-8") == "mine"
    assert leftovers(small_site) == []


def test_a_failed_build_leaves_public_as_it_was_and_the_spare_to_the_next(small_site, monkeypatch, tmp_path_factory):
    edit(small_site, DRUGS, f"{DRUGS} (1)")
    built_without_writing_in_place(small_site)
    before, listing = snapshot(small_site / "public"), sorted(os.listdir(small_site))

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(write, "index_for_search", full)
    edit(small_site, f"{DRUGS} (1)", f"{DRUGS} (2)")
    code, _, said = build(small_site)
    assert code == 1 and said.strip().endswith(f"{small_site / 'public'} was left unchanged.")
    assert snapshot(small_site / "public") == before and sorted(os.listdir(small_site)) == listing
    monkeypatch.undo()
    built_without_writing_in_place(small_site)
    assert snapshot(small_site / "public") == snapshot(full_build(small_site, tmp_path_factory))


def test_a_build_that_writes_most_pages_stages_afresh_and_keeps_no_spare(small_site, tmp_path_factory, monkeypatch):
    """A template change rewrites every page: the spare's links would all be unlinked, so it is
    removed instead, and so is the site this build replaces. (Pages are 310 of the small site's
    712 files, cards and data files the rest; the national site's are 28,866 of 43,000.)"""
    monkeypatch.setattr(spare, "KEEP_SHARE", 0.25)
    edit(small_site, DRUGS, f"{DRUGS} (1)")
    built_without_writing_in_place(small_site)
    folder = os.open(small_site / ".public.spare/en/facts", os.O_RDONLY)  # open: its inode is not reused
    replace_once(small_site / "templates/base.html", "<footer", '<footer data-edited="1"')
    built_without_writing_in_place(small_site)
    assert os.stat(small_site / "public/en/facts").st_ino != os.fstat(folder).st_ino  # a fresh folder
    os.close(folder)
    assert not os.path.lexists(small_site / ".public.spare") and leftovers(small_site) == []
    assert 'data-edited="1"' in (small_site / "public/en/index.html").read_text("utf-8")
    assert snapshot(small_site / "public") == snapshot(full_build(small_site, tmp_path_factory))


def tree(folder: Path) -> dict[str, int]:
    """Every file under folder by relative path, with its inode (which file it is, not only its bytes)."""
    return {path.relative_to(folder).as_posix(): path.stat().st_ino
            for path in sorted(folder.rglob("*")) if path.is_file() and not path.is_symlink()}


def test_a_mirror_holds_the_live_files_themselves_and_nothing_else(tmp_path):
    live, kept = tmp_path / "public", tmp_path / "spare"
    for name in ("index.html", "en/a/index.html", "en/b/index.html", "pagefind/x.pf", "offline/site-copy.zip",
                 MARKER):
        (live / name).parent.mkdir(parents=True, exist_ok=True)
        (live / name).write_text(name, "utf-8")
    for name in ("index.html", "en/a/index.html", "gone/index.html", "en/b", MARKER):
        (kept / name).parent.mkdir(parents=True, exist_ok=True)
        (kept / name).write_text("old", "utf-8")  # files of its own: none is the live file
    marker = (kept / MARKER).stat().st_ino
    spare.mirror(kept, live)
    stamp = (kept / spare.STAMP).read_text("utf-8").split("\n")
    (kept / spare.STAMP).unlink()
    assert stamp[1:] == ["en/a/index.html", "en/b/index.html", "index.html"]  # not the search bundle, copy or marker
    assert tree(kept) == {**{name: ino for name, ino in tree(live).items() if name in stamp}, MARKER: marker}
    assert sorted(os.listdir(kept)) == sorted([MARKER, "en", "index.html"])


def test_a_mirrored_spare_is_synced_by_its_names_alone(tmp_path, monkeypatch):
    """Files not to keep are unlinked and the folders they leave empty removed, without a walk."""
    live, kept = tmp_path / "public", tmp_path / "spare"
    for name in ("index.html", "en/a/index.html", "en/b/c/index.html"):
        (live / name).parent.mkdir(parents=True, exist_ok=True)
        (live / name).write_text(name, "utf-8")
    kept.mkdir()
    spare.mirror(kept, live)
    monkeypatch.setattr(spare, "_sync_folder", None)  # a walk would fail
    assert spare.sync(live, kept, ["index.html", "en/a/index.html", "new/index.html"]) == {"index.html",
                                                                                        "en/a/index.html"}
    assert tree(kept) == {name: ino for name, ino in tree(live).items() if name != "en/b/c/index.html"}
    assert sorted(p.relative_to(kept).as_posix() for p in kept.rglob("*") if p.is_dir()) == ["en", "en/a"]


def test_a_spare_mirrored_before_the_live_site_changed_is_synced_by_a_walk(tmp_path):
    live, kept = tmp_path / "public", tmp_path / "spare"
    (live / "en").mkdir(parents=True)
    (live / "en/index.html").write_text("one", "utf-8")
    kept.mkdir()
    spare.mirror(kept, live)
    replace_once(live / "en/index.html", "one", "two")  # a new file: the spare's link is not the live file
    (live / "index.html").write_text("root", "utf-8")  # an entry added: the live folder changed
    assert spare.sync(live, kept, ["en/index.html", "index.html"]) == set()
    assert not (kept / spare.STAMP).exists() and tree(kept) == {}


def test_a_large_sites_spare_is_mirrored_beside_the_build(small_site, monkeypatch, tmp_path_factory):
    """Past REMOVE_BESIDE_FILES files, a process of its own makes the spare; the build does not wait."""
    monkeypatch.setattr(spare, "REMOVE_BESIDE_FILES", 1)
    edit(small_site, DRUGS, f"{DRUGS} (1)")
    built_without_writing_in_place(small_site)
    for _ in range(400):
        if (small_site / ".public.spare" / spare.STAMP).exists():
            break
        time.sleep(0.05)
    rewritten = {name for name in tree(small_site / "public") for whole in spare.REWRITTEN
                 if name == whole or name.startswith(whole + "/")}
    assert rewritten and tree(small_site / ".public.spare") == {
        **{name: ino for name, ino in tree(small_site / "public").items() if name not in rewritten},
        spare.STAMP: (small_site / ".public.spare" / spare.STAMP).stat().st_ino,
        MARKER: (small_site / ".public.spare" / MARKER).stat().st_ino}
    edit(small_site, f"{DRUGS} (1)", f"{DRUGS} (2)")
    built_without_writing_in_place(small_site)
    assert not (small_site / "public" / spare.STAMP).exists()
    assert snapshot(small_site / "public") == snapshot(full_build(small_site, tmp_path_factory))


@pytest.mark.parametrize("name", ["../outside.html", "through/outside.html", "/tmp/outside.html"])
def test_a_stamp_never_unlinks_a_file_outside_the_spare(tmp_path, name):
    """A name of the stamp that leaves the spare (`..`, a link to a folder elsewhere, an absolute
    path) is not unlinked: the spare is synced by reading both trees instead."""
    live, kept, elsewhere = tmp_path / "public", tmp_path / "spare", tmp_path / "elsewhere"
    (live / "en").mkdir(parents=True)
    (live / "en/index.html").write_text("one", "utf-8")
    elsewhere.mkdir()
    (elsewhere / "outside.html").write_text("mine", "utf-8")
    (tmp_path / "outside.html").write_text("mine", "utf-8")
    kept.mkdir()
    spare.mirror(kept, live)
    (kept / "through").symlink_to(elsewhere)
    stamp = (kept / spare.STAMP).read_text("utf-8")
    (kept / spare.STAMP).unlink()
    (kept / spare.STAMP).write_text(f"{stamp}\n{name}".replace("/tmp/", f"{tmp_path}/"), "utf-8")
    assert spare.sync(live, kept, ["en/index.html"]) == {"en/index.html"}
    assert (elsewhere / "outside.html").read_text("utf-8") == (tmp_path / "outside.html").read_text("utf-8") == "mine"
    assert tree(kept) == tree(live) and not (kept / "through").exists()
