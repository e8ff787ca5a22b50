"""Input validation, spec section 1, and the shape of the result, spec section 7.

Mostly through tests/examples/all_features.guideline (fixture `example`), whose inputs are:
  condition    one of arthritis, colitis, other
  count        number in 10*9/L, range 0 to 2000, accepts 10*9/L, /uL, 10*3/uL, alias K/uL
  lower_limit  number in 10*9/L, range 100 to 200, default 150 (bare numbers only)
  baseline     number in 10*9/L, range 0 to 2000 (bare numbers only)
  weeks        number in wk, range 0 to 520 (bare numbers only)
  score        number without unit, range -10 to 10
  bleeding, pregnant   yes or no
"""

from __future__ import annotations

import json
import types
from collections.abc import Mapping
from typing import Any

import pytest

from compiler.api import Evaluator

KEYS = ["guideline", "version", "status", "recommendations", "needs", "errors", "path", "trace"]
COUNT_UNITS = "accepted units: 10*9/L, /uL, 10*3/uL, K/uL"

# A complete set of inputs: arthritis, not urgent, not low, carry on.
BASE: dict[str, Any] = {
    "condition": "arthritis",
    "count": 120,
    "baseline": 100,
    "bleeding": False,
    "pregnant": False,
    "weeks": 10,
    "score": 0,
}


def without(inputs: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in inputs.items() if k not in names}


def invalid(
    *errors: tuple[str, str], guideline: str = "example-all-features", version: str = "0.1.0"
) -> dict[str, Any]:
    """The whole result of an evaluation with bad inputs."""
    return {
        "guideline": guideline,
        "version": version,
        "status": "invalid_input",
        "recommendations": [],
        "needs": [],
        "errors": [{"input": name, "problem": problem} for name, problem in errors],
        "path": [],
        "trace": [],
    }


def assert_invalid_shape(result: Mapping[str, Any]) -> None:
    """What every invalid result has, whatever the problem's words."""
    assert list(result) == KEYS
    assert result["status"] == "invalid_input"
    assert result["recommendations"] == [] and result["needs"] == []
    assert result["path"] == [] and result["trace"] == []
    assert result["errors"], "an invalid result names at least one bad input"
    for error in result["errors"]:
        assert list(error) == ["input", "problem"]
        assert isinstance(error["input"], str) and error["input"]
        assert isinstance(error["problem"], str) and error["problem"].strip()
    names = [e["input"] for e in result["errors"]]
    assert names == sorted(names)
    json.dumps(result)  # plain JSON values only


# ---- the result's shape ----

CARRY_ON = {
    "guideline": "example-all-features",
    "version": "0.1.0",
    "status": "complete",
    "recommendations": [
        {"code": "continue_drug", "text": "Continue the drug at the same dose.", "citations": ["drug-label"]}
    ],
    "needs": [],
    "errors": [],
    "path": ["first", "arthritis_review", "carry_on", "end"],
    "trace": [
        {"node": "first", "condition": "condition is arthritis", "value": True},
        {"node": "arthritis_review", "condition": "urgent", "value": False},
        {"node": "arthritis_review", "condition": "low", "value": False},
        {"node": "arthritis_review", "condition": "doubled or baseline is unknown", "value": False},
        {"node": "pregnancy", "condition": "pregnant", "value": False},
        {"node": "baseline_missing", "condition": "baseline is known and baseline < 50", "value": False},
        {"node": "baseline_missing", "condition": "weeks is unknown", "value": False},
    ],
}


def test_complete_result_whole(example: Evaluator) -> None:
    result = example.evaluate(BASE)
    assert result == CARRY_ON
    assert list(result) == KEYS
    assert [list(r) for r in result["recommendations"]] == [["code", "text", "citations"]]
    assert all(list(t) == ["node", "condition", "value"] for t in result["trace"])


@pytest.mark.parametrize(
    "inputs",
    [BASE, {}, {"count": True}, ["not", "a", "mapping"]],
    ids=["complete", "needs_data", "invalid_input", "not_a_mapping"],
)
def test_result_keys_in_order(example: Evaluator, inputs: Any) -> None:
    assert list(example.evaluate(inputs)) == KEYS


