"""Find the numbers stated in Persian or English text, with their hedges and ranges."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from factsite.verify.normalize import normalize
from factsite.verify.tokens import MAX_NUMBER_CHARS, Token, tokenize
from factsite.verify.number_words import (ARTICLES, BETWEEN_WORDS, CONNECTORS, HALVES, HUNDRED_WORDS, HUNDREDS,
                           NOT_NINE_BEFORE, PERSIAN_AND, QUALIFIER_WORDS, RANGE_WORDS, SCALES,
                           SUFFIX_SCALES, TEENS, TENS, DIGIT_WORDS)

HALF = Decimal("0.5")
ZERO = Decimal(0)
# The words a number phrase can begin with; any other word is skipped without trying to parse.
STARTING_WORDS = frozenset(DIGIT_WORDS) | frozenset(TEENS) | frozenset(TENS) | frozenset(HUNDREDS) \
    | frozenset(HUNDRED_WORDS) | frozenset(HALVES) | frozenset(SCALES)


@dataclass(frozen=True)
class Mention:
    """A number stated in text; spans index into normalize(text)."""

    value: Decimal
    value_max: Decimal | None   # upper end of a range, else None
    qualifier: str              # "exact" | "more_than" | "about" | "less_than" | "at_least"
    start: int
    end: int


@dataclass(frozen=True)
class _Parsed:
    """A number phrase parsed from tokens[i:end]."""

    value: Decimal
    end: int                 # index of the first token after the phrase
    tail: Decimal | None     # the scale (e.g. 1000) multiplying the phrase's last group, if any


@dataclass(frozen=True)
class _Sum:
    """A number phrase read so far."""

    total: Decimal
    largest: Decimal         # the largest scale applied so far, 0 before any
    last: Decimal            # the latest scale, 0 once the phrase cannot go on
    tail: Decimal | None     # as in _Parsed


@dataclass(frozen=True)
class _Step:
    """A group and the scale words after it («۲ هزار», «هزار میلیارد», «۲۷۶»)."""

    group: Decimal | None
    scales: tuple[Decimal, ...]
    end: int


QUALIFIER_RES: dict[str, re.Pattern[str]] = {
    kind: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(normalize(w)) for w in sorted(words, key=len, reverse=True))
                     + r") ?$", re.IGNORECASE)
    for kind, words in QUALIFIER_WORDS.items()
}
def _word(toks: list[Token], i: int) -> str | None:
    """The word at toks[i], or None when it is not a word."""
    return toks[i].text if i < len(toks) and toks[i].kind == "word" else None


def _scale(toks: list[Token], i: int) -> Decimal | None:
    """The scale named at toks[i] («هزار», "million", the "k" of "53k"), else None."""
    if i >= len(toks) or toks[i].kind not in ("word", "suffix"):
        return None
    return (SCALES if toks[i].kind == "word" else SUFFIX_SCALES).get(toks[i].text)


def _skip(toks: list[Token], i: int, words: frozenset[str]) -> int:
    """i, or the index after toks[i] when it is one of words."""
    return i + 1 if _word(toks, i) in words else i


def _joins(toks: list[Token], j: int, hyphen: bool = False) -> list[int]:
    """Where a number may continue after toks[j-1]: past a connector first, then directly."""
    after = []
    if _word(toks, j) in CONNECTORS:
        after.append(j + 1)
    elif hyphen and 0 < j < len(toks) - 1 and toks[j].text == "-" \
            and toks[j - 1].end == toks[j].start and toks[j].end == toks[j + 1].start:
        after.append(j + 1)
    return after + [j]


def _half_after(toks: list[Token], j: int) -> int | None:
    """The index after «و نیم»/"and a half" at toks[j], else None."""
    if _word(toks, j) not in CONNECTORS:
        return None
    k = _skip(toks, j + 1, ARTICLES)
    return k + 1 if _word(toks, k) in HALVES else None


def _below_hundred(toks: list[Token], i: int) -> tuple[Decimal, int] | None:
    """A number word under 100 at toks[i] («بیست و پنج», "twenty-five")."""
    word = _word(toks, i)
    if word in DIGIT_WORDS or word in TEENS:
        return Decimal(DIGIT_WORDS.get(word, TEENS.get(word, 0))), i + 1
    if word not in TENS:
        return None
    for k in _joins(toks, i + 1, hyphen=True):
        unit = _word(toks, k)
        if unit in DIGIT_WORDS and DIGIT_WORDS[unit] > 0:
            return Decimal(TENS[word] + DIGIT_WORDS[unit]), k + 1
    return Decimal(TENS[word]), i + 1


def _below_thousand(toks: list[Token], i: int) -> tuple[Decimal, int] | None:
    """A digit group, or number words under 1000 («سیصد و بیست و یک», "one hundred and five")."""
    if i < len(toks) and toks[i].kind == "num":
        return Decimal(re.sub(r"[,\u060c]", "", toks[i].text).replace("/", ".")), i + 1
    word = _word(toks, i)
    if word in HUNDREDS:
        value, j = Decimal(HUNDREDS[word]), i + 1
    elif word in HUNDRED_WORDS:
        value, j = Decimal(100), i + 1
    elif DIGIT_WORDS.get(word or "", 0) > 0 and _word(toks, i + 1) in HUNDRED_WORDS:
        value, j = Decimal(DIGIT_WORDS[word or ""] * 100), i + 2
    else:
        return _below_hundred(toks, i)
    for k in _joins(toks, j):
        rest = _below_hundred(toks, k)
        if rest is not None:
            return value + rest[0], rest[1]
    return value, j


def _group(toks: list[Token], i: int) -> tuple[Decimal, int] | None:
    """A group with an optional half («دو و نیم», "one and a half"), or a half before a scale
    («نیم میلیون», "half a million")."""
    if _word(toks, i) in HALVES:
        j = _skip(toks, i + 1, ARTICLES)
        return (HALF, j) if _scale(toks, j) is not None else None
    group = _below_thousand(toks, i)
    if group is None:
        return None
    end = _half_after(toks, group[1])
    return (group[0] + HALF, end) if end is not None else group


def _step(toks: list[Token], i: int) -> _Step | None:
    """The group at toks[i] and the rising scale words after it, if either is there."""
    group = _group(toks, i)
    value, j = group if group is not None else (None, i)
    scales: list[Decimal] = []
    while (scale := _scale(toks, j)) is not None and (not scales or scale > scales[-1]):
        scales.append(scale)     # «هزار میلیارد» multiplies
        j += 1
    return _Step(value, tuple(scales), j) if value is not None or scales else None


def _fits(acc: _Sum, step: _Step, multiply: bool) -> bool:
    """Whether step may go on from acc: a part below the latest scale («میلیون و ۶۷۳ هزار»), or,
    when multiply allows, a larger scale over all before it («هزار و ۲۰۰ میلیارد»)."""
    if not step.scales:
        return step.group is not None and step.group < acc.last
    if step.scales[0] > acc.largest:
        return multiply and step.group is not None and step.group < acc.last
    return len(step.scales) == 1 and (step.group or 1) * step.scales[0] < acc.last


def _apply(acc: _Sum, step: _Step) -> _Sum:
    """acc with step added: each scale multiplies all since the last larger scale."""
    if not step.scales:
        return _Sum(acc.total + (step.group or ZERO), acc.largest, ZERO, None)
    total, largest, tail, group = acc.total, acc.largest, acc.tail, step.group
    for scale in step.scales:
        if scale > largest:
            total = (total + (group if group is not None else ZERO if total else 1)) * scale
            tail, largest = (scale if group is not None else (tail or 1) * scale), scale
        else:
            total, tail = total + (group if group is not None else 1) * scale, scale
        group = None
    return _Sum(total, largest, step.scales[-1], tail)


def _more(toks: list[Token], j: int, acc: _Sum, multiply: bool) -> tuple[_Sum, int] | None:
    """The phrase read on past toks[j-1]: by «و نیم»/"and a half", or by one more step."""
    half = _half_after(toks, j)
    if half is not None:
        return _Sum(acc.total + acc.last * HALF, acc.largest, ZERO, acc.tail), half
    for k in _joins(toks, j):
        step = _step(toks, k)
        if step is not None and _fits(acc, step, multiply and k > j and toks[j].text == PERSIAN_AND):
            return _apply(acc, step), step.end
    return None


def _number(toks: list[Token], i: int, multiply: bool = True) -> _Parsed | None:
    """The longest number phrase at toks[i]."""
    step = _step(toks, i)
    if step is None:
        return None
    acc, j = _apply(_Sum(ZERO, ZERO, ZERO, None), step), step.end
    while acc.last and (more := _more(toks, j, acc, multiply)) is not None:
        acc, j = more
    return _Parsed(acc.total, j, acc.tail)


def _tidy(value: Decimal) -> Decimal:
    """An integral value without a fractional exponent; others normalized."""
    if value.adjusted() > MAX_NUMBER_CHARS:  # scale words piled up: no figure, and int() would be slow
        return value
    integral = value.to_integral_value()
    return Decimal(int(integral)) if value == integral else value.normalize()


def _qualifier(norm: str, start: int) -> str:
    """The hedge written just before position start."""
    for kind, pattern in QUALIFIER_RES.items():
        if pattern.search(norm, max(0, start - 24), start):
            return kind
    return "exact"


def _is_not_nine(toks: list[Token], i: int, parsed: _Parsed) -> bool:
    """True when a lone «نه» means "not" rather than nine."""
    return parsed.end == i + 1 and toks[i].text == "نه" and (_word(toks, i + 1) in NOT_NINE_BEFORE
                                                               or _word(toks, i + 1) is None)


def _range_end(toks: list[Token], low: _Parsed, between: bool) -> tuple[Decimal, Decimal, int] | None:
    """(low, high, end) when low is followed by «تا»/«الی»/to/- (or, after «بین»/between, by
    «و»/and) and a larger number, else None."""
    j = low.end
    if j >= len(toks) or toks[j].text not in (RANGE_WORDS | CONNECTORS if between else RANGE_WORDS):
        return None
    high = _number(toks, j + 1)
    if high is None:
        return None
    start = low.value
    if low.tail is None and high.tail is not None and start * high.tail <= high.value:
        start *= high.tail            # «۳۰ تا ۴۰ هزار» is 30000 to 40000
    if start >= high.value:
        return None
    return start, high.value, high.end


def _mention(norm: str, toks: list[Token], i: int, parsed: _Parsed) -> tuple[Mention, int]:
    """The mention for a number parsed at toks[i], extended to a range; and the next index."""
    qualifier = _qualifier(norm, toks[i].start)
    ranged = _range_end(toks, parsed, _word(toks, i - 1) in BETWEEN_WORDS)
    if ranged is None:
        return Mention(_tidy(parsed.value), None, qualifier, toks[i].start, toks[parsed.end - 1].end), \
            parsed.end
    low, high, end = ranged
    return Mention(_tidy(low), _tidy(high), qualifier, toks[i].start, toks[end - 1].end), end


def find_numbers(text: str) -> list[Mention]:
    """Every number stated in text, in order; spans index into normalize(text)."""
    norm = normalize(text)
    toks = tokenize(norm)
    mentions: list[Mention] = []
    i = 0
    while i < len(toks):
        if toks[i].kind == "word" and toks[i].text not in STARTING_WORDS or toks[i].kind == "punct":
            i += 1
            continue
        # After «بین»/between an «و»/and ends the first number of a range instead of joining it.
        parsed = _number(toks, i, multiply=_word(toks, i - 1) not in BETWEEN_WORDS)
        if parsed is None or _is_not_nine(toks, i, parsed):
            i += 1
            continue
        mention, i = _mention(norm, toks, i, parsed)
        mentions.append(mention)
    return mentions


def parse_number_phrase(text: str) -> Decimal | None:
    """The value of a text that is exactly one number phrase (no hedge, no range), else None."""
    toks = tokenize(normalize(text))
    parsed = _number(toks, 0) if toks else None
    if parsed is None or parsed.end != len(toks):
        return None
    return _tidy(parsed.value)
