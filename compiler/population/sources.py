"""Reading PATIENTS into DuckDB: a relation of one row per patient, numbered in the source's order.

- `FILE.csv`: every column as text (`all_varchar`). Each cell is parsed per its input's declared
  type by the query, not guessed by DuckDB, so `abc` in a number column is an input error of
  that row.
- `FILE.parquet`: the file's own column types.
- `FILE.jsonl`, `FILE.ndjson`: one JSON object a line. A key's type is taken from every line
  (not a sample); a key whose values mix types (numbers and strings, say), or hold objects or
  lists, is read as text.
- `DB.duckdb:TABLE`: that table of the DuckDB database, read-only.
- A `pyarrow.Table` or a DuckDB relation (API only): as they are.

Each relation gets the column `ROW`, the row's position in the source (from 0), so that results
come back in the order of the input rows: DuckDB numbers a file's rows in order (its streaming
window keeps the scan's order, and Parquet's `file_row_number` is the row's place in the file).
Paths reach DuckDB as values of its Python API or as SQL literals built by sqlglot, never pasted
into SQL text.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compiler.files import UsageError
from dsl.text import visible

if TYPE_CHECKING:
    import duckdb

ROW = "_guideline_row"  # the row's position in the source; no input or `_unit` column can be named so
FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}
DATABASES = (".duckdb", ".db")
PATIENTS_FORMATS = "CSV (.csv), Parquet (.parquet), JSON Lines (.jsonl) or a DuckDB table (DB.duckdb:TABLE)"


@dataclass(frozen=True)
class Patients:
    """The patients as DuckDB reads them: `relation` has the source's columns and `ROW`."""

    relation: duckdb.DuckDBPyRelation
    columns: tuple[str, ...]  # the source's columns, in order (without ROW)
    types: Mapping[str, str]  # column -> DuckDB type name
    name: str  # for messages


def ident(name: str) -> str:
    """A column or table name as a quoted DuckDB identifier (through sqlglot)."""
    from sqlglot import exp

    return exp.to_identifier(name, quoted=True).sql(dialect="duckdb")


def literal(text: str) -> str:
    """A text as a DuckDB string literal (through sqlglot)."""
    from sqlglot import exp

    return exp.Literal.string(text).sql(dialect="duckdb")


def select(relation: duckdb.DuckDBPyRelation, name: str, sql: str) -> duckdb.DuckDBPyRelation:
    """`sql` (a SELECT) over `relation`, which it names `name`."""
    found = relation.query(name, sql)
    assert found is not None  # a SELECT always gives a relation
    return found


