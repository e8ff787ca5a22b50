"""Finding a patient who satisfies a set of conditions: `Solver.solve(constraints)`.

A constraint asks a condition to come out true, false or unknown. The search tries, input by
input, a small set of values that matter: every choice value, yes and no, each numeric threshold
the guideline compares an input with (the threshold itself and a step either side), values that
make two compared quantities meet, the range ends, and "unknown". After each choice every
constraint is evaluated with the inputs not yet chosen marked *open*; Kleene logic is monotone, so
a constraint already decided stays decided whatever the open inputs become, and a contradiction
cuts the search there. The search is complete over those values and bounded by a budget; when
the budget runs out the answer is "undecided", never a guess.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterator
from dataclasses import dataclass

from dsl import ir
from dsl.model import Span
from dsl.semantics import Analysis, InputSpec


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


UNKNOWN = _Marker("UNKNOWN")  # the input is deliberately left unknown
OPEN = _Marker("OPEN")  # not chosen yet: any value, or unknown
COMPLETIONS = 64  # how many values of still-open inputs are tried when looking for meeting points

Value = float | bool | str | _Marker
Expected = bool | None  # None: the condition must come out unknown


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
    """The search budget ran out before a patient was found or ruled out."""


class Solver:
    def __init__(self, analysis: Analysis, budget: int = 20000) -> None:
        self.analysis = analysis
        self.specs = analysis.inputs
        self.budget = budget
        self.unknown_first: set[str] = set()
        self.thresholds = self._all_thresholds()
        self.static = {name: self._static_candidates(spec) for name, spec in self.specs.items()}
        self._reads: dict[int, list[str]] = {}
        self._compares: dict[int, list[ir.Compare]] = {}

    def reads(self, node: ir.Node) -> list[str]:
        """The inputs a node reads, through definitions, in order of appearance (cached)."""
        key = id(node)
        if key not in self._reads:
            self._reads[key] = _reads_in_order(node, self.analysis.definitions)
        return self._reads[key]

    def compares(self, node: ir.Node) -> list[ir.Compare]:
        key = id(node)
        if key not in self._compares:
            found = _walk(node, self.analysis.definitions)
            self._compares[key] = [n for n in found if isinstance(n, ir.Compare)]
        return self._compares[key]

    def can_be_unknown(self, node: ir.Node) -> bool:
        """False when every input the node reads has a default and it divides by nothing."""
        if any(isinstance(n, ir.Arith) and n.op == "/" for n in _walk(node, self.analysis.definitions)):
            return True
        return any(self.specs[name].default is None for name in self.reads(node))

    # ---- evaluation with open inputs ----
    def value(self, node: ir.Node, assignment: dict[str, Value]) -> Value:
        v = self.value
        if isinstance(node, ir.Const):
            return node.value
        if isinstance(node, ir.InputRef):
            chosen = assignment.get(node.name, OPEN)
            if chosen is UNKNOWN:
                default = self.specs[node.name].default
                return UNKNOWN if default is None else default
            return chosen
        if isinstance(node, ir.DefinitionRef):
            return v(self.analysis.definitions[node.name], assignment)
        if isinstance(node, ir.Logical):
            values = [v(o, assignment) for o in node.operands]
            decisive = node.op == "or"
            if decisive in values:
                return decisive
            if any(x is OPEN for x in values):
                return OPEN
            return UNKNOWN if any(x is UNKNOWN for x in values) else not decisive
        if isinstance(node, ir.Not):
            x = v(node.operand, assignment)
            return x if isinstance(x, _Marker) else not x
        if isinstance(node, ir.KnownTest):
            x = v(node.operand, assignment)
            return OPEN if x is OPEN else (x is not UNKNOWN) == node.known
        if isinstance(node, ir.Fallback):
            for operand in node.operands:
                x = v(operand, assignment)
                if x is not UNKNOWN:
                    return x
            return UNKNOWN
        operands = [v(child, assignment) for child in ir.children(node)]
        if any(x is OPEN for x in operands):
            return OPEN
        if any(x is UNKNOWN for x in operands):
            return UNKNOWN
        return _apply(node, operands)

    def could_be_unknown(self, node: ir.Node, assignment: dict[str, Value]) -> bool:
        """Whether some choice of the open inputs makes `node` unknown (an over-approximation,
        so a False answer is a proof)."""
        x = self.value(node, assignment)
        if x is not OPEN:
            return x is UNKNOWN
        if isinstance(node, ir.InputRef):
            return self.specs[node.name].default is None
        if isinstance(node, ir.DefinitionRef):
            return self.could_be_unknown(self.analysis.definitions[node.name], assignment)
        if isinstance(node, ir.KnownTest):
            return False
        if isinstance(node, ir.Fallback):
            return all(self.could_be_unknown(o, assignment) for o in node.operands)
        if isinstance(node, ir.Arith) and node.op == "/":
            return True
        return any(self.could_be_unknown(child, assignment) for child in ir.children(node))

    # ---- the search ----
    def solve(self, constraints: list[Constraint]) -> Solution | None:
        """A patient meeting every constraint, or None when none exists; `Undecided` if unsure."""
        if any(c.expected is None and not self.can_be_unknown(c.node) for c in constraints):
            return None
        # An input that must help make a condition unknown is best tried unknown first.
        self.unknown_first = {name for c in constraints if c.expected is None for name in self.reads(c.node)}
        self.spent = 0
        found = self._search(constraints, {})
        return None if found is None else Solution(found)

    def _search(self, constraints: list[Constraint], assignment: dict[str, Value]) -> dict[str, Value] | None:
        self.spent += 1
        if self.spent > self.budget:
            raise Undecided
        closest: list[str] | None = None
        for c in constraints:
            x = self.value(c.node, assignment)
            if x is OPEN:
                # Fail first: choose next an input of the undecided constraint nearest to decided.
                still_open = [n for n in self.reads(c.node) if n not in assignment]
                if closest is None or len(still_open) < len(closest):
                    closest = still_open
            elif not _matches(x, c.expected):
                return None
            if x is OPEN and c.expected is None and not self.could_be_unknown(c.node, assignment):
                return None
        if not closest:
            return dict(assignment)
        name = closest[0]
        for candidate in self.candidates(name, constraints, assignment):
            assignment[name] = candidate
            found = self._search(constraints, assignment)
            if found is not None:
                return found
            del assignment[name]
        return None

    def candidates(self, name: str, constraints: list[Constraint], assignment: dict[str, Value]) -> list[Value]:
        """Values worth trying for `name`, those the constraints at hand compare it with first."""
        spec = self.specs[name]
        values: list[Value] = []
        if spec.kind == "number":
            for threshold in self._direct_thresholds(name, constraints):
                values += [x for x in _around(threshold, spec) if x not in values]
        values += [x for x in self.static[name] if x not in values]
        if spec.kind == "number":
            for boundary in self._meeting_points(name, constraints, assignment):
                values += [x for x in _around(boundary, spec) if x not in values]
        if spec.default is None:
            if name in self.unknown_first:
                values.insert(0, UNKNOWN)
            else:
                values.append(UNKNOWN)
        return values

    def _direct_thresholds(self, name: str, constraints: list[Constraint]) -> list[float]:
        found: list[float] = []
        for c in constraints:
            for node in self.compares(c.node):
                for side, other in ((node.left, node.right), (node.right, node.left)):
                    if isinstance(side, ir.InputRef) and side.name == name and isinstance(other, ir.Const):
                        if isinstance(other.value, float) and other.value not in found:
                            found.append(other.value)
        return found

    def _static_candidates(self, spec: InputSpec) -> list[Value]:
        if spec.kind == "choice":
            return list(spec.choices)
        if spec.kind == "boolean":
            return [True, False]
        points: list[float] = []
        for threshold in sorted(self.thresholds.get(spec.name, ())):
            points += _around(threshold, spec)
        for end in (spec.low, spec.high, spec.default):
            if isinstance(end, float):
                points.append(end)
        if not points:
            points = [0.0, 1.0]
        return list(dict.fromkeys(points))

    def _all_thresholds(self) -> dict[str, set[float]]:
        """Every constant each input is compared with, anywhere in the guideline (one walk)."""
        found: dict[str, set[float]] = {}
        roots = list(self.analysis.definitions.values()) + list(self.analysis.conditions.values())
        for root in roots:
            for node in _walk(root):
                if isinstance(node, ir.Compare):
                    for side, other in ((node.left, node.right), (node.right, node.left)):
                        if isinstance(side, ir.InputRef) and isinstance(other, ir.Const):
                            if isinstance(other.value, float) and not isinstance(other.value, bool):
                                found.setdefault(side.name, set()).add(other.value)
        return found

    def _meeting_points(
        self, name: str, constraints: list[Constraint], assignment: dict[str, Value]
    ) -> Iterator[float]:
        """Values of `name` at which two compared quantities meet. Inputs on either side that are
        still open take each of their own candidate values in turn (a bounded number of them)."""
        spec = self.specs[name]
        for c in constraints:
            for node in self.compares(c.node):
                for side, other in ((node.left, node.right), (node.right, node.left)):
                    if name not in self.reads(side):
                        continue
                    partners = [n for n in self.reads(node) if n != name and n not in assignment]
                    for completion in self._completions(partners, assignment):
                        target = self.value(other, completion)
                        if isinstance(target, float) and not isinstance(target, bool):
                            root = self._root(side, name, target, completion, spec)
                            if root is not None:
                                yield root

    def _completions(self, partners: list[str], assignment: dict[str, Value]) -> Iterator[dict[str, Value]]:
        choices = [self.static[p] + ([UNKNOWN] if self.specs[p].default is None else []) for p in partners]
        for count, values in enumerate(itertools.product(*choices)):
            if count >= COMPLETIONS:
                return
            yield {**assignment, **dict(zip(partners, values, strict=True))}

    def _root(
        self, side: ir.Node, name: str, target: float, assignment: dict[str, Value], spec: InputSpec
    ) -> float | None:
        low = spec.low if spec.low is not None else 0.0
        high = spec.high if spec.high is not None else 1.0
        trial = dict(assignment)
        trial[name] = low
        a = self.value(side, trial)
        trial[name] = high
        b = self.value(side, trial)
        if not (isinstance(a, float) and isinstance(b, float)) or a == b:
            return None
        root = low + (target - a) * (high - low) / (b - a)
        return root if math.isfinite(root) else None


def _matches(value: Value, expected: Expected) -> bool:
    if expected is None:
        return value is UNKNOWN
    return value is expected


def _around(threshold: float, spec: InputSpec) -> list[float]:
    """The threshold and a readable step either side, kept inside the input's range."""
    width = (spec.high - spec.low) if spec.low is not None and spec.high is not None else abs(threshold) or 1.0
    step = 1.0 if width >= 100 else 0.1 if width >= 1 else 0.01
    points = [threshold, threshold - step, threshold + step]
    if spec.low is not None and spec.high is not None:
        points = [p for p in points if spec.low <= p <= spec.high]
    return [round(p, 10) for p in points]


