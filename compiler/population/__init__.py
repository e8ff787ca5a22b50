"""Population evaluation: a guideline's query (`compiler.sql`) over a table of patients, one row
each, on DuckDB (embedded, the default) or Spark. See docs/population.md.

- `evaluate(program, source, ...)`: the results as a `pyarrow.Table`, in the order of the input
  rows (what `compiler.api.Evaluator.population` returns);
- `run(program, source, output, ...)`: the results written to a file (or kept in a temporary one)
  and their `Summary`, which `guideline population` prints and draws;
- `compiler.population.sources`: what PATIENTS can be, and how each is read;
- `compiler.population.results`: writing RESULTS, the `Summary`;
- `compiler.population.report`: the summary as text or `rich` tables;
- `compiler.population.spark`: the Spark session and engine.

Importing it loads neither DuckDB, pyarrow, sqlglot nor Spark: they load when something runs.
"""

from __future__ import annotations

import os
import tempfile
from typing import TYPE_CHECKING

from compiler.population.engine import DEFAULT_ID, ENGINES, check_engine
from compiler.population.results import Summary

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

    from dsl.program import Program

__all__ = ["ENGINES", "Summary", "evaluate", "run"]


def evaluate(
    program: Program,
    source: object,
    *,
    engine: str = "duckdb",
    id_column: str = DEFAULT_ID,
    master: str | None = None,
    ignore_extra_columns: bool = False,
) -> pa.Table:
    """The results of every patient of `source` (a path, a pyarrow Table or a DuckDB relation) as
    an Arrow table in the order of the input rows: the id column, `status`, `recommendations`,
    `needs`, `errors` and `path`. A problem with the source or its columns is a `UsageError`;
    a bad row is a result (`invalid_input`)."""
    from compiler.population.engine import results

    con = connect()
    try:
        relation = results(
            con,
            program,
            source,
            engine=engine,
            id_column=id_column,
            master=master,
            ignore_extra_columns=ignore_extra_columns,
        )
        table: pa.Table = _arrow(relation)
        return table
    finally:
        con.close()


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection that tracks a query's progress (for `query_progress`) but
    does not print DuckDB's own bar: the progress bar, on a terminal, is ours."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = true").fetchall()
    con.execute("SET enable_progress_bar_print = false").fetchall()
    return con


def _arrow(relation: object) -> pa.Table:
    import duckdb

    from compiler.files import UsageError

    try:
        table: pa.Table = relation.to_arrow_table()  # type: ignore[attr-defined]
    except duckdb.Error as error:
        raise UsageError(f"the patients cannot be read ({str(error).strip().splitlines()[0]})") from None
    return table


def run(
    program: Program,
    source: object,
    output: str | None = None,
    *,
    engine: str = "duckdb",
    id_column: str = DEFAULT_ID,
    master: str | None = None,
    ignore_extra_columns: bool = False,
    progress: bool | None = None,
) -> Summary:
    """Evaluate every patient, write the results to `output` (its extension gives the format;
    None: a temporary Parquet file, removed after) and return their `Summary`. `progress`: a bar
    on stderr for a long run (None: when stderr is a terminal)."""
    from compiler.population.engine import results
    from compiler.population.progress import with_progress
    from compiler.population.results import read_results, results_format, summarise, write_results

    chosen = check_engine(engine)
    if output is not None:
        results_format(output)
    con = connect()
    try:
        with tempfile.TemporaryDirectory(prefix="guideline-population-") as scratch:
            target = output if output is not None else os.path.join(scratch, "results.parquet")
            relation = results(
                con,
                program,
                source,
                engine=chosen,
                id_column=id_column,
                master=master,
                ignore_extra_columns=ignore_extra_columns,
                progress=progress,
            )

            def work() -> None:
                write_results(con, relation, target)

            with_progress(work, lambda: _duckdb_fraction(con), con.interrupt, "Evaluating", show=progress)
            return summarise(read_results(con, target, id_column))
    finally:
        con.close()


def _duckdb_fraction(con: object) -> float | None:
    done = float(con.query_progress())  # type: ignore[attr-defined]
    return done / 100 if done >= 0 else None
