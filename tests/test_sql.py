"""The SQL backend: goldens of the shipped guideline's query, what the query never contains,
hostile guideline text, the API's errors, and the row mapping."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from sqlglot import exp

from benchmarks.synthetic import synthetic
from compiler.api import check_text
from compiler.files import UsageError, read_text
from compiler.sql import DIALECTS, check_columns, expression, kind_of, query, row_to_inputs
from tests.conftest import ROOT, TESTS, assert_golden

GOLDEN = TESTS / "golden"
SHIPPED = sorted((ROOT / "guideline").glob("*.guideline"))
AZATHIOPRINE = ROOT / "guideline" / "azathioprine_thrombocytopenia.guideline"
OTHERS = [
    TESTS / "examples" / "all_features.guideline",
    TESTS / "examples" / "groups.guideline",
    GOLDEN / "hostile.guideline",
]


def program(path: Path):  # type: ignore[no-untyped-def]
    return check_text(read_text(str(path)), str(path)).program


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_shipped_guidelines_query_is_its_golden(dialect: str) -> None:
    g = program(AZATHIOPRINE)
    assert_golden(GOLDEN / f"azathioprine_thrombocytopenia.{dialect}.sql", query(g, dialect=dialect))
    assert query(g, dialect=dialect) == query(program(AZATHIOPRINE), dialect=dialect)  # same bytes


def _sources() -> list[tuple[str, str]]:
    found = [(str(p), read_text(str(p))) for p in SHIPPED + OTHERS]
    return found + [(f"synthetic{n}.guideline", synthetic(n)) for n in (3, 21, 101)]


@pytest.mark.parametrize(("name", "text"), _sources(), ids=[Path(n).stem for n, _ in _sources()])
def test_no_sql_operator_whose_null_rule_differs_from_the_languages(name: str, text: str) -> None:
    """No LEAST/GREATEST (they skip NULLs), no NOT IN (NULL when the list holds a NULL), no
    CAST of a text (Spark's ANSI mode raises), and no division by anything but a constant or a
    NULLIF(..., 0)."""
    g = check_text(text, name).program
    for dialect in DIALECTS:
        tree = expression(g, dialect=dialect)
        reparsed = __import__("sqlglot").parse_one(tree.sql(dialect=dialect), read=dialect)
        for node in (*tree.walk(), *reparsed.walk()):
            assert not isinstance(node, (exp.Least, exp.Greatest)), node.sql()
            if isinstance(node, exp.Not):
                inner = node.this.unnest() if isinstance(node.this, exp.Paren) else node.this
                assert not isinstance(inner, exp.In), node.sql()
            if isinstance(node, exp.Div):
                divisor = node.expression.unnest() if isinstance(node.expression, exp.Paren) else node.expression
                constant = isinstance(divisor, exp.Cast) and isinstance(divisor.this, exp.Literal)
                assert constant or isinstance(divisor, exp.Nullif), node.sql()
                if constant:
                    assert float(divisor.this.this) != 0
            if isinstance(node, exp.Cast) and not isinstance(node, exp.TryCast):
                assert not (isinstance(node.this, exp.Literal) and node.this.is_string), node.sql()


def test_hostile_text_stays_text_in_sql() -> None:
    """Every text of the hostile guideline is a literal or a quoted identifier: the query runs."""
    g = program(GOLDEN / "hostile.guideline")
    con = duckdb.connect()
    con.execute('CREATE TABLE patients ("id" INTEGER, "__class__" VARCHAR, "n" DOUBLE)')
    con.execute("INSERT INTO patients VALUES (1, 'eval', 0.5), (2, '_x', -0.5), (3, 'x''; DROP TABLE patients; --', 0)")
    rows = con.execute(query(g)).fetchall()
    assert [r[1] for r in rows] == ["complete", "complete", "invalid_input"]
    assert con.execute("SELECT count(*) FROM patients").fetchone() == (3,)
    hostile = query(g, relation='x"; DROP TABLE patients; --', id_column='a"b')
    assert '"x""; DROP TABLE patients; --"' in hostile and '"a""b"' in hostile


def test_an_unsupported_dialect_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"dialect 'postgres' is not supported \(supported: duckdb, spark\)"):
        query(program(AZATHIOPRINE), dialect="postgres")


@pytest.mark.parametrize(
    ("sql_type", "kind"),
    [("VARCHAR", "text"), ("DOUBLE", "number"), ("BIGINT", "number"), ("DECIMAL(10,2)", "number"),
     ("BOOLEAN", "boolean"), ("string", "text"), ("int", "number"), ("StringType()", "text"),
     ("DoubleType()", "number"), ("BooleanType()", "boolean"), ("FLOAT", "number")],
)  # fmt: skip
def test_kind_of(sql_type: str, kind: str) -> None:
    assert kind_of(sql_type) == kind


def test_kind_of_another_type_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="'DATE'"):
        kind_of("DATE")


def test_check_columns_names_every_extra_column() -> None:
    g = program(AZATHIOPRINE)
    check_columns(g, ["id", "platelets", "platelets_unit", "anc"])
    with pytest.raises(UsageError, match=r"bogus, other \(--ignore-extra-columns to allow\)"):
        check_columns(g, ["id", "platelets", "bogus", "other"])
    check_columns(g, ["id", "platelets", "bogus"], ignore_extra=True)
    check_columns(g, ["id", "site", "platelets"], keep=["site"])
    with pytest.raises(UsageError, match="bleeding_unit"):
        check_columns(g, ["id", "bleeding", "bleeding_unit"])
    with pytest.raises(UsageError, match="anc_unit"):
        check_columns(g, ["id", "anc_unit"])


def test_row_to_inputs_is_the_documented_mapping() -> None:
    g = program(AZATHIOPRINE)
    kinds = {"platelets": "text", "platelets_unit": "text", "anc": "number", "bleeding": "text", "indication": "text"}
    row = {"id": 1, "platelets": " 1.5e2 ", "platelets_unit": "K/uL", "anc": 2, "bleeding": "Yes", "indication": "  "}
    assert row_to_inputs(g, row, columns=kinds) == {  # type: ignore[arg-type]
        "platelets": {"value": 150.0, "unit": "K/uL"},
        "anc": 2.0,
        "bleeding": True,
    }
    row = {"platelets": "abc", "platelets_unit": " ", "anc": None, "bleeding": "maybe", "indication": "Other"}
    assert row_to_inputs(g, row, columns=kinds) == {"platelets": "abc", "bleeding": "maybe", "indication": "Other"}  # type: ignore[arg-type]
    assert row_to_inputs(g, {"platelets": None, "platelets_unit": "K/uL"}, columns=kinds) == {}  # type: ignore[arg-type]


def _routes_of(text: str, name: str, limit: int = 1024):  # type: ignore[no-untyped-def]
    from compiler.sql.routes import routes
    from compiler.sql.steps import _levels

    g = check_text(text, name).program
    return g, routes(g, _levels(g)[0], limit)


@pytest.mark.parametrize(("name", "text"), _sources()[:-2], ids=[Path(n).stem for n, _ in _sources()[:-2]])
def test_each_route_is_numbered_by_the_ways_it_takes(name: str, text: str) -> None:
    """Route k follows the graph from the start, to the end or to a stop at a decision, and the
    numbers of the ways it takes add up to k (the sum the query computes per row)."""
    from dsl import program as p

    g, found = _routes_of(text, name)
    assert found is not None
    ways = {d.index: numbers for d, numbers in found.ways}
    seen = set()
    for number, route in enumerate(found.routes):
        assert route.steps[0] is g.start
        assert len(route.labels) == len(route.steps) - (0 if route.finished else 1)
        total = 0
        for at, (step, label) in enumerate(zip(route.steps, route.labels, strict=False)):
            target = g.successors(step)[label]
            if at + 1 < len(route.steps):
                assert isinstance(target, p.Goto) and target.index == route.steps[at + 1].index
            else:
                assert route.finished and isinstance(target, p.End)
            total += ways[step.index][label] if isinstance(step, p.Decision) else 0
        if not route.finished:
            assert isinstance(route.steps[-1], p.Decision)
        assert total == number
        seen.add((tuple(s.index for s in route.steps), route.labels, route.finished))
    assert len(seen) == len(found.routes)


def test_a_guideline_with_too_many_routes_keeps_the_per_step_lists() -> None:
    """Above `MAX_ROUTES` routes the query lists no route (the parity tests run both kinds)."""
    g, found = _routes_of(synthetic(21), "synthetic21.guideline")
    assert found is None
    assert "__route" not in query(g)
    _, listed = _routes_of(synthetic(21), "synthetic21.guideline", limit=4096)
    assert listed is not None and len(listed.routes) == 2047
    assert "__route" in query(program(AZATHIOPRINE))
