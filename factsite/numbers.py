"""Find the numbers stated in Persian or English text, with their hedges and ranges."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .normalize import normalize


@dataclass(frozen=True)
class Mention:
    """A number stated in text; spans index into normalize(text)."""

    value: Decimal
    value_max: Decimal | None   # upper end of a range, else None
    qualifier: str              # "exact" | "more_than" | "about"
    start: int
    end: int


@dataclass(frozen=True)
class _Token:
    """A digit group, a word (lower-cased) or one punctuation character of normalized text."""

    kind: str   # "num" | "word" | "punct"
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Parsed:
    """A number phrase parsed from tokens[i:end]."""

    value: Decimal
    end: int                 # index of the first token after the phrase
    tail: Decimal | None     # the scale (e.g. 1000) multiplying the phrase's last group, if any


UNITS: dict[str, int] = {
    "صفر": 0, "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "شیش": 6, "هفت": 7,
    "هشت": 8, "نه": 9,
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}
TEENS: dict[str, int] = {
    "ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14, "پانزده": 15, "پونزده": 15,
    "شانزده": 16, "هفده": 17, "هیفده": 17, "هجده": 18, "هیجده": 18, "نوزده": 19,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
HUNDREDS: dict[str, int] = {
    "یکصد": 100, "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500, "پونصد": 500,
    "ششصد": 600, "هفتصد": 700, "هشتصد": 800, "نهصد": 900,
}
HUNDRED_WORDS = frozenset({"صد", "hundred"})   # 100 alone, or a multiplier after a unit word
# Short scale throughout: «میلیارد»/«بیلیون»/billion are 10^9, «تریلیون»/trillion 10^12.
SCALES: dict[str, Decimal] = {
    "هزار": Decimal(10) ** 3, "میلیون": Decimal(10) ** 6, "میلیارد": Decimal(10) ** 9,
    "بیلیون": Decimal(10) ** 9, "تریلیون": Decimal(10) ** 12,
    "thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
CONNECTORS = frozenset({"و", "and"})
RANGE_WORDS = frozenset({"تا", "to", "-"})
# «نه» is also "not": these words after it mean it is not the number nine.
NOT_NINE_BEFORE = frozenset({"تنها", "فقط", "بلکه", "چندان", "هرگز", "همه", "این", "آن", "به", "از", "در", "با", "و"})
QUALIFIER_WORDS: dict[str, tuple[str, ...]] = {
    "more_than": ("بیش از", "بیشتر از", "بالغ بر", "افزون بر", "more than", "over"),
    "about": ("حدود", "حدودا", "حدوداً", "حدودًا", "قریب به", "قریب", "نزدیک به", "about", "around",
              "nearly", "approximately", "some", "almost", "roughly"),
}
QUALIFIER_RES: dict[str, re.Pattern[str]] = {
    kind: re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
                     + r") ?$", re.IGNORECASE)
    for kind, words in QUALIFIER_WORDS.items()
}
_PERSIAN_LETTERS = "\u0621-\u063a\u0641-\u065f\u066e-\u06d3\u06d5\u06fa-\u06ff"
TOKEN_RE = re.compile(
    r"(?P<num>[0-9]{1,3}(?:[,\u060c][0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    rf"|(?P<word>[A-Za-z]+|[{_PERSIAN_LETTERS}]+)"
    r"|(?P<punct>\S)"
)


def _tokenize(norm: str) -> list[_Token]:
    """Split normalized text into digit groups, whole words and punctuation."""
    return [_Token(m.lastgroup or "punct", m.group().lower(), m.start(), m.end())
            for m in TOKEN_RE.finditer(norm)]


def _word(toks: list[_Token], i: int) -> str | None:
    """The word at toks[i], or None when it is not a word."""
    return toks[i].text if i < len(toks) and toks[i].kind == "word" else None


def _joins(toks: list[_Token], j: int, hyphen: bool = False) -> list[int]:
    """Where a number may continue after toks[j-1]: past a connector first, then directly."""
    after = []
    if _word(toks, j) in CONNECTORS:
        after.append(j + 1)
    elif hyphen and 0 < j < len(toks) - 1 and toks[j].text == "-" \
            and toks[j - 1].end == toks[j].start and toks[j].end == toks[j + 1].start:
        after.append(j + 1)
    return after + [j]


def _below_hundred(toks: list[_Token], i: int) -> tuple[Decimal, int] | None:
    """A number word under 100 at toks[i] («بیست و پنج», "twenty-five")."""
    word = _word(toks, i)
    if word in UNITS or word in TEENS:
        return Decimal(UNITS.get(word, TEENS.get(word, 0))), i + 1
    if word not in TENS:
        return None
    for k in _joins(toks, i + 1, hyphen=True):
        unit = _word(toks, k)
        if unit in UNITS and UNITS[unit] > 0:
            return Decimal(TENS[word] + UNITS[unit]), k + 1
    return Decimal(TENS[word]), i + 1


def _below_thousand(toks: list[_Token], i: int) -> tuple[Decimal, int] | None:
    """A digit group, or number words under 1000 («سیصد و بیست و یک», "one hundred and five")."""
    if i < len(toks) and toks[i].kind == "num":
        return Decimal(re.sub(r"[,\u060c]", "", toks[i].text)), i + 1
    word = _word(toks, i)
    if word in HUNDREDS:
        value, j = Decimal(HUNDREDS[word]), i + 1
    elif word in HUNDRED_WORDS:
        value, j = Decimal(100), i + 1
    elif UNITS.get(word or "", 0) > 0 and _word(toks, i + 1) in HUNDRED_WORDS:
        value, j = Decimal(UNITS[word or ""] * 100), i + 2
    else:
        return _below_hundred(toks, i)
    for k in _joins(toks, j):
        rest = _below_hundred(toks, k)
        if rest is not None:
            return value + rest[0], rest[1]
    return value, j


def _number(toks: list[_Token], i: int, limit: Decimal | None) -> _Parsed | None:
    """The longest number phrase at toks[i] whose value stays under limit."""
    group = _below_thousand(toks, i)
    if group is None and _word(toks, i) not in SCALES:
        return None
    value, j = group if group is not None else (Decimal(1), i)
    scale = Decimal(1)
    while _word(toks, j) in SCALES and SCALES[toks[j].text] > scale:
        scale *= SCALES[toks[j].text]     # «هزار میلیارد» multiplies
        j += 1
    value *= scale
    if limit is not None and value >= limit:
        return None
    if scale == 1:
        return _Parsed(value, j, None)
    for k in _joins(toks, j):
        rest = _number(toks, k, scale)
        if rest is not None:
            return _Parsed(value + rest.value, rest.end, rest.tail)
    return _Parsed(value, j, scale)


def _tidy(value: Decimal) -> Decimal:
    """An integral value without a fractional exponent; others normalized."""
    integral = value.to_integral_value()
    return Decimal(int(integral)) if value == integral else value.normalize()


def _qualifier(norm: str, start: int) -> str:
    """The hedge written just before position start."""
    for kind, pattern in QUALIFIER_RES.items():
        if pattern.search(norm, max(0, start - 24), start):
            return kind
    return "exact"


def _is_not_nine(toks: list[_Token], i: int, parsed: _Parsed) -> bool:
    """True when a lone «نه» means "not" rather than nine."""
    return parsed.end == i + 1 and toks[i].text == "نه" and (_word(toks, i + 1) in NOT_NINE_BEFORE
                                                               or _word(toks, i + 1) is None)


def _range_end(toks: list[_Token], low: _Parsed) -> tuple[Decimal, Decimal, int] | None:
    """(low, high, end) when low is followed by «تا»/to/- and a larger number, else None."""
    j = low.end
    if j >= len(toks) or toks[j].text not in RANGE_WORDS:
        return None
    high = _number(toks, j + 1, None)
    if high is None:
        return None
    start = low.value
    if low.tail is None and high.tail is not None and start * high.tail <= high.value:
        start *= high.tail            # «۳۰ تا ۴۰ هزار» is 30000 to 40000
    if start >= high.value:
        return None
    return start, high.value, high.end


def _mention(norm: str, toks: list[_Token], i: int, parsed: _Parsed) -> tuple[Mention, int]:
    """The mention for a number parsed at toks[i], extended to a range; and the next index."""
    qualifier = _qualifier(norm, toks[i].start)
    ranged = _range_end(toks, parsed)
    if ranged is None:
        return Mention(_tidy(parsed.value), None, qualifier, toks[i].start, toks[parsed.end - 1].end), \
            parsed.end
    low, high, end = ranged
    return Mention(_tidy(low), _tidy(high), qualifier, toks[i].start, toks[end - 1].end), end


def find_numbers(text: str) -> list[Mention]:
    """Every number stated in text, in order; spans index into normalize(text)."""
    norm = normalize(text)
    toks = _tokenize(norm)
    mentions: list[Mention] = []
    i = 0
    while i < len(toks):
        parsed = _number(toks, i, None)
        if parsed is None or _is_not_nine(toks, i, parsed):
            i += 1
            continue
        mention, i = _mention(norm, toks, i, parsed)
        mentions.append(mention)
    return mentions


def parse_number_phrase(text: str) -> Decimal | None:
    """The value of a text that is exactly one number phrase (no hedge, no range), else None."""
    toks = _tokenize(normalize(text))
    parsed = _number(toks, 0, None) if toks else None
    if parsed is None or parsed.end != len(toks):
        return None
    return _tidy(parsed.value)
