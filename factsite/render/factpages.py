"""What the pages of single figures and single measures show: a page per fact, a page per measure,
the index of measures, and a scope's figures for one program."""
from __future__ import annotations

import datetime
from collections import defaultdict
from urllib.parse import urlencode

from factsite.model import Fact, Metric, Scope, Site
from factsite.render.changes import corrections_of
from factsite.render.charts import MIN_WIDTH, WIDE_WIDTH, Chart, ranked_chart
from factsite.render.cite import citation_text, csl_json
from factsite.render.formatting import format_number, say
from factsite.render.seo import public_url
from factsite.render.views import FactView, FactViews, fact_path, quantity

SUMMARY = {  # (fa, en): how many provinces report a measure, how many have it computed, then its figures
    "none": ("هیچ استانی آن را گزارش نکرده است", "No province reports it"),
    "one": ("تنها {n} استان از {total} استان آن را گزارش کرده است", "{n} of {total} provinces reports it"),
    "many": ("{n} استان از {total} استان آن را گزارش کرده‌اند", "{n} of {total} provinces report it"),
    "computed": ("؛ برای {c} استان محاسبه شده است", "; it is computed for {c} provinces"),
    "computed_one": ("؛ برای {c} استان محاسبه شده است", "; it is computed for {c} province"),
    "computed_more": ("، و برای {c} استان دیگر محاسبه شده است", ", and it is computed for {c} other provinces"),
    "computed_more_one": ("، و برای {c} استان دیگر محاسبه شده است", ", and it is computed for {c} other province"),
    "only": (": {name}، {figure}.", ": {name}, {figure}."),
    "largest": ("؛ بزرگ‌ترین رقم از آنِ {name} است: {figure}.", "; the largest figure is {name}'s: {figure}."),
    "largest_new": (". بزرگ‌ترین رقم از آنِ {name} است: {figure}.", ". The largest figure is {name}'s: {figure}."),
    "apart": ("؛ ارقامشان با هم سنجیدنی نیست.", "; their figures do not compare."),
    "apart_new": (". ارقامشان با هم سنجیدنی نیست.", ". Their figures do not compare."),
    "end": (".", "."),
    "nation": (" رقم کشوری: {figure}.", " Nationwide: {figure}."),
}


def province_counts(facts: list[Fact]) -> tuple[int, int]:
    """How many provinces report a measure (one of their figures is stated), and for how many more
    this site only computes it (every figure of theirs is derived)."""
    stated = {f.scope for f in facts if not f.derived}
    computed = {f.scope for f in facts if f.derived} - stated
    return len(stated), len(computed)


def _counted(reported: int, computed: int, total: int, lang: str) -> str:
    """The first clause: how many provinces report the measure, and for how many it is computed."""
    count = {"n": format_number(reported, lang), "total": format_number(total, lang),
             "c": format_number(computed, lang)}
    text = say(SUMMARY, "none" if not reported else "one" if reported == 1 else "many", lang, **count)
    if computed:
        key = ("computed_more" if reported else "computed") + ("_one" if computed == 1 else "")
        text += say(SUMMARY, key, lang, **count)
    return text


def measure_summary(metric: Metric, provinces: list[FactView], nation: FactView | None, total: int,
                    lang: str) -> str:
    """One sentence for readers who cannot see the chart: how many provinces report the measure, for
    how many it is computed, and the largest figure (when the figures compare)."""
    reported, computed = province_counts([v.fact for v in provinces])
    text = _counted(reported, computed, total, lang)
    new = "_new" if computed and not reported else ""
    if not provinces:
        text += say(SUMMARY, "end", lang)
    elif not metric.comparable:
        text += say(SUMMARY, "apart" + new, lang)
    else:
        largest = max((v for v in provinces if v.fact.value is not None), key=lambda v: v.fact.value,
                      default=provinces[0])
        key = "only" if reported + computed == 1 else "largest" + new
        text += say(SUMMARY, key, lang, name=largest.scope_name, figure=largest.full)
    return text + (say(SUMMARY, "nation", lang, figure=nation.full) if nation else "")


def metric_rows(site: Site, facts: list[Fact], views: FactViews) -> list[tuple[Scope, list[FactView]]]:
    """The current figures of one measure, by scope in site order (the nation first)."""
    by_scope = defaultdict(list)
    for fact in facts:
        by_scope[fact.scope].append(views[fact.id])
    return [(scope, by_scope[slug]) for slug, scope in site.scopes.items() if by_scope[slug]]


def marks(view: FactView) -> tuple[str, ...]:
    """What a chart or table says beside a figure: computed, carries a note, sources differ."""
    return tuple(mark for mark, shown in (("computed", view.fact.derived), ("note", view.note),
                                          ("differs", view.differs)) if shown)


