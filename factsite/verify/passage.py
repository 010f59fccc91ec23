"""A quote not found in its seed: the passage of the seed most like it, with the words that differ
marked, for the editor to correct the quote."""
from __future__ import annotations

import difflib
import re
from collections import Counter

from factsite.verify.normalize import normalize

_WORD_RE = re.compile(r"\S+")
_BUCKET = 16          # character granularity of candidate alignments in closest_passage
_CANDIDATES = 4       # candidate alignments examined in closest_passage
_MIN_RATIO = 0.5


def _candidate_offsets(seed_words: list[re.Match[str]], quote_words: list[re.Match[str]]) -> list[int]:
    """Seed character offsets where the quote most plausibly starts, by shared-word votes."""
    where: dict[str, list[int]] = {}
    for m in seed_words:
        where.setdefault(m.group(), []).append(m.start())
    votes: Counter[int] = Counter()
    for q in quote_words:
        for s in where.get(q.group(), ()):
            votes[(s - q.start()) // _BUCKET] += 1
    return [bucket * _BUCKET for bucket, _ in votes.most_common(_CANDIDATES)]


def _align(region: list[str], quote: list[str]) -> list[str]:
    """The run of region words that lines up with the quote's words, padded for unmatched ends."""
    blocks = difflib.SequenceMatcher(None, region, quote, autojunk=False).get_matching_blocks()[:-1]
    if not blocks:
        return []
    first, last = blocks[0], blocks[-1]
    lo = max(0, first.a - first.b)
    hi = min(len(region), last.a + last.size + len(quote) - (last.b + last.size))
    return region[lo:hi]


def _word_diff(seed_words: list[str], quote_words: list[str]) -> str:
    """One-line word diff: [-seed words-]{+quote words+} where they differ."""
    parts = []
    matcher = difflib.SequenceMatcher(None, seed_words, quote_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = " ".join(seed_words[i1:i2]), " ".join(quote_words[j1:j2])
        if op == "equal":
            parts.append(old)
            continue
        parts.append((f"[-{old}-]" if old else "") + (f"{{+{new}+}}" if new else ""))
    return " ".join(parts)


def closest_passage(seed_text: str, quote: str) -> str:
    """Word diff of the seed passage most like the quote against the quote, or '' if none is close."""
    seed, wanted = normalize(seed_text), normalize(quote)
    seed_words, quote_words = list(_WORD_RE.finditer(seed)), list(_WORD_RE.finditer(wanted))
    quote_texts = [m.group() for m in quote_words]
    best, best_ratio = [], 0.0
    for offset in _candidate_offsets(seed_words, quote_words):
        lo, hi = offset - len(wanted) // 2, offset + len(wanted) * 3 // 2 + _BUCKET
        region = [m.group() for m in seed_words if lo <= m.start() < hi]
        passage = _align(region, quote_texts)
        ratio = difflib.SequenceMatcher(None, " ".join(passage), wanted, autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = passage, ratio
    if best_ratio < _MIN_RATIO:
        return ""
    return _word_diff(best, quote_texts)