def test_the_inputs_are_not_changed(example: Evaluator) -> None:
    inputs = {**BASE, "count": {"value": 120000, "unit": "/uL"}, "lower_limit": None}
    copy = json.loads(json.dumps(inputs))
    example.evaluate(inputs)
    assert inputs == copy


# ---- numbers ----


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("count", 120),
        ("count", 120.0),
        ("count", 120.5),
        ("score", -3),
        ("score", 2.5),
        ("weeks", 0),
        ("weeks", 10.25),
    ],
    ids=repr,
)
def test_ints_and_floats_are_accepted(example: Evaluator, name: str, value: float) -> None:
    result = example.evaluate({**BASE, name: value})
    assert result["status"] == "complete"
    assert result["errors"] == []


def test_an_int_and_the_equal_float_give_the_same_result(example: Evaluator) -> None:
    assert example.evaluate({**BASE, "count": 120.0}) == example.evaluate(BASE) == CARRY_ON


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("count", True, "expected a number, got true"),
        ("count", False, "expected a number, got false"),
        ("score", True, "expected a number, got true"),
        ("lower_limit", False, "expected a number, got false"),
        ("count", float("nan"), "expected a number, got NaN"),
        ("count", float("inf"), "expected a finite number, got infinity"),
        ("count", float("-inf"), "expected a finite number, got -infinity"),
        ("score", float("nan"), "expected a number, got NaN"),
        ("count", 10**400, "the number is too large"),
        ("count", -(10**400), "the number is too large"),
        ("score", 10**400, "the number is too large"),
        ("count", "12", "expected a number, got the text '12'"),
        ("count", "12.5", "expected a number, got the text '12.5'"),
        ("count", " 12 ", "expected a number, got the text ' 12 '"),
        ("count", "1e3", "expected a number, got the text '1e3'"),
        ("count", "NaN", "expected a number, got the text 'NaN'"),
        ("count", "Infinity", "expected a number, got the text 'Infinity'"),
        ("weeks", "2", "expected a number, got the text '2'"),
        ("count", [120], "expected a number, got a list"),
        ("count", [], "expected a number, got a list"),
        ("score", {"value": 1}, "expected a bare number, got an object"),
        ("baseline", {}, "expected a bare number in 10*9/L, got an object"),
    ],
    ids=repr,
)
def test_bad_numbers(example: Evaluator, name: str, value: object, problem: str) -> None:
    assert example.evaluate({**BASE, name: value}) == invalid((name, problem))


# ---- domains ----


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("count", 0),
        ("count", 0.0),
        ("count", 2000),
        ("count", 2000.0),
        ("lower_limit", 100),
        ("lower_limit", 200),
        ("baseline", 0),
        ("baseline", 2000),
        ("weeks", 0),
        ("weeks", 520),
        ("score", -10),
        ("score", 10),
        ("score", -10.0),
    ],
    ids=repr,
)
def test_exactly_low_and_exactly_high_are_accepted(example: Evaluator, name: str, value: float) -> None:
    result = example.evaluate({**BASE, name: value})
    assert result["status"] == "complete"
    assert result["errors"] == []


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("count", -0.001, "-0.001 10*9/L is outside the range 0 to 2000 10*9/L"),
        ("count", -1, "-1 10*9/L is outside the range 0 to 2000 10*9/L"),
        ("count", 2000.5, "2000.5 10*9/L is outside the range 0 to 2000 10*9/L"),
        ("count", 2001, "2001 10*9/L is outside the range 0 to 2000 10*9/L"),
        ("lower_limit", 99.9, "99.9 10*9/L is outside the range 100 to 200 10*9/L"),
        ("lower_limit", 200.1, "200.1 10*9/L is outside the range 100 to 200 10*9/L"),
        ("baseline", -0.5, "-0.5 10*9/L is outside the range 0 to 2000 10*9/L"),
        ("weeks", -0.25, "-0.25 wk is outside the range 0 to 520 wk"),
        ("weeks", 520.5, "520.5 wk is outside the range 0 to 520 wk"),
        ("score", -10.5, "-10.5 is outside the range -10 to 10"),
        ("score", 10.001, "10.001 is outside the range -10 to 10"),
        ("score", 1e300, "a number of 10^16 or more is outside the range -10 to 10"),
    ],
    ids=repr,
)
def test_just_outside_the_domain(example: Evaluator, name: str, value: float, problem: str) -> None:
    assert example.evaluate({**BASE, name: value}) == invalid((name, problem))


