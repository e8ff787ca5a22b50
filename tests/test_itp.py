"""The ITP immunosuppressant guideline against its specification, read independently.

`specification_result` is a direct transcription of sections 3 and 4 of
docs/specification/itp_immunosuppressant.md in Python (Kleene logic, `needs` as section 1 says),
written from the specification and not from the guideline: in particular 3.10 is the single chain
of six items the specification describes, where the guideline writes it twice (note 24). On every
combination of the inputs each drug's step reads, unknown included, the compiled evaluator must
give the same status, the same codes in the same order and the same `needs`, and every result
must keep the rules of section 5 (which codes may appear together).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import pytest

from compiler.api import Evaluator, check_text, load
from compiler.testing.interpreter import interpret
from tests.conftest import ROOT

ITP = ROOT / "guideline" / "itp_immunosuppressant.guideline"

PHENOTYPES = (
    "normal_metabolizer",
    "intermediate_metabolizer",
    "possible_intermediate_metabolizer",
    "poor_metabolizer",
    "indeterminate",
    "not_tested",
)
START_DECISION = frozenset(
    {
        "urgent_hematology_review",
        "do_not_start_pregnancy",
        "not_first_line_treatment",
        "avoid_azathioprine_poor_metabolizer",
        "avoid_azathioprine_febuxostat",
        "avoid_cyclosporine_kidney_function",
        "avoid_cyclosporine_hypertension",
        "avoid_dapsone_g6pd_deficiency",
        "test_tpmt_nudt15_first",
        "test_g6pd_first",
        "stop_st_johns_wort_first",
        "specialist_review_before_starting",
        "may_start_with_monitoring",
    }
)
PLANS = {
    "azathioprine": "azathioprine_plan",
    "cyclosporine": "cyclosporine_plan",
    "mycophenolate": "mycophenolate_plan",
    "dapsone": "dapsone_plan",
    "sirolimus": "sirolimus_plan",
}
REASONS = frozenset(
    {
        "azathioprine_genotype_indeterminate",
        "azathioprine_allopurinol",
        "dapsone_g6pd_intermediate",
        "active_infection_concern",
        "malignancy_history_concern",
        "combined_immunosuppression_concern",
    }
)
# The start decisions of the barriers of 3.5 and 3.6, in their order.
AZATHIOPRINE_BARRIERS = (
    "avoid_azathioprine_poor_metabolizer",
    "avoid_azathioprine_febuxostat",
    "test_tpmt_nudt15_first",
)
CYCLOSPORINE_BARRIERS = (
    "avoid_cyclosporine_kidney_function",
    "avoid_cyclosporine_hypertension",
    "stop_st_johns_wort_first",
)


# ---- the specification, transcribed ----


@dataclass(frozen=True)
class K:
    """A three-valued truth value; `needs` are the unknown inputs it reads when it is unknown."""

    value: bool | None
    needs: frozenset[str] = frozenset()


def either(*parts: K) -> K:
    if any(p.value is True for p in parts):
        return K(True)
    if all(p.value is False for p in parts):
        return K(False)
    return K(None, frozenset().union(*(p.needs for p in parts if p.value is None)))


def both(*parts: K) -> K:
    if any(p.value is False for p in parts):
        return K(False)
    if all(p.value is True for p in parts):
        return K(True)
    return K(None, frozenset().union(*(p.needs for p in parts if p.value is None)))


def negate(part: K) -> K:
    return part if part.value is None else K(not part.value)


class Stop(Exception):
    """A decision on the pathway is unknown: the evaluation stops there."""


def specification_result(x: Mapping[str, Any]) -> tuple[str, list[str], list[str]]:
    """Status, codes in the order reached, and sorted needs, for valid inputs (absent = unknown)."""

    def equals(name: str, value: object) -> K:
        return K(None, frozenset([name])) if x.get(name) is None else K(x[name] == value)

    def below(name: str, limit: float) -> K:
        return K(None, frozenset([name])) if x.get(name) is None else K(x[name] < limit)

    def either_phenotype(value: str) -> K:
        return either(equals("tpmt_phenotype", value), equals("nudt15_phenotype", value))

    codes: list[str] = []
    needs: set[str] = set()

    def decide(*conditions: K) -> int:
        """The index of the branch taken (len(conditions) for otherwise), or Stop."""
        undecided: set[str] = set()
        for index, condition in enumerate(conditions):
            if condition.value is True:
                if undecided:
                    break
                return index
            if condition.value is None:
                undecided |= condition.needs
        if undecided:
            needs.update(undecided)
            raise Stop
        return len(conditions)

    def add(*new: str) -> None:
        codes.extend(code for code in new if code not in codes)

    # Section 2
    poor_metabolizer = either_phenotype("poor_metabolizer")
    genotype_not_tested = either_phenotype("not_tested")
    genotype_indeterminate = either_phenotype("indeterminate")
    reduced_function = either(
        either_phenotype("intermediate_metabolizer"), either_phenotype("possible_intermediate_metabolizer")
    )
    infection, malignancy, combination = (
        equals("active_infection", True),
        equals("prior_malignancy", True),
        equals("other_immunosuppressant", True),
    )
    general_concern = either(infection, malignancy, combination)
    allopurinol = equals("allopurinol", True)
    g6pd_intermediate = equals("g6pd_status", "intermediate")
    general_reasons = [
        (infection, "active_infection_concern"),
        (malignancy, "malignancy_history_concern"),
        (combination, "combined_immunosuppression_concern"),
    ]

    def reasons(items: Sequence[tuple[K, str]]) -> None:
        """3.10: each item its own decision, in order; a true one adds its code."""
        add("specialist_review_before_starting")
        for condition, code in items:
            if decide(condition) == 0:
                add(code)

    try:
        if decide(equals("bleeding", True)) == 0:  # 3.1
            add("urgent_hematology_review")
        elif decide(negate(equals("pregnancy_status", "none"))) == 0:  # 3.2
            add("do_not_start_pregnancy")
        elif decide(equals("prior_itp_treatment", False)) == 0:  # 3.3
            add("not_first_line_treatment")
        else:
            drugs = ("azathioprine", "cyclosporine", "mycophenolate", "dapsone")
            drug = (*drugs, "sirolimus")[decide(*(equals("candidate_drug", d) for d in drugs))]  # 3.4
            if drug == "azathioprine":  # 3.5
                concern = either(general_concern, genotype_indeterminate, allopurinol)
                step = decide(poor_metabolizer, equals("febuxostat", True), genotype_not_tested, concern)
                if step < 3:
                    add(AZATHIOPRINE_BARRIERS[step])
                elif step == 3:
                    items = [
                        (genotype_indeterminate, "azathioprine_genotype_indeterminate"),
                        (allopurinol, "azathioprine_allopurinol"),
                    ]
                    reasons(items + general_reasons)
                else:
                    add("may_start_with_monitoring", "azathioprine_plan")
                    if decide(reduced_function) == 0:
                        add("azathioprine_reduced_starting_dose")
                    add("infection_cancer_counselling")
            elif drug == "cyclosporine":  # 3.6
                step = decide(
                    below("egfr", 60),
                    equals("uncontrolled_hypertension", True),
                    equals("st_johns_wort", True),
                    general_concern,
                )
                if step < 3:
                    add(CYCLOSPORINE_BARRIERS[step])
                elif step == 3:
                    reasons(general_reasons)
                else:
                    add("may_start_with_monitoring", "cyclosporine_plan", "infection_cancer_counselling")
            elif drug == "mycophenolate":  # 3.7
                if decide(general_concern) == 0:
                    reasons(general_reasons)
                else:
                    add("may_start_with_monitoring", "mycophenolate_plan", "infection_cancer_counselling")
            elif drug == "dapsone":  # 3.8
                concern = either(general_concern, g6pd_intermediate)
                step = decide(equals("g6pd_status", "deficient"), equals("g6pd_status", "not_tested"), concern)
                if step < 2:
                    add(("avoid_dapsone_g6pd_deficiency", "test_g6pd_first")[step])
                elif step == 2:
                    reasons([(g6pd_intermediate, "dapsone_g6pd_intermediate"), *general_reasons])
                else:
                    add("may_start_with_monitoring", "dapsone_plan")
            else:  # 3.9
                step = decide(equals("st_johns_wort", True), general_concern)
                if step == 0:
                    add("stop_st_johns_wort_first")
                elif step == 1:
                    reasons(general_reasons)
                else:
                    add("may_start_with_monitoring", "sirolimus_plan", "infection_cancer_counselling")
    except Stop:
        pass
    # Section 4: the check, on every valid evaluation.
    check = both(equals("bleeding", False), below("platelets", 20))
    if check.value is True:
        add("slow_onset_bridging_review")
    elif check.value is None:
        needs.update(check.needs)
    return ("needs_data" if needs else "complete"), codes, sorted(needs)


# ---- the patients: every combination of what each step reads ----

BASE: dict[str, Any] = {
    "bleeding": False,
    "platelets": 45,
    "pregnancy_status": "none",
    "prior_itp_treatment": True,
}
GENERAL: dict[str, Sequence[Any]] = {
    "active_infection": (True, False, None),
    "prior_malignancy": (True, False, None),
    "other_immunosuppressant": (True, False, None),
}
PER_DRUG: dict[str, dict[str, Sequence[Any]]] = {
    "azathioprine": {
        "tpmt_phenotype": (*PHENOTYPES, None),
        "nudt15_phenotype": (*PHENOTYPES, None),
        "febuxostat": (True, False, None),
        "allopurinol": (True, False, None),
        **GENERAL,
    },
    "cyclosporine": {
        "egfr": (59.9, 60, None),
        "uncontrolled_hypertension": (True, False, None),
        "st_johns_wort": (True, False, None),
        **GENERAL,
    },
    "mycophenolate": dict(GENERAL),
    "dapsone": {"g6pd_status": ("normal", "intermediate", "deficient", "not_tested", None), **GENERAL},
    "sirolimus": {"st_johns_wort": (True, False, None), **GENERAL},
}
PREFIX: dict[str, Sequence[Any]] = {
    "bleeding": (True, False, None),
    "platelets": (19.9, 20, None),
    "pregnancy_status": ("pregnant", "planning_pregnancy", "breastfeeding", "none", None),
    "prior_itp_treatment": (True, False, None),
    "candidate_drug": (*PLANS, None),
}


def combinations(domains: Mapping[str, Sequence[Any]], fixed: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    names = list(domains)
    for values in itertools.product(*(domains[n] for n in names)):
        inputs = {**fixed, **dict(zip(names, values, strict=True))}
        yield {name: value for name, value in inputs.items() if value is not None}


def drug_patients(drug: str) -> Iterator[dict[str, Any]]:
    """Every combination of the inputs the drug's step and 3.10 read, the rest of the way clear."""
    yield from combinations(PER_DRUG[drug], {**BASE, "candidate_drug": drug})


