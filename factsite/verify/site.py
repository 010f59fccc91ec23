"""Stage 2: prove every figure against its source sentence and check every reference.

Each fact is checked on its own (verify/fact.py), then all together: seeds' entries, ids and
figures taken once, derived figures (verify/derive.py), program mentions, parts of a whole and
the changes file."""
from __future__ import annotations

import dataclasses
import hashlib
import itertools
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import partial
from operator import attrgetter, itemgetter
from typing import NamedTuple

from factsite.model import Cache, Fact, Mapper, Problem, Seed, Site, in_order
from factsite.verify.changes import check_changes
from factsite.verify.derive import derive
from factsite.verify.fact import Checked, check_fact, plain_number, seed_entry_problems, verify_program
from factsite.verify.prose import prose_problems
from factsite.verify.statements import verify_statements


def verify_site(site: Site, mapper: Mapper = in_order, cache: Cache | None = None) -> tuple[Site, list[Problem]]:
    """Check the whole site; return it with quote spans and derived values filled in.

    mapper: runs the checks of the facts on their own (in order here, or shared among processes);
    cache: what a fact's check gave before, by the digests of what it depends on (fact_keys), and
    each facts file's facts gathered: only new or changed facts are checked again."""
    if cache is None:
        return complete(site, [gather(check_facts(site, mapper))])
    files = [(key, list(facts)) for key, facts in itertools.groupby(site.facts, key=attrgetter("where.file"))]
    names = _names_digest(site)
    keys = [_file_key(site, file, facts, names) for file, facts in files]
    parts = [cache.get(key) if key is not None else None for key in keys]
    missing = [i for i, part in enumerate(parts) if part is None]
    if missing:
        alone = dataclasses.replace(site, facts=tuple(f for i in missing for f in files[i][1]))
        checked = iter(check_facts(alone, mapper, cache))
        for i in missing:
            parts[i] = gather(next(checked) for _ in files[i][1])
            if keys[i] is not None:
                cache.put(keys[i], parts[i])
    return complete(site, parts)


def _file_key(site: Site, file: str, facts: list[Fact], names: bytes) -> tuple | None:
    """What the checks of one file's facts depend on: its bytes, the names facts may refer to and
    the seeds they quote (None for a file load did not read)."""
    digest = site.digests.get(file)
    if digest is None:
        return None
    seeds = sorted({fact.source.seed for fact in facts if fact.source})
    return ("facts file", file, digest, names, tuple(site.digests.get(f"seeds/{seed}") if seed in site.seeds
                                                     else None for seed in seeds))


def _names_digest(site: Site) -> bytes:
    """The names facts may refer to, as one digest."""
    return hashlib.blake2b(repr((tuple(site.scopes), tuple(site.programs), tuple(site.seeds),
                                 tuple((m.key, m.unit) for m in site.metrics.values()))).encode("utf-8"),
                           digest_size=16).digest()


class Proof(NamedTuple):
    """What checking one fact on its own found: where its quote and its figure stand in its seed,
    and its problems (small, to send between processes and to keep)."""

    span: tuple[int, int] | None
    figure: tuple[int, int] | None
    problems: tuple[Problem, ...]


def prove(fact: Fact, site: Site) -> Proof:
    """check_fact, said as a Proof."""
    checked = check_fact(fact, site)
    source = checked.fact.source
    return Proof(source.span if source else None, source.figure if source else None, checked.problems)


def proved(fact: Fact, proof: Proof) -> Checked:
    """What check_fact gives for this fact, made from its Proof."""
    source = fact.source
    if source is None or (source.span, source.figure) == (proof.span, proof.figure):
        return Checked(fact, proof.problems)
    return Checked(dataclasses.replace(fact, source=dataclasses.replace(source, span=proof.span, figure=proof.figure)),
                   proof.problems)


def check_facts(site: Site, mapper: Mapper = in_order, cache: Cache | None = None) -> list[Checked]:
    """check_fact of every fact, in site order: those the cache does not hold proved by the mapper."""
    keys = fact_keys(site, cache) if cache is not None else [None] * len(site.facts)
    proofs = [cache.get(key) if key is not None else None for key in keys]
    missing = [i for i, proof in enumerate(proofs) if proof is None]
    for i, proof in zip(missing, mapper(partial(prove, site=site), [site.facts[i] for i in missing])):
        proofs[i] = proof
        if keys[i] is not None:
            cache.put(keys[i], proof)
    return [_proved_kept(fact, proof, key, cache) for fact, proof, key in zip(site.facts, proofs, keys)]


def _proved_kept(fact: Fact, proof: Proof, key: tuple | None, cache: Cache | None) -> Checked:
    """proved(fact, proof), or what it made for the same key before (a preview asks on every save)."""
    if key is None:
        return proved(fact, proof)
    known = ("proved", *key[1:])
    checked = cache.get(known)
    if checked is None:
        checked = proved(fact, proof)
        cache.put(known, checked)
    return checked


def fact_keys(site: Site, cache: Cache) -> list[tuple | None]:
    """What each fact's proof depends on, by digest: the fact as written (with where, which its
    problems name), the names facts may refer to, and the seed it quotes (with where its article
    lies); None for a fact whose file load did not read. A fact's own digest is kept by its file's
    digest and its place there, so that only the facts of an edited file are digested again."""
    names = _names_digest(site)
    keys: list[tuple | None] = []
    for fact in site.facts:
        file = site.digests.get(fact.where.file)
        if file is None:
            keys.append(None)
            continue
        place = ("fact", file, fact.where.line, fact.where.column)
        written = cache.get(place)
        if written is None:
            written = hashlib.blake2b(repr(fact).encode("utf-8", "surrogatepass"), digest_size=16).digest()
            cache.put(place, written)
        seed = fact.source.seed if fact.source else None
        keys.append(("proof", written, names, (site.digests.get(f"seeds/{seed}"), site.seeds[seed].article)
                     if seed in site.seeds else None))  # where the article lies: a quote outside it is refused
    return keys


