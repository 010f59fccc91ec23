"""Reader features: compare charts, sitemap, JSON-LD, previews, downloads, search index, 404."""
from __future__ import annotations

import csv
import io
import posixpath
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factsite.render.data import FIELDS
from factsite.render.typography import figure_html
from factsite.render.formatting import format_quantity
from factsite.render.links import relative_url
from tests.helpers import DEPLOYED_BASE as BASE
from tests.htmlscan import scan_file

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def built(deployed) -> Path:
    """The fixture site as the deploy workflow builds it: with a full base address."""
    return deployed


def html_pages(built: Path) -> list[Path]:
    return sorted(p for p in built.rglob("*.html") if "pagefind" not in p.parts)


def test_sitemap_lists_every_page_with_reciprocal_alternates(built):
    tree = ElementTree.parse(built / "sitemap.xml")
    urls = tree.getroot().findall(f"{SITEMAP}url")
    locs = [u.find(f"{SITEMAP}loc").text for u in urls]
    pages = [p.relative_to(built).as_posix() for p in html_pages(built) if p.name != "404.html"]
    expected = sorted(BASE + (p[: -len("index.html")] if p.endswith("index.html") else p) for p in pages)
    assert sorted(locs) == expected
    alternates = {u.find(f"{SITEMAP}loc").text: {a.get("hreflang"): a.get("href") for a in u.findall(f"{XHTML}link")}
                  for u in urls}
    for loc, alt in alternates.items():
        if loc == BASE:
            continue
        assert set(alt) == {"fa", "en", "x-default"}, loc
        assert alt[loc[len(BASE):len(BASE) + 2]] == loc
        twin = alt["en" if loc.startswith(BASE + "fa/") else "fa"]
        assert alternates[twin]["fa"] == alt["fa"] and alternates[twin]["en"] == alt["en"], loc
    assert (built / "robots.txt").read_text("utf-8") == f"User-agent: *\nAllow: /\nSitemap: {BASE}sitemap.xml\n"


def json_ld_blocks(path: Path) -> list[dict]:
    text = path.read_text("utf-8")
    return [json.loads(block) for block in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)]


def test_home_describes_the_dataset_in_json_ld(built):
    (dataset,) = json_ld_blocks(built / "en/index.html")
    assert dataset["@type"] == "Dataset"
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["spatialCoverage"]["name"] == "Iran"
    assert dataset["inLanguage"] == ["fa", "en"]
    assert {(d["contentUrl"], d["encodingFormat"]) for d in dataset["distribution"]} == {
        (BASE + "data/facts.csv", "text/csv"), (BASE + "data/facts.json", "application/json"),
        (BASE + "data/facts.zip", "application/zip"), (BASE + "data/datapackage.json", "application/json")}
    measured = {v["propertyID"]: v for v in dataset["variableMeasured"]}
    assert len(measured) == 35 and measured["special_disease_groups_covered"]["description"] == (
        "Special-disease groups whose coverage has been put in place in the province; disease groups, not "
        "individual diseases.")
    assert dataset["temporalCoverage"] == "2025-12-01"  # the only dated report
    assert dataset["isAccessibleForFree"] is True and dataset["url"] == BASE + "en/"
    (persian,) = json_ld_blocks(built / "fa/index.html")
    assert persian["spatialCoverage"]["name"] == "ایران"


def test_fact_sheets_cite_their_sources_in_json_ld(built):
    (article,) = json_ld_blocks(built / "en/provinces/kerman/index.html")
    assert article["@type"] == "Article"
    assert article["headline"] == "Kerman province"
    assert article["citation"] == [{"@type": "NewsArticle", "inLanguage": "fa", "description":
                                    "Kerman province's health insurance director-general visits Tasnim's provincial office",
                                    "publisher": {"@type": "Organization", "name": "Tasnim News Agency"}}]
    (national,) = json_ld_blocks(built / "en/national/index.html")
    assert {"@type": "NewsArticle", "inLanguage": "en", "datePublished": "2025-12-01", "description":
            "Iran–Tajikistan health insurance cooperation, anti-cancer drug coverage and contracted health centers"
            } in national["citation"]


