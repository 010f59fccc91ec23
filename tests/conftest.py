"""Shared fixtures: a pristine copy of the fixture site (tests/fixture_site), built once per run, and
fresh copies of it; a small generated site of known content; and a cache folder of the tests' own."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import DEPLOYED_BASE, DEPLOYED_EPOCH, built, copy_site, link_tree, made_once, snapshot


@pytest.fixture(scope="session")
def pristine(tmp_path_factory) -> Path:
    """The fixture site copied once, with public/ built from it; never modify it."""
    return made_once(tmp_path_factory, "pristine", lambda folder: built(copy_site(folder / "site"))) / "site"


@pytest.fixture(scope="session")
def deployed(tmp_path_factory) -> Path:
    """The fixture site built as the deploy workflow builds it, with a full base address, on
    2026-12-01 (SOURCE_DATE_EPOCH); return its public/. Never modify it."""
    def make(folder: Path) -> None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", DEPLOYED_EPOCH)
            built(copy_site(folder / "site"), "--base-url", DEPLOYED_BASE)
    return made_once(tmp_path_factory, "deployed", make) / "site/public"


@pytest.fixture(scope="session")
def real_build(tmp_path_factory) -> tuple[Path, str]:
    """The real site built once into a folder of the tests' own (its public/), and what the build
    printed. Never modify it; tests of the real site check properties, never its counts."""
    def make(folder: Path) -> None:
        (folder / "printed.txt").write_text(built(None, "--out", str(folder / "public")), "utf-8")
    folder = made_once(tmp_path_factory, "real", make)
    return folder / "public", (folder / "printed.txt").read_text("utf-8")


@pytest.fixture(scope="session")
def pristine_snapshot(pristine) -> dict[str, str]:
    """Path → SHA-256 of every file of the pristine site's public/."""
    return snapshot(pristine / "public")


FEW_PUBLIC = ("en/index.html", "fa/index.html")  # with the files at the top of public/


def few_public(request) -> bool:
    """Whether the test is marked few_public: its builds fail (or it builds nothing, or writes
    elsewhere), so that a few of public/'s files tell as well as all of them whether a build left
    it as it was, and a copy of the whole (1,000 links in 400 folders) costs more to make and remove
    than the test itself."""
    return request.node.get_closest_marker("few_public") is not None


@pytest.fixture
def pristine_public(pristine_snapshot, request) -> dict[str, str]:
    """Path → SHA-256 of every file of the pristine site's public/ (of a test marked few_public: of
    those its `site` has)."""
    if not few_public(request):
        return pristine_snapshot
    return {name: digest for name, digest in pristine_snapshot.items() if "/" not in name or name in FEW_PUBLIC}


@pytest.fixture
def site(pristine, tmp_path, request) -> Path:
    """A fresh copy of the pristine site, public/ included, for one test to break (for a test marked
    few_public, with the files at the top of public/ and the home pages only)."""
    root = copy_site(tmp_path / "site", source=pristine, with_public=not few_public(request)).resolve()
    if few_public(request):
        link_few(pristine / "public", root / "public")
    return root


def link_few(public: Path, dest: Path) -> None:
    """dest as links of the files at the top of public/ and of its home pages (FEW_PUBLIC)."""
    dest.mkdir()
    for path in public.iterdir():
        if path.is_file():
            os.link(path, dest / path.name)
    for name in FEW_PUBLIC:
        (dest / name).parent.mkdir()
        os.link(public / name, dest / name)


@pytest.fixture
def bare_site(pristine, tmp_path) -> Path:
    """A fresh copy of the pristine site without public/."""
    return copy_site(tmp_path / "site", source=pristine).resolve()


@pytest.fixture(autouse=True)
def without_search(request, monkeypatch):
    """A test marked without_search reads pages, never the search index: its builds leave Pagefind
    out (the tests that read or compare the index, and the browser tier's search, run it)."""
    if request.node.get_closest_marker("without_search"):
        monkeypatch.setattr("factsite.write.site.index_for_search", lambda staging, kept=None: None)


@pytest.fixture(scope="session", autouse=True)
def one_process_per_build():
    """With the tests shared among a process per core (pytest-xdist), each build in a test runs in its
    own process only: the cores are taken. The tests of the pool give it its processes themselves."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("factsite.speed.pool.cores", lambda: 1)
        yield


@pytest.fixture(scope="session", autouse=True)
def own_cache_folder(tmp_path_factory):
    """What builds keep between runs goes to a folder of the tests' own, never the user's: one for the
    processes the tests are shared among (pytest-xdist gives each a folder of the run's), as for the
    builds of one user (a value is kept by a rename, by the digests it is made from)."""
    before = os.environ.get("XDG_CACHE_HOME")
    run = tmp_path_factory.getbasetemp()
    shared = run.parent / "cache" if os.environ.get("PYTEST_XDIST_WORKER") else run / "cache"
    shared.mkdir(exist_ok=True)
    os.environ["XDG_CACHE_HOME"] = str(shared)
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


SMALL = ["--provinces", "2", "--programs", "3", "--facts", "40", "--sources", "8"]


@pytest.fixture(scope="session")
def small_pristine(tmp_path_factory) -> Path:
    """A small synthetic site (benchmarks/generate.py: 2 provinces, 43 facts, 8 sources), built once."""
    def make(folder: Path) -> None:
        subprocess.run([sys.executable, str(Path(__file__).resolve().parent.parent / "benchmarks/generate.py"),
                        str(folder / "site"), *SMALL], check=True, capture_output=True)
        built(folder / "site")
    return made_once(tmp_path_factory, "small", make) / "site"


@pytest.fixture
def small_site(small_pristine, tmp_path, request) -> Path:
    """A fresh copy of the small site, public/ included as links (for a test marked few_public, a few
    of its files: see `site`)."""
    dest = tmp_path / "small"
    shutil.copytree(small_pristine, dest, symlinks=True, ignore=lambda folder, names: (
        ["public"] if folder == str(small_pristine) else []))
    if few_public(request):
        link_few(small_pristine / "public", dest / "public")
    else:
        link_tree(small_pristine / "public", dest / "public")
    return dest.resolve()


def pytest_collection_modifyitems(config, items):
    """The slow tier (marked `slow`: whole processes started, a disk filled up, another generator's
    site built) runs only when asked for by name, `-m slow`, as .ci/run does; the fast tier leaves it out."""
    if "slow" in (config.getoption("markexpr") or ""):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session, exitstatus):
    """After a run in which every test passed, its temporary folders (about 100,000 files of built
    sites) are removed by a process of its own once pytest has ended, not by pytest before it ends:
    folders are slow to remove on some disks (30,000 files took 2.5 s here). A failed run's stay."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    basetemp = getattr(factory, "_basetemp", None)
    if os.environ.get("PYTEST_XDIST_WORKER") or exitstatus != 0 or basetemp is None \
            or getattr(factory, "_given_basetemp", None) is not None or not basetemp.is_dir():
        return
    leaving = basetemp.with_name(f".removing-{basetemp.name}")
    try:
        os.rename(basetemp, leaving)
    except OSError:
        return  # pytest removes it itself
    subprocess.Popen(["rm", "-rf", "--", str(leaving)], start_new_session=True, stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
