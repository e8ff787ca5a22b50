"""Static verification: which routes through the graph a patient can take, and what that implies.

A route is a path from the start to `end`, written as the branch taken at each decision. Its
constraints are the branch conditions it needs true or false; the solver finds a witness patient,
proves none exists, or is undecided (then the route counts as possibly taken, never as dead). When
the graph has too many routes to list (`ROUTE_LIMIT`), routes are counted, not enumerated, and each
decision is verified on its own (its earlier branches false, the branch true), which still finds
every branch that its own decision shadows, and the steps that only such branches lead to.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import networkx as nx

from dsl.errors import Diagnostic
from dsl.graph import END, count_paths
from dsl.program import Decision, Program
from dsl.verify.solver import Constraint, Solution, Solver, Undecided
from dsl.verify.values import DEFINED

ROUTE_LIMIT = 2000
OTHERWISE = -1
EXPLAINED = 8  # routes to a decision whose conditions are searched for why it never takes a branch

Choice = tuple[str, int]  # (decision, branch index; OTHERWISE for otherwise)
Route = tuple[Choice, ...]
UNKNOWN_OUTCOME = -2  # a decision's outcome when it cannot be decided


@dataclass(frozen=True)
class RouteReport:
    route: Route
    steps: tuple[str, ...]
    witness: Solution | None  # None: infeasible, or undecided when `undecided`
    core: tuple[Constraint, ...] = ()  # for an infeasible route: conditions that contradict
    undecided: bool = False

    @property
    def feasible(self) -> bool:
        return self.witness is not None


@dataclass
class Verification:
    routes_total: int
    enumerated: bool
    routes: list[RouteReport] = field(default_factory=list)
    dead_branches: dict[Choice, tuple[Constraint, ...]] = field(default_factory=dict)
    unknown_outcomes: dict[str, Solution | None] = field(default_factory=dict)  # decision → witness
    unknown_witness_routes: dict[str, tuple[tuple[Choice, ...], tuple[str, ...]]] = field(default_factory=dict)
    overlaps: list[tuple[str, int, int, Solution]] = field(default_factory=list)
    dead_steps: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    verifier: _Verifier | None = field(default=None, repr=False, compare=False)

    @property
    def feasible_routes(self) -> list[RouteReport]:
        return [r for r in self.routes if r.feasible]

    def solve_on(self, route: Route | None, extra: list[Constraint]) -> tuple[Solution | None, bool]:
        """A patient who takes `route` (any, for None) and meets `extra`, or None; and whether the
        solver was undecided (then None proves nothing)."""
        assert self.verifier is not None
        constraints = self.verifier.route_constraints(route) if route is not None else []
        return self.verifier.solve(constraints + extra)


class _Verifier:
    def __init__(self, program: Program) -> None:
        self.g = program
        self.graph = program.graph
        self.solver = Solver(program)
        self.decisions = {s.id: s for s in program.steps if isinstance(s, Decision)}
        self._trie: dict[tuple[int, str, int], int] = {}  # (node, decision, branch) -> node: route prefixes
        self._ways: set[tuple[str, int]] = set()  # (decision, prefix node) already in `prefixes`
        self._constraints: dict[tuple[str, int, bool | None], Constraint] = {}
        # The first line of each check is worked out for every patient who is not invalid: where
        # it divides, a patient on a route must not make it divide by zero, or the check stops
        # them with invalid_input and the route is not theirs (later lines run only sometimes).
        self.guards = [
            Constraint(check.rules[0].condition, DEFINED, f"line {check.rules[0].span.line}: check '{check.id}' "
                       "divides by no zero", check.rules[0].span)
            for check in program.checks
            if check.rules and self.solver.divides(check.rules[0].condition)
        ]  # fmt: skip
        self._branch_constraints: dict[tuple[str, int], tuple[Constraint, ...]] = {}

    # ---- constraints ----
    def branch_constraints(self, decision: str, index: int) -> list[Constraint]:
        """Earlier branches false, this one true (for `otherwise`, every branch false); built once
        per branch, as every route through it asks for the same."""
        key = (decision, index)
        if key not in self._branch_constraints:
            step = self.decisions[decision]
            last = len(step.branches) if index == OTHERWISE else index
            constraints = [self.constraint(step, j, False) for j in range(last)]
            if index != OTHERWISE:
                constraints.append(self.constraint(step, index, True))
            self._branch_constraints[key] = tuple(constraints)
        return list(self._branch_constraints[key])

    def constraint(self, step: Decision, index: int, expected: bool | None) -> Constraint:
        key = (step.id, index, expected)
        if key not in self._constraints:
            branch = step.branches[index]
            said = {True: "true", False: "false", None: "unknown"}[expected]
            label = f"line {branch.span.line}: '{branch.text}' is {said}"
            self._constraints[key] = Constraint(branch.condition, expected, label, branch.span)
        return self._constraints[key]

    def route_constraints(self, route: Route) -> list[Constraint]:
        constraints: list[Constraint] = []
        for decision, index in route:
            constraints += self.branch_constraints(decision, index)
        return constraints

    # ---- routes ----
    def routes(self) -> Iterator[tuple[Route, tuple[str, ...]]]:
        start = self.graph.graph["start"]
        stack: list[tuple[str, Route, tuple[str, ...]]] = [(start, (), (start,))]
        while stack:
            node, route, steps = stack.pop()
            if node == END:
                yield route, steps
                continue
            exits = []
            for _, target, edge in self.graph.out_edges(node, data=True):
                for branch in edge["branches"]:
                    exits.append((branch["index"], target))
            exits.sort(key=lambda e: (e[0] == OTHERWISE, e[0]))
            for index, target in reversed(exits):
                choice = route + ((node, index),) if node in self.decisions else route
                stack.append((target, choice, steps + (target,)))

    def solve(self, constraints: list[Constraint]) -> tuple[Solution | None, bool]:
        try:
            return self.solver.solve(constraints), False
        except Undecided:
            return None, True

    def core(self, constraints: list[Constraint]) -> tuple[Constraint, ...]:
        """A small subset that still contradicts itself: each one dropped in turn if it can be."""
        kept = list(constraints)
        for c in list(constraints):
            trial = [k for k in kept if k is not c]
            found, undecided = self.solve(trial)
            if found is None and not undecided:
                kept = trial
        return tuple(kept)

    # ---- the whole verification ----
    def run(self) -> Verification:
        total = count_paths(self.graph)
        result = Verification(routes_total=total, enumerated=total <= ROUTE_LIMIT, verifier=self)
        if result.enumerated:
            self.verify_routes(result)
        else:
            self.verify_locally(result)
        self.overlaps(result)
        self.report(result)
        return result

    def verify_routes(self, result: Verification) -> None:
        taken: set[Choice] = set()
        on_feasible: set[str] = set()
        prefixes: dict[str, list[tuple[Route, tuple[str, ...]]]] = {}
        for route, steps in self.routes():
            constraints = self.route_constraints(route) + self.guards
            witness, undecided = self.solve(constraints)
            core = self.core(constraints) if witness is None and not undecided else ()
            result.routes.append(RouteReport(route, steps, witness, core, undecided))
            if witness is not None or undecided:
                taken.update(route)
                on_feasible.update(steps)
                self.add_prefixes(prefixes, route, steps, len(route))
        self.stopping_prefixes(result, prefixes, on_feasible)
        for decision, step in self.decisions.items():
            for index in [*range(len(step.branches)), OTHERWISE]:
                if (decision, index) not in taken:
                    excluded = self.branch_core(decision, index, [p for p, _ in prefixes.get(decision, [])])
                    if excluded is not None:
                        result.dead_branches[(decision, index)] = excluded
            result.unknown_outcomes[decision] = None
            for prefix, steps in prefixes.get(decision, []):
                witness = self.unknown_witness(decision, self.route_constraints(prefix))
                if witness is not None:
                    result.unknown_outcomes[decision] = witness
                    result.unknown_witness_routes[decision] = (prefix, steps)
                    break
        result.dead_steps = [s.id for s in self.g.steps if s.id not in on_feasible and s.id in self.graph]

    def add_prefixes(
        self, prefixes: dict[str, list[tuple[Route, tuple[str, ...]]]], route: Route, steps: tuple[str, ...], upto: int
    ) -> None:
        """The ways into each of the route's first `upto` decisions: the choices before it, the steps to it.
        A way is known by its choices (they decide the steps), numbered in a trie as the route is
        read, so that a route of n decisions costs n look-ups, not n prefixes copied."""
        where: dict[str, int] | None = None
        node = 0  # the trie node of the choices read so far (0: none)
        for position, (decision, choice) in enumerate(route[:upto]):
            key = (decision, node)
            if key not in self._ways:
                if where is None:
                    where = {step: n for n, step in reversed(list(enumerate(steps)))}  # first positions
                self._ways.add(key)
                prefixes.setdefault(decision, []).append((route[:position], steps[: where[decision] + 1]))
            node = self._trie.setdefault((node, decision, choice), len(self._trie) + 1)

    def stopping_prefixes(
        self,
        result: Verification,
        prefixes: dict[str, list[tuple[Route, tuple[str, ...]]]],
        on_feasible: set[str],
    ) -> None:
        """Ways into a decision on no feasible route that patients still take, to stop there
        undecided (an input every such way leaves unknown): the steps on the way are reached, so
        not dead, and the decision's branches are judged on the ways that reach it. A decision
        that feasible routes reach by other ways counts too (`when x is unknown go to ask`, then
        a decision on x: the patient asked to measure x stops there, and `ask` is reached)."""
        for report in result.routes:
            if report.witness is not None or report.undecided:
                continue
            where = {step: n for n, step in reversed(list(enumerate(report.steps)))}
            for position, (decision, _) in enumerate(report.route):
                way = report.steps[: where[decision] + 1]
                if all(step in on_feasible for step in way):
                    continue  # nothing this way reaches is in question yet: look further along it
                if self.unknown_witness(decision, self.route_constraints(report.route[:position])) is not None:
                    self.add_prefixes(prefixes, report.route, report.steps, position + 1)
                    on_feasible.update(way)
                break  # past a decision no patient gets beyond, nothing more on this route is reached

    def branch_core(self, decision: str, index: int, prefixes: list[Route]) -> tuple[Constraint, ...] | None:
        """Why no route takes the branch: conditions of its own decision that contradict, or with
        them those on each route to the decision. None when some patient does reach the decision
        and take the branch (and then stops at a decision left undecided)."""
        local = self.branch_constraints(decision, index)
        witness, undecided = self.solve(local)
        if witness is None and not undecided:
            return self.core(local)
        found: dict[str, Constraint] = {}
        for number, prefix in enumerate(prefixes):
            constraints = self.route_constraints(prefix) + local
            witness, undecided = self.solve(constraints)
            if witness is not None or undecided:
                return None
            if number < EXPLAINED:
                found.update((c.label, c) for c in self.core(constraints))
        return tuple(sorted(found.values(), key=_line))

    def verify_locally(self, result: Verification) -> None:
        for decision, step in self.decisions.items():
            for index in [*range(len(step.branches)), OTHERWISE]:
                constraints = self.branch_constraints(decision, index)
                witness, undecided = self.solve(constraints)
                if witness is None and not undecided:
                    result.dead_branches[(decision, index)] = self.core(constraints)
            result.unknown_outcomes[decision] = self.unknown_witness(decision, [])
        # Without the routes, a step is known dead when every way into it is a dead branch or step.
        start, dead = self.graph.graph["start"], set()
        for node in nx.topological_sort(self.graph):
            ways = [(s, b["index"]) for s, _, e in self.graph.in_edges(node, data=True) for b in e["branches"]]
            if node not in (start, END) and all(s in dead or (s, w) in result.dead_branches for s, w in ways):
                dead.add(node)
        result.dead_steps = [s.id for s in self.g.steps if s.id in dead]

    def unknown_witness(self, decision: str, before: list[Constraint]) -> Solution | None:
        step = self.decisions[decision]
        for index in range(len(step.branches)):
            constraints = before + [self.constraint(step, j, False) for j in range(index)]
            constraints.append(self.constraint(step, index, None))
            witness, _ = self.solve(constraints)
            if witness is not None:
                return witness
        return None

    def overlaps(self, result: Verification) -> None:
        for decision, step in self.decisions.items():
            for i in range(len(step.branches)):
                for j in range(i + 1, len(step.branches)):
                    both = [self.constraint(step, i, True), self.constraint(step, j, True)]
                    witness, _ = self.solve(both)
                    if witness is not None:
                        result.overlaps.append((decision, i, j, witness))

    # ---- diagnostics ----
    def report(self, result: Verification) -> None:
        dead_steps = set(result.dead_steps)
        for (decision, index), core in sorted(result.dead_branches.items(), key=self.position):
            # Exhaustive branches leave `otherwise` for nobody: legitimate, listed by verify (a step
            # only it leads to is reported below). A decision nobody reaches is reported as a step.
            if index == OTHERWISE or decision in dead_steps:
                continue
            branch = self.decisions[decision].branches[index]
            why = self.why(decision, index, core)
            result.diagnostics.append(Diagnostic(branch.span, f"this branch can never be taken: {why}"))
        for step_id in result.dead_steps:
            reason = self.dead_step_reason(step_id, result, dead_steps)
            if reason is None:
                continue  # every way here is a reported dead branch or behind a dead step
            dead = self.g.step(step_id)
            result.diagnostics.append(
                Diagnostic(dead.span, f"step '{step_id}' is on no route a patient can take{reason}")
            )
        for report in result.routes:
            if report.feasible or report.undecided or any(c in result.dead_branches for c in report.route):
                continue
            route = " -> ".join(report.steps)
            because = "; ".join(c.label for c in report.core)
            spans = [c.span for c in report.core if c.span is not None]
            span = max(spans, key=lambda s: s.line) if spans else self.g.span
            result.diagnostics.append(Diagnostic(span, f"no patient can take the route {route}: {because}", "warning"))

    def why(self, decision: str, index: int, core: tuple[Constraint, ...]) -> str:
        """Why no patient takes a branch, naming the lines of the conditions that exclude it."""
        step = self.decisions[decision]
        own = step.branches[index].span if index != OTHERWISE else None
        spans = {b.span for b in step.branches}
        earlier = _lines(c for c in core if c.span in spans and c.span != own)
        way = "; ".join(c.label for c in core if c.span not in spans)
        if index == OTHERWISE:
            if way:
                return (
                    f"the conditions on every route to '{decision}' ({way}) leave no patient for it after "
                    f"the branches above it ({earlier})"
                )
            if earlier:
                return f"the branches above it ({earlier}) take every patient whose inputs are known"
            return "no route to it leaves a patient for it"
        if way:
            also = f" and the earlier branches ({earlier})" if earlier else ""
            return f"the conditions on every route to '{decision}' ({way}){also} exclude every patient it would take"
        if earlier:
            return f"the earlier branches ({earlier}) already take every patient it would"
        if core:
            return "its condition can never come out true"
        return f"no route to '{decision}' lets its condition be true"

    def dead_step_reason(self, step: str, result: Verification, dead_steps: set[str]) -> str | None:
        """What to say after "on no route": the dead `otherwise` branches leading here, if any; None
        when every way here is a branch reported already or runs through another dead step."""
        reasons, unexplained = [], step == self.graph.graph["start"]
        for source, _, edge in self.graph.in_edges(step, data=True):
            if source in dead_steps:
                continue
            for branch in edge["branches"]:
                choice = (source, branch["index"])
                if source in self.decisions and choice in result.dead_branches:
                    if branch["index"] == OTHERWISE:
                        line = self.decisions[source].otherwise.span.line
                        why = self.why(source, OTHERWISE, result.dead_branches[choice])
                        reasons.append(
                            f"the 'otherwise' of '{source}' that leads to it (line {line}) is never taken: {why}"
                        )
                else:
                    unexplained = True
        if reasons:
            return ": " + "; ".join(reasons)
        return "" if unexplained else None

    def position(self, item: tuple[Choice, tuple[Constraint, ...]]) -> tuple[int, int]:
        (decision, index), _ = item
        return self.decisions[decision].span.line, index


def _line(constraint: Constraint) -> int:
    return constraint.span.line if constraint.span is not None else 0


def _lines(constraints: Iterable[Constraint]) -> str:
    return ", ".join(f"line {n}" for n in sorted({_line(c) for c in constraints}))


def verify(program: Program) -> Verification:
    """Routes, witnesses, dead branches and steps, unknown outcomes and overlaps of a program."""
    return _Verifier(program).run()
