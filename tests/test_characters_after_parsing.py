"""Issue #36, families 1, 4 and 5: the character rules hold for what parsing makes of a file, not only
for its raw text. A YAML escape or a Markdown character reference that stands for a bidi control or
a control character is refused at its place; a byte-order mark first in a file is no part of it,
and one anywhere else is refused as an invisible character. A hard-linked input is refused."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from factsite.cli import main
from tests.helpers import replace_file, snapshot

FACTS = "content/facts/kerman.yaml"
ABOUT = "content/pages/about.en.md"


def place_of(site: Path, rel: str, needle: str) -> str:
    """`rel:line:column` of the first occurrence of needle in the site's file."""
    text = (site / rel).read_text("utf-8")
    at = text.index(needle)
    return f"{rel}:{text.count(chr(10), 0, at) + 1}:{at - text.rfind(chr(10), 0, at)}"


def refused(site: Path, capsys, before: dict[str, str]) -> list[str]:
    """The problem lines of a build that must fail, having checked that it changed nothing."""
    assert main(["--root", str(site)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert snapshot(site / "public") == before
    return err.splitlines()[:-1]


@pytest.mark.parametrize("escape, name, why", [
    ("\\u202E", "U+202E RIGHT-TO-LEFT OVERRIDE",
     "it changes the order in which readers see the text (the site isolates mixed text itself)"),
    ("\\u2067", "U+2067 RIGHT-TO-LEFT ISOLATE",
     "it changes the order in which readers see the text (the site isolates mixed text itself)"),
    ("\\x1e", "U+001E (a control character)", "it is invisible and can change what the page shows"),
    ("\\0", "U+0000 (a control character)", "it is invisible and can change what the page shows"),
    ("\\uFEFF", "U+FEFF ZERO WIDTH NO-BREAK SPACE", "it is invisible and can change what the page shows"),
])
@pytest.mark.few_public
def test_a_yaml_escape_of_a_forbidden_character_is_refused_at_its_key(escape, name, why, site, capsys,
                                                                        pristine_public):
    path = site / FACTS
    text = path.read_text("utf-8")
    where = place_of(site, FACTS, 'en: "')
    replace_file(path, text.replace('en: "', f'en: "800{escape}', 1).encode("utf-8"))
    assert refused(site, capsys, pristine_public) == [
        f"{where}: {name}, written as an escape, is not allowed in content: {why} — delete the escape"]


@pytest.mark.parametrize("reference, name", [
    ("&#x202E;", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("&#8238;", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("&rlm;", "U+200F RIGHT-TO-LEFT MARK"),
    ("&#x1E;", "U+001E (a control character)"),
])
@pytest.mark.few_public
def test_a_markdown_character_reference_to_a_forbidden_character_is_refused(reference, name, site, capsys,
                                                                            pristine_public):
    path = site / ABOUT
    replace_file(path, path.read_text("utf-8").replace("This site publishes", f"This site {reference}publishes", 1)
                 .encode("utf-8"))
    (line,) = refused(site, capsys, pristine_public)
    assert line.startswith(f"{place_of(site, ABOUT, reference)}: {reference} stands for {name}, which is not "
                           "allowed in content: ")
    assert line.endswith(" — delete it")


@pytest.mark.without_search
def test_a_harmless_character_reference_is_kept(bare_site, capsys):
    path = bare_site / ABOUT
    replace_file(path, path.read_text("utf-8").replace("This site publishes", "This site &amp; &#x2014; publishes", 1)
                 .encode("utf-8"))
    assert main(["--root", str(bare_site)]) == 0, capsys.readouterr().err
    assert "This site &amp; — publishes" in (bare_site / "public/en/about/index.html").read_text("utf-8")


@pytest.mark.without_search
def test_a_byte_order_mark_first_in_a_file_is_no_part_of_it(bare_site, capsys):
    for rel in (FACTS, ABOUT, "content/scopes.yaml"):
        replace_file(bare_site / rel, b"\xef\xbb\xbf" + (bare_site / rel).read_bytes())
    assert main(["--root", str(bare_site)]) == 0, capsys.readouterr().err
    about = (bare_site / "public/en/about/index.html").read_text("utf-8")
    assert re.search(r"<h2[^>]*>What this site is</h2>", about) and "## What" not in about


@pytest.mark.few_public
def test_a_byte_order_mark_inside_a_file_is_refused_at_its_place(site, capsys, pristine_public):
    path = site / FACTS
    replace_file(path, path.read_text("utf-8").replace('en: "', 'en: "\ufeff', 1).encode("utf-8"))
    where = place_of(site, FACTS, "\ufeff")
    assert refused(site, capsys, pristine_public) == [
        f"{where}: U+FEFF ZERO WIDTH NO-BREAK SPACE is not allowed in content: it is invisible and can change "
        "what the page shows — delete it"]


@pytest.mark.parametrize("rel", ["seeds/000_9f764d31df1295ee.txt", "content/facts/kerman.yaml", "templates/base.html",
                                 "static/style.css"])
@pytest.mark.few_public
def test_a_hard_linked_input_is_refused_with_how_to_copy_it(rel, site, tmp_path, capsys, pristine_public):
    """#36, family 4: a regular file with a second name may be a file outside the site under it."""
    import os
    outside = tmp_path / "outside"
    os.link(site / rel, outside)
    assert refused(site, capsys, pristine_public) == [
        f"{rel}: is a hard link: the same file has 2 names, and another may be outside the site (Git never makes "
        f"one) — give it a copy of its own: cp {rel} {rel}.copy && mv {rel}.copy {rel}"]
    assert outside.read_bytes() == (site / rel).read_bytes()  # nothing written through it
