"""Which pages exist in each language, and what each one shows."""
from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from factsite.model import Fact, Site
from factsite.render.cards import WORDS
from factsite.render.changes import change_views
from factsite.render.factindex import FactIndex, mention_anchor
from factsite.render.factpages import fact_context, measure_context, measures_index
from factsite.render.prose import prose_html, statement_anchor
from factsite.render.statements import statement_views
from factsite.render.views import FactViews, fact_path, quote_anchor, scope_path, source_parts
from factsite.render.formatting import say

SHEET_ALL = 40         # a sheet or program page with at most this many figures shows every one of them;
SHEET_ROWS = 4         # else a sheet shows this many per program, the rest one link away,
PROGRAM_ROWS = 3       # and a program page this many per scope
SHEET_SOURCES = 8      # sources listed on a sheet; every figure's page names its own
SOURCES_PER_PAGE = 50  # entries of one page of the sources index
HOME_SOURCES = 5


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
class PageMaker:
    """A page not made yet: calling it works out what the page shows."""

    path: str
    template: str
    lang: str
    context: Callable[[], dict]

    def __call__(self) -> Page:
        return Page(self.path, self.template, self.lang, self.context())


def page_makers(site: Site, lang: str, index: FactIndex, built_on: datetime.date,
                shared: bool = True) -> dict[str, PageMaker]:
    """Every page of one language by path, in site order, each made only when called (shared: with
    the pages for other sites' frames).

    A build makes them all; a preview makes the one being looked at first."""
    views = FactViews(site, lang, index.series)
    make = partial(_maker, lang)
    makers = [make("", "home.html", _home, site, index, views, lang),
              make("about/", "about.html", _about, site, lang),
              make("compare/", "compare.html", lambda: measures_index(site, index.measures)),
              make("search/", "search.html", dict), make("offline/", "offline.html", dict),
              make("changes/", "changes.html", lambda: {"changes": change_views(site, lang)}),
              make("provinces/", "provinces.html", dict), make("programs/", "programs.html", dict),
              make("statements/", "statements.html", lambda: {"statements": statement_views(site, lang)})]
    makers += [make(path, "sources.html", _sources_page, site, n) for n, path in enumerate(source_list_paths(site), 1)]
    makers += [_sheet_maker(site, lang, slug, index, views, built_on) for slug in site.scopes]
    makers += [make(f"programs/{p.slug}/", "program.html", _program, site, p, index, views, lang, built_on)
               for p in site.programs.values()]
    makers += [make(topic_path(lang, scope, program)[3:], "topic.html", _topic, site, scope, program, index,
                    views, lang) for scope, program in index.once("topics", partial(_topics, site, index))]
    makers += [make(f"compare/{key}/", "measure.html", measure_context, site, site.metrics[key], facts, views, lang)
               for key, facts in index.by_metric.items() if key in site.metrics]
    makers += [_figure_maker(site, lang, fact, index, views, built_on) for fact in site.facts]
    makers += [make(f"sources/{seed.stem}/", "source.html", _source, seed, index, views)
               for seed in site.seeds.values()]
    makers += embed_makers(site, lang, index, views) if shared else []
    return {maker.path: maker for maker in makers}


def embed_makers(site: Site, lang: str, index: FactIndex, views: FactViews) -> list[PageMaker]:
    """The pages other sites show in a frame: each figure, and each measure with its chart."""
    make = partial(_maker, lang)
    return [*(make(f"embed/facts/{fact.id}/", "embed_fact.html", _embed_fact, site, fact, views, lang)
              for fact in site.facts),
            *(make(f"embed/compare/{key}/", "embed_measure.html", _embed_measure, site, site.metrics[key], facts,
                   views, lang) for key, facts in index.by_metric.items() if key in site.metrics)]


def _embed_fact(site: Site, fact: Fact, views: FactViews, lang: str) -> dict:
    seed = site.seeds.get(fact.source.seed) if fact.source else None
    return {"v": views[fact.id], "full_page": fact_path(lang, fact.id),
            "outlet": seed.outlet_name[lang] if seed and seed.outlet_name else "",
            "source_line": say(WORDS, "source", lang, site=site.config.title[lang])}


def _embed_measure(site: Site, metric, facts: list[Fact], views: FactViews, lang: str) -> dict:
    return {**measure_context(site, metric, facts, views, lang), "full_page": f"{lang}/compare/{metric.key}/",
            "source_line": say(WORDS, "source", lang, site=site.config.title[lang])}