class Gathered(NamedTuple):
    """Facts as check_fact left them, gathered for the checks of them together: the facts and their
    own problems, the facts by id, the places of the figures they take and the seeds of those places,
    whether no id nor place repeats among them, and which are derived or wholes with parts (by index).
    A memory of earlier builds keeps one per facts file and gathers again only an edited one."""

    checked: tuple[Checked, ...]
    facts: tuple[Fact, ...]
    problems: tuple[Problem, ...]
    by_id: Mapping[str, Fact]
    places: frozenset[tuple]
    seeds: frozenset[str]
    alone: bool
    derived: tuple[int, ...]
    wholes: tuple[int, ...]


def gather(checked: Iterable[Checked]) -> Gathered:
    """These checked facts, gathered (in their order)."""
    checked = tuple(checked)
    facts = tuple(map(itemgetter(0), checked))
    by_id = dict(zip(map(attrgetter("id"), facts), facts))
    places = [place for place in map(_place, facts) if place is not None]
    unique = frozenset(places)
    return Gathered(checked, facts, tuple(itertools.chain.from_iterable(map(itemgetter(1), checked))), by_id, unique,
                    frozenset(map(itemgetter(0), unique)), len(by_id) == len(facts) and len(unique) == len(places),
                    tuple(i for i, fact in enumerate(facts) if fact.derived),
                    tuple(i for i, fact in enumerate(facts) if fact.parts))


def complete(site: Site, gathered: Sequence[Gathered]) -> tuple[Site, list[Problem]]:
    """The site with each fact as checked on its own (check_fact, then gather: the site's facts in
    their order, in one or more parts), then checked together: seeds, ids, derived figures, program
    mentions and parts of a whole."""
    problems: list[Problem] = list(seeds_problems(site.seeds))
    facts = list(itertools.chain.from_iterable(part.facts for part in gathered))
    fact_of = site.fact  # the stated facts by id (as checked, for those taken from gathered)
    if _all_different(gathered):
        problems.extend(itertools.chain.from_iterable(part.problems for part in gathered))
        fact_of = partial(_fact_in, [part.by_id for part in gathered])
    else:
        _with_duplicates(itertools.chain.from_iterable(part.checked for part in gathered), problems)
    starts = list(itertools.accumulate((len(part.facts) for part in gathered), initial=0))
    for i in [start + i for start, part in zip(starts, gathered) for i in part.derived]:
        facts[i] = derive(facts[i], fact_of, problems, site.written)
    programs = {}
    for slug, program in site.programs.items():
        programs[slug], found = verify_program(slug, program, site)
        problems += found
    statements, found = verify_statements(site)
    problems += found
    done = dataclasses.replace(site, facts=tuple(facts), programs=programs, statements=statements)
    for i in [start + i for start, part in zip(starts, gathered) for i in part.wholes]:
        _check_parts(done.facts[i], done, problems)
    problems += check_changes(done)
    problems += prose_problems(done)
    return done, problems


def seeds_problems(seeds: Mapping[str, Seed]) -> list[Problem]:
    """What is wrong with the seeds' index entries (seed_entry_problems of each)."""
    return [problem for seed in seeds.values() for problem in
            seed_entry_problems(seed.file, seed.text, seed.outlet_text, seed.dateline, seed.where)]


def _all_different(gathered: Sequence[Gathered]) -> bool:
    """Whether no two facts have the same id, nor take a figure of the same place in the same
    sentence (so none takes the same figure: _figure adds only the value to that place). Places
    of different parts are compared only where the parts quote the same seed."""
    if not all(part.alone for part in gathered) or not _disjoint([part.by_id.keys() for part in gathered]):
        return False
    if _disjoint([part.seeds for part in gathered]):
        return True
    shared = {seed for seed, times in Counter(itertools.chain.from_iterable(part.seeds for part in gathered)).items()
              if times > 1}
    return _disjoint([frozenset(place for place in part.places if place[0] in shared) for part in gathered])


def _fact_in(parts: list[Mapping[str, Fact]], fact_id: str) -> Fact | None:
    """The fact of this id in one of these parts (no id is in two), or None."""
    return next((part[fact_id] for part in parts if fact_id in part), None)


def _disjoint(sets: list[Collection]) -> bool:
    """Whether no two of these sets share an element."""
    return len(sets) < 2 or len(frozenset().union(*sets)) == sum(map(len, sets))


def _with_duplicates(checked: Iterable[Checked], problems: list[Problem]) -> None:
    """Each fact's problems, after those of an id used before or a figure taken before."""
    first: dict[str, Fact] = {}
    cited: dict[tuple, Fact] = {}
    for fact, found in checked:
        if first.setdefault(fact.id, fact) is not fact:
            problems.append(Problem(fact.where, f"the id is already used at {first[fact.id].where} "
                                    "— give this fact another id", fact.id))
        figure = _figure(fact)
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
    if missing and set(missing) <= site.written:
        return  # the parts' own entries say what is wrong with them
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