_OPERATORS = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq, "!=": operator.ne,
    "+": operator.add, "-": operator.sub, "*": operator.mul,
}  # fmt: skip


def _apply(node: ir.Node, operands: list[Value]) -> Value:
    """A strict operation on known operands (the runtime's semantics, division by zero unknown)."""
    if isinstance(node, (ir.Compare, ir.Arith)):
        a, b = operands
        if node.op == "/":
            return UNKNOWN if b == 0 else a / b  # type: ignore[operator]
        return _OPERATORS[node.op](a, b)  # type: ignore[no-any-return]
    if isinstance(node, ir.Negate):
        return -operands[0]  # type: ignore[operator]
    if isinstance(node, ir.Call):
        return (min if node.function == "min" else max)(operands)  # type: ignore[type-var]
    assert isinstance(node, ir.Scale)
    return operands[0] * node.numerator / node.denominator  # type: ignore[operator]


def _walk(node: ir.Node, definitions: dict[str, ir.Node] | None = None) -> Iterator[ir.Node]:
    yield node
    if definitions is not None and isinstance(node, ir.DefinitionRef):
        yield from _walk(definitions[node.name], definitions)
    for child in ir.children(node):
        yield from _walk(child, definitions)


def _reads_in_order(node: ir.Node, definitions: dict[str, ir.Node]) -> list[str]:
    return list(dict.fromkeys(n.name for n in _walk(node, definitions) if isinstance(n, ir.InputRef)))