def prefix_patients() -> Iterator[dict[str, Any]]:
    """Every combination of 3.1 to 3.4 and the check, each drug's own inputs set to clear it."""
    clear = {
        "active_infection": False,
        "prior_malignancy": False,
        "other_immunosuppressant": False,
        "tpmt_phenotype": "normal_metabolizer",
        "nudt15_phenotype": "normal_metabolizer",
        "febuxostat": False,
        "allopurinol": False,
        "egfr": 90,
        "uncontrolled_hypertension": False,
        "st_johns_wort": False,
        "g6pd_status": "normal",
    }
    yield from combinations(PREFIX, clear)


@pytest.fixture(scope="module")
def itp() -> Evaluator:
    return load(str(ITP))


def assert_section_5(inputs: Mapping[str, Any], status: str, codes: Sequence[str]) -> None:
    """Which codes may appear together (section 5)."""
    present = set(codes)
    starts = present & START_DECISION
    plans = present & set(PLANS.values())
    assert len(codes) == len(present), codes
    assert len(starts) <= 1 and len(plans) <= 1, codes
    if status == "complete":
        assert len(starts) == 1, codes
    may_start = "may_start_with_monitoring" in present
    assert bool(plans) == may_start, codes
    if plans:
        assert plans == {PLANS[inputs["candidate_drug"]]}, codes
    if present & REASONS:
        assert "specialist_review_before_starting" in present, codes
    if "azathioprine_reduced_starting_dose" in present:
        assert "azathioprine_plan" in present, codes
    if "infection_cancer_counselling" in present:
        assert may_start and "dapsone_plan" not in present, codes


