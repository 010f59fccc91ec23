"""Shared pieces of the browser test tier: the one build, its pages, an HTML link parser, a local server.

Nothing here starts a browser; conftest.py does that, once per session.
"""
from __future__ import annotations

import functools
import posixpath
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"

WHY_NO_CHROMIUM = f"Chromium not found at {CHROMIUM} — install it with: apt-get install -y chromium"
WHY_NO_PLAYWRIGHT = ("Python Playwright is not installed — install it with: pip install -r requirements-dev.txt "
                     "(never run `playwright install`: the tier uses Debian's Chromium)")
WHY_NO_AXE = f"axe-core not found at {AXE_JS.relative_to(REPO_ROOT)} — run npm ci"
WHY_NO_VNU = f"vnu.jar not found at {VNU_JAR.relative_to(REPO_ROOT)} — run npm ci"
WHY_NO_JAVA = "Java not found on PATH — install it with: apt-get install -y default-jre-headless"

LANGUAGES = ("fa", "en")
KB = 1024


@dataclass(frozen=True)
class SitePage:
    """One built HTML page."""

    rel: str        # file path inside the build, e.g. "fa/provinces/kerman/index.html"
    url_path: str   # what the server answers it at, e.g. "/fa/provinces/kerman/"

    @property
    def id(self) -> str:
        """A short test id: "fa/provinces/kerman" or "root"."""
        return self.url_path.strip("/") or "root"

    @property
    def lang(self) -> str:
        """The language folder the page is in: "fa", "en", or "" for pages outside them."""
        first = self.url_path.strip("/").split("/")[0]
        return first if first in LANGUAGES else ""

    @property
    def is_province(self) -> bool:
        parts = self.url_path.strip("/").split("/")
        return len(parts) == 3 and parts[1] == "provinces"

    @property
    def is_measure(self) -> bool:
        """A measure's page, /{lang}/compare/{metric}/."""
        parts = self.url_path.strip("/").split("/")
        return len(parts) == 3 and parts[1] == "compare"


@dataclass
class SiteBuild:
    """The result of building the site once into a temporary folder."""

    out: Path
    ok: bool
    log: str
    seconds: float = 0.0
    pages: list[SitePage] = field(default_factory=list)

    def file(self, rel: str) -> Path:
        return self.out / rel

    def html_size(self, page: SitePage) -> int:
        return (self.out / page.rel).stat().st_size


