"""The YAML reader's quick test for aliases, against the regular expression it stands for."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factsite.yamlfile import _may_hold_alias, read_yaml

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
    from factsite.yamlfile import Items, Record
    if isinstance(value, Record):
        return ("record", value.where, value.key_where, {k: _dump(v) for k, v in value.items()})
    if isinstance(value, Items):
        return ("items", value.where, value.item_where, [_dump(v) for v in value])
    return (type(value).__name__, value)


MUTATIONS = (lambda line: line + "1", lambda line: line.replace(":", "", 1), lambda line: " " + line,
             lambda line: line[1:], lambda line: line + " # note", lambda line: "- " + line.lstrip(),
             lambda line: line.replace("  ", "", 1), lambda line: "", lambda line: line + " &a",
             lambda line: line.replace(": ", ": *a ", 1), lambda line: line + ", x: 1}")


def test_rereading_one_edited_item_gives_what_reading_the_whole_file_gives(tmp_path) -> None:
    """Every line of a real facts file, edited in several ways: the quick re-read (or its fall-back
    to a whole read) equals a whole read, positions and problems included."""
    from factsite.yamlfile import read_yaml_again
    from tests.helpers import REPO
    original = (REPO / "content/facts/kerman.yaml").read_text("utf-8")
    path = tmp_path / "facts.yaml"
    path.write_text(original, "utf-8")
    before = read_yaml(path, "facts.yaml")
    assert before[1] == []
    lines = original.split("\n")
    for n in range(len(lines)):
        for mutate in MUTATIONS:
            edited = "\n".join(lines[:n] + [mutate(lines[n])] + lines[n + 1:])
            path.write_text(edited, "utf-8")
            quick, quick_problems, _ = read_yaml_again(path, "facts.yaml", (original, before[0]))
            whole, whole_problems = read_yaml(path, "facts.yaml")
            assert (_dump(quick), quick_problems) == (_dump(whole), whole_problems), (n, mutate(lines[n]))
