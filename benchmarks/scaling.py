"""Toolchain scaling: time per stage on synthetic guidelines of growing size.

Stages: parse, check (semantic checks and static verification), graph (build and count routes),
compile (generate the evaluator), render (DOT text), coverage (cases run, gaps found). The
10,000-step guideline has 2**4999 routes: they are counted and verified decision by decision,
never listed. The stages run under the garbage collector's settings of the `guideline` command
(`compiler.cli.tune_gc`).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from benchmarks.synthetic import synthetic
from compiler.api import Evaluator
from compiler.cli import tune_gc
from compiler.flowchart import to_dot
from compiler.python.codegen import generate
from compiler.testing.cases import Case
from compiler.testing.coverage import measure
from dsl import pipeline, units
from dsl.checks import check_all
from dsl.graph import build_graph, count_paths
from dsl.syntax.parser import parse

SIZES = (100, 1000, 3000, 10000)


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median wall time of `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def cases_for(size: int, count: int = 200) -> list[Case]:
    rng = random.Random(size)
    inputs_used = min(20, max(1, (size - 1) // 2))
    cases = []
    for number in range(count):
        inputs: dict[str, object] = {f"x{i}": rng.randrange(0, 1001) for i in range(inputs_used)}
        inputs["flag"] = rng.random() < 0.5
        cases.append(Case(f"c{number}", "", inputs, "complete", frozenset(), (), frozenset()))
    return cases


def run(repeat: int = 3) -> list[dict[str, Any]]:
    units.validate("10*9/L")  # load the UCUM registry once, outside the timings
    tune_gc()  # the stages run as `guideline` runs them
    return [_stages(size, repeat) for size in SIZES]


def _stages(size: int, repeat: int) -> dict[str, Any]:
    text = synthetic(size)
    row: dict[str, Any] = {"steps": size, "kib": len(text) // 1024}
    row["parse"], guideline = timed(lambda: parse(text, "synthetic.guideline"), repeat)
    row["check"], report = timed(lambda: check_all(guideline), repeat)
    checked = pipeline.checked(report)
    assert checked is not None, report.diagnostics
    row["graph"], routes = timed(lambda: count_paths(build_graph(checked.program)), repeat)
    row["routes"] = f"2^{routes.bit_length() - 1}"
    row["compile"], source = timed(lambda: generate(checked.program), repeat)
    row["render"], _ = timed(lambda: to_dot(checked.program), repeat)
    evaluator = Evaluator(source, "synthetic.guideline")
    cases = cases_for(size)
    row["coverage"], _ = timed(lambda: measure(checked, evaluator, cases), repeat)
    # Coverage runs every case: how long each visited step takes tells the cost of a step from
    # the number of steps (its bytecode and the model outgrow the processor's caches).
    seconds, results = timed(lambda: [evaluator.evaluate(c.inputs) for c in cases], repeat)
    row["visited"] = sum(len(r["path"]) for r in results) / len(results)
    row["ns_per_step"] = seconds / len(results) / row["visited"] * 1e9
    row["module_lines"] = source.count("\n")
    return row


def table(rows: list[dict[str, Any]]) -> str:
    stages = ("parse", "check", "graph", "compile", "render", "coverage")
    lines = [
        "| steps | size | routes | " + " | ".join(stages) + " |",
        "|---:|---:|---:|" + "---:|" * len(stages),
    ]
    for row in rows:
        cells = [f"{row[s] * 1000:.0f} ms" for s in stages]
        lines.append(f"| {row['steps']} | {row['kib']} KiB | {row['routes']} | " + " | ".join(cells) + " |")
    growth = ["| growth 1,000 → 10,000 steps | | |"]
    by_steps = {row["steps"]: row for row in rows}
    for stage in stages:
        small, large = by_steps[1000][stage], by_steps[10000][stage]
        growth.append(f" {large / small:.1f}x |")
    lines.append("".join(growth))
    lines += [
        "",
        "Coverage evaluates 200 cases, and a case's route through these chains of decisions visits most of the steps:",
        "",
        "| steps | generated module | steps visited per case | evaluation per step visited |",
        "|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['steps']} | {r['module_lines']:,} lines | {r['visited']:,.0f} | {r['ns_per_step']:,.0f} ns |"
        for r in rows
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run()))
