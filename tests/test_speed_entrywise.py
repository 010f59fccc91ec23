"""#18: serve reads an edited list file again entry by entry (speed/entrywise.py): only the entries
whose text changed or moved are parsed and built again. Whatever the edit, the list it gives is the
one the plain careful reader gives: the same facts at the same lines, the same problems."""
from __future__ import annotations

import random

import pytest

import factsite.speed.entrywise as entrywise
from factsite.load.entries import build_change, build_fact, build_program
from factsite.load.site import read_list_file
from factsite.speed.entrywise import EntrywiseReader
from tests.helpers import REPO, copy_site, replace_file

FACTS = "content/facts/kerman.yaml"


@pytest.fixture
def site(tmp_path):
    return copy_site(tmp_path / "site")


@pytest.fixture
def parsed(monkeypatch) -> list[int]:
    """The first line of each item parsed on its own, in order."""
    lines, original = [], entrywise._parse_alone
    monkeypatch.setattr(entrywise, "_parse_alone",
                        lambda header, block, *args: lines.append(block[1]) or original(header, block, *args))
    return lines


def plain(site, rel: str = FACTS, key: str = "facts", build=build_fact):
    return read_list_file(site, rel, key, build)


def edit(site, text: str, rel: str = FACTS) -> None:
    replace_file(site / rel, text.encode("utf-8"))


def text_of(site, rel: str = FACTS) -> str:
    return (site / rel).read_text("utf-8")


def item_lines(text: str) -> list[int]:
    return [number for number, line in enumerate(text.split("\n"), 1) if line.startswith("  - ")]


def test_an_edited_entry_is_the_only_one_parsed_again(site, parsed):
    reader, text = EntrywiseReader(8), text_of(site)
    assert reader.read(site, FACTS, "facts", build_fact) == plain(site)
    assert parsed == []  # the first read is a whole one
    second = item_lines(text)[1]
    lines = text.split("\n")
    lines[second] = lines[second].replace("scope: kerman", "scope: kerman  # edited")
    edit(site, "\n".join(lines))
    assert reader.read(site, FACTS, "facts", build_fact) == plain(site)
    assert parsed == [second]


def test_an_entry_growing_moves_the_ones_after_it(site, parsed):
    reader, text = EntrywiseReader(8), text_of(site)
    reader.read(site, FACTS, "facts", build_fact)
    starts = item_lines(text)
    lines = text.split("\n")
    lines.insert(starts[-2], "    # a note on two lines\n    # of comment")
    edit(site, "\n".join(lines))
    listed = reader.read(site, FACTS, "facts", build_fact)
    assert listed == plain(site)
    assert [fact.where.line for fact in listed.built][-1] == starts[-1] + 2
    assert parsed == [starts[-2], starts[-1] + 2]


@pytest.mark.parametrize("change", [
    "unclosed quote swallowing the next entries", "quote closed on a dash line", "entry removed",
    "entries swapped", "entry copied: the same id twice", "a value the schema refuses", "header changed",
    "a second top-level key after the list", "indent of one item changed", "an anchor and alias",
    "a tab", "a block scalar", "an item whose dash stands alone", "every entry removed", "the list's key renamed",
])
def test_every_kind_of_edit_reads_as_the_plain_reader_reads_it(site, change):
    reader, text = EntrywiseReader(8), text_of(site)
    reader.read(site, FACTS, "facts", build_fact)
    edit(site, broken(text, change))
    assert reader.read(site, FACTS, "facts", build_fact) == plain(site)
    edit(site, text)  # and back
    assert reader.read(site, FACTS, "facts", build_fact) == plain(site)


