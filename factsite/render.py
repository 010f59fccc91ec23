"""Stage 3: render every page of both languages from templates compiled once."""
from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape

from .data import data_files
from .formatting import direction, format_date, format_number, not_stated
from .i18n import load_translations
from .model import Problem, Site
from .typography import markdown_html, text_for
from .views import build_fact_views, quote_anchor, scope_path, source_paragraphs


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
        other = "en" if self.lang == "fa" else "fa"
        return other + self.path[2:]


def relative_url(page: str, target: str) -> str:
    """A link from the page at `page` to `target`, both site-relative, that works under any sub-path."""
    path, hash_, fragment = target.partition("#")
    if path == page and fragment:
        return "#" + fragment
    base = page if page.endswith("/") or not page else posixpath.dirname(page) + "/"
    rel = posixpath.relpath(path or base or ".", base or ".")
    if path.endswith("/") or not path:
        rel = "./" if rel == "." else rel + "/"
    return rel + hash_ + fragment


@pass_context
def _url(context, target: str) -> str:
    return relative_url(context["page"].path, target)


def make_environment(root: Path, lang: str, problems: list[Problem]) -> Environment:
    """A Jinja environment for one language, with its catalog installed."""
    env = Environment(loader=FileSystemLoader(root / "templates"), autoescape=select_autoescape(),
                      undefined=StrictUndefined, extensions=["jinja2.ext.i18n"],
                      trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(load_translations(root, lang, problems), newstyle=True)
    env.globals.update(url=_url, direction=direction, format_number=format_number,
                       not_stated=not_stated, format_date=format_date, text_for=text_for)
    return env


def render_site(site: Site) -> tuple[dict[str, bytes], list[Problem]]:
    """Render every page and data file; return output bytes keyed by site-relative file path."""
    problems: list[Problem] = []
    root = Path(site.root)
    envs = {lang: make_environment(root, lang, problems) for lang in site.config.languages}
    outputs: dict[str, bytes] = dict(data_files(site))
    pages = [page for lang in site.config.languages for page in site_pages(site, lang)]
    pages.append(Page("", "root.html", site.config.default_language, {}))
    for page in pages:
        html = envs[page.lang].get_template(page.template).render(
            site=site, page=page, lang=page.lang, dir=direction(page.lang), **page.context)
        outputs[_file_for(page.path)] = html.encode("utf-8")
    for path in sorted((root / "static").rglob("*")):
        if path.is_file():
            outputs[f"static/{path.relative_to(root / 'static').as_posix()}"] = path.read_bytes()
    return outputs, problems


def _file_for(path: str) -> str:
    return path + "index.html" if path.endswith("/") or not path else path


def site_pages(site: Site, lang: str) -> list[Page]:
    """Every page of one language."""
    views = build_fact_views(site, lang)
    pages = [Page(f"{lang}/", "home.html", lang, _home(site, views)),
             Page(f"{lang}/about/", "about.html", lang, _about(site, lang)),
             Page(f"{lang}/provinces/", "provinces.html", lang, {}),
             Page(f"{lang}/programs/", "programs.html", lang, {}),
             Page(f"{lang}/sources/", "sources.html", lang, {})]
    pages += [Page(scope_path(lang, slug), "scope.html", lang, _scope(site, slug, views))
              for slug in site.scopes]
    pages += [Page(f"{lang}/programs/{program.slug}/", "program.html", lang,
                   _program(site, program, views, lang)) for program in site.programs.values()]
    pages += [Page(f"{lang}/sources/{seed.stem}/", "source.html", lang, _source(site, seed, views))
              for seed in site.seeds.values()]
    return pages


def _home(site: Site, views) -> dict:
    headline = [views[f.id] for f in site.facts if f.scope == "national" and _is_headline(site, f)]
    return {"headline": headline}


def _is_headline(site: Site, fact) -> bool:
    metric = site.metrics.get(fact.metric)
    return bool(metric and metric.headline)


def _scope(site: Site, slug: str, views) -> dict:
    """A fact sheet: headline figures, then facts grouped by program, then its sources."""
    facts = [f for f in site.facts if f.scope == slug]
    by_program = defaultdict(list)
    for fact in facts:
        by_program[fact.programs[0]].append(views[fact.id])
    groups = [(program, by_program[program.slug]) for program in site.programs.values()
              if by_program[program.slug]]
    return {"scope": site.scopes[slug], "headline": [views[f.id] for f in facts if _is_headline(site, f)],
            "groups": groups, "sources": _sources_of(site, {f.source.seed for f in facts if f.source})}


def _sources_of(site: Site, names: set[str]) -> list:
    """The seeds with these file names, in index order."""
    return [seed for name, seed in site.seeds.items() if name in names]


def _program(site: Site, program, views, lang: str) -> dict:
    """A program page: description, facts by scope, and the sentences that mention it."""
    facts = [f for f in site.facts if program.slug in f.programs]
    groups = [(scope, [views[f.id] for f in facts if f.scope == scope.slug])
              for scope in site.scopes.values()]
    mentions = [(f"mention-{program.slug}-{i}", m, site.seeds.get(m.seed))
                for i, m in enumerate(program.mentions, 1)]
    cited = {f.source.seed for f in facts if f.source} | {m.seed for m in program.mentions}
    return {"program": program, "description": markdown_html(program.description_md[lang], lang),
            "groups": [g for g in groups if g[1]], "mentions": mentions,
            "sources": _sources_of(site, cited)}


def _source(site: Site, seed, views) -> dict:
    """A source page: metadata, full text with every cited quote marked, and the figures it backs."""
    citations = [(quote_anchor(f.id), f.source) for f in site.facts
                 if f.source and f.source.seed == seed.file and f.source.span]
    citations += [(f"mention-{p.slug}-{i}", m) for p in site.programs.values()
                  for i, m in enumerate(p.mentions, 1) if m.seed == seed.file and m.span]
    cited = [views[f.id] for f in site.facts if f.source and f.source.seed == seed.file]
    return {"seed": seed, "paragraphs": source_paragraphs(seed, citations), "cited": cited}


def _about(site: Site, lang: str) -> dict:
    derived = sum(1 for f in site.facts if f.derived)
    return {"body": markdown_html(site.about_md[lang], lang), "total": len(site.facts),
            "derived": derived, "proved": len(site.facts) - derived}
