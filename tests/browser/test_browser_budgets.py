"""Check 5 — budgets. Each test names its limit: HTML page ≤ 40 KB, all CSS ≤ 20 KB, a Persian page's
fonts ≤ 120 KB, and every page complete and readable with JavaScript turned off."""
from __future__ import annotations

import pytest

from browser_support import KB

pytestmark = pytest.mark.browser

HTML_PAGE_LIMIT = 40 * KB
CSS_TOTAL_LIMIT = 20 * KB
FA_FONTS_LIMIT = 120 * KB
MIN_BODY_TEXT = 200


def test_budget_html_page_max_40kb(built_site, html_page):
    size = built_site.html_size(html_page)
    assert size <= HTML_PAGE_LIMIT, (f"budget HTML page ≤ 40 KB ({HTML_PAGE_LIMIT} bytes, uncompressed): "
                                     f"{html_page.rel} is {size} bytes ({size / KB:.1f} KB)")


def test_budget_css_total_max_20kb(built_site):
    sheets = {path.relative_to(built_site.out).as_posix(): path.stat().st_size for path in built_site.out.rglob("*.css")}
    total = sum(sheets.values())
    assert total <= CSS_TOTAL_LIMIT, (f"budget all CSS ≤ 20 KB ({CSS_TOTAL_LIMIT} bytes): {total} bytes "
                                      f"({total / KB:.1f} KB) in " + ", ".join(f"{k} {v} B" for k, v in sorted(sheets.items())))


def test_budget_fa_page_fonts_max_120kb(desktop, fa_page):
    """Sum of the transfer sizes (response headers + body) of the font requests a Persian page makes, in
    a tab whose HTTP cache is off, so each page pays for its fonts in full. No fonts: 0 bytes."""
    visit = desktop.visit(fa_page)
    sizes: dict[str, int] = {}
    for request in visit.fonts:
        measured = request.sizes()
        sizes[request.url] = sizes.get(request.url, 0) + measured["responseHeadersSize"] + measured["responseBodySize"]
    total = sum(sizes.values())
    assert total <= FA_FONTS_LIMIT, (f"budget fonts of a Persian page ≤ 120 KB ({FA_FONTS_LIMIT} bytes): "
                                     f"{visit.url} loads {total} bytes ({total / KB:.1f} KB):\n"
                                     + "\n".join(f"{size} B  {font}" for font, size in sorted(sizes.items())))


NO_JS_STATE = """() => {
  const main = document.querySelector('main');
  const h1 = document.querySelector('h1');
  const hidden = Array.from(document.querySelectorAll('main .figure, main .fact, main .card, main h2'))
    .filter(el => !el.checkVisibility({visibilityProperty: true, opacityProperty: true}))
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                + ': ' + el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60));
  return {
    mains: document.querySelectorAll('main').length,
    mainVisible: !!main && main.checkVisibility({visibilityProperty: true, opacityProperty: true}),
    mainText: main ? main.innerText.trim().length : 0,
    h1: h1 ? h1.innerText.trim() : null,
    bodyText: document.body.innerText.trim().length,
    hidden,
  };
}"""


def test_budget_readable_without_javascript(no_js, html_page):
    """With JavaScript off the page is complete: one visible <main> with text, a non-empty <h1>, more than
    200 characters of body text (not asked of a 404 page, which has no figures to show), and every headline
    figure, fact and section heading visible."""
    url = no_js.visit(html_page).url
    state = no_js.page.evaluate(NO_JS_STATE)
    problems = []
    if state["mains"] != 1:
        problems.append(f"{state['mains']} <main> elements (want 1)")
    if not state["mainVisible"] or not state["mainText"]:
        problems.append("<main> is hidden or has no visible text")
    if not state["h1"]:
        problems.append("no <h1> or an empty one")
    if state["bodyText"] <= MIN_BODY_TEXT and not html_page.rel.endswith("404.html"):
        problems.append(f"body text is {state['bodyText']} characters (want > {MIN_BODY_TEXT})")
    problems += [f"hidden without JavaScript: {item}" for item in state["hidden"]]
    assert not problems, f"budget readable without JavaScript: {url}:\n" + "\n".join(problems)
