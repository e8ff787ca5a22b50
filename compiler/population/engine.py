"""Running the guideline's query (`compiler.sql.query`) over the patients, on DuckDB or on Spark.

Either engine ends in a DuckDB relation of the results in the order of the input rows, with the
columns `RESULT_ORDER`: the id column (its own name), `status`, `recommendations`, `needs`,
`errors` and `path`. On DuckDB it is lazy (the query runs when the relation is read or written);
on Spark the results are collected to the driver as Arrow first (`compiler.population.spark`).

Before anything runs, the columns are checked (`compiler.sql.check_columns`: a column that is
neither an input, an `<input>_unit` column nor the id column is a `UsageError`, unless
`ignore_extra_columns`). When the patients have no id column and the id column is the default
`id`, each row's id is its number, from 1.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from compiler.files import UsageError
from compiler.population.sources import ROW, Patients, ident, open_patients, select
from dsl.text import visible

if TYPE_CHECKING:
    import duckdb

    from compiler.sql import ColumnKind
    from dsl.program import Program

Engine = Literal["duckdb", "spark"]
ENGINES: tuple[Engine, ...] = ("duckdb", "spark")
DEFAULT_ID = "id"
OUTPUTS = ("status", "recommendations", "needs", "errors", "path")


@dataclass(frozen=True)
class Prepared:
    """The patients checked against the guideline, with what the query needs to know of them."""

    patients: Patients
    id_column: str
    kinds: dict[str, ColumnKind]  # each column the query reads -> how it is stored

    @property
    def outputs(self) -> tuple[str, ...]:
        return (self.id_column, *OUTPUTS)


def check_engine(engine: str) -> Engine:
    for known in ENGINES:
        if engine == known:
            return known
    raise UsageError(f"unknown engine {visible(engine)}: use {' or '.join(ENGINES)}")


def prepare(program: Program, patients: Patients, id_column: str, ignore_extra_columns: bool) -> Prepared:
    """Check the columns (`UsageError` before the run) and find how each is stored."""
    from compiler.sql import check_columns, kind_of

    if id_column not in patients.columns:
        if id_column != DEFAULT_ID:
            raise UsageError(f"{patients.name}: has no id column {visible(id_column)}")
        numbered = select(
            patients.relation, "numbered", f"SELECT *, {ident(ROW)} + 1 AS {ident(DEFAULT_ID)} FROM numbered"
        )
        types = {**patients.types, DEFAULT_ID: "BIGINT"}
        patients = Patients(numbered, (*patients.columns, DEFAULT_ID), types, patients.name)
    check_columns(program, list(patients.columns), id_column=id_column, ignore_extra=ignore_extra_columns)
    read = _read_columns(program)
    kinds: dict[str, ColumnKind] = {}
    for column in patients.columns:
        if column in read:
            try:
                kinds[column] = kind_of(patients.types[column])
            except UsageError as error:
                raise UsageError(f"{patients.name}: column {visible(column)}: {error}") from None
    return Prepared(patients, id_column, kinds)


def _read_columns(program: Program) -> set[str]:
    """The columns the query reads: each input, and its `_unit` column."""
    names = {i.name for i in program.inputs}
    return names | {f"{name}_unit" for name in names}


def compiled(
    program: Program, dialect: str, id_column: str, kinds: Mapping[str, ColumnKind], keep: tuple[str, ...]
) -> str:
    """The query over `patients` (`compiler.sql.query`), kept for the programs last asked for:
    building it takes a second or more, and a program is compared by value."""
    return _compiled(program, dialect, id_column, tuple(sorted(kinds.items())), keep)


@functools.lru_cache(maxsize=8)
def _compiled(
    program: Program,
    dialect: str,
    id_column: str,
    kinds: tuple[tuple[str, ColumnKind], ...],
    keep: tuple[str, ...],
) -> str:
    from compiler.sql import query

    return query(program, dialect=dialect, relation="patients", id_column=id_column, columns=dict(kinds), keep=keep)


def duckdb_results(program: Program, prepared: Prepared) -> duckdb.DuckDBPyRelation:
    """The results as a lazy DuckDB relation, in the order of the input rows."""
    sql = compiled(program, "duckdb", prepared.id_column, prepared.kinds, (ROW,))
    shown = ", ".join(ident(c) for c in prepared.outputs)
    # One statement: DuckDB binds the query (over a hundred kilobytes) once, where a relation over
    # a relation would bind it again (half a second, whatever the number of rows).
    return select(
        prepared.patients.relation, "patients", f"SELECT {shown} FROM ({sql}) AS evaluated ORDER BY {ident(ROW)}"
    )


def results(
    con: duckdb.DuckDBPyConnection,
    program: Program,
    source: object,
    *,
    engine: str = "duckdb",
    id_column: str = DEFAULT_ID,
    master: str | None = None,
    ignore_extra_columns: bool = False,
    progress: bool | None = False,
) -> duckdb.DuckDBPyRelation:
    """The results of every patient of `source` (see `compiler.population.sources`), on `engine`,
    as a DuckDB relation in the order of the input rows. `progress`: Spark's bar (None: when stderr
    is a terminal); DuckDB's runs when the relation is written (`compiler.population.run`)."""
    chosen = check_engine(engine)
    if master is not None and chosen != "spark":
        raise UsageError("--master is for the spark engine")
    if chosen == "spark":
        from compiler.population import spark

        table = spark.results(
            program,
            source,
            con,
            id_column=id_column,
            master=master,
            ignore_extra_columns=ignore_extra_columns,
            progress=progress,
        )
        return con.from_arrow(table)
    prepared = prepare(program, open_patients(con, source), id_column, ignore_extra_columns)
    return duckdb_results(program, prepared)
