"""#17: every page within one round trip. A generated site big enough to have every page kind — figure
pages, measure pages, capped sheets with a page of a scope's program, a paginated sources index — is
held to the national budgets; benchmarks/run.py measures the default national site the same way."""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from tests.helpers import built, made_once
from tests.test_benchmark_site import load_generator

HTML_GZIP_LIMIT = 14 * 1024   # gzip level 6: fits the first round trip of a new connection
HTML_RAW_LIMIT = 60 * 1024
FIRST_LOAD_LIMIT = 60 * 1024  # the page, its stylesheet and every font the site has, compressed
MEDIUM = {"provinces": 4, "programs": 5, "facts": 400, "sources": 60, "seed": 11}


@pytest.fixture(scope="session")
def medium(tmp_path_factory) -> Path:
    """A site of 400 facts, generated and built once per run, without the share cards (which no
    page is made of) and so without the pages for other sites' frames: the fixture site's are
    held to the budgets instead (a frame shows one figure, or one measure across the places)."""
    def make(folder: Path) -> None:
        load_generator().generate(folder / "site", **MEDIUM)
        built(folder / "site", "--no-cards")
    return made_once(tmp_path_factory, "budgets", make) / "site/public"


def pages(public: Path) -> dict[str, bytes]:
    return {p.relative_to(public).as_posix(): p.read_bytes() for p in sorted(public.rglob("*.html"))}


def test_every_page_kind_is_built_and_within_the_budgets(medium, pristine):
    """One test, not three: the processes the tests are shared among would each wait for the
    medium site. Every page kind is there; every page is at most 14 KB compressed and 60 KB in
    full; the first load of the largest (page, CSS and fonts, compressed) is at most 60 KB."""
    frames = {f"frame of the fixture site: {name}": data for name, data in pages(pristine / "public").items()
              if "/embed/" in name}
    assert any("/embed/facts/" in name for name in frames) and any("/embed/compare/" in name for name in frames)
    html = {**pages(medium), **frames}
    for lang in ("fa", "en"):
        assert any(re.fullmatch(rf"{lang}/facts/[^/]+/index\.html", n) for n in html)
        assert any(re.fullmatch(rf"{lang}/compare/[^/]+/index\.html", n) for n in html)
        assert any(re.fullmatch(rf"{lang}/(provinces/[^/]+|national)/[^/]+/index\.html", n) for n in html)
        assert f"{lang}/sources/page/2/index.html" in html
    over = []
    for name, data in html.items():
        packed = len(gzip.compress(data, compresslevel=6, mtime=0))
        if packed > HTML_GZIP_LIMIT or len(data) > HTML_RAW_LIMIT:
            over.append(f"{name}: {len(data):,} bytes, {packed:,} compressed")
    assert not over, "pages over 14 KB compressed or 60 KB in full:\n" + "\n".join(over)
    css = sum(len(gzip.compress(p.read_bytes(), 6, mtime=0)) for p in medium.rglob("*.css"))
    fonts = sum(p.stat().st_size for p in (medium / "static").rglob("*.woff2"))  # woff2 is compressed already
    largest = max(len(gzip.compress(data, 6, mtime=0)) for data in html.values())
    assert largest + css + fonts <= FIRST_LOAD_LIMIT, (
        f"page {largest:,} + CSS {css:,} + fonts {fonts:,} = {largest + css + fonts:,} bytes compressed")
