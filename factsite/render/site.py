"""Stage 3: render every page of both languages, and the data files, from templates compiled once.

render_site returns every file of the site as bytes by its site-relative path; it writes nothing.
"""
from __future__ import annotations

import datetime
import functools
from functools import partial
import io
import os
import subprocess
import traceback
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import jinja2
from babel.support import Translations
from jinja2 import Environment, pass_context
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from markupsafe import Markup

from factsite.load.assets import python_key, template_environment
from factsite.model import Cache, Mapper, Site, in_order
from factsite.verify.site import fact_keys
from factsite.render.cardfiles import card_files
from factsite.render.changes import atom_feed
from factsite.render.drawing import NoShaping
from factsite.render.data import Rows, data_files
from factsite.render.formatting import direction, format_date, format_number
from factsite.render.links import file_for, path_for, resolve_links, url
from factsite.render.factindex import FactIndex, index_facts
from factsite.render.kept import kept_entries, kept_rows
from factsite.render.offline import SEARCH_INDEX, search_index
from factsite.render.pages import Page, PageMaker, page_makers
from factsite.render.seo import (absolute_url, dataset_ld, is_public, json_ld, public_url, robots_txt, sheet_ld,
                                 sitemap_xml)
from factsite.render.prose import inline_html
from factsite.render.typography import figure_html, search_fold, text_for

CATALOGS_KEPT = 8  # compiled catalogs whose gettext functions are kept (the site has 2)
DATA_SHARE = "data"  # the data files are a share of their own, beside one share per language


class RenderError(Exception):
    """A template failed while rendering a page (the content was checked before)."""


def make_environment(root: Path, reload: bool = False) -> Environment:
    """The Jinja environment of load's checks, with the functions templates call; compiled once for both languages."""
    env = template_environment(root, reload)
    env.globals.update(url=url, direction=direction, format_number=format_number, format_date=format_date,
                       text_for=text_for, json_ld=json_ld, dataset_ld=dataset_ld, sheet_ld=sheet_ld,
                       absolute_url=absolute_url, public_url=public_url, search_fold=search_fold,
                       figure_html=figure_html)
    return env


@functools.lru_cache(maxsize=CATALOGS_KEPT)
def gettext_callables(compiled: bytes) -> Mapping[str, Callable]:
    """One language's compiled catalog as the gettext functions a render's context overrides the globals
    with: made once for the same bytes (serve renders with them again after every save)."""
    translations = Translations(io.BytesIO(compiled), domain="messages") if compiled else Translations()
    return MappingProxyType({"gettext": _newstyle_gettext(translations.gettext),
                             "ngettext": _newstyle_ngettext(translations.ngettext),
                             "_": _quick_gettext(translations.gettext)})


def _newstyle_gettext(translate: Callable[[str], str]) -> Callable[..., str]:
    """gettext as Jinja's i18n extension gives it with newstyle=True: the translation, as Markup under
    autoescape, %-formatted with the variables."""
    @pass_context
    def gettext(context, string: str, **variables) -> str:
        text = context.call(translate, string)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables
    return gettext


def _newstyle_ngettext(translate: Callable[[str, str, int], str]) -> Callable[..., str]:
    """ngettext as Jinja's i18n extension gives it with newstyle=True (`num` is one of the variables)."""
    @pass_context
    def ngettext(context, singular: str, plural: str, number: int, **variables) -> str:
        variables.setdefault("num", number)
        text = context.call(translate, singular, plural, number)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables
    return ngettext


def _quick_gettext(translate: Callable[[str], str]) -> Callable[..., Markup]:
    """`_` as Jinja's newstyle gettext under autoescape makes it (the translation as Markup, always
    %-formatted with the variables), without its two nested context calls; a string given no
    variables is translated and formatted once per catalog, for all the pages rendered with it."""
    done: dict[str, Markup] = {}

    def _(string: str, **variables) -> Markup:
        if variables:
            return Markup(translate(string)) % variables
        text = done.get(string)
        if text is None:
            text = done[string] = Markup(translate(string)) % variables
        return text
    return _


def build_date(root: Path) -> datetime.date:
    """The date a build states: SOURCE_DATE_EPOCH, else the last commit's date, else today."""
    return build_date_later(root)()


