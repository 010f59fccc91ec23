"""The preview's build steps and its pages rendered on request: an edit shows as soon as it is checked.

After an edit, `serve` checks the content, then answers each request for a page by rendering that
page alone, while the build itself writes the site in a process of its own (build_beside). The
bytes are the ones the build writes (the same Renderer makes both); once the site is on disk it is
served from there again.
"""
from __future__ import annotations

import contextlib
import html
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from operator import attrgetter
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jinja2 import TemplateSyntaxError

from factsite.load.site import load_site
from factsite.speed.cache import Bounded
from factsite.render.links import file_for
from factsite.render.pages import PageMaker, page_maker
from factsite.render.views import FactViews
from factsite.render.site import Fragments, Renderer, RenderError, build_date_later, make_environment, make_renderer
from factsite.verify.site import verify_site

RELOAD_PATH = "/__reload"
LONG_POLL_S = 20.0
POLL_S = 0.01  # how often, while the build writes, the preview looks at whether a newer edit came
BUILD_NICENESS = 10  # the build's priority below the preview's: a check or a page an editor waits for comes first
BUILD = Path(__file__).resolve().parent.parent.parent / "build.py"
RELOAD_SCRIPT = (
    '<script>(() => {{ const generation = {generation};'
    ' const poll = () => fetch("{path}?since=" + generation, {{cache: "no-store"}})'
    '.then(r => r.json()).then(d => d.generation !== generation ? location.reload() : poll(),'
    ' () => setTimeout(poll, 1000)); poll(); }})();</script>'
)
BANNER_STYLE = ("position:fixed;inset:0 0 auto 0;z-index:2147483647;max-height:50vh;overflow:auto;"
                "margin:0;padding:.75rem 1rem;background:#8b0000;color:#fff;font:14px/1.5 monospace;"
                "text-align:left;white-space:pre-wrap")


