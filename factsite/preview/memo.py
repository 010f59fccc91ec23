"""What the preview remembers from one build to the next, so that a save redoes only what it changed.

Everything is kept by value and bounded: a YAML file's parsed value by its bytes, a fact's check
by the fact itself and the text of the seed it quotes. The stages never see this memory: the
preview hands load_site a reader that remembers, and verify's complete the facts checked before.
An incremental build and a full build of the same inputs are byte-identical (tests/test_live.py).
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Generic, TypeVar

from jinja2 import Environment

from factsite.load.inputs import TooLarge, UnsafeInput, read_input
from factsite.load.yamlfile import MAX_BYTES
from factsite.model import Problem, Site
from factsite.speed.templates import cached_environment
from factsite.speed.yamlquick import read_yaml_quickly
from factsite.verify.site import Checked, check_fact

Value = TypeVar("Value")
FILES_KEPT = 512      # parsed YAML files (the national site has 36)
FACTS_KEPT = 100_000  # checked facts (the national site has 6,012; its 4× version 24,000)


class Bounded(Generic[Value]):
    """A mapping that forgets its least recently used entries beyond a limit."""

    def __init__(self, limit: int) -> None:
        self.limit, self.entries = limit, OrderedDict()

    def get(self, key: Hashable, make: Callable[[], Value]) -> Value:
        """The value kept for key, or make() kept for it now."""
        if key in self.entries:
            self.entries.move_to_end(key)
            return self.entries[key]
        value = self.entries[key] = make()
        if len(self.entries) > self.limit:
            self.entries.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self.entries)


class SessionMemo:
    """The preview's memory of earlier builds, by value; used by its one builder thread."""

    def __init__(self, files: int = FILES_KEPT, facts: int = FACTS_KEPT) -> None:
        self.parsed: Bounded[tuple[object, list[Problem]]] = Bounded(files)
        self.checked: Bounded[Checked] = Bounded(facts)
        self.env: Environment | None = None

    def read_yaml(self, path: Path, rel: str) -> tuple[object, list[Problem]]:
        """load's reader, remembered by the file's bytes: an unchanged file is not parsed again."""
        try:
            data = read_input(path, rel, MAX_BYTES)
        except (FileNotFoundError, TooLarge, UnsafeInput):
            return read_yaml_quickly(path, rel)  # it says what is wrong, or that the file is missing
        key = (rel, hashlib.blake2b(data, digest_size=16).digest())
        value, problems = self.parsed.get(key, lambda: read_yaml_quickly(path, rel))
        return value, list(problems)

    def check_facts(self, site: Site) -> list[Checked]:
        """verify's check_fact for every fact, remembered by the fact, the text of the seed it quotes
        and the names it may refer to (a fact's check reads nothing else of the site)."""
        refs = (tuple(site.scopes), tuple(site.programs), tuple((m.key, m.unit) for m in site.metrics.values()))
        texts = {name: seed.text for name, seed in site.seeds.items()}
        return [self.checked.get((fact, texts.get(fact.source.seed) if fact.source else None, refs),
                                 lambda fact=fact: check_fact(fact, site)) for fact in site.facts]

    def environment(self, root: Path) -> Environment:
        """The compiled templates, kept while serve runs; Jinja compiles a template again when its file changes."""
        if self.env is None:
            self.env = cached_environment(root, reload=True)
        return self.env
