"""Rendering shortcuts (fragments rendered once, links resolved per page, languages rendered in
processes of their own, only the pages asked for) change nothing a reader sees."""
from __future__ import annotations

import io

import datetime

import pytest

from factsite.cli import checked as load_and_verify
from factsite.render.links import resolve_links
from factsite.render.site import render_site
from factsite.speed.cache import kept_cache
from factsite.speed.pool import forked
from tests.helpers import REPO


BUILT_ON = datetime.date(2026, 1, 1)


@pytest.mark.parametrize("page, html, expected", [
    ("fa/provinces/kerman/", '<a href="\x1efa/sources/x/#quote-a\x1f">', '<a href="../../sources/x/#quote-a">'),
    ("fa/provinces/kerman/", '<a href="\x1efa/provinces/kerman/#fact-b\x1f">', '<a href="#fact-b">'),
    ("fa/programs/cancer/", '<a href="\x1efa/provinces/kerman/#fact-b\x1f">',
     '<a href="../../provinces/kerman/#fact-b">'),
    ("en/", '<a href="\x1een/\x1f">', '<a href="./">'),
    ("", '<link href="\x1estatic/style.css\x1f">', '<link href="static/style.css">'),
    ("en/sources/", '<a href="\x1een/sources/a&amp;b/\x1f">', '<a href="a&amp;b/">'),
])
def test_link_marks_become_links_relative_to_the_page(page, html, expected):
    assert resolve_links(html, page) == expected


@pytest.fixture(scope="module")
def known_site(pristine):
    """The fixture site, loaded and verified: the tests below name its facts and programs."""
    site, problems = load_and_verify(pristine)
    assert not problems
    return site


@pytest.fixture(scope="module")
def small_rendered(small_pristine):
    """The small generated site, loaded and verified, and every file of it rendered in one process."""
    site, problems = load_and_verify(small_pristine)
    assert not problems
    return site, render_site(site, BUILT_ON)


def test_rendering_in_processes_gives_the_bytes_one_process_gives(small_rendered):
    site, plain = small_rendered
    shared = render_site(site, BUILT_ON, mapper=forked(2))
    assert list(plain) == list(shared) and len(plain) > 60
    assert [name for name in plain if plain[name] != shared[name]] == []


def test_only_the_pages_asked_for_are_rendered_with_every_file_that_is_no_page(small_rendered):
    """...and the files beside those pages only (their share cards): the others' stay as they are."""
    site, every = small_rendered
    some = render_site(site, BUILT_ON, only={"en/about/", "fa/", "en/national/"})
    pages = sorted(name for name in some if name.endswith(".html"))
    assert pages == ["en/about/index.html", "en/national/index.html", "fa/index.html"]
    beside = sorted(name for name in some if name.endswith(".png"))
    assert beside == ["en/national/card.png"] and some[beside[0]] == every[beside[0]]
    assert {name: data for name, data in every.items() if not name.endswith((".html", ".png", ".svg"))} == \
        {name: data for name, data in some.items() if not name.endswith((".html", ".png", ".svg"))}
    assert all(some[name] == every[name] for name in pages)


@pytest.fixture(scope="module")
def known_outputs(known_site, pristine) -> dict[str, bytes]:
    """Every file of the fixture site, rendered (its share cards as the pristine site's build kept them)."""
    return render_site(known_site, BUILT_ON, cache=kept_cache(pristine))


def test_a_fact_rendered_once_is_the_same_on_its_sheet_and_its_program_page(known_outputs):
    outputs = known_outputs
    sheet = outputs["en/provinces/kerman/index.html"].decode()
    program = outputs["en/programs/coverage/index.html"].decode()
    row = sheet[sheet.index('<tr><th scope="row"><a href="../../facts/kerman-insured-population/">'):]
    row = row[:row.index("</tr>") + 5]
    assert 'href="../../facts/kerman-insured-population/"' in row and "\x1e" not in row
    assert row in program


