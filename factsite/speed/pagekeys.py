"""What each page is made from, said as one digest per page (its key).

A rebuild renders again only the pages whose key differs from the one the last build recorded
(speed/rebuild.py) under the same `common`, the digest of everything but the facts (the
settings, the build code, every input file that holds no facts), which the record holds once: a
change to it renders every page. A page's key is the digest of the facts the page can show.

A fact is shown the same wherever it is shown (its view) given the fact itself, the facts of its
place and measure (its series: the latest, earlier figures, sources that differ) and the facts it
is linked with (computed from, a part of, made of), with theirs. So a page's key is made of:

- a figure's page: the places that report its measure, and the views of its measure in the few of
  them the page shows (the same measure elsewhere: factpages.elsewhere_places), its own among them;
- a measure's page, and its frame for other sites: the views of its measure in every place;
- a figure's frame for other sites: its view;
- a source's page: the views of the facts quoting it;
- a fact sheet: the views of the facts of that place;
- a fact sheet's page for one program: the views of the facts of that place and program;
- a program's page: the views of its facts, and its list of measures (those whose first current
  figure is of the program, with how many places report each: factpages.measures_by_program);
- the index of measures: every program's list of measures;
- the pages that show no fact (search, the offline copy's page, the lists of provinces, of
  programs and the pages of the list of sources): none, only what every page shares;
- any other page (home, the changes, the 404 and root pages): every fact.

A fact's own digest leaves out where in its file it is written, which no page shows. A page whose
kind is not listed here is keyed by every fact, so a new page kind is never left stale.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

from factsite.model import Cache, Fact, Site
from factsite.render.factindex import FactIndex
from factsite.render.factpages import elsewhere_places
from factsite.render.pages import source_list_paths, topic_path
from factsite.render.views import fact_path, scope_path
from factsite.verify.site import fact_keys

FACTLESS = ("search/", "offline/", "provinces/", "programs/")  # with the list of sources: no fact shown
_WHERE = re.compile(r"Where\(file=(?:'[^']*'|\"[^\"]*\"), line=\d+, column=\d+\)")


def digest(*parts: bytes) -> bytes:
    """A short digest of several byte strings, told apart from their concatenation."""
    return hashlib.blake2b(b"\0".join(parts), digest_size=16).digest()


def fact_digest(fact: Fact) -> bytes:
    """A fact's digest: every field but where in its file it was written."""
    return digest(_WHERE.sub("", repr(fact)).encode("utf-8", "surrogateescape"))


def fact_digests(site: Site, cache: Cache | None = None) -> dict[str, bytes]:
    """Each fact's digest (fact_digest) by id; cache: those worked out before, by what the fact
    as read and proved is made from (verify's fact_keys), so that only the facts of an edited file
    are digested again. A derived fact is digested each time: its value comes from other facts."""
    found = {}
    for fact, key in zip(site.facts, fact_keys(site, cache) if cache is not None else [None] * len(site.facts)):
        known = cache.get(("page", key)) if key is not None and not fact.derived else None
        if known is None:
            known = fact_digest(fact)
            if key is not None and not fact.derived:
                cache.put(("page", key), known)
        found[fact.id] = known
    return found


class Digests:
    """The digests of the facts, of their views, and of the groups of views pages show."""

    def __init__(self, site: Site, index: FactIndex | None = None, cache: Cache | None = None) -> None:
        self.fact = fact_digests(site, cache)
        self.everything = digest(*self.fact.values())
        series = _digested(_series(site.facts, self.fact))
        linked, by_id = _links(site.facts), site.facts_by_id
        self.view = {}
        for fact in site.facts:
            parts = [self.fact[fact.id], series[(fact.scope, fact.metric)]]
            for other in sorted(linked.get(fact.id, ())):
                if other in by_id:
                    parts += [self.fact[other], series[(by_id[other].scope, by_id[other].metric)]]
            self.view[fact.id] = digest(*parts)
        groups = map(_digested, _view_groups(site, self.view))
        self.metric, self.scope, self.seed, self.program, self.topic, self.place = groups
        self.program_measures = _measure_lists((index or FactIndex(site)).measures)
        self.measures = digest(*(slug.encode("utf-8") + listed
                                 for slug, listed in sorted(self.program_measures.items())))


def _series(facts, digests: dict[str, bytes]) -> dict[tuple[str, str], list[bytes]]:
    """The facts' digests by place and measure, in site order."""
    groups = defaultdict(list)
    for fact in facts:
        groups[(fact.scope, fact.metric)].append(digests[fact.id])
    return groups