class LivePages:
    """Every page of one checked site, each rendered the first time it is asked for.

    They stay served while the content has a problem (they are then the last good build), so they
    never touch the page cache: a later build may have changed what its entries were made with."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.makers: dict[str, dict[str, PageMaker]] = {}  # by language, made when first needed
        self.views: dict[str, FactViews] = {}  # by language, for the pages made alone
        self.fixed = {file_for(page.path): page for page in renderer.fixed_pages()}
        self.fragments: dict[str, Fragments] = {}  # by language, made when first needed
        self.rendered: dict[str, bytes] = {}
        self.lock = threading.Lock()  # one page at a time: pages share the fragments and views
        self.served = threading.Event()  # set by the server once it has sent one of these pages

    def page(self, name: str) -> bytes | None:
        """The page written at site-relative file name, or None if no page is written there."""
        with self.lock:
            data = self.rendered.get(name)
            if data is None:
                page = self.fixed.get(name)
                if page is None:
                    maker = self._maker(name.split("/", 1)[0], name.removesuffix("index.html"))
                    if maker is None:
                        return None
                    page = maker()
                if page.lang not in self.fragments:
                    self.fragments[page.lang] = self.renderer.fragments(page.lang)
                data = self.rendered[name] = self.renderer.html(page, self.fragments[page.lang])
            return data

    def _maker(self, lang: str, path: str) -> PageMaker | None:
        """The page at this path: a figure's page or a sheet made alone, any other from every page
        of its language."""
        renderer = self.renderer
        if lang in renderer.site.config.languages:
            if lang not in self.views:
                self.views[lang] = FactViews(renderer.site, lang, renderer.index.series)
            maker = page_maker(renderer.site, lang, renderer.index, self.views[lang], renderer.built_on, path)
            if maker is not None:
                return maker
        return self._makers(lang).get(path)

    def _makers(self, lang: str) -> dict[str, PageMaker]:
        """The pages of one language by path ({} for a folder that is no language)."""
        if lang not in self.makers:
            known = lang in self.renderer.site.config.languages
            self.makers[lang] = self.renderer.makers(lang) if known else {}
        return self.makers[lang]


def live_page(live: LivePages, url_path: str) -> bytes | None:
    """The page at this URL path from the live pages, or None if it is not a page (or fails)."""
    name = unquote(urlsplit(url_path).path).lstrip("/")
    if name == "" or name.endswith("/"):
        name += "index.html"
    try:
        return live.page(name)
    except Exception:  # noqa: BLE001 — the build in the background reports it; serve the last good file
        return None


def decorate(page: bytes, generation: int, errors: list[str]) -> bytes:
    """The page with the reload script, and the error banner if the latest build failed."""
    snippet = error_banner(errors) + RELOAD_SCRIPT.format(generation=generation, path=RELOAD_PATH)
    text = page.decode("utf-8", "replace")
    at = text.rfind("</body>")
    text = text[:at] + snippet + text[at:] if at >= 0 else text + snippet
    return text.encode("utf-8")


def error_banner(errors: list[str]) -> str:
    """A banner listing the problems of the latest build, or '' when there are none."""
    if not errors:
        return ""
    items = "".join(f"<li>{html.escape(error)}</li>" for error in errors)
    return (f'<div id="factsite-build-errors" role="alert" dir="ltr" lang="en" style="{BANNER_STYLE}">'
            f"<strong>The build failed with {len(errors)} problem(s); this is the last good build.</strong>"
            f'<ul style="margin:.5rem 0 0;padding-left:1.25rem">{items}</ul></div>')


class Session:
    """What the preview keeps from one save to the next: the cache the stages are given, and the
    templates compiled (Jinja compiles one again when its file changes)."""

    def __init__(self, root: Path) -> None:
        self.cache = Bounded()
        self.env = make_environment(root, reload=True)


def check_once(root: Path, session: Session) -> tuple[list[str], Renderer | None]:
    """Stages 1 and 2, given what earlier saves kept; return the problems, or none and the renderer."""
    try:
        dated = build_date_later(root)  # git runs meanwhile
        site, problems = load_site(root, session.cache)
        if site is not None:
            site, found = verify_site(site, cache=session.cache)
            problems += found
        if problems:
            return [str(p) for p in sorted(problems, key=attrgetter("where"))], None
        return [], make_renderer(site, dated(), session.env)
    except Exception as err:  # noqa: BLE001 — a broken template or file must not stop the preview
        return [_failure(root, err)], None


def build_beside(root: Path, out_dir: Path, superseded: Callable[[], bool],
                 changed: threading.Event | None = None) -> tuple[list[str], str | None]:
    """Stages 3 and 4 by the build itself, `python build.py`, in a process of its own at low priority:
    it renders only the pages the edits changed, writes them and indexes the site for search, on
    other cores than the preview's and without its interpreter lock. Return its problems and its
    summary line; no line if superseded by a newer edit first: the build (and any Pagefind it runs)
    is then killed, and the next build takes up what it left (write/output.py's recover).
    changed: set by a newer edit (superseded is asked at once then, not at the next look)."""
    nice = ["nice", "-n", str(BUILD_NICENESS)] if shutil.which("nice") else []
    process = subprocess.Popen([*nice, sys.executable, str(BUILD), "--root", str(root), "--out", str(out_dir)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                               start_new_session=True)
    said: list[tuple[str, str]] = []
    reader = threading.Thread(target=lambda: said.append(process.communicate()), daemon=True)
    reader.start()
    try:
        while reader.is_alive():
            if superseded():
                _stop(process)
                return [], None
            (changed.wait if changed is not None else reader.join)(POLL_S)  # a newer edit wakes it at once
    except BaseException:  # Ctrl-C while serve starts: the build must not go on alone
        _stop(process)
        raise
    out, err = said[0]
    if process.returncode != 0:
        return [line for line in err.splitlines() if line.strip()] or \
            [f"the build failed with exit code {process.returncode}"], None
    return [], out.strip().splitlines()[-1] if out.strip() else ""


def _stop(process: subprocess.Popen) -> None:
    """Kill the build and every process it started (its reader thread waits for it meanwhile)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _failure(root: Path | str, err: Exception) -> str:
    """What went wrong, said as a problem line."""
    if isinstance(err, TemplateSyntaxError):
        name = Path(err.filename).relative_to(root).as_posix() if err.filename else err.name
        return f"{name}:{err.lineno}: {err.message}"
    if isinstance(err, RenderError):
        return str(err)
    return f"the build failed: {type(err).__name__}: {err}"
