"""A list file read again entry by entry: after an edit, only the entries whose text changed (or
moved to other lines) are parsed and built again; the others are the ones built last time.

A list file is a header (comments, then `key:`) and its items, each starting on a line that begins
with the same dash (say `  - `). When the header is unchanged and each changed item, parsed after the
same header on its own lines, reads cleanly as exactly one item, the whole
file reads the same: a clean item closes every quote, bracket and indented block before the next
dash line, so the parser is where it was at each unchanged item. Anything else (a problem, an
unusual construct, a new layout) reads the whole file the usual way (yamlquick.py). The result is
the ListFile load's read_list_file gives (tests/test_speed_entrywise.py compares them).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from factsite.load.site import EntryMaker, ListFile, read_list_file
from factsite.load.yamlfile import parse_yaml, read_yaml_text
from factsite.load.yamltypes import Items, Record
from factsite.speed.yamlquick import quick_read

Block = tuple[str, int]  # an item's text, from its dash line to the next one's, and its first line


@dataclass(frozen=True)
class Kept:
    """One list file as last read: its header, its items' dash, and each item by its block."""

    header: str
    dash: str
    items: dict[Block, tuple[Record, object]]  # the entry parsed and what make_entry gave for it


class EntrywiseReader:
    """load's read_list_file that reads again only the entries changed since the last read of the same
    file, for a list whose entries are built from it alone. Used by one thread (the preview's builder)."""

    def __init__(self, files: int) -> None:
        self.files, self.kept = files, {}  # by (site path, key): the Kept of its last clean read

    def read(self, root: Path, rel: str, key: str, build) -> ListFile:
        """The list file as read_list_file reads it (quickly), entry by entry when it can."""
        text, problems = read_yaml_text(root / rel, rel)
        kept = self.kept.pop((rel, key), None)
        entries = None if text is None or problems or kept is None else _entries(text, rel, key, kept)
        if entries is None:
            return self._read_whole(root, rel, key, build, text, problems)
        made = {id(entry): kept.items[block][1] for block, entry in entries.items() if block in kept.items}
        fresh: dict[Block, tuple[Record, object]] = {}
        listed = read_list_file(root, rel, key, build, read=lambda path, rel: (_as_file(key, entries), []),
                                made=_remember(entries, made, fresh))
        self._keep((rel, key), Kept(kept.header, kept.dash, fresh))
        return listed

    def _read_whole(self, root: Path, rel: str, key: str, build, text: str | None, problems: list) -> ListFile:
        """The whole file read quickly (the careful reader if it has a problem); kept for next time if
        its items can be found by their dash lines."""
        if text is None or problems:
            return read_list_file(root, rel, key, build, read=lambda path, rel: (None, problems))
        data = quick_read(text, rel)
        read = (lambda path, rel: (data, [])) if data is not None else (lambda path, rel: parse_yaml(text, rel))
        blocks = _blocks_of(text, data, key) if data is not None else None
        if blocks is None:
            return read_list_file(root, rel, key, build, read=read)
        header, dash, entries = blocks
        fresh: dict[Block, tuple[Record, object]] = {}
        listed = read_list_file(root, rel, key, build, read=read, made=_remember(entries, {}, fresh))
        if not listed.reads:  # its entries are built from the list alone (not seeds, nor programs)
            self._keep((rel, key), Kept(header, dash, fresh))
        return listed

    def _keep(self, name: tuple[str, str], kept: Kept) -> None:
        if len(self.kept) >= self.files:
            self.kept.pop(next(iter(self.kept)))
        self.kept[name] = kept


def _remember(entries: dict[Block, Record], made: dict[int, object],
              fresh: dict[Block, tuple[Record, object]]):
    """A wrapper of read_list_file's entry maker: what an unchanged entry made last time, else make it;
    each entry's result is put in fresh by its block."""
    block_of = {id(entry): block for block, entry in entries.items()}

    def wrap(make: EntryMaker) -> EntryMaker:
        def made_entry(entry, where):
            result = made.get(id(entry))
            if result is None:
                result = make(entry, where)
            fresh[block_of[id(entry)]] = (entry, result)
            return result
        return made_entry
    return wrap


def _as_file(key: str, entries: dict[Block, Record]) -> Record:
    """The file's value: one key, its list of these entries."""
    items = Items(entries.values())
    items.item_where = [entry.where for entry in entries.values()]
    data = Record({key: items})
    data.key_where = {}
    return data


def _entries(text: str, rel: str, key: str, kept: Kept) -> dict[Block, Record] | None:
    """Each item of the new text by its block: the entry kept for an unchanged block, the others
    parsed on their own; None if the file must be read whole."""
    split = _split(text, kept.dash)
    if split is None or split[0] != kept.header:
        return None
    header, blocks = split
    entries: dict[Block, Record] = {}
    for block in blocks:
        known = kept.items.get(block)
        entry = known[0] if known is not None else _parse_alone(header, block, rel, key)
        if entry is None:
            return None
        entries[block] = entry
    return entries


def _parse_alone(header: str, block: Block, rel: str, key: str) -> Record | None:
    """The one item of this block, parsed after the header on its own lines; None unless it reads cleanly."""
    body, line = block
    data = quick_read(header + "\n" * (line - 1 - header.count("\n")) + body, rel)
    items = data.get(key) if data is not None and len(data) == 1 else None
    if type(items) is not Items or len(items) != 1 or type(items[0]) is not Record:
        return None
    return items[0]


def _split(text: str, dash: str) -> tuple[str, list[Block]] | None:
    """The header and each item's block, cut at the lines starting with dash; None without any."""
    starts = [match.start() for match in _dash_lines(dash).finditer(text)]
    if not starts:
        return None
    blocks, line = [], text.count("\n", 0, starts[0]) + 1
    for start, end in zip(starts, starts[1:] + [len(text)]):
        blocks.append((text[start:end], line))
        line += text.count("\n", start, end)
    return text[:starts[0]], blocks


@functools.lru_cache(maxsize=8)
def _dash_lines(dash: str) -> re.Pattern:
    """The lines that start with this dash (an item of the list whose dash it is)."""
    return re.compile("^" + re.escape(dash), re.MULTILINE)


def _blocks_of(text: str, data: Record, key: str) -> tuple[str, str, dict[Block, Record]] | None:
    """The header, dash and entries by block of a file read whole, when each item starts on a dash
    line of its own and the file holds nothing but the list; else None."""
    items = data.get(key)
    if len(data) != 1 or type(items) is not Items or not items or any(type(item) is not Record for item in items):
        return None
    column = items.item_where[0].column
    dash = " " * (column - 3) + "- "
    split = _split(text, dash) if column >= 3 else None
    if split is None or [line for _, line in split[1]] != [where.line for where in items.item_where] \
            or any(where.column != column for where in items.item_where):
        return None
    return split[0], dash, dict(zip(split[1], items))