def select_from(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyRelation:
    found = con.sql(sql)
    assert found is not None  # a SELECT always gives a relation
    return found


def split_table(path: str) -> tuple[str, str] | None:
    """`DB.duckdb:TABLE` as (DB.duckdb, TABLE); None when `path` names no database table."""
    head, colon, table = path.rpartition(":")
    if colon and head.lower().endswith(DATABASES) and table:
        return head, table
    return None


def patients_format(path: str) -> str:
    """csv, parquet, jsonl or duckdb, from the name; `UsageError` for any other."""
    if split_table(path) is not None:
        return "duckdb"
    found = FORMATS.get(os.path.splitext(path)[1].lower())
    if found is None:
        raise UsageError(f"{visible(path)}: cannot tell the format from the extension: use {PATIENTS_FORMATS}")
    return found


def open_patients(con: duckdb.DuckDBPyConnection, source: object) -> Patients:
    """The patients of `source` (a path, a pyarrow Table or a DuckDB relation) as a numbered relation.
    A missing or unreadable file is a `UsageError` naming it."""
    import duckdb
    import pyarrow as pa

    if isinstance(source, os.PathLike):
        source = os.fspath(source)
    if isinstance(source, str):
        return _read_path(con, source)
    if isinstance(source, pa.Table):
        numbered = source.append_column(ROW, pa.array(range(source.num_rows), pa.int64()))
        return _numbered(con.from_arrow(numbered), "the table")
    if isinstance(source, duckdb.DuckDBPyRelation):
        if ROW in source.columns:
            raise UsageError(f"the relation has a column named {ROW}, which is reserved")
        return _numbered(
            select(source, "source", f"SELECT *, row_number() OVER () - 1 AS {ident(ROW)} FROM source"), "the relation"
        )
    raise UsageError(
        f"cannot read patients from a {type(source).__name__}: give a path, a pyarrow Table or a DuckDB relation"
    )


def _numbered(relation: duckdb.DuckDBPyRelation, name: str) -> Patients:
    columns = tuple(c for c in relation.columns if c != ROW)
    types = {c: str(t) for c, t in zip(relation.columns, relation.types, strict=True) if c != ROW}
    return Patients(relation, columns, types, name)


def _read_path(con: duckdb.DuckDBPyConnection, path: str) -> Patients:
    import duckdb

    kind = patients_format(path)
    table = split_table(path)
    file = table[0] if table is not None else path
    shown = visible(path)
    if not os.path.exists(file):
        raise UsageError(f"{visible(file)}: no such file")
    if os.path.isdir(file):
        raise UsageError(f"{visible(file)}: is a directory")
    if kind == "csv" and _blank(file):
        raise UsageError(f"{visible(file)}: the file is empty: a CSV file starts with a header line naming its columns")
    try:
        match kind:
            case "csv":
                read = con.read_csv(file, header=True, all_varchar=True)
                relation = select(read, "source", f"SELECT *, row_number() OVER () - 1 AS {ident(ROW)} FROM source")
            case "parquet":
                read = con.read_parquet(file, file_row_number=True)
                names = [c for c in read.columns if c != "file_row_number"]
                picked = ", ".join([*map(ident, names), f"file_row_number AS {ident(ROW)}"])
                relation = select(read, "source", f"SELECT {picked} FROM source")
            case "jsonl":
                relation = _read_jsonl(con, file)
            case _:
                assert table is not None
                con.execute(f"ATTACH {literal(file)} AS patients_database (READ_ONLY)").fetchall()
                found = con.execute(
                    "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'patients_database' AND table_name = ?",
                    [table[1]],
                ).fetchall()[0]
                if not found or not found[0]:
                    raise UsageError(f"{shown}: the database has no table {visible(table[1])}")
                relation = select_from(con, f"SELECT *, rowid AS {ident(ROW)} FROM patients_database.{ident(table[1])}")
        patients = _numbered(relation, shown)
    except duckdb.Error as error:
        raise UsageError(f"{shown}: cannot be read ({_first_line(error)})") from None
    if ROW in patients.columns:
        raise UsageError(f"{shown}: has a column named {ROW}, which is reserved")
    return patients


def _read_jsonl(con: duckdb.DuckDBPyConnection, file: str) -> duckdb.DuckDBPyRelation:
    """One JSON object a line. Types come from every line (`sample_size=-1`); a key whose values
    are not all numbers, all booleans or all strings is read as text: a string as itself, a number
    or an object as its JSON."""
    read = con.read_json(file, format="newline_delimited", sample_size=-1)
    parts = []
    for name, kind in zip(read.columns, read.types, strict=True):
        shown = str(kind)
        if shown in SCALARS or shown.startswith("DECIMAL"):
            parts.append(ident(name))
        else:  # JSON (mixed), NULL (no value), STRUCT, lists: as text
            parts.append(f"json_extract_string(to_json({ident(name)}), '$') AS {ident(name)}")
    parts.append(f"row_number() OVER () - 1 AS {ident(ROW)}")
    return select(read, "source", f"SELECT {', '.join(parts)} FROM source")


SCALARS = frozenset({"BIGINT", "UBIGINT", "HUGEINT", "INTEGER", "DOUBLE", "BOOLEAN", "VARCHAR"})


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return visible(text[0]) if text else type(error).__name__


def _blank(path: str) -> bool:
    """Whether a file holds nothing but white space (a CSV file of a header line alone is no such
    file: it has columns and no rows)."""
    try:
        with open(path, "rb") as file:
            while chunk := file.read(65536):
                if chunk.strip():
                    return False
    except OSError:
        return False  # said when DuckDB reads it
    return True
