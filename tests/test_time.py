"""#16: what time a figure covers, and figures of one scope and measure from reports of different dates."""
from __future__ import annotations

import csv
import io
import json

import pytest

from factsite.cli import main
from tests.helpers import replace_file, replace_once, snapshot

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
    assert "<dt>Period</dt> <dd>per month</dd>" in page(pristine, "en/facts/kerman-monthly-medical-payments/index.html")
    assert "<dt>بازه</dt> <dd>ماهانه</dd>" in page(pristine, "fa/facts/kerman-monthly-medical-payments/index.html")
    assert '<td data-label="Period">per month</td>' in page(pristine, "en/provinces/kerman/index.html")
    national_en = page(pristine, "en/national/index.html")
    assert '<td data-label="Period">so far in the current year, up to the report</td>' in national_en
    assert '<td data-label="Period">in 2024</td>' in national_en
    national_fa = page(pristine, "fa/national/index.html")
    assert '<td data-label="بازه">از آغاز سال جاری تا زمان گزارش</td>' in national_fa
    assert '<td data-label="بازه">در سال ۲۰۲۴ میلادی</td>' in national_fa
    assert '<td data-label="بازه">سال گذشتهٔ خورشیدی، پیش از گزارش</td>' in national_fa
    assert "<dt>Period</dt> <dd>not stated</dd>" in page(pristine, "en/facts/kerman-free-insurance-town-threshold/index.html")


def test_the_measure_is_defined_on_each_figures_page(pristine):
    assert ('<dt>Measure</dt> <dd><a href="../../compare/special_disease_groups_covered/">Special-disease groups '
            'covered</a>: Special-disease groups whose coverage has been put in place in the province; disease '
            'groups, not individual diseases.</dd>') in page(pristine, "en/facts/mazandaran-special-disease-groups/index.html")
    assert ('<dt>سنجه</dt> <dd><a href="../../compare/special_diseases_covered/">بیماری‌های خاص و صعب‌العلاج زیر پوشش</a>: '
            'بیماری‌های خاص و صعب‌العلاجی که') in page(pristine, "fa/facts/qazvin-special-diseases/index.html")


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
@pytest.mark.few_public
def test_a_wrong_period_is_refused_with_what_to_do(site, pristine_public, capsys, period, message):
    facts = site / "content/facts/kerman.yaml"
    replace_once(facts, "    period:\n      kind: per_month", "    period:\n      " + period)
    assert main(["build", "--root", str(site)]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "content/facts/kerman.yaml:" in err and "Traceback" not in err
    assert snapshot(site / "public") == pristine_public


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


@pytest.mark.without_search
def test_figures_of_different_dates_show_the_latest_and_keep_the_older_as_history(two_reports, capsys):
    site = two_reports
    assert main(["build", "--root", str(site)]) == 0, capsys.readouterr().err
    en = page(site, "en/provinces/kerman/index.html")
    assert ('<a class="figure" href="../../facts/kerman-insured-population-later/">more than '
            '<span class="nowrap">1.9 million people</span></a>') in en
    assert "1.8 million" not in en and "1,800,000" not in en
    assert ('<td class="num" data-label="Value">more than <span class="nowrap">1,900,000 people</span> '
            '<a class="tag-mark" href="../../facts/kerman-insured-population-later/#history">(earlier figures)</a></td>'
            '<td data-label="Period">as of the report</td><td data-label="Report">20 November 2025</td></tr>') in en
    assert "sources differ" not in en
    later = page(site, "en/facts/kerman-insured-population-later/index.html")
    assert ('<div class="history" id="history"><p><strong>Earlier figures, from older reports:</strong></p>\n'
            '<ul><li><a href="../kerman-insured-population/">more than <span class="nowrap">1,800,000 people</span></a> '
            '· report of 1 June 2025'
            '</li></ul></div>') in later
    assert "<dt>Report</dt> <dd>report of 20 November 2025</dd>" in later
    fa = page(site, "fa/facts/kerman-insured-population-later/index.html")
    assert '>بیش از <span class="nowrap">۱٬۸۰۰٬۰۰۰ نفر</span></a> · گزارش ۱۱ خرداد ۱۴۰۴</li>' in fa
    older = page(site, "en/facts/kerman-insured-population/index.html")
    assert "<dt>Report</dt> <dd>report of 1 June 2025</dd>" in older
    compare = page(site, "en/compare/insured_population/index.html")
    assert "more than 1,900,000 people" in compare and "more than 1,800,000 people" not in compare
    home = page(site, "en/index.html")
    assert "1.9 million people" in home and "1.8 million people" not in home


@pytest.mark.without_search
def test_figures_of_one_date_that_disagree_still_say_sources_differ(two_reports, capsys):
    site = two_reports
    replace_once(site / "content/seeds.yaml", "    date: 2025-11-20", "    date: 2025-06-01")
    assert main(["build", "--root", str(site)]) == 0, capsys.readouterr().err
    en = page(site, "en/provinces/kerman/index.html")
    assert '<tr><th scope="row"><a href="../../facts/kerman-insured-population/">' in en
    assert '<tr><th scope="row"><a href="../../facts/kerman-insured-population-later/">' in en
    assert en.count("(sources differ)</a>") == 2
    assert "earlier figures" not in en
