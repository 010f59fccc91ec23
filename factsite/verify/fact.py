"""Stage 2, one fact at a time: its references, its quote found in its seed, and its value in
that quote; a seed's index entry and a program's mentions likewise."""
from __future__ import annotations

import dataclasses
import functools
from decimal import Decimal
from typing import NamedTuple
from pathlib import Path

from factsite.load.characters import invisible_in_number
from factsite.load.site import did_you_mean
from factsite.model import DATED_PERIODS, Citation, Fact, Problem, Program, Seed, Site, Where
from factsite.verify.normalize import (SEED_TEXTS_KEPT, find_quote, normalize, normalize_with_map,
                                       original_span)
from factsite.verify.passage import closest_passage
from factsite.verify.units import numbers_with_units

HEDGE_WORDING = {"more_than": "«بیش از»/«بالغ بر»/\"more than\"", "about": "«حدود»/«تقریباً»/\"about\"",
                   "less_than": "«کمتر از»/«زیر»/\"less than\"/\"under\"",
                   "at_least": "«دست‌کم»/«حداقل»/\"at least\"", "exact": "no hedge"}
MAX_QUOTE_CHARS = 2_000  # a sentence; the longest quote of the real site has 268
MAX_LISTED = 12  # numbers of a quote named when the value is not among them


class Checked(NamedTuple):
    """One fact as verify_fact left it, with the problems it found: what a worker process or a
    preview's memory may hand verify_site instead of checking the fact again."""

    fact: Fact
    problems: tuple[Problem, ...]


def check_fact(fact: Fact, site: Site) -> Checked:
    """verify_fact as a value: the fact checked on its own, and what is wrong with it."""
    problems: list[Problem] = []
    return Checked(verify_fact(fact, site, problems), tuple(problems))


@functools.lru_cache(maxsize=SEED_TEXTS_KEPT)  # the same seeds are checked again on every preview save
def seed_entry_problems(file: str, text: str, outlet: str | None, dateline: str | None,
                   where: Where) -> tuple[Problem, ...]:
    """The index entry's outlet and dateline must occur in the seed's text."""
    return tuple(Problem(where, f"«{words}» does not occur in seeds/{file} — copy the outlet and dateline from "
                         "the text") for words in (outlet, dateline) if words and find_quote(text, words) is None)


def verify_fact(fact: Fact, site: Site, problems: list[Problem]) -> Fact:
    """Check one fact's references, quote, value and consistency."""
    _check_references(fact, site, problems)
    _check_consistency(fact, problems)
    if fact.derived:
        for name in ("value", "source"):
            if fact.has(name):
                problems.append(Problem(fact.at(name), f"a derived fact has no `{name}` — the build "
                                        "computes it; remove the line", fact.id))
        return fact
    if fact.value is None:
        problems.append(Problem(fact.where, "the fact has no `value` — write the figure the quote states",
                                fact.id))
    if fact.source is None:
        problems.append(Problem(fact.where, "the fact has no `source` — add the seed and the quote "
                                "that states the figure", fact.id))
        return fact
    citation = _verify_citation(fact.source, site, problems, fact.id)
    if citation.span and fact.value is not None:
        start, end = citation.span
        passage = site.seeds[citation.seed].text[start:end]
        metric = site.metrics.get(fact.metric)
        mention = _check_value_in_quote(fact, passage, problems, metric.unit if metric else None)
        if mention is not None:
            citation = dataclasses.replace(citation, figure=_figure_span(passage, mention, start))
    return dataclasses.replace(fact, source=citation)


def _figure_span(passage: str, mention, start: int) -> tuple[int, int] | None:
    """Where in the seed the number a fact takes stands (its quote begins at start)."""
    norm, starts = normalize_with_map(passage)
    if norm != normalize(passage):
        return None
    a, b = original_span(starts, mention.start, mention.end)
    return start + a, start + b


