"""Differential testing: the compiled evaluator and the reference interpreter agree on every patient.

`compiler.testing.interpreter` walks the decision graph with its own input validation and its own Kleene
logic; `load(path).evaluate` runs the generated module. On thousands of generated patients per
guideline they must return the same result: same keys in the same order, status,
recommendations (code, text, citations), needs, path and trace. Invalid-input errors are compared
by the inputs they name (the problem texts are worded independently).

Patients come in four kinds, from a seeded generator (the same patients on every run):
  valid      every input given a value within its domain, bare or with an accepted unit
  boundary   values exactly where a comparison of the guideline flips, the adjacent float on the
             other side, one step (1, 0.5, 0.1) either side, and the ends of every range
  unknown    some inputs absent or null
  invalid    one to three bad inputs: wrong type, bool for a number, NaN, infinity, out of range,
             unknown choice value, unknown or misspelled input name, unit objects that are wrong
The thresholds are found by bisection on each comparison of the guideline, so nothing about a
particular guideline is written here.

By default 10,000 patients for the shipped guideline and 4,000 for each example;
`GUIDELINE_LONG_RUN=1` multiplies both by 100 (docs/testing.md).
"""

from __future__ import annotations

import json
import math
import os
import random
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from compiler.api import Evaluator, check_text
from compiler.files import read_text
from compiler.python.codegen import generate
from compiler.testing.cases import load_cases, report, run_cases
from compiler.testing.interpreter import Unknown, _Expressions, interpret
from dsl import ir
from dsl.pipeline import Checked
from dsl.program import Input

ROOT = Path(__file__).resolve().parent.parent
GUIDELINES = {
    "azathioprine": ROOT / "guideline" / "azathioprine_thrombocytopenia.guideline",
    "itp": ROOT / "guideline" / "itp_immunosuppressant.guideline",
    "all_features": ROOT / "tests" / "examples" / "all_features.guideline",
    "groups": ROOT / "tests" / "examples" / "groups.guideline",
    "hostile": ROOT / "tests" / "golden" / "hostile.guideline",
}
LONG_RUN = os.environ.get("GUIDELINE_LONG_RUN") == "1"
# Patients per guideline (issue 6: 10,000 for the shipped guideline and for each test guideline).
PATIENTS = {name: 10_000 * (100 if LONG_RUN else 1) for name in GUIDELINES}
KINDS = ("valid", "boundary", "unknown", "invalid")
STEPS = (1.0, 0.5, 0.1)  # "one step either side" of a threshold, in the input's unit


@cache
def checked(name: str) -> Checked:
    path = str(GUIDELINES[name])
    return check_text(read_text(path, "guideline"), path)


# ---- what the generator knows about a guideline ----


@dataclass
class Profile:
    specs: dict[str, Input]
    # Assignments that put one comparison exactly on its boundary: the varied input's value is
    # the last float on one side or the first on the other; the rest hold what made it so.
    boundaries: list[dict[str, float]] = field(default_factory=list)
    points: dict[str, list[float]] = field(default_factory=dict)  # per number: thresholds and range ends
    inside: dict[str, list[float]] = field(default_factory=dict)  # the points within the input's domain
    units: list[str] = field(default_factory=list)  # every unit spelling the guideline knows


def all_nodes(node: ir.Node) -> Iterator[ir.Node]:
    yield node
    for child in ir.children(node):
        yield from all_nodes(child)


def numeric_inputs(node: ir.Node, c: Checked) -> set[str]:
    read = ir.inputs_read(node, c.program.definition_table)
    return {n for n in read if c.program.input_table[n].kind == "number"}


def domain(spec: Input) -> tuple[float, float]:
    if spec.low is not None and spec.high is not None:
        return spec.low, spec.high
    return -1000.0, 1000.0