@pytest.mark.parametrize(("value", "shown"), [(2000.0001, "2000.0001"), (2000001, "2000001")])
def test_the_problem_shows_the_number_as_given(example: Evaluator, value: float, shown: str) -> None:
    problem = example.evaluate({"count": value})["errors"][0]["problem"]
    assert problem == f"{shown} 10*9/L is outside the range 0 to 2000 10*9/L"


# ---- choices ----


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("arthritus", "'arthritus' is not one of arthritis, colitis, other (did you mean 'arthritis'?)"),
        ("colitys", "'colitys' is not one of arthritis, colitis, other (did you mean 'colitis'?)"),
        ("Arthritis", "'Arthritis' is not one of arthritis, colitis, other (did you mean 'arthritis'?)"),
        ("OTHER", "'OTHER' is not one of arthritis, colitis, other (did you mean 'other'?)"),
        ("gout", "'gout' is not one of arthritis, colitis, other"),
        ("", "'' is not one of arthritis, colitis, other"),
        (" arthritis", "' arthritis' is not one of arthritis, colitis, other (did you mean 'arthritis'?)"),
        (1, "expected one of arthritis, colitis, other; got a number"),
        (True, "expected one of arthritis, colitis, other; got true"),
        (["arthritis"], "expected one of arthritis, colitis, other; got a list"),
        ({"value": "arthritis"}, "expected one of arthritis, colitis, other; got an object"),
    ],
    ids=repr,
)
def test_bad_choice(example: Evaluator, value: object, problem: str) -> None:
    assert example.evaluate({**BASE, "condition": value}) == invalid(("condition", problem))


@pytest.mark.parametrize("value", ["arthritis", "colitis", "other"])
def test_every_declared_choice_is_accepted(example: Evaluator, value: str) -> None:
    assert example.evaluate({**BASE, "condition": value})["errors"] == []


def test_a_long_bad_choice_is_shortened_in_the_problem(example: Evaluator) -> None:
    result = example.evaluate({"condition": "x" * 10_000})
    assert_invalid_shape(result)
    assert len(result["errors"][0]["problem"]) < 200


# ---- yes or no ----


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (0, "expected true or false, got a number"),
        (1, "expected true or false, got a number"),
        (0.0, "expected true or false, got a number"),
        ("yes", "expected true or false, got the text 'yes'"),
        ("no", "expected true or false, got the text 'no'"),
        ("true", "expected true or false, got the text 'true'"),
        ("false", "expected true or false, got the text 'false'"),
        ([True], "expected true or false, got a list"),
        ({"value": True}, "expected true or false, got an object"),
    ],
    ids=repr,
)
def test_yes_or_no_takes_only_true_or_false(example: Evaluator, value: object, problem: str) -> None:
    assert example.evaluate({**BASE, "bleeding": value}) == invalid(("bleeding", problem))


@pytest.mark.parametrize("value", [True, False])
def test_true_and_false_are_accepted(example: Evaluator, value: bool) -> None:
    assert example.evaluate({**BASE, "bleeding": value})["errors"] == []


# ---- names ----


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("bleding", "unknown input (did you mean 'bleeding'?)"),
        ("Count", "unknown input (did you mean 'count'?)"),
        ("lower_limt", "unknown input (did you mean 'lower_limit'?)"),
        ("zzz", "unknown input"),
        ("", "unknown input"),
    ],
    ids=repr,
)
def test_unknown_input_name(example: Evaluator, name: str, problem: str) -> None:
    assert example.evaluate({**BASE, name: 1}) == invalid((name, problem))


def test_unknown_input_name_even_when_null(example: Evaluator) -> None:
    assert example.evaluate({**BASE, "bleding": None}) == invalid(
        ("bleding", "unknown input (did you mean 'bleeding'?)")
    )


# ---- null, absent, defaults ----

