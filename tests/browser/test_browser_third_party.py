"""Check 4 — no third-party requests: loading any page asks nothing of a host other than the local server
(the tab blocks and records such requests), and no local request fails."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_no_third_party_requests(desktop, html_page):
    visit = desktop.visit(html_page)
    third_party = sorted(set(visit.blocked))
    assert not third_party, f"{len(third_party)} third-party request(s) while loading {visit.url}:\n" + "\n".join(
        f"{request}  (from {visit.url})" for request in third_party)
    assert not visit.failed, f"local request(s) that failed while loading {visit.url}:\n" + "\n".join(visit.failed)