def page_maker(site: Site, lang: str, index: FactIndex, views: FactViews, built_on: datetime.date,
               path: str) -> PageMaker | None:
    """The maker page_makers has for a figure's page or a fact sheet at this path, made without the
    language's other pages (a preview renders the page being looked at first); None for any other
    path, which page_makers may still have."""
    prefix = f"{lang}/facts/"
    fact = site.facts_by_id.get(path[len(prefix):-1]) if path.startswith(prefix) else None
    if fact is not None and fact_path(lang, fact.id) == path:
        return _figure_maker(site, lang, fact, index, views, built_on)
    for slug in ("national", path.removeprefix(f"{lang}/provinces/")[:-1]):
        if slug in site.scopes and scope_path(lang, slug) == path:
            return _sheet_maker(site, lang, slug, index, views, built_on)
    return None


def _figure_maker(site: Site, lang: str, fact: Fact, index: FactIndex, views: FactViews,
                  built_on: datetime.date) -> PageMaker:
    return PageMaker(fact_path(lang, fact.id), "fact.html", lang,
                     partial(_fact, site, fact, index, views, lang, built_on))


def _sheet_maker(site: Site, lang: str, slug: str, index: FactIndex, views: FactViews,
                 built_on: datetime.date) -> PageMaker:
    return _maker(lang, scope_path(lang, slug).removeprefix(f"{lang}/"), "scope.html", _scope, site, slug, index,
                  views, lang, built_on)


def _maker(lang: str, path: str, template: str, context: Callable, *args) -> PageMaker:
    return PageMaker(f"{lang}/{path}", template, lang, partial(context, *args) if args else context)


def _page_suffix(number: int) -> str:
    return "" if number == 1 else f"page/{number}/"


def source_list_paths(site: Site) -> list[str]:
    """The pages of the list of sources, below a language's folder, first to last."""
    return [f"sources/{_page_suffix(n)}" for n in range(1, _source_pages(site) + 1)]


