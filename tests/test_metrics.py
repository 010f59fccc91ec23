"""#16: what each number counts, of whom — and only like compared with like."""
from __future__ import annotations

import json

import pytest

from factsite.cli import main
from tests.helpers import replace_once

INSURED = '''  - key: insured_population
    unit: people
    headline: true'''


def measure(root, lang: str, key: str) -> str:
    return (root / f"public/{lang}/compare/{key}/index.html").read_text("utf-8")


@pytest.fixture(scope="module")
def built(pristine) -> dict[str, str]:
    pages = {lang: measure(pristine, lang, "insured_population") for lang in ("fa", "en")}
    pages["data"] = (pristine / "public/data/facts.json").read_text("utf-8")
    pages["root"] = pristine
    return pages


def test_a_measure_page_defines_its_measure(built):
    assert ('<p class="definition">People a province&#39;s officials say are covered by the Health Insurance '
            'Organization, as of the report; not all insured people of the province.</p>') in built["en"]
    assert ('<p class="definition">شمار افرادی که به گفتهٔ مسئولان در یک استان زیر پوشش سازمان بیمه سلامت‌اند، '
            'در زمان گزارش؛ نه همهٔ بیمه‌شدگان استان.</p>') in built["fa"]


def test_a_measure_page_says_in_one_sentence_what_its_chart_shows(built, pristine):
    assert ('<p class="summary"><span class="nowrap">3</span> of <span class="nowrap">31</span> provinces report it; '
            'the largest figure is Kerman&#39;s: more than <span class="nowrap">1,800,000 people</span>.</p>') in built["en"]
    assert ('<p class="summary"><span class="nowrap">۳</span> استان از <span class="nowrap">۳۱</span> استان آن را '
            'گزارش کرده‌اند؛ بزرگ‌ترین رقم از آنِ کرمان است: بیش از <span class="nowrap">۱٬۸۰۰٬۰۰۰ نفر</span>.</p>'
            ) in built["fa"]
    assert '<desc id="chart-insured_population-desc">3 of 31 provinces report it;' in built["en"]
    assert ('<p class="summary"><span class="nowrap">1</span> of <span class="nowrap">31</span> provinces reports it: '
            'Mazandaran, <span class="nowrap">130</span>.</p>'
            in measure(pristine, "en", "special_disease_groups_covered"))
    assert ('<p class="summary">No province reports it. Nationwide: more than <span class="nowrap">53,000</span>.</p>'
            in measure(pristine, "en", "contracted_centers_this_year"))
    assert ('<p class="summary">هیچ استانی آن را گزارش نکرده است. رقم کشوری: بیش از <span class="nowrap">۵۳٬۰۰۰</span>.</p>'
            in measure(pristine, "fa", "contracted_centers_this_year"))


def test_disease_groups_and_diseases_never_share_a_chart(pristine):
    """Mazandaran's 130 are disease groups, Qazvin's 29 diseases: two measures, each on its own page;
    the nation's >53,000 centers this year and Kerman's >1,600 institutions are two measures too."""
    for lang in ("fa", "en"):
        groups = measure(pristine, lang, "special_disease_groups_covered")
        diseases = measure(pristine, lang, "special_diseases_covered")
        assert "facts/mazandaran-special-disease-groups/" in groups and "facts/qazvin-" not in groups
        assert "facts/qazvin-special-diseases/" in diseases and "facts/mazandaran-" not in diseases
        assert "facts/national-" not in measure(pristine, lang, "contracted_providers")


def test_the_compare_index_lists_measures_by_program_with_how_many_provinces_report_each(pristine):
    en = (pristine / "public/en/compare/index.html").read_text("utf-8")
    assert ('<li><a href="insured_population/">People covered by the Health Insurance Organization</a> · '
            '<span class="meta-inline">provinces reporting: 3</span></li>') in en
    assert ('<li><a href="contracted_centers_this_year/">Centers contracted so far in the year of the report</a> · '
            '<span class="meta-inline">provinces reporting: 0 · and the nation</span></li>') in en
    assert '<h2 id="measures-coverage">Population coverage</h2>' in en
    fa = (pristine / "public/fa/compare/index.html").read_text("utf-8")
    assert '<span class="meta-inline">استان‌های گزارش‌دهنده: ۳</span>' in fa


def test_the_downloads_carry_the_measures_definition(built):
    records = {r["id"]: r for r in json.loads(built["data"])["facts"]}
    mazandaran = records["mazandaran-special-disease-groups"]
    assert mazandaran["metric"] == "special_disease_groups_covered"
    assert mazandaran["metric_definition_en"] == ("Special-disease groups whose coverage has been put in place in "
                                                  "the province; disease groups, not individual diseases.")


