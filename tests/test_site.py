"""End to end: build the real site into a temporary folder and check what a reader gets.

The real site is checked for properties that hold whatever its content (every fact has a page in
both languages, every link resolves, the build says truthfully what it built), so that an editor's
correct change to content/ fails no test. Exact figures and sentences are checked on the fixture
site (tests/fixture_site), whose content the tests know."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
import yaml

from factsite.cli import checked as load_and_verify
from factsite.cli import main
from factsite.render.data import FIELDS
from factsite.render.views import fact_path, quote_anchor, scope_path
from factsite.verify.normalize import normalize
from tests import helpers
from tests.helpers import replace_file, snapshot
from tests.htmlscan import scan_file


ROOT = Path(__file__).resolve().parent.parent
ASCII_DIGIT = re.compile(r"[0-9]")
tree_digest = snapshot  # the name tests/test_incremental.py imports


@pytest.fixture(scope="module")
def real_site():
    """The real site as the build loads and verifies it."""
    site, problems = load_and_verify(ROOT)
    assert problems == []
    return site


@pytest.fixture(scope="module")
def built(real_build) -> Path:
    return real_build[0]


@pytest.fixture(scope="module")
def pages(built) -> dict[str, object]:
    return {p.relative_to(built).as_posix(): scan_file(p) for p in sorted(built.rglob("*.html"))}


# ---------------------------------------------------------------- the real site: properties


def test_build_prints_one_summary_line_that_counts_what_it_built(real_build, real_site):
    built, printed = real_build
    out = printed.strip().splitlines()
    assert len(out) == 1
    pages = sum(1 for p in built.rglob("*.html") if "pagefind" not in p.relative_to(built).parts)
    assert re.fullmatch(rf"built {pages} pages and {len(real_site.facts)} facts in \d+\.\d\d s → .*public",
                        out[0]), out


def test_every_fact_is_quoted_or_derived_and_every_quote_occurs_in_its_seed(real_site):
    assert all(bool(f.source) != bool(f.derived) for f in real_site.facts)
    quoted = [f for f in real_site.facts if f.source]
    assert quoted
    for fact in quoted:
        seed_text = (ROOT / "seeds" / fact.source.seed).read_text("utf-8")
        assert normalize(fact.source.quote) in normalize(seed_text), fact.id
        start, end = fact.source.span
        assert normalize(seed_text[start:end]) == normalize(fact.source.quote)


def test_seeds_are_copied_byte_for_byte():
    """Every original document is in seeds/, unchanged; an editor may add others."""
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    names = sorted(p.name for p in shared.glob("*.txt"))
    assert names
    assert set(names) <= {p.name for p in (ROOT / "seeds").glob("*.txt")}
    for name in names:
        assert (ROOT / "seeds" / name).read_bytes() == (shared / name).read_bytes(), name


def test_every_page_exists_in_both_languages_with_lang_and_dir(pages, real_site):
    fa = {p[3:] for p in pages if p.startswith("fa/")}
    en = {p[3:] for p in pages if p.startswith("en/")}
    assert fa == en
    # a page for every fact, scope, measure with figures, program and source document the content has
    owed = ({fact_path("fa", f.id) for f in real_site.facts} | {scope_path("fa", s) for s in real_site.scopes}
            | {f"fa/compare/{f.metric}/" for f in real_site.facts}
            | {f"fa/programs/{slug}/" for slug in real_site.programs}
            | {f"fa/sources/{Path(name).stem}/" for name in real_site.seeds})
    missing = sorted(name for name in (path[3:] + "index.html" for path in owed) if name not in fa)
    assert missing == []
    for path, scan in pages.items():
        expected = {"fa": "rtl", "en": "ltr"}[path[:2]] if path[:3] in ("fa/", "en/") else "rtl"
        assert scan.html_attrs.get("dir") == expected, path
        assert scan.html_attrs.get("lang") == (path[:2] if path[:3] in ("fa/", "en/") else "fa"), path


def test_twin_links_and_hreflang_alternates_resolve(built, pages):
    for path, scan in pages.items():
        if path[:3] not in ("fa/", "en/") or "/embed/" in path:  # a frame's page has no language switch
            continue
        twin = ("en/" if path.startswith("fa/") else "fa/") + path[3:]
        switch = [attrs["href"] for tag, attrs in scan.elements if "lang-switch" in attrs.get("class", "")]
        assert len(switch) == 1, path
        assert resolve(built, path, switch[0]) == built / twin, path
        # base_url "/" is only a path: hreflang alternates need full addresses, so there are none
        # (tests/test_public_address.py builds with a full one)
        assert not [a for t, a in scan.elements if t == "link" and a.get("hreflang")], path


def resolve(built: Path, page: str, href: str) -> Path:
    """The file an internal link points to."""
    url, _ = urldefrag(href)
    target = ((built / page).parent / url if url else built / page).resolve()
    return target / "index.html" if target.is_dir() else target


def test_every_internal_link_resolves_to_a_built_file(built, pages):
    broken = []
    for path, scan in pages.items():
        if path == "404.html":  # served at any URL, so it links from the site root (base_url)
            continue
        canonical = {a["href"] for t, a in scan.elements if t == "link"
                     and (a.get("rel") == "canonical" or a.get("hreflang"))}
        for _tag, href in scan.links:
            if href in canonical:
                continue  # the public URL, from site.yaml's base_url
            if urlsplit(href).scheme or href.startswith("//"):
                broken.append((path, href, "external"))
                continue
            assert not href.startswith("/"), f"{path}: {href} is root-relative; it would break under a sub-path"
            target = resolve(built, path, href)
            if not target.is_file():
                broken.append((path, href, "missing"))
                continue
            fragment = urldefrag(href)[1]
            if fragment and target.suffix == ".html" and fragment not in pages[target.relative_to(built).as_posix()].ids:
                broken.append((path, href, "no such anchor"))
    assert broken == []


def test_every_quoted_figure_links_to_its_sentence_highlighted_in_its_source(built, pages, real_site):
    for fact in (f for f in real_site.facts if f.source):
        source = f"sources/{Path(fact.source.seed).stem}/index.html"
        for lang in ("fa", "en"):
            page = fact_path(lang, fact.id) + "index.html"
            targets = {(resolve(built, page, href).relative_to(built).as_posix(), urldefrag(href)[1])
                       for _tag, href in pages[page].links if "#" in href}
            assert (f"{lang}/{source}", quote_anchor(fact.id)) in targets, (lang, fact.id)
            assert quote_anchor(fact.id) in pages[f"{lang}/{source}"].ids, (lang, fact.id)


def test_facts_json_and_csv_match_the_content(built):
    records = json.loads((built / "data/facts.json").read_text("utf-8"))["facts"]
    yaml_facts = [f for p in sorted((ROOT / "content/facts").glob("*.yaml"))
                  for f in yaml.safe_load(p.read_text("utf-8"))["facts"]]
    assert [r["id"] for r in records] == [f["id"] for f in yaml_facts]
    for record, fact in zip(records, yaml_facts):
        assert tuple(record) == FIELDS
        if "value" in fact:
            assert record["value"] == fact["value"], fact["id"]
        assert record["label_fa"] == fact["label"]["fa"]
        assert record["quote"] == (fact["source"]["quote"] if "source" in fact else "")
        assert record["status"] == ("derived" if "derived" in fact else "stated"), fact["id"]
    csv_bytes = (built / "data/facts.csv").read_bytes()
    assert csv_bytes.startswith(b"\xef\xbb\xbf" + ",".join(FIELDS).encode())
    assert csv_bytes.decode("utf-8-sig").count("\r\n") == len(records) + 1


def test_two_builds_are_byte_identical(tmp_path, built):
    again = tmp_path / "again"
    assert main(["--out", str(again)]) == 0
    assert tree_digest(again) == tree_digest(built)


def test_persian_pages_show_no_ascii_digits_outside_english_runs(pages):
    offenders = []
    for path, scan in pages.items():
        if not path.startswith("fa/"):
            continue
        for lang, text, _classes in scan.texts:
            if lang != "en" and ASCII_DIGIT.search(text):
                offenders.append((path, text.strip()[:60]))
    assert offenders == []


def test_quotes_carry_the_lang_and_dir_of_their_document(built, real_site):
    for fact in (f for f in real_site.facts if f.source):
        lang = real_site.seeds[fact.source.seed].lang
        blockquote = f'<blockquote class="quote" lang="{lang}" dir="{"rtl" if lang == "fa" else "ltr"}">'
        for page_lang in ("fa", "en"):
            assert blockquote in (built / fact_path(page_lang, fact.id) / "index.html").read_text("utf-8"), fact.id


def test_check_validates_without_writing(tmp_path, capsys, real_site):
    out = tmp_path / "public"
    assert main(["check", "--out", str(out)]) == 0
    assert not out.exists()
    quoted = sum(1 for f in real_site.facts if f.source)
    derived = sum(1 for f in real_site.facts if f.derived)
    assert capsys.readouterr().out.startswith(
        f"ok: {len(real_site.facts)} facts — {quoted} proved against their sources, {derived} derived")


def test_every_data_file_is_what_json_and_csv_write_for_its_facts(built):
    """The downloads join pieces made once per fact; each file must still be exactly what the json
    and csv modules write for its records."""
    import csv
    records = {r["id"]: r for r in json.loads((built / "data/facts.json").read_text("utf-8"))["facts"]}
    files = sorted(p for p in (built / "data").rglob("*.json") if p.name not in ("datapackage.json", "statements.json"))
    assert len(files) > 10
    for path in files:
        chosen = [records[r["id"]] for r in json.loads(path.read_text("utf-8"))["facts"]]
        assert path.read_bytes() == (json.dumps({"facts": chosen}, ensure_ascii=False) + "\n").encode("utf-8")
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
        writer.writeheader()
        for r in chosen:
            writer.writerow({**r, "programs": ";".join(r["programs"]), "inputs": ";".join(r["inputs"]),
                             "value": "" if r["value"] is None else r["value"],
                             "value_max": "" if r["value_max"] is None else r["value_max"]})
        assert path.with_suffix(".csv").read_bytes() == "\ufeff".encode("utf-8") + out.getvalue().encode("utf-8")


# ---------------------------------------------------------------- the fixture site: known content


def copy_site(dest: Path) -> Path:
    """A private copy of the fixture site to break or extend, as files of its own (not links)."""
    return helpers.copy_site(dest, link=False)


@pytest.mark.few_public
def test_a_failed_build_leaves_public_untouched(site, capsys):
    before = tree_digest(site / "public")  # as the built site's copy has it
    kerman = site / "content/facts/kerman.yaml"
    kerman.write_text(kerman.read_text("utf-8").replace("value: 1800000", "value: 1800001"), "utf-8")
    capsys.readouterr()
    assert main(["--root", str(site)]) == 1
    err = capsys.readouterr().err
    assert "content/facts/kerman.yaml:9:5: kerman-insured-population: the value 1800001 is not stated" in err
    assert tree_digest(site / "public") == before
    assert sorted(p.name for p in site.iterdir()) == ["content", "locale", "public", "seeds", "site.yaml",
                                                       "static", "templates"]


def test_figures_read_naturally_in_both_languages(pristine):
    built = pristine / "public"
    fa = (built / "fa/provinces/kerman/index.html").read_text("utf-8")
    en = (built / "en/provinces/kerman/index.html").read_text("utf-8")
    assert '/">بیش از <span class="nowrap">۱٫۸ میلیون نفر</span></a>' in fa
    assert '/">more than <span class="nowrap">1.8 million people</span></a>' in en
    assert '<td class="num" data-label="مقدار">حدود <span class="nowrap">۶۵٪</span> <a' in fa
    assert '<td class="num" data-label="Value">about <span class="nowrap">65%</span> <a' in en
    national = (built / "en/national/index.html").read_text("utf-8")
    assert '<td class="num" data-label="Value"><span class="nowrap">70–95%</span> <a' in national
    assert '<td class="num" data-label="مقدار"><span class="nowrap">۷۰ تا ۹۵ درصد</span> <a' in (built / "fa/national/index.html").read_text("utf-8")


def test_a_figure_on_its_sheet_links_to_its_highlighted_quote(pristine):
    built = pristine / "public"
    cites = [href for tag, href in scan_file(built / "en/provinces/kerman/index.html").links if "#quote-" in href]
    assert "../../sources/002_73cc2be2b670b8e6/#quote-kerman-insured-population" in cites
    source = (built / "en/sources/002_73cc2be2b670b8e6/index.html").read_text("utf-8")
    assert '<mark id="quote-kerman-insured-population">' in source


def test_derived_figures_are_downloaded_with_their_formula_and_inputs(pristine):
    records = json.loads((pristine / "public/data/facts.json").read_text("utf-8"))["facts"]
    derived = {r["id"]: r["value"] for r in records if not r["seed"]}
    # more than 1,800,000 ÷ about 65% and 557,276 ÷ 45%: two significant digits, as the least precise input states
    assert derived == {"kerman-population-estimate": 2800000, "qazvin-population-estimate": 1200000}
    kerman = next(r for r in records if r["id"] == "kerman-population-estimate")
    assert (kerman["status"], kerman["formula"], kerman["inputs"], kerman["reported"]) == (
        "derived", "{kerman-insured-population} / {kerman-population-share} * 100",
        ["kerman-insured-population", "kerman-population-share"], "")
    stated = next(r for r in records if r["id"] == "kerman-insured-population")
    assert (stated["status"], stated["formula"], stated["inputs"]) == ("stated", "", [])
    assert stated["reported"] in ("not stated",) or len(stated["reported"]) == 10


DIFFERING_SEED = "099_differing_report.txt"
DIFFERING_TEXT = "خبرگزاری آزمون - کمتر از ۲۵ هزار نفر در استان کرمان تحت پوشش بیمه سلامت هستند.\n"
DIFFERING_INDEX = f"""
  - file: {DIFFERING_SEED}
    lang: fa
    outlet: not stated
    date: not stated
    title:
      fa: "گزارشی دیگر (برای آزمون)"
      en: "Another report (for the test)"
