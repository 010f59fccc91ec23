"""What render keeps of each fact in the Cache it is given (model.py), by what it is made from: its
rows of the data files and its entries in the offline copy's search index. A fact read and proved
as before (verify's fact_keys) with the same lists beside it gives the same rows and entries, so
after an edit only the edited facts' are made again."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from factsite.model import Cache, Fact, Site
from factsite.render.data import Rows, fact_rows
from factsite.render.offline import fact_entries
from factsite.render.prose import references_digest
from factsite.verify.site import fact_keys


def kept_rows(site: Site, cache: Cache, keys: list[tuple | None] | None = None) -> Rows:
    """Each fact's rows of the data files (data.fact_rows), kept by the fact and the seeds' and
    measures' lists, and what notes refer to (a note's references show other facts' figures)."""
    lists = (site.digests.get("content/seeds.yaml"), site.digests.get("content/metrics.yaml"),
             references_digest(site))
    return _kept_by_fact(site, cache, "rows", lists, fact_rows, keys)


def kept_entries(site: Site, cache: Cache, keys: list[tuple | None] | None = None) -> dict[str, dict[str, str]]:
    """Each fact's entries in the offline copy's search index (offline.fact_entries), kept by the
    fact, the names of the scopes and the seeds' list (which says each seed's language)."""
    lists = (site.digests.get("content/scopes.yaml"), site.digests.get("content/seeds.yaml"))
    return _kept_by_fact(site, cache, "search entries", lists, fact_entries, keys)


def _kept_by_fact(site: Site, cache: Cache, kind: str, lists: tuple, make: Callable[[Site, Iterable[Fact]], dict],
                  keys: list[tuple | None] | None) -> dict:
    """make(site, facts) for each fact, by id: what the cache holds of it under (kind, its key,
    *lists), the rest made and kept. A derived fact's is made each time: its value comes from
    other facts. keys: fact_keys(site, cache), if worked out already."""
    keys = fact_keys(site, cache) if keys is None else keys
    kept_keys = [(kind, key, *lists) if key is not None and not fact.derived and None not in lists else None
                 for fact, key in zip(site.facts, keys)]
    found = {fact.id: cache.get(key) for fact, key in zip(site.facts, kept_keys) if key is not None}
    missing = [fact for fact in site.facts if found.get(fact.id) is None]
    made = make(site, missing)
    for fact, key in zip(site.facts, kept_keys):
        if found.get(fact.id) is None and key is not None:
            cache.put(key, made[fact.id])
    return {**{fid: value for fid, value in found.items() if value is not None}, **made}
