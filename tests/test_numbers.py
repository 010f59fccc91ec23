"""Tests for factsite.numbers: the number mentions of Persian and English news text."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factsite.verify.normalize import normalize
from factsite.verify.numbers import Mention, find_numbers, parse_number_phrase
from tests.helpers import FIXTURE_SITE

SEEDS = FIXTURE_SITE / "seeds"  # documents the tests know
D = Decimal

# (text, [(value, value_max, qualifier), ...]) — every mention, in order.
TABLE = [
    ("یک میلیون و ۶۷۳ هزار", [(1673000, None, "exact")]),
    ("۵۵۷ هزار و ۲۷۶", [(557276, None, "exact")]),
    ("بالغ بر یک میلیون و 800 هزار", [(1800000, None, "more_than")]),
    ("بیش از  هزار و 600 مؤسسه", [(1600, None, "more_than")]),
    ("هزار و 600", [(1600, None, "exact")]),
    ("۴۸۰ میلیارد تومان", [(480000000000, None, "exact")]),
    ("حدود ۴۸۰ میلیارد تومان", [(480000000000, None, "about")]),
    ("از ۶ نوع بیماری به ۲۹ بیماری", [(6, None, "exact"), (29, None, "exact")]),
    ("حدود 65 درصد", [(65, None, "about")]),
    ("۱۳۰ گروه بیماری خاص", [(130, None, "exact")]),
    ("پنج صندوق", [(5, None, "exact")]),
    ("سه دهک اول", [(3, None, "exact")]),
    ("دهک چهار تا هشت", [(4, 8, "exact")]),
    ("بیست و پنج", [(25, None, "exact")]),
    ("سیصد و بیست و یک هزار", [(321000, None, "exact")]),
    ("دو میلیون و پانصد هزار", [(2500000, None, "exact")]),
    ("۱۳٬۹۳۱", [(13931, None, "exact")]),
    ("۱۳,۹۳۱", [(13931, None, "exact")]),
    ("۱٫۶۷ میلیون", [(1670000, None, "exact")]),
    ("seven more anti-cancer drugs", [(7, None, "exact")]),
    ("a total of 90 anti-cancer drugs", [(90, None, "exact")]),
    ("paying 70 to 95 percent of their costs", [(70, 95, "exact")]),
    ("More than 53,000 centers", [(53000, None, "more_than")]),
    ("13,931 pharmacies, 20,804 doctors’ offices, 2,049 clinics, 2,446 independent laboratories, "
     "and 4261 rehabilitation centers",
     [(13931, None, "exact"), (20804, None, "exact"), (2049, None, "exact"), (2446, None, "exact"),
      (4261, None, "exact")]),
    ("increased by seven percent", [(7, None, "exact")]),
    ("1.67 million", [(1670000, None, "exact")]),
    ("480 billion", [(480000000000, None, "exact")]),
    ("two thousand", [(2000, None, "exact")]),
    ("twenty-five", [(25, None, "exact")]),
    # The dash between "2025" and "March" joins no two numbers: 2025 and 2026 are separate mentions.
    ("the Iranian calendar year 1404 (March 2025-March 2026)",
     [(1404, None, "exact"), (2025, None, "exact"), (2026, None, "exact")]),
]

MORE = [
    ("۶۹ گروه بسته حمایتی دارند و ۶۱ گروه دیگر", [(69, None, "exact"), (61, None, "exact")]),
    ("۳۰ و ۴۰", [(30, None, "exact"), (40, None, "exact")]),
    ("۳۰ هزار و ۱۵ هزار", [(30000, None, "exact"), (15000, None, "exact")]),
    ("سیاست دهکها داده صدا نهاد بهشت صدها هزاران", []),
    ("often tenth; the tenth, Often", []),
    ("نه تنها بیمه", []),
    ("نه نفر", [(9, None, "exact")]),
    ("بیست و نه نفر", [(29, None, "exact")]),
    ("one hundred and five", [(105, None, "exact")]),
    ("two million five hundred thousand", [(2500000, None, "exact")]),
    ("هزار میلیارد تومان", [(10 ** 12, None, "exact")]),
    ("یک صد و ده", [(110, None, "exact")]),
    ("حدود ۳۰ تا ۴۰ هزار نفر", [(30000, 40000, "about")]),
    ("from 500 to 2 thousand", [(500, 2000, "exact")]),
    ("ages 70-95 and 70–95", [(70, 95, "exact"), (70, 95, "exact")]),
    ("between 2024 - 2020", [(2024, None, "exact"), (2020, None, "exact")]),
    ("some 90 drugs, over 5 and nearly 7", [(90, None, "about"), (5, None, "more_than"), (7, None, "about")]),
    ("moreover 5 and takeover 6", [(5, None, "exact"), (6, None, "exact")]),
    ("حدوداً ۲۰ و نزدیک به ۳۰ و قریب ۴۰ و بیشتر از ۵۰ و افزون بر ۶۰", [
        (20, None, "about"), (30, None, "about"), (40, None, "about"), (50, None, "more_than"),
        (60, None, "more_than")]),
    ("بیش از، ۵۰", [(50, None, "exact")]),
    ("علي ۱۲،۳۴۵ و ٣٤", [(12345, None, "exact"), (34, None, "exact")]),
    ("1,2345", [(1, None, "exact"), (2345, None, "exact")]),
    ("انتهای پیام/511/ن", [(511, None, "exact")]),
]

# Real-news forms found by the benchmark generator.
NEWS = [
    # A scale multiplies everything since the last larger scale.
    ("هزار و ۲۰۰ میلیارد تومان", [(1200000000000, None, "exact")]),
    ("۲ هزار و ۵۰۰ میلیارد", [(2500000000000, None, "exact")]),
    ("۱۲ هزار و ۵۰۰ میلیارد", [(12500000000000, None, "exact")]),
    ("هزار میلیارد", [(10 ** 12, None, "exact")]),
    ("یک هزار و پانصد میلیون تومان", [(1500000000, None, "exact")]),
    # Halves.
    ("یک و نیم میلیون", [(1500000, None, "exact")]),
    ("دو و نیم میلیارد", [(2500000000, None, "exact")]),
    ("نیم میلیون", [(500000, None, "exact")]),
    ("یک میلیون و نیم", [(1500000, None, "exact")]),
    ("۲۰ و نیم درصد", [(D("20.5"), None, "exact")]),
    ("half a million", [(500000, None, "exact")]),
    ("one and a half million", [(1500000, None, "exact")]),
    ("1.5 million", [(1500000, None, "exact")]),
    ("two and a half", [(D("2.5"), None, "exact")]),
    ("half of the people", []),
    ("نیم ساعت", []),
    # «/» as the decimal sign in Persian text; dates stay dates.
    ("۲/۵ درصد", [(D("2.5"), None, "exact")]),
    ("نرخ تورم ۱۲/۵ درصد بود", [(D("12.5"), None, "exact")]),
    ("در تاریخ ۱۴۰۴/۰۹/۱۰ اعلام شد", [(1404, None, "exact"), (9, None, "exact"), (10, None, "exact")]),
    ("در تاریخ ۱۰/۰۹/۱۴۰۴ اعلام شد", [(10, None, "exact"), (9, None, "exact"), (1404, None, "exact")]),
    ("open 24/7", [(24, None, "exact"), (7, None, "exact")]),
    # Ranges.
    ("۷۰ الی ۹۵ درصد", [(70, 95, "exact")]),
    ("از ۷۰ تا ۹۵ درصد", [(70, 95, "exact")]),
    ("between 70 and 95 percent", [(70, 95, "exact")]),
    ("from 70 to 95 percent", [(70, 95, "exact")]),
    ("بین ۵۰۰ هزار و یک میلیون تومان", [(500000, 1000000, "exact")]),
    ("between 2 and 3 million", [(2000000, 3000000, "exact")]),
    ("از ۶ نوع بیماری به ۲۹ بیماری", [(6, None, "exact"), (29, None, "exact")]),
    # Hedges.
    ("تقریباً ۶۵ درصد", [(65, None, "about")]),
    ("تقریبا ۶۵ درصد", [(65, None, "about")]),
    ("roughly 5, approximately 6 and nearly 7", [(5, None, "about"), (6, None, "about"), (7, None, "about")]),
    ("upwards of 53,000 centers", [(53000, None, "more_than")]),
    ("در شهرهای زیر 25 هزار نفر جمعیت", [(25000, None, "less_than")]),
    ("کمتر از ۵ و کم‌تر از ۶", [(5, None, "less_than"), (6, None, "less_than")]),
    ("under 25,000 people", [(25000, None, "less_than")]),
    ("less than 5, fewer than 6 and below 7", [(5, None, "less_than"), (6, None, "less_than"),
                                              (7, None, "less_than")]),
    ("دست‌کم ۶۵ درصد و دستکم ۷ و حداقل ۸", [(65, None, "at_least"), (7, None, "at_least"),
                                          (8, None, "at_least")]),
    ("at least 65 percent, no less than 7", [(65, None, "at_least"), (7, None, "at_least")]),
    # Scale suffixes after digits.
    ("1.7m people", [(1700000, None, "exact")]),
    ("53k centers", [(53000, None, "exact")]),
    ("a 2bn budget", [(2000000000, None, "exact")]),
    ("5km and 3mg", [(5, None, "exact"), (3, None, "exact")]),
]


def triples(mentions: list[Mention]) -> list[tuple[Decimal, Decimal | None, str]]:
    """The (value, value_max, qualifier) of each mention."""
    return [(m.value, m.value_max, m.qualifier) for m in mentions]


def expected(rows: list[tuple[int, int | None, str]]) -> list[tuple[Decimal, Decimal | None, str]]:
    """The table's rows as Decimals."""
    return [(D(v), None if hi is None else D(hi), q) for v, hi, q in rows]


