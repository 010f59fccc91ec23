"""What the stages are given to go faster changes nothing they give: processes to share the work
(speed/pool.py) and what earlier runs kept (speed/cache.py), on the small generated site."""
from __future__ import annotations

import os
import pickle
import re
from collections import OrderedDict
from pathlib import Path

import pytest

import factsite.load.site as load_module
from factsite.cli import checked
from factsite.load.site import load_site
from factsite.model import in_order
from factsite.speed import cache as cache_module
from factsite.speed.cache import Bounded, keep, kept_cache
from factsite.speed.pool import WorkerFailed, forked
from factsite.verify.site import verify_site

pytestmark = pytest.mark.few_public  # the tests here check and render; none builds its site


def stages(root: Path, mapper=in_order, cache=None):
    site, problems = load_site(root, cache)
    site, found = verify_site(site, mapper, cache)
    return site, sorted(problems + found, key=lambda p: p.where)


class Counted:
    """A Mapper that counts the items it is given."""

    def __init__(self) -> None:
        self.items = 0

    def __call__(self, work, items):
        self.items += len(items)
        return in_order(work, items)


def first_facts_file(site: Path) -> Path:
    return sorted((site / "content/facts").glob("*.yaml"))[0]


def test_processes_give_the_same_checked_site_and_problems_as_one(small_site):
    value = re.search(r"value: (\d+)", first_facts_file(small_site).read_text("utf-8")).group(1)
    path = first_facts_file(small_site)
    path.write_text(path.read_text("utf-8").replace(f"value: {value}", f"value: {int(value) + 1}", 1), "utf-8")
    alone, alone_problems = stages(small_site)
    shared, shared_problems = stages(small_site, forked(2))
    assert alone == shared and alone_problems == shared_problems
    assert len(shared_problems) == 1 and f"the value {int(value) + 1}" in shared_problems[0].message


def test_the_pool_keeps_the_order_and_raises_what_a_worker_raised():
    mapper = forked(2)
    assert mapper(lambda n: n * n, list(range(10))) == [n * n for n in range(10)]

    def fails(n):
        if n == 9:
            raise ValueError("nine")
        return n
    with pytest.raises(ValueError, match="nine"):
        mapper(fails, list(range(10)))
    with pytest.raises(WorkerFailed, match="a worker process failed with exit code 3"):
        mapper(lambda n: os._exit(3) if n == 9 else n, list(range(10)))


def test_a_kept_cache_gives_what_a_fresh_check_gives_and_proves_only_an_edited_fact(small_site):
    cache = Bounded()
    fresh = stages(small_site)
    counted = Counted()
    assert stages(small_site, counted, cache) == fresh and counted.items == len(fresh[0].facts)
    again = Counted()
    assert stages(small_site, again, cache) == fresh and again.items == 0
    path = first_facts_file(small_site)
    path.write_text(re.sub(r'(en: ")([^"]+)', r"\1\2 (edited)", path.read_text("utf-8"), count=1), "utf-8")
    edited = Counted()
    assert stages(small_site, edited, cache) == stages(small_site) and edited.items == 1


def test_facts_moved_down_a_line_are_said_at_their_new_lines(small_site):
    cache = Bounded()
    path = first_facts_file(small_site)
    text = path.read_text("utf-8")
    value = re.search(r"value: (\d+)", text).group(1)
    path.write_text(text.replace(f"value: {value}", f"value: {int(value) + 1}", 1), "utf-8")
    _, problems = stages(small_site, cache=cache)
    path.write_text(path.read_text("utf-8").replace("facts:\n", "facts:\n# a line more\n", 1), "utf-8")
    _, moved = stages(small_site, cache=cache)
    assert [p.where.line + 1 for p in problems] == [p.where.line for p in moved]
    assert moved == stages(small_site)[1]


