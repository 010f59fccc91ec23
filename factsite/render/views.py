"""What each page shows, per language: display strings and links computed once per fact."""
from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from factsite.render.formatting import format_date, format_period
from factsite.model import Citation, Fact, Seed, Site
from factsite.render.figures import fact_path, quantity, scope_path
from factsite.render.prose import inline_html
from factsite.render.typography import text_for


@dataclass(frozen=True)
class FactView:
    """A fact as a reader of one language sees it."""

    fact: Fact
    label: Markup
    headline: str
    full: str
    quote: Markup | None
    quote_lang: str
    translation: Markup | None
    quote_href: str | None
    speaker: Markup | None
    when: Markup | None
    reported: str | None  # the report's date as the page shows it; "" when the report gives none
    note: Markup | None
    formula: Markup | None
    scope_href: str
    scope_name: str
    period: Markup | None
    metric_label: Markup | None
    definition: Markup | None
    differs: tuple[FactRef, ...]
    history: tuple[FactRef, ...]  # older reports' figures for the same scope and metric, newest first
    href: str  # the fact's own page
    quoted: tuple[Markup, Markup, Markup] | None  # the quote split around the figure it gives


@dataclass(frozen=True)
class FactRef:
    """A short pointer to another fact: its display value and where it lives."""

    full: str
    href: str
    reported: str = ""  # the report's date as the page shows it


@dataclass(frozen=True)
class Series:
    """A fact among its scope's figures of its metric: whether it is current (not an older report's),
    the current figures that differ from it, and, for the first current one, the older figures."""

    current: bool
    differs: tuple[Fact, ...]
    history: tuple[Fact, ...]


@dataclass(frozen=True)
class Segment:
    """A piece of a source paragraph: its text, whether it is quoted, and the anchors it starts."""

    text: Markup
    marked: bool
    anchors: tuple[str, ...]
    figure: bool = False  # the number a fact takes, inside a quote


def quote_anchor(fact_id: str) -> str:
    return f"quote-{fact_id}"


class FactViews(Mapping):
    """Every fact's view for one language, keyed by id; each is made the first time it is asked for.

    'Sources differ' is worked out here. A preview that renders one page makes only that page's views.
    """

    def __init__(self, site: Site, lang: str, series: Callable[[Fact], Series]) -> None:
        """series: where a fact stands among the figures of its scope and metric."""
        self.site, self.lang, self.series = site, lang, series
        self.made: dict[str, FactView] = {}

    def __getitem__(self, fact_id: str) -> FactView:
        view = self.made.get(fact_id)
        if view is None:
            view = self.made[fact_id] = self._make(self.site.facts_by_id[fact_id])
        return view

    def __iter__(self) -> Iterator[str]:
        return iter(self.site.facts_by_id)

    def __len__(self) -> int:
        return len(self.site.facts_by_id)

    def _make(self, fact: Fact) -> FactView:
        site, lang = self.site, self.lang
        series = self.series(fact)
        differs = tuple(FactRef(quantity(o, lang, False), fact_path(lang, o.id)) for o in series.differs)
        history = tuple(FactRef(quantity(o, lang, False), fact_path(lang, o.id),
                                format_date(reported_on(o, site), lang)) for o in series.history)
        return _fact_view(fact, site, lang, differs, history)


def reported_on(fact: Fact, site: Site) -> datetime.date | None:
    """The date of the report a fact quotes, if the report gives one."""
    seed = site.seeds.get(fact.source.seed) if fact.source else None
    return seed.date if seed else None


def _quote_href(fact: Fact, site: Site, lang: str) -> str | None:
    seed = site.seeds.get(fact.source.seed) if fact.source else None
    return f"{lang}/sources/{seed.stem}/#{quote_anchor(fact.id)}" if seed else None


