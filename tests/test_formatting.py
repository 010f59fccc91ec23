"""Tests for factsite.formatting: exact strings, properties and speed."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factsite.render.formatting import (
    QUALIFIERS,
    direction,
    format_compact,
    format_date,
    format_iranian_year,
    format_number,
    format_quantity,
    not_stated,
    persian_digits,
)

ASCII_DIGIT = re.compile(r"[0-9]")
PERSIAN_DIGIT = re.compile(r"[\u06f0-\u06f9]")
BIDI_OR_NBSP = re.compile(r"[\u200e\u200f\u061c\u00a0\u202f]")
TO_ASCII = str.maketrans({chr(0x06F0 + i): str(i) for i in range(10)})

# value, unit, qualifier, value_max, compact, fa, en
QUANTITY_CASES = [
    (1673000, "people", "more_than", None, True, "بیش از ۱٫۶۷ میلیون نفر", "more than 1.67 million people"),
    (1673000, "people", "more_than", None, False, "بیش از ۱٬۶۷۳٬۰۰۰ نفر", "more than 1,673,000 people"),
    (837000, "people", "about", None, True, "حدود ۸۳۷٬۰۰۰ نفر", "about 837,000 people"),
    (65, "percent", "about", None, False, "حدود ۶۵٪", "about 65%"),
    (70, "percent", "exact", 95, False, "۷۰ تا ۹۵ درصد", "70–95%"),
    (480000000000, "toman", "about", None, True, "حدود ۴۸۰ میلیارد تومان", "about 480 billion toman"),
    (480000000000, "toman", "about", None, False, "حدود ۴۸۰ میلیارد تومان", "about 480 billion toman"),
    (100000000000, "toman", "more_than", None, False, "بیش از ۱۰۰ میلیارد تومان", "more than 100 billion toman"),
    (1500000000000, "toman", "exact", None, False, "۱٫۵ هزار میلیارد تومان", "1.5 trillion toman"),
    (2500000, "toman", "exact", None, False, "۲٫۵ میلیون تومان", "2.5 million toman"),
    (750000, "toman", "exact", None, False, "۷۵۰٬۰۰۰ تومان", "750,000 toman"),
    (1234567891, "toman", "exact", None, False, "۱٬۲۳۴٬۵۶۷٬۸۹۱ تومان", "1,234,567,891 toman"),
    (999999999, "toman", "about", None, False, "حدود ۹۹۹٬۹۹۹٬۹۹۹ تومان", "about 999,999,999 toman"),
    (90, "count", "exact", None, False, "۹۰", "90"),
    (4, "count", "exact", 8, False, "۴ تا ۸", "4–8"),
    (13931, "count", "exact", None, False, "۱۳٬۹۳۱", "13,931"),
    (1404, "iranian_year", "exact", None, False, "سال ۱۴۰۴", "the Iranian year 1404 (March 2025–March 2026)"),
    (1800000, "people", "more_than", None, True, "بیش از ۱٫۸ میلیون نفر", "more than 1.8 million people"),
    (2769231, "people", "about", None, True, "حدود ۲٫۷۷ میلیون نفر", "about 2.77 million people"),
    # Extra cases.
    (1679000, "people", "more_than", None, True, "بیش از ۱٫۶۷ میلیون نفر", "more than 1.67 million people"),
    (1679000, "people", "about", None, True, "حدود ۱٫۶۸ میلیون نفر", "about 1.68 million people"),
    (1000000, "people", "exact", None, True, "۱ میلیون نفر", "1 million people"),
    (999999999, "toman", "about", None, True, "حدود ۱ میلیارد تومان", "about 1 billion toman"),
    (999999999, "toman", "more_than", None, True, "بیش از ۹۹۹٫۹۹ میلیون تومان", "more than 999.99 million toman"),
    (2500000000000, "toman", "about", None, True, "حدود ۲٫۵ هزار میلیارد تومان", "about 2.5 trillion toman"),
    (1, "people", "exact", None, False, "۱ نفر", "1 person"),
    (2, "people", "exact", None, False, "۲ نفر", "2 people"),
    (1, "toman", "exact", None, False, "۱ تومان", "1 toman"),
    (0, "people", "exact", None, False, "۰ نفر", "0 people"),
    (12.5, "percent", "exact", None, False, "۱۲٫۵٪", "12.5%"),
    (Decimal("100"), "percent", "more_than", None, False, "بیش از ۱۰۰٪", "more than 100%"),
    (70, "percent", "about", 95, False, "حدود ۷۰ تا ۹۵ درصد", "about 70–95%"),
    (1, "people", "exact", 2, False, "۱ تا ۲ نفر", "1–2 people"),
    (1500000, "people", "about", 2000000, True, "حدود ۱٫۵ میلیون تا ۲ میلیون نفر", "about 1.5 million–2 million people"),
    (13931, "count", "exact", None, True, "۱۳٬۹۳۱", "13,931"),
    (1405, "iranian_year", "exact", None, False, "سال ۱۴۰۵", "the Iranian year 1405 (March 2026–March 2027)"),
    # less_than rounds up and at_least rounds down, so the hedge stays true.
    (25000, "people", "less_than", None, False, "کمتر از ۲۵٬۰۰۰ نفر", "less than 25,000 people"),
    (65, "percent", "at_least", None, False, "دست\u200cکم ۶۵٪", "at least 65%"),
    (65, "percent", "less_than", None, False, "کمتر از ۶۵٪", "less than 65%"),
    (25000, "people", "at_least", None, False, "دست\u200cکم ۲۵٬۰۰۰ نفر", "at least 25,000 people"),
    (1671000, "people", "less_than", None, True, "کمتر از ۱٫۶۸ میلیون نفر", "less than 1.68 million people"),
    (1679000, "people", "at_least", None, True, "دست\u200cکم ۱٫۶۷ میلیون نفر", "at least 1.67 million people"),
    (999999999, "toman", "less_than", None, True, "کمتر از ۱ میلیارد تومان", "less than 1 billion toman"),
    (1200000000000, "toman", "at_least", None, True, "دست\u200cکم ۱٫۲ هزار میلیارد تومان",
     "at least 1.2 trillion toman"),
]


@pytest.mark.parametrize(("value", "unit", "qualifier", "value_max", "compact", "fa", "en"), QUANTITY_CASES)
def test_format_quantity_exact_strings(value, unit, qualifier, value_max, compact, fa, en) -> None:
    """Each language renders the expected exact string."""
    kwargs = dict(unit=unit, qualifier=qualifier, value_max=value_max, compact=compact)
    assert format_quantity(value, "fa", **kwargs) == fa
    assert format_quantity(value, "en", **kwargs) == en


@pytest.mark.parametrize(
    ("value", "fa", "en"),
    [
        (1673000, "۱٬۶۷۳٬۰۰۰", "1,673,000"),
        (1.5, "۱٫۵", "1.5"),
        (Decimal("1.50"), "۱٫۵", "1.5"),
        (Decimal("2.345"), "۲٫۳۴", "2.34"),
        (2.675, "۲٫۶۸", "2.68"),
        (0, "۰", "0"),
        (999, "۹۹۹", "999"),
        (1000, "۱٬۰۰۰", "1,000"),
    ],
)
def test_format_number(value, fa: str, en: str) -> None:
    """Full numbers are grouped and keep at most two decimals."""
    assert format_number(value, "fa") == fa
    assert format_number(value, "en") == en


@pytest.mark.parametrize(
    ("value", "fa", "en"),
    [
        (1673000, "۱٫۶۷ میلیون", "1.67 million"),
        (480000000000, "۴۸۰ میلیارد", "480 billion"),
        (1800000, "۱٫۸ میلیون", "1.8 million"),
        (999999, "۹۹۹٬۹۹۹", "999,999"),
        (1005000, "۱ میلیون", "1 million"),
        (1015000, "۱٫۰۲ میلیون", "1.02 million"),
    ],
)
def test_format_compact(value, fa: str, en: str) -> None:
    """Compact numbers use the locale's long words with a plain space."""
    assert format_compact(value, "fa") == fa
    assert format_compact(value, "en") == en


