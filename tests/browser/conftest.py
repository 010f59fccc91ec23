"""The browser test tier (issue #5): one build, one local server and one Chromium per session.

Every test here is marked `browser`; `python -m pytest -m "not browser"` leaves the tier out (and then
nothing is built). A missing tool skips only the tests that need it, each with one reason saying how
to install it; set BROWSER_TESTS_REQUIRED=1 (e.g. in CI) to make a missing tool fail instead.

The site is built once, at collection time, so that the checks can be parametrized by page and a
failure names its page.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from browser_support import (
    AXE_JS, CHROMIUM, CHROMIUM_ARGS, LANGUAGES, VNU_JAR, WHY_NO_AXE, WHY_NO_CHROMIUM, WHY_NO_JAVA,
    WHY_NO_PLAYWRIGHT, WHY_NO_VNU, LocalServer, SiteBuild, SitePage, build_site, remove_build,
)

DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 360, "height": 740}
TIMEOUT_MS = 15_000

_BUILD = pytest.StashKey[SiteBuild]()


def unavailable(reason: str) -> None:
    """Skip (or, with BROWSER_TESTS_REQUIRED=1, fail) because a tool the test needs is missing."""
    if os.environ.get("BROWSER_TESTS_REQUIRED", "") not in ("", "0"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


# ---------------------------------------------------------------------------------------------
# The build, once per session.

def get_build(config: pytest.Config) -> SiteBuild:
    if _BUILD not in config.stash:
        out = Path(tempfile.mkdtemp(prefix="factsite-browser-")) / "site"
        config.stash[_BUILD] = build_site(out)
    return config.stash[_BUILD]


def pytest_unconfigure(config: pytest.Config) -> None:
    vnu = config.stash.get(_VNU, None)
    if vnu is not None:
        vnu.stop()
    remove_build(config.stash.get(_BUILD, None))


def _browser_tier_selected(config: pytest.Config) -> bool:
    """False when -m deselects the `browser` marker, so that such a run builds nothing."""
    expression = config.getoption("markexpr", "") or ""
    if not expression:
        return True
    try:
        from _pytest.mark.expression import Expression

        return bool(Expression.compile(expression).evaluate(lambda name, **kwargs: name == "browser"))
    except Exception:  # an API change in pytest: build, as the safe choice
        return True


PAGE_PARAMETERS = {
    "html_page": lambda page: True,                                  # every page, root included
    "lang_page": lambda page: page.lang in LANGUAGES,                # every page of /fa/ and /en/
    "fa_page": lambda page: page.lang == "fa",
    "province_page": lambda page: page.lang in LANGUAGES and page.is_province,
    "measure_page": lambda page: page.lang in LANGUAGES and page.is_measure,
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for name, wanted in PAGE_PARAMETERS.items():
        if name not in metafunc.fixturenames:
            continue
        if not _browser_tier_selected(metafunc.config):
            metafunc.parametrize(name, [pytest.param(None, id="not-built")])
            continue
        build = get_build(metafunc.config)
        pages = [page for page in build.pages if wanted(page)]
        if not build.ok:      # the `built_site` fixture fails each test with the build's output
            metafunc.parametrize(name, [pytest.param(None, id="build-failed")])
        elif not pages:
            metafunc.parametrize(name, [pytest.param(None, id="no-pages", marks=pytest.mark.xfail(
                reason=f"the build has no page for {name}", strict=True, run=False))])
        else:
            metafunc.parametrize(name, pages, ids=[page.id for page in pages])


def _page_key(item: pytest.Item) -> tuple[int, str]:
    """Browser checks first, page by page; then what needs no browser: vnu's results (it runs in the
    background meanwhile) and the checks of the whole site."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    url = next((params[name].url_path for name in PAGE_PARAMETERS if isinstance(params.get(name), SitePage)),
               params.get("url_path") if isinstance(params.get("url_path"), str) else None)
    if url is None:
        return 2, ""
    return (1 if "vnu_messages" in getattr(item, "fixturenames", ()) else 0), url


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run this tier page by page (a stable sort, so checks keep their file order within a page): each
    tab then loads each page once. Items outside tests/browser keep their places."""
    here = Path(__file__).resolve().parent
    slots = [i for i, item in enumerate(items) if here in Path(item.path).resolve().parents]
    ordered = sorted((items[i] for i in slots), key=_page_key)
    for slot, item in zip(slots, ordered):
        items[slot] = item


@pytest.fixture(scope="session")
def built_site(request: pytest.FixtureRequest) -> SiteBuild:
    """The site, built once into a temporary folder with `python build.py --out TMP`."""
    build = get_build(request.config)
    if not build.ok:
        pytest.fail(f"python build.py --out {build.out} failed:\n{build.log}", pytrace=False)
    if not build.pages:
        pytest.fail(f"python build.py --out {build.out} wrote no HTML page", pytrace=False)
    return build


@pytest.fixture(scope="session")
def server(built_site: SiteBuild):
    """The build, served by a threaded http.server on 127.0.0.1 at a free port."""
    with LocalServer(built_site.out) as local:
        yield local


# ---------------------------------------------------------------------------------------------
# Tools.

@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Python Playwright; launch() gives it a fresh temporary profile."""
    if not CHROMIUM.is_file():
        unavailable(WHY_NO_CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable(WHY_NO_PLAYWRIGHT)
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(scope="session")
def axe_path() -> Path:
    if not AXE_JS.is_file():
        unavailable(WHY_NO_AXE)
    return AXE_JS


@dataclass
class Visit:
    """What one page load asked for: requests blocked for leaving the local server, local responses that
    failed, and the font requests that finished (sizes are read from them when needed)."""

    url: str
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    fonts: list = field(default_factory=list)


class Tab:
    """One browser context with one page, reused for every test. Third-party requests are blocked and
    recorded; routing also keeps the HTTP cache off, so each load fetches all its files.

    visit() loads a page only if the tab is not already showing it: the tier's tests are ordered page by
    page (see pytest_collection_modifyitems), so each page is loaded once per tab, and every check of that
    tab reads the same load. A test that changes the page's state must call visit(page, fresh=True)."""

    def __init__(self, browser, server: LocalServer, **options) -> None:
        self.server = server
        self.context = browser.new_context(**options)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.set_default_navigation_timeout(TIMEOUT_MS)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.last: Visit | None = None
        self._pending: set = set()
        self.page.on("request", self._started)
        self.page.on("requestfinished", self._finished)
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)

    def _local(self, url: str) -> bool:
        return url.startswith(self.server.base_url + "/") or url == self.server.base_url

    def _route(self, route) -> None:
        if self._local(route.request.url) or route.request.url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            if self.last is not None:
                self.last.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def _started(self, request) -> None:
        self._pending.add(request)

    def _finished(self, request) -> None:
        self._pending.discard(request)
        if self.last is not None and request.resource_type == "font":
            self.last.fonts.append(request)

    def _failed(self, request) -> None:
        self._pending.discard(request)
        if self.last is not None and self._local(request.url):
            self.last.failed.append(f"{request.url}: {request.failure}")

    def _response(self, response) -> None:
        if self.last is not None and response.status >= 400:
            self.last.failed.append(f"{response.url}: HTTP {response.status}")

    def visit(self, page, fresh: bool = False) -> Visit:
        """Show a page of the build, loaded and with its fonts in; return the record of its load."""
        url = self.server.url(page)
        if not fresh and self.last is not None and self.last.url == url and self.page.url == url:
            return self.last
        self.last = visit = Visit(url)
        self._pending.clear()
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, \
            f"{url} answered {response.status if response else 'nothing'}"
        self.page.evaluate("document.fonts.ready.then(() => true)")
        for _ in range(200):              # let the last requestfinished events arrive (≤ 2 s)
            if not self._pending:
                break
            self.page.wait_for_timeout(10)
        return visit

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="session")
def desktop(browser, server):
    tab = Tab(browser, server, viewport=DESKTOP)
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def mobile(browser, server):
    tab = Tab(browser, server, viewport=MOBILE)
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def no_js(browser, server):
    tab = Tab(browser, server, viewport=DESKTOP, java_script_enabled=False)
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def tabs(desktop, mobile) -> dict[int, Tab]:
    return {DESKTOP["width"]: desktop, MOBILE["width"]: mobile}


