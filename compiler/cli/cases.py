"""`guideline test` and `coverage`: the clinical cases, run and measured against the graph."""

from __future__ import annotations

import argparse
import math

from compiler.cli.command import Command
from compiler.cli.common import checked


def cmd_test(args: argparse.Namespace) -> int:
    from compiler.api import load
    from compiler.testing.cases import cases_path, load_cases, report, run_cases

    path = args.cases or cases_path(args.file)
    cases = load_cases(path)  # before the guideline: a missing cases file is found at once
    evaluator = load(args.file)
    outcomes = run_cases(cases, evaluator.evaluate)
    failed = [o for o in outcomes if not o.passed]
    for outcome in failed:
        print(report(outcome))
    print(f"{path}: {len(outcomes) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def cmd_coverage(args: argparse.Namespace) -> int:
    """Exit 1 when steps, decision outcomes or feasible routes fall below `--min` (100 by
    default), or when a route the verifier could not decide is taken by no case."""
    from compiler.api import Evaluator
    from compiler.python.codegen import generate
    from compiler.testing.cases import cases_path, load_cases
    from compiler.testing.coverage import measure, report_text

    # Every argument and file first: a mistake in one is reported before any guideline is checked.
    if args.svg:
        from compiler.flowchart.output import check_format

        check_format(args.svg)
    cases = load_cases(args.cases or cases_path(args.file))
    program = checked(
        args.file
    )  # checked once; the evaluator is generated from it  # checked once; the evaluator is generated from it
    evaluator = Evaluator(generate(program.program), args.file)
    coverage = measure(program, evaluator, cases)
    print(report_text(args.file, coverage), end="")
    if args.svg:
        from compiler.flowchart import coverage_overlay, render

        render(program.program, args.svg, coverage_overlay(program.program, coverage, program.verification))
    least = 100.0 if args.min is None else args.min
    shortfalls = coverage.shortfalls(least)
    if shortfalls:
        print(f"Coverage fails: {'; '.join(shortfalls)}")
    return 1 if shortfalls else 0


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0.0 <= value <= 100.0:  # also refuses nan and infinity
        raise argparse.ArgumentTypeError(f"expected a percentage from 0 to 100, not {text!r}")
    return value


def _test_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("--cases", metavar="CASES", help="the cases file (default: FILE with .cases)")


def _coverage_arguments(p: argparse.ArgumentParser) -> None:
    _test_arguments(p)
    p.add_argument(
        "--min",
        type=_percent,
        metavar="PERCENT",
        help="the least coverage of steps, decision outcomes and feasible routes that passes (0 to 100, default 100)",
    )
    p.add_argument("--svg", metavar="OUT.svg", help="also draw the flowchart with what is not covered in red")


COMMANDS = (
    Command(50, "test", "run a guideline's clinical test cases", _test_arguments, cmd_test),
    Command(
        60, "coverage", "how much of the decision graph the clinical cases exercise", _coverage_arguments, cmd_coverage
    ),
)
