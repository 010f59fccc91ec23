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

pytestmark = pytest.mark.xdist_group("test_budgets")  # one process builds the medium site, and no other waits

HTML_GZIP_LIMIT = 14 * 1024   # gzip level 6: fits the first round trip of a new connection
HTML_RAW_LIMIT = 60 * 1024
FIRST_LOAD_LIMIT = 60 * 1024  # the page, its stylesheet and every font the site has, compressed
MEDIUM = {"provinces": 4, "programs": 5, "facts": 400, "sources": 60, "seed": 11}


@pytest.fixture(scope="session")
def medium(tmp_path_factory) -> Path:
    """A site of 400 facts, generated and built once per run."""
    def make(folder: Path) -> None:
        load_generator().generate(folder / "site", **MEDIUM)
        built(folder / "site")
    return made_once(tmp_path_factory, "budgets", make) / "site/public"


def pages(public: Path) -> dict[str, bytes]:
    return {p.relative_to(public).as_posix(): p.read_bytes() for p in sorted(public.rglob("*.html"))}


def test_the_site_has_every_page_kind(medium):
    names = pages(medium)
    for lang in ("fa", "en"):
        assert any(re.fullmatch(rf"{lang}/facts/[^/]+/index\.html", n) for n in names)
        assert any(re.fullmatch(rf"{lang}/compare/[^/]+/index\.html", n) for n in names)
        assert any(re.fullmatch(rf"{lang}/(provinces/[^/]+|national)/[^/]+/index\.html", n) for n in names)
        assert f"{lang}/sources/page/2/index.html" in names


def test_every_page_is_at_most_14_kb_compressed_and_60_kb_in_full(medium):
    over = []
    for name, data in pages(medium).items():
        packed = len(gzip.compress(data, compresslevel=6, mtime=0))
        if packed > HTML_GZIP_LIMIT or len(data) > HTML_RAW_LIMIT:
            over.append(f"{name}: {len(data):,} bytes, {packed:,} compressed")
    assert not over, "pages over 14 KB compressed or 60 KB in full:\n" + "\n".join(over)


def test_the_first_load_of_every_page_is_at_most_60_kb_compressed(medium):
    css = sum(len(gzip.compress(p.read_bytes(), 6, mtime=0)) for p in medium.rglob("*.css"))
    fonts = sum(p.stat().st_size for p in (medium / "static").rglob("*.woff2"))  # woff2 is compressed already
    largest = max(len(gzip.compress(data, 6, mtime=0)) for data in pages(medium).values())
    assert largest + css + fonts <= FIRST_LOAD_LIMIT, (
        f"page {largest:,} + CSS {css:,} + fonts {fonts:,} = {largest + css + fonts:,} bytes compressed")
