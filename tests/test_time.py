"""#16: what time a figure covers, and figures of one scope and measure from reports of different dates."""
from __future__ import annotations

import csv
import io
import json

import pytest

from factsite.cli import main
from tests.helpers import replace_file, replace_once

KERMAN_SEED = '''  - file: 002_73cc2be2b670b8e6.txt
    lang: fa'''
NEWER_SEED = "004_kerman_later.txt"
NEWER_TEXT = "بیمه سلامت استان کرمان اکنون بیش از یک میلیون و 900 هزار نفر را زیر پوشش دارد.\n"
NEWER_FACT = '''  - id: kerman-insured-population-later
    scope: kerman
    programs:
      - coverage
    metric: insured_population
    value: 1900000
    qualifier: more_than
    unit: people
    period:
      kind: as_of_report
    label:
      fa: "جمعیت زیر پوشش سازمان بیمه سلامت در استان کرمان"
      en: "People covered by the Health Insurance Organization in Kerman province"
    source:
      seed: 004_kerman_later.txt
      quote: "بیمه سلامت استان کرمان اکنون بیش از یک میلیون و 900 هزار نفر را زیر پوشش دارد"
      translation: "Kerman province health insurance now covers more than 1,900,000 people"
'''


def page(root, path: str) -> str:
    return (root / "public" / path).read_text("utf-8")


def test_a_period_is_said_in_both_languages(pristine):
    kerman_en = page(pristine, "en/provinces/kerman/index.html")
    assert '<p class="period"><span class="tag">Period:</span> per month</p>' in kerman_en
    assert '<p class="period"><span class="tag">بازه:</span> ماهانه</p>' in page(pristine, "fa/provinces/kerman/index.html")
    national_en = page(pristine, "en/national/index.html")
    assert '<span class="tag">Period:</span> so far in the current year, up to the report</p>' in national_en
    assert '<span class="tag">Period:</span> in 2024</p>' in national_en
    national_fa = page(pristine, "fa/national/index.html")
    assert '<span class="tag">بازه:</span> از آغاز سال جاری تا زمان گزارش</p>' in national_fa
    assert '<span class="tag">بازه:</span> در سال ۲۰۲۴ میلادی</p>' in national_fa
    assert '<span class="tag">بازه:</span> سال گذشتهٔ خورشیدی، پیش از گزارش</p>' in national_fa


def test_the_measure_is_defined_beside_each_figure_on_a_sheet(pristine):
    assert ('<p class="definition"><span class="tag">Measure:</span> Special-disease groups covered: '
            'Special-disease groups whose coverage has been put in place in the province; disease groups, '
            'not individual diseases.</p>') in page(pristine, "en/provinces/mazandaran/index.html")
    assert ('<p class="definition"><span class="tag">سنجه:</span> بیماری‌های خاص و صعب‌العلاج زیر پوشش: '
            'بیماری‌های خاص و صعب‌العلاجی که') in page(pristine, "fa/provinces/qazvin/index.html")


def test_the_period_travels_in_the_downloads(pristine):
    records = {r["id"]: r for r in json.loads(page(pristine, "data/facts.json"))["facts"]}
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(page(pristine, "data/facts.csv").lstrip("\ufeff")))}
    for found in (records, rows):
        assert found["national-contracted-centers"]["period_en"] == "so far in the current year, up to the report"
        assert found["national-contracted-centers"]["period_fa"] == "از آغاز سال جاری تا زمان گزارش"
        assert found["national-anti-cancer-drugs-added-2024"]["period_en"] == "in 2024"
        assert found["qazvin-newly-insured-past-year"]["period_en"] == "the past year, before the report"
        assert found["kerman-free-insurance-town-threshold"]["period_en"] == "not stated"
        assert found["kerman-free-insurance-town-threshold"]["period_fa"] == "ذکر نشده"


