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
// Geometry that does not depend on the fonts installed. An inline box's client rect is its font's content
// area (ascent + descent), which differs from font to font and can be taller than the line itself (with
// Noto Sans Arabic a figure's box is 36 px high in a 31 px line, so it overlaps the next line's boxes).
// Lines are therefore told apart by the vertical middles of boxes, in units of the line height.
const middle = r => (r.top + r.bottom) / 2;
// An element's client rects (one per line fragment, and per bidi run), grouped into lines: a rect whose
// middle is more than half a line below the current line's middle starts a new line.
const linesOf = (el, pitch) => {
  const rects = Array.from(el.getClientRects()).filter(r => r.width > 0 || r.height > 0)
    .sort((a, b) => middle(a) - middle(b));
  const lines = [];
  for (const r of rects) {
    const last = lines[lines.length - 1];
    if (last && middle(r) - last.middle <= pitch / 2) last.rects.push(r);
    else lines.push({middle: middle(r), rects: [r]});
  }
  return lines;
};
return Array.from(document.querySelectorAll('.fact-line')).flatMap(line => {
  const figure = line.querySelector('.figure'), cite = line.querySelector('.cite');
  if (!figure || !cite) return [];
  const style = getComputedStyle(line);
  const fontSize = parseFloat(style.fontSize);
  const lineHeight = parseFloat(style.lineHeight) || 1.2 * fontSize;
  const p = line.getBoundingClientRect(), c = cite.getBoundingClientRect();
  const pLeft = p.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
  const pRight = p.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
  const figureLines = linesOf(figure, lineHeight), citeLines = linesOf(cite, lineHeight);
  if (!figureLines.length) return [];
  const last = figureLines[figureLines.length - 1];         // the figure may wrap: its last line counts
  const fLeft = Math.min(...last.rects.map(r => r.left)), fRight = Math.max(...last.rects.map(r => r.right));
  const rtl = style.direction === 'rtl';
  // The width the link takes on a line, read from a hidden copy beside it (removed at once): right even when
  // the link has been made a block, whose own box spans the whole line.
  const copy = cite.cloneNode(true);
  copy.removeAttribute('id');
  copy.style.cssText = 'display: inline; position: absolute; visibility: hidden; white-space: nowrap';
  cite.after(copy);
  const need = copy.getBoundingClientRect().width;
  copy.remove();
  const fact = line.closest('[id]');
  return [{
    fact: fact ? fact.id : '?', figure: figure.textContent.trim(), lineHeight, fontSize,
    shift: middle(c) - last.middle,                        // ≈ 0 on the figure's line, ≈ L on the next
    room: rtl ? fLeft - pLeft : pRight - fRight,           // free space after the figure on its line
    cLeft: c.left, cRight: c.right, need, pLeft, pRight, lines: citeLines.length,
  }];
});
}"""

# How far (in line heights) a citation's middle may sit from where its line's middle should be: font metrics
# move it by a pixel or two (measured: 0.5–1 px with DejaVu Sans or Noto Sans Arabic); a line away is 1.0.
LINE_TOLERANCE = 0.25
# A citation that starts a new line is adrift if it would have fitted after its figure with this much to spare
# (in em of the line's font): more than the word space between them in any font.
ROOM_SLACK_EM = 1.0


def cite_problem(item: dict) -> str | None:
    """The rule. Let L be the .fact-line's computed line height and `shift` the vertical distance from the
    middle of the figure's last line fragment to the middle of the citation link's box (middles, not tops
    and bottoms, so that fonts with tall ascents or descents do not matter). The citation is fine when it
    is on one line (its fragments, ::before and ::after included, share a line), lies inside the line's
    content box horizontally, and either sits on the figure's line (|shift| <= L/4) or wraps to the next
    line (|shift - L| <= L/4) because it did not fit after the figure (the room left on the figure's line
    is less than the width the link takes on a line plus 1 em). So a citation pushed onto a line of its
    own, moved further down or broken in two fails, whatever fonts are installed."""
    line_height, shift = item["lineHeight"], item["shift"]
    where = (f"(its middle is {shift:.0f} px below the figure's, line height {line_height:.0f} px, "
             f"tolerance ±{LINE_TOLERANCE * line_height:.0f} px)")
    if item["lines"] != 1:
        return f"the citation link is broken across {item['lines']} lines"
    if item["cLeft"] < item["pLeft"] - 1 or item["cRight"] > item["pRight"] + 1:
        return (f"the citation link (x={item['cLeft']:.0f}–{item['cRight']:.0f}) sticks out of its line "
                f"(x={item['pLeft']:.0f}–{item['pRight']:.0f})")
    same_line = abs(shift) <= LINE_TOLERANCE * line_height
    next_line = abs(shift - line_height) <= LINE_TOLERANCE * line_height
    if not (same_line or next_line):
        return f"the citation link is neither on the figure's line nor on the next {where}"
    if next_line and item["room"] >= item["need"] + ROOM_SLACK_EM * item["fontSize"]:
        return (f"the citation link starts a new line although it fits after the figure: {item['room']:.0f} px "
                f"left on the figure's line, the link needs {item['need']:.0f} px {where}")
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
