"""#19: every change to a published figure is visible — on /{lang}/changes/, in an Atom feed, and on a
corrected figure's page."""
from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from factsite.cli import main
from tests.helpers import copy_site, replace_file

ATOM = "{http://www.w3.org/2005/Atom}"
MORE = '''  - date: 2026-12-02
    fact: kerman-insured-population
    kind: corrected
    was: 1700000
    reason:
      fa: "رقم با متن گزارش مقابله و اصلاح شد."
      en: "The figure was checked against the report's text and corrected."
  - date: 2026-12-01
    fact: kerman-contracted-providers
    kind: added
'''


def entries(feed: bytes) -> list[dict]:
    root = ElementTree.fromstring(feed)
    return [{child.tag.removeprefix(ATOM): (child.text or child.get("href")) for child in entry}
            for entry in root.findall(f"{ATOM}entry")]


def test_the_removal_is_listed_and_in_the_feed(pristine):
    en = (pristine / "public/en/changes/index.html").read_text("utf-8")
    assert ("<li><strong>30 November 2026</strong> · Removed: Income deciles that receive a discount on the "
            "insurance premium (Qazvin province) <span class=\"was\">(was <span class=\"nowrap\">4</span>)</span><br>") in en
    fa = (pristine / "public/fa/changes/index.html").read_text("utf-8")
    assert "<li><strong>۹ آذر ۱۴۰۵</strong> · حذف شد: دهک‌هایی که از تخفیف در سرانه بیمه برخوردارند" in fa
    feed = (pristine / "public/en/feed.xml").read_bytes()
    root = ElementTree.fromstring(feed)
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    (entry,) = entries(feed)
    assert entry["id"] == "urn:factsite:en:change:2026-11-30:qazvin-premium-discount-deciles:removed"
    assert entry["title"] == "Removed: Income deciles that receive a discount on the insurance premium (Qazvin province)"
    assert entry["updated"] == "2026-11-30T00:00:00Z" and entry["summary"].startswith("Was 4. “Deciles four to eight”")


@pytest.fixture
def changed(site):
    path = site / "content/changes.yaml"
    replace_file(path, (path.read_text("utf-8").replace("changes:\n", "changes:\n" + MORE, 1)).encode("utf-8"))
    return site


@pytest.mark.without_search
def test_a_correction_and_an_addition_show_on_the_page_the_feed_and_the_figure(changed, capsys):
    assert main(["build", "--root", str(changed)]) == 0, capsys.readouterr().err
    public = changed / "public"
    titles = [e["title"] for e in entries((public / "en/feed.xml").read_bytes())]
    assert titles == ["Corrected: People covered by the Health Insurance Organization in Kerman province",
                      "Added: Medical institutions contracted with health insurance in Kerman province",
                      "Removed: Income deciles that receive a discount on the insurance premium (Qazvin province)"]
    fact = (public / "en/facts/kerman-insured-population/index.html").read_text("utf-8")
    assert ('<p class="corrected"><strong>Corrected on 2 December 2026; it was 1,700,000 people.</strong> The figure '
            "was checked against the report&#39;s text and corrected.</p>") in fact
    assert "در ۱۱ آذر ۱۴۰۵ اصلاح شد؛ پیش‌تر ۱٬۷۰۰٬۰۰۰ نفر بود." in (
        public / "fa/facts/kerman-insured-population/index.html").read_text("utf-8")
    page = (public / "en/changes/index.html").read_text("utf-8")
    assert ('· Corrected: <a href="../facts/kerman-insured-population/">People covered by the Health Insurance '
            'Organization in Kerman province</a> — more than <span class="nowrap">1,800,000 people</span> '
            '<span class="was">(was <span class="nowrap">1,700,000 people</span>)</span>') in page