# BASE without a baseline: the reference is the lower limit, 150 by default, so 120 is low.
REDUCE = {
    "guideline": "example-all-features",
    "version": "0.1.0",
    "status": "complete",
    "recommendations": [
        {"code": "reduce_dose", "text": "Reduce the dose by half.", "citations": ["drug-label", "lab-manual"]}
    ],
    "needs": [],
    "errors": [],
    "path": ["first", "arthritis_review", "reduce", "end"],
    "trace": [
        {"node": "first", "condition": "condition is arthritis", "value": True},
        {"node": "arthritis_review", "condition": "urgent", "value": False},
        {"node": "arthritis_review", "condition": "low", "value": True},
        {"node": "pregnancy", "condition": "pregnant", "value": False},
        {"node": "baseline_missing", "condition": "baseline is known and baseline < 50", "value": False},
        {"node": "baseline_missing", "condition": "weeks is unknown", "value": False},
    ],
}


@pytest.mark.parametrize(
    "lower_limit",
    ["absent", None, 150, 150.0],
    ids=["absent", "null", "150", "150.0"],
)
def test_default_applies_when_absent_or_null(example: Evaluator, lower_limit: object) -> None:
    inputs = without(BASE, "baseline")
    if lower_limit != "absent":
        inputs["lower_limit"] = lower_limit
    assert example.evaluate(inputs) == REDUCE


def test_a_given_value_replaces_the_default(example: Evaluator) -> None:
    # With a lower limit of 110, 120 is not low; the baseline is unknown, so carry on.
    result = example.evaluate({**without(BASE, "baseline"), "lower_limit": 110})
    assert result["path"] == ["first", "arthritis_review", "carry_on", "end"]
    assert [r["code"] for r in result["recommendations"]] == ["continue_drug"]


def test_null_is_unknown(example: Evaluator) -> None:
    # Count 20 is urgent; then `pregnant is yes` decides the next step and it is unknown.
    expected = {
        "guideline": "example-all-features",
        "version": "0.1.0",
        "status": "needs_data",
        "recommendations": [
            {
                "code": "stop",
                "text": "Stop the drug now: count below 30 x10^9/L or bleeding.",
                "citations": ["drug-label"],
            },
            {
                "code": "weekly_count",
                "text": "Check the count every week until it recovers.",
                "citations": ["lab-manual"],
            },
        ],
        "needs": ["pregnant"],
        "errors": [],
        "path": ["first", "arthritis_review", "stop_drug", "general"],
        "trace": [
            {"node": "first", "condition": "condition is arthritis", "value": True},
            {"node": "arthritis_review", "condition": "urgent", "value": True},
            {"node": "general", "condition": "pregnant is yes", "value": None},
            {"node": "pregnancy", "condition": "pregnant", "value": None},
            {"node": "baseline_missing", "condition": "baseline is known and baseline < 50", "value": False},
            {"node": "baseline_missing", "condition": "weeks is unknown", "value": False},
        ],
    }
    assert example.evaluate({**BASE, "count": 20, "pregnant": None}) == expected
    assert example.evaluate({**without(BASE, "pregnant"), "count": 20}) == expected


def test_every_input_null_is_every_input_absent(example: Evaluator) -> None:
    names = ["condition", "count", "lower_limit", "baseline", "weeks", "score", "bleeding", "pregnant"]
    assert example.evaluate(dict.fromkeys(names)) == example.evaluate({})


# ---- values with units ----


@pytest.mark.parametrize(
    "count",
    [
        {"value": 120000, "unit": "/uL"},
        {"value": 120000.0, "unit": "/uL"},
        {"value": 120, "unit": "10*3/uL"},
        {"value": 120, "unit": "K/uL"},
        {"value": 120, "unit": "10*9/L"},
        {"unit": "/uL", "value": 120000},
    ],
    ids=repr,
)
def test_accepted_units_are_converted(example: Evaluator, count: dict[str, object]) -> None:
    assert example.evaluate({**BASE, "count": count}) == CARRY_ON


@pytest.mark.parametrize(
    ("count", "path"),
    [
        # Urgent below 0.5 * max(150, 100) - 1 = 74 x10^9/L; at 74 the count is only low.
        ({"value": 73999, "unit": "/uL"}, ["first", "arthritis_review", "stop_drug", "general", "end"]),
        ({"value": 74000, "unit": "/uL"}, ["first", "arthritis_review", "reduce", "end"]),
        ({"value": 73.999, "unit": "K/uL"}, ["first", "arthritis_review", "stop_drug", "general", "end"]),
        ({"value": 74, "unit": "K/uL"}, ["first", "arthritis_review", "reduce", "end"]),
        ({"value": 25000, "unit": "/uL"}, ["first", "arthritis_review", "stop_drug", "general", "end"]),
        (25, ["first", "arthritis_review", "stop_drug", "general", "end"]),
    ],
    ids=repr,
)
def test_converted_values_decide_at_the_boundary(example: Evaluator, count: object, path: list[str]) -> None:
    result = example.evaluate({**BASE, "count": count})
    assert result["status"] == "complete"
    assert result["path"] == path