def test_format_compact_round_down() -> None:
    """round_down truncates instead of rounding half-even."""
    assert format_compact(1679000, "en", round_down=True) == "1.67 million"
    assert format_compact(1679000, "en") == "1.68 million"


@pytest.mark.parametrize("value", [1673000, 480000000000, 2500000000000])
def test_compact_fa_has_no_bidi_marks(value: int) -> None:
    """Persian compact output has an ordinary space and no bidi marks or NBSP."""
    text = format_compact(value, "fa")
    assert not BIDI_OR_NBSP.search(text)
    assert " " in text


@pytest.mark.parametrize(
    ("d", "fa", "en"),
    [
        (datetime.date(2025, 12, 1), "۱۰ آذر ۱۴۰۴", "1 December 2025"),
        (datetime.date(2025, 3, 21), "۱ فروردین ۱۴۰۴", "21 March 2025"),
        (datetime.date(2026, 3, 20), "۲۹ اسفند ۱۴۰۴", "20 March 2026"),
    ],
)
def test_format_date(d: datetime.date, fa: str, en: str) -> None:
    """Persian dates are Jalali with Persian month names; English is Gregorian."""
    assert format_date(d, "fa") == fa
    assert format_date(d, "en") == en


def test_format_iranian_year() -> None:
    """Iranian years are never grouped and English shows the Gregorian span."""
    assert format_iranian_year(1404, "fa") == "سال ۱۴۰۴"
    assert format_iranian_year(1404, "en") == "the Iranian year 1404 (March 2025–March 2026)"


