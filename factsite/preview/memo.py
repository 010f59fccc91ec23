"""What a long-running process (serve) keeps between builds, so that a rebuild redoes only what changed.

Nothing here changes what a build produces: an incremental build and a full build of the same
inputs are byte-identical (tests/test_incremental.py checks it).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from factsite.model import Problem, Site
from factsite.load.yamlfile import read_yaml_again


class Superseded(Exception):
    """The inputs changed again while a preview was writing the site: it starts over instead."""


def folder_state(folder: Path) -> tuple:
    """Paths, sizes, modification times and inodes of a folder's files: whether any of them changed."""
    state = []
    for path, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files):
            try:
                stat = os.stat(os.path.join(path, name))
            except OSError:
                continue
            state.append((path, name, stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return tuple(state)


@dataclass
class BuildCache:
    """Parsed YAML by file state, normalized seed texts, and rendered pages by their inputs."""

    parsed: dict[str, tuple[tuple, object, list[Problem], str]] = field(default_factory=dict)
    entries: dict = field(default_factory=dict)   # load's memo: what each file built, by its parsed value
    normalized: dict[str, tuple[str, list[int]]] = field(default_factory=dict)
    site_key: object = None
    pages: dict[str, tuple[object, bytes]] = field(default_factory=dict)
    reused: set[str] = field(default_factory=set)  # pages the latest render took from `pages`
    written: dict[str, bytes] = field(default_factory=dict)  # the pages in the output folder now
    environment: object = None  # the Jinja environment: compiled templates, reloaded when their files change
    verified: dict = field(default_factory=dict)  # verify_site's memo
    refs_key: object = None
    views: dict = field(default_factory=dict)     # fact views and source paragraphs, by what they are made of
    fragments: dict = field(default_factory=dict)  # rendered fact items and source links (render._cached)

    def verify_memo(self, site: Site) -> dict:
        """Verification results to reuse, emptied when anything a fact may refer to has changed."""
        key = (tuple(site.scopes), tuple(site.programs),
               tuple((m.key, m.unit) for m in site.metrics.values()), tuple(site.seeds))
        if key != self.refs_key:
            self.verified.clear()
            self.refs_key = key
        return self.verified

    def read_yaml(self, path: Path, rel: str) -> tuple[object, list[Problem]]:
        """read_yaml, skipped when the file's size, inode and modification time are unchanged.

        When they changed, an edit inside one item of a list file re-reads that item only."""
        try:
            stat = path.stat()
            state = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        except OSError:
            state = None
        cached = self.parsed.get(rel)
        if state is not None and cached is not None and cached[0] == state:
            return cached[1], list(cached[2])
        before = (cached[3], cached[1]) if cached is not None and cached[1] is not None and not cached[2] else None
        value, problems, text = read_yaml_again(path, rel, before)
        if state is not None:
            self.parsed[rel] = (state, value, list(problems), text)
        return value, problems

    def reuse_normalized_seeds(self, site: Site) -> None:
        """Give each seed the normalized text computed for the same text last time."""
        kept = {}
        for seed in site.seeds.values():
            if seed.text in self.normalized:
                seed.__dict__["normalized"] = self.normalized[seed.text]  # primes the cached_property
            kept[seed.text] = seed.normalized
        self.normalized = kept

    def start_render(self, site_key: object) -> None:
        """Forget every page and fragment if anything all pages depend on has changed.

        They get new dicts, not cleared ones: a renderer made before keeps its own (it may still be
        rendering, for the pages served meanwhile or the site being written), and what it adds
        there never reaches a newer build."""
        if site_key != self.site_key:
            self.pages, self.fragments = {}, {}
        self.site_key = site_key
        self.reused = set()
