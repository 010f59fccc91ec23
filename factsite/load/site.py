"""Stage 1: read site.yaml, content/ and seeds/ once into a Site, collecting every problem."""
from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Mapping
from typing import NamedTuple
from pathlib import Path

from factsite.load import schema
from factsite.load.assets import (CatalogReader, TemplatesChecker, check_templates, load_catalogs, load_static,
                                  template_problems)
from factsite.load.entries import (bilingual, bilingual_markdown, build_change, build_fact, build_metric,
                                   build_program, build_scope, build_seed)
from factsite.model import LANGS, Problem, Site, SiteConfig, Where
from factsite.load.inputs import scan_inputs
from factsite.load.yamlfile import Items, Record, read_yaml

Reader = Callable[[Path, str], tuple[object, list[Problem]]]  # read_yaml, or speed's quicker one

NAME_FIELDS = {"seeds": "file", "scopes": "slug", "programs": "slug", "metrics": "key"}


def load_site(root: Path, read_list: ListReader | None = None, templates_checker: TemplatesChecker | None = None,
              read_catalog: CatalogReader | None = None,
              scanned: dict[str, tuple[int, int, int]] | None = None) -> tuple[Site | None, list[Problem]]:
    """Read everything under root; return the Site (None if unusable) and all problems.

    speed/ passes quicker ways to the same results: read_list (default read_list_file) reads each
    list file and builds its entries, templates_checker (default assets.template_problems) says
    what is wrong in the templates, read_catalog (default assets.read_catalog) compiles a catalog,
    and scanned is filled with each regular input file's size, inode and time as the safety scan
    saw them (the preview's memory takes them instead of looking at each file again)."""
    problems = scan_inputs(root, scanned)
    if problems:  # nothing is read from a site with links leaving it, devices or oversized files
        return None, problems
    config = _load_config(root, problems)
    read = read_list or read_list_file

    def entries(rel: str, key: str, build) -> tuple:
        listed = read(root, rel, key, build)
        problems.extend(listed.problems)
        return listed.built

    seeds_index = read(root, "content/seeds.yaml", "seeds", build_seed)
    problems.extend(seeds_index.problems)
    seeds = {s.file: s for s in seeds_index.built}
    _check_unindexed(root, seeds_index.names, problems)
    scopes = {s.slug: s for s in entries("content/scopes.yaml", "scopes", build_scope)}
    metrics = {m.key: m for m in entries("content/metrics.yaml", "metrics", build_metric)}
    programs = {p.slug: p for p in entries("content/programs.yaml", "programs", build_program)}
    facts = tuple(itertools.chain.from_iterable(entries(rel, "facts", build_fact) for rel in facts_files(root)))
    changes = entries(CHANGES, "changes", build_change) if (root / CHANGES).is_file() else ()  # optional
    about = bilingual_markdown(root, "content/pages/about", problems)
    static = load_static(root, problems)
    catalogs = load_catalogs(root, problems, read_catalog)
    check_templates(root, frozenset(static), problems, templates_checker or template_problems)
    if config is None:
        return None, problems
    return Site(str(root), config, seeds, scopes, programs, metrics, facts, about, static, catalogs,
                tuple(sorted(changes, key=lambda c: (c.date, c.fact), reverse=True))), problems


def facts_files(root: Path) -> list[str]:
    """The facts files, site-relative, in the order their facts are listed."""
    return [f"content/facts/{path.name}" for path in sorted((root / "content" / "facts").glob("*.yaml"), key=_name)]


def _load_config(root: Path, problems: list[Problem]) -> SiteConfig | None:
    """Read site.yaml."""
    data, found = read_yaml(root / "site.yaml", "site.yaml")
    problems.extend(found)
    if data is None or not schema.check_record(data, schema.SITE, Where("site.yaml", 1, 1), problems, "site.yaml"):
        return None
    if sorted(data["languages"]) != sorted(LANGS):
        problems.append(Problem(data.at("languages"), "`languages` must list fa and en, each once, in the order "
                                "the site shows them — every page and fact is written in both"))
        return None
    repository = data.get("repository") or ""
    wrong = [(key, error) for key, error in (("base_url", schema.base_url_error(data["base_url"])), (
        "license", schema.web_url_error(data["license"]["url"], "license.url")), (
        "repository", schema.web_url_error(repository, "repository") if repository else "")) if error]
    problems.extend(Problem(data.at(key), error) for key, error in wrong)
    if wrong:
        return None
    return SiteConfig(bilingual(data["title"]), bilingual(data["description"]), tuple(data["languages"]),
                      data["default_language"], data["base_url"], data["license"]["name"], data["license"]["url"],
                      repository.rstrip("/"))


