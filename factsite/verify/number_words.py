"""The words numbers.py reads: number words, scales, connectors, range words and hedges."""
from __future__ import annotations

from decimal import Decimal

DIGIT_WORDS: dict[str, int] = {
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
# Written straight after digits, lower-case: "53k", "1.7m", "2bn".
SUFFIX_SCALES: dict[str, Decimal] = {"k": Decimal(10) ** 3, "m": Decimal(10) ** 6, "bn": Decimal(10) ** 9}
PERSIAN_AND = "و"
CONNECTORS = frozenset({PERSIAN_AND, "and"})
HALVES = frozenset({"نیم", "half"})     # «یک و نیم میلیون», «نیم میلیون», "half a million"
ARTICLES = frozenset({"a"})             # "one and a half", "half a million"
RANGE_WORDS = frozenset({"تا", "الی", "to", "-"})
BETWEEN_WORDS = frozenset({"بین", "between"})   # «بین ۷۰ و ۹۵», "between 70 and 95" are ranges
# «نه» is also "not": these words after it mean it is not the number nine.
NOT_NINE_BEFORE = frozenset({"تنها", "فقط", "بلکه", "چندان", "هرگز", "همه", "این", "آن", "به", "از", "در", "با", "و"})
# Hedges as written (numbers.py normalizes them, so «دست‌کم» also matches «دستکم»). Order matters:
# "no less than" is at_least, so at_least is tried before less_than.
QUALIFIER_WORDS: dict[str, tuple[str, ...]] = {
    "at_least": ("دست‌کم", "دست کم", "حداقل", "لااقل", "at least", "no less than", "not less than",
                 "no fewer than"),
    "less_than": ("کمتر از", "کم‌تر از", "کم تر از", "زیر", "less than", "fewer than", "under", "below"),
    "more_than": ("بیش از", "بیشتر از", "بالغ بر", "افزون بر", "more than", "over", "upwards of"),
    "about": ("حدود", "حدودا", "حدوداً", "حدودًا", "تقریبا", "تقریباً", "تقریبًا", "قریب به", "قریب",
              "نزدیک به", "about", "around", "nearly", "approximately", "some", "almost", "roughly"),
}
