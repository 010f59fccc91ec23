"""#17: a page for every figure, that a journalist can quote, share and cite."""
from __future__ import annotations

import html
import json
import re

import pytest

from factsite.cli import main
from tests.helpers import replace_once
from tests.htmlscan import scan_file


def page(public, lang: str, fact_id: str) -> str:
    return (public / lang / "facts" / fact_id / "index.html").read_text("utf-8")


def test_a_fact_page_shows_the_figure_in_digits_and_words_with_its_meaning(deployed):
    en = page(deployed, "en", "kerman-insured-population")
    assert ('<p class="figure-big"><span class="figure">more than <span class="nowrap">1,800,000 people</span></span> '
            '<span class="in-words">(more than <span class="nowrap">1.8 million people</span>)</span></p>') in en
    assert "<h1>People covered by the Health Insurance Organization in Kerman province</h1>" in en
    assert "<dt>Period</dt> <dd>as of the report</dd>" in en
    assert ("<dt>Said by</dt> <dd>Mohammad Jafari, Director-General of Health Insurance, Kerman province · "
            "at noon on the day of the report</dd>") in en
    fa = page(deployed, "fa", "kerman-insured-population")
    assert ('<p class="figure-big"><span class="figure">بیش از <span class="nowrap">۱٬۸۰۰٬۰۰۰ نفر</span></span> '
            '<span class="in-words">(بیش از <span class="nowrap">۱٫۸ میلیون نفر</span>)</span></p>') in fa
    assert "<dt>بازه</dt> <dd>در زمان گزارش</dd>" in fa
    money = page(deployed, "en", "mazandaran-hard-to-treat-cost-forecast")
    assert '<span class="figure">about <span class="nowrap">480 billion toman</span></span> <a class="tag-mark note-mark"' in money  # as said


def test_the_quote_marks_the_figure_and_links_to_its_sentence(deployed):
    fa = page(deployed, "fa", "kerman-insured-population")
    assert ('<blockquote class="quote" lang="fa" dir="rtl"><p>بیمه سلامت استان بالغ بر <mark class="quoted-figure">'
            'یک میلیون و ۸۰۰ هزار</mark> نفر از جمعیت استان را زیر چتر حمایتی خود قرار داده</p></blockquote>') in fa
    assert '<a href="../../sources/002_73cc2be2b670b8e6/#quote-kerman-insured-population">' in fa
    doctors = page(deployed, "en", "national-contracted-doctors-offices")
    assert '<mark class="quoted-figure">20,804</mark> doctors’ offices' in doctors  # number 2 of five


def test_the_citation_names_the_outlet_first_with_the_absolute_address_and_access_date(deployed):
    en = page(deployed, "en", "kerman-insured-population")
    assert ('<p class="citation" lang="en" dir="ltr"><span class="tag">In English:</span> Tasnim News Agency, '
            'undated report, as quoted by Iran Health Insurance in Figures, “People covered by the Health '
            'Insurance Organization in Kerman province: more than 1,800,000 people”, <bdi lang="en" dir="ltr">'
            'https://example.org/bime/en/facts/kerman-insured-population/</bdi>, accessed 1 December 2026.</p>') in en
    fa = page(deployed, "fa", "kerman-insured-population")
    assert ('<span class="tag">به فارسی:</span> خبرگزاری تسنیم، گزارش بی‌تاریخ، به نقل از بیمه سلامت ایران به روایت '
            'اعداد، «جمعیت زیر پوشش سازمان بیمه سلامت در استان کرمان: بیش از ۱٬۸۰۰٬۰۰۰ نفر»، '
            '<bdi lang="en" dir="ltr">https://example.org/bime/fa/facts/kerman-insured-population/</bdi>، '
            'دسترسی در ۱۰ آذر ۱۴۰۵.</p>') in fa
    national = page(deployed, "en", "national-contracted-centers")
    assert ("<span class=\"tag\">In English:</span> Outlet not stated, report of 1 December 2025, as quoted by "
            "Iran Health Insurance in Figures, “Centers that concluded contracts") in national
    derived = page(deployed, "en", "kerman-population-estimate")
    assert "In English:</span> computed by Iran Health Insurance in Figures from the sources’ figures, “" in derived


def csl(text: str) -> list[dict]:
    found = re.search(r'<pre class="csl" lang="en" dir="ltr"><code>(.*?)</code></pre>', text, re.S)
    return json.loads(html.unescape(found.group(1)))


