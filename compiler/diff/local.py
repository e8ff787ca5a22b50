"""The scale mode of the diff: two versions compared decision by decision, for guidelines with
too many routes to walk together (`compiler.diff.behaviour`).

Steps are matched by id. A step is unchanged when it is written the same in both versions once
the definitions are renamed into the combined table (`compiler.diff.combine`: equal conditions
mean the same), with the same targets. Both versions start at the same step; while a patient
stands at unchanged steps, both versions go the same way. So a patient treated differently
passes, in both versions, a first step that changed (or the versions start apart, or their
checks differ), and there the two versions do something different with them: at a decision,
different outcomes (each branch, `otherwise`, undecided at a branch) or outcomes that lead to
different steps; at an action, a different recommendation or next step. Each such pair of
outcomes at a changed step is one region, bounded by the conditions that decide both outcomes;
the solver drops the pairs no patient meets. The regions are sound: every patient treated
differently lies in one of them. They are not exact: a patient in a region may never reach the
step, or may be treated the same later on. So a region is "may differ" unless its witness is
confirmed; a witness is sought along one route to the step (the conditions that lead there
added), and it is confirmed only when both compiled evaluators treat it differently.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

from compiler.diff.behaviour import OTHERWISE, Outcome, OutOfTime, Region, Walk, Walker
from compiler.diff.combine import Combined
from compiler.diff.needs import Undecided
from dsl.program import Action, Decision, End, Goto, Program, Step, Target
from dsl.verify.solver import OPEN, UNKNOWN, Constraint, Solution

ROUTE_LIMIT = 20_000  # past this many routes in either version the diff compares step by step,
STEP_LIMIT = 300  # and past this many steps (a walk's conditions grow with the route's length)


def too_large(program: Program) -> bool:
    """Whether the two versions are better compared step by step than walked together."""
    return len(program.steps) > STEP_LIMIT or routes(program) > ROUTE_LIMIT


def routes(program: Program, cap: int = ROUTE_LIMIT + 1) -> int:
    """The number of routes from the first step (stopping early at `cap`), worked out backwards."""
    count: dict[int, int] = {}
    for step in reversed(program.steps):  # targets come later in the text or are counted on demand
        _count(program, step, count, cap)
    first = program.start
    return 0 if first is None else count[first.index]


def _count(program: Program, step: Step, count: dict[int, int], cap: int) -> int:
    pending = [step.index]
    while pending:
        index = pending[-1]
        if index in count:
            pending.pop()
            continue
        targets = program.successors(program.steps[index])
        later = [t.index for t in targets if isinstance(t, Goto) and t.index not in count]
        if later:
            pending.extend(later)
            continue
        pending.pop()
        total = sum(1 if isinstance(t, End) else count[t.index] for t in targets)
        if isinstance(program.steps[index], Decision):
            total += 1  # the patient stopped for data at it
        count[index] = min(total, cap)
    return count[step.index]


def _where(target: Target | None) -> str:
    if target is None:
        return "stop"
    return "end" if isinstance(target, End) else target.step


@dataclass(frozen=True)
class _Way:
    index: int
    undecided: bool
    constraints: tuple[Constraint, ...]
    goes: str  # the id of the next step, "end", or "stop" (asked for data)


class Local:
    """Regions at the changed steps, each with a witness along one route where one is found."""

    def __init__(self, combined: Combined, deadline: float | None) -> None:
        self.walker = Walker(combined, deadline=deadline)
        self.deadline = deadline
        self.walk = self.walker.walk

    def run(self) -> Walk:
        old, new = self.walker.versions
        a, b = old.program, new.program
        try:
            if (a.start.id if a.start else None) != (b.start.id if b.start else None):
                self.everyone("the first step changed")
            if Counter(old.checks) != Counter(new.checks):
                self.everyone("the checks changed")
            if (a.start is None) != (b.start is None):
                return self.walk
            for step in b.steps:
                if a.has_step(step.id):
                    self.at(a.step(step.id), step)
        except OutOfTime:
            self.walk.complete = False
            self.walk.stopped = "time"
        return self.walk

    def everyone(self, why: str) -> None:
        """A region of every patient (`why` is for the reader of this code: the report shows the
        steps that changed)."""
        empty = Outcome((), (), False, ())
        self.walk.regions.append(Region((), empty, empty, None, True, False))

    def ways(self, side: int, step: Decision) -> list[_Way]:
        v = self.walker.versions[side]
        texts = tuple(branch.text for branch in step.branches)
        where = f"{v.v.side} {step.id}"
        found = []
        for index, undecided, constraints in self.walker.outcomes(v.conditions[step.index], texts, where):
            if undecided:
                goes = "stop"
            else:
                goes = _where(step.otherwise if index == OTHERWISE else step.branches[index].target)
            found.append(_Way(index, undecided, constraints, goes))
        return found

    def at(self, old: Step, new: Step) -> None:
        o, n = self.walker.versions
        if isinstance(old, Action) and isinstance(new, Action):
            if set(old.recommends) != set(new.recommends) or _where(old.next) != _where(new.next):
                self.region((), old, new, Outcome((old.id,), old.recommends, False, ()),
                            Outcome((new.id,), new.recommends, False, ()))  # fmt: skip
            return
        if isinstance(old, Action) or isinstance(new, Action):
            self.region((), old, new, Outcome((old.id,), (), False, ()), Outcome((new.id,), (), False, ()))
            return
        assert isinstance(old, Decision) and isinstance(new, Decision)
        same = o.conditions[old.index] == n.conditions[new.index] and old.handled == new.handled
        if same and [_where(x) for x in (*(br.target for br in old.branches), old.otherwise)] == [
            _where(x) for x in (*(br.target for br in new.branches), new.otherwise)
        ]:
            return
        for x in self.ways(0, old):
            for y in self.ways(1, new):
                if self.alike(x, y, old, new):
                    continue
                a = Outcome((old.id,), (), not x.undecided, self.stops(0, old, x))
                b = Outcome((new.id,), (), not y.undecided, self.stops(1, new, y))
                self.region(x.constraints + y.constraints, old, new, a, b)

    def stops(self, side: int, step: Decision, way: _Way) -> tuple[Undecided, ...]:
        v = self.walker.versions[side]
        return (Undecided(v.conditions[step.index], step.handled),) if way.undecided else ()

    def alike(self, x: _Way, y: _Way, old: Decision, new: Decision) -> bool:
        """Whether two outcomes treat a patient the same from here: the same next step, or both
        stopped where every patient is asked for the same inputs (`Needs.differ` finds no input
        one may ask for and the other not)."""
        if x.undecided != y.undecided:
            return False
        if not x.undecided:
            return x.goes == y.goes
        return not self.walker.needs.differ(self.stops(0, old, x), self.stops(1, new, y))

    def region(self, constraints: tuple[Constraint, ...], old: Step, new: Step, a: Outcome, b: Outcome) -> None:
        if not self.walker.possible(constraints):
            return  # no patient: proved
        self.walk.states += 1
        witness = self.route_witness(constraints, old.id)
        self.walk.regions.append(Region(constraints, a, b, witness, witness is None, False))

    def route_witness(self, constraints: tuple[Constraint, ...], target: str) -> Solution | None:
        """A patient meeting the constraints who reaches `target` in the old version: the
        conditions of one route there added (at each decision, `otherwise` when it leads there,
        else the first branch that does); None when the solver finds none quickly."""
        v = self.walker.versions[0]
        program = v.program
        reach = _reaching(program, program.step(target).index)
        first = program.start
        if first is None or first.index not in reach:
            return None
        # The region's own patient first: the route takes, at each decision, a way this patient
        # does not rule out (`otherwise` when it can), so that its conditions seldom contradict.
        local, _ = self.walker.solve(constraints)
        if local is None:
            return None
        chosen_values = {n: x for n, x in local.inputs.items()}
        solver = self.walker.solver

        def allowed(more: tuple[Constraint, ...]) -> bool:
            for c in more:
                x = solver.value(c.node, chosen_values)
                if x is not OPEN and x is not (UNKNOWN if c.expected is None else c.expected):
                    return False
            return True

        path: list[Constraint] = []
        index = first.index
        while index != program.step(target).index:
            step = program.steps[index]
            if isinstance(step, Action):
                assert isinstance(step.next, Goto)
                index = step.next.index
                continue
            texts = tuple(branch.text for branch in step.branches)
            chosen = None
            for way_index, undecided, more in self.walker.outcomes(v.conditions[step.index], texts, step.id):
                if undecided:
                    continue
                goes = step.otherwise if way_index == OTHERWISE else step.branches[way_index].target
                if isinstance(goes, Goto) and goes.index in reach and (chosen is None or allowed(more)):
                    chosen = (more, goes.index)
                    if way_index == OTHERWISE and allowed(more):
                        break
            if chosen is None:
                return None
            path.extend(chosen[0])
            index = chosen[1]
        if self.deadline is not None and time.perf_counter() > self.deadline:
            raise OutOfTime
        witness, _ = self.walker.solve(tuple(dict.fromkeys((*constraints, *path))))
        return witness


def _reaching(program: Program, target: int) -> set[int]:
    """The steps from which `target` can be reached (itself included)."""
    before: dict[int, list[int]] = {}
    for step in program.steps:
        for t in program.successors(step):
            if isinstance(t, Goto):
                before.setdefault(t.index, []).append(step.index)
    found, todo = {target}, [target]
    while todo:
        for earlier in before.get(todo.pop(), []):
            if earlier not in found:
                found.add(earlier)
                todo.append(earlier)
    return found


def local_walk(combined: Combined, deadline: float | None = None) -> Walk:
    return Local(combined, deadline).run()
