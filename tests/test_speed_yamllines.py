"""The line-by-line YAML reader (speed/yamllines.py) against the careful reader (load/yamlfile.py):
whatever it reads is what the careful reader reads, every line, column and type alike, with no
problem; whatever else it leaves to the parser."""
from __future__ import annotations

import random

import pytest

from factsite.load.yamlfile import parse_yaml
from factsite.speed import yamlquick
from factsite.speed.yamllines import read_lines
from tests.helpers import REPO
from tests.test_benchmark_site import load_generator
from tests.test_yamlfile import MUTATIONS, UNUSUAL, _dump

EVERY_FORM = """\
# a note
top: value
number: 12
negative: -5
decimal: 1.5
day: 2024-01-05
nothing:
empty: ""
single: 'it''s'
yes_no: true
tilde: ~
list:
  - a
  - "b"
  - 'c'
  - [x, "y", 3, 'z',]
  - {k: v, n: -1}
  - - nested
    - more
  -   spaced: 1
      other: 2  # a note after a value
beside:
- one
- two: 2
  three: 3
map:
  inner: x  # a note
    # a note indented further
  deeper:
    deepest: {a: [1, 2, {b: c}], d: "e", f: 'g', h: [], i: {}}
  sexagesimal: 1:20
  hex: 0x1F
  infinite: .inf
flow: {fa: "متن فارسی‌ با نیم‌فاصله", en: "text #1, with: colons"}
plain: a plain text, with [brackets] and {braces} and a#hash
last: "the end"   # a note
"""

LEFT_TO_THE_PARSER = (
    "a: |\n  text\n", "a: >-\n  text\n", "a: \"an \\\"escape\\\"\"\n", "a: \"two\n  lines\"\n",
    "a: plain\n  goes on\n", "a: [x,\n  y]\n", "a: {b: c,\n  d: e}\n", "a: b\u2028c\n", "a: b\u2029c\n",
    "a: b\x85c\n", "a: b\r\nc: d\r\n", "a:\tb\n", "\ufeffa: b\n", "a: b\nc: d\u200b\x00\n", "---\na: b\n",
    "%YAML 1.1\n---\na: b\n", "a: &x 1\n", "a: *x\n", "a: !!str 1\n", "'a': b\n", "\"a\": b\n", "? a\n: b\n",
    "a: 1\na: 2\n", "true: 1\n", "1: a\n", "null: a\n", "a: [b: c]\n", "a: {b: c}d\n", "a: \"b\"c\n", "a: -\n",
    "a: - b\n", "a: b: c\n", "a:b\n", "a: {b:c}\n", "a: [b, c}\n", "a: {b: [c]]\n", "  a: b\n", "- a\n",
    "a:\n  - b\n  c: d\n", "a:\n  b: c\n d: e\n", "a: 'b\n", "a: x\n-\n", "# a note alone\n", "",
    "a: " + "{b: " * 40 + "c" + "}" * 40 + "\n", "a: \"b\" #\"\n\"c\": d\n",
)


def _read_lines(text: str):
    return read_lines(text, "x.yaml", yamlquick._Builder("x.yaml").plain)


def _agrees(text: str) -> bool:
    """Whether the line reader read text (True) or left it (False); when it read it, the careful
    reader reads it the same, with no problem."""
    by_lines = _read_lines(text)
    if by_lines is None:
        return False
    careful, problems = parse_yaml(text, "x.yaml")
    assert problems == [] and _dump(by_lines) == _dump(careful), text
    return True


def test_every_form_it_knows_reads_as_the_careful_reader_reads_it() -> None:
    assert _agrees(EVERY_FORM)
    read = _read_lines(EVERY_FORM)
    assert read["list"][3] == ["x", "y", 3, "z"] and read["beside"] == ["one", {"two": 2, "three": 3}]
    assert str(read["list"].item_where[5]) == "x.yaml:18:5" and str(read["list"][6].key_where["other"]) == "x.yaml:21:7"
    assert str(read["flow"].key_where["en"]) == "x.yaml:34:39" and read["flow"]["en"] == "text #1, with: colons"


@pytest.mark.parametrize("text", LEFT_TO_THE_PARSER)
def test_what_it_does_not_know_is_left_to_the_parser(text: str) -> None:
    assert _read_lines(text) is None
    quick = yamlquick.quick_read(text, "x.yaml")
    careful, problems = parse_yaml(text, "x.yaml")
    assert quick is None or (problems == [] and _dump(quick) == _dump(careful))


def test_every_yaml_file_of_the_site_and_of_a_generated_one_is_read_line_by_line(tmp_path) -> None:
    load_generator().generate(tmp_path, provinces=2, programs=3, facts=40, sources=8, seed=3)
    files = [*(REPO / "content").rglob("*.yaml"), REPO / "site.yaml", *(tmp_path / "content").rglob("*.yaml")]
    assert len(files) > 12
    for path in files:
        assert _agrees(path.read_text("utf-8")), path


def test_quick_read_takes_the_line_reader_and_the_parser_only_for_what_it_leaves(monkeypatch) -> None:
    def no_parser(text):
        raise AssertionError("the parser was used")
    monkeypatch.setattr(yamlquick, "Loader", no_parser)
    assert _dump(yamlquick.quick_read(EVERY_FORM, "x.yaml")) == _dump(parse_yaml(EVERY_FORM, "x.yaml")[0])
    with pytest.raises(AssertionError, match="the parser was used"):
        yamlquick.quick_read("a: |\n  text\n", "x.yaml")


def _mutated(text: str, rng: random.Random) -> str:
    """text with a few characters that mean something in YAML put in, taken out, or a line repeated."""
    pieces = list(":#-'\"\\{}[],&*!|>%@?` \n\t\r~") + ["  ", "\n  ", "- ", ": ", " #", "''", "\n- ", "yes", "null",
                                                       "0x1", "2024-01-01", "1:20", "\u200c", "\u2028", "\x85", "é"]
    for _ in range(rng.randint(1, 3)):
        at, choice = rng.randrange(len(text)), rng.random()
        if choice < 0.6:
            text = text[:at] + rng.choice(pieces) + text[at:]
        elif choice < 0.8:
            text = text[:at] + text[at + rng.randint(1, 3):]
        else:
            lines = text.split("\n")
            lines.insert(rng.randrange(len(lines)), rng.choice(lines))
            text = "\n".join(lines)
    return text


@pytest.mark.slow
def test_edited_and_mutated_files_read_as_the_careful_reader_reads_them_or_are_left_to_it(tmp_path) -> None:
    """The unusual texts, every line of a real facts file edited in several ways, and 6,000 random
    changes to three files (one of every form it knows, a real one, a generated one in flow style)."""
    load_generator().generate(tmp_path, provinces=1, programs=2, facts=12, sources=4, seed=5)
    kerman = (REPO / "content/facts/kerman.yaml").read_text("utf-8")
    generated = next((tmp_path / "content/facts").glob("*.yaml")).read_text("utf-8")
    lines = kerman.split("\n")
    edited = ["\n".join(lines[:n] + [mutate(lines[n])] + lines[n + 1:])
              for n in range(len(lines)) for mutate in MUTATIONS]
    rng = random.Random(18)
    mutated = [_mutated(rng.choice((EVERY_FORM, kerman, generated)), rng) for _ in range(6000)]
    read = sum(map(_agrees, (*UNUSUAL, *edited, *mutated)))
    assert read > 2000  # the test means something only if many of them are read line by line