def _view_groups(site: Site, views: dict[str, bytes]) -> tuple[dict, ...]:
    """The views' digests by measure, place, seed, program, (place, program) and (measure, place),
    in site order, in one pass over the facts."""
    metric, scope, seed, program, topic, place = (defaultdict(list) for _ in range(6))
    for fact in site.facts:
        view = views[fact.id]
        metric[fact.metric].append(view)
        place[(fact.metric, fact.scope)].append(view)
        scope[fact.scope].append(view)
        if fact.source:
            seed[fact.source.seed].append(view)
        for slug in fact.programs:
            program[slug].append(view)
            topic[(fact.scope, slug)].append(view)
    return metric, scope, seed, program, topic, place


def _digested(groups: dict[object, list[bytes]]) -> dict[object, bytes]:
    """Each group's members' digests as one digest."""
    return {key: digest(*members) for key, members in groups.items()}


def _measure_lists(measures: dict) -> dict[str, bytes]:
    """Each program's list of measures (FactIndex.measures) as a digest: which measures, how many
    provinces report each, for how many it is computed and whether the nation has it (the measures
    themselves are in `common`)."""
    return {slug: digest(repr([(metric.key, *counts) for metric, *counts in listed])
                         .encode("utf-8")) for slug, listed in measures.items()}


def _links(facts: list[Fact]) -> dict[str, set[str]]:
    """Each fact's inputs and parts, and the facts it is an input or a part of."""
    links = defaultdict(set)
    for fact in facts:
        for other in (*(fact.derived.inputs if fact.derived else ()), *(fact.parts.ids if fact.parts else ())):
            links[fact.id].add(other)
            links[other].add(fact.id)
    return links


def page_keys(site: Site, paths: Iterable[str], index: FactIndex | None = None,
              cache: Cache | None = None) -> dict[str, str]:
    """Each page's key (hexadecimal), by its site-relative path, under the `common` the record holds
    (a rebuild renders only what changed under the same: rebuild.py). index: the site's FactIndex,
    if one was made already; cache: as fact_digests takes it."""
    digests = Digests(site, index, cache)
    fine = _fine_keys(site, digests)
    return {path: fine.get(path, digests.everything).hex() for path in paths}


def _fine_keys(site: Site, digests: Digests) -> dict[str, bytes]:
    """The keys of the pages that show some facts only, by path."""
    none = digest()
    fine, figures = {}, _figure_keys(site, digests)
    for lang in site.config.languages:
        for fact in site.facts:
            fine[fact_path(lang, fact.id)] = figures[fact.id]
        for fact in site.facts:  # a figure's frame shows its view only
            fine[f"{lang}/embed/facts/{fact.id}/"] = digests.view[fact.id]
        for key, views in digests.metric.items():
            fine[f"{lang}/compare/{key}/"] = fine[f"{lang}/embed/compare/{key}/"] = views
        fine[f"{lang}/compare/"] = digests.measures
        for seed in site.seeds.values():
            fine[f"{lang}/sources/{seed.stem}/"] = digests.seed.get(seed.file, none)
        for slug in site.programs:  # its figures, and its measures (those of its figures)
            fine[f"{lang}/programs/{slug}/"] = digest(digests.program.get(slug, none),
                                                      digests.program_measures.get(slug, none))
        for slug in site.scopes:
            fine[scope_path(lang, slug)] = digests.scope.get(slug, none)
            for program in site.programs:
                fine[topic_path(lang, slug, program)] = digests.topic.get((slug, program), none)
        for page in (*FACTLESS, *source_list_paths(site)):
            fine[f"{lang}/{page}"] = none
    return fine


def _figure_keys(site: Site, digests: Digests) -> dict[str, bytes]:
    """The key of each fact's own page, by fact id: the places that report its measure (in site
    order) and the views of its measure in those of them the page shows, its own place among them,
    whose views hold its own (every fact's place is one of the site's: verify refuses any other)."""
    places, shown = defaultdict(list), {}
    for metric, scope in digests.place:
        places[metric].append(scope)
    rank = {slug: n for n, slug in enumerate(site.scopes)}.__getitem__
    for metric, listed in places.items():
        listed.sort(key=rank)
        names, views = "\n".join(listed).encode("utf-8"), {place: digests.place[(metric, place)] for place in listed}
        for scope in listed:
            shown[(metric, scope)] = digest(names, *map(views.__getitem__, elsewhere_places(listed, scope)))
    return {fact.id: shown[(fact.metric, fact.scope)] for fact in site.facts}
