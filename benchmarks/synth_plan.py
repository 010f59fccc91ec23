"""The plan of the synthetic site: scopes, programs, metric keys, facts and documents
(benchmarks/generate.py)."""
from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass, field

from benchmarks.synth_measures import MEASURE_BY_KEY, MEASURES, Measure
from benchmarks.synth_numbers import make_value, round_sig
from benchmarks.synth_places import (FIRST_NAMES, LAST_NAMES, NATIONAL_ROLES, ORDINALS, PROGRAMS, PROVINCE_ROLES,
                                     PROVINCES)

PARTS_SCOPES = 6                # scopes whose insured population lists parts (sum_at_most)


# ---------------------------------------------------------------------------------------------
# The plan: scopes, programs, metric keys, facts, documents
# ---------------------------------------------------------------------------------------------


@dataclass(eq=False)
class Scope:
    slug: str
    kind: str
    fa: str
    en: str
    place_fa: str       # as sentences name it: «استان فارس», «کشور»
    place_en: str
    city_fa: str
    city_en: str
    officials: list = field(default_factory=list)   # (name fa, name en, role fa, role en)


@dataclass(eq=False)
class Program:
    slug: str
    fa: str
    en: str
    phrase_fa: str
    phrase_en: str
    aim_fa: str
    aim_en: str


@dataclass(eq=False)
class Fact:
    id: str
    scope: Scope
    program: Program
    measure: Measure
    metric: str
    value: object
    value_max: object
    qualifier: str
    extra_program: Program | None = None
    seed: str = ""
    quote: str = ""
    translation: str = ""
    speaker: tuple | None = None
    when: tuple | None = None
    parts: list | None = None
    period: tuple | None = None


@dataclass(eq=False)
class Document:
    index: int
    file: str
    lang: str
    scope: Scope
    facts: list
    speaker: tuple = ()
    when: tuple | None = None
    outlet: tuple | None = None      # (text, fa, en)
    dateline: str | None = None
    date: datetime.date | None = None
    text: str = ""
    mentions: list = field(default_factory=list)   # (program, quote, translation)


def make_scopes(count: int, rng: random.Random) -> list[Scope]:
    if not 0 <= count <= len(PROVINCES):
        raise SystemExit(f"--provinces must lie in 0–{len(PROVINCES)}")
    scopes = [Scope("national", "national", "سراسر کشور", "Nationwide", "کشور", "the country", "تهران", "Tehran")]
    scopes += [Scope(slug, "province", fa, en, f"استان {fa}", f"{en} province", cfa, cen)
               for slug, fa, en, cfa, cen in PROVINCES[:count]]
    used = set()
    for scope in scopes:
        roles = NATIONAL_ROLES if scope.kind == "national" else PROVINCE_ROLES
        for role_fa, role_en in roles:
            while True:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                if (first, last) not in used:
                    used.add((first, last))
                    break
            scope.officials.append((f"{first[0]} {last[0]}", f"{first[1]} {last[1]}",
                                    role_fa.format(fa=scope.fa), role_en.format(en=scope.en)))
    return scopes


def make_programs(count: int) -> list[Program]:
    if count < 1:
        raise SystemExit("--programs must be at least 1")
    programs = []
    for i in range(count):
        slug, fa, en, pfa, pen, afa, aen = PROGRAMS[i % len(PROGRAMS)]
        phase = i // len(PROGRAMS)
        if phase:
            if phase > len(ORDINALS):
                raise SystemExit(f"--programs must be at most {len(PROGRAMS) * (len(ORDINALS) + 1)}")
            ofa, oen = ORDINALS[phase - 1]
            slug, fa, en = f"{slug}-phase-{phase + 1}", f"{fa} (مرحله {ofa})", f"{en} ({oen} phase)"
            pfa, pen = f"مرحله {ofa} {pfa}", f"the {oen} phase of {pen[4:] if pen.startswith('the ') else pen}"
        programs.append(Program(slug, fa, en, pfa, pen, afa, aen))
    return programs


def metric_key(program: Program, measure: Measure, first: Program) -> str:
    if program is first and measure.bare_key:
        return measure.bare_key
    return f"{program.slug.replace('-', '_')}_{measure.key}"


def split(total: int, weights: list[float], caps: list[int]) -> list[int]:
    """total split in proportion to weights, no part above its cap."""
    counts = [0] * len(weights)
    remaining, open_ = total, list(range(len(weights)))
    while remaining > 0 and open_:
        weight = sum(weights[i] for i in open_)
        share = {i: remaining * weights[i] / weight for i in open_}
        for i in open_:
            counts[i] += min(caps[i] - counts[i], int(share[i]))
        remaining = total - sum(counts)
        open_ = [i for i in open_ if counts[i] < caps[i]]
        if remaining and open_ and all(int(share[i]) == 0 for i in open_):
            for i in open_[:remaining]:
                counts[i] += 1
            remaining = total - sum(counts)
    if remaining > 0:
        raise SystemExit(f"{total} facts do not fit: each scope reports each metric at most once, "
                         f"so at most {sum(caps)} facts fit — raise --programs or --provinces")
    return counts


