"""`_Partition`: where a comparison of one numeric input with constants can change value, worked
out exactly (`_Piecewise`: linear pieces of one input), so that trying one value per piece of the
line covers every patient (see `dsl.verify.solver`)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from dsl import ir
from dsl.program import Program
from dsl.verify.values import Value

MAX_PIECES = 16  # linear pieces of one side of a comparison beyond which an input is not covered


@dataclass(frozen=True)
class Cover:
    """What a condition's comparisons say about the values worth trying (see `_Partition`)."""

    points: dict[str, frozenset[float]]  # covered input -> the points where a comparison can change
    uncovered: frozenset[str]  # numeric inputs for which trying those points proves nothing


Linear = tuple[Fraction, Fraction]  # a * x + b, exactly
Judgement = tuple[str, frozenset[float]] | frozenset[str] | None


@dataclass(frozen=True)
class _Piecewise:
    """A numeric expression of at most one input x: at every x it equals one of `pieces`, and
    which one can change only at `breaks` (where two pieces of a `min` or `max` cross)."""

    names: frozenset[str]
    pieces: tuple[Linear, ...]
    breaks: frozenset[Fraction]


class _Partition:
    """Where a comparison of one numeric input with constants can change value: `x > 7` at 7,
    `min(x, 5) <= 3` at 3 and 5. Between two such points, and at each, the comparison keeps its
    value, so trying one value per piece of the line covers every patient.

    A comparison leaves its numeric inputs *uncovered* when it compares two inputs (`x > y`), when
    it adds to the input or scales it by other than a power of two (`x + 100 <= 100.5`: the float
    sum rounds values just past 0.5 onto the threshold), when it is built from anything else but
    `min`, `max` and `or else`, and when a point is not a number the evaluator can be given. So
    does a division by an input.
    """

    def __init__(
        self,
        program: Program,
        value: Callable[[ir.Node, dict[str, Value]], Value],
        reads: Callable[[ir.Node], list[str]],
    ) -> None:
        self.definitions = program.definition_table
        self.specs = program.input_table
        self.value = value
        self.reads = reads
        self._definitions: dict[str, _Piecewise | None] = {}
        self._judged: dict[int, tuple[ir.Node, Judgement]] = {}

    def judge(self, node: ir.Node) -> Judgement:
        """For this node alone (not its children): its input and points, the inputs it leaves
        uncovered, or None when it has nothing to say (not a comparison of numbers). Cached."""
        key = id(node)
        if key not in self._judged:
            self._judged[key] = (node, self._judge(node))
        return self._judged[key][1]

    def _judge(self, node: ir.Node) -> Judgement:
        if isinstance(node, ir.Arith) and node.op == "/":
            divisor = self.piecewise(node.right)
            return None if divisor is not None and not divisor.names else self._numeric(node.right)
        if not isinstance(node, ir.Compare):
            return None
        # The usual case first: an input against a number.
        for side, other in ((node.left, node.right), (node.right, node.left)):
            if isinstance(side, ir.InputRef) and isinstance(other, ir.Const):
                if self.specs[side.name].kind != "number":
                    return None
                if isinstance(other.value, float) and math.isfinite(other.value):
                    return side.name, frozenset((other.value,))
        numeric = self._numeric(node)
        if not numeric:
            return None  # choices and yes/no: every value is tried
        left, right = self.piecewise(node.left), self.piecewise(node.right)
        if left is None or right is None or len(left.names | right.names) != 1:
            return numeric
        (name,) = left.names | right.names
        if not all(a == 0 or b == 0 and _power_of_two(abs(a)) for a, b in left.pieces + right.pieces):
            # `x + 100 <= 100.5`: the evaluator's float sum rounds many values just past 0.5 onto
            # the threshold, so exact arithmetic proves nothing. Floats scale exactly only by a
            # power of two (`-x`, `2 * x`, `x / 4`).
            return numeric
        points = set(left.breaks | right.breaks)
        for (a1, b1), (a2, b2) in itertools.product(left.pieces, right.pieces):
            if a1 != a2:
                points.add((b2 - b1) / (a1 - a2))
        floats: set[float] = set()
        for point in points:
            try:
                x = float(point)
            except OverflowError:
                return numeric  # beyond a float: a point the evaluator cannot be given
            if Fraction(x) != point:
                return numeric  # a point the evaluator cannot be given
            if self._exact(node.left, point) == self._exact(node.right, point):
                if self.value(node.left, {name: x}) != self.value(node.right, {name: x}):
                    return numeric  # the evaluator's rounding misses the meeting point
            floats.add(x)
        return name, frozenset(floats)

    def _numeric(self, node: ir.Node) -> frozenset[str]:
        return frozenset(n for n in self.reads(node) if self.specs[n].kind == "number")

    def piecewise(self, node: ir.Node) -> _Piecewise | None:
        """`node` as linear pieces of one input, or None when it is not that."""
        if isinstance(node, ir.Const):
            if isinstance(node.value, float) and math.isfinite(node.value):
                return _constant(Fraction(node.value))
            return None
        if isinstance(node, ir.InputRef):
            if self.specs[node.name].kind != "number":
                return None
            return _Piecewise(frozenset((node.name,)), ((Fraction(1), Fraction(0)),), frozenset())
        if isinstance(node, ir.DefinitionRef):
            if node.name not in self._definitions:
                self._definitions[node.name] = self.piecewise(self.definitions[node.name])
            return self._definitions[node.name]
        if isinstance(node, ir.Negate):
            return _times(self.piecewise(node.operand), Fraction(-1))
        if isinstance(node, ir.Scale):
            return _times(self.piecewise(node.operand), Fraction(node.numerator, node.denominator))
        if isinstance(node, ir.Fallback):
            # A known first operand is the value; a linear one is known exactly when its input is.
            first = self.piecewise(node.operands[0])
            if first is None or not first.names:
                return first
            names = first.names | self._numeric(node)
            return _Piecewise(names, first.pieces, first.breaks)
        if isinstance(node, ir.Arith):
            return self._arith(node)
        if isinstance(node, ir.Call):
            parts = [self.piecewise(arg) for arg in node.args]
            if any(p is None for p in parts):
                return None
            known = [p for p in parts if p is not None]
            names = frozenset().union(*(p.names for p in known))
            if not names:
                pick = min if node.function == "min" else max
                return _constant(pick(p.pieces[0][1] for p in known))
            pieces = tuple(dict.fromkeys(piece for p in known for piece in p.pieces))
            breaks = set().union(*(p.breaks for p in known))
            for (a1, b1), (a2, b2) in itertools.combinations(pieces, 2):
                if a1 != a2:
                    breaks.add((b2 - b1) / (a1 - a2))
            return _Piecewise(names, pieces, frozenset(breaks)) if len(pieces) <= MAX_PIECES else None
        return None

    def _arith(self, node: ir.Arith) -> _Piecewise | None:
        left, right = self.piecewise(node.left), self.piecewise(node.right)
        if left is None or right is None:
            return None
        if node.op == "*":
            if not left.names:
                return _times(right, left.pieces[0][1])
            return _times(left, right.pieces[0][1]) if not right.names else None
        if node.op == "/":
            divisor = right.pieces[0][1]
            return _times(left, 1 / divisor) if not right.names and divisor != 0 else None
        sign = 1 if node.op == "+" else -1
        pieces = tuple(
            dict.fromkeys(
                (a1 + sign * a2, b1 + sign * b2) for (a1, b1), (a2, b2) in itertools.product(left.pieces, right.pieces)
            )
        )
        if len(pieces) > MAX_PIECES:
            return None
        return _Piecewise(left.names | right.names, pieces, left.breaks | right.breaks)

    def _exact(self, node: ir.Node, x: Fraction) -> Fraction:
        """The value of a node `piecewise` accepted, at x, in exact arithmetic."""
        if isinstance(node, ir.Const):
            return Fraction(node.value)
        if isinstance(node, ir.InputRef):
            return x
        if isinstance(node, ir.DefinitionRef):
            return self._exact(self.definitions[node.name], x)
        if isinstance(node, ir.Negate):
            return -self._exact(node.operand, x)
        if isinstance(node, ir.Scale):
            return self._exact(node.operand, x) * node.numerator / node.denominator
        if isinstance(node, ir.Fallback):
            return self._exact(node.operands[0], x)
        if isinstance(node, ir.Call):
            pick = min if node.function == "min" else max
            return pick(self._exact(arg, x) for arg in node.args)
        assert isinstance(node, ir.Arith)
        a, b = self._exact(node.left, x), self._exact(node.right, x)
        return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else a}[node.op]


