"""The language's three-valued logic and arithmetic, written once.

A value is known (a number, yes/no, a choice) or *undecided*: unknown, in the interpreter (an
`Unknown` carrying the inputs behind it), or also not chosen yet, in the solver. The operators
here decide what a Kleene logic decides and hand every undecided case to the caller's `undecided`,
which combines the undecided operands into the caller's own kind of undecided value. The
interpreter (`compiler.testing.interpreter`) and the solver (`dsl.verify.solver`) both evaluate
through these functions; the code generator writes the same rules inline
(`compiler.python.expressions`), and the differential tests hold it to them.

Division by zero is undefined: `arithmetic` raises `DivisionByZero`, and an evaluation that
meets it stops with `invalid_input`, naming the inputs the divisor reads (docs/language.md).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Any

Combine = Callable[[list[Any]], Any]  # undecided operands -> the undecided result

COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq, "!=": operator.ne,
}  # fmt: skip
_ARITH: dict[str, Callable[[float, float], float]] = {"+": operator.add, "-": operator.sub, "*": operator.mul}

DIVISION_BY_ZERO = "makes a divisor zero: the guideline divides by it, and a division by zero is undefined"


class DivisionByZero(ArithmeticError):
    """A division whose divisor is zero: undefined, never a value."""


def logical(op: str, values: Iterable[Any], undecided: Combine) -> Any:
    """Kleene `and`/`or`: one false decides `and`, one true decides `or`; otherwise an undecided
    operand leaves it undecided; otherwise every operand agreed. `values` may be lazy: it is
    read only up to the operand that decides."""
    decisive = op == "or"
    rest = []
    for v in values:
        if v is decisive:
            return decisive
        if v is not (not decisive):
            rest.append(v)
    return undecided(rest) if rest else not decisive


def negation(value: Any) -> Any:
    """`not`: undecided stays undecided (the caller passes only booleans or its own markers)."""
    return not value if isinstance(value, bool) else value


def known_test(value_is_unknown: bool, known: bool) -> bool:
    """`x is known` / `x is unknown`: always decided."""
    return value_is_unknown != known


def fallback(values: Iterable[Any], is_unknown: Callable[[Any], bool], undecided: Combine) -> Any:
    """`a or else b`: the first operand that is known; undecided when none is (`values` may be
    lazy: read up to the first known operand)."""
    seen = []
    for v in values:
        if not is_unknown(v):
            return v
        seen.append(v)
    return undecided(seen)


def strict(
    values: Sequence[Any], is_undecided: Callable[[Any], bool], undecided: Combine, apply: Callable[[], Any]
) -> Any:
    """An operation that is undecided as soon as one of its operands is (comparisons, arithmetic,
    `min`, `max`, unit conversions); `apply` computes it from known operands."""
    rest = [v for v in values if is_undecided(v)]
    return undecided(rest) if rest else apply()


def compare(op: str, a: Any, b: Any) -> bool:
    return COMPARE[op](a, b)


def arithmetic(op: str, a: float, b: float) -> float:
    """`+ - * /` on known numbers; `DivisionByZero` for a zero divisor."""
    if op == "/":
        if b == 0:
            raise DivisionByZero
        return a / b
    return _ARITH[op](a, b)


def call(function: str, args: Sequence[float]) -> float:
    return min(args) if function == "min" else max(args)


def scale(value: float, numerator: int, denominator: int) -> float:
    """A unit conversion, multiplying then dividing, exactly as the compiled evaluator does."""
    return value * numerator / denominator
