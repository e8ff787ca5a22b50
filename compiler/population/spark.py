"""The Spark engine: the guideline's query in Spark SQL (`compiler.sql.query`, dialect `spark`).

`pyspark` (the `[spark]` extra) and Java 17 are needed. The session runs `local[*]` unless a
master is given (`spark://HOST:PORT`), with ANSI mode on (`spark.sql.ansi.enabled`), and its
executors run this interpreter (`PYSPARK_PYTHON`, unless already set). A session is kept for the
process and stopped when another master is asked for.

Parquet is read by Spark itself, each row numbered by its file and its place in the file
(`_metadata.file_path`, `_metadata.row_index`), so a file or a directory of files on storage the
executors share is read where it lies. CSV, JSON Lines, a DuckDB table, a pyarrow Table or a
DuckDB relation are read by DuckDB, with exactly the rules of the DuckDB engine
(`compiler.population.sources`), and handed to Spark as Arrow. The results come back to the
driver as Arrow (`DataFrame.toArrow`), in the order of the input rows.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from compiler.files import UsageError
from compiler.population.engine import Prepared, compiled, prepare
from compiler.population.progress import with_progress
from compiler.population.sources import ROW, Patients, ident, open_patients, patients_format, select_from
from dsl.text import visible

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

    from dsl.program import Program

DEFAULT_MASTER = "local[*]"
FILE = "_guideline_file"  # with ROW, the row's place: its file, its position in the file
CONFIG = {
    "spark.sql.ansi.enabled": "true",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
    # The query's expressions are too large for Spark's Java code generation: Janino fails on them
    # and Spark falls back to interpreting them, after trying for seconds on every stage. So they
    # are interpreted from the start (measured on 2,000 rows, local[2]: 4.2 s for the first run
    # instead of 15 s).
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
}


def session(master: str | None = None) -> SparkSession:
    """The process's Spark session on `master` (default `local[*]`), ANSI mode on."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise UsageError("the spark engine needs pyspark: pip install '.[spark]' (and Java 17)") from None
    wanted = master or DEFAULT_MASTER
    active = SparkSession.getActiveSession()
    if active is not None and active.sparkContext.master != wanted:
        active.stop()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder: Any = SparkSession.builder.master(wanted).appName("guideline population")
    for key, value in CONFIG.items():
        builder = builder.config(key, value)
    builder = builder.config("spark.pyspark.python", os.environ["PYSPARK_PYTHON"])
    try:
        spark: SparkSession = builder.getOrCreate()
    except Exception as error:  # no Java, a master that does not answer
        raise UsageError(f"cannot start Spark on {visible(wanted)}: {_first_line(error)}") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _first_line(error: BaseException) -> str:
    lines = [line for line in str(error).strip().splitlines() if line.strip()]
    return visible(lines[0]) if lines else type(error).__name__


def results(
    program: Program,
    source: object,
    con: duckdb.DuckDBPyConnection,
    *,
    id_column: str,
    master: str | None,
    ignore_extra_columns: bool,
    progress: bool | None = False,
) -> pa.Table:
    """The results of every patient, computed by Spark, as an Arrow table in input order."""
    spark = session(master)
    frame, prepared, order = _patients(spark, con, program, source, id_column, ignore_extra_columns)
    sql = compiled(program, "spark", prepared.id_column, prepared.kinds, order)
    frame.createOrReplaceTempView("patients")
    evaluated = spark.sql(sql).orderBy(*order).select(*prepared.outputs)

    def work() -> pa.Table:
        table: pa.Table = evaluated.toArrow()
        return table

    try:
        return with_progress(work, lambda: _fraction(spark), spark.sparkContext.cancelAllJobs, "Spark", show=progress)
    except UsageError:
        raise
    except Exception as error:  # Spark's own errors: a file it cannot read, the cluster gone
        raise UsageError(f"Spark failed: {_first_line(error)}") from None


def _patients(
    spark: SparkSession,
    con: duckdb.DuckDBPyConnection,
    program: Program,
    source: object,
    id_column: str,
    ignore_extra_columns: bool,
) -> tuple[DataFrame, Prepared, tuple[str, ...]]:
    """The patients as a Spark DataFrame, checked, and the columns that give their order."""
    import duckdb
    from pyspark.sql import functions as F

    if isinstance(source, os.PathLike):
        source = os.fspath(source)
    if isinstance(source, str) and patients_format(source) == "parquet":
        if not os.path.exists(source):
            raise UsageError(f"{visible(source)}: no such file")
        try:
            read = spark.read.parquet(source)
        except Exception as error:
            raise UsageError(f"{visible(source)}: cannot be read ({_first_line(error)})") from None
        if ROW in read.columns or FILE in read.columns:
            raise UsageError(f"{visible(source)}: has a column named {ROW} or {FILE}, which is reserved")
        frame = read.select("*", F.col("_metadata.file_path").alias(FILE), F.col("_metadata.row_index").alias(ROW))
        # The checks and the column kinds, on a DuckDB relation of the same schema (no rows read).
        types = {name: kind for name, kind in read.dtypes}
        patients = Patients(_empty(con, types), tuple(read.columns), types, visible(source))
        prepared = prepare(program, patients, id_column, ignore_extra_columns)
        if id_column not in read.columns:  # prepare numbered the rows from 1: the same here
            frame = frame.withColumn(id_column, F.row_number().over(_order_window(F)))
        return frame, prepared, (FILE, ROW)
    patients = open_patients(con, source)
    prepared = prepare(program, patients, id_column, ignore_extra_columns)
    try:
        table = prepared.patients.relation.to_arrow_table()
    except duckdb.Error as error:
        raise UsageError(f"{patients.name}: cannot be read ({_first_line(error)})") from None
    return spark.createDataFrame(table), prepared, (ROW,)


def _order_window(F: Any) -> Any:
    from pyspark.sql import Window

    return Window.orderBy(F.col(FILE), F.col(ROW))


def _empty(con: duckdb.DuckDBPyConnection, types: dict[str, str]) -> duckdb.DuckDBPyRelation:
    """A relation with no rows and these columns (only their names are read from it)."""
    columns = ", ".join(f"NULL AS {ident(name)}" for name in [*types, ROW])
    return select_from(con, f"SELECT {columns} LIMIT 0")


def _fraction(spark: SparkSession) -> float | None:
    tracker = spark.sparkContext.statusTracker()
    total = done = 0
    for stage in tracker.getActiveStageIds():
        info = tracker.getStageInfo(stage)
        if info is not None:
            total += info.numTasks
            done += info.numCompletedTasks
    return done / total if total else None