@pytest.mark.parametrize(
    ("count", "problem"),
    [
        ({"value": 25, "unit": "%"}, f"unit '%' is not accepted ({COUNT_UNITS})"),
        ({"value": 2, "unit": "wk"}, f"unit 'wk' is not accepted ({COUNT_UNITS})"),
        ({"value": 25, "unit": "mg"}, f"unit 'mg' is not accepted ({COUNT_UNITS})"),
        ({"value": 25, "unit": "furlongs"}, f"unit 'furlongs' is not accepted ({COUNT_UNITS})"),
        # Valid UCUM of the right kind but not listed: the list is the contract.
        ({"value": 25, "unit": "10*6/L"}, f"unit '10*6/L' is not accepted ({COUNT_UNITS})"),
        ({"value": 25, "unit": "/mm3"}, f"unit '/mm3' is not accepted ({COUNT_UNITS})"),
        # UCUM is case-sensitive.
        ({"value": 25, "unit": "/ul"}, f"unit '/ul' is not accepted ({COUNT_UNITS})"),
        ({"value": 25, "unit": "k/uL"}, f"unit 'k/uL' is not accepted ({COUNT_UNITS})"),
        ({"value": 25, "unit": ""}, f"unit '' is not accepted ({COUNT_UNITS})"),
        ({"value": 25, "unit": 3}, "the unit must be a text, got a number"),
        ({"value": 25, "unit": ["/uL"]}, "the unit must be a text, got a list"),
        ({"value": 25, "unit": True}, "the unit must be a text, got true"),
        ({"value": 25}, "a value with a unit has exactly the keys 'value' and 'unit', got 'value'"),
        ({"unit": "/uL"}, "a value with a unit has exactly the keys 'value' and 'unit', got 'unit'"),
        ({}, "a value with a unit has exactly the keys 'value' and 'unit', got none"),
        (
            {"value": 25, "unit": "/uL", "note": "x"},
            "a value with a unit has exactly the keys 'value' and 'unit', got 'note', 'unit', 'value'",
        ),
        (
            {"Value": 25, "unit": "/uL"},
            "a value with a unit has exactly the keys 'value' and 'unit', got 'Value', 'unit'",
        ),
        ({"value": "25000", "unit": "/uL"}, "expected a number, got the text '25000'"),
        ({"value": True, "unit": "/uL"}, "expected a number, got true"),
        ({"value": [25], "unit": "/uL"}, "expected a number, got a list"),
        ({"value": {"value": 25}, "unit": "/uL"}, "expected a number, got an object"),
        ({"value": float("nan"), "unit": "/uL"}, "expected a number, got NaN"),
        ({"value": float("inf"), "unit": "K/uL"}, "expected a finite number, got infinity"),
        ({"value": 10**400, "unit": "/uL"}, "the number is too large"),
        ({"value": -1, "unit": "/uL"}, "-1 /uL (-0.001 10*9/L) is outside the range 0 to 2000 10*9/L"),
        (
            {"value": 2000.5, "unit": "K/uL"},
            "2000.5 K/uL (2000.5 10*9/L) is outside the range 0 to 2000 10*9/L",
        ),
    ],
    ids=repr,
)
def test_bad_value_with_unit(example: Evaluator, count: object, problem: str) -> None:
    assert example.evaluate({**BASE, "count": count}) == invalid(("count", problem))


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("baseline", {"value": 100, "unit": "10*9/L"}, "expected a bare number in 10*9/L, got an object"),
        ("lower_limit", {"value": 150, "unit": "10*9/L"}, "expected a bare number in 10*9/L, got an object"),
        ("weeks", {"value": 2, "unit": "wk"}, "expected a bare number in wk, got an object"),
        ("score", {"value": 2, "unit": "1"}, "expected a bare number, got an object"),
    ],
    ids=repr,
)
def test_no_object_form_without_accepts(example: Evaluator, name: str, value: object, problem: str) -> None:
    assert example.evaluate({**BASE, name: value}) == invalid((name, problem))