def test_the_csl_json_parses_and_says_who_published_what_when(deployed):
    (item,) = csl(page(deployed, "en", "national-contracted-centers"))
    assert item["id"] == "national-contracted-centers" and item["type"] == "webpage"
    assert item["URL"] == "https://example.org/bime/en/facts/national-contracted-centers/"
    assert item["title"] == ("Centers that concluded contracts with health insurance organizations so far in the "
                             "current year: more than 53,000")
    assert item["container-title"] == "Iran Health Insurance in Figures"
    assert item["issued"] == {"date-parts": [[2025, 12, 1]]}
    assert item["accessed"] == {"date-parts": [[2026, 12, 1]]}
    assert "author" not in item  # the report names no outlet
    assert item["note"].startswith("More than 53,000 centers have concluded contracts")
    (kerman,) = csl(page(deployed, "fa", "kerman-insured-population"))
    assert kerman["author"] == [{"literal": "خبرگزاری تسنیم"}] and "issued" not in kerman
    assert kerman["language"] == "fa" and kerman["title"].endswith(": بیش از ۱٬۸۰۰٬۰۰۰ نفر")


def test_a_shared_link_previews_the_figure(deployed):
    meta = {a.get("property") or a.get("name"): a.get("content")
            for tag, a in scan_file(deployed / "en/facts/qazvin-population-share/index.html").elements if tag == "meta"}
    assert meta["og:title"] == ("45% · Share of Qazvin province's population covered by the Health Insurance "
                                "Organization · Iran Health Insurance in Figures")
    assert meta["og:description"] == ("Share of Qazvin province's population covered by the Health Insurance "
                                      "Organization: 45% (as of the report) — Qazvin; Peyman Ghajarbeigi, "
                                      "Director-General of Health Insurance, Qazvin province.")
    assert meta["og:url"] == "https://example.org/bime/en/facts/qazvin-population-share/"
    assert meta["twitter:title"] == meta["og:title"]


def test_every_figure_has_a_page_in_both_languages_linked_from_its_sheet(deployed):
    records = json.loads((deployed / "data/facts.json").read_text("utf-8"))["facts"]
    assert len(records) == 39
    for record in records:
        for lang in ("fa", "en"):
            assert (deployed / record[f"page_{lang}"] / "index.html").is_file(), record["id"]
            sheet = "national" if record["scope"] == "national" else f"provinces/{record['scope']}"
            html_text = (deployed / lang / sheet / "index.html").read_text("utf-8")
            href = f'href="{"../" if record["scope"] == "national" else "../../"}facts/{record["id"]}/"'
            assert href in html_text, (lang, record["id"])


def test_the_same_measure_elsewhere_is_a_short_table_with_links(deployed):
    en = page(deployed, "en", "qazvin-population-share")
    assert ('<tr><th scope="row">Kerman</th><td class="num" data-label="Figure"><a href="../kerman-population-share/">'
            'about <span class="nowrap">65%</span></a></td></tr>') in en
    assert ('<tr><th scope="row">Qazvin</th><td class="num" data-label="Figure"><strong><span class="nowrap">45%</span>'
            '</strong></td></tr>') in en
    assert '<a href="../../compare/population_share_covered/">Compare this measure across provinces</a>' in en


@pytest.mark.without_search
def test_a_figure_links_to_the_issue_form_only_when_site_yaml_names_the_repository(site, capsys):
    assert "issues/new" not in page(site / "public", "en", "kerman-insured-population")  # built without one
    replace_once(site / "site.yaml", 'base_url: "/"', 'base_url: "/"\nrepository: "https://github.com/example/bime/"')
    assert main(["build", "--root", str(site)]) == 0
    assert ('<p class="report-error"><a href="https://github.com/example/bime/issues/new?template=figure.yml&amp;'
            'title=Figure%3A+kerman-insured-population&amp;fact=kerman-insured-population" rel="nofollow">'
            'Report an error in this figure</a></p>') in page(site / "public", "en", "kerman-insured-population")
    assert ">گزارش خطا در این عدد</a>" in page(site / "public", "fa", "kerman-insured-population")
    assert main(["build", "--root", str(site), "--base-url", "https://example.org/"]) == 0  # the page's address too
    assert ("&amp;fact=kerman-insured-population&amp;page=https%3A%2F%2Fexample.org%2Fen%2Ffacts%2F"
            "kerman-insured-population%2F\"") in page(site / "public", "en", "kerman-insured-population")
    replace_once(site / "site.yaml", '"https://github.com/example/bime/"', '"github.com/example/bime"')
    capsys.readouterr()
    assert main(["build", "--root", str(site)]) == 1
    assert ("site.yaml:16:1: `repository` must be an http:// or https:// address (got 'github.com/example/bime')"
            in capsys.readouterr().err)
