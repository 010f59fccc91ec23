"""A copy of the whole site that works opened from disk: passed around as one file, over messengers
or on a USB stick, when the site cannot be reached.

Every link of the copy names its file (`provinces/kerman/index.html`, not `provinces/kerman/`), since
a browser reading files shows a folder listing, or nothing, for a folder. Opened from disk, the search
page cannot use Pagefind (a browser reading files refuses fetch, modules and WebAssembly), so it loads
SEARCH_INDEX with a classic script and searches its figures itself, folding the text as Pagefind's
index is folded (static/search.js)."""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping

from factsite.model import Fact, Site
from factsite.render.data import zip_bytes
from factsite.render.formatting import format_period
from factsite.render.views import fact_path, quantity, scope_path

OFFLINE_ZIP = "offline/site-copy.zip"
SEARCH_INDEX = "search-index.js"  # every figure's and sheet's words, for the copy's search page
FOLDER = "health-insurance-figures/"  # the copy unzips into one folder: open its index.html
LEFT_OUT = ("404.html", "sitemap.xml", "robots.txt")  # what only a web server uses
ONLINE_ONLY_FILES = ("/card.png", "/chart.png", "/chart.svg")  # for messengers and other sites: not in the copy
ONLINE_ONLY_PAGES = ("fa/embed/", "en/embed/")  # pages for other sites' frames
_LINK = re.compile(rb'((?:href|src)=")([^"]*)(")')
_ONLINE_ONLY = re.compile(rb'<p class="online-only">.*?</p>\n?', re.S)  # links to the copy itself


def _file_link(match: re.Match[bytes]) -> bytes:
    """A relative link to a folder as a link to its index.html; other links as they are."""
    value = match.group(2)
    path, hash_, fragment = value.partition(b"#")
    if not path or b":" in path or path.startswith(b"/") or not path.endswith(b"/"):
        return match.group(0)
    return match.group(1) + path + b"index.html" + hash_ + fragment + match.group(3)


def for_disk(html: bytes) -> bytes:
    """A page whose links each name a file (and without what only the online site has)."""
    return _LINK.sub(_file_link, _ONLINE_ONLY.sub(b"", html))


def offline_files(outputs: dict[str, bytes]) -> dict[str, bytes]:
    """The zip of the site as it works from disk, and its SHA-256 beside it (as `sha256sum -c` reads it)."""
    archive = zip_bytes((FOLDER + name, copied(name, outputs[name]))
                        for name in in_copy(outputs))  # each page made for disk as it is written: a copy at a time
    return with_checksum(archive)


def in_copy(names) -> list[str]:
    """The site files the copy holds, in the order it holds them (not the build's own records, which
    start with a dot, nor the share cards, chart images and frames, which are for other sites)."""
    return sorted(name for name in names
                  if name not in LEFT_OUT and not name.startswith(("offline/", "pagefind/", ".", *ONLINE_ONLY_PAGES))
                  and not name.endswith(ONLINE_ONLY_FILES))


def copied(name: str, data: bytes) -> bytes:
    """A site file as the copy holds it: a page made for disk, any other file as it is."""
    return for_disk(data) if name.endswith(".html") else data


def with_checksum(archive: bytes) -> dict[str, bytes]:
    """The copy's zip, and its SHA-256 beside it."""
    digest = hashlib.sha256(archive).hexdigest()
    return {OFFLINE_ZIP: archive, OFFLINE_ZIP + ".sha256": f"{digest}  {OFFLINE_ZIP.rsplit('/', 1)[1]}\n".encode()}


def fact_entries(site: Site, facts: Iterable[Fact]) -> dict[str, dict[str, str]]:
    """What the copy's search finds of each figure, in each language: [page, title, text] as JSON
    text (its parts joined by spaces, as the page shows them, in the page's digits), by fact id."""
    return {fact.id: {lang: _json(_entry(site, fact, lang)) for lang in site.config.languages} for fact in facts}


def _entry(site: Site, fact: Fact, lang: str) -> list[str]:
    full, scope = quantity(fact, lang, False), site.scopes[fact.scope].name[lang]
    parts = [fact.label[lang], full, scope,
             format_period(fact.period.kind, fact.period.year, lang) if fact.period else "",
             fact.speaker.name[lang] if fact.speaker else "",
             _sentence(site, fact, lang)]
    return [fact_path(lang, fact.id), f"{full} · {fact.label[lang]}", " · ".join(p for p in parts if p)]


def search_index(site: Site, entries: Mapping[str, Mapping[str, str]] | None = None) -> bytes:
    """SEARCH_INDEX: a classic script that gives the copy's search page every language's entries:
    each fact sheet's, then each figure's (entries: each fact's, as fact_entries makes them, if
    made already)."""
    entries = fact_entries(site, site.facts) if entries is None else entries
    languages = []
    for lang in site.config.languages:
        sheets = [_json([scope_path(lang, slug), scope.name[lang], scope.name[lang]])
                  for slug, scope in site.scopes.items()]
        languages.append(f"{_json(lang)}:[{','.join([*sheets, *(entries[f.id][lang] for f in site.facts)])}]")
    return f"window.factsiteIndex = {{{','.join(languages)}}};\n".encode()


def _json(value: object) -> str:
    """JSON text as a classic script may hold it (no `</` to end the script early)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def _sentence(site: Site, fact, lang: str) -> str:
    """The sentence a figure comes from as its page shows it in this language (else its translation)."""
    seed = site.seeds.get(fact.source.seed) if fact.source else None
    if seed is None:
        return ""
    return fact.source.quote if seed.lang == lang else fact.source.translation
