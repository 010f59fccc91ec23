"""Read a YAML file safely into plain values that remember where they were written."""
from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from .model import Problem, Where

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


class Record(dict):
    """A YAML mapping that remembers where it and each of its keys were written."""

    where: Where
    key_where: dict[str, Where]

    def at(self, key: str) -> Where:
        """Where the key was written, or the mapping itself when the key is absent."""
        return self.key_where.get(key, self.where)


class Items(list):
    """A YAML sequence that remembers where it and each item were written."""

    where: Where
    item_where: list[Where]


class YamlProblem(Exception):
    """Reading stopped at a problem the editor must fix first."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def read_yaml(path: Path, rel: str) -> tuple[object, list[Problem]]:
    """Read path; return its value (None if unreadable) and every problem found."""
    try:
        text = _decode(_read_bytes(path, rel), rel)
        node = _compose(text, rel)
    except FileNotFoundError:
        return None, []
    except YamlProblem as stop:
        return None, [stop.problem]
    if node is None:
        return None, [Problem(Where(rel, 1, 1), "the file is empty — write its top-level key")]
    problems = _aliases(text, rel)
    if problems:
        return None, problems
    try:
        value = _convert(node, rel, problems, set(), 0)
    except RecursionError:
        return None, [Problem(Where(rel, 1, 1), "the YAML is nested too deeply to read")]
    return value, problems


def _read_bytes(path: Path, rel: str) -> bytes:
    """The file's bytes; FileNotFoundError passes through, other read errors are problems."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as err:
        what = "is a folder" if path.is_dir() else f"cannot be read ({err.strerror})"
        raise YamlProblem(Problem(Where(rel), f"{rel} {what} — replace it with a YAML file")) from None


def _aliases(text: str, rel: str) -> list[Problem]:
    """Every alias (*name), where it is written; the text is known to parse."""
    return [Problem(Where(rel, event.start_mark.line + 1, event.start_mark.column + 1),
                    f"YAML aliases (*{event.anchor}) are not allowed — write the value out")
            for event in yaml.parse(text, Loader=Loader) if isinstance(event, yaml.AliasEvent)]


def _decode(data: bytes, rel: str) -> str:
    """Check size and encoding and return the text."""
    if len(data) > MAX_BYTES:
        raise YamlProblem(Problem(Where(rel, 1, 1), f"the file is {len(data):,} bytes, over the "
                                  f"{MAX_BYTES:,}-byte limit — split it into smaller files"))
    if data.startswith(b"\xef\xbb\xbf"):
        raise YamlProblem(Problem(Where(rel, 1, 1), "the file starts with a byte-order mark (BOM) "
                                  "— save it as UTF-8 without BOM"))
    try:
        return data.decode("utf-8")
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
        mark = err.problem_mark or err.context_mark
        where = Where(rel, mark.line + 1, mark.column + 1) if mark else Where(rel, 1, 1)
        raise YamlProblem(Problem(where, _explain(err, text))) from None
    except yaml.YAMLError as err:
        raise YamlProblem(Problem(Where(rel, 1, 1), f"the YAML cannot be read: {err}")) from None
    except RecursionError:
        raise YamlProblem(Problem(Where(rel, 1, 1), "the YAML is nested too deeply to read")) from None


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


def _where(node: yaml.Node, rel: str) -> Where:
    return Where(rel, node.start_mark.line + 1, node.start_mark.column + 1)


def _convert(node: yaml.Node, rel: str, problems: list[Problem], seen: set[int], depth: int):
    """Turn a node into plain values, refusing aliases, unsafe tags and duplicate keys."""
    where = _where(node, rel)
    if id(node) in seen:
        problems.append(Problem(where, "YAML aliases (*name) are not allowed — write the value out"))
        return None
    seen.add(id(node))
    if depth > MAX_DEPTH:
        problems.append(Problem(where, f"nested more than {MAX_DEPTH} levels deep — flatten it"))
        return None
    if node.tag not in PLAIN_TAGS:
        problems.append(Problem(where, f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} "
                                "is not allowed — remove it and write a plain value"))
        return None
    if isinstance(node, yaml.MappingNode):
        return _mapping(node, rel, problems, seen, depth)
    if isinstance(node, yaml.SequenceNode):
        items = Items(_convert(child, rel, problems, seen, depth + 1) for child in node.value)
        items.where, items.item_where = where, [_where(child, rel) for child in node.value]
        return items
    return _scalar(node, where, problems)


def _mapping(node: yaml.MappingNode, rel, problems, seen, depth) -> Record:
    """Turn a mapping node into a Record, reporting duplicate and non-text keys."""
    record = Record()
    record.where, record.key_where = _where(node, rel), {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        key_at = _where(key_node, rel)
        if not isinstance(key, str) or key_node.tag != "tag:yaml.org,2002:str":
            problems.append(Problem(key_at, "a key must be a plain word like `value:`"))
            continue
        if key in record.key_where:
            first = record.key_where[key]
            problems.append(Problem(key_at, f"the key `{key}` is written twice (first at line "
                                    f"{first.line}) — keep one"))
            continue
        record.key_where[key] = key_at
        record[key] = _convert(value_node, rel, problems, seen, depth + 1)
    return record


def _scalar(node: yaml.ScalarNode, where: Where, problems: list[Problem]):
    """Construct a scalar with the safe constructor."""
    try:
        value = yaml.constructor.SafeConstructor().construct_object(node)
    except (yaml.YAMLError, ValueError, OverflowError) as err:
        problems.append(Problem(where, f"this value cannot be read ({err}) — check it"))
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    return value
