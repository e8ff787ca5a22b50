"""The SQL backend: a `Program` compiled to one query for DuckDB or Spark (sqlglot trees).

`query(program)` prints the query; `expression(program)` is its sqlglot tree. The query reads a
relation of one row per patient and returns, per row, the id column, the kept columns, `status`,
`recommendations` (codes), `needs`, `errors` (`{input, problem}`) and `path`: the Python
evaluator's result, without the trace. `row_to_inputs` is the row mapping in Python
(`compiler.sql.columns`); the parity test holds the query to `row_to_inputs` plus the evaluator.
"""

from __future__ import annotations

from compiler.sql.columns import ColumnKind, check_columns, kind_of, row_to_inputs
from compiler.sql.dialects import DIALECTS
from compiler.sql.query import expression, query

RESULT_COLUMNS = ("status", "recommendations", "needs", "errors", "path")

__all__ = [
    "DIALECTS",
    "RESULT_COLUMNS",
    "ColumnKind",
    "check_columns",
    "expression",
    "kind_of",
    "query",
    "row_to_inputs",
]
