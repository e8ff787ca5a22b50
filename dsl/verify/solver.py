"""Finding a patient who satisfies a set of conditions: `Solver.solve(constraints)`.

A constraint asks a condition to come out true, false or unknown (or, for a check's first line,
anything but undefined: a division by zero stops an evaluation). The search tries, input by
input, values that matter: every choice value, yes and no, each numeric threshold the guideline
compares an input with (the threshold itself and a step either side), values that make two
compared quantities meet, the range ends, and "unknown". After each choice every constraint is
evaluated with the inputs not yet chosen marked *open*; Kleene logic is monotone, so a constraint
already decided stays decided whatever the open inputs become, and a contradiction cuts the search
there.

"No patient" is an answer only when it is proved. A numeric input that the conditions compare only
with constants, itself, scaled by a power of two, or through `min`, `max` and `or else` (one input
per comparison), has finitely many points where a comparison can change (`_Partition`): between two
of them every condition keeps its value, so one value per point and one per gap between them cover
every patient, and an exhausted search over them is a proof. Where an input meets another input
(`x > y`), is added to or scaled by other than a power of two (the evaluator's float arithmetic
rounds near a threshold, so exact arithmetic proves nothing), is divided by, or is compared at a
point that is not a number the evaluator can be given, the values tried are a good guess, not a
cover: a search that finds nobody is *undecided* (unless
the conditions over covered inputs alone already contradict each other), and so is one whose
budget runs out.

The values and the language's operations on them are in `dsl.verify.values` (through `dsl.logic`),
the partition in `dsl.verify.partition`; `dsl.verify.regions` answers the common case of one
numeric input compared only with constants on bit masks of regions, before any search.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, assert_never

from dsl import ir, logic
from dsl.program import Input, Program
from dsl.verify.partition import Bounds, Cover, _Partition
from dsl.verify.regions import _Regions, _Unsettled
from dsl.verify.values import (
    OPEN,
    UNDEFINED,
    UNKNOWN,
    Constraint,
    Expected,
    Solution,
    Undecided,
    Value,
    _apply,
    _around,
    _fold_key,
    _in_range,
    _is_marker,
    _matches,
    _reads_in_order,
    _region,
    _undecided,
    _walk,
)

__all__ = ["OPEN", "UNDEFINED", "UNKNOWN", "Constraint", "Expected", "Solution", "Solver", "Undecided", "Value"]


QUICK_SEARCH = 300  # search steps tried before the proof by cases (`Solver._proving`)
REFUTING = 300  # search steps of a proof that part of a question has no patient (`Solver._refutes`)
UNKNOWN_CASES = 3  # an unknown `and`/`or` of at most this many operands is split exactly
CASE_DEPTH = 2  # nesting of the case splits of `Solver._cases_refute`
COMPLETIONS = 64  # how many values of still-open inputs are tried when looking for meeting points
GUESSES = 2000  # search steps for a second try with more values of inputs not covered
_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_OTHER = {"max": "min", "min": "max"}
MAGNITUDES = (1.0, 10.0, 0.1, 100.0, 0.01, 1000.0, 0.001, 1e4, 1e5, 1e6)  # guesses where nothing else fits


class Solver:
    def __init__(self, program: Program, budget: int = 20000, prove: bool = False) -> None:
        self.program = program
        self.prove = prove  # try the further proofs of `_proving` (the diff's regions need them)
        self.definitions = program.definition_table
        self.specs = program.input_table
        self.budget = budget
        self.deadline: float | None = None  # a `time.perf_counter()` value: past it a search is undecided
        self.unknown_first: set[str] = set()
        self.uncovered: frozenset[str] = frozenset()  # numeric inputs of the current search not covered
        self.known: frozenset[str] = frozenset()  # inputs every solution of the current search has known
        self.spent, self.limit, self.guessing = 0, budget, False
        self.branched = False  # whether the current search chose a value of an input not covered
        self.thresholds = self._all_thresholds()
        self.static = {name: self._static_candidates(spec) for name, spec in self.specs.items()}
        # Caches keyed by id(node) hold the node too, so that an id is never reused while cached.
        self._reads: dict[int, tuple[ir.Node, list[str]]] = {}
        self._compares: dict[int, tuple[ir.Node, list[ir.Compare]]] = {}
        self._cover: dict[int, tuple[ir.Node, Cover]] = {}
        self._must_know: dict[tuple[int, bool], tuple[ir.Node, frozenset[str]]] = {}
        self._sizes: dict[object, object] = {}
        self._divides: dict[object, object] = {}
        self._keep: list[ir.Node] = []  # nodes whose id keys the two above: kept alive while cached
        self._orders: dict[int, tuple[ir.Node, list[ir.Node]]] = {}
        self._needed_memo: dict[tuple[str, bool], frozenset[str]] = {}  # per definition
        self._thresholds_of: dict[int, tuple[ir.Node, dict[str, tuple[float, ...]]]] = {}
        self._strict_memo: dict[str, frozenset[str]] = {}
        self._unknowable: dict[int, tuple[ir.Node, bool]] = {}
        self._split: dict[tuple[int, bool], tuple[ir.Node, list[ir.Node]]] = {}
        self._cuts: dict[str, list[float]] = {}  # for the current search
        self._representatives: dict[str, list[float]] = {}  # for the current search
        self.partition = _Partition(program, self.value, self.reads)
        self.bounds = Bounds(program)
        self.regions = _Regions(self)

    def reads(self, node: ir.Node) -> list[str]:
        """The inputs a node reads, through definitions, in order of appearance (cached)."""
        key = id(node)
        if key not in self._reads:
            self._reads[key] = (node, _reads_in_order(node, self.definitions))
        return self._reads[key][1]

    def compares(self, node: ir.Node) -> list[ir.Compare]:
        key = id(node)
        if key not in self._compares:
            found = _walk(node, self.definitions)
            self._compares[key] = (node, [n for n in found if isinstance(n, ir.Compare)])
        return self._compares[key][1]

    def cover(self, node: ir.Node) -> Cover:
        """The points where the node's comparisons can change, by input, and the numeric inputs
        they do not cover (cached)."""
        key = id(node)
        if key not in self._cover:
            points: dict[str, set[float]] = {}
            uncovered: set[str] = set()
            for part in _walk(node, self.definitions):
                found = self.partition.judge(part)
                if found is None:
                    continue
                if isinstance(found, frozenset):
                    uncovered |= found
                else:
                    points.setdefault(found[0], set()).update(found[1])
            frozen = {name: frozenset(p) for name, p in points.items() if name not in uncovered}
            self._cover[key] = (node, Cover(frozen, frozenset(uncovered)))
        return self._cover[key][1]

    def cuts(self, name: str, constraints: list[Constraint]) -> list[float]:
        """The points of a covered input in the constraints at hand, sorted: between two of them,
        and at each, every constraint keeps its value."""
        if name not in self._cuts:
            found: set[float] = set()
            for c in constraints:
                found |= self.cover(c.node).points.get(name, frozenset())
            self._cuts[name] = sorted(found)
        return self._cuts[name]

    def representatives(self, name: str, constraints: list[Constraint]) -> list[float]:
        """One value in every region of the input's range: each point, a value in each gap."""
        if name not in self._representatives:
            spec = self.specs[name]
            ends = [end for end in (spec.low, spec.high) if end is not None]
            marks = sorted({x for x in self.cuts(name, constraints) if _in_range(x, spec)} | set(ends))
            values = list(marks)
            values += [x for a, b in itertools.pairwise(marks) if (x := _inside(a, b)) is not None]
            if spec.low is None:
                values.append(_beyond(marks[0], -1) if marks else 0.0)
            if spec.high is None:
                values.append(_beyond(marks[-1], 1) if marks else 1.0)
            self._representatives[name] = [x for x in values if _in_range(x, spec)]
        return self._representatives[name]

    def can_be_unknown(self, node: ir.Node) -> bool:
        """False when every input the node reads has a default and it divides by nothing (cached)."""
        key = id(node)
        if key not in self._unknowable:
            found = self.divides(node) or any(self.specs[name].default is None for name in self.reads(node))
            self._unknowable[key] = (node, found)
        return self._unknowable[key][1]

    # ---- evaluation with open inputs ----
    def size(self, node: ir.Node) -> int:
        """How many nodes working out `node` visits at most, a definition counted where it is
        named (cached per node and per definition: linear in the program)."""
        return int(self._fold(node, self._sizes, lambda n, parts: 1 + sum(parts), 0))

    def divides(self, node: ir.Node) -> bool:
        """Whether working out `node` may divide (by anything: a zero divisor stops an evaluation)."""
        return bool(
            self._fold(node, self._divides, lambda n, parts: (isinstance(n, ir.Arith) and n.op == "/") or any(parts), 0)
        )

    def _fold(
        self, root: ir.Node, memo: dict[object, object], combine: Callable[[ir.Node, list[Any]], Any], leaf: Any
    ) -> Any:
        """`combine` over the tree under `root`, a definition's result worked out once (an explicit
        stack: chains thousands deep need no deep recursion)."""
        stack: list[tuple[ir.Node, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            key: object = ("definition", node.name) if isinstance(node, ir.DefinitionRef) else id(node)
            if key in memo:
                continue
            if isinstance(node, ir.DefinitionRef):
                target = self.definitions[node.name]
                if id(target) in memo:
                    memo[key] = memo[id(target)]
                else:
                    stack += [(node, False), (target, False)]
                continue
            children = ir.children(node)
            if expanded or not children:
                memo[key] = combine(node, [memo[_fold_key(c)] for c in children])
                self._keep.append(node)
            else:
                stack.append((node, True))
                stack += [(c, False) for c in children if _fold_key(c) not in memo]
        return memo[_fold_key(root)]

    def by_cost(self, node: ir.Logical) -> list[ir.Node]:
        key = id(node)
        if key not in self._orders:
            self._orders[key] = (node, sorted(node.operands, key=self.size))
        return self._orders[key][1]

    def value(self, node: ir.Node, assignment: dict[str, Value], memo: dict[str, Value] | None = None) -> Value:
        """The node's value under `assignment` (OPEN for what open inputs still decide). `memo`
        holds each definition's value under this assignment, so that definitions built on each
        other are worked out once each, not once per use."""
        if memo is None:
            memo = {}
        v = self.value
        match node:
            case ir.Const():
                return node.value
            case ir.InputRef():
                chosen = assignment.get(node.name, OPEN)
                if chosen is UNKNOWN:
                    default = self.specs[node.name].default
                    return UNKNOWN if default is None else default
                return chosen
            case ir.DefinitionRef():
                if node.name not in memo:
                    memo[node.name] = v(self.definitions[node.name], assignment, memo)
                return memo[node.name]
            case ir.Logical():
                if not self.divides(node):
                    # One operand decides: the cheapest are tried first (`define d5 as d4 or x < 6`
                    # is decided by `x < 6` for most values, without working out d4 again).
                    cheapest_first = (v(operand, assignment, memo) for operand in self.by_cost(node))
                    return logic.logical(node.op, cheapest_first, _undecided)  # type: ignore[no-any-return]
                # The evaluator works out every operand, and a division by zero stops it: an
                # operand still open may divide by zero yet, so nothing is decided before it is.
                values = [v(o, assignment, memo) for o in node.operands]
                if any(x is UNDEFINED for x in values):
                    return UNDEFINED
                if any(x is OPEN and self.divides(o) for x, o in zip(values, node.operands, strict=True)):
                    return OPEN
                return logic.logical(node.op, values, _undecided)  # type: ignore[no-any-return]
            case ir.Not():
                return logic.negation(v(node.operand, assignment, memo))  # type: ignore[no-any-return]
            case ir.KnownTest():
                x = v(node.operand, assignment, memo)
                return x if x is OPEN or x is UNDEFINED else logic.known_test(x is UNKNOWN, node.known)
            case ir.Fallback():
                if self.divides(node):  # every operand is worked out, as the evaluator does
                    values = [v(o, assignment, memo) for o in node.operands]
                    if any(x is UNDEFINED for x in values):
                        return UNDEFINED
                    if any(x is OPEN and self.divides(o) for x, o in zip(values, node.operands, strict=True)):
                        return OPEN
                    lazily = iter(values)
                else:
                    lazily = (v(o, assignment, memo) for o in node.operands)
                return logic.fallback(lazily, lambda x: x is UNKNOWN, lambda _: UNKNOWN)  # type: ignore[no-any-return]
            case ir.Compare() | ir.Arith() | ir.Negate() | ir.Call() | ir.Scale():
                operands = [v(child, assignment, memo) for child in ir.children(node)]
                return logic.strict(  # type: ignore[no-any-return]
                    operands, _is_marker, _undecided, lambda: _apply(node, operands)
                )
            case _:
                assert_never(node)

    def could_be_unknown(
        self,
        node: ir.Node,
        assignment: dict[str, Value],
        values: dict[str, Value] | None = None,
        memo: dict[str, bool] | None = None,
    ) -> bool:
        """Whether some choice of the open inputs makes `node` unknown (an over-approximation,
        so a False answer is a proof). Each definition is judged once per call (`memo`), its
        value worked out once (`values`)."""
        values = {} if values is None else values
        memo = {} if memo is None else memo
        x = self.value(node, assignment, values)
        if x is not OPEN:
            return x is UNKNOWN
        if isinstance(node, ir.InputRef):
            return self.specs[node.name].default is None and node.name not in self.known
        if isinstance(node, ir.DefinitionRef):
            if node.name not in memo:
                memo[node.name] = self.could_be_unknown(self.definitions[node.name], assignment, values, memo)
            return memo[node.name]
        if isinstance(node, ir.KnownTest):
            return False
        if isinstance(node, ir.Arith) and node.op == "/":
            return True
        # Plain loops, not any()/all() over generators: a call through C per level would use the
        # C stack on chains of definitions thousands deep.
        every = isinstance(node, ir.Fallback)  # unknown only when every operand is
        for child in ir.children(node):
            if self.could_be_unknown(child, assignment, values, memo) != every:
                return not every
        return every

    def must_know(self, node: ir.Node, expected: bool) -> frozenset[str]:
        """Inputs that every patient making `node` come out `expected` has known (cached)."""
        key = (id(node), expected)
        if key not in self._must_know:
            self._must_know[key] = (node, self._needed(node, expected))
        return self._must_know[key][1]

    def _needed(self, node: ir.Node, expected: bool) -> frozenset[str]:
        if isinstance(node, ir.DefinitionRef):
            key = (node.name, expected)
            if key not in self._needed_memo:
                self._needed_memo[key] = self._needed(self.definitions[node.name], expected)
            return self._needed_memo[key]
        if isinstance(node, ir.Not):
            return self._needed(node.operand, not expected)
        if isinstance(node, ir.Logical):
            parts = [self._needed(o, expected) for o in node.operands]
            # `and` true and `or` false need every operand decided that way; otherwise one will do.
            every = (node.op == "and") == expected
            return frozenset().union(*parts) if every else frozenset.intersection(*parts)
        if isinstance(node, ir.KnownTest):
            return self._strict(node.operand) if expected == node.known else frozenset()
        if isinstance(node, (ir.Compare, ir.InputRef)):
            return self._strict(node)
        return frozenset()

    def _strict(self, node: ir.Node) -> frozenset[str]:
        """Inputs whose being unknown makes `node` unknown."""
        if isinstance(node, ir.InputRef):
            return frozenset((node.name,))
        if isinstance(node, ir.DefinitionRef):
            if node.name not in self._strict_memo:
                self._strict_memo[node.name] = self._strict(self.definitions[node.name])
            return self._strict_memo[node.name]
        if isinstance(node, ir.Fallback):
            return frozenset.intersection(*(self._strict(o) for o in node.operands))
        if isinstance(node, (ir.KnownTest, ir.Logical, ir.Not, ir.Const)):
            return frozenset()  # `false and unknown` is false: a logical operand alone forces nothing
        return frozenset().union(*(self._strict(child) for child in ir.children(node)))

    # ---- the search ----
    def solve(self, constraints: list[Constraint]) -> Solution | None:
        """A patient meeting every constraint, or None when none exists; `Undecided` if unsure."""
        if any(c.expected is None and not self.can_be_unknown(c.node) for c in constraints):
            return None
        # An input that must help make a condition unknown is best tried unknown first.
        self.unknown_first = {name for c in constraints if c.expected is None for name in self.reads(c.node)}
        self.uncovered = frozenset().union(*(self.cover(c.node).uncovered for c in constraints))
        self._cuts, self._representatives = {}, {}
        # Inputs the decided constraints need known cannot help another come out unknown.
        self.spent, self.limit, self.guessing = 0, self.budget, False
        quick = self.regions.solve(constraints)  # needs neither `known` nor a budget
        if not isinstance(quick, _Unsettled):
            return quick
        self.known = frozenset().union(
            *(self.must_know(c.node, c.expected) for c in constraints if isinstance(c.expected, bool))
        )
        if self.prove:
            return self._proving(constraints)
        found = self._search(constraints, {})
        if found is not None:
            return Solution(found)
        if not self.uncovered:
            return None  # every value that matters was tried: no patient, proved
        uncovered, unknown_first, known = self.uncovered, self.unknown_first, self.known
        # The conditions over covered inputs alone may contradict each other: then so do all of them.
        parts = [part for c in constraints for part in self.conjuncts(c)]
        exact = [part for part in parts if not uncovered.intersection(self.reads(part.node))]
        if exact and self.solve(exact) is None:
            return None
        return self._guess(constraints, uncovered, unknown_first, known)

    def _guess(
        self, constraints: list[Constraint], uncovered: frozenset[str], unknown_first: set[str], known: frozenset[str]
    ) -> Solution:
        """More values for the inputs not covered, within a smaller budget: a patient, or undecided."""
        self.uncovered, self.unknown_first, self.known = uncovered, unknown_first, known
        self._cuts, self._representatives = {}, {}
        self.spent, self.limit, self.guessing = 0, GUESSES, True
        found = self._search(constraints, {})
        if found is not None:
            return Solution(found)
        raise Undecided

    def _proving(self, constraints: list[Constraint]) -> Solution | None:
        """`solve` with more proofs that nobody qualifies (`prove`), each tried before a search
        over inputs not covered: the parts covered on their own (`x >= 50`, taken from
        `x >= max(50, y)`) contradict each other, or the intervals the parts leave the inputs do
        (`dsl.verify.partition.Bounds`), or an input must be both known and unknown; and a search
        that never had to choose a value of an input not covered is exhaustive."""
        uncovered, unknown_first, known = self.uncovered, self.unknown_first, self.known
        if uncovered:
            parts = [part for c in constraints for part in self.conjuncts(c)]
            exact = [part for part in parts if not self.cover(part.node).uncovered]
            if exact and self._refutes(exact):
                return None
            if self.bounds.refutes([(p.node, p.expected) for p in parts if isinstance(p.expected, bool)]):
                return None
            if self._known_and_unknown(parts):
                return None
            self.uncovered, self.unknown_first, self.known = uncovered, unknown_first, known
            self._cuts, self._representatives = {}, {}
            # A short search first: most constraints have a patient, found at once, and the
            # proof by cases costs more than that search.
            self.spent, self.limit, self.guessing, self.branched = 0, min(self.budget, QUICK_SEARCH), False, False
            try:
                found = self._search(constraints, {})
            except Undecided:
                found, cut_short = None, True
            else:
                cut_short = False
            if found is not None:
                return Solution(found)
            if not cut_short and not self.branched:
                return None  # every value that matters was tried: no patient, proved
            if self._cases_refute(parts, CASE_DEPTH):
                return None
            self.uncovered, self.unknown_first, self.known = uncovered, unknown_first, known
            self.spent, self.limit, self.guessing = 0, self.budget, False
        self.branched = False
        found = self._search(constraints, {})  # a budget run out is undecided
        if found is not None:
            return Solution(found)
        if not uncovered or not self.branched:
            return None  # every value that matters was tried: no patient, proved
        return self._guess(constraints, uncovered, unknown_first, known)

    def _cases_refute(self, parts: list[Constraint], depth: int) -> bool:
        """Whether no patient meets the parts, by cases: a part that needs one of several things
        (`a or b` true, `a and b` false, `x < max(a, b)`: `x < a` or `x < b`) is refuted when
        each of them is, with the other parts. A case is refuted at once by intervals (`Bounds`)
        or because a part asks the same condition to come out the other way; a part with one
        case left becomes that case (no nesting spent), and `depth` bounds the nesting of the
        other splits. Sound: True is a proof."""
        settled = True
        while settled:
            if self._refuted_at_once(parts):
                return True
            settled = False
            for i, part in enumerate(parts):
                ways = self._disjuncts(part)
                if not ways:
                    continue
                rest = parts[:i] + parts[i + 1 :]
                alive = [way for way in ways if not self._refuted_at_once(rest + self._opened_all(way))]
                if not alive:
                    return True
                if len(alive) == 1:
                    parts, settled = rest + self._opened_all(alive[0]), True
                    break
        if depth == 0:
            return False
        for i, part in enumerate(parts):
            ways = self._disjuncts(part)
            rest = parts[:i] + parts[i + 1 :]
            if ways and all(self._cases_refute(rest + self._opened_all(way), depth - 1) for way in ways):
                return True
        return False

    def _opened_all(self, way: list[Constraint]) -> list[Constraint]:
        return [part for c in way for part in self.conjuncts(c)]

    def _refuted_at_once(self, parts: list[Constraint]) -> bool:
        """Whether the parts contradict each other plainly: one condition asked two ways, one
        asked unknown that the others force known, or intervals (`Bounds`)."""
        seen: dict[ir.Node, Expected] = {}
        for p in parts:
            if seen.setdefault(p.node, p.expected) != p.expected:
                return True
        decided = [(p.node, p.expected) for p in parts if isinstance(p.expected, bool)]
        if any(p.expected is None for p in parts):
            known = self.known
            self.known = frozenset().union(*(self.must_know(node, expected) for node, expected in decided))
            try:
                if any(p.expected is None and not self.could_be_unknown(p.node, {}) for p in parts):
                    return True
            finally:
                self.known = known
        return self.bounds.refutes(decided)

    def _disjuncts(self, constraint: Constraint) -> list[list[Constraint]]:
        """The cases one of which a constraint needs, each a list of constraints (empty when it
        is not a choice of cases)."""
        node, expected = constraint.node, constraint.expected
        while isinstance(node, (ir.Not, ir.DefinitionRef)):
            if isinstance(node, ir.Not):
                node, expected = node.operand, None if expected is None else not expected
            else:
                node = self.definitions[node.name]

        def c(n: ir.Node, e: Expected) -> Constraint:
            return Constraint(n, e, constraint.label, constraint.span)

        if expected is None:
            # Unknown `a and b`: each operand true or unknown, not all true (`or`: false or unknown).
            if not isinstance(node, ir.Logical):
                return []
            if len(node.operands) > UNKNOWN_CASES:
                return [[c(o, None)] for o in node.operands]  # weaker, still implied
            neutral = node.op == "and"
            return [
                [c(o, None if unknown else neutral) for o, unknown in zip(node.operands, pick, strict=True)]
                for pick in itertools.product((False, True), repeat=len(node.operands))
                if any(pick)
            ]
        if isinstance(node, ir.Logical) and (node.op == "or") == expected:
            return [[c(o, expected)] for o in node.operands]
        if isinstance(node, ir.Compare):
            # A comparison with a `max` or `min` is known only when every argument is; then
            # `x < max(a, b)` holds exactly when `x < a` or `x < b` does (and so on).
            op = node.op if expected else _NEGATED.get(node.op, "")
            left, right = self._opened(node.left), self._opened(node.right)
            above = {"<": "max", "<=": "max", ">": "min", ">=": "min"}.get(op)
            if above is not None and isinstance(right, ir.Call) and right.function == above:
                return [[c(ir.Compare(op, node.left, a), True)] for a in right.args]  # type: ignore[arg-type]
            if above is not None and isinstance(left, ir.Call) and left.function == _OTHER[above]:
                return [[c(ir.Compare(op, a, node.right), True)] for a in left.args]  # type: ignore[arg-type]
        return []

    def _known_and_unknown(self, parts: list[Constraint]) -> bool:
        """Whether one part needs an input unknown (`x is unknown`) and another needs it known
        (`x < y` true or false): no patient."""
        unknown = set()
        for p in parts:
            node = p.node
            if isinstance(node, ir.KnownTest) and isinstance(node.operand, ir.InputRef) and p.expected is not None:
                if node.known != p.expected and self.specs[node.operand.name].default is None:
                    unknown.add(node.operand.name)
        return bool(unknown) and any(
            self.must_know(p.node, p.expected) & unknown for p in parts if isinstance(p.expected, bool)
        )

    def _refutes(self, constraints: list[Constraint]) -> bool:
        """Whether no patient meets these constraints, proved (False when unsure) within a short
        search (`REFUTING`): a part of a question, asked before the question's own search."""
        budget = self.budget
        self.budget = min(budget, REFUTING)
        try:
            return self.solve(constraints) is None
        except Undecided:
            return False
        finally:
            self.budget = budget

    def conjuncts(self, constraint: Constraint) -> list[Constraint]:
        """The parts a constraint needs each of (`a and b` true: both true; `a or b` false: both
        false; `x >= max(a, b)` true: `x >= a` and `x >= b` true), so that the parts over covered
        inputs can be judged without the others."""
        node, expected = constraint.node, constraint.expected
        if not isinstance(expected, bool):
            return [constraint]
        while isinstance(node, (ir.Not, ir.DefinitionRef)):
            if isinstance(node, ir.Not):
                node, expected = node.operand, not expected
            else:
                node = self.definitions[node.name]
        if isinstance(node, ir.Logical) and (node.op == "and") == expected:
            parts = [Constraint(o, expected, constraint.label, constraint.span) for o in node.operands]
            return [part for p in parts for part in self.conjuncts(p)]
        if isinstance(node, ir.Compare) and self.prove:
            split = self._bounds(node, expected)
            if split:
                return [Constraint(part, True, constraint.label, constraint.span) for part in split]
        return (
            [constraint] if node is constraint.node else [Constraint(node, expected, constraint.label, constraint.span)]
        )

    def _bounds(self, node: ir.Compare, expected: bool) -> list[ir.Node]:
        """`x >= max(a, b)` true (or `x < max(a, b)` false) as `x >= a` and `x >= b`, and the
        same for `min` below: a comparison is known only when every operand is, and then it
        holds of the maximum exactly when it holds of each argument. Empty when it does not
        split that way (cached, the nodes kept alive)."""
        key = (id(node), expected)
        if key not in self._split:
            op = node.op if expected else _NEGATED.get(node.op, "")
            parts: list[ir.Node] = []
            left, right = self._opened(node.left), self._opened(node.right)
            below = {">": "max", ">=": "max", "<": "min", "<=": "min"}.get(op)
            if below is not None and isinstance(right, ir.Call) and right.function == below:
                parts = [ir.Compare(op, node.left, arg) for arg in right.args]  # type: ignore[arg-type]
            elif below is not None and isinstance(left, ir.Call) and left.function == _OTHER[below]:
                parts = [ir.Compare(op, arg, node.right) for arg in left.args]  # type: ignore[arg-type]
            self._split[key] = (node, parts)
        return self._split[key][1]

    def _opened(self, node: ir.Node) -> ir.Node:
        while isinstance(node, ir.DefinitionRef):
            node = self.definitions[node.name]
        return node

    def _search(
        self, constraints: list[Constraint], assignment: dict[str, Value], pending: list[Constraint] | None = None
    ) -> dict[str, Value] | None:
        """A patient extending `assignment` who meets the constraints. `pending`: those still open
        under the assignment before the last choice (all, at first); the others were decided then
        and met, and stay so whatever the open inputs become (Kleene logic is monotone), so they
        are not worked out again."""
        self.spent += 1
        if self.spent > self.limit:
            raise Undecided
        if self.deadline is not None and not self.spent & 255 and time.perf_counter() > self.deadline:
            raise Undecided
        closest: list[str] | None = None
        memo: dict[str, Value] = {}  # the definitions' values under this assignment, shared
        still: list[Constraint] = []
        for c in constraints if pending is None else pending:
            x = self.value(c.node, assignment, memo)
            if x is OPEN:
                still.append(c)
                # Fail first: choose next an input of the undecided constraint nearest to decided.
                still_open = [n for n in self.reads(c.node) if n not in assignment]
                if closest is None or len(still_open) < len(closest):
                    closest = still_open
            elif not _matches(x, c.expected):
                return None
            if x is OPEN and c.expected is None and not self.could_be_unknown(c.node, assignment, memo):
                return None
        if not closest:
            return dict(assignment)
        name = closest[0]
        if name in self.uncovered:
            self.branched = True
        for candidate in self.candidates(name, constraints, assignment):
            assignment[name] = candidate
            found = self._search(constraints, assignment, still)
            if found is not None:
                return found
            del assignment[name]
        return None

    def candidates(self, name: str, constraints: list[Constraint], assignment: dict[str, Value]) -> Iterator[Value]:
        """Values worth trying for `name`, those the constraints at hand compare it with first
        (generated as the search asks for them: a search usually stops at the first few)."""
        spec = self.specs[name]
        unknown_first = spec.default is None and name in self.unknown_first
        if unknown_first:
            yield UNKNOWN
        if spec.kind == "number":
            yield from self._numbers(name, constraints, assignment, spec.default is None and not unknown_first)
            return
        yield from self.static[name]
        if spec.default is None and not unknown_first:
            yield UNKNOWN

    def _numbers(
        self, name: str, constraints: list[Constraint], assignment: dict[str, Value], unknown_later: bool
    ) -> Iterator[Value]:
        spec = self.specs[name]
        cuts = None if name in self.uncovered else self.cuts(name, constraints)
        tried: set[float] = set()
        regions: set[int] = set()

        def fresh(values: Iterable[float]) -> Iterator[float]:
            """Values not tried yet, inside the range; for a covered input one per region."""
            for x in values:
                if x in tried or not _in_range(x, spec):
                    continue
                tried.add(x)
                if cuts is not None:
                    region = _region(cuts, x)
                    if region in regions:
                        continue  # every condition has the same value here as at a value tried
                    regions.add(region)
                yield x

        direct = self.direct_thresholds(name, constraints)
        roots: list[float] = []

        def meeting() -> Iterator[float]:
            for root in self._meeting_points(name, constraints, assignment):
                roots.append(root)
                yield from _around(root, spec)

        # Readable values first, in the order that makes the witnesses reports show.
        yield from fresh(x for threshold in direct for x in _around(threshold, spec))
        yield from fresh(x for x in self.static[name] if isinstance(x, float))
        yield from fresh(meeting())
        if unknown_later:
            yield UNKNOWN
        if cuts is not None:
            yield from fresh(self.representatives(name, constraints))
            return
        if not self.guessing:
            return
        # Not covered: closer to each threshold and meeting point, inside each gap between the values
        # tried (scaled to the gap), plain magnitudes; none of it is a proof.
        yield from fresh(x for point in direct + roots for x in _around(point, spec, finer=True))
        ordered = sorted(tried | {end for end in (spec.low, spec.high) if end is not None})
        yield from fresh(x for a, b in itertools.pairwise(ordered) if (x := _inside(a, b)) is not None)
        yield from fresh(m for magnitude in MAGNITUDES for m in (magnitude, -magnitude))
        yield from fresh(self.representatives(name, constraints))

    def direct_thresholds(self, name: str, constraints: list[Constraint]) -> list[float]:
        """The constants the constraints compare `name` with directly, in order of appearance,
        each once (each constraint's worked out once: routes share their constraints)."""
        found: dict[float, None] = {}
        for c in constraints:
            found.update(dict.fromkeys(self._node_thresholds(c.node).get(name, ())))
        return list(found)

    def _node_thresholds(self, node: ir.Node) -> dict[str, tuple[float, ...]]:
        key = id(node)
        if key not in self._thresholds_of:
            found: dict[str, dict[float, None]] = {}
            for compare in self.compares(node):
                for side, other in ((compare.left, compare.right), (compare.right, compare.left)):
                    if isinstance(side, ir.InputRef) and isinstance(other, ir.Const):
                        if isinstance(other.value, float) and not isinstance(other.value, bool):
                            found.setdefault(side.name, {}).setdefault(other.value)
            self._thresholds_of[key] = (node, {name: tuple(values) for name, values in found.items()})
        return self._thresholds_of[key][1]

    def _static_candidates(self, spec: Input) -> list[Value]:
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
        roots = [*self.definitions.values(), *self.program.conditions()]
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

    def _root(self, side: ir.Node, name: str, target: float, assignment: dict[str, Value], spec: Input) -> float | None:
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


def _inside(a: float, b: float) -> float | None:
    """A short decimal strictly between a and b, near the middle (None when no float is)."""
    if not a < b or not (math.isfinite(a) and math.isfinite(b)):
        return None
    middle = a / 2 + b / 2
    if not math.isfinite(b - a):
        return middle
    for digits in range(-math.ceil(math.log10(b - a)), 17):
        x = round(middle, digits)
        if a < x < b:
            return x
    return middle if a < middle < b else None


def _beyond(x: float, direction: int) -> float:
    """A value past x (below it for -1, above for 1)."""
    y = x + direction * max(1.0, abs(x))
    return y if math.isfinite(y) else math.nextafter(x, direction * math.inf)