@pytest.mark.parametrize("drug", sorted(PER_DRUG))
def test_each_drug_step_is_the_specification_s(drug: str, itp: Evaluator) -> None:
    count = 0
    for inputs in drug_patients(drug):
        result = itp.evaluate(inputs)
        got = (result["status"], [r["code"] for r in result["recommendations"]], result["needs"])
        assert got == specification_result(inputs), inputs
        assert_section_5(inputs, result["status"], got[1])
        count += 1
    assert count == len(list(itertools.product(*PER_DRUG[drug].values())))


def test_the_first_steps_and_the_check_are_the_specification_s(itp: Evaluator) -> None:
    outcomes = set()
    for inputs in prefix_patients():
        result = itp.evaluate(inputs)
        got = (result["status"], [r["code"] for r in result["recommendations"]], result["needs"])
        assert got == specification_result(inputs), inputs
        assert_section_5(inputs, result["status"], got[1])
        outcomes.add(got[0])
    assert outcomes == {"complete", "needs_data"}


def test_the_specification_s_examples() -> None:
    """The four examples of section 1 ("Unknown data"), through the transcription itself."""
    base = {**BASE, "active_infection": False, "prior_malignancy": False, "other_immunosuppressant": False}
    cyclosporine = {**base, "candidate_drug": "cyclosporine", "uncontrolled_hypertension": True}
    assert specification_result(cyclosporine) == ("needs_data", [], ["egfr"])
    azathioprine = {**base, "candidate_drug": "azathioprine", "nudt15_phenotype": "poor_metabolizer"}
    azathioprine |= {"febuxostat": False, "allopurinol": False}
    assert specification_result(azathioprine) == ("complete", ["avoid_azathioprine_poor_metabolizer"], [])
    azathioprine["nudt15_phenotype"] = "normal_metabolizer"
    assert specification_result(azathioprine) == ("needs_data", [], ["tpmt_phenotype"])
    mycophenolate = {**base, "candidate_drug": "mycophenolate", "active_infection": True}
    del mycophenolate["prior_malignancy"]
    assert specification_result(mycophenolate) == (
        "needs_data",
        ["specialist_review_before_starting", "active_infection_concern"],
        ["prior_malignancy"],
    )
    assert specification_result({}) == ("needs_data", [], ["bleeding", "platelets"])


