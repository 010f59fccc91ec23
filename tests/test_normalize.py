"""Tests for factsite.normalize: normalization, span mapping, quote finding, closest passage."""
from __future__ import annotations

import re
import time
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factsite.verify.normalize import find_quote, normalize, normalize_with_map, original_span
from factsite.verify.passage import closest_passage
from tests.helpers import FIXTURE_SITE

SEEDS = FIXTURE_SITE / "seeds"  # documents the tests know
MAZANDARAN = "001_a9029134c7a88ac7.txt"
ENGLISH = "000_9f764d31df1295ee.txt"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


@cache
def seed(name: str) -> str:
    """The text of one seed document of the fixture site."""
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("raw, expected", [
    ("رسانه\u200cها", "رسانهها"),
    ("a\u200db\u200ec\u200fd\ufeffe\u00adf\u202ag\u2066h", "abcdefgh"),
    ("بـــیمه", "بیمه"),
    ("علي كريمى", "علی کریمی"),
    ("۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩", "0123456789 0123456789"),
    ("۱٫۶۷ و ۱۳٬۹۳۱، بعد", "1.67 و 13,931، بعد"),
    ("“a” „b” «c» ‘d’ ‚e’ 5″", '"a" "b" "c" \'d\' \'e\' 5"'),
    ("a‐b‑c‒d–e—f―g−h", "a-b-c-d-e-f-g-h"),
    ("  a\u00a0\u202f\u2009b\n\n\tc \r\n", "a b c"),
    ("Keep CASE, punctuation!", "Keep CASE, punctuation!"),
    ("", ""),
    ("\u200c \u00a0", ""),
])
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_with_map_points_at_original_characters() -> None:
    text = " «رسانه\u200cها»\u00a0\n و ۱۳ "
    norm, starts = normalize_with_map(text)
    assert norm == normalize(text) == '"رسانهها" و 13'
    assert len(starts) == len(norm) + 1
    assert text[starts[0]] == "«" and text[starts[norm.index("1")]] == "۱"
    assert starts[-1] == starts[-2] + 1
    start, end = original_span(starts, 1, 8)
    assert text[start:end] == "رسانه\u200cها"


def test_original_span_rejects_bad_spans() -> None:
    _, starts = normalize_with_map("abc")
    assert original_span(starts, 1, 1) == (1, 1)
    with pytest.raises(ValueError):
        original_span(starts, 2, 5)


@pytest.mark.parametrize("seed_text, quote", [
    ("همکاری رسانهها و جامعه پزشکی", "همکاری رسانه‌ها و جامعه پزشکی"),
    ("همکاری رسانه ها و جامعه", "همکاری رسانه‌ها و جامعه"),
    ("in the\u00a0field of\nmedical health", "in the field of medical health"),
    ("علي و كتاب", "علی و کتاب"),
    ("پوشش 130 گروه", "پوشش ۱۳۰ گروه"),
    ("پوشش ۱۳۰ گروه", "پوشش 130 گروه"),
    ("he said “Currently, with”", 'he said "Currently, with"'),
    ("TEHRAN – The Head", "TEHRAN - The Head"),
])
def test_find_quote_ignores_meaningless_differences(seed_text: str, quote: str) -> None:
    assert find_quote(seed_text, quote) is not None


@pytest.mark.parametrize("seed_text, quote", [
    ("پوشش ۱۳۰ گروه بیماری", "پوشش ۱۳۱ گروه بیماری"),
    ("پوشش ۱۳۰ گروه بیماری", "پوشش ۱۳۰ گروه درمان"),
    ("More than 53,000 centers", "More than 53,001 centers"),
    ("More than 53,000 centers", "More than 63,000 centers"),
    ("with 130 percent", "with 30 percent"),
    ("paid 1,300 toman", "300 toman"),
    ("paid 1.5 million", "paid 1"),
    ("It is often so", "is ten"),
    ("Health Insurance", "health insurance"),
])
def test_find_quote_rejects_changed_meaning(seed_text: str, quote: str) -> None:
    assert find_quote(seed_text, quote) is None


def test_find_quote_in_real_seed_returns_original_span() -> None:
    text = seed(MAZANDARAN)
    quote = "پوشش ۱۳۰ گروه بیماری خاص در استان مازندران انجام شده"
    span = find_quote(text, quote)
    assert span is not None
    assert text[span[0]:span[1]] == quote
    assert find_quote(text, "سازمان در تلاش است با همکاری رسانه‌ها و جامعه پزشکی") is not None
    assert find_quote(text, "پوشش ۱۳۱ گروه بیماری خاص در استان مازندران انجام شده") is None


