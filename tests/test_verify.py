"""Static verification: seeded defects are found with their lines; sound guidelines verify clean."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from compiler import cli
from compiler.api import report_text
from compiler.testing.coverage import explain
from compiler.testing.interpreter import interpret
from compiler.testing.witness import inputs_read_by_checks, patient, route_of
from dsl import model as m
from dsl.checks import check_all
from dsl.graph import count_paths
from dsl.syntax.parser import parse
from dsl.verify.routes import ROUTE_LIMIT, verify
from dsl.verify.solver import UNKNOWN
from tests.conftest import AZATHIOPRINE, EXAMPLE, TESTS, assert_golden, probe_guideline

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
    report = checked(DEFECTS)
    assert report.program is not None and report.verification is not None
    assert_golden(TESTS / "verify" / "defects.verify.txt", explain(report.program, report.verification))


def test_verify_command_exits_1_on_a_defect(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["verify", str(DEFECTS)]) == 1
    captured = capsys.readouterr()
    assert "can never be taken" in captured.err and "INFEASIBLE" in captured.out


@pytest.mark.parametrize("path", [AZATHIOPRINE, EXAMPLE], ids=lambda p: p.stem)
def test_sound_guidelines_have_only_feasible_routes(path: Path) -> None:
    result = report_text(path.read_text(encoding="utf-8"), str(path))  # the front door: imports resolved
    assert result.diagnostics == ()
    v = result.verification
    assert v is not None and v.enumerated and result.program is not None
    assert len(v.feasible_routes) == v.routes_total == count_paths(result.program.graph)
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
    assert result.program is not None
    assert count_paths(result.program.graph) == 2**40
    v = result.verification
    assert v is not None and not v.enumerated and v.routes == []
    assert v.routes_total > ROUTE_LIMIT
    assert result.errors == ()


def test_a_small_chain_is_enumerated() -> None:
    result = check_all(parse(synthetic(4), "chain.guideline"))
    assert result.program is not None
    v = verify(result.program)
    assert v.enumerated and len(v.feasible_routes) == 16


# ---- the corpus of tests/verify/: each guideline beside its whole verification report ----

CORPUS = sorted(p for p in (TESTS / "verify").glob("*.guideline") if p != DEFECTS)


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "unknown" if value is UNKNOWN else str(value)


def verification_report(path: Path) -> str:
    """What `check` says (positions and carets), then every route with its state and witness."""
    result = checked(path)
    v = result.verification
    assert v is not None
    lines = [d.format(result.guideline.source_text) for d in result.diagnostics]
    undecided = sum(1 for r in v.routes if r.undecided)
    lines.append(f"{v.routes_total} routes, {len(v.feasible_routes)} feasible, {undecided} undecided")
    for r in v.routes:
        state = "feasible" if r.feasible else "undecided" if r.undecided else "infeasible"
        line = f"  [{state}] {' -> '.join(r.steps)}"
        if r.witness is not None:
            line += ": " + (", ".join(f"{k}={_shown(x)}" for k, x in r.witness.inputs.items()) or "anyone")
        elif r.core:
            line += ": " + "; ".join(c.label for c in r.core)
        lines.append(line)
    lines.append("dead steps: " + (", ".join(v.dead_steps) or "none"))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_verification_report(path: Path) -> None:
    assert_golden(path.with_suffix(".expected"), verification_report(path))


@pytest.mark.parametrize("path", [*CORPUS, DEFECTS], ids=lambda p: p.stem)
def test_every_witness_takes_its_route(path: Path) -> None:
    result = checked(path)
    v = result.verification
    assert v is not None
    decisions = {s.id for s in result.guideline.steps if isinstance(s, m.Decision)}
    conditions = [r.condition for c in result.program.checks for r in c.rules]
    reads = inputs_read_by_checks(result.program, conditions)
    for report in v.feasible_routes:
        assert report.witness is not None
        outcome = interpret(result.program, patient(report.witness, result.program, reads))
        assert route_of(outcome, decisions)[0] == report.route, report.steps


def test_narrow_gaps_are_found_not_called_dead() -> None:
    # weeks > 2 and weeks < 3, x > 50 and x < 50.5, the otherwise between <= 2 and >= 3, 10 / x > 1,
    # x > y and x < y + 0.5, min(level, 5) > 3 and level < 3.5, count > 49.5 after count > 50.
    result = checked(TESTS / "verify" / "narrow_intervals.guideline")
    v = result.verification
    # `10 / ratio` where ratio may be 0: warned of (a division by zero stops with invalid_input).
    assert [(d.severity, d.span.line) for d in result.diagnostics] == [("warning", 55)] and v is not None
    assert len(v.feasible_routes) == v.routes_total == 15


def test_a_contradiction_the_solver_cannot_prove_is_undecided_not_an_error() -> None:
    result = checked(TESTS / "verify" / "shadowed_on_the_way.guideline")
    v = result.verification
    assert v is not None
    undecided = [r for r in v.routes if r.undecided]
    assert [r.route for r in undecided] == [(("first", 0), ("second", 2))]  # a > b and a < b
    assert [d.span.line for d in result.diagnostics] == [27, 28]


def test_a_dead_otherwise_is_reported_in_local_verification_too() -> None:
    # Past the route limit: a chain of 12 decisions, then one whose branches take every patient.
    text = (
        synthetic(12)
        .replace(
            "action done\n",
            'input y "Y"\n  number\n  range 0 to 100\n'
            "decision split\n  when y <= 50 go to last\n  when y > 50 go to last\n  otherwise go to orphan\n"
            "action orphan\n  recommend r\n  then go to last\n"
            "action last\n",
        )
        .replace("  otherwise go to done", "  otherwise go to split")
        .replace("then go to done", "then go to split")
    )
    result = check_all(parse(text, "chain.guideline"))
    v = result.verification
    assert v is not None and not v.enumerated
    line = {row: number for number, row in enumerate(text.splitlines(), start=1)}
    assert [(d.severity, d.span.line, d.message) for d in result.diagnostics] == [
        (
            "error",
            line["action orphan"],
            "step 'orphan' is on no route a patient can take: the 'otherwise' of 'split' that leads to it "
            f"(line {line['  otherwise go to orphan']}) is never taken: the branches above it "
            f"(line {line['  when y <= 50 go to last']}, line {line['  when y > 50 go to last']}) "
            "take every patient whose inputs are known",
        )
    ]


# ---- soundness against the interpreter: random conditions over one number and a yes/no ----

# Each form of x with the point where `form OP c` changes, as a function of c (and a fixed break).
FORMS: dict[str, tuple[tuple[float, float], object]] = {
    "x": ((0, 100), lambda c: [c]),
    "2 * x": ((0, 200), lambda c: [c / 2]),
    "x + 1.5": ((1.5, 101.5), lambda c: [c - 1.5]),
    "-x": ((-100, 0), lambda c: [-c]),
    "x / 4": ((0, 25), lambda c: [4 * c]),
    "min(x, 40)": ((0, 40), lambda c: [c, 40]),
    "max(x, 60)": ((60, 100), lambda c: [c, 60]),
}


@st.composite
def comparison(draw: st.DrawFn) -> tuple[str, list[float]]:
    form = draw(st.sampled_from(sorted(FORMS)))
    (low, high), points = FORMS[form]
    c = draw(st.integers(int(low * 2), int(high * 2))) / 2
    op = draw(st.sampled_from(["<", "<=", ">", ">=", "="]))
    text = f"{form} {op} {c:g}"
    if draw(st.booleans()) and draw(st.booleans()):
        text = f"not ({text})"
    return text, points(c)  # type: ignore[operator]


@st.composite
def condition(draw: st.DrawFn) -> tuple[str, list[float]]:
    parts = draw(st.lists(comparison(), min_size=1, max_size=3))
    joiner = draw(st.sampled_from([" and ", " or "]))
    texts = [t for t, _ in parts] + (["flag is yes"] if draw(st.booleans()) else [])
    return joiner.join(f"({t})" for t in texts), [p for _, points in parts for p in points]


PROBE_INPUTS = 'input x "X"\n  number\n  range 0 to 100\ninput flag "Flag"\n  yes or no'


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(first=condition(), second=condition())
def test_what_is_proved_infeasible_no_patient_takes(
    first: tuple[str, list[float]], second: tuple[str, list[float]]
) -> None:
    branches = f"  when {first[0]} go to a\n  when {second[0]} go to b\n  otherwise end"
    text = probe_guideline(PROBE_INPUTS, branches).replace("flag is yes", "flag")
    if "flag" not in first[0] + second[0]:
        text = text.replace('input flag "Flag"\n  yes or no\n', "")
    result = check_all(parse(text, "probe.guideline"))
    v = result.verification
    assume(v is not None)
    assert v is not None and result.program is not None
    if "+ 1.5" not in first[0] + second[0]:  # a float sum may round onto a threshold: not a proof
        assert not [r for r in v.routes if r.undecided]  # one number against constants: always decided
    # Every piece of the line between the points where a comparison changes, and each point.
    marks = sorted({0.0, 100.0} | {p for p in first[1] + second[1] if 0 <= p <= 100})
    xs: list[object] = [*marks, *((a + b) / 2 for a, b in zip(marks, marks[1:], strict=False)), None]
    flags: list[object] = [True, False, None] if "flag" in text else [None]
    taken = set()
    for x, flag in itertools.product(xs, flags):
        inputs = {k: value for k, value in (("x", x), ("flag", flag)) if value is not None}
        taken.add(route_of(interpret(result.program, inputs), {"d"})[0])
    for report in v.routes:
        if report.feasible:
            assert report.witness is not None
            assert (
                route_of(interpret(result.program, patient(report.witness, result.program, set())), {"d"})[0]
                == report.route
            )
        else:
            assert report.route not in taken, (text, report.route)


def test_groups_past_the_route_limit_leave_out_check_lines_no_patient_meets() -> None:
    text = synthetic(12).replace(
        "recommendation r\n",
        'check never "Never"\n  when x0 > 60 and x0 < 40 recommend r_never\n'
        'check often "Often"\n  when x1 > 60 recommend r_often\n'
        'group with_never "With never"\n  at most one\n  includes r\n  includes r_never\n'
        'group with_often "With often"\n  at most one\n  includes r\n  includes r_often\n'
        'recommendation r_never\n  text "N"\n  cites s\nrecommendation r_often\n  text "O"\n  cites s\n'
        "recommendation r\n",
    )
    result = check_all(parse(text, "chain.guideline"))
    assert result.verification is not None and not result.verification.enumerated
    line = {row: number for number, row in enumerate(text.splitlines(), start=1)}
    path = " -> ".join([f"d{i}" for i in range(12)] + ["done", "end"])
    assert [(d.span.line, d.message) for d in result.diagnostics] == [
        (
            line['group with_often "With often"'],
            f"group 'with_often' allows at most one, but the path {path} may give 2: r, r_often "
            f"(check 'often' may add r_often, line {line['  when x1 > 60 recommend r_often']})",
        )
    ]


def test_a_branch_only_float_rounding_takes_is_not_called_dead() -> None:
    """`x > 0.5 and x + 100 <= 100.5`: no real number, but the evaluator's floats take it."""
    from compiler.api import Evaluator
    from compiler.python.codegen import generate

    result = checked(TESTS / "verify" / "float_rounding.guideline")
    assert result.errors == ()
    evaluated = Evaluator(generate(result.program), "float_rounding.guideline").evaluate({"x": 0.5000000000000001})
    assert evaluated["path"] == ["d", "a", "end"]
