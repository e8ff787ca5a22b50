"""How a relation's columns become a patient's inputs: the row mapping, written once in Python.

One row is one patient. Its columns are the id column, the guideline's inputs, an optional
`<input>_unit` column beside a number input, and any columns the caller keeps. A cell becomes the
input JSON that the Python evaluator would get (`row_to_inputs`); the SQL query computes the same
from the same rules (`compiler.sql.validation`), and the parity test holds the two together.

- A NULL cell is unknown (the input is absent). In a text column an empty cell, or one of only
  spaces, tabs, carriage returns and line feeds (`WHITESPACE`), is unknown too.
- A number input: a number column's value is that number, as a float, in the input's declared
  unit (NaN and infinity are passed on, and the evaluator rejects them). A text cell is a number
  when, with the whitespace around it removed, it is written `[+-]digits[.digits][e[+-]digits]`
  or `[+-].digits[e[+-]digits]` (ASCII digits; `NUMBER`): it is then that number, correctly
  rounded (a text too large for a float is infinity, which the evaluator rejects). Any other text
  stays the text, and the evaluator rejects it with its own words.
- With a non-empty `<input>_unit` cell (taken as written) the value becomes
  `{"value": ..., "unit": ...}`. A unit cell beside an unknown value is ignored: the input is
  unknown.
- A yes/no input: a boolean column as it is. A text cell is `true` for `true`, `True`, `TRUE`,
  `yes`, `Yes`, `YES` and `false` for `false`, `False`, `FALSE`, `no`, `No`, `NO` (whitespace
  around removed); any other text stays the text, which the evaluator rejects.
- A choice input: the text exactly as written. A number or boolean column gives that value, which
  the evaluator rejects.
- An input whose column is missing is unknown on every row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Literal

from compiler.files import UsageError
from dsl.program import Input, Program

ColumnKind = Literal["text", "number", "boolean"]
WHITESPACE = " \t\r\n"
NUMBER = "[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?"  # no backslash: the same in RE2 and Java
TRUE_SPELLINGS = ("true", "True", "TRUE", "yes", "Yes", "YES")
FALSE_SPELLINGS = ("false", "False", "FALSE", "no", "No", "NO")
UNIT_SUFFIX = "_unit"
_NUMBER = re.compile(NUMBER)

_TEXT_TYPES = {
    "VARCHAR",
    "STRING",
    "TEXT",
    "CHAR",
    "BPCHAR",
    "STRINGTYPE",
    "CHARTYPE",
    "VARCHARTYPE",
    "NULL",
    "NULLTYPE",
}
_NUMBER_TYPES = {
    "DOUBLE", "FLOAT", "REAL", "FLOAT4", "FLOAT8", "BIGINT", "INTEGER", "INT", "SMALLINT", "TINYINT", "HUGEINT",
    "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT", "UHUGEINT", "INT8", "INT4", "INT2", "INT1", "LONG", "SHORT",
    "BYTE", "DECIMAL", "NUMERIC", "DEC", "DOUBLETYPE", "FLOATTYPE", "LONGTYPE", "INTEGERTYPE", "SHORTTYPE",
    "BYTETYPE", "DECIMALTYPE", "DOUBLE PRECISION",
}  # fmt: skip
_BOOLEAN_TYPES = {"BOOLEAN", "BOOL", "BOOLEANTYPE", "LOGICAL"}


def kind_of(sql_type: str) -> ColumnKind:
    """How a column of this DuckDB or Spark type arrives (`VARCHAR`, `DOUBLE`, `DECIMAL(10,2)`,
    `string`, `bigint`, `StringType()`, ...). An all-NULL column (`NULL`) counts as text."""
    base = re.sub(r"\(.*\)$", "", sql_type.strip()).strip().upper()
    if base in _TEXT_TYPES:
        return "text"
    if base in _NUMBER_TYPES:
        return "number"
    if base in _BOOLEAN_TYPES:
        return "boolean"
    raise UsageError(f"a column of type {sql_type!r} cannot hold an input (text, number or boolean columns only)")


def declared_kind(spec: Input) -> ColumnKind:
    return {"number": "number", "boolean": "boolean", "choice": "text"}[spec.kind]  # type: ignore[return-value]


def unit_column(name: str) -> str:
    return name + UNIT_SUFFIX


def check_columns(
    program: Program,
    columns: Sequence[str],
    *,
    id_column: str = "id",
    keep: Sequence[str] = (),
    ignore_extra: bool = False,
) -> None:
    """`UsageError` naming every column that is neither an input, the `_unit` column of a number
    input, the id column nor a kept column; and every `_unit` column whose input is missing or is
    not a number."""
    inputs = program.input_table
    present = set(columns)
    extra: list[str] = []
    misplaced: list[str] = []
    for name in columns:
        if name in inputs or name == id_column or name in keep:
            continue
        if name.endswith(UNIT_SUFFIX) and name[: -len(UNIT_SUFFIX)] in inputs:
            owner = name[: -len(UNIT_SUFFIX)]
            if inputs[owner].kind != "number":
                misplaced.append(f"{name} (input {owner} is not a number)")
            elif owner not in present:
                misplaced.append(f"{name} (there is no column {owner})")
            continue
        extra.append(name)
    problems = []
    if misplaced:
        problems.append("unit columns without a number column: " + ", ".join(misplaced))
    if extra and not ignore_extra:
        problems.append(
            "columns that are not inputs of the guideline: " + ", ".join(extra) + " (--ignore-extra-columns to allow)"
        )
    if problems:
        raise UsageError("; ".join(problems))


def row_to_inputs(
    program: Program,
    row: Mapping[str, object],
    *,
    id_column: str = "id",
    columns: Mapping[str, ColumnKind] | None = None,
) -> dict[str, object]:
    """The input JSON the Python evaluator gets for this row (see the module's docstring)."""
    inputs: dict[str, object] = {}
    for name, spec in program.input_table.items():
        if columns is not None and name not in columns:
            continue
        kind = declared_kind(spec) if columns is None else columns[name]
        value = _cell(spec, kind, row.get(name))
        if value is _UNKNOWN:
            continue
        unit_name = unit_column(name)
        if spec.kind == "number" and columns is not None and unit_name in columns:
            unit = row.get(unit_name)
            if isinstance(unit, str) and unit.strip(WHITESPACE):
                value = {"value": value, "unit": unit}
        inputs[name] = value
    return inputs


_UNKNOWN = object()


def _cell(spec: Input, kind: ColumnKind, value: object) -> object:
    if value is None:
        return _UNKNOWN
    if kind == "text" and isinstance(value, str):
        stripped = value.strip(WHITESPACE)
        if not stripped:
            return _UNKNOWN
        if spec.kind == "number" and _NUMBER.fullmatch(stripped):
            return float(stripped)
        if spec.kind == "boolean" and stripped in TRUE_SPELLINGS:
            return True
        if spec.kind == "boolean" and stripped in FALSE_SPELLINGS:
            return False
        return value
    if kind == "number" and not isinstance(value, bool):
        return float(value)  # type: ignore[arg-type]  # int, float or Decimal from the engine
    return value
