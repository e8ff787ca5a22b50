"""Writing RESULTS, reading them back, and what they add up to (`Summary`).

- `FILE.parquet`: one row per patient: the id column, `status`, `recommendations` and `needs`
  (lists of text), `errors` (a list of structs of `input` and `problem`), `path` (a list of text).
- `FILE.csv`: the same columns under a header; each list is a cell holding its JSON text
  (`["a","b"]`, `[{"input":"platelets","problem":"..."}]`).
- `FILE.jsonl`, `FILE.ndjson`: one JSON object a line, with exactly the keys `id` (the id
  column's own name), `status`, `recommendations`, `needs`, `errors` and `path`.

Rows are in the order of the input rows. DuckDB writes each format (`COPY`); paths reach it as
sqlglot-built literals.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from compiler.files import UsageError
from compiler.population.sources import ident, literal, select
from dsl.text import visible

if TYPE_CHECKING:
    import duckdb

RESULTS_FORMATS = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
LISTS = ("recommendations", "needs", "errors", "path")
COPY_OPTIONS = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true", "jsonl": "FORMAT json"}
TOP = 10  # needs and input errors listed in a summary
END = "end"


def results_format(path: str) -> str:
    found = RESULTS_FORMATS.get(os.path.splitext(path)[1].lower())
    if found is None:
        raise UsageError(f"{visible(path)}: cannot tell the format from the extension: use .parquet, .csv or .jsonl")
    return found


def write_results(con: duckdb.DuckDBPyConnection, relation: duckdb.DuckDBPyRelation, path: str) -> None:
    """Write the results to `path` in the format its extension names, rows in their order."""
    import duckdb

    kind = results_format(path)
    columns = relation.columns
    if kind == "csv":
        shown = ", ".join(f"to_json({ident(c)}) AS {ident(c)}" if c in LISTS else ident(c) for c in columns)
    else:
        shown = ", ".join(ident(c) for c in columns)
    directory = os.path.dirname(path)
    try:
        if directory:
            os.makedirs(directory, exist_ok=True)
        if kind == "parquet":  # written from the relation itself: its query is not bound again
            relation.to_parquet(path)
        else:
            view = "results_to_write"
            relation.create_view(view, replace=True)
            con.execute(
                f"COPY (SELECT {shown} FROM {ident(view)}) TO {literal(path)} ({COPY_OPTIONS[kind]})"
            ).fetchall()
    except OSError as error:
        raise UsageError(f"{visible(path)}: cannot be written ({error.strerror or error})") from None
    except duckdb.IOException as error:
        raise UsageError(f"{visible(path)}: cannot be written ({_first_line(error)})") from None


def read_results(con: duckdb.DuckDBPyConnection, path: str, id_column: str) -> duckdb.DuckDBPyRelation:
    """Results written by `write_results`, read back with their lists as lists."""
    kind = results_format(path)
    if kind == "parquet":
        return con.read_parquet(path)
    if kind == "jsonl":
        types = {
            id_column: "VARCHAR",
            "status": "VARCHAR",
            "recommendations": "VARCHAR[]",
            "needs": "VARCHAR[]",
            "errors": "STRUCT(input VARCHAR, problem VARCHAR)[]",
            "path": "VARCHAR[]",
        }
        return con.read_json(path, format="newline_delimited", columns=types)
    read = con.read_csv(path, header=True, all_varchar=True)
    shapes = {
        "recommendations": '["VARCHAR"]',
        "needs": '["VARCHAR"]',
        "path": '["VARCHAR"]',
        "errors": '[{"input": "VARCHAR", "problem": "VARCHAR"}]',
    }
    shown = ", ".join(
        f"from_json({ident(c)}, {literal(shapes[c])}) AS {ident(c)}" if c in shapes else ident(c) for c in read.columns
    )
    return select(read, "written", f"SELECT {shown} FROM written")


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return visible(text[0]) if text else type(error).__name__


# ---- what the results add up to ----


@dataclass(frozen=True)
class Summary:
    """Counts of rows (patients) over a population's results. Every count is of rows: a code, a
    missing input or a problem counts once per row that has it."""

    rows: int
    statuses: Mapping[str, int]  # complete, needs_data, invalid_input (each present), then any other
    recommendations: tuple[tuple[str, int], ...]  # code, rows; most common first
    needs: tuple[tuple[str, int], ...]  # input, rows; most common first (all of them)
    errors: tuple[tuple[str, str, int], ...]  # input, problem, rows; most common first (all of them)
    error_inputs: tuple[tuple[str, int], ...]  # input, rows with an error in it
    steps: Mapping[str, int] = field(default_factory=dict)  # step -> rows whose path reaches it
    edges: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (step, next step or end) -> rows
    stops: Mapping[str, int] = field(default_factory=dict)  # step -> needs_data rows whose path stops there
    stop_needs: Mapping[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)  # step -> (input, rows)
    undecided_checks: int = 0  # needs_data rows whose pathway ended: a check could not decide


def _int(value: object) -> int:
    assert isinstance(value, int)  # a count
    return value


STATUS_ORDER = ("complete", "needs_data", "invalid_input")


def summarise(relation: duckdb.DuckDBPyRelation) -> Summary:
    """The summary and the flowchart's counts of a results relation (one pass per figure)."""

    def rows(sql: str) -> list[tuple[object, ...]]:
        return [tuple(r) for r in select(relation, "r", sql).fetchall()]

    statuses_found = {str(s): _int(n) for s, n in rows("SELECT status, count(*) FROM r GROUP BY status")}
    statuses = {s: statuses_found.pop(s) for s in STATUS_ORDER if s in statuses_found}
    statuses.update(sorted(statuses_found.items()))
    total = sum(statuses.values())

    def counted(inner: str) -> tuple[tuple[str, int], ...]:
        found = rows(f"SELECT v, count(*) AS n FROM ({inner}) WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, v")
        return tuple((str(v), _int(n)) for v, n in found)

    recommendations = counted("SELECT unnest(list_distinct(recommendations)) AS v FROM r")
    needs = counted("SELECT unnest(needs) AS v FROM r")
    error_inputs = counted(
        "SELECT DISTINCT rowid_, e.input AS v FROM (SELECT row_number() OVER () AS rowid_, unnest(errors) AS e FROM r)"
    )
    errors = tuple(
        (str(i), str(p), _int(n))
        for i, p, n in rows(
            "SELECT i, p, count(*) AS n FROM (SELECT e.input AS i, e.problem AS p FROM "
            "(SELECT unnest(errors) AS e FROM r)) GROUP BY i, p ORDER BY n DESC, i, p"
        )
    )
    steps = dict(counted("SELECT unnest(path) AS v FROM r"))
    edges = {
        (str(a), str(b)): _int(n)
        for a, b, n in rows(
            "SELECT a, b, count(*) FROM (SELECT path[i] AS a, path[i + 1] AS b FROM r, "
            "unnest(range(1, len(path))) AS t(i)) GROUP BY a, b ORDER BY a, b"
        )
    }
    stopped = f"status = 'needs_data' AND len(path) > 0 AND path[-1] <> '{END}'"
    stops = dict(counted(f"SELECT path[-1] AS v FROM r WHERE {stopped}"))
    stop_needs: dict[str, list[tuple[str, int]]] = {}
    for step, need, n in rows(
        f"SELECT s, v, count(*) AS n FROM (SELECT path[-1] AS s, unnest(needs) AS v FROM r WHERE {stopped}) "
        "GROUP BY s, v ORDER BY s, n DESC, v"
    ):
        stop_needs.setdefault(str(step), []).append((str(need), _int(n)))
    undecided = rows(f"SELECT count(*) FROM r WHERE status = 'needs_data' AND NOT ({stopped})")
    return Summary(
        rows=total,
        statuses=statuses,
        recommendations=recommendations,
        needs=needs,
        errors=errors,
        error_inputs=error_inputs,
        steps=steps,
        edges=edges,
        stops=stops,
        stop_needs={k: tuple(v) for k, v in stop_needs.items()},
        undecided_checks=_int(undecided[0][0]) if undecided else 0,
    )
