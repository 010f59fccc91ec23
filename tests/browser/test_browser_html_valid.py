"""Check 2 — valid HTML: the Nu HTML Checker (vnu.jar), run once over every page, reports no error."""
from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.browser


def _rel(built_site, url: str) -> str:
    path = unquote(urlsplit(url).path)
    out = str(built_site.out)
    return path[len(out) + 1:] if path.startswith(out + "/") else path


def test_vnu_ran_on_every_file(built_site, vnu_messages):
    """Errors that belong to no page (a file vnu could not read, a crash) fail here."""
    stray = [m for m in vnu_messages if m.get("type") != "error" or not m.get("url")]
    assert not stray, "vnu could not check every file:\n" + "\n".join(
        f"{_rel(built_site, m.get('url', '?'))}: {m.get('type')}: {m.get('message')}" for m in stray)


def test_vnu_no_errors(built_site, vnu_messages, html_page):
    errors = [m for m in vnu_messages if m.get("type") == "error" and _rel(built_site, m.get("url", "")) == html_page.rel]
    if errors:
        pytest.fail(f"{len(errors)} vnu error(s) in {html_page.rel} (served at {html_page.url_path}):\n" + "\n".join(
            f"{html_page.rel}:{m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))}: {m['message']}"
            + (f"  [{' '.join(m['extract'].split())[:160]}]" if m.get("extract") else "")
            for m in errors), pytrace=False)
