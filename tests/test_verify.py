"""Static verification: seeded defects are found with their lines; sound guidelines verify clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import cli
from compiler.coverage import explain
from dsl.checks import check_all
from dsl.graph import count_paths
from dsl.parser import parse
from dsl.verify import ROUTE_LIMIT, verify
from tests.conftest import AZATHIOPRINE, EXAMPLE, TESTS, assert_golden

DEFECTS = TESTS / "verify" / "defects.guideline"


def checked(path: Path):  # type: ignore[no-untyped-def]
    return check_all(parse(path.read_text(encoding="utf-8"), f"tests/verify/{path.name}"))


def test_seeded_defects_are_reported_with_their_lines() -> None:
    diagnostics = [(d.severity, d.span.line, d.message) for d in checked(DEFECTS).diagnostics]
    assert diagnostics == [
        (
            "error",
            18,
            "this branch can never be taken: the earlier branches (line 17) already take every patient it would",
        ),
        (
            "warning",
            30,
            "no patient can take the route severity -> low_route -> recheck -> very_high -> end: "
            "line 17: 'count < 50' is true; line 30: 'count > 1000' is true",
        ),
    ]


def test_verify_explains_routes_dead_branches_unknowns_and_overlaps() -> None:
    assert_golden(TESTS / "verify" / "defects.verify.txt", explain(checked(DEFECTS)))


def test_verify_command_exits_1_on_a_defect(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["verify", str(DEFECTS)]) == 1
    captured = capsys.readouterr()
    assert "can never be taken" in captured.err and "INFEASIBLE" in captured.out


@pytest.mark.parametrize("path", [AZATHIOPRINE, EXAMPLE], ids=lambda p: p.stem)
def test_sound_guidelines_have_only_feasible_routes(path: Path) -> None:
    result = check_all(parse(path.read_text(encoding="utf-8"), path.name))
    assert result.diagnostics == ()
    v = result.verification
    assert v is not None and v.enumerated
    assert len(v.feasible_routes) == v.routes_total == count_paths(result.graph)
    assert all(w is not None for w in v.unknown_outcomes.values())


def test_a_group_violated_only_on_an_infeasible_route_is_not_an_error() -> None:
    text = DEFECTS.read_text(encoding="utf-8").replace(
        "recommendation act_low",
        'group exclusive "Exclusive"\n  at most one\n  includes act_low\n  includes act_high\n\nrecommendation act_low',
    )
    # very_high adds act_high after low_route added act_low: only on the infeasible route.
    result = check_all(parse(text, "defects.guideline"))
    assert not [d for d in result.diagnostics if "group" in d.message]


def test_a_group_violated_on_a_feasible_route_is_an_error() -> None:
    text = DEFECTS.read_text(encoding="utf-8").replace(
        "recommendation act_low",
        'group exclusive "Exclusive"\n  at most one\n  includes act_low\n  includes act_falling\n\n'
        "recommendation act_low",
    )
    messages = [d.message for d in check_all(parse(text, "defects.guideline")).diagnostics if "group" in d.message]
    assert messages == [
        "group 'exclusive' allows at most one, but the path severity -> low_route -> recheck -> falling -> end "
        "gives 2: act_falling, act_low"
    ]


def synthetic(decisions: int) -> str:
    """A chain of two-way decisions that rejoin: 2**decisions routes, each one feasible."""
    lines = ["guideline chain", 'title "Chain"', "version 1.0.0", "status draft", 'source s "S"']
    for i in range(decisions):
        lines += [f'input x{i} "X{i}"', "  number", "  range 0 to 100"]
    for i in range(decisions):
        nxt = f"d{i + 1}" if i + 1 < decisions else "done"
        lines += [f"decision d{i}", f"  when x{i} > 50 go to a{i}", f"  otherwise go to {nxt}"]
        lines += [f"action a{i}", "  recommend r", f"  then go to {nxt}"]
    lines += ["action done", "  recommend r", "  then end", "recommendation r", '  text "R"', "  cites s"]
    return "\n".join(lines) + "\n"


def test_paths_are_counted_not_listed_when_there_are_too_many() -> None:
    result = check_all(parse(synthetic(40), "chain.guideline"))
    assert count_paths(result.graph) == 2**40
    v = result.verification
    assert v is not None and not v.enumerated and v.routes == []
    assert v.routes_total > ROUTE_LIMIT
    assert result.errors == ()


def test_a_small_chain_is_enumerated() -> None:
    result = check_all(parse(synthetic(4), "chain.guideline"))
    v = verify(result.guideline, result.analysis, result.graph)
    assert v.enumerated and len(v.feasible_routes) == 16
