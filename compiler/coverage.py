"""Coverage of a guideline's decision graph by its clinical test cases, and `verify`'s explanation.

Steps, decision outcomes (every branch, and the unknown outcome of each decision that can be
unknown) and complete routes are counted against what static verification proved reachable. An
uncovered route or outcome gets a witness patient, confirmed by running it, printed as a case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compiler.api import Evaluator
from compiler.cases import Case
from compiler.witness import Evaluate, case_text, inputs_read_by_checks, patient, route_of
from dsl import model as m
from dsl.checks import Checked
from dsl.graph import END
from dsl.solver import Solution
from dsl.verify import OTHERWISE, UNKNOWN_OUTCOME, Route, Verification


@dataclass(frozen=True)
class Gap:
    """Something no case exercises, with a patient that would."""

    kind: str  # "route" or "outcome"
    description: str
    witness: str | None  # a case to paste, or None when no witness could be confirmed
    on_uncovered_route: bool = False  # a branch that a route witness above already takes


@dataclass
class Coverage:
    cases: int
    evaluated: int  # cases whose inputs were valid
    steps: tuple[int, int]
    outcomes: tuple[int, int]
    routes: tuple[int, int]  # covered, total feasible (or total routes when not enumerated)
    enumerated: bool
    covered_steps: set[str] = field(default_factory=set)
    covered_outcomes: set[tuple[str, int]] = field(default_factory=set)
    covered_routes: set[Route] = field(default_factory=set)
    gaps: list[Gap] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    def percent(self, pair: tuple[int, int]) -> float:
        return 100.0 if pair[1] == 0 else 100.0 * pair[0] / pair[1]

    @property
    def headline(self) -> float:
        """Feasible-route coverage, or decision-outcome coverage when routes are too many to list."""
        return self.percent(self.routes if self.enumerated else self.outcomes)


def describe_outcome(checked: Checked, decision: str, index: int) -> str:
    step = _steps_by_id(checked.guideline)[decision]
    assert isinstance(step, m.Decision)
    if index == UNKNOWN_OUTCOME:
        return f"{decision} (line {step.span.line}) undecided: its inputs unknown"
    if index == OTHERWISE:
        line = step.otherwise.span.line if step.otherwise else step.span.line
        return f"{decision} line {line}: otherwise"
    branch = step.branches[index]
    return f"{decision} line {branch.span.line}: {branch.text}"


_STEP_INDEX: dict[int, tuple[m.Guideline, dict[str, m.Step]]] = {}


def _steps_by_id(guideline: m.Guideline) -> dict[str, m.Step]:
    """Steps by id, built once per guideline (gap reports look one up per uncovered outcome)."""
    cached = _STEP_INDEX.get(id(guideline))
    if cached is None or cached[0] is not guideline:
        cached = (guideline, {s.id: s for s in guideline.steps})
        _STEP_INDEX.clear()
        _STEP_INDEX[id(guideline)] = cached
    return cached[1]


class _Measure:
    def __init__(self, checked: Checked, evaluate: Evaluate) -> None:
        assert checked.verification is not None
        self.checked = checked
        self.v: Verification = checked.verification
        self.evaluate = evaluate
        self.g = checked.guideline
        self.decisions = {s.id for s in self.g.steps if isinstance(s, m.Decision)}
        conditions = [checked.analysis.condition(r.condition) for c in self.g.checks for r in c.rules]
        self.checks_read = inputs_read_by_checks(checked.analysis, conditions)
        self.witness_number = 0

    def run(self, cases: list[Case]) -> Coverage:
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
        feasible = {r.route for r in self.v.feasible_routes}
        all_steps = {s.id for s in self.g.steps} - set(self.v.dead_steps)
        report = Coverage(
            cases=len(cases),
            evaluated=evaluated,
            steps=(len(steps & all_steps), len(all_steps)),
            outcomes=(len(outcomes & possible), len(possible)),
            routes=(len(routes & feasible), len(feasible)) if self.v.enumerated else (len(routes), self.v.routes_total),
            enumerated=self.v.enumerated,
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
            if isinstance(step, m.Decision):
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
            for route_report in self.v.feasible_routes:
                if route_report.route in report.covered_routes or route_report.witness is None:
                    continue
                text = " -> ".join(route_report.steps)
                witness = self.confirmed(route_report.witness, f"Route {text}.", route_report.route, None)
                report.gaps.append(Gap("route", text, witness))
                if witness is not None:
                    on_witnessed_routes.update(route_report.route)
        for decision, index in missing_outcomes:
            what = describe_outcome(self.checked, decision, index)
            witness = None
            # Past the route limit, witnesses are local to a decision: listed, not confirmed.
            if index == UNKNOWN_OUTCOME and self.v.enumerated:
                solution = self.v.unknown_outcomes.get(decision)
                if solution is not None:
                    witness = self.confirmed(solution, f"Undecided at {decision}.", None, decision)
            report.gaps.append(Gap("outcome", what, witness, (decision, index) in on_witnessed_routes))

    def confirmed(self, solution: Solution, description: str, route: Route | None, stop: str | None) -> str | None:
        """The witness as a case, if running it really takes the route (or stops at `stop`)."""
        inputs = patient(solution, self.checked.analysis, self.checks_read)
        result = self.evaluate(inputs)
        taken, _ = route_of(result, self.decisions)
        if route is not None and taken != route:
            return None
        if stop is not None and (result["status"] != "needs_data" or not result["path"] or result["path"][-1] != stop):
            return None
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
                report.defects.append(f"{describe_outcome(self.checked, decision, index)} can never be taken: {why}")

    def order(self, outcome: tuple[str, int]) -> tuple[int, int]:
        step = _steps_by_id(self.g)[outcome[0]]
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
        f"Coverage of {name} by {c.cases} cases ({c.evaluated} evaluated, {invalid} with invalid input)",
        f"  steps              {c.steps[0]:>5}/{c.steps[1]:<5} {c.percent(c.steps):6.1f}%",
        f"  decision outcomes  {c.outcomes[0]:>5}/{c.outcomes[1]:<5} {c.percent(c.outcomes):6.1f}%"
        "  (every branch, and each decision's unknown outcome)",
    ]
    if c.enumerated:
        lines.append(f"  feasible routes    {c.routes[0]:>5}/{c.routes[1]:<5} {c.percent(c.routes):6.1f}%")
    else:
        lines.append(
            f"  routes             {c.routes[0]:>5} of {c.routes[1]} counted (too many to verify one by one; "
            "decision outcomes decide the result)"
        )
    if c.gaps:
        lines.append("Uncovered:")
        for gap in c.gaps:
            lines.append(f"  {gap.kind} {gap.description}")
            if gap.witness:
                lines += ["    a patient who takes it, ready to paste into the cases file:"]
                lines += [f"    {row}" if row else "" for row in gap.witness.rstrip("\n").split("\n")]
            elif gap.on_uncovered_route:
                lines.append("    (taken by a route witness above)")
            elif c.enumerated or gap.kind == "route":
                lines.append("    (no witness could be confirmed)")
    if c.defects:
        lines.append("Defects of the guideline (not coverage gaps):")
        lines += [f"  {d}" for d in c.defects]
    return "\n".join(lines) + "\n"


def explain(checked: Checked) -> str:
    """`guideline verify`: routes with witnesses, dead branches, unknown outcomes and overlaps."""
    v = checked.verification
    assert v is not None
    g = checked.guideline
    lines = []
    if v.enumerated:
        feasible = len(v.feasible_routes)
        lines.append(f"{g.filename}: {v.routes_total} routes, {feasible} a patient can take")
        for number, r in enumerate(v.routes, start=1):
            state = "feasible" if r.feasible else "undecided" if r.undecided else "INFEASIBLE"
            lines.append(f"  {number:>3}. [{state}] {' -> '.join(r.steps)}")
            if r.witness is not None:
                lines.append(f"       e.g. {_inputs(r.witness)}")
            elif r.core:
                lines.append(f"       contradiction: {'; '.join(c.label for c in r.core)}")
    else:
        lines.append(f"{g.filename}: {v.routes_total} routes: too many to list; each decision verified on its own")
    dead = [k for k in v.dead_branches if k[1] != OTHERWISE]
    lines.append("Branches that can never be taken:" + ("" if dead else " none"))
    lines += [f"  {describe_outcome(checked, d, i)}" for d, i in dead]
    exhaustive = [d for d, i in v.dead_branches if i == OTHERWISE]
    if exhaustive:
        lines.append("Decisions whose 'otherwise' is never taken (their branches cover every known case):")
        lines += [f"  {d}" for d in exhaustive]
    lines.append("Decisions that can be undecided (unknown inputs):")
    for decision, witness in v.unknown_outcomes.items():
        lines.append(f"  {decision}: " + (f"yes, e.g. {_inputs(witness)}" if witness else "no"))
    lines.append("Overlapping branches (first match wins: here the order matters):" + ("" if v.overlaps else " none"))
    for decision, i, j, witness in v.overlaps:
        lines.append(f"  {describe_outcome(checked, decision, i)}  and  {describe_outcome(checked, decision, j)}")
        lines.append(f"       both true for {_inputs(witness)}")
    return "\n".join(lines) + "\n"


def _inputs(solution: Solution) -> str:
    shown = []
    for name, value in solution.inputs.items():
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        shown.append(f"{name}={'unknown' if repr(value) == 'UNKNOWN' else value}")
    return ", ".join(shown) or "(any patient)"