def _check_references(fact: Fact, site: Site, problems: list[Problem]) -> None:
    """Scope, programs, metric and unit must name things that exist."""
    file_scope = Path(fact.where.file).stem
    if fact.scope not in site.scopes:
        same = f"The scope must match the name of its file, {fact.where.file}"
        hint = f"did you mean `{file_scope}`? {same}" if file_scope in site.scopes else \
            did_you_mean(fact.scope, site.scopes, same, f"add it to content/scopes.yaml; {same[0].lower()}{same[1:]}")
        problems.append(Problem(fact.at("scope"), f"unknown scope `{fact.scope}` — {hint}", fact.id))
    elif fact.scope != file_scope:
        problems.append(Problem(fact.at("scope"), f"scope `{fact.scope}` is in the file for "
                                f"`{file_scope}` — move the fact to content/facts/{fact.scope}.yaml", fact.id))
    for index, slug in enumerate(fact.programs):
        if slug not in site.programs:
            hint = did_you_mean(slug, site.programs, "Programs are the slugs of content/programs.yaml",
                                f"use one of: {', '.join(site.programs)}")
            problems.append(Problem(fact.at(f"programs.{index}"), f"unknown program `{slug}` — {hint}", fact.id))
    metric = site.metrics.get(fact.metric)
    if metric is None:
        hint = did_you_mean(fact.metric, site.metrics, "Metrics are the keys of content/metrics.yaml",
                            "add it to content/metrics.yaml or use an existing key")
        problems.append(Problem(fact.at("metric"), f"unknown metric `{fact.metric}` — {hint}", fact.id))
    elif metric.unit != fact.unit:
        problems.append(Problem(fact.at("unit"), f"unit `{fact.unit}` differs from metric `{metric.key}`, which is "
                                f"in `{metric.unit}` — write `unit: {metric.unit}`, or choose a metric counted in "
                                f"{fact.unit}", fact.id))


def _check_consistency(fact: Fact, problems: list[Problem]) -> None:
    """Percentages lie in 0–100, and a range runs upwards."""
    for name, value in (("value", fact.value), ("value_max", fact.value_max)):
        if fact.unit == "percent" and value is not None and value > 100:
            problems.append(Problem(fact.at(name), f"a percentage must lie in 0–100 (got {value})", fact.id))
    if fact.value is not None and fact.value_max is not None and fact.value > fact.value_max:
        problems.append(Problem(fact.at("value_max"), f"value_max {fact.value_max} is below value "
                                f"{fact.value} — swap them", fact.id))
    period = fact.period
    if period and (period.kind in DATED_PERIODS) != (period.year is not None):
        problems.append(Problem(fact.at("period"), f"a period of kind `{period.kind}` " + (
            "needs the `year` the text names, like `year: 2024`" if period.kind in DATED_PERIODS else
            "takes no `year` — remove it, or use kind in_year or in_iranian_year"), fact.id))
    elif period and period.year is not None and not _plausible_year(period):
        first, last = YEARS[period.kind]
        problems.append(Problem(fact.at("period"), f"year {period.year} is not a plausible "
                                f"{'Iranian (Solar Hijri)' if period.kind == 'in_iranian_year' else 'Gregorian'} "
                                f"year — write one from {first} to {last}", fact.id))


YEARS = {"in_year": (1900, 2100), "in_iranian_year": (1279, 1479)}


def _plausible_year(period) -> bool:
    first, last = YEARS[period.kind]
    return first <= period.year <= last


