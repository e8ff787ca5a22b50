# mypy: disable-error-code="no-untyped-call"
# (the runtime is copied into generated modules and carries no annotations on purpose)
"""The evaluator runtime on its own: Kleene logic, unknown propagation, arithmetic, `_decide`.

Every table is written out by hand. An unknown operand at position 1, 2, 3 is `A`, `B`, `C`:
unknown because input `a`, `b`, `c` is missing; an expected unknown result is written
`U("ab")`, the set of inputs it must carry. A result must have the expected type as well as the
expected value: `True` is not `1`, and an unknown is an `Unknown`, not a bare `frozenset`
(the step machine tests `type(value) is Unknown`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from compiler import runtime
from compiler.api import compile_text
from dsl.errors import GuidelineError

Unknown = runtime.Unknown


def U(inputs: str = "") -> runtime.Unknown:
    """An unknown carrying the inputs named by single letters: U("ab") carries {'a', 'b'}."""
    return Unknown(inputs)


T, F = True, False
A, B, C = U("a"), U("b"), U("c")


def assert_same(actual: object, expected: object) -> None:
    assert type(actual) is type(expected), f"{actual!r} is a {type(actual).__name__}, expected {expected!r}"
    assert actual == expected


# ---- Kleene truth tables ----

AND_2: list[tuple[tuple[Any, ...], object]] = [
    ((T, T), T),
    ((T, F), F),
    ((T, B), U("b")),
    ((F, T), F),
    ((F, F), F),
    ((F, B), F),
    ((A, T), U("a")),
    ((A, F), F),
    ((A, B), U("ab")),
]

OR_2: list[tuple[tuple[Any, ...], object]] = [
    ((T, T), T),
    ((T, F), T),
    ((T, B), T),
    ((F, T), T),
    ((F, F), F),
    ((F, B), U("b")),
    ((A, T), T),
    ((A, F), U("a")),
    ((A, B), U("ab")),
]

AND_3: list[tuple[tuple[Any, ...], object]] = [
    ((T, T, T), T),
    ((T, T, F), F),
    ((T, T, C), U("c")),
    ((T, F, T), F),
    ((T, F, F), F),
    ((T, F, C), F),
    ((T, B, T), U("b")),
    ((T, B, F), F),
    ((T, B, C), U("bc")),
    ((F, T, T), F),
    ((F, T, F), F),
    ((F, T, C), F),
    ((F, F, T), F),
    ((F, F, F), F),
    ((F, F, C), F),
    ((F, B, T), F),
    ((F, B, F), F),
    ((F, B, C), F),
    ((A, T, T), U("a")),
    ((A, T, F), F),
    ((A, T, C), U("ac")),
    ((A, F, T), F),
    ((A, F, F), F),
    ((A, F, C), F),
    ((A, B, T), U("ab")),
    ((A, B, F), F),
    ((A, B, C), U("abc")),
]

OR_3: list[tuple[tuple[Any, ...], object]] = [
    ((T, T, T), T),
    ((T, T, F), T),
    ((T, T, C), T),
    ((T, F, T), T),
    ((T, F, F), T),
    ((T, F, C), T),
    ((T, B, T), T),
    ((T, B, F), T),
    ((T, B, C), T),
    ((F, T, T), T),
    ((F, T, F), T),
    ((F, T, C), T),
    ((F, F, T), T),
    ((F, F, F), F),
    ((F, F, C), U("c")),
    ((F, B, T), T),
    ((F, B, F), U("b")),
    ((F, B, C), U("bc")),
    ((A, T, T), T),
    ((A, T, F), T),
    ((A, T, C), T),
    ((A, F, T), T),
    ((A, F, F), U("a")),
    ((A, F, C), U("ac")),
    ((A, B, T), T),
    ((A, B, F), U("ab")),
    ((A, B, C), U("abc")),
]

NOT = [
    (T, F),
    (F, T),
    (A, U("a")),
    (U("ab"), U("ab")),
]


@pytest.mark.parametrize(("operands", "expected"), AND_2 + AND_3, ids=repr)
def test_and(operands: tuple[Any, ...], expected: object) -> None:
    assert_same(runtime._and(*operands), expected)


@pytest.mark.parametrize(("operands", "expected"), OR_2 + OR_3, ids=repr)
def test_or(operands: tuple[Any, ...], expected: object) -> None:
    assert_same(runtime._or(*operands), expected)


@pytest.mark.parametrize(("operand", "expected"), NOT, ids=repr)
def test_not(operand: object, expected: object) -> None:
    assert_same(runtime._not(operand), expected)


@pytest.mark.parametrize(
    ("function", "operands", "expected"),
    [
        # Overlapping unknowns: each input once.
        (runtime._and, (U("ab"), U("bc")), U("abc")),
        (runtime._or, (U("ab"), U("bc")), U("abc")),
        (runtime._and, (A, A), U("a")),
        (runtime._or, (A, A), U("a")),
        # The decided operand wins wherever it stands.
        (runtime._and, (A, B, C, F), F),
        (runtime._or, (A, B, C, T), T),
        # One operand alone.
        (runtime._and, (A,), U("a")),
        (runtime._or, (A,), U("a")),
        (runtime._and, (T,), T),
        (runtime._or, (F,), F),
    ],
    ids=repr,
)
def test_logic_more_cases(function: Callable[..., object], operands: tuple[Any, ...], expected: object) -> None:
    assert_same(function(*operands), expected)


def test_not_keeps_the_unknown_inputs() -> None:
    # `not` of an unknown is the same unknown: the inputs it needs do not change.
    value = U("xy")
    assert runtime._not(value) is value


def test_unknown_is_an_immutable_set_of_inputs() -> None:
    value = U("ba")
    assert repr(value) == "Unknown(['a', 'b'])"
    assert value == frozenset({"a", "b"})
    assert {value: 1}[U("ab")] == 1
    assert runtime._known(value) is False
    assert runtime._known(0) is True
    # An unknown with no inputs is still unknown, though an empty set is falsy.
    assert runtime._known(U()) is False


# ---- comparisons ----

COMPARISONS: list[tuple[Callable[..., object], object, object, object]] = [
    (runtime._lt, 1, 2, T),
    (runtime._lt, 2, 2, F),
    (runtime._lt, 3, 2, F),
    (runtime._le, 1, 2, T),
    (runtime._le, 2, 2, T),
    (runtime._le, 3, 2, F),
    (runtime._gt, 1, 2, F),
    (runtime._gt, 2, 2, F),
    (runtime._gt, 3, 2, T),
    (runtime._ge, 1, 2, F),
    (runtime._ge, 2, 2, T),
    (runtime._ge, 3, 2, T),
    (runtime._eq, 1, 2, F),
    (runtime._eq, 2, 2.0, T),
    (runtime._eq, "taking", "taking", T),
    (runtime._eq, "taking", "withdrawn", F),
    (runtime._eq, T, T, T),
    (runtime._eq, T, F, F),
    (runtime._ne, 1, 2, T),
    (runtime._ne, 2, 2, F),
    (runtime._ne, "taking", "withdrawn", T),
    (runtime._ne, F, F, F),
    # Boundaries: 49.999 is below 50, 50 is not.
    (runtime._lt, 49.999, 50, T),
    (runtime._lt, 50.0, 50, F),
]

UNKNOWN_COMPARISONS: list[tuple[object, object, object]] = [
    (A, 2, U("a")),
    (2, B, U("b")),
    (A, B, U("ab")),
    (A, A, U("a")),
    (U("ab"), U("bc"), U("abc")),
    ("taking", B, U("b")),
    (A, T, U("a")),
]

COMPARE_FUNCTIONS = [runtime._lt, runtime._le, runtime._gt, runtime._ge, runtime._eq, runtime._ne]


@pytest.mark.parametrize(("function", "a", "b", "expected"), COMPARISONS, ids=repr)
def test_comparison_of_known_values(function: Callable[..., object], a: object, b: object, expected: bool) -> None:
    assert_same(function(a, b), expected)


@pytest.mark.parametrize("function", COMPARE_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(("a", "b", "expected"), UNKNOWN_COMPARISONS, ids=repr)
def test_comparison_with_an_unknown_side_is_unknown(
    function: Callable[..., object], a: object, b: object, expected: runtime.Unknown
) -> None:
    assert_same(function(a, b), expected)


# ---- arithmetic, min, max ----

ARITHMETIC: list[tuple[Callable[..., object], tuple[Any, ...], object]] = [
    (runtime._add, (2, 3), 5),
    (runtime._add, (A, 3), U("a")),
    (runtime._add, (2, B), U("b")),
    (runtime._add, (A, B), U("ab")),
    (runtime._sub, (2, 3), -1),
    (runtime._sub, (A, 3), U("a")),
    (runtime._sub, (2, B), U("b")),
    (runtime._sub, (A, B), U("ab")),
    (runtime._mul, (2, 3), 6),
    (runtime._mul, (0.5, 150), 75.0),
    (runtime._mul, (A, 3), U("a")),
    (runtime._mul, (2, B), U("b")),
    (runtime._mul, (A, B), U("ab")),
    # Multiplying by zero does not decide an unknown: the result is still unknown.
    (runtime._mul, (0, B), U("b")),
    (runtime._div, (6, 3, ("b",)), 2.0),
    (runtime._div, (1, 4, ("b",)), 0.25),
    (runtime._div, (0, 5, ("b",)), 0.0),
    (runtime._div, (A, 3, ("b",)), U("a")),
    (runtime._div, (6, B, ("b",)), U("b")),
    (runtime._div, (A, B, ("b",)), U("ab")),
    (runtime._neg, (2,), -2),
    (runtime._neg, (-1.5,), 1.5),
    (runtime._neg, (A,), U("a")),
    (runtime._min, (3, 1, 2), 1),
    (runtime._min, (150, 100.5), 100.5),
    (runtime._min, (4,), 4),
    (runtime._min, (1, B), U("b")),
    (runtime._min, (A, 5, C), U("ac")),
    (runtime._max, (3, 1, 2), 3),
    (runtime._max, (50, 150), 150),
    (runtime._max, (4,), 4),
    (runtime._max, (1, B), U("b")),
    (runtime._max, (A, 5, C), U("ac")),
]


@pytest.mark.parametrize(("function", "operands", "expected"), ARITHMETIC, ids=repr)
def test_arithmetic(function: Callable[..., object], operands: tuple[Any, ...], expected: object) -> None:
    assert_same(function(*operands), expected)


@pytest.mark.parametrize(
    ("a", "b", "divisor_inputs", "expected"),
    [
        (1, 0, ("b",), U("b")),
        (1, 0.0, ("b",), U("b")),
        (1, -0.0, ("b",), U("b")),
        (0, 0, ("b", "c"), U("bc")),
        (-7.5, 0, ("c",), U("c")),
        # A divisor that reads no input: unknown, blaming nothing.
        (1, 0, (), U()),
        # An unknown operand comes first: the missing input is to blame, not the divisor.
        (A, 0, ("b",), U("a")),
    ],
    ids=repr,
)
def test_division_by_zero_is_unknown_and_blames_the_divisor(
    a: object, b: object, divisor_inputs: tuple[str, ...], expected: runtime.Unknown
) -> None:
    assert_same(runtime._div(a, b, divisor_inputs), expected)


DIVIDE_BY_CONSTANT_ZERO = """\
guideline divide
title "Division by a constant zero"
version 1.0.0
status draft
source s "S"
input a "A"
  number
  range 0 to 10
