"""Interface strings: every one extracted, every one translated, none left in English on fa pages."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from factsite.load.site import load_site
from tests.htmlscan import scan_file

ROOT = Path(__file__).resolve().parent.parent
LATIN = re.compile(r"[A-Za-z]")


def extracted_ids() -> set[str]:
    """The msgids pybabel would extract today, per babel.cfg."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    return {msg[2] if isinstance(msg[2], str) else msg[2][0]
            for msg in extract_from_dir(str(ROOT), method_map, options_map)}


def catalog(lang: str):
    with open(ROOT / f"locale/{lang}/LC_MESSAGES/messages.po", "rb") as po:
        return read_po(po, locale=lang)


def test_the_catalogs_hold_every_string_the_templates_use():
    in_code = extracted_ids()
    assert len(in_code) > 40
    for lang in ("fa", "en"):
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(lang) if m.id}  # a plural: its singular
        missing = sorted(in_code - ids)
        assert missing == [], f"run pybabel extract and update (see README) — {lang} lacks {missing}"


def test_every_interface_string_has_a_persian_translation():
    untranslated = [m.id for m in catalog("fa") if m.id and not all(texts(m.string))]
    assert untranslated == []
    fuzzy = [m.id for m in catalog("fa") if m.id and m.fuzzy]
    assert fuzzy == []


def texts(text: str | tuple[str, ...]) -> tuple[str, ...]:
    """A message's text, or each of a plural message's forms."""
    return (text,) if isinstance(text, str) else text


def test_placeholders_survive_translation():
    for message in catalog("fa"):
        if message.id:
            wanted = {name for text in texts(message.id) for name in re.findall(r"%\(\w+\)s", text)}
            for text in texts(message.string):
                assert set(re.findall(r"%\(\w+\)s", text)) == wanted, message.id


@pytest.fixture(scope="module")
def fa_pages(real_build):
    out = real_build[0]
    return {p.relative_to(out).as_posix(): scan_file(p) for p in sorted((out / "fa").rglob("*.html"))}


def test_persian_pages_contain_no_latin_text_outside_english_elements(fa_pages):
    offenders = [(path, text.strip()[:50]) for path, scan in fa_pages.items()
                 for lang, text, classes in scan.texts if lang != "en" and LATIN.search(text)]
    assert offenders == []


def test_persian_navigation_is_translated(fa_pages):
    national = load_site(ROOT)[0].scopes["national"].name["fa"]  # the real site's word for nationwide
    nav = [text.strip() for lang, text, classes in fa_pages["fa/index.html"].texts][:12]
    assert national in nav and "استان‌ها" in nav and "برنامه‌ها" in nav and "منابع" in nav
