"""The preview's memory changes nothing: after edits, every page it renders on request is
byte-identical to a full build's of the same inputs (an equivalence test of the machinery: marked slow)."""
from __future__ import annotations

import shutil
import pytest

from factsite.cli import main
from factsite.render.links import file_for
from factsite.preview.builder import LivePages, check_once
from factsite.speed.memo import SessionMemo
from tests.test_site import copy_site, tree_digest

pytestmark = pytest.mark.slow


def full_build(site, out) -> dict[str, str]:
    assert main(["--root", str(site), "--out", str(out), "--force"]) == 0
    return {k: v for k, v in tree_digest(out).items() if not k.startswith("pagefind/") and k not in (".build-inputs", ".build-pages")}


def preview_build(site, out, memo) -> tuple[list[str], int | None]:
    """The problems of the preview's check, and the number of pages, each rendered on request into out."""
    errors, renderer = check_once(site, memo)
    if renderer is None:
        return errors, 0
    live = LivePages(renderer)
    shutil.rmtree(out, ignore_errors=True)
    pages = [name for lang in ("fa", "en") for name in (file_for(path) for path in renderer.makers(lang))]
    pages += [file_for(page.path) for page in renderer.fixed_pages()]
    for name in pages:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(live.page(name))
    return [], len(pages)


def html_of(tree: dict[str, str]) -> dict[str, str]:
    return {name: digest for name, digest in tree.items() if name.endswith(".html")}


def edit(path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize("rel, old, new", [
    ("content/facts/qazvin.yaml", "Insurance funds operating under Health Insurance in Qazvin",
     "Insurance funds operating under the Health Insurance Organization in Qazvin"),
    ("templates/base.html", '<footer class="site-footer">', '<footer class="site-footer" data-edited="1">'),
    ("content/facts/kerman.yaml", "  - id: kerman-population-share", "  - id: kerman-population-percent"),
    ("content/facts/qazvin.yaml", "    scope: qazvin\n", "    scope: qazvin\n    # a line more: the entries after it move\n"),
])
def test_an_edit_gives_what_a_full_build_gives(rel, old, new, tmp_path):
    site = copy_site(tmp_path / "site")
    out, memo = tmp_path / "preview", SessionMemo.for_preview()
    assert preview_build(site, out, memo) == ([], 264)
    edit(site / rel, old, new)
    errors, pages = preview_build(site, out, memo)
    if errors:  # renaming a fact that a formula names is an error, in the preview as in the build
        assert "kerman-population-share" in errors[0]
        return
    assert pages == 264
    assert tree_digest(out) == html_of(full_build(site, tmp_path / "full"))


def test_a_content_error_keeps_the_memory_usable(tmp_path):
    site = copy_site(tmp_path / "site")
    out, memo = tmp_path / "preview", SessionMemo.for_preview()
    assert preview_build(site, out, memo) == ([], 264)
    facts = site / "content/facts/kerman.yaml"
    good = facts.read_text("utf-8")
    facts.write_text(good.replace("value: 1800000", "value: 1800001"), "utf-8")
    errors, pages = preview_build(site, out, memo)
    assert pages == 0 and errors[0].startswith("content/facts/kerman.yaml:9:5: kerman-insured-population: the value")
    facts.write_text(good, "utf-8")
    assert preview_build(site, out, memo) == ([], 264)
    assert tree_digest(out) == html_of(full_build(site, tmp_path / "full"))


def test_the_inputs_digest_covers_every_input_and_the_common_one_all_but_the_facts(tmp_path):
    """What tells an unchanged site from a changed one (the whole digest) and what every page shares
    (the common one): a facts edit changes only the first, a seed edit or other settings both."""
    from factsite.speed.digest import input_digests
    from tests.helpers import replace_once
    site = copy_site(tmp_path / "site")
    whole, common = input_digests(site, "settings")
    assert input_digests(site, "settings") == (whole, common) and len(whole) == 64 and len(common) == 32
    replace_once(site / "content/facts/kerman.yaml", "value: 1800000", "value: 1800001")
    edited, same = input_digests(site, "settings")
    assert edited != whole and same == common
    seed = next((site / "seeds").glob("*.txt"))
    seed.write_bytes(seed.read_bytes() + b" ")
    assert all(new != old for new, old in zip(input_digests(site, "settings"), (edited, same)))
    assert all(new != old for new, old in zip(input_digests(site, "other"), input_digests(site, "settings")))