def broken(text: str, change: str) -> str:
    lines = text.split("\n")
    starts = [line - 1 for line in item_lines(text)]
    first, second, third = (lines[starts[i]:starts[i + 1]] for i in range(3))
    if change == "unclosed quote swallowing the next entries":
        lines[starts[1] + 1] += ' "open'
    elif change == "quote closed on a dash line":
        lines[starts[1] + 1] = '    scope: "kerman'
        lines.insert(starts[1] + 2, '  - still the scope"')
    elif change == "entry removed":
        del lines[starts[1]:starts[2]]
    elif change == "entries swapped":
        lines[starts[0]:starts[3]] = second + first + third
    elif change == "entry copied: the same id twice":
        lines[starts[2]:starts[2]] = first
    elif change == "a value the schema refuses":
        lines[starts[1] + 1] = "    scope: [kerman]"
    elif change == "header changed":
        lines.insert(0, "# a new first line")
    elif change == "a second top-level key after the list":
        lines.append("other: 1")
    elif change == "indent of one item changed":
        lines[starts[1]:starts[2]] = ["  " + line if line else line for line in second]
    elif change == "an anchor and alias":
        lines[starts[1] + 1] = "    scope: &where kerman"
        lines[starts[2] + 1] = "    scope: *where"
    elif change == "a tab":
        lines[starts[1] + 1] = "\tscope: kerman"
    elif change == "a block scalar":
        lines[starts[1] + 1] = "    scope: |\n      kerman\n  # a comment at the list's indent"
    elif change == "an item whose dash stands alone":
        lines[starts[1]] = "  -\n    " + lines[starts[1]][4:]
    elif change == "the list's key renamed":
        lines[lines.index("facts:")] = "fact:"
    elif change == "every entry removed":
        del lines[starts[0]:]
        lines.append("  []")
    return "\n".join(lines)


def test_random_edits_in_a_row_read_as_the_plain_reader_reads_them(site):
    """Lines deleted, copied, indented or given YAML's punctuation, one edit after another."""
    rng, reader = random.Random(18), EntrywiseReader(8)
    pieces = ['"', "'", ": ", "- ", "[", "]", "{", "#", "|", " ", "\t", "&a ", "*a"]
    for _ in range(250):
        lines = text_of(site).split("\n")
        at = rng.randrange(len(lines))
        kind = rng.randrange(4)
        if kind == 0 and len(lines) > 3:
            del lines[at]
        elif kind == 1:
            lines.insert(at, lines[rng.randrange(len(lines))])
        elif kind == 2:
            lines[at] = "  " + lines[at] if rng.random() < 0.5 else lines[at][2:]
        else:
            cut = rng.randrange(len(lines[at]) + 1)
            lines[at] = lines[at][:cut] + rng.choice(pieces) + lines[at][cut:]
        edit(site, "\n".join(lines))
        assert reader.read(site, FACTS, "facts", build_fact) == plain(site)
        if rng.random() < 0.5:  # and back to a clean file now and then
            edit(site, (REPO / FACTS).read_text("utf-8"))
            assert reader.read(site, FACTS, "facts", build_fact) == plain(site)


def test_lists_built_from_other_files_are_read_whole(site, parsed):
    """A program's entry reads its description: it is built again whenever its list is read."""
    reader = EntrywiseReader(8)
    rel = "content/programs.yaml"
    assert reader.read(site, rel, "programs", build_program) == plain(site, rel, "programs", build_program)
    edit(site, text_of(site, rel) + "\n", rel)
    assert reader.read(site, rel, "programs", build_program) == plain(site, rel, "programs", build_program)
    assert parsed == [] and reader.kept == {}


def test_the_changes_list_is_read_entry_by_entry_too(site, parsed):
    reader, rel = EntrywiseReader(8), "content/changes.yaml"
    reader.read(site, rel, "changes", build_change)
    text = text_of(site, rel)
    last = item_lines(text)[-1]
    edit(site, text.rstrip("\n") + "  # edited\n", rel)
    assert reader.read(site, rel, "changes", build_change) == plain(site, rel, "changes", build_change)
    assert parsed == [last]


def test_files_kept_are_bounded(site):
    reader = EntrywiseReader(2)
    for rel in ("content/facts/kerman.yaml", "content/facts/qazvin.yaml", "content/facts/national.yaml"):
        reader.read(site, rel, "facts", build_fact)
    assert [rel for rel, _ in reader.kept] == ["content/facts/qazvin.yaml", "content/facts/national.yaml"]
