"""#38: the share cards' text is shaped as Chromium shapes it. Each line of a card of each kind (a
figure's, a measure's, a fact sheet's, a chart image's), in both languages, is drawn by the build
(render/drawing.py) and by Chromium with the same text and the same fonts; the two must match in
width and in where the ink falls along the line, so that letters drawn loose (unjoined) or in
reversed order fail."""
from __future__ import annotations

import base64
import datetime
import io

import pytest
from PIL import Image

from factsite.cli import checked
from factsite.render.cards import site_cards
from factsite.render.drawing import FONT_FILES, STYLES, fitted, line_image
from factsite.render.site import make_renderer
from tests.helpers import FIXTURE_SITE, copy_site

pytestmark = pytest.mark.browser

KINDS = ("facts/", "compare/", "provinces/", "chart.png")
WIDTH_SLACK = 0.03  # share of the line's width the two may differ by (hinting, rounding)
LEAST_LIKENESS = 0.85  # the same text scores 0.90–0.95; unjoined letters 0.74, reversed 0.70


@pytest.fixture(scope="module")
def cards(tmp_path_factory):
    """One card of each kind in each language, from the fixture site."""
    root = copy_site(tmp_path_factory.mktemp("shaping") / "site", source=FIXTURE_SITE)
    site, problems = checked(root)
    assert not problems
    renderer = make_renderer(site, datetime.date(2026, 1, 1))
    chosen = []
    for lang in site.config.languages:
        every = site_cards(site, renderer.index, lang, renderer.catalogs[lang]["_"])
        for kind in KINDS:
            chosen.append(next(c for c in every if kind in c.path and (kind == "chart.png") == (c.kind == "chart")))
    return site, chosen


def chromium_line(tab, font: bytes, size: int, text: str, rtl: bool) -> Image.Image:
    """The line as Chromium draws it in this font and size, white on black, as levels of grey."""
    data = base64.b64encode(font).decode("ascii")
    tab.set_content(f"""<!DOCTYPE html><html><head><style>
      @font-face {{ font-family: Card; src: url(data:font/woff2;base64,{data}); }}
      body {{ margin: 0; background: #000; }}
      span {{ font: {size}px/1.5 Card; color: #fff; white-space: pre; padding: 4px; display: inline-block; }}
      </style></head><body><span dir="{'rtl' if rtl else 'ltr'}"></span></body></html>""")
    tab.evaluate("text => { document.querySelector('span').textContent = text; }", text)
    tab.evaluate("() => document.fonts.ready")
    return Image.open(io.BytesIO(tab.locator("span").screenshot())).convert("L")


def inked(image: Image.Image) -> Image.Image:
    """The image cropped to its ink."""
    box = image.point(lambda v: 255 if v > 60 else 0).getbbox()
    assert box, "nothing was drawn"
    return image.crop(box)


COLUMN = 6  # px of a line summed into one column of its profile: rasterizers differ in a pixel or two


def likeness(a: Image.Image, b: Image.Image) -> float:
    """How alike two lines' ink is along the line: 1 less the mean difference of their profiles (the
    ink of each COLUMN px wide column), both scaled to the same width."""
    width = max(1, max(a.width, b.width) // COLUMN)
    profiles = []
    for line in (a, b):
        column = list(line.point(lambda v: 255 if v > 100 else 0).resize((width, 1), Image.Resampling.BOX).getdata())
        profiles.append([v / max(1, sum(column)) for v in column])
    return 1 - sum(abs(x - y) for x, y in zip(*profiles)) / 2


def test_each_card_line_is_shaped_as_chromium_shapes_it(browser, cards):
    site, chosen = cards
    tab = browser.new_page()
    problems = []
    try:
        for card in chosen:
            rtl = card.lang == "fa"
            for line in card.lines:
                weight, size, most, _ = STYLES[line.role]
                face = site.static[FONT_FILES[weight]]
                size, lines = fitted(line.text, face, size, 1080, most)
                ours = inked(line_image(face, size, lines[0], rtl))
                theirs = inked(chromium_line(tab, face, size, lines[0], rtl))
                alike = likeness(ours, theirs)
                if abs(ours.width - theirs.width) > WIDTH_SLACK * theirs.width + 3 or alike < LEAST_LIKENESS:
                    problems.append(f"{card.path} {line.role} {lines[0]!r}: {ours.width} px wide, Chromium "
                                    f"{theirs.width} px; alike {alike:.2f}")
    finally:
        tab.close()
    assert not problems, "\n".join(problems)


def test_the_comparison_fails_letters_drawn_loose_or_reversed(browser, cards):
    """The check above can fail: Persian letters drawn unjoined (each with ZWNJ between) or in
    reversed order are told apart from Chromium's."""
    site, _ = cards
    face = site.static[FONT_FILES["regular"]]
    text = "جمعیت زیر پوشش سازمان بیمه سلامت"
    tab = browser.new_page()
    try:
        theirs = inked(chromium_line(tab, face, 44, text, True))
    finally:
        tab.close()
    loose = inked(line_image(face, 44, "\u200c".join(text), True))
    reversed_ = inked(line_image(face, 44, text, True).transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    right = inked(line_image(face, 44, text, True))
    assert abs(right.width - theirs.width) <= WIDTH_SLACK * theirs.width + 3
    assert likeness(right, theirs) >= LEAST_LIKENESS
    assert abs(loose.width - theirs.width) > WIDTH_SLACK * theirs.width + 3 or likeness(loose, theirs) < LEAST_LIKENESS
    assert likeness(reversed_, theirs) < LEAST_LIKENESS
