"""`check(guideline)`: every semantic problem at once, as positioned diagnostics."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import product

import networkx as nx

from dsl import ir, reasons
from dsl import model as m
from dsl.errors import Diagnostic, closest, did_you_mean, sort_key
from dsl.graph import END, OTHERWISE, THEN, StepView, Way, assemble
from dsl.imports import imported_at, library_problems
from dsl.lower import lower
from dsl.program import Program
from dsl.semantics import Analysis, analyze
from dsl.verify.routes import Verification, verify
from dsl.verify.solver import Constraint


@dataclass(frozen=True)
class Report:
    """Everything the checker found, and the program when nothing stood in the way of one."""

    guideline: m.Guideline
    diagnostics: tuple[Diagnostic, ...]  # errors and warnings, sorted by position
    program: Program | None  # None when the checks before verification found an error
    verification: Verification | None  # verified when there is a program

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def texts(self) -> dict[str, str]:
        """Each file's text by name, the libraries' included, for showing a diagnostic's line."""
        return self.guideline.texts


def check(guideline: m.Guideline) -> list[Diagnostic]:
    """Every problem of the guideline (errors and warnings), sorted by position."""
    return list(check_all(guideline).diagnostics)


def step_graph(guideline: m.Guideline) -> nx.DiGraph:
    """The decision graph of a model that may still have errors: what is missing is left out."""
    g = guideline
    views = []
    for step in g.steps:
        label = step.label or step.id
        if isinstance(step, m.Decision):
            ways = [Way(n, b.target.step, b.text, b.span.line) for n, b in enumerate(step.branches)]
            if step.otherwise is not None:
                ways.append(Way(THEN, step.otherwise.step, OTHERWISE, step.otherwise.span.line))
            conditions = tuple(b.text for b in step.branches) + (OTHERWISE,)
            views.append(StepView(step.id, "decision", label, step.span.line, conditions, (), tuple(ways)))
        else:
            ways = [Way(THEN, step.next.step, "then", step.next.span.line)] if step.next is not None else []
            codes = tuple(r.name for r in step.recommends)
            views.append(StepView(step.id, "action", label, step.span.line, (), codes, tuple(ways)))
    header = {
        "id": g.id.value if g.id else "",
        "title": g.title.value if g.title else "",
        "version": g.version.value if g.version else "",
        "status": g.status.value if g.status else "",
    }
    citations = {r.code: tuple(c.name for c in r.citations) for r in g.recommendations}
    checks = tuple((c.id, c.label or c.id, tuple(r.text for r in c.rules)) for c in g.checks)
    return assemble(header, g.filename, views, citations, checks)


def check_all(guideline: m.Guideline, earlier: Iterable[Diagnostic] = (), verified: bool = True) -> Report:
    """Names, types, units and the graph's shape; then, when they hold, the program is lowered and
    verified; group cardinalities last (proved on the routes when there is a verification).
    `earlier`: what the stages before found (the imports, `dsl.imports.resolve`). A library is
    checked for its inputs alone, and has no program. Not `verified`: the program is lowered but not
    verified (`dsl.pipeline.lower_text`), unless a group's cardinality may break on some path of
    the graph: that is then proved or refuted on the verifier's routes, as `check` does (a path no
    patient takes must not refuse a text that `check` accepts). When no path can break any group,
    no route can, and the verifier has nothing to add to the groups."""
    analysis = analyze(guideline)
    if guideline.library is not None:
        problems = list(earlier) + list(analysis.diagnostics) + library_problems(guideline)
        return Report(guideline, tuple(sorted(set(problems), key=sort_key)), None, None)
    graph = step_graph(guideline)
    checker = _Checker(guideline, analysis, graph)
    problems = list(earlier) + list(analysis.diagnostics) + checker.run()
    program, verification = None, None
    if checker.acyclic and not any(d.severity == "error" for d in problems):
        program = lower(guideline, analysis)
        if not verified and not checker.groups(None):  # the routes are a subset of the paths
            return Report(guideline, tuple(sorted(set(problems), key=sort_key)), program, None)
        verification = verify(program)
        problems += verification.diagnostics
    if checker.acyclic and guideline.steps:
        problems += checker.groups(verification)
    unique = sorted(set(problems), key=sort_key)
    return Report(guideline, tuple(unique), program, verification)