class ListFile(NamedTuple):
    """What one list file gave: its valid entries built, its problems, the name of every entry that
    has one (valid or not), and the other files the entries were built from (seed texts, program
    descriptions), site-relative."""

    built: tuple
    problems: tuple[Problem, ...]
    names: Mapping[str, Where]
    reads: tuple[str, ...]


ListReader = Callable[[Path, str, str, Callable], ListFile]
EntryMaker = Callable[[Record, Where], tuple[tuple[Problem, ...], object]]  # make_entry, bound to its list


def read_list_file(root: Path, rel: str, key: str, build, read: Reader = read_yaml,
                   made: Callable[[EntryMaker], EntryMaker] | None = None) -> ListFile:
    """Read one list file (`key:` then entries), validate each entry and build the valid ones.

    made: wraps the maker of each entry (speed/ passes one that gives back what an entry of the
    same text at the same place made before)."""
    data, problems = read(root / rel, rel)
    if data is None:
        if not problems:
            problems.append(Problem(Where(rel), f"the file is missing — create it with a `{key}:` list"))
        return ListFile((), tuple(problems), {}, ())
    if not isinstance(data, Record) or not isinstance(data.get(key), Items):
        where = data.where if isinstance(data, (Record, Items)) else Where(rel, 1, 1)
        problems.append(Problem(where, f"the file must hold one key, `{key}:`, with a list of entries"))
        return ListFile((), tuple(problems), {}, ())
    for extra in set(data) - {key}:
        problems.append(Problem(data.at(extra), f"unknown top-level key `{extra}` — only `{key}:` belongs here"))
    maker: EntryMaker = lambda entry, where: make_entry(entry, where, root, key, build)  # noqa: E731
    make = made(maker) if made else maker
    names: dict[str, Where] = {}
    built = []
    for entry, where in zip(data[key], data[key].item_where):
        if _is_new_name(entry, NAME_FIELDS.get(key), names, problems):
            found, item = make(entry, where)
            problems.extend(found)
            built.append(item)
    return ListFile(tuple(item for item in built if item is not None),  # None: invalid, or a seed whose text failed
                    tuple(problems), names, _other_files(key, data[key]))


def make_entry(entry, where: Where, root: Path, key: str, build) -> tuple[tuple[Problem, ...], object]:
    """One entry of a list, validated and built: its problems, and what it built (None if invalid)."""
    problems: list[Problem] = []
    if not schema.check_record(entry, schema.FILES[key], where, problems, f"this {key[:-1]}"):
        return tuple(problems), None
    built = build(entry, root, problems)
    return tuple(problems), built


def _other_files(key: str, entries: Items) -> tuple[str, ...]:
    """The files a list's entries are built from besides the list itself."""
    named = [entry.get(NAME_FIELDS[key]) for entry in entries if isinstance(entry, Record)] \
        if key in ("seeds", "programs") else []
    named = [name for name in named if isinstance(name, str)]
    if key == "seeds":
        return tuple(f"seeds/{name}" for name in named)
    return tuple(f"content/programs/{name}.{lang}.md" for name in named for lang in LANGS)


def _is_new_name(entry, field: str | None, names: dict[str, Where], problems: list[Problem]) -> bool:
    """Remember the entry's name; False (with a problem) if an earlier entry has the same name."""
    name = entry.get(field) if field and isinstance(entry, Record) else None
    if not isinstance(name, str):
        return True
    if name in names:
        problems.append(Problem(entry.at(field), f"`{name}` is already listed at line {names[name].line} "
                                "— keep one entry, or give this one another name"))
        return False
    names[name] = entry.at(field)
    return True


def _check_unindexed(root: Path, indexed: dict[str, Where], problems: list[Problem]) -> None:
    """Every document in seeds/ needs an entry in content/seeds.yaml."""
    first = min(indexed.values(), key=lambda w: w.line, default=Where("content/seeds.yaml", 1, 1))
    try:
        with os.scandir(os.path.join(root, "seeds")) as entries:  # not a glob: this runs on every save
            unindexed = sorted(entry.name for entry in entries if entry.name.endswith(".txt")
                               and entry.name not in indexed and entry.is_file(follow_symlinks=False))
    except OSError:  # no seeds/ folder: scan_inputs says so
        return
    for name in unindexed:
        problems.append(Problem(first, f"seeds/{name} is not in the seeds index — add an entry for it to this list"))


def _name(path: Path) -> str:
    return path.name


CHANGES = "content/changes.yaml"
LIST_FILES = ("content/seeds.yaml", "content/scopes.yaml", "content/metrics.yaml", "content/programs.yaml", CHANGES)
