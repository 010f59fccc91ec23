"""Read a YAML file safely into plain values that remember where they were written."""
from __future__ import annotations

from pathlib import Path

import yaml

from factsite.load.characters import escaped_characters, forbidden_characters, without_bom
from factsite.load.yamlevents import quick_read
from factsite.load.inputs import TooLarge, UnsafeInput, read_input
from factsite.model import Problem, Where
from factsite.load.yamltypes import (MAX_DEPTH, NULL_TAG, SCALAR_TAGS, STR_TAG, UNREADABLE, Items, Loader, Record,
                                     construct_scalar)

__all__ = ["Items", "Record", "YamlProblem", "parse_yaml", "read_yaml", "read_yaml_text"]
MAX_BYTES = 1_000_000
SEQ_TAG = "tag:yaml.org,2002:seq"
PLAIN_TAGS = SCALAR_TAGS | {SEQ_TAG, "tag:yaml.org,2002:map"}


class YamlProblem(Exception):
    """Reading stopped at a problem the editor must fix first."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def read_yaml(path: Path, rel: str) -> tuple[object, list[Problem]]:
    """Read path; return its value (None if unreadable) and every problem found: quickly from the
    parser's events when nothing in it is unusual, else by the node tree, which places each problem."""
    text, problems = read_yaml_text(path, rel)
    if text is None or problems:
        return None, problems
    value = quick_read(text, rel)
    value, problems = (value, []) if value is not None else parse_yaml(text, rel)
    escaped = escaped_characters(value, Where(rel, 1, 1)) if value is not None else []
    return (None, escaped) if escaped else (value, problems)


def read_yaml_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """A YAML file's text, checked for size, encoding and characters a reader cannot see (None if
    the file is missing or unreadable); with the problems found."""
    try:
        text = _decode(_read_bytes(path, rel), rel)
    except FileNotFoundError:
        return None, []
    except YamlProblem as stop:
        return None, [stop.problem]
    return text, forbidden_characters(text, rel)


def parse_yaml(text: str, rel: str) -> tuple[object, list[Problem]]:
    """The value of a whole file's text, read by the node tree, which finds and places every problem."""
    try:
        node = _compose(text, rel)
    except YamlProblem as stop:
        return None, [stop.problem]
    if node is None:
        return None, [Problem(Where(rel, 1, 1), "the file is empty — write its top-level key")]
    problems = _aliases(text, rel) if _may_hold_alias(text) else []
    if problems:
        return None, problems
    try:
        value = _Converter(rel, problems).convert(node)
    except RecursionError:
        return None, [Problem(Where(rel, 1, 1), "the YAML is nested too deeply to read")]
    return value, problems


def _read_bytes(path: Path, rel: str) -> bytes:
    """The file's bytes; FileNotFoundError passes through, other read errors are problems."""
    try:
        return read_input(path, rel, MAX_BYTES)
    except TooLarge as err:
        raise YamlProblem(Problem(Where(rel, 1, 1), f"the file is {err.size:,} bytes, over the "
                                  f"{MAX_BYTES:,}-byte limit — split it into smaller files")) from None
    except UnsafeInput as err:
        if path.is_dir():
            raise YamlProblem(Problem(Where(rel), f"{rel} is a folder — replace it with a YAML file")) from None
        raise YamlProblem(err.problem) from None


def _may_hold_alias(text: str) -> bool:
    """Whether a `*` stands where a value starts, followed by a name; elsewhere (as in a formula) it is text."""
    at = text.find("*")
    while at != -1:
        before, after = text[at - 1] if at else "\n", text[at + 1:at + 2]
        if (before.isspace() or before in "[{,:") and after and not after.isspace() and after not in "[]{},":
            return True
        at = text.find("*", at + 1)
    return False


def _aliases(text: str, rel: str) -> list[Problem]:
    """Every alias (*name), where it is written; the text is known to parse."""
    return [Problem(Where(rel, event.start_mark.line + 1, event.start_mark.column + 1),
                    f"YAML aliases (*{event.anchor}) are not allowed — write the value out")
            for event in yaml.parse(text, Loader=Loader) if isinstance(event, yaml.AliasEvent)]


