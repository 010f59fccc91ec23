"""#38: the share cards a reader's messenger previews: one per figure, measure and fact sheet in each
language, a PNG of 1200 × 630 of at most 60 KB, the same bytes from build to build, and the meta tags
that point to it."""
from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import io
import re
import struct

import pytest

from factsite.cli import checked as load_and_verify
from factsite.cli import main
from factsite.render import drawing
from factsite.render.cardfiles import card_files
from factsite.render.cards import shown
from factsite.render.site import make_renderer
from factsite.speed.cache import Bounded
from factsite.model import in_order

KINDS = {"figure": "{lang}/facts/kerman-insured-population/card.png",
         "measure": "{lang}/compare/insured_population/card.png",
         "sheet": "{lang}/provinces/kerman/card.png"}
CASES = [(kind, lang) for kind in KINDS for lang in ("fa", "en")]


def png_size(data: bytes) -> tuple[int, int]:
    """The width and height a PNG's header states."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("kind, lang", CASES)
def test_each_card_is_a_png_of_1200_by_630_within_60_kb(deployed, kind, lang):
    data = (deployed / KINDS[kind].format(lang=lang)).read_bytes()
    assert png_size(data) == (1200, 630)
    assert len(data) <= 60 * 1024


def test_every_figure_measure_and_sheet_has_its_card_in_each_language(deployed):
    for lang in ("fa", "en"):
        for folder in ("facts", "compare", "provinces"):
            pages = [p.parent for p in (deployed / lang / folder).glob("*/index.html")]
            assert pages and all((page / "card.png").is_file() for page in pages), (lang, folder)


@pytest.mark.without_search
def test_a_second_build_without_the_cache_gives_the_same_card_bytes(site, pristine_public, monkeypatch):
    monkeypatch.setenv("FACTSITE_NO_CACHE", "1")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["build", "--root", str(site), "--force"]) == 0
    for kind, lang in CASES:
        name = KINDS[kind].format(lang=lang)
        assert hashlib.sha256((site / "public" / name).read_bytes()).hexdigest() == pristine_public[name], name


def test_a_figure_page_carries_its_card_in_its_meta_tags(deployed):
    html = (deployed / "en/facts/kerman-insured-population/index.html").read_text("utf-8")
    description = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    tags = re.findall(r'<meta (?:property="og:image[^"]*"|name="twitter:card") content="[^"]*">', html)
    assert tags == [
        '<meta property="og:image" content="https://example.org/bime/en/facts/kerman-insured-population/card.png">',
        '<meta property="og:image:type" content="image/png">',
        '<meta property="og:image:width" content="1200">',
        '<meta property="og:image:height" content="630">',
        f'<meta property="og:image:alt" content="{description}">',
        '<meta name="twitter:card" content="summary_large_image">']
    assert description.startswith("People covered by the Health Insurance Organization in Kerman province: "
                                  "more than 1,800,000 people")


def test_a_page_without_a_card_says_summary(deployed):
    html = (deployed / "en/about/index.html").read_text("utf-8")
    assert 'og:image' not in html and '<meta name="twitter:card" content="summary">' in html


def test_persian_card_text_has_persian_digits_and_isolated_latin_runs():
    assert shown("خبرگزاری IRNA، سال 1402", "fa") == "خبرگزاری \u2068IRNA\u2069، سال ۱۴۰۲"
    assert shown("IRNA, 1402", "en") == "IRNA, 1402"


@pytest.fixture(scope="module")
def known_site(pristine):
    site, problems = load_and_verify(pristine)
    assert not problems
    return site


def drawn_by(site, cache):
    """The cards' files, and the paths of the cards drawn (not taken from the cache)."""
    drawn = []

    def mapper(work, items):
        drawn.extend(card.path for card in items)
        return in_order(work, items)
    renderer = make_renderer(site, datetime.date(2026, 1, 1))
    return card_files(site, renderer.index, renderer.catalogs, mapper, cache), drawn


def test_an_edit_to_one_figure_draws_only_its_cards_again(known_site, tmp_path):
    cache = Bounded(files=tmp_path / "cards")
    first, drawn = drawn_by(known_site, cache)
    assert len(drawn) == len([name for name in first if name.endswith(".png")]) > 100
    headline = {key for key, metric in known_site.metrics.items() if metric.headline}
    fact = next(f for f in known_site.facts if f.metric not in headline and f.scope == "kerman")
    edited = dataclasses.replace(fact, label={"fa": fact.label["fa"] + " (ویرایش)", "en": fact.label["en"] + " (edited)"})
    site = dataclasses.replace(known_site, facts=[edited if f is fact else f for f in known_site.facts])
    again, drawn = drawn_by(site, cache)
    assert sorted(drawn) == [f"en/facts/{fact.id}/card.png", f"fa/facts/{fact.id}/card.png"]
    assert sorted(name for name in again if again[name] != first[name]) == sorted(drawn)
    assert len(list((tmp_path / "cards").iterdir())) == len(first) - sum(1 for n in first if n.endswith(".svg")) + 2


def test_without_a_cache_folder_the_cards_are_not_kept_in_memory(known_site):
    cache = Bounded()
    drawn_by(known_site, cache)
    assert not any(key[0] == "card" for key in cache.entries)

def test_each_chart_is_an_image_with_its_source_and_the_sites_name(deployed):
    """#38: a measure's chart as SVG and PNG, linked from its page, says where it comes from."""
    page = deployed / "en/compare/insured_population"
    svg = (page / "chart.svg").read_text("utf-8")
    assert "checked against each report by Iran Health Insurance in Figures" in svg
    assert ">Iran Health Insurance in Figures</text>" in svg and "example.org/bime/en/compare/insured_population/" in svg
    width, height = png_size((page / "chart.png").read_bytes())
    assert width == 1200 and height > 300
    html = (page / "index.html").read_text("utf-8")
    assert '<a href="chart.svg"><bdi lang="en">SVG</bdi></a> · <a href="chart.png"><bdi lang="en">PNG</bdi></a>' in html


@pytest.mark.few_public
def test_the_build_stops_when_pillow_cannot_shape_persian(site, monkeypatch, capsys):
    monkeypatch.setattr(drawing.features, "check", lambda name: False)
    before = (site / "public/en/index.html").read_bytes()
    assert main(["build", "--root", str(site), "--force"]) == 1
    err = capsys.readouterr().err
    assert "Pillow cannot shape Persian here: its Raqm layout needs the system's FriBiDi library — install it " \
           "(Debian: apt-get install libfribidi0) and build again" in err
    assert (site / "public/en/index.html").read_bytes() == before
