"""`_Regions`: the solver's search for one numeric input compared only with constants, done on
bit masks of regions instead of value by value."""

from __future__ import annotations

import functools
import math
import operator
from bisect import bisect_left
from typing import TYPE_CHECKING

from dsl import ir
from dsl.verify.values import UNKNOWN, Constraint, Solution, Value, _around, _fold_key, _in_range, _matches, _region

if TYPE_CHECKING:
    from dsl.verify.solver import Solver


class _Unsettled:
    """What `_Regions.solve` answers when the question is not one it settles: the search does."""


UNSETTLED = _Unsettled()
Masks = tuple[int, int]  # (true, false): bit r set where the node is true (false) in region r


class _Regions:
    """The search for one numeric input compared only with constants (`x < 5`, through `and`,
    `or`, `not`, definitions and `x is known`), without trying values one by one.

    The program's constants for x, and its range ends, cut the line into regions (a point, or the
    gap between two: `_region`); in each, every such condition keeps its value, and one more
    region stands for x unknown. Each condition becomes two bit masks, the regions where it is
    true and where it is false (Kleene logic on masks: `and` is true where all are, false where
    one is), worked out once per node and shared by every route that asks for it, so a ladder of
    n decisions on x costs n masks, not n searches of n values. The witness is the search's own:
    the first of its candidates (`Solver.candidates`, same order) whose region the masks allow,
    checked by evaluating the constraints; no region allowed is a proof that nobody qualifies.
    Anything else (two inputs, arithmetic, choices) is left to the search (`UNSETTLED`)."""

    def __init__(self, solver: Solver) -> None:
        self.solver = solver
        self.cuts: dict[str, list[float]] = {}
        self.ranges: dict[str, int] = {}
        self.arounds: dict[tuple[str, float], list[tuple[float, int]]] = {}
        self.masks: dict[tuple[str, object], Masks | None] = {}
        self.keep: list[ir.Node] = []  # nodes whose id keys `masks`, kept alive

    def solve(self, constraints: list[Constraint]) -> Solution | None | _Unsettled:
        solver = self.solver
        names = {n for c in constraints for n in solver.reads(c.node)}
        if len(names) != 1 or any(not (c.expected is None or isinstance(c.expected, bool)) for c in constraints):
            return UNSETTLED
        (name,) = names
        spec = solver.specs[name]
        if spec.kind != "number" or name in solver.uncovered:
            return UNSETTLED
        cuts = self.cuts_of(name)
        count = 2 * len(cuts) + 1
        unknown = count if spec.default is None else None  # the region of x unknown
        everything = self.in_range(name, cuts) | (1 << unknown if unknown is not None else 0)
        allowed = everything
        for c in constraints:
            masks = self.masks_of(c.node, name, cuts, unknown)
            if masks is None:
                return UNSETTLED
            true, false = masks
            allowed &= true if c.expected is True else false if c.expected is False else everything & ~(true | false)
            if not allowed:
                return None  # no region, so no value and not unknown either: proved
        quick = self.first_direct(name, constraints, allowed, cuts, unknown)
        if quick is not None:
            assignment = {name: quick}
            if all(_matches(solver.value(c.node, assignment), c.expected) for c in constraints):
                return Solution(assignment)
            return UNSETTLED  # the masks and the evaluator disagree: let the search decide
        for candidate in solver.candidates(name, constraints, {}):
            region = unknown if candidate is UNKNOWN else _region(cuts, candidate)  # type: ignore[arg-type]
            if region is None or not allowed >> region & 1:
                continue
            assignment = {name: candidate}
            if all(_matches(solver.value(c.node, assignment), c.expected) for c in constraints):
                return Solution(assignment)
            return UNSETTLED  # the masks and the evaluator disagree: let the search decide
        return UNSETTLED

    def first_direct(
        self, name: str, constraints: list[Constraint], allowed: int, cuts: list[float], unknown: int | None
    ) -> Value | None:
        """The search's first candidate, when it is unknown or a value around a threshold the
        constraints compare x with (`Solver.candidates` tries these first, in this order): found
        by region, without generating the candidates one by one. Values in one region of the
        constraints' own cuts agree on every constraint, so skipping those the search would skip
        changes nothing. None: the first candidate is further down the search's list."""
        solver = self.solver
        spec = solver.specs[name]
        if spec.default is None and name in solver.unknown_first and unknown is not None:
            if allowed >> unknown & 1:
                return UNKNOWN
        for threshold in solver.direct_thresholds(name, constraints):
            for value, region in self.around(name, threshold, cuts):
                if allowed >> region & 1:
                    return value
        return None

    def around(self, name: str, threshold: float, cuts: list[float]) -> list[tuple[float, int]]:
        """The values the search tries around a threshold, in range, with their regions (cached)."""
        key = (name, threshold)
        if key not in self.arounds:
            spec = self.solver.specs[name]
            self.arounds[key] = [(x, _region(cuts, x)) for x in _around(threshold, spec) if _in_range(x, spec)]
        return self.arounds[key]

    def cuts_of(self, name: str) -> list[float]:
        """Every constant the program compares x with directly, and its range ends, sorted."""
        if name not in self.cuts:
            spec = self.solver.specs[name]
            points = set(self.solver.thresholds.get(name, ())) | {e for e in (spec.low, spec.high) if e is not None}
            self.cuts[name] = sorted(points)
        return self.cuts[name]

    def in_range(self, name: str, cuts: list[float]) -> int:
        """The regions inside the input's range (cached: the cuts of an input never change)."""
        if name not in self.ranges:
            self.ranges[name] = self._in_range(name, cuts)
        return self.ranges[name]

    def _in_range(self, name: str, cuts: list[float]) -> int:
        spec = self.solver.specs[name]
        bits = 0
        for region in range(2 * len(cuts) + 1):
            i = region // 2
            if region % 2:  # the point cuts[i]
                inside = _in_range(cuts[i], spec)
            else:  # the gap below cuts[i] (above the last one for i == len(cuts))
                below = cuts[i] if i < len(cuts) else math.inf
                above = cuts[i - 1] if i > 0 else -math.inf
                inside = (spec.low is None or below > spec.low) and (spec.high is None or above < spec.high)
            bits |= inside << region
        return bits

    def masks_of(self, root: ir.Node, name: str, cuts: list[float], unknown: int | None) -> Masks | None:
        """The (true, false) masks of a condition on x alone, or None when it is not of that kind."""
        key: tuple[str, object] = (name, _fold_key(root))
        if key in self.masks:
            return self.masks[key]
        found = self._masks(root, name, cuts, unknown)
        self.masks[key] = found
        self.keep.append(root)
        return found

    def _masks(self, node: ir.Node, name: str, cuts: list[float], unknown: int | None) -> Masks | None:
        count = 2 * len(cuts) + 1
        values = (1 << count) - 1
        if isinstance(node, ir.Const):
            if node.value is True:
                return values | _bit(unknown), 0
            if node.value is False:
                return 0, values | _bit(unknown)
            return None
        if isinstance(node, ir.DefinitionRef):
            return self.masks_of(self.solver.definitions[node.name], name, cuts, unknown)
        if isinstance(node, ir.Not):
            inner = self.masks_of(node.operand, name, cuts, unknown)
            return None if inner is None else (inner[1], inner[0])
        if isinstance(node, ir.Logical):
            parts = [self.masks_of(o, name, cuts, unknown) for o in node.operands]
            if any(p is None for p in parts):
                return None
            trues = [p[0] for p in parts if p is not None]
            falses = [p[1] for p in parts if p is not None]
            if node.op == "and":
                return functools.reduce(operator.and_, trues), functools.reduce(operator.or_, falses)
            return functools.reduce(operator.or_, trues), functools.reduce(operator.and_, falses)
        if isinstance(node, ir.KnownTest) and isinstance(node.operand, ir.InputRef):
            is_unknown = _bit(unknown)
            known = values
            return (known, is_unknown) if node.known else (is_unknown, known)
        if isinstance(node, ir.Compare):
            for side, other, op in ((node.left, node.right, node.op), (node.right, node.left, _MIRROR[node.op])):
                if isinstance(side, ir.InputRef) and isinstance(other, ir.Const):
                    if not isinstance(other.value, float) or isinstance(other.value, bool):
                        return None
                    i = bisect_left(cuts, other.value)
                    if i >= len(cuts) or cuts[i] != other.value:
                        return None
                    point = 2 * i + 1
                    below, at, above = (1 << point) - 1, 1 << point, values & ~((1 << (point + 1)) - 1)
                    true = {
                        "<": below, "<=": below | at, ">": above, ">=": above | at, "=": at, "!=": below | above,
                    }[op]  # fmt: skip
                    return true, values & ~true
            return None
        return None


def _bit(index: int | None) -> int:
    return 0 if index is None else 1 << index


_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}
