"""Coverage of a guideline's decision graph by its clinical test cases, and `verify`'s explanation.

Steps, decision outcomes (every branch, and the unknown outcome of each decision that can be
unknown) and complete routes are counted against what static verification proved reachable. An
uncovered route or outcome gets a witness patient, confirmed by running it, printed as a case.
A route the verifier could not decide (its search budget ran out) is neither covered nor excluded:
it stays in the count until a case takes it, and `passes` fails while one is left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compiler.api import Evaluator
from compiler.testing.cases import Case
from compiler.testing.witness import Evaluate, case_text, inputs_read_by_checks, patient, route_of
from dsl import program as p
from dsl.graph import END
from dsl.pipeline import Checked
from dsl.text import one_line, visible
from dsl.verify.routes import OTHERWISE, UNKNOWN_OUTCOME, Route, Verification
from dsl.verify.solver import Solution


@dataclass(frozen=True)
class Gap:
    """Something no case exercises, with a patient that would."""

    kind: str  # "route" or "outcome"
    description: str
    witness: str | None  # a case to paste, or None when no witness could be confirmed
    on_uncovered_route: bool = False  # a branch that a route witness above already takes
    undecided: bool = False  # a route the verifier could neither prove feasible nor rule out


@dataclass
class Coverage:
    cases: int
    evaluated: int  # cases whose inputs were valid
    steps: tuple[int, int]
    outcomes: tuple[int, int]
    routes: tuple[int, int]  # covered, total feasible or undecided (or total routes when not enumerated)
    enumerated: bool
    undecided: int = 0  # routes the verifier could not decide and no case takes
    covered_steps: set[str] = field(default_factory=set)
    covered_outcomes: set[tuple[str, int]] = field(default_factory=set)
    covered_routes: set[Route] = field(default_factory=set)
    gaps: list[Gap] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    def percent(self, pair: tuple[int, int]) -> float:
        return 100.0 if pair[1] == 0 else 100.0 * pair[0] / pair[1]

    def shown(self, pair: tuple[int, int]) -> str:
        """The percentage to one decimal, but never 100.0% short of all: 2499 of 2500 is 99.9%."""
        covered, total = pair
        tenths = 1000 if total == 0 else (2000 * covered + total) // (2 * total)  # rounded, in integers
        if covered < total:
            tenths = min(tenths, 999)
        return f"{tenths // 10}.{tenths % 10}%"

    def figures(self) -> list[tuple[str, tuple[int, int]]]:
        """The figures a minimum applies to: steps, decision outcomes and, when they are listed,
        feasible routes (past the route limit routes are only counted, never all reachable)."""
        found = [("steps", self.steps), ("decision outcomes", self.outcomes)]
        if self.enumerated:
            found.append(("feasible routes", self.routes))
        return found

    def shortfalls(self, least: float = 100.0) -> list[str]:
        """Why the coverage does not pass at `least` percent: each figure below it, and routes
        left undecided (empty when it passes)."""
        reasons = [
            f"{name} {self.shown(pair)} ({pair[0]}/{pair[1]}) below {least:g}%"
            for name, pair in self.figures()
            if self.percent(pair) < least
        ]
        if self.undecided:
            plural = "s" if self.undecided != 1 else ""
            reasons.append(f"{self.undecided} route{plural} undecided by the verifier and taken by no case")
        return reasons

    def passes(self, least: float = 100.0) -> bool:
        """Every figure at least `least` percent, and no route left undecided."""
        return not self.shortfalls(least)


def describe_outcome(program: p.Program, decision: str, index: int) -> str:
    step = program.step(decision)
    assert isinstance(step, p.Decision)
    if index == UNKNOWN_OUTCOME:
        return f"{decision} (line {step.span.line}) undecided: its inputs unknown"
    if index == OTHERWISE:
        line = step.otherwise.span.line
        return f"{decision} line {line}: otherwise"
    branch = step.branches[index]
    return f"{decision} line {branch.span.line}: {branch.text}"


class _Measure:
    def __init__(self, checked: Checked, evaluate: Evaluate) -> None:
        self.v: Verification = checked.verification
        self.evaluate = evaluate
        self.g = checked.program
        self.decisions = {s.id for s in self.g.steps if isinstance(s, p.Decision)}
        conditions = [r.condition for c in self.g.checks for r in c.rules]
        self.checks_read = inputs_read_by_checks(self.g, conditions)
        self.witness_number = 0
        self.ids_in_use: set[str] = set()

    def run(self, cases: list[Case]) -> Coverage:
        self.ids_in_use = {case.id for case in cases}  # a pasted witness must not repeat an id
        steps: set[str] = set()
        outcomes: set[tuple[str, int]] = set()
        routes: set[Route] = set()
        evaluated = 0
        for case in cases:
            result = self.evaluate(case.inputs)
            if result["status"] == "invalid_input":
                continue
            evaluated += 1
            route, reached = route_of(result, self.decisions)
            steps.update(s for s in result["path"] if s != END)
            outcomes |= reached
            if route:
                routes.add(route)
        possible = self.possible_outcomes()
        # An undecided route may be feasible: it stays in the count, covered only if a case takes it.
        feasible = {r.route for r in self.v.routes if r.feasible or r.undecided}
        undecided = {r.route for r in self.v.routes if r.undecided} - routes
        all_steps = {s.id for s in self.g.steps} - set(self.v.dead_steps)
        report = Coverage(
            cases=len(cases),
            evaluated=evaluated,
            steps=(len(steps & all_steps), len(all_steps)),
            outcomes=(len(outcomes & possible), len(possible)),
            routes=(len(routes & feasible), len(feasible)) if self.v.enumerated else (len(routes), self.v.routes_total),
            enumerated=self.v.enumerated,
            undecided=len(undecided) if self.v.enumerated else 0,
            covered_steps=steps,
            covered_outcomes=outcomes,
            covered_routes=routes,
        )
        self.gaps(report, possible, feasible)
        self.defects(report)
        return report

    def possible_outcomes(self) -> set[tuple[str, int]]:
        found: set[tuple[str, int]] = set()
        for step in self.g.steps:
            if isinstance(step, p.Decision):
                for index in [*range(len(step.branches)), OTHERWISE]:
                    if (step.id, index) not in self.v.dead_branches:
                        found.add((step.id, index))
                if self.v.unknown_outcomes.get(step.id) is not None:
                    found.add((step.id, UNKNOWN_OUTCOME))
        return found

    def gaps(self, report: Coverage, possible: set[tuple[str, int]], feasible: set[Route]) -> None:
        missing_outcomes = sorted(possible - report.covered_outcomes, key=self.order)
        on_witnessed_routes: set[tuple[str, int]] = set()
        if self.v.enumerated:
            for route_report in self.v.routes:
                if route_report.route in report.covered_routes or not (route_report.feasible or route_report.undecided):
                    continue
                text = " -> ".join(route_report.steps)
                if route_report.witness is None:
                    report.gaps.append(Gap("route", text, None, undecided=True))
                    continue
                witness = self.confirmed(route_report.witness, f"Route {text}.", route_report.route, None)
                report.gaps.append(Gap("route", text, witness))
                if witness is not None:
                    on_witnessed_routes.update(route_report.route)
        for decision, index in missing_outcomes:
            what = describe_outcome(self.g, decision, index)
            witness = None
            # Past the route limit, witnesses are local to a decision: listed, not confirmed.
            if index == UNKNOWN_OUTCOME and self.v.enumerated:
                solution = self.v.unknown_outcomes.get(decision)
                if solution is not None:
                    witness = self.confirmed(solution, f"Undecided at {decision}.", None, decision)
            report.gaps.append(Gap("outcome", what, witness, (decision, index) in on_witnessed_routes))

    def confirmed(self, solution: Solution, description: str, route: Route | None, stop: str | None) -> str | None:
        """The witness as a case, if running it really takes the route (or stops at `stop`)."""
        inputs = patient(solution, self.g, self.checks_read)
        result = self.evaluate(inputs)
        taken, _ = route_of(result, self.decisions)
        if route is not None and taken != route:
            return None
        if stop is not None and (result["status"] != "needs_data" or not result["path"] or result["path"][-1] != stop):
            return None
        self.witness_number += 1
        while f"witness-{self.witness_number}" in self.ids_in_use:
            self.witness_number += 1
        return case_text(f"witness-{self.witness_number}", description, inputs, result)

    def defects(self, report: Coverage) -> None:
        for route_report in self.v.routes:
            if route_report.feasible or route_report.undecided:
                continue
            why = "; ".join(c.label for c in route_report.core)
            report.defects.append(f"no patient can take {' -> '.join(route_report.steps)}: {why}")
        for (decision, index), core in sorted(self.v.dead_branches.items(), key=self.order_item):
            if index != OTHERWISE:
                why = "; ".join(c.label for c in core) or "excluded by the conditions on the way to it"
                report.defects.append(f"{describe_outcome(self.g, decision, index)} can never be taken: {why}")

    def order(self, outcome: tuple[str, int]) -> tuple[int, int]:
        step = self.g.step(outcome[0])
        return step.span.line, outcome[1] if outcome[1] >= 0 else 1000 - outcome[1]

    def order_item(self, item: tuple[tuple[str, int], Any]) -> tuple[int, int]:
        return self.order(item[0])


def measure(checked: Checked, evaluator: Evaluator, cases: list[Case]) -> Coverage:
    """Run the cases and compare what they exercise with what a patient can exercise."""
    return _Measure(checked, evaluator.evaluate).run(cases)


def report_text(name: str, coverage: Coverage) -> str:
    c = coverage
    invalid = c.cases - c.evaluated
    lines = [
        f"Coverage of {visible(name)} by {c.cases} cases ({c.evaluated} evaluated, {invalid} with invalid input)",
        f"  steps              {c.steps[0]:>5}/{c.steps[1]:<5} {c.shown(c.steps):>7}",
        f"  decision outcomes  {c.outcomes[0]:>5}/{c.outcomes[1]:<5} {c.shown(c.outcomes):>7}"
        "  (every branch, and each decision's unknown outcome)",
    ]
    if c.enumerated:
        undecided = f"  ({c.undecided} undecided by the verifier, counted as uncovered)" if c.undecided else ""
        lines.append(f"  feasible routes    {c.routes[0]:>5}/{c.routes[1]:<5} {c.shown(c.routes):>7}{undecided}")
    else:
        lines.append(
            f"  routes             {c.routes[0]:>5} of {c.routes[1]} counted (too many to verify one by one; "
            "decision outcomes decide the result)"
        )
    if c.gaps:
        lines.append("Uncovered:")
        for gap in c.gaps:
            lines.append(f"  {gap.kind} {visible(gap.description)}")
            if gap.undecided:
                lines.append(
                    "    (undecided: the verifier could neither find a patient for it nor rule it out;"
                    " it counts as uncovered until a case takes it)"
                )
            elif gap.witness:
                lines += ["    a patient who takes it, ready to paste into the cases file:"]
                lines += [f"    {one_line(row)}" if row else "" for row in gap.witness.rstrip("\n").split("\n")]
            elif gap.on_uncovered_route:
                lines.append("    (taken by a route witness above)")
            elif c.enumerated or gap.kind == "route":
                lines.append("    (no witness could be confirmed)")
    if c.defects:
        lines.append("Defects of the guideline (not coverage gaps):")
        lines += [f"  {one_line(d)}" for d in c.defects]
    return "\n".join(lines) + "\n"


def explain(program: p.Program, v: Verification) -> str:
    """`guideline verify`: routes with witnesses, dead branches, unknown outcomes and overlaps."""
    g = program
    lines = []
    if v.enumerated:
        feasible = len(v.feasible_routes)
        lines.append(f"{visible(g.filename)}: {v.routes_total} routes, {feasible} a patient can take")
        for number, r in enumerate(v.routes, start=1):
            state = "feasible" if r.feasible else "undecided" if r.undecided else "INFEASIBLE"
            route = " -> ".join(visible(step) for step in r.steps)
            lines.append(f"  {number:>3}. [{state}] {route}")
            if r.witness is not None:
                lines.append(f"       e.g. {_inputs(r.witness)}")
            elif r.core:
                lines.append(f"       contradiction: {'; '.join(one_line(c.label) for c in r.core)}")
    else:
        lines.append(
            f"{visible(g.filename)}: {v.routes_total} routes: too many to list; each decision verified on its own"
        )
    dead = [k for k in v.dead_branches if k[1] != OTHERWISE]
    lines.append("Branches that can never be taken:" + ("" if dead else " none"))
    lines += [f"  {visible(describe_outcome(program, d, i))}" for d, i in dead]
    exhaustive = [d for d, i in v.dead_branches if i == OTHERWISE]
    if exhaustive:
        lines.append("Decisions whose 'otherwise' is never taken (their branches cover every known case):")
        lines += [f"  {visible(d)}" for d in exhaustive]
    lines.append("Decisions that can be undecided (unknown inputs):")
    for decision, witness in v.unknown_outcomes.items():
        lines.append(f"  {visible(decision)}: " + (f"yes, e.g. {_inputs(witness)}" if witness else "no"))
    lines.append("Overlapping branches (first match wins: here the order matters):" + ("" if v.overlaps else " none"))
    for decision, i, j, witness in v.overlaps:
        first, second = (visible(describe_outcome(program, decision, k)) for k in (i, j))
        lines.append(f"  {first}  and  {second}")
        lines.append(f"       both true for {_inputs(witness)}")
    return "\n".join(lines) + "\n"


def _inputs(solution: Solution) -> str:
    shown = []
    for name, value in solution.inputs.items():
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        shown.append(f"{visible(str(name))}={'unknown' if repr(value) == 'UNKNOWN' else visible(str(value))}")
    return ", ".join(shown) or "(any patient)"