def measure_chart(metric: Metric, rows: list, lang: str, least: int = MIN_WIDTH) -> Chart | None:
    """The provinces' figures ranked, the nation left off the axis; none when the figures do not
    compare (least: the narrowest viewBox, WIDE_WIDTH for a desktop's column)."""
    bars = [(scope.name[lang], cells[0].fact.value, cells[0].full,
             tuple(m for m in marks(cells[0]) if m != "differs"))
            for scope, cells in rows if scope.kind == "province" and cells[0].fact.value is not None]
    if not metric.comparable or not bars:
        return None
    suffix = "-wide" if least != MIN_WIDTH else ""
    return ranked_chart(f"chart-{metric.key}{suffix}", metric.label[lang], bars, lang, least)


def measure_context(site: Site, metric: Metric, facts: list[Fact], views: FactViews, lang: str) -> dict:
    rows = metric_rows(site, facts, views)
    nation = next((cells[0] for scope, cells in rows if scope.kind == "national"), None)
    provinces = [v for scope, cells in rows if scope.kind == "province" for v in cells]
    total = sum(1 for scope in site.scopes.values() if scope.kind == "province")
    return {"metric": metric, "rows": rows, "nation": nation, "chart": measure_chart(metric, rows, lang),
            "wide": measure_chart(metric, rows, lang, WIDE_WIDTH),
            "summary": measure_summary(metric, provinces, nation, total, lang)}


INDEX_MEASURES = 8  # measures per program on the compare index, the most reported first; the program page lists all


def measures_by_program(site: Site, by_metric: dict[str, list[Fact]]) -> dict[str, list[tuple[Metric, int, int, bool]]]:
    """Every measure with a current figure under the program of its first figure, with how many
    provinces report it, for how many more it is computed, and whether the nation has it."""
    groups = defaultdict(list)
    for key, metric in site.metrics.items():
        facts = by_metric.get(key)
        if not facts:
            continue
        in_provinces = [f for f in facts if f.scope in site.scopes and site.scopes[f.scope].kind == "province"]
        groups[facts[0].programs[0]].append((metric, *province_counts(in_provinces),
                                             any(f.scope == "national" for f in facts)))
    return groups


def measures_index(site: Site, groups: dict[str, list[tuple[Metric, int, int, bool]]]) -> dict:
    """The compare index: for each program, its most reported measures, and how many it has."""
    return {"measure_groups": [(program, sorted(groups[slug], key=lambda m: -(m[1] + m[2]))[:INDEX_MEASURES],
                                len(groups[slug])) for slug, program in site.programs.items() if groups[slug]]}


ELSEWHERE_ROWS = 6  # a figure's page shows the same measure in a few other places; its measure page, all


def elsewhere_places(places: list[str], scope: str) -> list[str]:
    """Of the places that report a measure (in site order), those a figure's page of that measure in
    `scope` shows: its own place, the nation, then other places in site order, ELSEWHERE_ROWS at most."""
    first = {scope, "national"}
    room, shown = ELSEWHERE_ROWS - len(first.intersection(places)), []
    for place in places:
        if place in first:
            shown.append(place)
        elif room > 0:
            shown.append(place)
            room -= 1
    return shown


def _short(rows: list, scope: str) -> list:
    """The rows of the places elsewhere_places shows, in site order."""
    shown = set(elsewhere_places([row[0].slug for row in rows], scope))
    return [row for row in rows if row[0].slug in shown]


def fact_context(site: Site, fact: Fact, same: list[Fact], views: FactViews, lang: str,
                 built_on: datetime.date) -> dict:
    """A figure's own page: the figure, its meaning and source, the same measure elsewhere, how to cite it."""
    view = views[fact.id]
    other = "en" if lang == "fa" else "fa"
    figure = {lang: view.full, other: quantity(fact, other, False)}
    metric = site.metrics.get(fact.metric)
    return {"v": view, "metric": metric, "elsewhere": _short(metric_rows(site, same, views), fact.scope),
            "programs": [site.programs[p] for p in fact.programs if p in site.programs],
            "inputs": [views[ref] for ref in (fact.derived.inputs if fact.derived else ()) if ref in site.facts_by_id],
            "citations": [(code, citation_text(fact, site, code, figure[code], built_on))
                          for code in (lang, other)],
            "csl": csl_json(fact, site, lang, view.full, built_on), "report_href": report_href(site, fact, lang),
            "changes": corrections_of(site, fact.id, lang)}


def report_href(site: Site, fact: Fact, lang: str) -> str:
    """The repository's issue form for this figure, pre-filled with its id and page ("" when site.yaml
    names no repository: the address is never guessed)."""
    if not site.config.repository:
        return ""
    fields = {"template": "figure.yml", "title": f"Figure: {fact.id}", "fact": fact.id,
              "page": public_url(site, fact_path(lang, fact.id))}
    query = urlencode({key: value for key, value in fields.items() if value})
    return f"{site.config.repository}/issues/new?{query}"

