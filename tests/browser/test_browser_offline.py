"""#19: the offline copy, unzipped and opened from disk in Chromium: the Persian home, then a province, a
figure and a source by their links, and back; search says it needs the online site."""
from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def copy_home(built_site):
    folder = Path(tempfile.mkdtemp(prefix="factsite-offline-"))
    with zipfile.ZipFile(built_site.out / "offline/site-copy.zip") as archive:
        archive.extractall(folder)
    yield folder / "health-insurance-figures"
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def tab(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def test_the_copy_reads_from_disk_link_by_link(tab, copy_home):
    home = (copy_home / "fa/index.html").as_uri()
    tab.goto(home)
    assert tab.inner_text("h1") == "بیمه سلامت ایران به روایت اعداد"
    steps = [("a[href='provinces/kerman/index.html']", "fa/provinces/kerman/index.html", "استان کرمان"),
             ("a[href='../../facts/kerman-insured-population/index.html']", "fa/facts/kerman-insured-population/index.html",
              "جمعیت زیر پوشش سازمان بیمه سلامت در استان کرمان"),
             ("a[href^='../../sources/002_73cc2be2b670b8e6/index.html']", "fa/sources/002_73cc2be2b670b8e6/index.html",
              "خبرگزاری تسنیم، تاریخ ذکر نشده")]
    for selector, path, heading in steps:
        tab.click(f"main {selector} >> nth=0")
        tab.wait_for_load_state()
        assert tab.url.split("#")[0] == (copy_home / path).as_uri()
        assert tab.inner_text("h1") == heading
    for _ in steps:
        tab.go_back()
    assert tab.url == home and tab.inner_text("h1") == "بیمه سلامت ایران به روایت اعداد"


def test_search_in_the_copy_says_it_needs_the_online_site(tab, copy_home):
    tab.goto((copy_home / "en/search/index.html").as_uri())
    tab.wait_for_function("() => document.querySelector('#search-status').textContent.startsWith('Search needs the online')")
    assert not tab.is_visible("form[role=search]")
