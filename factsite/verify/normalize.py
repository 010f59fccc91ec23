"""Meaning-preserving normalization of Persian/English text, and quote location in seeds
(a quote not found: verify/passage.py finds the passage most like it)."""
from __future__ import annotations

import array
import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable

SEED_TEXTS_KEPT = 8192  # normalized seed texts remembered (the national site has 700; 4× scale 2,800)
TEXTS_KEPT = 1024  # normalized quotes and passages remembered: each is asked for again within its fact
ZWNJ = "\u200c"
TATWEEL = "\u0640"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02"   # “ ” „ ‟ « » ″ 〝 〞 ＂
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2039\u203a"                     # ‘ ’ ‚ ‛ ′ ‹ ›
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"           # ‐ ‑ ‒ – — ― − ﹘ ﹣ －

# One output character (or none) per input character; whitespace is handled separately.
CHAR_MAP: dict[str, str] = {
    "\u064a": "\u06cc",   # ي ARABIC YEH -> ی
    "\u0649": "\u06cc",   # ى ALEF MAKSURA -> ی
    "\u0643": "\u06a9",   # ك ARABIC KAF -> ک
    "\u066b": ".",        # ٫ ARABIC DECIMAL SEPARATOR
    "\u066c": ",",        # ٬ ARABIC THOUSANDS SEPARATOR
    TATWEEL: "",
    **{chr(0x06F0 + d): str(d) for d in range(10)},   # Persian digits
    **{chr(0x0660 + d): str(d) for d in range(10)},   # Arabic-Indic digits
    **{c: '"' for c in _DOUBLE_QUOTES},
    **{c: "'" for c in _SINGLE_QUOTES},
    **{c: "-" for c in _DASHES},
}

_WHITESPACE = re.compile(r"\s")


def _map_char(ch: str) -> str:
    """The normalized form of one character: '' to drop it, ' ' for whitespace."""
    mapped = CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    if unicodedata.category(ch) == "Cf":
        return ""
    return " " if ch.isspace() else ch


DROPPED = "\x00"   # what translate() turns a dropped character into, so offsets survive
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_RUNS = re.compile("[^ \x00]+| [ \x00]*|\x00+")
_SPACE_RUNS = re.compile(" +")


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """translate() table for the Basic Multilingual Plane: one character out for each one in.

    The same as applying _map_char to every character, but without a Python call per character,
    since every build (and so every editor's check) starts by making it."""
    plane = array.array("I", range(0x10000)).tobytes().decode("utf-32-le", "surrogatepass")
    table = {ord(ch): " " for ch in _WHITESPACE.findall(plane) if ch != " "}  # \s is str.isspace here
    table.update((ord(ch), DROPPED) for ch in _format_chars(plane))
    table.update((ord(ch), mapped or DROPPED) for ch, mapped in CHAR_MAP.items() if mapped != ch)
    return table


@functools.lru_cache(maxsize=1)
def _changes() -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """The characters _table changes, as one pattern, and what a match of it becomes."""
    table = {chr(code): out for code, out in _table().items() if chr(code) != out}
    return re.compile("[" + "".join(map(re.escape, table)) + "]"), lambda match: table[match.group()]


def _translated(text: str) -> str:
    """text.translate(_table()), one character out for each one in: a regular expression finds the
    few characters that change, about five times quicker than translate() looking each one up
    (0.05 s against 0.25 s for the national site's 700 seeds)."""
    pattern, becomes = _changes()
    return pattern.sub(becomes, text)


# The format characters (category Cf) of the Basic Multilingual Plane in Unicode 14.0, Python 3.11's
# version: looking each of the 65,536 up would take about 20 ms of every build.
FORMAT_CHARS_14 = ("\u00ad\u0600\u0601\u0602\u0603\u0604\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
                   "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063"
                   "\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\ufff9\ufffa\ufffb")


def _format_chars(plane: str) -> Iterable[str]:
    """The plane's format characters: listed above for Unicode 14.0, looked up for any other version."""
    if unicodedata.unidata_version == "14.0.0":
        return FORMAT_CHARS_14
    return itertools.compress(plane, map("Cf".__eq__, map(unicodedata.category, plane)))


class Offsets:
    """Per normalized character, the index of the original character behind it (plus one past the end).

    Stored as runs that map one to one, so building it costs per irregular gap, not per character."""

    __slots__ = ("_norm", "_orig", "_length")

    def __init__(self, norm_starts: list[int], orig_starts: list[int], length: int) -> None:
        self._norm, self._orig, self._length = norm_starts, orig_starts, length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int) -> int:
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        run = bisect.bisect_right(self._norm, index) - 1
        return self._orig[run] + index - self._norm[run]

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, (Offsets, list)) else NotImplemented

    __hash__ = None


_IRREGULAR_GAP = re.compile("[ \x00]*\x00[ \x00]*|  +")


