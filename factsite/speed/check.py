"""Stages 1 and 2 for a one-off build or check, made quicker without changing what they say.

The YAML files are read by the quick reader (speed/yamlquick.py), and on a large site the facts
are checked on their own (verify's check_fact) in forked processes, each taking a share; verify's
complete then puts them together as verify_site does. The site and the problems are the same as
the plain load_site → verify_site (tests/test_check.py compares them).
"""
from __future__ import annotations

from functools import partial
from operator import attrgetter
from pathlib import Path

from factsite.load.site import load_site
from factsite.model import Problem, Site
from factsite.speed.lasting import keep, remembered
from factsite.speed.memo import SessionMemo
from factsite.speed.sent import check_to_send, received
from factsite.speed.templates import remembered_template_problems
from factsite.speed.workers import map_in_order, worker_count
from factsite.speed.yamlquick import read_list_quickly
from factsite.verify.fact import check_fact
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
        return list(map(received, facts, map_in_order(partial(check_to_send, site), facts, count)))
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
