"""#16: what each number counts, of whom — and only like compared with like."""
from __future__ import annotations

import json

import pytest

from factsite.cli import main
from tests.helpers import replace_once

INSURED = '''  - key: insured_population
    unit: people
    headline: true'''


@pytest.fixture(scope="module")
def built(pristine) -> dict[str, str]:
    pages = {}
    for lang in ("fa", "en"):
        pages[lang] = (pristine / f"public/{lang}/compare/index.html").read_text("utf-8")
    pages["data"] = (pristine / "public/data/facts.json").read_text("utf-8")
    return pages


def test_the_compare_page_defines_each_measure(built):
    assert ('<p class="definition">People a province&#39;s officials say are covered by the Health Insurance '
            'Organization, as of the report; not all insured people of the province.</p>') in built["en"]
    assert ('<p class="definition">شمار افرادی که به گفتهٔ مسئولان در یک استان زیر پوشش سازمان بیمه سلامت‌اند، '
            'در زمان گزارش؛ نه همهٔ بیمه‌شدگان استان.</p>') in built["fa"]


def test_disease_groups_and_diseases_never_share_a_chart(built):
    """Mazandaran's 130 are disease groups, Qazvin's 29 diseases: two measures, neither compared."""
    for lang in ("fa", "en"):
        assert 'id="metric-special_diseases_covered"' not in built[lang]
        assert 'id="metric-special_disease_groups_covered"' not in built[lang]
        assert 'id="metric-contracted_providers"' not in built[lang]  # >53,000 this year vs >1,600 institutions
    assert 'id="chart-insured_population-title"' in built["en"]


def test_the_downloads_carry_the_measures_definition(built):
    records = {r["id"]: r for r in json.loads(built["data"])["facts"]}
    mazandaran = records["mazandaran-special-disease-groups"]
    assert mazandaran["metric"] == "special_disease_groups_covered"
    assert mazandaran["metric_definition_en"] == ("Special-disease groups whose coverage has been put in place in "
                                                  "the province; disease groups, not individual diseases.")


def test_a_measure_that_does_not_compare_is_listed_apart_with_its_caveat(site, capsys):
    replace_once(site / "content/metrics.yaml", INSURED, INSURED + '''
    comparable: false
    caveat:
      fa: "ارقام استان‌ها در زمان‌های مختلف گزارش شده‌اند."
      en: "The provinces' figures were reported at different times."''')
    assert main(["build", "--root", str(site)]) == 0, capsys.readouterr().err
    en = (site / "public/en/compare/index.html").read_text("utf-8")
    assert 'id="chart-insured_population-title"' not in en
    assert ('<li><strong>People covered by the Health Insurance Organization</strong>: The provinces&#39; figures '
            'were reported at different times.') in en
    assert '<h2 id="not-compared">Reported in several places, but not comparable</h2>' in en
    fa = (site / "public/fa/compare/index.html").read_text("utf-8")
    assert '<h2 id="not-compared">در چند جا گزارش شده، ولی قابل مقایسه نیست</h2>' in fa


def test_a_measure_not_compared_must_say_why(bare_site, capsys):
    replace_once(bare_site / "content/metrics.yaml", INSURED, INSURED + "\n    comparable: false")
    assert main(["check", "--root", str(bare_site)]) == 1
    err = capsys.readouterr().err
    assert "content/metrics.yaml:7:5: a measure that is not compared needs a `caveat` saying why — add it in both " \
           "languages" in err.splitlines()


def test_a_compared_figure_with_a_note_links_to_it(built):
    """Kerman's 65% is "this number" of the people covered: the caveat is one link away on the compare page."""
    assert ('<a class="note-mark" href="../provinces/kerman/#fact-kerman-population-share">(see the note)</a>'
            in built["en"])
    assert ('<a class="note-mark" href="../provinces/kerman/#fact-kerman-population-share">(یادداشت را ببینید)</a>'
            in built["fa"])


def test_the_source_page_marks_the_figure_inside_the_quoted_sentence(pristine):
    """#16: the exact number a fact takes stands out inside its highlighted sentence."""
    fa = (pristine / "public/fa/sources/002_73cc2be2b670b8e6/index.html").read_text("utf-8")
    assert ('<mark id="quote-kerman-insured-population">بیمه سلامت استان بالغ بر </mark><mark><strong '
            'class="quoted-figure">یک میلیون و ۸۰۰ هزار</strong></mark>') in fa
    en = (pristine / "public/en/sources/000_9f764d31df1295ee/index.html").read_text("utf-8")
    assert '<strong class="quoted-figure">20,804</strong>' in en  # number 2 of a five-number sentence


def test_every_quoted_figure_says_when_it_was_reported_and_relative_times_stay_relative(pristine):
    """#16: the report's date (or that it gives none) beside each figure; «ظهر امروز» is the report's day."""
    national = (pristine / "public/en/national/index.html").read_text("utf-8")
    assert "Speaker not stated; the report's own words · report of 1 December 2025</p>" in national
    assert "گوینده ذکر نشده؛ سخن خودِ گزارش · گزارش ۱۰ آذر ۱۴۰۴</p>" in (
        pristine / "public/fa/national/index.html").read_text("utf-8")
    kerman = (pristine / "public/fa/provinces/kerman/index.html").read_text("utf-8")
    assert "ظهر امروز" not in kerman
    assert "· ظهر روز گزارش · تاریخ گزارش ذکر نشده</p>" in kerman
    mazandaran = (pristine / "public/en/provinces/mazandaran/index.html").read_text("utf-8")
    assert "· at noon on a Tuesday, by the report · report date not stated</p>" in mazandaran


def test_a_chart_marks_computed_and_noted_figures(built):
    """The bar says what the table says: computed by the site, or carrying a note (#16)."""
    assert 'text-anchor="start">about 2.8 million people (computed)</text>' in built["en"]
    assert 'text-anchor="start">about 65% (see the note)</text>' in built["en"]
    assert 'text-anchor="start">حدود ۲٫۸ میلیون نفر (محاسبه‌شده)</text>' in built["fa"]
    assert 'text-anchor="start">557,276 people</text>' in built["en"]  # stated, no note: no mark
