"""Proofs that make `guideline diff` (and the verifier) decide what they used to leave undecided:
one input held between two multiples of another (`dsl.verify.partition.Bounds`), the diff's
"asks for different data" questions built so that equal questions are equal nodes
(`compiler.diff.needs`), a text whose groups cannot break lowered without the verifier, and
lowered programs kept on disk (`compiler.api.lower_text`)."""

from __future__ import annotations

import json
import math
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from compiler.api import lower_text
from compiler.diff.needs import FALSE, TRUE, Facts, is_unknown, settle
from compiler.testing.interpreter import interpret
from compiler.testing.witness import patient, route_of
from dsl import ir
from dsl.checks import check_all
from dsl.pipeline import report_text
from dsl.program import Decision, Program
from dsl.syntax.parser import parse
from dsl.verify.solver import Constraint, Solution, Solver, Undecided
from tests.conftest import AZATHIOPRINE, ROOT, TESTS, probe_guideline

DEFECTS = TESTS / "verify" / "defects.guideline"


def inputs(y_low: str, y_high: str) -> str:
    return f'input x "X"\n  number\n  range -1000 to 1000\ninput y "Y"\n  number\n  range {y_low} to {y_high}'


def first_branch(y_range: tuple[str, str], condition: str) -> tuple[Program, Solution | None | str]:
    """The probe's program, and what the diff's solver says of a patient taking the branch
    `when CONDITION`: a witness, None (proved: nobody), or "undecided"."""
    text = probe_guideline(inputs(*y_range), f"  when {condition} go to a\n  otherwise go to b")
    program = check_all(parse(text, "probe.guideline")).program
    assert program is not None
    step = program.steps[0]
    assert isinstance(step, Decision)
    try:
        found = Solver(program, budget=5_000, prove=True).solve([Constraint(step.branches[0].condition, True, "a")])
    except Undecided:
        return program, "undecided"
    return program, found


def test_an_input_between_two_multiples_of_a_non_negative_one_is_proved_impossible() -> None:
    assert first_branch(("0", "100"), "x >= 2 * y and x < 1.5 * y")[1] is None
    assert first_branch(("0", "100"), "x > 2 * y and x <= 1.5 * y")[1] is None
    assert first_branch(("-100", "0"), "x >= 1.5 * y and x < 2 * y")[1] is None  # y <= 0: the other way


def test_below_zero_there_is_room_and_the_witness_takes_the_branch() -> None:
    program, found = first_branch(("-10", "10"), "x >= 2 * y and x < 1.5 * y")
    assert isinstance(found, Solution)
    y = found.inputs["y"]
    assert isinstance(y, float) and y < 0
    taken = interpret(program, patient(found, program, set()))
    assert route_of(taken, {"d"})[0] == (("d", 0),)


def test_two_non_strict_bounds_leave_room_at_zero() -> None:
    program, found = first_branch(("0", "100"), "x >= 2 * y and x <= 1.5 * y")
    assert found is not None  # x = y = 0 takes it: found, or at least not refuted
    if isinstance(found, Solution):
        assert route_of(interpret(program, patient(found, program, set())), {"d"})[0] == (("d", 0),)


def test_a_product_rounded_twice_is_left_undecided() -> None:
    # 3 * (0.5 * y) is rounded twice: the evaluator's value is not the exact product rounded once,
    # so the rule that rounding keeps the order does not apply. This pins the rule's reach (a
    # prover that correctly handled two roundings would change it), not its soundness.
    assert first_branch(("0", "100"), "x >= 2 * y and x < 3 * (0.5 * y)")[1] == "undecided"


FACTORS = ["2", "1.5", "0.1", "3", "1", "-2", "0.5", "0.3"]
RANGES = [("0", "100"), ("-10", "10"), ("-100", "0"), ("0", "0.000001"), ("0.5", "2")]


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(
    low=st.sampled_from(FACTORS),
    high=st.sampled_from(FACTORS),
    ops=st.sampled_from([(">=", "<"), (">", "<="), (">", "<"), (">=", "<="), ("=", "<"), (">", "=")]),
    y_range=st.sampled_from(RANGES),
    position=st.floats(0, 1),
    special=st.sampled_from([None, None, 0.0, 5e-324, -5e-324, 1e-310, -1e-310]),
    near=st.integers(-2, 2),
    side=st.booleans(),
)
@example(low="2", high="1.5", ops=(">=", "<"), y_range=("0", "100"), position=0, special=5e-324, near=0, side=True)
@example(
    low="0.3", high="0.1", ops=(">=", "<"), y_range=("0", "0.000001"), position=0, special=1e-310, near=1, side=False
)
def test_what_is_proved_impossible_no_patient_takes(
    low: str,
    high: str,
    ops: tuple[str, str],
    y_range: tuple[str, str],
    position: float,
    special: float | None,
    near: int,
    side: bool,
) -> None:
    """Soundness against the interpreter, where the floats are tightest: x at or next to one of the
    two products as the evaluator rounds them, y anywhere in its range, at 0 and at subnormal
    numbers too."""
    program, found = first_branch(y_range, f"x {ops[0]} {low} * y and x {ops[1]} {high} * y")
    if found is not None:
        return  # only a proof is checked here: a witness is checked by the tests above
    y_low, y_high = float(y_range[0]), float(y_range[1])
    y = special if special is not None and y_low <= special <= y_high else y_low + position * (y_high - y_low)
    x = (float(low) if side else float(high)) * y
    for _ in range(abs(near)):
        x = math.nextafter(x, math.copysign(math.inf, near))
    taken = interpret(program, {"x": x, "y": y})
    assert route_of(taken, {"d"})[0] != (("d", 0),), (low, high, ops, y_range, x, y)


