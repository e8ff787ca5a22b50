"""Static verification: which routes through the graph a patient can take, and what that implies.

A route is a path from the start to `end`, written as the branch taken at each decision. Its
constraints are the branch conditions it needs true or false; the solver finds a witness patient
or proves none exists. When the graph has too many routes to list (`ROUTE_LIMIT`), routes are
counted, not enumerated, and each decision is verified on its own (its earlier branches false, the
branch true), which still finds every branch that its own decision shadows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import networkx as nx

from dsl import model as m
from dsl.errors import Diagnostic
from dsl.graph import END, count_paths
from dsl.semantics import Analysis
from dsl.solver import Constraint, Solution, Solver, Undecided

ROUTE_LIMIT = 2000
OTHERWISE = -1

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

    @property
    def feasible_routes(self) -> list[RouteReport]:
        return [r for r in self.routes if r.feasible]


class _Verifier:
    def __init__(self, guideline: m.Guideline, analysis: Analysis, graph: nx.DiGraph) -> None:
        self.g = guideline
        self.analysis = analysis
        self.graph = graph
        self.solver = Solver(analysis)
        self.decisions = {s.id: s for s in guideline.steps if isinstance(s, m.Decision)}

    # ---- constraints ----
    def branch_constraints(self, decision: str, index: int) -> list[Constraint]:
        """Earlier branches false, this one true (for `otherwise`, every branch false)."""
        step = self.decisions[decision]
        last = len(step.branches) if index == OTHERWISE else index
        constraints = [self.constraint(step, j, False) for j in range(last)]
        if index != OTHERWISE:
            constraints.append(self.constraint(step, index, True))
        return constraints

    def constraint(self, step: m.Decision, index: int, expected: bool | None) -> Constraint:
        branch = step.branches[index]
        said = {True: "true", False: "false", None: "unknown"}[expected]
        label = f"line {branch.span.line}: '{branch.text}' is {said}"
        return Constraint(self.analysis.condition(branch.condition), expected, label, branch.span)

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
        result = Verification(routes_total=total, enumerated=total <= ROUTE_LIMIT)
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
            constraints = self.route_constraints(route)
            witness, undecided = self.solve(constraints)
            core = self.core(constraints) if witness is None and not undecided else ()
            result.routes.append(RouteReport(route, steps, witness, core, undecided))
            if witness is not None or undecided:
                taken.update(route)
                on_feasible.update(steps)
                for position, (decision, _) in enumerate(route):
                    entry = (route[:position], steps[: steps.index(decision) + 1])
                    if entry not in prefixes.setdefault(decision, []):
                        prefixes[decision].append(entry)
        for decision, step in self.decisions.items():
            for index in [*range(len(step.branches)), OTHERWISE]:
                if (decision, index) not in taken:
                    result.dead_branches[(decision, index)] = self.branch_core(decision, index)
            result.unknown_outcomes[decision] = None
            for prefix, steps in prefixes.get(decision, []):
                witness = self.unknown_witness(decision, self.route_constraints(prefix))
                if witness is not None:
                    result.unknown_outcomes[decision] = witness
                    result.unknown_witness_routes[decision] = (prefix, steps)
                    break
        result.dead_steps = [s.id for s in self.g.steps if s.id not in on_feasible and s.id in self.graph]

    def branch_core(self, decision: str, index: int) -> tuple[Constraint, ...]:
        local = self.branch_constraints(decision, index)
        witness, undecided = self.solve(local)
        if witness is None and not undecided:
            return self.core(local)
        return ()  # excluded only by the conditions on the way to the decision

    def verify_locally(self, result: Verification) -> None:
        for decision, step in self.decisions.items():
            for index in range(len(step.branches)):
                constraints = self.branch_constraints(decision, index)
                witness, undecided = self.solve(constraints)
                if witness is None and not undecided:
                    result.dead_branches[(decision, index)] = self.core(constraints)
            result.unknown_outcomes[decision] = self.unknown_witness(decision, [])

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
        for (decision, index), core in sorted(result.dead_branches.items(), key=self.position):
            step = self.decisions[decision]
            if index == OTHERWISE:
                continue  # exhaustive branches leave `otherwise` for nothing: legitimate, listed by verify
            branch = step.branches[index]
            earlier = sorted({c.label.split(":")[0] for c in core if c.span != branch.span})
            if core and earlier:
                why = f"the earlier branches ({', '.join(earlier)}) already take every patient it would"
            elif core:
                why = "its condition can never come out true"
            else:
                why = f"no route to '{decision}' lets its condition be true"
            result.diagnostics.append(Diagnostic(branch.span, f"this branch can never be taken: {why}"))
        for step_id in result.dead_steps:
            if self.behind_dead_branch(step_id, result):
                continue  # the branch leading here is the defect, and is reported
            dead = next(s for s in self.g.steps if s.id == step_id)
            result.diagnostics.append(Diagnostic(dead.span, f"step '{step_id}' is on no route a patient can take"))
        for report in result.routes:
            if report.feasible or report.undecided or any(c in result.dead_branches for c in report.route):
                continue
            route = " -> ".join(report.steps)
            because = "; ".join(c.label for c in report.core)
            spans = [c.span for c in report.core if c.span is not None]
            span = max(spans, key=lambda s: s.line) if spans else self.g.span
            result.diagnostics.append(Diagnostic(span, f"no patient can take the route {route}: {because}", "warning"))

    def behind_dead_branch(self, step: str, result: Verification) -> bool:
        return any(
            (source, branch["index"]) in result.dead_branches
            for source, _, edge in self.graph.in_edges(step, data=True)
            for branch in edge["branches"]
        )

    def position(self, item: tuple[Choice, tuple[Constraint, ...]]) -> tuple[int, int]:
        (decision, index), _ = item
        return self.decisions[decision].span.line, index


def verify(guideline: m.Guideline, analysis: Analysis, graph: nx.DiGraph) -> Verification:
    """Routes, witnesses, dead branches and steps, unknown outcomes and overlaps of a valid graph."""
    return _Verifier(guideline, analysis, graph).run()
