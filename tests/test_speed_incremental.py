"""#18: a rebuild after an edit renders only the pages whose inputs changed, writes only the files
whose bytes changed, and gives the very tree a full build gives, search index and offline copy
included — after an edit, a deletion, a renamed fact, a fact moved between measures and programs."""
from __future__ import annotations

import contextlib
import os
import pickle
import random
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import replace_file
from tests.test_benchmark_site import load_generator, run
from tests.test_site import tree_digest

SMALL = {"provinces": 3, "programs": 4, "facts": 160, "sources": 30, "seed": 5}
REBUILT = re.compile(r"built (\d+) pages and (\d+) facts in \d+\.\d\d s → .* \((\d+) pages rendered again, "
                     r"(\d+) files written and (\d+) removed, the rest unchanged; the search index took "
                     r"\d+\.\d\d s of it\)")
MARKER = ".factsite-build"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A small generated site with every page kind, derived facts and parts, built once."""
    return built(tmp_path_factory, "incremental", **SMALL)


def built(tmp_path_factory, name: str, **sizes) -> Path:
    """A site generated with these sizes into a new folder, and built."""
    root = tmp_path_factory.mktemp(name) / "site"
    load_generator().generate(root, **sizes)
    code, _, err = run(["build", "--root", str(root)])
    assert code == 0, err
    return root


@pytest.fixture
def site(generated, tmp_path) -> Path:
    """A fresh copy of the generated site and its output (copied, so that a build may write into it)."""
    dest = tmp_path / "site"
    shutil.copytree(generated, dest, symlinks=True)
    return dest


def blocks(path: Path) -> list[str]:
    """The facts of a facts file, each as its text block."""
    return re.split(r"(?m)^(?=  - id: )", path.read_text("utf-8"))[1:]


def facts_file(root: Path, scope: str = "tehran") -> Path:
    return root / "content" / "facts" / f"{scope}.yaml"


def referenced(root: Path) -> set[str]:
    """Fact ids that a formula or a list of parts names (removing one is an error)."""
    text = "".join(p.read_text("utf-8") for p in (root / "content/facts").glob("*.yaml"))
    named = set(re.findall(r"\{([a-z0-9-]+)\}", text))
    for ids in re.findall(r"ids: \[([^\]]*)\]", text):
        named |= {i.strip() for i in ids.split(",")}
    return named


def free_facts(root: Path, scope: str = "tehran") -> list[str]:
    """The blocks of a place's facts no other fact names, and that name none."""
    named = referenced(root)
    return [b for b in blocks(facts_file(root, scope))
            if re.match(r"  - id: (\S+)", b).group(1) not in named and "derived:" not in b and "parts:" not in b]


def free_fact(root: Path, scope: str = "tehran", skip: int = 3) -> str:
    """A block of a fact no other fact names, and that names none."""
    return free_facts(root, scope)[skip]


def rewrite(root: Path, old: str, new: str, scope: str = "tehran") -> None:
    path = facts_file(root, scope)
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    replace_file(path, text.replace(old, new).encode("utf-8"))


@contextlib.contextmanager
def no_cache():
    """Nothing kept from an earlier build is read or written inside the block."""
    before = os.environ.get("FACTSITE_NO_CACHE")
    os.environ["FACTSITE_NO_CACHE"] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ["FACTSITE_NO_CACHE"]
        else:
            os.environ["FACTSITE_NO_CACHE"] = before


def rebuild_and_compare(root: Path, tmp_path: Path) -> tuple[int, ...]:
    """Rebuild in place; assert the tree equals a full build's; return (pages, facts, rendered, written, removed)."""
    code, out, err = run(["build", "--root", str(root)])
    assert code == 0, err
    said = REBUILT.fullmatch(out.strip().splitlines()[-1])
    assert said, out
    with no_cache():  # the full build makes everything from scratch, the data files' rows too
        code, _, err = run(["build", "--root", str(root), "--force", "--out", str(tmp_path / "full")])
    assert code == 0, err
    ours, full = tree_digest(root / "public"), tree_digest(tmp_path / "full")
    assert ours.keys() == full.keys()
    assert [name for name in ours if ours[name] != full[name]] == []
    return tuple(int(n) for n in said.groups())


