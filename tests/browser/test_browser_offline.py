"""#19: the offline copy, unzipped and opened from disk in Chromium: the Persian home, then a province, a
figure and a source by their links, and back; its search page finds figures (#38)."""
from __future__ import annotations

import json
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


def _copy_index(copy_home: Path) -> dict:
    """The entries the copy's search page loads (render/offline.py search_index)."""
    text = (copy_home / "search-index.js").read_text("utf-8")
    return json.loads(text[text.index("=") + 1:].strip().rstrip(";"))


def test_search_in_the_copy_finds_a_figure_typed_with_arabic_letters(tab, copy_home):
    """#38: opened from disk, search loads its index with a classic script and folds the query as
    the online index is folded: Arabic ي and ك find Persian ی and ک, ASCII digits find Persian ones."""
    entries = _copy_index(copy_home)["fa"]
    path, title, _ = next(e for e in entries if "/facts/" in e[0] and "ی" in e[1] and "ک" in e[1])
    words = [w for w in title.split(" · ")[1].split() if "ی" in w or "ک" in w][:2]
    query = " ".join(words).replace("ی", "ي").replace("ک", "ك")
    tab.goto((copy_home / "fa/search/index.html").as_uri())
    tab.wait_for_function("() => window.factsiteIndex !== undefined")
    tab.fill("#q", query)
    tab.press("#q", "Enter")
    link = tab.locator(f"#search-results a[href$='{path}index.html']").first
    link.wait_for()
    assert link.inner_text() == title
    link.click()
    tab.wait_for_load_state()
    assert tab.url == (copy_home / path / "index.html").as_uri()


def test_search_in_the_copy_finds_english_pages_by_ascii_digits(tab, copy_home):
    """A figure's digits typed in ASCII find it on the English search page, its excerpt's parts apart."""
    entries = _copy_index(copy_home)["en"]
    path, title, text = next(e for e in entries if "/facts/" in e[0] and any(c.isdigit() for c in e[1]))
    number = next(w for w in title.split() if any(c.isdigit() for c in w))
    tab.goto((copy_home / "en/search/index.html").as_uri())
    tab.wait_for_function("() => window.factsiteIndex !== undefined")
    tab.fill("#q", number)
    tab.press("#q", "Enter")
    item = tab.locator(f"#search-results li:has(a[href$='{path}index.html'])").first
    item.wait_for()
    assert item.locator("p").inner_text() == text and " · " in text
