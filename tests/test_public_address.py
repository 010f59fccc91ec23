"""#19: what must be a full address (canonical, hreflang, og:url, sitemap, citations) is absolute with a
full base_url, and left out — with one warning — when base_url is only a path."""
from __future__ import annotations

import json
import re

import pytest

from factsite.cli import main
from tests.htmlscan import scan_file

WARNING = ("warning: base_url `/` is a path, not a full address, so canonical links, hreflang alternates, og:url, "
           "the sitemap and the citations' addresses are left out — set base_url in site.yaml to the address the "
           "site is served at (like https://example.org/) or pass --base-url\n")


@pytest.mark.without_search
def test_a_bare_path_leaves_out_what_must_be_absolute_and_warns_once(bare_site, capsys):
    assert main(["build", "--root", str(bare_site)]) == 0
    captured = capsys.readouterr()
    assert captured.err == WARNING
    public = bare_site / "public"
    assert not (public / "sitemap.xml").exists()
    assert (public / "robots.txt").read_text("utf-8") == "User-agent: *\nAllow: /\n"
    scan = scan_file(public / "en/facts/kerman-insured-population/index.html")
    assert not [a for t, a in scan.elements if t == "link" and (a.get("rel") == "canonical" or a.get("hreflang"))]
    assert not [a for t, a in scan.elements if t == "meta" and a.get("property") == "og:url"]
    page = (public / "en/facts/kerman-insured-population/index.html").read_text("utf-8")
    assert ("Kerman province: more than 1,800,000 people”, accessed " in page) and "/en/facts/kerman-insured" \
        "-population/</bdi>" not in page
    csl = json.loads(re.search(r'<code>(.*?)</code>', page, re.S).group(1).replace("&amp;", "&"))
    assert "URL" not in csl[0]
    home = (public / "en/index.html").read_text("utf-8")
    dataset = json.loads(re.search(r'application/ld\+json">(.*?)</script>', home, re.S).group(1))
    assert "url" not in dataset and all("contentUrl" not in d for d in dataset["distribution"])
    assert main(["build", "--root", str(bare_site)]) == 0  # up to date: nothing built, no second warning
    assert capsys.readouterr().err == ""


@pytest.mark.without_search
def test_a_full_base_url_makes_them_absolute_without_a_warning(bare_site, capsys):
    assert main(["build", "--root", str(bare_site), "--base-url", "https://example.org/"]) == 0
    assert capsys.readouterr().err == ""
    scan = scan_file(bare_site / "public/fa/facts/kerman-insured-population/index.html")
    links = {a.get("hreflang") or a.get("rel"): a["href"] for t, a in scan.elements if t == "link"
             and (a.get("rel") == "canonical" or a.get("hreflang"))}
    assert links == {"canonical": "https://example.org/fa/facts/kerman-insured-population/",
                     "fa": "https://example.org/fa/facts/kerman-insured-population/",
                     "en": "https://example.org/en/facts/kerman-insured-population/",
                     "x-default": "https://example.org/fa/facts/kerman-insured-population/"}
    assert "<loc>https://example.org/en/facts/kerman-insured-population/</loc>" in (
        bare_site / "public/sitemap.xml").read_text("utf-8")
