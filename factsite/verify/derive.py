"""Stage 2: a derived fact's value, computed from the stated facts its formula names, and no
more precise than they are."""
from __future__ import annotations

import ast
import dataclasses
import operator
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from factsite.load.entries import FORMULA_REF
from factsite.model import Fact, Problem

OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def derive(fact: Fact, fact_of: Callable[[str], Fact | None], problems: list[Problem],
           refused: frozenset[str] = frozenset()) -> Fact:
    """Compute a derived fact's value from the facts its formula names (not from one whose entry
    was refused: its problem is said once, at its cause)."""
    inputs: dict[str, Fact] = {}
    for ref in fact.derived.inputs:
        other = fact_of(ref)
        if other is None and ref in refused:
            return fact
        if other is None or other.derived or other.value is None:
            why = "a derived fact" if other and other.derived else "no stated fact"
            problems.append(Problem(fact.at("derived"), f"the formula names `{ref}`, which is {why} — "
                                    "use the id of a stated fact", fact.id))
            return fact
        inputs[ref] = other
    expression = FORMULA_REF.sub(lambda m: f"__v[{m.group(1)!r}]", fact.derived.formula)
    try:
        exact = _evaluate(ast.parse(expression, mode="eval").body, {ref: f.value for ref, f in inputs.items()})
        digits = min((significant_digits(f.value) for f in inputs.values()), default=28)
        value = _plain_decimal(to_significant(exact, digits).quantize(Decimal(1).scaleb(-fact.derived.round)))
    except (SyntaxError, ValueError, ArithmeticError, KeyError, RecursionError) as err:
        problems.append(Problem(fact.at("derived"), f"the formula cannot be computed ({_why(err)}) — use "
                                "{fact-id}, numbers, + - * / and parentheses", fact.id))
        return fact
    hedged = sorted(ref for ref, f in inputs.items() if f.qualifier != "exact")
    if (hedged or value != exact) and fact.qualifier != "about":
        why = f"{', '.join(hedged)} {'is' if len(hedged) == 1 else 'are'} hedged" if hedged else \
            f"it is rounded to the {digits} significant digit(s) its inputs state"
        problems.append(Problem(fact.at("qualifier"), f"the computed figure is approximate ({why}) — write "
                                "`qualifier: about`", fact.id))
    return dataclasses.replace(fact, value=value)


def significant_digits(value: Decimal) -> int:
    """The significant digits a stated figure has: 1,800,000 has 2, 557,276 has 6, 65 has 2, 0.5 has 1."""
    return max(1, len(value.normalize().as_tuple().digits)) if value else 1


def to_significant(value: Decimal, digits: int) -> Decimal:
    """value rounded to that many significant digits (2,769,230.77 to 2 is 2,800,000)."""
    if not value:
        return value
    return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1))


def _plain_decimal(value: Decimal) -> Decimal:
    """A whole value without an exponent (2.8E+6 is 2800000), as the data files write it."""
    return Decimal(int(value)) if value == value.to_integral_value() else value


def _why(err: Exception) -> str:
    """Why a formula failed, in words (decimal errors have no message of their own)."""
    if isinstance(err, ZeroDivisionError):
        return "it divides by zero"
    if isinstance(err, InvalidOperation):
        return "the result cannot be kept to that many decimal places — lower `round`"
    if isinstance(err, RecursionError):
        return "it is too long or nested too deeply"
    return str(err)


def _evaluate(node: ast.AST, values: dict[str, Decimal]) -> Decimal:
    """Evaluate numbers, fact references and + - * / only."""
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        return OPERATORS[type(node.op)](_evaluate(node.left, values), _evaluate(node.right, values))
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return Decimal(str(node.value))
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return values[node.slice.value]
    raise ValueError(f"`{ast.unparse(node)}` is not allowed")
