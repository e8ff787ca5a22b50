"""The Spark engine gives the compiled Python evaluator's results, row for row: on `local[2]`, and
on a real standalone cluster (a master and one worker from pyspark's own `spark-class`, on
127.0.0.1) reading Parquet, with ANSI mode on. Everything binds to 127.0.0.1."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from compiler.api import Evaluator, check_text, load
from compiler.cli import main
from dsl.program import Program
from tests.conftest import AZATHIOPRINE
from tests.population.cluster import HOST, cluster
from tests.population.expected import expected_rows, kinds_of, read_jsonl, table_rows
from tests.population.rows import table as generated

GUIDELINE = str(AZATHIOPRINE)
LOCAL_ROWS = 1000
CLUSTER_ROWS = 2000


@pytest.fixture(scope="module", autouse=True)
def local_only() -> Iterator[None]:
    """Spark binds to 127.0.0.1, its executors run this interpreter; the session is stopped after."""
    saved = {k: os.environ.get(k) for k in ("SPARK_LOCAL_IP", "PYSPARK_PYTHON")}
    os.environ["SPARK_LOCAL_IP"] = HOST
    os.environ["PYSPARK_PYTHON"] = sys.executable
    yield
    _stop_session()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _stop_session() -> None:
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()


@pytest.fixture(scope="module")
def evaluator() -> Evaluator:
    return load(GUIDELINE)


@pytest.fixture(scope="module")
def program() -> Program:
    return check_text(Path(GUIDELINE).read_text(encoding="utf-8"), GUIDELINE).program


def test_local_spark_gives_the_python_results(tmp_path: Path, evaluator: Evaluator, program: Program) -> None:
    from compiler.population.spark import session

    patients = generated(program, LOCAL_ROWS, seed=21)
    source = tmp_path / "patients.parquet"
    pq.write_table(patients, source, row_group_size=500)  # several row groups, read in several tasks
    found = table_rows(evaluator.population(str(source), engine="spark", master="local[2]"))
    assert found == expected_rows(evaluator, program, patients.to_pylist(), kinds_of(patients))
    spark = session("local[2]")
    assert spark.conf.get("spark.sql.ansi.enabled") == "true"
    assert spark.sparkContext.master == "local[2]"


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _stop_session()  # a session on local[2] would be reused otherwise
    with cluster(tmp_path_factory.mktemp("spark-cluster")) as url:
        yield url
        _stop_session()  # before the cluster goes: its executors end with it


def test_a_standalone_cluster_gives_the_python_results(
    master: str, tmp_path: Path, evaluator: Evaluator, program: Program, capsys: pytest.CaptureFixture[str]
) -> None:
    patients = generated(program, CLUSTER_ROWS, seed=33)
    source = tmp_path / "patients.parquet"
    pq.write_table(patients, source, row_group_size=1000)
    out = tmp_path / "results.jsonl"
    code = main(
        ["population", GUIDELINE, "--input", str(source), "--engine", "spark", "--master", master, "-o", str(out)]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    found = read_jsonl(out)
    assert found == expected_rows(evaluator, program, patients.to_pylist(), kinds_of(patients))
    assert f"{CLUSTER_ROWS:,} rows" in captured.out
    from compiler.population.spark import session

    spark = session(master)
    assert spark.sparkContext.master == master
    assert spark.conf.get("spark.sql.ansi.enabled") == "true"
    executors = spark.sparkContext._jsc.sc().getExecutorMemoryStatus().size()  # the driver and the worker's executor
    assert executors >= 2
