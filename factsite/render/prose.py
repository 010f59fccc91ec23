"""The site's own prose with its references rendered: [[fact:ID]] as the proved figure (hedge, value,
unit, place) linked to its page, and [[statement:ID]] as who said it, linked to the quote."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from markupsafe import Markup, escape

from factsite.model import LANGS, Fact, Site, Statement
from factsite.render.links import url
from factsite.render.typography import figure_html, markdown_html, text_for
from factsite.render.figures import fact_path, quantity
from factsite.verify.prose import REFERENCE, referenced_facts

HELD = re.compile("\x1a([\ue000-\uf8ff])\x1a")  # a reference held while the text around it is rendered
PUA = 0xE000
COMPUTED = {"fa": "محاسبه‌شده", "en": "computed"}
THE_REPORT = {"fa": "گزارش", "en": "the report"}


def prose_html(source: str, lang: str, site: Site) -> Markup:
    """Markdown prose as HTML, each reference rendered."""
    return _rendered(source, lang, site, lambda text: str(markdown_html(text, lang)))


def inline_html(text: str, lang: str, site: Site) -> Markup:
    """A line of prose (a note, a definition) as HTML, each reference rendered."""
    return _rendered(text, lang, site, lambda plain: str(text_for(plain, lang)))


def plain_text(text: str, lang: str, site: Site) -> str:
    """The prose as plain text, each reference written out (for data files and page metadata)."""
    return REFERENCE.sub(lambda m: _said(m.group(1), m.group(2), lang, site, html=False), text)


def _rendered(source: str, lang: str, site: Site, render: Callable[[str], str]) -> Markup:
    held: list[tuple[str, str]] = []

    def hold(match: re.Match[str]) -> str:
        held.append((match.group(1), match.group(2)))
        return f"\x1a{chr(PUA + len(held) - 1)}\x1a"

    if "[[" not in source:
        return Markup(render(source))
    html = render(REFERENCE.sub(hold, source))
    return Markup(HELD.sub(lambda m: _said(*held[ord(m.group(1)) - PUA], lang, site, html=True), html))


def _said(kind: str, name: str, lang: str, site: Site, html: bool) -> str:
    """One reference, as HTML or as plain text (verify has checked that it names something)."""
    if kind == "fact" and name in site.facts_by_id:
        return fact_reference(site.facts_by_id[name], lang, site, html)
    statement = next((s for s in site.statements if s.id == name), None) if kind == "statement" else None
    if statement is not None:
        return statement_reference(statement, lang, site, html)
    return str(escape(f"[[{kind}:{name}]]")) if html else f"[[{kind}:{name}]]"


def fact_reference(fact: Fact, lang: str, site: Site, html: bool = True) -> str:
    """«بیش از ۱٬۸۰۰٬۰۰۰ نفر (کرمان)», "more than 1,800,000 people (Kerman)": the figure as its page
    states it, what it counts when the unit does not say, and its place (and that it is computed)."""
    metric = site.metrics.get(fact.metric)
    counts = f" {metric.counts[lang]}" if fact.unit == "count" and metric and metric.counts[lang] else ""
    scope = site.scopes.get(fact.scope)
    place = [scope.name[lang] if scope else fact.scope] + ([COMPUTED[lang]] if fact.derived else [])
    around = ("، " if lang == "fa" else ", ").join(place)
    figure = quantity(fact, lang, False)
    if not html:
        return f"{figure}{counts} ({around})"
    if counts:  # a count and what it counts stay on one line: "7 drugs"
        shown = f'<span class="figure nowrap">{escape(figure)}{text_for(counts, lang)}</span>'
    else:
        shown = f'<span class="figure">{figure_html(figure)}</span>'
    return f'<a class="ref" href="{url(fact_path(lang, fact.id))}">{shown}</a> ({text_for(around, lang)})'


def references_digest(site: Site) -> bytes:
    """What every fact reference in the site's prose shows, as one digest: a page or a download that
    holds prose depends on the facts it names, not only on its own (speed/ keys by it)."""
    shown = [fact_reference(site.facts_by_id[name], lang, site, html=False)
             for name in sorted(referenced_facts(site)) if name in site.facts_by_id for lang in LANGS]
    return hashlib.blake2b("\n".join(shown).encode("utf-8"), digest_size=16).digest()


def statement_reference(statement: Statement, lang: str, site: Site, html: bool = True) -> str:
    """Who made the statement (name and role, or the report when it does not say), linked to its quote."""
    speaker = statement.speaker
    if speaker is not None:
        role = speaker.role[lang] if speaker.role else ""
        who = speaker.name[lang] + ((("، " if lang == "fa" else ", ") + role) if role else "")
    else:
        seed = site.seeds.get(statement.source.seed)
        outlet = seed.outlet_name[lang] if seed and seed.outlet_name else ""
        who = f"{THE_REPORT[lang]} {outlet}".strip() if lang == "fa" else (
            f"the {outlet} report" if outlet else THE_REPORT[lang])
    if not html:
        return who
    return f'<a class="said" href="{url(statement_href(statement, lang, site))}">{text_for(who, lang)}</a>'


def statement_href(statement: Statement, lang: str, site: Site) -> str:
    """Where a statement's quote is marked: on its source's page."""
    seed = site.seeds.get(statement.source.seed)
    stem = seed.stem if seed else statement.source.seed
    return f"{lang}/sources/{stem}/#{statement_anchor(statement.id)}"


def statement_anchor(statement_id: str) -> str:
    return f"statement-{statement_id}"
