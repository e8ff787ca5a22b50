"""Three-valued logic as compiled: every truth table is run through a generated evaluator.

The tables are written out by hand. An unknown operand at position 1, 2, 3 is `A`, `B`, `C`:
unknown because input `a`, `b`, `c` is missing; an expected unknown result is written `U("ab")`,
the inputs it must ask for. Each expression is the one condition of a small guideline; the
condition's value is read from the trace (true, false, or null for unknown) and an unknown
result must list exactly its inputs under `needs`.
"""

from __future__ import annotations

from typing import Any

import pytest

from compiler.api import Evaluator, check_text, compile_text
from compiler.python import runtime
from compiler.testing.interpreter import interpret
from dsl.errors import GuidelineError

Unknown = runtime.Unknown


def U(inputs: str = "") -> runtime.Unknown:
    """An unknown carrying the inputs named by single letters: U("ab") carries {'a', 'b'}."""
    return Unknown(inputs)


T, F = True, False
A, B, C = U("a"), U("b"), U("c")

TEMPLATE = """\
guideline kleene
title "One condition"
version 1.0.0
status draft
source s "S"
input a "A"
  yes or no
input b "B"
  yes or no
input c "C"
  yes or no
input x "X"
  number
  range -100 to 100
input y "Y"
  number
  range -100 to 100
decision d "D"
  when {condition} go to taken
  otherwise end
action taken "Taken"
  recommend r
  then end
# Every input is read somewhere, so that none is unused; `is unknown` never asks for anything.
check reads "Reads every input"
  when a is unknown and b is unknown and c is unknown and x is unknown and y is unknown recommend r
recommendation r
  text "R"
  cites s
"""


def compiled(condition: str) -> Evaluator:
    return compile_text(TEMPLATE.format(condition=condition), "kleene.guideline")


def outcome(condition: str, inputs: dict[str, Any]) -> object:
    """The condition's value for these inputs: True, False, or an Unknown of the needed inputs."""
    result = compiled(condition).evaluate(inputs)
    (entry,) = [t for t in result["trace"] if t["node"] == "d"]
    if entry["value"] is None:
        assert result["status"] == "needs_data"
        return Unknown(result["needs"])
    assert result["needs"] == []
    return entry["value"]


def given(operands: tuple[object, ...], names: str = "abc") -> dict[str, Any]:
    return {name: value for name, value in zip(names, operands, strict=False) if isinstance(value, bool)}


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
    condition = " and ".join("abc"[: len(operands)])
    assert outcome(condition, given(operands)) == expected


@pytest.mark.parametrize(("operands", "expected"), OR_2 + OR_3, ids=repr)
def test_or(operands: tuple[Any, ...], expected: object) -> None:
    condition = " or ".join("abc"[: len(operands)])
    assert outcome(condition, given(operands)) == expected


@pytest.mark.parametrize(("operand", "expected"), NOT, ids=repr)
def test_not(operand: object, expected: object) -> None:
    condition = "not (a and b)" if operand == U("ab") else "not a"
    inputs = {} if operand == U("ab") else given((operand,))
    assert outcome(condition, inputs) == expected


# ---- comparisons, arithmetic, functions, fallbacks and known tests with unknown operands ----

EXPRESSIONS: list[tuple[str, dict[str, Any], object]] = [
    ("x < y", {"x": 1, "y": 2}, T),
    ("x < y", {"x": 2, "y": 2}, F),
    ("x <= y", {"x": 2, "y": 2}, T),
    ("x > y", {"y": 2}, U("x")),
    ("x >= y", {"x": 2}, U("y")),
    ("x = y", {}, U("xy")),
    ("x < 5", {"x": 4.999}, T),
    ("5 > x", {"x": 5}, F),
    ("x + y > 3", {"x": 1, "y": 3}, T),
    ("x - y > 3", {"x": 1}, U("y")),
    ("x * 2 = y", {"x": 2, "y": 4}, T),
    ("-x = y", {"x": 2, "y": -2}, T),
    ("x / y > 1", {"x": 3, "y": 2}, T),
    ("x / y > 1", {"y": 0}, U("x")),  # an unknown dividend decides first
    ("min(x, y) < 0", {"x": -1, "y": 5}, T),
    ("min(x, y) < 0", {"x": -1}, U("y")),  # min is unknown when any argument is
    ("max(x, y, 3) > 4", {"x": 1, "y": 5}, T),
    ("(x or else y) > 4", {"y": 5}, T),
    ("(x or else y) > 4", {"x": 1, "y": 5}, F),
    ("(x or else y) > 4", {}, U("xy")),
    ("(x or else 10) > 4", {}, T),
    ("x is known", {}, F),
    ("x is unknown", {}, T),
    ("x is known and y > 0", {"x": 1}, U("y")),
    ("x is unknown or x > 5", {}, T),
    ("a is yes", {"a": True}, T),
    ("a is not yes", {}, U("a")),
    ("a and x > 0", {"a": False}, F),
    ("a or x > 0", {"x": 1}, T),
]


@pytest.mark.parametrize(("condition", "inputs", "expected"), EXPRESSIONS, ids=repr)
def test_expression(condition: str, inputs: dict[str, Any], expected: object) -> None:
    assert outcome(condition, inputs) == expected


# ---- what remains of the runtime itself ----


def test_join_unites_the_unknown_operands_only() -> None:
    assert runtime._join(A, True, U("bc"), 3.0) == U("abc")
    assert type(runtime._join(A, B)) is Unknown


def test_stop_does_not_ask_for_inputs_the_decision_handles_itself() -> None:
    assert runtime._stop(U("ab"), frozenset("b")) == U("a")
    assert runtime._stop(U("b"), frozenset("b")) == U("b")  # nothing else to ask for


def test_unknown_is_an_immutable_set_of_inputs() -> None:
    unknown = U("ab")
    assert isinstance(unknown, frozenset) and not hasattr(unknown, "__dict__")
    assert repr(unknown) == "Unknown(['a', 'b'])"


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
    with pytest.raises(GuidelineError, match="divides by zero"):
        compile_text(DIVIDE_BY_CONSTANT_ZERO, "divide.guideline")


@pytest.mark.parametrize("inputs", [{"x": 3, "y": 0}, {"x": 3, "y": 0, "a": True}, {"y": 0, "x": 0}])
def test_division_by_a_known_zero_is_an_input_error_never_a_need(inputs: dict[str, Any]) -> None:
    """A known divisor of zero is never asked for again (an app asking for what `needs` lists
    would loop): the division is undefined, the evaluation stops with invalid_input naming it."""
    from dsl.logic import DIVISION_BY_ZERO

    result = compiled("x / y > 1").evaluate(inputs)
    assert (result["status"], result["needs"], result["path"], result["recommendations"]) == (
        "invalid_input",
        [],
        [],
        [],
    )
    assert result["errors"] == [{"input": "y", "problem": DIVISION_BY_ZERO}]
    program = check_text(TEMPLATE.format(condition="x / y > 1"), "kleene.guideline").program
    assert interpret(program, inputs) == result  # the reference interpreter says the same
