"""Plain, immutable data the loader builds once and every later stage reads."""
from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from operator import attrgetter
from types import MappingProxyType
from typing import NamedTuple, Protocol, TypeVar


LANGS = ("fa", "en")
UNITS = ("people", "percent", "toman", "count", "iranian_year")          # what a figure is counted in
QUALIFIERS = ("exact", "more_than", "about", "less_than", "at_least")  # how a source hedges it
# What time a figure covers, as its text gives it; the two *_year kinds name the year in `year`.
PERIODS = ("as_of_report", "so_far_this_year", "past_year", "past_iranian_year", "per_month", "per_year",
           "in_year", "in_iranian_year")
DATED_PERIODS = ("in_year", "in_iranian_year")
# The templates pages are made with (load checks that each exists), and the names the build gives
# templates: render's functions and the context of every page (load refuses any other name).
PAGE_TEMPLATES = ("root.html", "404.html", "home.html", "about.html", "compare.html", "search.html",
                  "provinces.html", "programs.html", "sources.html", "scope.html", "program.html", "source.html",
                  "topic.html", "fact.html", "measure.html", "offline.html",
                  "changes.html", "statements.html")
TEMPLATE_NAMES = frozenset({
    "url", "direction", "format_number", "format_date", "text_for", "search_fold", "public_url", "figure_html",
    "json_ld", "dataset_ld", "sheet_ld",
    "absolute_url", "site", "page", "lang", "dir", "fragments", "gettext", "ngettext", "_",
    "headline", "provinces", "scope", "groups", "sources", "built_on", "views", "program", "description", "mentions",
    "seed", "paragraphs", "cited", "body", "total", "proved", "derived", "download", "v", "metric", "elsewhere",
    "programs", "inputs", "citations", "csl", "rows", "nation", "chart", "summary", "measure_groups", "number",
    "pages", "measures", "report_href", "changes", "statements", "said", "above", "below", "full_page",
    "source_line", "outlet", "share", "wide"})
NOT_STATED = "not stated"


class Where(NamedTuple):
    """A place in a content file: path relative to the site root, 1-based line and column."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, said so that an editor can fix it."""

    where: Where
    message: str
    fact_id: str = ""
    detail: str = ""

    def __str__(self) -> str:
        subject = f"{self.fact_id}: " if self.fact_id else ""
        text = f"{self.where}: {subject}{self.message}"
        return f"{text}\n    {self.detail}" if self.detail else text


@dataclass(frozen=True)
class Bilingual:
    """The same text in Persian and in English."""

    fa: str
    en: str

    def __getitem__(self, lang: str) -> str:
        return self.fa if lang == "fa" else self.en


@dataclass(frozen=True)
class SiteConfig:
    """What site.yaml says."""

    title: Bilingual
    description: Bilingual
    languages: tuple[str, ...]
    default_language: str
    base_url: str
    license_name: str
    license_url: str
    repository: str = ""  # the repository's web address, for "report an error"; "" when site.yaml names none


@dataclass(frozen=True)
class Seed:
    """A source document in seeds/ and what the seeds index says of it."""

    file: str
    lang: str
    outlet_text: str | None
    outlet_name: Bilingual | None
    dateline: str | None
    date: datetime.date | None
    title: Bilingual  # a summary this site wrote, not the outlet's headline
    text: str
    where: Where
    # where the article lies in text, when the outlet's page furniture is around it
    article: tuple[int, int] | None = None
    scope: str | None = None           # whose facts file `suggest --write` adds its drafts to
    scope_where: Where | None = None   # where the index entry names it

    @property
    def stem(self) -> str:
        return self.file.rsplit(".", 1)[0]

    @property
    def article_span(self) -> tuple[int, int]:
        """Where the article starts and ends in text; the rest is the outlet's page furniture."""
        return self.article or (0, len(self.text))


@dataclass(frozen=True)
class Scope:
    """The nation, or one province."""

    slug: str
    kind: str
    name: Bilingual
    where: Where


@dataclass(frozen=True)
class Metric:
    """A measure: what its figures count, of whom, and whether figures of different scopes compare."""

    key: str
    unit: str
    headline: bool
    label: Bilingual
    where: Where
    counts: Bilingual = Bilingual("", "")
    definition: Bilingual = Bilingual("", "")
    comparable: bool = True
    caveat: Bilingual | None = None


@dataclass(frozen=True)
class Citation:
    """A sentence quoted from a seed, with its translation; span is set once it is proved."""

    seed: str
    quote: str
    translation: str
    where: Where
    span: tuple[int, int] | None = None
    position: int | None = None  # which number of the quote the fact takes, when it states several
    figure: tuple[int, int] | None = None  # where in the seed that number stands, once proved
    seed_where: Where | None = None  # where `seed:` is written


@dataclass(frozen=True)
class Program:
    """A program of the organization, its description and the sentences that mention it."""

    slug: str
    name: Bilingual
    description_md: Bilingual
    mentions: tuple[Citation, ...]
    where: Where


