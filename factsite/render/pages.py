"""Which pages exist in each language, and what each one shows."""
from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial

from factsite.render.charts import Chart, bar_chart
from factsite.model import Citation, Fact, Site
from factsite.render.typography import markdown_html
from factsite.render.views import (FactView, FactViews, Series, quote_anchor, reported_on, scope_path,
                                  source_paragraphs)

INDEX_PAGES = ("provinces", "programs", "sources")


@dataclass(frozen=True)
class Page:
    """One page to write: its site-relative path, template, language and what it shows."""

    path: str
    template: str
    lang: str
    context: dict = field(compare=False)

    @property
    def twin(self) -> str:
        """The same page in the other language."""
        return ("en" if self.lang == "fa" else "fa") + self.path[2:]


@dataclass(frozen=True)
class FactIndex:
    """The facts and mentions grouped, so that no page scans every fact; each grouping is made
    the first time a page needs it (a preview renders one page, a build all of them)."""

    site: Site
    _scope_metric: dict[str, dict[str, list[Fact]]] = field(default_factory=dict, compare=False)

    @cached_property
    def by_scope(self) -> dict[str, list[Fact]]:
        return _group(self.site.facts, lambda fact: (fact.scope,))

    @cached_property
    def by_program(self) -> dict[str, list[Fact]]:
        return _group(self.site.facts, lambda fact: fact.programs)

    @cached_property
    def by_seed(self) -> dict[str, list[Fact]]:
        return _group(self.site.facts, lambda fact: (fact.source.seed,) if fact.source else ())

    @cached_property
    def mentions_by_seed(self) -> dict[str, list[tuple[str, Citation]]]:
        mentions = defaultdict(list)
        for program in self.site.programs.values():
            for i, mention in enumerate(program.mentions, 1):
                mentions[mention.seed].append((mention_anchor(program.slug, i), mention))
        return mentions

    def series(self, fact: Fact) -> Series:
        """Where the fact stands among its scope's figures of its metric: the latest report's figures
        (and undated ones) are current, and differ if their values do; older reports' figures are history."""
        group = self.same_metric(fact)
        dates = {f.id: reported_on(f, self.site) for f in group}
        latest = max((d for d in dates.values() if d), default=None)
        current = [f for f in group if dates[f.id] is None or dates[f.id] == latest]
        if fact not in current:
            return Series(False, (), ())
        history = () if fact is not current[0] else tuple(
            sorted((f for f in group if f not in current), key=lambda f: dates[f.id], reverse=True))
        return Series(True, tuple(f for f in current if (f.value, f.value_max) != (fact.value, fact.value_max)),
                      history)

    def current(self, facts: list[Fact]) -> list[Fact]:
        """The facts that are not an older report's figure for their scope and metric."""
        return [f for f in facts if self.series(f).current]

    def same_metric(self, fact: Fact) -> list[Fact]:
        """The facts of the fact's scope with its metric (itself included), in site order."""
        by_metric = self._scope_metric.get(fact.scope)
        if by_metric is None:
            by_metric = self._scope_metric[fact.scope] = _group(self.by_scope[fact.scope], lambda f: (f.metric,))
        return by_metric[fact.metric]


def _group(facts, keys: Callable[[Fact], tuple[str, ...]]) -> dict[str, list[Fact]]:
    """The facts under each of their keys, in order; an unknown key gives an empty list."""
    groups = defaultdict(list)
    for fact in facts:
        for key in keys(fact):
            groups[key].append(fact)
    return groups


def index_facts(site: Site) -> FactIndex:
    """The site's facts and mentions, to be grouped as pages ask for them."""
    return FactIndex(site)


def mention_anchor(program: str, number: int) -> str:
    return f"mention-{program}-{number}"


@dataclass(frozen=True)
class PageMaker:
    """A page not made yet: calling it works out what the page shows."""

    path: str
    template: str
    lang: str
    context: Callable[[], dict]

    def __call__(self) -> Page:
        return Page(self.path, self.template, self.lang, self.context())


def page_makers(site: Site, lang: str, index: FactIndex, built_on: datetime.date) -> dict[str, PageMaker]:
    """Every page of one language by path, in site order, each made only when called.

    A build makes them all; a preview makes the one being looked at first."""
    views = FactViews(site, lang, index.series)
    makers = [PageMaker(f"{lang}/", "home.html", lang, partial(_home, site, index, views)),
              PageMaker(f"{lang}/about/", "about.html", lang, partial(_about, site, lang)),
              PageMaker(f"{lang}/compare/", "compare.html", lang, partial(_compare, site, index, views, lang)),
              PageMaker(f"{lang}/search/", "search.html", lang, dict)]
    makers += [PageMaker(f"{lang}/{name}/", f"{name}.html", lang, dict) for name in INDEX_PAGES]
    makers += [PageMaker(scope_path(lang, slug), "scope.html", lang,
                         partial(_scope, site, slug, index, views, lang, built_on)) for slug in site.scopes]
    makers += [PageMaker(f"{lang}/programs/{p.slug}/", "program.html", lang,
                         partial(_program, site, p, index, views, lang, built_on)) for p in site.programs.values()]
    makers += [PageMaker(f"{lang}/sources/{seed.stem}/", "source.html", lang,
                         partial(_source, seed, index, views)) for seed in site.seeds.values()]
    return {maker.path: maker for maker in makers}