def build_date_later(root: Path) -> Callable[[], datetime.date]:
    """build_date, asked now and given when called: git runs in its own process meanwhile."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        stated = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
        return lambda: stated
    try:
        git = subprocess.Popen(["git", "-C", str(root), "log", "-1", "--format=%cs"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    except OSError:
        return datetime.date.today

    def given() -> datetime.date:
        try:
            out, _ = git.communicate(timeout=10)
            return datetime.date.fromisoformat(out.strip()) if git.returncode == 0 else datetime.date.today()
        except (subprocess.SubprocessError, ValueError):
            git.kill()
            git.communicate()
            return datetime.date.today()
    return given


class Fragments:
    """Each fact's table row and each source's link for one language, rendered once, the first time
    a page shows it, and the same on every page: the macros render them with the site and the
    language only, so they cannot depend on a page."""

    def __init__(self, env: Environment, site: Site, lang: str, gettext: dict) -> None:
        self.macros = env.get_template("macros.html").make_module({"site": site, "lang": lang, **gettext})
        self.lang = lang
        self.facts: dict[str, Markup] = {}
        self.sources: dict[str, Markup] = {}
        self.site = site
        self.said: dict[str, Markup] = {}

    def prose(self, text: str) -> Markup:
        """A line of the site's prose (a definition, a caveat) with its references rendered."""
        html = self.said.get(text)
        if html is None:
            html = self.said[text] = inline_html(text, self.lang, self.site)
        return html

    def fact(self, view) -> Markup:
        """The fact's row of a compact table (macros.fact_row)."""
        item = self.facts.get(view.fact.id)
        if item is None:
            item = self.facts[view.fact.id] = Markup(self.macros.fact_row(view))
        return item

    def source(self, seed) -> Markup:
        """The source's link with its outlet and date (macros.source_link)."""
        link = self.sources.get(seed.file)
        if link is None:
            link = self.sources[seed.file] = Markup(self.macros.source_link(seed, self.lang))
        return link


@dataclass(frozen=True)
class Renderer:
    """What every page of one build shares: the checked site, compiled templates, catalogs and date."""

    site: Site
    env: Environment
    catalogs: dict
    built_on: datetime.date
    index: FactIndex
    shared: bool = True  # with the pages for other sites' frames (left out with the cards: render_site)

    def makers(self, lang: str) -> dict[str, PageMaker]:
        """Every page of one language by path, not made yet (see pages.page_makers)."""
        return page_makers(self.site, lang, self.index, self.built_on, self.shared)

    def fragments(self, lang: str) -> Fragments:
        """A new set of one language's fragments, for the pages rendered with it."""
        return Fragments(self.env, self.site, lang, self.catalogs[lang])

    def fixed_pages(self) -> tuple[Page, Page]:
        """The language chooser at the root and the bilingual 404 page."""
        return Page("", "root.html", self.site.config.default_language, {}), Page("404.html", "404.html", "fa", {})

    def html(self, page: Page, fragments: Fragments) -> bytes:
        """One page's bytes, its links made relative to it; RenderError names the template's line."""
        try:
            html = self.env.get_template(page.template).render(
                site=self.site, page=page, lang=page.lang, dir=direction(page.lang), fragments=fragments,
                **self.catalogs[page.lang], **page.context)
        except (jinja2.TemplateError, ArithmeticError, AttributeError, LookupError, TypeError, ValueError) as err:
            raise RenderError(template_error(err, page.path)) from None
        return resolve_links(html, page.path).encode("utf-8")

    def share(self, share: str, only: Collection[str] | None = None, rows: Rows | None = None,
              entries: Mapping | None = None) -> dict[str, bytes]:
        """The files of one share: every page of a language (or those at the paths in only, with
        its feed), or the data files (rows and entries: each fact's rows of them and entries in the
        offline copy's search index, if made already)."""
        return dict(self.files(share, only, rows, entries))

    def files(self, share: str, only: Collection[str] | None = None, rows: Rows | None = None,
              entries: Mapping | None = None) -> Iterator[tuple[str, bytes]]:
        """The files of one share, one at a time (a preview may stop between two pages)."""
        if share == DATA_SHARE:
            yield from data_files(self.site, self.index.by_scope, self.index.by_program, rows).items()
            yield SEARCH_INDEX, search_index(self.site, entries)
            return
        fragments = self.fragments(share)
        for path, make in self.makers(share).items():
            if only is None or path in only:
                yield file_for(path), self.html(make(), fragments)
        yield self.feed(share)

    def feed(self, lang: str) -> tuple[str, bytes]:
        """One language's Atom feed of changes, by its file name."""
        return f"{lang}/feed.xml", atom_feed(self.site, lang, self.built_on)

    def shares(self) -> list[str]:
        return [DATA_SHARE, *self.site.config.languages]

    def finish(self, rendered: dict[str, dict[str, bytes]], only: Collection[str] | None = None) -> dict[str, bytes]:
        """All files of the site from the shares' files: with the root, 404, sitemap, robots.txt and
        static files (with only, the root and 404 pages if their paths are in it)."""
        outputs = {name: data for share in self.shares() for name, data in rendered[share].items()}
        chooser, not_found = self.fixed_pages()
        for page in (chooser, not_found):
            if only is None or page.path in only:
                outputs[file_for(page.path)] = self.html(page, self.fragments(page.lang))
        pages = [path for lang in self.site.config.languages for path in self.makers(lang)] if only is not None \
            else [path_for(name) for lang in self.site.config.languages for name in rendered[lang]
                  if name.endswith(".html")]
        outputs.update(self.site_files([*pages, chooser.path]))
        return outputs

    def site_files(self, pages: list[str]) -> dict[str, bytes]:
        """The sitemap of these pages (when base_url is a full address), robots.txt and the static files."""
        files = {"sitemap.xml": sitemap_xml(self.site, pages)} if is_public(self.site) else {}
        return {**files, "robots.txt": robots_txt(self.site), **self.site.static}


