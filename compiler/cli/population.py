"""`guideline sql` and `population`: the guideline as one SQL query, and that query run over a
table of patients on DuckDB or Spark (docs/population.md)."""

from __future__ import annotations

import argparse
import sys

from compiler.cli.command import Command
from compiler.files import UsageError
from dsl.text import visible

# Listed here so that `--help` needs no backend: compiler.sql.DIALECTS and
# compiler.population.ENGINES (tests/test_population_cli.py checks they agree).
DIALECT_NAMES = ("duckdb", "spark")
ENGINE_NAMES = ("duckdb", "spark")
PAPER_NAMES = ("a4", "letter")


def cmd_sql(args: argparse.Namespace) -> int:
    from compiler.cli.common import checked, write

    if args.dialect not in DIALECT_NAMES:
        raise UsageError(
            f"unsupported dialect {visible(args.dialect)}: use {' or '.join(DIALECT_NAMES)} "
            "(other dialects have no engine to test them yet)"
        )
    from compiler.sql import query

    text = query(checked(args.file).program, dialect=args.dialect)
    if not text.endswith("\n"):
        text += "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    write(args.output, text)
    print(f"{visible(args.output)}: written ({len(text.splitlines())} lines)")
    return 0


def cmd_population(args: argparse.Namespace) -> int:
    from compiler.cli.common import checked
    from compiler.population import run
    from compiler.population.engine import check_engine
    from compiler.population.report import print_summary
    from compiler.population.results import results_format
    from compiler.population.sources import patients_format

    # Everything that can be refused is refused before the run.
    check_engine(args.engine)
    if args.master is not None and args.engine != "spark":
        raise UsageError("--master is for --engine spark")
    patients_format(args.input)
    if args.output is not None:
        results_format(args.output)
    if args.report is not None:
        from compiler.flowchart.output import check_format

        check_format(args.report)
    program = checked(args.file).program
    summary = run(
        program,
        args.input,
        args.output,
        engine=args.engine,
        id_column=args.id_column,
        master=args.master,
        ignore_extra_columns=args.ignore_extra_columns,
    )
    print_summary(summary, sys.stdout)
    if args.output is not None:
        print(f"{visible(args.output)}: written ({summary.rows:,} rows)")
    if args.report is not None:
        from compiler.cli.render import _describe
        from compiler.flowchart.output import render_file
        from compiler.flowchart.overlay import population_overlay

        rendered = render_file(program, args.report, population_overlay(program, summary), args.paper)
        print(f"{visible(args.report)}: written ({_describe(rendered, args.paper)})")
    return 0


def _sql_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dialect", default="duckdb", metavar="DIALECT", help="duckdb (default) or spark")
    p.add_argument("-o", "--output", metavar="OUT.sql", help="write the query here instead of stdout")


def _population_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--input", required=True, metavar="PATIENTS", help="patients: .csv, .parquet, .jsonl, or DB.duckdb:TABLE"
    )
    p.add_argument("--engine", default="duckdb", metavar="ENGINE", help="duckdb (default) or spark")
    p.add_argument("--master", metavar="URL", help="the Spark master (default local[*]), such as spark://HOST:PORT")
    p.add_argument("--id-column", default="id", metavar="COL", help="the column that names each patient (default id)")
    p.add_argument(
        "--ignore-extra-columns", action="store_true", help="allow columns that are neither inputs nor _unit columns"
    )
    p.add_argument("-o", "--output", metavar="RESULTS", help="write each row's result: .parquet, .csv or .jsonl")
    p.add_argument("--report", metavar="REPORT", help="draw the population on the flowchart: .pdf or .svg")
    p.add_argument("--paper", choices=PAPER_NAMES, default="a4", help="the sheet of a PDF report (default a4)")


COMMANDS = (
    Command(100, "sql", "print the guideline as one SQL query (DuckDB or Spark)", _sql_arguments, cmd_sql),
    Command(
        110,
        "population",
        "evaluate a table of patients (CSV, Parquet, JSON Lines, DuckDB) on DuckDB or Spark",
        _population_arguments,
        cmd_population,
    ),
)