def flips(test: Any, low: float, high: float, grid: int = 48) -> list[float]:
    """Every float x in [low, high] (found on a grid) where `test(x)` differs from `test(previous float)`."""
    xs = sorted({low + (high - low) * i / grid for i in range(grid + 1)} | {float(round(low)), float(round(high))})
    xs = [x for x in xs if low <= x <= high]
    found = []
    for a, b in zip(xs, xs[1:], strict=False):
        va, vb = test(a), test(b)
        if va == vb or isinstance(va, Unknown) or isinstance(vb, Unknown):
            continue
        while math.nextafter(a, b) < b:
            mid = (a + b) / 2
            if mid <= a or mid >= b:
                mid = math.nextafter(a, b)
            if test(mid) == va:
                a = mid
            else:
                b = mid
        found += [a, b]
    return found


def profile(c: Checked, seed: int = 1) -> Profile:
    """Each number's thresholds and range ends, and assignments that sit on each comparison's boundary."""
    rng = random.Random(seed)
    specs = c.program.input_table
    result = Profile(dict(specs))
    trees = [*c.program.definition_table.values(), *c.program.conditions()]
    compares = {n for tree in trees for n in all_nodes(tree) if isinstance(n, ir.Compare)}
    for spec in specs.values():
        if spec.kind == "number":
            low, high = domain(spec)
            ends = [low, high, math.nextafter(low, -math.inf), math.nextafter(high, math.inf)]
            result.points[spec.name] = ends + [low - s for s in STEPS] + [high + s for s in STEPS]
            if spec.default is not None:
                result.points[spec.name].append(float(spec.default))
        result.units += [spelling for spelling, _, _ in spec.units]
    keep_inside(result)
    for compare in sorted(compares, key=repr):
        numbers = sorted(numeric_inputs(compare, c))
        for varied in numbers:
            for _ in range(4):
                fixed: dict[str, Any] = {}
                for other in numbers:
                    if other != varied and rng.random() < 0.85:
                        fixed[other] = random_number(rng, specs[other], result)
                values = {n: Unknown(frozenset([n])) if specs[n].default is None else specs[n].default for n in specs}
                values.update(fixed)

                def test(
                    x: float, values: dict[str, Any] = values, varied: str = varied, node: ir.Node = compare
                ) -> Any:
                    return _Expressions(c.program, {**values, varied: x}).value(node)

                for x in flips(test, *domain(specs[varied])):
                    result.boundaries.append({**fixed, varied: x})
                    result.points[varied] += [x] + [x + s for s in STEPS] + [x - s for s in STEPS]
    result.units = sorted(set(result.units))
    keep_inside(result)
    return result


def keep_inside(p: Profile) -> None:
    for name, points in p.points.items():
        low, high = domain(p.specs[name])
        p.inside[name] = sorted({x for x in points if low <= x <= high})


def random_number(rng: random.Random, spec: Input, p: Profile) -> float:
    low, high = domain(spec)
    roll = rng.random()
    if roll < 0.4 and p.inside.get(spec.name):
        return rng.choice(p.inside[spec.name])
    if roll < 0.7:
        return float(rng.randint(math.ceil(low), math.floor(high)))
    return rng.uniform(low, high)


@cache
def cached_profile(name: str) -> Profile:
    return profile(checked(name))


# ---- patients ----


def present(rng: random.Random, spec: Input, x: float) -> Any:
    """A number as a patient's JSON gives it: bare (int when whole), or in an accepted unit when exact."""
    if spec.units and rng.random() < 0.35:
        spelling, numerator, denominator = rng.choice(spec.units)
        written = float(Fraction(x) * denominator / numerator)
        if written * numerator / denominator == x:
            return {"value": int(written) if written.is_integer() and rng.random() < 0.5 else written, "unit": spelling}
    if x.is_integer() and abs(x) < 1e15 and rng.random() < 0.5:
        return int(x)
    return x


def valid_value(rng: random.Random, spec: Input, p: Profile) -> Any:
    if spec.kind == "boolean":
        return rng.random() < 0.5
    if spec.kind == "choice":
        return rng.choice(spec.choices)
    return present(rng, spec, random_number(rng, spec, p))