def test_every_page_has_a_canonical_url_and_previews_in_its_language(built):
    for path in html_pages(built):
        rel = path.relative_to(built).as_posix()
        if rel in ("index.html", "404.html"):
            continue
        scan = scan_file(path)
        meta = {a.get("property") or a.get("name"): a.get("content") for t, a in scan.elements if t == "meta"}
        canonical = [a["href"] for t, a in scan.elements if t == "link" and a.get("rel") == "canonical"]
        if "/embed/" in rel:  # a page for other sites' frames: its canonical page is the full one
            assert canonical == [BASE + rel.replace("embed/", "", 1)[: -len("index.html")]], rel
            continue
        assert canonical == [BASE + rel[: -len("index.html")]], rel
        assert meta["og:locale"] == ("fa_IR" if rel.startswith("fa/") else "en_US")
        carded = re.fullmatch(r"(fa|en)/(facts/[^/]+|compare/[^/]+|provinces/[^/]+|national)/index\.html", rel)
        assert meta["og:title"] and meta["og:description"], rel
        assert meta["twitter:card"] == ("summary_large_image" if carded else "summary"), rel
        assert meta["og:url"] == canonical[0]
    fa = {a.get("property"): a.get("content") for t, a in scan_file(built / "fa/provinces/kerman/index.html").elements
          if t == "meta"}
    assert fa["og:title"] == "استان کرمان · بیمه سلامت ایران به روایت اعداد"
    assert fa["og:description"].startswith("جمعیت زیر پوشش سازمان بیمه سلامت در استان کرمان: بیش از ۱٫۸ میلیون نفر؛ ")


