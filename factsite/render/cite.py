"""How to cite one figure: a line of text in each language, outlet first, and CSL-JSON, which
reference managers (Zotero and others) import."""
from __future__ import annotations

import datetime
import json
from html import escape

from markupsafe import Markup

from factsite.model import Fact, Site
from factsite.render.formatting import format_date, say
from factsite.render.seo import public_url
from factsite.render.views import fact_path, reported_on

WORDS = {  # (fa, en)
    "no_outlet": ("رسانه ذکر نشده", "Outlet not stated"),
    "report": ("گزارش {date}", "report of {date}"),
    "undated": ("گزارش بی‌تاریخ", "undated report"),
    "computed": ("محاسبهٔ {site} از اعداد منابع", "computed by {site} from the sources’ figures"),
    "quoted": ("به نقل از {site}", "as quoted by {site}"),
    "accessed": ("دسترسی در {date}", "accessed {date}"),
}


def citation_text(fact: Fact, site: Site, lang: str, figure: str, built_on: datetime.date) -> tuple[str, str, str]:
    """«خبرگزاری تسنیم، گزارش بی‌تاریخ، به نقل از …: «…: بیش از …»، https://…، دسترسی در …», as the text
    before the page's address, the address ("" when base_url is only a path), and the text after it,
    so that a page can keep the address one left-to-right run; the three read as one citation."""
    sep, (open_q, close_q) = ("، ", ("«", "»")) if lang == "fa" else (", ", ("“", "”"))
    title = site.config.title[lang]
    if fact.derived:
        parts = [say(WORDS, "computed", lang, site=title)]
    else:
        seed = site.seeds.get(fact.source.seed) if fact.source else None
        date = reported_on(fact, site)
        parts = [seed.outlet_name[lang] if seed and seed.outlet_name else say(WORDS, "no_outlet", lang),
                 say(WORDS, "report", lang, date=format_date(date, lang)) if date else say(WORDS, "undated", lang),
                 say(WORDS, "quoted", lang, site=title)]
    parts.append(f"{open_q}{fact.label[lang]}: {figure}{close_q}")
    address = public_url(site, fact_path(lang, fact.id))
    return (sep.join(parts) + (sep if address else ""), address,
            sep + say(WORDS, "accessed", lang, date=format_date(built_on, lang)) + ".")


def _date_parts(date: datetime.date) -> dict:
    return {"date-parts": [[date.year, date.month, date.day]]}


def csl_json(fact: Fact, site: Site, lang: str, figure: str, built_on: datetime.date) -> Markup:
    """One CSL-JSON item (in a list, as reference managers import it) for the figure's page."""
    seed = site.seeds.get(fact.source.seed) if fact.source else None
    item = {"id": fact.id, "type": "webpage", "title": f"{fact.label[lang]}: {figure}",
            "container-title": site.config.title[lang], "publisher": site.config.title[lang],
            "accessed": _date_parts(built_on), "language": lang}
    address = public_url(site, fact_path(lang, fact.id))
    if address:  # "" when base_url is only a path
        item["URL"] = address
    if seed and seed.outlet_name:
        item["author"] = [{"literal": seed.outlet_name[lang]}]
    if seed and seed.date:
        item["issued"] = _date_parts(seed.date)
    if fact.source:
        item["note"] = fact.source.quote
    return Markup(escape(json.dumps([item], ensure_ascii=False, sort_keys=True), quote=False))
