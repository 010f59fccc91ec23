"""Stage 1: read site.yaml, content/ and seeds/ once into a Site, collecting every problem."""
from __future__ import annotations

import difflib
import hashlib
import itertools
import os
import re
import time
from functools import partial
from collections.abc import Mapping
from typing import NamedTuple
from pathlib import Path

from factsite.load import schema
from factsite.load.assets import (check_templates, load_catalogs, load_static, python_key, template_problems,
                                  template_python)
from factsite.load.entries import (bilingual, bilingual_markdown, build_change, build_fact, build_metric,
                                   build_program, build_scope, build_seed, build_statement)
from factsite.model import LANGS, Cache, Problem, Site, SiteConfig, Where
from factsite.load.inputs import scan_inputs
from factsite.load.placeholders import placeholder_problems
from factsite.load.yamlfile import Items, Record, read_yaml


NAME_FIELDS = {"seeds": "file", "scopes": "slug", "programs": "slug", "metrics": "key", "statements": "id"}


def load_site(root: Path, cache: Cache | None = None) -> tuple[Site | None, list[Problem]]:
    """Read everything under root; return the Site (None if unusable) and all problems.

    cache: what each list file gave before, by the digests of its bytes and of the files its
    entries were built from (seed texts, program descriptions): only a changed file is read again."""
    problems = scan_inputs(root)
    if problems:  # nothing is read from a site with links leaving it, devices or oversized files
        return None, problems
    config = _load_config(root, problems)

    digests: dict[str, bytes] = {}

    def entries(rel: str, key: str, build) -> ListFile:
        listed, read = _listed(root, rel, key, build, cache)
        problems.extend(listed.problems)
        digests.update(read)
        return listed

    seeds_index = entries("content/seeds.yaml", "seeds", build_seed)
    seeds = {s.file: s for s in seeds_index.built}
    _check_unindexed(root, seeds_index.names, problems)
    scopes = {s.slug: s for s in entries("content/scopes.yaml", "scopes", build_scope).built}
    problems += [Problem(seed.scope_where, f"unknown scope `{seed.scope}` — " + did_you_mean(
        seed.scope, scopes, "A scope is a slug of content/scopes.yaml", "write a slug of content/scopes.yaml"))
        for seed in seeds.values() if seed.scope and scopes and seed.scope not in scopes]
    metrics = {m.key: m for m in entries("content/metrics.yaml", "metrics", build_metric).built}
    programs = {p.slug: p for p in entries("content/programs.yaml", "programs", build_program).built}
    facts_lists = [entries(rel, "facts", build_fact) for rel in facts_files(root)]
    facts = tuple(itertools.chain.from_iterable(listed.built for listed in facts_lists))
    changes = entries(CHANGES, "changes", build_change).built if (root / CHANGES).is_file() else ()  # optional
    said = entries(STATEMENTS, "statements", build_statement).built if (root / STATEMENTS).is_file() else ()
    about = bilingual_markdown(root, "content/pages/about", problems)
    static = load_static(root, problems)
    catalogs = load_catalogs(root, problems)
    check_templates(root, frozenset(static), problems, partial(_templates_checked, cache))
    if config is None:
        return None, problems
    return Site(str(root), config, seeds, scopes, programs, metrics, facts, about, static, catalogs,
                tuple(sorted(changes, key=lambda c: (c.date, c.fact), reverse=True)), digests, said,
                frozenset(itertools.chain.from_iterable(listed.names for listed in facts_lists))), problems


def _listed(root: Path, rel: str, key: str, build, cache: Cache | None) -> tuple[ListFile, dict[str, bytes]]:
    """read_list_file, or what it gave for the same bytes of the file and of the files its entries
    read; with the digests of those files, by site path."""
    digest = file_digest(root / rel, cache)
    kept = cache.get(("list", rel, key, digest)) if cache is not None else None
    if kept is not None and all(file_digest(root / path, cache) == known for path, known in kept[1]):
        return kept[0], {rel: digest, **dict(kept[1])}
    listed = read_list_file(root, rel, key, build)
    reads = tuple((path, file_digest(root / path, cache)) for path in listed.reads)
    if cache is not None:
        cache.put(("list", rel, key, digest), (listed, reads))
    return listed, {rel: digest, **dict(reads)}


