"""Words and layouts that do not mislead (issue #37, parts 4 and 5): a source page is named by its outlet
and date, the site's own summary is labelled as the site's, the outlet's page furniture is marked, a
computed measure says "computed", an empty province sheet says plainly that it is empty, figures
never break inside, and a label's colon stays on its words' side."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from factsite.cli import main
from factsite.render.factpages import _counted
from factsite.render.typography import figure_html, text_for
from tests.helpers import replace_once

TASNIM = "002_73cc2be2b670b8e6"   # Tasnim's report from Kerman: no date, the outlet's menus below it
TEHRAN_TIMES = "000_9f764d31df1295ee"  # the English report of 1 December 2025: no outlet named
FURNITURE = 'furniture_starts: "پربینندهترین اخبار استانها"'


def page(root: Path, path: str) -> str:
    return (root / "public" / path / "index.html").read_text("utf-8")


def main_of(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def test_a_source_page_is_headed_by_its_outlet_and_date(pristine):
    assert "<h1>Tasnim News Agency, date not stated</h1>" in page(pristine, f"en/sources/{TASNIM}")
    assert "<h1>خبرگزاری تسنیم، تاریخ ذکر نشده</h1>" in page(pristine, f"fa/sources/{TASNIM}")
    assert "<h1>Outlet not stated, 1 December 2025</h1>" in page(pristine, f"en/sources/{TEHRAN_TIMES}")
    assert "<h1>رسانه ذکر نشده، ۱۰ آذر ۱۴۰۴</h1>" in page(pristine, f"fa/sources/{TEHRAN_TIMES}")
    assert ("<title>Tasnim News Agency, date not stated · Iran Health Insurance in Figures</title>"
            in page(pristine, f"en/sources/{TASNIM}"))


def test_the_summary_the_site_wrote_is_labelled_as_the_sites(pristine):
    assert ('<h1>Tasnim News Agency, date not stated</h1>\n<p class="site-summary"><span class="tag">Summary written '
            'by this site:</span> Kerman province&#39;s health insurance director-general visits Tasnim&#39;s '
            'provincial office</p>') in page(pristine, f"en/sources/{TASNIM}")
    assert ('<p class="site-summary"><span class="tag">خلاصه‌ای که این وبگاه نوشته است:</span> بازدید مدیرکل بیمه '
            'سلامت استان کرمان از دفتر استانی تسنیم</p>') in page(pristine, f"fa/sources/{TASNIM}")
    listed = page(pristine, "en/sources")
    assert (f'<a href="{TASNIM}/">Tasnim News Agency, date not stated</a>\n<span class="site-summary"><span '
            'class="tag">Summary written by this site:</span> Kerman province&#39;s') in listed


def test_the_outlets_page_furniture_is_shown_apart_and_marked(pristine):
    html = main_of(page(pristine, f"en/sources/{TASNIM}"))
    article, furniture = html.split('<section class="furniture"')
    assert "<p>انتهای پیام/۵۱۱/ن</p>" in article and "پربینندهترین" not in article
    assert furniture.startswith(' aria-labelledby="furniture-below" data-pagefind-ignore>\n  <h2 id="furniture-below">'
                                "The outlet's page below the article (menus, related news)</h2>\n  <p class=\"hint\">"
                                "Copied with the article from the outlet's page; not part of the report.</p>")
    assert "<p>پربینندهترین اخبار استانها</p>" in furniture and "<p>رایتل</p>" in furniture
    assert "<p>triboon</p>" not in furniture and '<p><bdi lang="en">triboon</bdi></p>' in furniture  # not dropped
    fa = main_of(page(pristine, f"fa/sources/{TASNIM}"))
    assert '<h2 id="furniture-below">صفحهٔ رسانه زیر خبر (فهرست‌ها، اخبار مرتبط)</h2>' in fa
    assert 'class="furniture"' not in page(pristine, f"en/sources/{TEHRAN_TIMES}")


@pytest.mark.without_search
def test_furniture_above_the_article_has_its_own_section(bare_site, capsys):
    replace_once(bare_site / "content/seeds.yaml", FURNITURE, FURNITURE + '\n    article_starts: "محمد جعفری"')
    assert main(["build", "--root", str(bare_site)]) == 0, capsys.readouterr().err
    html = main_of(page(bare_site, f"en/sources/{TASNIM}"))
    above = html[html.index('<section class="furniture" aria-labelledby="furniture-above"'):html.index("full-text")]
    assert ('<h2 id="furniture-above">The outlet\'s page above the article (menus, headlines)</h2>' in above
            and above.count("<p>بازدید مدیرکل بیمه سلامت استان کرمان از دفتر استانی تسنیم+ تصاویر</p>") == 2)


def test_a_furniture_line_the_seed_lacks_is_an_error_with_its_place(bare_site, capsys):
    seeds = bare_site / "content/seeds.yaml"
    replace_once(seeds, FURNITURE, 'furniture_starts: "اخبار ورزشی"\n    article_starts: "بازدید مدیرکل"')
    line = seeds.read_text("utf-8").splitlines().index('    furniture_starts: "اخبار ورزشی"') + 1
    assert main(["check", "--root", str(bare_site)]) == 1
    err = capsys.readouterr().err
    assert (f"content/seeds.yaml:{line}:5: `furniture_starts` «اخبار ورزشی» begins no line in seeds/{TASNIM}.txt — "
            "copy the first words of that line from the document, enough of them to name one line") in err
    assert (f"content/seeds.yaml:{line + 1}:5: `article_starts` «بازدید مدیرکل» begins 2 lines in seeds/{TASNIM}.txt"
            " — copy the first words of that line from the document, enough of them to name one line") in err


def test_a_measure_only_computed_says_computed_never_reported(pristine):
    en = page(pristine, "en/compare/population_estimate")
    assert ('<p class="summary">No province reports it; it is computed for <span class="nowrap">2</span> provinces. '
            'The largest figure is Kerman&#39;s: about <span class="nowrap">2,800,000 people</span>.</p>') in en
    fa = page(pristine, "fa/compare/population_estimate")
    assert ('<p class="summary">هیچ استانی آن را گزارش نکرده است؛ برای <span class="nowrap">۲</span> استان محاسبه '
            'شده است. بزرگ‌ترین رقم از آنِ کرمان است: حدود <span class="nowrap">۲٬۸۰۰٬۰۰۰ نفر</span>.</p>') in fa
    assert "provinces report it" not in en
    assert ('<span class="meta-inline">provinces reporting: 0 · computed for 2 provinces</span>'
            in page(pristine, "en/compare"))
    assert ('<span class="meta-inline">استان‌های گزارش‌دهنده: ۰ · برای ۲ استان محاسبه شده</span>'
            in page(pristine, "fa/compare"))


def test_a_measure_both_reported_and_computed_says_how_many_of_each():
    assert _counted(2, 1, 31, "en") == "2 of 31 provinces report it, and it is computed for 1 other province"
    assert _counted(1, 3, 31, "en") == "1 of 31 provinces reports it, and it is computed for 3 other provinces"
    assert _counted(2, 1, 31, "fa") == "۲ استان از ۳۱ استان آن را گزارش کرده‌اند، و برای ۱ استان دیگر محاسبه شده است"
    assert _counted(0, 1, 31, "en") == "No province reports it; it is computed for 1 province"


def test_an_empty_province_sheet_says_so_plainly(pristine):
    en = main_of(page(pristine, "en/provinces/alborz"))
    assert ('<h1>Alborz province</h1>\n<p class="nothing-here">The sources on this site do not mention Alborz '
            'province, so there are no figures for it here.</p>\n</main') in en + "</main"
    assert "<h2" not in en and "figure by figure" not in en
    fa = main_of(page(pristine, "fa/provinces/alborz"))
    assert ('<p class="nothing-here">منابع این وبگاه از استان البرز نامی نمی‌برند؛ از این رو عددی برای آن در این‌جا '
            'نیست.</p>') in fa and "<h2" not in fa
    assert ('<meta name="description" content="The sources on this site do not mention Alborz province, so there '
            'are no figures for it here.">') in page(pristine, "en/provinces/alborz")


def test_an_empty_sheet_of_a_province_a_source_names_lists_that_source(pristine):
    en = main_of(page(pristine, "en/provinces/tehran"))  # the English report's dateline: "TEHRAN –"
    assert ('<p class="nothing-here">The sources on this site give no figure for Tehran province; its name appears '
            f'only in these:</p>\n<ul class="sources"><li><a href="../../sources/{TEHRAN_TIMES}/">Outlet not stated, '
            '1 December 2025</a>') in en
    assert "<h2" not in en


def test_readers_never_see_the_word_scope(pristine):
    for path in ("en/provinces/alborz", "en/national", "en/compare", "fa/provinces/alborz"):
        text = re.sub(r"<[^>]*>", " ", main_of(page(pristine, path)))
        assert "scope" not in text.lower() and "محدوده" not in text, path
    catalog = (Path(__file__).resolve().parent.parent / "locale/fa/LC_MESSAGES/messages.po").read_text("utf-8")
    assert "scope" not in catalog.lower() and "محدوده" not in catalog


def test_a_figure_and_its_unit_are_one_unbreakable_piece():
    assert figure_html("more than 1,800,000 people") == 'more than <span class="nowrap">1,800,000 people</span>'
    assert figure_html("بیش از ۱٬۸۰۰٬۰۰۰ نفر") == 'بیش از <span class="nowrap">۱٬۸۰۰٬۰۰۰ نفر</span>'
    assert figure_html("۷۰ تا ۹۵ درصد") == '<span class="nowrap">۷۰ تا ۹۵ درصد</span>'
    assert figure_html("about 480 billion toman") == 'about <span class="nowrap">480 billion toman</span>'
    assert figure_html(text_for("Kerman's: 5", "en")) == 'Kerman&#39;s: <span class="nowrap">5</span>'  # not &#39;


def test_table_cells_carry_their_columns_name_for_phones(pristine):
    row = re.search(r'<tr><th scope="row"><a href="../../facts/kerman-insured-population/">.*?</tr>',
                    page(pristine, "fa/provinces/kerman")).group(0)
    assert ('<td class="num" data-label="مقدار">بیش از <span class="nowrap">۱٬۸۰۰٬۰۰۰ نفر</span></td>'
            '<td data-label="بازه">در زمان گزارش</td><td data-label="گزارش">تاریخ ذکر نشده</td></tr>') in row


def test_a_labels_colon_stays_after_its_words_beside_the_other_language(pristine):
    fa = page(pristine, "fa/facts/kerman-insured-population")
    assert ('<p class="citation" lang="en" dir="ltr"><span class="tag" lang="fa" dir="rtl">به انگلیسی:</span> '
            in fa)
    assert '<p class="citation" lang="fa" dir="rtl"><span class="tag">به فارسی:</span> ' in fa
    en = page(pristine, "en/facts/kerman-insured-population")
    assert '<p class="citation" lang="fa" dir="rtl"><span class="tag" lang="en" dir="ltr">In Persian:</span> ' in en
    assert '<p class="citation" lang="en" dir="ltr"><span class="tag">In English:</span> ' in en
    assert text_for("به گزارش IRNA:", "fa") == 'به گزارش <bdi lang="en">IRNA</bdi>:'


def test_a_quote_from_the_outlets_page_furniture_is_refused(bare_site, capsys):
    """A figure proved against a menu or a list of related news would not be the report's."""
    replace_once(bare_site / "content/seeds.yaml", FURNITURE,
                 'furniture_starts: "مدیرکل بیمه سلامت استان کرمان با اشاره"')
    assert main(["check", "--root", str(bare_site)]) == 1
    assert (": kerman-free-insurance-town-threshold: the quote is in the outlet's page around the article in "
            f"seeds/{TASNIM}.txt (its menus or related news), not in the report — quote the article, or correct "
            "`furniture_starts`/`article_starts` in content/seeds.yaml") in capsys.readouterr().err
