"""Issue #8: rendering shortcuts (fragments rendered once, links resolved per page, one process per
language, pages written as they are rendered, compiled templates kept) change nothing a reader sees."""
from __future__ import annotations

import io

import datetime
from pathlib import Path

import pytest

from factsite.speed.check import load_and_verify
from factsite.cli import main
from factsite.load.assets import template_problems
from factsite.speed.spill import render_into
from factsite.speed.templates import bytecode_cache
from factsite.render.links import resolve_links
from factsite.render.site import render_site
from tests.helpers import REPO, copy_site, replace_file

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


def render_site_forked(site, built_on, workers: int, folder: Path) -> dict[str, bytes]:
    """The files render_into writes into folder (each as it is made, on `workers` processes), by name."""
    folder.mkdir(parents=True, exist_ok=True)
    names = render_into(site, built_on, folder, workers=workers)
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert sorted(names) == sorted(files)
    return files


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_forked_rendering_gives_the_bytes_render_site_gives(known_site, workers, tmp_path):
    plain = render_site(known_site, BUILT_ON)
    forked = render_site_forked(known_site, BUILT_ON, workers, tmp_path / "out")
    assert plain.keys() == forked.keys() and len(plain) > 60
    assert [name for name in plain if plain[name] != forked[name]] == []


def test_a_fact_rendered_once_is_the_same_on_its_sheet_and_its_program_page(known_site):
    outputs = render_site(known_site, BUILT_ON)
    sheet = outputs["en/provinces/kerman/index.html"].decode()
    program = outputs["en/programs/coverage/index.html"].decode()
    row = sheet[sheet.index('<tr><th scope="row"><a href="../../facts/kerman-insured-population/">'):]
    row = row[:row.index("</tr>") + 5]
    assert 'href="../../facts/kerman-insured-population/"' in row and "\x1e" not in row
    assert row in program


def test_compiled_templates_are_kept_and_a_changed_template_is_recompiled(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("FACTSITE_NO_CACHE", raising=False)
    site_dir = copy_site(tmp_path / "site")
    site, problems = load_and_verify(site_dir)
    assert not problems
    first = render_site_forked(site, BUILT_ON, 1, tmp_path / "first")
    cached = list((tmp_path / "cache" / "factsite").rglob("*.cache"))
    assert len(cached) >= 10, "every template's compiled code is kept"
    again = render_site_forked(site, BUILT_ON, 1, tmp_path / "again")
    assert again == first
    about = site_dir / "templates/about.html"
    replace_file(about, about.read_bytes().replace(b"{% block main %}", b"{% block main %}<p>changed</p>"))
    changed = render_site_forked(site, BUILT_ON, 1, tmp_path / "changed")
    assert "<p>changed</p>" in changed["en/about/index.html"].decode()
    assert "<p>changed</p>" not in first["en/about/index.html"].decode()


def test_no_cache_folder_when_asked_not_to(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("FACTSITE_NO_CACHE", "1")
    assert bytecode_cache() is None
    monkeypatch.delenv("FACTSITE_NO_CACHE")
    assert bytecode_cache() is not None
    assert Path(bytecode_cache().directory).parent == tmp_path / "factsite"


def test_what_check_found_in_the_templates_is_kept_and_asked_again_when_they_change(tmp_path, monkeypatch, capsys):
    """The templates' check is answered from the cache folder for the same templates; a changed
    template is checked again and its problem said, with its place, as the first time."""
    import factsite.speed.templates as templates
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("FACTSITE_NO_CACHE", raising=False)
    calls = []
    monkeypatch.setattr(templates, "template_problems",
                        lambda *args: calls.append(1) or template_problems.__wrapped__(*args))
    site_dir = copy_site(tmp_path / "site")
    assert main(["check", "--root", str(site_dir)]) == 0
    assert main(["check", "--root", str(site_dir)]) == 0
    assert len(calls) == 1 and len(list((tmp_path / "cache/factsite/checked-templates").glob("*.json"))) == 1
    about = site_dir / "templates/about.html"
    replace_file(about, about.read_bytes().replace(b"{% block main %}", b"{% block main %}{{ no_such_name }}"))
    for _ in range(2):
        assert main(["check", "--root", str(site_dir)]) == 1
        assert "templates/about.html:4:1: `no_such_name` is not defined — import" in capsys.readouterr().err
    assert len(calls) == 2


def test_search_finds_each_figure_once_on_its_own_page(known_site):
    """Each fact is indexed once, on its own page: sheets, program pages and measure pages are found
    by their titles, descriptions and mentions, not by the tables of figures they list again."""
    outputs = render_site(known_site, BUILT_ON)
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
