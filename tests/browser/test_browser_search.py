"""Search, as a reader uses it: type a word on the search page and land on the right page — a figure
is found on its own page."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

RESULTS = "#search-results a"


@pytest.fixture(scope="module")
def search_tab(browser, server):
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.base_url)
                  else route.abort("blockedbyclient"))
    yield context.new_page()
    context.close()


def search(page, server, lang: str, query: str) -> list[str]:
    """Submit the query on the search page and return the result links' paths."""
    page.goto(server.url(f"/{lang}/search/"))
    page.fill("#q", query)
    page.click("form[role=search] button")
    page.wait_for_function("""() => document.querySelector('#search-results').children.length > 0
        || (document.querySelector('#search-status').textContent.trim() !== ''
            && !document.querySelector('#search-status').textContent.includes('…'))""", timeout=15000)
    hrefs = page.eval_on_selector_all(RESULTS, "links => links.map(a => new URL(a.href).pathname)")
    return hrefs


@pytest.mark.parametrize("lang, query, expected", [
    ("fa", "ناباروری", "/fa/programs/infertility/"),
    ("fa", "بیماری‌های خاص", "/fa/programs/special-diseases/"),  # typed with ZWNJ
    ("fa", "بیماریهای خاص", "/fa/programs/special-diseases/"),   # typed without ZWNJ
    ("fa", "کرمان", "/fa/provinces/kerman/"),                     # a province name
    ("fa", "۵۵۷٬۲۷۶", "/fa/facts/qazvin-insured-population/"),    # Persian digits
    ("fa", "557276", "/fa/facts/qazvin-insured-population/"),     # the same figure in ASCII digits
    ("en", "infertility", "/en/programs/infertility/"),
    ("en", "Qazvin", "/en/provinces/qazvin/"),
    ("en", "anti-cancer", "/en/facts/national-anti-cancer-drugs-covered/"),
    ("fa", "كرمان", "/fa/provinces/kerman/"),                     # Arabic kaf, as an Arabic keyboard types it
    ("fa", "ناباروري", "/fa/programs/infertility/"),              # Arabic yeh
    ("fa", "بيمهٔ رايگان", "/fa/programs/free-insurance/"),        # both yeh, and a mark
    ("en", "كرمان", "/en/facts/kerman-population-share/"),        # a Persian quote on an English page
])
def test_a_search_finds_the_right_page(search_tab, server, lang, query, expected):
    found = search(search_tab, server, lang, query)
    assert expected in found, f"searching {query!r} on /{lang}/search/ gave {found}"
    assert all(path.startswith(f"/{lang}/") for path in found), f"results in another language: {found}"


def test_a_search_with_no_match_says_so(search_tab, server):
    assert search(search_tab, server, "en", "zzzyxw") == []
    status = search_tab.inner_text("#search-status")
    assert status == "Nothing found. Try another word, or browse the provinces and programs."


def test_the_search_page_says_it_needs_javascript_when_it_is_off(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url("/fa/search/"))
    assert page.inner_text("#search-status").startswith("جست‌وجو به جاوااسکریپت نیاز دارد")
    context.close()
