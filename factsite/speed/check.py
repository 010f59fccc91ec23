"""Stages 1 and 2 together for a one-off build: read and check everything once, on every core.

The facts files are most of the work (parsing them, then proving each fact against its source).
On a large site they are shared out between forked processes once the seeds, scopes, programs
and metrics are read; each process reads its files and checks their facts one by one, and
verify_site then takes those results instead of checking the facts again. The site and the
problems are the same as when one process does it all (tests/test_check.py compares them).
"""
from __future__ import annotations

import dataclasses
from functools import partial
from operator import attrgetter
from pathlib import Path

from factsite.load.site import facts_files, load_facts_file, load_site
from factsite.model import Problem, Site
from factsite.speed.workers import map_to_dict, worker_count
from factsite.verify.site import remember_fact, verify_fact, verify_site

BYTES_PER_PROCESS = 400_000  # facts files smaller than this together are read by one process


def load_and_verify(root: Path, workers: int | None = None) -> tuple[Site | None, list[Problem]]:
    """Read and check everything once; return the checked site and every problem, sorted.

    workers: processes to share the facts files between (default: by their size and the cores)."""
    files = facts_files(root)
    count = min(len(files), workers or worker_count(sum(_size(root / rel) for rel in files),
                                                    per_process=BYTES_PER_PROCESS))
    site, problems = load_site(root, facts=count <= 1)
    memo = None
    if site is not None and count > 1:
        results = map_to_dict(files, partial(_read_and_check, root, site), count)
        memo, facts = {}, []
        for rel in files:
            found, checked = results[rel]
            problems += found
            for fact, verified, said in checked:
                remember_fact(memo, fact, site, verified, said)
                facts.append(fact)
        site = dataclasses.replace(site, facts=tuple(facts))
    if site is not None:
        site, found = verify_site(site, memo)
        problems += found
    problems.sort(key=attrgetter("where"))  # by file, line and column
    return site, problems


def _read_and_check(root: Path, site: Site, rel: str) -> tuple[str, tuple[list[Problem], list[tuple]]]:
    """In a process of its own: one facts file's problems, and each fact with its checked form and problems."""
    problems: list[Problem] = []
    checked = []
    for fact in load_facts_file(root, rel, problems):
        found: list[Problem] = []
        checked.append((fact, verify_fact(fact, site, found), found))
    return rel, (problems, checked)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
