"""What only rendering shows in the templates, for `check`: one page of each template in each
language rendered as the build renders it (Renderer.html), its failures said as problems.

Load compiles every template and checks what they name; what fails only with a page's data (a
field no page has, a filter or macro given the wrong arguments, a required block left out, an
error in an included template) needs a render. The first page of each kind takes the branches
its own content leads to: an error on a branch only a later page takes is still the build's to find.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from jinja2 import Environment

from factsite.model import Problem, Site, Where
from factsite.render.pages import Page, PageMaker
from factsite.render.site import Fragments, Renderer, RenderError, make_renderer

PLACE = re.compile(r"(templates/[^:]+):(\d+): ")  # how render.site.template_error begins a message


def sample_pages(site: Site, built_on: datetime.date | None = None, env: Environment | None = None) -> list[Problem]:
    """Render the first page of each template in each language, and the root and 404 pages; each
    template line that fails, once, with the first page it failed on.

    env: the templates compiled already, or a way to compile them quicker (as make_renderer takes)."""
    renderer = make_renderer(site, built_on or datetime.date.today(), env)
    fragments = {lang: renderer.fragments(lang) for lang in site.config.languages}
    found: dict[Where, Problem] = {}
    for lang in site.config.languages:
        for make in first_of_each_template(renderer.makers(lang).values()):
            _render(renderer, make(), fragments[lang], found)
    for page in renderer.fixed_pages():
        _render(renderer, page, fragments[page.lang], found)
    return list(found.values())


def first_of_each_template(makers: Iterable[PageMaker]) -> list[PageMaker]:
    """The first page made with each template, in site order."""
    first: dict[str, PageMaker] = {}
    for make in makers:
        first.setdefault(make.template, make)
    return list(first.values())


def _render(renderer: Renderer, page: Page, fragments: Fragments, found: dict[Where, Problem]) -> None:
    """Render one page; keep its failure as a problem, unless that template line failed already."""
    try:
        renderer.html(page, fragments)
    except RenderError as err:
        problem = problem_of(str(err))
        found.setdefault(problem.where, problem)


def problem_of(message: str) -> Problem:
    """A RenderError's `templates/x.html:line: what — fix the template` as a problem at that line."""
    place = PLACE.match(message)
    if place is None:  # no template line in the traceback: the message names `templates` only
        return Problem(Where("templates"), message.removeprefix("templates: "))
    return Problem(Where(place[1], int(place[2]), 1), message[place.end():])