def test_a_changed_seed_is_read_again_and_its_facts_proved_again(small_site, monkeypatch):
    cache = Bounded()
    stages(small_site, cache=cache)
    seed = sorted((small_site / "seeds").glob("*.txt"))[0]
    seed.write_text(seed.read_text("utf-8") + "\nA sentence more.\n", "utf-8")
    read, original = [], load_module.read_list_file

    def spy(root, rel, key, build):
        read.append(rel)
        return original(root, rel, key, build)
    monkeypatch.setattr(load_module, "read_list_file", spy)
    counted = Counted()
    site, problems = stages(small_site, counted, cache)
    assert read == ["content/seeds.yaml"]
    assert (site, problems) == stages(small_site)
    assert counted.items == sum(1 for fact in site.facts if fact.source and fact.source.seed == seed.name)


def test_the_cache_is_bounded_and_forgets_the_least_recently_used():
    cache = Bounded(2)
    cache.put(("a",), 1)
    cache.put(("b",), 2)
    assert cache.get(("a",)) == 1
    cache.put(("c",), 3)
    assert (cache.get(("a",)), cache.get(("b",)), cache.get(("c",))) == (1, None, 3)


def test_what_a_run_keeps_is_read_by_the_next_and_not_by_other_code(small_site, monkeypatch):
    cache = kept_cache(small_site)
    cache.put(("key",), "value")
    keep(cache, small_site)
    assert kept_cache(small_site).get(("key",)) == "value"
    monkeypatch.setattr(cache_module, "code_digest", lambda: "other code")
    assert kept_cache(small_site).get(("key",)) is None
    monkeypatch.setenv("FACTSITE_NO_CACHE", "1")
    assert cache_module.cache_folder() is None


def test_a_broken_cache_file_is_no_cache(small_site):
    cache = kept_cache(small_site)
    cache.put(("key",), "value")
    keep(cache, small_site)
    path = cache_module._file(small_site)
    assert pickle.loads(path.read_bytes())[1][("key",)] == "value"
    path.write_bytes(b"not a pickle")
    assert kept_cache(small_site).entries == OrderedDict()
    assert checked(small_site)[1] == []


def test_the_templates_check_is_kept_and_asked_again_when_a_template_changes(small_site, monkeypatch):
    cache, calls = Bounded(), []
    original = load_module.template_problems
    monkeypatch.setattr(load_module, "template_problems", lambda *args: calls.append(1) or original(*args))
    assert load_site(small_site, cache)[1] == [] and load_site(small_site, cache)[1] == []
    assert len(calls) == 1
    about = small_site / "templates/about.html"
    about.write_text(about.read_text("utf-8").replace("{% block main %}", "{% block main %}{{ no_such_name }}", 1),
                     "utf-8")
    problems = load_site(small_site, cache)[1]
    assert len(calls) == 2 and [str(p).split(" — ")[0] for p in problems] == [
        "templates/about.html:4:1: `no_such_name` is not defined"]


def test_compiled_templates_and_data_rows_kept_give_the_same_bytes(small_site, tmp_path):
    """...and the share cards kept as files (the third render draws none)."""
    import datetime

    from factsite.render.site import render_site
    site, problems = stages(small_site)
    cache, day = Bounded(files=tmp_path / "cards"), datetime.date(2026, 1, 1)
    fresh = render_site(site, day)
    assert render_site(site, day, cache=cache) == fresh
    assert any(key[0] == "template" for key in cache.entries) and any(key[0] == "rows" for key in cache.entries)
    assert render_site(site, day, cache=cache) == fresh


@pytest.mark.parametrize("fork", [True, False])
def test_what_a_build_keeps_meanwhile_is_kept_by_the_blocks_end(small_site, monkeypatch, fork):
    """The cache is pickled in a process of its own while the site is written, or here without fork."""
    if not fork:
        monkeypatch.delattr(os, "fork")
    cache = kept_cache(small_site)
    cache.put(("key", fork), "value")
    printed = []
    with cache_module.kept_meanwhile(cache, small_site):
        printed.append(os.getpid())  # the block runs once, in this process
    assert printed == [os.getpid()] and kept_cache(small_site).get(("key", fork)) == "value"