def plan_facts(scopes, programs, total: int, rng: random.Random) -> list[Fact]:
    """Choose which scope reports which metric, with what value; most keys recur across scopes."""
    first = programs[0]
    keys = [(p, m) for p in programs for m in MEASURES]
    order = keys[:]
    rng.shuffle(order)
    weights = [2.0 if s.kind == "national" else rng.uniform(0.8, 1.2) for s in scopes]
    counts = split(total, weights, [len(keys)] * len(scopes))
    cover, share = MEASURE_BY_KEY["covered_population"], MEASURE_BY_KEY["population_share"]
    part_programs = [p for p in programs if p.slug in ("rural-insurance", "free-insurance")] or programs[1:3]
    facts = []
    for index, (scope, count) in enumerate(zip(scopes, counts)):
        national = scope.kind == "national"
        forced = {}
        if count >= 2:
            # every scope states its insured population and its share of the population (home page,
            # compare page, share chart); the first few also get a derived estimate and parts
            population = (85e6 if national else math.exp(rng.uniform(math.log(6e5), math.log(1.4e7))))
            percent = rng.randint(35, 60) if national else rng.randint(45, 96)
            insured = round_sig(population * percent / 100, rng.choice((2, 3, 4)))
            forced[(first, share)] = (percent, None, rng.choice(("exact", "about", "about")))
            forced[(first, cover)] = (insured, None, rng.choice(("exact", "more_than", "about")))
            if index < PARTS_SCOPES and count >= 2 + len(part_programs):
                left = insured * rng.uniform(0.4, 0.9)
                for program in part_programs:
                    part = round_sig(left * rng.uniform(0.3, 0.7), 2, down=True)
                    left -= part
                    forced[(program, cover)] = (part, None, rng.choice(("exact", "about", "more_than")))
        # each scope draws its keys from the front of one shared order, so keys recur across scopes
        need = count - len(forced)
        candidates = [k for k in order if k not in forced]
        chosen = list(forced) + rng.sample(candidates[:max(need, need * 5 // 4 + 1)], need)
        for program, measure in sorted(chosen, key=lambda k: (programs.index(k[0]), MEASURES.index(k[1]))):
            if (program, measure) in forced:
                value, value_max, qualifier = forced[(program, measure)]
            else:
                value, value_max, qualifier = make_value(measure, national, rng)
            key = metric_key(program, measure, first)
            fact = Fact(f"{scope.slug}-{program.slug}-{measure.key.replace('_', '-')}", scope, program,
                        measure, key, value, value_max, qualifier)
            if len(programs) > 1 and rng.random() < 0.2:
                other = rng.choice(programs)
                fact.extra_program = other if other is not program else None
            facts.append(fact)
        if (first, cover) in forced and index < PARTS_SCOPES:
            whole = next(f for f in facts if f.scope is scope and f.program is first and f.measure is cover)
            whole.parts = [f"{scope.slug}-{p.slug}-covered-population" for p in part_programs
                           if (p, cover) in forced]
            if not whole.parts:
                whole.parts = None
    return facts


def plan_documents(scopes, facts, total: int, rng: random.Random) -> list[Document]:
    """Give each scope documents in proportion to its facts, and deal its facts into them."""
    by_scope = {s.slug: [f for f in facts if f.scope is s] for s in scopes}
    active = [s for s in scopes if by_scope[s.slug]]
    if total < len(active):
        raise SystemExit(f"--sources must be at least {len(active)}, one per scope with facts")
    weights = [len(by_scope[s.slug]) for s in active]
    counts = [1 + c for c in split(total - len(active), weights, [total] * len(active))]
    width = max(3, len(str(total - 1)))
    docs, dealt = [], []
    for scope, count in zip(active, counts):
        pool = by_scope[scope.slug][:]
        rng.shuffle(pool)
        for k in range(count):
            dealt.append((scope, pool[k::count]))
    rng.shuffle(dealt)
    for index, (scope, doc_facts) in enumerate(dealt):
        lang = "en" if rng.random() < 1 / 3 else "fa"
        name = f"{index:0{width}d}_{rng.getrandbits(64):016x}.txt"
        docs.append(Document(index, name, lang, scope, doc_facts))
    return docs