def _fact_view(fact: Fact, site: Site, lang: str, differs: tuple[FactRef, ...],
               history: tuple[FactRef, ...]) -> FactView:
    source = fact.source
    seed = site.seeds.get(source.seed) if source else None
    metric = site.metrics.get(fact.metric)
    quote_lang = seed.lang if seed else lang
    speaker = None
    if fact.speaker:
        role = fact.speaker.role[lang] if fact.speaker.role else ""
        speaker = text_for(f"{fact.speaker.name[lang]}{'، ' if lang == 'fa' else ', '}{role}" if role
                           else fact.speaker.name[lang], lang)
    return FactView(
        fact=fact, label=text_for(fact.label[lang], lang),
        headline=quantity(fact, lang, True), full=quantity(fact, lang, False),
        quote=text_for(source.quote, quote_lang) if source else None, quote_lang=quote_lang,
        translation=text_for(source.translation, lang) if source and quote_lang != lang else None,
        quote_href=_quote_href(fact, site, lang),
        speaker=speaker, when=text_for(fact.when[lang], lang) if fact.when else None,
        reported=(format_date(seed.date, lang) if seed.date else "") if seed else None,
        note=inline_html(fact.note[lang], lang, site) if fact.note else None,
        formula=_formula(fact, site, lang), scope_href=scope_path(lang, fact.scope),
        scope_name=site.scopes[fact.scope].name[lang] if fact.scope in site.scopes else fact.scope,
        period=text_for(format_period(fact.period.kind, fact.period.year, lang), lang) if fact.period else None,
        metric_label=text_for(metric.label[lang], lang) if metric else None,
        definition=inline_html(metric.definition[lang], lang, site) if metric and metric.definition[lang] else None,
        differs=differs, history=history, href=fact_path(lang, fact.id),
        quoted=_quoted(source, seed))


def _quoted(source: Citation | None, seed: Seed | None) -> tuple[Markup, Markup, Markup] | None:
    """The quote as before, figure, after: the figure as the seed writes it, found in the editor's quote
    (else the seed's own sentence is split)."""
    if not (source and seed and source.figure and source.span):
        return None
    a, b = source.figure
    figure = seed.text[a:b]
    at = source.quote.find(figure)
    if at >= 0:
        text, start = source.quote, at
    else:
        text, start = seed.text[source.span[0]:source.span[1]], a - source.span[0]
    end = start + len(figure)
    return tuple(text_for(part, seed.lang) for part in (text[:start], text[start:end], text[end:]))


def _formula(fact: Fact, site: Site, lang: str) -> Markup | None:
    """A derived fact's formula with each input named by its label."""
    if not fact.derived:
        return None
    text = fact.derived.formula.replace("*", "×").replace("/", "÷")
    for ref in fact.derived.inputs:
        other = site.fact(ref)
        text = text.replace("{" + ref + "}", f"({other.label[lang]})" if other else ref)
    return text_for(text, lang)


def source_parts(seed: Seed, citations: list[tuple[str, Citation]]) -> tuple[list[list[Segment]], ...]:
    """The seed's paragraphs in three parts: the outlet's page furniture above the article, the
    article, and the furniture below it (either furniture part is empty when the seed has none)."""
    start, end = seed.article_span
    return tuple(source_paragraphs(seed, citations, region)
                 for region in ((0, start), (start, end), (end, len(seed.text))))


def source_paragraphs(seed: Seed, citations: list[tuple[str, Citation]],
                      region: tuple[int, int] | None = None) -> list[list[Segment]]:
    """Split a seed (or the region of it that starts and ends at line starts) into paragraphs of
    segments, marking every cited span, its anchor, and within it the figure a fact takes."""
    text = seed.text
    low, high = region or (0, len(text))
    marked = bytearray(len(text) + 1)  # 1: quoted, 2: the figure a fact takes from the quote
    anchors: dict[int, list[str]] = defaultdict(list)
    bounds = {0, len(text), low, high}
    for anchor, citation in citations:
        start, end = citation.span
        marked[start:end] = bytes(max(1, marked[i]) for i in range(start, end))
        anchors[start].append(anchor)
        bounds.update((start, end))
        if citation.figure:
            a, b = citation.figure
            marked[a:b] = b"\x02" * (b - a)
            bounds.update((a, b))
    offset = 0
    for line in text.split("\n"):
        bounds.update((offset, offset + len(line)))
        offset += len(line) + 1
    cuts = sorted(bounds)
    paragraphs: list[list[tuple[str, int, tuple[str, ...]]]] = [[]]
    for a, b in zip(cuts, cuts[1:]):
        if not low <= a < high:
            continue
        for i, part in enumerate(text[a:b].split("\n")):
            if i:
                paragraphs.append([])
            if part:
                paragraphs[-1].append((part, marked[a], tuple(anchors.pop(a, ())) if i == 0 else ()))
    return [[Segment(text_for(part, seed.lang), flag > 0, ids, flag == 2) for part, flag, ids in paragraph]
            for paragraph in paragraphs if any(part.strip() for part, _, _ in paragraph)]
