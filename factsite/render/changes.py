"""Changes to published figures as readers follow them: a page per language, newest first, and an
Atom feed of the same entries."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from factsite.model import Change, Site
from factsite.render.formatting import format_date, format_number, format_quantity, say
from factsite.render.seo import public_url
from factsite.render.views import fact_path

KIND_WORDS = {"added": ("افزوده شد", "Added"), "corrected": ("اصلاح شد", "Corrected"),
              "removed": ("حذف شد", "Removed")}


@dataclass(frozen=True)
class ChangeView:
    """A change as a reader of one language sees it."""

    change: Change
    date: str
    kind: str
    label: str
    href: str  # the figure's page; "" for a removed figure
    was: str
    now: str
    reason: str


def change_views(site: Site, lang: str) -> list[ChangeView]:
    """Every change, newest first, in one language."""
    return [_view(change, site, lang) for change in site.changes]


def _view(change: Change, site: Site, lang: str) -> ChangeView:
    fact = site.facts_by_id.get(change.fact) if change.kind != "removed" else None
    label = fact.label[lang] if fact else (change.label[lang] if change.label else change.fact)
    was = ""
    if change.was is not None:
        was = (format_quantity(change.was, lang, unit=fact.unit, qualifier="exact") if fact
               else format_number(change.was, lang))
    now = format_quantity(fact.value, lang, unit=fact.unit, qualifier=fact.qualifier,
                          value_max=fact.value_max) if fact and fact.value is not None else ""
    return ChangeView(change, format_date(change.date, lang), say(KIND_WORDS, change.kind, lang), label,
                      fact_path(lang, fact.id) if fact else "", was, now,
                      change.reason[lang] if change.reason else "")


def corrections_of(site: Site, fact_id: str, lang: str) -> list[ChangeView]:
    """The corrections of one figure, newest first, for its page."""
    return [_view(c, site, lang) for c in site.changes if c.fact == fact_id and c.kind == "corrected"]


def _stamp(date: datetime.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def atom_feed(site: Site, lang: str, built_on: datetime.date) -> bytes:
    """The changes as an Atom feed (RFC 4287); links are full addresses when base_url is one, else relative
    to the feed. Ids are URNs: they stay the same wherever the site is served."""
    views = change_views(site, lang)
    title = f"{site.config.title[lang]} — {'تغییرها' if lang == 'fa' else 'changes'}"
    updated = _stamp(max((c.date for c in site.changes), default=built_on))
    page = public_url(site, f"{lang}/changes/") or "changes/"
    self_link = public_url(site, f"{lang}/feed.xml") or "feed.xml"
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
             f"  <id>urn:factsite:{lang}:changes</id>", f"  <title>{escape(title)}</title>",
             f"  <updated>{updated}</updated>",
             f"  <author><name>{escape(site.config.title[lang])}</name></author>",
             f"  <link rel=\"self\" href={quoteattr(self_link)}/>",
             f"  <link rel=\"alternate\" href={quoteattr(page)}/>"]
    for view in views:
        change = view.change
        link = (public_url(site, view.href) or view.href[len(lang) + 1:]) if view.href else page
        summary = " ".join(part for part in (
            view.now, (f"پیش‌تر: {view.was}." if lang == "fa" else f"Was {view.was}.") if view.was else "",
            view.reason) if part)
        lines += ["  <entry>", f"    <id>urn:factsite:{lang}:change:{change.date.isoformat()}:{change.fact}:"
                  f"{change.kind}</id>", f"    <title>{escape(f'{view.kind}: {view.label}')}</title>",
                  f"    <updated>{_stamp(change.date)}</updated>", f"    <link href={quoteattr(link)}/>",
                  f"    <summary>{escape(summary)}</summary>", "  </entry>"]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def escape(text: str) -> str:
    """Text for XML character data (as xml.sax.saxutils.escape, which imports a web client to load)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """Text as a quoted XML attribute value (as xml.sax.saxutils.quoteattr)."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    return f"'{text}'" if "'" not in text else '"' + text.replace('"', "&quot;") + '"'
