"""Locale-aware number, quantity and date formatting for Persian (fa) and English (en) pages."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_UP, Decimal

import jdatetime
from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_compact_decimal, format_percent

from factsite.model import QUALIFIERS, UNITS

Number = Decimal | int | float

LANGUAGES: tuple[str, ...] = ("fa", "en")

_PERSIAN_TRANSLATION = str.maketrans(
    {
        **{str(i): chr(0x06F0 + i) for i in range(10)},
        ",": "\u066c",  # ARABIC THOUSANDS SEPARATOR
        ".": "\u066b",  # ARABIC DECIMAL SEPARATOR
        "%": "\u066a",  # ARABIC PERCENT SIGN
    }
)

# Characters Babel/CLDR may put into formatted output that we normalize away.
_CLEANUP_TRANSLATION = str.maketrans(
    {"\u200e": None, "\u200f": None, "\u061c": None, "\u00a0": " ", "\u202f": " "}
)
# CLDR spells 10^12 in fa as one unspaced word; publish it as two words.
_FA_WORD_FIXES: tuple[tuple[str, str], ...] = (("هزارمیلیارد", "هزار میلیارد"),)

PERSIAN_MONTHS: tuple[str, ...] = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)

_QUALIFIER_PREFIX: dict[str, dict[str, str]] = {
    "fa": {"exact": "", "more_than": "بیش از ", "about": "حدود ", "less_than": "کمتر از ",
           "at_least": "دست‌کم "},
    "en": {"exact": "", "more_than": "more than ", "about": "about ", "less_than": "less than ",
           "at_least": "at least "},
}
# Rounding that keeps a hedge true: "more than"/"at least" round down, "less than" rounds up.
_QUALIFIER_ROUNDING: dict[str, str] = {"more_than": ROUND_DOWN, "at_least": ROUND_DOWN, "less_than": ROUND_UP}
# (singular, plural) unit words; fa nouns do not inflect after numerals.
_UNIT_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "fa": {"people": ("نفر", "نفر"), "toman": ("تومان", "تومان")},
    "en": {"people": ("person", "people"), "toman": ("toman", "toman")},  # the currency's name does not inflect
}
_NOT_STATED: dict[str, str] = {"fa": "ذکر نشده", "en": "not stated"}
_RANGE_JOINER: dict[str, str] = {"fa": " تا ", "en": "\u2013"}
_FA_PERCENT_WORD = "درصد"

_COMPACT_THRESHOLD = Decimal(1_000_000)
_MAX_COMPACT_SCALE = Decimal(10) ** 12
_HUNDREDTH = Decimal("0.01")


@functools.cache
def _locale(lang: str) -> Locale:
    """Return the parsed Babel Locale for a supported language code (cached)."""
    _check_lang(lang)
    return Locale.parse(lang)


def _check_lang(lang: str) -> None:
    """Raise ValueError unless lang is a supported language code."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang!r}")


