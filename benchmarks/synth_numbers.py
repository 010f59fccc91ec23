"""Numbers written the ways the seeds write them, and the values of the synthetic figures
(benchmarks/generate.py)."""
from __future__ import annotations

import math
import random
from decimal import Decimal

from benchmarks.synth_measures import HEDGES, Measure


# ---------------------------------------------------------------------------------------------
# Writing numbers the ways the seeds do
# ---------------------------------------------------------------------------------------------

FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
FA_UNITS = ("", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه")
FA_TEENS = ("ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده")
FA_TENS = ("", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود")
FA_HUNDREDS = ("", "یکصد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد")
FA_SCALES = ((10 ** 9, "میلیارد"), (10 ** 6, "میلیون"), (10 ** 3, "هزار"))
EN_UNITS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
EN_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen")
EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
EN_SCALES = ((10 ** 12, "trillion"), (10 ** 9, "billion"), (10 ** 6, "million"))


def script(text: str, persian: bool) -> str:
    return text.translate(FA_DIGITS) if persian else text


def grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def fa_words(n: int) -> str:
    """Persian words for 0 < n < 10^12: «یکصد و بیست و پنج», «دو هزار و پانصد»."""
    parts = []
    for scale, word in FA_SCALES:
        group, n = divmod(n, scale)
        if group:
            parts.append(word if group == 1 and scale == 1000 else f"{fa_words_below_1000(group)} {word}")
    if n:
        parts.append(fa_words_below_1000(n))
    return " و ".join(parts)


def fa_words_below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = [FA_HUNDREDS[hundreds]] if hundreds else []
    if 10 <= rest < 20:
        parts.append(FA_TEENS[rest - 10])
    elif rest:
        tens, units = divmod(rest, 10)
        parts += [w for w in (FA_TENS[tens], FA_UNITS[units]) if w]
    return " و ".join(parts)


def en_words(n: int) -> str:
    """English words for 0 < n < 100: "seven", "twenty-five"."""
    if n < 10:
        return EN_UNITS[n]
    if n < 20:
        return EN_TEENS[n - 10]
    tens, units = divmod(n, 10)
    return EN_TENS[tens] + (f"-{EN_UNITS[units]}" if units else "")


def fa_mixed(n: int, persian: bool, rng: random.Random) -> str:
    """Digit groups joined by scale words: «یک میلیون و ۶۷۳ هزار», «۵۵۷ هزار و ۲۷۶», «هزار و 600»."""
    billions, rest = divmod(n, 10 ** 9)
    parts = []
    if billions:
        if billions >= 1000 and billions % 1000 == 0 and not rest:
            return f"{script(str(billions // 1000), persian)} هزار میلیارد"     # «۱۲ هزار میلیارد»
        parts.append(("یک" if billions == 1 else script(grouped(billions, "٬" if persian else ","), persian))
                     + " میلیارد")
    for scale, word in FA_SCALES[1:]:
        group, rest = divmod(rest, scale)
        if group == 1:
            parts.append(word if scale == 1000 and rng.random() < 0.7 else f"یک {word}")
        elif group:
            parts.append(f"{script(str(group), persian)} {word}")
    if rest:
        parts.append(script(str(rest), persian))
    return " و ".join(parts)


def decimal_scale(n: int, scales) -> tuple[str, str] | None:
    """(mantissa, scale word) when n is 1.5 million, 12.75 billion…, with at most two decimals."""
    for scale, word in scales:
        if n >= scale and (n * 100) % scale == 0:
            mantissa = Decimal(n) / scale
            return format(mantissa.normalize(), "f"), word
    return None


def fa_number(value, unit: str, rng: random.Random) -> str:
    """One number as a Persian text writes it, in a style that suits the value."""
    persian = rng.random() < 0.75
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return script(str(value).replace(".", "٫"), persian)      # «۲٫۵»
    n = int(value)
    if unit == "iranian_year":
        return script(str(n), persian)
    styles = []
    if unit == "toman" and n >= 10 ** 6:
        styles += ["mixed"] * 4
        scaled = decimal_scale(n, ((10 ** 9, "میلیارد"), (10 ** 6, "میلیون")))
        if scaled and "." in scaled[0]:
            styles.append("decimal")                               # «۱٫۵ میلیارد»
        if n >= 10 ** 9 and n % 10 ** 9 == 0:
            styles.append("billions")                              # «۱٬۲۰۰ میلیارد»
        if n < 10 ** 9 and n % 1000 == 0:
            styles.append("words")
    else:
        styles += ["digits"] * (3 if n < 10 ** 5 else 2)
        if n >= 1000:
            styles += ["mixed"] * 3
        if n < 1000 or (n % 1000 == 0 and n < 10 ** 6) or (n % 10 ** 6 == 0 and n < 10 ** 9):
            styles.append("words")
    style = rng.choice(styles)
    if style == "digits":
        sep = rng.choice(("٬", ",", "")) if n >= 10000 else ""
        return script(grouped(n, sep) if sep else str(n), persian)
    if style == "mixed":
        return fa_mixed(n, persian, rng)
    if style == "billions":
        return script(grouped(n // 10 ** 9, "٬" if persian else ","), persian) + " میلیارد"
    if style == "decimal":
        mantissa, word = decimal_scale(n, ((10 ** 9, "میلیارد"), (10 ** 6, "میلیون")))
        return script(mantissa.replace(".", "٫"), persian) + " " + word
    return fa_words(n)


def en_number(value, unit: str, rng: random.Random) -> str:
    """One number as an English text writes it: "53,000", "1.2 million", "twenty-five"."""
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return str(value)
    n = int(value)
    if unit == "iranian_year":
        return str(n)
    scaled = decimal_scale(n, EN_SCALES)
    if scaled and (unit == "toman" or rng.random() < 0.5):
        return f"{scaled[0]} {scaled[1]}"
    if n < 100 and unit != "toman" and rng.random() < 0.3:
        return en_words(n)
    return f"{n:,}"


def number_phrase(lang: str, value, value_max, qualifier: str, unit: str, rng: random.Random) -> str:
    """The figure as a sentence states it, with its hedge or as a range."""
    render = fa_number if lang == "fa" else en_number
    if value_max is not None:
        low, high = int(value), int(value_max)
        for scale in (10 ** 9, 10 ** 3):
            # «۳۰ تا ۴۰ هزار نفر», "200 to 300 billion tomans": the scale is written once
            if low % scale == 0 and high % scale == 0 and high // scale < 1000 and low >= scale \
                    and rng.random() < 0.6:
                word = {"fa": {10 ** 9: "میلیارد", 10 ** 3: "هزار"},
                        "en": {10 ** 9: "billion", 10 ** 3: "thousand"}}[lang][scale]
                persian = lang == "fa" and rng.random() < 0.75
                text = f"{script(str(low // scale), persian)} {'تا' if lang == 'fa' else 'to'} " \
                       f"{script(str(high // scale), persian)} {word}"
                break
        else:
            joiner = " تا " if lang == "fa" else " to "
            text = render(low, unit, rng) + joiner + render(high, unit, rng)
        if rng.random() < 0.3:
            text = ("بین " if lang == "fa" else "from ") + text
        return text
    text = render(value, unit, rng)
    if qualifier != "exact":
        text = rng.choice(HEDGES[lang][qualifier]) + " " + text
    return text


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------


def round_sig(x: float, digits: int, down: bool = False) -> int:
    """x rounded to a number of significant digits (down if asked)."""
    if x < 1:
        return 1
    scale = 10 ** max(0, int(math.floor(math.log10(x))) - digits + 1)
    return max(scale, (int(x // scale) if down else int(round(x / scale))) * scale)


def make_value(measure: Measure, national: bool, rng: random.Random, allow_range: bool = True):
    """(value, value_max, qualifier) for one figure of a measure."""
    if measure.unit == "iranian_year":
        return rng.randint(int(measure.low), int(measure.high)), None, "exact"
    if measure.unit == "percent":
        if measure.ranges and allow_range and rng.random() < 0.2:
            low = rng.randint(int(measure.low), int(measure.high) - 10)
            return low, rng.randint(low + 5, min(100, low + 30)), "exact"
        value = rng.randint(int(measure.low), int(measure.high))
        if measure.decimals and rng.random() < 0.35:
            value = Decimal(value) + Decimal(rng.randint(1, 9)) / 10
        return value, None, rng.choices(("exact", "more_than", "about"), (5, 2, 3))[0]
    low, high = measure.low, measure.high
    if national:
        low, high = low * measure.national, high * measure.national
    x = math.exp(rng.uniform(math.log(low), math.log(high)))
    if measure.ranges and allow_range and rng.random() < 0.12:
        start = round_sig(x, 1)
        step = start // max(1, int(str(start)[0])) if start >= 10 else 1
        return start, start + step * rng.randint(1, 4), "exact"
    roundness = rng.random()
    if measure.unit == "toman":
        value = round_sig(x, rng.choice((1, 2, 2, 3)))
        if value >= 10 ** 6:
            value -= value % 10 ** 6 if value >= 10 ** 9 else value % 1000
        return value, None, rng.choices(("exact", "more_than", "about"), (3, 4, 3))[0]
    if roundness < 0.35 and x >= 100:
        return int(x), None, rng.choices(("exact", "about"), (9, 1))[0]
    value = round_sig(x, rng.choice((1, 2, 2, 3, 3, 4)))
    return value, None, rng.choices(("exact", "more_than", "about"), (4, 4, 3))[0]
