"""A hand-written evaluator of the azathioprine thrombocytopenia pathway: the baseline of issue 7.

`evaluate(inputs)` returns what the evaluator compiled from
`guideline/azathioprine_thrombocytopenia.guideline` returns, for every input: the same validation
and messages, the same three-valued logic with the inputs behind each unknown value, the same path,
trace, needs and recommendations. It is written as an engineer would write this one pathway by
hand in plain Python (straight-line code over local variables, nothing interpreted at run time), so
that the benchmark can compare the compiled module with the limit for Python.

An unknown value is `None` here. Where the compiled runtime carries the set of inputs behind an
unknown value, this code adds those inputs to `needs` where it finds the condition unknown. A
decision on the pathway stops the evaluation when a condition before its taken branch is unknown,
so `needs` is empty whenever a pathway decision is entered, and the pathway has finished exactly
when `needs` is still empty after it. Where an earlier step has already settled an input (no
severe cytopenia means both counts are known), the later conditions are written for what remains.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from operator import itemgetter
from typing import Any

GUIDELINE_ID = "azathioprine-thrombocytopenia"
VERSION = "1.0.0"

# Spec section 1, in the order of the guideline file (the order of "did you mean" candidates).
_INPUT_NAMES = (
    "indication",
    "platelets",
    "anc",
    "platelet_lower_limit",
    "anc_lower_limit",
    "platelets_before_azathioprine",
    "platelet_trend",
    "azathioprine_status",
    "weeks_since_change",
    "severe_cytopenia_this_episode",
    "months_on_azathioprine",
    "bleeding",
    "tpmt_phenotype",
    "nudt15_phenotype",
    "allopurinol",
    "febuxostat",
    "cirrhosis",
    "pregnant_or_breastfeeding",
)
_NAMES = frozenset(_INPUT_NAMES)

_INDICATIONS = ("autoimmune_hepatitis", "inflammatory_bowel_disease", "immune_thrombocytopenia", "other")
_TRENDS = ("falling", "stable", "rising")
_STATUSES = ("taking", "dose_reduced", "withdrawn")
_PHENOTYPES = (
    "normal_metabolizer",
    "intermediate_metabolizer",
    "possible_intermediate_metabolizer",
    "poor_metabolizer",
    "indeterminate",
    "not_tested",
)
_INDICATION_SET = frozenset(_INDICATIONS)
_TREND_SET = frozenset(_TRENDS)
_STATUS_SET = frozenset(_STATUSES)
_PHENOTYPE_SET = frozenset(_PHENOTYPES)
_INTERMEDIATE = frozenset(("intermediate_metabolizer", "possible_intermediate_metabolizer"))

# Counts are in 10*9/L. A count may also come as {"value": ..., "unit": ...} in one of these units
# (UCUM, then the documented laboratory aliases): the value is multiplied by the numerator, then
# divided by the denominator.
_COUNT_UNITS: dict[str, tuple[int, int]] = {
    "10*9/L": (1, 1),
    "10*3/uL": (1, 1),
    "/uL": (1, 1000),
    "/mm3": (1, 1000),
    "K/uL": (1, 1),
    "x10^9/L": (1, 1),
}
_ACCEPTED_UNITS = ", ".join(_COUNT_UNITS)
_UNIT_KEYS = frozenset(("value", "unit"))
_PLAIN_NUMBERS = frozenset((int, float))  # exactly these types: not bool, not a subclass

# Spec section 5: code -> (the sentence a clinician reads, its citation keys), as in the guideline.
_RECOMMENDATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "withdraw_azathioprine": (
        "Withdraw azathioprine now: the counts show severe or worsening myelotoxicity. With platelets "
        "below 50 x10^9/L or neutrophils below 1.0 x10^9/L, do not continue it at a reduced dose.",
        ("topic-overview", "praxis-2025", "fda-label"),
    ),
    "keep_azathioprine_stopped": (
        "Keep azathioprine stopped. If the counts have not recovered 2 weeks after withdrawal, "
        "discontinue it for good; otherwise restart it only where this pathway says so.",
        ("topic-overview", "fda-label"),
    ),
    "reintroduce_at_reduced_dose": (
        "The counts have recovered after withdrawal for non-severe cytopenia: azathioprine may be "
        "reintroduced at a reduced dose.",
        ("fda-label",),
    ),
    "switch_from_azathioprine": (
        "Stop azathioprine and switch to another treatment: in a TPMT or NUDT15 poor metabolizer it "
        "risks severe, life-threatening myelosuppression; in immune thrombocytopenia with no response "
        "after about four months it has failed.",
        ("fda-label", "cpic-2018", "pdsa-immunosuppressants"),
    ),
    "reduce_azathioprine_dose": (
        "Reduce the azathioprine dose: mild thrombocytopenia (platelets at least 50 x10^9/L but below"
        " the reference range).",
        ("topic-overview",),
    ),
    "consider_dose_reduction": (
        "Consider reducing the azathioprine dose: neutrophils are below range or platelets are "
        "falling, and leukopenia usually comes before thrombocytopenia.",
        ("topic-overview",),
    ),
    "continue_reduced_dose": (
        "Continue azathioprine at the reduced dose: dose reduction may reverse the cytopenia.",
        ("fda-label", "topic-overview"),
    ),
    "continue_azathioprine": (
        "Continue azathioprine at the current dose.",
        ("topic-overview", "pdsa-immunosuppressants"),
    ),
    "cbc_weekly_until_recovery": (
        "Check a complete blood count with differential at least weekly until the counts recover; "
        "recovery typically occurs within 1 month.",
        ("fda-label", "dermatology-data"),
    ),
    "increase_cbc_monitoring": (
        "Increase monitoring: complete blood count with differential every 1 to 2 weeks until the counts are stable.",
        ("topic-overview",),
    ),
    "routine_cbc_monitoring": (
        "Routine monitoring: complete blood count with differential weekly in month 1, twice monthly "
        "in months 2 and 3, then monthly, and again after any dose change. Myelotoxicity can appear "
        "at any time, from 2 weeks to 11 years.",
        ("fda-label", "ibd-data"),
    ),
    "switch_to_mycophenolate": (
        "Autoimmune hepatitis: maintain remission with mycophenolate mofetil instead of azathioprine,"
        " started once the counts have recovered. Not in pregnancy, planned pregnancy or "
        "breastfeeding.",
        ("topic-overview", "mycophenolate-label"),
    ),
    "consider_alternative_immunosuppressant": (
        "Choose an alternative to azathioprine with the treating specialist, started once the counts "
        "have recovered. Mycophenolate is contraindicated in pregnancy.",
        ("topic-overview", "mycophenolate-label"),
    ),
    "itp_consider_second_line_alternative": (
        "Choose another second-line ITP treatment with a hematologist: cyclosporine (about 55% "
        "respond, relapse is frequent; harms the kidneys and raises blood pressure), mycophenolate "
        "mofetil (7 of 18 responded), dapsone or sirolimus.",
        ("pdsa-immunosuppressants", "kappers-klunne-2001", "provan-2006"),
    ),
    "do_not_rechallenge": (
        "Do not rechallenge with azathioprine after this myelosuppression, particularly with TPMT or "
        "NUDT15 deficiency.",
        ("fda-label",),
    ),
    "hematology_comanagement": (
        "Manage jointly with a hematologist.",
        ("topic-overview", "praxis-2025", "fda-label"),
    ),
    "itp_urgent_hematology_review": (
        "Urgent hematology review: active bleeding or platelets below 30 x10^9/L.",
        ("rodeghiero-2009", "quiquandon-1990"),
    ),
    "itp_response_not_yet_assessable": (
        "Too early to judge: azathioprine raises the platelet count slowly; continue it for about "
        "four months before deciding whether it has worked.",
        ("pdsa-immunosuppressants", "quiquandon-1990"),
    ),
    "watch_for_pancytopenia": (
        "Do not assume isolated thrombocytopenia is benign: it may herald pancytopenia. Watch the "
        "neutrophil and hemoglobin values on each count.",
        ("dermatology-data", "ibd-data"),
    ),
    "consider_other_causes": (
        "Consider other causes of the low counts, such as hypersplenism from cirrhosis, before "
        "attributing them to azathioprine alone.",
        ("aasld-2010",),
    ),
    "test_tpmt_nudt15": (
        "Test TPMT and NUDT15 status: low or absent activity carries a risk of severe, "
        "life-threatening myelosuppression.",
        ("topic-overview", "fda-label"),
    ),
    "intermediate_metabolizer_dose": (
        "TPMT or NUDT15 intermediate metabolizer: if azathioprine continues or restarts, give 30 to "
        "80% of the target dose (20 to 50% when both genes are affected).",
        ("cpic-2018",),
    ),
    "allopurinol_interaction": (
        "Allopurinol may have caused this cytopenia. If azathioprine continues or restarts with "
        "allopurinol, give one third to one quarter of the usual dose.",
        ("fda-label", "allopurinol-1981"),
    ),
    "febuxostat_contraindicated": (
        "Febuxostat is contraindicated with azathioprine: stop one of the two.",
        ("febuxostat-label",),
    ),
    "pregnancy_specialist_review": (
        "Pregnant, planning pregnancy or breastfeeding: avoid immunosuppressants where possible, and "
        "weigh risk and benefit with the specialist.",
        ("pdsa-immunosuppressants", "fda-label"),
    ),
    "assess_liver_status": (
        "Assess liver status for cirrhosis: most azathioprine cytopenias in autoimmune hepatitis occur with cirrhosis.",
        ("topic-overview", "aasld-2010"),
    ),
    "cirrhosis_risk": (
        "Cirrhosis: most azathioprine cytopenias in autoimmune hepatitis occur with cirrhosis, and "
        "hypersplenism alone lowers the counts. Compare with the patient's own baseline.",
        ("topic-overview", "aasld-2010"),
    ),
}


# ---- input validation: the words of the compiled runtime, for the inputs that are not plain ----


def _kind_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"the text {_shortened(value)!r}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    if type(value) is bool:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return "a number"
    return f"a value of type {type(value).__name__}"


def _shortened(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _amount(value: float, unit: str) -> str:
    """A number given at run time, with its unit: an exact decimal of at most six places, else in words."""
    if isinstance(value, int):
        return f"{value} {unit}"
    for places in range(7):
        scaled = value * 10.0**places
        if abs(scaled) < 1e16 and float(int(scaled)) == scaled and scaled / 10.0**places == value:
            digits = str(abs(int(scaled))).rjust(places + 1, "0")
            if places:
                digits = digits[:-places] + "." + digits[-places:]
            return f"{'-' if scaled < 0 else ''}{digits} {unit}"
    if value >= 1e16:
        return f"a number of 10^16 or more in {unit}"
    if value <= -1e16:
        return f"a number of -10^16 or less in {unit}"
    return f"a number with more than six decimals in {unit}"


def _format_number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _number(value: object) -> tuple[float, str | None]:
    """A finite float from a JSON number, or a problem in words."""
    if isinstance(value, bool):
        return 0.0, f"expected a number, got {'true' if value else 'false'}"
    if isinstance(value, int):
        try:
            return float(value), None
        except OverflowError:
            return 0.0, "the number is too large"
    if isinstance(value, float):
        value = float(value)
        if math.isnan(value):
            return 0.0, "expected a number, got NaN"
        if math.isinf(value):
            return 0.0, f"expected a finite number, got {'-' if value < 0 else ''}infinity"
        return value, None
    return 0.0, f"expected a number, got {_kind_of(value)}"


def _count(value: object, low: float, high: float) -> tuple[float, str | None]:
    """A count that is not a bare number in range: a value with a unit, or a problem in words."""
    if isinstance(value, Mapping):
        if value.keys() != _UNIT_KEYS:
            keys = ", ".join(sorted(repr(key) for key in value))
            return 0.0, f"a value with a unit has exactly the keys 'value' and 'unit', got {keys or 'none'}"
        unit = value["unit"]
        if not isinstance(unit, str):
            return 0.0, f"the unit must be a text, got {_kind_of(unit)}"
        factor = _COUNT_UNITS.get(unit)
        if factor is None:
            return 0.0, f"unit {unit!r} is not accepted (accepted units: {_ACCEPTED_UNITS})"
        given = value["value"]
        number, problem = _number(given)
        if problem is not None:
            return 0.0, problem
        if factor != (1, 1):
            number = number * factor[0] / factor[1]
        if low <= number <= high:
            return number, None
        return 0.0, (
            f"{_amount(given, unit)} ({_amount(number, '10*9/L')}) is outside the range "
            f"{_format_number(low)} to {_format_number(high)} 10*9/L"
        )
    number, problem = _number(value)
    if problem is not None:
        return 0.0, problem
    if low <= number <= high:
        return number, None
    return 0.0, (
        f"{_amount(number, '10*9/L')} is outside the range {_format_number(low)} to {_format_number(high)} 10*9/L"
    )


def _bare(value: object, high: float, unit: str) -> tuple[float, str | None]:
    """A duration (a bare number from 0 to `high`) that is not a plain number: a number of another
    type in range, or a problem in words."""
    if isinstance(value, Mapping):
        return 0.0, f"expected a bare number in {unit}, got an object"
    number, problem = _number(value)
    if problem is not None:
        return 0.0, problem
    if 0.0 <= number <= high:
        return number, None
    return 0.0, f"{_amount(number, unit)} is outside the range 0 to {_format_number(high)} {unit}"


def _yes_no(value: object) -> str:
    return f"expected true or false, got {_kind_of(value)}"


def _choice(value: object, choices: tuple[str, ...]) -> tuple[str | None, str | None]:
    """A choice that is not a plain declared text: a text subclass (StrEnum), or a problem."""
    if isinstance(value, str) and value in choices:
        return choices[choices.index(value)], None
    listed = ", ".join(choices)
    if not isinstance(value, str):
        return None, f"expected one of {listed}; got {_kind_of(value)}"
    hint = difflib.get_close_matches(value, choices, n=1)
    suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
    return None, f"{_shortened(value)!r} is not one of {listed}{suggestion}"


def _unknown_names(inputs: Mapping[Any, object]) -> list[dict[str, str]]:
    errors = []
    for name in inputs:
        if name not in _NAMES:
            if isinstance(name, str):
                hint = difflib.get_close_matches(name, _INPUT_NAMES, n=1)
                suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
                errors.append({"input": name, "problem": f"unknown input{suggestion}"})
            else:
                errors.append({"input": repr(name), "problem": f"an input name must be a text, not {_kind_of(name)}"})
    return errors


def _invalid(errors: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "guideline": GUIDELINE_ID,
        "version": VERSION,
        "status": "invalid_input",
        "recommendations": [],
        "needs": [],
        "errors": errors,
        "path": [],
        "trace": [],
    }


_BY_INPUT_AND_PROBLEM = itemgetter("input", "problem")


# ---- the evaluation ----


def evaluate(inputs: Mapping[str, object]) -> dict[str, Any]:
    """Evaluate the pathway for one patient: status, recommendations, needs, errors, path, trace."""
    if type(inputs) is not dict and not isinstance(inputs, Mapping):
        problem = f"inputs must be an object, got {_kind_of(inputs)}"
        return _invalid([{"input": "(inputs)", "problem": problem}])
    errors = [] if _NAMES.issuperset(inputs) else _unknown_names(inputs)
    get = inputs.get

    # Spec section 1. A plain number in range, a valid choice or a truth value is taken as it is (an
    # int in range compares exactly as its float would); anything else goes to the helpers above,
    # which convert a value with a unit or word the problem.
    indication: Any = get("indication")
    if indication is not None and (type(indication) is not str or indication not in _INDICATION_SET):
        indication, problem = _choice(indication, _INDICATIONS)
        if problem is not None:
            errors.append({"input": "indication", "problem": problem})
    platelets: Any = get("platelets")
    if platelets is not None and not (type(platelets) in _PLAIN_NUMBERS and 0.0 <= platelets <= 2000.0):
        platelets, problem = _count(platelets, 0.0, 2000.0)
        if problem is not None:
            errors.append({"input": "platelets", "problem": problem})
    anc: Any = get("anc")
    if anc is not None and not (type(anc) in _PLAIN_NUMBERS and 0.0 <= anc <= 100.0):
        anc, problem = _count(anc, 0.0, 100.0)
        if problem is not None:
            errors.append({"input": "anc", "problem": problem})
    platelet_lower_limit: Any = get("platelet_lower_limit")
    if platelet_lower_limit is None:
        platelet_lower_limit = 150.0
    elif not (type(platelet_lower_limit) in _PLAIN_NUMBERS and 100.0 <= platelet_lower_limit <= 200.0):
        platelet_lower_limit, problem = _count(platelet_lower_limit, 100.0, 200.0)
        if problem is not None:
            errors.append({"input": "platelet_lower_limit", "problem": problem})
    anc_lower_limit: Any = get("anc_lower_limit")
    if anc_lower_limit is None:
        anc_lower_limit = 1.5
    elif not (type(anc_lower_limit) in _PLAIN_NUMBERS and 1.0 <= anc_lower_limit <= 2.5):
        anc_lower_limit, problem = _count(anc_lower_limit, 1.0, 2.5)
        if problem is not None:
            errors.append({"input": "anc_lower_limit", "problem": problem})
    baseline: Any = get("platelets_before_azathioprine")
    if baseline is not None and not (type(baseline) in _PLAIN_NUMBERS and 0.0 <= baseline <= 2000.0):
        baseline, problem = _count(baseline, 0.0, 2000.0)
        if problem is not None:
            errors.append({"input": "platelets_before_azathioprine", "problem": problem})
    trend: Any = get("platelet_trend")
    if trend is not None and (type(trend) is not str or trend not in _TREND_SET):
        trend, problem = _choice(trend, _TRENDS)
        if problem is not None:
            errors.append({"input": "platelet_trend", "problem": problem})
    status: Any = get("azathioprine_status")
    if status is not None and (type(status) is not str or status not in _STATUS_SET):
        status, problem = _choice(status, _STATUSES)
        if problem is not None:
            errors.append({"input": "azathioprine_status", "problem": problem})
    weeks: Any = get("weeks_since_change")
    if weeks is not None and not (type(weeks) in _PLAIN_NUMBERS and 0.0 <= weeks <= 520.0):
        weeks, problem = _bare(weeks, 520.0, "wk")
        if problem is not None:
            errors.append({"input": "weeks_since_change", "problem": problem})
    severe_episode: Any = get("severe_cytopenia_this_episode")
    if severe_episode is not None and type(severe_episode) is not bool:
        errors.append({"input": "severe_cytopenia_this_episode", "problem": _yes_no(severe_episode)})
    months: Any = get("months_on_azathioprine")
    if months is not None and not (type(months) in _PLAIN_NUMBERS and 0.0 <= months <= 600.0):
        months, problem = _bare(months, 600.0, "mo")
        if problem is not None:
            errors.append({"input": "months_on_azathioprine", "problem": problem})
    bleeding: Any = get("bleeding")
    if bleeding is not None and type(bleeding) is not bool:
        errors.append({"input": "bleeding", "problem": _yes_no(bleeding)})
    tpmt: Any = get("tpmt_phenotype")
    if tpmt is not None and (type(tpmt) is not str or tpmt not in _PHENOTYPE_SET):
        tpmt, problem = _choice(tpmt, _PHENOTYPES)
        if problem is not None:
            errors.append({"input": "tpmt_phenotype", "problem": problem})
    nudt15: Any = get("nudt15_phenotype")
    if nudt15 is not None and (type(nudt15) is not str or nudt15 not in _PHENOTYPE_SET):
        nudt15, problem = _choice(nudt15, _PHENOTYPES)
        if problem is not None:
            errors.append({"input": "nudt15_phenotype", "problem": problem})
    allopurinol: Any = get("allopurinol")
    if allopurinol is not None and type(allopurinol) is not bool:
        errors.append({"input": "allopurinol", "problem": _yes_no(allopurinol)})
    febuxostat: Any = get("febuxostat")
    if febuxostat is not None and type(febuxostat) is not bool:
        errors.append({"input": "febuxostat", "problem": _yes_no(febuxostat)})
    cirrhosis: Any = get("cirrhosis")
    if cirrhosis is not None and type(cirrhosis) is not bool:
        errors.append({"input": "cirrhosis", "problem": _yes_no(cirrhosis)})
    pregnant: Any = get("pregnant_or_breastfeeding")
    if pregnant is not None and type(pregnant) is not bool:
        errors.append({"input": "pregnant_or_breastfeeding", "problem": _yes_no(pregnant)})
    if errors:
        errors.sort(key=_BY_INPUT_AND_PROBLEM)
        return _invalid(errors)

    path = ["indication_route"]
    trace: list[dict[str, Any]] = []
    add = trace.append
    needs: set[str] = set()
    codes: list[str] = []  # no code can be reached twice on one route of this pathway

    # Spec section 3.1.
    if indication is None:
        add({"node": "indication_route", "condition": "indication is immune_thrombocytopenia", "value": None})
        needs.add("indication")

    elif indication == "immune_thrombocytopenia":
        add({"node": "indication_route", "condition": "indication is immune_thrombocytopenia", "value": True})
        # 3.4: first true condition wins; an unknown one before it stops the pathway.
        path.append("itp_review")
        go = 0
        c = None if status is None else status == "withdrawn"
        add({"node": "itp_review", "condition": "azathioprine_status is withdrawn", "value": c})
        if c:
            go = 1
        elif c is None:
            needs.add("azathioprine_status")
        if not go:
            c = None if anc is None else anc < 1.0
            add({"node": "itp_review", "condition": "anc < 1.0", "value": c})
            if c:
                go = 2
            elif c is None:
                needs.add("anc")
        if not go:
            if tpmt == "poor_metabolizer" or nudt15 == "poor_metabolizer":
                c = True
                go = 3
            elif tpmt is None or nudt15 is None:
                c = None
                if tpmt is None:
                    needs.add("tpmt_phenotype")
                if nudt15 is None:
                    needs.add("nudt15_phenotype")
            else:
                c = False
            add({"node": "itp_review", "condition": "poor_metabolizer", "value": c})

        if needs:
            pass
        elif go == 1:
            path.append("itp_withdrawn")
            codes += ("keep_azathioprine_stopped", "cbc_weekly_until_recovery", "hematology_comanagement")
        elif go == 2:
            path.append("itp_myelotoxicity")
            codes += (
                "withdraw_azathioprine",
                "do_not_rechallenge",
                "hematology_comanagement",
                "cbc_weekly_until_recovery",
                "itp_consider_second_line_alternative",
            )
        elif go == 3:
            path.append("itp_poor_metabolizer")
            codes += (
                "switch_from_azathioprine",
                "itp_consider_second_line_alternative",
                "hematology_comanagement",
            )
        else:
            # 3.4.4: neutrophils are known from here on.
            path.append("itp_bleeding_review")
            if bleeding is True or (platelets is not None and platelets < 30.0):
                c = True
            elif bleeding is None or platelets is None:
                c = None
                if bleeding is None:
                    needs.add("bleeding")
                if platelets is None:
                    needs.add("platelets")
            else:
                c = False
            add({"node": "itp_bleeding_review", "condition": "bleeding is yes or platelets < 30", "value": c})
            last = ""
            if c:
                path.append("itp_urgent_review")
                codes.append("itp_urgent_hematology_review")
                path.append("itp_urgent_response_review")
                c = None if months is None else months < 4.0
                add({"node": "itp_urgent_response_review", "condition": "too_early_to_judge", "value": c})
                if c is None:
                    needs.add("months_on_azathioprine")
                else:
                    last = "itp_too_early" if c else "itp_no_response"
            elif c is False:
                # 3.4.5 to 3.4.7: no bleeding and platelets at least 30 here, so itp_response is
                # only `platelets >= 2 * platelets_before_azathioprine`.
                path.append("itp_response_review")
                c = None if months is None else months < 4.0
                add({"node": "itp_response_review", "condition": "too_early_to_judge", "value": c})
                if c:
                    last = "itp_too_early"
                else:
                    if c is None:
                        needs.add("months_on_azathioprine")
                    response = None if baseline is None else platelets >= 2.0 * baseline
                    add({"node": "itp_response_review", "condition": "itp_response", "value": response})
                    if response is None:
                        needs.add("platelets_before_azathioprine")
                    if needs:
                        pass
                    elif response:
                        # 3.4.6
                        path.append("itp_trend_review")
                        c = None if trend is None else trend == "falling"
                        add(
                            {
                                "node": "itp_trend_review",
                                "condition": "platelet_trend is falling",
                                "value": c,
                            }
                        )
                        if c:
                            path.append("itp_losing_response")
                            codes += (
                                "continue_azathioprine",
                                "hematology_comanagement",
                                "increase_cbc_monitoring",
                            )
                        elif c is None:
                            needs.add("platelet_trend")
                        else:
                            path.append("itp_responding")
                            codes += ("continue_azathioprine", "routine_cbc_monitoring")
                    else:
                        last = "itp_no_response"
            if last == "itp_too_early":
                path.append("itp_too_early")
                codes += (
                    "continue_azathioprine",
                    "itp_response_not_yet_assessable",
                    "increase_cbc_monitoring",
                )
            elif last == "itp_no_response":
                # 3.4.7
                path.append("itp_no_response")
                codes += (
                    "switch_from_azathioprine",
                    "itp_consider_second_line_alternative",
                    "hematology_comanagement",
                )

    else:
        add(
            {
                "node": "indication_route",
                "condition": "indication is immune_thrombocytopenia",
                "value": False,
            }
        )
        # 3.2: first true condition wins; an unknown one before it stops the pathway.
        path.append("drug_toxicity")
        go = 0
        c = None if status is None else status == "withdrawn"
        add({"node": "drug_toxicity", "condition": "azathioprine_status is withdrawn", "value": c})
        if c:
            go = 1
        elif c is None:
            needs.add("azathioprine_status")
        if not go:
            # severe: platelets < 50 or anc < 1.0
            if (platelets is not None and platelets < 50.0) or (anc is not None and anc < 1.0):
                c = True
                go = 2
            elif platelets is None or anc is None:
                c = None
                if platelets is None:
                    needs.add("platelets")
                if anc is None:
                    needs.add("anc")
            else:
                c = False
            add({"node": "drug_toxicity", "condition": "severe", "value": c})
        if not go:
            if tpmt == "poor_metabolizer" or nudt15 == "poor_metabolizer":
                c = True
                go = 3
            elif tpmt is None or nudt15 is None:
                c = None
                if tpmt is None:
                    needs.add("tpmt_phenotype")
                if nudt15 is None:
                    needs.add("nudt15_phenotype")
            else:
                c = False
            add({"node": "drug_toxicity", "condition": "poor_metabolizer", "value": c})
        if not go:
            c = None if status is None else status == "dose_reduced"
            add({"node": "drug_toxicity", "condition": "azathioprine_status is dose_reduced", "value": c})
            if c:
                go = 4
            elif c is None:
                needs.add("azathioprine_status")

        # platelet_reference: the laboratory's lower limit, or the patient's own lower baseline.
        reference = platelet_lower_limit if baseline is None else min(platelet_lower_limit, baseline)
        alternative = False
        if needs:
            pass
        elif go == 1:
            # 3.2.1: the counts may still be unknown here.
            path.append("withdrawn_review")
            # recovered: platelets >= max(50, platelet_reference) and anc >= anc_lower_limit
            if (platelets is not None and platelets < max(50.0, reference)) or (
                anc is not None and anc < anc_lower_limit
            ):
                recovered = False
            elif platelets is None or anc is None:
                recovered = None
            else:
                recovered = True
            go = 0
            if recovered is False or severe_episode is False:
                c = False
            elif recovered is None or severe_episode is None:
                c = None
                if recovered is None:
                    if platelets is None:
                        needs.add("platelets")
                    if anc is None:
                        needs.add("anc")
                if severe_episode is None:
                    needs.add("severe_cytopenia_this_episode")
            else:
                c = True
                go = 1
            add(
                {
                    "node": "withdrawn_review",
                    "condition": "recovered and severe_cytopenia_this_episode is yes",
                    "value": c,
                }
            )
            if not go:
                add({"node": "withdrawn_review", "condition": "recovered", "value": recovered})
                if recovered:
                    go = 2
                elif recovered is None:
                    if platelets is None:
                        needs.add("platelets")
                    if anc is None:
                        needs.add("anc")
            if not go:
                c = None if weeks is None else weeks >= 2.0
                add({"node": "withdrawn_review", "condition": "weeks_since_change >= 2", "value": c})
                if c:
                    go = 3
                elif c is None:
                    needs.add("weeks_since_change")
            if needs:
                pass
            elif go == 1:
                path.append("withdrawn_recovered_after_severe")
                codes += ("keep_azathioprine_stopped", "do_not_rechallenge")
                alternative = True
            elif go == 2:
                path.append("withdrawn_recovered")
                codes += ("reintroduce_at_reduced_dose", "increase_cbc_monitoring")
            elif go == 3:
                path.append("withdrawn_not_recovered")
                codes += (
                    "keep_azathioprine_stopped",
                    "do_not_rechallenge",
                    "hematology_comanagement",
                    "cbc_weekly_until_recovery",
                )
                alternative = True
            else:
                path.append("withdrawn_early")
                codes += ("keep_azathioprine_stopped", "cbc_weekly_until_recovery")
        elif go == 2:
            # 3.2.2
            path.append("withdraw_now")
            codes += (
                "withdraw_azathioprine",
                "do_not_rechallenge",
                "hematology_comanagement",
                "cbc_weekly_until_recovery",
                "consider_other_causes",
            )
            alternative = True
        elif go == 3:
            # 3.2.3
            path.append("poor_metabolizer_switch")
            codes += ("switch_from_azathioprine", "increase_cbc_monitoring")
            alternative = True
        elif go == 4:
            # 3.2.4: not severe, so both counts are known from here on.
            path.append("dose_reduced_review")
            c = platelets >= max(50.0, reference) and anc >= anc_lower_limit
            add({"node": "dose_reduced_review", "condition": "recovered", "value": c})
            if c:
                path.append("reduced_dose_recovered")
                codes += ("continue_reduced_dose", "increase_cbc_monitoring")
            else:
                if trend == "falling" or (weeks is not None and weeks >= 4.0):
                    c = True
                elif trend is None or weeks is None:
                    c = None
                    if trend is None:
                        needs.add("platelet_trend")
                    if weeks is None:
                        needs.add("weeks_since_change")
                else:
                    c = False
                add(
                    {
                        "node": "dose_reduced_review",
                        "condition": "platelet_trend is falling or weeks_since_change >= 4",
                        "value": c,
                    }
                )
                if c:
                    path.append("reduced_dose_failing")
                    codes += ("withdraw_azathioprine", "hematology_comanagement", "cbc_weekly_until_recovery")
                elif c is False:
                    path.append("reduced_dose_waiting")
                    codes += ("continue_reduced_dose", "cbc_weekly_until_recovery")
        else:
            # 3.2.5: not severe, so both counts are known from here on.
            path.append("taking_review")
            c = platelets < reference
            add({"node": "taking_review", "condition": "platelets_below_range", "value": c})
            if c:
                path.append("mild_thrombocytopenia")
                codes += (
                    "reduce_azathioprine_dose",
                    "increase_cbc_monitoring",
                    "watch_for_pancytopenia",
                    "consider_other_causes",
                )
            else:
                c = anc < anc_lower_limit
                add({"node": "taking_review", "condition": "anc_below_range", "value": c})
                if c:
                    path.append("low_neutrophils")
                    codes += ("consider_dose_reduction", "increase_cbc_monitoring")
                else:
                    c = None if trend is None else trend == "falling"
                    add({"node": "taking_review", "condition": "platelet_trend is falling", "value": c})
                    if c:
                        path.append("falling_platelets")
                        codes += ("consider_dose_reduction", "increase_cbc_monitoring")
                    elif c is None:
                        needs.add("platelet_trend")
                    else:
                        path.append("counts_in_range")
                        codes += ("continue_azathioprine", "routine_cbc_monitoring")

        if alternative:
            # 3.3: the indication is known here.
            path.append("alternative_therapy")
            if indication != "autoimmune_hepatitis" or pregnant is True:
                c = False
            elif pregnant is None:
                c = None
                needs.add("pregnant_or_breastfeeding")
            else:
                c = True
            add(
                {
                    "node": "alternative_therapy",
                    "condition": "indication is autoimmune_hepatitis and pregnant_or_breastfeeding is no",
                    "value": c,
                }
            )
            if c:
                path.append("mycophenolate_alternative")
                codes.append("switch_to_mycophenolate")
            elif c is False:
                path.append("other_alternative")
                codes.append("consider_alternative_immunosuppressant")

    if not needs:
        path.append("end")

    # Spec section 4: the checks, on every valid evaluation.
    if tpmt == "not_tested" or nudt15 == "not_tested":
        c = True
        codes.append("test_tpmt_nudt15")
    elif tpmt is None or nudt15 is None:
        c = None
        if tpmt is None:
            needs.add("tpmt_phenotype")
        if nudt15 is None:
            needs.add("nudt15_phenotype")
    else:
        c = False
    add(
        {
            "node": "genotype_testing",
            "condition": "tpmt_phenotype is not_tested or nudt15_phenotype is not_tested",
            "value": c,
        }
    )
    if tpmt in _INTERMEDIATE or nudt15 in _INTERMEDIATE:
        c = True
        codes.append("intermediate_metabolizer_dose")
    elif tpmt is None or nudt15 is None:
        c = None
        if tpmt is None:
            needs.add("tpmt_phenotype")
        if nudt15 is None:
            needs.add("nudt15_phenotype")
    else:
        c = False
    add(
        {
            "node": "intermediate_metabolizer_dosing",
            "condition": "tpmt_phenotype is intermediate_metabolizer or tpmt_phenotype is "
            "possible_intermediate_metabolizer or nudt15_phenotype is intermediate_metabolizer or "
            "nudt15_phenotype is possible_intermediate_metabolizer",
            "value": c,
        }
    )
    add({"node": "allopurinol_co_prescription", "condition": "allopurinol is yes", "value": allopurinol})
    if allopurinol:
        codes.append("allopurinol_interaction")
    elif allopurinol is None:
        needs.add("allopurinol")
    add({"node": "febuxostat_co_prescription", "condition": "febuxostat is yes", "value": febuxostat})
    if febuxostat:
        codes.append("febuxostat_contraindicated")
    elif febuxostat is None:
        needs.add("febuxostat")
    add({"node": "pregnancy_review", "condition": "pregnant_or_breastfeeding is yes", "value": pregnant})
    if pregnant:
        codes.append("pregnancy_specialist_review")
    elif pregnant is None:
        needs.add("pregnant_or_breastfeeding")
    # liver_status: `cirrhosis is unknown` is never unknown itself.
    if indication == "autoimmune_hepatitis":
        if cirrhosis is None:
            add(
                {
                    "node": "liver_status",
                    "condition": "indication is autoimmune_hepatitis and cirrhosis is unknown",
                    "value": True,
                }
            )
            codes.append("assess_liver_status")
        else:
            add(
                {
                    "node": "liver_status",
                    "condition": "indication is autoimmune_hepatitis and cirrhosis is unknown",
                    "value": False,
                }
            )
            add(
                {
                    "node": "liver_status",
                    "condition": "indication is autoimmune_hepatitis and cirrhosis is yes",
                    "value": cirrhosis,
                }
            )
            if cirrhosis:
                codes.append("cirrhosis_risk")
    elif indication is not None:
        add(
            {
                "node": "liver_status",
                "condition": "indication is autoimmune_hepatitis and cirrhosis is unknown",
                "value": False,
            }
        )
        add(
            {
                "node": "liver_status",
                "condition": "indication is autoimmune_hepatitis and cirrhosis is yes",
                "value": False,
            }
        )
    else:
        # Unknown indication: the first line is unknown when cirrhosis is, and then the second
        # line reads both inputs; with cirrhosis known, only `cirrhosis is yes` leaves it unknown.
        add(
            {
                "node": "liver_status",
                "condition": "indication is autoimmune_hepatitis and cirrhosis is unknown",
                "value": None if cirrhosis is None else False,
            }
        )
        c = None if cirrhosis is not False else False
        add(
            {
                "node": "liver_status",
                "condition": "indication is autoimmune_hepatitis and cirrhosis is yes",
                "value": c,
            }
        )
        if c is None:
            # The check tests `cirrhosis is unknown` itself, so cirrhosis is never asked for.
            needs.add("indication")

    recommendations = []
    for code in codes:
        text, citations = _RECOMMENDATIONS[code]
        recommendations.append({"code": code, "text": text, "citations": [*citations]})
    return {
        "guideline": GUIDELINE_ID,
        "version": VERSION,
        "status": "needs_data" if needs else "complete",
        "recommendations": recommendations,
        "needs": sorted(needs) if needs else [],
        "errors": [],
        "path": path,
        "trace": trace,
    }
