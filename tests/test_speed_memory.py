"""#18: what a build or check read and checked is kept for the next run (speed/lasting.py); a run after
an edit reads and checks again only the file it changed, and says exactly what a run without any
memory says — problems included. A broken or foreign memory is ignored."""
from __future__ import annotations

import pytest

import factsite.speed.memo as memo_module
from factsite.speed import lasting
from tests.helpers import copy_site, replace_once
from tests.test_benchmark_site import run


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("FACTSITE_NO_CACHE", raising=False)
    return tmp_path / "cache" / "factsite" / "memory"


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The list files read anew (not taken from the memory) by each run."""
    read, original = [], memo_module.read_list_quickly
    monkeypatch.setattr(memo_module, "read_list_quickly",
                        lambda root, rel, *args: read.append(rel) or original(root, rel, *args))
    return read


def without_memory(site, monkeypatch) -> tuple[int, str, str]:
    with monkeypatch.context() as patch:
        patch.setenv("FACTSITE_NO_CACHE", "1")
        return run(["check", "--root", str(site)])


def said(result: tuple[int, str, str]) -> tuple[int, str, str]:
    """A run's code, output and errors without the time it took."""
    code, out, err = result
    return code, out.rsplit(" — in ", 1)[0], err


def test_a_second_check_reads_nothing_again_and_says_the_same(tmp_path, cache, reads, monkeypatch):
    site = copy_site(tmp_path / "site")
    first = run(["check", "--root", str(site)])
    assert first[0] == 0 and len(reads) == 9  # seeds, scopes, metrics, programs, changes and four facts files
    reads.clear()
    assert said(run(["check", "--root", str(site)])) == said(first)
    assert reads == []
    assert said(without_memory(site, monkeypatch)) == said(first)


def test_an_edit_is_read_again_alone_and_its_problem_said_as_without_memory(tmp_path, cache, reads, monkeypatch):
    site = copy_site(tmp_path / "site")
    assert run(["check", "--root", str(site)])[0] == 0
    reads.clear()
    replace_once(site / "content/facts/kerman.yaml", "value: 1800000", "value: 1800001")
    remembered = run(["check", "--root", str(site)])
    assert reads == ["content/facts/kerman.yaml"]
    assert remembered[0] == 1 and "kerman-insured-population: the value" in remembered[2]
    assert said(remembered) == said(without_memory(site, monkeypatch))
    replace_once(site / "content/facts/kerman.yaml", "value: 1800001", "value: 1800000")
    assert run(["check", "--root", str(site)])[0] == 0


def test_a_run_after_an_edit_checks_again_only_the_facts_it_changed(tmp_path, cache, monkeypatch):
    """The edited file's other facts take what the last run's check gave them; an edited fact is
    checked again, even one only written differently (1800000.0 for 1800000: equal, not the same),
    and what is said is what a run without memory says."""
    from factsite.speed import check as check_module
    checked, check_fact = [], check_module.check_fact
    monkeypatch.setattr(check_module, "check_fact", lambda fact, site: checked.append(fact.id) or check_fact(fact, site))
    site = copy_site(tmp_path / "site")
    assert run(["check", "--root", str(site)])[0] == 0 and len(checked) == 39
    for old, new, code in (("value: 1800000", "value: 1800001", 1), ("value: 1800001", "value: 1800000", 0),
                           ("value: 1800000", "value: 1800000.0", 0)):
        checked.clear()
        replace_once(site / "content/facts/kerman.yaml", old, new)
        remembered = run(["check", "--root", str(site)])
        assert remembered[0] == code and checked == ["kerman-insured-population"]
        assert said(remembered) == said(without_memory(site, monkeypatch))
    replace_once(site / "content/facts/kerman.yaml", "  - id: kerman-insured", "\n  - id: kerman-insured")
    checked.clear()
    assert run(["check", "--root", str(site)])[0] == 0 and len(checked) == 6  # each fact of the file moved


def test_a_build_after_an_edit_from_memory_equals_a_build_without(tmp_path, cache, monkeypatch):
    site = copy_site(tmp_path / "site")
    assert run(["build", "--root", str(site)])[0] == 0
    replace_once(site / "content/facts/qazvin.yaml", "Insurance funds operating under Health Insurance in Qazvin",
                 "Insurance funds of Health Insurance in Qazvin")
    assert run(["build", "--root", str(site)])[0] == 0
    with monkeypatch.context() as patch:
        patch.setenv("FACTSITE_NO_CACHE", "1")
        assert run(["build", "--root", str(site), "--force", "--out", str(tmp_path / "full")])[0] == 0
    from tests.test_site import tree_digest
    ours, full = tree_digest(site / "public"), tree_digest(tmp_path / "full")
    assert [name for name in full if ours.get(name) != full[name]] == []


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_broken_memory_is_ignored(tmp_path, cache, reads, damage):
    site = copy_site(tmp_path / "site")
    first = run(["check", "--root", str(site)])
    files = list(cache.rglob("*.pickle"))
    assert len(files) == 9
    for path in files:
        path.write_bytes(damage)
    reads.clear()
    assert said(run(["check", "--root", str(site)])) == said(first)
    assert len(reads) == 9  # everything read again, and kept again
    reads.clear()
    run(["check", "--root", str(site)])
    assert reads == []


