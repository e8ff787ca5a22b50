"""UCUM units: exact conversion factors worked out at compile time, and what they do at evaluation."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest

from compiler.api import Evaluator, compile_text
from dsl import units
from dsl.units import UnitError
from tests.conftest import SPECIFICATION

VIGNETTES = {v["id"]: v for v in json.loads((SPECIFICATION / "vignettes.json").read_text(encoding="utf-8"))}


# ---- factors ----


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("10*9/L", "10*9/L", Fraction(1)),
        ("10*3/uL", "10*9/L", Fraction(1)),
        ("10*9/L", "10*3/uL", Fraction(1)),
        ("/uL", "10*9/L", Fraction(1, 1000)),
        ("/mm3", "10*9/L", Fraction(1, 1000)),
        ("10*9/L", "/uL", Fraction(1000)),
        ("/mm3", "/uL", Fraction(1)),
        ("10*6/L", "10*9/L", Fraction(1, 1000)),
        ("d", "wk", Fraction(1, 7)),
        ("wk", "d", Fraction(7)),
        # A UCUM month is a mean Julian month, 30.4375 days: 7 / 30.4375 = 112 / 487.
        ("wk", "mo", Fraction(112, 487)),
        ("mo", "wk", Fraction(487, 112)),
        ("a", "mo", Fraction(12)),
        ("%", "1", Fraction(1, 100)),
    ],
    ids=repr,
)
def test_factor_is_exact(source: str, target: str, expected: Fraction) -> None:
    actual = units.factor(source, target)
    assert type(actual) is Fraction
    assert actual == expected


@pytest.mark.parametrize(("source", "target"), [("wk", "mo"), ("/uL", "10*9/L"), ("d", "a")], ids=repr)
def test_factors_there_and_back_multiply_to_one(source: str, target: str) -> None:
    assert units.factor(source, target) * units.factor(target, source) == 1


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        (
            "%",
            "10*9/L",
            "'%' (a pure number or percentage) cannot be converted to '10*9/L' (a count per volume)",
        ),
        ("wk", "10*9/L", "'wk' (a time) cannot be converted to '10*9/L' (a count per volume)"),
        ("10*9/L", "wk", "'10*9/L' (a count per volume) cannot be converted to 'wk' (a time)"),
        ("mg", "10*9/L", "'mg' (a mass) cannot be converted to '10*9/L' (a count per volume)"),
        # In UCUM, K is kelvin: laboratory 'K/uL' needs an alias.
        (
            "K/uL",
            "10*9/L",
            "'K/uL' ([temperature] / [length] ** 3) cannot be converted to '10*9/L' (a count per volume)",
        ),
    ],
    ids=repr,
)
def test_units_of_different_kinds_do_not_convert(source: str, target: str, message: str) -> None:
    with pytest.raises(UnitError) as caught:
        units.factor(source, target)
    assert str(caught.value) == message


@pytest.mark.parametrize("unit", ["x10^9/L", "foo", "10**9/L", "", "10*9/", "/", "10*9/l/"], ids=repr)
def test_invalid_ucum(unit: str) -> None:
    with pytest.raises(UnitError) as caught:
        units.validate(unit)
    assert str(caught.value) == f"'{unit}' is not a UCUM unit"
    with pytest.raises(UnitError):
        units.factor(unit, "10*9/L")
    with pytest.raises(UnitError):
        units.factor("10*9/L", unit)


@pytest.mark.parametrize("unit", ["10*9/L", "10*3/uL", "/uL", "/mm3", "wk", "mo", "d", "%", "1"], ids=repr)
def test_valid_ucum(unit: str) -> None:
    units.validate(unit)


def test_unit_error_is_a_value_error() -> None:
    assert issubclass(UnitError, ValueError)


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("10*9/L", "a count per volume"),
        ("/uL", "a count per volume"),
        ("%", "a pure number or percentage"),
        ("1", "a pure number or percentage"),
    ],
)
def test_describe_dimension(unit: str, kind: str) -> None:
    assert units.describe_dimension(unit) == kind
    assert units.dimension("/mm3") == units.dimension("10*9/L")


# ---- through the real guideline: conversions decide severity at the boundary ----

SEVERE_PATH = [
    "indication_route",
    "drug_toxicity",
    "withdraw_now",
    "alternative_therapy",
    "other_alternative",
    "end",
]
SEVERE_CODES = [
    "withdraw_azathioprine",
    "do_not_rechallenge",
    "hematology_comanagement",
    "cbc_weekly_until_recovery",
    "consider_other_causes",
    "consider_alternative_immunosuppressant",
]
MILD_PATH = ["indication_route", "drug_toxicity", "taking_review", "mild_thrombocytopenia", "end"]
MILD_CODES = [
    "reduce_azathioprine_dose",
    "increase_cbc_monitoring",
    "watch_for_pancytopenia",
    "consider_other_causes",
]


def p02(**changes: Any) -> dict[str, Any]:
    """Vignette p02 (Crohn's disease, taking azathioprine, every input the pathway reads) with changes."""
    inputs: dict[str, Any] = dict(VIGNETTES["p02"]["inputs"])
    inputs.update(changes)
    return inputs


@pytest.mark.parametrize(
    ("platelets", "severe"),
    [
        (49.999, True),
        (50, False),
        ({"value": 49999, "unit": "/uL"}, True),
        ({"value": 50000, "unit": "/uL"}, False),
        ({"value": 49999, "unit": "/mm3"}, True),
        ({"value": 50000, "unit": "/mm3"}, False),
        ({"value": 49.999, "unit": "10*3/uL"}, True),
        ({"value": 50, "unit": "10*3/uL"}, False),
        ({"value": 49.999, "unit": "K/uL"}, True),
        ({"value": 50, "unit": "K/uL"}, False),
        ({"value": 49.999, "unit": "x10^9/L"}, True),
        ({"value": 50, "unit": "x10^9/L"}, False),
        ({"value": 49.999, "unit": "10*9/L"}, True),
        ({"value": 50, "unit": "10*9/L"}, False),
    ],
    ids=repr,
)
def test_platelets_in_any_accepted_unit_decide_severity(
    azathioprine: Evaluator, platelets: object, severe: bool
) -> None:
    result = azathioprine.evaluate(p02(platelets=platelets))
    assert result["status"] == "complete"
    assert result["path"] == (SEVERE_PATH if severe else MILD_PATH)
    assert [r["code"] for r in result["recommendations"]] == (SEVERE_CODES if severe else MILD_CODES)


@pytest.mark.parametrize(
    "platelets",
    [
        {"value": 128000, "unit": "/uL"},
        {"value": 128000, "unit": "/mm3"},
        {"value": 128, "unit": "K/uL"},
        {"value": 128, "unit": "x10^9/L"},
    ],
    ids=repr,
)
def test_a_converted_value_gives_the_same_whole_result(azathioprine: Evaluator, platelets: object) -> None:
    assert azathioprine.evaluate(p02(platelets=platelets)) == azathioprine.evaluate(p02(platelets=128))


@pytest.mark.parametrize(
    ("anc", "severe"),
    [
        ({"value": 999, "unit": "/uL"}, True),
        ({"value": 1000, "unit": "/uL"}, False),
        ({"value": 0.999, "unit": "K/uL"}, True),
    ],
    ids=repr,
)
def test_anc_in_cells_per_microlitre(azathioprine: Evaluator, anc: object, severe: bool) -> None:
    result = azathioprine.evaluate(p02(platelets=128, anc=anc))
    assert (result["path"][2] == "withdraw_now") is severe


@pytest.mark.parametrize("unit", ["%", "wk", "mo", "10*6/L", "K/ul", "G/L"], ids=repr)
def test_anc_in_a_unit_not_accepted_is_invalid(azathioprine: Evaluator, unit: str) -> None:
    result = azathioprine.evaluate(p02(anc={"value": 60, "unit": unit}))
    accepted = "10*9/L, 10*3/uL, /uL, /mm3, K/uL, x10^9/L"
    assert result == {
        "guideline": "azathioprine-thrombocytopenia",
        "version": "1.0.0",
        "status": "invalid_input",
        "recommendations": [],
        "needs": [],
        "errors": [{"input": "anc", "problem": f"unit {unit!r} is not accepted (accepted units: {accepted})"}],
        "path": [],
        "trace": [],
    }


# ---- quantities in guideline text are converted at compile time ----

DAYS = """\
guideline days
title "Quantities in the text"
version 1.0.0
status draft
source s "S"
input days "Days on the drug"
  number in d
  range 0 to 1000
decision d1 "Two weeks or more?"
  when days >= 2 'wk' go to act
  otherwise end
action act "Act"
  recommend c
  then end
recommendation c
  text "C"
  cites s
"""


@pytest.mark.parametrize(("days", "reached"), [(13.999, False), (14, True), (0, False), (1000, True)])
def test_a_quantity_in_the_text_is_converted_to_the_input_s_unit(days: float, reached: bool) -> None:
    result = compile_text(DAYS, "days.guideline").evaluate({"days": days})
    assert result["path"] == (["d1", "act", "end"] if reached else ["d1", "end"])