def template_error(err: Exception, page: str) -> str:
    """`templates/x.html:line: what went wrong` for an error raised while a template rendered a page."""
    frames = traceback.extract_tb(err.__traceback__)
    places = [frame for frame in frames if frame.filename.endswith(".html") and "/templates/" in frame.filename]
    where = f"templates/{places[-1].filename.rpartition('/templates/')[2]}:{places[-1].lineno}" if places \
        else "templates"
    what = err.message if isinstance(err, jinja2.TemplateError) and err.message else f"{type(err).__name__}: {err}"
    return f"{where}: {' '.join(str(what).split())} (rendering {page or 'the root page'}) — fix the template"


def make_renderer(site: Site, built_on: datetime.date, env: Environment | None = None,
                  shared: bool = True) -> Renderer:
    """Compile the templates (or take env, compiled already) and read the catalogs once (shared:
    with the pages for other sites' frames)."""
    env = env or make_environment(Path(site.root))
    catalogs = {lang: gettext_callables(site.catalogs.get(lang, b"")) for lang in site.config.languages}
    return Renderer(site, env, catalogs, built_on, index_facts(site), shared)


def render_site(site: Site, built_on: datetime.date, only: Collection[str] | None = None,
                mapper: Mapper = in_order, cache: Cache | None = None, cards: bool = True) -> dict[str, bytes]:
    """Every page and data file of the site, by site-relative file path (the search index and the
    offline copy are made of these by write).

    only: render just the pages at these site paths (`fa/facts/x/`, `` for the root), with every
    file that is not a page; mapper: renders the shares (the data files, each language's pages),
    here or in several processes; cache: each fact's rows of the data files, kept by what they are
    made from, and the share cards by the digest of their text; cards: draw the share cards
    (cardfiles.py; a benchmark against a generator that makes none leaves them out)."""
    renderer = make_renderer(site, built_on, kept_environment(Path(site.root), cache), shared=cards)
    shares = renderer.shares()
    keys = fact_keys(site, cache) if cache is not None else None
    rows = kept_rows(site, cache, keys) if cache is not None else None
    entries = kept_entries(site, cache, keys) if cache is not None else None
    files = renderer.finish(dict(zip(shares, mapper(partial(renderer.share, only=only, rows=rows, entries=entries),
                                                    shares))), only)
    if cards:
        try:
            files.update(card_files(site, renderer.index, renderer.catalogs, mapper, cache, only))
        except NoShaping as err:
            raise RenderError(str(err)) from None
    return files


def kept_environment(root: Path, cache: Cache | None) -> Environment:
    """make_environment, compiling each template only if the cache holds no compiled copy of its text."""
    env = make_environment(root)
    if cache is not None:
        env.bytecode_cache = KeptTemplates(cache)
    return env


class KeptTemplates(BytecodeCache):
    """Jinja's compiled templates kept in a Cache, by Jinja's own key and the template text's checksum."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """The template's name alone (Jinja adds its file's path): with the text's checksum beside it
        in the key, the same template in a copy of the site in another folder is found too."""
        return name

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        """Jinja's bucket of a template; without a compiled copy, its code compiled from the Python
        source load made of the same text checking it (assets.python_key), and kept."""
        bucket = super().get_bucket(environment, name, filename, source)
        if bucket.code is None:
            python = self.cache.get(python_key(name, source))
            if python is not None:
                bucket.code = compile(python, filename or "<template>", "exec")  # as Environment.compile does
                self.set_bucket(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.cache.get(("template", bucket.key, bucket.checksum))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.cache.put(("template", bucket.key, bucket.checksum), bucket.bytecode_to_string())