def test_find_quote_in_english_seed_with_smart_quotes() -> None:
    text = seed(ENGLISH)
    quote = '"Currently, with the inclusion of these seven drugs, a total of 90 anti-cancer drugs'
    span = find_quote(text, quote)
    assert span is not None and text[span[0]:span[1]].startswith("“Currently")
    assert find_quote(text, "doctors' offices") is not None
    assert find_quote(text, "(March 2025-March 2026)") is not None


def test_empty_quote_is_not_found() -> None:
    assert find_quote("anything", " \u200c ") is None


def test_closest_passage_marks_the_changed_word() -> None:
    text = seed(MAZANDARAN)
    quote = "بیش از دو میلیون و ۶۷۳ هزار نفر تحت پوشش بیمه سلامت هستند"
    diff = closest_passage(text, quote)
    assert "[-یک-]{+دو+}" in diff
    assert diff.startswith("بیش از") and "\n" not in diff


def test_closest_passage_marks_a_changed_figure_in_english() -> None:
    diff = closest_passage(seed(ENGLISH), "More than 35,000 centers have concluded contracts with health insurance")
    assert diff == "More than [-53,000-]{+35,000+} centers have concluded contracts with health insurance"


def test_closest_passage_marks_insertions_and_deletions() -> None:
    diff = closest_passage("the cat sat on the old mat today", "the cat sat on the mat quietly today")
    assert diff == "the cat sat on the [-old-] mat {+quietly+} today"


def test_closest_passage_is_empty_when_nothing_is_close() -> None:
    assert closest_passage(seed(MAZANDARAN), "The quick brown fox jumps over the lazy dog") == ""
    assert closest_passage("", "anything") == ""


def test_closest_passage_is_fast() -> None:
    text = seed(MAZANDARAN)
    quote = normalize(text)[1000:1200].replace("سلامت", "درمان")
    started = time.perf_counter()
    for _ in range(10):
        assert closest_passage(text, quote)
    assert (time.perf_counter() - started) / 10 < 0.05


TEXT_ALPHABET = st.sampled_from(list(
    "ab Z09۰۹٠٩ابپچژکگیيكىهۀ٫٬،.,\"'“”«»‘’—–−-\u200c\u200d\u200e\u200f\ufeff\u00ad\u0640"
    "\u00a0\u202f\u2009\n\t\r "))


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.text(TEXT_ALPHABET)))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip() and "  " not in once


@settings(max_examples=200, deadline=None)
@given(st.text(TEXT_ALPHABET, max_size=60), st.data())
def test_original_span_maps_back(text: str, data: st.DataObject) -> None:
    norm, starts = normalize_with_map(text)
    assert norm == normalize(text) and len(starts) == len(norm) + 1
    a = data.draw(st.integers(0, len(norm)))
    b = data.draw(st.integers(a, len(norm)))
    start, end = original_span(starts, a, b)
    assert 0 <= start <= end <= len(text)
    assert normalize(text[start:end]) == norm[a:b].strip(" ")


def _snap(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Widen [lo, hi) to whole whitespace-separated words."""
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return lo, hi


def _digit_sites() -> list[tuple[str, int]]:
    """(seed name, index) of every digit in the fixture site's seeds."""
    return [(path.name, m.start()) for path in sorted(SEEDS.glob("*.txt"))
            for m in re.finditer(r"[0-9۰-۹]", path.read_text(encoding="utf-8"))]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_digit_sites()), st.integers(12, 60), st.integers(0, 60), st.integers(1, 9))
def test_changing_one_digit_breaks_the_match(site: tuple[str, int], before: int, after: int,
                                             shift: int) -> None:
    text = seed(site[0])
    pos = site[1]
    lo, hi = _snap(text, max(0, pos - before), min(len(text), pos + 1 + after))
    quote = text[lo:hi]
    assert find_quote(text, quote) is not None
    digits = PERSIAN_DIGITS if text[pos] in PERSIAN_DIGITS else "0123456789"
    changed = digits[(digits.index(text[pos]) + shift) % 10]
    assert find_quote(text, quote[:pos - lo] + changed + quote[pos - lo + 1:]) is None


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(p.name for p in SEEDS.glob("*.txt"))), st.integers(0, 10_000),
       st.integers(20, 200))
def test_found_span_normalizes_to_the_quote(name: str, at: int, length: int) -> None:
    text = seed(name)
    lo, hi = _snap(text, at % len(text), min(len(text), at % len(text) + length))
    quote = text[lo:hi]
    span = find_quote(text, quote)
    if normalize(quote):
        assert span is not None
        assert normalize(text[span[0]:span[1]]) == normalize(quote)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80)
       | st.text(alphabet=" \u00a0\u200c\u200d\u0640ي\u064aكkیا۱1٫,.“”«»–—\t\n\x00\U0001f600ab", max_size=40))
