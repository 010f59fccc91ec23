"""#38: the pages other sites show in a frame, and the snippets a figure's page offers to copy."""
from __future__ import annotations

import gzip
import html as markup
import re

import pytest

EMBEDS = ["{lang}/embed/facts/kerman-insured-population/index.html",
          "{lang}/embed/compare/insured_population/index.html"]
FULL = {"facts": "../../../facts/kerman-insured-population/", "compare": "../../../compare/insured_population/"}


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("path", EMBEDS)
def test_an_embed_is_small_has_no_script_and_opens_the_full_page_outside_the_frame(deployed, path, lang):
    data = (deployed / path.format(lang=lang)).read_bytes()
    assert len(gzip.compress(data, 9)) <= 8 * 1024
    text = data.decode("utf-8")
    assert "<script" not in text
    assert not re.search(r"<[^>]+\son[a-z]+=", text)
    kind = path.split("/")[2]
    link = re.search(r'<a href="([^"]*)" target="(_blank|_top)" rel="noopener">', text)
    assert link and link.group(1) == FULL[kind]
    assert "checked against each report by Iran Health Insurance in Figures" in text or \
        "سنجیده با متن هر گزارش در بیمه سلامت ایران به روایت اعداد" in text


def test_a_figure_page_offers_a_frame_and_an_image_to_copy(deployed):
    html = (deployed / "en/facts/kerman-insured-population/index.html").read_text("utf-8")
    snippets = [markup.unescape(s) for s in re.findall(r'<textarea id="embed-[a-z]+"[^>]*>([^<]*)</textarea>', html)]
    base = "https://example.org/bime/en/"
    title = "more than 1,800,000 people · People covered by the Health Insurance Organization in Kerman province"
    assert snippets == [
        f'<iframe src="{base}embed/facts/kerman-insured-population/" title="{title}" '
        'style="inline-size:100%;aspect-ratio:3 / 2;border:0" loading="lazy"></iframe>',
        f'<a href="{base}facts/kerman-insured-population/"><img src="{base}facts/kerman-insured-population/card.png" '
        f'width="1200" height="630" alt="{title}" style="max-inline-size:100%;block-size:auto"></a>']


def test_without_a_full_address_a_page_offers_no_snippet(pristine):
    html = (pristine / "public/en/facts/kerman-insured-population/index.html").read_text("utf-8")
    assert "embed-frame" not in html and "<iframe" not in html