def _place(span: m.Span, here: m.Span) -> str:
    """Where `span` is, said from `here`: its line, and its file when that is another one."""
    return f"on line {span.line}" if span.filename == here.filename else f"on line {span.line} of {span.filename}"


class _Checker:
    def __init__(self, guideline: m.Guideline, analysis: Analysis, graph: nx.DiGraph) -> None:
        self.g = guideline
        self.analysis = analysis
        self.graph = graph
        self.problems: list[Diagnostic] = []
        self.steps = {s.id: s for s in guideline.steps}
        self.codes = {r.code: r for r in guideline.recommendations}
        self.sources = {s.key: s for s in guideline.sources}
        self.acyclic = False
        # The names misspelled references most likely meant: not reported again as unused or unreachable.
        self.meant: set[str] = set()

    def error(self, span: m.Span, message: str) -> None:
        self.problems.append(Diagnostic(span, message))

    def run(self) -> list[Diagnostic]:
        self.duplicates()
        self.references()
        self.problems += reasons.problems(self.g, report_unused=bool(self.g.steps))
        if self.g.steps:  # without steps nothing is used: that one error says it all
            self.unused()
        self.shapes()
        self.acyclic = not self.cycles()
        self.reachability()
        return self.problems

    # ---- names ----
    def duplicates(self) -> None:
        namespaces: list[tuple[str, Iterable[tuple[str, m.Span]]]] = [
            (
                "an input or a definition",
                [(i.name, i.span) for i in self.g.inputs] + [(d.name, d.span) for d in self.g.definitions],
            ),
            ("a step or a check", [(s.id, s.span) for s in self.g.steps] + [(c.id, c.span) for c in self.g.checks]),
            ("a recommendation", [(r.code, r.span) for r in self.g.recommendations]),
            ("a source", [(s.key, s.span) for s in self.g.sources]),
            ("a group", [(gr.name, gr.span) for gr in self.g.groups]),
        ]
        for what, names in namespaces:
            first: dict[str, m.Span] = {}
            for name, span in names:
                if name in first:
                    self.error(span, f"'{name}' is already {what}, {_place(first[name], span)}")
                else:
                    first[name] = span
        for step in self.g.steps:
            if step.id == END:
                self.error(step.span, "'end' is reserved for the end of the pathway: choose another name")

    def references(self) -> None:
        named_end = self.steps.get(END)
        for step in self.g.steps:
            targets = []
            if isinstance(step, m.Decision):
                targets = [b.target for b in step.branches] + ([step.otherwise] if step.otherwise else [])
            else:
                targets = [step.next] if step.next else []
                for ref in step.recommends:
                    self.known(ref, self.codes, "a recommendation")
            for target in targets:
                if target.step == END and named_end is not None:
                    line = named_end.span.line
                    self.error(target.span, f"'end' is reserved: rename the step 'end' (line {line}) and go to it")
                elif target.step == END:
                    self.error(target.span, "to finish the pathway write 'end', not 'go to end'")
                elif target.step is not None:
                    self.known(m.Ref(target.step, target.span), self.steps, "a step")
        for check in self.g.checks:
            for rule in check.rules:
                for ref in rule.codes:
                    self.known(ref, self.codes, "a recommendation")
        for definition in self.g.definitions:
            for ref in definition.citations:
                self.known(ref, self.sources, "a source")
        for rec in self.g.recommendations:
            for ref in rec.citations:
                self.known(ref, self.sources, "a source")
            if rec.text is None and rec.reasons:
                message = f"recommendation '{rec.code}' has no text for its reason to follow: add 'text \"...\"'"
                self.error(rec.span, message)
            elif rec.text is None:
                self.error(rec.span, f"recommendation '{rec.code}' has no text: add 'text \"...\"'")
            if not rec.citations:
                self.error(rec.span, f"recommendation '{rec.code}' cites no source: add 'cites KEY'")
        for group in self.g.groups:
            listed: dict[str, m.Span] = {}
            for ref in group.members:
                self.known(ref, self.codes, "a recommendation")
                if ref.name in listed:
                    line = listed[ref.name].line
                    self.error(ref.span, f"'{ref.name}' is already in group '{group.name}', on line {line}")
                listed.setdefault(ref.name, ref.span)

    def known(self, ref: m.Ref, table: Iterable[str], what: str) -> None:
        if ref.name not in table:
            meant = closest(ref.name, table)
            if meant is not None:
                self.meant.add(meant)
            self.error(ref.span, f"'{ref.name}' is not {what}{did_you_mean(ref.name, table)}")

    def unused(self) -> None:
        used = self.analysis.used
        imported = imported_at(self.g)
        for i in self.g.inputs:
            if i.name in imported and i.name not in used:
                self.error(imported[i.name].span, f"'{i.name}' is imported but never used")
            elif i.name not in used:
                self.error(i.span, f"input '{i.name}' is never used")
        for d in self.g.definitions:
            if d.name not in used:
                self.error(d.span, f"definition '{d.name}' is never used")
        recommended = {r.name for s in self.g.steps if isinstance(s, m.Action) for r in s.recommends}
        recommended |= {r.name for c in self.g.checks for rule in c.rules for r in rule.codes}
        for rec in self.g.recommendations:
            if rec.code not in recommended | self.meant:
                self.error(rec.span, f"recommendation '{rec.code}' is never recommended")
        cited = {r.name for d in self.g.definitions for r in d.citations}
        cited |= {r.name for rec in self.g.recommendations for r in rec.citations}
        for source in self.g.sources:
            if source.key not in cited | self.meant:
                self.error(source.span, f"source '{source.key}' is never cited")

    # ---- steps and groups ----
    def shapes(self) -> None:
        if not self.g.steps:
            where = self.g.id.span if self.g.id is not None else self.g.span  # the header, not a comment above it
            self.error(where, "the guideline has no steps: add a 'decision' or an 'action'")
        for step in self.g.steps:
            if isinstance(step, m.Decision):
                if not step.branches:
                    self.error(step.span, f"decision '{step.id}' has no 'when' branch")
                if step.otherwise is None:
                    self.error(
                        step.span,
                        f"decision '{step.id}' has no 'otherwise': add 'otherwise go to STEP' or 'otherwise end'",
                    )
            elif step.next is None:
                self.error(step.span, f"action '{step.id}' never ends: add 'then go to STEP' or 'then end'")
        for group in self.g.groups:
            if group.cardinality is None:
                self.error(group.span, f"group '{group.name}' needs 'exactly one', 'at most one' or 'at least one'")
            if not group.members:
                self.error(group.span, f"group '{group.name}' includes no recommendation")

    def cycles(self) -> bool:
        found = False
        for component in nx.strongly_connected_components(self.graph):
            node = min(component, key=lambda n: self.graph.nodes[n]["line"])
            if len(component) > 1 or self.graph.has_edge(node, node):
                loop = " -> ".join(_cycle_from(self.graph, node))
                self.error(self.steps[node].span, f"the pathway loops back on itself: {loop}")
                found = True
        return found

    def reachability(self) -> None:
        """Steps no path reaches, and (without loops, reported already) steps no path leaves."""
        if not self.g.steps or any(step.id == END for step in self.g.steps):  # 'end' as a name: reported
            return
        # A misspelled 'go to' target most likely meant a step: what follows that step is not
        # reported as unreachable on top of the misspelling.
        roots = {self.graph.graph["start"]} | (self.meant & set(self.steps))
        reachable = set(roots).union(*(nx.descendants(self.graph, root) for root in roots))
        ends = nx.ancestors(self.graph, END) | {END}
        for step in self.g.steps:
            if step.id not in self.graph or self.graph.nodes[step.id]["line"] != step.span.line:
                continue
            if step.id not in reachable:
                self.error(step.span, f"step '{step.id}' cannot be reached from the start ('{self.g.steps[0].id}')")
            elif self.acyclic and step.id not in ends and self.graph.out_degree(step.id) > 0:
                # A step with no way out at all was already reported for its missing exit.
                self.error(step.span, f"no path from step '{step.id}' ever reaches the end")

    def groups(self, verification: Verification | None) -> list[Diagnostic]:
        """Each group's cardinality on every route a patient can take (every path, if unknown).

        A check line's codes count on a route only if a patient can take the route and meet that
        line (and, for a check adding nothing, fail or leave undecided its lines); what the solver
        cannot settle either way is reported as what the path *may* give."""
        found: list[Diagnostic] = []
        for group in self.g.groups:
            if group.cardinality is None or not group.members:
                continue
            members = frozenset(r.name for r in group.members)
            options = [self.check_options(c, members, verification is not None) for c in self.g.checks]
            if verification is not None and verification.enumerated:
                violation = self.route_violation(group.cardinality, members, options, verification)
            else:
                violation = self.path_violation(group.cardinality, members, options, verification)
            if violation is not None:
                path, problem, combination, proved = violation
                route = " -> ".join(path)
                if proved:
                    adds = "; ".join(f"check '{o.check}' adds {_codes(o)}" for o in combination if o.held)
                    gives = f"gives {problem}" + (f" ({adds})" if adds else "")
                else:
                    adds = "; ".join(f"check '{o.check}' may add {_codes(o)}" for o in combination if o.uncertain)
                    gives = f"may give {problem} ({adds})"
                message = f"group '{group.name}' allows {group.cardinality}, but the path {route} {gives}"
                found.append(Diagnostic(group.span, message))
        return found

    def route_violation(
        self,
        cardinality: m.Cardinality,
        members: frozenset[str],
        options: list[list[_Option]],
        verification: Verification,
    ) -> _Violation | None:
        """The first feasible route and check outcomes that break the cardinality, proved if
        possible; otherwise the first the solver could not rule out."""
        maybe: _Violation | None = None
        for report in verification.feasible_routes:
            held = frozenset().union(*(self.gives(step, members) for step in report.steps))
            for combination in product(*options):
                problem = _violation(cardinality, held.union(*(o.held for o in combination)))
                if problem is None:
                    continue
                extra = [o.constraint for o in combination if o.constraint is not None]
                if not extra:
                    return list(report.steps), problem, combination, True
                witness, undecided = verification.solve_on(report.route, extra)
                if witness is not None:
                    return list(report.steps), problem, combination, True
                if undecided and maybe is None:
                    maybe = list(report.steps), problem, combination, False
        return maybe

    def path_violation(
        self,
        cardinality: m.Cardinality,
        members: frozenset[str],
        options: list[list[_Option]],
        verification: Verification | None,
    ) -> _Violation | None:
        """Without the routes: the first path through the graph that can break the cardinality.
        Check outcomes that no patient can meet at all are left out."""
        for held, path in self.outcomes(members):
            for combination in product(*options):
                problem = _violation(cardinality, held.union(*(o.held for o in combination)))
                if problem is None:
                    continue
                extra = [o.constraint for o in combination if o.constraint is not None]
                if not any(o.uncertain for o in combination):
                    return path, problem, combination, True
                if verification is not None:
                    witness, undecided = verification.solve_on(None, extra)
                    if witness is None and not undecided:
                        continue
                return path, problem, combination, False
        return None

    def check_options(self, check: m.Check, members: frozenset[str], solvable: bool) -> list[_Option]:
        """What a check can add of a group's codes: none, or one of its lines' codes, each with the
        condition a patient must meet for it (None when nothing is asked or nothing can be solved)."""
        held = [frozenset(r.name for r in rule.codes) & members for rule in check.rules]
        if not any(held):
            return [_Option(check.id, frozenset(), (), None)]
        if not solvable:
            where = {h: tuple(r.span.line for r, g in zip(check.rules, held, strict=True) if g == h) for h in held}
            possible = dict.fromkeys([frozenset(), *held])
            return [_Option(check.id, h, where[h] if h else (), None, settled=False) for h in possible]
        conditions = [self.analysis.condition(rule.condition) for rule in check.rules]

        def after_false(i: int, last: ir.Node) -> ir.Node:
            if i == 0:
                return last
            return ir.Logical("and", (*(ir.Not(c) for c in conditions[:i]), last))

        # The outcomes of a check, one of which happens: line i adds its codes (the lines before it
        # false, it true); line i is unknown (before it false) and nothing is added; every line false.
        ways: dict[frozenset[str], list[tuple[int | None, ir.Node]]] = {frozenset(): []}
        for i, rule in enumerate(check.rules):
            ways.setdefault(held[i], []).append((rule.span.line, after_false(i, conditions[i])))
        ways[frozenset()] += [(None, after_false(i, ir.KnownTest(c, False))) for i, c in enumerate(conditions)]
        ways[frozenset()].append((None, after_false(len(conditions) - 1, ir.Not(conditions[-1]))))
        options = []
        for codes, alternatives in ways.items():
            nodes = tuple(node for _, node in alternatives)
            node = nodes[0] if len(nodes) == 1 else ir.Logical("or", nodes)
            lines = tuple(sorted({line for line, _ in alternatives if line is not None})) if codes else ()
            label = f"check '{check.id}' adds " + (", ".join(sorted(codes)) if codes else "none of the group")
            options.append(_Option(check.id, codes, lines, Constraint(node, True, label, check.span)))
        return options

    def outcomes(self, members: frozenset[str]) -> Iterator[tuple[frozenset[str], list[str]]]:
        """Each set of group members a complete pathway can give, with a path that gives it."""
        start = self.graph.graph["start"]
        if start not in self.graph:
            return
        # reached[node][held] = the (node, held) it was first reached from: a path, without copying it.
        Link = tuple[str, frozenset[str]] | None
        reached: dict[str, dict[frozenset[str], Link]] = {start: {self.gives(start, members): None}}
        for node in nx.topological_sort(self.graph):
            for held in reached.get(node, {}):
                for successor in self.graph.successors(node):
                    new = held | self.gives(successor, members)
                    reached.setdefault(successor, {}).setdefault(new, (node, held))
        for held in sorted(reached.get(END, {}), key=sorted):
            path, link = [END], reached[END][held]
            while link is not None:
                path.append(link[0])
                link = reached[link[0]][link[1]]
            yield held, path[::-1]

    def gives(self, node: str, members: frozenset[str]) -> frozenset[str]:
        return frozenset(self.graph.nodes[node]["recommendations"]) & members


