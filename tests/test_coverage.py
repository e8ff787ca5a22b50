"""Coverage: the shipped cases cover every feasible route and decision outcome; any gap left by
removing a case comes with a witness that, pasted back, closes it."""

from __future__ import annotations

import tomllib
from collections import defaultdict

import pytest

from compiler import cli
from compiler.api import check_text, load
from compiler.cases import Case, cases_path, load_cases
from compiler.coverage import measure, report_text
from compiler.witness import route_of
from dsl import model as m
from tests.conftest import AZATHIOPRINE

TEXT = AZATHIOPRINE.read_text(encoding="utf-8")
CHECKED = check_text(TEXT, str(AZATHIOPRINE))
EVALUATOR = load(str(AZATHIOPRINE))
CASES = load_cases(cases_path(str(AZATHIOPRINE)))
DECISIONS = {s.id for s in CHECKED.guideline.steps if isinstance(s, m.Decision)}


def test_shipped_cases_cover_everything(capsys: pytest.CaptureFixture[str]) -> None:
    coverage = measure(CHECKED, EVALUATOR, CASES)
    assert coverage.enumerated
    assert coverage.routes[0] == coverage.routes[1] == 26
    assert coverage.outcomes[0] == coverage.outcomes[1]
    assert coverage.steps[0] == coverage.steps[1]
    assert coverage.gaps == [] and coverage.defects == []
    assert cli.main(["coverage", str(AZATHIOPRINE)]) == 0
    assert "100.0%" in capsys.readouterr().out


def sole_covers() -> dict[str, list[object]]:
    """Each case that is the only one to cover some route or outcome, with what it covers."""
    by_item: dict[object, list[str]] = defaultdict(list)
    for case in CASES:
        result = EVALUATOR.evaluate(case.inputs)
        if result["status"] == "invalid_input":
            continue
        route, outcomes = route_of(result, DECISIONS)
        items: list[object] = [route] if route else []
        for item in items + sorted(outcomes):
            by_item[item].append(case.id)
    sole: dict[str, list[object]] = defaultdict(list)
    for item, ids in by_item.items():
        if len(ids) == 1:
            sole[ids[0]].append(item)
    return sole


SOLE = sole_covers()


def witness_cases(text: str) -> list[Case]:
    tables = tomllib.loads(text)["case"]
    return [
        Case(
            t["id"],
            t["description"],
            t["inputs"],
            t["status"],
            frozenset(t["codes"]),
            tuple(t["needs"]),
            frozenset(t.get("errors", [])),
        )
        for t in tables
    ]


def test_some_cases_are_the_only_cover_of_something() -> None:
    assert len(SOLE) >= 10


@pytest.mark.parametrize("case_id", sorted(SOLE))
def test_removing_a_sole_cover_fails_and_its_witness_restores_it(case_id: str) -> None:
    remaining = [c for c in CASES if c.id != case_id]
    coverage = measure(CHECKED, EVALUATOR, remaining)
    assert coverage.headline < 100 or coverage.percent(coverage.outcomes) < 100
    assert coverage.gaps
    pasted = "\n".join(gap.witness for gap in coverage.gaps if gap.witness)
    assert all(gap.witness or gap.on_uncovered_route for gap in coverage.gaps), report_text("x", coverage)
    restored = measure(CHECKED, EVALUATOR, remaining + witness_cases(pasted))
    assert restored.headline == 100.0 and restored.percent(restored.outcomes) == 100.0, report_text("x", restored)


def test_coverage_command_exits_1_below_the_minimum(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    only = tmp_path / "few.cases"
    only.write_text(
        '[[case]]\nid = "one"\nstatus = "complete"\ncodes = ["continue_azathioprine", "routine_cbc_monitoring"]\n'
        "needs = []\n[case.inputs]\n"
        + "\n".join(f"{k} = {v!r}".replace("'", '"').replace("False", "false") for k, v in CASES[3].inputs.items())
        + "\n",
        encoding="utf-8",
    )
    assert cli.main(["coverage", str(AZATHIOPRINE), "--cases", str(only)]) == 1
    out = capsys.readouterr().out
    assert "Uncovered:" in out and "[[case]]" in out
    assert cli.main(["coverage", str(AZATHIOPRINE), "--cases", str(only), "--min", "1"]) == 0
