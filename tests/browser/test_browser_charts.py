"""#17: a measure's chart cuts no label, at 360 px and at 1280 px, in both languages; the nation is
kept off the provinces' axis."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

GEOMETRY = """() => Array.from(document.querySelectorAll('figure.chart svg')).map(svg => {
  const [x, y, width, height] = svg.getAttribute('viewBox').split(/\\s+/).map(Number);
  const shown = svg.getBoundingClientRect();
  return {
    view: {x, y, width, height}, shownWidth: shown.width, pageWidth: document.documentElement.clientWidth,
    boxes: Array.from(svg.querySelectorAll('text, rect')).map(el => {
      const b = el.getBBox();
      return {tag: el.tagName, text: el.textContent, x: b.x, y: b.y, right: b.x + b.width, bottom: b.y + b.height};
    }),
  };
})"""


@pytest.mark.parametrize("width", [360, 1280])
def test_every_chart_label_lies_inside_its_chart(tabs, measure_page, width):
    tab = tabs[width]
    url = tab.visit(measure_page).url
    charts = tab.page.evaluate(GEOMETRY)
    problems = []
    for chart in charts:
        view = chart["view"]
        if chart["shownWidth"] > chart["pageWidth"] + 0.5:
            problems.append(f"the chart is {chart['shownWidth']:.0f} px wide on a {chart['pageWidth']} px page")
        for box in chart["boxes"]:
            if (box["x"] < view["x"] - 0.5 or box["right"] > view["x"] + view["width"] + 0.5
                    or box["y"] < view["y"] - 0.5 or box["bottom"] > view["y"] + view["height"] + 0.5):
                problems.append(f"<{box['tag']}> {box['text']!r} spans x {box['x']:.1f}–{box['right']:.1f}, "
                                f"y {box['y']:.1f}–{box['bottom']:.1f}, outside the viewBox {view}")
    assert not problems, f"{url} at {width} px:\n" + "\n".join(problems)


def test_the_nation_is_not_on_the_provinces_axis(desktop, measure_page):
    tab = desktop
    tab.visit(measure_page)
    labels = tab.page.evaluate("""() => Array.from(document.querySelectorAll('figure.chart text'))
                                    .map(t => t.textContent)""")
    nation = "سراسر کشور" if measure_page.lang == "fa" else "Nationwide"
    assert not any(label.startswith(nation) for label in labels), labels


@pytest.mark.parametrize("width", [360, 1280])
def test_a_desktop_shows_the_chart_across_the_column_with_labels_of_text_size(tabs, measure_page, width):
    """#38: at 1280 px the chart is as wide as the column (it was about 310 px) and its labels are
    drawn at 12 px or more; at 360 px the narrow chart is shown, within the page."""
    tab = tabs[width]
    tab.visit(measure_page)
    shown = tab.page.evaluate("""() => Array.from(document.querySelectorAll('figure.chart svg'))
      .filter(svg => svg.getBoundingClientRect().width > 0).map(svg => ({
        kind: svg.getAttribute('class'), width: svg.getBoundingClientRect().width,
        column: svg.closest('main').clientWidth - 32,
        label: svg.querySelector('text').getBoundingClientRect().height}))""")
    if not tab.page.query_selector("figure.chart"):
        return  # a measure whose figures do not compare has no chart
    assert len(shown) == 1, shown
    chart = shown[0]
    if width == 1280:
        assert chart["kind"] == "wide" and chart["width"] >= chart["column"] - 1, chart
    else:
        assert chart["kind"] in ("narrow", None) and chart["width"] <= width, chart
    assert chart["label"] >= 12, chart