def test_the_section_7_example_path_and_trace(itp: Evaluator) -> None:
    """Section 7's example: mycophenolate, an active infection, platelets 15."""
    inputs = {
        **BASE,
        "platelets": 15,
        "active_infection": True,
        "prior_malignancy": False,
        "other_immunosuppressant": False,
        "candidate_drug": "mycophenolate",
    }
    result = itp.evaluate(inputs)
    assert result["path"] == [
        "bleeding_review",
        "pregnancy_review",
        "treatment_line_review",
        "candidate_route",
        "mycophenolate_review",
        "specialist_review",
        "infection_reason",
        "infection_note",
        "malignancy_reason",
        "combination_reason",
        "end",
    ]
    assert [(t["node"], t["condition"], t["value"]) for t in result["trace"]] == [
        ("bleeding_review", "bleeding is yes", False),
        ("pregnancy_review", "pregnancy_status is not none", False),
        ("treatment_line_review", "prior_itp_treatment is no", False),
        ("candidate_route", "candidate_drug is azathioprine", False),
        ("candidate_route", "candidate_drug is cyclosporine", False),
        ("candidate_route", "candidate_drug is mycophenolate", True),
        ("mycophenolate_review", "general_concern", True),
        ("infection_reason", "active_infection is yes", True),
        ("malignancy_reason", "prior_malignancy is yes", False),
        ("combination_reason", "other_immunosuppressant is yes", False),
        ("low_count_bridging", "bleeding is no and low_platelet_count", True),
    ]
    assert [r["code"] for r in result["recommendations"]] == [
        "specialist_review_before_starting",
        "active_infection_concern",
        "slow_onset_bridging_review",
    ]
    assert (result["guideline"], result["version"], result["status"]) == ("itp-immunosuppressant", "1.0.0", "complete")


