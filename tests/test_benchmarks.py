"""The benchmark's hand-written baseline (issue 7) must give exactly the compiled evaluator's
result, or the comparison of their speeds means nothing."""

from __future__ import annotations

from benchmarks.handwritten import evaluate as handwritten
from benchmarks.patients import mix
from compiler.api import load
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
