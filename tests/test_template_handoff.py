"""#35: load checks each template by compiling it to Python source; render compiles that source
(kept in the Cache by the template's name and text) instead of parsing and generating it again in
each of its processes, and gives the same pages."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from factsite.cli import checked as load_and_verify
from factsite.load.assets import python_key
from factsite.render.site import kept_environment, make_environment, render_site
from factsite.speed.cache import Bounded

BUILT_ON = datetime.date(2026, 1, 1)


def templates_of(root: Path) -> dict[str, str]:
    """Every template's text by its name, as load reads it."""
    folder = root / "templates"
    return {path.relative_to(folder).as_posix(): path.read_bytes().decode("utf-8")
            for path in sorted(folder.rglob("*.html"))}


@pytest.fixture(scope="module")
def loaded(pristine):
    """The fixture site loaded and verified with a fresh cache, and that cache."""
    cache = Bounded()
    site, problems = load_and_verify(pristine, cache)
    assert not problems
    return site, cache


def test_load_keeps_each_templates_python_as_renders_environment_compiles_it(loaded, pristine):
    _, cache = loaded
    texts = templates_of(pristine)
    env = make_environment(pristine)
    assert len(texts) > 10
    for name, text in texts.items():
        assert cache.get(python_key(name, text)) == env.compile(text, name, raw=True), name


def test_render_compiles_no_template_again_and_keeps_each_compiled(loaded, pristine, monkeypatch):
    site, cache = loaded
    env = kept_environment(Path(site.root), cache)
    monkeypatch.setattr(env, "compile", lambda *args, **kwargs: pytest.fail(f"{args[1]} was compiled again"))
    for name in templates_of(pristine):
        assert env.get_template(name).filename == str(pristine / "templates" / name)
    kept = [key for key in cache.entries if key[0] == "template"]
    assert sorted(key[1] for key in kept) == sorted(templates_of(pristine))


def test_pages_rendered_from_loads_python_are_those_rendered_without_it(small_site):
    cache = Bounded()
    site, problems = load_and_verify(small_site, cache)
    assert not problems and any(key[0] == "template python" for key in cache.entries)
    handed = render_site(site, BUILT_ON, cache=cache, cards=False)
    plain = render_site(site, BUILT_ON, cards=False)
    assert list(handed) == list(plain) and len(plain) > 60
    assert [name for name in plain if plain[name] != handed[name]] == []


def test_an_edited_template_is_compiled_from_its_new_text(loaded, pristine):
    """The key holds the text's digest: another text of the same template finds nothing kept."""
    _, cache = loaded
    text = templates_of(pristine)["fact.html"]
    assert cache.get(python_key("fact.html", text)) is not None
    assert cache.get(python_key("fact.html", text + "\n")) is None
