"""What a quote attaches each of its numbers to: a percentage, money, people or a year."""
from __future__ import annotations

import re

from factsite.verify.normalize import normalize
from factsite.verify.numbers import Mention, find_numbers

# What a number is attached to: the word right after it (percent, money), one of the three words
# after it (people: "rural residents", «نفر از روستاییان»), or for a year the word before it.
_UNIT_AFTER = {"percent": ("درصد", "%", "\u066a", "percent", "per cent"), "money": ("تومان", "ریال", "toman", "rial")}
_PEOPLE_WORDS = frozenset({"نفر", "جمعیت", "افراد", "فرد", "بیمار", "بیماران", "شهروند", "شهروندان", "روستایی",
                           "روستاییان", "عشایر", "بیمه‌شده", "بیمه‌شدگان", "مددجو", "مددجویان"})
_PEOPLE_STEMS = ("people", "person", "population", "resident", "villager", "patient", "citizen", "individual",
                 "user", "beneficiar", "insured", "member", "nomad", "inhabitant")
_YEAR_BEFORE = re.compile(r"(?:سال|in|year|since|from|until|by)\s*$", re.IGNORECASE)


def attached_to(text: str, mention: Mention) -> str:
    """What the quote attaches a number to: "percent", "money", "people", "year", or "" if it does not say.

    text is the normalized quote (find_numbers' spans index into it)."""
    after = text[mention.end:mention.end + 40].lstrip(" \u200c").lower()
    for unit, words in _UNIT_AFTER.items():
        if after.startswith(words):
            return unit
    if any(word in _PEOPLE_WORDS or word.startswith(_PEOPLE_STEMS) for word in after.split()[:3]):
        return "people"
    whole = mention.value_max is None and mention.value == mention.value.to_integral_value()
    if whole and (1300 <= mention.value <= 1499 or 1900 <= mention.value <= 2100) and \
            _YEAR_BEFORE.search(text, max(0, mention.start - 12), mention.start):
        return "year"
    return ""


def numbers_with_units(text: str) -> list[tuple[Mention, str]]:
    """Every number stated in text with what it is attached to (see attached_to)."""
    norm = normalize(text)
    return [(mention, attached_to(norm, mention)) for mention in find_numbers(text)]
