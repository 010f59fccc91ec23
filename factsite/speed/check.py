"""Stages 1 and 2 for a one-off build or check, made quicker without changing what they say.

The YAML files are read by the quick reader (speed/yamlquick.py), and on a large site the facts
are checked on their own (verify's check_fact) in forked processes, each taking a share; verify's
complete then puts them together as verify_site does. The site and the problems are the same as
the plain load_site → verify_site (tests/test_check.py compares them).
"""
from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from functools import partial
from operator import attrgetter
from pathlib import Path

from factsite.load.site import load_site
from factsite.model import Fact, Problem, Site
from factsite.speed.lasting import keep, remembered
from factsite.speed.memo import SessionMemo
from factsite.speed.templates import remembered_template_problems
from factsite.speed.workers import map_in_order, worker_count
from factsite.speed.yamlquick import read_list_quickly
from factsite.verify.fact import Checked, check_fact
from factsite.verify.site import complete, gather

FACTS_PER_PROCESS = 1500  # fewer facts than this are checked by one process: starting one costs more


def verify_site_forked(site: Site, workers: int | None = None,
                       memo: SessionMemo | None = None) -> tuple[Site, list[Problem]]:
    """verify_site, with the facts checked on their own in forked processes on a large site.

    workers: processes to check the facts in (default: by their number and the cores).
    memo: what earlier runs found for the same facts and seed texts (only the others are checked)."""
    def check(facts: list) -> list:
        count = workers or worker_count(len(facts), per_process=FACTS_PER_PROCESS)
        if count <= 1:
            return [check_fact(fact, site) for fact in facts]
        changes = map_in_order(partial(_check, site), facts, count)
        return [Checked(_changed(fact, change), problems) for fact, (change, problems) in zip(facts, changes)]
    if memo is None:
        return complete(site, [gather(check(list(site.facts)))])
    return complete(site, memo.check_facts(site, check), memo.shortcuts())


def load_and_verify(root: Path, workers: int | None = None,
                    remember: bool = False) -> tuple[Site | None, list[Problem]]:
    """Stages 1 and 2 made quicker: the checked site and every problem, sorted by place.

    remember: start from what the last run on this folder found, and keep what this one finds."""
    memo = remembered(root) if remember else None
    site, problems = load_site(root, memo.read_list if memo else read_list_quickly, remembered_template_problems)
    if site is not None:
        site, found = verify_site_forked(site, workers, memo)
        problems += found
        if memo is not None:
            keep(memo, root, site)
    problems.sort(key=attrgetter("where"))  # by file, line and column
    return site, problems


def _check(site: Site, fact: Fact) -> tuple[dict, tuple[Problem, ...]]:
    """In a child: check_fact, sent back as what it changed of the fact (_changes) and the problems."""
    checked = check_fact(fact, site)
    return _changes(fact, checked.fact), checked.problems


def _changes(old, new) -> dict | None:
    """new as the fields in which it is not the very object old (None when it is old): its value,
    or for a dataclass of old's type, what changed of it. The parent makes new again from its own
    old (_changed), so that the checked facts share what the read facts hold, in memory and in the
    memory kept for the next run (speed/lasting.py), instead of a copy of each sent back."""
    if new is old:
        return None
    pairs = ((field.name, getattr(old, field.name), getattr(new, field.name)) for field in fields(old))
    return {name: _changes(was, now) if is_dataclass(was) and type(was) is type(now) else (now,)
            for name, was, now in pairs if now is not was}


def _changed(old, changes: dict | None):
    """old with these changes (_changes) made."""
    if not changes:
        return old
    return replace(old, **{name: change[0] if isinstance(change, tuple) else _changed(getattr(old, name), change)
                           for name, change in changes.items()})
