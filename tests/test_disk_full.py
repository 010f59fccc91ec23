"""#36: a disk that fills up while the new site is written. The output is on a tmpfs sized so that
the build runs out of space part of the way through: while the pages are written, while the search
index or the offline copy is written (the two are written at the same time). Each ends in one line naming the disk and the step, exit code 1, public/ byte for byte as it
was and nothing left beside it. Renaming needs no space, so the swap itself cannot run out of it;
a swap that fails for another reason is covered in tests/test_incremental.py.

These tests mount a tmpfs, which needs root (or the right to mount); elsewhere they are skipped
with the reason."""
from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from factsite.cli import main
from tests.helpers import replace_file, replace_once, snapshot

pytestmark = pytest.mark.slow  # a disk of its own is mounted and filled up, case by case
MOUNT_SIZE = 64 * 2**20


@pytest.fixture
def disk(tmp_path) -> Path:
    """A tmpfs of 64 MB at tmp_path/disk, unmounted afterwards; skipped where it cannot be mounted."""
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={MOUNT_SIZE}", "tmpfs", str(where)],
                             capture_output=True, text=True, check=False) if _can_mount() else None
    if mounted is None or mounted.returncode != 0:
        reason = mounted.stderr.strip() if mounted is not None else "not root, or no mount command"
        pytest.skip(f"cannot mount a tmpfs here ({reason}): the disk-full tests need root and the right to mount")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def _can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


def used_bytes(where: Path) -> int:
    info = os.statvfs(where)
    return (info.f_blocks - info.f_bfree) * info.f_frsize


def resize(where: Path, size: int) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(where)], check=True, capture_output=True)


def build(site: Path, out: Path) -> tuple[int, str, str]:
    printed, said = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(said):
        code = main(["--root", str(site), "--out", str(out)])
    return code, printed.getvalue(), said.getvalue()


def change_every_page(site: Path) -> None:
    """An edit to the site's title, which every page and every share card shows: each file is written
    again, none linked from the live site."""
    replace_once(site / "templates/base.html", "<footer", f'<footer data-edit="{uuid.uuid4().hex}"')
    path = site / "site.yaml"
    replace_file(path, path.read_text("utf-8").replace('en: "', f'en: "{uuid.uuid4().hex[:6]} ', 1).encode("utf-8"))


STEP = (r"(making a folder for the new site|writing the pages|writing the offline copy|indexing the site for search"
        r"|swapping the new site in)")


@pytest.mark.parametrize("free", [0.0, 0.02, 0.2, 0.4, 0.55, 0.65])
def test_a_disk_that_fills_up_part_way_leaves_public_as_it_was(free, bare_site, disk):
    """free: the space left, as a share of what the new site needs (about the size of the old)."""
    out = disk / "public"
    assert build(bare_site, out)[0] == 0
    needed = used_bytes(disk)
    before, listing = snapshot(out), sorted(os.listdir(disk))
    change_every_page(bare_site)
    resize(disk, needed + int(free * needed))
    code, printed, said = build(bare_site, out)
    assert code == 1 and printed == "" and "Traceback" not in said, said
    assert len(said.strip().splitlines()) == 1, said
    ending = f" — {re.escape(str(out))} was left unchanged."
    assert (re.fullmatch(f"the disk holding {re.escape(str(disk))} is full \\(No space left on device\\) while "
                         f"{STEP} — free some space there and build again{ending}", said.strip())
            or re.fullmatch(f"the search index is incomplete \\([^()]+\\) — is the disk full\\?{ending}", said.strip())), said
    assert snapshot(out) == before and sorted(os.listdir(disk)) == listing


def test_the_steps_that_run_out_of_space_are_named(bare_site, disk):
    """Less space than the pages need stops while the pages are written; room for the pages but not
    for the index and the offline copy stops in one of those; enough room publishes the whole site."""
    out = disk / "public"
    assert build(bare_site, out)[0] == 0
    needed = used_bytes(disk)
    seen = []
    for free in (0.1, 0.6):
        change_every_page(bare_site)
        resize(disk, needed + int(free * needed))
        seen.append(build(bare_site, out)[2])
    assert "while writing the pages" in seen[0], seen
    assert any(part in seen[1] for part in ("while writing the offline copy", "while indexing the site for search",
                                            "the search index is incomplete")), seen
    change_every_page(bare_site)
    resize(disk, MOUNT_SIZE)
    code, printed, _ = build(bare_site, out)
    assert code == 0 and printed.startswith("built "), printed
    assert 'data-edit="' in (out / "en/index.html").read_text("utf-8")
    assert sorted(os.listdir(disk)) == ["public"]


@pytest.fixture
def immutable(site):
    """site's public/en/index.html made immutable (chattr +i), made mutable again afterwards; skipped
    where the file system or the user cannot."""
    page = site / "public/en/index.html"
    data = page.read_bytes()
    os.unlink(page)  # a file of its own, not a link to the pristine site's
    page.write_bytes(data)
    made = subprocess.run(["chattr", "+i", str(page)], capture_output=True, text=True, check=False) \
        if shutil.which("chattr") else None
    if made is None or made.returncode != 0:
        pytest.skip(f"cannot make a file immutable here ({made.stderr.strip() if made else 'no chattr'})")
    yield page
    for path in site.rglob("index.html"):
        subprocess.run(["chattr", "-i", str(path)], capture_output=True, check=False)


def test_a_page_that_cannot_be_replaced_does_not_stop_the_new_site(site, immutable):
    """#36 family 3: the live site is never written into, so an immutable page does not stop the build;
    the new site is published whole, and the old one, which cannot be removed, is said to be left."""
    change_every_page(site)
    code, printed, said = build(site, site / "public")
    assert code == 0 and printed.startswith("built "), said
    assert 'data-edit="' in (site / "public/en/index.html").read_text("utf-8")
    old = [name for name in os.listdir(site) if name.startswith(".public.old-")]
    assert len(old) == 1 and said.startswith(f"the previous site, moved to {site / old[0]}, could not be removed "
                                             "(Operation not permitted) — remove it by hand"), said


def test_a_leftover_that_cannot_be_removed_does_not_stop_the_next_build(site, immutable):
    """The old site kept by an immutable page is said again as a warning, and the next build publishes."""
    change_every_page(site)
    assert build(site, site / "public")[0] == 0
    (kept,) = [name for name in os.listdir(site) if name.startswith(".public.old-")]
    old = re.sub(r"-\d+-", "-999999999-", kept, count=1)  # as if a build that has ended left it
    os.rename(site / kept, site / old)
    change_every_page(site)
    code, printed, said = build(site, site / "public")
    assert code == 0 and printed.startswith("built "), said
    assert said.startswith(f"warning: {site / old} is left from an earlier build and could not be removed "
                           "(Operation not permitted) — remove it by hand\n"), said