def test_a_label_edit_renders_few_pages_and_writes_only_changed_files(site, tmp_path):
    before = {p: p.stat().st_ino for p in (site / "public").rglob("*") if p.is_file()}
    old = tree_digest(site / "public")
    block = free_fact(site)
    label = re.search(r'en: "([^"]+)"\}', block).group(1)
    rewrite(site, f'en: "{label}"}}', f'en: "{label} (corrected)"}}')
    pages, _, rendered, written, removed = rebuild_and_compare(site, tmp_path)
    assert rendered < pages / 3 and removed == 0
    new = tree_digest(site / "public")
    changed = {name for name in new if old.get(name) != new[name]}
    kept = {p for p, inode in before.items() if p.exists() and p.stat().st_ino == inode}
    records = {".build-pages", ".build-inputs"}  # taken away first, written again last (an inode may come back)
    for path in before:  # a file whose bytes did not change is the same file; a changed one was written
        name = path.relative_to(site / "public").as_posix()
        if name not in records and not name.startswith("pagefind/"):
            assert (path in kept) == (name not in changed), name
    assert written == len({name for name in changed if not name.startswith("pagefind/")} - records)
    fact_id = re.match(r"  - id: (\S+)", block).group(1)
    assert f"{label} (corrected)" in (site / "public/en/facts" / fact_id / "index.html").read_text("utf-8")


def test_a_deleted_fact_takes_its_pages_with_it(site, tmp_path):
    block = free_fact(site, skip=1)
    fact_id = re.match(r"  - id: (\S+)", block).group(1)
    rewrite(site, block, "")
    _, facts, _, _, removed = rebuild_and_compare(site, tmp_path)
    assert removed == 2 and not (site / "public/fa/facts" / fact_id).exists()
    assert fact_id not in (site / "public/data/facts.json").read_text("utf-8")


def test_a_renamed_fact_moves_its_pages(site, tmp_path):
    block = free_fact(site, skip=2)
    fact_id = re.match(r"  - id: (\S+)", block).group(1)
    rewrite(site, f"  - id: {fact_id}\n", f"  - id: {fact_id}-renamed\n")
    _, _, _, written, removed = rebuild_and_compare(site, tmp_path)
    assert removed == 2 and (site / "public/en/facts" / f"{fact_id}-renamed/index.html").is_file()


def test_a_fact_moved_to_another_measure_and_program(site, tmp_path):
    """The fact leaves one measure's pages and one program's pages for others (a same-unit measure)."""
    block = free_fact(site, skip=4)
    unit, metric = re.search(r"unit: (\S+)", block).group(1), re.search(r"metric: (\S+)", block).group(1)
    others = [b for b in blocks(facts_file(site, "national")) if f"unit: {unit}\n" in b
              and f"metric: {metric}\n" not in b]
    other_metric = re.search(r"metric: (\S+)", others[0]).group(1)
    other_programs = re.search(r"programs: \[([^\]]+)\]", others[0]).group(1)
    moved = re.sub(r"metric: \S+", f"metric: {other_metric}", block)
    moved = re.sub(r"programs: \[[^\]]+\]", f"programs: [{other_programs}]", moved)
    rewrite(site, block, moved)
    rebuild_and_compare(site, tmp_path)


def test_random_edits_in_a_row_stay_equal_to_full_builds(site, tmp_path):
    """Several edits, each rebuilt in place and compared: labels of linked facts, notes, removals."""
    chooser = random.Random(18)
    for step in range(3):
        scope = chooser.choice(["national", "tehran", "isfahan", "fars"])
        facts = blocks(facts_file(site, scope))
        block = chooser.choice(facts)
        label = re.search(r'en: "([^"]+)"\}', block).group(1)
        edited = block.replace(f'en: "{label}"}}', f'en: "{label} [step {step}]"}}', 1)
        rewrite(site, block, edited, scope)
        rebuild_and_compare(site, tmp_path / f"step-{step}")


