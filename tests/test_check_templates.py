"""`check` refuses every template `build` refuses (#35, item 5).

Each case writes a small broken template into a copy of the site. What compiling shows (a block
defined twice, `{% extends %}` in a block) and what templates take from each other (a name a
template does not define, a template that comes back to itself) are found by load: `check` and
`build` both say the same lines, exit 1 without a traceback, and public/ stays as it was. What
only rendering shows (a field no page has, a filter given the wrong arguments) is found by
rendering the first page of each template in each language (render/sample.py), in the words the
build uses.
"""
from __future__ import annotations

import re
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

import pytest

from factsite.cli import main
from factsite.render.sample import sample_pages
from factsite.load.site import load_site
from factsite.model import Problem, Site
from factsite.render.site import kept_environment
from factsite.speed.cache import Bounded
from factsite.verify.site import verify_site
from tests.helpers import replace_file, snapshot

pytestmark = pytest.mark.few_public  # no test here builds its `site` successfully

ABOUT, PARTS = "templates/about.html", "templates/parts.html"  # parts.html: a template the cases add
PAGE = '{% extends "base.html" %}\n{% block title %}About{% endblock %}\n'  # lines 1-2 of about.html


def page(rest: str) -> str:
    """about.html as a small page of base.html: rest begins on line 3."""
    return PAGE + rest + "\n"


class Case(NamedTuple):
    """Templates written into the site, by site-relative path, and the problem lines `check` says."""

    id: str
    files: dict[str, str]
    lines: tuple[str, ...]


def case(id: str, files: dict[str, str], *lines: str) -> Case:
    return Case(id, files, lines)


