"""The SQL dialects the query is printed for: only those with a test engine (DuckDB, Spark).

The query is one sqlglot tree for both. Where the engines differ the tree avoids the difference
instead of printing something else per dialect: strings are trimmed of an explicit set of
characters, regular expressions use no backslash and no `$` (a full match is
`REGEXP_EXTRACT(text, '^...', 0) = text`), every text is parsed with `TRY_CAST` (Spark 4 runs in ANSI
mode, where a failed `CAST` raises), every division by a value divides by `NULLIF(divisor, 0)`,
and NaN is tested with `ISNAN` before any comparison (both engines order NaN above infinity, the
language compares it with nothing).
"""

from __future__ import annotations

from compiler.files import UsageError

DIALECTS: tuple[str, ...] = ("duckdb", "spark")


def check_dialect(dialect: str) -> str:
    if dialect not in DIALECTS:
        raise UsageError(f"the SQL dialect {dialect!r} is not supported (supported: {', '.join(DIALECTS)})")
    return dialect