def test_what_every_page_shares_rebuilds_all_and_force_is_a_full_build(site, tmp_path):
    replace_file(site / "templates/base.html",
                 (site / "templates/base.html").read_text("utf-8").replace("<main", "<main data-x", 1).encode())
    code, out, err = run(["build", "--root", str(site)])
    assert code == 0 and re.fullmatch(r"built \d+ pages and \d+ facts in \d+\.\d\d s → \S+", out.strip()), out
    rewrite(site, *_label_edit(site))
    code, out, _ = run(["build", "--root", str(site), "--force"])
    assert code == 0 and "rendered again" not in out


def test_a_rebuild_stopped_half_way_is_followed_by_a_full_build(site, tmp_path):
    (site / "public/.build-pages").unlink()  # what a rebuild takes away first
    rewrite(site, *_label_edit(site))
    code, out, _ = run(["build", "--root", str(site)])
    assert code == 0 and "rendered again" not in out
    assert (site / "public/.build-pages").is_file() and (site / "public" / MARKER).is_file()


def test_a_broken_edit_leaves_the_output_untouched(site, tmp_path):
    old = tree_digest(site / "public")
    block = free_fact(site)
    rewrite(site, block, re.sub(r"value: \S+", "value: 123456789", block, count=1))
    code, _, err = run(["build", "--root", str(site)])
    assert code == 1 and "left unchanged" in err
    assert tree_digest(site / "public") == old


def _label_edit(site: Path) -> tuple[str, str]:
    label = re.search(r'en: "([^"]+)"\}', free_fact(site)).group(1)
    return f'en: "{label}"}}', f'en: "{label} (edited)"}}'


def test_pages_and_data_files_shared_over_processes_give_the_same_tree(site, tmp_path, monkeypatch):
    """However the stale pages and the data files are dealt out to processes, the tree is a full build's."""
    from factsite.speed import incremental
    monkeypatch.setattr(incremental, "PAGES_PER_PROCESS", 1)  # every core takes a share
    block = free_fact(site, skip=4)
    label = re.search(r'en: "([^"]+)"\}', block).group(1)
    rewrite(site, f'en: "{label}"}}', f'en: "{label} (shared)"}}')
    assert rebuild_and_compare(site, tmp_path)[3] > 0


@pytest.fixture
def checked(generated):
    """The generated site loaded and checked, with its renderer."""
    from factsite.render.site import build_date, make_renderer
    from factsite.speed.check import load_and_verify
    site, problems = load_and_verify(generated)
    assert problems == []
    return make_renderer(site, build_date(generated))


def test_the_pages_keyed_by_no_fact_are_given_none(checked):
    """pagekeys keys search, the offline page, the lists of provinces and programs and the pages of
    the list of sources by no fact: their makers give them no fact to show (the templates get the
    site's seeds, places and programs only)."""
    from factsite.render.pages import source_list_paths
    from factsite.speed.pagekeys import FACTLESS
    for lang in ("fa", "en"):
        makers = checked.makers(lang)
        assert {page: makers[f"{lang}/{page}"]().context for page in FACTLESS} == {page: {} for page in FACTLESS}
        for page in source_list_paths(checked.site):
            assert set(makers[f"{lang}/{page}"]().context) == {"sources", "number", "pages", "total"}


def counting_rows(monkeypatch) -> list[int]:
    """How many facts each call of render/data.py's fact_rows is given, as listed_files_reusing calls it."""
    from factsite.render import data
    from factsite.speed import datarows
    calls = []

    def fact_rows(site, facts):
        facts = list(facts)
        calls.append(len(facts))
        return data.fact_rows(site, facts)
    monkeypatch.setattr(datarows, "fact_rows", fact_rows)
    return calls