FIX = " — fix the template"
LOAD_CASES = [
    case("syntax-unclosed-if", {ABOUT: page("{% block main %}{% if lang %}{% endblock %}")},
         "templates/about.html:3:1: Encountered unknown tag 'endblock'. You probably made a nesting mistake. Jinja "
         "is expecting this tag, but currently looking for 'elif' or 'else' or 'endif'. The innermost block that "
         f"needs to be closed is 'if'.{FIX}"),
    case("block-defined-twice", {ABOUT: page("{% block main %}{% endblock %}\n{% block title %}Again{% endblock %}")},
         f"templates/about.html:4:1: block 'title' defined twice{FIX}"),
    case("block-defined-twice-in-an-included-template",
         {ABOUT: page('{% block main %}{% include "parts.html" %}{% endblock %}'),
          PARTS: "{% block box %}{% endblock %}\n{% block box %}{% endblock %}\n"},
         f"templates/parts.html:2:1: block 'box' defined twice{FIX}"),
    case("extends-inside-a-block", {ABOUT: page('{% block main %}\n{% extends "base.html" %}\n{% endblock %}')},
         f"templates/about.html:4:1: cannot use extend from a non top-level scope{FIX}"),
    case("extends-twice", {ABOUT: '{% extends "base.html" %}\n' + page("{% block main %}{% endblock %}")},
         "templates/about.html:2:1: a second `{% extends %}` (the first is on line 1) — a template extends one "
         "template; keep one"),
    case("extends-a-missing-template", {ABOUT: page("").replace("base.html", "page.html")},
         "templates/about.html:1:1: the template page.html does not exist — create it in templates/ or correct the "
         "name"),
    case("includes-a-missing-template", {ABOUT: page('{% block main %}{% include "part.html" %}{% endblock %}')},
         "templates/about.html:3:1: the template part.html does not exist — create it in templates/ or correct the "
         "name"),
    case("imports-a-missing-template", {ABOUT: page('{% import "helpers.html" as h %}')},
         "templates/about.html:3:1: the template helpers.html does not exist — create it in templates/ or correct "
         "the name"),
    case("imports-a-missing-macro", {ABOUT: page('{% from "macros.html" import breadcrumbs, nope with context %}\n'
                                                 "{% block main %}{{ breadcrumbs([]) }}{% endblock %}")},
         "templates/about.html:3:1: `nope` is not defined in macros.html — define it there, or correct the name"),
    case("calls-a-missing-macro-of-an-imported-template",
         {ABOUT: page('{% import "macros.html" as m with context %}\n{% block main %}{{ m.nope() }}{% endblock %}')},
         "templates/about.html:4:1: `m.nope` is not defined in macros.html — define it there, or correct the name"),
    case("calls-an-undefined-macro", {ABOUT: page("{% block main %}{{ nope() }}{% endblock %}")},
         "templates/about.html:3:1: `nope` is not defined — import the macro, set the name, or use one the build "
         "gives templates (see model.TEMPLATE_NAMES)"),
    case("macro-caller-without-default",
         {ABOUT: page("{% macro box(caller) %}{{ caller() }}{% endmacro %}\n{% block main %}{% endblock %}")},
         "templates/about.html:3:1: When defining macros or call blocks the special \"caller\" argument must be "
         f"omitted or be given a default.{FIX}"),
    case("loop-as-a-loop-variable", {ABOUT: page("{% block main %}{% for loop in [1] %}{% endfor %}{% endblock %}")},
         f"templates/about.html:3:1: Can't assign to special loop variable in for-loop target{FIX}"),
    case("unknown-filter", {ABOUT: page("{% block main %}{{ lang|shout }}{% endblock %}")},
         "templates/about.html:3:1: no filter named `shout` — use one of Jinja's filters or correct the name"),
    case("unknown-filter-in-an-if", {ABOUT: page("{% block main %}{% if lang == 'xx' %}{{ 1|shout }}{% endif %}"
                                                 "{% endblock %}")},
         "templates/about.html:3:1: no filter named `shout` — use one of Jinja's filters or correct the name"),
    case("unknown-test", {ABOUT: page("{% block main %}{{ lang is loud }}{% endblock %}")},
         "templates/about.html:3:1: no test named `loud` — use one of Jinja's tests or correct the name"),
    case("syntax-error-in-an-imported-template",
         {ABOUT: page('{% from "parts.html" import box %}\n{% block main %}{{ box() }}{% endblock %}'),
          PARTS: "{% macro box() %}\n{{ 1 + }}\n{% endmacro %}\n"},
         f"templates/parts.html:2:1: unexpected 'end of print statement'{FIX}"),
    case("extends-itself", {ABOUT: page("").replace('"base.html"', '"about.html"')},
         "templates/about.html:1:1: about.html comes back to itself (about.html extends about.html) — rendering it "
         "would never end; remove one of these links"),
    case("includes-itself", {ABOUT: page('{% block main %}{% include "about.html" %}{% endblock %}')},
         "templates/about.html:3:1: about.html comes back to itself (about.html includes about.html) — rendering it "
         "would never end; remove one of these links"),
    case("imports-in-a-loop", {ABOUT: page('{% import "parts.html" as p %}'), PARTS: '{% import "about.html" as a %}'},
         "templates/about.html:3:1: about.html comes back to itself (about.html imports parts.html, which imports "
         "about.html) — rendering it would never end; remove one of these links",
         "templates/parts.html:1:1: parts.html comes back to itself (parts.html imports about.html, which imports "
         "parts.html) — rendering it would never end; remove one of these links"),
]

