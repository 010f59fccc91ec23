"""Check 7 — screenshots for a person to look at: home, a province and a source page in both languages at
360 and 1280 px, full page, in test-artifacts/screenshots/ (git-ignored), e.g. fa-home-360.png."""
from __future__ import annotations

import pytest

from browser_support import LANGUAGES, SCREENSHOT_DIR, png_size

pytestmark = pytest.mark.browser

PAGES = {"home": "/{lang}/", "province": "/{lang}/provinces/kerman/", "source": "/{lang}/sources/001_a9029134c7a88ac7/"}
SHOTS = [pytest.param(f"{lang}-{kind}-{width}", path.format(lang=lang), width, id=f"{lang}-{kind}-{width}")
         for lang in LANGUAGES for kind, path in PAGES.items() for width in (360, 1280)]


@pytest.mark.parametrize("name,url_path,width", SHOTS)
def test_screenshot(built_site, tabs, name, url_path, width):
    page = next((p for p in built_site.pages if p.url_path == url_path), None)
    assert page is not None, f"the build has no page {url_path}"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    path.unlink(missing_ok=True)
    tabs[width].visit(page)
    tabs[width].page.screenshot(path=str(path), full_page=True)
    assert path.is_file() and path.stat().st_size > 0, f"no screenshot written at {path}"
    size = png_size(path)
    assert size is not None, f"{path} is not a PNG"
    assert size[0] >= width and size[1] > 0, f"{path} is {size[0]}×{size[1]} px, want {width} px wide"