def test_the_data_files_take_back_the_rows_of_unchanged_facts_only(checked, tmp_path, monkeypatch):
    """The data files made with the rows kept from the last build are those made from scratch;
    only a changed fact's row is made again, and none under other shared inputs."""
    from dataclasses import replace as changed
    from factsite.model import Bilingual
    from factsite.render.data import listed_files
    from factsite.speed import datarows
    from factsite.speed.datarows import ROWS_FILE, listed_files_reusing
    calls, site = counting_rows(monkeypatch), checked.site
    plain = listed_files(site, checked.index.by_scope, checked.index.by_program)
    assert listed_files_reusing(checked, tmp_path, b"common") == plain
    assert (tmp_path / ROWS_FILE).is_file() and calls == [len(site.facts)]
    assert listed_files_reusing(checked, tmp_path, b"common") == plain and calls[-1] == 0
    edited = list(site.facts)
    edited[7] = changed(edited[7], label=Bilingual(edited[7].label.fa, "An edited label"))
    site = changed(site, facts=tuple(edited))
    renderer = changed(checked, site=site)
    kept = (tmp_path / ROWS_FILE).read_bytes()
    again = listed_files_reusing(renderer, tmp_path, b"common")
    assert calls[-1] == 1 and b"An edited label" in again["data/facts.csv"]
    assert again == listed_files(site, checked.index.by_scope, checked.index.by_program)
    assert listed_files_reusing(renderer, tmp_path, b"common") == again and calls[-1] == 1
    assert (tmp_path / ROWS_FILE).read_bytes() == kept  # a few rows off: the file is not written again
    monkeypatch.setattr(datarows, "ROWS_OFF_BEFORE_WRITING", 0)
    assert listed_files_reusing(renderer, tmp_path, b"common") == again and calls[-1] == 1
    assert listed_files_reusing(renderer, tmp_path, b"common") == again and calls[-1] == 0
    listed_files_reusing(renderer, tmp_path, b"other common")
    assert calls[-1] == len(site.facts)


@pytest.mark.parametrize("kept", [b"", b"not a pickle", b"\x80\x05K\x01.", None,
                                  pickle.dumps((b"common", {b"digest": ("{}", "a,b")}))])
def test_rows_kept_unreadable_or_not_kept_are_made_again(checked, tmp_path, monkeypatch, kept):
    """A broken rows file, a foreign one (rows as text, not UTF-8 bytes), or none at all (no cache
    folder): every row is made."""
    from factsite.render.data import listed_files
    from factsite.speed.datarows import ROWS_FILE, listed_files_reusing
    calls, site = counting_rows(monkeypatch), checked.site
    folder = None if kept is None else tmp_path
    if kept is not None:
        (tmp_path / ROWS_FILE).write_bytes(kept)
    files = listed_files_reusing(checked, folder, b"common")
    assert files == listed_files(site, checked.index.by_scope, checked.index.by_program)
    assert calls == [len(site.facts)]


def recorded_renders(monkeypatch) -> list[str]:
    """The paths of the pages each rebuild renders again, as they are shared out between this process
    and the data child (incremental._their_share; test_the_data_child_renders_the_last_languages_stale_pages
    shows each is rendered once)."""
    from factsite.speed import incremental
    rendered, share = [], incremental._their_share
    monkeypatch.setattr(incremental, "_their_share", lambda site, stale: rendered.extend(stale) or share(site, stale))
    return rendered


@pytest.fixture(scope="module")
def paged(tmp_path_factory) -> Path:
    """A generated site with pages per program of each place and several pages of sources, built once."""
    return built(tmp_path_factory, "paged", provinces=2, programs=4, facts=330, sources=120, seed=7)


def test_a_label_edit_renders_its_places_pages_of_its_programs_and_no_page_without_facts(
        paged, tmp_path, monkeypatch):
    """The pages of a place per program show only that place's figures of that program, and the
    lists of sources, provinces and programs, search and the offline page show no figure:
    an edited label renders none of them again but its own place's pages of its own programs."""
    site = tmp_path / "site"
    shutil.copytree(paged, site, symlinks=True)
    rendered = recorded_renders(monkeypatch)
    scope = next(p.stem for p in (site / "content/facts").glob("*.yaml") if p.stem != "national")
    topics = {p.parent.name for p in (site / f"public/en/provinces/{scope}").glob("*/index.html")}
    sources = {p.parent.relative_to(site / "public/en").as_posix() + "/"
               for p in (site / "public/en/sources").glob("**/index.html") if "page" in p.parts} | {"sources/"}
    assert len(topics) >= 2 and len(sources) >= 3
    block = free_fact(site, scope, skip=0)
    programs = set(re.search(r"programs: \[([^\]]*)\]", block).group(1).replace(" ", "").split(","))
    label = re.search(r'en: "([^"]+)"\}', block).group(1)
    rewrite(site, f'en: "{label}"}}', f'en: "{label} (corrected)"}}', scope)
    rebuild_and_compare(site, tmp_path)
    assert {p for p in rendered if re.fullmatch(rf"(fa|en)/provinces/{scope}/[^/]+/", p)} == \
        {f"{lang}/provinces/{scope}/{program}/" for lang in ("fa", "en") for program in programs & topics}
    factless = {"search/", "offline/", "provinces/", "programs/", *sources}
    assert [p for p in rendered if p[3:] in factless] == []
    fact_id = re.match(r"  - id: (\S+)", block).group(1)
    assert {"fa/", "en/", f"en/provinces/{scope}/", f"en/facts/{fact_id}/"} <= set(rendered)
    # a program's page lists its measures, not every figure of them: only the fact's programs' pages
    assert {p for p in rendered if re.fullmatch(r"(fa|en)/programs/[^/]+/", p)} == \
        {f"{lang}/programs/{program}/" for lang in ("fa", "en") for program in programs}
    assert not {"fa/compare/", "en/compare/"} & set(rendered)


