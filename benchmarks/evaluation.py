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

from benchmarks.patients import mix
from compiler.api import check_text, load
from compiler.codegen import generate

GUIDELINE = Path(__file__).resolve().parent.parent / "guideline" / "azathioprine_thrombocytopenia.guideline"
Evaluate = Callable[[Mapping[str, object]], dict[str, Any]]


def compiled_module(directory: str) -> Evaluate:
    """(a) the module `guideline compile` writes, imported like an app would."""
    checked = check_text(GUIDELINE.read_text(encoding="utf-8"), str(GUIDELINE))
    path = Path(directory) / "azathioprine_evaluator.py"
    path.write_text(generate(checked), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("azathioprine_evaluator", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.evaluate  # type: ignore[no-any-return]


def implementations(directory: str) -> dict[str, Evaluate | None]:
    found: dict[str, Evaluate | None] = {
        "(a) compiled module": compiled_module(directory),
        "(b) in-process API": load(str(GUIDELINE)).evaluate,
    }
    try:
        from benchmarks.handwritten import evaluate as handwritten

        found["(c) hand-written baseline"] = handwritten
    except ImportError:
        found["(c) hand-written baseline"] = None
    try:
        from compiler.interpreter import interpret

        checked = check_text(GUIDELINE.read_text(encoding="utf-8"), str(GUIDELINE))
        found["(d) graph interpreter"] = lambda inputs: interpret(checked, inputs)
    except ImportError:
        found["(d) graph interpreter"] = None
    return found


def per_patient_ns(evaluate: Evaluate, patients: list[dict[str, Any]], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        for patient in patients:
            evaluate(patient)
        times.append((time.perf_counter_ns() - start) / len(patients))
    return statistics.median(times)


def run(generated: int = 10000, repeat: int = 7) -> dict[str, Any]:
    patients = mix(generated)
    with tempfile.TemporaryDirectory() as directory:
        found = implementations(directory)
        reference = found["(a) compiled module"]
        assert reference is not None
        expected = [reference(p) for p in patients]
        disagreements = {}
        for name, evaluate in found.items():
            if evaluate is not None:
                disagreements[name] = sum(1 for p, want in zip(patients, expected, strict=True) if evaluate(p) != want)
        timings = {
            name: per_patient_ns(evaluate, patients, repeat) if evaluate is not None else None
            for name, evaluate in found.items()
        }
    return {"patients": len(patients), "timings": timings, "disagreements": disagreements}


def table(result: dict[str, Any]) -> str:
    baseline = result["timings"].get("(c) hand-written baseline")
    lines = [
        "| implementation | ns per evaluation | ratio to (c) | results differing from (a) |",
        "|---|---:|---:|---:|",
    ]
    for name, ns in result["timings"].items():
        if ns is None:
            lines.append(f"| {name} | not available | | |")
            continue
        ratio = f"{ns / baseline:.2f}x" if baseline else "n/a"
        lines.append(f"| {name} | {ns:,.0f} | {ratio} | {result['disagreements'][name]} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run()))
