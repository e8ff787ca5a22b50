"""Whatever an EHR sends, the mapper never raises: every input is mapped or unknown with a note,
and the inputs it gives are ones the evaluator judges without raising either."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.api import Evaluator, check_text
from compiler.fhir import map_bundle, map_record
from dsl.program import Program
from tests.conftest import AZATHIOPRINE
from tests.fhir.builder import CLINICAL, ICD10, LOINC, RXNORM, SNOMED, UCUM, VERIFICATION

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
KEYS = ("observations", "observation-history", "conditions", "medications")
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_PROGRAM: list[Program] = []


def program() -> Program:
    if not _PROGRAM:
        _PROGRAM.append(check_text(AZATHIOPRINE.read_text(encoding="utf-8"), str(AZATHIOPRINE)).program)
    return _PROGRAM[0]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)


def some(values: list[Any]) -> st.SearchStrategy[Any]:
    return st.sampled_from(values)


dates = some(
    ["2025-02-28", "2025-02-28T10:00:00Z", "2025-02", "2024", "2025-02-30", "yesterday", "2025-02-28T10:00:00", 7, None]
)
codes = some(
    [(LOINC, "777-3"), (LOINC, "26515-7"), (LOINC, "751-8"), (LOINC, "770-8"), (LOINC, "82810-3"), (LOINC, "53040-2"),
     (SNOMED, "19943007"), (ICD10, "K50.90"), (ICD10, "K75.4"), (ICD10, "D69.3"), (RXNORM, "519"), (RXNORM, "1256"),
     (RXNORM, "73689"), ("", "777-3"), (LOINC, "")]
)  # fmt: skip


def coding(pair: tuple[str, str]) -> dict[str, Any]:
    system, code = pair
    return {"coding": [{"system": system, "code": code} if system else {"code": code}]}


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


quantities = st.fixed_dictionaries(
    {},
    optional={
        "value": st.integers(-5, 10**6) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=3),
        "unit": some(["10*9/L", "/uL", "%", "K/uL", "", "mmol/L"]),
        "system": some([UCUM, "http://example.org", ""]),
        "code": some(["10*9/L", "/uL", "%"]),
        "comparator": some(["<", ">=", "~"]),
    },
)


def drop_none(resource: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in resource.items() if v is not None}


observations = st.builds(
    lambda ident, status, code, when, value, concept, low, gene: drop_none(
        {
            "resourceType": "Observation",
            "id": ident,
            "status": status,
            "code": coding(code),
            "effectiveDateTime": when,
            "valueQuantity": value,
            "valueCodeableConcept": concept,
            "referenceRange": None if low is None else [{"low": low}],
            "component": None
            if gene is None
            else [
                {"code": coding((LOINC, "48018-6")), "valueCodeableConcept": coding(("http://www.genenames.org", gene))}
            ],
        }
    ),
    some(["o1", "o2", "o3", "o4", "bad id!"]),
    some(["final", "amended", "preliminary", "entered-in-error", "bogus", 3]),
    codes,
    dates,
    maybe(quantities),
    maybe(some([coding((LOINC, "LA15173-0")), coding((LOINC, "LA25391-6")), {"text": "x"}, "x"])),
    maybe(quantities),
    maybe(some(["HGNC:12014", "HGNC:23063"])),
)
conditions = st.builds(
    lambda ident, code, clinical, verification, onset: drop_none(
        {
            "resourceType": "Condition",
            "id": ident,
            "code": coding(code),
            "clinicalStatus": None if clinical is None else coding((CLINICAL, clinical)),
            "verificationStatus": None if verification is None else coding((VERIFICATION, verification)),
            "onsetDateTime": onset,
        }
    ),
    some(["c1", "c2", "c3"]),
    codes,
    maybe(some(["active", "resolved", "relapse"])),
    maybe(some(["confirmed", "refuted", "entered-in-error"])),
    dates,
)
requests = st.builds(
    lambda ident, status, code, authored, reference: drop_none(
        {
            "resourceType": "MedicationRequest",
            "id": ident,
            "status": status,
            "intent": "order",
            "subject": {"reference": "Patient/p"},
            "medicationCodeableConcept": None if reference is not None else coding(code),
            "medicationReference": None if reference is None else {"reference": reference},
            "authoredOn": authored,
        }
    ),
    some(["m1", "m2", "m3"]),
    some(["active", "stopped", "completed", "draft", "entered-in-error", "nonsense"]),
    codes,
    dates,
    maybe(some(["Medication/med", "#gone", "urn:uuid:x"])),
)
medication = st.just(
    {"resourceType": "Medication", "id": "med", "ingredient": [{"itemCodeableConcept": coding((RXNORM, "519"))}]}
)
resources = observations | conditions | requests | medication | json_values
bundles = st.builds(
    lambda entries, paged: drop_none(
        {
            "resourceType": "Bundle",
            "type": "searchset",
            "entry": [{"resource": r} if isinstance(r, dict) else r for r in entries],
            "link": [{"relation": "next", "url": "x"}] if paged else None,
        }
    ),
    st.lists(resources, max_size=8),
    st.booleans(),
)
outcome = st.just({"resourceType": "OperationOutcome", "issue": [{"severity": "error", "diagnostics": "no\x1b[31m"}]})
slots = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), st.none() | bundles | outcome | json_values)


def assert_whole(mapped: Any) -> None:
    names = {spec.name for spec in program().inputs}
    assert set(mapped.inputs) | set(mapped.notes) == names
    assert not set(mapped.inputs) & set(mapped.notes)
    assert all(isinstance(note, str) and note for note in mapped.notes.values())
    assert set(mapped.provenance) == set(mapped.inputs)


@SETTINGS
@given(sources=slots, drafts=st.lists(requests | json_values, max_size=3))
def test_any_prefetch_maps_without_raising(sources: dict[str, Any], drafts: list[Any]) -> None:
    mapped = map_record(program(), sources, now=NOW, draft_orders=drafts)
    assert_whole(mapped)
    assert set(mapped.unavailable) <= set(KEYS)


@SETTINGS
@given(bundle=bundles | json_values)
def test_any_bundle_maps_without_raising_and_evaluates(bundle: Any, azathioprine: Evaluator) -> None:
    mapped = map_bundle(program(), bundle, now=NOW)
    assert_whole(mapped)
    result = azathioprine.evaluate(mapped.inputs)
    assert result["status"] in ("complete", "needs_data", "invalid_input")