@dataclass(frozen=True)
class _Option:
    """One outcome of a check for a group: the group's codes it adds (`held`), from `lines`."""

    check: str
    held: frozenset[str]
    lines: tuple[int, ...]
    constraint: Constraint | None  # what a patient meets for it; None: nothing asked, or no solver
    settled: bool = True  # False: there is no solver to tell whether a patient can get it

    @property
    def uncertain(self) -> bool:
        return self.constraint is not None or not self.settled


_Violation = tuple[list[str], str, tuple[_Option, ...], bool]  # path, what it gives, check outcomes, proved


def _codes(option: _Option) -> str:
    lines = " or ".join(str(n) for n in option.lines)
    return f"{', '.join(sorted(option.held)) or 'none of them'}" + (f", line {lines}" if lines else "")


def _violation(cardinality: m.Cardinality, held: frozenset[str]) -> str | None:
    count = len(held)
    if cardinality == "exactly one" and count == 1 or cardinality == "at most one" and count <= 1:
        return None
    if cardinality == "at least one" and count >= 1:
        return None
    return "none" if count == 0 else f"{count}: {', '.join(sorted(held))}"


def _cycle_from(graph: nx.DiGraph, node: str) -> list[str]:
    cycle = nx.find_cycle(graph, node)
    return [edge[0] for edge in cycle] + [cycle[-1][1]]