# ---------------------------------------------------------------------------------------------
# The Nu HTML Checker: one run over every page, started in the background as soon as the tests are
# collected, so that the JVM works while the browser does.

_VNU = pytest.StashKey["VnuRun"]()


class VnuRun:
    """`java -jar vnu.jar --format json --errors-only --stdout FILES…`, run once."""

    def __init__(self, java: str, files: list[str]) -> None:
        self.command = [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--stdout",
                        "--exit-zero-always", *files]
        self.output = tempfile.TemporaryFile(mode="w+b")
        self.errors = tempfile.TemporaryFile(mode="w+b")
        self.process = subprocess.Popen(self.command, stdin=subprocess.DEVNULL, stdout=self.output,
                                        stderr=self.errors)

    def messages(self) -> list[dict]:
        import json

        try:
            code = self.process.wait(timeout=300)
        except subprocess.TimeoutExpired:
            self.stop()
            pytest.fail("vnu ran for more than 300 s", pytrace=False)
        self.output.seek(0)
        self.errors.seek(0)
        text = self.output.read().decode("utf-8", "replace")
        try:
            return json.loads(text)["messages"]
        except (ValueError, KeyError):
            errors = self.errors.read().decode("utf-8", "replace")
            pytest.fail(f"vnu gave no JSON report (exit {code}):\n{text[:3000]}\n{errors[:3000]}", pytrace=False)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.output.close()
        self.errors.close()


def _vnu_missing() -> str | None:
    if shutil.which("java") is None:
        return WHY_NO_JAVA
    if not VNU_JAR.is_file():
        return WHY_NO_VNU
    return None


def _start_vnu(config: pytest.Config) -> VnuRun | None:
    if _VNU not in config.stash:
        build = get_build(config)
        if not build.ok or _vnu_missing():
            return None
        config.stash[_VNU] = VnuRun(shutil.which("java"), [str(build.file(page.rel)) for page in build.pages])
    return config.stash[_VNU]


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    if any("vnu_messages" in getattr(item, "fixturenames", ()) for item in session.items):
        _start_vnu(session.config)


@pytest.fixture(scope="session")
def vnu_messages(request: pytest.FixtureRequest, built_site: SiteBuild) -> list[dict]:
    """The Nu HTML Checker's errors for every HTML file of the build, from one run."""
    missing = _vnu_missing()
    if missing:
        unavailable(missing)
    return _start_vnu(request.config).messages()
