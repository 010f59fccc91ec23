"""Which pages a build renders: after an edit, only those whose key changed (pagekeys.py).

Each build leaves RECORD in its output: the digest of what every page shares (`common`: the
settings, the build code, every input but the facts files) and each page's key. The next build
under the same `common` renders the pages whose key differs, or whose file the live site lacks;
render_site is given them as `only`, and write_site links the others from the live site. Any other
build renders every page.
"""
from __future__ import annotations

import datetime
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from factsite.model import Cache, Site
from factsite.render.cards import BESIDE, CARD
from factsite.render.links import file_for
from factsite.render.site import kept_environment, make_renderer
from factsite.render.prose import references_digest
from factsite.speed.pagekeys import digest, page_keys

RECORD = ".build-pages"


@dataclass(frozen=True)
class Plan:
    """What a build renders (only: None for every page) and takes unchanged from the live site, and
    the record it leaves."""

    only: frozenset[str] | None
    unchanged: tuple[str, ...]
    record: bytes
    pages: int


def plan(site: Site, built_on: datetime.date, out: Path, common: bytes, everything: bool,
         cache: Cache | None = None, cards: bool = True) -> Plan:
    """The plan of a build of this checked site into out (everything: render every page; cache:
    the facts' digests worked out before, as pagekeys.fact_digests takes it; cards: whether the
    build draws share cards, which a page kept unchanged must then have beside it)."""
    common = digest(common, references_digest(site))  # prose shows the figures it refers to, on any page
    renderer = make_renderer(site, built_on, kept_environment(Path(site.root), cache), shared=cards)
    makers = {path: maker for lang in site.config.languages for path, maker in renderer.makers(lang).items()}
    paths = [*makers, *(page.path for page in renderer.fixed_pages())]
    keys = page_keys(site, paths, renderer.index, cache)
    record = json.dumps({"common": common.hex(), "pages": keys}, sort_keys=True, separators=(",", ":")).encode()
    last = None if everything else _read_record(out)
    if last is None or last["common"] != common.hex():
        return Plan(None, (), record, len(paths))
    live, kept = os.fspath(out), {}  # each unchanged page, with the files beside it
    for path, key in keys.items():
        if last["pages"].get(path) == key and _is_file(os.path.join(live, file_for(path))):
            beside = _beside_kept(live, path, makers, cards)
            if beside is not None:
                kept[path] = beside
    return Plan(frozenset(path for path in paths if path not in kept),
                (*map(file_for, kept), *(name for beside in kept.values() for name in beside)), record, len(paths))


def _beside_kept(live: str, path: str, makers: dict, cards: bool) -> tuple[str, ...] | None:
    """The files beside an unchanged page that the live site has (each looked at once), or None
    if it lacks one the page must have (its share card, when the build draws cards)."""
    beside = files_beside(path, makers)
    found = tuple(name for name in beside if _is_file(os.path.join(live, name)))
    if cards and any(name.endswith(CARD) and name not in found for name in beside):
        return None
    return found


def files_beside(path: str, makers: dict) -> tuple[str, ...]:
    """The files a page has beside it (its share card, its chart as images), by site path."""
    maker = makers.get(path)
    return tuple(path + name for name in BESIDE.get(maker.template, ())) if maker else ()


def _read_record(out: Path) -> dict | None:
    """The record the live site was built with, or None."""
    try:
        data = json.loads((out / RECORD).read_bytes())
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and isinstance(data.get("common"), str) and isinstance(data.get("pages"), dict):
        return data
    return None


def _is_file(path: str) -> bool:
    """Whether path is a regular file (not a link)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
