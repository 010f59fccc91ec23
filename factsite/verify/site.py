"""Stage 2: prove every figure against its source sentence and check every reference.

Each fact is checked on its own (verify/fact.py), then all together: seeds' entries, ids and
figures taken once, derived figures (verify/derive.py), program mentions, parts of a whole and
the changes file."""
from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from typing import NamedTuple

from factsite.model import Fact, Problem, Program, Site
from factsite.verify.changes import check_changes
from factsite.verify.derive import derive
from factsite.verify.fact import Checked, check_fact, plain_number, seed_entry_problems, verify_program

def verify_site(site: Site) -> tuple[Site, list[Problem]]:
    """Check the whole site; return it with quote spans and derived values filled in."""
    return complete(site, [check_fact(fact, site) for fact in site.facts])


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
        facts[i] = derive(facts[i], site, problems)
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
        problems.append(Problem(fact.at("parts"), f"the parts add up to {plain_number(total)}, not "
                                f"{plain_number(fact.value)} — check the figures against the source", fact.id))
    if fact.parts.rule == "sum_at_most" and total > fact.value:
        problems.append(Problem(fact.at("parts"), f"the parts add up to {plain_number(total)}, more than the "
                                f"whole {plain_number(fact.value)} — check the figures against the source", fact.id))
