"""#37: statements (claims without a figure) and the site's own prose, which states no free figure:
a number is a reference to the fact that proves it, a claim a reference to its statement."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from factsite.cli import checked, main
from factsite.render.prose import inline_html, plain_text, prose_html
from factsite.render.statements import STATEMENT_FIELDS
from tests.helpers import body_of, replace_file, replace_once, snapshot

pytestmark = pytest.mark.few_public  # no test here builds its `site` successfully


def run(site: Path, capsys, command: str = "build") -> tuple[int, str, str]:
    code = main([command, "--root", str(site)])
    out, err = capsys.readouterr()
    return code, out, err


def links_resolved(html: str) -> str:
    """url() marks shown as the targets they stand for."""
    return html.replace("\x1e", "/").replace("\x1f", "")


@pytest.fixture(scope="module")
def proved(pristine):
    site, problems = checked(pristine)
    assert problems == []
    return site


def test_a_fact_reference_renders_the_proved_figure_with_its_place_in_each_language(proved):
    text = "Covered: [[fact:kerman-insured-population]]."
    assert links_resolved(str(prose_html(text, "en", proved))) == (
        '<p>Covered: <a class="ref" href="/en/facts/kerman-insured-population/"><span class="figure">more than '
        '<span class="nowrap">1,800,000 people</span></span></a> (Kerman).</p>')
    assert links_resolved(str(inline_html("پوشش: [[fact:kerman-insured-population]].", "fa", proved))) == (
        'پوشش: <a class="ref" href="/fa/facts/kerman-insured-population/"><span class="figure">بیش از '
        '<span class="nowrap">۱٬۸۰۰٬۰۰۰ نفر</span></span></a> (کرمان).')
    assert plain_text(text, "en", proved) == "Covered: more than 1,800,000 people (Kerman)."


def test_a_reference_to_a_computed_figure_says_so_and_a_count_says_what_it_counts(proved):
    assert plain_text("[[fact:kerman-population-estimate]]", "en", proved).endswith("(Kerman, computed)")
    assert plain_text("[[fact:kerman-population-estimate]]", "fa", proved).endswith("(کرمان، محاسبه‌شده)")
    assert plain_text("[[fact:national-anti-cancer-drugs-added-2024]]", "en", proved) == "7 drugs (Nationwide)"


def test_a_statement_reference_renders_its_speaker_linked_to_the_quote(proved):
    html = links_resolved(str(inline_html("According to [[statement:kerman-no-liquidity-problem]], no.", "en", proved)))
    assert html == ('According to <a class="said" href="/en/sources/002_73cc2be2b670b8e6/'
                    '#statement-kerman-no-liquidity-problem">Mohammad Jafari, Director-General of Health Insurance, '
                    'Kerman province</a>, no.')
    unnamed = "[[statement:national-contracts-signed-with-center-types]]"
    assert plain_text(unnamed, "en", proved) == "the report"


@pytest.mark.parametrize("rel, old, new, said", [
    ("content/programs/coverage.en.md", "", "Kerman covers 1,800,000 people.\n\n",
     "content/programs/coverage.en.md:1:15: the prose states the figure “1,800,000” — write it as a reference to the "
     "fact that proves it, like [[fact:ID]], or leave it out"),
    ("content/programs/coverage.fa.md", "", "کرمان یک میلیون و ۸۰۰ هزار نفر را پوشش می‌دهد.\n\n",
     "content/programs/coverage.fa.md:1:10: the prose states the figure “میلیون و ۸۰۰ هزار” — write it as a "
     "reference to the fact that proves it, like [[fact:ID]], or leave it out"),
    ("content/pages/about.en.md", "", "Seven drugs were added.\n\n",
     "content/pages/about.en.md:1:1: the prose states the figure “Seven” — write it as a reference to the fact that "
     "proves it, like [[fact:ID]], or leave it out"),
    ("content/pages/about.en.md", "", "See [[fact:no-such-fact]].\n\n",
     "content/pages/about.en.md:1:5: no fact has the id `no-such-fact` — use an id from content/facts/*.yaml"),
    ("content/pages/about.en.md", "", "As [[statment:x]] said.\n\n",
     "content/pages/about.en.md:1:4: `[[statment:x]]` is no reference — write [[fact:ID]] or [[statement:ID]]"),
])
def test_check_refuses_a_free_figure_or_a_broken_reference_in_prose(rel, old, new, said, site, pristine_public, capsys):
    path = site / rel
    replace_file(path, (new + path.read_text("utf-8")).encode("utf-8"))
    code, out, err = run(site, capsys, "check")
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.splitlines()[0] == said
    code, _, err = run(site, capsys)
    assert code == 1 and snapshot(site / "public") == pristine_public


@pytest.mark.parametrize("text", [
    "In 2024 the list grew.", "The year 1403 ended on 20 March 2025.", "Report of 2025-12-01.",
    "سال ۱۴۰۲ در ۲۹ اسفند پایان یافت.", "1. A list item\n2. Another", "هر دو استان گزارش داده‌اند.",
    "[a link](https://example.org/2024/05/page-7)",
])
def test_years_dates_and_list_numbers_are_no_free_figures(text, site, capsys):
    path = site / "content/pages/about.en.md"
    replace_file(path, (text + "\n\n" + path.read_text("utf-8")).encode("utf-8"))
    code, out, err = run(site, capsys, "check")
    assert code == 0, err


def test_a_note_with_a_free_figure_is_refused_at_its_line(site, capsys):
    replace_once(site / "content/facts/kerman.yaml", "refers to the [[fact:kerman-insured-population]]",
                 "refers to the 1,800,000 people")
    code, _, err = run(site, capsys, "check")
    assert code == 1
    assert err.splitlines()[0] == ("content/facts/kerman.yaml:58:5: the prose states the figure “1,800,000” — write it "
                                   "as a reference to the fact that proves it, like [[fact:ID]], or leave it out")


def test_a_statement_whose_quote_is_not_in_its_seed_is_refused_with_its_line(site, capsys):
    replace_once(site / "content/statements.yaml", "در زمینه نقدینگی", "در زمینه پول")
    code, _, err = run(site, capsys, "check")
    assert code == 1
    assert err.splitlines()[0].startswith("content/statements.yaml:16:7: kerman-no-liquidity-problem: the quote does "
                                          "not occur in seeds/002_73cc2be2b670b8e6.txt — copy it verbatim")


def test_a_statement_with_an_unknown_scope_or_program_is_refused(site, capsys):
    replace_once(site / "content/statements.yaml", "scope: kerman", "scope: kermann")
    replace_once(site / "content/statements.yaml", "programs: [coverage]", "programs: [coverag]")
    code, _, err = run(site, capsys, "check")
    assert code == 1
    assert err.splitlines()[:2] == [
        "content/statements.yaml:11:5: kerman-no-liquidity-problem: unknown scope `kermann` — use national or a "
        "province slug from content/scopes.yaml",
        "content/statements.yaml:21:5: mazandaran-largest-insurer: unknown program(s) coverag — use slugs from "
        "content/programs.yaml"]


def test_statements_are_shown_on_their_sheet_program_page_own_page_and_source(pristine):
    public = pristine / "public"
    sheet = body_of((public / "en/provinces/kerman/index.html").read_text("utf-8"))
    assert '<h2 id="said">What officials said</h2>' in sheet
    assert ("Mohammad Jafari, Director-General of Health Insurance, Kerman province · Tasnim News Agency, date not "
            "stated") in sheet
    national = body_of((public / "en/national/index.html").read_text("utf-8"))
    assert '<h2 id="said">What officials and the reports said</h2>' in national
    assert "The report's own words; it names no speaker · outlet not stated, 1 December 2025" in national
    program = body_of((public / "fa/programs/coverage/index.html").read_text("utf-8"))
    assert "سازمان بیمه سلامت بزرگترین سازمان بیمهگر کشور است" in program
    own = body_of((public / "en/statements/index.html").read_text("utf-8"))
    assert own.count('<li id="statement-') == 3
    source = (public / "en/sources/002_73cc2be2b670b8e6/index.html").read_text("utf-8")
    assert 'id="statement-kerman-no-liquidity-problem"' in source


def test_statements_round_trip_through_their_csv_and_json(pristine):
    data = pristine / "public/data"
    records = json.loads((data / "statements.json").read_text("utf-8"))["statements"]
    assert [r["id"] for r in records] == ["national-contracts-signed-with-center-types", "kerman-no-liquidity-problem",
                                          "mazandaran-largest-insurer"]
    kerman = records[1]
    assert kerman == {
        "id": "kerman-no-liquidity-problem", "scope": "kerman", "programs": ["contracted-providers", "cost-sharing"],
        "seed": "002_73cc2be2b670b8e6.txt",
        "quote": "با وجود فشار تحریمها، در زمینه نقدینگی در حوزه بیمه سلامت مشکلی وجود ندارد",
        "quote_translation": "despite the pressure of sanctions, there is no problem of liquidity in health insurance",
        "speaker_fa": "محمد جعفری، مدیرکل بیمه سلامت استان کرمان",
        "speaker_en": "Mohammad Jafari, Director-General of Health Insurance, Kerman province",
        "reported": "not stated", "outlet_en": "Tasnim News Agency",
        "source_fa": "fa/sources/002_73cc2be2b670b8e6/#statement-kerman-no-liquidity-problem",
        "source_en": "en/sources/002_73cc2be2b670b8e6/#statement-kerman-no-liquidity-problem"}
    assert records[0]["speaker_en"] == "not stated"
    raw = (data / "statements.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == STATEMENT_FIELDS
    assert [{**row, "programs": row["programs"].split(";")} for row in rows] == records