def misspelled(rng: random.Random, word: str) -> str:
    if not word:
        return "x"
    i = rng.randrange(len(word))
    edits = [
        word[:i] + word[i + 1 :],
        word[:i] + "x" + word[i:],
        word + "s",
        word.upper(),
        word[:i] + word[i:].swapcase(),
    ]
    wrong = rng.choice(edits)
    return wrong if wrong != word else word + "_"


def invalid_value(rng: random.Random, spec: Input, p: Profile) -> Any:
    common = ["text", "", [], {}, [1], {"a": 1}, "null"]
    if spec.kind == "boolean":
        return rng.choice([*common, "yes", "no", "true", "false", 1, 0, 1.0, "True"])
    if spec.kind == "choice":
        return rng.choice([*common, misspelled(rng, rng.choice(spec.choices)), 1, True, False, [spec.choices[0]]])
    low, high = domain(spec)
    unit = rng.choice(spec.units)[0] if spec.units else None
    choices: list[Any] = [
        *common, True, False, math.nan, math.inf, -math.inf, "50", *huge_integers(spec),
        high + rng.choice(STEPS), low - rng.choice(STEPS),
        math.nextafter(high, math.inf), math.nextafter(low, -math.inf),
        {"value": 1, "unit": "bogus"}, {"value": 1, "unit": rng.choice(p.units or ["%"]) + "x"},
        {"value": 1, "unit": "%"}, {"value": 1, "unit": "wk"}, {"value": 1}, {"unit": unit or "10*9/L"},
    ]  # fmt: skip
    if unit is not None:
        choices += [
            {"value": math.nan, "unit": unit}, {"value": True, "unit": unit}, {"value": "1", "unit": unit},
            {"value": 1, "unit": unit, "extra": 0},
            {"value": 1, "unit": unit.lower() if unit.lower() != unit else unit + "!"},
            {"value": None, "unit": unit}, {"value": 1, "unit": 5}, {"value": 1, "unit": None},
            {"value": high * 2000 + 1e6, "unit": unit}, {"value": math.inf, "unit": unit},
        ]  # fmt: skip
    return rng.choice(choices)


def huge_integers(spec: Input) -> list[int]:
    """Integers beyond a float's range (tests/test_properties.py::test_an_integer_too_large_for_a_float_*)."""
    return [10**400, -(10**400)]


def patient(rng: random.Random, p: Profile, kind: str) -> Any:
    specs = p.specs
    inputs: dict[str, Any] = {name: valid_value(rng, spec, p) for name, spec in specs.items()}
    if kind in ("boundary", "unknown", "invalid") and p.boundaries and rng.random() < 0.8:
        for name, x in rng.choice(p.boundaries).items():
            inputs[name] = present(rng, specs[name], x)
        numbers = [n for n, s in specs.items() if s.kind == "number"]
        if numbers and rng.random() < 0.3:  # a range end, or one step past it (an input error)
            name = rng.choice(numbers)
            inputs[name] = present(rng, specs[name], rng.choice(p.points[name][:4]))
    if kind in ("unknown", "invalid"):
        dropped = rng.random() * 0.7
        for name in list(inputs):
            if rng.random() < dropped:
                if rng.random() < 0.5:
                    del inputs[name]
                else:
                    inputs[name] = None
    if kind == "invalid":
        roll = rng.random()
        if roll < 0.01:
            return rng.choice([[], "inputs", 1, None, True, [inputs]])
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.2 or not specs:
                inputs[rng.choice([misspelled(rng, rng.choice(list(specs) or ["x"])), "unknown_input", "", "é"])] = 1
            else:
                name = rng.choice(list(specs))
                inputs[name] = invalid_value(rng, specs[name], p)
    return inputs


def patients(name: str, count: int, seed: int = 20240601) -> Iterator[tuple[str, Any]]:
    yield from patients_of(cached_profile(name), count, f"{seed}:{name}")


def patients_of(p: Profile, count: int, seed: str) -> Iterator[tuple[str, Any]]:
    """`count` patients, the four kinds in turn, the same ones for the same seed."""
    rng = random.Random(seed)
    for number in range(count):
        kind = KINDS[number % len(KINDS)]
        yield kind, patient(rng, p, kind)