def _to_decimal(value: Number) -> Decimal:
    """Convert value to a finite, non-negative Decimal or raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float)):
        raise ValueError(f"not a number: {value!r}")
    dec = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not dec.is_finite():
        raise ValueError(f"non-finite number: {value!r}")
    if dec < 0:
        raise ValueError(f"negative number: {value!r}")
    return dec


def _round2(dec: Decimal, rounding: str = ROUND_HALF_EVEN) -> Decimal:
    """Round to at most two fraction digits and drop trailing zeros (no exponent)."""
    q = dec.quantize(_HUNDREDTH, rounding=rounding)
    if q == q.to_integral_value():
        return q.quantize(Decimal(1))
    return q.normalize()


def _localize(text: str, lang: str) -> str:
    """Strip bidi marks, normalize spaces, and map to Persian digits for fa."""
    text = text.translate(_CLEANUP_TRANSLATION)
    if lang != "fa":
        return text
    for wrong, right in _FA_WORD_FIXES:
        text = text.replace(wrong, right)
    return persian_digits(text)


def persian_digits(text: str) -> str:
    """Map ASCII digits and , . % in a number string to their Persian forms."""
    return text.translate(_PERSIAN_TRANSLATION)


def direction(lang: str) -> str:
    """Return the text direction ("rtl" or "ltr") for a language."""
    _check_lang(lang)
    return "rtl" if lang == "fa" else "ltr"


def not_stated(lang: str) -> str:
    """Return the localized phrase for a value the source does not state."""
    _check_lang(lang)
    return _NOT_STATED[lang]


def format_number(value: Number, lang: str) -> str:
    """Format a number in full with grouping and up to two decimals."""
    _check_lang(lang)
    dec = _round2(_to_decimal(value))
    # Both locales' pattern is #,##0.### with "," and "." (Persian forms come from _localize), so
    # Python's own grouping writes what Babel would, about seven times as fast (tests compare them).
    return _localize(format(dec, ",f"), lang)


def _compact_scale(dec: Decimal) -> Decimal:
    """Return the power of 1000 (10^6..10^12) that compact notation divides by."""
    scale = _COMPACT_THRESHOLD
    while scale < _MAX_COMPACT_SCALE and dec >= scale * 1000:
        scale *= 1000
    return scale


def _compact(dec: Decimal, lang: str, rounding: str) -> str:
    """Compact-format a validated Decimal; values below one million stay in full."""
    if dec < _COMPACT_THRESHOLD:
        return format_number(dec, lang)
    scale = _compact_scale(dec)
    # Pre-round so Babel never rounds (e.g. 999,999,999 -> "1 billion", not "1000 million").
    rounded = (dec / scale).quantize(_HUNDREDTH, rounding=rounding) * scale
    text = format_compact_decimal(
        rounded, format_type="long", locale=_locale(lang), fraction_digits=2
    )
    return _localize(text, lang)


def format_compact(value: Number, lang: str, *, round_down: bool = False) -> str:
    """Format a number as «۱٫۶۷ میلیون» / "1.67 million" (full below one million)."""
    return _compact(_to_decimal(value), lang, ROUND_DOWN if round_down else ROUND_HALF_EVEN)


def _format_percent(dec: Decimal, lang: str) -> str:
    """Format a percentage given in percent units (65 -> 65%) via the locale pattern."""
    text = format_percent(
        _round2(dec) / 100, locale=_locale(lang), decimal_quantization=False
    )
    return _localize(text, lang)


def format_iranian_year(year: int, lang: str) -> str:
    """Format a Solar Hijri year: «سال ۱۴۰۴», or with its Gregorian span in English."""
    _check_lang(lang)
    if isinstance(year, bool) or not isinstance(year, int) or year <= 0:
        raise ValueError(f"invalid Iranian year: {year!r}")
    if lang == "fa":
        return f"سال {persian_digits(str(year))}"
    start = jdatetime.date(year, 1, 1).togregorian()
    end = jdatetime.date(year + 1, 1, 1).togregorian()
    first, last = (_babel_format_date(g, "MMMM y", locale=_locale(lang)) for g in (start, end))
    return f"the Iranian year {year} ({first}\u2013{last})"


PERIOD_TEXT: dict[str, tuple[str, str]] = {  # (fa, en)
    "as_of_report": ("در زمان گزارش", "as of the report"),
    "so_far_this_year": ("از آغاز سال جاری تا زمان گزارش", "so far in the current year, up to the report"),
    "past_year": ("سال گذشته، پیش از گزارش", "the past year, before the report"),
    "past_iranian_year": ("سال گذشتهٔ خورشیدی، پیش از گزارش", "the past Iranian year, before the report"),
    "per_month": ("ماهانه", "per month"),
    "per_year": ("سالانه", "per year"),
    "in_year": ("در سال {year} میلادی", "in {year}"),
    "in_iranian_year": ("در سال {year} خورشیدی", "in the Iranian year {year}"),
}


def say(words: Mapping[str, tuple[str, str]], key: str, lang: str, **values) -> str:
    """One entry of a table of (Persian, English) wordings, in lang, with its {placeholders} filled."""
    _check_lang(lang)
    fa, en = words[key]
    return (fa if lang == "fa" else en).format(**values)


@functools.lru_cache(maxsize=1024)  # every figure has a period, of a few kinds and years
def format_period(kind: str, year: int | None, lang: str) -> str:
    """The time a figure covers, in words: «از آغاز سال جاری تا زمان گزارش», "in 2024"."""
    return say(PERIOD_TEXT, kind, lang, year=persian_digits(str(year)) if lang == "fa" else year)


@functools.lru_cache(maxsize=4096)  # every figure of a report shows the report's date
def format_date(d: datetime.date, lang: str) -> str:
    """Format a Gregorian date: Jalali «۱۰ آذر ۱۴۰۴» for fa, "1 December 2025" for en."""
    _check_lang(lang)
    if lang == "en":
        return _babel_format_date(d, "d MMMM y", locale=_locale(lang))
    j = jdatetime.date.fromgregorian(day=d.day, month=d.month, year=d.year)
    day, year = persian_digits(str(j.day)), persian_digits(str(j.year))
    return f"{day} {PERSIAN_MONTHS[j.month - 1]} {year}"


def _amount(dec: Decimal, lang: str, compact: bool, rounding: str, unit: str = "count") -> str:
    """Format one quantity endpoint, compact or in full; an amount of money as the sources say it
    («۴۸۰ میلیارد»), in full only when scale words cannot say it exactly."""
    if compact:
        return _compact(dec, lang, rounding)
    if unit == "toman" and dec >= _COMPACT_THRESHOLD:
        scaled = dec / _compact_scale(dec)
        if scaled == scaled.quantize(_HUNDREDTH):
            return _compact(dec, lang, rounding)
    return format_number(dec, lang)


def _percent_text(low: Decimal, high: Decimal | None, lang: str) -> str:
    """Format a single percentage («۶۵٪») or a range («۷۰ تا ۹۵ درصد», "70–95%")."""
    if high is None:
        return _format_percent(low, lang)
    if lang == "fa":
        low_text, high_text = format_number(low, lang), format_number(high, lang)
        return f"{low_text}{_RANGE_JOINER[lang]}{high_text} {_FA_PERCENT_WORD}"
    return f"{format_number(low, lang)}{_RANGE_JOINER[lang]}{_format_percent(high, lang)}"


def _validate_quantity(unit: str, qualifier: str, has_max: bool) -> None:
    """Raise ValueError for unknown units/qualifiers or unsupported combinations."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit: {unit!r}")
    if qualifier not in QUALIFIERS:
        raise ValueError(f"unknown qualifier: {qualifier!r}")
    if unit == "iranian_year" and (has_max or qualifier != "exact"):
        raise ValueError("iranian_year supports only an exact single year")