@settings(max_examples=300)
def test_the_fast_normalizers_agree_with_the_character_by_character_one(text):
    from factsite.verify.normalize import _normalize_slowly
    slow = _normalize_slowly(text)
    assert normalize_with_map(text) == slow
    assert normalize(text) == slow[0]


@settings(max_examples=300, deadline=None)
@given(st.text(TEXT_ALPHABET, max_size=80))
def test_fast_offsets_equal_the_character_by_character_ones(text: str) -> None:
    from factsite.verify.normalize import _normalize_slowly
    norm, starts = normalize_with_map(text)
    slow_norm, slow_starts = _normalize_slowly(text)
    assert norm == slow_norm
    assert list(starts) == slow_starts and len(starts) == len(slow_starts)
    assert [starts[-i] for i in range(1, len(slow_starts) + 1)] == slow_starts[::-1]


def test_translate_table_maps_every_bmp_character_as_the_per_character_rule_does() -> None:
    """The table is built without a call per character; it must still agree on all 65,536."""
    from factsite.verify.normalize import DROPPED, _map_char, _table
    table = _table()
    for code in range(0x10000):
        expected = _map_char(chr(code))
        assert table.get(code, chr(code)) == (expected or DROPPED), f"U+{code:04X}"
    assert table[0x200C] == DROPPED and table[0x00A0] == " " and table[0x06F5] == "5"



def test_the_quick_translation_changes_every_bmp_character_as_the_table_says() -> None:
    """normalize finds the characters to change with one pattern instead of str.translate; over the
    whole plane, one string of 65,536 characters, both give the same text."""
    from factsite.verify.normalize import _table, _translated
    plane = "".join(map(chr, range(0x10000)))
    assert _translated(plane) == plane.translate(_table())
    assert _translated("۱۲\u200cك\tx") == "12\x00ک x"


def _regex_find(seed_text: str, quote: str) -> tuple[int, int] | None:
    """The reference: a regex per quote, with `(?: )?` wherever a ZWNJ joined two letters."""
    norm, starts = normalize_with_map(seed_text)
    quote_norm, quote_starts = normalize_with_map(quote)
    if not quote_norm:
        return None
    pieces, last = [], 0
    for i in range(1, len(quote_norm)):
        if "\u200c" in quote[quote_starts[i - 1] + 1:quote_starts[i]] and quote_norm[i - 1].isalpha() \
                and quote_norm[i].isalpha():
            pieces.append(re.escape(quote_norm[last:i]))
            last = i
    pieces.append(re.escape(quote_norm[last:]))
    head = r"(?<!\w)" if quote_norm[0].isalnum() else ""
    if quote_norm[0].isdigit():
        head += r"(?<![0-9][.,\u060c])"
    tail = r"(?!\w)" if quote_norm[-1].isalnum() else ""
    if quote_norm[-1].isdigit():
        tail += r"(?![.,\u060c][0-9])"
    match = re.compile(head + "(?: )?".join(pieces) + tail).search(norm)
    return original_span(starts, match.start(), match.end()) if match else None


@settings(max_examples=400, deadline=None)
@given(st.text("می خواهد\u200cاست ۱۲ 12.5 ،,", min_size=1, max_size=40),
       st.text("می خواهد\u200cاست ۱۲ 12.5 ،,", min_size=1, max_size=12))
def test_find_quote_agrees_with_the_regex_reference(seed_text: str, quote: str) -> None:
    assert find_quote(seed_text, quote) == _regex_find(seed_text, quote)


def test_a_zwnj_in_the_quote_matches_a_space_or_nothing_in_the_seed() -> None:
    assert find_quote("او می خواهد برود", "می\u200cخواهد") == (3, 11)
    assert find_quote("او میخواهد برود", "می\u200cخواهد") == (3, 10)
    assert find_quote("او می  خواهد برود", "می\u200cخواهد") == (3, 12)  # a run of spaces folds to one
    assert find_quote("او نمی خواهد برود", "می\u200cخواهد") is None


def test_the_listed_format_characters_are_the_ones_unicode_names(monkeypatch) -> None:
    """Under another Unicode version the characters are looked up; under 14.0 the list is that lookup."""
    import unicodedata

    from factsite.verify import normalize
    plane, version = "".join(map(chr, range(0x10000))), unicodedata.unidata_version
    monkeypatch.setattr(normalize.unicodedata, "unidata_version", "99.0.0")
    looked_up = "".join(normalize._format_chars(plane))
    assert looked_up == "".join(ch for ch in plane if unicodedata.category(ch) == "Cf")
    if version == "14.0.0":
        assert normalize.FORMAT_CHARS_14 == looked_up
