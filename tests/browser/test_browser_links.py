"""Check 3 — links: every href/src resolves to a file of the build, every fragment to an id, every page is
reachable from /fa/ and from /en/, and every hreflang alternate exists in the language it claims.

These read the built files (html.parser); they need no browser.
Links to other sites (<a href="https://…">) are navigation, not requests, and are not followed here;
resources from other sites (link, script, img, source) fail, as does anything else that is not a file
of the build.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_support import (
    EXTERNAL_SCHEMES_FOR_NAVIGATION, LANGUAGES, NAVIGATION_TAGS, page_for_file, parse_page, resolve,
)

pytestmark = pytest.mark.browser


def _where(page, ref) -> str:
    return f"{page.rel}:{ref.line}: <{ref.tag} {ref.attr}=\"{ref.value}\">"


def test_links_resolve(built_site, html_page):
    problems = []
    for ref in parse_page(built_site.file(html_page.rel)).refs:
        target = resolve(built_site.out, html_page, ref.value)
        if target.external:
            scheme = urlsplit(ref.value).scheme.lower() or "https"       # "//host/…" takes the page's
            if ref.tag not in NAVIGATION_TAGS or scheme not in EXTERNAL_SCHEMES_FOR_NAVIGATION:
                problems.append(f"{_where(html_page, ref)} points outside the build")
        elif target.problem:
            problems.append(f"{_where(html_page, ref)}: {target.problem}")
    assert not problems, f"{len(problems)} broken link(s) on {html_page.url_path}:\n" + "\n".join(problems)


def test_fragment_links_exist(built_site, html_page):
    problems = []
    parsed = parse_page(built_site.file(html_page.rel))
    if parsed.duplicate_ids:
        problems.append(f"{html_page.rel}: duplicate id(s) {sorted(set(parsed.duplicate_ids))}")
    for ref in parsed.refs:
        target = resolve(built_site.out, html_page, ref.value)
        if target.external or target.problem or not target.fragment:
            continue            # broken targets are test_links_resolve's; "#" alone means the top
        if not target.file.endswith(".html"):
            problems.append(f"{_where(html_page, ref)}: a fragment into {target.file}, which is not a page")
        elif target.fragment not in parse_page(built_site.file(target.file)).ids:
            problems.append(f"{_where(html_page, ref)}: no id=\"{target.fragment}\" in {target.file}")
    assert not problems, f"{len(problems)} dangling fragment link(s) on {html_page.url_path}:\n" + "\n".join(problems)


def _crawl(built_site, start) -> set[str]:
    """The pages reached from `start` by following <a href> links, as a visitor would."""
    seen, queue = {start.rel}, [start]
    while queue:
        page = queue.pop()
        for ref in parse_page(built_site.file(page.rel)).refs:
            if ref.tag not in NAVIGATION_TAGS:
                continue
            target = resolve(built_site.out, page, ref.value)
            if target.file.endswith(".html") and target.file not in seen:
                seen.add(target.file)
                found = page_for_file(built_site.pages, target.file)
                if found is not None:
                    queue.append(found)
    return seen


@pytest.mark.parametrize("start", LANGUAGES)
def test_every_page_reachable(built_site, start):
    """No orphans: from /fa/ (and from /en/) every built page can be reached. The root chooser page (/)
    is the site's entry, where a visitor arrives, so it need not be linked to; 404 pages are left out,
    and so are the pages for other sites' frames (/embed/), which other sites reach by the address a
    figure's page gives them to copy."""
    begin = next((p for p in built_site.pages if p.url_path == f"/{start}/"), None)
    assert begin is not None, f"the build has no /{start}/ page"
    expected = {p.rel for p in built_site.pages if p.url_path != "/" and not p.rel.endswith("404.html")
                and "/embed/" not in p.rel}
    orphans = sorted(expected - _crawl(built_site, begin))
    assert not orphans, f"{len(orphans)} page(s) not reachable by following links from /{start}/:\n" + "\n".join(orphans)


def test_hreflang_alternates(built_site, html_page):
    problems = []
    parsed = parse_page(built_site.file(html_page.rel))
    alternates = parsed.alternates
    declared = {ref.hreflang for ref in alternates}
    # Alternates need full addresses: a page has them exactly when it has a canonical link, which a
    # build with a bare-path base_url (as this tier's) leaves out; test_browser_lighthouse builds with one.
    canonical = any(ref.tag == "link" and "canonical" in ref.rel.split() for ref in parsed.refs)
    if not canonical:
        assert not alternates, f"{html_page.rel}: hreflang alternates without a canonical link"
        return
    for lang in LANGUAGES if not html_page.rel.endswith("404.html") else ():   # a 404 page has no twin
        if lang not in declared:
            problems.append(f"{html_page.rel}: no <link rel=alternate hreflang=\"{lang}\">")
    for ref in alternates:
        target = resolve(built_site.out, html_page, ref.value)
        if target.external or target.problem:
            problems.append(f"{_where(html_page, ref)} hreflang={ref.hreflang}: "
                            f"{target.problem or 'points outside the build'}")
            continue
        if not target.file.endswith(".html"):
            problems.append(f"{_where(html_page, ref)} hreflang={ref.hreflang}: {target.file} is not a page")
            continue
        if ref.hreflang != "x-default":
            lang = parse_page(built_site.file(target.file)).html_lang
            if lang.split("-")[0].lower() != ref.hreflang.split("-")[0].lower():
                problems.append(f"{_where(html_page, ref)}: hreflang={ref.hreflang} but {target.file} "
                                f"has <html lang=\"{lang}\">")
    assert not problems, f"{len(problems)} hreflang problem(s) on {html_page.url_path}:\n" + "\n".join(problems)
