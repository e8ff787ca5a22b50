"""Parity: the SQL query gives, on every row, what the compiled Python evaluator gives.

For every shipped guideline (`guideline/*.guideline`), 100,000 generated rows (`tests.sql.rows`)
run through the query on DuckDB and through `row_to_inputs` plus the compiled evaluator; status,
recommendations, needs, errors (problem texts word for word) and path must be identical on every
row (SQL gives no trace). Half the rows come as typed columns (as from Parquet), half as text
columns (as from CSV). 10,000 of them, both kinds, also run on Spark `local[2]` with ANSI mode
on. Generated guidelines (`tests.test_properties`'s writer, `benchmarks.synthetic`) run too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings

from benchmarks.synthetic import synthetic
from compiler.api import Evaluator, check_text
from compiler.files import read_text
from compiler.python.codegen import generate
from compiler.sql import ColumnKind, query, row_to_inputs
from dsl.pipeline import Checked
from tests.conftest import ROOT
from tests.sql.rows import columns_of, rows, table
from tests.test_properties import written_guidelines

GUIDELINES = sorted((ROOT / "guideline").glob("*.guideline"))
DUCKDB_ROWS = 100_000  # per guideline (200,000 over the two shipped guidelines): half typed, half text
SPARK_ROWS = 10_000  # in all, over the guidelines and both kinds (Spark analyses each query for seconds)


def checked(path: Path) -> Checked:
    return check_text(read_text(str(path)), str(path))


def expected(c: Checked, generated: Sequence[dict[str, Any]], kinds: Mapping[str, ColumnKind]) -> list[dict[str, Any]]:
    evaluate = Evaluator(generate(c.program), c.program.filename).evaluate
    found = []
    for row in generated:
        result = evaluate(row_to_inputs(c.program, row, columns=kinds))
        found.append(
            {
                "id": row["id"],
                "status": result["status"],
                "recommendations": [r["code"] for r in result["recommendations"]],
                "needs": result["needs"],
                "errors": result["errors"],
                "path": result["path"],
            }
        )
    return found


def from_duckdb(c: Checked, generated: list[dict[str, Any]], kinds: Mapping[str, ColumnKind]) -> list[dict[str, Any]]:
    con = duckdb.connect()
    con.register("patients", table(generated, kinds))
    cursor = con.execute(query(c.program, columns=kinds))
    names = [d[0] for d in cursor.description]
    return [_plain(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    errors = [{"input": e["input"], "problem": e["problem"]} for e in row["errors"]]
    return {**row, "errors": errors}


def differences(
    mine: list[dict[str, Any]], reference: list[dict[str, Any]], generated: list[dict[str, Any]]
) -> list[str]:
    found = []
    for got, want, row in zip(mine, reference, generated, strict=True):
        if got != want:
            found.append(f"row {json.dumps(row, default=repr)}\n  sql:    {got}\n  python: {want}")
    return found


def assert_same(mine: list[dict[str, Any]], reference: list[dict[str, Any]], generated: list[dict[str, Any]]) -> None:
    assert len(mine) == len(reference)
    found = differences(mine, reference, generated)
    assert not found, f"{len(found)} of {len(mine)} rows differ, the first:\n" + "\n".join(found[:3])


@pytest.mark.parametrize("mode", ["typed", "text"])
@pytest.mark.parametrize("path", GUIDELINES, ids=lambda p: p.stem)
def test_duckdb_agrees_with_the_python_evaluator(path: Path, mode: str) -> None:
    c = checked(path)
    kinds = columns_of(c, mode)
    generated = list(rows(c, DUCKDB_ROWS // 2, mode, path.stem))
    reference = expected(c, generated, kinds)
    assert_same(from_duckdb(c, generated, kinds), reference, generated)
    # The rows reach what they are meant to: every status, errors and recommendations.
    statuses = {r["status"] for r in reference}
    assert statuses == {"complete", "needs_data", "invalid_input"}
    assert sum(r["status"] == "complete" for r in reference) > len(reference) // 50


# ---- Spark ----


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("guideline-sql-parity")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _spark_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_spark_value(v) for v in value]
    if hasattr(value, "asDict"):
        return value.asDict()
    return value


def test_spark_agrees_with_the_python_evaluator(spark: Any, tmp_path: Path) -> None:
    per = SPARK_ROWS // (2 * len(GUIDELINES))
    assert spark.conf.get("spark.sql.ansi.enabled") == "true"
    for path in GUIDELINES:
        c = checked(path)
        for mode in ("typed", "text"):
            kinds = columns_of(c, mode)
            generated = list(rows(c, per, mode, f"spark:{path.stem}"))
            file = tmp_path / f"{path.stem}.{mode}.parquet"
            pq.write_table(table(generated, kinds), file)
            spark.read.parquet(str(file)).createOrReplaceTempView("patients")
            result = spark.sql(query(c.program, dialect="spark", columns=kinds).rstrip().rstrip(";")).collect()
            mine = sorted(({k: _spark_value(v) for k, v in r.asDict().items()} for r in result), key=lambda r: r["id"])
            assert_same(mine, expected(c, generated, kinds), generated)


# ---- generated guidelines ----


def _through_both(text: str, filename: str, count: int, seed: str) -> None:
    c = check_text(text, filename)
    for mode in ("typed", "text"):
        kinds = columns_of(c, mode)
        generated = list(rows(c, count, mode, seed))
        assert_same(from_duckdb(c, generated, kinds), expected(c, generated, kinds), generated)


@settings(max_examples=25, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(written_guidelines())
def test_written_guidelines_agree(text: str) -> None:
    from dsl.errors import GuidelineError

    try:
        check_text(text, "generated.guideline")
    except GuidelineError:
        return
    _through_both(text, "generated.guideline", 200, "written")


@pytest.mark.parametrize("steps", [3, 21, 101])
def test_synthetic_guidelines_agree(steps: int) -> None:
    _through_both(synthetic(steps), f"synthetic{steps}.guideline", 2_000, f"synthetic{steps}")


def test_examples_agree() -> None:
    for path in [
        ROOT / "tests" / "examples" / "all_features.guideline",
        ROOT / "tests" / "examples" / "groups.guideline",
        ROOT / "tests" / "golden" / "hostile.guideline",
    ]:
        _through_both(read_text(str(path)), str(path), 5_000, path.stem)
