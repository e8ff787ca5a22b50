"""`check(guideline)`: every semantic problem at once, as positioned diagnostics."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import product

import networkx as nx

from dsl import model as m
from dsl.errors import Diagnostic, closest, did_you_mean, sort_key
from dsl.graph import END, build_graph
from dsl.semantics import Analysis, analyze
from dsl.verify import Verification, verify


@dataclass(frozen=True)
class Checked:
    """A guideline with everything the later stages need, when it has no errors."""

    guideline: m.Guideline
    analysis: Analysis
    graph: nx.DiGraph
    diagnostics: tuple[Diagnostic, ...]  # errors and warnings
    verification: Verification | None = None  # only for a guideline without other errors

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")


def check(guideline: m.Guideline) -> list[Diagnostic]:
    """Every problem of the guideline (errors and warnings), sorted by position."""
    return list(check_all(guideline).diagnostics)


def check_all(guideline: m.Guideline) -> Checked:
    analysis = analyze(guideline)
    graph = build_graph(guideline)
    checker = _Checker(guideline, analysis, graph)
    problems = list(analysis.diagnostics) + checker.run()
    verification = None
    if not problems and checker.acyclic:
        verification = verify(guideline, analysis, graph)
        problems += verification.diagnostics
    if checker.acyclic:
        problems += checker.groups(verification)
    unique = sorted(set(problems), key=sort_key)
    return Checked(guideline, analysis, graph, tuple(unique), verification)


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
                    self.error(span, f"'{name}' is already {what}, on line {first[name].line}")
                else:
                    first[name] = span
        for step in self.g.steps:
            if step.id == END:
                self.error(step.span, "'end' is reserved for the end of the pathway: choose another name")

    def references(self) -> None:
        for step in self.g.steps:
            targets = []
            if isinstance(step, m.Decision):
                targets = [b.target for b in step.branches] + ([step.otherwise] if step.otherwise else [])
            else:
                targets = [step.next] if step.next else []
                for ref in step.recommends:
                    self.known(ref, self.codes, "a recommendation")
            for target in targets:
                if target.step == END:
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
            if rec.text is None:
                self.error(rec.span, f"recommendation '{rec.code}' has no text: add 'text \"...\"'")
            if not rec.citations:
                self.error(rec.span, f"recommendation '{rec.code}' cites no source: add 'cites KEY'")
        for group in self.g.groups:
            for ref in group.members:
                self.known(ref, self.codes, "a recommendation")

    def known(self, ref: m.Ref, table: Iterable[str], what: str) -> None:
        if ref.name not in table:
            meant = closest(ref.name, table)
            if meant is not None:
                self.meant.add(meant)
            self.error(ref.span, f"'{ref.name}' is not {what}{did_you_mean(ref.name, table)}")

    def unused(self) -> None:
        used = self.analysis.used
        for i in self.g.inputs:
            if i.name not in used:
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
            self.error(self.g.span, "the guideline has no steps: add a 'decision' or an 'action'")
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
        """Each group's cardinality on every route a patient can take (every path, if unknown)."""
        found: list[Diagnostic] = []
        for group in self.g.groups:
            if group.cardinality is None or not group.members:
                continue
            members = frozenset(r.name for r in group.members)
            if verification is not None and verification.enumerated:
                outcomes = self.route_outcomes(members, verification)
            else:
                outcomes = self.outcomes(members)
            for outcome, path in outcomes:
                problem = _violation(group.cardinality, outcome)
                if problem:
                    route = " -> ".join(path)
                    message = f"group '{group.name}' allows {group.cardinality}, but the path {route} gives {problem}"
                    found.append(Diagnostic(group.span, message))
                    break
        return found

    def route_outcomes(
        self, members: frozenset[str], verification: Verification
    ) -> Iterator[tuple[frozenset[str], list[str]]]:
        check_sets = self.check_sets(members)
        for report in verification.feasible_routes:
            held = frozenset().union(*(self.gives(step, members) for step in report.steps))
            for combination in product(*check_sets):
                yield held.union(*combination), list(report.steps)

    def check_sets(self, members: frozenset[str]) -> list[set[frozenset[str]]]:
        """What each check may add: nothing, or one of its lines' codes."""
        return [
            {frozenset()} | {frozenset(r.name for r in rule.codes) & members for rule in c.rules} for c in self.g.checks
        ]

    def outcomes(self, members: frozenset[str]) -> Iterator[tuple[frozenset[str], list[str]]]:
        """Each set of group members a complete result can hold, with a path that gives it."""
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
        check_sets = self.check_sets(members)
        for held in sorted(reached.get(END, {}), key=sorted):
            path, link = [END], reached[END][held]
            while link is not None:
                path.append(link[0])
                link = reached[link[0]][link[1]]
            for combination in product(*check_sets):
                yield held.union(*combination), path[::-1]

    def gives(self, node: str, members: frozenset[str]) -> frozenset[str]:
        return frozenset(self.graph.nodes[node]["recommendations"]) & members


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