def build_site(out: Path, *options: str) -> SiteBuild:
    """Copy the fixture site (tests/fixture_site) beside OUT and run `python build.py --root COPY --out
    OUT`; list the HTML pages it wrote. The tier names figures, headings and pages of the content the
    tests know, so it builds that, not the real content/."""
    import time

    from tests.helpers import copy_site

    started = time.perf_counter()
    try:
        root = copy_site(out.parent / "fixture-site")
        proc = subprocess.run([sys.executable, str(REPO_ROOT / "build.py"), "--root", str(root), "--out", str(out),
                               *options], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as error:
        return SiteBuild(out, False, f"could not run build.py: {error}")
    log = (proc.stdout + proc.stderr).strip()
    build = SiteBuild(out, proc.returncode == 0 and out.is_dir(), log, time.perf_counter() - started)
    if build.ok:
        build.pages = list_pages(out)
    return build


def list_pages(out: Path) -> list[SitePage]:
    """Every .html file of a build, as pages, sorted by URL."""
    pages = []
    for path in out.rglob("*.html"):
        rel = path.relative_to(out).as_posix()
        url = "/" + (rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)
        pages.append(SitePage(rel, url))
    return sorted(pages, key=lambda p: p.url_path)


def remove_build(build: SiteBuild | None) -> None:
    if build is not None:
        shutil.rmtree(build.out.parent, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Static link checking: parse the built files, no browser needed.

LINK_ATTRIBUTES = {"a": ("href",), "area": ("href",), "link": ("href",), "script": ("src",),
                   "img": ("src", "srcset"), "source": ("src", "srcset")}
NAVIGATION_TAGS = {"a", "area"}
EXTERNAL_SCHEMES_FOR_NAVIGATION = {"http", "https", "mailto", "tel"}


@dataclass(frozen=True)
class Ref:
    tag: str
    attr: str
    value: str
    line: int
    rel: str = ""
    hreflang: str = ""


@dataclass
class ParsedPage:
    refs: list[Ref] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    duplicate_ids: list[str] = field(default_factory=list)
    html_lang: str = ""

    @property
    def alternates(self) -> list[Ref]:
        return [r for r in self.refs if r.tag == "link" and "alternate" in r.rel.split() and r.hreflang]


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        if tag == "html":
            self.result.html_lang = values.get("lang", "")
        for key in ("id",) + (("name",) if tag == "a" else ()):
            if values.get(key):
                if values[key] in self.result.ids and key == "id":
                    self.result.duplicate_ids.append(values[key])
                self.result.ids.add(values[key])
        for attr in LINK_ATTRIBUTES.get(tag, ()):
            if attr not in values:
                continue
            urls = [values[attr]]
            if attr == "srcset":
                urls = [candidate.strip().split()[0] for candidate in values[attr].split(",") if candidate.strip()]
            for url in urls:
                self.result.refs.append(Ref(tag, attr, url.strip(), line, values.get("rel", "").lower(),
                                            values.get("hreflang", "")))

    handle_startendtag = handle_starttag


@functools.cache
def parse_page(path: Path) -> ParsedPage:
    parser = _LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.result


@dataclass(frozen=True)
class Resolved:
    """Where a reference leads: a file of the build (site-relative), or why it leads nowhere."""

    external: bool = False
    file: str = ""          # e.g. "fa/sources/001_x/index.html"
    fragment: str | None = None
    problem: str = ""


def resolve(out: Path, page: SitePage, value: str) -> Resolved:
    """Resolve an href/src found on `page` the way a browser would, against the built files."""
    if not value:
        return Resolved(problem="empty URL")
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return Resolved(external=True)
    fragment = unquote(parts.fragment) if "#" in value else None
    path = unquote(parts.path)
    base_dir = posixpath.dirname(page.url_path)           # "/fa/provinces/kerman"
    if not path:                                           # "#x" or "?q": the page itself
        target = page.url_path
    elif path.startswith("/"):
        target = path
    else:
        joined = posixpath.join(base_dir, path)
        # Count how far the relative path climbs: above the site root it only works at "/".
        depth = 0
        for segment in joined.split("/")[1:]:
            if segment == "..":
                depth -= 1
                if depth < 0:
                    return Resolved(problem="climbs above the site root (breaks under a sub-path)")
            elif segment not in ("", "."):
                depth += 1
        target = posixpath.normpath(joined) + ("/" if path.endswith("/") or path.endswith("/.")
                                               or path in (".", "..") else "")
        if target.startswith("//"):
            target = target[1:]
    rel = target.lstrip("/")
    if target.endswith("/"):
        rel += "index.html"
    file = out / rel
    if file.is_dir():
        return Resolved(problem=f"{target} is a folder: link to {target}/ instead")
    if not file.is_file():
        return Resolved(problem=f"no file {rel} in the build")
    return Resolved(file=rel, fragment=fragment)


def page_for_file(pages: list[SitePage], rel: str) -> SitePage | None:
    for page in pages:
        if page.rel == rel:
            return page
    return None


# ---------------------------------------------------------------------------------------------
# The local server.

class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf",
                      ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
                      ".csv": "text/csv", ".svg": "image/svg+xml"}

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


class LocalServer:
    """A threaded http.server on 127.0.0.1 at a free port, serving one folder in a background thread."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.host = f"127.0.0.1:{self.httpd.server_address[1]}"
        self.base_url = f"http://{self.host}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="browser-tier-server", daemon=True)

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def url(self, page: SitePage | str) -> str:
        return self.base_url + (page.url_path if isinstance(page, SitePage) else page)


def png_size(path: Path) -> tuple[int, int] | None:
    """(width, height) of a PNG file, or None when the file is not a PNG."""
    data = path.read_bytes()[:24]
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
