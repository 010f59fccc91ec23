"""Stage 3 on every core: each language (and the data files) rendered whole by a forked process.

The files are the ones render_site makes (tests/test_render.py compares them); only the work is
shared out, and compiled templates are taken from the cache folder."""
from __future__ import annotations

import datetime
from pathlib import Path

from factsite.model import Site
from factsite.render.site import make_renderer
from factsite.speed.templates import cached_environment
from factsite.speed.workers import map_to_dict, worker_count


def render_site_forked(site: Site, built_on: datetime.date, workers: int | None = None) -> dict[str, bytes]:
    """render_site, with its shares rendered in forked processes on a large site.

    workers: processes to use (default: one per core for a large site, one for a small one)."""
    renderer = make_renderer(site, built_on, cached_environment(Path(site.root)))
    shares = renderer.shares()
    count = min(len(shares), worker_count(len(site.facts) + len(site.seeds) * 2, workers))
    return renderer.finish(map_to_dict(shares, lambda share: (share, renderer.share(share)), count))
