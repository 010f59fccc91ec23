"""Stage 4 on its own: staging, swapping in, and stopping when a preview's inputs change again."""
from __future__ import annotations

import threading

import pytest

from factsite.incremental import Superseded
from factsite.write import publish, staged, write_files


def test_a_swap_keeps_the_lock_only_while_the_folders_change_places(tmp_path):
    dest = tmp_path / "public"
    dest.mkdir()
    (dest / "old.html").write_text("old", "utf-8")
    lock, seen, discarded = threading.Lock(), [], []
    with staged(dest) as staging:
        write_files({"index.html": b"new", "a/b.html": b"b"}, staging)
        publish(staging, dest, search=False, lock=lock,
                discard=lambda old: (seen.append(lock.locked()), discarded.append(sorted(p.name for p in old.iterdir()))))
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*.html")) == ["a/b.html", "index.html"]
    assert seen == [False] and discarded == [["old.html"]]  # removed after the lock was let go


def test_writing_stops_when_the_inputs_change_again(tmp_path):
    outputs = {f"p{i:04}.html": b"x" for i in range(250)}
    asked = []
    with staged(tmp_path / "public") as staging, pytest.raises(Superseded):
        write_files(outputs, staging, superseded=lambda: asked.append(1) or len(asked) == 2)
    assert len(asked) == 2  # asked every hundred files: stopped at the hundred-and-first
    assert not (tmp_path / "public").exists()
    assert not list(tmp_path.iterdir())  # the staging folder is gone too
