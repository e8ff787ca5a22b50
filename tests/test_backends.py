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


EVALUATORS: dict[str, Callable[[Path], Evaluate]] = {
    "compiled module": _compiled,
    "in-process api": _api,
    "interpreter": _interpreter,
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


@pytest.mark.parametrize("backend", EVALUATORS)
@pytest.mark.parametrize(("guideline", "case"), CASES, ids=[f"{p.stem}:{c.id}" for p, c in CASES])
def test_every_case_through_every_evaluator(backend: str, guideline: Path, case: Case) -> None:
    (outcome,) = run_cases([case], evaluator(backend, guideline))
    assert outcome.passed, report(outcome)


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
