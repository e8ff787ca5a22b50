"""Run the benchmarks and write benchmarks/RESULTS.md: `python -m benchmarks.run`.

Each section is its own result file, `benchmarks/results/NAME.md` (committed), and RESULTS.md is
assembled from them, in the order of `SECTIONS`, under the machine that ran the full run
(`results/machine.md`):

    python -m benchmarks.run                      # every section (rewrites every file)
    python -m benchmarks.run --only population    # one section: rewrites results/population.md and RESULTS.md
    python -m benchmarks.run --only shapes,startup
    python -m benchmarks.run --quick              # a smoke run of every section; writes nothing

The sections: evaluation, throughput, scaling, shapes, startup, population, service, lsp, diff. A section run alone
ends with a line saying when, where and with which command it ran. Adding a section is one line
in `SECTIONS`: its name and a function from the options to (title, body); the heading's number is
its place in the list.

`--quick` is a smoke run (fewer patients, smaller populations, shapes of at most 100 steps). The
full run of the first five sections takes at most about 8 minutes on 2 cores (the shapes' section
stops starting commands after `shapes.BUDGET` seconds); the population section takes about as
long again (10^7 patients on DuckDB, Spark on 10^6).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
SECTION_FILES = HERE / "results"
MACHINE = SECTION_FILES / "machine.md"


class Section(NamedTuple):
    name: str
    run: Callable[[argparse.Namespace], tuple[str, str]]  # the options -> (title, body in markdown)


def machine(command: str = "python -m benchmarks.run") -> str:
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
        f"- run on {datetime.date.today().isoformat()} with `{command}`"
    )


def evaluation_section(args: argparse.Namespace) -> tuple[str, str]:
    from benchmarks import evaluation

    generated, repeat = (1000, 3) if args.quick else (10000, 15)
    result = evaluation.run(generated, repeat)
    title = f"Evaluation per patient ({result['patients']:,} patients: the 25 vignettes and generated ones)"
    return title, "\n".join([
        evaluation.table(result),
        "",
        "The target, (a) within 1.3x of (c), is not met. What stands between them: the generated code",
        "carries, with every unknown value, the set of inputs behind it (the hand-written code uses None",
        "and knows by heart which inputs each condition reads); it splits the pathway into step",
        "functions that share the inputs through a tuple; and it removes repeated codes at the end, where",
        "the hand-written code knows no route repeats one. Tried and kept: straight-line validation with",
        "a one-test fast path per input, three-address Kleene logic, definitions computed where first",
        "read, steps reached from one branch written in place, one-line checks without carried unknowns,",
        "`is yes` as the value itself, `x is a or x is b` as one membership test.",
    ])  # fmt: skip


def throughput_section(args: argparse.Namespace) -> tuple[str, str]:
    from benchmarks import throughput

    return "Population throughput", throughput.table(throughput.run(20000 if args.quick else 1_000_000))


def scaling_section(args: argparse.Namespace) -> tuple[str, str]:
    from benchmarks import scaling

    return "Toolchain scaling (synthetic guidelines)", "\n".join([
        scaling.table(scaling.run()),
        "",
        "Coverage's work is the number of cases times the length of their routes: at ten times the steps",
        "the routes are ten times as long (the second table). Beyond that it grows by the cost of each step",
        "visited, higher at 10,000 steps, where one generated module holds every step. A profile of the",
        "stage finds only work linear in the route (the evaluations, then recovering each route from its",
        "trace); why a step costs more in the largest module (processor caches, Python frames of that",
        "many locals) is not pinned down. The other stages vary by a few tens of percent between runs.",
    ])  # fmt: skip


def shapes_section(args: argparse.Namespace) -> tuple[str, str]:
    from benchmarks import shapes

    sizes, budget = ((20, 50, 100), 60.0) if args.quick else (shapes.SIZES, shapes.BUDGET)
    measured = shapes.run(sizes, shapes.TIMEOUT, budget)
    small, large = sizes[-2:]
    return "Two shapes that must scale linearly", "\n".join([
        "A chain of n definitions, each using the one before, read by one decision; and a ladder of n",
        "decisions on one input, each going to its own action or on to the next (`benchmarks/shapes.py`).",
        "Each `guideline` command runs in a fresh process, the toolchain's caches warm, once per size",
        f"(the median of three when under {shapes.QUICK:.0f} s), with a timeout of {shapes.TIMEOUT:.0f} s; a command",
        f"that cannot finish in time is not run (the notes say why), and the section stops at {budget:.0f} s.",
        f"The growth from {small:,} to {large:,} is taken net of each command's fixed cost (its time at",
        f"n = {shapes.BASE}), the raw ratio in brackets: linear is {large / small:.0f}x, the target at most",
        f"{shapes.TARGET * large / small:.1f}x. A valid guideline exits 0 from every command; `coverage` exits",
        "0 only when the cases (one per route) cover every step, decision outcome and route.",
        "",
        shapes.table(measured),
    ])  # fmt: skip


def startup_section(args: argparse.Namespace) -> tuple[str, str]:
    from benchmarks import startup

    return "Start-up", "\n".join([
        "Each command runs in a fresh process with the OS cache and the toolchain's caches warm (run once",
        "before the timings), in interleaved rounds; a ratio is the median over the rounds of the ratio",
        "within a round. The target: `guideline check` on the azathioprine guideline within",
        f"{startup.TARGET}x of the same interpreter importing the libraries it needs (lark, networkx).",
        "`guideline --help` and `guideline eval` are set against the interpreter alone.",
        "",
        startup.table(startup.run(7 if args.quick else 15, 2 if args.quick else 5)),
    ])  # fmt: skip


def population_section(args: argparse.Namespace) -> tuple[str, str]:
    from benchmarks.population import section

    return section(quick=args.quick)


def service_section(args: argparse.Namespace) -> tuple[str, str]:
    from benchmarks.service import section

    return section(quick=args.quick)


def lsp_section(args: argparse.Namespace) -> tuple[str, str]:
    from benchmarks import lsp

    return lsp.section(args)


def diff_section(args: argparse.Namespace) -> tuple[str, str]:
    from benchmarks import diff

    return diff.section(args)


SECTIONS = (
    Section("evaluation", evaluation_section),
    Section("throughput", throughput_section),
    Section("scaling", scaling_section),
    Section("shapes", shapes_section),
    Section("startup", startup_section),
    Section("population", population_section),
    Section("service", service_section),
    Section("lsp", lsp_section),
    Section("diff", diff_section),
)


def section_file(name: str) -> Path:
    return SECTION_FILES / f"{name}.md"


def section_text(number: int, title: str, body: str, alone: str | None = None) -> str:
    """A section's result file: its heading, its body and, when run alone, where and when."""
    text = f"## {number}. {title}\n\n{body.strip()}\n"
    if alone is not None:
        ran = machine(alone).replace("\n- ", "; ").removeprefix("- ")
        text += f"\n_This section was run alone: {ran}._\n"
    return text