def format_quantity(
    value: Number,
    lang: str,
    *,
    unit: str,
    qualifier: str = "exact",
    value_max: Number | None = None,
    compact: bool = False,
) -> str:
    """Format a qualified quantity or range with its unit for the page language."""
    _check_lang(lang)
    _validate_quantity(unit, qualifier, value_max is not None)
    low = _to_decimal(value)
    high = None if value_max is None else _to_decimal(value_max)
    if high is not None and high < low:
        raise ValueError(f"value_max {value_max!r} is below value {value!r}")
    if unit == "iranian_year":
        if low != low.to_integral_value():
            raise ValueError(f"Iranian year must be whole: {value!r}")
        return format_iranian_year(int(low), lang)
    if unit == "percent":
        body = _percent_text(low, high, lang)
    else:
        rounding = _QUALIFIER_ROUNDING.get(qualifier, ROUND_HALF_EVEN)
        body = _amount(low, lang, compact, rounding, unit)
        if high is not None:
            body += _RANGE_JOINER[lang] + _amount(high, lang, compact, rounding, unit)
        if unit in _UNIT_WORDS[lang]:
            singular, plural = _UNIT_WORDS[lang][unit]
            is_one = high is None and low == 1
            body = f"{body} {singular if is_one else plural}"
    return _QUALIFIER_PREFIX[lang][qualifier] + body