@pytest.mark.parametrize(
    "inputs",
    [{"count": {"value": None, "unit": "/uL"}}, {"count": {"value": 1, "unit": None}}, None],
    ids=repr,
)
def test_null_is_called_null_in_problems(example: Evaluator, inputs: Any) -> None:
    problem = example.evaluate(inputs)["errors"][0]["problem"]
    assert "NoneType" not in problem and "null" in problem


# ---- several problems at once ----


def test_every_bad_input_is_listed_sorted_by_name(example: Evaluator) -> None:
    inputs = {
        "zeta": 1,
        "count": "x",
        "pregnant": False,  # good: not listed
        "bleeding": 1,
        "condition": "Other",
        "baseline": {"value": 1, "unit": "/uL"},
        "weeks": 600,
        "score": None,  # unknown: not listed
        "Bleeding": True,
    }
    assert example.evaluate(inputs) == invalid(
        ("Bleeding", "unknown input (did you mean 'bleeding'?)"),
        ("baseline", "expected a bare number in 10*9/L, got an object"),
        ("bleeding", "expected true or false, got a number"),
        ("condition", "'Other' is not one of arthritis, colitis, other (did you mean 'other'?)"),
        ("count", "expected a number, got the text 'x'"),
        ("weeks", "600 wk is outside the range 0 to 520 wk"),
        ("zeta", "unknown input"),
    )


def test_one_bad_input_among_good_ones_discards_everything(example: Evaluator) -> None:
    result = example.evaluate({**BASE, "count": 20, "pregnant": True, "score": 11})
    assert result == invalid(("score", "11 is outside the range -10 to 10"))


# ---- inputs that are not a mapping ----


@pytest.mark.parametrize("inputs", [[], ["count", 120], None, "count=120", 5, True, 1.5, (("count", 1),)], ids=repr)
def test_inputs_not_a_mapping(example: Evaluator, inputs: Any) -> None:
    result = example.evaluate(inputs)
    assert_invalid_shape(result)
    assert [e["input"] for e in result["errors"]] == ["(inputs)"]
    assert result["errors"][0]["problem"].startswith("inputs must be an object, got ")


def test_a_mapping_that_is_not_a_dict_is_accepted(example: Evaluator) -> None:
    assert example.evaluate(types.MappingProxyType(BASE)) == CARRY_ON


def test_a_name_that_is_not_a_text(example: Evaluator) -> None:
    result = example.evaluate({**BASE, 1: 2})  # type: ignore[dict-item]
    assert result == invalid(("1", "an input name must be a text, not a number"))


def test_subclasses_of_numbers_and_texts_are_accepted(example: Evaluator) -> None:
    import enum

    class Kind(enum.StrEnum):
        ARTHRITIS = "arthritis"

    class Count(float):
        pass

    plain = example.evaluate({**BASE, "condition": "arthritis", "count": 25.0})
    assert example.evaluate({**BASE, "condition": Kind.ARTHRITIS, "count": Count(25.0)}) == plain


def test_a_value_with_a_unit_may_be_any_mapping(example: Evaluator) -> None:
    import types

    unit = types.MappingProxyType({"value": 25000, "unit": "/uL"})
    assert example.evaluate({**BASE, "count": unit}) == example.evaluate({**BASE, "count": 25.0})


def test_a_long_text_is_cut_before_it_is_quoted(example: Evaluator) -> None:
    problem = example.evaluate({**BASE, "count": "x" * 200})["errors"][0]["problem"]
    assert problem == "expected a number, got the text '" + "x" * 57 + "...'"


# ---- every invalid result has the same shape ----

INVALID_INPUTS: list[Any] = [
    {"count": True},
    {"count": float("nan")},
    {"count": 10**400},
    {"count": "12"},
    {"count": {"value": 1, "unit": "%"}},
    {"condition": "arthritus"},
    {"bleeding": "no"},
    {"nonsense": 1},
    {"score": 11, "weeks": -1, "bleding": False},
    None,
    [],
]


@pytest.mark.parametrize("inputs", INVALID_INPUTS, ids=repr)
def test_invalid_results_recommend_nothing(example: Evaluator, inputs: Any) -> None:
    assert_invalid_shape(example.evaluate(inputs))


# ---- the real guideline ----

