"""What a chart emphasises: `Overlay`, built from one evaluation (`highlight_overlay`), from test
coverage (`coverage_overlay`) or from a population's results (`population_overlay`). Reads the
decision graph only; draws nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from dsl.text import one_line, visible

if TYPE_CHECKING:  # the CLI imports compiler.flowchart for `register`: networkx and dsl load only when drawing
    import networkx as nx

    from dsl.program import Program
    from dsl.verify.routes import Verification

END = "end"  # dsl.graph.END (tests/test_render.py checks they agree)

Branch = tuple[str, str, int]  # (source step, target step or "end", branch index; -1: otherwise or then)


@dataclass(frozen=True)
class Overlay:
    """What to emphasise on a chart, for one patient or for a set of test cases.

    `nodes` (step ids, `end`), `edges` (branches: source, target, index as in `dsl.graph`, -1 for
    `otherwise` and `then`) and `checks` (check id, rule index) are the emphasised elements. In
    mode `path` they are drawn bold in blue and everything else is dimmed (nothing is dimmed when
    nothing is emphasised); in mode `coverage` they are the gaps, drawn in red on a normal chart.
    `edge_labels`, `node_labels` and `check_labels` add a line of text to a branch, a step or a
    check rule (a value such as `yes`, a count of cases). `note` is a box of lines under the title
    (headed `note_title`), `listed` a bulleted list at its end (the recommendations a patient's
    evaluation reached, as sentences with their codes); `stop` marks the step where an evaluation
    stopped and `needs` lists what it needed there. `table` is a small table in the note (a
    population's statuses), its first row the headings.
    """

    mode: Literal["path", "coverage"] = "path"
    nodes: frozenset[str] = frozenset()
    edges: frozenset[Branch] = frozenset()
    checks: frozenset[tuple[str, int]] = frozenset()
    edge_labels: Mapping[Branch, str] = field(default_factory=dict)
    node_labels: Mapping[str, str] = field(default_factory=dict)
    check_labels: Mapping[tuple[str, int], str] = field(default_factory=dict)
    note_title: str = ""
    note: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()
    stop: str | None = None
    needs: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # a table in the note, its first row the headings

    @property
    def dims(self) -> bool:
        return self.mode == "path" and bool(self.nodes or self.edges or self.checks)


PLAIN = Overlay()


def branches(graph: nx.DiGraph, node: str) -> list[tuple[int, str, str]]:
    """(index, condition, target) of a step's ways on, in branch order with `otherwise` last."""
    found = [
        (b["index"], b["condition"], target) for _, target, e in graph.out_edges(node, data=True) for b in e["branches"]
    ]
    return sorted(found, key=lambda b: (b[0] < 0, b[0]))


# ---- one patient ----


def highlight_overlay(program: Program, result: Mapping[str, Any]) -> Overlay:
    """The overlay that shows one evaluation result (`Evaluator.evaluate`) on the chart: the path
    and the branches taken in blue, each traced condition's value on its branch, the checks that
    added recommendations; where a `needs_data` evaluation stopped and what it needs; for
    `invalid_input`, nothing emphasised and a note listing the input errors.

    Every text of the note and of the stop box comes from the result or the guideline and is shown
    with `dsl.text` (names and texts with `visible`, a problem, whose values the evaluator quoted
    with `repr`, with `one_line`) before the chart's DOT escaping: a line break or a control
    character in a patient's input name shows as its escape, `\\n`, and cannot break or hide a line."""
    status = str(result.get("status", ""))
    if status == "invalid_input":
        errors = [
            f"{visible(str(e.get('input', '?')))}: {one_line(str(e.get('problem', '')))}"
            for e in result.get("errors", [])
        ]
        return Overlay(note_title="Invalid input: nothing was evaluated, so no path is shown.", note=tuple(errors))
    graph = program.graph
    path = [str(node) for node in result.get("path", [])]
    traced: dict[str, list[bool | None]] = {}
    for entry in result.get("trace", []):
        traced.setdefault(str(entry.get("node")), []).append(entry.get("value"))
    check_ids = {c.id for c in program.checks}
    edges: set[Branch] = set()
    labels: dict[Branch, str] = {}
    for position, node in enumerate(path):
        if node not in graph or node == END:
            continue
        ways = branches(graph, node)
        values = traced.get(node, []) if graph.nodes[node]["kind"] == "decision" else []
        # A decision's trace holds its conditions in branch order, up to the first true one.
        for (index, _, target), value in zip([w for w in ways if w[0] >= 0], values, strict=False):
            labels[(node, target, index)] = _VALUE_WORDS[value]
        following = path[position + 1] if position + 1 < len(path) else None
        taken = _taken(node, ways, values, following)
        if taken is not None:
            edges.add(taken)
            if taken[2] < 0 and graph.nodes[node]["kind"] == "decision":
                labels[taken] = "taken"
    checks: set[tuple[str, int]] = set()
    check_labels: dict[tuple[str, int], str] = {}
    for check in check_ids:
        for index, value in enumerate(traced.get(check, [])):
            check_labels[(check, index)] = _VALUE_WORDS[value]
            if value is True:
                checks.add((check, index))
    needs = tuple(visible(str(n)) for n in result.get("needs", []))
    stop = path[-1] if status == "needs_data" and path and path[-1] != END else None
    reached = [r for r in result.get("recommendations", []) if isinstance(r, Mapping)]
    count = len(reached)
    listed = tuple(f"{visible(str(r.get('text', '')))} ({visible(str(r.get('code', '')))})" for r in reached)
    if status == "needs_data":
        where = (
            f"the pathway stopped at {visible(str(stop))} ({visible(graph.nodes[stop]['label'])})"
            if stop in graph
            else "a check could not decide"
        )
        title = f"Needs data: {where}."
        note: tuple[str, ...] = (
            f"Missing: {', '.join(needs) or 'nothing listed'}.",
            f"{count} recommendation{'s' if count != 1 else ''} so far{':' if count else '.'}",
        )
    else:
        title = f"Result: {visible(status)}, {count} recommendation{'s' if count != 1 else ''}{':' if count else '.'}"
        note = ()
    return Overlay(
        mode="path",
        nodes=frozenset(path),
        edges=frozenset(edges),
        checks=frozenset(checks),
        edge_labels=labels,
        check_labels=check_labels,
        note_title=title,
        note=note,
        listed=listed,
        stop=stop,
        needs=needs,
    )


_VALUE_WORDS = {True: "yes", False: "no", None: "unknown"}


def _taken(
    node: str, ways: list[tuple[int, str, str]], values: list[bool | None], following: str | None
) -> Branch | None:
    """The branch an evaluation took out of a step, from its traced values and the next step."""
    if following is None:
        return None
    node_ways = [(index, target) for index, _, target in ways]
    if values and values[-1] is True and None not in values:
        index = len(values) - 1
    elif values and all(v is False for v in values):
        index = -1
    else:
        index = next((i for i, t in node_ways if t == following), -1)
    target = next((t for i, t in node_ways if i == index), following)
    return (node, target, index) if target == following else None


# ---- test coverage ----


def coverage_overlay(program: Program, coverage: Any, verification: Verification | None = None) -> Overlay:
    """The overlay of `compiler.testing.coverage.Coverage`: the steps and decision branches no case
    reaches, in red (leaving out those the verifier proved no patient can reach), and a note with
    the figures. Reads `covered_steps`, `covered_outcomes`, `cases`, `steps`, `outcomes`, `routes`."""
    graph = program.graph
    dead_steps = set(getattr(verification, "dead_steps", None) or ())
    dead_branches = set(getattr(verification, "dead_branches", None) or ())
    covered_steps = set(coverage.covered_steps)
    covered = set(coverage.covered_outcomes)
    nodes = {n for n in graph if n != END and n not in covered_steps and n not in dead_steps}
    edges: set[Branch] = set()
    for node in graph:
        if graph.nodes[node]["kind"] == "decision":
            for index, _, target in branches(graph, node):
                if (node, index) not in covered and (node, index) not in dead_branches:
                    edges.add((node, target, index))
    labels = {edge: "not covered" for edge in edges}
    figures = [
        f"{what} {visible(str(pair[0]))} of {visible(str(pair[1]))}"
        for what, pair in (
            ("steps", coverage.steps),
            ("decision outcomes", coverage.outcomes),
            ("routes", coverage.routes),
        )
    ]
    return Overlay(
        mode="coverage",
        nodes=frozenset(nodes),
        edges=frozenset(edges),
        edge_labels=labels,
        note_title=f"Coverage by {visible(str(coverage.cases))} test case{'s' if coverage.cases != 1 else ''}: "
        "what no case reaches is red.",
        note=("; ".join(figures) + ".",),
    )


# ---- a population ----


class PopulationCounts(Protocol):
    """What `population_overlay` reads of a population's results (`compiler.population.Summary`):
    counts of rows (patients)."""

    @property
    def rows(self) -> int: ...
    @property
    def statuses(self) -> Mapping[str, int]: ...
    @property
    def recommendations(self) -> tuple[tuple[str, int], ...]: ...
    @property
    def error_inputs(self) -> tuple[tuple[str, int], ...]: ...
    @property
    def steps(self) -> Mapping[str, int]: ...
    @property
    def edges(self) -> Mapping[tuple[str, str], int]: ...
    @property
    def stops(self) -> Mapping[str, int]: ...
    @property
    def stop_needs(self) -> Mapping[str, tuple[tuple[str, int], ...]]: ...
    @property
    def undecided_checks(self) -> int: ...


POPULATION_NEEDS = 3  # the inputs named beside a step where patients stopped, most common first


def patients_share(count: int, total: int) -> str:
    """`12,345 (12.3 %)`: a count of patients and its share of the population."""
    return f"{count:,} ({100 * count / total:.1f} %)" if total else f"{count:,}"


def population_overlay(program: Program, counts: PopulationCounts) -> Overlay:
    """The overlay of a population's results: on each step the number and share of patients whose
    path reaches it, and of those whose evaluation stopped there for data (with the inputs they
    most often lacked); on each branch the patients who took it; the steps and branches someone
    took in blue, the rest greyed; a note with the statuses as a table, the patients stopped by a
    check or by invalid inputs, and the count of each recommendation.

    Results hold each patient's path, not which branch took it from one step to the next: when
    two branches of a decision lead to the same step, their patients are counted together, on the
    first of them, and the others say so."""
    graph = program.graph
    total = counts.rows
    node_labels: dict[str, str] = {}
    for node in graph:
        if node == END:
            continue
        reached = counts.steps.get(str(node), 0)
        lines = [f"{patients_share(reached, total)} patients"]
        stopped = counts.stops.get(str(node), 0)
        if stopped:  # on lines of their own (dot_escape makes a line break <BR/>): a decision stays narrow
            needs = counts.stop_needs.get(str(node), ())
            lines.append(f"stopped here for data: {patients_share(stopped, total)}, needing")
            lines += [f"{visible(name)} {n:,}" for name, n in needs[:POPULATION_NEEDS]]
            if len(needs) > POPULATION_NEEDS:
                lines[-1] += ", …"
        node_labels[str(node)] = "\n".join(lines)
    edges: set[Branch] = set()
    edge_labels: dict[Branch, str] = {}
    for node in graph:
        if node == END:
            continue
        first: dict[str, int] = {}
        for index, _, target in branches(graph, node):
            taken = counts.edges.get((str(node), str(target)), 0)
            key: Branch = (str(node), str(target), index)
            if str(target) in first:
                shown = _branch_number(first[str(target)])
                edge_labels[key] = f"counted with {shown}"
                continue
            first[str(target)] = index
            edge_labels[key] = patients_share(taken, total)
            if taken:
                edges.add(key)
    reached_nodes = {step for step, n in counts.steps.items() if n}
    table = [("status", "patients", "share")]
    for status, n in counts.statuses.items():
        table.append((visible(status), f"{n:,}", f"{100 * n / total:.1f} %" if total else "-"))
    note: list[str] = []
    if counts.undecided_checks:
        note.append(f"Needs data in a check after the pathway ended: {patients_share(counts.undecided_checks, total)}.")
    if counts.error_inputs:
        named = ", ".join(f"{visible(name)} {n:,}" for name, n in counts.error_inputs[:5])
        note.append(f"Invalid inputs (nothing evaluated): most often {named}.")
    listed = tuple(f"{visible(code)}: {patients_share(n, total)}" for code, n in counts.recommendations)
    return Overlay(
        mode="path",
        nodes=frozenset(reached_nodes),
        edges=frozenset(edges),
        edge_labels=edge_labels,
        node_labels=node_labels,
        note_title=f"Population: {total:,} patients. Recommendations, in patients:"
        if listed
        else f"Population: {total:,} patients.",
        note=tuple(note),
        listed=listed,
        table=tuple(table),
    )


def _branch_number(index: int) -> str:
    return "otherwise" if index < 0 else f"branch {index + 1}"
