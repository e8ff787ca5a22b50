"""`guideline diff` at scale and within a budget: the step-by-step mode (compiler.diff.local) on
1,000-step synthetic guidelines and, for soundness, on random mutants of the corpus base; and a
diff stopped by its budget, which lists what it did not decide and never says "no change"."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import synthetic
from compiler.cli import main
from compiler.diff import compare
from compiler.diff.local import ROUTE_LIMIT, routes
from compiler.diff.report import as_json, as_text
from tests.test_diff_properties import TEXT, assert_sound, checks, mutants

OLD = synthetic(1000)


def bumped(text: str) -> str:
    return text.replace("version 1.0.0", "version 1.1.0")


def test_a_1000_step_guideline_has_too_many_routes_to_walk_together() -> None:
    assert routes(compare_program(OLD)) > ROUTE_LIMIT


def compare_program(text: str) -> Any:
    from compiler.api import check_text

    return check_text(text, "synthetic.guideline").program


def test_one_threshold_moved_in_1000_steps_is_exactly_that_steps_region() -> None:
    new = bumped(OLD.replace("when x1 > 37 go", "when x1 > 38 go"))
    began = time.process_time()
    diff = compare(OLD, "synthetic.guideline", new, "synthetic.guideline")
    seconds = time.process_time() - began
    assert diff.mode == "local" and diff.complete
    assert [" and ".join(r.description) for r in diff.regions] == ["reaches d1 and 37 < x1 <= 38"]
    (region,) = diff.regions
    assert region.confirmed and region.witness is not None and region.witness["x1"] == 38
    assert region.old is not None and region.new is not None
    assert "r1" in region.old["recommendations"] and "r1" not in region.new["recommendations"]
    assert seconds < 10, f"{seconds:.1f} s of CPU"  # about 1.5 s measured, checks of both included


def test_a_1000_step_refactor_reports_no_behaviour_change() -> None:
    # The same comparison written the other way round, and a comment: the solver proves that
    # no patient takes another way at the changed step.
    new = bumped(OLD.replace("when x1 > 37 go", "when 37 < x1 go").replace("decision d5 ", "# moved\ndecision d5 "))
    diff = compare(OLD, "synthetic.guideline", new, "synthetic.guideline")
    assert diff.mode == "local" and diff.complete
    assert diff.regions == []
    assert "no behaviour change" in as_text(diff)
    assert as_json(diff)["behaviour_changed"] is False


def test_a_changed_action_in_1000_steps_is_a_region_with_a_witness_routed_to_it() -> None:
    new = bumped(OLD.replace('action a3 "Action 3"\n  recommend r3\n', 'action a3 "Action 3"\n  recommend r4\n'))
    diff = compare(OLD, "synthetic.guideline", new, "synthetic.guideline")
    assert [" and ".join(r.description) for r in diff.regions] == ["reaches a3"]
    (region,) = diff.regions
    assert region.confirmed and region.witness is not None and region.witness["x3"] > 111


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(mutants(), st.integers(0, 2**32 - 1))
def test_step_by_step_is_sound_on_random_mutants(mutant: str, seed: int) -> None:
    """The local mode on the corpus base: every patient treated differently lies in a region,
    every witness differs (the regions may be wider than the joint walk's)."""
    assume(checks(mutant))
    diff = compare(TEXT, "old.guideline", mutant, "new.guideline", mode="local")
    assert diff.mode == "local" and diff.complete
    assert_sound(diff, TEXT, mutant, random.Random(seed))


def test_a_diff_out_of_budget_lists_what_it_did_not_decide() -> None:
    new = bumped(TEXT.replace("count < 50", "count < 30"))
    diff = compare(TEXT, "base.guideline", new, "new.guideline", budget=0.0)
    assert not diff.complete and diff.stopped == "time"
    assert diff.unwalked and all(r.witness is None and r.undecided for r in diff.unwalked)
    assert diff.unwalked[0].description == []  # nothing walked: every patient is undecided
    text = as_text(diff)
    assert "INCOMPLETE" in text and "NOT WALKED" in text and "no behaviour change" not in text
    found = as_json(diff)
    assert found["complete"] is False and found["unwalked_regions"] == len(diff.unwalked)
    assert found["behaviour_changed"] is False
    # The contract and the version rule are still decided exactly.
    assert diff.version.ok


def test_a_stopped_walk_keeps_the_regions_it_proved_and_lists_the_rest() -> None:
    new = bumped(TEXT.replace("count < 50", "count < 30"))
    whole = compare(TEXT, "base.guideline", new, "new.guideline")
    part = compare(TEXT, "base.guideline", new, "new.guideline", limit=2)
    assert whole.complete and not part.complete and part.stopped == "states"
    assert part.unwalked
    # Every patient the whole walk found treated differently lies in a region of the stopped one.
    for region in whole.regions:
        assert region.witness is not None
        assert any(r.contains(region.witness) for r in part.regions), region.description


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_budget_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write(tmp_path, "old.guideline", TEXT)
    new = write(tmp_path, "new.guideline", bumped(TEXT.replace("count < 50", "count < 30")))
    assert main(["diff", old, new, "--json", "--budget", "0.000001"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["complete"] is False and found["stopped"] == "time" and found["unwalked_regions"] >= 1
    assert main(["diff", old, new, "--json", "--budget", "0"]) == 0  # 0: no limit
    assert json.loads(capsys.readouterr().out)["complete"] is True
    assert main(["diff", old, new, "--budget", "soon"]) == 2
    assert "'soon' is not a number of seconds" in capsys.readouterr().err
