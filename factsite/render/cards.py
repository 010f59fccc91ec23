"""What each share card says, as plain lines of text: a card per figure, per measure and per fact
sheet, in each language (drawing.py draws them as PNG).

A figure's card says it as its page does: the figure with its hedge and unit (and in words where the
page gives them), what it counts, the place and the period, who said it and when, the report and its
outlet, the site's name and the page's short address. In Persian text a Latin run is isolated
(U+2068 … U+2069), so it keeps its own order, and digits are Persian.
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from factsite.model import Fact, Metric, Site
from factsite.render.factindex import FactIndex
from factsite.render.formatting import format_date, format_number, format_period, say
from factsite.render.typography import LATIN_RUN, _persian_digits_in
from factsite.render.views import fact_path, quantity, scope_path

CARD = "card.png"  # a page's card, beside its index.html
CHART = "chart.png"  # a measure's chart as an image, beside its page (and as SVG: charts.chart_svg)
CHART_SVG = "chart.svg"
BESIDE = {"fact.html": (CARD,), "measure.html": (CARD, CHART_SVG, CHART), "scope.html": (CARD,)}  # by template
CARD_BARS = 8      # provinces on a measure's card (its chart image has them all)
SHEET_FIGURES = 3  # headline figures on a fact sheet's card
WORDS = {  # (fa, en)
    "sep": (" · ", " · "), "comma": ("، ", ", "), "colon": (": ", ": "),
    "source": ("منبع: گفته‌های مسئولان سازمان بیمه سلامت به نقل رسانه‌ها، سنجیده با متن هر گزارش در {site}",
               "Source: statements by Health Insurance Organization officials as reported by news outlets, "
               "checked against each report by {site}"),
    "reported": ("{n} استان از {total} استان آن را گزارش کرده‌اند", "{n} of {total} provinces report it"),
    "nation": ("رقم کشوری: {figure}", "Nationwide: {figure}"),
    "apart": ("ارقام استان‌ها با هم سنجیدنی نیست", "The provinces' figures do not compare"),
    "period": ("دوره: نامشخص", "Period not stated"),
}


@dataclass(frozen=True)
class Line:
    """A line of a card: its text and its role (drawing.STYLES: its size and weight)."""

    text: str
    role: str


@dataclass(frozen=True)
class Bar:
    """A province's bar on a measure's card: what it says, and its length as a share of the largest."""

    text: str
    share: float


@dataclass(frozen=True)
class Card:
    """One card: the file it is written to, its language, its lines (the last at the foot) and bars."""

    path: str
    lang: str
    lines: tuple[Line, ...]
    bars: tuple[Bar, ...] = ()
    kind: str = "card"  # or "chart": every bar, as tall as they need (a measure's chart as an image)

    def digest(self, fonts: Iterable[bytes]) -> str:
        """What the card's bytes are made of, as one digest (the fonts' bytes among it)."""
        made = hashlib.sha256(repr((self.kind, self.lang, self.lines, self.bars)).encode("utf-8"))
        for data in fonts:
            made.update(font_digest(data))
        return made.hexdigest()


@functools.lru_cache(maxsize=8)
def font_digest(data: bytes) -> bytes:
    """The SHA-256 of a font's bytes, made once (every card's digest has it: 252 cards hashed 9 MB of fonts)."""
    return hashlib.sha256(data).digest()


def card_file(page: str) -> str:
    """The site path of a page's card."""
    return page + CARD


def shown(text: str, lang: str) -> str:
    """Text as a Persian card shows it: Persian digits, Latin runs isolated; English as it is (and
    a text isolated whole, like an address, as it is)."""
    if lang != "fa" or text.startswith("\u2068"):
        return text
    out, last = [], 0
    for match in LATIN_RUN.finditer(text):
        out += [_persian_digits_in(text[last:match.start()]), "\u2068", match.group(0), "\u2069"]
        last = match.end()
    return "".join([*out, _persian_digits_in(text[last:])])


def short_address(site: Site, page: str) -> str:
    """The page's address without the scheme (example.org/fa/facts/x/), isolated in Persian."""
    base = site.config.base_url.split("://", 1)[-1].rstrip("/")
    return f"\u2068{base}/{page}\u2069"


def fact_card(site: Site, fact: Fact, lang: str, _: Callable[..., str]) -> Card:
    """A figure's card, saying what its page says of it."""
    full, words = quantity(fact, lang, False), quantity(fact, lang, True)
    sep, comma = say(WORDS, "sep", lang), say(WORDS, "comma", lang)
    scope = site.scopes[fact.scope].name[lang] if fact.scope in site.scopes else fact.scope
    period = format_period(fact.period.kind, fact.period.year, lang) if fact.period else say(WORDS, "period", lang)
    lines = [Line(site.config.title[lang], "brand"), Line(fact.label[lang], "title"), Line(full, "value")]
    if words != full:
        lines.append(Line(f"({words})", "words"))
    lines.append(Line(scope + sep + period, "meta"))
    lines += [Line(text, "small") for text in _said(site, fact, lang, _, sep, comma)]
    lines.append(Line(short_address(site, fact_path(lang, fact.id)), "address"))
    return Card(card_file(fact_path(lang, fact.id)), lang, tuple(Line(shown(ln.text, lang), ln.role) for ln in lines))