def assemble() -> str:
    """RESULTS.md from the result files: the machine of the full run, then each section that has one."""
    parts = [f"# Benchmark results\n\n{MACHINE.read_text(encoding='utf-8').strip()}\n"]
    for section in SECTIONS:
        path = section_file(section.name)
        if path.is_file():
            parts.append(path.read_text(encoding="utf-8").strip() + "\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    names = [s.name for s in SECTIONS]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a smoke run; writes nothing")
    parser.add_argument("--only", metavar="NAMES", help=f"the sections to run, separated by commas: {', '.join(names)}")
    args = parser.parse_args(argv)
    chosen = names if args.only is None else [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in chosen if n not in names]
    if unknown:
        parser.error(f"unknown section {', '.join(unknown)}: choose from {', '.join(names)}")
    alone = None if args.only is None else f"python -m benchmarks.run --only {','.join(chosen)}"
    texts = []
    for number, section in enumerate(SECTIONS, start=1):
        if section.name not in chosen:
            continue
        print(f"{section.name} ...", file=sys.stderr)
        title, body = section.run(args)
        text = section_text(number, title, body, alone)
        texts.append(text)
        if not args.quick:
            SECTION_FILES.mkdir(exist_ok=True)
            section_file(section.name).write_text(text, encoding="utf-8")
    if args.quick:
        print("\n".join(texts))
        return
    if args.only is None:
        MACHINE.write_text(machine() + "\n", encoding="utf-8")
    RESULTS.write_text(assemble(), encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
