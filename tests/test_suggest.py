"""Issue #39: `suggest` drafts a report's uncited figures as facts to finish, `--write` appends them,
`check` refuses a draft's TODOs at their lines, and `report --uncited` says what no fact cites."""
from __future__ import annotations

from pathlib import Path

import pytest

from factsite.cli import main
from factsite.verify.sentences import read_sentences
from factsite.verify.coverage import uncited_sentences
from tests.helpers import At, copy_site, replace_file

pytestmark = pytest.mark.few_public  # no test here builds its `site` successfully

QAZ = "content/facts/qazvin.yaml"
QAZ_SEED = "003_2204d449335876e7.txt"
FA_SENTENCE = ("به گزارش ایرنا، علی رضایی روز شنبه گفت: در حال حاضر بیش از ۲ میلیون و ۴۰۰ هزار نفر زیر پوشش بیمه "
               "سلامت هستند و ماهیانه حدود ۱٫۵ میلیارد تومان هزینه درمان پرداخت می‌شود.")
EN_SENTENCE = ("TEHRAN – About 1.5 million people were covered so far this year, and more than 2,000 pharmacies "
               "joined, IRNA quoted Ali Rezaei as saying.")
NOT_FIGURES_FA = ("رضایی افزود: ۱٬۲۰۰ داروخانه در سال ۱۴۰۳ با بیمه سلامت قرارداد داشتند.\n\n"
                  "این دو طرف روز سه شنبه ساعت ۱۰ دیدار کردند.\n\nتلفن روابط عمومی: ۰۲۱-۸۸۸۸۱۲۳۴\n\n"
                  "انتهای پیام/۵۱۱/ن\n\nاخبار مرتبط\n\nپرداخت ۳۰۰ میلیارد تومان\n")
NOT_FIGURES_EN = ("The meeting was held on March 3, 2025, at 10:30, and the two sides signed these three documents "
                  "in 2024.\n\nCall +98 21 8888 1234 for details.\n\nRelated news\n\nOver 9,000 clinics opened\n")
INDEX_ENTRY = """  - file: {file}
    scope: gilan
    lang: {lang}
    outlet: not stated
    date: not stated
    title:
      fa: "سند آزمون"
      en: "A test document"
"""


@pytest.fixture
def site(tmp_path) -> Path:
    """A copy of the fixture site's inputs (suggest builds nothing)."""
    return copy_site(tmp_path / "site").resolve()


def add_seed(site: Path, name: str, lang: str, text: str) -> None:
    """Copy a document into the site's seeds/ and index it (scope gilan)."""
    replace_file(site / "seeds" / name, text.encode("utf-8"))
    index = (site / "content/seeds.yaml").read_text("utf-8") + INDEX_ENTRY.format(file=name, lang=lang)
    replace_file(site / "content/seeds.yaml", index.encode("utf-8"))


