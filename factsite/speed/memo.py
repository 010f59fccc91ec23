"""What the preview remembers from one build to the next, so that a save redoes only what it changed.

Everything is kept by value and bounded: what a list file built, by its bytes and those of the
files its entries read; a facts file's checked facts, by its bytes and those of the seeds they
quote. The stages never see this memory: the preview hands load_site a list reader that
remembers, and verify's complete the facts checked before.
An incremental build and a full build of the same inputs are byte-identical (tests/test_live.py).
"""
from __future__ import annotations

import hashlib
import itertools
import operator
from collections.abc import Callable, Mapping
from pathlib import Path

from jinja2 import Environment

from factsite.load.assets import CATALOG, read_catalog
from factsite.load.entries import build_fact
from factsite.load.site import NAME_FIELDS, ListFile, ListReader
from factsite.model import Fact, Problem, Program, Seed, Site
from factsite.speed.before import Before, checked_before, kept_before
from factsite.speed.bounded import Bounded
from factsite.speed.entrywise import EntrywiseReader
from factsite.speed.filedigests import EMPTY, FileDigests
from factsite.speed.pagekeys import fact_digest
from factsite.speed.readahead import ReadAhead, checked_here_and_ahead, read_ahead
from factsite.speed.templates import cached_environment
from factsite.speed.yamlquick import read_list_quickly
from factsite.verify.fact import Checked, check_fact, seed_entry_problems, verify_program
from factsite.verify.site import Gathered, Shortcuts, gather

CheckMany = Callable[[list[Fact]], list[Checked]]  # check_fact of each, maybe in several processes
SEEDS_FILE = "content/seeds.yaml"  # what is found for the seeds' entries is kept with it
FILES_KEPT = 512  # list files read, and facts files checked (the national site has 36 and 31)
FACTS_KEPT = 20_000  # facts of edited files checked one by one


def _names(site: Site) -> tuple:
    """The names a fact may refer to: scopes, programs, measures and their units."""
    return tuple(site.scopes), tuple(site.programs), tuple((m.key, m.unit) for m in site.metrics.values())


