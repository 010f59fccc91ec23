"""Stage 3: render every page of both languages from templates compiled once."""
from __future__ import annotations

import datetime
import io
import os
import re
import subprocess
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import jinja2
from babel.support import Translations
from jinja2 import Environment, pass_context
from jinja2.ext import _make_new_gettext, _make_new_ngettext  # the wrappers install_gettext_* uses
from markupsafe import Markup, escape

from factsite.load.assets import template_environment
from factsite.render.data import data_files
from factsite.render.formatting import direction, format_date, format_number
from factsite.preview.memo import BuildCache, Superseded, folder_state
from factsite.model import Problem, Site
from factsite.render.pages import FactIndex, Page, PageMaker, index_facts, page_makers
from factsite.speed.workers import RenderError, map_to_dict, worker_count
from factsite.render.seo import absolute_url, dataset_ld, json_ld, robots_txt, sheet_ld, sitemap_xml
from factsite.render.typography import text_for


def relative_url(page: str, target: str) -> str:
    """A link from the page at `page` to `target`, both site-relative, that works under any sub-path."""
    path, hash_, fragment = target.partition("#")
    if path == page and fragment:
        return "#" + fragment
    folders = page.split("/")[:-1]  # "fa/provinces/kerman/" → fa, provinces, kerman; "fa/x.html" → fa
    parts = path.split("/")
    common = 0
    while common < len(folders) and common < len(parts) - 1 and folders[common] == parts[common]:
        common += 1
    rel = "../" * (len(folders) - common) + "/".join(parts[common:])
    return (rel or "./") + hash_ + fragment


# url() marks a site-relative target as LINK_OPEN target LINK_CLOSE; once a page is rendered, each
# mark becomes the link relative to that page. A fragment rendered once can so serve every page.
LINK_OPEN, LINK_CLOSE = "\x1e", "\x1f"
_LINK = re.compile("\x1e([^\x1f]*)\x1f")


def _url(target: str) -> str:
    return LINK_OPEN + target + LINK_CLOSE


def resolve_links(html: str, page: str) -> str:
    """Replace every url() mark in a rendered page with the link relative to that page."""
    links: dict[str, str] = {}

    def relative(match: re.Match[str]) -> str:
        target = match.group(1)
        link = links.get(target)
        if link is None:
            plain = unescape(target) if "&" in target else target
            link = links[target] = str(escape(relative_url(page, plain)))
        return link

    return _LINK.sub(relative, html)


@pass_context
def _cached(context, *key: str, of: object, caller) -> str:
    """{% call cached(kind, id, of=what) %}…{% endcall %}: render the body once per language for
    the object it shows (a fact's view, a seed); a preview keeps it from build to build."""
    fragments = context["fragments"]
    full = (context["lang"], *key)
    kept = fragments.get(full)
    if kept is None or kept[0] is not of:
        kept = fragments[full] = (of, caller())
    return kept[1]


def make_environment(root: Path, reload: bool = True) -> Environment:
    """The Jinja environment of load's checks, with the functions templates call; compiled once for both languages."""
    env = template_environment(root, reload)
    env.globals.update(url=_url, cached=_cached, direction=direction, format_number=format_number,
                       format_date=format_date, text_for=text_for, json_ld=json_ld, dataset_ld=dataset_ld,
                       sheet_ld=sheet_ld, absolute_url=absolute_url)
    return env


def gettext_callables(compiled: bytes) -> dict:
    """One language's compiled catalog as the gettext functions a render's context overrides the globals with."""
    translations = Translations(io.BytesIO(compiled), domain="messages") if compiled else Translations()
    return {"gettext": _make_new_gettext(translations.gettext),
            "ngettext": _make_new_ngettext(translations.ngettext), "_": _quick_gettext(translations.gettext)}


