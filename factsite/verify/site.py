"""Stage 2: prove every figure against its source sentence and check every reference."""
from __future__ import annotations

import ast
import dataclasses
import functools
import itertools
import operator
from decimal import Decimal, InvalidOperation
from collections.abc import Callable
from typing import NamedTuple
from pathlib import Path

from factsite.load.site import FORMULA_REF
from factsite.load.characters import invisible_in_number
from factsite.model import DATED_PERIODS, Citation, Fact, Problem, Program, Seed, Site, Where
from factsite.verify.changes import check_changes
from factsite.verify.normalize import (SEED_TEXTS_KEPT, closest_passage, find_quote, normalize, normalize_with_map,
                                       original_span)
from factsite.verify.numbers import numbers_with_units

HEDGE_WORDING = {"more_than": "«بیش از»/«بالغ بر»/\"more than\"", "about": "«حدود»/«تقریباً»/\"about\"",
                   "less_than": "«کمتر از»/«زیر»/\"less than\"/\"under\"",
                   "at_least": "«دست‌کم»/«حداقل»/\"at least\"", "exact": "no hedge"}
MAX_QUOTE_CHARS = 2_000  # a sentence; the longest quote of the real site has 268
MAX_LISTED = 12  # numbers of a quote named when the value is not among them
OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


class Checked(NamedTuple):
    """One fact as verify_fact left it, with the problems it found: what a worker process or a
    preview's memory may hand verify_site instead of checking the fact again."""

    fact: Fact
    problems: tuple[Problem, ...]


def verify_site(site: Site) -> tuple[Site, list[Problem]]:
    """Check the whole site; return it with quote spans and derived values filled in."""
    return complete(site, [check_fact(fact, site) for fact in site.facts])


def check_fact(fact: Fact, site: Site) -> Checked:
    """verify_fact as a value: the fact checked on its own, and what is wrong with it."""
    problems: list[Problem] = []
    return Checked(verify_fact(fact, site, problems), tuple(problems))


class Shortcuts(NamedTuple):
    """What complete works out for a seed's index entry and a program, which a memory of earlier
    builds may give back instead (speed/memo.py): the same signatures as the defaults."""

    seed_problems: Callable[..., tuple[Problem, ...]]
    program: Callable[[str, Program, Site], tuple[Program, tuple[Problem, ...]]]


def complete(site: Site, checked: list[Checked], shortcuts: Shortcuts | None = None) -> tuple[Site, list[Problem]]:
    """The site with each fact as checked on its own (check_fact), then checked together: seeds,
    ids, derived figures, program mentions and parts of a whole.

    shortcuts: what is wrong with a seed's index entry, and a program with its mentions proved
    (default: seed_entry_problems and verify_program)."""
    seed_problems, verified_program = shortcuts or (seed_entry_problems, verify_program)
    problems: list[Problem] = []
    for seed in site.seeds.values():
        problems += seed_problems(seed.file, seed.text, seed.outlet_text, seed.dateline, seed.where)
    facts = [verified for verified, _ in checked]
    if _all_different(site.facts, facts):
        problems.extend(itertools.chain.from_iterable(found for _, found in checked))
    else:
        _with_duplicates(site.facts, checked, problems)
    for i in [i for i, fact in enumerate(site.facts) if fact.derived]:
        facts[i] = _derive(facts[i], site, problems)
    programs = {}
    for slug, program in site.programs.items():
        programs[slug], found = verified_program(slug, program, site)
        problems += found
    done = dataclasses.replace(site, facts=tuple(facts), programs=programs)
    for fact in [fact for fact in done.facts if fact.parts]:
        _check_parts(fact, done, problems)
    problems += check_changes(done)
    return done, problems


def _all_different(facts: tuple[Fact, ...], verified: list[Fact]) -> bool:
    """Whether no two facts have the same id, nor take a figure of the same place in the same
    sentence (so none takes the same figure: _figure adds only the value to that place)."""
    if len({fact.id for fact in facts}) != len(facts):
        return False
    places = [place for place in map(_place, verified) if place is not None]
    return len(set(places)) == len(places)


def _with_duplicates(facts: tuple[Fact, ...], checked: list[Checked], problems: list[Problem]) -> None:
    """Each fact's problems, after those of an id used before or a figure taken before."""
    first: dict[str, Fact] = {}
    cited: dict[tuple, Fact] = {}
    for fact, (verified, found) in zip(facts, checked):
        if first.setdefault(fact.id, fact) is not fact:
            problems.append(Problem(fact.where, f"the id is already used at {first[fact.id].where} "
                                    "— give this fact another id", fact.id))
        figure = _figure(verified)
        if figure and cited.setdefault(figure, fact) is not fact:
            other = cited[figure]
            problems.append(Problem(fact.where, f"this figure of this sentence is already the fact {other.id} "
                                    f"({other.where}) — keep one of them", fact.id))
        problems += found


def _place(fact: Fact) -> tuple | None:
    """Which number of which sentence a proved fact takes (None if it takes none)."""
    source = fact.source
    if fact.derived or source is None or source.span is None:
        return None
    return source.seed, source.span, source.position or 1


