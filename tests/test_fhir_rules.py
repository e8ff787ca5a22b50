"""One test per reading rule of `dsl.bindings` (section 9 of the specification), on the shipped
guideline's bindings: statuses, the latest within a window, units as recorded, absence, the
derivations, codes, medications, draft orders, disagreement, and each kind of bad resource."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from compiler.api import Evaluator, check_text
from compiler.fhir import Mapped, map_bundle, map_record
from dsl.program import Program
from tests.conftest import AZATHIOPRINE
from tests.fhir.builder import ICD10, LOINC, RXNORM, SNOMED, UCUM, Record, coding, iso

# The line of the platelet count's `from observation` line in guideline/common/blood_counts.guideline.
_LIBRARY = Path(__file__).parent.parent / "guideline" / "common" / "blood_counts.guideline"
LIBRARY_LINE = next(
    n
    for n, line in enumerate(_LIBRARY.read_text(encoding="utf-8").split("\n"), start=1)
    if line.strip() == "from observation within 7 days"
)

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
PLATELETS_NOTE = "no usable Observation of LOINC 777-3 or LOINC 26515-7 in the last 7 days"


@pytest.fixture(scope="module")
def program() -> Program:
    return check_text(AZATHIOPRINE.read_text(encoding="utf-8"), str(AZATHIOPRINE)).program


def count(value: object, unit: str | None = "10*9/L", **extra: Any) -> dict[str, Any]:
    quantity: dict[str, Any] = {"value": value, **extra}
    if unit is not None:
        quantity.update(unit=unit, system=UCUM, code=unit)
    return quantity


def chart() -> Record:
    return Record("p")


def mapped(program: Program, built: Record, now: datetime = NOW) -> Mapped:
    return map_bundle(program, built.bundle(), now=now)


# ---- observations: status, window, latest, units ----


def test_only_final_amended_or_corrected_observations_count(program: Program) -> None:
    built = chart()
    built.observation("777-3", NOW - DAY, status="preliminary", valueQuantity=count(20))
    built.observation("777-3", NOW - DAY, status="entered-in-error", valueQuantity=count(21))
    built.observation("777-3", NOW - DAY, status="cancelled", valueQuantity=count(22))
    assert "platelets" not in mapped(program, built).inputs
    for status in ("final", "amended", "corrected"):
        built = chart()
        built.observation("777-3", NOW - DAY, status=status, valueQuantity=count(120))
        assert mapped(program, built).inputs["platelets"] == {"value": 120, "unit": "10*9/L"}


def test_the_latest_observation_within_the_window_counts(program: Program) -> None:
    built = chart()
    built.observation("777-3", NOW - 3 * DAY, valueQuantity=count(100))
    latest = built.observation("26515-7", NOW - 2 * DAY, valueQuantity=count(90))
    built.observation("777-3", NOW - 8 * DAY, valueQuantity=count(50))
    result = mapped(program, built)
    assert result.inputs["platelets"] == {"value": 90, "unit": "10*9/L"}
    (source,) = result.provenance["platelets"]
    assert source.reference == f"Observation/{latest['id']}" and source.binding == "from observation within 7 days"
    expected = (90, "10*9/L", "2025-02-27T12:00:00+00:00", LIBRARY_LINE)
    assert (source.value, source.unit, source.date, source.line) == expected


def test_an_observation_older_than_the_window_leaves_the_input_unknown(program: Program) -> None:
    built = chart()
    built.observation("777-3", NOW - 8 * DAY, valueQuantity=count(50))
    result = mapped(program, built)
    assert "platelets" not in result.inputs and result.notes["platelets"] == PLATELETS_NOTE


def test_a_day_without_a_time_counts_when_it_meets_the_window(program: Program) -> None:
    built = chart()
    built.add({**_observation("777-3", count(70)), "effectiveDateTime": (NOW - 7 * DAY).date().isoformat()})
    assert mapped(program, built).inputs["platelets"] == {"value": 70, "unit": "10*9/L"}
    built = chart()
    built.add({**_observation("777-3", count(70)), "effectiveDateTime": "2025-02"})  # February: maybe, maybe not
    result = mapped(program, built)
    assert "platelets" not in result.inputs
    assert "is dated 2025-02: not precise enough to tell whether it is in the last 7 days" in result.notes["platelets"]


def test_issued_dates_an_observation_without_an_effective_date(program: Program) -> None:
    built = chart()
    built.add({**_observation("777-3", count(70)), "issued": iso(NOW - DAY)})
    assert mapped(program, built).inputs["platelets"] == {"value": 70, "unit": "10*9/L"}
    built = chart()
    undated = built.add(_observation("777-3", count(70)))
    assert mapped(program, built).notes["platelets"] == (
        f"Observation/{undated['id']} has no date, so it cannot be placed in the last 7 days"
    )


def _observation(code: str, quantity: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Observation", "status": "final", "code": coding(LOINC, code), "valueQuantity": quantity}


def test_units_are_passed_as_recorded_and_the_evaluator_converts_or_rejects_them(
    program: Program, azathioprine: Evaluator
) -> None:
    built = chart()
    built.observation("777-3", NOW - DAY, valueQuantity=count(42000, "/uL"))
    built.observation("751-8", NOW - DAY, valueQuantity=count(2.5, "10*3/uL"))
    result = mapped(program, built)
    assert result.inputs["platelets"] == {"value": 42000, "unit": "/uL"}
    assert result.inputs["anc"] == {"value": 2.5, "unit": "10*3/uL"}
    assert azathioprine.evaluate(result.inputs)["errors"] == []
    # A percentage recorded under an absolute count's code: the evaluator's one validation says so.
    built = chart()
    built.observation("751-8", NOW - DAY, valueQuantity=count(55, "%"))
    result = mapped(program, built)
    assert result.inputs["anc"] == {"value": 55, "unit": "%"}
    (error,) = azathioprine.evaluate(result.inputs)["errors"]
    assert error["input"] == "anc" and "'%' is not accepted" in error["problem"]


def test_the_unit_text_is_read_when_the_quantity_gives_no_ucum_code(program: Program) -> None:
    built = chart()
    built.observation("777-3", NOW - DAY, valueQuantity={"value": 130, "unit": "K/uL"})
    assert mapped(program, built).inputs["platelets"] == {"value": 130, "unit": "K/uL"}


def test_a_unit_in_another_code_system_than_ucum_is_a_problem(program: Program) -> None:
    built = chart()
    bad = built.observation(
        "777-3",
        NOW - DAY,
        valueQuantity={"value": 130, "unit": "G/L", "system": "http://example.org/units", "code": "G/L"},
    )
    result = mapped(program, built)
    assert "platelets" not in result.inputs
    assert result.notes["platelets"] == (
        f"Observation/{bad['id']} records its unit in the code system 'http://example.org/units', "
        "not UCUM (http://unitsofmeasure.org)"
    )


def test_an_anc_percentage_is_never_read_as_an_anc(program: Program) -> None:
    built = chart()
    built.observation("770-8", NOW - DAY, valueQuantity=count(55, "%"))
    result = mapped(program, built)
    assert "anc" not in result.inputs
    assert result.notes["anc"] == "no usable Observation of LOINC 751-8 or LOINC 26499-4 in the last 7 days"


# ---- bad resources ----


def test_an_observation_without_a_value_leaves_the_input_unknown(program: Program) -> None:
    built = chart()
    built.observation("777-3", NOW - 3 * DAY, valueQuantity=count(100))
    latest = built.observation("777-3", NOW - DAY, dataAbsentReason=coding("x", "error"))
    result = mapped(program, built)  # never the older count in place of the latest
    assert "platelets" not in result.inputs
    assert result.notes["platelets"] == f"Observation/{latest['id']} has no valueQuantity (error)"
    built = chart()
    empty = built.observation("777-3", NOW - DAY, valueQuantity={"unit": "10*9/L"})
    assert mapped(program, built).notes["platelets"] == f"Observation/{empty['id']} has no value"


def test_a_value_without_a_unit_leaves_the_input_unknown(program: Program) -> None:
    built = chart()
    bare = built.observation("777-3", NOW - DAY, valueQuantity=count(100, unit=None))
    result = mapped(program, built)
    assert "platelets" not in result.inputs
    assert result.notes["platelets"] == f"Observation/{bare['id']} has a value without a unit"


def test_an_inexact_value_leaves_the_input_unknown(program: Program) -> None:
    built = chart()
    below = built.observation("777-3", NOW - DAY, valueQuantity=count(10, comparator="<"))
    assert mapped(program, built).notes["platelets"] == f"Observation/{below['id']} records < 10: not an exact value"


def test_an_unparseable_date_names_the_resource(program: Program) -> None:
    built = chart()
    built.observation("777-3", NOW - 3 * DAY, valueQuantity=count(100))
    bad = built.add({**_observation("777-3", count(20)), "effectiveDateTime": "yesterday"})
    result = mapped(program, built)
    assert "platelets" not in result.inputs
    note = result.notes["platelets"]
    assert note.startswith(f"Observation/{bad['id']} cannot be read (effectiveDateTime: ") and "regex" in note
    built = chart()
    built.add({**_observation("777-3", count(20)), "effectiveDateTime": "2025-02-30"})
    assert "cannot be read (effectiveDateTime" in mapped(program, built).notes["platelets"]


def test_a_bad_resource_of_other_codes_does_not_matter(program: Program) -> None:
    built = chart()
    built.observation("777-3", NOW - DAY, valueQuantity=count(100))
    built.add({**_observation("2345-7", count(5)), "effectiveDateTime": "yesterday"})  # glucose
    built.add({**_observation("777-3", count(5)), "status": "entered-in-error", "effectiveDateTime": "?"})
    assert mapped(program, built).inputs["platelets"] == {"value": 100, "unit": "10*9/L"}


# ---- derivations ----


def test_reference_range_low_of_the_observation_that_gave_the_count(program: Program, azathioprine: Evaluator) -> None:
    built = chart()
    built.observation("777-3", NOW - 3 * DAY, valueQuantity=count(100), referenceRange=[{"low": count(999)}])
    built.observation(
        "777-3",
        NOW - DAY,
        valueQuantity=count(120),
        referenceRange=[{"low": count(140, "10*3/uL"), "high": count(400, "10*3/uL")}],
    )
    built.observation("751-8", NOW - DAY, valueQuantity=count(2), referenceRange=[{"low": count(18, "%")}])
    result = mapped(program, built)
    assert result.inputs["platelet_lower_limit"] == {"value": 140, "unit": "10*3/uL"}
    assert result.provenance["platelet_lower_limit"][0].reference == result.provenance["platelets"][0].reference
    assert result.inputs["anc_lower_limit"] == {"value": 18, "unit": "%"}  # as recorded: the evaluator judges it
    errors = azathioprine.evaluate(result.inputs)["errors"]
    assert [e["input"] for e in errors] == ["anc_lower_limit"]
    built = chart()
    built.observation("777-3", NOW - DAY, valueQuantity=count(120))
    result = mapped(program, built)
    assert "platelet_lower_limit" not in result.inputs  # unknown: the guideline's default of 150 applies
    assert "has no reference range low" in result.notes["platelet_lower_limit"]
    assert "platelets was not read from an Observation" in mapped(program, chart()).notes["platelet_lower_limit"]


@pytest.mark.parametrize(
    ("counts", "trend"),
    [((150, 120, 90), "falling"), ((90, 120, 150), "rising"), ((120, 90, 150), "stable"), ((90, 90, 90), "stable")],
)
def test_trend_of_the_last_three_counts(program: Program, counts: tuple[int, int, int], trend: str) -> None:
    built = chart()
    built.observation("777-3", NOW - 200 * DAY, valueQuantity=count(500))  # outside 90 days
    for days, value in zip((80, 40, 2), counts, strict=True):
        built.observation("777-3", NOW - days * DAY, valueQuantity=count(value))
    result = mapped(program, built)
    assert result.inputs["platelet_trend"] == trend
    assert [p.value for p in result.provenance["platelet_trend"]] == list(counts)


def test_trend_compares_counts_in_their_units(program: Program) -> None:
    built = chart()
    built.observation("777-3", NOW - 50 * DAY, valueQuantity=count(150000, "/uL"))
    built.observation("777-3", NOW - 20 * DAY, valueQuantity=count(0.12, "10*3/uL"))  # 0.12 < 150
    built.observation("777-3", NOW - 2 * DAY, valueQuantity=count(0.09))
    assert mapped(program, built).inputs["platelet_trend"] == "falling"
    built = chart()
    bad = built.observation("777-3", NOW - 50 * DAY, valueQuantity=count(150, "%"))
    built.observation("777-3", NOW - 20 * DAY, valueQuantity=count(120))
    built.observation("777-3", NOW - 2 * DAY, valueQuantity=count(90))
    result = mapped(program, built)
    assert (
        result.notes["platelet_trend"] == f"Observation/{bad['id']} has the unit '%', which platelets does not accept"
    )


def test_fewer_than_three_counts_make_no_trend(program: Program) -> None:
    built = chart()
    built.observation("777-3", NOW - 100 * DAY, valueQuantity=count(150))
    built.observation("777-3", NOW - 40 * DAY, valueQuantity=count(120))
    built.observation("777-3", NOW - 2 * DAY, valueQuantity=count(90))
    result = mapped(program, built)
    assert "platelet_trend" not in result.inputs
    assert result.notes["platelet_trend"] == (
        "2 usable Observations of LOINC 777-3 or LOINC 26515-7 in the last 90 days: a trend needs 3"
    )


def test_months_since_the_first_order_while_one_is_active(program: Program) -> None:
    built = chart()
    first = built.order("1256", status="completed", authored=datetime(2024, 1, 31, 9, tzinfo=UTC))
    built.order("1256", status="active", authored=datetime(2024, 12, 1, tzinfo=UTC))
    built.order("1256", status="entered-in-error", authored=datetime(2020, 1, 1, tzinfo=UTC))
    result = mapped(program, built, now=datetime(2024, 2, 29, 10, tzinfo=UTC))  # the last day of February
    assert result.inputs["months_on_azathioprine"] == 1
    assert result.provenance["months_on_azathioprine"][0].reference == f"MedicationRequest/{first['id']}"
    assert mapped(program, built, now=datetime(2024, 2, 29, 8, tzinfo=UTC)).inputs["months_on_azathioprine"] == 0
    assert mapped(program, built).inputs["months_on_azathioprine"] == 13
    stopped = chart()
    stopped.order("1256", status="stopped", authored=datetime(2024, 1, 31, tzinfo=UTC))
    result = mapped(program, stopped)
    assert "months_on_azathioprine" not in result.inputs and "azathioprine_status" not in result.inputs
    assert result.notes["months_on_azathioprine"] == "no active MedicationRequest of RxNorm 1256"


def test_months_since_an_order_without_a_date_is_unknown(program: Program) -> None:
    built = chart()
    undated = built.order("1256")
    result = mapped(program, built)
    assert result.inputs["azathioprine_status"] == "taking"
    assert result.notes["months_on_azathioprine"] == (
        f"MedicationRequest/{undated['id']} has no authoredOn, so the first one cannot be told"
    )


def test_the_count_before_the_first_order_within_365_days_of_it(program: Program) -> None:
    started = NOW - 200 * DAY
    built = chart()
    built.order("1256", status="completed", authored=started)
    built.order("1256", authored=NOW - 20 * DAY)
    built.observation("777-3", started - 400 * DAY, valueQuantity=count(10))  # too long before
    built.observation("777-3", started - 30 * DAY, valueQuantity=count(22))
    built.observation("777-3", started + DAY, valueQuantity=count(40))  # on azathioprine already
    result = mapped(program, built)
    assert result.inputs["platelets_before_azathioprine"] == {"value": 22, "unit": "10*9/L"}
    built = chart()
    built.order("1256", authored=started)
    built.observation("777-3", started - 400 * DAY, valueQuantity=count(10))
    result = mapped(program, built)
    assert "platelets_before_azathioprine" not in result.inputs
    assert "before the first MedicationRequest of RxNorm 1256" in result.notes["platelets_before_azathioprine"]
    assert mapped(program, chart()).notes["platelets_before_azathioprine"] == (
        "no MedicationRequest of RxNorm 1256 in the record"
    )


# ---- coded values, conditions ----


def test_value_maps_of_coded_observations(program: Program) -> None:
    built = chart()
    built.observation("82810-3", NOW - 300 * DAY, valueCodeableConcept=coding(LOINC, "LA26683-5"))  # too old
    built.observation("82810-3", NOW - 10 * DAY, valueCodeableConcept=coding(LOINC, "LA15173-0"))
    assert mapped(program, built).inputs["pregnant_or_breastfeeding"] is True
    built = chart()
    built.observation("82810-3", NOW - 10 * DAY, valueCodeableConcept=coding(LOINC, "LA4489-6"))  # unknown
    result = mapped(program, built)
    assert "pregnant_or_breastfeeding" not in result.inputs
    assert "has the value LOINC LA4489-6, which the guideline does not map" in result.notes["pregnant_or_breastfeeding"]


def test_a_phenotype_reads_the_observation_of_its_gene(program: Program) -> None:
    built = chart()
    gene = [
        {"code": coding(LOINC, "48018-6"), "valueCodeableConcept": coding("http://www.genenames.org", "HGNC:23063")}
    ]
    built.observation("53040-2", NOW - 900 * DAY, component=gene, valueCodeableConcept=coding(LOINC, "LA10317-8"))
    result = mapped(program, built)
    assert result.inputs["nudt15_phenotype"] == "intermediate_metabolizer"
    assert "tpmt_phenotype" not in result.inputs  # another gene's result is not TPMT's


def test_condition_statuses(program: Program) -> None:
    for clinical, verification in (
        ("active", "entered-in-error"),
        ("active", "refuted"),
        ("resolved", "confirmed"),
        ("inactive", "confirmed"),
    ):
        built = chart()
        built.condition(SNOMED, "19943007", clinical=clinical, verification=verification)
        result = mapped(program, built)
        assert "cirrhosis" not in result.inputs, (clinical, verification)
        assert result.notes["cirrhosis"].startswith("no active Condition of SNOMED CT 19943007")
    for clinical, verification in (("active", "confirmed"), ("recurrence", "provisional"), ("relapse", "unconfirmed")):
        built = chart()
        built.condition(SNOMED, "19943007", clinical=clinical, verification=verification)
        assert mapped(program, built).inputs["cirrhosis"] is True


def test_icd10_families(program: Program) -> None:
    for code, cirrhosis in (("K74.60", True), ("K74.6", True), ("K70.31", True), ("K74.5", False), ("K7", False)):
        built = chart()
        built.condition(ICD10, code)
        assert mapped(program, built).inputs.get("cirrhosis") is (True if cirrhosis else None), code
    built = chart()
    built.condition(ICD10, "K50.011")
    assert mapped(program, built).inputs["indication"] == "inflammatory_bowel_disease"


def test_lines_that_disagree_leave_the_input_unknown(program: Program) -> None:
    built = chart()
    hepatitis = built.condition(ICD10, "K75.4")
    itp = built.condition(ICD10, "D69.3")
    result = mapped(program, built)
    assert "indication" not in result.inputs
    assert result.notes["indication"] == (
        f"the record disagrees: autoimmune_hepatitis (Condition/{hepatitis['id']}, line 21); "
        f"but immune_thrombocytopenia (Condition/{itp['id']}, line 23)"
    )
    built = chart()
    built.observation("82810-3", NOW - 10 * DAY, valueCodeableConcept=coding(LOINC, "LA26683-5"))
    built.condition(SNOMED, "77386006")
    result = mapped(program, built)
    assert "pregnant_or_breastfeeding" not in result.inputs
    assert result.notes["pregnant_or_breastfeeding"].startswith("the record disagrees: no (Observation/")
    built = chart()  # lines that agree give the value, with every source
    built.condition(SNOMED, "24526004")
    built.condition(ICD10, "K51.90")
    result = mapped(program, built)
    assert result.inputs["indication"] == "inflammatory_bowel_disease" and len(result.provenance["indication"]) == 2


# ---- medications ----


def test_medications_by_code_by_contained_or_referenced_product(program: Program) -> None:
    built = chart()
    built.order("519", product=True)  # a Medication of the Bundle whose ingredient is allopurinol
    built.add(
        {
            "resourceType": "MedicationRequest",
            "status": "active",
            "intent": "order",
            "subject": {"reference": "Patient/p"},
            "contained": [
                {
                    "resourceType": "Medication",
                    "id": "m",
                    "ingredient": [{"itemCodeableConcept": coding(RXNORM, "73689")}],
                }
            ],
            "medicationReference": {"reference": "#m"},
        }
    )
    result = mapped(program, built)
    assert result.inputs["allopurinol"] is True and result.inputs["febuxostat"] is True
    built = chart()
    built.order("519", status="stopped")
    built.order("519", status="draft")  # a draft in the record is no prescription
    result = mapped(program, built)
    assert result.inputs["allopurinol"] is False and result.provenance["allopurinol"] == ()


def test_a_medication_the_record_does_not_include_leaves_absence_unknown(program: Program) -> None:
    built = chart()
    order = built.add(
        {
            "resourceType": "MedicationRequest",
            "status": "active",
            "intent": "order",
            "subject": {"reference": "Patient/p"},
            "medicationReference": {"reference": "Medication/elsewhere"},
        }
    )
    result = mapped(program, built)
    assert "allopurinol" not in result.inputs
    assert result.notes["allopurinol"] == (
        f"MedicationRequest/{order['id']} names the medication Medication/elsewhere, which the record does not include"
    )


def test_the_draft_orders_of_the_context_count_as_prescribed(program: Program) -> None:
    empty = {"resourceType": "Bundle", "type": "searchset", "entry": []}
    sources = {key: empty for key in ("observations", "observation-history", "conditions", "medications")}
    draft = {
        "resourceType": "MedicationRequest",
        "id": "draft-1",
        "status": "draft",
        "intent": "proposal",
        "subject": {"reference": "Patient/p"},
        "medicationCodeableConcept": coding(RXNORM, "73689"),
    }
    result = map_record(program, sources, now=NOW, draft_orders=[draft])
    assert result.inputs["febuxostat"] is True and result.inputs["allopurinol"] is False
    assert result.provenance["febuxostat"][0].reference == "MedicationRequest/draft-1"
    started = map_record(
        program, sources, now=NOW, draft_orders=[{**draft, "medicationCodeableConcept": coding(RXNORM, "1256")}]
    )
    assert started.inputs["azathioprine_status"] == "taking" and started.inputs["months_on_azathioprine"] == 0


# ---- searches: made, missing, an OperationOutcome, cut short ----


def _searchset(*resources: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in resources], **extra}


def test_absent_means_no_only_after_a_successful_search(program: Program) -> None:
    # CDS Hooks 2.0: a key whose value is null is a query the client made and found no data for;
    # a key left out is one it did not make, or that failed.
    for slot in ({"medications": _searchset()}, {"medications": None}):
        assert map_record(program, slot, now=NOW).inputs["allopurinol"] is False
    result = map_record(program, {}, now=NOW)
    assert "allopurinol" not in result.inputs
    assert result.notes["allopurinol"].startswith("the search for MedicationRequests could not be made (the prefetch")
    assert "medications" in result.unavailable
    assert map_record(program, {}, now=NOW).unavailable == (
        "conditions",
        "medications",
        "observation-history",
        "observations",
    )


def test_an_operation_outcome_in_a_slot_is_a_search_not_made(program: Program) -> None:
    outcome = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "timeout", "diagnostics": "The FHIR server timed out"}],
    }
    result = map_record(program, {"medications": outcome, "observations": _searchset()}, now=NOW)
    assert result.unavailable == ("conditions", "medications", "observation-history")
    assert "allopurinol" not in result.inputs
    assert result.notes["allopurinol"] == (
        "the search for MedicationRequests could not be made (the prefetch 'medications' is an "
        "OperationOutcome: The FHIR server timed out)"
    )
    assert result.notes["platelets"] == PLATELETS_NOTE  # that search was made: nothing found


def test_a_search_cut_short_proves_no_absence(program: Program) -> None:
    paged = _searchset(link=[{"relation": "next", "url": "https://ehr.example/fhir?page=2"}])
    result = map_record(program, {"medications": paged}, now=NOW)
    assert "allopurinol" not in result.inputs and "cut short (paged)" in result.notes["allopurinol"]
    counted = _searchset(total=3)
    assert "allopurinol" not in map_record(program, {"medications": counted}, now=NOW).inputs
    found = Record("p")
    order = found.order("519")
    assert map_record(program, {"medications": _searchset(order, total=9)}, now=NOW).inputs["allopurinol"] is True


def test_a_single_resource_in_a_slot_is_a_search_of_one(program: Program) -> None:
    built = Record("p")
    observation = built.observation("777-3", NOW - DAY, valueQuantity=count(80))
    result = map_record(program, {"observations": observation}, now=NOW)
    assert result.inputs["platelets"] == {"value": 80, "unit": "10*9/L"}
    junk = map_record(program, {"observations": [observation], "medications": "x"}, now=NOW)
    assert "platelets" not in junk.inputs and "is not a FHIR resource" in junk.notes["platelets"]


def test_an_entry_that_holds_no_resource_is_never_read_as_absent(program: Program) -> None:
    """A broken entry might have held the very prescription `absent means no` would deny."""
    for bundle, why in (
        (
            {"resourceType": "Bundle", "entry": [1, {"resource": 5}]},
            "Bundle entry 1 cannot be read (it holds no resource)",
        ),
        ({"resourceType": "Bundle", "entry": "x"}, "the Bundle's entry cannot be read (it is not a list)"),
    ):
        result = map_bundle(program, bundle, now=NOW)
        assert "allopurinol" not in result.inputs
        assert why in result.notes["allopurinol"]
    assert map_bundle(program, {"resourceType": "Bundle", "entry": []}, now=NOW).inputs["allopurinol"] is False
    searchset = {"resourceType": "Bundle", "type": "searchset", "entry": [{"search": {"mode": "match"}}]}
    assert "allopurinol" not in map_record(program, {"medications": searchset}, now=NOW).inputs
