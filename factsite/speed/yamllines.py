"""The commonest YAML read line by line: block mappings and sequences of one-line scalars and
one-line flow collections, as editors and the generator write facts files, built straight into the
Records and Items (with every line and column) that the parser's events would give (yamlquick.py).

It reads only a narrow part of YAML and says None at anything else: a block scalar (`|`, `>`), a
scalar or collection over several lines, an escape in double quotes, an anchor, alias, tag or
directive, a quoted or complex key, a key written twice, a tab, any line break but `\\n`, a comment
where YAML would not take one, deep nesting. yamlquick then reads the file from the parser's events,
and the careful reader (load/yamlfile.py) says what is wrong with it, if anything. Reading only
what it is sure of, it gives what the events give (tests/test_speed_yamllines.py compares them
line, column and type alike on every site file and on many variants of them)."""
from __future__ import annotations

import re
from collections.abc import Callable

from factsite.load.yamltypes import MAX_DEPTH, Items, Record
from factsite.model import Where

Scalar = Callable[[str], object]  # a plain scalar's value as YAML resolves it; raises Unusual if it cannot
# anything but a line feed and what YAML prints as it is (no tab, no other line break, no BOM)
_UNUSUAL_CHARACTER = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: +|$)")
_BLOCK_PLAIN = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s]|-[0-9]")  # how a plain scalar may start outside brackets
_FLOW_PLAIN = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s][^,\[\]{}:#]*|-[0-9][^,\[\]{}:#]*")
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE = re.compile(r'"([^"\\]*)"')
_END = re.compile(r" *(?: #.*)?$")  # what may follow a value on its line
_DOUBLE_LINE = re.compile(r'"([^"\\]*)"(?: +#.*)?$')  # a line's value in double quotes, with no escape
_UNREAD = object()
_new = tuple.__new__  # a Where made without the call NamedTuple adds
_COMMA = re.compile(r" *(,|[}\]])")
_NESTING = MAX_DEPTH - 8  # deeper than this is left to the parser, which counts its own way


class Unusual(Exception):
    """Something this reader leaves to the parser."""


def read_lines(text: str, rel: str, scalar: Scalar) -> Record | None:
    """The file's top-level mapping read line by line, or None if the text is not in the narrow
    form this reader knows."""
    if _UNUSUAL_CHARACTER.search(text):
        return None
    try:
        return _Lines(text, rel, scalar).document()
    except (Unusual, RecursionError):
        return None


class _Lines:
    """The text's lines that hold something (not blank, not only a comment), each as its 1-based
    number, indent and the text after it, then an end line at indent -1; a dash item's content
    becomes a line of its own."""

    def __init__(self, text: str, rel: str, scalar: Scalar) -> None:
        self.rel, self.scalar, self.texts, self.values = rel, scalar, set(), {}
        self.lines: list[tuple[int, int, str]] = []
        for number, line in enumerate(text.split("\n"), 1):
            body = line.lstrip(" ")
            if body and body[0] != "#":
                if line.startswith(("---", "...", "%")):
                    raise Unusual  # a document marker or a directive
                self.lines.append((number, len(line) - len(body), body.rstrip(" ")))
        self.lines.append((0, -1, ""))

    def document(self) -> Record:
        if self.lines[0][1] != 0:
            raise Unusual  # nothing but comments, or an indented top level
        value, at = self.block(0, 0)
        if at != len(self.lines) - 1 or type(value) is not Record:
            raise Unusual
        return value

    def where(self, number: int, column: int) -> Where:
        return _new(Where, (self.rel, number, column))

    def block(self, at: int, depth: int) -> tuple[object, int]:
        """The mapping or sequence starting at line at, and the line after it."""
        if depth > _NESTING:
            raise Unusual
        _, indent, body = self.lines[at]
        if body == "-" or body.startswith("- "):
            return self.sequence(at, indent, depth, inside_mapping=False)
        return self.mapping(at, depth)

    def mapping(self, at: int, depth: int) -> tuple[Record, int]:
        lines, number, indent = self.lines, self.lines[at][0], self.lines[at][1]
        record = Record()
        record.where, record.key_where = self.where(number, indent + 1), {}
        while lines[at][1] == indent:
            number, _, body = lines[at]
            found = _KEY.match(body)
            if found is None:
                raise Unusual  # a dash among keys, a quoted or complex key, a key with no colon
            key, end = found.group(1), found.end()
            self.key(key, record)
            record.key_where[key] = self.where(number, indent + 1)
            if end < len(body) and body[end] != "#":
                record[key] = self.inline(body, end, number, indent, depth)
                at += 1
            else:
                record[key], at = self.nested(at + 1, indent, depth)
            if lines[at][1] > indent:
                raise Unusual  # a scalar over several lines, or a misplaced indent
        return record, at

    def key(self, key: str, record: Record) -> None:
        """Refuse a key YAML reads as other than text (`true:`, `1:`), or one written twice."""
        if key not in self.texts:
            if type(self.scalar(key)) is not str:
                raise Unusual
            self.texts.add(key)
        if key in record:
            raise Unusual

    def nested(self, at: int, indent: int, depth: int) -> tuple[object, int]:
        """The value of a key written alone on its line: what is indented below it, a sequence whose
        dashes line up with the key, or nothing (null)."""
        if self.lines[at][1] > indent:
            return self.block(at, depth + 1)
        if self.lines[at][1] == indent and self.lines[at][2].startswith("- "):
            return self.sequence(at, indent, depth + 1, inside_mapping=True)
        return None, at

    def sequence(self, at: int, indent: int, depth: int, inside_mapping: bool) -> tuple[Items, int]:
        lines = self.lines
        items = Items()
        items.where, items.item_where = self.where(lines[at][0], indent + 1), []
        while lines[at][1] == indent:
            number, _, body = lines[at]
            if not body.startswith("- "):
                if inside_mapping:
                    break  # the next key of the mapping these dashes line up with
                raise Unusual
            rest = body[2:].lstrip(" ")
            column = indent + len(body) - len(rest)
            if _KEY.match(rest) or rest.startswith("- "):
                lines[at] = (number, column, rest)  # the item is a block that starts after the dash
                item, at = self.block(at, depth + 1)
                items.item_where.append(item.where)
            else:
                items.item_where.append(self.where(number, column + 1))
                item, at = self.inline(rest, 0, number, column, depth), at + 1
                if lines[at][1] > indent:
                    raise Unusual
            items.append(item)
        return items, at

    def inline(self, body: str, at: int, number: int, column: int, depth: int) -> object:
        """The value written from body[at] to the end of its line (which may end in a comment); the
        body starts at 0-based column."""
        first = body[at]
        if first == '"':
            found = _DOUBLE_LINE.match(body, at)
            if found is not None:
                return found.group(1)
        elif first not in "'[{":
            return self.plain(body, at)
        value, end = _Flow(self, number, column, depth).value(body, at, in_flow=False)
        if not _END.match(body, end):
            raise Unusual
        return value

    def plain(self, body: str, at: int) -> object:
        """A plain scalar to the end of its line (or its comment), outside brackets."""
        if not _BLOCK_PLAIN.match(body, at):
            raise Unusual
        comment = body.find(" #", at)
        plain = (body[at:comment] if comment != -1 else body[at:]).rstrip(" ")
        if ": " in plain or plain.endswith(":"):
            raise Unusual  # a key where a value was expected
        return self.plain_value(plain)

    def plain_value(self, plain: str) -> object:
        """What YAML reads a plain scalar as (each value YAML reads is immutable, so it is kept)."""
        value = self.values.get(plain, _UNREAD)
        if value is _UNREAD:
            value = self.values[plain] = self.scalar(plain)
        return value


class _Flow:
    """One value on one line: a plain or quoted scalar, or a flow mapping or sequence of them."""

    def __init__(self, lines: _Lines, number: int, column: int, depth: int) -> None:
        self.lines, self.number, self.column, self.depth = lines, number, column, depth

    def where(self, at: int) -> Where:
        return self.lines.where(self.number, self.column + at + 1)

    def value(self, text: str, at: int, in_flow: bool) -> tuple[object, int]:
        """The value starting at text[at], and where it ends."""
        first = text[at] if at < len(text) else ""
        if first == '"' or first == "'":
            found = (_DOUBLE if first == '"' else _SINGLE).match(text, at)
            if found is None:
                raise Unusual  # an escape, or a quote that goes on to the next line
            return found.group(1).replace("''", "'") if first == "'" else found.group(1), found.end()
        if first == "{" or first == "[":
            return self.collection(text, at)
        if in_flow:
            found = _FLOW_PLAIN.match(text, at)
            if found is None:
                raise Unusual
            return self.lines.plain_value(found.group().rstrip(" ")), found.end()
        return self.lines.plain(text, at), len(text)

    def collection(self, text: str, at: int) -> tuple[object, int]:
        """A flow mapping or sequence that closes on the same line, and where it ends."""
        self.depth += 1
        if self.depth > _NESTING:
            raise Unusual
        mapping = text[at] == "{"
        made = Record() if mapping else Items()
        made.where = self.where(at)
        if mapping:
            made.key_where = {}
        else:
            made.item_where = []
        at = self._skip(text, at + 1)
        while at < len(text) and text[at] not in "]}":
            at = self._entry(made, text, at) if mapping else self._item(made, text, at)
            found = _COMMA.match(text, at)
            if found is None:
                raise Unusual
            at = self._skip(text, found.end()) if found.group(1) == "," else found.start(1)
        if at >= len(text) or text[at] != ("}" if mapping else "]"):
            raise Unusual  # it goes on to the next line, or closes with the other bracket
        self.depth -= 1
        return made, at + 1

    def _entry(self, record: Record, text: str, at: int) -> int:
        found = _KEY.match(text, at)
        if found is None or not found.group().endswith(" "):
            raise Unusual
        key = found.group(1)
        self.lines.key(key, record)
        record.key_where[key] = self.where(at)
        record[key], at = self.value(text, found.end(), in_flow=True)
        return at

    def _item(self, items: Items, text: str, at: int) -> int:
        items.item_where.append(self.where(at))
        item, at = self.value(text, at, in_flow=True)
        items.append(item)
        return at  # a pair written in a sequence (`[a: b]`) is then not followed by a comma or bracket

    @staticmethod
    def _skip(text: str, at: int) -> int:
        while at < len(text) and text[at] == " ":
            at += 1
        return at