# ---- comparing ----


def comparable(result: Mapping[str, Any]) -> dict[str, Any]:
    """The result with each error reduced to the input it names."""
    for error in result["errors"]:
        assert list(error) == ["input", "problem"] and isinstance(error["problem"], str) and error["problem"]
    return {**result, "errors": [error["input"] for error in result["errors"]]}


def first_differences(c: Checked, generated: Iterator[tuple[str, Any]]) -> tuple[Counter[str], list[str]]:
    """How many patients of each kind got each status, and the first few on which the two disagree."""
    # What `load(path)` builds, without checking the guideline a second time.
    evaluate = Evaluator(generate(c.program), c.program.filename).evaluate
    tally: Counter[str] = Counter()
    differences: list[str] = []
    for kind, inputs in generated:
        compiled, reference = evaluate(inputs), interpret(c.program, inputs)
        tally[f"{kind}:{compiled['status']}"] += 1
        if comparable(compiled) != comparable(reference) or list(compiled) != list(reference):
            if len(differences) < 3:
                shown = json.dumps(inputs, default=repr)
                differences.append(f"{kind} patient {shown}\n  compiled:  {compiled}\n  reference: {reference}")
            tally["different"] += 1
    return tally, differences


@pytest.mark.parametrize("name", sorted(GUIDELINES))
def test_compiled_evaluator_agrees_with_the_interpreter(name: str) -> None:
    count = PATIENTS[name]
    tally, differences = first_differences(checked(name), patients(name, count))
    assert not differences, f"{tally['different']} of {count} patients differ, the first:\n" + "\n".join(differences)
    # The generator reaches what it means to: every kind of patient, and each with the status it should.
    assert tally["valid:invalid_input"] == 0
    assert tally["invalid:invalid_input"] == count // len(KINDS)
    assert tally["valid:complete"] and tally["boundary:complete"]
    if any(spec.default is None for spec in checked(name).program.input_table.values()):
        assert tally["unknown:needs_data"]


# The ITP guideline's azathioprine start needs eight inputs right at once (about 1 in 90,000 random
# patients): tests/test_itp.py takes every edge of it with patients built per route instead.
@pytest.mark.parametrize("name", sorted(set(GUIDELINES) - {"itp"}))
def test_patients_visit_every_step_and_branch(name: str) -> None:
    """Boundary and random patients between them take every step and every branch of each decision."""
    c = checked(name)
    taken: set[tuple[str, str]] = set()
    for _, inputs in patients(name, 2_000):
        path = interpret(c.program, inputs)["path"]
        taken |= set(zip(path, path[1:], strict=False))
    assert taken == set(c.graph.edges)


def test_boundaries_are_exact() -> None:
    """The profile finds `platelets < 50` flipping exactly at 50 (and converted units meet it too)."""
    p = cached_profile("azathioprine")
    platelets = {b["platelets"] for b in p.boundaries if list(b) == ["platelets"]}
    assert {math.nextafter(50.0, 0.0), 50.0, math.nextafter(30.0, 0.0), 30.0} <= platelets
    weeks = {b["weeks"] for b in cached_profile("all_features").boundaries if "weeks" in b}
    assert {math.nextafter(2.0, 0.0), 2.0} <= weeks


def test_interpreter_passes_the_clinical_cases() -> None:
    """The oracle itself against the hand-worked cases of the specification."""
    c = checked("azathioprine")
    cases = load_cases(str(ROOT / "guideline" / "azathioprine_thrombocytopenia.cases"))
    failed = [report(o) for o in run_cases(cases, lambda inputs: interpret(c.program, inputs)) if not o.passed]
    assert not failed, "\n".join(failed)


def test_generator_is_deterministic() -> None:
    first = [json.dumps(p, default=repr) for _, p in patients("azathioprine", 50)]
    assert first == [json.dumps(p, default=repr) for _, p in patients("azathioprine", 50)]
