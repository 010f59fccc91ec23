"""#17: on the fixture site, built with an absolute --base-url as the deploy workflow builds it, the Persian
home, a figure's page and a measure's page score 100 in all four Lighthouse categories (performance,
accessibility, best practices, SEO). Lighthouse drives Debian's Chromium; it downloads nothing."""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, REPO_ROOT, LocalServer, build_site
from conftest import unavailable

pytestmark = pytest.mark.browser

LIGHTHOUSE = REPO_ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = ("/fa/", "/fa/facts/kerman-insured-population/", "/fa/compare/insured_population/")
BASE_URL = "https://example.org/bime/"
TRIES = 3  # performance is timed on a shared machine: the best of up to three runs (the others are not timed)


@pytest.fixture(scope="module")
def deployed():
    """The site built with an absolute base URL, served locally."""
    if not LIGHTHOUSE.is_file():
        unavailable(f"Lighthouse not found at {LIGHTHOUSE.relative_to(REPO_ROOT)} — run npm ci")
    if not CHROMIUM.is_file() or not shutil.which("node"):
        unavailable("Lighthouse needs node and /usr/bin/chromium — apt-get install -y chromium nodejs")
    work = Path(tempfile.mkdtemp(prefix="factsite-lighthouse-"))
    built = build_site(work / "public", "--base-url", BASE_URL)
    assert built.ok, built.log
    with LocalServer(work / "public") as server:
        lighthouse(server.url(PAGES[0]), work)  # once unscored: the first run also times Chromium and
        yield server, work                      # Lighthouse starting cold (a slow machine scored 96 then)
    shutil.rmtree(work, ignore_errors=True)


def lighthouse(url: str, work: Path) -> dict:
    profile = tempfile.mkdtemp(prefix="profile-", dir=work)
    report = work / "report.json"
    flags = " ".join([*CHROMIUM_ARGS, f"--user-data-dir={profile}"])
    run = subprocess.run(["node", str(LIGHTHOUSE), url, f"--chrome-path={CHROMIUM}", f"--chrome-flags={flags}",
                          "--output=json", f"--output-path={report}", "--quiet",
                          f"--only-categories={','.join(CATEGORIES)}"],
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(report.read_text("utf-8"))


def scored(url: str, work: Path) -> tuple[dict, dict[str, int]]:
    """Lighthouse's report and its four scores, run again (up to TRIES in all) while performance is
    under 100: that score is Lighthouse's simulation of a slow phone from the time this machine took,
    so a busy moment can cost a point (98 and 99 seen, with the page's bytes unchanged); a page that
    is too heavy scores under 100 every time."""
    for _ in range(TRIES):
        report = lighthouse(url, work)
        scores = {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}
        if scores["performance"] == 100:
            break
    return report, scores


@pytest.mark.parametrize("path", PAGES)
def test_lighthouse_scores_100_in_every_category(deployed, path):
    server, work = deployed
    report, scores = scored(server.url(path), work)
    failing = [f"{key}: {audit} {report['audits'][audit]['score']} {report['audits'][audit].get('displayValue', '')}"
               for key in CATEGORIES for ref in report["categories"][key]["auditRefs"]
               for audit in [ref["id"]] if ref["weight"] and (report["audits"][audit]["score"] or 1) < 1]
    assert scores == dict.fromkeys(CATEGORIES, 100), f"{path}: {scores}\n" + "\n".join(failing)