def _templates_checked(cache: Cache | None, sources: tuple[tuple[str, str], ...], present: frozenset[str],
                       static: frozenset[str]) -> tuple[Problem, ...]:
    """assets.template_problems, or what it said for the same templates, names and static files;
    each template's Python source made checking it is kept for render, by its text (assets.python_key)."""
    if cache is None:
        return template_problems(sources, present, static)
    text = repr((sources, sorted(present), sorted(static))).encode("utf-8", "surrogatepass")
    key = ("templates", hashlib.blake2b(text, digest_size=16).digest())
    said = cache.get(key)
    if said is None:
        said = template_problems(sources, present, static)
        cache.put(key, said)
        texts = dict(sources)
        for name, python in template_python(sources, present, static).items():
            cache.put(python_key(name, texts[name]), python)
    return said


def file_digest(path: Path, cache: Cache | None = None) -> bytes:
    """A digest of a file's bytes, or of why it cannot be read (load says so when it reads it).

    cache: digests by the file's size, times and inode, kept once the file is two seconds old (a
    file changed again within its clock's tick keeps its times)."""
    try:
        info = os.stat(path)
        key = ("stat", os.fspath(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        kept = cache.get(key) if cache is not None else None
        if kept is not None:
            return kept
        digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError as err:  # missing, a folder, unreadable: told apart
        return type(err).__name__.encode()
    if cache is not None and time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > SETTLED_NS:
        cache.put(key, digest)
    return digest


SETTLED_NS = 2_000_000_000


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


def read_list_file(root: Path, rel: str, key: str, build) -> ListFile:
    """Read one list file (`key:` then entries), validate each entry and build the valid ones."""
    data, problems = read_yaml(root / rel, rel)
    if data is None:
        if not problems:
            problems.append(Problem(Where(rel), f"the file is missing — create it with a `{key}:` list"))
        return ListFile((), tuple(problems), _ids_written(root / rel) if key == "facts" else {}, ())
    if not isinstance(data, Record) or not isinstance(data.get(key), Items):
        where = data.where if isinstance(data, (Record, Items)) else Where(rel, 1, 1)
        problems.append(Problem(where, f"the file must hold one key, `{key}:`, with a list of entries"))
        return ListFile((), tuple(problems), {}, ())
    for extra in set(data) - {key}:
        problems.append(Problem(data.at(extra), f"unknown top-level key `{extra}` — only `{key}:` belongs here"))
    names: dict[str, Where] = {}
    built = []
    for entry, where in zip(data[key], data[key].item_where):
        if _is_new_name(entry, NAME_FIELDS.get(key), names, problems):
            found, item = make_entry(entry, where, root, key, build)
            problems.extend(found)
            built.append(item)
    if key == "facts":  # every id written, of valid facts or not: a reference to an invalid one is no new error
        names = {entry["id"]: entry.at("id") for entry in data[key]
                 if isinstance(entry, Record) and isinstance(entry.get("id"), str)}
    return ListFile(tuple(item for item in built if item is not None),  # None: invalid, or a seed whose text failed
                    tuple(problems), names, _other_files(key, data[key]))


def _ids_written(path: Path) -> dict[str, Where]:
    """The ids a facts file that cannot be read as YAML seems to give (so that references to them
    are not reported as well as the file's own error)."""
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return {}
    return {match.group(1): Where(path.name) for match in WRITTEN_ID.finditer(text)}


WRITTEN_ID = re.compile(r"^[ \t-]*id:[ \t]*[\"']?([a-z0-9_-]+)", re.MULTILINE)


def make_entry(entry, where: Where, root: Path, key: str, build) -> tuple[tuple[Problem, ...], object]:
    """One entry of a list, validated and built: its problems, and what it built (None if invalid)."""
    problems: list[Problem] = placeholder_problems(entry)  # a draft of `suggest` not yet finished
    if problems or not schema.check_record(entry, schema.FILES[key], where, problems, f"this {key[:-1]}"):
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


def did_you_mean(name: str, names, then: str, otherwise: str) -> str:
    """"did you mean `x`? " and then, for the name most like name among names; otherwise when none is close."""
    close = difflib.get_close_matches(name, list(names), n=1)
    return f"did you mean `{close[0]}`? {then}" if close else otherwise


def _name(path: Path) -> str:
    return path.name


CHANGES = "content/changes.yaml"
STATEMENTS = "content/statements.yaml"
LIST_FILES = ("content/seeds.yaml", "content/scopes.yaml", "content/metrics.yaml", "content/programs.yaml", CHANGES,
              STATEMENTS)