@pytest.mark.without_search
def test_a_measure_that_does_not_compare_is_listed_apart_with_its_caveat(site, capsys):
    replace_once(site / "content/metrics.yaml", INSURED, INSURED + '''
    comparable: false
    caveat:
      fa: "ارقام استان‌ها در زمان‌های مختلف گزارش شده‌اند."
      en: "The provinces' figures were reported at different times."''')
    assert main(["build", "--root", str(site)]) == 0, capsys.readouterr().err
    en = measure(site, "en", "insured_population")
    assert "<svg" not in en
    assert ('<p class="caveat"><strong>Not comparable:</strong> The provinces&#39; figures were reported at '
            'different times.</p>') in en
    assert ('<p class="summary"><span class="nowrap">3</span> of <span class="nowrap">31</span> provinces report it; '
            'their figures do not compare.</p>') in en
    assert ("· not comparable</span>" in (site / "public/en/compare/index.html").read_text("utf-8"))
    fact = (site / "public/en/facts/kerman-insured-population/index.html").read_text("utf-8")
    assert '<p class="caveat">Not comparable: The provinces&#39; figures were reported at different times.</p>' in fact
    fa = measure(site, "fa", "insured_population")
    assert ('<p class="summary"><span class="nowrap">۳</span> استان از <span class="nowrap">۳۱</span> استان آن را '
            'گزارش کرده‌اند؛ ارقامشان با هم سنجیدنی نیست.</p>') in fa


def test_a_measure_not_compared_must_say_why(bare_site, capsys):
    replace_once(bare_site / "content/metrics.yaml", INSURED, INSURED + "\n    comparable: false")
    assert main(["check", "--root", str(bare_site)]) == 1
    err = capsys.readouterr().err
    assert "content/metrics.yaml:7:5: a measure that is not compared needs a `caveat` saying why — add it in both " \
           "languages" in err.splitlines()


def test_a_compared_figure_with_a_note_links_to_it(pristine):
    """Kerman's 65% is "this number" of the people covered: the caveat is one link away on the measure page
    and the sheet, on the figure's page."""
    for lang, words in (("en", "(see the note)"), ("fa", "(یادداشت را ببینید)")):
        mark = (f'<a class="tag-mark note-mark" href="../../facts/kerman-population-share/#note">{words}</a>')
        assert mark in measure(pristine, lang, "population_share_covered")
        assert mark in (pristine / f"public/{lang}/provinces/kerman/index.html").read_text("utf-8")
    fact = (pristine / "public/en/facts/kerman-population-share/index.html").read_text("utf-8")
    assert ('<p class="note" id="note"><strong>Note:</strong> “This number” refers to the <a class="ref" '
            'href="../kerman-insured-population/"><span class="figure">more than <span class="nowrap">1,800,000 people</span>'
            '</span></a> (Kerman) '
            'covered by health insurance in the province.</p>') in fact


def test_the_source_page_marks_the_figure_inside_the_quoted_sentence(pristine):
    """#16: the exact number a fact takes stands out inside its highlighted sentence."""
    fa = (pristine / "public/fa/sources/002_73cc2be2b670b8e6/index.html").read_text("utf-8")
    assert ('<mark id="quote-kerman-insured-population">بیمه سلامت استان بالغ بر </mark><mark><strong '
            'class="quoted-figure">یک میلیون و ۸۰۰ هزار</strong></mark>') in fa
    en = (pristine / "public/en/sources/000_9f764d31df1295ee/index.html").read_text("utf-8")
    assert '<strong class="quoted-figure">20,804</strong>' in en  # number 2 of a five-number sentence


def fact_page(root, lang: str, fact_id: str) -> str:
    return (root / f"public/{lang}/facts/{fact_id}/index.html").read_text("utf-8")


def test_every_quoted_figure_says_when_it_was_reported_and_relative_times_stay_relative(pristine):
    """#16: the report's date (or that it gives none) with each figure; «ظهر امروز» is the report's day."""
    national = fact_page(pristine, "en", "national-anti-cancer-drugs-added-2024")
    assert ("<dt>Said by</dt> <dd>Speaker not stated; the report's own words</dd>\n  <dt>Report</dt> <dd>"
            "report of 1 December 2025</dd>") in national
    assert "<dt>گزارش</dt> <dd>گزارش ۱۰ آذر ۱۴۰۴</dd>" in fact_page(pristine, "fa", "national-anti-cancer-drugs-added-2024")
    assert '<td data-label="Report">1 December 2025</td></tr>' in (pristine / "public/en/national/index.html").read_text("utf-8")
    kerman = fact_page(pristine, "fa", "kerman-insured-population")
    assert "ظهر امروز" not in kerman
    assert "مدیرکل بیمه سلامت استان کرمان · ظهر روز گزارش</dd>\n  <dt>گزارش</dt> <dd>تاریخ گزارش ذکر نشده</dd>" in kerman
    assert '<td data-label="گزارش">تاریخ ذکر نشده</td></tr>' in (pristine / "public/fa/provinces/kerman/index.html").read_text("utf-8")
    mazandaran = fact_page(pristine, "en", "mazandaran-counties")
    assert "· at noon on a Tuesday, by the report</dd>\n  <dt>Report</dt> <dd>report date not stated</dd>" in mazandaran


def test_a_chart_marks_computed_and_noted_figures(pristine):
    """The bar says what the table says: computed by the site, or carrying a note (#16)."""
    estimate = measure(pristine, "en", "population_estimate")
    assert 'text-anchor="start">Kerman: about 2,800,000 people (computed)</text>' in estimate
    assert '<rect class="bar computed"' in estimate
    share = measure(pristine, "en", "population_share_covered")
    assert 'text-anchor="start">Kerman: about 65% (see the note)</text>' in share
    assert 'text-anchor="start">Qazvin: 45%</text>' in share  # stated, no note: no mark
    assert ('text-anchor="start">کرمان: حدود ۲٬۸۰۰٬۰۰۰ نفر (محاسبه‌شده)</text>'
            in measure(pristine, "fa", "population_estimate"))