def test_not_stated_and_direction() -> None:
    """Fixed phrases and text direction per language."""
    assert not_stated("fa") == "ذکر نشده"
    assert not_stated("en") == "not stated"
    assert direction("fa") == "rtl"
    assert direction("en") == "ltr"


def test_persian_digits() -> None:
    """ASCII digits and separators map to Persian forms."""
    assert persian_digits("1,234.5%") == "۱٬۲۳۴٫۵٪"
    assert persian_digits("0123456789") == "۰۱۲۳۴۵۶۷۸۹"


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), Decimal("NaN"), Decimal("-0.5"), True, "5"])
def test_invalid_values_raise(bad) -> None:
    """Negative, non-finite and non-numeric values are programming errors."""
    with pytest.raises(ValueError):
        format_number(bad, "en")
    with pytest.raises(ValueError):
        format_quantity(bad, "fa", unit="people")


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(unit="furlongs"),
        dict(unit="people", qualifier="roughly"),
        dict(unit="people", value_max=1),
        dict(unit="iranian_year", qualifier="about"),
    ],
)
def test_invalid_quantity_arguments_raise(kwargs: dict) -> None:
    """Unknown units/qualifiers and inverted ranges raise ValueError."""
    with pytest.raises(ValueError):
        format_quantity(5, "en", **kwargs)


def test_unknown_language_raises() -> None:
    """Only fa and en are supported."""
    with pytest.raises(ValueError):
        format_number(1, "de")
    with pytest.raises(ValueError):
        direction("ar")


UNIT_STRATEGY = st.sampled_from(["people", "percent", "toman", "count"])


@settings(max_examples=300, deadline=None)
@given(
    value=st.integers(min_value=0, max_value=10**13 - 1),
    unit=UNIT_STRATEGY,
    qualifier=st.sampled_from(QUALIFIERS),
    compact=st.booleans(),
)
def test_digit_scripts_property(value: int, unit: str, qualifier: str, compact: bool) -> None:
    """fa output never has ASCII digits/separators; en output never has Persian digits."""
    fa = format_quantity(value, "fa", unit=unit, qualifier=qualifier, compact=compact)
    en = format_quantity(value, "en", unit=unit, qualifier=qualifier, compact=compact)
    assert not ASCII_DIGIT.search(fa)
    assert "," not in fa and "%" not in fa and "." not in fa
    assert not BIDI_OR_NBSP.search(fa)
    assert not PERSIAN_DIGIT.search(en)


@settings(max_examples=300, deadline=None)
@given(value=st.integers(min_value=0, max_value=10**13 - 1))
def test_fa_full_format_round_trips(value: int) -> None:
    """Persian full format maps back to the integer's decimal string."""
    fa = format_number(value, "fa")
    assert fa.translate(TO_ASCII).replace("\u066c", "") == str(value)


@settings(max_examples=100, deadline=None)
@given(year=st.integers(min_value=1300, max_value=1500))
def test_iranian_year_property(year: int) -> None:
    """Years are ungrouped in both languages and fa has no ASCII digits."""
    fa = format_quantity(year, "fa", unit="iranian_year")
    assert fa == "سال " + persian_digits(str(year))
    assert format_iranian_year(year, "en").startswith(f"the Iranian year {year} (March ")


def test_format_number_writes_what_babel_writes() -> None:
    """format_number groups digits itself; Babel's pattern for both locales gives the same text."""
    import random
    from decimal import Decimal

    from babel import Locale
    from babel.numbers import format_decimal

    from factsite.render.formatting import _localize, _round2
    rng = random.Random(8)
    values = [*range(0, 3000), *(rng.randrange(10 ** 16) for _ in range(3000)),
              *(Decimal(rng.randrange(10 ** 9)) / 100 for _ in range(3000)),
              *(Decimal(rng.randrange(10 ** 6)) / 1000 for _ in range(1000))]
    for lang in ("fa", "en"):
        for value in values:
            babel = format_decimal(_round2(Decimal(value)), locale=Locale.parse(lang), decimal_quantization=False)
            assert format_number(value, lang) == _localize(babel, lang), (value, lang)


def test_a_derived_figure_has_no_more_significant_digits_than_its_least_precise_input():
    """#16: more than 1,800,000 ÷ about 65% is about 2,800,000 people, not «حدود ۲٬۷۶۹٬۲۳۱ نفر»."""
    from decimal import Decimal

    from factsite.verify.derive import significant_digits, to_significant
    assert [significant_digits(Decimal(v)) for v in ("1800000", "557276", "65", "45", "0.5", "12.50")] == [2, 6, 2, 2, 1, 3]
    assert to_significant(Decimal("2769230.77"), 2) == Decimal("2.8E+6")
    assert to_significant(Decimal("1238391.11"), 2) == Decimal("1.2E+6")
    assert format_quantity(2800000, "fa", unit="people", qualifier="about") == "حدود ۲٬۸۰۰٬۰۰۰ نفر"
    assert format_quantity(2800000, "en", unit="people", qualifier="about", compact=True) == "about 2.8 million people"