@pytest.mark.parametrize("entry, message", [
    ("  - date: 2026-12-03\n    fact: kerman-insured-population\n    kind: removed\n    was: 1\n"
     "    label: {fa: \"x\", en: \"x\"}\n    reason: {fa: \"x\", en: \"x\"}\n",
     "`kerman-insured-population` is listed as removed but is still a fact — remove the fact, or the change"),
    ("  - date: 2026-12-03\n    fact: kerman-insured-population\n    kind: corrected\n",
     "a `corrected` change needs `was` and `reason` — say what the figure was and why it changed, in both languages"),
    ("  - date: 2026-12-03\n    fact: kerman-nothing\n    kind: added\n",
     "no fact `kerman-nothing` — use the id of a fact in content/facts/, or kind `removed` for one taken out"),
])
def test_a_wrong_change_is_refused_with_what_to_do(site, capsys, entry, message):
    path = site / "content/changes.yaml"
    replace_file(path, path.read_text("utf-8").replace("changes:\n", "changes:\n" + entry, 1).encode("utf-8"))
    assert main(["build", "--root", str(site)]) == 1
    err = capsys.readouterr().err
    assert f"content/changes.yaml:6:5: {message}" in err, err


def test_report_writes_the_entries_for_the_changes_file(pristine):
    import dataclasses
    import datetime
    from decimal import Decimal

    from factsite.report import changes_yaml, compare_sites
    from factsite.cli import checked as load_and_verify

    base, problems = load_and_verify(pristine)
    assert not problems
    facts = [dataclasses.replace(f, value=Decimal(1900000)) if f.id == "kerman-insured-population" else f
             for f in base.facts if f.id != "qazvin-insurance-funds"]
    head = dataclasses.replace(base, facts=tuple(facts))
    text = changes_yaml(compare_sites(base, [], head, []), datetime.date(2026, 12, 5))
    assert text.splitlines()[1:] == [
        "  - date: 2026-12-05", "    fact: kerman-insured-population", "    kind: corrected", "    was: 1800000",
        '    # reason: {fa: "…", en: "…"}',
        "  - date: 2026-12-05", "    fact: qazvin-insurance-funds", "    kind: removed", "    was: 5",
        "    label:", '      fa: "صندوق‌های بیمه‌ای فعال زیر نظر بیمه سلامت در استان قزوین"',
        '      en: "Insurance funds operating under Health Insurance in Qazvin province"', '    # reason: {fa: "…", en: "…"}']


@pytest.mark.parametrize("text", ["a&b<c>", 'say "hi"', "it's \"x\"", "line\nnext\ttab\rend", "plain",
                                  "'single'", "&amp;\"", "«خبر» & 'quote'"])
def test_the_feed_escapes_text_and_attributes_as_the_xml_library_does(text):
    from xml.sax import saxutils

    from factsite.render.changes import escape, quoteattr
    assert (escape(text), quoteattr(text)) == (saxutils.escape(text), saxutils.quoteattr(text))


@pytest.fixture
def rounded_again(tmp_path) -> Path:
    """A repository whose HEAD rounds a computed figure to one decimal place more than HEAD~1 did."""
    import shutil
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    from tests.test_editor_workflow import git
    repo = copy_site(tmp_path / "repo")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    path = repo / "content/facts/kerman.yaml"
    text = path.read_text("utf-8")
    start = text.index("- id: kerman-population-estimate")
    at = text.index("round: 0", start)
    path.write_text(text[:at] + "round: 1" + text[at + len("round: 0"):], "utf-8")
    git(repo, "commit", "-q", "-am", "head")
    return repo


def test_the_pull_request_check_fails_on_a_changed_figure_without_a_changes_entry(rounded_again, capsys):
    """#37: a reader sees a computed figure's rounding; changing it without telling them fails the check."""
    assert main(["report", "--root", str(rounded_again), "--base", "HEAD~1"]) == 1
    out = capsys.readouterr().out
    assert out.rstrip().splitlines()[-1] == (
        "content/changes.yaml: kerman-population-estimate: its rounding or formula changed since HEAD~1, and no new entry "
        "in the changes file says so — add one (python build.py report --base HEAD~1 --format changes drafts it)")
    changes = rounded_again / "content/changes.yaml"
    entry = ('  - date: 2026-12-07\n    fact: kerman-population-estimate\n    kind: corrected\n    was: 2769231\n'
             '    reason:\n      fa: "گرد کردن تا یک رقم اعشار"\n      en: "Rounded to one decimal place"\n')
    changes.write_text(changes.read_text("utf-8").replace("changes:\n", "changes:\n" + entry, 1), "utf-8")
    assert main(["report", "--root", str(rounded_again), "--base", "HEAD~1"]) == 0, capsys.readouterr().out
