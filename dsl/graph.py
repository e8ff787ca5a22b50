"""`Guideline` → `networkx.DiGraph` whose node keys are the author's step ids, plus `end`.

Node attributes: `kind` (decision, action, end), `label`, `conditions` (a decision's branch
conditions as written, in order, ending with `otherwise`), `recommendations` (an action's codes),
`citations` (the source keys behind them), `file` and `line`. Edge attributes: `branches`, the
decision branches (or the action's `then`) that lead along the edge, each with its `index`
(position in the decision; -1 for `otherwise` and `then`), `condition` as written and `line`.
Graph attributes: `id`, `title`, `version`, `status`, `start` and `checks`.
"""

from __future__ import annotations

import networkx as nx

from dsl import model as m

END = "end"
OTHERWISE = "otherwise"


def build_graph(guideline: m.Guideline) -> nx.DiGraph:
    """The decision graph; targets that name no step are left out (the checker reports them)."""
    g = guideline
    graph = nx.DiGraph(
        id=g.id.value if g.id else "",
        title=g.title.value if g.title else "",
        version=g.version.value if g.version else "",
        status=g.status.value if g.status else "",
        start=g.start.id if g.start else END,
        checks=tuple((c.id, c.label or c.id, tuple(r.text for r in c.rules)) for c in g.checks),
    )
    citations = {r.code: tuple(c.name for c in r.citations) for r in g.recommendations}
    for step in g.steps:
        if step.id in graph:
            continue  # a duplicate id: the checker reports it; the first one counts
        common = {"label": step.label or step.id, "file": g.filename, "line": step.span.line}
        if isinstance(step, m.Decision):
            conditions = tuple(b.text for b in step.branches) + (OTHERWISE,)
            graph.add_node(step.id, kind="decision", conditions=conditions, recommendations=(), citations=(), **common)
        else:
            codes = tuple(r.name for r in step.recommends)
            keys = tuple(dict.fromkeys(k for code in codes for k in citations.get(code, ())))
            graph.add_node(step.id, kind="action", conditions=(), recommendations=codes, citations=keys, **common)
    graph.add_node(
        END, kind="end", label="End", conditions=(), recommendations=(), citations=(), file=g.filename, line=0
    )
    for step in g.steps:
        if graph.nodes[step.id]["line"] != step.span.line:
            continue
        if isinstance(step, m.Decision):
            for index, branch in enumerate(step.branches):
                _connect(graph, step.id, branch.target, index, branch.text, branch.span.line)
            if step.otherwise is not None:
                _connect(graph, step.id, step.otherwise, -1, OTHERWISE, step.otherwise.span.line)
        elif step.next is not None:
            _connect(graph, step.id, step.next, -1, "then", step.next.span.line)
    return graph


def _connect(graph: nx.DiGraph, source: str, target: m.Target, index: int, condition: str, line: int) -> None:
    node = END if target.step is None else target.step
    if node not in graph or (node == END and target.step is not None):
        return
    branch = {"index": index, "condition": condition, "line": line}
    if graph.has_edge(source, node):
        graph.edges[source, node]["branches"] += (branch,)
    else:
        graph.add_edge(source, node, branches=(branch,))


def count_paths(graph: nx.DiGraph) -> int:
    """Paths from the start to `end`, each branch counted, without listing them (graph must be a DAG)."""
    ways: dict[str, int] = {END: 1}
    for node in reversed(list(nx.topological_sort(graph))):
        if node != END:
            ways[node] = sum(len(data["branches"]) * ways[t] for _, t, data in graph.out_edges(node, data=True))
    return ways.get(graph.graph["start"], 0)


def summary_text(graph: nx.DiGraph) -> str:
    """The graph in words: counts, then each step with its recommendations and branches in order."""
    kinds = [graph.nodes[n]["kind"] for n in graph]
    info = graph.graph
    counts = ", ".join(
        _plural(n, word)
        for n, word in ((kinds.count("decision"), "decision"), (kinds.count("action"), "action"),
                        (graph.number_of_edges(), "edge"), (count_paths(graph), "path"))
    )  # fmt: skip
    lines = [f"{info['id']} {info['version']}: {counts} from '{info['start']}' to the end"]
    for node, data in graph.nodes(data=True):
        if data["kind"] == "end":
            continue
        lines.append(f"{node} ({data['kind']}, line {data['line']}): {data['label']}")
        lines += [f"    recommends {code}" for code in data["recommendations"]]
        branches = sorted(
            (b["index"] if b["index"] >= 0 else len(data["conditions"]), b["condition"], target)
            for _, target, edge in graph.out_edges(node, data=True)
            for b in edge["branches"]
        )
        lines += [f"    {condition} -> {target}" for _, condition, target in branches]
    for check, label, rules in info["checks"]:
        lines.append(f"check {check}: {label}")
        lines += [f"    when {rule}" for rule in rules]
    return "\n".join(lines) + "\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