PHENOTYPES = (
    "normal_metabolizer, intermediate_metabolizer, possible_intermediate_metabolizer, "
    "poor_metabolizer, indeterminate, not_tested"
)

AZ_INVALID: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
    (
        {"anc": {"value": 45, "unit": "%"}},
        [("anc", "unit '%' is not accepted (accepted units: 10*9/L, 10*3/uL, /uL, /mm3, K/uL, x10^9/L)")],
    ),
    (
        {"platelet_trend": "Falling"},
        [("platelet_trend", "'Falling' is not one of falling, stable, rising (did you mean 'falling'?)")],
    ),
    (
        {"weeks_since_change": {"value": 2, "unit": "wk"}},
        [("weeks_since_change", "expected a bare number in wk, got an object")],
    ),
    (
        {"months_on_azathioprine": {"value": 5, "unit": "mo"}},
        [("months_on_azathioprine", "expected a bare number in mo, got an object")],
    ),
    ({"platelet": 120}, [("platelet", "unknown input (did you mean 'platelets'?)")]),
    ({"allopurinol": "no"}, [("allopurinol", "expected true or false, got the text 'no'")]),
    ({"anc_lower_limit": 0.9}, [("anc_lower_limit", "0.9 10*9/L is outside the range 1 to 2.5 10*9/L")]),
    ({"platelets": 2000.5}, [("platelets", "2000.5 10*9/L is outside the range 0 to 2000 10*9/L")]),
    (
        {"tpmt_phenotype": "poor", "nudt15_phenotype": 3, "anc": -1},
        [
            ("anc", "-1 10*9/L is outside the range 0 to 100 10*9/L"),
            ("nudt15_phenotype", f"expected one of {PHENOTYPES}; got a number"),
            ("tpmt_phenotype", f"'poor' is not one of {PHENOTYPES}"),
        ],
    ),
]


@pytest.mark.parametrize(("inputs", "errors"), AZ_INVALID, ids=repr)
def test_azathioprine_invalid_inputs(
    azathioprine: Evaluator, inputs: dict[str, Any], errors: list[tuple[str, str]]
) -> None:
    result = azathioprine.evaluate(inputs)
    assert result == invalid(*errors, guideline="azathioprine-thrombocytopenia", version="1.0.0")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("platelet_lower_limit", 100),
        ("platelet_lower_limit", 200),
        ("anc_lower_limit", 1.0),
        ("anc_lower_limit", 2.5),
        ("anc", 0),
        ("anc", 100),
        ("weeks_since_change", 520),
        ("months_on_azathioprine", 600),
        ("platelets", {"value": 2000000, "unit": "/mm3"}),
    ],
    ids=repr,
)
def test_azathioprine_domain_edges_are_accepted(azathioprine: Evaluator, name: str, value: object) -> None:
    assert azathioprine.evaluate({name: value})["errors"] == []


def test_azathioprine_defaults(azathioprine: Evaluator) -> None:
    inputs = {
        "indication": "inflammatory_bowel_disease",
        "azathioprine_status": "taking",
        "tpmt_phenotype": "normal_metabolizer",
        "nudt15_phenotype": "normal_metabolizer",
        "allopurinol": False,
        "febuxostat": False,
        "pregnant_or_breastfeeding": False,
        "platelets": 140,
        "anc": 1.4,
        "platelet_trend": "stable",
    }
    # 140 is below the default platelet limit of 150: mild thrombocytopenia.
    defaulted = azathioprine.evaluate(inputs)
    assert defaulted == azathioprine.evaluate({**inputs, "platelet_lower_limit": None, "anc_lower_limit": None})
    assert defaulted == azathioprine.evaluate({**inputs, "platelet_lower_limit": 150, "anc_lower_limit": 1.5})
    assert defaulted["path"][-2] == "mild_thrombocytopenia"
    # With a laboratory limit of 130, the platelets are in range and the ANC of 1.4 is below 1.5.
    lowered = azathioprine.evaluate({**inputs, "platelet_lower_limit": 130})
    assert lowered["path"][-2] == "low_neutrophils"
    # And with an ANC limit of 1.2 as well, nothing is below range.
    normal = azathioprine.evaluate({**inputs, "platelet_lower_limit": 130, "anc_lower_limit": 1.2})
    assert normal["path"][-2] == "counts_in_range"
