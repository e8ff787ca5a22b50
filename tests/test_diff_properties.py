"""Properties of `guideline diff` on random pairs: the base of the corpus (tests/diff/base.guideline)
and a mutant of it, made the way tests/test_properties.py mutates the shipped guidelines (one line
changed at random), kept when it still checks. For each pair:

- every patient of a random sample on whom the two compiled evaluators differ (status,
  recommendations or the data asked for) lies inside a reported region;
- every reported witness lies in its region and really differs on the two evaluators; a region
  without a witness is reported undecided, never as a difference proved;
- a pure refactor (comments, blank lines, declarations in another order) reports no behaviour
  change.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from compiler.api import compile_text
from compiler.diff import compare
from compiler.diff.compare import Diff, differs, for_version
from dsl.errors import GuidelineError
from dsl.program import Input, Program

BASE = Path(__file__).resolve().parent / "diff" / "base.guideline"
TEXT = BASE.read_text(encoding="utf-8")
SAMPLE = 300  # patients per pair

COMPARISONS = ["<", "<=", ">", ">="]
NUMBER = re.compile(r"\b\d+(?:\.\d+)?\b")
EDITABLE = re.compile(r"\s+(when|otherwise|then)|define|\s+range|\s+default")


@st.composite
def mutants(draw: Callable[[st.SearchStrategy[Any]], Any]) -> str:
    """The base with one or two of its condition, target or number lines changed."""
    lines = TEXT.split("\n")
    steps = re.findall(r"^(?:decision|action) (\w+)", TEXT, re.MULTILINE)
    for _ in range(draw(st.integers(1, 2))):
        code = [i for i, line in enumerate(lines) if EDITABLE.match(line)]
        i = draw(st.sampled_from(code))
        line = lines[i]
        operation = draw(st.sampled_from(["number", "comparison", "yes_no", "target", "swap", "delete", "choice"]))
        if operation == "number" and NUMBER.search(line):
            found = list(NUMBER.finditer(line))
            k = found[draw(st.integers(0, len(found) - 1))]
            value = draw(st.sampled_from(["0", "20", "30", "49", "50", "51", "100", "150", "200", "1000"]))
            lines[i] = line[: k.start()] + value + line[k.end() :]
        elif operation == "comparison" and re.search(r" (<=|>=|<|>) ", line):
            lines[i] = re.sub(r" (<=|>=|<|>) ", f" {draw(st.sampled_from(COMPARISONS))} ", line, count=1)
        elif operation == "yes_no" and re.search(r"\b(yes|no)\b", line):
            lines[i] = re.sub(r"\b(yes|no)\b", lambda m: "no" if m.group() == "yes" else "yes", line, count=1)
        elif operation == "target" and re.search(r"go to \w+", line):
            lines[i] = re.sub(r"go to \w+", f"go to {draw(st.sampled_from(steps))}", line, count=1)
        elif operation == "swap" and line.lstrip().startswith("when") and lines[i + 1].lstrip().startswith("when"):
            lines[i], lines[i + 1] = lines[i + 1], line
        elif operation == "delete" and line.lstrip().startswith("when"):
            del lines[i]
        elif operation == "choice" and re.search(r"\bis (drug|immune|other)\b", line):
            choice = draw(st.sampled_from(["drug", "immune", "other"]))
            lines[i] = re.sub(r"\bis (drug|immune|other)\b", f"is {choice}", line)
    return "\n".join(lines).replace("version 1.0.0", "version 2.0.0")


def values(spec: Input, rng: random.Random, thresholds: list[float]) -> Any:
    if spec.kind == "boolean":
        return rng.choice([True, False])
    if spec.kind == "choice":
        return rng.choice(spec.choices)
    low, high = spec.low if spec.low is not None else -1000.0, spec.high if spec.high is not None else 1000.0
    near = [t + d for t in thresholds for d in (-1, 0, 1)] + [low, high]
    x = rng.choice(near) if rng.random() < 0.6 else rng.uniform(low, high)
    return min(max(x, low), high)


def patients(programs: tuple[Program, Program], rng: random.Random) -> list[dict[str, Any]]:
    """Valid patients of either version: each input absent a quarter of the time."""
    specs: dict[str, list[Input]] = {}
    for program in programs:
        for spec in program.inputs:
            specs.setdefault(spec.name, []).append(spec)
    numbers = [float(n) for n in NUMBER.findall(TEXT)] + [30.0, 20.0]
    out = []
    for _ in range(SAMPLE):
        patient = {}
        for name, declared in specs.items():
            if rng.random() < 0.25:
                continue
            patient[name] = values(rng.choice(declared), rng, numbers)
        out.append(patient)
    return out


def assert_sound(diff: Diff, old_text: str, new_text: str, rng: random.Random) -> None:
    evaluators = (compile_text(old_text, "old.guideline"), compile_text(new_text, "new.guideline"))
    programs = (diff.old, diff.new)

    def run(inputs: dict[str, Any]) -> tuple[Any, Any]:
        a, b = (e.evaluate(for_version(inputs, p)) for e, p in zip(evaluators, programs, strict=True))
        return a, b

    for region in diff.regions:
        if region.witness is None:
            assert region.undecided and not region.confirmed, "a region without a witness is undecided"
            continue
        assert region.contains(region.witness), f"the witness lies outside its region: {region}"
        a, b = run(region.witness)
        assert differs(a, b) and region.confirmed, f"the witness does not differ: {region}"
    for patient in patients(programs, rng):
        a, b = run(patient)
        if differs(a, b):
            inside = [r for r in diff.regions if r.contains(patient)]
            assert inside, f"{patient} is treated differently ({a['status']} {a['recommendations']} {a['needs']} -> " \
                f"{b['status']} {b['recommendations']} {b['needs']}) but lies in no reported region"  # fmt: skip


def checks(text: str) -> bool:
    from compiler.api import check_text

    try:
        check_text(text, "new.guideline")
    except GuidelineError:
        return False
    return True


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(mutants(), st.integers(0, 2**32 - 1))
def test_every_differing_patient_lies_in_a_reported_region(mutant: str, seed: int) -> None:
    assume(checks(mutant))
    diff = compare(TEXT, "old.guideline", mutant, "new.guideline")
    assert diff.complete
    assert_sound(diff, TEXT, mutant, random.Random(seed))


def blocks(text: str) -> list[str]:
    return [b for b in text.split("\n\n") if b.strip()]


@st.composite
def refactors(draw: Callable[[st.SearchStrategy[Any]], Any]) -> str:
    """The base with its input and recommendation blocks in another order, comments and blank
    lines added: the same guideline."""
    parts = blocks(TEXT)
    head = [b for b in parts if not b.startswith(("input ", "recommendation "))]
    inputs = draw(st.permutations([b for b in parts if b.startswith("input ")]))
    recommendations = draw(st.permutations([b for b in parts if b.startswith("recommendation ")]))
    comment: str = draw(st.sampled_from(["", "# reviewed\n", "# a note\n# over two lines\n"]))
    body = head[:3] + list(inputs) + head[3:] + list(recommendations)
    return (comment + "\n\n".join(body) + "\n").replace("version 1.0.0", "version 1.0.1")


@settings(max_examples=10, deadline=None)
@given(refactors())
def test_a_pure_refactor_reports_no_behaviour_change(refactor: str) -> None:
    diff = compare(TEXT, "old.guideline", refactor, "new.guideline")
    assert diff.regions == [] and diff.contract == [] and diff.steps == []
    assert diff.version.ok


def test_the_property_catches_a_missing_region() -> None:
    """The check has teeth: with its regions taken away, a real difference is caught, and so
    is a witness that does not differ."""
    import dataclasses

    import pytest

    mutant = TEXT.replace("count < 50", "count < 30").replace("version 1.0.0", "version 1.1.0")
    diff = compare(TEXT, "old.guideline", mutant, "new.guideline")
    assert_sound(diff, TEXT, mutant, random.Random(1))
    with pytest.raises(AssertionError, match="lies in no reported region"):
        assert_sound(dataclasses.replace(diff, regions=[]), TEXT, mutant, random.Random(1))
    wrong = dataclasses.replace(diff.regions[0], witness={"cause": "immune"})
    with pytest.raises(AssertionError, match="the witness"):
        assert_sound(dataclasses.replace(diff, regions=[wrong]), TEXT, mutant, random.Random(1))
