"""Check 6 — direction in the browser: RTL Persian and LTR English, no sideways scrolling at 360 px, and
each figure's citation link kept beside its figure."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

DIRECTION = """() => {
  const main = document.querySelector('main');
  const link = document.querySelector('nav a');
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


CITES = """() => {
// How many lines an inline element runs over: its client rects (one per line fragment, plus one each for
// ::before and ::after) grouped by vertical overlap.
const linesOf = el => {
  const rects = Array.from(el.getClientRects()).filter(r => r.width > 0 || r.height > 0)
    .sort((a, b) => a.top - b.top);
  let lines = 0, bottom = -Infinity;
  for (const r of rects) { if (r.top >= bottom - 1) { lines += 1; bottom = r.bottom; } else bottom = Math.max(bottom, r.bottom); }
  return lines;
};
return Array.from(document.querySelectorAll('.fact-line')).flatMap(line => {
  const figure = line.querySelector('.figure'), cite = line.querySelector('.cite');
  if (!figure || !cite) return [];
  const style = getComputedStyle(line);
  const lineHeight = parseFloat(style.lineHeight) || 1.2 * parseFloat(style.fontSize);
  const f = figure.getBoundingClientRect(), c = cite.getBoundingClientRect(), p = line.getBoundingClientRect();
  const padStart = parseFloat(style.paddingLeft), padEnd = parseFloat(style.paddingRight);
  const fact = line.closest('[id]');
  return [{
    fact: fact ? fact.id : '?', figure: figure.textContent.trim(), lineHeight,
    fTop: f.top, fBottom: f.bottom, cTop: c.top, cBottom: c.bottom, cLeft: c.left, cRight: c.right,
    pLeft: p.left + padStart, pRight: p.right - padEnd, lines: linesOf(cite),
  }];
});
}"""


def cite_problem(item: dict) -> str | None:
    """The rule. Let F be the figure's box, C the citation link's box, L the .fact-line's computed line
    height. The citation is fine when it is on one line (its line fragments, ::before and ::after included, overlap vertically), lies inside the line's content
    box horizontally, and either sits on the figure's line (C's vertical middle is within F's top..bottom)
    or wraps cleanly to the next line (F.bottom - 1 <= C.top <= F.bottom + L)."""
    middle = (item["cTop"] + item["cBottom"]) / 2
    same_line = item["fTop"] <= middle <= item["fBottom"]
    wrapped = item["fBottom"] - 1 <= item["cTop"] <= item["fBottom"] + item["lineHeight"]
    if item["lines"] != 1:
        return f"the citation link is broken across {item['lines']} lines"
    if item["cLeft"] < item["pLeft"] - 1 or item["cRight"] > item["pRight"] + 1:
        return (f"the citation link (x={item['cLeft']:.0f}–{item['cRight']:.0f}) sticks out of its line "
                f"(x={item['pLeft']:.0f}–{item['pRight']:.0f})")
    if not (same_line or wrapped):
        return (f"the citation link's top is {item['cTop'] - item['fBottom']:.0f} px from the figure's bottom "
                f"(figure y={item['fTop']:.0f}–{item['fBottom']:.0f}, link y={item['cTop']:.0f}–{item['cBottom']:.0f}, "
                f"line height {item['lineHeight']:.0f} px): neither on the figure's line nor on the next")
    return None


@pytest.mark.parametrize("width", [360, 1280])
def test_cite_beside_figure(tabs, province_page, width):
    tab = tabs[width]
    url = tab.visit(province_page).url
    items = tab.page.evaluate(CITES)
    assert items, f"{url}: no .fact-line with both a .figure and a .cite"
    problems = [f"#{item['fact']} ({item['figure']}): {problem}" for item in items
                if (problem := cite_problem(item))]
    assert not problems, f"{url} at {width} px: {len(problems)} citation link(s) adrift:\n" + "\n".join(problems)