def test_search_finds_each_figure_once_on_its_own_page(known_outputs):
    """Each fact is indexed once, on its own page: sheets, program pages and measure pages are found
    by their titles, descriptions and mentions, not by the tables of figures they list again."""
    outputs = known_outputs
    for lang in ("fa", "en"):
        assert b"data-pagefind-body" not in outputs[f"{lang}/compare/index.html"]
        fact = outputs[f"{lang}/facts/kerman-insured-population/index.html"]
        assert b'<main id="main" data-pagefind-body>' in fact
        assert b'<section aria-labelledby="source-sentence">' in fact
        sheet = outputs[f"{lang}/provinces/kerman/index.html"]
        assert b'<main id="main" data-pagefind-body>' in sheet
        assert b'<section aria-labelledby="sources" data-pagefind-ignore>' in sheet
        assert b'<section aria-labelledby="program-coverage" data-pagefind-ignore>' in sheet
        program = outputs[f"{lang}/programs/coverage/index.html"]
        assert b'<main id="main" data-pagefind-body>' in program
        assert b'<section aria-labelledby="figures" data-pagefind-ignore>' in program
        assert b'<tbody id="scope-kerman">' in program
        assert b'<section aria-labelledby="mentions">' in program
        measure = outputs[f"{lang}/compare/insured_population/index.html"]
        assert b'<table class="compare" data-pagefind-ignore>' in measure


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_quick_underscore_says_what_jinjas_newstyle_gettext_says(lang):
    """`_` in a render is a quicker stand-in for Jinja's: the same translation, escaping and
    %-formatting, with and without variables, and the same Markup each time it is asked again."""
    from jinja2 import Environment

    from babel.support import Translations

    from factsite.load.assets import load_catalogs
    from factsite.render.site import _quick_gettext
    compiled = load_catalogs(REPO, [])[lang]
    translations = Translations(io.BytesIO(compiled), domain="messages") if compiled else Translations()
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    env.install_gettext_translations(translations, newstyle=True)
    template = env.from_string(
        '{{ _("Sources") }}|{{ _("Sources") }}|{{ _("100%% <b>sure</b>") }}|{{ _("<b>%(x)s</b>", x="<i>") }}|'
        '{{ _("%(total)s figures: %(proved)s proved against their sources, %(derived)s computed from them.", '
        'total="<b>", proved=5, derived="۳") }}')
    jinjas, quick = template.render(), template.render(_=_quick_gettext(translations.gettext))
    assert quick == jinjas
    assert quick.startswith({"fa": "منابع|منابع|100% <b>sure</b>|<b>&lt;i&gt;</b>|&lt;b&gt; عدد: 5 عدد",
                             "en": "Sources|Sources|100% <b>sure</b>|<b>&lt;i&gt;</b>|&lt;b&gt; figures: 5"}[lang])


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_gettext_and_ngettext_of_a_render_say_what_jinjas_newstyle_ones_say(lang):
    """render's own newstyle gettext and ngettext (made with Jinja's public pass_context) translate,
    escape and %-format as the i18n extension's do, in an autoescaped template and a plain one."""
    from babel.support import Translations
    from jinja2 import Environment

    from factsite.load.assets import load_catalogs
    from factsite.render.site import gettext_callables
    compiled = load_catalogs(REPO, [])[lang]
    translations = Translations(io.BytesIO(compiled), domain="messages") if compiled else Translations()
    source = ('{{ gettext("Sources") }}|{{ gettext("<b>%(x)s</b>", x="<i>") }}|'
              '{{ ngettext("%(num)s figure", "%(num)s figures", 1) }}|{{ ngettext("%(num)s figure", '
              '"%(num)s figures", 3, num="<3>") }}')
    for autoescape in (True, False):
        env = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
        env.install_gettext_translations(translations, newstyle=True)
        jinjas = env.from_string(source).render()
        ours = env.from_string(source).render(**gettext_callables(compiled))
        assert ours == jinjas, (autoescape, ours)