def _figure(fact: Fact) -> tuple | None:
    """Which figure of which sentence a proved fact takes (None if it takes none)."""
    place = _place(fact)
    return None if place is None else (*place, fact.value, fact.value_max)


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
            if name in fact.field_where:
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
        mention = _check_value_in_quote(fact, passage, problems)
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
        problems.append(Problem(fact.at("scope"), f"unknown scope `{fact.scope}` — use one of: "
                                f"{', '.join(site.scopes)}", fact.id))
    elif fact.scope != file_scope:
        problems.append(Problem(fact.at("scope"), f"scope `{fact.scope}` is in the file for "
                                f"`{file_scope}` — move the fact to content/facts/{fact.scope}.yaml", fact.id))
    for slug in fact.programs:
        if slug not in site.programs:
            problems.append(Problem(fact.at("programs"), f"unknown program `{slug}` — use one of: "
                                    f"{', '.join(site.programs)}", fact.id))
    metric = site.metrics.get(fact.metric)
    if metric is None:
        problems.append(Problem(fact.at("metric"), f"unknown metric `{fact.metric}` — add it to "
                                "content/metrics.yaml or use an existing key", fact.id))
    elif metric.unit != fact.unit:
        problems.append(Problem(fact.at("unit"), f"unit `{fact.unit}` differs from metric "
                                f"`{metric.key}`, which is in `{metric.unit}`", fact.id))


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
    return dataclasses.replace(citation, span=span)


def _cited_seed(citation: Citation, site: Site, problems: list[Problem], subject: str) -> Seed | None:
    """The seed a citation names, or None with a problem."""
    name = citation.seed
    if "/" in name or "\\" in name or name.startswith("."):
        problems.append(Problem(citation.where, f"seed `{name}` tries to leave seeds/ — name a file in "
                                "seeds/ by its plain name", subject))
        return None
    if name not in site.seeds:
        problems.append(Problem(citation.where, f"unknown seed `{name}` — use a file listed in "
                                "content/seeds.yaml", subject))
        return None
    return site.seeds[name]


UNIT_TAKES = {"percent": {"percent"}, "toman": {"money"}, "people": {"people"}, "count": {""},
              "iranian_year": {"year", ""}}  # what the quote must attach a fact's number to, by its unit
ATTACHED = {"percent": "a percentage", "money": "an amount of money", "people": "people", "year": "a year",
            "": "nothing the build recognises"}


def _check_value_in_quote(fact: Fact, passage: str, problems: list[Problem]):
    """The value (and range end) must be the number the quote attaches to the fact's unit, with a
    matching hedge, in the seed's own words for the quote — where a space the editor wrote as ZWNJ
    («بیش‌از») is still a space; a quote that states several numbers must say which is meant.
    Returns the number taken (a Mention), or None with a problem."""
    numbers = numbers_with_units(passage)
    mentions = [m for m, _ in numbers]
    same = [(i, m, unit) for i, (m, unit) in enumerate(numbers, 1)
            if m.value == fact.value and m.value_max == fact.value_max]
    if not same:
        stated = ", ".join(_stated(m) for m in mentions[:MAX_LISTED]) or "no number"
        stated += f" and {len(mentions) - MAX_LISTED:,} more" if len(mentions) > MAX_LISTED else ""
        problems.append(Problem(fact.at("value"), f"the value {_stated(fact)} is not stated in the quote, which "
                                f"states {stated} — correct the value or the quote", fact.id))
        return None
    position = fact.source.position
    if position is None and len(mentions) > 1:
        listed = "; ".join(f"{i}: {_stated(m)} ({ATTACHED[unit]})" for i, (m, unit) in enumerate(numbers, 1))
        problems.append(Problem(fact.source.where, f"the quote states {len(mentions)} numbers ({listed}) — write "
                                f"`position:` under `source` with the number of the one this fact takes", fact.id))
        return None
    chosen = [entry for entry in same if position in (None, entry[0])]
    if not chosen:
        problems.append(Problem(fact.at("value"), f"number {position} of the quote is "
                                f"{_stated(mentions[position - 1]) if position <= len(mentions) else 'not there'}, "
                                f"not {_stated(fact)} — correct the value or the position", fact.id))
        return None
    _check_attachment(fact, chosen[0][1], chosen[0][2], problems)
    return chosen[0][1]


def _check_attachment(fact: Fact, mention, unit: str, problems: list[Problem]) -> None:
    """The number must be attached to the fact's unit, and hedged as the fact says."""
    if unit not in UNIT_TAKES[fact.unit] and not (fact.unit == "count" and unit not in ("percent", "money", "year")):
        problems.append(Problem(fact.at("unit"), f"the quote attaches {_stated(fact)} to {ATTACHED[unit]}, not to "
                                f"{fact.unit} — check the unit, or take the number the fact is about", fact.id))
    elif mention.qualifier != fact.qualifier:
        said = mention.qualifier
        problems.append(Problem(fact.at("qualifier"), f"qualifier `{fact.qualifier}` does not fit the "
                                f"wording: the quote says {HEDGE_WORDING[said]} before the figure, "
                                f"so write `qualifier: {said}`", fact.id))