PAGE_OBJECT = "'factsite.render.pages.Page object'"
RENDER_CASES = [  # the first line found, and the page of the first language it fails on
    case("undefined-attribute", {ABOUT: page("{% block main %}{{ page.nope }}{% endblock %}")},
         f"templates/about.html:3:1: {PAGE_OBJECT} has no attribute 'nope' (rendering fa/about/){FIX}"),
    case("filter-given-a-wrong-argument", {ABOUT: page('{% block main %}{{ 1.5|round("x") }}{% endblock %}')},
         "templates/about.html:3:1: TypeError: 'str' object cannot be interpreted as an integer (rendering fa/about/)"
         f"{FIX}"),
    case("filter-given-an-unknown-keyword", {ABOUT: page('{% block main %}{{ "a"|truncate(nope=3) }}{% endblock %}')},
         "templates/about.html:3:1: TypeError: do_truncate() got an unexpected keyword argument 'nope' (rendering "
         f"fa/about/){FIX}"),
    case("macro-given-too-many-arguments",
         {ABOUT: page('{% from "parts.html" import box %}\n{% block main %}{{ box(1) }}{% endblock %}'),
          PARTS: "{% macro box() %}<b></b>{% endmacro %}\n"},
         "templates/about.html:4:1: TypeError: macro 'box' takes not more than 0 argument(s) (rendering fa/about/)"
         f"{FIX}"),
    case("macro-argument-left-out",
         {ABOUT: page('{% from "parts.html" import box %}\n{% block main %}{{ box() }}{% endblock %}'),
          PARTS: "{% macro box(text) %}<b>{{ text }}</b>{% endmacro %}\n"},
         f"templates/parts.html:1:1: parameter 'text' was not provided (rendering fa/about/){FIX}"),
    case("error-in-an-imported-macro",
         {ABOUT: page('{% from "parts.html" import box %}\n{% block main %}{{ box("a") }}{% endblock %}'),
          PARTS: "{% macro box(text) %}\n<b>{{ text.nope }}</b>\n{% endmacro %}\n"},
         f"templates/parts.html:2:1: 'str object' has no attribute 'nope' (rendering fa/about/){FIX}"),
    case("error-in-an-included-template",
         {ABOUT: page('{% block main %}{% include "parts.html" %}{% endblock %}'), PARTS: "<p>\n{{ page.nope }}\n"},
         f"templates/parts.html:2:1: {PAGE_OBJECT} has no attribute 'nope' (rendering fa/about/){FIX}"),
    case("child-leaves-out-a-required-block",
         {ABOUT: '{% extends "parts.html" %}\n{% block title %}About{% endblock %}\n',
          PARTS: '{% extends "base.html" %}\n{% block main %}{% block body required %}{% endblock %}{% endblock %}\n'},
         f"templates/parts.html:2:1: Required block 'body' not found (rendering fa/about/){FIX}"),
    case("child-block-breaks-its-parent",  # base.html renders the title block inside a {% set %}
         {ABOUT: '{% extends "base.html" %}\n{% block title %}{{ page.nope }}{% endblock %}\n'},
         f"templates/about.html:2:1: {PAGE_OBJECT} has no attribute 'nope' (rendering fa/about/){FIX}"),
    case("missing-block-of-self", {ABOUT: page("{% block main %}{{ self.nope() }}{% endblock %}")},
         "templates/about.html:3:1: 'jinja2.runtime.TemplateReference object' has no attribute 'nope' (rendering "
         f"fa/about/){FIX}"),
    case("english-pages-only", {ABOUT: page("{% block main %}{% if lang == 'en' %}{{ page.nope }}{% endif %}"
                                            "{% endblock %}")},
         f"templates/about.html:3:1: {PAGE_OBJECT} has no attribute 'nope' (rendering en/about/){FIX}"),
    case("division-by-zero", {ABOUT: page("{% block main %}{{ 1 // 0 }}{% endblock %}")},
         "templates/about.html:3:1: ZeroDivisionError: integer division or modulo by zero (rendering fa/about/)"
         f"{FIX}"),
    case("calls-what-is-no-macro", {ABOUT: page("{% block main %}{{ lang() }}{% endblock %}")},
         f"templates/about.html:3:1: TypeError: 'str' object is not callable (rendering fa/about/){FIX}"),
    case("error-on-the-root-page", {"templates/root.html": "<p>\n{{ site.config.nope }}\n"},
         "templates/root.html:2:1: 'factsite.model.SiteConfig object' has no attribute 'nope' (rendering the root "
         f"page){FIX}"),
    case("error-on-the-404-page", {"templates/404.html": "<p>\n{{ page.nope }}\n"},
         f"templates/404.html:2:1: {PAGE_OBJECT} has no attribute 'nope' (rendering 404.html){FIX}"),
]