def normalize_with_map(text: str) -> tuple[str, Offsets | list[int]]:
    """Normalize text and return, per output char, the index of the original char behind it."""
    if DROPPED in text or _ASTRAL.search(text):
        return _normalize_slowly(text)
    mapped = _translated(text)
    lead = len(mapped) - len(mapped.lstrip(" \x00"))
    end = len(mapped.rstrip(" \x00"))
    if end <= lead:
        return "", [0]
    out, norm_starts, orig_starts, taken, written = [], [0], [lead], lead, 0
    for gap in _IRREGULAR_GAP.finditer(mapped, lead, end):
        out.append(mapped[taken:gap.start()])
        written += gap.start() - taken
        space = gap.group().find(" ")
        if space >= 0:
            out.append(" ")
            norm_starts.append(written)
            orig_starts.append(gap.start() + space)
            written += 1
        norm_starts.append(written)
        orig_starts.append(gap.end())
        taken = gap.end()
    out.append(mapped[taken:end])
    norm = "".join(out)
    return norm, Offsets(norm_starts, orig_starts, len(norm) + 1)


def _normalize_slowly(text: str) -> tuple[str, list[int]]:
    """normalize_with_map one character at a time (for text outside the Basic Multilingual Plane)."""
    out: list[str] = []
    starts: list[int] = []
    pending_space: int | None = None
    for index, ch in enumerate(text):
        mapped = _map_char(ch)
        if not mapped:
            continue
        if mapped == " ":
            if pending_space is None:
                pending_space = index
            continue
        if pending_space is not None and out:
            out.append(" ")
            starts.append(pending_space)
        pending_space = None
        out.append(mapped)
        starts.append(index)
    starts.append(starts[-1] + 1 if starts else 0)
    return "".join(out), starts


@functools.lru_cache(maxsize=TEXTS_KEPT, typed=True)
def normalize(text: str) -> str:
    """Drop invisible characters, unify letter forms, digits, quotes, dashes and whitespace.

    Remembered by the text: a fact's quote is normalized for its words and its place in the seed,
    and the seed's words for it for its numbers and where its figure stands."""
    if DROPPED in text or _ASTRAL.search(text):
        return _normalize_slowly(text)[0]
    return _SPACE_RUNS.sub(" ", _translated(text).replace(DROPPED, "")).strip(" ")


def original_span(starts: list[int], a: int, b: int) -> tuple[int, int]:
    """Original [start, end) of the normalized slice [a, b), given normalize_with_map's starts."""
    if not 0 <= a <= b < len(starts):
        raise ValueError(f"normalized span [{a}, {b}) is outside 0..{len(starts) - 1}")
    if a == b:
        return starts[a], starts[a]
    return starts[a], starts[b - 1] + 1


def _quote_pieces(quote: str) -> tuple[str, list[str]]:
    """The normalized quote, cut wherever a ZWNJ joined two letters (the seed may have a space there)."""
    norm, starts = normalize_with_map(quote)
    pieces, last = [], 0
    for i in range(1, len(norm)):
        if ZWNJ in quote[starts[i - 1] + 1:starts[i]] and norm[i - 1].isalpha() and norm[i].isalpha():
            pieces.append(norm[last:i])
            last = i
    pieces.append(norm[last:])
    return norm, pieces


def _flexible_find(text: str, norm: str, pieces: list[str]) -> tuple[int, int] | None:
    """The first [start, end) where the pieces occur in text in order, each joined to the next
    directly or by one space, with the same word boundaries as _plain_find.

    Each piece after the first starts with a letter, so at most one way of joining can match."""
    start = text.find(pieces[0])
    while start != -1:
        at = start + len(pieces[0])
        for piece in pieces[1:]:
            if text.startswith(piece, at):
                at += len(piece)
            elif text.startswith(" ", at) and text.startswith(piece, at + 1):
                at += 1 + len(piece)
            else:
                break
        else:
            if _bounded(text, start, at, norm):
                return start, at
        start = text.find(pieces[0], start + 1)
    return None


@functools.lru_cache(maxsize=SEED_TEXTS_KEPT)
def normalized_seed(seed_text: str) -> tuple[str, Offsets | list[int]]:
    """normalize_with_map of a seed's text, remembered by the text: every quote of a seed is found in it."""
    return normalize_with_map(seed_text)


def find_quote(seed_text: str, quote: str) -> tuple[int, int] | None:
    """Original-text span of the quote's first occurrence in the seed, compared normalized."""
    norm, starts = normalized_seed(seed_text)
    quote_norm = normalize(quote)
    if not quote_norm:
        return None
    start = _plain_find(norm, quote_norm)
    if start is not None:
        return original_span(starts, start, start + len(quote_norm))
    if ZWNJ not in quote:
        return None
    quote_norm, pieces = _quote_pieces(quote)  # a ZWNJ in the quote may be a space in the seed
    found = _flexible_find(norm, quote_norm, pieces) if len(pieces) > 1 else None
    return original_span(starts, *found) if found else None


def _plain_find(text: str, quote: str) -> int | None:
    """Where quote first occurs in text with the same word boundaries as _quote_pattern, or None."""
    start = text.find(quote)
    while start != -1:
        if _bounded(text, start, start + len(quote), quote):
            return start
        start = text.find(quote, start + 1)
    return None


def _bounded(text: str, start: int, end: int, quote: str) -> bool:
    """The match does not cut a word or a number in the middle."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if quote[0].isalnum() and (before.isalnum() or before == "_"):
        return False
    if quote[0].isdigit() and start >= 2 and before in ".,\u060c" and text[start - 2].isdigit():
        return False
    if quote[-1].isalnum() and (after.isalnum() or after == "_"):
        return False
    return not (quote[-1].isdigit() and after and after in ".,\u060c" and text[end + 1:end + 2].isdigit())
