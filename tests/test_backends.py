"""The same clinical cases through every evaluator, as sqlglot's `validate_all` and ibis's
backend tests do: one table of cases, one fixture of evaluators, no second test per backend.

Every evaluator is built from the same `Program`: the compiled module (`guideline compile`), the
in-process API (`compiler.api.load`, cached), and the reference interpreter. A backend added
later (SQL) joins `EVALUATORS` and inherits every case and every vignette.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from compiler.api import Evaluator, check_text, load
from compiler.files import read_text
from compiler.python.codegen import generate
from compiler.result import Result
from compiler.testing.cases import Case, cases_path, load_cases, report, run_cases
from compiler.testing.interpreter import interpret
from tests.conftest import ROOT, SPECIFICATION

Evaluate = Callable[[Mapping[str, object]], Result]
GUIDELINES = sorted((ROOT / "guideline").glob("*.guideline"))


def _compiled(path: Path) -> Evaluate:
    program = check_text(read_text(str(path)), str(path)).program
    return Evaluator(generate(program), str(path)).evaluate


def _api(path: Path) -> Evaluate:
    return load(str(path)).evaluate


def _interpreter(path: Path) -> Evaluate:
    program = check_text(read_text(str(path)), str(path)).program
    return lambda inputs: interpret(program, inputs)


def _duckdb(path: Path) -> Evaluate:
    """The SQL query on DuckDB, one row per call. The inputs become one row: each value in a
    column of its own type (a text in a text column, so that the row mapping reads it), a
    `{"value", "unit"}` a number and a `_unit` cell. SQL gives no trace and only the codes of
    the recommendations: those two come from the compiled module's result, so that every other
    key (status, the codes and their order, needs, errors word for word, path) is SQL's."""
    import duckdb
    import pyarrow as pa

    from compiler.sql import query

    program = check_text(read_text(str(path)), str(path)).program
    compiled = Evaluator(generate(program), str(path)).evaluate
    arrow = {"text": pa.string(), "number": pa.float64(), "boolean": pa.bool_()}
    connection = duckdb.connect()

    def kind(value: object, declared: str) -> str:
        if isinstance(value, bool):
            return "boolean"
        if isinstance(value, (int, float)):
            return "number"
        if isinstance(value, str):
            return "text"
        assert value is None, f"not a cell of a row: {value!r}"
        return {"number": "number", "boolean": "boolean", "choice": "text"}[declared]

    def evaluate(inputs: Mapping[str, object]) -> Result:
        row: dict[str, object] = {"id": 0}
        columns: dict[str, str] = {}
        for name, spec in program.input_table.items():
            value = inputs.get(name)
            if isinstance(value, dict):
                row[f"{name}_unit"], value = value.get("unit"), value.get("value")
                columns[f"{name}_unit"] = "text"
            row[name] = value
            columns[name] = kind(value, spec.kind)
        fields = [("id", pa.int64())] + [(name, arrow[k]) for name, k in columns.items()]
        connection.register("patients", pa.table({n: [row.get(n)] for n, _ in fields}, schema=pa.schema(fields)))
        cursor = connection.execute(query(program, columns=columns))  # type: ignore[arg-type]
        names = [d[0] for d in cursor.description]
        (found,) = cursor.fetchall()
        got = dict(zip(names, found, strict=True))
        reference = compiled(inputs)
        texts = {r["code"]: r for r in reference["recommendations"]}
        return {
            **reference,
            "status": got["status"],
            "recommendations": [
                texts.get(code, {"code": code, "text": "", "citations": []}) for code in got["recommendations"]
            ],
            "needs": got["needs"],
            "errors": [{"input": e["input"], "problem": e["problem"]} for e in got["errors"]],
            "path": got["path"],
        }

    return evaluate


EVALUATORS: dict[str, Callable[[Path], Evaluate]] = {
    "compiled module": _compiled,
    "in-process api": _api,
    "interpreter": _interpreter,
    "sql on duckdb": _duckdb,  # no trace in SQL: the trace is the compiled module's, every other key is SQL's
}
_built: dict[tuple[str, Path], Evaluate] = {}


def evaluator(backend: str, path: Path) -> Evaluate:
    key = (backend, path)
    if key not in _built:
        _built[key] = EVALUATORS[backend](path)
    return _built[key]


def _cases() -> list[tuple[Path, Case]]:
    return [(path, case) for path in GUIDELINES for case in load_cases(cases_path(str(path)))]


CASES = _cases()


def is_a_row(guideline: Path, inputs: Mapping[str, object]) -> bool:
    """Whether a case's inputs are one row of a table: every key an input, every value a cell
    (NULL, a bool, a float-sized number, a text for a choice) or `{"value": number, "unit": text}`
    for a number. Cases about JSON shapes a table cannot hold (a text where a number is due,
    which a text column would parse; lists, other objects, unknown names) are the JSON
    evaluators' alone."""
    program = check_text(read_text(str(guideline)), str(guideline)).program
    for name, value in inputs.items():
        spec = program.input_table.get(name)
        if spec is None:
            return False
        if spec.kind == "number" and isinstance(value, dict):
            if set(value) != {"value", "unit"} or not isinstance(value["unit"], str):
                return False
            value = value["value"]
        if isinstance(value, str) and spec.kind != "choice":
            return False
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**63:
            return False
        if value is not None and not isinstance(value, (bool, int, float, str)):
            return False
    return True


BACKEND_CASES = [
    (backend, path, case)
    for backend in EVALUATORS
    for path, case in CASES
    if backend != "sql on duckdb" or is_a_row(path, case.inputs)
]


@pytest.mark.parametrize(
    ("backend", "guideline", "case"), BACKEND_CASES, ids=[f"{p.stem}:{c.id}-{b}" for b, p, c in BACKEND_CASES]
)
def test_every_case_through_every_evaluator(backend: str, guideline: Path, case: Case) -> None:
    (outcome,) = run_cases([case], evaluator(backend, guideline))
    assert outcome.passed, report(outcome)


def test_most_cases_are_rows() -> None:
    """The SQL evaluator runs every case a table can hold: most of them."""
    rows = [case for path, case in CASES if is_a_row(path, case.inputs)]
    assert len(rows) >= 0.9 * len(CASES)


VIGNETTES = json.loads((SPECIFICATION / "vignettes.json").read_text(encoding="utf-8"))
AZATHIOPRINE = ROOT / "guideline" / "azathioprine_thrombocytopenia.guideline"


@pytest.mark.parametrize("backend", EVALUATORS)
def test_every_evaluator_gives_the_same_whole_result(backend: str) -> None:
    """Not only the case's figures: the whole result (texts, citations, path, trace) of every
    public vignette is the same from every evaluator."""
    reference = evaluator("compiled module", AZATHIOPRINE)
    mine = evaluator(backend, AZATHIOPRINE)
    for vignette in VIGNETTES:
        assert mine(vignette["inputs"]) == reference(vignette["inputs"]), vignette["id"]