def test_null_is_unknown_and_inputs_that_are_not_an_object_are_one_error(itp: Evaluator) -> None:
    """Section 1: `null` means unknown, exactly as an absent input; a non-object is one error."""
    given = {**BASE, "candidate_drug": "mycophenolate", "active_infection": False, "other_immunosuppressant": False}
    assert itp.evaluate({**given, "prior_malignancy": None}) == itp.evaluate(given)
    assert itp.evaluate(given)["needs"] == ["prior_malignancy"]
    for not_an_object in ([], "inputs", 1, None, [given]):
        result = itp.evaluate(cast("Mapping[str, object]", not_an_object))  # deliberately not a mapping
        assert result["status"] == "invalid_input"
        assert [e["input"] for e in result["errors"]] == ["(inputs)"]
        assert (result["recommendations"], result["needs"], result["path"], result["trace"]) == ([], [], [], [])


BAD_VALUES: dict[str, tuple[Any, ...]] = {
    "boolean": ("yes", 1, 0, "false", "null", [True]),
    "choice": ("Azathioprine", "", 1, True, ["none"], "not tested"),
    "number": (
        "45",
        True,
        float("nan"),
        float("inf"),
        10**400,
        -0.5,
        2000.5,
        {"value": 45, "unit": "mL/min"},
        {"value": 45, "unit": "%"},
        {"value": 45},
        {"value": 45, "unit": "10*9/L", "extra": 1},
        {"value": None, "unit": "K/uL"},
    ),
}


def with_bad_values(patients: Iterator[dict[str, Any]], kinds: Mapping[str, str]) -> Iterator[dict[str, Any]]:
    """Each patient, and after every fifth one a copy with one or two inputs made bad (or misnamed)."""
    names = sorted(kinds)
    for number, inputs in enumerate(patients):
        yield inputs
        if number % 5 == 0:
            bad = dict(inputs)
            for turn in range(1 + number % 2):
                name = names[(number // 5 + 7 * turn) % len(names)]
                values = BAD_VALUES[kinds[name]]
                bad[name] = values[(number // 5) % len(values)]
            if number % 35 == 0:
                bad["eGFR" if number % 70 else "age"] = 1
            yield bad


def test_compiled_evaluator_agrees_with_the_interpreter_on_every_combination(itp: Evaluator) -> None:
    """Differential test on the combinations above (unknowns included) and bad values: the same
    result in full (keys, status, codes, texts, citations, needs, path, trace; errors by input),
    and between them the patients take every edge of the decision graph."""
    checked = check_text(ITP.read_text(encoding="utf-8"), str(ITP))
    kinds = {i.name: i.kind for i in checked.program.inputs}
    patients = itertools.chain(prefix_patients(), *(drug_patients(drug) for drug in sorted(PER_DRUG)))
    taken: set[tuple[str, str]] = set()
    statuses: set[str] = set()
    for inputs in with_bad_values(patients, kinds):
        compiled, reference = itp.evaluate(inputs), interpret(checked.program, inputs)
        assert list(compiled) == list(reference), inputs
        by_input = [{**r, "errors": [e["input"] for e in r["errors"]]} for r in (compiled, reference)]
        assert by_input[0] == by_input[1], inputs
        statuses.add(compiled["status"])
        path = compiled["path"]
        taken |= set(zip(path, path[1:], strict=False))
    assert statuses == {"complete", "needs_data", "invalid_input"}
    assert taken == set(checked.graph.edges)