ACCEPTED = [  # what rendering accepts, check accepts too
    pytest.param({ABOUT: page('{% block main %}{% set node = {"children": [{"children": []}]} %}'
                              '{% include "parts.html" %}{% endblock %}'),
                  PARTS: '{% for node in node.children %}{% include "parts.html" %}{% endfor %}\n'},
                 id="includes-itself-in-a-loop"),
    pytest.param({ABOUT: page('{% import "macros.html" as m %}\n'
                              "{% block main %}{% if m.nope is defined %}{{ m.nope() }}{% endif %}{% endblock %}")},
                 id="asks-whether-a-macro-is-defined"),
    pytest.param({ABOUT: '{% if lang %}{% extends "base.html" %}{% else %}{% extends "base.html" %}{% endif %}\n'
                         "{% block title %}About{% endblock %}\n"}, id="extends-in-an-if-and-its-else"),
]


KEPT = Bounded()  # what the cases' loads, checks and compiled templates keep, by digests: as a build keeps them


def checked_site(root: Path) -> Site:
    """Stages 1 and 2 of the site at root, which must find nothing wrong."""
    site, problems = load_site(root, KEPT)
    site, found = verify_site(site, cache=KEPT)
    assert problems + found == []
    return site


def sampled(site: Site) -> list[Problem]:
    """render/sample.py's problems, the templates compiled as a build compiles them."""
    return sample_pages(site, env=kept_environment(Path(site.root), KEPT))


def write(site: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        replace_file(site / rel, text.encode("utf-8"))


def run(command: str, site: Path, capsys) -> tuple[int, str]:
    code = main([command, "--root", str(site)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


@pytest.mark.parametrize("case", LOAD_CASES, ids=attrgetter("id"))
def test_check_and_build_refuse_a_template_that_does_not_compile_or_link(case: Case, site, pristine_public, capsys):
    write(site, case.files)
    said = "".join(f"{line}\n" for line in case.lines) + f"{len(case.lines)} problem(s) found."
    assert run("check", site, capsys) == (1, f"{said}\n")
    assert run("build", site, capsys) == (1, f"{said} {site / 'public'} was left unchanged.\n")
    assert snapshot(site / "public") == pristine_public


@pytest.mark.parametrize("case", RENDER_CASES, ids=attrgetter("id"))
def test_build_refuses_a_template_that_fails_when_rendered(case: Case, site, pristine_public, capsys):
    write(site, case.files)
    code, err = run("build", site, capsys)
    place, what = re.fullmatch(r"(templates/[\w.]+:\d+):1: (.*) \(rendering [^)]+\) — fix the template",
                               case.lines[0]).groups()
    assert code == 1
    assert re.fullmatch(rf"{re.escape(f'{place}: {what}')} \(rendering [^)]+\) — fix the template — "
                        rf"{re.escape(str(site / 'public'))} was left unchanged.\n", err), err
    assert snapshot(site / "public") == pristine_public


@pytest.mark.parametrize("case", RENDER_CASES, ids=attrgetter("id"))
def test_rendering_a_page_of_each_template_finds_what_the_build_would(case: Case, bare_site):
    write(bare_site, case.files)
    assert [str(problem) for problem in sampled(checked_site(bare_site))] == list(case.lines)


@pytest.mark.parametrize("case", RENDER_CASES, ids=attrgetter("id"))
def test_check_refuses_a_template_that_fails_when_rendered(case: Case, bare_site, capsys):
    write(bare_site, case.files)
    said = "".join(f"{line}\n" for line in case.lines) + f"{len(case.lines)} problem(s) found.\n"
    assert run("check", bare_site, capsys) == (1, said)


@pytest.mark.parametrize("files", ACCEPTED)
def test_check_and_build_accept_what_rendering_accepts(files: dict[str, str], bare_site, capsys):
    write(bare_site, files)
    assert run("check", bare_site, capsys)[0] == 0
    assert sampled(checked_site(bare_site)) == []
    assert run("build", bare_site, capsys)[0] == 0


def test_the_real_templates_pass(bare_site, capsys):
    assert run("check", bare_site, capsys)[0] == 0
    assert sampled(checked_site(bare_site)) == []
