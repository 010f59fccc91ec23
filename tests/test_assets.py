"""`check` reads and checks everything `build` uses: templates, catalogs and static files (#14, #15).

Each broken case gives `file:line: …` and exit 1 from both commands, no traceback, and leaves
public/ as it was."""
from __future__ import annotations

import datetime
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.load.assets import JINJA_NAMES
from factsite.cli import main
from factsite.model import TEMPLATE_NAMES
from factsite.render.pages import page_makers
from factsite.render.site import make_renderer
from tests.helpers import replace_file, replace_once, snapshot

pytestmark = pytest.mark.few_public  # no test here builds its `site` successfully

PO_FA = "locale/fa/LC_MESSAGES/messages.po"


def edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda site: replace_once(site / rel, old, new)


def put(rel: str, data: bytes) -> Callable[[Path], None]:
    return lambda site: replace_file(site / rel, data)


def gone(rel: str) -> Callable[[Path], None]:
    return lambda site: shutil.rmtree(site / rel) if (site / rel).is_dir() else (site / rel).unlink()


def po_line(site: Path, needle: str) -> int:
    """The line of the msgid of the catalog entry whose translation holds needle."""
    lines = (site / PO_FA).read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if needle in line)
    while not lines[at].startswith("msgid "):
        at -= 1
    return at + 1


CASES = [
    ("template-syntax", put("templates/about.html", b'{% extends "base.html" %}\n{% if %}\n'),
     lambda site: "templates/about.html:2:1: Expected an expression, got 'end of statement block' — fix the template"),
    ("unknown-macro", edit("templates/about.html", "{% block main %}", "{% block main %}{{ nosuchmacro() }}"),
     lambda site: "templates/about.html:4:1: `nosuchmacro` is not defined — import the macro, set the name, or use "
                  "one the build gives templates (see model.TEMPLATE_NAMES)"),
    ("unknown-filter", edit("templates/about.html", "{% block main %}", "{% block main %}{{ 1|nosuchfilter }}"),
     lambda site: "templates/about.html:4:1: no filter named `nosuchfilter` — use one of Jinja's filters or correct "
                  "the name"),
    ("unknown-test", edit("templates/about.html", "{% block main %}", "{% block main %}{{ 1 is nosuchtest }}"),
     lambda site: "templates/about.html:4:1: no test named `nosuchtest` — use one of Jinja's tests or correct the name"),
    ("missing-page-template", gone("templates/source.html"),
     lambda site: "templates/source.html: is missing — every page of its kind is made with it; restore it from the "
                  "repository"),
    ("missing-base-template", edit("templates/about.html", '{% extends "base.html" %}', '{% extends "bas.html" %}'),
     lambda site: "templates/about.html:1:1: the template bas.html does not exist — create it in templates/ or "
                  "correct the name"),
    ("template-not-utf8", put("templates/about.html", b"\xff\xfe{{ x }}"),
     lambda site: "templates/about.html: is not UTF-8 — save it as UTF-8"),
    ("missing-static-file", gone("static/favicon.svg"),
     lambda site: "templates/404.html:9:1: static/favicon.svg does not exist — add it to static/ or correct the name"),
    ("missing-font", gone("static/fonts/Vazirmatn-Bold.woff2"),
     lambda site: "static/style.css:14:8: url(fonts/Vazirmatn-Bold.woff2) names no file in static/ — add the file or "
                  "correct the name"),
    ("catalog-missing", gone(PO_FA),
     lambda site: f"{PO_FA}: the fa catalog is missing — run pybabel init (see the README, Translating the interface)"),
    ("catalog-unknown-placeholder", edit(PO_FA, 'msgstr "استان %(name)s"', 'msgstr "استان %(nom)s"'),
     lambda site: f"{PO_FA}:{po_line(site, 'استان %(nom)s')}:1: the text 'استان %(nom)s' names %(nom)s, which the "
                  "original text does not — fix the translation"),
    ("catalog-bare-percent", edit(PO_FA, 'msgstr "منابع"', 'msgstr "منابع ۱۰۰%"'),
     lambda site: f"{PO_FA}:{po_line(site, 'منابع ۱۰۰%')}:1: the text 'منابع ۱۰۰%' has a % that is not a "
                  "placeholder — write it as %% — fix the translation"),
    ("catalog-not-utf8", put(PO_FA, b"\xff\xfe"),
     lambda site: f"{PO_FA}: the catalog cannot be read ('utf-8' codec can't decode byte 0xff in position 0: "
                  "invalid start byte) — fix its syntax"),
]


@pytest.mark.parametrize("change, expected", [pytest.param(c, e, id=i) for i, c, e in CASES])
def test_check_and_build_see_every_problem_in_what_pages_are_made_with(change, expected, site, pristine_public,
                                                                        capsys):
    change(site)
    line = expected(site)
    assert main(["check", "--root", str(site)]) == 1
    check_err = capsys.readouterr().err
    assert main(["build", "--root", str(site)]) == 1
    build_err = capsys.readouterr().err
    for err in (check_err, build_err):
        assert "Traceback" not in err
        assert line in err.splitlines(), err
    assert snapshot(site / "public") == pristine_public


def test_a_template_failing_while_rendering_is_named_with_its_line(site, pristine_public, capsys):
    """What only rendering shows (here a field no page has) stops the build with the template's place,
    said the same whichever process rendered it."""
    edit("templates/source.html", "{% block main %}", "{% block main %}{{ seed.no_such_field }}")(site)
    assert main(["build", "--root", str(site)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith("templates/source.html:5: 'factsite.model.Seed object' has no attribute 'no_such_field' "
                          "(rendering "), err
    assert err.rstrip().endswith(f"— fix the template — {site / 'public'} was left unchanged.")
    assert snapshot(site / "public") == pristine_public


def test_every_name_the_build_gives_templates_is_declared(bare_site):
    """load refuses template names outside TEMPLATE_NAMES, so every page context must stay within it."""
    from factsite.cli import checked as load_and_verify
    site, problems = load_and_verify(bare_site)
    assert not problems
    renderer = make_renderer(site, datetime.date(2026, 1, 1))
    given = set(renderer.env.globals) - JINJA_NAMES - {"gettext", "ngettext", "_"}
    for lang in site.config.languages:
        for maker in page_makers(site, lang, renderer.index, renderer.built_on).values():
            given |= set(maker().context)
    assert given <= TEMPLATE_NAMES, given - TEMPLATE_NAMES
