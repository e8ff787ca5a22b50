"""The population benchmark's inputs: the hand-written yardstick (`benchmarks/handwritten.sql`)
must give the generated query's results on the benchmark's own patients, or comparing their
speeds means nothing; and RESULTS.md is exactly its section files put together."""

from __future__ import annotations

from pathlib import Path

import duckdb

from benchmarks import run
from benchmarks.population import generate, work_duckdb, work_handwritten
from compiler.population.sources import literal


def test_the_hand_written_query_gives_the_generated_querys_results(tmp_path: Path) -> None:
    patients, generated, handwritten = (tmp_path / f"{n}.parquet" for n in ("patients", "generated", "handwritten"))
    generate(3000, patients)
    work_duckdb(str(patients), str(generated))
    work_handwritten(str(patients), str(handwritten))
    con = duckdb.connect()
    compared = (
        f"SELECT g.id, g.status, h.status FROM read_parquet({literal(str(generated))}) g "
        f"JOIN read_parquet({literal(str(handwritten))}) h USING (id) WHERE "
        "g.status IS DISTINCT FROM h.status OR g.recommendations IS DISTINCT FROM h.recommendations OR "
        "g.needs IS DISTINCT FROM h.needs OR g.path IS DISTINCT FROM h.path OR "
        "list_transform(g.errors, lambda e: e.input) IS DISTINCT FROM list_transform(h.errors, lambda e: e.input)"
    )
    assert con.execute(compared).fetchall() == []
    statuses = con.execute(
        f"SELECT status, count(*) FROM read_parquet({literal(str(generated))}) GROUP BY status"
    ).fetchall()
    assert {s for s, _ in statuses} == {"complete", "needs_data", "invalid_input"}
    ids = con.execute(f"SELECT list(id) FROM read_parquet({literal(str(handwritten))})").fetchall()[0][0]
    assert ids == list(range(1, 3001))  # in input order


def test_results_md_is_its_section_files_put_together() -> None:
    assert run.RESULTS.read_text(encoding="utf-8") == run.assemble()
    names = [s.name for s in run.SECTIONS]
    assert len(names) == len(set(names)) and "population" in names
