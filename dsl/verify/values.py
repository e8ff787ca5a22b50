"""What the solver works with: values with their markers (unknown, open, undefined), constraints,
solutions, and the language's operations on them through `dsl.logic`."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from dsl import ir, logic
from dsl.model import Span
from dsl.program import Input


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


UNKNOWN = _Marker("UNKNOWN")  # the input is deliberately left unknown
OPEN = _Marker("OPEN")  # not chosen yet: any value, or unknown
UNDEFINED = _Marker("UNDEFINED")  # a division by zero: the evaluation stops (invalid_input), no route goes on

DEFINED = _Marker("DEFINED")  # expected of a condition: any value but undefined (it divides by no zero)

Value = float | bool | str | _Marker
Expected = bool | None | _Marker  # None: the condition must come out unknown; DEFINED: anything but undefined


@dataclass(frozen=True)
class Constraint:
    node: ir.Node
    expected: Expected
    label: str = ""  # what it is, for reports: "line 12: 'severe' is true"
    span: Span | None = None  # where the condition is written


@dataclass(frozen=True)
class Solution:
    inputs: dict[str, Value]  # chosen values; UNKNOWN for inputs left unknown on purpose


class Undecided(Exception):
    """No patient was found and none could be ruled out: the budget ran out, or the values tried
    do not cover every patient (an input compared with another input, or divided by)."""


def _matches(value: Value, expected: Expected) -> bool:
    if expected is DEFINED:
        return value is not UNDEFINED and value is not OPEN
    if expected is None:
        return value is UNKNOWN
    return value is expected


def _in_range(x: float, spec: Input) -> bool:
    return math.isfinite(x) and (spec.low is None or x >= spec.low) and (spec.high is None or x <= spec.high)


def _region(cuts: list[float], x: float) -> int:
    """Which piece of the line the sorted cut points leave x in: a point (odd) or a gap (even)."""
    i = bisect_left(cuts, x)
    return 2 * i + 1 if i < len(cuts) and cuts[i] == x else 2 * i


def _apply(node: ir.Node, operands: list[Value]) -> Value:
    """A strict operation on known operands, by the language's own rules (`dsl.logic`): a
    division by zero is undefined, and stops the evaluation."""
    match node:
        case ir.Compare():
            return logic.compare(node.op, operands[0], operands[1])
        case ir.Arith():
            try:
                return logic.arithmetic(node.op, operands[0], operands[1])  # type: ignore[arg-type]
            except logic.DivisionByZero:
                return UNDEFINED
        case ir.Negate():
            return -operands[0]  # type: ignore[operator]
        case ir.Call():
            return logic.call(node.function, operands)  # type: ignore[arg-type]
        case ir.Scale():
            return logic.scale(operands[0], node.numerator, node.denominator)  # type: ignore[arg-type]
        case _:
            raise AssertionError(f"not a strict operation: {node!r}")


def _is_marker(value: Value) -> bool:
    return isinstance(value, _Marker)


def _undecided(values: list[Value]) -> Value:
    """The undecided result of operands the operation could not decide: undefined above all,
    then open (the open inputs may still decide it), then unknown."""
    if any(x is UNDEFINED for x in values):
        return UNDEFINED
    return OPEN if any(x is OPEN for x in values) else UNKNOWN


def _fold_key(node: ir.Node) -> object:
    return ("definition", node.name) if isinstance(node, ir.DefinitionRef) else id(node)


def _walk(node: ir.Node, definitions: Mapping[str, ir.Node] | None = None) -> Iterator[ir.Node]:
    """Every node under `node`, through the definitions it names when given (each definition
    once: they are shared, and a chain of them is walked in time linear in its length)."""
    seen: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if definitions is not None and isinstance(current, ir.DefinitionRef) and current.name not in seen:
            seen.add(current.name)
            stack.append(definitions[current.name])
        stack.extend(reversed(ir.children(current)))


def _reads_in_order(node: ir.Node, definitions: Mapping[str, ir.Node]) -> list[str]:
    return list(dict.fromkeys(n.name for n in _walk(node, definitions) if isinstance(n, ir.InputRef)))


def _around(threshold: float, spec: Input, finer: bool = False) -> list[float]:
    """The threshold and a readable step either side, kept inside the input's range (`finer`:
    steps of a tenth and a hundredth of that instead, either side)."""
    width = (spec.high - spec.low) if spec.low is not None and spec.high is not None else abs(threshold) or 1.0
    step = 1.0 if width >= 100 else 0.1 if width >= 1 else 0.01
    if finer:
        points = [threshold + sign * step * scale for scale in (0.1, 0.01) for sign in (-1, 1)]
    else:
        points = [threshold, threshold - step, threshold + step]
    if spec.low is not None and spec.high is not None:
        points = [p for p in points if spec.low <= p <= spec.high]
    return [round(p, 10) for p in points]
