"""The benchmark generator: a small synthetic site passes `check`, builds, and is reproducible."""
from __future__ import annotations

import contextlib
import html
import hashlib
import importlib.util
import io
import re
import sys
from pathlib import Path

import pytest
import yaml

from factsite.cli import main
from factsite.verify.numbers import find_numbers

REPO = Path(__file__).resolve().parent.parent
SMALL = {"provinces": 2, "programs": 4, "facts": 60, "sources": 10, "seed": 7}


def load_generator():
    """benchmarks/generate.py as a module (benchmarks/ is a folder of scripts, not a package)."""
    name = "benchmarks_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / "generate.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module          # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
    return sys.modules[name]


def run(argv: list[str]) -> tuple[int, str, str]:
    """The CLI's exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def entries(root: Path, rel: str, key: str) -> list[dict]:
    return yaml.safe_load((root / rel).read_text("utf-8"))[key]


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "site"
    summary = load_generator().generate(root, **SMALL)
    assert (summary.provinces, summary.programs, summary.sources) == (2, 4, 10)
    assert summary.facts == 60 + summary.derived
    return root


def test_small_synthetic_site_passes_check(small):
    code, out, err = run(["check", "--root", str(small)])
    assert code == 0, err
    assert re.match(r"ok: \d+ facts", out), out


def test_small_synthetic_site_has_the_real_layout(small):
    for part in ("site.yaml", "content/seeds.yaml", "content/scopes.yaml", "content/programs.yaml",
                 "content/metrics.yaml", "content/pages/about.fa.md", "content/pages/about.en.md",
                 "templates", "static", "locale"):
        assert (small / part).exists(), part
    scopes = [s["slug"] for s in entries(small, "content/scopes.yaml", "scopes")]
    assert scopes == ["national", "tehran", "isfahan"]
    assert sorted(p.stem for p in (small / "content/facts").glob("*.yaml")) == sorted(scopes)
    seeds = entries(small, "content/seeds.yaml", "seeds")
    assert sorted(s["file"] for s in seeds) == sorted(p.name for p in (small / "seeds").glob("*.txt"))
    assert all("Synthetic benchmark document" in s["title"]["en"] for s in seeds)
    assert "synthetic" in yaml.safe_load((small / "site.yaml").read_text("utf-8"))["description"]["en"]


def test_every_quote_states_exactly_its_one_figure(small):
    facts = [f for path in sorted((small / "content/facts").glob("*.yaml"))
             for f in entries(small, f"content/facts/{path.name}", "facts")]
    stated = [f for f in facts if "source" in f]
    assert len(stated) == 60
    assert any(f.get("derived") for f in facts) and any(f.get("parts") for f in facts)
    for fact in stated:
        mentions = find_numbers(fact["source"]["quote"])
        assert len(mentions) == 1, (fact["id"], fact["source"]["quote"], mentions)
    pairs = [(f["scope"], f["metric"]) for f in facts]
    assert len(pairs) == len(set(pairs)), "a scope reports a metric twice"


def all_facts(root: Path) -> list[dict]:
    return [fact for path in sorted((root / "content/facts").glob("*.yaml"))
            for fact in yaml.safe_load(path.read_text("utf-8"))["facts"]]


def test_small_synthetic_site_builds_the_expected_pages(small, pristine, tmp_path):
    out = tmp_path / "public"
    code, printed, err = run(["--root", str(small), "--out", str(out)])
    assert code == 0, err
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert re.match(rf"built {len(pages)} pages and \d+ facts", printed), printed

    scopes = entries(small, "content/scopes.yaml", "scopes")
    programs = entries(small, "content/programs.yaml", "programs")
    seeds = entries(small, "content/seeds.yaml", "seeds")
    for lang in ("fa", "en"):
        assert f"{lang}/national/index.html" in pages
        assert {p.split("/")[2] for p in pages if re.fullmatch(rf"{lang}/provinces/[^/]+/index\.html", p)} == \
            {s["slug"] for s in scopes if s["kind"] == "province"}
        assert {p.split("/")[2] for p in pages if re.fullmatch(rf"{lang}/programs/[^/]+/index\.html", p)} == \
            {p["slug"] for p in programs}
        assert {p.split("/")[2] for p in pages if re.fullmatch(rf"{lang}/sources/[^/]+/index\.html", p)} == \
            {Path(s["file"]).stem for s in seeds}
        facts = {p.split("/")[2] for p in pages if re.fullmatch(rf"{lang}/facts/[^/]+/index\.html", p)}
        assert facts == {f["id"] for f in all_facts(small)}
        measures = {p.split("/")[2] for p in pages if re.fullmatch(rf"{lang}/compare/[^/]+/index\.html", p)}
        assert measures == {f["metric"] for f in all_facts(small)}
    # Besides one page per scope, program, source, figure and measure in each language (and a page for
    # a scope's program when its sheet shows only some of the figures; and for each figure and measure
    # a page for other sites' frames), the site has the same fixed pages (root, home, about, indexes…)
    # as the real site.
    def kinds(root: Path, listing: list[str]) -> int:
        made = sum(len(entries(root, f"content/{f}.yaml", f)) for f in ("scopes", "programs", "seeds"))
        facts = all_facts(root)
        topics = sum(1 for p in listing if re.fullmatch(r"fa/(provinces/[^/]+|national)/[^/]+/index\.html", p))
        return made + 2 * len(facts) + 2 * len({f["metric"] for f in facts}) + topics
    real = pristine / "public"
    real_pages = sorted(p.relative_to(real).as_posix() for p in real.rglob("*.html"))
    fixed = len(real_pages) - 2 * kinds(pristine, real_pages)
    assert len(pages) == fixed + 2 * kinds(small, pages)


def test_same_seed_gives_byte_identical_trees(small, tmp_path):
    again = tmp_path / "again"
    load_generator().generate(again, **SMALL)
    first = {k: v for k, v in digest(small).items() if not k.startswith("public/")}
    assert digest(again) == first
    other = tmp_path / "other"
    load_generator().generate(other, **{**SMALL, "seed": SMALL["seed"] + 1})
    assert digest(other) != first


@pytest.mark.slow
def test_the_hugo_site_with_the_same_content_has_a_page_for_each_of_ours(small, tmp_path):
    """benchmarks/hugo_content.py writes a content file for each HTML page our build writes, and Hugo
    (when it is installed) writes the same HTML paths, besides its two paginator redirects, with
    every fact of a scope on its sheet."""
    import shutil
    import subprocess
    sys.path.insert(0, str(REPO))
    from benchmarks.hugo_content import write_hugo_content
    ours = tmp_path / "ours"  # as the benchmark builds it: without the pages for other sites' frames
    assert run(["--root", str(small), "--out", str(ours), "--no-cards"])[0] == 0
    our_pages = {p.relative_to(ours).as_posix() for p in ours.rglob("*.html")}
    dest = tmp_path / "hugo"
    write_hugo_content(small, dest)
    content = sorted(p.relative_to(dest / "content").as_posix() for p in (dest / "content").rglob("*.md"))
    # Hugo writes the root page itself, and facts/_index.md only groups the figure pages.
    assert len(content) == len(our_pages) - 1 + 2
    seeds = entries(small, "content/seeds.yaml", "seeds")
    source = (dest / "content/en/sources" / f"{Path(seeds[0]['file']).stem}.md").read_text("utf-8")
    assert source.endswith((small / "seeds" / seeds[0]["file"]).read_text("utf-8"))
    if shutil.which("hugo") is None:
        return
    out = tmp_path / "out"
    subprocess.run(["hugo", "--quiet", "--source", str(dest), "--destination", str(out)], check=True)
    hugo_pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    assert hugo_pages - our_pages == {"fa/sources/page/1/index.html", "en/sources/page/1/index.html"}
    assert our_pages - hugo_pages == set()
    headings = re.compile(r"<h[12]>[^<]+</h[12]>")  # the 404 layout is made from our template
    assert headings.findall((out / "404.html").read_text("utf-8")) == \
        headings.findall((ours / "404.html").read_text("utf-8")) == ["<h1>صفحه پیدا نشد</h1>", "<h2>Page not found</h2>"]
    scope = entries(small, "content/scopes.yaml", "scopes")[1]["slug"]
    for fact in entries(small, f"content/facts/{scope}.yaml", "facts"):
        for lang in ("fa", "en"):
            page = (out / lang / "facts" / fact["id"] / "index.html").read_text("utf-8")
            assert html.escape(fact["label"][lang], quote=False) in page, (lang, fact["id"])
            if "source" in fact:  # a derived figure has none
                assert html.escape(fact["source"]["quote"], quote=False) in page, (lang, fact["id"])
