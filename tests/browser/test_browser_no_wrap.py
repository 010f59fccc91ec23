"""No figure and no word breaks across two lines on a phone (issue #37): at 360 px, every number with
its unit (the build's <span class="nowrap">) and every word of a page's main text lies on one line,
and the page does not scroll sideways. One page of each kind, in both languages."""
from __future__ import annotations

import pytest

from browser_support import SitePage

pytestmark = pytest.mark.browser

KINDS = ("",                                       # home
         "facts/kerman-insured-population/",       # a figure stated by its source
         "facts/kerman-population-estimate/",      # a figure the site computes
         "compare/", "compare/insured_population/", "compare/population_estimate/",
         "national/", "provinces/", "provinces/kerman/", "provinces/alborz/", "provinces/tehran/",
         "programs/", "programs/coverage/",
         "sources/", "sources/002_73cc2be2b670b8e6/", "sources/000_9f764d31df1295ee/",
         "offline/", "changes/", "about/")          # offline/: the downloads
PAGES = [SitePage(f"{lang}/{path}index.html", f"/{lang}/{path}") for lang in ("fa", "en") for path in KINDS]

# Lines are told apart by the vertical middle of each rectangle: the rectangles of one line (a bidi
# run, a fallback font) overlap in height; those of the next line do not.
# A word: letters up to a space, or up to and with a hyphen, dash or slash, after which a line may break
# ("Iran–" "Tajikistan"). ZWNJ is inside a Persian word: «محاسبه‌شده» is one.
BROKEN = """() => {
  const WORD = /[^\\s\\-\u2010-\u2015\\/]+[\\-\u2010-\u2015\\/]?/g;
  const lines = range => {
    const rects = Array.from(range.getClientRects()).filter(r => r.width > 0.5 && r.height > 0.5);
    const middles = [];
    for (const r of rects) {
      const mid = (r.top + r.bottom) / 2;
      if (!middles.some(m => Math.abs(m - mid) < r.height / 2)) middles.push(mid);
    }
    return middles.length;
  };
  const main = document.querySelector('main');
  const broken = [];
  for (const el of main.querySelectorAll('.nowrap')) {
    const range = document.createRange();
    range.selectNodeContents(el);
    if (lines(range) > 1) broken.push('figure «' + el.textContent + '»');
  }
  const shown = el => !el.closest('svg, script, style') && el.checkVisibility();  // a closed <details> hides its text
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {acceptNode: node =>
    shown(node.parentElement) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT});
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.data.matchAll(WORD)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      if (lines(range) > 1) broken.push('word «' + word[0] + '» in <' + node.parentElement.tagName.toLowerCase()
                                        + (node.parentElement.className ? '.' + node.parentElement.className : '') + '>');
    }
  }
  const root = document.documentElement;
  return {broken: broken.slice(0, 20), count: broken.length, scrollWidth: root.scrollWidth, width: root.clientWidth};
}"""


@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_no_figure_or_word_breaks_at_360(mobile, page):
    url = mobile.visit(page).url
    state = mobile.page.evaluate(BROKEN)
    assert state["count"] == 0, f"{url}: {state['count']} broken across two lines at 360 px:\n" + "\n".join(
        state["broken"])
    assert state["scrollWidth"] <= state["width"], (
        f"{url} scrolls sideways at 360 px: {state['scrollWidth']} > {state['width']} px")


def test_the_check_sees_a_figure_broken_across_two_lines(mobile):
    """The check can fail: a figure squeezed into a 40 px box, its nowrap undone, breaks."""
    mobile.visit(PAGES[KINDS.index("provinces/kerman/")], fresh=True)
    mobile.page.add_style_tag(content="main .nowrap { white-space: normal; overflow-wrap: anywhere; } "
                                      "main td.num { display: block; inline-size: 40px; }")
    state = mobile.page.evaluate(BROKEN)
    mobile.visit(PAGES[KINDS.index("provinces/kerman/")], fresh=True)
    assert state["count"] > 0 and state["broken"][0].startswith("figure «")