def _decode(data: bytes, rel: str) -> str:
    """Check size and encoding and return the text."""
    try:
        return without_bom(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        column = len(data[data.rfind(b"\n", 0, err.start) + 1: err.start].decode("utf-8")) + 1
        raise YamlProblem(Problem(Where(rel, line, column), "the file is not valid UTF-8 "
                                  f"(byte 0x{data[err.start]:02x}) — save it as UTF-8")) from None


def _compose(text: str, rel: str) -> yaml.Node | None:
    """Parse the text into a node tree, turning parser errors into problems."""
    try:
        return yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as err:
        opened = _unclosed_quote(text, err.problem_mark)
        if opened is not None:
            raise YamlProblem(Problem(Where(rel, opened.line + 1, opened.column + 1), "this quoted text is not "
                                      f"closed on its line — end it with `{text[opened.index]}`")) from None
        mark = err.problem_mark or err.context_mark
        where = Where(rel, mark.line + 1, mark.column + 1) if mark else Where(rel, 1, 1)
        raise YamlProblem(Problem(where, _explain(err, text))) from None
    except yaml.YAMLError as err:
        raise YamlProblem(Problem(Where(rel, 1, 1), f"the YAML cannot be read: {err}")) from None
    except RecursionError:
        raise YamlProblem(Problem(Where(rel, 1, 1), "the YAML is nested too deeply to read")) from None


def _unclosed_quote(text: str, mark) -> yaml.Mark | None:
    """Where a quoted value that runs on past its line opens, when the parser stumbled on the line it
    ran into (a quote left open takes the next line's text up to its first quote mark)."""
    if mark is None:
        return None
    opened = None
    try:
        for token in yaml.scan(text, Loader=Loader):
            if token.start_mark.line > mark.line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") \
                    and token.start_mark.line < token.end_mark.line:
                opened = token.start_mark
    except yaml.YAMLError:
        pass
    return opened


def _explain(err: yaml.MarkedYAMLError, text: str) -> str:
    """Say what a parser error means and what to do."""
    problem = err.problem or "cannot be parsed"
    mark, begun = err.problem_mark, err.context_mark
    lines = text.splitlines()
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    indent = line[: len(line) - len(line.lstrip())]
    if "tab character" in problem or "'\\t'" in problem or "\t" in indent:
        return "a tab character is used here — indent YAML with spaces, not tabs"
    context = f"{err.context}, " if err.context else ""
    earlier = f" and line {begun.line + 1}" if begun and mark and begun.line < mark.line else ""
    return f"invalid YAML: {context}{problem} — check the indentation and quoting on this line{earlier}"


class _Converter:
    """Turns one file's node tree into plain values, refusing aliases, unsafe tags and duplicate keys."""

    def __init__(self, rel: str, problems: list[Problem]) -> None:
        self.rel, self.problems, self.seen = rel, problems, set()
        self.constructor = yaml.constructor.SafeConstructor()

    def where(self, node: yaml.Node) -> Where:
        return Where(self.rel, node.start_mark.line + 1, node.start_mark.column + 1)

    def convert(self, node: yaml.Node, depth: int = 0):
        """The plain value of a node, or None with a problem."""
        if id(node) in self.seen:
            self.problems.append(Problem(self.where(node),
                                         "YAML aliases (*name) are not allowed — write the value out"))
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problems.append(Problem(self.where(node), f"nested more than {MAX_DEPTH} levels deep — flatten it"))
            return None
        if node.tag not in PLAIN_TAGS:
            self.problems.append(Problem(self.where(node), f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} "
                                         "is not allowed — remove it and write a plain value"))
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth)
        items = Items(self.convert(child, depth + 1) for child in node.value)
        items.where, items.item_where = self.where(node), [self.where(child) for child in node.value]
        return items

    def mapping(self, node: yaml.MappingNode, depth: int) -> Record:
        """A Record, reporting duplicate and non-text keys."""
        record = Record()
        record.where, record.key_where = self.where(node), {}
        for key_node, value_node in node.value:
            key_at = self.where(key_node)
            key = key_node.value
            if key_node.tag != STR_TAG or not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(key_at, "a key must be a plain word like `value:`"))
                continue
            if key in record.key_where:
                first = record.key_where[key]
                self.problems.append(Problem(key_at, f"the key `{key}` is written twice (first at line "
                                             f"{first.line}) — keep one"))
                continue
            record.key_where[key] = key_at
            record[key] = self.convert(value_node, depth + 1)
        return record

    def scalar(self, node: yaml.ScalarNode):
        """Text as it is; other scalars through the safe constructor."""
        if node.tag == STR_TAG:
            return node.value
        if node.tag == NULL_TAG:
            return None
        try:
            return construct_scalar(self.constructor, node)
        except UNREADABLE as err:
            self.problems.append(Problem(self.where(node), f"this value cannot be read ({err}) — check it"))
            return None
