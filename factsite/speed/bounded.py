"""A mapping that forgets what was least recently used: every memo of the preview is one."""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class Bounded(Generic[Value]):
    """A mapping that forgets its least recently used entries beyond a limit."""

    def __init__(self, limit: int) -> None:
        self.limit, self.entries = limit, OrderedDict()

    def get(self, key: Hashable, make: Callable[[], Value]) -> Value:
        """The value kept for key, or make() kept for it now (None is returned, not kept)."""
        if key in self.entries:
            self.entries.move_to_end(key)
            return self.entries[key]
        value = make()
        if value is not None:
            self.put(key, value)
        return value

    def put(self, key: Hashable, value: Value) -> None:
        """Keep value for key, forgetting the least recently used entry beyond the limit."""
        self.entries[key] = value
        self.entries.move_to_end(key)
        if len(self.entries) > self.limit:
            self.entries.popitem(last=False)

    def peek(self, key: Hashable) -> Value | None:
        """The value kept for key (now the most recently used), or None."""
        if key in self.entries:
            self.entries.move_to_end(key)
            return self.entries[key]
        return None

    def __len__(self) -> int:
        return len(self.entries)
