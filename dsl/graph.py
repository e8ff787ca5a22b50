"""`Program` → `networkx.DiGraph` whose node keys are the author's step ids, plus `end`.

Node attributes: `kind` (decision, action, end), `label`, `conditions` (a decision's branch
conditions as written, in order, ending with `otherwise`), `recommendations` (an action's codes),
`citations` (the source keys behind them), `file` and `line`. Edge attributes: `branches`, the
decision branches (or the action's `then`) that lead along the edge, each with its `index`
(position in the decision; `THEN`, -1, for `otherwise` and `then`), `condition` as written and `line`.
Graph attributes: `id`, `title`, `version`, `status`, `start` and `checks`.

The checker builds the same graph from a model that may still have errors (`assemble` with its own
`StepView`s), to find loops and unreachable steps before a `Program` can exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple, assert_never

import networkx as nx

from dsl import program as p
from dsl.text import quoted, visible

END = "end"
OTHERWISE = "otherwise"
THEN = -1  # the index of an `otherwise` or a `then` among a step's ways on


class Way(NamedTuple):
    """One way on from a step: its branch position (`THEN` for `otherwise` and `then`), the step it
    leads to (None: the end), the condition as written, and its line."""

    position: int
    target: str | None
    condition: str
    line: int


class StepView(NamedTuple):
    """What the graph records of a step, from a `Program` or (for the checker) from a model."""

    id: str
    kind: str  # decision or action
    label: str
    line: int
    conditions: tuple[str, ...]
    recommendations: tuple[str, ...]
    ways: tuple[Way, ...]


def build_graph(program: p.Program) -> nx.DiGraph:
    """The decision graph of a program."""
    citations = {r.code: r.citations for r in program.recommendations}
    views = []
    for step in program.steps:
        match step:
            case p.Decision():
                ways = tuple(Way(n, _step(b.target), b.text, b.span.line) for n, b in enumerate(step.branches)) + (
                    Way(THEN, _step(step.otherwise), OTHERWISE, step.otherwise.span.line),
                )
                conditions = tuple(b.text for b in step.branches) + (OTHERWISE,)
                views.append(StepView(step.id, "decision", step.label or step.id, step.span.line, conditions, (), ways))
            case p.Action():
                way = Way(THEN, _step(step.next), "then", step.next.span.line)
                views.append(
                    StepView(step.id, "action", step.label or step.id, step.span.line, (), step.recommends, (way,))
                )
            case _:
                assert_never(step)
    header = {"id": program.id, "title": program.title, "version": program.version, "status": program.status}
    checks = tuple((c.id, c.label or c.id, tuple(r.text for r in c.rules)) for c in program.checks)
    return assemble(header, program.filename, views, citations, checks)


def _step(target: p.Target) -> str | None:
    return target.step if isinstance(target, p.Goto) else None


def assemble(
    header: Mapping[str, str],
    filename: str,
    steps: Iterable[StepView],
    citations: Mapping[str, tuple[str, ...]],
    checks: tuple[tuple[str, str, tuple[str, ...]], ...],
) -> nx.DiGraph:
    """The graph of the steps; the first step is the start. A way to a step that is not there is
    left out (the checker reports it), and so is a second step of the same id."""
    views = list(steps)
    graph = nx.DiGraph(**header, start=views[0].id if views else END, checks=checks)
    kept = []
    for view in views:
        if view.id in graph:
            continue  # a duplicate id: the checker reports it; the first one counts
        if view.id != END:  # a step named `end` (reported) is the end: nothing leads on from it
            kept.append(view)
        keys = tuple(dict.fromkeys(k for code in view.recommendations for k in citations.get(code, ())))
        graph.add_node(
            view.id,
            kind=view.kind,
            label=view.label,
            conditions=view.conditions,
            recommendations=view.recommendations,
            citations=keys,
            file=filename,
            line=view.line,
        )
    graph.add_node(END, kind="end", label="End", conditions=(), recommendations=(), citations=(), file=filename, line=0)
    for view in kept:
        for way in view.ways:
            node = END if way.target is None else way.target
            if node not in graph or (node == END and way.target is not None):
                continue
            branch = {"index": way.position, "condition": way.condition, "line": way.line}
            if graph.has_edge(view.id, node):
                graph.edges[view.id, node]["branches"] += (branch,)
            else:
                graph.add_edge(view.id, node, branches=(branch,))
    return graph


def count_paths(graph: nx.DiGraph) -> int:
    """Paths from the start to `end`, each branch counted, without listing them (graph must be a DAG)."""
    ways: dict[str, int] = {END: 1}
    for node in reversed(list(nx.topological_sort(graph))):
        if node != END:
            ways[node] = sum(len(data["branches"]) * ways[t] for _, t, data in graph.out_edges(node, data=True))
    return ways.get(graph.graph["start"], 0)


def summary_text(graph: nx.DiGraph) -> str:
    """The graph in words: counts, then each step with its recommendations and branches in order.
    Every id, label, condition and rule is shown with `dsl.text.visible`: a guideline's text cannot
    start a line of its own, recolour or hide the rest (a line break inside a label shows as `\\n`)."""
    kinds = [graph.nodes[n]["kind"] for n in graph]
    info = graph.graph
    counts = ", ".join(
        _plural(n, word)
        for n, word in ((kinds.count("decision"), "decision"), (kinds.count("action"), "action"),
                        (graph.number_of_edges(), "edge"), (count_paths(graph), "path"))
    )  # fmt: skip
    lines = [f"{visible(info['id'])} {visible(info['version'])}: {counts} from {quoted(info['start'])} to the end"]
    for node, data in graph.nodes(data=True):
        if data["kind"] == "end":
            continue
        lines.append(f"{visible(node)} ({data['kind']}, line {data['line']}): {visible(data['label'])}")
        lines += [f"    recommends {visible(code)}" for code in data["recommendations"]]
        branches = sorted(
            (b["index"] if b["index"] >= 0 else len(data["conditions"]), b["condition"], target)
            for _, target, edge in graph.out_edges(node, data=True)
            for b in edge["branches"]
        )
        lines += [f"    {visible(condition)} -> {visible(target)}" for _, condition, target in branches]
    for check, label, rules in info["checks"]:
        lines.append(f"check {visible(check)}: {visible(label)}")
        lines += [f"    when {visible(rule)}" for rule in rules]
    return "\n".join(lines) + "\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
