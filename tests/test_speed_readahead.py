"""#18: on a cold run, a forked child reads the last facts files while the build reads the others
(speed/readahead.py). What is said and built is exactly what reading every file here gives,
problems included, and a child that fails leaves its files to be read here."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

import factsite.speed.check as check_module
import factsite.speed.memo as memo_module
import factsite.speed.sent as sent_module
from factsite.load.site import ListFile
from factsite.speed import readahead
from factsite.speed.readahead import child_share
from tests.helpers import REPO, copy_site, replace_once, snapshot
from tests.test_benchmark_site import entries, run

FACTS = ["content/facts/kerman.yaml", "content/facts/mazandaran.yaml", "content/facts/national.yaml",
         "content/facts/qazvin.yaml"]  # in the order they are read
LISTS = ["content/seeds.yaml", "content/scopes.yaml", "content/metrics.yaml", "content/programs.yaml"]


@pytest.fixture
def cold(tmp_path, monkeypatch):
    """Every run starts without memory (a fresh cache folder each time)."""
    runs = iter(range(1000))
    monkeypatch.delenv("FACTSITE_NO_CACHE", raising=False)

    def fresh_cache() -> None:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / f"cache-{next(runs)}"))
    return fresh_cache


@pytest.fixture
def parent_reads(monkeypatch) -> list[str]:
    """The list files this process reads itself (a child's reads are made in its own copy)."""
    read, original, parent = [], memo_module.read_list_quickly, os.getpid()

    def reading(root, rel, *args):
        if os.getpid() == parent:
            read.append(rel)
        return original(root, rel, *args)
    monkeypatch.setattr(memo_module, "read_list_quickly", reading)
    return read


def said(result: tuple[int, str, str]) -> tuple[int, str, str]:
    code, out, err = result
    return code, out.rsplit(" — in ", 1)[0], err


def checked(site, cold, monkeypatch, least: int) -> tuple[int, str, str]:
    """`check` from cold, reading ahead when there are at least `least` bytes of facts."""
    cold()
    with monkeypatch.context() as patch:
        patch.setattr(readahead, "READ_AHEAD_BYTES", least)
        return said(run(["check", "--root", str(site)]))


def test_the_facts_files_read_by_the_child_are_not_read_here_and_the_check_says_the_same(
        tmp_path, cold, parent_reads, monkeypatch):
    site = copy_site(tmp_path / "site")
    monkeypatch.setattr(readahead, "CHILD_SHARE", 0.9)  # all but the first file
    ahead = checked(site, cold, monkeypatch, 0)
    assert ahead[0] == 0 and ahead[1] == "ok: 39 facts — 37 proved against their sources, 2 derived"
    assert [rel for rel in parent_reads if rel.startswith("content/facts/")] == FACTS[:1]
    parent_reads.clear()
    assert checked(site, cold, monkeypatch, 10**9) == ahead
    assert [rel for rel in parent_reads if rel in FACTS] == FACTS


def test_problems_in_the_files_the_child_read_are_said_as_when_read_here(tmp_path, cold, monkeypatch):
    site = copy_site(tmp_path / "site")
    replace_once(site / "content/facts/mazandaran.yaml", "value: 1673000", "value: 1673001")
    replace_once(site / "content/facts/qazvin.yaml", "facts:", "facts:\n  - [unclosed")
    monkeypatch.setattr(readahead, "CHILD_SHARE", 0.9)
    ahead = checked(site, cold, monkeypatch, 0)
    assert ahead[0] == 1
    assert "content/facts/mazandaran.yaml:71:" in ahead[2] and "mazandaran-insured-population: the value" in ahead[2]
    assert "content/facts/qazvin.yaml:" in ahead[2]
    assert checked(site, cold, monkeypatch, 10**9) == ahead


def test_a_child_that_fails_leaves_its_files_to_be_read_here(tmp_path, cold, parent_reads, monkeypatch):
    site = copy_site(tmp_path / "site")
    parent, original = os.getpid(), memo_module.read_list_quickly

    def failing_in_a_child(root, rel, *args):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return original(root, rel, *args)
    monkeypatch.setattr(memo_module, "read_list_quickly", failing_in_a_child)
    monkeypatch.setattr(readahead, "CHILD_SHARE", 0.9)
    ahead = checked(site, cold, monkeypatch, 0)
    assert ahead[0] == 0 and ahead[1] == "ok: 39 facts — 37 proved against their sources, 2 derived"
    monkeypatch.setattr(memo_module, "read_list_quickly", original)
    assert checked(site, cold, monkeypatch, 10**9) == ahead


def test_a_build_reading_ahead_writes_the_same_site(tmp_path, cold, monkeypatch):
    site = copy_site(tmp_path / "site")
    trees = []
    for least, out in ((0, tmp_path / "ahead"), (10**9, tmp_path / "here")):
        cold()
        with monkeypatch.context() as patch:
            patch.setattr(readahead, "READ_AHEAD_BYTES", least)
            patch.setattr(readahead, "CHILD_SHARE", 0.9)
            assert run(["--root", str(site), "--force", "--out", str(out)])[0] == 0
        trees.append(snapshot(out))
    assert trees[0] == trees[1] and len(trees[0]) > 500


def test_the_child_takes_the_last_files_holding_about_its_share_of_the_bytes_never_the_first(tmp_path, monkeypatch):
    for name, size in (("a", 100), ("b", 300), ("c", 250), ("d", 150)):
        (tmp_path / name).write_bytes(b"x" * size)
    assert child_share(tmp_path, ["a", "b", "c", "d"], least=0) == ["d"]  # 150 + 250 > 40% of 800
    assert child_share(tmp_path, ["b", "c", "d"], least=0) == ["d"]
    assert child_share(tmp_path, ["d", "a"], least=0) == ["a"]
    assert child_share(tmp_path, ["a", "b", "c", "d"], least=801) == []  # too little to share
    assert child_share(tmp_path, ["a"], least=0) == []
    monkeypatch.setattr(readahead, "CHILD_SHARE", 1.0)
    assert child_share(tmp_path, ["a", "b", "c", "d"], least=0) == ["b", "c", "d"]


def test_files_remembered_are_not_read_ahead(tmp_path, monkeypatch):
    """Only the facts files the memory does not hold are shared, never the first of them."""
    site = copy_site(tmp_path / "site")
    started, original = [], readahead.ReadAhead.__init__

    def recording(self, root, share, build, read, prove=False):
        started.append(share)
        original(self, root, share, build, read, prove)
    monkeypatch.setattr(readahead.ReadAhead, "__init__", recording)
    ahead = readahead.read_ahead(site, object, memo_module.read_list_quickly,
                                 lambda rel: rel in (FACTS[1], FACTS[3]), least=0)
    assert started == [[FACTS[2]]] and ahead.has(FACTS[2]) and not ahead.has(FACTS[0])
    ahead.close()
    assert readahead.read_ahead(site, object, memo_module.read_list_quickly, lambda rel: rel != FACTS[1],
                                least=0) is None  # one file to read: nothing to share
    assert readahead.read_ahead(site, object, memo_module.read_list_quickly, lambda rel: True, least=0) is None


def test_the_child_starts_before_the_first_list_file_is_read(tmp_path, cold, parent_reads, monkeypatch):
    """It reads its facts files while this process reads the seeds, places, programs and measures."""
    site = copy_site(tmp_path / "site")
    read_before, original = [], readahead.ReadAhead.__init__

    def recording(self, *args, **kwargs):
        read_before.append(list(parent_reads))
        original(self, *args, **kwargs)
    monkeypatch.setattr(readahead.ReadAhead, "__init__", recording)
    monkeypatch.setattr(readahead, "CHILD_SHARE", 0.9)
    assert checked(site, cold, monkeypatch, 0)[0] == 0
    assert read_before == [[]] and parent_reads[:4] == LISTS
    assert [rel for rel in parent_reads if rel.startswith("content/facts/")] == FACTS[:1]


@pytest.fixture
def checked_here(monkeypatch) -> list[str]:
    """The ids of the facts this process checks itself (a child's checks are made in its own copy)."""
    ids, parent = [], os.getpid()

    def recording(check_fact):
        def checking(fact, site):
            if os.getpid() == parent:
                ids.append(fact.id)
            return check_fact(fact, site)
        return checking
    monkeypatch.setattr(check_module, "check_fact", recording(check_module.check_fact))
    monkeypatch.setattr(sent_module, "check_fact", recording(sent_module.check_fact))
    return ids


def test_the_child_checks_the_facts_it_read_and_this_process_the_others(tmp_path, cold, checked_here, monkeypatch):
    site = copy_site(tmp_path / "site")
    monkeypatch.setattr(readahead, "CHILD_SHARE", 0.9)  # all but the first file
    ahead = checked(site, cold, monkeypatch, 0)
    assert ahead[0] == 0 and ahead[1] == "ok: 39 facts — 37 proved against their sources, 2 derived"
    first = [entry["id"] for entry in entries(site, FACTS[0], "facts")]
    assert sorted(checked_here) == sorted(first) and len(first) < 15
    checked_here.clear()
    assert checked(site, cold, monkeypatch, 10**9) == ahead
    assert len(checked_here) == 39


def test_a_child_that_fails_to_check_leaves_its_facts_to_be_checked_here(tmp_path, cold, checked_here, monkeypatch):
    site = copy_site(tmp_path / "site")
    replace_once(site / "content/facts/mazandaran.yaml", "value: 1673000", "value: 1673001")
    parent, original = os.getpid(), sent_module.check_fact

    def failing_in_a_child(fact, site):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return original(fact, site)
    monkeypatch.setattr(sent_module, "check_fact", failing_in_a_child)
    monkeypatch.setattr(readahead, "CHILD_SHARE", 0.9)
    ahead = checked(site, cold, monkeypatch, 0)
    assert len(checked_here) == 39  # the child read three files, and this process checked their facts
    assert ahead[0] == 1 and "content/facts/mazandaran.yaml:71:" in ahead[2]
    assert checked(site, cold, monkeypatch, 10**9) == ahead


def _check_ending_early(tmp_path, patch: str) -> list[str] | None:
    """`check`, in a new process, of a site whose site.yaml is wrong: it ends (end_process) once
    everything is read, with the child reading ahead all but the first facts file, each fact it
    checks logged (slowly: 0.05 s each), and patch run first. The facts the child checked (None:
    none); what it said on stderr is checked to be only site.yaml's problems (it returns only once
    the child has ended too: the child holds the same stderr)."""
    site = copy_site(tmp_path / "site")
    replace_once(site / "site.yaml", "base_url:", "base_url: 7\nwrong_key:")
    log = tmp_path / "checked.txt"
    script = ("import time; from factsite.speed import readahead, sent; readahead.READ_AHEAD_BYTES = 0; "
              f"readahead.CHILD_SHARE = 0.9; check = sent.check_fact\n{patch}\n"
              "def logged(fact, site):\n"
              f"    time.sleep(0.05); open({str(log)!r}, 'a').write(fact.id + '\\n'); return check(fact, site)\n"
              "sent.check_fact = logged\n"
              f"from factsite.cli import main; main(['check', '--root', {str(site)!r}], end_process=True)")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    *problems, count = done.stderr.splitlines()
    assert count == f"{len(problems)} problem(s) found." and problems
    assert all(line.startswith("site.yaml:") for line in problems)  # the child said nothing
    return log.read_text("utf-8").split() if log.exists() else None


def test_a_child_whose_parent_ended_stops_checking_after_the_file_it_is_on(tmp_path):
    """The child reading ahead is still checking (slowly here) when its parent ends: it sees its
    parent gone after the file it is on, and ends without a word."""
    logged = _check_ending_early(tmp_path, "")
    assert logged == [entry["id"] for entry in entries(tmp_path / "site", FACTS[1], "facts")]


def test_a_child_whose_parent_ended_before_telling_it_the_lists_ends_without_checking(tmp_path):
    """The child waits for the lists its facts refer to; when the process that made it ends without
    telling them, the child ends too, having checked nothing and said nothing."""
    logged = _check_ending_early(tmp_path, "readahead.ReadAhead.tell_lists = lambda self, lists: None")
    assert logged is None


def test_a_child_stops_checking_once_its_parent_is_gone_or_without_every_list(monkeypatch):
    monkeypatch.setattr(readahead, "_prover", lambda root, lists: (lambda fact: ({}, ())) if lists else None)
    facts, told = {"content/facts/a.yaml": ListFile(("fact",), (), {}, ())}, lambda: {"seeds": ()}
    assert readahead._check_files(facts, REPO, os.getppid(), told) == {"content/facts/a.yaml": [({}, ())]}
    assert readahead._check_files(facts, REPO, -1, told) is None
    assert readahead._check_files(facts, REPO, os.getppid(), lambda: None) is None


def test_the_child_checks_only_with_every_list_the_facts_refer_to(tmp_path):
    lists = {"seeds": (), "scopes": (), "programs": ()}
    assert readahead._prover(tmp_path, lists) is None
    assert readahead._prover(tmp_path, {**lists, "metrics": ()}) is not None


def test_the_childs_results_are_waited_for_only_when_one_of_its_facts_is_still_to_check():
    class Ahead:
        def __init__(self, theirs):
            self.theirs, self.waited = theirs, []

        def proving(self):
            return frozenset(map(id, self.theirs))

        def proved(self, wait=True):
            self.waited.append(wait)
            return {id(fact): ("child", fact) for fact in self.theirs} if wait else {}
    ours, theirs = ["a", "b"], ["c"]
    ahead = Ahead(theirs)
    here = lambda facts: [("here", fact) for fact in facts]  # noqa: E731
    assert readahead.checked_here_and_ahead(ours + theirs, here, ahead) == [
        ("a", ("here", "a")), ("b", ("here", "b")), ("c", ("child", "c"))]
    assert ahead.waited == [True]
    ahead = Ahead(theirs)  # the child's fact was found in the memory: it is not asked for
    assert readahead.checked_here_and_ahead(ours, here, ahead) == [("a", ("here", "a")), ("b", ("here", "b"))]
    assert ahead.waited == [False]
