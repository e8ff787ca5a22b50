"""The walk in SQL: decisions, the path, the checks, recommendations, needs and errors per row.

No loop: every decision's outcome is computed on every row (`outcome`: the index of the branch
taken, the number of branches for `otherwise`, -1 when it stops for data), and a step is reached
when a step before it was reached and went to it (`reached`, computed level by level along the
longest distance from the start, one CTE per level). A walk follows one route of the decision
graph, which has no loop, so the steps it visits are the reached steps in topological order.

As in `compiler.testing.interpreter`:
- a decision takes its first true branch, unless a branch before it, or its own condition, is
  unknown: then the walk stops there (`path` ends at that decision, without `end`), and `needs`
  gets the inputs behind the unknown conditions evaluated so far (up to the first true one),
  less those the decision tests with `is known`/`is unknown` unless nothing else is left;
- every check runs on every valid row, the walk finished or not; its first true line adds its
  codes unless a line before it is unknown, which adds to `needs` instead;
- recommendations come in the order they were added, each code once (its first time);
- a division by zero, met on the way, makes the row `invalid_input` naming the divisor's inputs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlglot import exp

from compiler.sql import nodes as n
from compiler.sql.expressions import Expressions, Site
from compiler.sql.routes import Routes, routes
from dsl import ir
from dsl import program as p
from dsl.graph import END
from dsl.logic import DIVISION_BY_ZERO

STOPPED = -1
ROUTE = "__route"
ERROR = "STRUCT<input VARCHAR, problem VARCHAR>"


@dataclass(frozen=True)
class Rules:
    """A decision's branches or a check's lines, as evaluated: condition columns in order."""

    name: str  # the outcome column
    conditions: tuple[str, ...]  # the condition columns
    nodes: tuple[ir.Node, ...]
    handled: frozenset[str]
    reached: exp.Expr  # whether the walk evaluates it at all


@dataclass
class Walk:
    """The names and expressions the query's CTEs are made of, worked out once."""

    program: p.Program
    expressions: Expressions
    order: list[p.Step] = field(default_factory=list)  # topological
    levels: list[list[p.Step]] = field(default_factory=list)
    decisions: dict[str, Rules] = field(default_factory=dict)
    checks: list[Rules] = field(default_factory=list)
    conditions: list[tuple[str, ir.Node, p.Span]] = field(default_factory=list)
    routes: Routes | None = None  # None: too many routes to list (`compiler.sql.routes`)

    def __post_init__(self) -> None:
        self.order, self.levels = _levels(self.program)
        self.routes = routes(self.program, self.order)
        for step in self.program.steps:
            if isinstance(step, p.Decision):
                columns = tuple(self.condition(b.condition, b.span) for b in step.branches)
                nodes = tuple(b.condition for b in step.branches)
                self.decisions[step.id] = Rules(f"__o{step.index}", columns, nodes, step.handled, self.reached(step))
        for number, check in enumerate(self.program.checks):
            columns = tuple(self.condition(r.condition, r.span) for r in check.rules)
            nodes = tuple(r.condition for r in check.rules)
            self.checks.append(Rules(f"__k{number}", columns, nodes, check.handled, n.true()))

    def condition(self, node: ir.Node, span: p.Span) -> str:
        name = f"__c{len(self.conditions)}"
        self.conditions.append((name, node, span))
        return name

    def reached(self, step: p.Step) -> exp.Expr:
        if not any(step is s for s in self.order):
            return n.false()
        return n.column(f"__s{step.index}")

    # ---- outcomes ----
    def outcome(self, rules: Rules) -> exp.Expr:
        whens: list[tuple[exp.Expr, exp.Expr]] = []
        for index, name in enumerate(rules.conditions):
            whens.append((n.is_null(n.column(name)), n.integer(STOPPED)))
            whens.append((n.column(name), n.integer(index)))
        return n.case(whens, n.integer(len(rules.conditions)))

    def reach(self, step: p.Step) -> exp.Expr:
        """Whether the walk visits `step`: the start, or a step before it that went to it."""
        if step is self.program.start:
            return n.true()
        ways = []
        for before in self.order:
            for label, target in enumerate(self.program.successors(before)):
                if isinstance(target, p.Goto) and target.step == step.id:
                    ways.append(self.went(before, label))
        return n.or_(*ways)

    def went(self, step: p.Step, label: int) -> exp.Expr:
        match step:
            case p.Action():
                return self.reached(step)
            case p.Decision():
                rules = self.decisions[step.id]
                return n.and_(self.reached(step), exp.EQ(this=n.column(rules.name), expression=n.integer(label)))
            case _:
                raise AssertionError(step)

    def finished(self) -> exp.Expr:
        ways = []
        for step in self.order:
            for label, target in enumerate(self.program.successors(step)):
                if isinstance(target, p.End):
                    ways.append(self.went(step, label))
        return n.or_(*ways)

    def stops(self) -> list[tuple[Rules, exp.Expr]]:
        """Every place a row can stop for data, and when it does."""
        found = []
        for step in self.order:
            if isinstance(step, p.Decision):
                rules = self.decisions[step.id]
                found.append((rules, n.and_(rules.reached, self.stopped(rules))))
        for rules in self.checks:
            found.append((rules, self.stopped(rules)))
        return found

    @staticmethod
    def stopped(rules: Rules) -> exp.Expr:
        return exp.EQ(this=n.column(rules.name), expression=n.integer(STOPPED))

    # ---- the lists of the result ----
    def route(self) -> exp.Expr:
        """The number of the route the walk takes (only when the routes are listed)."""
        assert self.routes is not None
        return self.routes.number(self.reached, lambda d: n.column(self.decisions[d.id].name))

    def path(self) -> exp.Expr:
        if self.routes is not None:
            return n.pick(n.column(ROUTE), [r.path for r in self.routes.routes])
        items = [n.case([(self.reached(s), n.text(s.id))]) for s in self.order]
        items.append(n.case([(self.finished(), n.text(END))]))
        return n.present(items, "VARCHAR")

    def recommendations(self) -> exp.Expr:
        """The codes in the order added, each once: the actions', then the checks'. With the
        routes listed, the actions' are the route's; and when no check adds a code that a route or
        an earlier check can add, each check's are its line's, picked by its outcome (-1, each
        line, `otherwise`: index 0 to lines + 1), with no test of the codes before."""
        if self.routes is not None and not self.repeated():
            lists = [n.pick(n.column(ROUTE), [r.codes for r in self.routes.routes])]
            for rules, check in zip(self.checks, self.program.checks, strict=True):
                if any(rule.codes for rule in check.rules):
                    lines = [(), *(tuple(dict.fromkeys(rule.codes)) for rule in check.rules), ()]
                    lists.append(n.pick(exp.Add(this=n.column(rules.name), expression=n.integer(1)), lines))
            return lists[0] if len(lists) == 1 else exp.Flatten(this=exp.Array(expressions=lists))
        slots: list[tuple[exp.Expr, str]] = []
        if self.routes is None:
            for step in self.order:
                if isinstance(step, p.Action):
                    slots += [(self.reached(step), code) for code in step.recommends]
        checked = len(slots)
        for rules, check in zip(self.checks, self.program.checks, strict=True):
            for index, rule in enumerate(check.rules):
                taken = exp.EQ(this=n.column(rules.name), expression=n.integer(index))
                slots += [(taken, code) for code in rule.codes]
        items = []
        for index, (active, code) in enumerate(slots):
            earlier = [n.not_(a) for a, c in slots[:index] if c == code]
            if self.routes is not None and index >= checked:
                earlier.append(self.without(code))
            first = n.and_(active, *earlier)
            items.append(n.case([(first, n.text(code))]))
        if self.routes is None:
            return n.present(items, "VARCHAR")
        actions = n.pick(n.column(ROUTE), [r.codes for r in self.routes.routes])
        return exp.ArrayConcat(this=actions, expressions=[n.present(items, "VARCHAR")])

    def repeated(self) -> bool:
        """Whether a check adds a code that a route or another check adds too."""
        assert self.routes is not None
        seen = {code for route in self.routes.routes for code in route.codes}
        for check in self.program.checks:
            mine = {code for rule in check.rules for code in rule.codes}
            if mine & seen:
                return True
            seen |= mine
        return False

    def without(self, code: str) -> exp.Expr:
        """TRUE when the route's actions do not add `code` (a positive IN: the route is never NULL)."""
        assert self.routes is not None
        having = set(self.routes.containing(code))
        if not having:
            return n.true()
        others = [number for number in range(len(self.routes.routes)) if number not in having]
        if not others:
            return n.false()
        return exp.In(this=n.column(ROUTE), expressions=[n.integer(x) for x in others])

    def behind(self, rules: Rules, name: str) -> exp.Expr:
        """Input `name` is behind one of the unknown conditions evaluated (those up to the first
        true one)."""
        parts = []
        for index, (column, node) in enumerate(zip(rules.conditions, rules.nodes, strict=True)):
            if name not in self.expressions.reads.inputs(node):
                continue
            before = [n.not_true(n.column(c)) for c in rules.conditions[:index]]
            parts.append(n.and_(*before, n.is_null(n.column(column)), self.expressions.member(node, name)))
        return n.or_(*parts)

    def needs(self) -> tuple[exp.Expr, exp.Expr]:
        """The sorted list of inputs to ask for, and whether the row stopped anywhere."""
        asked: dict[str, list[exp.Expr]] = defaultdict(list)
        stops = self.stops()
        for rules, stopped in stops:
            read = sorted(frozenset().union(*(self.expressions.reads.inputs(c) for c in rules.nodes)))
            others = [name for name in read if name not in rules.handled]
            for name in read:
                mine = self.behind(rules, name)
                if name in rules.handled and others:  # asked only when nothing else is
                    mine = n.and_(mine, n.not_(n.or_(*(self.behind(rules, o) for o in others))))
                asked[name].append(n.and_(stopped, mine))
        items = [n.case([(n.or_(*asked[name]), n.text(name))]) for name in sorted(asked)]
        return n.present(items, "VARCHAR"), n.or_(*(stopped for _, stopped in stops))

    # ---- divisions by zero ----
    def evaluations(self) -> list[tuple[exp.Expr, list[Site]]]:
        """Each condition the walk may evaluate, in the order it would, with its divisions."""
        found = []
        ordered = [self.decisions[s.id] for s in self.order if isinstance(s, p.Decision)] + self.checks
        for rules in ordered:
            for index, node in enumerate(rules.nodes):
                sites = self.expressions.sites(node)
                if sites:
                    before = [n.not_true(n.column(c)) for c in rules.conditions[:index]]
                    found.append((n.and_(rules.reached, *before), sites))
        return found

    def division(self) -> tuple[exp.Expr, list[tuple[int, tuple[str, ...]]]] | None:
        """The number of the first division by zero the row meets (NULL: none), and what each
        number blames; None when the guideline divides by no value."""
        whens = []
        blamed: list[tuple[int, tuple[str, ...]]] = []
        for evaluated, sites in self.evaluations():
            for site in sites:
                number = len(blamed)
                blamed.append((number, site.blamed))
                whens.append((n.and_(evaluated, self.expressions.fires(site)), n.integer(number)))
        if not whens:
            return None
        return n.case(whens), blamed


