"""Quotes split into tokens for verify/numbers.py to read figures from: digit groups, scale
suffixes, whole words and punctuation, in Persian or Latin script."""
from __future__ import annotations

import re
from typing import NamedTuple


class Token(NamedTuple):
    """A digit group, a scale suffix ("k"), a word (lower-cased) or one punctuation character.

    A NamedTuple rather than a dataclass: quotes are tokenized by the hundred thousand."""

    kind: str   # "num" | "suffix" | "word" | "punct"
    text: str
    start: int
    end: int


MAX_NUMBER_CHARS = 40  # "1,000,000,000,000,000.25" has 25; a longer run of digits is not a figure
_PERSIAN_LETTERS = "\u0621-\u063a\u0641-\u065f\u066e-\u06d3\u06d5\u06fa-\u06ff"
# In Persian text «۲/۵» is 2.5; «۱۴۰۴/۰۹/۱۰» is a date, never a decimal.
_SLASH_DECIMAL = r"(?<![0-9/])[0-9]{1,3}/[0-9]{1,2}(?![0-9]|/[0-9])|"
_TOKEN = (r"(?P<num>{slash}[0-9]{{1,3}}(?:[,\u060c][0-9]{{3}})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
          r"|(?P<suffix>(?<=[0-9])(?:k|m|bn)(?![A-Za-z]))"
          rf"|(?P<word>[A-Za-z]+|[{_PERSIAN_LETTERS}]+)"
          r"|(?P<punct>\S)")
_PERSIAN_RUNS = re.compile(f"[{_PERSIAN_LETTERS}]+")
_LATIN_RUNS = re.compile("[A-Za-z]+")
TOKEN_RE = re.compile(_TOKEN.format(slash=""))
PERSIAN_TOKEN_RE = re.compile(_TOKEN.format(slash=_SLASH_DECIMAL))


def tokenize(norm: str) -> list[Token]:
    """Split normalized text into digit groups, scale suffixes, whole words and punctuation."""
    persian = _letters(_PERSIAN_RUNS, norm) > _letters(_LATIN_RUNS, norm)
    pattern = PERSIAN_TOKEN_RE if persian else TOKEN_RE
    return [Token(m.lastgroup if end - start <= MAX_NUMBER_CHARS else _kind(m), m.group().lower(), start, end)
            for m in pattern.finditer(norm) for start, end in (m.span(),)]


def _letters(runs: re.Pattern[str], text: str) -> int:
    """How many of text's characters are letters of the runs' script."""
    return sum(map(len, runs.findall(text)))


def _kind(match: re.Match[str]) -> str:
    """A token's kind; a run of more digits than any figure has is no number (and not read as one)."""
    kind = match.lastgroup or "punct"
    return "punct" if kind == "num" and match.end() - match.start() > MAX_NUMBER_CHARS else kind