def _is_headline(site: Site, fact: Fact) -> bool:
    metric = site.metrics.get(fact.metric)
    return bool(metric and metric.headline)


def _home(site: Site, index: FactIndex, views: FactViews) -> dict:
    """National headline figures, and each province's headline figures beside its link."""
    national = [views[f.id] for f in index.current(index.by_scope["national"]) if _is_headline(site, f)]
    provinces = [(scope, [views[f.id] for f in index.current(index.by_scope[scope.slug])
                          if f.metric == "insured_population"])
                 for scope in site.scopes.values() if scope.kind == "province"]
    return {"headline": national, "provinces": provinces}


def _scope(site: Site, slug: str, index: FactIndex, views: FactViews, lang: str,
           built_on: datetime.date) -> dict:
    """A fact sheet: headline figures, then facts grouped by program, then its sources."""
    facts = index.current(index.by_scope[slug])
    by_program = defaultdict(list)
    for fact in facts:
        by_program[fact.programs[0]].append(views[fact.id])
    groups = [(f"program-{p.slug}", f"{lang}/programs/{p.slug}/", p.name[lang], by_program[p.slug])
              for p in site.programs.values() if by_program[p.slug]]
    share = [f for f in facts if f.metric == "population_share_covered" and f.value is not None]
    chart = _share_chart(share[0], views[share[0].id], lang) if share else None
    return {"scope": site.scopes[slug], "headline": [views[f.id] for f in facts if _is_headline(site, f)],
            "groups": groups, "sources": _sources_of(site, {f.source.seed for f in index.by_scope[slug] if f.source}),
            "share_chart": chart, "download": f"data/scopes/{slug}", "views": [views[f.id] for f in facts],
            "built_on": built_on}


def _share_chart(fact: Fact, view: FactView, lang: str) -> Chart:
    """A one-bar chart of the share of the population covered, out of 100%."""
    return bar_chart(f"share-{fact.id}", view.label, [(view.scope_name, fact.value, view.headline)],
                     lang, scale_max=100)


def _sources_of(site: Site, names: set[str]) -> list:
    """The seeds with these file names, in index order."""
    return [seed for name, seed in site.seeds.items() if name in names]


def _program(site: Site, program, index: FactIndex, views: FactViews, lang: str,
             built_on: datetime.date) -> dict:
    """A program page: description, facts by scope, and the sentences that mention it."""
    facts = index.current(index.by_program[program.slug])
    groups = [(f"scope-{scope.slug}", scope_path(lang, scope.slug), scope.name[lang],
               [views[f.id] for f in facts if f.scope == scope.slug]) for scope in site.scopes.values()]
    mentions = [(mention_anchor(program.slug, i), m, site.seeds.get(m.seed))
                for i, m in enumerate(program.mentions, 1)]
    cited = {f.source.seed for f in index.by_program[program.slug] if f.source} | {m.seed for m in program.mentions}
    return {"program": program, "description": markdown_html(program.description_md[lang], lang),
            "groups": [g for g in groups if g[3]], "mentions": mentions,
            "sources": _sources_of(site, cited), "download": f"data/programs/{program.slug}",
            "views": [views[f.id] for f in facts], "built_on": built_on}


def _source(seed, index: FactIndex, views: FactViews) -> dict:
    """A source page: metadata, full text with every cited quote marked, and the figures it backs."""
    facts = index.by_seed[seed.file]
    citations = [(quote_anchor(f.id), f.source) for f in facts if f.source.span]
    citations += [(anchor, m) for anchor, m in index.mentions_by_seed[seed.file] if m.span]
    return {"seed": seed, "paragraphs": source_paragraphs(seed, citations), "cited": [views[f.id] for f in facts]}


def _about(site: Site, lang: str) -> dict:
    derived = sum(1 for f in site.facts if f.derived)
    return {"body": markdown_html(site.about_md[lang], lang), "total": len(site.facts),
            "derived": derived, "proved": len(site.facts) - derived}


def _marks(view: FactView) -> tuple[str, ...]:
    """What a chart says beside a figure: that it is computed, that it carries a note."""
    return tuple(mark for mark, shown in (("computed", view.fact.derived), ("note", view.note)) if shown)


def _compare(site: Site, index: FactIndex, views: FactViews, lang: str) -> dict:
    """Every comparable metric that more than one scope reports: a row per scope and a bar chart; and
    the metrics more than one scope reports whose figures do not compare, each with why not."""
    by_metric: dict[str, dict[str, list[Fact]]] = defaultdict(lambda: defaultdict(list))
    for fact in index.current(site.facts):
        by_metric[fact.metric][fact.scope].append(fact)
    sections, apart = [], []
    for key, metric in site.metrics.items():
        scopes = by_metric.get(key, {})
        if len(scopes) < 2:
            continue
        rows = [(scope, [views[f.id] for f in scopes.get(scope.slug, [])]) for scope in site.scopes.values()]
        if not metric.comparable:
            apart.append((metric, rows))
            continue
        bars = [(scope.name[lang], cells[0].fact.value, cells[0].headline, _marks(cells[0]))
                for scope, cells in rows if cells and cells[0].fact.value is not None]
        sections.append((metric, rows, bar_chart(f"chart-{key}", metric.label[lang], bars, lang)))
    return {"sections": sections, "apart": apart}