def _stated(figure) -> str:
    """A figure (a fact or a mention) as plain digits, with its range end."""
    return _plain(figure.value) + (f"–{_plain(figure.value_max)}" if figure.value_max is not None else "")


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _derive(fact: Fact, site: Site, problems: list[Problem]) -> Fact:
    """Compute a derived fact's value from the facts its formula names."""
    inputs: dict[str, Fact] = {}
    for ref in fact.derived.inputs:
        other = site.fact(ref)
        if other is None or other.derived or other.value is None:
            why = "a derived fact" if other and other.derived else "no stated fact"
            problems.append(Problem(fact.at("derived"), f"the formula names `{ref}`, which is {why} — "
                                    "use the id of a stated fact", fact.id))
            return fact
        inputs[ref] = other
    expression = FORMULA_REF.sub(lambda m: f"__v[{m.group(1)!r}]", fact.derived.formula)
    try:
        exact = _evaluate(ast.parse(expression, mode="eval").body, {ref: f.value for ref, f in inputs.items()})
        digits = min((significant_digits(f.value) for f in inputs.values()), default=28)
        value = _plain_decimal(to_significant(exact, digits).quantize(Decimal(1).scaleb(-fact.derived.round)))
    except (SyntaxError, ValueError, ArithmeticError, KeyError, RecursionError) as err:
        problems.append(Problem(fact.at("derived"), f"the formula cannot be computed ({_why(err)}) — use "
                                "{fact-id}, numbers, + - * / and parentheses", fact.id))
        return fact
    hedged = sorted(ref for ref, f in inputs.items() if f.qualifier != "exact")
    if (hedged or value != exact) and fact.qualifier != "about":
        why = f"{', '.join(hedged)} {'is' if len(hedged) == 1 else 'are'} hedged" if hedged else \
            f"it is rounded to the {digits} significant digit(s) its inputs state"
        problems.append(Problem(fact.at("qualifier"), f"the computed figure is approximate ({why}) — write "
                                "`qualifier: about`", fact.id))
    return dataclasses.replace(fact, value=value)


def significant_digits(value: Decimal) -> int:
    """The significant digits a stated figure has: 1,800,000 has 2, 557,276 has 6, 65 has 2, 0.5 has 1."""
    return max(1, len(value.normalize().as_tuple().digits)) if value else 1


def to_significant(value: Decimal, digits: int) -> Decimal:
    """value rounded to that many significant digits (2,769,230.77 to 2 is 2,800,000)."""
    if not value:
        return value
    return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1))


def _plain_decimal(value: Decimal) -> Decimal:
    """A whole value without an exponent (2.8E+6 is 2800000), as the data files write it."""
    return Decimal(int(value)) if value == value.to_integral_value() else value


def _why(err: Exception) -> str:
    """Why a formula failed, in words (decimal errors have no message of their own)."""
    if isinstance(err, ZeroDivisionError):
        return "it divides by zero"
    if isinstance(err, InvalidOperation):
        return "the result cannot be kept to that many decimal places — lower `round`"
    if isinstance(err, RecursionError):
        return "it is too long or nested too deeply"
    return str(err)


def _evaluate(node: ast.AST, values: dict[str, Decimal]) -> Decimal:
    """Evaluate numbers, fact references and + - * / only."""
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        return OPERATORS[type(node.op)](_evaluate(node.left, values), _evaluate(node.right, values))
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return Decimal(str(node.value))
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return values[node.slice.value]
    raise ValueError(f"`{ast.unparse(node)}` is not allowed")


def _check_parts(fact: Fact, site: Site, problems: list[Problem]) -> None:
    """Parts declared by a whole must exist and add up as the rule says."""
    if not fact.parts or fact.value is None:
        return
    parts = [site.fact(i) for i in fact.parts.ids]
    missing = [i for i, p in zip(fact.parts.ids, parts) if p is None or p.value is None]
    if missing:
        problems.append(Problem(fact.at("parts"), f"unknown part(s) {', '.join(missing)} — use ids of "
                                "stated facts", fact.id))
        return
    total = sum(p.value for p in parts)
    if fact.parts.rule == "sum_equals" and total != fact.value:
        problems.append(Problem(fact.at("parts"), f"the parts add up to {_plain(total)}, not "
                                f"{_plain(fact.value)} — check the figures against the source", fact.id))
    if fact.parts.rule == "sum_at_most" and total > fact.value:
        problems.append(Problem(fact.at("parts"), f"the parts add up to {_plain(total)}, more than the "
                                f"whole {_plain(fact.value)} — check the figures against the source", fact.id))


def verify_program(slug: str, program: Program, site: Site) -> tuple[Program, tuple[Problem, ...]]:
    """The program with each mention proved against its seed, and what is wrong with them."""
    problems: list[Problem] = []
    mentions = tuple(_verify_citation(m, site, problems, f"program {slug}") for m in program.mentions)
    return dataclasses.replace(program, mentions=mentions), tuple(problems)