@pytest.mark.parametrize("period, message", [
    ("kind: in_year", "a period of kind `in_year` needs the `year` the text names, like `year: 2024`"),
    ("kind: per_month\n      year: 2024",
     "a period of kind `per_month` takes no `year` — remove it, or use kind in_year or in_iranian_year"),
    ("kind: in_iranian_year\n      year: 2024",
     "year 2024 is not a plausible Iranian (Solar Hijri) year — write one from 1279 to 1479"),
    ("kind: this_week", "`kind` must be one of as_of_report, so_far_this_year, past_year, past_iranian_year, "
                        "per_month, per_year, in_year, in_iranian_year (got 'this_week')"),
])
def test_a_wrong_period_is_refused_with_what_to_do(site, capsys, period, message):
    facts = site / "content/facts/kerman.yaml"
    replace_once(facts, "    period:\n      kind: per_month", "    period:\n      " + period)
    before = page(site, "en/provinces/kerman/index.html")
    assert main(["build", "--root", str(site)]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "content/facts/kerman.yaml:" in err and "Traceback" not in err
    assert page(site, "en/provinces/kerman/index.html") == before


@pytest.fixture
def two_reports(site):
    """Kerman's covered population from the undated report, and a later one from a report of 2025-11-20."""
    replace_once(site / "content/seeds.yaml", "    date: not stated\n    title:\n      fa: \"بازدید",
                 "    date: 2025-06-01\n    title:\n      fa: \"بازدید")
    seeds = (site / "content/seeds.yaml").read_text("utf-8")
    replace_file(site / "content/seeds.yaml", (seeds + f'''  - file: {NEWER_SEED}
    lang: fa
    outlet: not stated
    date: 2025-11-20
    title:
      fa: "گزارشی تازه‌تر از کرمان"
      en: "A later report from Kerman"
''').encode("utf-8"))
    replace_file(site / "seeds" / NEWER_SEED, NEWER_TEXT.encode("utf-8"))
    facts = site / "content/facts/kerman.yaml"
    replace_file(facts, (facts.read_text("utf-8").rstrip("\n") + "\n" + NEWER_FACT).encode("utf-8"))
    return site


def test_figures_of_different_dates_show_the_latest_and_keep_the_older_as_history(two_reports, capsys):
    site = two_reports
    assert main(["build", "--root", str(site)]) == 0, capsys.readouterr().err
    en = page(site, "en/provinces/kerman/index.html")
    assert en.count('<span class="figure">more than 1.9 million people</span>') == 1  # the headline card
    assert "more than 1.8 million people</span>" not in en
    assert en.count('<li class="fact" id="fact-kerman-insured-population-later">') == 1
    assert '<li class="fact" id="fact-kerman-insured-population">' not in en
    assert ("report of 20 November 2025</p>" in en)
    assert ('<div class="history"><p><strong>Earlier figures, from older reports:</strong></p>\n  <ul><li '
            'id="fact-kerman-insured-population"><a href="../../sources/002_73cc2be2b670b8e6/'
            '#quote-kerman-insured-population">more than 1,800,000 people</a> · report of 1 June 2025</li></ul>'
            '</div>') in en
    assert "Sources differ" not in en
    fa = page(site, "fa/provinces/kerman/index.html")
    assert ('>بیش از ۱٬۸۰۰٬۰۰۰ نفر</a> · گزارش ۱۱ خرداد ۱۴۰۴</li>') in fa
    compare = page(site, "en/compare/index.html")
    assert "more than 1,900,000 people" in compare and "more than 1,800,000 people" not in compare
    home = page(site, "en/index.html")
    assert "more than 1.9 million" in home and "more than 1.8 million" not in home


def test_figures_of_one_date_that_disagree_still_say_sources_differ(two_reports, capsys):
    site = two_reports
    replace_once(site / "content/seeds.yaml", "    date: 2025-11-20", "    date: 2025-06-01")
    assert main(["build", "--root", str(site)]) == 0, capsys.readouterr().err
    en = page(site, "en/provinces/kerman/index.html")
    assert '<li class="fact" id="fact-kerman-insured-population">' in en
    assert '<li class="fact" id="fact-kerman-insured-population-later">' in en
    assert "<strong>Sources differ:</strong>" in en
    assert "Earlier figures" not in en
