"""The facts of an edited file that a new run need not check again: what the file's last check, kept
in the memory of the last run (speed/lasting.py), gave for the very same fact.

A fact is the same when it is equal, its text representation is too (so 1.0 and 1 differ) and
its fields were written at the same places; and the result is taken only under the same names
facts may refer to and the same text of the seed it quotes, as memo.py's own memory of facts.
"""
from __future__ import annotations

from factsite.model import Fact
from factsite.verify.fact import Checked
from factsite.verify.site import Gathered

Before = tuple[tuple, tuple[Fact, ...], Gathered]  # a facts file's last check: its key, facts read, facts checked


def kept_before(lists: tuple | None, checked: tuple | None) -> Before | None:
    """A facts file's last check as the memory keeps it (memo.kept's entries), or None: the facts
    as read and as checked, when both are of the same bytes of the file."""
    if lists is None or checked is None:
        return None
    (rel, _, digest), (listed, _) = lists
    key, gathered = checked
    if key[:2] != (rel, digest) or len(listed.built) != len(gathered.checked):
        return None
    return key, listed.built, gathered


def checked_before(before: Before | None, refs: bytes, facts: list[Fact],
                   seeds: dict[int, bytes | None]) -> dict[int, Checked]:
    """What the last check of this file gave each of these facts that it held unchanged, by object;
    refs: the names facts may refer to now, seeds: the digest of each fact's seed text now."""
    if before is None or before[0][2] != refs:
        return {}
    key, read, gathered = before
    texts = dict(key[3])  # each quoted seed's digest then, by site path
    then = {_exactly(fact): (texts.get(f"seeds/{fact.source.seed}") if fact.source else None, result)
            for fact, result in zip(read, gathered.checked)}
    found = {}
    for fact in facts:
        kept = then.get(_exactly(fact))
        if kept is not None and kept[0] == seeds[id(fact)]:
            found[id(fact)] = kept[1]
    return found


def _exactly(fact: Fact) -> tuple:
    return fact, repr(fact), fact.field_where
