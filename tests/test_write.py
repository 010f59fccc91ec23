"""Stage 4 on its own: staging, swapping in, and the search index of each language."""
from __future__ import annotations

import json
import os
import shutil


from factsite.write.site import publish, staged, write_files


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


def test_indexing_each_language_on_its_own_gives_the_bundle_one_run_gives(tmp_path):
    """A large site is indexed a language at a time, to keep Pagefind's memory down; the merged
    bundle must be the very files a single run writes."""
    from factsite.cli import main
    from factsite.write.search import index_for_search
    from tests.helpers import REPO, snapshot
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["--root", str(REPO), "--out", str(one), "--force"]) == 0
    shutil.copytree(one, two)
    shutil.rmtree(two / "pagefind")
    index_for_search(two, split=True)
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
