"""The common case read quickly: a YAML file with nothing unusual in it, built straight from the
parser's events into the same Records and Items, without the node tree the careful reader
(yamlfile.py) walks: about half the time.

Whatever is unusual (an anchor, an alias, a tag, a duplicate or non-text key, a value that cannot
be read, deep nesting, a parser error, a document that is not a mapping) makes quick_read return
None, and the careful reader reads the file again to say what is wrong and where."""
from __future__ import annotations

import yaml

from factsite.load.yamltypes import (MAX_DEPTH, NULL_TAG, SCALAR_TAGS, STR_TAG, UNREADABLE, Items, Loader, Record,
                                     construct_scalar)
from factsite.model import Where

_KEY = object()  # a mapping's frame waits for its next key


class Unusual(Exception):
    """The text holds something the quick reader leaves to the careful one."""


def quick_read(text: str, rel: str) -> Record | None:
    """The file's top-level mapping, when the whole text reads without anything unusual; else None."""
    loader = Loader(text)
    try:
        return _Builder(rel).build(loader.get_event)
    except (Unusual, yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()


class _Builder:
    """Builds Records and Items from events, as the careful reader would from the node tree."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.resolver, self.constructor = yaml.resolver.Resolver(), yaml.constructor.SafeConstructor()
        self.plain_tags: dict[str, str] = {}

    def where(self, event) -> Where:
        return Where(self.rel, event.start_mark.line + 1, event.start_mark.column + 1)

    def build(self, next_event) -> Record:
        """The one document's mapping, from the events next_event gives until it gives None."""
        stack: list[list] = []  # frames: [container, the key waiting for its value (or _KEY)]
        documents, root = 0, None
        for event in iter(next_event, None):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if len(stack) > MAX_DEPTH:
                    raise Unusual
                self._place(stack, self.scalar(event), event, is_scalar=True)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                container = self._start(event, Record() if kind is yaml.MappingStartEvent else Items(), len(stack))
                if stack:
                    self._place(stack, container, event, is_scalar=False)
                stack.append([container, _KEY])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                root = stack.pop()[0]
            elif kind is yaml.DocumentStartEvent:
                documents += 1
            elif kind is not yaml.StreamStartEvent and kind is not yaml.DocumentEndEvent \
                    and kind is not yaml.StreamEndEvent:
                raise Unusual  # an alias
        if documents != 1 or not isinstance(root, Record):
            raise Unusual
        return root

    def _start(self, event, container, depth: int):
        """A new mapping or sequence, with its own position."""
        if event.anchor is not None or event.tag not in (None, "!") or depth > MAX_DEPTH:
            raise Unusual
        container.where = self.where(event)
        if isinstance(container, Record):
            container.key_where = {}
        else:
            container.item_where = []
        return container

    def _place(self, stack: list[list], value, event, is_scalar: bool) -> None:
        """Put value where the innermost open mapping or sequence expects it."""
        if not stack:
            raise Unusual  # a document that is one scalar
        frame = stack[-1]
        container = frame[0]
        if type(container) is Items:
            container.append(value)
            container.item_where.append(self.where(event))
        elif frame[1] is _KEY:
            if not is_scalar or type(value) is not str or value in container.key_where:
                raise Unusual  # a key that is not text, or is written twice
            container.key_where[value] = self.where(event)
            frame[1] = value
        else:
            container[frame[1]] = value
            frame[1] = _KEY

    def scalar(self, event):
        """Text as it is; other plain scalars through the safe constructor."""
        if event.anchor is not None or event.tag not in (None, "!"):
            raise Unusual
        return self.plain(event.value) if event.implicit[0] else event.value

    def plain(self, value: str):
        """A plain (unquoted) scalar's value: text as it is, others through the safe constructor."""
        tag = self._plain_tag(value)
        if tag == STR_TAG:
            return value
        if tag == NULL_TAG:
            return None
        if tag not in SCALAR_TAGS:
            raise Unusual
        try:
            return construct_scalar(self.constructor, yaml.ScalarNode(tag, value))
        except UNREADABLE:
            raise Unusual from None

    def _plain_tag(self, value: str) -> str:
        """The tag YAML gives a plain (unquoted) scalar, remembered per text."""
        tag = self.plain_tags.get(value)
        if tag is None:
            tag = self.plain_tags[value] = self.resolver.resolve(yaml.ScalarNode, value, (True, False))
        return tag
