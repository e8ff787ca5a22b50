"""A FHIR R4 record written the way an EHR would hold a vignette, for the mapper's tests.

`record(vignette, now)` gives a Bundle (type collection) with the patient's Observations (UCUM
units), Conditions and MedicationRequests, dated relative to `now`, and the names of the inputs
the record can hold. The codes are those of the specification's section 9, written here on their
own, not read from any guideline's bindings. Every record also carries what must never be read:
an entered-in-error platelet count, an ANC percentage (LOINC 770-8), a resolved and a refuted
Condition, a stopped allopurinol order.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta
from typing import Any

LOINC, SNOMED, ICD10 = "http://loinc.org", "http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm"
RXNORM, HGNC, UCUM = (
    "http://www.nlm.nih.gov/research/umls/rxnorm",
    "http://www.genenames.org",
    "http://unitsofmeasure.org",
)
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
METABOLIZER = {  # the LOINC answers a laboratory reports the metabolizer status with
    "normal_metabolizer": "LA25391-6",
    "intermediate_metabolizer": "LA10317-8",
    "poor_metabolizer": "LA9657-3",
}
# The answers section 9 confirms (the shipped guideline maps those alone: docs/fhir.md); a
# phenotype recorded with another stays unknown.
CONFIRMED = ("normal_metabolizer", "intermediate_metabolizer")
GENES = {"tpmt_phenotype": "HGNC:12014", "nudt15_phenotype": "HGNC:23063"}
INDICATIONS = {
    "autoimmune_hepatitis": (ICD10, "K75.4"),
    "inflammatory_bowel_disease": (ICD10, "K50.90"),
    "immune_thrombocytopenia": (ICD10, "D69.3"),
}
NEVER_IN_A_RECORD = ("weeks_since_change", "severe_cytopenia_this_episode", "bleeding")


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def months_before(moment: datetime, months: int) -> datetime:
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def coding(system: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code}]}


def quantity(value: object) -> dict[str, Any]:
    if isinstance(value, dict):
        number, unit = value["value"], value["unit"]
    else:
        number, unit = value, "10*9/L"
    return {"value": number, "unit": unit, "system": UCUM, "code": unit}


class Record:
    """A Bundle under construction."""

    def __init__(self, patient: str) -> None:
        self.patient = patient
        self.entries: list[dict[str, Any]] = [{"resourceType": "Patient", "id": patient}]

    def add(self, resource: dict[str, Any]) -> dict[str, Any]:
        resource.setdefault("id", f"{resource['resourceType'].lower()}-{len(self.entries)}")
        self.entries.append(resource)
        return resource

    def observation(self, code: str, when: datetime, status: str = "final", **value: Any) -> dict[str, Any]:
        return self.add(
            {
                "resourceType": "Observation",
                "status": status,
                "code": coding(LOINC, code),
                "subject": {"reference": f"Patient/{self.patient}"},
                "effectiveDateTime": iso(when),
                **value,
            }
        )

    def condition(
        self, system: str, code: str, clinical: str = "active", verification: str = "confirmed"
    ) -> dict[str, Any]:
        return self.add(
            {
                "resourceType": "Condition",
                "clinicalStatus": coding(CLINICAL, clinical),
                "verificationStatus": coding(VERIFICATION, verification),
                "code": coding(system, code),
                "subject": {"reference": f"Patient/{self.patient}"},
            }
        )

    def order(
        self, rxnorm: str, status: str = "active", authored: datetime | None = None, product: bool = False
    ) -> dict[str, Any]:
        resource: dict[str, Any] = {
            "resourceType": "MedicationRequest",
            "status": status,
            "intent": "order",
            "subject": {"reference": f"Patient/{self.patient}"},
        }
        if product:  # a product (a referenced Medication) whose ingredient is the drug
            medication = self.add(
                {
                    "resourceType": "Medication",
                    "code": {"text": "a product"},
                    "ingredient": [{"itemCodeableConcept": coding(RXNORM, rxnorm), "isActive": True}],
                }
            )
            resource["medicationReference"] = {"reference": f"Medication/{medication['id']}"}
        else:
            resource["medicationCodeableConcept"] = coding(RXNORM, rxnorm)
        if authored is not None:
            resource["authoredOn"] = iso(authored)
        return self.add(resource)

    def bundle(self) -> dict[str, Any]:
        return {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [
                {"fullUrl": f"urn:uuid:{r['resourceType'].lower()}-{r['id']}", "resource": r} for r in self.entries
            ],
        }


def record(vignette: dict[str, Any], now: datetime, product: bool = False) -> tuple[dict[str, Any], set[str]]:
    """The vignette's record and the inputs it holds (the rest it cannot hold: they are unknown)."""
    given: dict[str, Any] = vignette["inputs"]
    chart = Record(str(vignette["id"]))
    readable: set[str] = set()
    day = timedelta(days=1)

    if "platelets" in given:
        current = given["platelets"]
        chart.observation("777-3", now - day, valueQuantity=quantity(current))
        readable.add("platelets")
        trend = given.get("platelet_trend")
        if trend is not None:
            older = _older(current, trend)
            chart.observation("26515-7", now - 60 * day, valueQuantity=older[0])
            chart.observation("777-3", now - 30 * day, valueQuantity=older[1])
            readable.add("platelet_trend")
    if "anc" in given:
        chart.observation("751-8", now - day, valueQuantity=quantity(given["anc"]))
        readable.add("anc")

    status = given.get("azathioprine_status")
    if status == "taking":  # "reduced" or "withdrawn" because of cytopenia: no record holds that
        months = given.get("months_on_azathioprine")
        started = months_before(now, months) - 3 * day if months is not None else None
        chart.order("1256", authored=started, product=product)
        readable.add("azathioprine_status")
        if months is not None:
            readable.add("months_on_azathioprine")
            if "platelets_before_azathioprine" in given:
                assert started is not None
                before = given["platelets_before_azathioprine"]
                chart.observation("777-3", started - 10 * day, valueQuantity=quantity(before))
                readable.add("platelets_before_azathioprine")

    for name, gene in GENES.items():
        term = given.get(name)
        if term in METABOLIZER:  # `not_tested` is never assumed from a record
            chart.observation(
                "53040-2",
                now - 400 * day,
                component=[
                    {"code": coding(LOINC, "48018-6"), "valueCodeableConcept": coding(HGNC, gene)},
                ],
                valueCodeableConcept=coding(LOINC, METABOLIZER[term]),
            )
            if term in CONFIRMED:
                readable.add(name)

    for name, rxnorm in (("allopurinol", "519"), ("febuxostat", "73689")):
        if name in given:
            if given[name]:
                chart.order(rxnorm, authored=now - 100 * day, product=product)
            readable.add(name)  # absent means no

    if given.get("cirrhosis") is True:
        chart.condition(SNOMED, "19943007")
        readable.add("cirrhosis")
    if "pregnant_or_breastfeeding" in given:
        answer = "LA15173-0" if given["pregnant_or_breastfeeding"] else "LA26683-5"
        chart.observation("82810-3", now - 30 * day, valueCodeableConcept=coding(LOINC, answer))
        readable.add("pregnant_or_breastfeeding")
    indication = given.get("indication")
    if indication in INDICATIONS:
        chart.condition(*INDICATIONS[indication])
        readable.add("indication")

    _never_read(chart, now)
    return chart.bundle(), readable


def _older(current: object, trend: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two counts before the current one (oldest first) that make `trend`."""
    if isinstance(current, dict):
        number, unit = current["value"], current["unit"]
    else:
        number, unit = current, "10*9/L"
    if trend == "stable":  # the same count, written in equivalent units
        same = {"value": number / 1000, "unit": "10*3/uL"} if unit == "/uL" else {"value": number, "unit": "10*3/uL"}
        return {**same, "system": UCUM, "code": same["unit"]}, quantity(current)
    step = 20 if unit != "/uL" else 20000
    steps = (2 * step, step) if trend == "falling" else (-step // 2, -step // 4)
    return quantity({"value": number + steps[0], "unit": unit}), quantity({"value": number + steps[1], "unit": unit})


def _never_read(chart: Record, now: datetime) -> None:
    day = timedelta(days=1)
    chart.observation("777-3", now - day / 2, status="entered-in-error", valueQuantity=quantity(999))
    chart.observation("770-8", now - day, valueQuantity={"value": 55, "unit": "%", "system": UCUM, "code": "%"})
    chart.condition(SNOMED, "19943007", clinical="resolved")
    chart.condition(ICD10, "D69.3", verification="refuted")
    chart.order("519", status="stopped", authored=now - 400 * day)
