"""Reading and checking the facts files in several processes gives the same site and problems as one."""
from __future__ import annotations

import pytest

from factsite.speed.check import load_and_verify
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
