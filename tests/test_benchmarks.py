"""The benchmarks' inputs: the hand-written baseline (issue 7) must give exactly the compiled
evaluator's result, or the comparison of their speeds means nothing; the shapes timed for linear
scaling (issue 12) must be valid guidelines with passing cases, or the timings are of errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.handwritten import evaluate as handwritten
from benchmarks.patients import mix
from benchmarks.shapes import SHAPES, write
from compiler.api import load
from compiler.cli import main
from tests.conftest import AZATHIOPRINE

ODD = [
    {},
    {"platelets": {"value": 1e306, "unit": "10*9/L"}},
    {"platelets": 10**400, "anc": float("nan")},
    {"platelet": 30, "indication": "autoimune_hepatitis"},
    [],
]


def test_the_hand_written_baseline_gives_the_compiled_result() -> None:
    compiled = load(str(AZATHIOPRINE)).evaluate
    patients = mix(2000) + ODD
    differing = [p for p in patients if handwritten(p) != compiled(p)]  # type: ignore[arg-type]
    assert differing == []
    assert {compiled(p)["status"] for p in patients} == {"complete", "needs_data", "invalid_input"}  # type: ignore[arg-type]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_shapes_are_valid_guidelines_whose_cases_pass_and_cover_them(
    shape: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The linear-scaling benchmark (benchmarks/shapes.py) times valid guidelines: every command
    must exit 0 on them, `coverage` included (one case per route)."""
    path = str(write(shape, 10, tmp_path))
    assert main(["check", path]) == 0
    assert main(["test", path]) == 0
    assert main(["coverage", path]) == 0
    assert "0 failed" in capsys.readouterr().out
    text, cases = SHAPES[shape]
    assert (text(10), cases(10)) == (text(10), cases(10))  # deterministic