def test_memory_of_other_build_code_is_ignored(tmp_path, cache, reads, monkeypatch):
    site = copy_site(tmp_path / "site")
    run(["check", "--root", str(site)])
    monkeypatch.setattr(lasting, "code_digest", lambda: "another version")
    reads.clear()
    assert run(["check", "--root", str(site)])[0] == 0
    assert len(reads) == 9


def test_only_a_few_site_folders_are_remembered(tmp_path, cache):
    for number in range(lasting.SITES_KEPT + 3):
        site = copy_site(tmp_path / f"site-{number}")
        assert run(["check", "--root", str(site)])[0] == 0
    assert len(list(cache.iterdir())) == lasting.SITES_KEPT


def test_a_seed_entry_is_looked_for_in_its_text_once_and_its_problem_said_again(tmp_path, cache, monkeypatch):
    """What is wrong with a seed's index entry (its dateline not in its text) is kept with the seeds
    list: the next check says it again without looking for it, and a fixed text is looked at anew."""
    site = copy_site(tmp_path / "site")
    replace_once(site / "content/seeds.yaml", 'dateline: "TEHRAN –"', 'dateline: "ISFAHAN –"')
    looked, original = [], memo_module.seed_entry_problems
    monkeypatch.setattr(memo_module, "seed_entry_problems", lambda file, *rest: looked.append(file) or original(file, *rest))
    first = run(["check", "--root", str(site)])
    assert first[0] == 1 and "«ISFAHAN –» does not occur in seeds/000_9f764d31df1295ee.txt" in first[2]
    assert len(looked) == len(list((site / "seeds").iterdir()))
    looked.clear()
    again = run(["check", "--root", str(site)])
    assert looked == []
    assert said(again) == said(first) == said(without_memory(site, monkeypatch))
    seed = site / "seeds/000_9f764d31df1295ee.txt"
    replace_once(seed, "TEHRAN –", "ISFAHAN –")
    looked.clear()
    assert run(["check", "--root", str(site)])[0] == 0
    assert looked == ["000_9f764d31df1295ee.txt"]


def test_a_rebuild_digests_again_only_the_facts_of_the_edited_file_and_the_derived_ones(tmp_path, cache, monkeypatch):
    """The page keys' digest of each fact is kept with its file's checked facts: after an edit to
    one facts file, a rebuild works out the digests of that file's facts (6) and of the derived
    figures, which are derived anew (2), and gives the tree a build without memory gives."""
    from factsite.speed import pagekeys
    site = copy_site(tmp_path / "site")
    assert run(["build", "--root", str(site)])[0] == 0
    digested, original = [], pagekeys.fact_digest
    counting = lambda fact: digested.append(fact.id) or original(fact)  # noqa: E731
    monkeypatch.setattr(memo_module, "fact_digest", counting)
    monkeypatch.setattr(pagekeys, "fact_digest", counting)
    replace_once(site / "content/facts/kerman.yaml", "People covered by the Health Insurance Organization in Kerman",
                 "People covered by the Health Insurance Organization in Kerman province")
    code, out, err = run(["build", "--root", str(site)])
    assert code == 0 and "pages rendered again" in out, err
    assert sorted(digested) == sorted(
        [*(f"kerman-{rest}" for rest in ("insured-population", "population-share", "contracted-providers",
                                         "monthly-medical-payments", "free-insurance-town-threshold",
                                         "population-estimate")),
         "kerman-population-estimate", "qazvin-population-estimate"])
    with monkeypatch.context() as patch:
        patch.setenv("FACTSITE_NO_CACHE", "1")
        assert run(["build", "--root", str(site), "--force", "--out", str(tmp_path / "full")])[0] == 0
    from tests.test_site import tree_digest
    ours, full = tree_digest(site / "public"), tree_digest(tmp_path / "full")
    assert [name for name in full if ours.get(name) != full[name]] == []


def test_where_each_field_was_written_is_kept_as_one_string_and_read_back_exactly():
    """A fact's field places are one string (the memory of the last build makes one object again per
    fact, not a pair per field); any field name comes back with its line and column."""
    import pickle
    from factsite.model import Fact, Where, field_places
    places = {"id": (3, 5), "a,b": (40, 7), "": (1, 1), "برچسب": (12345, 2), "1,2,3": (9, 11)}
    text = field_places(places)
    fact = Fact(id="x", scope="national", programs=(), metric="m", value=None, value_max=None, qualifier="exact",
                unit="people", label=None, source=None, speaker=None, when=None, note=None, derived=None,
                parts=None, where=Where("content/facts/x.yaml", 2, 5), field_where=text)
    again = pickle.loads(pickle.dumps(fact))
    assert isinstance(again.field_where, str)
    assert {name: tuple(again.at(name))[1:] for name in places} == places
    assert again.at("note") == Where("content/facts/x.yaml", 2, 5)
    assert again.has("a,b") and again.has("") and not again.has("note")
    assert not Fact(**{**vars(fact), "field_where": ""}).has("id")
