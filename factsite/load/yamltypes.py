"""The plain values a YAML file is read into, which remember where they were written, and what the
two readers (the careful one here in load/, the quick one in speed/) share."""
from __future__ import annotations

import datetime

import yaml

from factsite.model import Where

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 40
STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
SCALAR_TAGS = frozenset("tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp"))
UNREADABLE = (yaml.YAMLError, ValueError, OverflowError)  # what constructing a scalar may raise


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


def construct_scalar(constructor: yaml.constructor.SafeConstructor, node: yaml.ScalarNode) -> object:
    """A plain scalar's value (a timestamp as its date); one of UNREADABLE if it cannot be read."""
    value = constructor.construct_object(node)
    return value.date() if isinstance(value, datetime.datetime) else value