def division_errors(column: exp.Expr, blamed: list[tuple[int, tuple[str, ...]]]) -> exp.Expr:
    cases = []
    for number, names in blamed:
        items = [n.struct([("input", n.text(name)), ("problem", n.text(DIVISION_BY_ZERO))]) for name in names]
        cases.append((exp.EQ(this=column, expression=n.integer(number)), n.array(items, ERROR)))
    return n.case(cases, n.array([], ERROR))


def _levels(program: p.Program) -> tuple[list[p.Step], list[list[p.Step]]]:
    """The steps reachable from the start in topological order, and grouped by their longest
    distance from it (a step's level comes after every level of a step before it)."""
    start = program.start
    if start is None:
        return [], []
    reachable: dict[int, p.Step] = {}
    stack = [start]
    while stack:
        step = stack.pop()
        if step.index in reachable:
            continue
        reachable[step.index] = step
        stack += [program.steps[t.index] for t in program.successors(step) if isinstance(t, p.Goto)]
    incoming: dict[int, int] = dict.fromkeys(reachable, 0)
    for step in reachable.values():
        for t in program.successors(step):
            if isinstance(t, p.Goto):
                incoming[t.index] += 1
    level = {start.index: 0}
    ready = [start.index]
    order: list[p.Step] = []
    while ready:
        ready.sort()
        index = ready.pop(0)
        step = reachable[index]
        order.append(step)
        for t in program.successors(step):
            if isinstance(t, p.Goto):
                level[t.index] = max(level.get(t.index, 0), level[index] + 1)
                incoming[t.index] -= 1
                if incoming[t.index] == 0:
                    ready.append(t.index)
    levels: list[list[p.Step]] = [[] for _ in range(max(level.values()) + 1)]
    for step in order:
        levels[level[step.index]].append(step)
    return order, levels
