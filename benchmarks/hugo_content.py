"""The Hugo site with the synthetic site's own content and page set, for a comparison by content and
not only by page count (see hugo-content/hugo.toml for what it renders and what it leaves out).

The site's YAML becomes Hugo data; each page our build writes becomes a Hugo content file (its front
matter names what the page shows; a program's description, the About text and a source's full text
are its markdown body); the templates in hugo-content/layouts/ do the rest from the data."""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import yaml

from factsite.render.factpages import ELSEWHERE_ROWS, INDEX_MEASURES
from factsite.render.pages import (HOME_SOURCES, PROGRAM_ROWS, SHEET_ALL, SHEET_ROWS, SHEET_SOURCES,
                                   SOURCES_PER_PAGE)

HUGO_CONTENT = Path(__file__).resolve().parent / "hugo-content"
LANGUAGES = ("fa", "en")
DATA_FILES = ("scopes", "programs", "metrics", "seeds")
# Our build's limits, so that Hugo shortens the same tables and makes the same pages.
PARAMS = {"sheetAll": SHEET_ALL, "sheetRows": SHEET_ROWS, "programRows": PROGRAM_ROWS,
          "sheetSources": SHEET_SOURCES, "sourcesPerPage": SOURCES_PER_PAGE, "homeSources": HOME_SOURCES,
          "indexMeasures": INDEX_MEASURES, "elsewhereRows": ELSEWHERE_ROWS}
# The pages every language has, by content file: front matter.
FIXED_PAGES = {"_index.md": {"title": "Home"}, "about.md": {"layout": "about"},
               "changes.md": {"layout": "changes"}, "offline.md": {"layout": "offline"},
               "statements.md": {"layout": "statements"},
               "search.md": {"layout": "search"}, "provinces/_index.md": {"layout": "provinces"},
               "programs/_index.md": {"title": "Programs"}, "sources/_index.md": {"title": "Sources"},
               "compare/_index.md": {"title": "Compare"},
               "facts/_index.md": {"title": "Facts", "_build": {"render": "never"}}}

ABSOLUTE_URL = re.compile(r"\{\{ absolute_url\(site, '([^']*)'\) \}\}")  # in our templates/404.html
Page = tuple[str, dict, str]  # content file (under content/LANG/), front matter, body


def write_hugo_content(site: Path, dest: Path) -> None:
    """Fill dest with a copy of hugo-content/, the site's content as data, our build's limits as
    params, and a content file for each page our build writes in each language."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(HUGO_CONTENT, dest)
    _copy_data(site, dest / "data")
    if (site / "static").is_dir():
        shutil.copytree(site / "static", dest / "static/static")  # the pages link /static/style.css
    params = "".join(f"{key} = {value}\n" for key, value in PARAMS.items())
    (dest / "config/_default").mkdir(parents=True)
    (dest / "config/_default/params.toml").write_text(params, "utf-8")
    _write_not_found(site, dest / "layouts/_default/notfound.html")
    listed = {name: _listed(site / "content" / f"{name}.yaml", name) for name in DATA_FILES}
    facts = [fact for path in sorted((site / "content/facts").glob("*.yaml")) for fact in _listed(path, "facts")]
    for lang in LANGUAGES:
        for path, front, body in pages(site, listed, facts, lang):
            _write_page(dest / "content" / lang / path, front, body)
    _write_page(dest / "content/fa/404.md", {"title": "404", "url": "/404.html", "layout": "notfound"})


def pages(site: Path, listed: dict[str, list[dict]], facts: list[dict], lang: str) -> Iterator[Page]:
    """Every page of one language, as our build's page set has it."""
    about = site / "content/pages" / f"about.{lang}.md"
    for path, front in FIXED_PAGES.items():
        yield path, front, about.read_text("utf-8") if path == "about.md" and about.exists() else ""
    yield from _sheets(listed["scopes"], [p["slug"] for p in listed["programs"]], facts)
    for program in listed["programs"]:
        description = site / "content/programs" / f"{program['slug']}.{lang}.md"
        yield (f"programs/{program['slug']}.md", {"title": program["slug"], "program": program["slug"]},
               description.read_text("utf-8") if description.exists() else "")
    for number, seed in enumerate(listed["seeds"], 1):
        stem = Path(seed["file"]).stem
        yield (f"sources/{stem}.md", {"title": stem, "seed": seed["file"], "weight": number},
               (site / "seeds" / seed["file"]).read_text("utf-8"))
    reported = {fact["metric"] for fact in facts}
    for metric in listed["metrics"]:
        if metric["key"] in reported:
            yield f"compare/{metric['key']}.md", {"title": metric["key"], "metric": metric["key"]}, ""
    for fact in facts:
        yield f"facts/{fact['id']}.md", {"title": fact["id"], "fact": fact["id"]}, ""


def _sheets(scopes: list[dict], programs: list[str], facts: list[dict]) -> Iterator[Page]:
    """A sheet per scope, and a topic page per scope and program that a sheet or program page shortens."""
    for scope in scopes:
        yield f"{_scope_folder(scope['slug'])}/_index.md", {"title": scope["slug"], "layout": "scope",
                                                          "scope": scope["slug"]}, ""
    for scope, program in topics([s["slug"] for s in scopes], programs, facts):
        yield (f"{_scope_folder(scope)}/{program}.md",
               {"title": program, "layout": "topic", "scope": scope, "program": program}, "")


def topics(scopes: list[str], programs: list[str], facts: list[dict]) -> list[tuple[str, str]]:
    """The (scope, program) pairs with more figures than their sheet or program page shows, as our
    build decides them (factsite/render/pages.py, where every figure here is a current one)."""
    first = Counter((fact["scope"], fact["programs"][0]) for fact in facts)
    in_both = Counter((fact["scope"], program) for fact in facts for program in fact["programs"])
    in_scope = Counter(fact["scope"] for fact in facts)
    in_program = Counter(program for fact in facts for program in fact["programs"])
    return [(scope, program) for scope in scopes for program in programs
            if (in_scope[scope] > SHEET_ALL and first[(scope, program)] > SHEET_ROWS)
            or (in_program[program] > SHEET_ALL and in_both[(scope, program)] > PROGRAM_ROWS)]


def _scope_folder(slug: str) -> str:
    return "national" if slug == "national" else f"provinces/{slug}"


def _copy_data(site: Path, data: Path) -> None:
    """The facts files, the lists of scopes, programs, measures and sources, and site.yaml, as Hugo data."""
    shutil.copytree(site / "content/facts", data / "facts")
    for name in DATA_FILES:
        shutil.copy(site / "content" / f"{name}.yaml", data / f"{name}.yaml")
    shutil.copy(site / "site.yaml", data / "site.yaml")


def _write_not_found(site: Path, layout: Path) -> None:
    """Our bilingual 404 page as the Hugo layout: the template with its addresses written as root paths
    (relativeURLs makes them relative, as our build does)."""
    text = (site / "templates/404.html").read_text("utf-8")
    layout.write_text(ABSOLUTE_URL.sub(r"/\1", text), "utf-8")


def _listed(path: Path, key: str) -> list[dict]:
    """The list a YAML file holds under its key."""
    return yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)[key]


def _write_page(path: Path, front: dict, body: str = "") -> None:
    """One content file: its front matter (JSON values are YAML values) and body."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in front.items())
    path.write_text(f"---\n{lines}---\n{body}", "utf-8")
