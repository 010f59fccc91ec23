"""The preview's incremental rebuilds: only what an edit changes is redone, and the result is
byte-identical to a full build of the same inputs."""
from __future__ import annotations

import threading

from factsite.cli import main
from factsite.preview.memo import BuildCache
from factsite.preview.builder import build_once
from tests.test_site import copy_site, tree_digest


def full_build(site, out) -> dict[str, str]:
    assert main(["--root", str(site), "--out", str(out), "--force"]) == 0
    return {k: v for k, v in tree_digest(out).items() if not k.startswith("pagefind/") and k != ".build-inputs"}


def edit(path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_an_edit_rerenders_only_the_pages_it_changes_and_matches_a_full_build(tmp_path):
    site = copy_site(tmp_path / "site")
    out, cache, lock = tmp_path / "preview", BuildCache(), threading.Lock()
    assert build_once(site, out, lock, cache) == ([], 56)
    assert cache.reused == set()

    edit(site / "content/facts/qazvin.yaml", "Insurance funds operating under Health Insurance in Qazvin", "Insurance funds operating under the Health Insurance Organization in Qazvin")
    assert build_once(site, out, lock, cache) == ([], 56)
    rerendered = {name for name in cache.pages if name.endswith(".html")} - cache.reused
    assert {"en/provinces/qazvin/index.html", "en/programs/insurance-funds/index.html",
            "en/sources/003_2204d449335876e7/index.html"} <= rerendered
    assert "en/provinces/kerman/index.html" not in rerendered
    assert len(rerendered) < 15, sorted(rerendered)
    assert "Insurance funds operating under the Health Insurance Organization in Qazvin" in (out / "en/provinces/qazvin/index.html").read_text("utf-8")
    assert tree_digest(out) == full_build(site, tmp_path / "full")


def test_a_template_or_catalog_change_rerenders_everything_and_still_matches(tmp_path):
    site = copy_site(tmp_path / "site")
    out, cache, lock = tmp_path / "preview", BuildCache(), threading.Lock()
    assert build_once(site, out, lock, cache) == ([], 56)
    edit(site / "templates/base.html", "<footer class=\"site-footer\">", "<footer class=\"site-footer\" data-edited=\"1\">")
    assert build_once(site, out, lock, cache) == ([], 56)
    assert not any(name.endswith(".html") for name in cache.reused)
    assert 'data-edited="1"' in (out / "fa/index.html").read_text("utf-8")
    assert tree_digest(out) == full_build(site, tmp_path / "full")


def test_a_content_error_keeps_the_cache_usable(tmp_path):
    site = copy_site(tmp_path / "site")
    out, cache, lock = tmp_path / "preview", BuildCache(), threading.Lock()
    assert build_once(site, out, lock, cache) == ([], 56)
    facts = site / "content/facts/kerman.yaml"
    good = facts.read_text("utf-8")
    facts.write_text(good.replace("value: 1800000", "value: 1800001"), "utf-8")
    errors, pages = build_once(site, out, lock, cache)
    assert pages == 0 and errors[0].startswith("content/facts/kerman.yaml:9:5: kerman-insured-population: the value")
    facts.write_text(good, "utf-8")
    assert build_once(site, out, lock, cache) == ([], 56)
    assert tree_digest(out) == full_build(site, tmp_path / "full")