def _source_pages(site: Site) -> int:
    return max(1, -(-len(site.seeds) // SOURCES_PER_PAGE))


def topic_path(lang: str, scope: str, program: str) -> str:
    """A scope's figures for one program, when the sheet shows only the first of them."""
    return f"{scope_path(lang, scope)}{program}/"


def _topics(site: Site, index: FactIndex) -> list[tuple[str, str]]:
    """The (scope, program) pairs with more current figures than their sheet or program page shows."""
    first, any_ = defaultdict(int), defaultdict(int)
    for fact in index.current(site.facts):
        first[(fact.scope, fact.programs[0])] += 1
        for program in fact.programs:
            any_[(fact.scope, program)] += 1
    in_scope = {slug: len(facts) for slug, facts in index.current_by_scope.items()}
    in_program = {slug: len(index.current(facts)) for slug, facts in index.by_program.items()}
    return [(scope, program) for scope in site.scopes for program in site.programs
            if (in_scope.get(scope, 0) > SHEET_ALL and first[(scope, program)] > SHEET_ROWS)
            or (in_program.get(program, 0) > SHEET_ALL and any_[(scope, program)] > PROGRAM_ROWS)]


def _is_headline(site: Site, fact: Fact) -> bool:
    metric = site.metrics.get(fact.metric)
    return bool(metric and metric.headline)


def _home(site: Site, index: FactIndex, views: FactViews, lang: str) -> dict:
    """National headline figures, each province's covered population, and the latest sources."""
    national = [views[f.id] for f in index.current_by_scope["national"] if _is_headline(site, f)]
    provinces = [(scope, [views[f.id] for f in index.current_by_scope[scope.slug] if f.metric == "insured_population"])
                 for scope in site.scopes.values() if scope.kind == "province"]
    return {"headline": national, "provinces": provinces, "sources": list(site.seeds.values())[:HOME_SOURCES],
            "total": len(site.seeds)}


def _table(facts: list, views: FactViews, more_href: str, rows: int, everything: int,
           listed: int = 0) -> tuple[list, int, str]:
    """The views of the first rows of a compact table (all of them when the page has at most
    SHEET_ALL figures), how many the linked page lists (listed, else all the facts), and where that
    page is. Only the rows shown are made into views."""
    if everything <= SHEET_ALL or len(facts) <= rows:
        return [views[f.id] for f in facts], len(facts), ""
    return [views[f.id] for f in facts[:rows]], listed or len(facts), more_href


def _scope(site: Site, slug: str, index: FactIndex, views: FactViews, lang: str,
           built_on: datetime.date) -> dict:
    """A fact sheet: headline figures, then a compact table per program, then its sources."""
    facts = index.current_in(slug)
    by_program = defaultdict(list)
    for fact in facts:
        by_program[fact.programs[0]].append(fact)
    groups = [(f"program-{p.slug}", f"{lang}/programs/{p.slug}/", p.name[lang],
               *_table(by_program[p.slug], views, topic_path(lang, slug, p.slug), SHEET_ROWS, len(facts),
                       sum(1 for f in facts if p.slug in f.programs)))
              for p in site.programs.values() if by_program[p.slug]]
    said = [s for s in site.statements if s.scope == slug]
    seeds = {f.source.seed for f in index.by_scope[slug] if f.source} | {s.source.seed for s in said}
    sources = _sources_of(site, seeds) if facts else _naming(site, site.scopes[slug])
    return {"scope": site.scopes[slug], "headline": [views[f.id] for f in facts if _is_headline(site, f)],
            "groups": groups, "sources": sources[:SHEET_SOURCES], "total": len(sources),
            "download": f"data/scopes/{slug}", "built_on": built_on, "said": statement_views(site, lang, said)}


def _naming(site: Site, scope) -> list:
    """The seeds whose article has the scope's name as a word, in the seed's language (an empty
    sheet lists them, so that it never says the sources do not mention a place they name)."""
    found = []
    for seed in site.seeds.values():
        name = re.compile(rf"(?<!\w){re.escape(scope.name[seed.lang])}(?!\w)", re.IGNORECASE)
        if name.search(seed.text, *seed.article_span):
            found.append(seed)
    return found


def _topic(site: Site, slug: str, program: str, index: FactIndex, views: FactViews, lang: str) -> dict:
    """Every current figure of one scope for one program."""
    facts = [f for f in index.current_in(slug) if program in f.programs]
    return {"scope": site.scopes[slug], "program": site.programs[program], "views": [views[f.id] for f in facts]}


def _sources_of(site: Site, names: set[str]) -> list:
    """The seeds with these file names, in index order."""
    return [seed for name, seed in site.seeds.items() if name in names]


def _sources_page(site: Site, number: int) -> dict:
    """One page of the sources index, and links to the others."""
    seeds = list(site.seeds.values())
    count = _source_pages(site)
    pages = [(n, f"sources/{_page_suffix(n)}") for n in range(1, count + 1)] if count > 1 else []
    return {"sources": seeds[(number - 1) * SOURCES_PER_PAGE: number * SOURCES_PER_PAGE], "number": number,
            "pages": pages, "total": len(seeds)}


def _program(site: Site, program, index: FactIndex, views: FactViews, lang: str,
             built_on: datetime.date) -> dict:
    """A program page: description, a compact table per scope, and the sentences that mention it."""
    facts = index.current(index.by_program[program.slug])
    by_scope = defaultdict(list)
    for fact in facts:
        by_scope[fact.scope].append(fact)
    groups = [(f"scope-{scope.slug}", scope_path(lang, scope.slug), scope.name[lang],
               *_table(by_scope[scope.slug], views, topic_path(lang, scope.slug, program.slug), PROGRAM_ROWS,
                       len(facts)))
              for scope in site.scopes.values() if by_scope[scope.slug]]
    said = [s for s in site.statements if program.slug in s.programs]
    shown = {s.source.quote for s in said}  # a statement's sentence is not shown twice
    mentions = [(mention_anchor(program.slug, i), m, site.seeds.get(m.seed))
                for i, m in enumerate(program.mentions, 1) if m.quote not in shown]
    cited = {f.source.seed for f in index.by_program[program.slug] if f.source} | {m.seed for m in program.mentions}
    sources = _sources_of(site, cited)
    return {"program": program, "description": prose_html(program.description_md[lang], lang, site),
            "groups": groups, "mentions": mentions, "sources": sources[:SHEET_SOURCES], "total": len(sources),
            "measures": index.measures.get(program.slug, []),
            "said": statement_views(site, lang, said),
            "download": f"data/programs/{program.slug}", "built_on": built_on}


def _fact(site: Site, fact: Fact, index: FactIndex, views: FactViews, lang: str, built_on: datetime.date) -> dict:
    return fact_context(site, fact, index.by_metric.get(fact.metric, []), views, lang, built_on)


def _source(seed, index: FactIndex, views: FactViews) -> dict:
    """A source page: metadata, full text with every cited quote marked, and the figures it backs."""
    facts = index.by_seed[seed.file]
    citations = [(quote_anchor(f.id), f.source) for f in facts if f.source.span]
    citations += [(anchor, m) for anchor, m in index.mentions_by_seed[seed.file] if m.span]
    citations += [(statement_anchor(s.id), s.source) for s in views.site.statements
                  if s.source.seed == seed.file and s.source.span]
    above, paragraphs, below = source_parts(seed, citations)
    return {"seed": seed, "paragraphs": paragraphs, "above": above, "below": below,
            "cited": [views[f.id] for f in facts]}


def _about(site: Site, lang: str) -> dict:
    derived = sum(1 for f in site.facts if f.derived)
    return {"body": prose_html(site.about_md[lang], lang, site), "total": len(site.facts),
            "derived": derived, "proved": len(site.facts) - derived}
