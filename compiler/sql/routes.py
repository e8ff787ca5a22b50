"""The routes a walk can take, numbered, so that a row's path and pathway codes are constants.

A walk follows one route of the decision graph, which has no loop: from the start, through each
decision's branch taken, to the end or to the decision where it stops for data. So the path and
the codes the actions add are functions of the route; the query computes one number per row, the
route's, and picks the route's constant lists by that number (`compiler.sql.nodes.pick`) instead of
rebuilding them from every step's flag on every row.

The numbering is Ball and Larus's ("Efficient path profiling", 1996): a step's routes are
`count`ed (a decision: 1 for stopping there, plus its targets'; the end: 1), and each way out of a
decision gets the number of routes of the ways before it (stopping first: 0). A route's number is
the sum of the numbers of the ways it takes, and the routes are numbered 0 to `count(start) - 1`
in the order `enumerate` lists them. The sum is one term per decision, so the query stays linear in
the guideline; the lists are one per route, so a guideline with more than `MAX_ROUTES` routes (a
chain of independent decisions doubles them at each) keeps the per-step formulation instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp

from compiler.sql import nodes as n
from dsl import program as p
from dsl.graph import END

MAX_ROUTES = 1024


@dataclass(frozen=True)
class Route:
    """The steps a walk visits, in order, and the way out it takes of each (an action's: 0; a
    decision's: its branch, `otherwise` last); `finished`: it reached the end (else it stopped at
    the last step, a decision, which it does not leave)."""

    steps: tuple[p.Step, ...]
    labels: tuple[int, ...]
    finished: bool

    @property
    def path(self) -> tuple[str, ...]:
        return (*(s.id for s in self.steps), *((END,) if self.finished else ()))

    @property
    def codes(self) -> tuple[str, ...]:
        """The actions' codes in the order added, each once (its first time)."""
        found = [code for s in self.steps if isinstance(s, p.Action) for code in s.recommends]
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Routes:
    """Every route from the start, by number, and what each decision's way out adds to it."""

    routes: tuple[Route, ...]
    ways: tuple[tuple[p.Decision, tuple[int, ...]], ...]  # per decision: the number of each branch

    def number(self, reached: Callable[[p.Decision], exp.Expr], outcome: Callable[[p.Decision], exp.Expr]) -> exp.Expr:
        """The route's number: per decision reached, the number of the way it went (`outcome`:
        the index of its branch taken, STOPPED when it stops, which adds 0)."""
        terms: list[exp.Expr] = []
        for decision, numbers in self.ways:
            ifs = [
                exp.If(this=n.integer(label), true=n.integer(value))
                for label, value in enumerate(numbers)
                if value != 0
            ]
            if not ifs:
                continue
            went = exp.Case(this=outcome(decision), ifs=ifs, default=n.integer(0))
            terms.append(n.case([(reached(decision), went)], n.integer(0)))
        if not terms:
            return n.integer(0)
        total = terms[0]
        for term in terms[1:]:
            total = exp.Add(this=total, expression=term)
        return total

    def containing(self, code: str) -> list[int]:
        return [number for number, route in enumerate(self.routes) if code in route.codes]


def routes(program: p.Program, order: list[p.Step], limit: int = MAX_ROUTES) -> Routes | None:
    """The numbered routes of the steps reachable from the start (`order`: topological), or None
    when there are more than `limit` (or no step)."""
    start = program.start
    if start is None:
        return None
    count: dict[int, int] = {}
    for step in reversed(order):
        targets = program.successors(step)
        own = 1 if isinstance(step, p.Decision) else 0
        count[step.index] = own + sum(1 if isinstance(t, p.End) else count[t.index] for t in targets)
    if count[start.index] > limit:
        return None
    ways: dict[int, tuple[int, ...]] = {}  # per step, the number of each way out
    for step in order:
        values, before = [], 1 if isinstance(step, p.Decision) else 0  # stopping is way 0
        for t in program.successors(step):
            values.append(before if isinstance(step, p.Decision) else 0)
            before += 1 if isinstance(t, p.End) else count[t.index]
        ways[step.index] = tuple(values)
    found: list[Route] = []
    # Depth first, in branch order (a stack, not recursion: a route may be thousands of steps
    # long); an item is the route so far, its ways out, whether it ends there, and its number.
    todo: list[tuple[tuple[p.Step, ...], tuple[int, ...], bool, int]] = [((start,), (), False, 0)]
    while todo:
        here, labels, finished, number = todo.pop()
        step = here[-1]
        if finished or isinstance(step, p.Decision):  # a route ends here (a decision: stopping)
            assert number == len(found)
            found.append(Route(here, labels, finished))
        if finished:
            continue
        later: list[tuple[tuple[p.Step, ...], tuple[int, ...], bool, int]] = []
        for label, (t, way) in enumerate(zip(program.successors(step), ways[step.index], strict=True)):
            if isinstance(t, p.End):
                later.append((here, (*labels, label), True, number + way))
            else:
                later.append(((*here, program.steps[t.index]), (*labels, label), False, number + way))
        todo += reversed(later)
    assert len(found) == count[start.index]
    decisions = tuple((s, ways[s.index]) for s in order if isinstance(s, p.Decision))
    return Routes(tuple(found), decisions)