def chart_bars(html: str, chart_id: str) -> tuple[float, list[tuple[float, float]]]:
    """The chart's viewBox width, and each bar's x and width, top to bottom."""
    svg = re.search(rf'<svg[^>]*aria-labelledby="{chart_id}-title[^>]*>(.*?)</svg>', html, re.S)
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg.group(0)).group(1))
    return width, [(float(x), float(w)) for x, w in
                   re.findall(r'<rect class="bar[^"]*" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg.group(1))]


def test_a_measure_chart_ranks_the_provinces_with_bars_proportional_to_their_values(built):
    en = (built / "en/compare/insured_population/index.html").read_text("utf-8")
    width, bars = chart_bars(en, "chart-insured_population")
    plot = width - 8
    values = [1800000, 1673000, 557276]  # Kerman, Mazandaran, Qazvin: largest first
    assert [w for _, w in bars] == [pytest.approx(plot * v / 1800000, abs=0.01) for v in values]
    labels = re.findall(r'<text class="bar-label"[^>]*>([^<]*)</text>', en)
    shown = ["Kerman: more than 1,800,000 people", "Mazandaran: more than 1,673,000 people", "Qazvin: 557,276 people"]
    assert labels == shown * 2  # the narrow chart, then the one a desktop shows across its column (#38)
    wide, wide_bars = chart_bars(en, "chart-insured_population-wide")
    assert wide > width and [w / (wide - 8) for _, w in wide_bars] == [pytest.approx(w / plot, abs=0.001) for _, w in bars]
    fa = (built / "fa/compare/insured_population/index.html").read_text("utf-8")
    fa_width, fa_bars = chart_bars(fa, "chart-insured_population")
    for (_, w), (x_fa, w_fa) in zip(bars, fa_bars):
        assert w_fa / (fa_width - 8) == pytest.approx(w / plot, abs=0.001)
        assert x_fa == pytest.approx(fa_width - 4 - w_fa, abs=0.01), "bars grow from the right on Persian pages"
    assert ">کرمان: بیش از ۱٬۸۰۰٬۰۰۰ نفر</text>" in fa


def test_a_province_sheet_has_no_untitled_chart(built):
    html = (built / "en/provinces/kerman/index.html").read_text("utf-8")
    assert "<svg" not in html


def records_from_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_sheet_downloads_round_trip_to_the_figures_on_the_page(built):
    records = json.loads((built / "data/scopes/kerman.json").read_text("utf-8"))["facts"]
    assert [r["id"] for r in records] == [r["id"] for r in records_from_csv((built / "data/scopes/kerman.csv").read_bytes())]
    page = (built / "en/provinces/kerman/index.html").read_text("utf-8")
    for record in records:
        shown = format_quantity(Decimal(str(record["value"])), "en", unit=record["unit"],
                                qualifier=record["qualifier"],
                                value_max=None if record["value_max"] is None else Decimal(str(record["value_max"])))
        row = re.search(rf'<tr><th scope="row"><a href="../../facts/{record["id"]}/">(.*?)</tr>', page, re.S).group(1)
        assert f'<td class="num" data-label="Value">{figure_html(shown)}' in row, record["id"]
        assert record["page_en"] == f'en/facts/{record["id"]}/'
        assert f'<span class="figure">{figure_html(shown)}</span>' in (built / record["page_en"] / "index.html").read_text("utf-8")
    assert 'href="../../../data/scopes/kerman.csv"' in page
    assert ("Suggested citation: Iran Health Insurance in Figures, “Kerman province”, <bdi lang=\"en\" dir=\"ltr\">"
            f"{BASE}en/provinces/kerman/</bdi>, built on ") in page


def test_the_zip_holds_the_data_and_a_readme_with_fields_and_license(built):
    with zipfile.ZipFile(built / "data/facts.zip") as archive:
        assert sorted(archive.namelist()) == ["README.md", "datapackage.json", "facts.csv", "facts.json",
                                              "statements.csv", "statements.json"]
        assert archive.read("datapackage.json") == (built / "data/datapackage.json").read_bytes()
        assert archive.read("facts.json") == (built / "data/facts.json").read_bytes()
        readme = archive.read("README.md").decode("utf-8")
    for field in FIELDS:
        assert f"| `{field}` |" in readme
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in readme


def test_search_pages_and_one_index_per_language(built):
    entry = json.loads((built / "pagefind/pagefind-entry.json").read_text("utf-8"))
    assert set(entry["languages"]) == {"fa", "en"}
    assert not (built / "pagefind/pagefind-ui.css").exists()
    fa = (built / "fa/search/index.html").read_text("utf-8")
    assert "جست‌وجو به جاوااسکریپت نیاز دارد" in fa
    assert "Search needs JavaScript" in (built / "en/search/index.html").read_text("utf-8")


def test_not_found_page_and_favicon(built):
    page = (built / "404.html").read_text("utf-8")
    assert "صفحه پیدا نشد" in page and "Page not found" in page
    assert f'href="{BASE}fa/"' in page and f'href="{BASE}en/"' in page
    assert (built / "static/favicon.svg").read_bytes().startswith(b"<svg")


@pytest.mark.parametrize("page, target, expected", [
    ("fa/provinces/kerman/", "fa/sources/002/#quote-x", "../../sources/002/#quote-x"),
    ("fa/provinces/kerman/", "fa/provinces/kerman/#fact-x", "#fact-x"),
    ("fa/provinces/kerman/", "fa/provinces/kerman/", "./"),
    ("fa/", "static/style.css", "../static/style.css"),
    ("", "fa/", "fa/"),
    ("", "", "./"),
    ("en/compare/", "en/", "../"),
    ("en/national/", "data/scopes/national.csv", "../../data/scopes/national.csv"),
])
def test_relative_links_work_from_any_sub_path(page, target, expected):
    assert relative_url(page, target) == expected


@given(st.lists(st.sampled_from(["fa", "en", "x", "provinces", "kerman"]), max_size=4),
       st.lists(st.sampled_from(["fa", "en", "x", "provinces", "kerman"]), max_size=4), st.booleans())
def test_relative_links_resolve_to_their_target(page_parts, target_parts, target_is_folder):
    """Following the link from the page's folder leads exactly to the target."""
    page = "".join(p + "/" for p in page_parts)
    target = "/".join(target_parts) + ("/" if target_is_folder and target_parts else "")
    resolved = posixpath.normpath(posixpath.join("/" + page, relative_url(page, target)))
    assert resolved.rstrip("/") == ("/" + target).rstrip("/") or (resolved == "/" and not target.strip("/"))