def test_dates_are_not_slash_decimals() -> None:
    for text in ("۱۴۰۴/۰۹/۱۰", "۱۰/۰۹/۱۴۰۴", "تاریخ ۱۴۰۴/۹/۵", "سال ۱۴۰۴/۹"):
        assert all(m.value == m.value.to_integral_value() for m in find_numbers(text)), text


@pytest.mark.parametrize("text, rows", TABLE + MORE + NEWS)
def test_find_numbers(text: str, rows: list[tuple[int, int | None, str]]) -> None:
    assert triples(find_numbers(text)) == expected(rows)


def test_spans_index_the_normalized_text() -> None:
    text = "بیمه\u200cشدگان: بالغ بر یک\u00a0میلیون و ۸۰۰ هزار نفر؛ حدود 65 درصد"
    norm = normalize(text)
    first, second = find_numbers(text)
    assert norm[first.start:first.end] == "یک میلیون و 800 هزار"
    assert norm[second.start:second.end] == "65"
    rng = find_numbers("paying 70 to 95 percent")[0]
    assert "paying 70 to 95 percent"[rng.start:rng.end] == "70 to 95"


def test_decimal_values_are_tidy() -> None:
    (mention,) = find_numbers("1.67 million")
    assert str(mention.value) == "1670000"
    assert find_numbers("2.5 percent")[0].value == D("2.5")