"""
DIFFERING_FACT = f"""
  - id: kerman-insured-population-other
    scope: kerman
    programs: [coverage]
    metric: insured_population
    value: 25000
    qualifier: less_than
    unit: people
    label: {{fa: "رقم دیگر", en: "Another figure"}}
    source:
      seed: {DIFFERING_SEED}
      quote: "کمتر از ۲۵ هزار نفر در استان کرمان تحت پوشش بیمه سلامت هستند"
      translation: "Fewer than 25,000 people in Kerman province are covered by Health Insurance"
"""


@pytest.mark.without_search
def test_two_sources_that_disagree_are_both_shown(tmp_path):
    site = copy_site(tmp_path / "site")
    (site / "seeds" / DIFFERING_SEED).write_text(DIFFERING_TEXT, "utf-8")
    for rel, text in (("content/seeds.yaml", DIFFERING_INDEX), ("content/facts/kerman.yaml", DIFFERING_FACT)):
        replace_file(site / rel, ((site / rel).read_text("utf-8") + text).encode("utf-8"))
    assert main(["--root", str(site)]) == 0
    en = (site / "public/en/provinces/kerman/index.html").read_text("utf-8")
    fa = (site / "public/fa/provinces/kerman/index.html").read_text("utf-8")
    assert en.count('#differs">(sources differ)</a>') == 2
    assert fa.count('#differs">(منابع اختلاف دارند)</a>') == 2
    one = (site / "public/en/facts/kerman-insured-population/index.html").read_text("utf-8")
    other = (site / "public/en/facts/kerman-insured-population-other/index.html").read_text("utf-8")
    assert ('<strong>Sources differ:</strong> <a href="../kerman-insured-population-other/">less than '
            '<span class="nowrap">25,000 people</span></a>') in one
    assert ('<strong>Sources differ:</strong> <a href="../kerman-insured-population/">more than '
            '<span class="nowrap">1,800,000 people</span></a>') in other


@pytest.mark.without_search
def test_a_rebuild_with_no_changed_input_is_skipped_and_any_change_rebuilds(site, capsys):
    assert main(["--root", str(site)]) == 0  # a copy of a built site, with its public/
    assert capsys.readouterr().out.startswith(f"up to date: no input changed since {site / 'public'} was built")
    about = site / "content/pages/about.en.md"
    about.write_text(about.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    assert main(["--root", str(site)]) == 0
    assert capsys.readouterr().out.startswith("built 414 pages")
    assert "One more sentence." in (site / "public/en/about/index.html").read_text("utf-8")
    assert main(["--root", str(site), "--force"]) == 0
    assert capsys.readouterr().out.startswith("built 414 pages")


def test_every_plain_text_file_in_seeds_needs_an_entry_and_nothing_else_does(tmp_path):
    """A .txt document not in content/seeds.yaml is said, hidden or not, in name order; a folder or
    a link named .txt is not a document."""
    from factsite.load.site import load_site
    site = copy_site(tmp_path / "site")
    for name in ("b_new.txt", ".a_hidden.txt", "notes.md"):
        (site / "seeds" / name).write_text("text", "utf-8")
    (site / "seeds/folder.txt").mkdir()
    (site / "seeds/link.txt").symlink_to("002_73cc2be2b670b8e6.txt")
    _, problems = load_site(site)
    said = [p.message for p in problems if "is not in the seeds index" in p.message]
    assert said == ["seeds/.a_hidden.txt is not in the seeds index — add an entry for it to this list",
                    "seeds/b_new.txt is not in the seeds index — add an entry for it to this list"]


@pytest.mark.parametrize("change, said", [
    (lambda seed: seed.unlink(), "does not exist — copy the document into seeds/ byte for byte"),
    (lambda seed: (seed.unlink(), seed.mkdir()), "does not exist — copy the document into seeds/ byte for byte"),
    (lambda seed: (seed.unlink(), seed.symlink_to("001_a9029134c7a88ac7.txt")),
     "is a link — copy the document into seeds/ instead"),
])
def test_a_seed_entry_whose_file_is_missing_a_folder_or_a_link_is_said_at_its_file_line(tmp_path, change, said):
    """The seeds index names each document; one that is gone, a folder, or a link to another
    document in seeds/ is said at the entry's `file:`, and the seed is not used."""
    from factsite.load.site import load_site
    site = copy_site(tmp_path / "site")
    change(site / "seeds/000_9f764d31df1295ee.txt")
    loaded, problems = load_site(site)
    assert [(p.where.file, p.where.line, p.where.column, p.message) for p in problems
            if "000_9f764d31df1295ee" in p.message] == [
        ("content/seeds.yaml", 4, 5, f"seeds/000_9f764d31df1295ee.txt {said}")]
    assert loaded is None or "000_9f764d31df1295ee.txt" not in loaded.seeds
