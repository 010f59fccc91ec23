"""Check 6 — direction in the browser: RTL Persian and LTR English, and no sideways scrolling at 360 px
(the compact tables of figures included)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

DIRECTION = """() => {
  const main = document.querySelector('main');
  const link = document.querySelector('nav a') || document.querySelector('main a');  // a frame's page has no nav
  const width = document.documentElement.clientWidth;
  const box = link ? link.getBoundingClientRect() : null;
  return {
    direction: main ? getComputedStyle(main).direction : null,
    link: link ? link.textContent.trim() : null,
    left: box ? box.left : null, right: box ? box.right : null, width,
  };
}"""


def test_direction(desktop, lang_page):
    """fa: <main> is rtl and the first nav link sits at the right (its right edge is nearer the viewport's
    right edge than its left edge is to the left one); en: ltr and the mirror image. At 1280 px."""
    url = desktop.visit(lang_page).url
    state = desktop.page.evaluate(DIRECTION)
    want = "rtl" if lang_page.lang == "fa" else "ltr"
    assert state["direction"] == want, f"{url}: computed direction of <main> is {state['direction']}, want {want}"
    assert state["link"] is not None, f"{url}: no nav link"
    to_left, to_right = state["left"], state["width"] - state["right"]
    where = (f"{url}: first nav link '{state['link']}' spans x={state['left']:.0f}–{state['right']:.0f} "
             f"of {state['width']} px (gap {to_left:.0f} px on the left, {to_right:.0f} px on the right)")
    if want == "rtl":
        assert to_right < to_left, f"{where}: should sit at the right side"
    else:
        assert to_left < to_right, f"{where}: should sit at the left side"


OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const result = {scrollWidth: root.scrollWidth, clientWidth: width, offenders: []};
  if (root.scrollWidth <= width) return result;
  const describe = el => {
    const parts = [];
    for (let node = el; node && node !== document.body && parts.length < 4; node = node.parentElement) {
      let part = node.tagName.toLowerCase();
      if (node.id) part += '#' + node.id;
      else if (node.classList.length) part += '.' + Array.from(node.classList).join('.');
      parts.unshift(part);
    }
    return parts.join(' > ');
  };
  const out = Array.from(document.body.querySelectorAll('*')).filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 1 && (box.right > width + 0.5 || box.left < -0.5);
  });
  result.offenders = out.filter(el => !out.some(other => other !== el && el.contains(other))).slice(0, 20)
    .map(el => { const box = el.getBoundingClientRect();
                 return `${describe(el)} spans x=${Math.round(box.left)}–${Math.round(box.right)}: `
                        + JSON.stringify(el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 80)); });
  return result;
}"""


def test_no_horizontal_scroll_360(mobile, html_page):
    url = mobile.visit(html_page).url
    state = mobile.page.evaluate(OVERFLOW)
    assert state["scrollWidth"] <= state["clientWidth"], (
        f"{url} scrolls sideways at 360 px: scrollWidth {state['scrollWidth']} > clientWidth "
        f"{state['clientWidth']}; elements sticking out:\n" + "\n".join(state["offenders"]))

