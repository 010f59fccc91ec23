"""Issue #14: the output never destroys what the build did not make, a swap never leaves the site
missing, and the build says "left unchanged" only when that is true."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factsite.write import site as write
from factsite.cli import main
from factsite.write.output import MARKER, recover
from tests.helpers import REPO, dead_pid, leftovers, replace_once, snapshot

REFUSAL_END = " — nothing was written; pass --out with a new or empty folder, or one a build wrote\n"


def everything(folder: Path) -> dict[str, str]:
    """Every file under folder (hidden ones and .git included), by path, with its hash."""
    return snapshot(folder)


PROTECTED = [".", "..", "content", "content/facts", "seeds", "templates", "static", "static/fonts", "locale",
             "schemas", ".git", ".git/objects", "site.yaml"]


@pytest.mark.parametrize("out", PROTECTED)
@pytest.mark.few_public
def test_out_is_refused_over_what_the_build_reads(out, site, capsys):
    (site / ".git" / "objects").mkdir(parents=True)
    (site / ".git" / "config").write_text("[core]\n", "utf-8")
    (site / "schemas").mkdir(exist_ok=True)
    (site / "schemas" / "site.schema.json").write_text("{}", "utf-8")
    before = everything(site.parent)
    assert main(["build", "--root", str(site), "--out", str(site / out), "--force"]) == 1
    err = capsys.readouterr().err
    target = (site / out).resolve()
    if out in (".", ".."):
        reason = "is the site folder or holds it"
    elif out == "site.yaml":
        reason = "is a file, not a folder"
    else:
        reason = f"is inside {out.split('/')[0]}/, which the build reads or keeps"
    assert err == f"--out {target} {reason}{REFUSAL_END}"
    assert everything(site.parent) == before


@pytest.mark.few_public
def test_out_is_refused_at_the_root_and_the_home_folder(site, tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    (home / "notes").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    assert main(["build", "--root", str(site), "--out", str(home)]) == 1
    assert capsys.readouterr().err == f"--out {home} is the home folder{REFUSAL_END}"
    assert main(["build", "--root", str(site), "--out", "/"]) == 1
    assert capsys.readouterr().err == f"--out / is the root of the file system{REFUSAL_END}"
    assert (home / "notes").is_dir()


@pytest.mark.few_public
def test_a_folder_the_build_did_not_make_is_never_replaced(site, tmp_path, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("years of work", "utf-8")
    assert main(["build", "--root", str(site), "--out", str(mine)]) == 1
    assert capsys.readouterr().err == (f"--out {mine} holds files that no build wrote (it has no {MARKER} file), "
                                       f"and a build replaces the whole folder{REFUSAL_END}")
    assert [p.name for p in mine.iterdir()] == ["thesis.tex"]
    assert main(["serve", "--root", str(site), "--out", str(mine)]) == 1  # the preview writes there too
    assert "holds files that no build wrote" in capsys.readouterr().err


def test_a_plain_file_where_public_goes_is_refused(bare_site, capsys):
    (bare_site / "public").write_text("not a folder", "utf-8")
    assert main(["build", "--root", str(bare_site)]) == 1
    assert capsys.readouterr().err == f"--out {bare_site / 'public'} is a file, not a folder{REFUSAL_END}"
    assert (bare_site / "public").read_text("utf-8") == "not a folder"


@pytest.mark.parametrize("setup", ["missing", "empty", "marked", "legacy"])
@pytest.mark.few_public  # the site's own public/ is not written
def test_a_new_empty_or_marked_folder_is_written(setup, site, pristine, tmp_path, capsys):
    out = tmp_path / "out"
    if setup != "missing":
        out.mkdir()
    if setup == "marked":
        shutil.copytree(pristine / "public", out, dirs_exist_ok=True)
        (out / "stale.html").write_text("old", "utf-8")
    if setup == "legacy":  # built before the marker existed: it has the inputs manifest only
        (out / ".build-inputs").write_text("0" * 64 + "\n", "ascii")
        (out / "stale.html").write_text("old", "utf-8")
    assert main(["build", "--root", str(site), "--out", str(out), "--force"]) == 0, capsys.readouterr().err
    assert (out / MARKER).read_bytes() == (pristine / "public" / MARKER).read_bytes()
    assert not (out / "stale.html").exists()
    assert snapshot(out).keys() == snapshot(pristine / "public").keys()


@pytest.mark.few_public
def test_every_output_folder_is_marked(site):
    assert (site / "public" / MARKER).read_text("utf-8") == ("This folder was written by build.py; the next build "
                                                             "replaces all of it.\n")


@pytest.mark.few_public
def test_a_killed_builds_moved_aside_site_is_put_back(site, pristine_public, capsys):
    """Killed between the two renames of a swap: the site sits in .public.old-PID-…, public/ is missing."""
    pid = dead_pid()
    (site / "public").rename(site / f".public.old-{pid}-1a2b")
    staging = site / f".public.new-{pid}-xyz"
    staging.mkdir()
    (staging / MARKER).write_text("x", "utf-8")
    replace_once(site / "content/facts/kerman.yaml", "value: 1800000", "value: 1800001")  # this build fails
    assert main(["build", "--root", str(site)]) == 1
    err = capsys.readouterr().err
    assert err.endswith(f"1 problem(s) found. {site / 'public'} was left unchanged.\n")
    assert snapshot(site / "public") == pristine_public
    assert leftovers(site) == []


def test_leftovers_of_others_are_kept(site, capsys):
    """Only marked leftovers of processes no longer running are removed."""
    running = site / f".public.new-{os.getpid()}-abc"  # this very process: still running
    unmarked = site / f".public.old-{dead_pid()}-def"   # not written by a build
    for folder in (running, unmarked):
        folder.mkdir()
    (running / MARKER).write_text("x", "utf-8")
    (unmarked / "keep.txt").write_text("mine", "utf-8")
    assert main(["build", "--root", str(site), "--force"]) == 0, capsys.readouterr().err
    assert sorted(leftovers(site)) == sorted([running.name, unmarked.name])
    assert (unmarked / "keep.txt").read_text("utf-8") == "mine"


@pytest.mark.few_public
def test_recover_reports_what_it_cannot_remove(site, monkeypatch):
    stale = site / f".public.new-{dead_pid()}-zzz"
    stale.mkdir()
    (stale / MARKER).write_text("x", "utf-8")

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(shutil, "rmtree", refuse)
    assert recover(site / "public") == [f"{stale} is left from an earlier build and could not be removed "
                                        "(Permission denied) — remove it by hand"]


def test_a_failure_before_the_swap_leaves_public_unchanged(site, pristine_public, monkeypatch, capsys):
    def fail(folder, kept=None):
        raise write.WriteError("Pagefind failed: out of memory")
    monkeypatch.setattr(write, "index_for_search", fail)
    assert main(["build", "--root", str(site), "--force"]) == 1
    assert capsys.readouterr().err == f"Pagefind failed: out of memory — {site / 'public'} was left unchanged.\n"
    assert snapshot(site / "public") == pristine_public
    assert leftovers(site) == []


def test_a_failure_after_the_swap_is_not_called_unchanged(site, pristine_public, monkeypatch, capsys):
    """A read-only old public/ cannot be removed once the new one is in place: say exactly that."""
    replace_once(site / "content/pages/about.en.md", "This site publishes", "This website publishes")
    real = shutil.rmtree

    def refuse_old(path, *args, **kwargs):
        if ".public.old-" in str(path):
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)
    monkeypatch.setattr(shutil, "rmtree", refuse_old)
    assert main(["build", "--root", str(site), "--base-url", "https://example.org/"]) == 0
    out, err = capsys.readouterr()
    assert "was left unchanged" not in out + err
    old = [site / name for name in leftovers(site)]
    assert len(old) == 1 and err == (f"the previous site, moved to {old[0]}, could not be removed (Permission "
                                     "denied) — remove it by hand\n")
    assert "This website publishes" in (site / "public/en/about/index.html").read_text("utf-8")
    assert snapshot(old[0]) == pristine_public  # the old site, whole


def test_the_swap_without_an_atomic_exchange_still_works(site, monkeypatch, capsys):
    monkeypatch.setattr(write, "_exchange", lambda first, second: False)
    assert main(["build", "--root", str(site), "--force"]) == 0, capsys.readouterr().err
    assert (site / "public" / MARKER).is_file() and leftovers(site) == []


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_report_base_refuses_links_in_the_git_tree(bare_site, capsys):
    git = ["git", "-C", str(bare_site), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    (bare_site / "static" / "passwd").symlink_to("/etc/passwd")
    (bare_site / "static" / "config").symlink_to("../.git/config")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "links"], check=True)
    for name in ("passwd", "config"):
        (bare_site / "static" / name).unlink()
    assert main(["report", "--root", str(bare_site), "--base", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("cannot compare with HEAD: HEAD holds static/config, which cannot be read safely") or \
        out.startswith("cannot compare with HEAD: HEAD holds static/passwd, which cannot be read safely"), out
    (bare_site / "static" / "passwd").symlink_to("/etc/passwd")
    subprocess.run([*git, "rm", "-q", "--cached", "static/passwd"], check=True)
    subprocess.run([*git, "commit", "-qm", "one link left"], check=True)
    (bare_site / "static" / "passwd").unlink()
    assert main(["report", "--root", str(bare_site), "--base", "HEAD"]) == 0  # the content compared is sound
    out = capsys.readouterr().out
    assert ("  static/config: is a link to .git/config, outside the site's input folders — copy the file into "
            "the site instead of linking to it") in out.splitlines()


def test_the_real_process_refuses_out_over_the_site_without_a_traceback(bare_site):
    before = everything(bare_site)
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(bare_site), "--out",
                           str(bare_site / "content")], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr == f"--out {bare_site / 'content'} is inside content/, which the build reads or keeps{REFUSAL_END}"
    assert everything(bare_site) == before