def _measures_listed(site: Path, program: str) -> str:
    page = (site / f"public/en/programs/{program}/index.html").read_text("utf-8")
    return re.search(r'<section aria-labelledby="measures".*?</section>', page, re.S).group(0)


def test_a_measures_count_of_provinces_renders_the_page_of_the_program_it_is_listed_under(
        site, tmp_path, monkeypatch):
    """A measure is listed under the program of its first figure, with how many provinces report it.
    A fact of another program that alone reported the measure in its province is deleted: the page
    of the program listing the measure, and the index of measures, show the new count though
    neither shows the fact."""
    rendered = recorded_renders(monkeypatch)
    elsewhere = "".join(facts_file(site, scope).read_text("utf-8") for scope in ("national", "isfahan", "fars"))
    facts, named = blocks(facts_file(site)), referenced(site)
    metrics = [re.search(r"metric: (\S+)", b).group(1) for b in facts]
    block, metric = next((b, m) for b, m in zip(facts, metrics) if metrics.count(m) == 1
                         and f"metric: {m}\n" in elsewhere and re.match(r"  - id: (\S+)", b).group(1) not in named
                         and "derived:" not in b and "parts:" not in b)
    listing = [p.parent.name for p in sorted((site / "public/en/programs").glob("*/index.html"))
               if f"/compare/{metric}/" in _measures_listed(site, p.parent.name)]
    other = next(p.parent.name for p in sorted((site / "public/en/programs").glob("*/index.html"))
                 if p.parent.name != listing[0])
    moved = re.sub(r"programs: \[[^\]]+\]", f"programs: [{other}]", block)
    rewrite(site, block, moved)  # first the fact leaves the program its measure is listed under
    rebuild_and_compare(site, tmp_path / "moved")
    assert f"/compare/{metric}/" in _measures_listed(site, listing[0])
    rendered.clear()
    rewrite(site, moved, "")
    rebuild_and_compare(site, tmp_path / "deleted")
    assert {f"en/programs/{listing[0]}/", "fa/compare/", "en/compare/"} <= set(rendered)
    assert f"en/programs/{other}/" in rendered  # it showed the fact


@pytest.fixture(scope="module")
def provinces(tmp_path_factory) -> Path:
    """A generated site with more places than a figure's page shows of its measure, built once."""
    return built(tmp_path_factory, "provinces", provinces=9, programs=2, facts=240, sources=30, seed=11)


def _figure_pages(rendered: list[str]) -> set[str]:
    return {p for p in rendered if re.fullmatch(r"(fa|en)/facts/[^/]+/", p)}


def _id(block: str) -> str:
    return re.match(r"  - id: (\S+)", block).group(1)


def _metric(block: str) -> str:
    return re.search(r"metric: (\S+)", block).group(1)


def _pages_of(site: Path, metric: str, scopes: set[str]) -> set[str]:
    """The figure pages of a measure's facts in these places."""
    return {f"{lang}/facts/{_id(block)}/" for scope in scopes for block in blocks(facts_file(site, scope))
            if _metric(block) == metric for lang in ("fa", "en")}


