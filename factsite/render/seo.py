"""What search engines and link previews read: sitemap, robots.txt and JSON-LD."""
from __future__ import annotations

import json
from html import escape

from markupsafe import Markup

from factsite.model import Site
from factsite.render.prose import plain_text

MAX_MEASURED = 60  # measures named in the home page's Dataset; beyond, only the headline ones


def absolute_url(site: Site, path: str) -> str:
    """The public URL of a site-relative path, from site.yaml's base_url."""
    return site.config.base_url.rstrip("/") + "/" + path


def is_public(site: Site) -> bool:
    """Whether base_url is a full address (http:// or https://), which search engines, link previews
    and citations need; a bare path ("/") is not."""
    return site.config.base_url.startswith(("http://", "https://"))


def public_url(site: Site, path: str) -> str:
    """The full public address of a site-relative path, or "" when base_url is only a path: what must
    be absolute is left out rather than written relative."""
    return absolute_url(site, path) if is_public(site) else ""


def _without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value != ""}


def sitemap_xml(site: Site, paths: list[str]) -> bytes:
    """A sitemap of every page, each with its language alternates and x-default."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for path in paths:
        lines.append(f"  <url><loc>{escape(absolute_url(site, path))}</loc>")
        if path[:3] in ("fa/", "en/"):
            lines += [f'    <xhtml:link rel="alternate" hreflang="{code}" '
                      f'href="{escape(absolute_url(site, code + path[2:]))}"/>' for code in site.config.languages]
            default = site.config.default_language + path[2:]
            lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" '
                         f'href="{escape(absolute_url(site, default))}"/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(site: Site) -> bytes:
    sitemap = f"Sitemap: {absolute_url(site, 'sitemap.xml')}\n" if is_public(site) else ""
    return f"User-agent: *\nAllow: /\n{sitemap}".encode()


def json_ld(data: dict) -> Markup:
    """A JSON-LD script body that cannot close its <script> element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("</", "<\\/"))


def dataset_ld(site: Site, lang: str) -> dict:
    """A schema.org Dataset describing the downloads: every measure (only the headline ones when there are
    more than MAX_MEASURED, as on a national site, each with its own page), and the reports' dates."""
    downloads = [("data/facts.csv", "text/csv"), ("data/facts.json", "application/json"),
                 ("data/facts.zip", "application/zip"), ("data/datapackage.json", "application/json")]
    metrics = list(site.metrics.values())
    if len(metrics) > MAX_MEASURED:
        metrics = [m for m in metrics if m.headline]
    dates = sorted(seed.date.isoformat() for seed in site.seeds.values() if seed.date)
    return _without_empty({
        "@context": "https://schema.org", "@type": "Dataset",
        "name": site.config.title[lang], "description": site.config.description[lang],
        "url": public_url(site, f"{lang}/"), "inLanguage": list(site.config.languages),
        "license": site.config.license_url,
        "isAccessibleForFree": True,
        "spatialCoverage": {"@type": "Place", "name": "ایران" if lang == "fa" else "Iran"},
        "temporalCoverage": f"{dates[0]}/{dates[-1]}" if len(set(dates)) > 1 else (dates[0] if dates else ""),
        "variableMeasured": [{"@type": "PropertyValue", "name": m.label[lang], "propertyID": m.key, "unitText": m.unit,
                              "description": plain_text(m.definition[lang], lang, site)} for m in metrics],
        "distribution": [_without_empty({"@type": "DataDownload", "encodingFormat": kind,
                                         "contentUrl": public_url(site, path), "name": path.rsplit("/", 1)[1]})
                         for path, kind in downloads],
    })


def sheet_ld(site: Site, lang: str, path: str, title: str, seeds: list) -> dict:
    """A schema.org Article for a fact sheet, citing the news reports it relies on."""
    return _without_empty({
        "@context": "https://schema.org", "@type": "Article", "headline": title,
        "inLanguage": lang, "url": public_url(site, path),
        "isPartOf": _without_empty({"@type": "WebSite", "name": site.config.title[lang],
                                    "url": public_url(site, f"{lang}/")}),
        "citation": [_seed_ld(seed, lang) for seed in seeds],
    })


def _seed_ld(seed, lang: str) -> dict:
    work = {"@type": "NewsArticle", "description": seed.title[lang], "inLanguage": seed.lang}  # the site's summary
    if seed.outlet_name:
        work["publisher"] = {"@type": "Organization", "name": seed.outlet_name[lang]}
    if seed.date:
        work["datePublished"] = seed.date.isoformat()
    return work