class SessionMemo:
    """The preview's memory of earlier builds, by value; used by its one builder thread.

    A list file is read and built again only when its bytes, or those of a file its entries were
    built from, changed; the facts of a file are checked again only when that file, a seed they
    quote, or the names they may refer to changed."""

    def __init__(self, files: int = FILES_KEPT, facts: int = FACTS_KEPT, read: ListReader | None = None,
                 ahead: bool = False) -> None:
        self.read = read  # how a list file not remembered is read (default read_list_quickly)
        self.ahead: ReadAhead | bool | None = ahead  # True: facts files may be read ahead (readahead.py)
        self.lists: Bounded[tuple[ListFile, tuple[tuple[str, bytes], ...]]] = Bounded(files)
        self.checked: Bounded[Gathered] = Bounded(files)  # a facts file's facts checked, by its key
        self.digested: Bounded[tuple[bytes, ...]] = Bounded(files)  # the checked facts' digests (pagekeys)
        self.last_checked: list[tuple[tuple, Gathered]] = []  # by file, from the last check_facts
        self.facts: Bounded[Checked] = Bounded(facts)
        self.same: Bounded[dict[int, tuple]] = Bounded(files)  # by facts file: each fact object last checked
        self.quoted: Bounded[tuple] = Bounded(files)  # by facts file: its facts, and the seeds they quote
        self.seeds: Bounded[tuple] = Bounded(facts)  # what is wrong with a seed's index entry
        self.seeds_said: tuple | None = None  # the last seeds (their objects), and what is wrong with them
        self.texts: Bounded[tuple[str, bytes]] = Bounded(facts)  # the latest text of each seed, with its digest
        self.programs: Bounded[tuple] = Bounded(files)  # the latest of each program, the texts it cites, what it gave
        self.catalogs: Bounded[tuple[bytes, tuple[Problem, ...]]] = Bounded(files)  # by catalog and its digest
        self.files = FileDigests()  # each file's digest, by site path, read again only when the file changed
        self.env: Environment | None = None
        self.learned: set[str] = set()  # the list files read or checked anew, not remembered
        self.facts_read: dict[str, tuple[Fact, ...]] = {}  # each facts file's facts read since the last check
        self.names: tuple[tuple, bytes] | None = None  # the names facts may refer to, and their digest
        self.before: dict[str, Before] = {}  # by facts file: its last check, taken back from the last run
        self.built: dict[str, tuple] = {}  # the entries of the seeds, scopes, programs and measures last read

    @classmethod
    def for_preview(cls) -> SessionMemo:
        """serve's memory: an edited list file is read again entry by entry (entrywise.py)."""
        return cls(read=EntrywiseReader(FILES_KEPT).read)

    def scanning(self) -> dict[str, tuple[int, int, int]]:
        """A fresh record for load's safety scan to fill (load_site's scanned; filedigests.py)."""
        return self.files.scanning()

    def read_list(self, root: Path, rel: str, key: str, build) -> ListFile:
        """load's read_list_file, or what it gave for the same bytes of the file and of the files
        its entries read."""
        if key == "facts" and isinstance(self.ahead, ReadAhead):
            self.ahead.tell_lists(self.built)  # every other list file is read before the facts
        digest = self.files.digest(root, rel)
        kept = self.lists.get((rel, key, digest), lambda: None)
        if kept is not None and all(self.files.digest(root, path) == known for path, known in kept[1]):
            return self._given(rel, key, kept[0])
        listed = self._read_anew(root, rel, key, build)
        self.learned.add(rel)
        read = tuple((path, self.files.digest(root, path)) for path in listed.reads)
        self.lists.put((rel, key, digest), (listed, read))
        return self._given(rel, key, listed)

    def _read_anew(self, root: Path, rel: str, key: str, build) -> ListFile:
        """A list file read: here, or a facts file by the child reading ahead, started at the first
        list file read on a run that may (one-off runs: lasting.remembered)."""
        read = self.read or read_list_quickly
        if self.ahead is True:
            known = lambda name: self.lists.peek((name, "facts", self.files.digest(root, name))) is not None  # noqa: E731
            self.ahead = read_ahead(root, build_fact, read, known)
        if key == "facts" and self.ahead and self.ahead.has(rel):
            listed = self.ahead.take(rel)
            if listed is not None:
                return listed
        return read(root, rel, key, build)

    def _given(self, rel: str, key: str, listed: ListFile) -> ListFile:
        """What read_list gives, the facts of a facts file noted for check_facts (_by_file)."""
        if key == "facts":
            self.facts_read.pop(rel, None)
            self.facts_read[rel] = listed.built
        elif key in NAME_FIELDS:
            self.built[key] = listed.built
        return listed

    def check_facts(self, site: Site, check_many: CheckMany | None = None) -> list[Gathered]:
        """verify's check_fact for every fact, gathered by facts file (verify's gather): what a file
        gave for the same bytes of it, texts of the seeds its facts quote, and names they may refer
        to; in an edited file, what a fact gave for the same fact (the very object when its entry
        was not read again) and seed text. check_many: checks the facts found in neither (default:
        one by one, here), but for those the child reading ahead checked (readahead.py)."""
        ahead, self.ahead = self.ahead, None  # every facts file is read by now
        refs = self._names_digest(site)
        files = self._files(site, refs)
        anew = [(key, facts) for key, facts, kept in files if kept is None]
        extras = {id(fact): (self.files.latest.get(f"seeds/{fact.source.seed}") if fact.source else None, refs)
                  for _, facts in anew for fact in facts}
        found = self._known(anew, extras)
        for key, facts in anew:  # in a new run, what the edited files' last check gave unchanged facts
            found.update(checked_before(self.before.pop(key[0], None), refs,
                                        [fact for fact in facts if id(fact) not in found],
                                        {id(fact): extras[id(fact)][0] for fact in facts}))
        self.before.clear()  # the first check of a run is the one it serves
        missing = [fact for _, facts in anew for fact in facts if id(fact) not in found]
        check = check_many or (lambda facts: [check_fact(fact, site) for fact in facts])
        for fact, result in checked_here_and_ahead(missing, check, ahead if isinstance(ahead, ReadAhead) else None):
            found[id(fact)] = result  # by object: two facts may share an id
            self.facts.put((fact, *extras[id(fact)]), result)
        self.learned |= {key[0] for key, _ in anew}
        self.last_checked = []
        for key, facts, kept in files:
            if kept is None:
                results = [found[id(fact)] for fact in facts]
                kept = gather(results)
                self.checked.put(key, kept)
                self.same.put(key[0], {id(fact): (fact, extras[id(fact)], result)
                                       for fact, result in zip(facts, results)})
            self.last_checked.append((key, kept))
        return [kept for _, kept in self.last_checked]

    def _files(self, site: Site, refs: bytes) -> list[tuple[tuple, list[Fact], Gathered | None]]:
        """Each facts file's key, facts, and what was gathered for the same key (None: none)."""
        files = []
        for rel, facts in self._by_file(site):
            seeds = self._quoted(rel, facts, site)
            texts = tuple((seed, self.files.latest.get(seed)) for seed in seeds)
            key = (rel, self.files.latest.get(rel), refs, texts, len(facts))
            files.append((key, facts, self.checked.peek(key)))
        return files

    def _names_digest(self, site: Site) -> bytes:
        """The names facts may refer to (_names) as one digest, part of every key: hashed once rather
        than as a long tuple per fact, and hashed again only when they change."""
        names = _names(site)
        if self.names is None or self.names[0] != names:
            self.names = (names, hashlib.blake2b(repr(names).encode("utf-8"), digest_size=16).digest())
        return self.names[1]

    def _by_file(self, site: Site) -> list[tuple[str, list[Fact]]]:
        """The site's facts by file: as read_list gave them since the last check, when they are the
        very facts of the site in its order (as load_site lists them), else grouped afresh."""
        read, self.facts_read = self.facts_read, {}
        if sum(map(len, read.values())) == len(site.facts) and \
                all(map(operator.is_, itertools.chain.from_iterable(read.values()), site.facts)):
            return [(rel, list(facts)) for rel, facts in read.items()]
        grouped = itertools.groupby(site.facts, key=operator.attrgetter("where.file"))
        return [(rel, list(facts)) for rel, facts in grouped]

    def _quoted(self, rel: str, facts: list[Fact], site: Site) -> tuple[str, ...]:
        """The seeds these facts of one file quote that the site lists. Which seeds they quote is
        worked out again only when the file's facts are not the very objects they were last time."""
        kept = self.quoted.peek(rel)
        if kept is None or len(kept[0]) != len(facts) or not all(map(operator.is_, kept[0], facts)):
            kept = (facts, tuple(sorted({fact.source.seed for fact in facts if fact.source})))
            self.quoted.put(rel, kept)
        return tuple(f"seeds/{seed}" for seed in kept[1] if seed in site.seeds)

    def _known(self, files: list[tuple[tuple, list[Fact]]], extras: dict[int, tuple]) -> dict[int, Checked]:
        """What was found for these facts before, by object: the same fact object of its file's last
        check (no hashing), or else an equal fact, with the same seed text and names."""
        found: dict[int, Checked] = {}
        for key, facts in files:
            same = self.same.peek(key[0]) or {}
            for fact in facts:
                kept = same.get(id(fact))
                if kept is not None and kept[0] is fact and kept[1] == extras[id(fact)]:
                    found[id(fact)] = kept[2]
                elif (result := self.facts.peek((fact, *extras[id(fact)]))) is not None:
                    found[id(fact)] = result
        return found

    def fact_digests(self) -> dict[int, bytes]:
        """pagekeys' digest of each fact the last check_facts gave, by that fact object (the one
        verify's complete puts in the site, unless it derives it again): kept with the file's
        checked facts, so that a rebuild digests again only the facts of the files that changed."""
        known: dict[int, bytes] = {}
        for key, kept in self.last_checked:
            digests = self.digested.peek(key)
            if digests is None:
                digests = tuple(map(fact_digest, kept.facts))
                self.digested.put(key, digests)
                self.learned.add(key[0])
            known.update(zip(map(id, kept.facts), digests))
        return known

    def read_catalog(self, root: Path, lang: str, problems: list[Problem]) -> bytes:
        """load's read_catalog, or what it gave for the same bytes of the catalog."""
        rel = CATALOG.format(lang=lang)
        digest = self.files.digest(root, rel)
        if digest == EMPTY:  # missing, unreadable or empty: said afresh each time
            return read_catalog(root, lang, problems)
        found: list[Problem] = []
        compiled, said = self.catalogs.get((rel, digest), lambda: (read_catalog(root, lang, found), tuple(found)))
        problems.extend(said)
        return compiled

    def shortcuts(self) -> Shortcuts:
        """What verify's complete may take from this memory: seeds' entries and programs checked before."""
        return Shortcuts(self.seeds_problems, self.program)

    def seeds_problems(self, seeds: Mapping[str, Seed]) -> tuple[Problem, ...]:
        """verify's seeds_problems, or what it said for the very same seeds (the objects the last load
        built); else each entry's own, as seed_problems remembers it."""
        objects = tuple(seeds.values())
        last = self.seeds_said
        if last is not None and len(last[0]) == len(objects) and all(map(operator.is_, last[0], objects)):
            return last[1]
        found = tuple(problem for seed in objects for problem in
                      self.seed_problems(seed.file, seed.text, seed.outlet_text, seed.dateline, seed.where))
        self.seeds_said = (objects, found)
        return found

    def seed_problems(self, file: str, text: str, outlet: str | None, dateline: str | None, where) -> tuple:
        """verify's seed_entry_problems, or what it said for the same entry and text of the seed."""
        known = self.texts.peek(file)  # the text's digest, worked out again only for a new text
        if known is None or known[0] is not text:
            known = (text, hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest())
            self.texts.put(file, known)
        key = (file, known[1], outlet, dateline, where)
        found = self.seeds.peek(key)
        if found is None:
            found = seed_entry_problems(file, text, outlet, dateline, where)
            self.seeds.put(key, found)
            self.learned.add(SEEDS_FILE)
        return found

    def program(self, slug: str, program: Program, site: Site) -> tuple[Program, tuple[Problem, ...]]:
        """verify's verify_program, or what it gave for the same program and texts of the seeds it cites."""
        texts = tuple(site.seeds[m.seed].text if m.seed in site.seeds else None for m in program.mentions)
        known = self.programs.peek(slug)
        if known is None or known[0] is not program or any(a is not b for a, b in zip(known[1], texts)):
            known = (program, texts, verify_program(slug, program, site))
            self.programs.put(slug, known)
        return known[2]

    def kept(self, rels: set[str]) -> dict[str, tuple]:
        """For each of these list files read or checked anew, its latest entries (what a later run
        may take back with restore), by site path."""
        latest: dict[str, tuple] = {rel: (None, None, None, None) for rel in rels}
        for index, bounded in enumerate((self.lists, self.checked, self.digested)):
            for key, value in bounded.entries.items():  # oldest first: the latest of a file wins
                if key[0] in latest:
                    entry = list(latest[key[0]])
                    entry[index] = (key, value)
                    latest[key[0]] = tuple(entry)
        if SEEDS_FILE in latest:  # with what was found for each seed's entry
            latest[SEEDS_FILE] = (*latest[SEEDS_FILE][:3], tuple(self.seeds.entries.items()))
        return latest

    def restore(self, entries: tuple) -> None:
        """Take back one file's entries that kept() gave."""
        lists, checked, digested, seeds = entries
        if (before := kept_before(lists, checked)) is not None:
            self.before[before[0][0]] = before
        for bounded, entry in ((self.lists, lists), (self.checked, checked), (self.digested, digested)):
            if entry is not None:
                bounded.put(*entry)
        for key, found in seeds or ():
            self.seeds.put(key, found)

    def environment(self, root: Path) -> Environment:
        """The compiled templates, kept while serve runs; Jinja compiles a template again when its file changes."""
        if self.env is None:
            self.env = cached_environment(root, reload=True)
        return self.env