def test_real_seed_figures() -> None:
    text = (SEEDS / "001_a9029134c7a88ac7.txt").read_text(encoding="utf-8")
    values = {m.value for m in find_numbers(text)}
    assert {D(130), D(19), D(1673000), D(837000), D(480 * 10 ** 9), D(69), D(61)} <= values


@pytest.mark.parametrize("text, value", [
    ("یک میلیون و ۶۷۳ هزار", 1673000), ("twenty-five", 25), ("۱۳٬۹۳۱", 13931), ("هزار", 1000),
    ("", None), ("بیمه", None), ("70 to 95", None), ("more than 5", None), ("5 نفر", None),
    ("هزار و ۲۰۰ میلیارد", 1200000000000), ("یک و نیم میلیون", 1500000), ("53k", 53000),
    ("under 5", None),
])
def test_parse_number_phrase(text: str, value: int | None) -> None:
    assert parse_number_phrase(text) == (None if value is None else D(value))


# ---- Generators that write numbers the way news does (independent of the parser) ----

FA_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
FA_UNITS = ["", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"]
FA_TEENS = ["ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده"]
FA_TENS = ["", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"]
FA_HUNDREDS = ["", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"]
FA_SCALES = ["", "هزار", "میلیون", "میلیارد", "تریلیون"]
EN_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
EN_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen"]
EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
EN_SCALES = ["", "thousand", "million", "billion", "trillion"]


def groups_of(n: int) -> list[tuple[int, int]]:
    """(group value, power of 1000) for each non-zero three-digit group, largest first."""
    out, power = [], 0
    while n:
        n, g = divmod(n, 1000)
        if g:
            out.append((g, power))
        power += 1
    return out[::-1]


def fa_digits(n: int, sep: str = "") -> str:
    """n in Persian digits, optionally grouped with a separator."""
    text = f"{n:,}".replace(",", sep)
    return text.translate(str.maketrans("0123456789", FA_DIGITS))


def fa_below_thousand(g: int) -> str:
    """Persian words for 1..999."""
    hundreds, rest = divmod(g, 100)
    parts = [FA_HUNDREDS[hundreds]] if hundreds else []
    if 10 <= rest < 20:
        parts.append(FA_TEENS[rest - 10])
    elif rest:
        tens, unit = divmod(rest, 10)
        parts += [w for w in (FA_TENS[tens], FA_UNITS[unit]) if w]
    return " و ".join(parts)


def en_below_thousand(g: int, use_and: bool) -> str:
    """English words for 1..999."""
    hundreds, rest = divmod(g, 100)
    head = f"{EN_UNITS[hundreds]} hundred" if hundreds else ""
    if 10 <= rest < 20:
        tail = EN_TEENS[rest - 10]
    else:
        tens, unit = divmod(rest, 10)
        tail = "-".join(w for w in (EN_TENS[tens], EN_UNITS[unit]) if w)
    if head and tail:
        return f"{head} and {tail}" if use_and else f"{head} {tail}"
    return head or tail


@st.composite
def persian_mixed(draw: st.DrawFn, n: int) -> str:
    """«یک میلیون و 800 هزار», «۵۵۷ هزار و ۲۷۶», «سیصد و بیست و یک هزار» and the like."""
    if n == 0:
        return draw(st.sampled_from(["صفر", "0", "۰"]))
    parts = []
    for g, power in groups_of(n):
        style = draw(st.sampled_from(["words", "ascii", "persian"]))
        body = {"words": fa_below_thousand(g), "ascii": str(g), "persian": fa_digits(g)}[style]
        if (g, power, style) == (1, 1, "words") and draw(st.booleans()):
            body = ""                                     # «هزار» for «یک هزار»
        parts.append(" ".join(w for w in (body, FA_SCALES[power]) if w))
    return " و ".join(parts)


@st.composite
def english_words(draw: st.DrawFn, n: int) -> str:
    """"two million five hundred thousand and twenty-one" and the like."""
    if n == 0:
        return "zero"
    use_and = draw(st.booleans())
    parts = [" ".join(w for w in (en_below_thousand(g, use_and), EN_SCALES[power]) if w)
             for g, power in groups_of(n)]
    return " ".join(parts)


@st.composite
def news_number(draw: st.DrawFn) -> tuple[int, str]:
    """An integer 0..10^12 and one way a news report would write it."""
    n = draw(st.integers(0, 10 ** 12))
    form = draw(st.sampled_from(["ascii", "ascii_grouped", "fa", "fa_grouped", "fa_mixed", "en_words"]))
    if form == "ascii":
        return n, str(n)
    if form == "ascii_grouped":
        return n, f"{n:,}"
    if form == "fa":
        return n, fa_digits(n)
    if form == "fa_grouped":
        return n, fa_digits(n, "٬")
    if form == "fa_mixed":
        return n, draw(persian_mixed(n))
    return n, draw(english_words(n))


@settings(max_examples=200, deadline=None)
@given(news_number())
def test_parse_number_phrase_reads_news_numbers(case: tuple[int, str]) -> None:
    n, text = case
    assert parse_number_phrase(text) == D(n), text


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 99_999), st.sampled_from([(1, "هزار", "thousand"), (2, "میلیون", "million"),
                                                 (3, "میلیارد", "billion")]), st.booleans())
def test_decimal_with_scale(hundredths: int, scale: tuple[int, str, str], persian: bool) -> None:
    power, fa_word, en_word = scale
    digits = f"{hundredths // 100}.{hundredths % 100:02d}"
    text = f"{fa_digits(hundredths // 100)}٫{fa_digits(hundredths % 100).rjust(2, '۰')} {fa_word}" \
        if persian else f"{digits} {en_word}"
    assert parse_number_phrase(text) == D(hundredths) * D(1000) ** power / 100


@settings(max_examples=100, deadline=None)
@given(news_number(), st.sampled_from(["بیش از", "حدود", "More than", "about", ""]))
def test_number_in_a_sentence(case: tuple[int, str], hedge: str) -> None:
    n, text = case
    mentions = find_numbers(f"گزارش شد که {hedge} {text} نفر.")
    assert len(mentions) == 1 and mentions[0].value == D(n)
    assert mentions[0].qualifier == {"بیش از": "more_than", "More than": "more_than", "": "exact"}.get(
        hedge, "about")


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 999), st.integers(1, 999), st.sampled_from([(2, "میلیون"), (3, "میلیارد")]), st.booleans())
def test_thousands_of_a_larger_scale(thousands: int, rest: int, scale: tuple[int, str], words: bool) -> None:
    """«N هزار و M میلیارد» is (N·1000 + M) billion, however N and M are written."""
    power, word = scale
    head = ("" if thousands == 1 else fa_below_thousand(thousands) + " ") if words else fa_digits(thousands) + " "
    text = f"{head}هزار و {fa_digits(rest)} {word}"
    assert parse_number_phrase(text) == D(thousands * 1000 + rest) * D(1000) ** power, text