def _quick_gettext(translate: Callable[[str], str]) -> Callable[..., Markup]:
    """`_` as Jinja's newstyle gettext under autoescape makes it (the translation as Markup, always
    %-formatted with the variables), without its two nested context calls; a string given no
    variables is translated and formatted once per renderer, for all its pages."""
    done: dict[str, Markup] = {}

    def _(string: str, **variables) -> Markup:
        if variables:
            return Markup(translate(string)) % variables
        text = done.get(string)
        if text is None:
            text = done[string] = Markup(translate(string)) % variables
        return text
    return _


def template_error(err: Exception, page: str) -> str:
    """`templates/x.html:line: what went wrong` for an error raised while a template rendered a page."""
    frames = traceback.extract_tb(err.__traceback__)
    places = [frame for frame in frames if frame.filename.endswith(".html") and "/templates/" in frame.filename]
    where = f"templates/{places[-1].filename.rpartition('/templates/')[2]}:{places[-1].lineno}" if places \
        else "templates"
    what = err.message if isinstance(err, jinja2.TemplateError) and err.message else f"{type(err).__name__}: {err}"
    return f"{where}: {' '.join(str(what).split())} (rendering {page or 'the root page'}) — fix the template"


def build_date(root: Path) -> datetime.date:
    """The date a build states: SOURCE_DATE_EPOCH, else the last commit's date, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%cs"], capture_output=True,
                             text=True, timeout=10, check=True).stdout.strip()
        return datetime.date.fromisoformat(out)
    except (OSError, subprocess.SubprocessError, ValueError):
        return datetime.date.today()


@dataclass(frozen=True)
class Renderer:
    """What every page of one build shares: the checked site, compiled templates, catalogs and date."""

    site: Site
    env: Environment
    catalogs: dict
    built_on: datetime.date
    index: FactIndex
    cache: BuildCache | None = None
    kept_pages: dict | None = None      # the cache's pages and fragments, as they were when
    kept_fragments: dict | None = None  # this renderer was made (see BuildCache.start_render)

    @property
    def fragments(self) -> dict:
        """Fragments to reuse: the cache's (while templates, catalogs and site settings are the
        same), or a new set."""
        return self.kept_fragments if self.kept_fragments is not None else {}

    def makers(self, lang: str) -> dict[str, PageMaker]:
        """Every page of one language by path, not made yet (see pages.page_makers)."""
        return page_makers(self.site, lang, self.index, self.built_on,
                           self.cache.views if self.cache is not None else None)

    def fixed_pages(self) -> tuple[Page, Page]:
        """The language chooser at the root and the bilingual 404 page."""
        return Page("", "root.html", self.site.config.default_language, {}), Page("404.html", "404.html", "fa", {})

    def html(self, page: Page, fragments: dict, reuse: bool = True) -> bytes:
        """One page's bytes: rendered, or the previous render's when its inputs are equal (cache).

        reuse=False renders it without the page cache (the preview's pages on request)."""
        name, key = file_for(page.path), (page.template, page.lang, page.context)
        pages = self.kept_pages if reuse else None
        kept = pages.get(name) if pages is not None else None
        if kept is not None and kept[0] == key:
            self.cache.reused.add(name)
            data = kept[1]
        else:
            try:
                html = self.env.get_template(page.template).render(
                    site=self.site, page=page, lang=page.lang, dir=direction(page.lang), fragments=fragments,
                    **self.catalogs[page.lang], **page.context)
            except (jinja2.TemplateError, ArithmeticError, AttributeError, KeyError, LookupError, TypeError,
                    ValueError) as err:
                raise RenderError(template_error(err, page.path)) from None
            data = resolve_links(html, page.path).encode("utf-8")
            if pages is not None:
                pages[name] = (key, data)
        return data


def make_renderer(site: Site, built_on: datetime.date | None = None,
                  cache: BuildCache | None = None) -> tuple[Renderer, list[Problem]]:
    """Compile the templates and read the catalogs once; cache: keep them, and pages, between builds."""
    problems: list[Problem] = []
    root = Path(site.root)
    built_on = built_on or build_date(root)
    env = cache.environment if cache is not None and cache.environment is not None \
        else make_environment(root, reload=cache is not None)
    catalogs = {lang: gettext_callables(site.catalogs.get(lang, b"")) for lang in site.config.languages}
    if cache is not None:
        cache.environment = env
        cache.start_render((site.config, tuple(site.scopes.values()), tuple(site.programs.values()),
                            tuple(site.metrics.values()), tuple(site.seeds.values()), built_on,
                            folder_state(root / "templates"), folder_state(root / "locale")))
    for template in sorted(env.list_templates(filter_func=lambda name: name.endswith(".html"))):
        env.get_template(template)  # compile once, before any worker starts
    pages, fragments = (cache.pages, cache.fragments) if cache is not None else (None, None)
    return Renderer(site, env, catalogs, built_on, index_facts(site), cache, pages, fragments), problems


def render_site(site: Site, built_on: datetime.date | None = None, workers: int | None = None,
                cache: BuildCache | None = None,
                out_dir: Path | None = None) -> tuple[dict[str, bytes | None], list[Problem]]:
    """Render every page and data file; return output bytes keyed by site-relative file path.

    workers: processes to render with (default: one per core for large sites, one for small ones).
    cache: reuse pages whose inputs equal those of the previous render (single process only).
    out_dir: write each file there as soon as it is rendered; its value in the result is then None.
    """
    renderer, problems = make_renderer(site, built_on, cache)
    return render_all(renderer, 1 if cache is not None else workers, out_dir), problems


def render_all(renderer: Renderer, workers: int | None = None, out_dir: Path | None = None,
               superseded: Callable[[], bool] | None = None) -> dict[str, bytes | None]:
    """Every page and data file of the renderer's site (see render_site).

    Each language is rendered whole by one process (its fact views and fragments are shared by
    its pages); the data files are a share of their own. superseded: checked before each page;
    when it says yes, Superseded is raised and nothing more is rendered."""
    site = renderer.site

    def render_share(share: str) -> tuple[str, dict[str, bytes | None]]:
        if share == DATA_SHARE:
            index = renderer.index
            return share, {name: _put(out_dir, name, data)
                           for name, data in data_files(site, index.by_scope, index.by_program).items()}
        fragments = renderer.fragments
        rendered = {}
        for make in renderer.makers(share).values():
            if superseded is not None and superseded():
                raise Superseded
            page = make()
            rendered[file_for(page.path)] = _put(out_dir, file_for(page.path), renderer.html(page, fragments))
        return share, rendered

    shares = [DATA_SHARE, *site.config.languages]
    count = min(len(shares), worker_count(len(site.facts) + len(site.seeds) * 2, workers))
    rendered = map_to_dict(shares, render_share, count)
    outputs = {name: data for share in shares for name, data in rendered[share].items()}
    chooser, not_found = renderer.fixed_pages()
    outputs.update((file_for(page.path), _put(out_dir, file_for(page.path), renderer.html(page, renderer.fragments)))
                   for page in (chooser, not_found))
    pages = [_path_for(name) for lang in site.config.languages for name in rendered[lang]]
    outputs["sitemap.xml"] = _put(out_dir, "sitemap.xml", sitemap_xml(site, [*pages, chooser.path]))  # not the 404
    outputs["robots.txt"] = _put(out_dir, "robots.txt", robots_txt(site))
    outputs.update((name, _put(out_dir, name, data)) for name, data in site.static.items())
    return outputs


DATA_SHARE = "data"


def _put(out_dir: Path | None, name: str, data: bytes) -> bytes | None:
    """data, or None once written under out_dir."""
    if out_dir is None:
        return data
    target = out_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return None


def file_for(path: str) -> str:
    """The file a page path is written to."""
    return path + "index.html" if path.endswith("/") or not path else path


def _path_for(name: str) -> str:
    return name.removesuffix("index.html")
