"""The YAML reader's quick test for aliases, against the regular expression it stands for."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factsite.load.yamlfile import _may_hold_alias, read_yaml

ALIAS = re.compile(r"(?:^|[\s\[{,:])\*[^\s\[\]{},]", re.MULTILINE)


@settings(max_examples=500)
@given(st.text(" \n\t*ab:-,[]{}&\"'1", max_size=30))
def test_the_alias_test_agrees_with_its_regular_expression(text: str) -> None:
    assert _may_hold_alias(text) == bool(ALIAS.search(text))


def test_a_star_in_a_formula_is_text_and_an_alias_is_refused(tmp_path) -> None:
    formula = tmp_path / "formula.yaml"
    formula.write_text('derived: {formula: "{a} * 100"}\nnote: 2*3\n', "utf-8")
    assert read_yaml(formula, "formula.yaml") == ({"derived": {"formula": "{a} * 100"}, "note": "2*3"}, [])
    alias = tmp_path / "alias.yaml"
    alias.write_text("a: &x 1\nb: *x\n", "utf-8")
    value, problems = read_yaml(alias, "alias.yaml")
    assert value is None and [str(p) for p in problems] == [
        "alias.yaml:2:4: YAML aliases (*x) are not allowed — write the value out"]


def _dump(value):
    """A value with every position it remembers, to compare two reads exactly."""
    from factsite.load.yamlfile import Items, Record
    if isinstance(value, Record):
        return ("record", value.where, value.key_where, {k: _dump(v) for k, v in value.items()})
    if isinstance(value, Items):
        return ("items", value.where, value.item_where, [_dump(v) for v in value])
    return (type(value).__name__, value)


MUTATIONS = (lambda line: line + "1", lambda line: line.replace(":", "", 1), lambda line: " " + line,
             lambda line: line[1:], lambda line: line + " # note", lambda line: "- " + line.lstrip(),
             lambda line: line.replace("  ", "", 1), lambda line: "", lambda line: line + " &a",
             lambda line: line.replace(": ", ": *a ", 1), lambda line: line + ", x: 1}")


UNUSUAL = ("", "# only a note\n", "---\n", "a: 1\n---\nb: 2\n", "- a\n- b\n", "just text\n", "a: &x 1\n",
           "a: &x 1\nb: *x\n", "a: *x\n", "a: !!str 1\n", "a: ! 1\n", "a: !!binary aGk=\n", "a: !custom x\n",
           "a: 1\na: 2\n", "yes: 1\n", "1: a\n", "~: a\n", "null: a\n", '"1": a\n', "? [a]\n: b\n",
           "? {a: 1}\n: b\n", "<<: {a: 1}\n", "a: =\n", "a: 2001-12-14\n", "a: 2001-12-14t21:59:43.10-05:00\n",
           "a: 2001-13-45\n", "a: .inf\n", "a: 1_000\n", "a: 0x1F\n", "a: 0o17\n", "a: 1:30\n", "a: ~\n",
           "a:\n", "a: [1, {b: c}, [d]]\n", "a: {b: {c: {d: [e, f]}}}\n", "a: 'x'\nb: \"y\"\nc: |\n  z\n",
           "a: " + "[" * 41 + "]" * 41 + "\n", "a: " + "[" * 40 + "]" * 40 + "\n", "a: " + "[" * 40 + "x" + "]" * 40 + "\n",
           "a: " + "[" * 39 + "x" + "]" * 39 + "\n", "a: b\n\tc: d\n", "a: [b\n",
           "a: !!map {b: 1}\n", "a: !!seq [1]\n", "! {a: 1}\n", "&top {a: 1}\n", "a: \x07\n", "a: b: c\n")


def _read_both(text: str):
    """What the quick reader makes of text (None: it leaves it to the careful one), and the careful read."""
    from factsite.load.yamlfile import parse_yaml as _read_carefully
    from factsite.load.yamlevents import quick_read
    return quick_read(text, "x.yaml"), _read_carefully(text, "x.yaml")


def test_the_quick_reader_equals_the_careful_one_or_leaves_the_text_to_it() -> None:
    """Every unusual text, and every line of a real facts file edited in several ways: a quick
    read, when there is one, is what the careful reader reads, positions included, with no problem."""
    from tests.helpers import FIXTURE_SITE
    lines = (FIXTURE_SITE / "content/facts/kerman.yaml").read_text("utf-8").split("\n")
    edited = ("\n".join(lines[:n] + [mutate(lines[n])] + lines[n + 1:])
              for n in range(len(lines)) for mutate in MUTATIONS)
    quick_reads = 0
    for text in (*UNUSUAL, *edited):
        quick, (careful, problems) = _read_both(text)
        if quick is not None:
            quick_reads += 1
            assert (_dump(quick), problems) == (_dump(careful), []), text
    assert quick_reads > 500


def test_every_content_file_of_the_site_is_read_quickly() -> None:
    """The quick path is the one taken: each YAML file of the fixture site reads without the node tree."""
    from tests.helpers import FIXTURE_SITE
    files = sorted((FIXTURE_SITE / "content").rglob("*.yaml")) + [FIXTURE_SITE / "site.yaml"]
    assert len(files) > 5
    for path in files:
        quick, (careful, problems) = _read_both(path.read_text("utf-8"))
        assert problems == [] and quick is not None and _dump(quick) == _dump(careful), path


def test_a_value_only_the_careful_reader_can_place_is_left_to_it() -> None:
    """The unusual texts that are valid YAML but not plain content go the careful way, with their problem."""
    for text, problem in (("a: 1\na: 2\n", "x.yaml:2:1: the key `a` is written twice (first at line 1) — keep one"),
                          ("yes: 1\n", "x.yaml:1:1: a key must be a plain word like `value:`"),
                          ("a: !!binary aGk=\n", "x.yaml:1:4: the tag !!binary is not allowed — remove it and "
                                                 "write a plain value")):
        quick, (_, problems) = _read_both(text)
        assert quick is None and [str(p) for p in problems] == [problem]
