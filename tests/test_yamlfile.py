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