def run(site: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--root", str(site)])
    out, err = capsys.readouterr()
    return code, out, err


def draft(n: int, seed: str, stated: str, noun: str, value: str, qualifier: str, unit: str, period: str,
          position: int, quote: str, speaker: str, lang: str) -> str:
    """One draft as suggest prints it."""
    other = {"fa": "English", "en": "Persian"}[lang]
    names = {lang: f'"{speaker}"', "fa" if lang == "en" else "en": f'"TODO: the name in {other}"'}
    return (f"  # {seed}: «{stated}» ({noun})\n  - id: TODO-gilan-{seed[:3]}-{n}\n    scope: gilan\n    programs:\n"
            f"      - TODO\n    metric: TODO\n    value: {value}\n    qualifier: {qualifier}\n    unit: {unit}\n"
            f"    period:\n      kind: {period}\n    label:\n"
            '      fa: "TODO: what the figure counts, in Persian"\n      en: "TODO: what the figure counts, in English"\n'
            f"    source:\n      seed: {seed}\n      position: {position}\n      quote: \"{quote}\"\n"
            f'      translation: "TODO: the quote in {other}"\n    speaker:\n      name:\n'
            f"        fa: {names['fa']}\n        en: {names['en']}\n")


def test_a_persian_sentence_with_scale_words_a_hedge_and_two_numbers(site, capsys):
    add_seed(site, "004_fa.txt", "fa", FA_SENTENCE + "\n")
    code, out, err = run(site, capsys, "suggest", "004_fa.txt")
    assert (code, err) == (0, "seeds/004_fa.txt: 2 figure(s), 0 cited by a fact, 2 drafted — paste them, or run "
                              "again with --write\n")
    assert out == ("# Drafts from seeds/004_fa.txt: paste them under `facts:` in content/facts/gilan.yaml, write each "
                   "TODO, then run python build.py check\n"
                   + draft(1, "004_fa.txt", "۲ میلیون و ۴۰۰ هزار", "نفر زیر پوشش", "2400000", "more_than", "people",
                           "as_of_report", 1, FA_SENTENCE, "علی رضایی", "fa")
                   + draft(2, "004_fa.txt", "۱٫۵ میلیارد", "تومان هزینه درمان", "1500000000", "about", "toman",
                           "per_month", 2, FA_SENTENCE, "علی رضایی", "fa"))


def test_an_english_sentence_with_scale_words_a_hedge_and_two_numbers(site, capsys):
    add_seed(site, "005_en.txt", "en", EN_SENTENCE + "\n")
    code, out, err = run(site, capsys, "suggest", "seeds/005_en.txt")
    assert code == 0, err
    first = draft(1, "005_en.txt", "1.5 million", "people were covered", "1500000", "about", "people",
                  "so_far_this_year", 1, EN_SENTENCE, "Ali Rezaei", "en")
    second = draft(2, "005_en.txt", "2,000", "pharmacies joined", "2000", "more_than",
                   "count  # of «pharmacies joined»", "", 2, EN_SENTENCE, "Ali Rezaei", "en").replace(
        "    period:\n      kind: \n", "")  # its clause names no time, and "joined" is past
    assert out.split("\n", 1)[1] == first + second


def drafted_values(out: str) -> list[str]:
    return [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("    value: ")]


def test_years_dates_times_phone_numbers_pointers_and_furniture_are_not_drafted(site, capsys):
    add_seed(site, "006_fa.txt", "fa", NOT_FIGURES_FA)
    add_seed(site, "007_en.txt", "en", NOT_FIGURES_EN)
    code, out, err = run(site, capsys, "suggest", "006_fa.txt")
    assert (code, drafted_values(out)) == (0, ["1200"]), out + err
    assert "      kind: in_iranian_year\n      year: 1403\n" in out   # the year is the figure's period
    code, out, err = run(site, capsys, "suggest", "007_en.txt")
    assert (code, out, err) == (0, "", "seeds/007_en.txt: 0 figure(s), 0 cited by a fact, 0 drafted — nothing to add\n")


def test_a_report_whose_figures_are_all_cited_gives_no_drafts(site, capsys):
    code, out, err = run(site, capsys, "suggest", "001_a9029134c7a88ac7.txt")
    assert (code, out) == (0, "")
    assert err == "seeds/001_a9029134c7a88ac7.txt: 8 figure(s), 8 cited by a fact, 0 drafted — nothing to add\n"


def test_write_appends_to_the_scopes_file_and_leaves_every_byte_already_there(site, capsys):
    before = (site / QAZ).read_bytes()
    _, printed, _ = run(site, capsys, "suggest", QAZ_SEED)
    code, out, err = run(site, capsys, "suggest", QAZ_SEED, "--write")
    after = (site / QAZ).read_bytes()
    line = before.count(b"\n") + 1
    assert (code, out) == (0, "")
    assert err == (f"seeds/{QAZ_SEED}: 10 figure(s), 9 cited by a fact, 1 drafted — appended to {QAZ} from line "
                   f"{line}; write each TODO, then run python build.py check\n")
    assert after[:len(before)] == before
    assert after[len(before):].decode("utf-8") == printed.split("\n", 1)[1]


def test_write_starts_a_new_facts_file_and_ends_an_unended_last_line(site, capsys):
    add_seed(site, "004_fa.txt", "fa", FA_SENTENCE + "\n")
    assert run(site, capsys, "suggest", "004_fa.txt", "--write")[0] == 0
    written = (site / "content/facts/gilan.yaml").read_text("utf-8")
    assert written.startswith("# yaml-language-server: $schema=../../schemas/facts.schema.json\n# Facts: gilan\n"
                              "facts:\n  # 004_fa.txt: «۲ میلیون و ۴۰۰ هزار»")
    unended = (site / QAZ).read_bytes().rstrip(b"\n")
    replace_file(site / QAZ, unended)
    assert run(site, capsys, "suggest", QAZ_SEED, "--write")[0] == 0
    assert (site / QAZ).read_bytes().startswith(unended + b"\n  # 003_")


PLACEHOLDERS = [
    ("id: TODO", "`id` is still the draft's placeholder (TODO-qazvin-003-1) — give the fact an id, unique site-wide, "
                 "that begins with its scope, like kerman-insured-population"),
    ("TODO\n    metric", "`programs` is still the draft's placeholder (TODO) — list the program slugs of "
                         "content/programs.yaml the figure belongs to"),
    ("metric: TODO", "`metric` is still the draft's placeholder (TODO) — write the key of its measure in "
                     "content/metrics.yaml (one counted in the fact's unit)"),
    ('fa: "TODO', "`label.fa` is still the draft's placeholder (TODO: what the figure counts, in Persian) — write "
                  "what the figure counts, of whom, where and when (in Persian)"),
    ('en: "TODO: what', "`label.en` is still the draft's placeholder (TODO: what the figure counts, in English) — "
                        "write what the figure counts, of whom, where and when (in English)"),
    ("translation: \"TODO", "`source.translation` is still the draft's placeholder (TODO: the quote in English) — "
                            "translate the quote, no more and no less than it says"),
    ('en: "TODO: the name', "`speaker.name.en` is still the draft's placeholder (TODO: the name in English) — write "
                           "the speaker's name (in English)"),
]


def test_check_refuses_an_unfinished_draft_at_the_line_of_each_todo(site, capsys):
    run(site, capsys, "suggest", QAZ_SEED, "--write")
    code, out, err = run(site, capsys, "check")
    lines = [f"{At(QAZ, needle, after='id: qazvin-population-estimate').locate(site)}: {message}"
             for needle, message in PLACEHOLDERS]
    assert code == 1
    assert err == "\n".join(lines) + f"\n{len(lines)} problem(s) found.\n"


def test_a_draft_with_its_todos_written_is_proved(site, capsys):
    run(site, capsys, "suggest", QAZ_SEED, "--write")
    text = (site / QAZ).read_text("utf-8")
    for old, new in [("TODO-qazvin-003-1", "qazvin-discount-deciles"), ("      - TODO\n", "      - free-insurance\n"),
                     ("metric: TODO", "metric: free_insurance_deciles"), ('"TODO: what the figure counts, in Persian"',
                     '"دهک‌ها"'), ('"TODO: what the figure counts, in English"', '"deciles"'),
                     ('"TODO: the quote in English"', '"the translation"'), ('"TODO: the name in English"', '"a name"')]:
        text = text.replace(old, new)
    replace_file(site / QAZ, text.encode("utf-8"))
    code, out, err = run(site, capsys, "check")
    assert (code, err) == (0, "")


@pytest.mark.parametrize("args, message", [
    (["suggest", "001"], "seeds/001 is not in content/seeds.yaml — did you mean `001_a9029134c7a88ac7.txt`?\n"),
    (["suggest", QAZ_SEED, "--scope", "qazvn"], "unknown scope `qazvn` — did you mean `qazvin`? A scope is a slug of "
                                                "content/scopes.yaml\n"),
    (["suggest"], "name the report: python build.py suggest SEED, with SEED a file name in seeds/ "
                  "(000_9f764d31df1295ee.txt, 001_a9029134c7a88ac7.txt, 002_73cc2be2b670b8e6.txt, "
                  "003_2204d449335876e7.txt)\n"),
    (["check", QAZ_SEED], "SEED is for `suggest` only — leave it out of `check`\n"),
    (["build", "--uncited"], "--uncited is for `report` only — leave it out of `build`\n"),
])
def test_what_suggest_cannot_do_is_said_in_one_line(site, capsys, args, message):
    code, out, err = run(site, capsys, *args)
    assert (code, out, err) == (1, "", message)


def test_report_uncited_gives_each_seeds_coverage_and_what_no_fact_cites(site, capsys):
    code, out, err = run(site, capsys, "report", "--uncited")
    assert code == 0, err
    lines = out.splitlines()
    assert [line for line in lines if not line.startswith("  ")] == [
        "000_9f764d31df1295ee.txt (national): 13 of 13 figures cited",
        "001_a9029134c7a88ac7.txt (mazandaran): 8 of 8 figures cited",
        "002_73cc2be2b670b8e6.txt (kerman): 7 of 7 figures cited",
        "003_2204d449335876e7.txt (qazvin): 9 of 10 figures cited"]
    assert "  line 11: figure not cited, «چهار تا هشت» (number 2 of: وی از توسعه پوشش بیمه همگانی و رایگان شدن بیمه " \
           "برای سه دهک اول جامعه خبر داد و اضافه کرد: همچنین دهک چهار تا هشت نیز از…)" in lines
    assert "  line 21: attributed, not cited: “We hope to witness an increase in the number of health centers that are " \
           "parties to the contract with Health Insurance …" in lines
    # 12: the fixture's statement mazandaran-largest-insurer cites one more attributed sentence (#37)
    assert sum(line.startswith("  line ") and "attributed, not cited" in line for line in lines) == 12


def test_report_uncited_in_markdown_leads_with_the_coverage_lines(site, capsys):
    code, out, err = run(site, capsys, "report", "--uncited", "--format", "markdown")
    assert out.splitlines()[:4] == ["### What the reports say that no fact cites", "",
                                    "- **000_9f764d31df1295ee.txt (national): 13 of 13 figures cited**, 2 attributed "
                                    "sentence(s) not cited",
                                    "- **001_a9029134c7a88ac7.txt (mazandaran): 8 of 8 figures cited**, 3 attributed "
                                    "sentence(s) not cited"]
    assert "<details><summary>003_2204d449335876e7.txt</summary>" in out


def test_a_sentence_is_cited_by_any_quote_that_covers_part_of_it():
    sentences = read_sentences("Ali said the plan works. Nothing here. Sara said more is needed.", "en")
    assert [s.text for s in uncited_sentences(sentences, [])] == ["Ali said the plan works.",
                                                                 "Sara said more is needed."]
    assert [s.text for s in uncited_sentences(sentences, [(4, 8)])] == ["Sara said more is needed."]
