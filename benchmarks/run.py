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
    print("population throughput ...", file=sys.stderr)
    sections += ["## 2. Population throughput", "", throughput.table(throughput.run(population)), ""]
    print("toolchain scaling ...", file=sys.stderr)
    sections += ["## 3. Toolchain scaling (synthetic guidelines)", "", scaling.table(scaling.run()), ""]
    print("start-up ...", file=sys.stderr)
    sections += ["## 4. Start-up", "", startup.table(startup.run()), ""]
    text = "\n".join(sections)
    print(text)
    if not args.quick:
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
