"""`guideline population` and `Evaluator.population` on DuckDB: every kind of PATIENTS (CSV,
Parquet, JSON Lines, a DuckDB table, a pyarrow Table, a DuckDB relation), every kind of RESULTS
(Parquet, CSV, JSON Lines), the interface's keys and row order, bad cells as results, the column
check before the run, the exit codes, and `guideline sql`. Each run's rows are compared whole with
the compiled Python evaluator's results on the same rows (through the documented row mapping)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from compiler.api import Evaluator, check_text, load
from compiler.cli import main
from compiler.files import UsageError
from dsl.program import Program
from tests.conftest import AZATHIOPRINE
from tests.population.expected import KEYS, expected_rows, kinds_of, read_jsonl, table_rows, write_csv, write_jsonl
from tests.population.rows import table as generated

GUIDELINE = str(AZATHIOPRINE)
ROWS = 400


@pytest.fixture(scope="module")
def evaluator() -> Evaluator:
    return load(GUIDELINE)


@pytest.fixture(scope="module")
def program() -> Program:
    return check_text(Path(GUIDELINE).read_text(encoding="utf-8"), GUIDELINE).program


@pytest.fixture(scope="module")
def patients(program: Program) -> pa.Table:
    return generated(program, ROWS, seed=5)


def _finite(table: pa.Table) -> pa.Table:
    """The table with NaN and infinities as NULL (JSON has no such numbers)."""
    columns = {}
    for name in table.column_names:
        values = table.column(name).to_pylist()
        if pa.types.is_floating(table.schema.field(name).type):
            values = [None if v is not None and not math.isfinite(v) else v for v in values]
        columns[name] = pa.array(values, table.schema.field(name).type)
    return pa.table(columns)


def test_the_api_gives_the_python_results_on_a_table(
    evaluator: Evaluator, program: Program, patients: pa.Table
) -> None:
    found = table_rows(evaluator.population(patients))
    assert found == expected_rows(evaluator, program, patients.to_pylist(), kinds_of(patients))
    assert {r["status"] for r in found} == {"complete", "needs_data", "invalid_input"}


def test_the_api_reads_a_duckdb_relation(evaluator: Evaluator, program: Program, patients: pa.Table) -> None:
    con = duckdb.connect()
    relation = con.from_arrow(patients)
    assert table_rows(evaluator.population(relation)) == expected_rows(
        evaluator, program, patients.to_pylist(), kinds_of(patients)
    )


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("kind", ["csv", "parquet", "jsonl", "duckdb"])
def test_each_kind_of_patients_gives_the_python_results(
    kind: str, tmp_path: Path, evaluator: Evaluator, program: Program, patients: pa.Table,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    columns: Any = None
    if kind == "csv":
        source = tmp_path / "patients.csv"
        rows = write_csv(patients, source)  # every cell text, as the CSV holds it
        columns = {name: "text" for name in patients.column_names}
    elif kind == "parquet":
        source = tmp_path / "patients.parquet"
        pq.write_table(patients, source)
        rows = patients.to_pylist()
        columns = kinds_of(patients)
    elif kind == "jsonl":
        source = tmp_path / "patients.jsonl"
        rows = _finite(patients).to_pylist()
        columns = kinds_of(patients)
        write_jsonl(rows, source)
    else:
        database = tmp_path / "patients.duckdb"
        con = duckdb.connect(str(database))
        con.register("generated", patients)
        con.execute("CREATE TABLE cbc AS SELECT * FROM generated")
        con.close()
        source = Path(f"{database}:cbc")
        rows = patients.to_pylist()
        columns = kinds_of(patients)
    out = tmp_path / "results.jsonl"
    code, printed, err = _run(["population", GUIDELINE, "--input", str(source), "-o", str(out)], capsys)
    assert (code, err) == (0, "")
    found = read_jsonl(out)
    assert found == expected_rows(evaluator, program, rows, columns)
    statuses = {s: sum(1 for r in found if r["status"] == s) for s in ("complete", "needs_data", "invalid_input")}
    for status, count in statuses.items():
        assert f"{status}  " in printed and f"{count:,}" in printed
    assert f"{ROWS:,} rows" in printed


def test_the_three_kinds_of_results_hold_the_same_rows(
    tmp_path: Path, patients: pa.Table, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "patients.parquet"
    pq.write_table(patients, source)
    found = {}
    for suffix in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"results.{suffix}"
        code, _, err = _run(["population", GUIDELINE, "--input", str(source), "-o", str(out)], capsys)
        assert (code, err) == (0, "")
        if suffix == "jsonl":
            lines = out.read_text(encoding="utf-8").splitlines()
            assert all(list(json.loads(line)) == KEYS for line in lines)  # exactly the interface's keys, in order
            found[suffix] = [json.loads(line) for line in lines]
        elif suffix == "csv":
            con = duckdb.connect()
            rows = con.read_csv(str(out), header=True, all_varchar=True).fetchall()
            found[suffix] = [
                {"id": int(r[0]), "status": r[1], **{k: json.loads(v) for k, v in zip(KEYS[2:], r[2:], strict=True)}}
                for r in rows
            ]
        else:
            found[suffix] = table_rows(pq.read_table(out))
    assert found["jsonl"] == found["csv"] == found["parquet"]
    assert [r["id"] for r in found["jsonl"]] == patients.column("id").to_pylist()


def test_results_keep_the_order_of_the_input_rows(
    tmp_path: Path, evaluator: Evaluator, program: Program, patients: pa.Table
) -> None:
    shuffled = patients.take(pa.array(list(range(ROWS - 1, -1, -3)) + list(range(0, ROWS, 3))))
    found = table_rows(evaluator.population(shuffled))
    assert [r["id"] for r in found] == shuffled.column("id").to_pylist()
    assert found == expected_rows(evaluator, program, shuffled.to_pylist(), kinds_of(shuffled))


def test_abc_in_a_number_column_of_a_csv_is_that_rows_input_error(
    tmp_path: Path, evaluator: Evaluator, program: Program, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "cbc.csv"
    source.write_text(
        "id,indication,azathioprine_status,platelets,anc\n"
        "a,other,taking,abc,2.0\n"
        "b,other,taking,120,2.0\n"
        "c,other,taking,,2.0\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    code, _, err = _run(["population", GUIDELINE, "--input", str(source), "-o", str(out)], capsys)
    assert (code, err) == (0, "")
    found = read_jsonl(out)
    assert [r["id"] for r in found] == ["a", "b", "c"]
    assert found[0]["status"] == "invalid_input" and [e["input"] for e in found[0]["errors"]] == ["platelets"]
    assert found[0]["recommendations"] == []
    assert [r["status"] for r in found[1:]] != ["invalid_input"] * 2
    columns = {"id": "text", "indication": "text", "azathioprine_status": "text", "platelets": "text", "anc": "text"}
    rows = [
        {"id": i, "indication": "other", "azathioprine_status": "taking", "platelets": p, "anc": "2.0"}
        for i, p in (("a", "abc"), ("b", "120"), ("c", None))
    ]
    assert found == expected_rows(evaluator, program, rows, columns)


def test_an_extra_column_stops_the_run_unless_allowed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "cbc.csv"
    source.write_text("id,platelets,ward\n1,120,B4\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, printed, err = _run(["population", GUIDELINE, "--input", str(source), "-o", str(out)], capsys)
    assert code == 2 and printed == "" and not out.exists()
    assert err.count("\n") == 1 and "ward" in err
    code, _, err = _run(
        ["population", GUIDELINE, "--input", str(source), "-o", str(out), "--ignore-extra-columns"], capsys
    )
    assert (code, err) == (0, "")
    assert [r["id"] for r in read_jsonl(out)] == ["1"]


def test_without_an_id_column_each_row_is_numbered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "cbc.csv"
    source.write_text("platelets\n120\n30\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert _run(["population", GUIDELINE, "--input", str(source), "-o", str(out)], capsys)[0] == 0
    assert [r["id"] for r in read_jsonl(out)] == [1, 2]
    code, _, err = _run(["population", GUIDELINE, "--input", str(source), "--id-column", "mrn"], capsys)
    assert code == 2 and "mrn" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--input", "missing.csv"], "missing.csv: no such file"),
        (["--input", "patients.txt"], "cannot tell the format"),
        (["--input", "{csv}", "-o", "out.xlsx"], "out.xlsx: cannot tell the format"),
        (["--input", "{csv}", "--report", "out.doc"], "out.doc: cannot tell the format"),
        (["--input", "{csv}", "--engine", "sqlite"], "unknown engine sqlite"),
        (["--input", "{csv}", "--master", "spark://127.0.0.1:1"], "--master is for --engine spark"),
        (["--input", "{db}:nothing"], "has no table nothing"),
        (["--input", "{empty}"], "empty.csv: the file is empty: a CSV file starts with a header line"),
    ],
)
def test_what_cannot_be_used_is_exit_2_in_one_line(
    arguments: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "cbc.csv"
    csv_file.write_text("id,platelets\n1,120\n", encoding="utf-8")
    database = tmp_path / "p.duckdb"
    duckdb.connect(str(database)).close()
    empty = tmp_path / "empty.csv"
    empty.write_text(" \n\n", encoding="utf-8")
    shown = [
        a.replace("{csv}", str(csv_file)).replace("{db}", str(database)).replace("{empty}", str(empty))
        for a in arguments
    ]
    shown = [str(tmp_path / a) if a in ("missing.csv", "patients.txt", "out.xlsx", "out.doc") else a for a in shown]
    code, printed, err = _run(["population", GUIDELINE, *shown], capsys)
    assert code == 2 and printed == ""
    assert err.count("\n") == 1 and said in err, err


def test_a_bad_source_in_the_api_is_a_usage_error(evaluator: Evaluator) -> None:
    with pytest.raises(UsageError, match="cannot read patients from a list"):
        evaluator.population([1, 2])


# ---- guideline sql ----


def test_sql_prints_one_query_over_patients(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlglot
    from sqlglot import exp

    code, printed, err = _run(["sql", GUIDELINE, "--dialect", "duckdb"], capsys)
    assert (code, err) == (0, "")
    statements = sqlglot.parse(printed, read="duckdb")
    assert len(statements) == 1 and isinstance(statements[0], exp.Query)
    tables = {t.name for t in statements[0].find_all(exp.Table)}
    ctes = {c.alias for c in statements[0].find_all(exp.CTE)}
    assert tables - ctes == {"patients"}
    out = tmp_path / "q.sql"
    assert _run(["sql", GUIDELINE, "--dialect", "spark", "-o", str(out)], capsys)[0] == 0
    assert out.read_text(encoding="utf-8").strip()


def test_sql_refuses_an_unsupported_dialect(capsys: pytest.CaptureFixture[str]) -> None:
    code, printed, err = _run(["sql", GUIDELINE, "--dialect", "postgres"], capsys)
    assert code == 2 and printed == ""
    assert err.count("\n") == 1 and "unsupported dialect postgres: use duckdb or spark" in err


def test_the_cli_knows_the_dialects_and_engines_of_the_backends() -> None:
    from compiler.cli import population as cli
    from compiler.population import ENGINES
    from compiler.sql import DIALECTS

    assert cli.DIALECT_NAMES == tuple(DIALECTS)
    assert cli.ENGINE_NAMES == tuple(ENGINES)
