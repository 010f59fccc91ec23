"""The facts grouped the ways pages show them: by place, program, source and measure, and each
fact's series (current or an older report's figure). Each grouping is made the first time a page
asks for it."""
from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter

from factsite.model import Citation, Fact, Site
from factsite.render.factpages import measures_by_program
from factsite.render.views import Series, reported_on

ALONE = Series(True, (), ())  # the series of a fact alone in its scope and metric (the same for every such fact)


@dataclass(frozen=True)
class FactIndex:
    """The facts and mentions grouped, so that no page scans every fact; each grouping is made
    the first time a page needs it (a preview renders one page, a build all of them)."""

    site: Site
    series_by_scope: dict[str, dict[str, Series]] = field(default_factory=dict, compare=False, repr=False)
    shared: dict[str, object] = field(default_factory=dict, compare=False, repr=False)  # see once()

    def once(self, name: str, make: Callable[[], object]) -> object:
        """What make() gives, made the first time it is asked for by this name (what every language's
        pages share that is not a grouping of the facts, like the list of a place's pages per program)."""
        if name not in self.shared:
            self.shared[name] = make()
        return self.shared[name]

    @cached_property
    def by_scope(self) -> dict[str, list[Fact]]:
        return _by(self.site.facts, attrgetter("scope"))

    @cached_property
    def by_program(self) -> dict[str, list[Fact]]:
        return _group(self.site.facts, lambda fact: fact.programs)

    @cached_property
    def by_seed(self) -> dict[str, list[Fact]]:
        return _group(self.site.facts, lambda fact: (fact.source.seed,) if fact.source else ())

    @cached_property
    def mentions_by_seed(self) -> dict[str, list[tuple[str, Citation]]]:
        mentions = defaultdict(list)
        for program in self.site.programs.values():
            for i, mention in enumerate(program.mentions, 1):
                mentions[mention.seed].append((mention_anchor(program.slug, i), mention))
        return mentions

    def series(self, fact: Fact) -> Series:
        """Where the fact stands among its scope's figures of its metric: the latest report's figures
        (and undated ones) are current, and differ if their values do; older reports' figures are history."""
        return self._series_in(fact.scope)[fact.id]

    def _series_in(self, scope: str) -> dict[str, Series]:
        """The series of every fact of one scope, worked out together the first time one is asked
        for (a page on request needs its scope's only)."""
        found = self.series_by_scope.get(scope)
        if found is None:
            found = self.series_by_scope[scope] = {}
            for group in _by(self.by_scope[scope], attrgetter("metric")).values():
                if len(group) == 1:  # most measures: one report of it in the scope, current and alone
                    found[group[0].id] = ALONE
                else:
                    found.update(self._place(group))
        return found

    def _place(self, group: list[Fact]) -> dict[str, Series]:
        """The series of every fact of one scope and metric (two or more), worked out together."""
        dates = {f.id: reported_on(f, self.site) for f in group}
        latest = max((d for d in dates.values() if d), default=None)
        current = [f for f in group if dates[f.id] is None or dates[f.id] == latest]
        now = {f.id for f in current}
        history = tuple(sorted((f for f in group if f.id not in now), key=lambda f: dates[f.id], reverse=True))
        value = lambda fact: (fact.value, fact.value_max)  # noqa: E731
        return {fact.id: Series(True, tuple(f for f in current if value(f) != value(fact)),
                                history if fact is current[0] else ())
                if fact.id in now else Series(False, (), ()) for fact in group}

    @cached_property
    def by_metric(self) -> dict[str, list[Fact]]:
        """The current figures of each measure."""
        return _by(self.current(self.site.facts), attrgetter("metric"))

    @cached_property
    def measures(self) -> dict:
        """The measures of each program (see factpages.measures_by_program)."""
        return measures_by_program(self.site, self.by_metric)

    @cached_property
    def current_by_scope(self) -> dict[str, list[Fact]]:
        """The current figures of each scope."""
        return _by(self.current(self.site.facts), attrgetter("scope"))

    @cached_property
    def older(self) -> frozenset[str]:
        """The ids of the site's facts that are an older report's figure for their scope and metric
        (a checked site's ids are unique): every scope's series worked out once, so that each later
        look is a set's."""
        return frozenset(fact.id for scope, facts in self.by_scope.items()
                         for fact in facts if not self._series_in(scope)[fact.id].current)

    def current(self, facts: list[Fact]) -> list[Fact]:
        """The facts of the site that are not an older report's figure for their scope and metric."""
        older = self.older
        return [f for f in facts if f.id not in older] if older else list(facts)

    def current_in(self, scope: str) -> list[Fact]:
        """The current figures of one scope (current_by_scope's, without working out every scope's)."""
        return [f for f in self.by_scope[scope] if self.series(f).current]


def _by(facts, key: Callable[[Fact], Hashable]) -> dict:
    """The facts under their key, in order; an unknown key gives an empty list. Taken a run of the
    same key at a time (facts come in runs: a facts file holds one scope's)."""
    groups = defaultdict(list)
    for value, run in itertools.groupby(facts, key):
        groups[value].extend(run)
    return groups


def _group(facts, keys: Callable[[Fact], tuple]) -> dict:
    """The facts under each of their keys, in order; an unknown key gives an empty list."""
    groups = defaultdict(list)
    for fact in facts:
        for key in keys(fact):
            groups[key].append(fact)
    return groups


def index_facts(site: Site) -> FactIndex:
    """The site's facts and mentions, to be grouped as pages ask for them."""
    return FactIndex(site)


def mention_anchor(program: str, number: int) -> str:
    return f"mention-{program}-{number}"