# ---- the diff's questions about data: equal questions are equal nodes ----

PLATELETS, LIMIT, REFERENCE = ir.InputRef("platelets"), ir.InputRef("limit"), ir.DefinitionRef("reference")


def test_a_comparison_is_unknown_exactly_when_one_of_what_it_reads_is() -> None:
    fifty = ir.Compare(">=", PLATELETS, ir.Call("max", (ir.Const(50.0), REFERENCE)))
    thirty = ir.Compare(">=", PLATELETS, ir.Call("max", (ir.Const(30.0), REFERENCE)))
    assert is_unknown(fifty) == is_unknown(thirty)  # the threshold moved; what makes it unknown did not
    assert is_unknown(ir.Compare("<", PLATELETS, ir.Const(50.0))) == ir.KnownTest(PLATELETS, False)
    ratio = ir.Arith("/", PLATELETS, LIMIT)  # a division by zero stops: not unknown like the others
    assert is_unknown(ir.Compare("<", ratio, ir.Const(1.0))) == ir.KnownTest(ratio, False)


def test_what_a_region_holds_settles_the_parts_it_decides() -> None:
    low = ir.Compare("<", PLATELETS, ir.Const(30.0))
    bleeding = ir.Compare("=", ir.InputRef("bleeding"), ir.Const("yes"))
    facts = Facts([(ir.Logical("or", (bleeding, low)), False)])  # neither: both known
    assert settle(is_unknown(ir.Compare(">=", PLATELETS, ir.Const(18.0))), facts) == FALSE
    assert settle(ir.Not(ir.KnownTest(ir.InputRef("bleeding"), True)), facts) == FALSE
    below = ir.Compare("<", PLATELETS, LIMIT)
    unknown = Facts([(below, None)])  # one of platelets and limit is unknown, which is not said
    assert settle(is_unknown(below), unknown) == TRUE
    assert settle(ir.KnownTest(PLATELETS, False), unknown) == ir.KnownTest(PLATELETS, False)
    said = Facts([(ir.KnownTest(LIMIT, False), True)])  # `limit is unknown`
    assert settle(is_unknown(below), said) == TRUE


# ---- groups, and lowered programs kept on disk ----


def test_a_text_whose_groups_cannot_break_is_lowered_without_the_verifier() -> None:
    text = AZATHIOPRINE.read_text(encoding="utf-8")
    assert "\ngroup " in text
    lowered = report_text(text, str(AZATHIOPRINE), verified=False)
    assert lowered.errors == () and lowered.program is not None and lowered.verification is None
    assert lowered.program == report_text(text, str(AZATHIOPRINE)).program


def test_a_group_that_may_break_on_a_path_is_still_proved_on_the_routes() -> None:
    text = DEFECTS.read_text(encoding="utf-8").replace(
        "recommendation act_low",
        'group exclusive "Exclusive"\n  at most one\n  includes act_low\n  includes act_high\n\nrecommendation act_low',
    )
    lowered = report_text(text, "defects.guideline", verified=False)
    assert lowered.verification is not None  # a path breaks it: the routes decide, as `check` does
    assert not [d for d in lowered.diagnostics if "group" in d.message]  # only an infeasible route does


SCRIPT = """
import json, sys
from compiler.api import lower_text
text = open(sys.argv[1], encoding="utf-8").read()
program = lower_text(text, sys.argv[1])
print(json.dumps([program.id, len(program.steps), "lark" in sys.modules]))
"""


def test_a_lowered_program_is_read_back_from_the_cache(tmp_path: Path) -> None:
    env = {"GUIDELINE_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}

    def run() -> list[object]:
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(AZATHIOPRINE)], capture_output=True, text=True, env=env, cwd=ROOT
        )
        assert done.returncode == 0, done.stderr
        return list(json.loads(done.stdout))

    first, second = run(), run()
    assert first[:2] == second[:2] and first[2] is True and second[2] is False  # the second parses nothing
    (kept,) = (tmp_path / "cache").glob("*.program.pickle")
    program = pickle.loads(kept.read_bytes())
    assert program == lower_text(AZATHIOPRINE.read_text(encoding="utf-8"), str(AZATHIOPRINE))
    kept.write_bytes(b"not a pickle")  # a damaged entry is lowered again and replaced
    assert run() == first and pickle.loads(kept.read_bytes()) == program


def test_a_refused_text_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dsl.errors import GuidelineError

    monkeypatch.setenv("GUIDELINE_CACHE_DIR", str(tmp_path))
    text = AZATHIOPRINE.read_text(encoding="utf-8").replace("when severe go to", "when sevre go to", 1)
    for _ in range(2):
        with pytest.raises(GuidelineError):
            lower_text(text, str(AZATHIOPRINE))
    assert list(tmp_path.glob("*.program.pickle")) == []