def _constant(value: Fraction) -> _Piecewise:
    return _Piecewise(frozenset(), ((Fraction(0), value),), frozenset())


def _times(part: _Piecewise | None, factor: Fraction) -> _Piecewise | None:
    if part is None:
        return None
    return _Piecewise(part.names, tuple(dict.fromkeys((a * factor, b * factor) for a, b in part.pieces)), part.breaks)


def _power_of_two(a: Fraction) -> bool:
    """1, 2, 4, ... or 1/2, 1/4, ...: a factor a float multiplies by exactly."""
    n, d = a.numerator, a.denominator
    return n > 0 and (n == 1 or d == 1) and n & (n - 1) == 0 and d & (d - 1) == 0


Interval = tuple[float, float]  # closed, a little wider than the values where rounding may apply
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}
_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "=": "!=", "!=": "="}
_EVERYWHERE: Interval = (-math.inf, math.inf)
_ORDERS = {"<": {"<"}, "<=": {"<", "="}, ">": {">"}, ">=": {">", "="}, "=": {"="}, "!=": {"<", ">"}}


class Bounds:
    """A proof that no patient meets a conjunction of comparisons, by intervals: every numeric
    input starts at its range (its default included), `x < 50` and `x >= y` narrow them, and an
    empty interval, or a comparison whose two sides cannot meet it, is a contradiction. This
    settles what the partition cannot (two inputs compared: `count < 50` and `count >= limit`
    with `limit` in 100 to 200). Sound and incomplete: a side it cannot bound is anywhere
    (`_EVERYWHERE`), and rounding is allowed for by widening (`_widen`), so False means only
    "not proved"."""

    def __init__(self, program: Program) -> None:
        self.definitions = program.definition_table
        self.specs = program.input_table

    def refutes(self, parts: list[tuple[ir.Node, bool]]) -> bool:
        """Whether no patient makes every node come out as given (each known: true or false)."""
        bounds: dict[str, list[float]] = {}
        relations: list[tuple[str, ir.Node, ir.Node]] = []
        for node, expected in parts:
            node = self._opened(node)
            if not isinstance(node, ir.Compare) or node.op in ("=", "!=") and not expected:
                continue
            op = node.op if expected else _NEGATED[node.op]
            relations.append((op, node.left, node.right))
        if self._orders_conflict(relations):
            return True
        for _ in range(4):  # a few rounds of narrowing: chains of inputs settle quickly
            narrowed = False
            for op, left, right in relations:
                a, b = self.interval(left, bounds), self.interval(right, bounds)
                if not _possible(op, a, b):
                    return True
                for side, other, relation in ((left, b, op), (right, a, _FLIPPED[op])):
                    side = self._opened(side)
                    if isinstance(side, ir.InputRef) and self.specs[side.name].kind == "number":
                        narrowed |= self._narrow(bounds, side.name, relation, other)
                        current = bounds[side.name]
                        if current[0] > current[1]:
                            return True
            if not narrowed:
                break
        return self._scaled_conflict(relations, bounds)

    def _opened(self, node: ir.Node) -> ir.Node:
        while isinstance(node, ir.DefinitionRef):
            node = self.definitions[node.name]
        return node

    def _scaled(self, node: ir.Node) -> tuple[Fraction, ir.Node, int]:
        """`node` as an exact factor times a node, and how many float operations that may round
        the evaluator makes on the way (any product but by 1 or -1 may, if only by overflowing or
        reaching the subnormal numbers): `1.5 * y` is (3/2, y, 1), `-y` is (-1, y, 0)."""
        node = self._opened(node)
        if isinstance(node, ir.Negate):
            factor, inner, inexact = self._scaled(node.operand)
            return -factor, inner, inexact
        if isinstance(node, ir.Scale):
            factor, inner, inexact = self._scaled(node.operand)
            scale = Fraction(node.numerator, node.denominator)  # worked out as x * n / d
            return factor * scale, inner, inexact + (abs(node.numerator) != 1) + (abs(node.denominator) != 1)
        if isinstance(node, ir.Arith) and node.op == "*":
            for constant, other in ((node.left, node.right), (node.right, node.left)):
                constant = self._opened(constant)
                if isinstance(constant, ir.Const) and isinstance(constant.value, float):  # not a bool
                    if math.isfinite(constant.value) and constant.value:
                        factor, inner, inexact = self._scaled(other)
                        value = Fraction(constant.value)
                        return factor * value, inner, inexact + (abs(value) != 1)
        return Fraction(1), node, 0

    def _scaled_conflict(self, relations: list[tuple[str, ir.Node, ir.Node]], bounds: dict[str, list[float]]) -> bool:
        """Two comparisons that hold one side between two multiples of the same other side, one
        of them strictly, when no value of that side leaves room between them: `x >= 2 * y` and
        `x < 1.5 * y` with `y >= 0` (2y <= x < 1.5y asks y < 0). Each multiple is worked out by
        the evaluator with at most one rounding, and rounding is monotone: `a >= b` exactly makes
        the rounded `a` at least the rounded `b`, so x cannot lie below one and not below the
        other."""
        below: dict[tuple[ir.Node, ir.Node], list[tuple[Fraction, bool]]] = {}  # x >= s * y: (s, strict)
        above: dict[tuple[ir.Node, ir.Node], list[tuple[Fraction, bool]]] = {}  # x <= s * y
        for op, left, right in relations:
            for x, relation, other in ((left, op, right), (right, _FLIPPED[op], left)):
                x = self._opened(x)
                factor, y, inexact = self._scaled(other)
                if isinstance(x, ir.Const) or isinstance(y, ir.Const) or x == y or inexact > 1:
                    continue
                strict = relation in ("<", ">")
                if relation in (">", ">=", "="):
                    below.setdefault((x, y), []).append((factor, strict))
                if relation in ("<", "<=", "="):
                    above.setdefault((x, y), []).append((factor, strict))
        for key, lows in below.items():
            highs = above.get(key, [])
            if not highs:
                continue
            y_low, y_high = self.interval(key[1], bounds)
            for low, low_strict in lows:
                for high, high_strict in highs:
                    if (low_strict or high_strict) and _no_room(low, high, y_low, y_high):
                        return True
        return False

    def _orders_conflict(self, relations: list[tuple[str, ir.Node, ir.Node]]) -> bool:
        """Two comparisons of the same two sides that no order of them meets (`x < y` and
        `x >= y`): each allows some of below, equal, above, and nothing is left."""
        allowed: dict[tuple[ir.Node, ir.Node], set[str]] = {}
        for op, left, right in relations:
            a, b = self._opened(left), self._opened(right)
            if isinstance(a, ir.Const) and isinstance(b, ir.Const):
                continue
            key, orders = (a, b), _ORDERS[op]
            if (b, a) in allowed:
                key, orders = (b, a), _ORDERS[_FLIPPED[op]]
            found = allowed.setdefault(key, {"<", "=", ">"})
            found &= orders
            if not found:
                return True
        return False

    def _start(self, name: str) -> list[float]:
        spec = self.specs[name]
        low = -math.inf if spec.low is None else spec.low
        high = math.inf if spec.high is None else spec.high
        if isinstance(spec.default, float) and not isinstance(spec.default, bool):
            low, high = min(low, spec.default), max(high, spec.default)
        return [low, high]

    def _narrow(self, bounds: dict[str, list[float]], name: str, op: str, other: Interval) -> bool:
        current = bounds.setdefault(name, self._start(name))
        before = tuple(current)
        if op in ("<", "<="):
            current[1] = min(current[1], other[1])
        elif op in (">", ">="):
            current[0] = max(current[0], other[0])
        elif op == "=":
            current[0], current[1] = max(current[0], other[0]), min(current[1], other[1])
        return tuple(current) != before

    def interval(self, node: ir.Node, bounds: dict[str, list[float]]) -> Interval:
        """Every value the node can take (when known), or a wider interval."""
        node = self._opened(node)
        if isinstance(node, ir.Const):
            value = node.value
            return (value, value) if isinstance(value, float) and not isinstance(value, bool) else _EVERYWHERE
        if isinstance(node, ir.InputRef):
            if self.specs[node.name].kind != "number":
                return _EVERYWHERE
            found = bounds.get(node.name) or self._start(node.name)
            return (found[0], found[1])
        if isinstance(node, ir.Call) and node.function in ("min", "max"):
            parts = [self.interval(arg, bounds) for arg in node.args]
            pick = min if node.function == "min" else max
            return (pick(p[0] for p in parts), pick(p[1] for p in parts))
        if isinstance(node, ir.Fallback):
            parts = [self.interval(o, bounds) for o in node.operands]
            return (min(p[0] for p in parts), max(p[1] for p in parts))
        if isinstance(node, ir.Negate):
            low, high = self.interval(node.operand, bounds)
            return (-high, -low)
        if isinstance(node, ir.Scale):
            low, high = self.interval(node.operand, bounds)
            factor = node.numerator / node.denominator
            ends = sorted((low * factor, high * factor)) if factor else [0.0, 0.0]
            return _widen(ends[0], ends[1])
        if isinstance(node, ir.Arith) and node.op in ("+", "-"):
            a, b = self.interval(node.left, bounds), self.interval(node.right, bounds)
            low, high = (a[0] + b[0], a[1] + b[1]) if node.op == "+" else (a[0] - b[1], a[1] - b[0])
            return _widen(low, high)
        return _EVERYWHERE


def _no_room(low: Fraction, high: Fraction, y_low: float, y_high: float) -> bool:
    """Whether `low * y >= high * y` for every y in [y_low, y_high] (exactly)."""
    if math.isnan(y_low) or math.isnan(y_high) or y_low > y_high:
        return False
    return (y_high <= 0 or low >= high) and (y_low >= 0 or low <= high)


def _widen(low: float, high: float) -> Interval:
    """An interval wider by more than the evaluator's float rounding can move a value."""
    if math.isnan(low) or math.isnan(high):
        return _EVERYWHERE
    return (low - abs(low) * 1e-9 - 1e-300, high + abs(high) * 1e-9 + 1e-300)


def _possible(op: str, a: Interval, b: Interval) -> bool:
    """Whether some x in a and y in b satisfy `x op y`."""
    match op:
        case "<":
            return a[0] < b[1]
        case "<=":
            return a[0] <= b[1]
        case ">":
            return a[1] > b[0]
        case ">=":
            return a[1] >= b[0]
        case "=":
            return a[0] <= b[1] and b[0] <= a[1]
        case _:
            return not (a[0] == a[1] == b[0] == b[1])
