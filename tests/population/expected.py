"""What a population run must give: each row through the documented row mapping
(`compiler.sql.row_to_inputs`) and the compiled Python evaluator, as the row of results the
interface defines (`id`, `status`, recommendation codes, `needs`, `errors`, `path`)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from compiler.api import Evaluator
from dsl.program import Program

KEYS = ["id", "status", "recommendations", "needs", "errors", "path"]


def result_row(evaluator: Evaluator, program: Program, row: Mapping[str, Any], columns: Any = None) -> dict[str, Any]:
    from compiler.sql import row_to_inputs

    result = evaluator.evaluate(row_to_inputs(program, row, columns=columns))
    return {
        "id": row.get("id"),
        "status": result["status"],
        "recommendations": [r["code"] for r in result["recommendations"]],
        "needs": list(result["needs"]),
        "errors": [{"input": e["input"], "problem": e["problem"]} for e in result["errors"]],
        "path": list(result["path"]),
    }


def kinds_of(table: pa.Table) -> dict[str, str]:
    """How each column of an Arrow table arrives: number, boolean or text."""
    found = {}
    for field in table.schema:
        kind = field.type
        found[field.name] = (
            "boolean"
            if pa.types.is_boolean(kind)
            else "number"
            if pa.types.is_floating(kind) or pa.types.is_integer(kind)
            else "text"
        )
    return found


def expected_rows(
    evaluator: Evaluator, program: Program, rows: Iterable[Mapping[str, Any]], columns: Any = None
) -> list[dict[str, Any]]:
    return [result_row(evaluator, program, row, columns) for row in rows]


def table_rows(table: pa.Table) -> list[dict[str, Any]]:
    """The results of a run as plain rows (lists as lists, structs as dicts)."""
    return [{k: row[k] for k in KEYS} for row in table.to_pylist()]


def write_csv(table: pa.Table, path: Path) -> list[dict[str, Any]]:
    """`table` as CSV text (None: an empty cell, numbers as Python writes them); the rows as the
    CSV holds them (every cell text, an empty cell None)."""
    rows = table.to_pylist()
    names = table.column_names
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if row[n] is None else _cell(row[n]) for n in names])
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v if v != "" else None) for k, v in r.items()} for r in csv.DictReader(handle)]


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_jsonl(rows: Sequence[Mapping[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(dict(row)) + "\n")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
