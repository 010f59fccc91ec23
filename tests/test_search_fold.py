"""#19: search finds what readers type on an Arabic keyboard layout — the index and the query are folded alike."""
from __future__ import annotations

from factsite.cli import main
from factsite.render.typography import search_fold
from tests.helpers import replace_file


def test_search_folds_arabic_letter_forms_and_marks():
    assert search_fold("بيمه سلامت كرمان") == "بیمه سلامت کرمان"
    assert search_fold("بیمـه‌ی رایگانٌ") == "بیمه‌ی رایگان"  # tatweel and a mark go; ZWNJ stays
    assert search_fold("بیمه سلامت کرمان") == ""  # nothing to fold: no second copy for the index


def test_a_source_with_arabic_letter_forms_is_indexed_folded(site, capsys):
    seed = site / "seeds/002_73cc2be2b670b8e6.txt"
    text = seed.read_text("utf-8")
    replace_file(seed, text.replace("مدیرکل بیمه سلامت استان کرمان در", "مدیرکل بيمه سلامت استان كرمان در", 1)
                 .encode("utf-8"))
    assert main(["build", "--root", str(site)]) == 0, capsys.readouterr().err
    page = (site / "public/fa/sources/002_73cc2be2b670b8e6/index.html").read_text("utf-8")
    assert "مدیرکل بيمه سلامت استان كرمان در" in page  # the source is shown as it is written
    assert 'data-pagefind-index-attrs="data-folded" data-folded="' in page
    folded = page.split('data-folded="', 1)[1].split('"', 1)[0]
    assert "مدیرکل بیمه سلامت استان کرمان در" in folded and "ي" not in folded and "ك" not in folded
    other = (site / "public/fa/sources/003_2204d449335876e7/index.html").read_text("utf-8")
    assert "data-folded" not in other