def _said(site: Site, fact: Fact, lang: str, _: Callable[..., str], sep: str, comma: str) -> list[str]:
    """Who said it and when, and the report with its outlet (or how it was computed)."""
    if fact.derived:
        return [str(_("Computed, not stated by the source:")).rstrip(":")]
    who = _("Speaker not stated; the report's own words")
    if fact.speaker:
        role = fact.speaker.role[lang] if fact.speaker.role else ""
        who = fact.speaker.name[lang] + (comma + role if role else "")
    said = str(who) + (sep + fact.when[lang] if fact.when else "")
    seed = site.seeds.get(fact.source.seed) if fact.source else None
    report = str(_("report of %(date)s", date=format_date(seed.date, lang)) if seed and seed.date
                 else _("report date not stated"))
    outlet = seed.outlet_name[lang] if seed and seed.outlet_name else ""
    return [said, (outlet + sep if outlet else "") + report]


def measure_card(site: Site, metric: Metric, facts: list[Fact], lang: str) -> Card:
    """A measure's card: its label, the nation's figure, its provinces' figures ranked (CARD_BARS
    of them) and the source line."""
    path = f"{lang}/compare/{metric.key}/"
    bars, reporting, nation = measure_bars(site, metric, facts, lang)
    total = sum(1 for scope in site.scopes.values() if scope.kind == "province")
    lines = [Line(site.config.title[lang], "brand"), Line(metric.label[lang], "title"),
             Line(say(WORDS, "reported", lang, n=format_number(reporting, lang), total=format_number(total, lang))
                  + (say(WORDS, "sep", lang) + say(WORDS, "nation", lang, figure=quantity(nation, lang, False))
                     if nation else ""), "meta")]
    if not metric.comparable:
        lines.append(Line(say(WORDS, "apart", lang), "meta"))
    lines += [Line(say(WORDS, "source", lang, site=site.config.title[lang]), "small"),
              Line(short_address(site, path), "address")]
    return Card(card_file(path), lang, tuple(Line(shown(ln.text, lang), ln.role) for ln in lines),
                tuple(Bar(shown(bar.text, lang), bar.share) for bar in bars[:CARD_BARS]))


def chart_card(site: Site, metric: Metric, facts: list[Fact], lang: str) -> Card | None:
    """A measure's chart as an image: its label, every province's bar, the source line and the
    page's address (None when its figures do not compare)."""
    path = f"{lang}/compare/{metric.key}/"
    bars, _, _ = measure_bars(site, metric, facts, lang)
    if not bars:
        return None
    lines = (Line(site.config.title[lang], "brand"), Line(metric.label[lang], "title"),
             Line(say(WORDS, "source", lang, site=site.config.title[lang]), "small"),
             Line(short_address(site, path), "address"))
    return Card(path + CHART, lang, tuple(Line(shown(ln.text, lang), ln.role) for ln in lines),
                tuple(Bar(shown(bar.text, lang), bar.share) for bar in bars), "chart")


def measure_bars(site: Site, metric: Metric, facts: list[Fact], lang: str) -> tuple[list[Bar], int, Fact | None]:
    """The provinces' first figures of a measure as bars, the largest first (none when they do not
    compare), how many provinces report it, and the nation's figure."""
    first: dict[str, Fact] = {}
    for fact in facts:
        first.setdefault(fact.scope, fact)
    provinces = [(site.scopes[slug], fact) for slug, fact in first.items()
                 if slug in site.scopes and site.scopes[slug].kind == "province"]
    valued = sorted(((scope.name[lang], fact) for scope, fact in provinces if fact.value is not None),
                    key=lambda pair: (-pair[1].value, pair[0]))
    top = max((fact.value for _, fact in valued), default=0) or 1
    colon = say(WORDS, "colon", lang)
    bars = [Bar(name + colon + quantity(fact, lang, False), float(fact.value / top)) for name, fact in valued] \
        if metric.comparable else []
    return bars, len(provinces), first.get("national")


def sheet_card(site: Site, slug: str, index: FactIndex, lang: str) -> Card:
    """A fact sheet's card: the place and its headline figures (its first ones when none is a headline)."""
    facts = index.current_in(slug)
    headline = [f for f in facts if f.metric in site.metrics and site.metrics[f.metric].headline] or facts
    colon = say(WORDS, "colon", lang)
    lines = [Line(site.config.title[lang], "brand"), Line(site.scopes[slug].name[lang], "title")]
    lines += [Line(fact.label[lang] + colon + quantity(fact, lang, False), "meta")
              for fact in headline[:SHEET_FIGURES]]
    lines += [Line(say(WORDS, "source", lang, site=site.config.title[lang]), "small"),
              Line(short_address(site, scope_path(lang, slug)), "address")]
    return Card(card_file(scope_path(lang, slug)), lang, tuple(Line(shown(ln.text, lang), ln.role) for ln in lines))


def site_cards(site: Site, index: FactIndex, lang: str, _: Callable[..., str],
               pages: Collection[str] | None = None) -> list[Card]:
    """Every card of one language: each figure's, each measure's and each fact sheet's (pages: only
    the cards of the pages at these site paths)."""
    def wanted(page: str) -> bool:
        return pages is None or page in pages
    cards = [fact_card(site, fact, lang, _) for fact in site.facts if wanted(fact_path(lang, fact.id))]
    measures = [(site.metrics[key], facts) for key, facts in index.by_metric.items()
                if key in site.metrics and wanted(f"{lang}/compare/{key}/")]
    cards += [measure_card(site, metric, facts, lang) for metric, facts in measures]
    cards += [chart for chart in (chart_card(site, metric, facts, lang) for metric, facts in measures) if chart]
    cards += [sheet_card(site, slug, index, lang) for slug in site.scopes if wanted(scope_path(lang, slug))]
    return cards
