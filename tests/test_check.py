"""Reading and checking the facts files in several processes gives the same site and problems as one."""
from __future__ import annotations

import pickle
from dataclasses import dataclass, replace

import pytest

from factsite.load.site import load_site
from factsite.model import Citation, Where
from factsite.speed.check import load_and_verify, verify_site_forked
from factsite.speed.sent import changed, changes
from factsite.speed.templates import remembered_template_problems
from factsite.speed.yamlquick import read_list_quickly
from tests.helpers import REPO, copy_site, replace_once


pytestmark = pytest.mark.slow


def test_two_processes_give_the_same_checked_site_as_one():
    one, one_problems = load_and_verify(REPO, workers=1)
    two, two_problems = load_and_verify(REPO, workers=2)
    assert one_problems == two_problems == []
    assert one == two
    assert [f.source.span for f in one.facts if f.source] == [f.source.span for f in two.facts if f.source]
    assert len(two.facts) == 39


def test_two_processes_report_the_same_problems_as_one(tmp_path):
    site = copy_site(tmp_path / "site")
    replace_once(site / "content/facts/kerman.yaml", "value: 1800000", "value: 1800001")
    replace_once(site / "content/facts/qazvin.yaml", "past-year\n    scope: qazvin", "past-year\n    scope: atlantis")
    one, one_problems = load_and_verify(site, workers=1)
    two, two_problems = load_and_verify(site, workers=2)
    assert one_problems == two_problems
    assert [str(p).split(": ", 1)[0] for p in two_problems][:2] == [
        "content/facts/kerman.yaml:9:5", "content/facts/qazvin.yaml:5:5"]
    assert one == two


def test_facts_checked_in_other_processes_share_what_the_read_facts_hold():
    """A child sends back only what checking changed of a fact (its citation's place in the seed), so
    that the checked facts and the memory kept for the next run do not hold a copy of every field."""
    site, problems = load_site(REPO, read_list_quickly, remembered_template_problems)
    checked, found = verify_site_forked(site, workers=2)
    assert problems == found == []
    pairs = [(read, done) for read, done in zip(site.facts, checked.facts) if read.source and not read.derived]
    assert len(pairs) == 37
    for read, done in pairs:
        assert done.source.span is not None and read.source.span is None
        assert done.label is read.label and done.speaker is read.speaker and done.where is read.where
        assert done.source.quote is read.source.quote and done.source.where is read.source.where


@dataclass(frozen=True)
class _Held:
    citation: Citation
    note: str


def test_what_a_child_changed_is_made_again_from_the_parents_objects():
    where = Where("a.yaml", 1, 1)
    old = _Held(Citation(seed="s.txt", quote="q", translation="t", where=where), "n")
    new = replace(old, citation=replace(old.citation, span=(3, 4)))
    sent = pickle.loads(pickle.dumps(changes(old, new)))  # as a child sends it
    assert sent == {"citation": {"span": ((3, 4),)}}
    again = changed(old, sent)
    assert again == new and again.note is old.note
    assert again.citation.where is where and again.citation.quote is old.citation.quote
    assert changes(old, old) is None and changed(old, None) is old
    assert changed(old, changes(old, replace(old, note="m"))) == replace(old, note="m")