define ratio as a / (2 - 2)
decision d "D"
  when a > 5 or ratio > 1 go to act
  otherwise end
action act "Act"
  recommend c
  then end
recommendation c
  text "C"
  cites s
"""


def test_division_by_a_constant_zero_is_not_a_silent_needs_data() -> None:
    try:
        evaluator = compile_text(DIVIDE_BY_CONSTANT_ZERO, "divide.guideline")
    except GuidelineError:
        return  # rejected when checked: fine
    result = evaluator.evaluate({"a": 1})
    assert not (result["status"] == "needs_data" and result["needs"] == []), result


# ---- fallback, is known, is unknown, unit scaling ----

FALLBACK: list[tuple[tuple[Any, ...], object]] = [
    ((A, 5), 5),
    ((3, B), 3),
    ((A, B), U("ab")),
    ((A, B, 7), 7),
    ((A, B, C), U("abc")),
    ((A,), U("a")),
    ((U("ab"), U("bc")), U("abc")),
    # A known value counts even when it is falsy.
    ((0, 5), 0),
    ((0.0, 5), 0.0),
    ((F, T), F),
    (("other", B), "other"),
]


@pytest.mark.parametrize(("operands", "expected"), FALLBACK, ids=repr)
def test_fallback(operands: tuple[Any, ...], expected: object) -> None:
    assert_same(runtime._fallback(*operands), expected)


KNOWN_TESTS: list[tuple[object, bool, bool]] = [
    # value, is known, is unknown: never unknown themselves
    (T, T, F),
    (F, T, F),
    (0, T, F),
    (1.5, T, F),
    ("withdrawn", T, F),
    (A, F, T),
    (U("ab"), F, T),
    (U(), F, T),
]


@pytest.mark.parametrize(("value", "known", "unknown"), KNOWN_TESTS, ids=repr)
def test_is_known_and_is_unknown(value: object, known: bool, unknown: bool) -> None:
    assert_same(runtime._is_known(value), known)
    assert_same(runtime._is_unknown(value), unknown)


@pytest.mark.parametrize(
    ("value", "numerator", "denominator", "expected"),
    [
        (25000, 1, 1000, 25.0),
        (49999, 1, 1000, 49.999),
        (74, 1, 1, 74.0),
        (2, 487, 112, 8.696428571428571),
        (0, 1, 1000, 0.0),
        (A, 1, 1000, U("a")),
        (U("ab"), 112, 487, U("ab")),
    ],
    ids=repr,
)
def test_scale(value: object, numerator: int, denominator: int, expected: object) -> None:
    assert_same(runtime._scale(value, numerator, denominator), expected)


# ---- _decide: the first true rule, unless an unknown came first ----


def constant(value: object) -> Callable[[dict[str, object]], object]:
    return lambda values: value


DECIDE: list[tuple[list[object], object, list[bool | None]]] = [
    # condition values, outcome, trace values
    ([T, T], "first", [T]),
    ([F, T], "second", [F, T]),
    ([F, F], None, [F, F]),
    ([], None, []),
    ([A, T], U("a"), [None, T]),
    ([A, B, T], U("ab"), [None, None, T]),
    ([A, F], U("a"), [None, F]),
    ([A, B], U("ab"), [None, None]),
    ([T, A], "first", [T]),
    ([F, A, T], U("a"), [F, None, T]),
]


@pytest.mark.parametrize(("conditions", "expected", "trace_values"), DECIDE, ids=repr)
def test_decide(conditions: list[object], expected: object, trace_values: list[bool | None]) -> None:
    outcomes = ["first", "second", "third"]
    rules = [(f"rule {i}", constant(c), outcomes[i]) for i, c in enumerate(conditions)]
    trace: list[dict[str, object]] = []
    outcome = runtime._decide("node", rules, {}, trace)
    if expected is None:
        assert outcome is None
    else:
        assert_same(outcome, expected)
    assert trace == [{"node": "node", "condition": f"rule {i}", "value": v} for i, v in enumerate(trace_values)]