@dataclass(frozen=True)
class Speaker:
    """Who said it, as the text gives it."""

    name: Bilingual
    role: Bilingual | None


@dataclass(frozen=True)
class Period:
    """The time a figure covers: a kind from PERIODS, and the year for in_year (Gregorian) and
    in_iranian_year (Solar Hijri)."""

    kind: str
    year: int | None = None


@dataclass(frozen=True)
class Derivation:
    """A figure computed from other facts by a formula over their ids."""

    formula: str
    round: int
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class Parts:
    """Facts that the source gives as parts of this fact's whole."""

    ids: tuple[str, ...]
    rule: str


@dataclass(frozen=True)
class Fact:
    """One figure, its meaning, and the sentence that states it."""

    id: str
    scope: str
    programs: tuple[str, ...]
    metric: str
    value: Decimal | None
    value_max: Decimal | None
    qualifier: str
    unit: str
    label: Bilingual
    source: Citation | None
    speaker: Speaker | None
    when: Bilingual | None
    note: Bilingual | None
    derived: Derivation | None
    parts: Parts | None
    where: Where
    # the line and column each field was written at, in the fact's file, as field_places writes
    # them: one string rather than a pair per field, since a build reads every fact back from what
    # the last run kept (speed/cache.py), where a dict of pairs was some 50 objects per fact
    field_where: str = field(default="", compare=False, repr=False)
    period: Period | None = None

    def at(self, name: str) -> Where:
        """Where a field of this fact was written (the fact itself if the field is absent)."""
        place = _places(self.field_where).get(name)
        return self.where if place is None else Where(self.where.file, *place)

    def has(self, name: str) -> bool:
        """Whether the fact's entry has this field."""
        return name in _places(self.field_where)


def field_places(places: Mapping[str, tuple[int, int]]) -> str:
    """Fact.field_where for these (line, column) pairs by field name: each as `line,column,length,name`."""
    return "".join(f"{line},{column},{len(name)},{name}" for name, (line, column) in places.items())


def _places(text: str) -> dict[str, tuple[int, int]]:
    """The pairs field_places wrote, by field name."""
    places, start = {}, 0
    while start < len(text):
        numbers = []
        for _ in range(3):
            comma = text.index(",", start)
            numbers.append(int(text[start:comma]))
            start = comma + 1
        line, column, length = numbers
        places[text[start:start + length]] = (line, column)
        start += length
    return places


@dataclass(frozen=True)
class Statement:
    """A claim without a figure: its sentence, proved against its seed, who said it (None when the
    report does not say), of which place and programs."""

    id: str
    scope: str
    programs: tuple[str, ...]
    source: Citation
    speaker: Speaker | None
    where: Where


CHANGE_KINDS = ("added", "corrected", "removed")


@dataclass(frozen=True)
class Change:
    """A change to a published figure, from content/changes.yaml: when, which fact, and what it was."""

    date: datetime.date
    fact: str
    kind: str  # one of CHANGE_KINDS
    was: Decimal | None  # the value before a correction or removal
    label: Bilingual | None  # what a removed figure counted (it has no fact left to say so)
    reason: Bilingual | None
    where: Where


@dataclass(frozen=True)
class Site:
    """Everything the content says, read once."""

    root: str
    config: SiteConfig
    seeds: Mapping[str, Seed]
    scopes: Mapping[str, Scope]
    programs: Mapping[str, Program]
    metrics: Mapping[str, Metric]
    facts: tuple[Fact, ...]
    about_md: Bilingual
    static: Mapping[str, bytes] = field(default_factory=dict)    # every file of static/, by site path
    catalogs: Mapping[str, bytes] = field(default_factory=dict)  # each language's compiled .mo catalog
    changes: tuple[Change, ...] = ()  # changes to published figures, newest first
    digests: Mapping[str, bytes] = field(default_factory=dict)  # each content file read, by site path (cache keys)
    statements: tuple[Statement, ...] = ()  # claims without a figure, in content/statements.yaml
    written: frozenset[str] = frozenset()  # the id of every fact written, valid or not

    def fact(self, fact_id: str) -> Fact | None:
        """The fact with this id, if any."""
        return self.facts_by_id.get(fact_id)

    @cached_property
    def facts_by_id(self) -> Mapping[str, Fact]:
        """Facts keyed by id, built once."""
        return MappingProxyType(dict(zip(map(attrgetter("id"), self.facts), self.facts)))  # the last of an id wins


# What the stages are given to go faster (speed/ makes them; the stages never import it).
Item = TypeVar("Item")
Value = TypeVar("Value")
Mapper = Callable[[Callable[[Item], Value], Sequence[Item]], list[Value]]  # [work(i) for i in items], maybe forked


def in_order(work: Callable[[Item], Value], items: Sequence[Item]) -> list[Value]:
    """The plain Mapper: each item's work, here and in order."""
    return [work(item) for item in items]


class Cache(Protocol):
    """Values kept by a key made of the digests of everything they were made from (bounded)."""

    def get(self, key: tuple) -> object | None: ...

    def put(self, key: tuple, value: object) -> None: ...