def _verify_citation(citation: Citation, site: Site, problems: list[Problem], subject: str) -> Citation:
    """Find the quote in its seed; return the citation with its span, or unchanged if not found."""
    seed = _cited_seed(citation, site, problems, subject)
    words = len(normalize(citation.quote).split())
    if len(citation.quote) > MAX_QUOTE_CHARS:
        problems.append(Problem(citation.where, f"the quote is {len(citation.quote):,} characters long, over "
                                f"{MAX_QUOTE_CHARS:,} — copy only the sentence that states the figure", subject))
        return citation
    hidden = invisible_in_number(citation.quote)
    if hidden:
        problems.append(Problem(citation.where, f"a number in the quote holds the invisible character {hidden}, "
                                "so readers would not see the number that was proved — delete it", subject))
        return citation
    if words < 3:
        problems.append(Problem(citation.where, f"the quote has {words} word(s) — copy the whole "
                                "sentence that states the figure", subject))
        return citation
    if seed is None:
        return citation
    span = find_quote(seed.text, citation.quote)
    if span is None:
        near = closest_passage(seed.text, citation.quote)
        detail = f"closest passage, with the difference marked: {near}" if near else \
            "nothing similar is in this document — is the quote from another seed?"
        problems.append(Problem(citation.where, f"the quote does not occur in seeds/{seed.file} — copy it "
                                "verbatim from the document", subject, detail))
        return citation
    start, end = seed.article_span
    if not start <= span[0] < end:
        problems.append(Problem(citation.where, f"the quote is in the outlet's page around the article in "
                                f"seeds/{seed.file} (its menus or related news), not in the report — quote the "
                                "article, or correct `furniture_starts`/`article_starts` in content/seeds.yaml",
                                subject))
        return citation
    return dataclasses.replace(citation, span=span)


def _cited_seed(citation: Citation, site: Site, problems: list[Problem], subject: str) -> Seed | None:
    """The seed a citation names, or None with a problem."""
    name = citation.seed
    if "/" in name or "\\" in name or name.startswith("."):
        problems.append(Problem(citation.seed_where or citation.where, f"seed `{name}` tries to leave seeds/ — "
                                "name a file in seeds/ by its plain name", subject))
        return None
    if name not in site.seeds:
        hint = did_you_mean(name, site.seeds, "Seeds are the files listed in content/seeds.yaml",
                            "use a file listed in content/seeds.yaml")
        problems.append(Problem(citation.seed_where or citation.where, f"unknown seed `{name}` — {hint}", subject))
        return None
    return site.seeds[name]


UNIT_TAKES = {"percent": {"percent"}, "toman": {"money"}, "people": {"people"}, "count": {""},
              "iranian_year": {"year", ""}}  # what the quote must attach a fact's number to, by its unit
ATTACHED = {"percent": "a percentage", "money": "an amount of money", "people": "people", "year": "a year",
            "": "a count"}
UNIT_OF = {"percent": "percent", "money": "toman", "people": "people", "year": "iranian_year", "": "count"}
NEEDS = {"percent": "«درصد», ٪, % or \"percent\" right after the number",
         "toman": "«تومان», «ریال», \"toman\" or \"rial\" right after the number",
         "people": "«نفر», «جمعیت», \"people\" or another word for people within three words after the number",
         "count": "a number that is not a percentage, an amount of money or a year",
         "iranian_year": "a year, like «سال ۱۴۰۴»"}


def _check_value_in_quote(fact: Fact, passage: str, problems: list[Problem], metric_unit: str | None = None):
    """The value (and range end) must be the number the quote attaches to the fact's unit, with a
    matching hedge, in the seed's own words for the quote — where a space the editor wrote as ZWNJ
    («بیش‌از») is still a space; a quote that states several numbers must say which is meant.
    Returns the number taken (a Mention), or None with a problem."""
    numbers = numbers_with_units(passage)
    mentions = [m for m, _ in numbers]
    same = [(i, m, unit) for i, (m, unit) in enumerate(numbers, 1)
            if m.value == fact.value and m.value_max == fact.value_max]
    if not same:
        problems.append(_not_stated(fact, mentions))
        return None
    position = fact.source.position
    if position is None and len(mentions) > 1:
        problems.append(Problem(fact.source.where, f"the quote states {len(mentions)} numbers ({_listed(numbers)}) — "
                                "write `position:` under `source` with the number of the one this fact takes",
                                fact.id))
        return None
    chosen = [entry for entry in same if position in (None, entry[0])]
    if not chosen:
        problems.append(_wrong_position(fact, position, numbers, same[0][0]))
        return None
    if metric_unit is None or metric_unit == fact.unit or chosen[0][2] not in UNIT_TAKES.get(metric_unit, ()):
        _check_attachment(fact, chosen[0][1], chosen[0][2], problems)  # else the unit's problem is its metric's
    return chosen[0][1]


