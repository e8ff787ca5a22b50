"""Run every benchmark once and write benchmarks/RESULTS.md: `python -m benchmarks.run`.

Options: `--quick` for a smoke run (fewer patients, smaller population); the committed
RESULTS.md comes from a full run.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
from pathlib import Path

from benchmarks import evaluation, scaling, startup, throughput

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def machine() -> str:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"- machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}\n"
        f"- Python {platform.python_version()} ({platform.python_implementation()})\n"
        f"- run on {datetime.date.today().isoformat()} with `python -m benchmarks.run`"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke run; does not write RESULTS.md")
    args = parser.parse_args()
    generated, population, repeat = (1000, 20000, 3) if args.quick else (10000, 1_000_000, 15)
    sections = ["# Benchmark results", "", machine(), ""]
    print("evaluation per patient ...", file=sys.stderr)
    result = evaluation.run(generated, repeat)
    heading = f"## 1. Evaluation per patient ({result['patients']:,} patients: the 25 vignettes and generated ones)"
    sections += [heading, "", evaluation.table(result), ""]
    sections += [
        "The target, (a) within 1.3x of (c), is not met. What stands between them: the generated code",
        "carries, with every unknown value, the set of inputs behind it (the hand-written code uses None",
        "and knows by heart which inputs each condition reads); it splits the pathway into step",
        "functions that share the inputs through a tuple; and it removes repeated codes at the end, where",
        "the hand-written code knows no route repeats one. Tried and kept: straight-line validation with",
        "a one-test fast path per input, three-address Kleene logic, definitions computed where first",
        "read, steps reached from one branch written in place, one-line checks without carried unknowns,",
        "`is yes` as the value itself, `x is a or x is b` as one membership test.",
        "",
    ]
    print("population throughput ...", file=sys.stderr)
    sections += ["## 2. Population throughput", "", throughput.table(throughput.run(population)), ""]
    print("toolchain scaling ...", file=sys.stderr)
    sections += ["## 3. Toolchain scaling (synthetic guidelines)", "", scaling.table(scaling.run()), ""]
    sections += [
        "Coverage's work is the number of cases times the length of their routes: at ten times the steps",
        "the routes are ten times as long (the second table). Beyond that it grows by the cost of each step",
        "visited, higher at 10,000 steps, where one generated module holds every step. A profile of the",
        "stage finds only work linear in the route (the evaluations, then recovering each route from its",
        "trace); why a step costs more in the largest module (processor caches, Python frames of that",
        "many locals) is not pinned down. The other stages vary by a few tens of percent between runs.",
        "",
    ]
    print("start-up ...", file=sys.stderr)
    sections += ["## 4. Start-up", "", startup.table(startup.run()), ""]
    text = "\n".join(sections)
    print(text)
    if not args.quick:
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