def test_a_figures_page_is_rendered_again_only_when_a_place_it_shows_changed(provinces, tmp_path, monkeypatch):
    """A figure's page shows its measure in its own place, the nation and the first few others in
    site order (factpages.elsewhere_places). A label edit in a place late in that order renders
    again the pages of that place's figures of the measure only; one in an early place renders the
    pages of the measure that show it, and each tree is a full build's."""
    from factsite.render.factpages import elsewhere_places
    site = tmp_path / "site"
    shutil.copytree(provinces, site, symlinks=True)
    rendered = recorded_renders(monkeypatch)
    scopes = re.findall(r"slug: (\S+)", (site / "content/scopes.yaml").read_text("utf-8"))
    order = [slug for slug in scopes if facts_file(site, slug).is_file()]
    late, early = order[-1], order[1]
    assert order[0] == "national" and early not in ("national", late)
    assert late not in elsewhere_places(order, order[-2]) and early in elsewhere_places(order, late)
    late_block, early_block = next((a, b) for a in free_facts(site, late) for b in free_facts(site, early)
                                   if _metric(a) == _metric(b))
    metric = _metric(late_block)
    label = re.search(r'en: "([^"]+)"\}', late_block).group(1)
    rewrite(site, f'en: "{label}"}}', f'en: "{label} (corrected)"}}', late)
    rebuild_and_compare(site, tmp_path / "late")
    assert _figure_pages(rendered) == _pages_of(site, metric, {late})
    rendered.clear()
    label = re.search(r'en: "([^"]+)"\}', early_block).group(1)
    rewrite(site, f'en: "{label}"}}', f'en: "{label} (corrected)"}}', early)
    rebuild_and_compare(site, tmp_path / "early")
    showing = {scope for scope in order if early in elsewhere_places(order, scope)}
    assert late in showing and _pages_of(site, metric, showing) <= _figure_pages(rendered)
    assert f"en/facts/{_id(late_block)}/" in rendered


def test_a_figures_page_shows_its_measure_in_the_places_it_is_keyed_by(provinces):
    """pagekeys keys a figure's page by its measure's views in the places elsewhere_places names:
    the page's context shows its measure in exactly those places, and its own figure."""
    from factsite.render.factpages import elsewhere_places
    from factsite.render.site import build_date, make_renderer
    from factsite.speed.check import load_and_verify
    checked, problems = load_and_verify(provinces)
    assert problems == []
    renderer = make_renderer(checked, build_date(provinces))
    makers = renderer.makers("en")
    for fact in checked.facts:
        context = makers[f"en/facts/{fact.id}/"]().context
        listed = [slug for slug in checked.scopes if any(f.metric == fact.metric and f.scope == slug
                                                         for f in renderer.index.by_metric[fact.metric])]
        assert [scope.slug for scope, _ in context["elsewhere"]] == elsewhere_places(listed, fact.scope)
        assert context["v"].fact is fact


def test_the_data_child_renders_the_last_languages_stale_pages(site, tmp_path, monkeypatch):
    """Once the data files are made, the child that made them renders the stale pages of the last
    language while this process renders the others: each page once, the tree a full build's."""
    from factsite.speed import incremental
    log, render = tmp_path / "rendered.log", incremental._render

    def logged(renderer, makers, fixed, stale):
        with open(log, "a", encoding="utf-8") as file:
            file.writelines(f"{os.getpid()} {path}\n" for path in stale)
        return render(renderer, makers, fixed, stale)
    monkeypatch.setattr(incremental, "_render", logged)
    label = re.search(r'en: "([^"]+)"\}', free_fact(site, skip=2)).group(1)
    rewrite(site, f'en: "{label}"}}', f'en: "{label} (beside)"}}')
    rebuild_and_compare(site, tmp_path / "full")
    rendered = [line.split(" ", 1) for line in log.read_text("utf-8").splitlines()]
    by = {path: pid for pid, path in rendered}
    assert len(by) == len(rendered) and {"fa/", "en/", "", "404.html"} <= by.keys()
    assert len({pid for path, pid in by.items() if path.startswith("en/")} - {str(os.getpid())}) == 1
    assert {pid for path, pid in by.items() if not path.startswith("en/")} == {str(os.getpid())}