def _listed(numbers) -> str:
    """The numbers of a quote, each with its place and what it is attached to."""
    return "; ".join(f"{i}: {_stated(m)} ({ATTACHED[unit]})" for i, (m, unit) in enumerate(numbers, 1))


def _not_stated(fact: Fact, mentions) -> Problem:
    """The value is none of the quote's numbers: a percentage written as a fraction says so."""
    if fact.unit == "percent" and fact.value is not None and fact.value <= 1 and \
            any(m.value == fact.value * 100 for m in mentions):
        return Problem(fact.at("value"), f"the value {_stated(fact)} is a fraction, but percent is written 0–100, "
                       f"as the quote states it — write `value: {plain_number(fact.value * 100)}`", fact.id)
    stated = ", ".join(_stated(m) for m in mentions[:MAX_LISTED]) or "no number"
    stated += f" and {len(mentions) - MAX_LISTED:,} more" if len(mentions) > MAX_LISTED else ""
    return Problem(fact.at("value"), f"the value {_stated(fact)} is not stated in the quote, which states {stated} "
                   "— correct the value or the quote", fact.id)


def _wrong_position(fact: Fact, position: int, numbers, found: int) -> Problem:
    """The fact's position points at another number than its value, or at none."""
    if position > len(numbers):
        return Problem(fact.at("source.position"), f"`position: {position}`, but the quote states {len(numbers)} "
                       f"number(s) ({_listed(numbers)}) — write the position of the one this fact takes, "
                       f"`position: {found}`", fact.id)
    return Problem(fact.at("value"), f"number {position} of the quote (`position: {position}`) is "
                   f"{_stated(numbers[position - 1][0])}, not {_stated(fact)} — correct the value, or write "
                   f"`position: {found}` ({_stated(fact)} is number {found}, {ATTACHED[numbers[found - 1][1]]})",
                   fact.id)


def _check_attachment(fact: Fact, mention, unit: str, problems: list[Problem]) -> None:
    """The number must be attached to the fact's unit, and hedged as the fact says."""
    if unit not in UNIT_TAKES[fact.unit] and not (fact.unit == "count" and unit not in ("percent", "money", "year")):
        iranian = unit != "year" or 1279 <= mention.value <= 1479
        todo = f"write `unit: {UNIT_OF[unit]}`, or take" if iranian else \
            "a year is no figure (say it in `period`): take"
        problems.append(Problem(fact.at("unit"), f"the quote attaches {_stated(fact)} to {ATTACHED[unit]}, but "
                                f"`unit: {fact.unit}` needs {NEEDS[fact.unit]} — {todo} the number the fact is about",
                                fact.id))
    elif mention.qualifier != fact.qualifier:
        said = mention.qualifier
        problems.append(Problem(fact.at("qualifier"), f"qualifier `{fact.qualifier}` does not fit the "
                                f"wording: the quote says {HEDGE_WORDING[said]} before the figure, "
                                f"so write `qualifier: {said}`", fact.id))


def _stated(figure) -> str:
    """A figure (a fact or a mention) as plain digits, with its range end."""
    return plain_number(figure.value) + (f"–{plain_number(figure.value_max)}" if figure.value_max is not None else "")


def plain_number(value: Decimal) -> str:
    """A value in plain digits, as an editor writes it (1.5E+6 is 1500000)."""
    return format(value.normalize(), "f")


def verify_program(slug: str, program: Program, site: Site) -> tuple[Program, tuple[Problem, ...]]:
    """The program with each mention proved against its seed, and what is wrong with them."""
    problems: list[Problem] = []
    mentions = tuple(_verify_citation(m, site, problems, f"program {slug}") for m in program.mentions)
    return dataclasses.replace(program, mentions=mentions), tuple(problems)
