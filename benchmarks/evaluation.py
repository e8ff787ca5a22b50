"""Evaluation per patient, side by side: compiled module, in-process API, hand-written baseline,
graph-walking interpreter. Every implementation must agree on every patient before it is timed."""

from __future__ import annotations

import importlib.util
import statistics
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from benchmarks.handwritten import evaluate as handwritten
from benchmarks.patients import mix
from compiler.api import check_text, load
from compiler.python.codegen import generate
from compiler.testing.interpreter import interpret

GUIDELINE = Path(__file__).resolve().parent.parent / "guideline" / "azathioprine_thrombocytopenia.guideline"
Evaluate = Callable[[Mapping[str, object]], Mapping[str, Any]]


def compiled_module(directory: str) -> Evaluate:
    """(a) the module `guideline compile` writes, imported like an app would."""
    checked = check_text(GUIDELINE.read_text(encoding="utf-8"), str(GUIDELINE))
    path = Path(directory) / "azathioprine_evaluator.py"
    path.write_text(generate(checked.program), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("azathioprine_evaluator", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.evaluate  # type: ignore[no-any-return]


def implementations(directory: str) -> dict[str, Evaluate]:
    checked = check_text(GUIDELINE.read_text(encoding="utf-8"), str(GUIDELINE))
    return {
        "(a) compiled module": compiled_module(directory),
        "(b) in-process API": load(str(GUIDELINE)).evaluate,
        "(c) hand-written baseline": handwritten,
        "(d) graph interpreter": lambda inputs: interpret(checked.program, inputs),
    }


def rounds(found: dict[str, Evaluate], patients: list[dict[str, Any]], repeat: int) -> dict[str, list[float]]:
    """Nanoseconds per evaluation of each implementation, one figure per round. Every round times
    every implementation, in a rotating order: this machine's speed drifts by a third within a
    minute, so only figures taken side by side can be compared."""
    names = list(found)
    times: dict[str, list[float]] = {name: [] for name in names}
    for number in range(repeat):
        for name in names[number % len(names) :] + names[: number % len(names)]:
            evaluate = found[name]
            start = time.perf_counter_ns()
            for patient in patients:
                evaluate(patient)
            times[name].append((time.perf_counter_ns() - start) / len(patients))
    return times


def run(generated: int = 10000, repeat: int = 15) -> dict[str, Any]:
    patients = mix(generated)
    with tempfile.TemporaryDirectory() as directory:
        found = implementations(directory)
        reference = found["(a) compiled module"]
        expected = [reference(p) for p in patients]
        disagreements = {}
        for name, evaluate in found.items():
            # Every implementation gives the whole result, input errors worded alike (the
            # interpreter runs the validation every compiled module carries).
            disagreements[name] = sum(1 for p, want in zip(patients, expected, strict=True) if evaluate(p) != want)
        times = rounds(found, patients, repeat)
    baseline = times["(c) hand-written baseline"]
    return {
        "patients": len(patients),
        "rounds": repeat,
        "timings": {name: min(ns) for name, ns in times.items()},  # the least disturbed round, as timeit advises
        # The median of the ratios within each round, not the ratio of medians across rounds.
        "ratios": {
            name: statistics.median(a / c for a, c in zip(ns, baseline, strict=True)) for name, ns in times.items()
        },
        "disagreements": disagreements,
    }


def table(result: dict[str, Any]) -> str:
    lines = [
        "| implementation | ns per evaluation (best round) | ratio to (c)† | results differing from (a)* |",
        "|---|---:|---:|---:|",
    ]
    for name, ns in result["timings"].items():
        ratio, differing = result["ratios"][name], result["disagreements"][name]
        lines.append(f"| {name} | {ns:,.0f} | {ratio:.2f}x | {differing} |")
    lines += [
        "",
        f"† the median over {result['rounds']} rounds of the ratio within a round: each round times all four,",
        "in a rotating order, because this machine's speed drifts by a third within a minute.",
        "\\* whole results compared, input errors' wording included.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run()))
