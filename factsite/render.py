"""Stage 3: render every page of both languages from templates compiled once."""
from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.ext import _make_new_gettext, _make_new_ngettext  # the wrappers install_gettext_* uses

from .data import data_files
from .formatting import direction, format_date, format_number
from .i18n import load_translations
from .incremental import BuildCache
from .model import Problem, Site
from .pages import Page, index_facts, site_pages
from .parallel import map_to_dict, worker_count
from .seo import absolute_url, dataset_ld, json_ld, robots_txt, sheet_ld, sitemap_xml
from .typography import text_for


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


@pass_context
def _url(context, target: str) -> str:
    return relative_url(context["page"].path, target)


def make_environment(root: Path) -> Environment:
    """The Jinja environment: templates are compiled once and serve both languages."""
    env = Environment(loader=FileSystemLoader(root / "templates"), autoescape=select_autoescape(),
                      undefined=StrictUndefined, extensions=["jinja2.ext.i18n"],
                      trim_blocks=True, lstrip_blocks=True)
    env.install_null_translations(newstyle=True)
    env.globals.update(url=_url, direction=direction, format_number=format_number,
                       format_date=format_date, text_for=text_for, json_ld=json_ld, dataset_ld=dataset_ld,
                       sheet_ld=sheet_ld, absolute_url=absolute_url)
    return env


def gettext_callables(root: Path, lang: str, problems: list[Problem]) -> dict:
    """One language's catalog as the gettext functions a render's context overrides the globals with."""
    translations = load_translations(root, lang, problems)
    return {"gettext": _make_new_gettext(translations.gettext),
            "ngettext": _make_new_ngettext(translations.ngettext)}


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


def render_site(site: Site, built_on: datetime.date | None = None, workers: int | None = None,
                cache: BuildCache | None = None) -> tuple[dict[str, bytes], list[Problem]]:
    """Render every page and data file; return output bytes keyed by site-relative file path.

    workers: processes to render with (default: one per core for large sites, one for small ones).
    cache: reuse pages whose inputs equal those of the previous render (single process only).
    """
    problems: list[Problem] = []
    root = Path(site.root)
    built_on = built_on or build_date(root)
    env = cache.environment if cache is not None and cache.environment is not None else make_environment(root)
    catalogs = {lang: gettext_callables(root, lang, problems) for lang in site.config.languages}
    index = index_facts(site)
    outputs: dict[str, bytes] = data_files(site, index.by_scope, index.by_program)
    view_memo = cache.views if cache is not None else None
    pages = [page for lang in site.config.languages for page in site_pages(site, lang, index, built_on, view_memo)]
    pages.append(Page("", "root.html", site.config.default_language, {}))
    if cache is not None:
        workers, cache.environment = 1, env
        cache.start_render((site.config, tuple(site.scopes.values()), tuple(site.programs.values()),
                            tuple(site.metrics.values()), tuple(site.seeds.values()), built_on,
                            _folder_state(root / "templates"), _folder_state(root / "locale")))

    def render_page(page: Page) -> tuple[str, bytes]:
        name, key = _file_for(page.path), (page.template, page.lang, page.context)
        reused = cache.page(name, key) if cache is not None else None
        if reused is not None:
            return name, reused
        html = env.get_template(page.template).render(
            site=site, page=page, lang=page.lang, dir=direction(page.lang), **catalogs[page.lang], **page.context)
        data = html.encode("utf-8")
        if cache is not None:
            cache.keep(name, key, data)
        return name, data

    for template in sorted({page.template for page in pages}):
        env.get_template(template)  # compile once, before any worker starts
    outputs.update(map_to_dict(pages, render_page, worker_count(len(pages), workers)))
    not_found = env.get_template("404.html")
    outputs["404.html"] = not_found.render(site=site, page=Page("404.html", "404.html", "fa", {})).encode("utf-8")
    outputs["sitemap.xml"] = sitemap_xml(site, [page.path for page in pages])
    outputs["robots.txt"] = robots_txt(site)
    outputs.update(_static_files(root))
    return outputs, problems


def _folder_state(folder: Path) -> tuple:
    """Names, sizes and modification times of a folder's files: whether any of them changed."""
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file())


def _static_files(root: Path) -> dict[str, bytes]:
    return {f"static/{path.relative_to(root / 'static').as_posix()}": path.read_bytes()
            for path in sorted((root / "static").rglob("*")) if path.is_file()}


def _file_for(path: str) -> str:
    return path + "index.html" if path.endswith("/") or not path else path
