"""What search engines and link previews read: sitemap, robots.txt and JSON-LD."""
from __future__ import annotations

import json
from html import escape

from markupsafe import Markup

from factsite.model import Site


def absolute_url(site: Site, path: str) -> str:
    """The public URL of a site-relative path, from site.yaml's base_url."""
    return site.config.base_url.rstrip("/") + "/" + path


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
    return f"User-agent: *\nAllow: /\nSitemap: {absolute_url(site, 'sitemap.xml')}\n".encode()


def json_ld(data: dict) -> Markup:
    """A JSON-LD script body that cannot close its <script> element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("</", "<\\/"))


def dataset_ld(site: Site, lang: str) -> dict:
    """A schema.org Dataset describing the downloads (naming the headline measures: a national site has
    hundreds of measures, each with its own page)."""
    downloads = [("data/facts.csv", "text/csv"), ("data/facts.json", "application/json"),
                 ("data/facts.zip", "application/zip")]
    return {
        "@context": "https://schema.org", "@type": "Dataset",
        "name": site.config.title[lang], "description": site.config.description[lang],
        "url": absolute_url(site, f"{lang}/"), "inLanguage": list(site.config.languages),
        "license": site.config.license_url,
        "isAccessibleForFree": True,
        "spatialCoverage": {"@type": "Place", "name": "ایران" if lang == "fa" else "Iran"},
        "variableMeasured": [{"@type": "PropertyValue", "name": m.label[lang], "propertyID": m.key,
                              "unitText": m.unit} for m in site.metrics.values() if m.headline],
        "distribution": [{"@type": "DataDownload", "encodingFormat": kind,
                          "contentUrl": absolute_url(site, path)} for path, kind in downloads],
    }


def sheet_ld(site: Site, lang: str, path: str, title: str, seeds: list) -> dict:
    """A schema.org Article for a fact sheet, citing the news reports it relies on."""
    return {
        "@context": "https://schema.org", "@type": "Article", "headline": title,
        "inLanguage": lang, "url": absolute_url(site, path),
        "isPartOf": {"@type": "WebSite", "name": site.config.title[lang], "url": absolute_url(site, f"{lang}/")},
        "citation": [_seed_ld(seed, lang) for seed in seeds],
    }


def _seed_ld(seed, lang: str) -> dict:
    work = {"@type": "NewsArticle", "name": seed.title[lang], "inLanguage": seed.lang}
    if seed.outlet_name:
        work["publisher"] = {"@type": "Organization", "name": seed.outlet_name[lang]}
    if seed.date:
        work["datePublished"] = seed.date.isoformat()
    return work
