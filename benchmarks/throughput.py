"""Population throughput: a million generated patients through the compiled module, in one
process and across every core. Patients are generated in chunks inside each worker, so memory
stays flat; generation time is measured separately and reported beside evaluation time."""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
from typing import Any

from benchmarks.evaluation import GUIDELINE
from benchmarks.patients import patients
from compiler.api import load

CHUNK = 10000


def _chunk(index: int) -> tuple[int, float, float]:
    """Generate and evaluate one chunk; (patients, generation seconds, evaluation seconds)."""
    evaluate = load(str(GUIDELINE)).evaluate
    start = time.perf_counter()
    batch = list(patients(CHUNK, seed=index))
    generated = time.perf_counter()
    for patient in batch:
        evaluate(patient)
    return len(batch), generated - start, time.perf_counter() - generated


def run(total: int = 1_000_000) -> dict[str, Any]:
    chunks = range(total // CHUNK)
    load(str(GUIDELINE))  # compile once (and cache) before timing
    start = time.perf_counter()
    single = [_chunk(i) for i in chunks]
    single_wall = time.perf_counter() - start
    cores = os.cpu_count() or 1
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        parallel = pool.map(_chunk, chunks)
    parallel_wall = time.perf_counter() - start
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    evaluated = sum(c[0] for c in single)
    return {
        "patients": evaluated,
        "cores": cores,
        "single_wall": single_wall,
        "single_eval": sum(c[2] for c in single),
        "single_generation": sum(c[1] for c in single),
        "parallel_wall": parallel_wall,
        "parallel_patients": sum(c[0] for c in parallel),
        "peak_mib_main": peak_self,
        "peak_mib_worker": peak_children,
    }


def table(r: dict[str, Any]) -> str:
    return "\n".join([
        "| run | patients | wall time | patients per second | peak memory |",
        "|---|---:|---:|---:|---:|",
        f"| one process (generation + evaluation) | {r['patients']:,} | {r['single_wall']:.1f} s | "
        f"{r['patients'] / r['single_wall']:,.0f} | {r['peak_mib_main']:.0f} MiB |",
        f"| one process, evaluation only | {r['patients']:,} | {r['single_eval']:.1f} s | "
        f"{r['patients'] / r['single_eval']:,.0f} | |",
        f"| {r['cores']} processes (generation + evaluation) | {r['parallel_patients']:,} | "
        f"{r['parallel_wall']:.1f} s | "
        f"{r['parallel_patients'] / r['parallel_wall']:,.0f} | {r['peak_mib_worker']:.0f} MiB per worker |",
    ])  # fmt: skip


if __name__ == "__main__":
    print(table(run()))
